"""What a parser returns: the report, its edition, parse findings and per-cell provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.errors import GovdisclosureError, bounded_message
from govdisclosure.findings import Finding
from govdisclosure.models import ReportBase
from govdisclosure.parse._ir import Location

__all__ = ["ParseError", "ParseResult", "Provenance"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a cell's value came from, and the raw text it was read from."""

    loc: Location
    raw: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form: the location's non-null fields, ``where`` and ``raw``.

        A PDF cell adds ``page`` (1-based) and ``bbox`` (``[x0, y0, x1, y1]``, PDF user-space
        units, origin at the bottom left of the page).
        """
        d: dict[str, Any] = {
            k: getattr(self.loc, k)
            for k in ("kind", "line", "column", "offset", "page", "table", "row", "cell", "sheet")
            if getattr(self.loc, k) is not None
        }
        if self.loc.ref is not None:
            d["ref"] = self.loc.ref
        if self.loc.bbox is not None:
            d["bbox"] = list(self.loc.bbox)
        d["where"] = self.loc.describe()
        d["raw"] = self.raw
        return d


@dataclass(slots=True)
class ParseResult:
    """A published report read into the model of its edition.

    ``provenance`` maps the JSON Pointer of every statistical cell the parser found in the
    source (e.g. ``/t3/results/withheld/state_secret/total``) to where it came from; a cell
    absent from the map was not found (it is ``None`` in the report and a finding says why).
    """

    report: ReportBase
    edition: Edition
    findings: list[Finding] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Findings and provenance in JSON-compatible form (the report itself via ``document``)."""
        return {
            "source": self.source,
            "edition": self.edition.value,
            "findings": [f.as_dict() for f in self.findings],
            "provenance": {k: v.as_dict() for k, v in self.provenance.items()},
        }


class ParseError(GovdisclosureError, ValueError):
    """The input cannot be read as a report at all.

    This is the only exception the parsers raise on bad input (anything a parser can still
    make sense of is reported as a finding instead). ``code`` is a stable ``P-`` code from
    :mod:`govdisclosure.parse._codes`, ``location`` says where (``None`` for the whole input)
    and ``message`` what was expected.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        location: Location | None = None,
        source: str | None = None,
    ) -> None:
        self.code = code
        self.location = location
        self.message = message = bounded_message(message)
        self.source = source
        where = location.describe() if location is not None else None
        head = ": ".join(p for p in (source, where) if p)
        super().__init__(f"{head + ': ' if head else ''}{message} [{code}]")
