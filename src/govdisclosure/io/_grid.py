"""The official drawing of each table as a grid of merged cells, built from the layout.

Markdown, HTML and XLSX all draw a table from the same :class:`Grid`, so that merged cells,
header levels and positions agree between formats (the XLSX reader finds the value cells at
the positions the writer put them). Nothing here spells a label: every text comes from
:mod:`govdisclosure.layout`.

How the template draws the tables:

* 表二: blocks stacked; each block has its caption (第二十条第（一）项) across the full width, a
  header line (信息内容 and the column labels), then its rows. A block with fewer columns than
  the widest block lets its last column span the rest.
* 表三: the 勾稽 note in the top-left corner cell (spanning the header lines and the label
  columns), the top header 申请人情况 over all value columns, second-level headers such as
  法人或其他组织, and row groups (三、本年度办理结果, （三）不予公开 …) as merged, row-spanning
  labels with no values of their own.
* 表四 (``Table.transposed``): the rows of the layout side by side as column groups
  (行政复议 | 行政诉讼 › 未经复议直接起诉, 复议后起诉) over a single line of values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from govdisclosure.layout import Block, CellRef, Row, RowGroup, Table

__all__ = ["Grid", "GridCell", "build_grid"]

CellRole = Literal["note", "corner", "caption", "group", "column", "row", "value"]
"""What a grid cell shows: the table note, a corner label (信息内容), a block caption, a merged
group label (row or column group), a column label, a row label, or a value."""


@dataclass(frozen=True, slots=True)
class GridCell:
    """One (possibly merged) cell of a drawn table."""

    role: CellRole
    text: str
    """Label text (empty for value cells: the renderer formats the value)."""
    row: int
    """0-based index of the top grid line the cell occupies."""
    col: int
    """0-based index of the leftmost grid column the cell occupies."""
    rowspan: int = 1
    colspan: int = 1
    ref: CellRef | None = None
    """The layout cell, for value cells."""


@dataclass(frozen=True, slots=True)
class Grid:
    """A table drawn as lines of merged cells."""

    table: Table
    width: int
    """Number of grid columns."""
    height: int
    """Number of grid lines."""
    head: int
    """Number of leading lines that form the header (repeated on each printed page)."""
    cells: tuple[GridCell, ...]
    """Every cell, ordered by line then column."""

    def lines(self) -> list[list[GridCell]]:
        """The cells that start on each line, in column order (as HTML ``<tr>`` lists them)."""
        out: list[list[GridCell]] = [[] for _ in range(self.height)]
        for c in self.cells:
            out[c.row].append(c)
        return out


class _Builder:
    def __init__(self) -> None:
        self.cells: list[GridCell] = []

    def add(
        self,
        role: CellRole,
        text: str,
        row: int,
        col: int,
        rowspan: int = 1,
        colspan: int = 1,
        ref: CellRef | None = None,
    ) -> None:
        self.cells.append(GridCell(role, text, row, col, rowspan, colspan, ref))

    def grid(self, table: Table, head: int) -> Grid:
        height = max(c.row + c.rowspan for c in self.cells)
        width = max(c.col + c.colspan for c in self.cells)
        _check_tiling(table, self.cells, width, height)
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return Grid(table, width, height, head, cells)


def _check_tiling(table: Table, cells: list[GridCell], width: int, height: int) -> None:
    # Every grid position must be covered exactly once, or renderers would draw a broken table.
    seen: set[tuple[int, int]] = set()
    for c in cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                if (r, k) in seen:
                    raise AssertionError(f"{table.id}: grid position {(r, k)} covered twice")
                seen.add((r, k))
    if len(seen) != width * height:
        raise AssertionError(f"{table.id}: grid has holes")


def _run_length(rows: tuple[Row, ...], start: int, level: int, group: RowGroup) -> int:
    n = 0
    for r in rows[start:]:
        if len(r.groups) > level and r.groups[level].id == group.id:
            n += 1
        else:
            break
    return n


def _starts_group(rows: tuple[Row, ...], i: int, level: int) -> bool:
    g = rows[i].groups[level]
    if i == 0:
        return True
    prev = rows[i - 1]
    return not (len(prev.groups) > level and prev.groups[level].id == g.id)


def _header_lines(table: Table, block: Block) -> int:
    """How many lines the column headers of ``block`` take (group label, column groups)."""
    grouped = any(c.group is not None for c in block.columns)
    return (1 if table.column_group_label else 0) + (2 if grouped else 1)


def _block_lines(
    b: _Builder, table: Table, block: Block, top: int, label_cols: int, width: int, first: bool
) -> int:
    """Draw one block starting at line ``top``; returns the next free line."""
    line = top
    if block.caption is not None:
        b.add("caption", block.caption, line, 0, 1, width)
        line += 1
    header_lines = _header_lines(table, block)
    corner_text = table.note if (first and table.note) else (block.corner_label or "")
    b.add(
        "note" if table.note and first else "corner", corner_text, line, 0, header_lines, label_cols
    )
    h = line
    if table.column_group_label:
        b.add("group", table.column_group_label, h, label_cols, 1, len(block.columns))
        h += 1
    spans = _column_spans(block, width - label_cols)
    _column_headers(b, block, h, label_cols, spans)
    return _block_rows(b, table, block, line + header_lines, label_cols, spans)


def _column_headers(b: _Builder, block: Block, h: int, label_cols: int, spans: list[int]) -> None:
    """The column labels from line ``h``: a column group's label over its columns' labels, an
    ungrouped column's label spanning both lines when the block has groups."""
    grouped = any(c.group is not None for c in block.columns)
    col = label_cols
    i = 0
    while i < len(block.columns):
        c = block.columns[i]
        if c.group is None:
            b.add("column", c.label, h, col, 2 if grouped else 1, spans[i])
            col += spans[i]
            i += 1
            continue
        j = i
        while j < len(block.columns) and block.columns[j].group == c.group:
            j += 1
        b.add("group", c.group, h, col, 1, sum(spans[i:j]))
        for k in range(i, j):
            b.add("column", block.columns[k].label, h + 1, col, 1, spans[k])
            col += spans[k]
        i = j


