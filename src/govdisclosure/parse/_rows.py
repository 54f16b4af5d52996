"""Stage 1 of the mapper: source rows, each classified to table 二, 三 or 四.

Each source row is split into *label cells* (up to the last cell that is text) and *value
cells* (the cells after it; a merged cell counts once). Rows without values are headers: the
header texts above each grid column are kept with the rows below them (columns are mapped by
their labels), and a header or a short heading before a table that names one row (行政复议,
行政诉讼（复议后起诉）) is kept as the *context* of the value rows under it that print no
label of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.parse._ir import Location, SourceCell, SourceTable
from govdisclosure.parse._labels import SHORT_CORE, TABLE_IDS, match_row, vocab_hits
from govdisclosure.parse._normalize import normalize_label, read_cell

__all__ = ["MAX_CONTEXT_CHARS", "SrcRow", "classify", "rows_of"]

MAX_CONTEXT_CHARS = 40
"""A text block longer than this is prose, never a heading naming a row."""


@dataclass(slots=True)
class SrcRow:
    """One source row: its label and value cells, and what the stages find out about it."""

    labels: list[SourceCell]
    values: list[SourceCell]
    loc: Location
    norm: str = ""
    raw_label: str = ""
    table: str | None = None
    section: str | None = None
    """Table whose section heading (二、三、四) is the last one printed before this row."""
    grid: list[int] = field(default_factory=list)
    """Grid column of each value cell."""
    label_grid: list[int] = field(default_factory=list)
    """Grid columns of the label cells."""
    heads: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """Normalised header texts above each grid column (top down), from the rows without
    values of the same source table printed before this row."""
    context: str | None = None
    """Normalised heading naming the row of a value row printed without a label of its own
    (a text block before the table, its caption, or a header row of the table)."""


def _is_value_text(text: str) -> bool:
    r = read_cell(text)
    return r.blank or r.readable


def _own_cells(ri: int, row: list[SourceCell]) -> list[tuple[int, SourceCell]]:
    # A position covered by a cell merged across columns of the same row repeats it.
    return [
        (ci, cell)
        for ci, cell in enumerate(row)
        if not (cell.origin is not None and cell.origin[0] == ri and cell.origin[1] != ci)
    ]


def _add_heads(heads: dict[int, tuple[str, ...]], row: list[SourceCell]) -> None:
    for ci, cell in enumerate(row):
        norm = normalize_label(cell.text)
        if norm and heads.get(ci, ())[-1:] != (norm,):
            heads[ci] = (*heads.get(ci, ()), norm)


@lru_cache(maxsize=1024)
def _rows_named(norm: str) -> int:
    """How many rows of one table ``norm`` names (the most over tables and editions)."""
    hits = 0
    for edition in Edition:
        for t in TABLE_IDS:
            m = match_row(norm, edition, t)
            # A short core (总计 ending a row of column labels) names no row.
            if m is not None and len(m.key.core) >= SHORT_CORE:
                hits = max(hits, m.hits)
    return hits


def _header_context(norm: str, context: str | None) -> str | None:
    """The context after a header row: the row it names, ``None`` when it names several."""
    hits = _rows_named(norm)
    if hits == 1:
        return norm
    return None if hits > 1 else context


def _keep_blank(context: str | None, heads: dict[int, tuple[str, ...]]) -> bool:
    """An unlabelled row of blank cells under headers and a heading naming one row is that
    row printed blank, not an empty line of the grid."""
    return bool(heads) and context is not None and _rows_named(context) == 1


def _split(ri: int, row: list[SourceCell]) -> tuple[list[tuple[int, SourceCell]], int]:
    """The row's own cells (grid column, cell) and the index of its last text cell."""
    cells = _own_cells(ri, row)
    last_text = -1
    for i, (_ci, cell) in enumerate(cells):
        if not _is_value_text(cell.text):
            last_text = i
    return cells, last_text


def _empty(
    labels: list[SourceCell],
    values: list[SourceCell],
    context: str | None,
    heads: dict[int, tuple[str, ...]],
) -> bool:
    if labels or not all(read_cell(c.text).blank and not c.text.strip() for c in values):
        return False
    return not (values and _keep_blank(context, heads))


def _added_row(cells: list[tuple[int, SourceCell]]) -> int | None:
    """For a row whose every cell carries the ``after-row`` hint of a page rendered by
    govdisclosure (an added row): the index of its last label cell (no ``column`` hint)."""
    if not cells or not all(c.hints is not None and "after-row" in c.hints for _ci, c in cells):
        return None
    labels = [i for i, (_ci, c) in enumerate(cells) if c.hints and "column" not in c.hints]
    if labels != list(range(len(labels))):
        return None
    return len(labels) - 1


def rows_of(table: SourceTable, context: str | None = None) -> list[SrcRow]:
    """The rows of ``table`` with values or labels, in order (empty rows left out)."""
    out: list[SrcRow] = []
    heads: dict[int, tuple[str, ...]] = {}
    for ri, row in enumerate(table.rows):
        cells, last_text = _split(ri, row)
        added = _added_row(cells)
        if added is not None:
            # A row a govdisclosure page declares added: its label and cells as declared,
            # whatever the cells hold (text too).
            last_text = added
        labels = [c for _ci, c in cells[: last_text + 1] if c.text.strip() or added is not None]
        values = [c for _ci, c in cells[last_text + 1 :]]
        if added is None and _empty(labels, values, context, heads):
            continue
        loc = (labels or values or row)[0].loc if (labels or values or row) else table.loc
        raw = " ".join(c.text.strip() for c in labels)
        src = SrcRow(labels, values, loc, normalize_label(raw), raw)
        src.grid = [ci for ci, _c in cells[last_text + 1 :]]
        src.label_grid = [
            ci for ci, c in cells[: last_text + 1] if c.text.strip() or added is not None
        ]
        src.heads = dict(heads)
        src.context = context
        if not values:
            _add_heads(heads, row)
            context = _header_context(src.norm, context)
        out.append(src)
    return out


def _best_table(r: SrcRow, after_heading: bool) -> str | None:
    best: tuple[int, str] | None = None
    if not r.norm:
        return None
    if r.values:
        for edition in Edition:
            for t in TABLE_IDS:
                m = match_row(r.norm, edition, t)
                if m is not None:
                    score = len(m.key.core) * 10
                    if best is None or score > best[0]:
                        best = (score, t)
    elif not after_heading:
        for t in TABLE_IDS:
            score = vocab_hits(r.norm, t)
            if score and (best is None or score > best[0]):
                best = (score, t)
    return None if best is None else best[1]


def classify(rows: list[SrcRow]) -> None:
    """Assign each row to table 二, 三 or 四 (``None`` before any table is recognised).

    After a section heading of a table (四、政府信息公开行政复议、行政诉讼情况) its rows belong
    to that table unless their own labels say otherwise: header words alone (shredded by a
    converter, ``维持 | 纠正 | 结果``) do not move them elsewhere.
    """
    current: str | None = None
    section: str | None = None
    # Header rows between a heading and the first row with values follow the heading.
    after_heading = False
    for r in rows:
        if r.section != section:
            section = r.section
            if section is not None:
                current = section
                after_heading = True
        declared = next((c.hints.get("table") for c in r.labels if c.hints), None)
        if declared in TABLE_IDS:
            # An added row of a govdisclosure page says its table; the others' stays.
            r.table = declared
            continue
        best = _best_table(r, after_heading)
        if r.values:
            after_heading = False
        if best is not None:
            current = best
        r.table = current


on_registry_change(_rows_named.cache_clear)
