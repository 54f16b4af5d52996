"""Findings: what the consistency rules and the parsers report about a report.

A finding never changes data; it names a stable code, a severity, every cell involved (JSON
Pointers into the report document) and machine-readable ``params``, so that no consumer has
to parse the message text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NoReturn

__all__ = ["SEVERITIES", "Finding", "Params", "Severity", "severity_rank"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def severity_rank(severity: Severity) -> int:
    """2 for error, 1 for warning, 0 for info (higher is worse)."""
    return {"error": 2, "warning": 1, "info": 0}[severity]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class Params(dict[str, Any]):
    """The params of a finding: a ``dict`` that cannot be changed.

    A finding is a value: the engine may hand the same finding to every report that has the
    same problem in the same place, so nobody may change what another caller receives. It
    reads, compares, copies, pickles and serialises (``json.dumps``) as the ``dict`` it is;
    every method that would change it raises :class:`TypeError`.
    """

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("the params of a finding cannot be changed; copy them with dict()")

    __setitem__ = _read_only
    __delitem__ = _read_only
    __ior__ = _read_only
    clear = _read_only
    pop = _read_only
    popitem = _read_only
    setdefault = _read_only
    update = _read_only

    def __reduce__(self) -> tuple[type[Params], tuple[dict[str, Any]]]:
        # Pickle and copy rebuild it from a plain dict (not item by item, which it refuses).
        return (Params, (dict(self),))


@dataclass(frozen=True)
class Finding:
    """One finding of a rule or a parser."""

    code: str
    """Stable code of the rule or parse check (never reused, never changed in meaning)."""
    severity: Severity
    message: str
    """Message rendered in the requested language (zh-CN by default)."""
    pointers: tuple[str, ...] = ()
    """JSON Pointers of every cell or member involved; the first is the main one."""
    params: Mapping[str, Any] = field(default_factory=Params)
    """The values the message was rendered from (a read-only :class:`Params`)."""
    reported: int | Decimal | None = None
    """The value the report states, for arithmetic findings."""
    computed: int | Decimal | None = None
    """The value computed from the other cells, for arithmetic findings."""
    source_location: str | None = None
    """Where in the source document (parse findings): e.g. ``line 12`` or ``table 2, row 5``."""

    def __post_init__(self) -> None:
        if type(self.params) is not Params:
            object.__setattr__(self, "params", Params(self.params))

    @property
    def pointer(self) -> str | None:
        """The main pointer, if any."""
        return self.pointers[0] if self.pointers else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form (decimals as strings of their exact digits)."""
        d: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "pointers": list(self.pointers),
            "params": _jsonable(self.params),
        }
        if self.reported is not None or self.computed is not None:
            d["reported"] = _jsonable(self.reported)
            d["computed"] = _jsonable(self.computed)
        if self.source_location is not None:
            d["source_location"] = self.source_location
        return d
