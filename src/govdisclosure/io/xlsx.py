"""XLSX workbooks in the official layout (optional extra: ``pip install 'govdisclosure[xlsx]'``).

Workbook layout
    One sheet per table, named by the table's short label (表二, 表三, 表四): the section title
    in the first line, then the table drawn as the template draws it (the same drawing as the
    HTML, :mod:`govdisclosure.io._grid`) with merged cells, borders and number formats
    (counts ``0``, signed counts ``+0;-0;0``, amounts with as many decimals as the value has).
    Labels are locked; the value cells are not (sheet protection without a password, so that a
    person filling the template cannot shift the layout by accident).

    A last sheet, :data:`INFO_SHEET`, holds everything else of the document, one member per
    line: ``key`` (JSON Pointer), ``type`` (``string``, ``integer``, ``number``, ``boolean``,
    or ``json`` for values a cell cannot hold as such: empty text, empty lists, text with
    characters XML cannot carry) and ``value``. A blank ``value`` is ``null``.

Reading back
    :func:`load` reads a workbook written by :func:`dump` or :func:`dump_template` and filled in
    by hand: values typed as numbers or as text (``"3"``), blank cells are blank (``None``),
    never ``0``. Cells are found at the positions the writer used, and every label is checked
    to be where it was written. A value that is not a number of the column's kind, a formula
    (formulas are never evaluated), anything typed outside the table, or a sheet the writer did
    not make is an error naming the sheet and cell (:class:`~govdisclosure.io.FormatError`).

Numbers are exact: a value that a number cell cannot carry exactly (an amount with more
digits than a float keeps, an integer beyond 2**53) is written as its text, and the number
format's decimals restore trailing zeros (``1.50``). XML is parsed by openpyxl, which
uses ``defusedxml`` when it is installed (the ``xlsx`` extra installs it), after the package
passed the limits of :mod:`govdisclosure._package` (parts, sizes, no DTD, cell references
within the grid, merged ranges, shared strings), the same the parser applies.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from govdisclosure._package import PackageError, check_xlsx
from govdisclosure.cells import CellValue
from govdisclosure.document import parse_json
from govdisclosure.editions import Edition, editions_text
from govdisclosure.errors import DocumentError, MissingExtraError, Problem, read_input
from govdisclosure.io._common import (
    EXPECTED,
    FormatError,
    ReportT,
    build_report,
    flatten,
    parse_cell_text,
    remainder,
    unflatten,
)
from govdisclosure.io._grid import Grid, build_grid
from govdisclosure.io._walk import cell_maps
from govdisclosure.layout import Column, ReportLayout, Table, layout_for

__all__ = ["INFO_SHEET", "SUFFIXES", "dump", "dump_template", "dumps", "load", "loads"]

SUFFIXES = (".xlsx",)

INFO_SHEET = "报告信息"
"""Name of the sheet with the document's metadata, narrative and other non-cell members."""

_INFO_HEADER = ("key", "type", "value")
_INFO_NOTE = "description"
"""Fourth column of the info sheet: what each member is (from the schema; not read back)."""
_CELL_LIMIT = 32767
"""Most characters a spreadsheet cell holds (Excel's limit)."""
_TOP = 3
"""Sheet line (1-based) of the first grid line; the title is on line 1."""

# Characters XML 1.0 cannot carry, and \r, which XML parsers turn into \n.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")
_JSON_RAW_UNSAFE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("Reading and writing XLSX", "xlsx", "openpyxl") from None
    return openpyxl


# ------------------------------------------------------------------------------------------
# writing


def _number_format(column: Column, value: CellValue) -> str:
    if column.kind == "count":
        return "0"
    if column.kind == "signed_count":
        return "+0;-0;0"
    if isinstance(value, Decimal):
        exp = value.as_tuple().exponent
        places = -exp if isinstance(exp, int) and exp < 0 else 0
        return "0." + "0" * places if places else "0"
    return "General"


