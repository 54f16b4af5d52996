"""CSV: the long format (one line per cell, reads back) and a wide format per table.

Long format
    One line per statistical cell in official order (表二, 表三, 表四, row by row), with the
    columns of :data:`HEADER`: the report identity (``body``, ``year``, ``edition``), the public
    cell id (``table``, ``row``, ``column``), the ``value``, its ``unit``, and the official
    labels from :mod:`govdisclosure.layout` (``table_label``, ``block_label``, ``row_label``,
    ``column_label``). ``value`` is the number as the JSON document writes it (integers plain,
    decimals exactly as stored, never an exponent); an **empty value is a blank cell**, which is
    not ``0``. ``unit`` is the template's unit, or for a column whose unit the template leaves
    open (采购总金额, 2019) the unit the report states. UTF-8 without a byte-order mark, CRLF
    line ends, quoting as the :mod:`csv` module's ``excel`` dialect does.

Narrative and metadata: the side file
    The CSV holds the cells only, so that analysts can load it as a plain table. Everything
    else in the document (metadata, narrative sections, extra rows, the unit of 采购总金额) is
    written next to it as a **side file** ``<name>.meta.json`` (see :func:`meta_path`): the
    report's JSON document without its cells. :func:`load` reads the side file when it exists
    and checks that it agrees with the identity columns; without it, the report is rebuilt from
    the identity columns alone (issuing body and year, no narrative). Long CSV plus side file
    round-trips to an equal report.

Wide format (write-only)
    One file per table for people who open it in a spreadsheet: per block a caption line, a
    header line with the column labels, and one line per row (row id, official label, values);
    blocks separated by an empty line. Written with a UTF-8 byte-order mark so that spreadsheet
    programs detect the encoding.
"""

from __future__ import annotations

import csv as _csv
import io
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from govdisclosure.cells import CellValue, iter_cells
from govdisclosure.document import dumps_data, parse_json
from govdisclosure.editions import Edition, editions_text
from govdisclosure.errors import Problem, read_input
from govdisclosure.io._common import (
    FormatError,
    ReportT,
    build_report,
    cell_text,
    parse_cell_text,
    remainder,
    unit_field,
)
from govdisclosure.layout import CellRef, ReportLayout, layout_for

__all__ = [
    "HEADER",
    "SUFFIXES",
    "dump",
    "dump_wide",
    "dumps",
    "dumps_meta",
    "dumps_wide",
    "load",
    "loads",
    "meta_path",
]

SUFFIXES = (".csv",)

HEADER: tuple[str, ...] = (
    "body",
    "year",
    "edition",
    "table",
    "row",
    "column",
    "value",
    "unit",
    "table_label",
    "block_label",
    "row_label",
    "column_label",
)
"""Columns of the long format, in order."""

_REQUIRED = ("table", "row", "column", "value")


def _unit(report: ReportT, ref: CellRef) -> str:
    name = unit_field(ref)
    if name is None:
        return ref.column.unit or ""
    parent: Any = report
    for p in ref.path[:-1]:
        parent = getattr(parent, p)
    unit = getattr(parent, name, None)
    return unit if isinstance(unit, str) else ""


def dumps(report: ReportT) -> str:
    """The long CSV of ``report`` (cells only; see :func:`dumps_meta` for the rest)."""
    out = io.StringIO()
    w = _csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    body = report.metadata.body.name
    if "\x00" in body and sys.version_info < (3, 11):
        # The csv module of Python 3.10 cannot write a NUL character at all.
        raise FormatError(
            [
                Problem(
                    "value",
                    "/metadata/body/name",
                    "the body name holds a NUL character, which CSV cannot carry on Python 3.10",
                    expected="a name without NUL characters (or Python 3.11 or later)",
                )
            ]
        )
    year = str(report.metadata.report_year)
    for cell in iter_cells(report):
        ref = cell.ref
        w.writerow(
            (
                body,
                year,
                report.edition,
                ref.table.id,
                ref.row.id,
                ref.column.id,
                cell_text(cell.value),
                _unit(report, ref),
                ref.table.title,
                ref.block.caption or "",
                ref.row.full_label,
                ref.column.label,
            )
        )
    return out.getvalue()


