"""JSON, the reference format: the canonical document of :mod:`govdisclosure.document`.

Every other format is defined by what it keeps of this one; a round trip through a format
that reads back must give a report equal to the one written.
"""

from __future__ import annotations

import os

from govdisclosure import document
from govdisclosure.io._common import ReportT

__all__ = ["SUFFIXES", "dump", "dumps", "load", "loads"]

SUFFIXES = (".json",)


def dumps(report: ReportT) -> str:
    """The canonical JSON text of ``report``."""
    return document.dumps(report)


def dump(report: ReportT, path: str | os.PathLike[str]) -> None:
    """Write the canonical JSON of ``report`` to ``path``."""
    document.dump(report, path)


def loads(data: str | bytes, *, source: str | None = None) -> ReportT:
    """Read a report from JSON text; raises :class:`~govdisclosure.errors.DocumentError`."""
    return document.loads(data, source=source)


def load(path: str | os.PathLike[str]) -> ReportT:
    """Read a report from a JSON file; raises :class:`~govdisclosure.errors.DocumentError`."""
    return document.load(path)
