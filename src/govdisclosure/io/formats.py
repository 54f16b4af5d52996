"""The format registry: one :class:`Format` descriptor per file format a report is written in.

The command line (``convert``, ``render``, ``template``, the batch commands) and
:mod:`govdisclosure.io` read every fact about a format from here: its name, its suffixes,
whether it is binary, whether it reads back, its companion files (the long CSV's side file
``<name>.meta.json``), and the callables that write and read it.

Third-party formats register through the entry point group :data:`ENTRY_POINT_GROUP`
(``govdisclosure.formats``): the entry point's name is the format's name and its object is a
:class:`Format`. In ``pyproject.toml``::

    [project.entry-points."govdisclosure.formats"]
    kv = "my_package.kvformat:FORMAT"

Entry points are looked up only when a name or suffix is not one of the built-in formats (or
when every format is listed), and a plug-in's module is imported only when its format is used:
``import govdisclosure`` and the built-in formats never pay for it. A built-in name cannot be
replaced by a plug-in.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govdisclosure.errors import GovdisclosureError

__all__ = [
    "ENTRY_POINT_GROUP",
    "Format",
    "FormatNames",
    "UnknownFormatError",
    "companion_files",
    "format_names",
    "get_format",
    "refresh",
    "registered",
    "suffix_format",
]

ENTRY_POINT_GROUP = "govdisclosure.formats"
"""The entry point group third-party formats register in."""


class UnknownFormatError(GovdisclosureError, ValueError):
    """The format could not be inferred from a file name, or is not known."""


Dumps = Callable[[Any], "str | bytes"]
Loads = Callable[..., Any]


@dataclass(frozen=True)
class Format:
    """Everything the package needs to know about one file format of a report.

    Only ``name``, ``suffixes`` and ``dumps`` are required: a format that gives ``loads``
    reads back (``convert`` accepts it as an input); ``dump`` and ``load`` default to writing
    and reading the one file with ``dumps`` / ``loads``.
    """

    name: str
    """Format name, as ``--to`` / ``--from`` take it (lower case, no spaces)."""
    suffixes: tuple[str, ...]
    """File suffixes, lower case with the dot; the first is the one ``convert`` writes."""
    dumps: Dumps
    """``dumps(report) -> str | bytes``: the report in this format (``bytes`` when binary)."""
    description: str = ""
    """One line for people: what the format is."""
    binary: bool = False
    """Bytes, not text: never written to standard output."""
    loads: Loads | None = None
    """``loads(data: str | bytes, *, source: str | None) -> report``; ``None``: write-only.

    Raises :class:`~govdisclosure.errors.DocumentError` naming the problems of bad input."""
    dump: Callable[[Any, Path], Sequence[Path]] | None = None
    """``dump(report, path) -> paths written``; default: ``dumps`` written to ``path``."""
    load: Callable[[Path], Any] | None = None
    """``load(path) -> report`` (reads the companions too); default: ``loads`` of the file."""
    companions: Callable[[Path], Sequence[Path]] | None = None
    """The files that belong to a file of this format (the long CSV's side file): written with
    it, read with it, never overwritten by a conversion of it, and not inputs of their own in a
    directory given to a batch command."""
    notes: Callable[[str], list[str]] | None = None
    """What a user should know about a file that was read without error (a missing side file)."""
    render: bool = False
    """A rendering in the official layout for people to read (``render --to`` offers it)."""
    template: Callable[[str, Path], None] | None = None
    """``template(edition, path)``: write an empty form to fill in (``template --to``)."""
    by_suffix: bool = True
    """Whether a file name's suffix selects this format (``csv-wide`` shares ``.csv``: no)."""
    parsed: bool = False
    """``check`` reads a file of this format as a published report, through
    :func:`govdisclosure.parse.parse` (its parse findings reported), not with ``loads``."""
    origin: str = field(default="govdisclosure", compare=False)
    """Who provides the format: ``govdisclosure``, or the distribution of a plug-in."""

    @property
    def readable(self) -> bool:
        """Whether the format reads back into a report."""
        return self.loads is not None or self.load is not None

    def files(self, path: str | os.PathLike[str]) -> list[Path]:
        """``path`` and its companion files."""
        p = Path(path)
        return [p, *(self.companions(p) if self.companions is not None else ())]

    def write(self, report: Any, path: str | os.PathLike[str]) -> list[Path]:
        """Write ``report`` to ``path``; returns every file written."""
        p = Path(path)
        if self.dump is not None:
            return [Path(x) for x in self.dump(report, p)]
        data = self.dumps(report)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8", newline="")
        return [p]

    def read(self, path: str | os.PathLike[str]) -> Any:
        """The report in file ``path`` (raises :class:`UnknownFormatError` when write-only)."""
        if self.load is not None:
            return self.load(Path(path))
        loads = self._loads()
        from govdisclosure.errors import read_input

        return loads(read_input(Path(path)), source=os.fspath(path))

    def reads(self, data: str | bytes, *, source: str | None = None) -> Any:
        """The report in ``data`` (a format with companions: without them)."""
        return self._loads()(data, source=source)

    def _loads(self) -> Loads:
        if self.loads is None:
            readable = ", ".join(f.name for f in registered() if f.readable)
            raise UnknownFormatError(
                f"format {self.name!r} does not read back; readable formats: {readable}"
            )
        return self.loads


def _lazy(module: str, attr: str) -> Callable[..., Any]:
    """A callable that imports ``govdisclosure.io.<module>`` on its first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(f"govdisclosure.io.{module}"), attr)(*args, **kwargs)

    call.__qualname__ = call.__name__ = f"{module}.{attr}"
    return call


def _csv_dump(report: Any, path: Path) -> list[Path]:
    from govdisclosure.io import csv

    csv.dump(report, path)
    return [path, csv.meta_path(path)]


def _csv_side(path: Path) -> list[Path]:
    from govdisclosure.io.csv import meta_path

    return [meta_path(path)]


def _csv_notes(path: str) -> list[str]:
    side = _csv_side(Path(path))[0]
    if side.is_file():
        return []
    return [
        f"{path}: no side file {side}; the report has only what the CSV holds (its cells, "
        "body and year), every other member is blank"
    ]


def _wide_dumps(report: Any) -> str:
    from govdisclosure.io import csv
    from govdisclosure.layout import layout_for

    return "\r\n".join(csv.dumps_wide(report, t.id) for t in layout_for(report.edition).tables)


def _wide_dump(report: Any, path: Path) -> list[Path]:
    from govdisclosure.io import csv

    return csv.dump_wide(report, path)


_BUILTIN: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            (".json",),
            _lazy("json", "dumps"),
            "the report JSON document (the reference format)",
            loads=_lazy("json", "loads"),
            load=_lazy("json", "load"),
        ),
        Format(
            "csv",
            (".csv",),
            _lazy("csv", "dumps"),
            "the long CSV, one line per cell, with the side file <name>.meta.json",
            loads=_lazy("csv", "loads"),
            dump=_csv_dump,
            load=_lazy("csv", "load"),
            companions=_csv_side,
            notes=_csv_notes,
        ),
        Format(
            "csv-wide",
            (".csv",),
            _wide_dumps,
            "one <name>.<table>.csv per table, for spreadsheets",
            dump=_wide_dump,
            by_suffix=False,
        ),
        Format(
            "xlsx",
            (".xlsx",),
            _lazy("xlsx", "dumps"),
            "a workbook in the official layout (needs the xlsx extra)",
            binary=True,
            loads=_lazy("xlsx", "loads"),
            load=_lazy("xlsx", "load"),
            template=_lazy("xlsx", "dump_template"),
            parsed=True,
        ),
        Format(
            "html",
            (".html", ".htm"),
            _lazy("html", "dumps"),
            "a standalone page in the official layout",
            render=True,
        ),
        Format(
            "md",
            (".md", ".markdown"),
            _lazy("markdown", "dumps"),
            "Markdown with the tables as HTML",
            render=True,
        ),
    )
}

_plugins: dict[str, Any] | None = None  # name -> entry point, then the Format once loaded


def refresh() -> None:
    """Forget the plug-ins found so far: the next look-up reads the entry points again.

    Needed only when distributions are installed (or ``sys.path`` changes) while running.
    """
    global _plugins
    _plugins = None


def _entry_points() -> dict[str, Any]:
    global _plugins
    if _plugins is None:
        from importlib.metadata import entry_points

        found: dict[str, Any] = {}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name not in _BUILTIN:
                found.setdefault(ep.name, ep)  # the first on sys.path wins, as for imports
        _plugins = found
    return _plugins


def _load_plugin(name: str) -> Format:
    plugins = _entry_points()
    entry = plugins[name]
    if isinstance(entry, Format):
        return entry
    try:
        obj = entry.load()
    except Exception as e:  # a broken plug-in is reported, never a traceback
        raise UnknownFormatError(
            f"format {name!r}: its plug-in {entry.value} cannot be loaded ({type(e).__name__}: {e})"
        ) from None
    if not isinstance(obj, Format) or obj.name != name:
        raise UnknownFormatError(
            f"format {name!r}: the entry point {entry.value} is not a Format named {name!r}"
        )
    dist = getattr(entry, "dist", None)
    fmt = Format(**{**obj.__dict__, "origin": dist.name if dist is not None else entry.value})
    plugins[name] = fmt
    return fmt


def format_names(*, plugins: bool = True) -> list[str]:
    """Every format name: the built-in ones first, then the plug-ins' (by name)."""
    names = list(_BUILTIN)
    if plugins:
        names += sorted(_entry_points())
    return names


def get_format(name: str) -> Format:
    """The format called ``name``; raises :class:`UnknownFormatError`."""
    fmt = _BUILTIN.get(name)
    if fmt is not None:
        return fmt
    if name in _entry_points():
        return _load_plugin(name)
    raise UnknownFormatError(
        f"unknown format {name!r}; expected one of {', '.join(format_names())}"
    )


def registered() -> list[Format]:
    """Every format that can be used (a plug-in that fails to load is left out)."""
    out = list(_BUILTIN.values())
    for name in sorted(_entry_points()):
        try:
            out.append(_load_plugin(name))
        except UnknownFormatError:
            continue
    return out


def suffix_format(path: str | os.PathLike[str]) -> Format:
    """The format a file name's suffix names (case-insensitive); :class:`UnknownFormatError`.

    The built-in formats are asked first: a plug-in is loaded only for a suffix they lack.
    """
    suffix = Path(path).suffix.lower()
    for fmt in _BUILTIN.values():
        if fmt.by_suffix and suffix in fmt.suffixes:
            return fmt
    formats = registered()
    for fmt in formats[len(_BUILTIN) :]:
        if fmt.by_suffix and suffix in fmt.suffixes:
            return fmt
    known = sorted({s for f in formats if f.by_suffix for s in f.suffixes})
    raise UnknownFormatError(
        f"cannot tell the format of {os.fspath(path)!r} from its suffix {suffix or '(none)'!r}; "
        f"use one of {', '.join(known)} or name the format"
    )


def companion_files(path: str | os.PathLike[str]) -> list[Path]:
    """The companion files of a file, by the format its suffix names (none when unknown)."""
    try:
        fmt = suffix_format(path)
    except UnknownFormatError:
        return []
    return fmt.files(path)[1:]


class FormatNames:
    """The names of the formats that satisfy ``keep``, for ``argparse`` ``choices``.

    Built-in names are answered without looking for plug-ins: a command line that names a
    built-in format never reads the entry points. Give the ``argparse`` argument a
    ``metavar``: without one, ``add_argument`` lists the choices, which loads every plug-in
    each time the command line is built.
    """

    def __init__(self, keep: Callable[[Format], bool] = lambda f: True) -> None:
        self._keep = keep

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        fmt = _BUILTIN.get(name)
        if fmt is not None:
            return self._keep(fmt)
        try:
            return name in _entry_points() and self._keep(_load_plugin(name))
        except UnknownFormatError:
            return False

    def builtin(self) -> list[str]:
        """The built-in names (no plug-in looked up)."""
        return [f.name for f in _BUILTIN.values() if self._keep(f)]

    def __iter__(self) -> Iterator[str]:
        return iter([f.name for f in registered() if self._keep(f)])

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __repr__(self) -> str:
        return f"FormatNames({list(self)!r})"