def dumps_meta(report: ReportT) -> str:
    """The side file: the report's JSON document without its cells (canonical formatting)."""
    return dumps_data(remainder(report))


def meta_path(path: str | os.PathLike[str]) -> Path:
    """The side file of a long CSV: ``report.csv`` → ``report.meta.json``."""
    p = Path(path)
    return (
        p.with_name(p.stem + ".meta.json") if p.suffix.lower() == ".csv" else Path(f"{p}.meta.json")
    )


def dump(report: ReportT, path: str | os.PathLike[str], *, side_file: bool = True) -> None:
    """Write the long CSV to ``path`` and (unless ``side_file`` is false) its side file."""
    Path(path).write_text(dumps(report), encoding="utf-8", newline="")
    if side_file:
        meta_path(path).write_text(dumps_meta(report), encoding="utf-8", newline="")


def _problem(
    code: str,
    message: str,
    *,
    line: int | None = None,
    pointer: str = "",
    column: int = 1,
    **kw: Any,
) -> Problem:
    """A problem at a line (and 1-based field number) of the CSV file."""
    return Problem(code, pointer, message, line=line, column=None if line is None else column, **kw)


def _decode(data: str | bytes, source: str | None) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FormatError(
            [_problem("encoding", f"not UTF-8 text (byte {e.start})", expected="UTF-8 CSV")],
            source,
        ) from None


def loads(
    data: str | bytes,
    *,
    meta: str | bytes | dict[str, Any] | None = None,
    source: str | None = None,
    meta_source: str | None = None,
) -> ReportT:
    """Read a report from long CSV text, with the side file's content as ``meta`` if given.

    Every cell of the edition must appear exactly once; unknown cells, duplicates, values that
    are not numbers of the column's kind and identity columns that disagree are errors
    (:class:`~govdisclosure.io.FormatError`, with line numbers).
    """
    reader = _csv.reader(io.StringIO(_decode(data, source), newline=""))
    header = _read_header(reader, source)
    index = {name.strip(): i for i, name in enumerate(header)}
    base = _meta_data(meta, meta_source or source)
    rows = _read_rows(reader, header, index, source)
    layout = layout_for(_identity(rows, base, source)["edition"])
    problems = _cells_in_side_file(layout, base)
    if problems:
        raise FormatError(problems, meta_source or source)
    cells = _CellReader(layout, index)
    for line, rec in rows:
        cells.read(line, rec)
    problems = cells.problems + _missing_cells(layout, cells.values)
    _apply_units(base, cells.units, layout.edition, cells.where, problems)
    if problems:
        raise FormatError(problems, source)
    return build_report(
        base, cells.values, source=source, where={k: f"line {v}" for k, v in cells.where.items()}
    )


def _read_header(reader: Any, source: str | None) -> list[str]:
    """The header line, refused when a required column is missing, unknown or doubled."""
    try:
        header: list[str] = next(reader)
    except StopIteration:
        raise FormatError(
            [_problem("empty", "the file is empty", expected="a header line")], source
        ) from None
    except _csv.Error as e:
        raise FormatError([_problem("csv-syntax", str(e), line=1)], source) from None
    what = _header_faults([name.strip() for name in header])
    if what:
        raise FormatError(
            [
                _problem(
                    "header",
                    "; ".join(what),
                    line=1,
                    expected=f"a header with the columns {', '.join(HEADER)}",
                )
            ],
            source,
        )
    return header


def _header_faults(names: list[str]) -> list[str]:
    missing = [c for c in _REQUIRED if c not in names]
    # A column the format does not know would be lost on reading: refuse it, as a duplicate.
    unknown = [n for n in names if n not in HEADER]
    doubled = sorted({n for n in names if names.count(n) > 1})
    what = []
    if missing:
        what.append(f"the header lacks the column(s) {', '.join(missing)}")
    if unknown:
        what.append(f"unknown column(s) {', '.join(map(repr, unknown))} would be lost")
    if doubled:
        what.append(f"column(s) {', '.join(doubled)} appear twice")
    return what