# openpyxl stores a number as the text "%.16g" of its float (16 significant digits): exact
# for an integer up to 2**53, and for a decimal whose float printed so reads back as the
# same value.
_EXACT_INT = 2**53


def _excel_value(column: Column, value: CellValue) -> tuple[Any, str]:
    """The value to store and its cell type (``n`` number, ``s`` text).

    A value that a stored number would not carry exactly is kept as its exact text, which
    the reader reads back as the same value.
    """
    if value is None:
        return None, "n"
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and _places(value) == 0:
            if abs(value) <= _EXACT_INT:
                return int(value), "n"
            return format(value, "f"), "s"
        stored = float(format(float(value), ".16g"))
        # The reader restores the trailing zeros the number format shows ("0.00").
        if Decimal(repr(stored)) == value:
            return stored, "n"
        return format(value, "f"), "s"
    if abs(value) > _EXACT_INT:
        return str(value), "s"
    return value, "n"


def _places(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


class _Styles:
    def __init__(self, openpyxl: Any) -> None:
        styles = openpyxl.styles
        thin = styles.Side(style="thin", color="000000")
        self.border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
        self.label = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.row = styles.Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.value = styles.Alignment(horizontal="center", vertical="center")
        self.title = styles.Font(bold=True, size=13)
        self.bold = styles.Font(bold=True)
        self.note = styles.Font(size=9)
        self.unlocked = styles.Protection(locked=False)
        self.fill = styles.PatternFill("solid", fgColor="FFF7E6")


def _set_text(cell: Any, text: str) -> None:
    cell.value = text
    # A text starting with "=" is still text: never let it become a formula.
    cell.data_type = "s"


def _write_table(
    wb: Any,
    st: _Styles,
    table: Table,
    values: dict[tuple[str, str, str], CellValue] | None,
) -> None:
    openpyxl = _openpyxl()
    grid = build_grid(table)
    ws = wb.create_sheet(table.short_label)
    get_letter = openpyxl.utils.get_column_letter
    _set_text(ws.cell(1, 1), table.title)
    ws.cell(1, 1).font = st.title
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
    for c in grid.cells:
        r0, c0 = _TOP + c.row, 1 + c.col
        cell = ws.cell(r0, c0)
        if c.ref is None:
            _set_text(cell, c.text)
            cell.alignment = st.row if c.role in ("row", "note", "caption") else st.label
            if c.role == "caption":
                cell.font = st.bold
            elif c.role == "note":
                cell.font = st.note
        else:
            value = values.get(c.ref.id) if values is not None else None
            stored, dtype = _excel_value(c.ref.column, value)
            if stored is not None:
                cell.value = stored
                cell.data_type = dtype
            cell.number_format = _number_format(c.ref.column, value) if dtype == "n" else "@"
            cell.alignment = st.value
            cell.protection = st.unlocked
            cell.fill = st.fill
        for r in range(r0, r0 + c.rowspan):
            for k in range(c0, c0 + c.colspan):
                ws.cell(r, k).border = st.border
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=r0,
                start_column=c0,
                end_row=r0 + c.rowspan - 1,
                end_column=c0 + c.colspan - 1,
            )
    label_cols = min((c.col for c in grid.cells if c.ref is not None), default=0)
    for k in range(grid.width):
        ws.column_dimensions[get_letter(k + 1)].width = 14 if k < label_cols else 11
    if label_cols:
        ws.column_dimensions[get_letter(label_cols)].width = 40
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.width > 10 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _schema_types(edition: Edition) -> Any:
    from govdisclosure.schema import report_schema

    return report_schema(edition)


def _resolve(root: Any, node: Any) -> list[Any]:
    """The alternatives of a schema node, ``$ref`` followed and ``null`` dropped."""
    out: list[Any] = []
    todo = [node]
    while todo:
        n = todo.pop(0)
        if not isinstance(n, dict):
            continue
        if "$ref" in n:
            ref = n["$ref"]
            todo.append(root.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {}))
        elif "anyOf" in n or "oneOf" in n:
            alternatives: list[Any] = n.get("anyOf") or n.get("oneOf") or []
            todo.extend(alternatives)
        elif n.get("type") != "null":
            out.append(n)
    return out