def _block_rows(
    b: _Builder, table: Table, block: Block, line: int, label_cols: int, spans: list[int]
) -> int:
    """The rows of ``block`` from ``line``, with their merged group labels; returns the next
    free line."""
    rows = block.rows
    for i, r in enumerate(rows):
        for level, g in enumerate(r.groups):
            if _starts_group(rows, i, level):
                b.add("group", g.label, line, level, _run_length(rows, i, level, g), 1)
        depth = len(r.groups)
        b.add("row", r.label, line, depth, 1, label_cols - depth)
        col = label_cols
        for c, span in zip(block.columns, spans, strict=False):
            b.add("value", "", line, col, 1, span, CellRef(table, block, r, c))
            col += span
        line += 1
    return line


def _column_spans(block: Block, value_width: int) -> list[int]:
    spans = [1] * len(block.columns)
    spans[-1] += value_width - len(block.columns)
    return spans


def _stacked(table: Table) -> Grid:
    label_cols = 1 + max(len(r.groups) for r in table.rows)
    width = label_cols + max(len(blk.columns) for blk in table.blocks)
    b = _Builder()
    line = 0
    for i, block in enumerate(table.blocks):
        line = _block_lines(b, table, block, line, label_cols, width, i == 0)
    head = 0
    if len(table.blocks) == 1 and table.blocks[0].caption is None:
        head = _header_lines(table, table.blocks[0])
    return b.grid(table, head)


def _transposed(table: Table) -> Grid:
    if len(table.blocks) != 1:
        raise AssertionError(f"{table.id}: a transposed table has one block")
    block = table.blocks[0]
    rows = block.rows
    depth = max(len(r.groups) for r in rows)
    b = _Builder()
    col = 0
    n = len(block.columns)
    value_line = depth + 2
    for i, r in enumerate(rows):
        for level, g in enumerate(r.groups):
            if _starts_group(rows, i, level):
                b.add("group", g.label, level, col, 1, n * _run_length(rows, i, level, g))
        g_depth = len(r.groups)
        b.add("row", r.label, g_depth, col, 1, n)
        for k, c in enumerate(block.columns):
            b.add("column", c.label, g_depth + 1, col + k, value_line - g_depth - 1, 1)
            b.add("value", "", value_line, col + k, 1, 1, CellRef(table, block, r, c))
        col += n
    return b.grid(table, value_line)


def build_grid(table: Table) -> Grid:
    """The official drawing of ``table``."""
    return _transposed(table) if table.transposed else _stacked(table)
