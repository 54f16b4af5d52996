"""The validation report: the outcome of checking one document, for people and machines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from govdisclosure._version import __version__
from govdisclosure.findings import SEVERITIES, Finding, Severity, severity_rank

__all__ = ["ValidationReport"]


@dataclass
class ValidationReport:
    """What ``check`` found in one document.

    ``valid`` is true when the document is a readable report of its edition and no finding is
    an error. ``readable`` is false when the input is not JSON at all.
    """

    source: str | None
    edition: str | None
    schema: str | None
    """``$id`` of the JSON Schema the document was validated against."""
    findings: list[Finding] = field(default_factory=list)
    rules_evaluated: list[str] = field(default_factory=list)
    readable: bool = True
    structure_ok: bool = True
    """False when the document is not a report of its edition (the rules could not run)."""
    version: str = __version__
    input_error: str | None = None
    """Why the input could not be read at all (missing, a directory, empty, too large): an
    input error, not a finding of any rule."""

    @property
    def valid(self) -> bool:
        """Readable, structurally a report, and no error finding."""
        return (
            self.readable
            and self.structure_ok
            and not any(f.severity == "error" for f in self.findings)
        )

    @property
    def counts(self) -> dict[Severity, int]:
        """Number of findings of each severity."""
        out: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def fails(self, level: Severity) -> bool:
        """Whether the report is unusable or has a finding at or above ``level``."""
        if not (self.readable and self.structure_ok):
            return True
        rank = severity_rank(level)
        return any(severity_rank(f.severity) >= rank for f in self.findings)

    def extend(self, findings: Sequence[Finding]) -> None:
        """Add findings (e.g. cross-year findings from a series check)."""
        self.findings.extend(findings)

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form (see ``schemas/validation-report.schema.json``)."""
        return {
            "source": self.source,
            "valid": self.valid,
            "readable": self.readable,
            "edition": self.edition,
            "schema": self.schema,
            "version": self.version,
            "counts": dict(self.counts),
            "rules_evaluated": list(self.rules_evaluated),
            "findings": [f.as_dict() for f in self.findings],
            **({"input_error": self.input_error} if self.input_error is not None else {}),
        }