def _schema_nodes(root: Any, pointer: str) -> list[Any]:
    """The schema nodes that describe the member at ``pointer``."""
    nodes = [root]
    for token in pointer[1:].split("/"):
        nxt: list[Any] = []
        for n in nodes:
            for alt in _resolve(root, n):
                props = alt.get("properties", {})
                if token in props:
                    nxt.append(props[token])
                elif token.isdigit() and "items" in alt:
                    nxt.append(alt["items"])
        nodes = nxt
    return nodes


def _expected_type(root: Any, pointer: str) -> str:
    """The JSON type the schema expects at ``pointer`` (``string`` when it cannot tell)."""
    types = [a.get("type") for n in _schema_nodes(root, pointer) for a in _resolve(root, n)]
    for t in ("integer", "number", "boolean", "string"):
        if t in types:
            return t
    return "string"


def _description(root: Any, pointer: str) -> str:
    """The schema's description of the member at ``pointer`` (for the person filling it in)."""
    for n in _schema_nodes(root, pointer):
        if isinstance(n, dict) and isinstance(n.get("description"), str):
            return str(n["description"])
    return ""


def _info_rows(data: dict[str, Any], edition: Edition) -> Iterator[tuple[str, str, Any]]:
    root = _schema_types(edition)
    for pointer, value in flatten(data):
        if isinstance(value, bool):
            yield pointer, "boolean", value
        elif isinstance(value, int):
            yield pointer, "integer", value
        elif isinstance(value, Decimal):
            yield pointer, "number", format(value, "f")
        elif isinstance(value, str):
            if value == "" or _XML_UNSAFE.search(value):
                yield pointer, "json", _json_text(value)
            else:
                yield pointer, "string", value
        elif value is None:
            yield pointer, _expected_type(root, pointer), None
        else:  # an empty object or array
            yield pointer, "json", "[]" if isinstance(value, list) else "{}"


def _json_text(value: str) -> str:
    import json

    # JSON escapes the control characters; lone surrogates and the two non-characters XML
    # refuses are escaped here.
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _write_info(
    wb: Any, st: _Styles, rows: Iterator[tuple[str, str, Any]], edition: Edition
) -> None:
    ws = wb.create_sheet(INFO_SHEET)
    root = _schema_types(edition)
    for k, h in enumerate((*_INFO_HEADER, _INFO_NOTE), start=1):
        _set_text(ws.cell(1, k), h)
        ws.cell(1, k).font = st.bold
    i = 2
    for pointer, typ, value in rows:
        # A spreadsheet cell holds at most _CELL_LIMIT characters: longer text continues on
        # the next lines under the same key (the reader joins them).
        parts = (
            [value[k : k + _CELL_LIMIT] for k in range(0, len(value), _CELL_LIMIT)]
            if isinstance(value, str) and value
            else [value]
        )
        note = _description(root, pointer)
        for part in parts:
            _set_text(ws.cell(i, 1), pointer)
            _set_text(ws.cell(i, 2), typ)
            if note:
                _set_text(ws.cell(i, 4), note)
            cell = ws.cell(i, 3)
            if isinstance(part, str):
                # Numbers too are kept as text: a float could lose digits of an exact amount.
                _set_text(cell, part)
            elif isinstance(part, int) and not isinstance(part, bool) and abs(part) > _EXACT_INT:
                # Beyond 2**53 a stored number loses digits; the reader takes the digits.
                _set_text(cell, str(part))
            elif part is not None:
                cell.value = part
            i += 1
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 80
    ws.column_dimensions["D"].width = 50