def _read_rows(
    reader: Any, header: list[str], index: dict[str, int], source: str | None
) -> list[tuple[int, dict[str, str]]]:
    """The non-empty lines after the header as ``(line number, {column: field})``."""
    problems: list[Problem] = []
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not fields or all(f.strip() == "" for f in fields):
                continue
            if len(fields) != len(header):
                problems.append(
                    _problem(
                        "csv-shape",
                        f"line {line} has {len(fields)} fields, the header {len(header)}",
                        line=line,
                        expected=f"{len(header)} fields",
                    )
                )
                continue
            rows.append((line, {name: fields[i] for name, i in index.items()}))
    except _csv.Error as e:
        problems.append(
            _problem("csv-syntax", f"line {reader.line_num}: {e}", line=reader.line_num)
        )
    if problems:
        raise FormatError(problems, source)
    return rows


def _cells_in_side_file(layout: ReportLayout, base: dict[str, Any]) -> list[Problem]:
    """Cells the side file holds itself: they belong in the CSV."""
    problems = []
    for ref in layout.cells:
        parent: Any = base
        for name in ref.path:
            parent = parent.get(name) if isinstance(parent, dict) else None
        if parent is not None:
            problems.append(
                Problem(
                    "side-file",
                    ref.pointer,
                    f"the side file holds the cell {ref.dotted}; cells belong in the CSV",
                    expected="the side file written with the CSV (the document without its cells)",
                )
            )
    return problems


class _CellReader:
    """Reads the cell lines one by one: values, where each was given, stated units, problems."""

    def __init__(self, layout: ReportLayout, index: dict[str, int]) -> None:
        self.layout = layout
        self.index = index
        self.values: dict[tuple[str, str, str], CellValue] = {}
        self.where: dict[tuple[str, str, str], str] = {}
        self.units: dict[tuple[str, str, str], str] = {}
        self.problems: list[Problem] = []

    def read(self, line: int, rec: dict[str, str]) -> None:
        key = (rec["table"].strip(), rec["row"].strip(), rec["column"].strip())
        if not self.layout.has_cell(*key):
            self.problems.append(
                _problem(
                    "unknown-cell",
                    f"line {line}: no cell {'.'.join(key)} in the "
                    f"{self.layout.edition.value} edition",
                    line=line,
                    expected="a (table, row, column) id of the edition (see the cell ids)",
                    got=".".join(key),
                )
            )
            return
        ref = self.layout.cell(*key)
        if key in self.values:
            self.problems.append(
                _problem(
                    "duplicate-cell",
                    f"line {line}: cell {ref.dotted} was already given on line {self.where[key]}",
                    line=line,
                    pointer=ref.pointer,
                    expected="each cell once",
                )
            )
            return
        self.values[key] = self._value(line, rec["value"], ref)
        self.where[key] = str(line)
        self._unit(line, rec.get("unit", "").strip(), key, ref)

    def _value(self, line: int, text: str, ref: CellRef) -> CellValue:
        try:
            return parse_cell_text(text, ref.column)
        except ValueError as e:
            self.problems.append(
                _problem(
                    "value",
                    f"line {line}, column value: {text!r} is not a value of {ref.dotted}",
                    line=line,
                    pointer=ref.pointer,
                    column=self.index["value"] + 1,
                    expected=str(e),
                    got=text,
                )
            )
            return None

    def _unit(self, line: int, unit: str, key: tuple[str, str, str], ref: CellRef) -> None:
        if unit_field(ref) is not None:
            self.units[key] = unit
        elif unit and unit != (ref.column.unit or ""):
            self.problems.append(
                _problem(
                    "unit",
                    f"line {line}, column unit: {unit!r} differs from the template's unit of "
                    f"{ref.dotted}",
                    line=line,
                    pointer=ref.pointer,
                    column=self.index["unit"] + 1,
                    expected=f"{ref.column.unit!r} (fixed by the template) or empty",
                    got=unit,
                )
            )


