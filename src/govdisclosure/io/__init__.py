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

Each module has ``dumps(report)`` and ``dump(report, path)``; those that read back have
``loads(data)`` and ``load(path)``. Readers raise :class:`FormatError` (a
:class:`~govdisclosure.errors.DocumentError`) naming the file and the line or sheet/cell of
every problem.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from govdisclosure.errors import GovdisclosureError
from govdisclosure.layout import layout_for

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
    "FormatError",
    "UnknownFormatError",
    "dump",
    "dumps",
    "format_for",
    "load",
    "loads",
    "module_for",
]

FORMATS: tuple[str, ...] = ("json", "csv", "csv-wide", "xlsx", "html", "md")
"""Every format name."""

READABLE: tuple[str, ...] = ("json", "csv", "xlsx")
"""Formats that read back into a report."""

_MODULES = {
    "json": "json",
    "csv": "csv",
    "csv-wide": "csv",
    "xlsx": "xlsx",
    "html": "html",
    "md": "markdown",
}


class UnknownFormatError(GovdisclosureError, ValueError):
    """The format could not be inferred from a file name, or is not known."""


def module_for(fmt: str) -> ModuleType:
    """The module implementing format ``fmt``."""
    import importlib

    if fmt not in _MODULES:
        raise UnknownFormatError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return importlib.import_module(f"govdisclosure.io.{_MODULES[fmt]}")


def format_for(path: str | os.PathLike[str]) -> str:
    """The format of a file, from its suffix (case-insensitive)."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS:
        if fmt == "csv-wide":
            continue
        if suffix in module_for(fmt).SUFFIXES:
            return fmt
    known = sorted(s for f in FORMATS if f != "csv-wide" for s in module_for(f).SUFFIXES)
    raise UnknownFormatError(
        f"cannot tell the format of {os.fspath(path)!r} from its suffix {suffix or '(none)'!r}; "
        f"use one of {', '.join(known)} or name the format"
    )


def dumps(report: ReportT, fmt: str) -> str | bytes:
    """``report`` in format ``fmt`` (``bytes`` for xlsx; the long CSV without its side file)."""
    if fmt == "csv-wide":
        from govdisclosure.io import csv

        return "\r\n".join(csv.dumps_wide(report, t.id) for t in layout_for(report.edition).tables)
    result: str | bytes = module_for(fmt).dumps(report)
    return result


def dump(report: ReportT, path: str | os.PathLike[str], fmt: str | None = None) -> list[Path]:
    """Write ``report`` to ``path`` in ``fmt`` (default: from the suffix); returns the files."""
    f = fmt or format_for(path)
    if f == "csv-wide":
        from govdisclosure.io import csv

        return csv.dump_wide(report, path)
    module_for(f).dump(report, path)
    if f == "csv":
        from govdisclosure.io import csv

        return [Path(path), csv.meta_path(path)]
    return [Path(path)]


def _reader(fmt: str) -> ModuleType:
    if fmt not in READABLE:
        raise UnknownFormatError(
            f"format {fmt!r} does not read back; readable formats: {', '.join(READABLE)}"
        )
    return module_for(fmt)


def loads(data: str | bytes, fmt: str, *, source: str | None = None) -> ReportT:
    """Read a report from ``data`` in format ``fmt`` (a CSV without its side file)."""
    report: ReportT = _reader(fmt).loads(data, source=source)
    return report


def load(path: str | os.PathLike[str], fmt: str | None = None) -> ReportT:
    """Read a report from a file in ``fmt`` (default: from the suffix)."""
    report: ReportT = _reader(fmt or format_for(path)).load(path)
    return report