def _workbook(
    edition: Edition,
    values: dict[tuple[str, str, str], CellValue] | None,
    info: Iterator[tuple[str, str, Any]],
) -> Any:
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    st = _Styles(openpyxl)
    for table in layout_for(edition).tables:
        _write_table(wb, st, table, values)
    _write_info(wb, st, info, edition)
    # Fixed document properties keep the output byte-stable for the same report.
    wb.properties.creator = "govdisclosure"
    stamp = dt.datetime(2000, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def dumps(report: ReportT) -> bytes:
    """The workbook of ``report`` as XLSX bytes."""
    edition = Edition(report.edition)
    values, _units = cell_maps(report)
    wb = _workbook(edition, values, _info_rows(remainder(report), edition))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dump(report: ReportT, path: str | os.PathLike[str]) -> None:
    """Write the workbook of ``report`` to ``path``."""
    Path(path).write_bytes(dumps(report))


_TEMPLATE_KEYS = (
    "/metadata/body/name",
    "/metadata/body/credit_code",
    "/metadata/body/region_code",
    "/metadata/body/level",
    "/metadata/body/kind",
    "/metadata/report_year",
    "/metadata/title",
    "/metadata/document_number",
    "/metadata/issued_date",
    "/metadata/publication_date",
    "/metadata/url",
)


def template_bytes(edition: Edition | str) -> bytes:
    """An empty workbook of ``edition`` for an office to fill in (blank cells, blank identity)."""
    ed = Edition(edition)
    root = _schema_types(ed)
    info: list[tuple[str, str, Any]] = [("/edition", "string", ed.value)]
    info += [(k, _expected_type(root, k), None) for k in _TEMPLATE_KEYS]
    wb = _workbook(ed, None, iter(info))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dump_template(edition: Edition | str, path: str | os.PathLike[str]) -> None:
    """Write the empty workbook of ``edition`` to ``path``."""
    Path(path).write_bytes(template_bytes(edition))


# ------------------------------------------------------------------------------------------
# reading


def _where(sheet: str, ref: str) -> str:
    return f"sheet {sheet}, cell {ref}"


def _problem(
    code: str, sheet: str, ref: str, message: str, *, pointer: str = "", **kw: Any
) -> Problem:
    return Problem(
        code,
        pointer,
        f"{_where(sheet, ref)}: {message}",
        extra={"sheet": sheet, "cell": ref},
        **kw,
    )


def _is_formula(cell: Any) -> bool:
    return bool(cell.data_type == "f")


def _shown(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def _read_value(cell: Any, column: Column) -> CellValue:
    """The value of a table cell; ``ValueError`` with what was expected."""
    v = cell.value
    if v is None:
        return None
    if isinstance(v, (bool, dt.date, dt.datetime, dt.time)):
        raise ValueError(EXPECTED[column.kind])
    if isinstance(v, str):
        return parse_cell_text(v, column)
    if column.kind in ("count", "signed_count"):
        if isinstance(v, float):
            if not v.is_integer():
                raise ValueError(EXPECTED[column.kind])
            v = int(v)
        if column.kind == "count" and v < 0:
            raise ValueError(EXPECTED[column.kind])
        return int(v)
    d = Decimal(repr(v)) if isinstance(v, float) else Decimal(int(v))
    if d < 0:
        raise ValueError(EXPECTED[column.kind])
    # Trailing zeros the number format shows ("0.00") are part of the amount as written.
    m = re.fullmatch(r"0\.(0+)", str(cell.number_format or ""))
    if m and _places(d) < len(m.group(1)):
        d = d.quantize(Decimal(1).scaleb(-len(m.group(1))))
    return d


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", str(text)) if text is not None else ""


def _read_table(
    ws: Any,
    grid: Grid,
    values: dict[tuple[str, str, str], CellValue],
    where: dict[tuple[str, str, str], str],
    problems: list[Problem],
) -> None:
    openpyxl = _openpyxl()
    coord = openpyxl.utils.get_column_letter
    sheet = ws.title
    covered: set[tuple[int, int]] = {(1, k) for k in range(1, grid.width + 1)}
    for c in grid.cells:
        r0, c0 = _TOP + c.row, 1 + c.col
        ref = f"{coord(c0)}{r0}"
        for r in range(r0, r0 + c.rowspan):
            for k in range(c0, c0 + c.colspan):
                covered.add((r, k))
        cell = ws.cell(r0, c0)
        if c.ref is None:
            if _norm(cell.value) != _norm(c.text):
                problems.append(
                    _problem(
                        "layout",
                        sheet,
                        ref,
                        f"found {_shown(cell.value)!r} where the template has the label "
                        f"{c.text!r}; values are read by position, so the sheet's layout must "
                        "not be changed",
                        expected=c.text,
                    )
                )
            continue
        where[c.ref.id] = _where(sheet, ref)
        if _is_formula(cell):
            problems.append(
                _problem(
                    "formula",
                    sheet,
                    ref,
                    f"holds the formula {cell.value!r}; formulas are not evaluated",
                    pointer=c.ref.pointer,
                    expected="the number itself, " + EXPECTED[c.ref.column.kind],
                )
            )
            continue
        try:
            values[c.ref.id] = _read_value(cell, c.ref.column)
        except ValueError as e:
            problems.append(
                _problem(
                    "value",
                    sheet,
                    ref,
                    f"{_shown(cell.value)!r} is not a value of {c.ref.dotted} "
                    f"({c.ref.row.full_label} / {c.ref.column.label})",
                    pointer=c.ref.pointer,
                    expected=str(e),
                    got=_shown(cell.value),
                )
            )
    _outside(ws, covered, problems)


def _stored_cells(ws: Any) -> list[Any]:
    """The cells a worksheet stores, in sheet order, without walking its empty grid.

    openpyxl keeps the cells read from the file sparsely in ``_cells``: a lone value at
    XFD1048576 costs one cell here, where ``iter_rows`` would create seventeen billion.
    """
    store = getattr(ws, "_cells", None)
    if isinstance(store, dict):
        return [store[k] for k in sorted(store)]
    return [cell for row in ws.iter_rows() for cell in row]  # pragma: no cover - old openpyxl


def _outside(ws: Any, covered: set[tuple[int, int]], problems: list[Problem]) -> None:
    for cell in _stored_cells(ws):
        if cell.value is None or (cell.row, cell.column) in covered:
            continue
        if isinstance(cell.value, str) and cell.value.strip() == "":
            continue
        problems.append(
            _problem(
                "outside",
                ws.title,
                cell.coordinate,
                f"{_shown(cell.value)!r} is outside the table and would be lost",
                expected="nothing outside the template's cells (add rows to the document, "
                "not to the sheet)",
            )
        )


def _info_string(v: Any) -> str:
    if isinstance(v, bool):
        raise ValueError("text")
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return format(Decimal(repr(v)), "f") if not v.is_integer() else str(int(v))
    return str(v)


def _info_integer(v: Any) -> int:
    if isinstance(v, bool):
        raise ValueError("a whole number")
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and re.fullmatch(r"\s*[+-]?\d+\s*", v):
        return int(v)
    raise ValueError("a whole number")


def _info_number(v: Any) -> Decimal:
    if isinstance(v, bool):
        raise ValueError("a number")
    try:
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).strip())
    except InvalidOperation:
        raise ValueError("a number") from None