def _missing_cells(
    layout: ReportLayout, values: dict[tuple[str, str, str], CellValue]
) -> list[Problem]:
    return [
        _problem(
            "missing-cell",
            f"cell {ref.dotted} ({ref.row.full_label} / {ref.column.label}) is missing",
            pointer=ref.pointer,
            expected="one line per cell of the edition (an empty value for a blank cell)",
        )
        for ref in layout.cells
        if ref.id not in values
    ]


def _apply_units(
    base: dict[str, Any],
    units: dict[tuple[str, str, str], str],
    edition: Edition,
    where: dict[tuple[str, str, str], str],
    problems: list[Problem],
) -> None:
    layout = layout_for(edition)
    for key, unit in units.items():
        ref = layout.cell(*key)
        name = unit_field(ref)
        assert name is not None
        parent = base
        for p in ref.path[:-1]:
            parent = parent.setdefault(p, {})
        stated = parent.get(name)
        value = unit or None
        if name in parent and stated != value:
            problems.append(
                _problem(
                    "unit",
                    f"line {where[key]}, column unit: {unit!r} disagrees with the side file "
                    f"({stated!r})",
                    line=int(where[key]),
                    pointer=ref.pointer,
                    expected=repr(stated),
                    got=unit,
                )
            )
        parent[name] = value


def _meta_data(meta: str | bytes | dict[str, Any] | None, source: str | None) -> dict[str, Any]:
    if meta is None:
        return {}
    data = parse_json(meta, source=source) if isinstance(meta, (str, bytes)) else dict(meta)
    if not isinstance(data, dict):
        raise FormatError(
            [Problem("type", "", "the side file is not a JSON object", expected="an object")],
            source,
        )
    problems = _side_shape_problems(data)
    if problems:
        raise FormatError(problems, source)
    return data


def _side_shape_problems(data: dict[str, Any]) -> list[Problem]:
    """Members of the side file the reader walks into, when they are not of the right type.

    The reader puts the CSV's cells and units into the tables and rows of the side file:
    a table or row there must be an object, and the edition a string, before they are used.
    """
    problems: list[Problem] = []
    edition = data.get("edition")
    if edition is not None and not isinstance(edition, str):
        problems.append(
            Problem(
                "type",
                "/edition",
                f"the side file's edition is {_json_type(edition)}",
                expected=editions_text(),
            )
        )
    seen: set[tuple[str, ...]] = set()
    for ed in Edition:
        for ref in layout_for(ed).cells:
            for depth in range(1, len(ref.path)):
                path = tuple(ref.path[:depth])
                if path in seen:
                    continue
                seen.add(path)
                value: Any = data
                present = True
                for name in path:
                    present = isinstance(value, dict) and name in value
                    value = value.get(name) if present else None
                if present and not isinstance(value, dict):
                    pointer = "".join(f"/{name}" for name in path)
                    problems.append(
                        Problem(
                            "type",
                            pointer,
                            f"the side file's member {pointer} is {_json_type(value)}",
                            expected="an object (the side file written with the CSV)",
                        )
                    )
    return problems


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, Decimal, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else "null"


def _identity(
    rows: list[tuple[int, dict[str, str]]], base: dict[str, Any], source: str | None
) -> dict[str, Any]:
    """Edition, body and year: the same on every line, and as in the side file if any."""
    found, problems = _identity_columns(rows)
    stated = _stated_identity(base)
    problems += _identity_disagreements(found, stated)
    edition = (
        stated["edition"] if stated["edition"] is not None else found.get("edition", (0, None))[1]
    )
    if not isinstance(edition, str) or edition not in {e.value for e in Edition}:
        problems.append(
            _problem(
                "edition",
                f"unknown or missing edition {edition!r}",
                pointer="/edition",
                expected=f"an edition column (or side file) saying {editions_text()}",
            )
        )
    if problems:
        raise FormatError(problems, source)
    if base:
        base.setdefault("edition", edition)
    else:
        _rebuild_base(base, str(edition), found, source)
    return {"edition": edition}


