"""Error types and the structural-problem record.

Library functions raise only subclasses of :class:`GovdisclosureError` for bad input; a
:class:`Problem` says what is wrong, where (JSON Pointer, or file/line/column) and what was
expected.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_MESSAGE_CHARS",
    "DocumentError",
    "GovdisclosureError",
    "MissingExtraError",
    "Problem",
    "bounded_message",
    "escape_pointer",
    "pointer_from_path",
    "read_input",
]


class GovdisclosureError(Exception):
    """Base class of every error the library raises on bad input or misuse."""


class MissingExtraError(GovdisclosureError, ImportError):
    """An optional dependency is not installed."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        self.feature = feature
        self.extra = extra
        self.package = package
        super().__init__(
            f"{feature} needs the optional dependency {package!r}; "
            f"install it with: pip install 'govdisclosure[{extra}]'"
        )


MAX_MESSAGE_CHARS = 1_000
"""Longest message of one problem: a message quoting a hostile value (a 60 MB cell, a tag of
50,000 digits) keeps its start and end and says how much was left out."""


def bounded_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text``, or its start and end with the number of characters left out between."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 4
    return f"{text[:head]}…({len(text) - head - tail} characters left out)…{text[-tail:]}"


def escape_pointer(token: str) -> str:
    """Escape one JSON Pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer_from_path(path: tuple[str | int, ...] | list[str | int]) -> str:
    """The JSON Pointer of a path of member names and array indexes."""
    return "".join("/" + escape_pointer(str(p)) for p in path)


@dataclass(frozen=True)
class Problem:
    """One structural problem in a document (type, missing member, unknown member, …)."""

    code: str
    """Stable problem code, e.g. ``type``, ``missing``, ``unknown-member``, ``range``."""
    pointer: str
    """JSON Pointer of the offending value (``""`` for the whole document)."""
    message: str
    """Readable English message."""
    expected: str | None = None
    """What was expected there."""
    got: Any = None
    """The offending value (JSON-compatible), if any."""
    line: int | None = None
    """1-based line in the source, when known (JSON syntax errors)."""
    column: int | None = None
    """1-based column in the source, when known."""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.message, str) and len(self.message) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "message", bounded_message(self.message))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict."""
        d: dict[str, Any] = {"code": self.code, "pointer": self.pointer, "message": self.message}
        if self.expected is not None:
            d["expected"] = self.expected
        if self.got is not None:
            d["got"] = _jsonable(self.got)
        if self.line is not None:
            d["line"] = self.line
            d["column"] = self.column
        return d

    def __str__(self) -> str:
        where = self.pointer or "(document)"
        if self.line is not None:
            where = f"line {self.line} column {self.column}"
        return f"{where}: {self.message} [{self.code}]"


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


class DocumentError(GovdisclosureError, ValueError):
    """A document could not be read as a report; ``problems`` says why and where."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        lines = [f"{head}{len(problems)} problem(s)"] + [f"  {p}" for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"  … and {len(problems) - 20} more")
        super().__init__("\n".join(lines))


def read_input(path: str | os.PathLike[str], *, what: str = "file") -> bytes:
    """The bytes of ``path``; an unreadable file is a :class:`DocumentError` (code ``io``).

    ``what`` names the file in the message (e.g. ``"the side file"``).
    """
    p = Path(path)
    try:
        return p.read_bytes()
    except OSError as e:
        raise DocumentError(
            [Problem("io", "", f"cannot read {what}: {e.strerror or e}")], str(p)
        ) from None