def _info_boolean(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        return v.strip().lower() == "true"
    raise ValueError("true or false")


_INFO_TYPES: dict[str, Callable[[Any], Any]] = {
    "json": lambda v: parse_json(str(v)),
    "string": _info_string,
    "integer": _info_integer,
    "number": _info_number,
    "boolean": _info_boolean,
}
"""The value types of the info sheet's type column, each with its reader."""


def _info_value(v: Any, typ: str) -> Any:
    if v is None or (isinstance(v, str) and v == "" and typ != "json"):
        return None
    read = _INFO_TYPES.get(typ)
    if read is None:
        raise ValueError("a known type (string, integer, number, boolean, json)")
    return read(v)


def _read_info(ws: Any, problems: list[Problem]) -> tuple[dict[str, Any], dict[str, str]]:
    sheet = ws.title
    header = tuple(_norm(ws.cell(1, k).value) for k in range(1, 4))
    note = _norm(ws.cell(1, 4).value)
    if header != _INFO_HEADER or note not in ("", _INFO_NOTE):
        problems.append(
            _problem("layout", sheet, "A1", f"header {header!r}", expected=", ".join(_INFO_HEADER))
        )
        return {}, {}
    stored = _stored_cells(ws)
    items, where = _info_items(sheet, _info_entries(ws, stored, problems), problems)
    _info_outside(sheet, stored, 4 if note == "" else 5, problems)
    try:
        data = unflatten(items)
    except ValueError as e:
        problems.append(_problem("key", sheet, "A", str(e)))
        return {}, where
    return (data if isinstance(data, dict) else {}), where


def _info_entries(ws: Any, stored: list[Any], problems: list[Problem]) -> list[list[Any]]:
    """The info sheet's lines as ``[row, key, type, value]``, a long text's continuation lines
    joined to the line they continue."""
    entries: list[list[Any]] = []
    for r in sorted({c.row for c in stored if c.row >= 2 and c.column <= 3}):
        key_cell, type_cell, value_cell = (ws.cell(r, k) for k in (1, 2, 3))
        if key_cell.value is None and type_cell.value is None and value_cell.value is None:
            continue
        if any(_is_formula(c) for c in (key_cell, type_cell, value_cell)):
            problems.append(
                _problem(
                    "formula", ws.title, f"C{r}", "holds a formula; formulas are not evaluated"
                )
            )
            continue
        key = str(key_cell.value or "").strip()
        typ = str(type_cell.value or "").strip()
        v = value_cell.value
        prev = entries[-1] if entries else None
        if prev is not None and prev[1:3] == [key, typ] and _both_text(prev[3], v):
            prev[3] += v  # the continuation of a long text
            continue
        entries.append([r, key, typ, v])
    return entries


def _both_text(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str)


def _info_items(
    sheet: str, entries: list[list[Any]], problems: list[Problem]
) -> tuple[list[tuple[str, Any]], dict[str, str]]:
    """The typed ``(key, value)`` items of the entries, and the cell each key was read from."""
    items: list[tuple[str, Any]] = []
    where: dict[str, str] = {}
    for r, key, typ, v in entries:
        try:
            items.append((key, _info_value(v, typ)))
            where[key] = _where(sheet, f"C{r}")
        except (ValueError, DocumentError) as e:
            problems.append(
                _problem(
                    "value",
                    sheet,
                    f"C{r}",
                    f"{_shown(v)!r} is not a value of type {typ!r} for {key}",
                    pointer=key,
                    expected=str(e) if isinstance(e, ValueError) else "JSON text",
                )
            )
    return items, where


def _info_outside(sheet: str, stored: list[Any], first: int, problems: list[Problem]) -> None:
    """Values right of the info sheet's columns (from column ``first``): they would be lost."""
    for c in sorted(stored, key=lambda c: (c.column, c.row)):
        if c.column >= first and c.value is not None:
            problems.append(
                _problem(
                    "outside",
                    sheet,
                    c.coordinate,
                    f"is outside the columns {', '.join(_INFO_HEADER)} and would be lost",
                )
            )


def loads(data: bytes, *, source: str | None = None) -> ReportT:
    """Read a report from XLSX bytes (see the module docs for what is accepted)."""
    wb = _open_workbook(data, source)
    if INFO_SHEET not in wb.sheetnames:
        raise FormatError(
            [
                Problem(
                    "sheet",
                    "",
                    f"the workbook has no sheet {INFO_SHEET!r}",
                    expected=f"the sheets the template has ({INFO_SHEET} among them)",
                )
            ],
            source,
        )
    problems: list[Problem] = []
    base, info_where = _read_info(wb[INFO_SHEET], problems)
    edition = base.get("edition")
    if not isinstance(edition, str) or edition not in {e.value for e in Edition}:
        raise FormatError(
            [
                *problems,
                _problem(
                    "edition",
                    INFO_SHEET,
                    info_where.get("/edition", "C2").rsplit(" ", 1)[-1],
                    f"unknown or missing edition {edition!r}",
                    pointer="/edition",
                    expected=f"{editions_text()} in the line /edition",
                ),
            ],
            source,
        )
    layout = layout_for(edition)
    values: dict[tuple[str, str, str], CellValue] = {}
    where: dict[tuple[str, str, str], str] = {}
    problems += _unknown_sheets(wb.sheetnames, layout)
    for table in layout.tables:
        if table.short_label not in wb.sheetnames:
            problems.append(
                Problem(
                    "sheet",
                    f"/{table.id}",
                    f"the sheet {table.short_label!r} is missing",
                    expected=table.title,
                )
            )
            continue
        _read_table(wb[table.short_label], build_grid(table), values, where, problems)
    if problems:
        raise FormatError(problems, source)
    # A workbook carries no narrative unless it was written from a document that had one.
    base.setdefault("sections", {})
    try:
        return build_report(base, values, source=source, where=where)
    except FormatError as e:
        raise FormatError([_at_info_line(p, info_where) for p in e.problems], source) from None


def _open_workbook(data: bytes, source: str | None) -> Any:
    """The openpyxl workbook of ``data``, after the package check; unreadable → FormatError."""
    openpyxl = _openpyxl()
    import zipfile

    try:
        check_xlsx(bytes(data))
    except PackageError as e:
        raise FormatError(
            [
                Problem(
                    "xlsx",
                    "",
                    f"not a readable XLSX workbook: {e.message}",
                    expected="an .xlsx file within the limits of a report workbook",
                    extra={"reason": e.code, **({"part": e.part} if e.part else {})},
                )
            ],
            source,
        ) from None
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=False, rich_text=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise FormatError(
            [Problem("xlsx", "", f"not a readable XLSX workbook ({e})", expected="an .xlsx file")],
            source,
        ) from None
    except Exception as e:
        # XML errors from the parser (including defusedxml refusing entities) land here.
        raise FormatError(
            [Problem("xlsx", "", f"not a readable XLSX workbook ({type(e).__name__}: {e})")],
            source,
        ) from None


def _unknown_sheets(names: list[str], layout: ReportLayout) -> list[Problem]:
    expected_sheets = {t.short_label for t in layout.tables} | {INFO_SHEET}
    return [
        Problem(
            "sheet",
            "",
            f"sheet {name!r} is not part of the template; its content would be lost",
            expected=", ".join(sorted(expected_sheets)),
            extra={"sheet": name},
        )
        for name in names
        if name not in expected_sheets
    ]


def _at_info_line(p: Problem, info_where: dict[str, str]) -> Problem:
    """A problem of the document built from the info sheet, naming the line of its member."""
    loc = info_where.get(p.pointer)
    if loc and p.got is None and p.code == "type":
        p = Problem(
            p.code,
            p.pointer,
            "the cell is blank, but a value is required",
            p.expected,
            None,
            p.line,
            p.column,
            p.extra,
        )
    if loc and "location" not in p.extra:
        p = Problem(
            p.code,
            p.pointer,
            f"{loc}: {p.message}",
            p.expected,
            p.got,
            p.line,
            p.column,
            {**p.extra, "location": loc},
        )
    return p


def load(path: str | os.PathLike[str]) -> ReportT:
    """Read a report from an XLSX file."""
    return loads(read_input(path), source=str(path))
