"""Serializers and renderers, one module per format, and a dispatcher by file suffix.

- ``json`` (:mod:`govdisclosure.io.json`): the reference format; reads back; ``.json``.
- ``csv`` (:mod:`govdisclosure.io.csv`): the long format, one line per cell, with the side file
  ``<name>.meta.json`` for everything else; reads back; ``.csv``.
- ``csv-wide`` (:mod:`govdisclosure.io.csv`): one ``<name>.<table>.csv`` per table, for
  spreadsheets; write-only.
- ``xlsx`` (:mod:`govdisclosure.io.xlsx`): a workbook in the official layout; reads back,
  also a template filled in by hand; ``.xlsx``; needs the ``xlsx`` extra.
- ``html`` (:mod:`govdisclosure.io.html`): a standalone page in the official layout;
  write-only; ``.html``, ``.htm``.
- ``md`` (:mod:`govdisclosure.io.markdown`): Markdown with the tables as HTML; write-only;
  ``.md``, ``.markdown``.

Every fact about a format (suffixes, binary, reads back, companion files, the callables) is
its :class:`~govdisclosure.io.formats.Format` descriptor in :mod:`govdisclosure.io.formats`,
where third-party formats register too (entry point group ``govdisclosure.formats``); the
functions below dispatch through it. Readers raise :class:`FormatError` (a
:class:`~govdisclosure.errors.DocumentError`) naming the file and the line or sheet/cell of
every problem.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from govdisclosure.io.formats import (
    Format,
    UnknownFormatError,
    format_names,
    get_format,
    registered,
    suffix_format,
)

if TYPE_CHECKING:
    from govdisclosure.io._common import FormatError, ReportT


def __getattr__(name: str) -> Any:
    # Lazy: the format names (FORMATS, format_for) serve the command line's help, which must
    # not pay for building the models that ``_common`` imports.
    if name == "FormatError":
        from govdisclosure.io._common import FormatError

        return FormatError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "READABLE",
    "Format",
    "FormatError",
    "UnknownFormatError",
    "dump",
    "dumps",
    "format_for",
    "format_names",
    "get_format",
    "load",
    "loads",
    "module_for",
    "registered",
]

FORMATS: tuple[str, ...] = ("json", "csv", "csv-wide", "xlsx", "html", "md")
"""Every built-in format name (:func:`format_names` adds the plug-ins')."""

READABLE: tuple[str, ...] = ("json", "csv", "xlsx")
"""Built-in formats that read back into a report."""

_MODULES = {
    "json": "json",
    "csv": "csv",
    "csv-wide": "csv",
    "xlsx": "xlsx",
    "html": "html",
    "md": "markdown",
}


def module_for(fmt: str) -> ModuleType:
    """The module implementing built-in format ``fmt``."""
    import importlib

    if fmt not in _MODULES:
        raise UnknownFormatError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return importlib.import_module(f"govdisclosure.io.{_MODULES[fmt]}")


def format_for(path: str | os.PathLike[str]) -> str:
    """The name of the format of a file, from its suffix (case-insensitive)."""
    return suffix_format(path).name


def dumps(report: ReportT, fmt: str) -> str | bytes:
    """``report`` in format ``fmt`` (``bytes`` for a binary format; the long CSV without its
    side file)."""
    return get_format(fmt).dumps(report)


def dump(report: ReportT, path: str | os.PathLike[str], fmt: str | None = None) -> list[Path]:
    """Write ``report`` to ``path`` in ``fmt`` (default: from the suffix); returns the files."""
    f = get_format(fmt) if fmt else suffix_format(path)
    return f.write(report, path)


def loads(data: str | bytes, fmt: str, *, source: str | None = None) -> ReportT:
    """Read a report from ``data`` in format ``fmt`` (a CSV without its side file)."""
    report: ReportT = get_format(fmt).reads(data, source=source)
    return report


def load(path: str | os.PathLike[str], fmt: str | None = None) -> ReportT:
    """Read a report from a file in ``fmt`` (default: from the suffix)."""
    f = get_format(fmt) if fmt else suffix_format(path)
    report: ReportT = f.read(path)
    return report