def _identity_columns(
    rows: list[tuple[int, dict[str, str]]],
) -> tuple[dict[str, tuple[int, str]], list[Problem]]:
    """The first value of each identity column with its line, and the lines that differ."""
    problems: list[Problem] = []
    found: dict[str, tuple[int, str]] = {}
    for line, rec in rows:
        for name in ("edition", "body", "year"):
            if name not in rec:
                continue
            # The body name is compared as written: spaces may be part of it.
            v = rec[name] if name == "body" else rec[name].strip()
            if name not in found:
                found[name] = (line, v)
            elif found[name][1] != v:
                problems.append(
                    _problem(
                        "identity",
                        f"line {line}, column {name}: {v!r} differs from {found[name][1]!r} on "
                        f"line {found[name][0]}; one file holds one report",
                        line=line,
                        got=v,
                    )
                )
    return found, problems


def _stated_identity(base: dict[str, Any]) -> dict[str, Any]:
    """Edition, body name and year as the side file states them (``None`` where it does not)."""
    meta = base.get("metadata") if isinstance(base.get("metadata"), dict) else None
    return {
        "edition": base.get("edition"),
        "body": (meta or {}).get("body", {}).get("name")
        if isinstance((meta or {}).get("body"), dict)
        else None,
        "year": (meta or {}).get("report_year"),
    }


def _identity_disagreements(
    found: dict[str, tuple[int, str]], stated: dict[str, Any]
) -> list[Problem]:
    problems = []
    for name, (line, v) in found.items():
        s = stated[name]
        if s is not None and str(s) != v:
            problems.append(
                _problem(
                    "identity",
                    f"line {line}, column {name}: {v!r} disagrees with the side file ({s!r})",
                    line=line,
                    got=v,
                )
            )
    return problems


def _rebuild_base(
    base: dict[str, Any], edition: str, found: dict[str, tuple[int, str]], source: str | None
) -> None:
    """No side file: rebuild the identity from the columns."""
    body = found.get("body", (0, ""))[1]
    year_text = found.get("year", (0, ""))[1]
    if not body or not year_text.isdigit():
        raise FormatError(
            [
                _problem(
                    "identity",
                    "without a side file the columns body and year must name the report",
                    expected=f"the side file {'<name>.meta.json'} or body/year columns",
                )
            ],
            source,
        )
    base.update(
        {
            "edition": edition,
            "metadata": {"body": {"name": body}, "report_year": int(year_text)},
            "sections": {},
        }
    )


def load(path: str | os.PathLike[str], *, meta: str | os.PathLike[str] | None = None) -> ReportT:
    """Read a long CSV file and its side file (``meta``, default :func:`meta_path`, if present)."""
    p = Path(path)
    raw = read_input(p)
    mp = Path(meta) if meta is not None else meta_path(p)
    meta_raw: bytes | None = None
    if meta is not None or mp.is_file():
        meta_raw = read_input(mp, what="the side file")
    return loads(raw, meta=meta_raw, source=str(p), meta_source=str(mp))


def dumps_wide(report: ReportT, table: str) -> str:
    """One table of ``report`` in the wide format (see the module docs)."""
    layout = layout_for(Edition(report.edition))
    t = layout.table(table)
    values = {c.ref.id: c.value for c in iter_cells(report)}
    out = io.StringIO()
    w = _csv.writer(out, lineterminator="\r\n")
    for i, block in enumerate(t.blocks):
        if i:
            w.writerow(())
        if block.caption:
            w.writerow((block.caption,))
        w.writerow(("row", block.corner_label or "", *(c.label for c in block.columns)))
        for r in block.rows:
            w.writerow(
                (
                    r.id,
                    r.full_label,
                    *(cell_text(values[(t.id, r.id, c.id)]) for c in block.columns),
                )
            )
    return out.getvalue()


def dump_wide(report: ReportT, path: str | os.PathLike[str]) -> list[Path]:
    """Write one wide CSV per table: ``report.csv`` → ``report.t2.csv``, ``report.t3.csv`` ….

    Returns the paths written.
    """
    p = Path(path)
    stem = p.with_suffix("") if p.suffix.lower() == ".csv" else p
    written = []
    for t in layout_for(Edition(report.edition)).tables:
        out = stem.with_name(f"{stem.name}.{t.id}.csv")
        out.write_text(dumps_wide(report, t.id), encoding="utf-8-sig", newline="")
        written.append(out)
    return written
