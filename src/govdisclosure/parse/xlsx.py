"""Read any Excel workbook (XLSX) into a :class:`~govdisclosure.parse._ir.SourceDocument`.

Needs the optional dependency openpyxl (``pip install 'govdisclosure[xlsx]'``); without it
:func:`read_xlsx` raises :class:`~govdisclosure.errors.MissingExtraError`.

This reads a workbook *generically*, whoever made it, so that the shared mapper finds the
tables by their labels as it does for HTML or DOCX (:mod:`govdisclosure.io.xlsx` reads the
library's own workbook layout, cell by cell, instead):

- every worksheet, in workbook order, is cut at fully empty rows into parts; each part is a
  :class:`~govdisclosure.parse._ir.SourceTable` (grid columns from column A, so ``cell`` is
  the sheet column index) whose ``caption`` is the sheet name, except a part of one line
  holding one (possibly merged) cell, such as a title above a table, which is a
  :class:`~govdisclosure.parse._ir.TextBlock`;
- merged ranges are expanded as for HTML: every covered position repeats the text of the
  range's top-left cell, with ``origin`` pointing at it and the spans set on it;
- values are read as text: numbers as their shortest exact text (``3``, ``103.3879``),
  dates in ISO form, text as it is. Formulas are **not evaluated**: a formula cell is read as
  its formula text (``=SUM(B3:B8)``), which the mapper cannot take for a number, and a
  ``P-CELL-FORMULA`` finding names it.

Locations carry the sheet name, the A1 reference, the table index and grid row/cell.

Safety: the package is checked before openpyxl sees it (number of parts, declared
uncompressed sizes, no DTD, cell references within the grid, merged-range area, shared
strings: see :mod:`govdisclosure._package`), so openpyxl never expands a hostile merged range;
the number of cells read is capped. The only exception raised on bad input is
:class:`~govdisclosure.parse._result.ParseError`.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from govdisclosure._package import PackageError, check_xlsx
from govdisclosure.errors import MissingExtraError
from govdisclosure.findings import Finding
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.docx import package_parse_error
from govdisclosure.parse.html import MAX_CELLS

__all__ = ["read_xlsx"]

_MAX_SHEET_AREA = 20 * MAX_CELLS
"""Largest used range (rows × columns) of a sheet that is scanned at all."""


def _column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: Any) -> str:
    """A cell value as text, numbers in their shortest exact form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return repr(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = getattr(value, "text", None)  # array formulas
    return str(text if isinstance(text, str) else value)


def _formula(cell: Any) -> str | None:
    if getattr(cell, "data_type", None) != "f":
        return None
    value = cell.value
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text if text.startswith("=") else f"={text}"
    return str(value)


def _single_text(
    part: list[int],
    occupied: set[tuple[int, int]],
    merged: dict[tuple[int, int], tuple[int, int, int, int]],
    texts: dict[tuple[int, int], str],
) -> tuple[str, tuple[int, int]] | None:
    """The text of a one-row part whose cells all come from one (merged) cell, else ``None``.

    Such a line (a title above a table) is running text, not a table.
    """
    if len(part) != 1:
        return None
    r = part[0]
    origins = {
        (merged[rc][0], merged[rc][1]) if rc in merged else rc for rc in occupied if rc[0] == r
    }
    if len(origins) != 1:
        return None
    origin = next(iter(origins))
    if origin in merged and merged[origin][2] > 1:
        return None
    text = texts.get(origin, "")
    return (text, origin) if text.strip() else None


def _sheet_cells(ws: Any, source: str | None) -> dict[tuple[int, int], Any]:
    """The cells of a worksheet by 1-based (row, column).

    openpyxl keeps a worksheet's cells sparsely in ``_cells``; that store is used when present
    (a stray cell far away costs nothing), else the public row iterator over the used range.
    """
    store = getattr(ws, "_cells", None)
    if isinstance(store, dict):
        cells = dict(store)
        max_row = max((r for r, _ in cells), default=0)
        max_col = max((c for _, c in cells), default=0)
    else:
        cells = {}
        max_row, max_col = ws.max_row or 0, ws.max_column or 0
    if max_row * max_col > _MAX_SHEET_AREA:
        raise ParseError(
            "P-INPUT-TOO-LARGE",
            f"sheet {ws.title!r} spans {max_row} rows × {max_col} columns; at most "
            f"{_MAX_SHEET_AREA} cells are scanned",
            source=source,
        )
    if not isinstance(store, dict):
        for row in ws.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col):
            for cell in row:
                if cell.value is not None:
                    cells[(cell.row, cell.column)] = cell
    return cells


def _load(data: bytes, source: str | None) -> Any:
    """The workbook, once the raw package passed the limits (openpyxl expands merged cells)."""
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("reading XLSX files", "xlsx", "openpyxl") from None
    try:
        check_xlsx(data)
    except PackageError as err:
        raise package_parse_error(err, source) from None
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=False, data_only=False, keep_links=False, rich_text=False
        )
    except Exception as exc:  # openpyxl signals malformed workbooks in many ways
        raise ParseError(
            "P-FORMAT-UNREADABLE",
            f"the input cannot be read as XLSX: {type(exc).__name__}: {exc}",
            source=source,
        ) from None


