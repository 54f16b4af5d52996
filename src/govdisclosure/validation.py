"""Structural validation of report documents: JSON, types, required members, the schema.

This is the ``validate`` step: it says whether a document *is* a report of its edition. The
consistency rules (``check``) build on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from govdisclosure.cells import iter_cells
from govdisclosure.document import parse_json, to_data, validate_data
from govdisclosure.errors import DocumentError, Problem, pointer_from_path
from govdisclosure.models import ReportBase, _types
from govdisclosure.models._types import bounded_number

__all__ = [
    "StructureResult",
    "blank_cell_problems",
    "count_form_notes",
    "schema_problems",
    "validate_document",
]


@dataclass
class StructureResult:
    """Outcome of structural validation of one document."""

    source: str | None
    report: ReportBase | None
    """The model, when the document is a valid report."""
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    """False when the input is not JSON at all (unusable input, exit code 2)."""
    notes: list[Problem] = field(default_factory=list)
    """What was read but is not written canonically (code ``integer-form``: a count written
    ``2.0`` or ``1e2``). A note does not make the document invalid; it says what was read,
    so that nothing is normalised without a trace."""

    @property
    def valid(self) -> bool:
        """No problems."""
        return self.readable and not self.problems

    @property
    def edition(self) -> str | None:
        """The document's edition, when known."""
        return self.report.edition if self.report is not None else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible summary."""
        return {
            "source": self.source,
            "valid": self.valid,
            "edition": self.edition,
            "problems": [p.as_dict() for p in self.problems],
            **({"notes": [n.as_dict() for n in self.notes]} if self.notes else {}),
        }


def schema_problems(data: Any) -> list[Problem]:
    """Problems ``jsonschema`` finds against the packaged schema of the document's edition.

    The edition's own schema is used when the document names a known edition, so that errors
    point at the offending member rather than at the combined schema's ``oneOf``.
    """
    from govdisclosure.editions import Edition
    from govdisclosure.schema import schema_validator

    edition = data.get("edition") if isinstance(data, dict) else None
    known = {e.value for e in Edition}
    # Any JSON value may stand there (an array is not hashable): only a known name selects.
    validator = schema_validator(edition if isinstance(edition, str) and edition in known else None)
    from jsonschema.exceptions import best_match

    out = []
    for top in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        # "not valid under any of the given schemas" (a cell that is a number or null): the
        # branch that explains it best, at the member itself.
        err = best_match(top.context) if top.context else top
        if err is None:  # pragma: no cover - a non-empty context has a best match
            err = top
        out.append(
            Problem(
                "schema",
                pointer_from_path(list(err.absolute_path)),
                f"schema: {_bounded(err.message)}",
                expected=f"{err.validator} {err.validator_value!r}"[:200],
                extra=_schema_extra(err),
            )
        )
    return out


def _schema_extra(err: Any) -> dict[str, Any]:
    """What a ``jsonschema`` error is, for messages in other languages."""
    keyword = str(err.validator)
    instance = err.instance
    extra: dict[str, Any] = {"keyword": keyword}
    value = err.validator_value
    if isinstance(value, (str, int, list)) and len(repr(value)) <= 200:
        extra["value"] = value
    if not isinstance(instance, (dict, list)):
        extra["instance"] = instance
    if keyword == "required" and isinstance(instance, dict):
        extra["members"] = [m for m in value if m not in instance]
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        known = err.schema.get("properties", {})
        extra["members"] = [m for m in instance if m not in known]
    return extra


def _beyond_model(schema: list[Problem], model: list[Problem]) -> list[Problem]:
    """The schema's problems the model did not report already.

    One fault is often seen by both, the schema at the object (an unknown or missing member
    is an error of the object holding it) and the model at the member: a schema problem at a
    member, or at an object holding a member, that the model reported is the same fault.
    """
    said = [p.pointer for p in model]
    return [
        p for p in schema if not any(m == p.pointer or m.startswith(p.pointer + "/") for m in said)
    ]


def _bounded(message: str, limit: int = 300) -> str:
    # jsonschema quotes the whole offending instance (for a bad edition: the document).
    return message if len(message) <= limit else f"{message[:limit]}… ({len(message)} characters)"


def blank_cell_problems(report: ReportBase) -> list[Problem]:
    """One problem per blank (``null``) statistical cell: submissions must fill every cell."""
    return [
        Problem(
            "blank-cell",
            c.pointer,
            f"cell {c.table}.{c.row}.{c.column} is blank",
            expected="a number (write 0 for none)",
        )
        for c in iter_cells(report)
        if c.value is None
    ]


def count_form_notes(data: Any, report: ReportBase) -> list[Problem]:
    """One note (code ``integer-form``) per count or year that ``data`` writes with a fraction
    or an exponent (``2.0``, ``1e2``, ``0e0``): a whole number, so an integer (as JSON Schema's
    ``integer`` says), read as the integer it equals; its canonical form has neither.

    ``data`` is the parsed JSON of ``report`` (from :func:`~govdisclosure.document.parse_json`).
    """
    out: list[Problem] = []

    def walk(raw: Any, read: Any, path: list[str | int]) -> None:
        if isinstance(raw, dict) and isinstance(read, dict):
            for key, value in raw.items():
                if key in read:
                    walk(value, read[key], [*path, key])
        elif isinstance(raw, list) and isinstance(read, list):
            for i, (value, back) in enumerate(zip(raw, read, strict=False)):
                walk(value, back, [*path, i])
        elif isinstance(raw, (Decimal, float)) and type(read) is int:
            written = bounded_number(raw) if isinstance(raw, float) else str(raw)
            shown = f" ({written[:40]})" if written != str(read) else ""
            out.append(
                Problem(
                    "integer-form",
                    pointer_from_path(path),
                    f"the integer is written with a fraction or an exponent{shown}; a whole "
                    f"number, read as {read} (canonical form: {read})",
                    expected=f"{read}",
                    got=read,
                    extra={"written": written[:40], "count": read},
                )
            )

    walk(data, to_data(report), [])
    return out


def validate_document(
    data: str | bytes,
    *,
    source: str | None = None,
    complete: bool = False,
    with_schema: bool | Literal["when-invalid"] = False,
) -> StructureResult:
    """Validate JSON text as a report document.

    ``complete``: a blank cell is a problem (for submissions). ``with_schema``: also validate
    against the packaged JSON Schema and report what it finds beyond the model (the two are
    meant to agree; a difference is a bug worth reporting); ``"when-invalid"``: only for a
    document the model refuses (the schema's own words for what is wrong, without its cost on
    valid documents).
    """
    try:
        parsed = parse_json(data, source=source)
    except DocumentError as e:
        return StructureResult(source, None, e.problems, readable=False)
    reads_before = _types.WHOLE_NUMBER_READS
    try:
        report = validate_data(parsed, source=source)
    except DocumentError as e:
        problems = e.problems
        # A document beyond the size limits is not walked again by the (slow) schema check.
        if (
            with_schema
            and not any(p.code == "edition" for p in problems)
            and not any(p.code == "too-large" for p in problems)
        ):
            problems += _beyond_model(schema_problems(parsed), problems)
        return StructureResult(source, None, problems)
    problems = []
    if with_schema is True:
        problems += schema_problems(parsed)
    if complete:
        problems += blank_cell_problems(report)
    # Only when the model has read a count from a number like 2.0 is the document walked.
    converted = reads_before < _types.WHOLE_NUMBER_READS
    notes = count_form_notes(parsed, report) if converted else []
    return StructureResult(source, report, problems, notes=notes)