def _sheet_texts(
    ws: Any, cells: dict[tuple[int, int], Any], findings: list[Finding]
) -> dict[tuple[int, int], str]:
    """The text of every stored cell (0-based positions); a formula is kept as its text."""
    texts: dict[tuple[int, int], str] = {}
    for (r, c), cell in cells.items():
        formula = _formula(cell)
        if formula is not None:
            ref = f"{_column_letter(c - 1)}{r}"
            texts[(r - 1, c - 1)] = formula
            findings.append(
                parse_finding(
                    "P-CELL-FORMULA",
                    location=Location(kind="xlsx", sheet=ws.title, ref=ref),
                    ref=f"{ws.title}!{ref}",
                    formula=formula,
                )
            )
            continue
        text = _text(cell.value)
        if text:
            texts[(r - 1, c - 1)] = text
    return texts


_Merged = dict[tuple[int, int], tuple[int, int, int, int]]


def _merged_map(ws: Any, source: str | None) -> _Merged:
    """Each cell of a merged range → (top, left, rows, columns) of its range."""
    merged: _Merged = {}
    for rng in ws.merged_cells.ranges:
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        rows, cols = rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1
        if rows * cols > MAX_CELLS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"sheet {ws.title!r} has a merged range of {rows * cols} cells",
                source=source,
            )
        for dr in range(rows):
            for dc in range(cols):
                merged[(r0 + dr, c0 + dc)] = (r0, c0, rows, cols)
    return merged


def _parts(occupied: set[tuple[int, int]]) -> list[list[int]]:
    """The used rows, cut at fully empty rows."""
    parts: list[list[int]] = []
    for r in sorted({r for r, _ in occupied}):
        if parts and parts[-1][-1] == r - 1:
            parts[-1].append(r)
        else:
            parts.append([r])
    return parts


def _grid(
    title: str,
    part: list[int],
    width: int,
    index: int,
    merged: _Merged,
    texts: dict[tuple[int, int], str],
) -> list[list[SourceCell]]:
    """The cells of one part of a sheet, merged ranges expanded (each cell says its origin)."""
    grid: list[list[SourceCell]] = []
    for i, r in enumerate(part):
        line: list[SourceCell] = []
        for c in range(width):
            m = merged.get((r, c))
            src = (m[0], m[1]) if m is not None else (r, c)
            loc = Location(
                kind="xlsx",
                sheet=title,
                ref=f"{_column_letter(src[1])}{src[0] + 1}",
                table=index,
                row=i if src == (r, c) else src[0] - part[0],
                cell=src[1],
            )
            text = texts.get(src, "")
            if m is None:
                line.append(SourceCell(text, loc))
            elif src == (r, c):
                line.append(SourceCell(text, loc, None, m[2], m[3]))
            else:
                line.append(SourceCell(text, loc, (src[0] - part[0], src[1])))
        grid.append(line)
    return grid


class _Sheets:
    """The blocks read so far, and the table cells counted against the limit."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.blocks: list[Any] = []
        self.total = 0

    def add_sheet(self, ws: Any, findings: list[Finding]) -> None:
        cells = _sheet_cells(ws, self.source)
        if not cells:
            return
        texts = _sheet_texts(ws, cells, findings)
        merged = _merged_map(ws, self.source)
        occupied = set(texts) | set(merged)
        for part in _parts(occupied):
            self._add_part(ws.title, part, occupied, merged, texts)

    def _add_part(
        self,
        title: str,
        part: list[int],
        occupied: set[tuple[int, int]],
        merged: _Merged,
        texts: dict[tuple[int, int], str],
    ) -> None:
        line_text = _single_text(part, occupied, merged, texts)
        if line_text is not None:
            text, (r0, c0) = line_text
            ref = f"{_column_letter(c0)}{r0 + 1}"
            self.blocks.append(TextBlock(text, Location(kind="xlsx", sheet=title, ref=ref)))
            return
        width = 1 + max(c for (r, c) in occupied if part[0] <= r <= part[-1])
        self.total += width * len(part)
        if self.total > MAX_CELLS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the workbook has more than {MAX_CELLS} cells in its tables",
                source=self.source,
            )
        index = sum(1 for b in self.blocks if isinstance(b, SourceTable))
        grid = _grid(title, part, width, index, merged, texts)
        where = Location(kind="xlsx", sheet=title, ref=f"A{part[0] + 1}", table=index)
        self.blocks.append(SourceTable(grid, where, title))


def read_xlsx(data: bytes, *, source: str | None = None) -> SourceDocument:
    """Read every worksheet of an XLSX workbook into tables.

    Raises :class:`~govdisclosure.errors.MissingExtraError` when openpyxl is not installed and
    :class:`~govdisclosure.parse._result.ParseError` (only) for input that is not a readable
    workbook or exceeds the size limits.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("P-FORMAT-UNREADABLE", "XLSX input must be bytes", source=source)
    wb = _load(bytes(data), source)
    findings: list[Finding] = []
    sheets = _Sheets(source)
    try:
        for ws in wb.worksheets:
            sheets.add_sheet(ws, findings)
    finally:
        wb.close()
    return SourceDocument(blocks=sheets.blocks, source=source, kind="xlsx", findings=findings)
