"""Stage 4 of the mapper: cell placement.

Each value is read by :func:`~govdisclosure.parse._normalize.read_cell`: blank and placeholder
cells stay ``None`` (``P-BLANK-CELL``, never 0), units and signs are understood. Digits run
together without separators are split by the table's own identities (row total = sum of its
items) when exactly one split satisfies them (``P-SEGMENTATION-INFERRED``); when several do,
the table's column identities decide once every row is read (:func:`resolve_pending`);
otherwise the cells stay blank and the digits are kept. Empty cells a front end could not
place for certain (``SourceCell.optional``) are left out when the row has exactly that many
cells too many. Rows outside the template (``extra_rows``) are read by the same rules: an
extra row with the table's columns has its digits split by the same identities.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govdisclosure.editions import Edition
from govdisclosure.findings import Finding
from govdisclosure.layout import Column, Row, Table, layout_for
from govdisclosure.models._types import number_fits
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._ir import Location, SourceCell
from govdisclosure.parse._normalize import CellReading, read_cell
from govdisclosure.parse._result import Provenance
from govdisclosure.parse._rows import SrcRow
from govdisclosure.parse._segment import (
    MAX_SPLITS,
    catalogue_identities,
    describe,
    row_identities,
    segment_candidates,
)

if TYPE_CHECKING:
    from govdisclosure.rules.catalogue import Identity

__all__ = [
    "Placed",
    "extra_row",
    "fill",
    "pointer",
    "resolve_pending",
    "table_label",
]

_MAX_PENDING = 20
"""Most digit splits of one row kept for the column identities to decide between."""
_MAX_COMBOS = 2_000

CellKey = tuple[str, str, str]
"""(table id, row id, column id)."""


@dataclass(slots=True)
class Pending:
    """A row whose digits split in several ways, waiting for the column identities."""

    row: Row
    columns: tuple[Column, ...]
    src: SrcRow
    values: list[SourceCell]
    tokens: list[str]
    sols: list[list[int]]
    label: str


@dataclass(slots=True)
class Placed:
    """What placement has produced so far: cells, provenance, extra rows and findings."""

    edition: Edition
    findings: list[Finding] = field(default_factory=list)
    cells: dict[CellKey, int | Decimal | None] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    filled: set[CellKey] = field(default_factory=set)
    """Cells placed (or waiting in ``pending``): a second source for one of them is a
    duplicate row."""
    extra_rows: list[dict[str, Any]] = field(default_factory=list)
    procurement_unit: str | None = None
    tables_seen: set[str] = field(default_factory=set)
    matched_rows: set[tuple[str, str]] = field(default_factory=set)
    pending: dict[tuple[str, str], Pending] = field(default_factory=dict)

    def any_filled(self, table_id: str, rows: Sequence[Row], columns: Sequence[Column]) -> bool:
        """Whether any cell of ``rows`` × ``columns`` is already placed."""
        return any((table_id, r.id, c.id) in self.filled for r in rows for c in columns)

    def mark(self, table_id: str, rows: Sequence[Row], columns: Sequence[Column]) -> None:
        """Record ``rows`` × ``columns`` as placed."""
        self.filled.update((table_id, r.id, c.id) for r in rows for c in columns)


def table_label(table_id: str) -> str:
    """表二/表三/表四."""
    return layout_for(Edition.REV_2021).table(table_id).short_label


def pointer(table_id: str, row: Row, column: Column) -> str:
    """JSON Pointer of a cell."""
    return "/" + "/".join((table_id, *row.path, column.id))


# ----------------------------------------------------------------------------------------------
# one cell


def _convert_amount(
    st: Placed, reading: CellReading, column: Column, ptr: str, loc: Location
) -> Decimal:
    assert reading.value is not None
    value = reading.value
    raw = reading.raw
    unit = reading.unit
    if unit in ("件", "项", "个", "条", "次"):
        unit = None
    if column.unit == "万元" and unit == "元":
        converted = value / Decimal(10000)
        st.findings.append(
            parse_finding(
                "P-CELL-UNIT-CONVERTED",
                pointers=[ptr],
                location=loc,
                raw=raw,
                unit="元",
                target=f"{converted.normalize():f}万元",
            )
        )
        return converted
    if column.unit is None and unit is not None:
        st.procurement_unit = unit
    if unit is not None:
        st.findings.append(
            parse_finding("P-CELL-UNIT", pointers=[ptr], location=loc, raw=raw, unit=unit)
        )
    return value


def _unreadable(st: Placed, raw: str, ptr: str, loc: Location, expected: str) -> None:
    """A cell left blank because its text is not a value the column holds (a finding)."""
    st.findings.append(
        parse_finding("P-CELL-UNREADABLE", pointers=[ptr], location=loc, raw=raw, expected=expected)
    )


def _convert_count(st: Placed, reading: CellReading, ptr: str, loc: Location) -> int | None:
    assert reading.value is not None
    if not reading.is_integer or reading.unit in ("元", "万元"):
        _unreadable(st, reading.raw, ptr, loc, "a whole number")
        return None
    if reading.unit is not None:
        st.findings.append(
            parse_finding(
                "P-CELL-UNIT", pointers=[ptr], location=loc, raw=reading.raw, unit=reading.unit
            )
        )
    return int(reading.value)


def convert(
    st: Placed, reading: CellReading, column: Column, ptr: str, loc: Location
) -> int | Decimal | None:
    """The value of one cell for ``column`` (``None`` with a finding when it has none)."""
    value = _convert_reading(st, reading, column, ptr, loc)
    if value is not None and not number_fits(value, column.kind):
        # Beyond what the model holds (a count above 2^53, an amount above 1e15 or with more
        # than 12 decimal places): blank with a finding, not a failure of the whole document.
        expected = "a number within the model's limits (see docs/schemas.md)"
        _unreadable(st, reading.raw, ptr, loc, expected)
        return None
    return value


def _convert_reading(
    st: Placed, reading: CellReading, column: Column, ptr: str, loc: Location
) -> int | Decimal | None:
    raw = reading.raw
    if reading.blank:
        st.findings.append(
            parse_finding("P-BLANK-CELL", pointers=[ptr], location=loc, raw=raw.strip())
        )
        return None
    if not reading.readable or reading.value is None:
        expected = "a number" if column.kind == "amount" else "a whole number"
        _unreadable(st, raw, ptr, loc, expected)
        return None
    if reading.value < 0 and column.kind != "signed_count":
        st.findings.append(parse_finding("P-CELL-NEGATIVE", pointers=[ptr], location=loc, raw=raw))
        return None
    if column.kind == "amount":
        return _convert_amount(st, reading, column, ptr, loc)
    return _convert_count(st, reading, ptr, loc)


# ----------------------------------------------------------------------------------------------
# a row of cells


def _trimmed(values: list[SourceCell], n: int) -> list[SourceCell]:
    """``values`` without layout cells: trailing blanks beyond ``n``, and optional blanks
    when there are exactly that many too many."""
    values = list(values)
    # Blank cells after the expected ones are layout (empty merged or padding cells).
    while len(values) > n and read_cell(values[-1].text).blank:
        values.pop()
    optional = sum(1 for c in values if c.optional)
    if optional and len(values) - optional == n:
        values = [c for c in values if not c.optional]
    return values


def _digit_tokens(values: list[SourceCell]) -> list[str] | None:
    """The values as digit runs, ``None`` when one of them is not a run of digits."""
    tokens = [c.text.strip() for c in values]
    if values and all(t and t.lstrip("-−－").isdigit() for t in tokens):
        return tokens
    return None


def fill(
    st: Placed,
    table_id: str,
    rows: list[Row],
    columns: tuple[Column, ...],
    src: SrcRow,
    label: str,
    values: list[SourceCell] | None = None,
) -> bool:
    """Place ``src``'s values (or ``values``) in ``rows`` × ``columns``; ``False`` when they
    cannot be placed."""
    n = len(rows) * len(columns)
    values = _trimmed(src.values if values is None else values, n)
    targets = [(row, col) for row in rows for col in columns]
    if len(values) == n:
        for (row, col), cell in zip(targets, values, strict=True):
            ptr = pointer(table_id, row, col)
            st.cells[(table_id, row.id, col.id)] = convert(
                st, read_cell(cell.text), col, ptr, cell.loc
            )
            st.provenance[ptr] = Provenance(cell.loc, cell.text)
        return True
    if len(values) > n:
        st.findings.append(
            parse_finding(
                "P-ROW-LONG",
                pointers=[pointer(table_id, rows[0], columns[0])],
                location=src.loc,
                row_label=label,
                got=len(values),
                expected=n,
                rest=" ".join(c.text for c in values[n:]),
            )
        )
        return False
    return _fill_split(st, table_id, rows, columns, src, label, values)


def _fill_split(
    st: Placed,
    table_id: str,
    rows: list[Row],
    columns: tuple[Column, ...],
    src: SrcRow,
    label: str,
    values: list[SourceCell],
) -> bool:
    """Fewer values than cells: digits may have been run together without separators."""
    n = len(rows) * len(columns)
    targets = [(row, col) for row in rows for col in columns]
    tokens = _digit_tokens(values)
    identities, used = row_identities(st.edition, table_id, columns, len(rows))
    sols = segment_candidates(tokens, n, identities) if tokens is not None else []
    tokens = tokens or [c.text.strip() for c in values]
    if sols is not None and len(sols) == 1:
        _apply_split(st, table_id, targets, values, tokens, sols[0], src, label, describe(used))
        return True
    if sols is not None and 1 < len(sols) <= _MAX_PENDING and len(rows) == 1:
        # The table's column identities may still decide (see resolve_pending).
        st.pending[(table_id, rows[0].id)] = Pending(
            rows[0], columns, src, values, tokens, sols, label
        )
        return True
    _report_unplaced(st, table_id, rows[0], columns[0], src, label, tokens, sols, len(values), n)
    return False


def _report_unplaced(
    st: Placed,
    table_id: str,
    row: Row,
    column: Column,
    src: SrcRow,
    label: str,
    tokens: list[str],
    sols: list[list[int]] | None,
    got: int,
    expected: int,
) -> None:
    code = "P-SEGMENTATION-AMBIGUOUS" if sols is None or len(sols) > 1 else "P-ROW-SHORT"
    st.findings.append(
        parse_finding(
            code,
            pointers=[pointer(table_id, row, column)],
            location=src.loc,
            row_label=label,
            raw=" ".join(tokens),
            count=len(sols) if sols is not None else f">{MAX_SPLITS}",
            got=got,
            expected=expected,
        )
    )


def _pieces(
    values: list[SourceCell], tokens: list[str], sol: list[int]
) -> list[tuple[SourceCell, str]]:
    """The cell and digits each number of ``sol`` was cut from, in order."""
    out: list[tuple[SourceCell, str]] = []
    ti, used = 0, 0
    for value in sol:
        digits = tokens[ti].lstrip("-−－")
        length = len(str(abs(value)))
        out.append((values[ti], digits[used : used + length]))
        used += length
        if used >= len(digits):
            ti, used = ti + 1, 0
    return out


def _apply_split(
    st: Placed,
    table_id: str,
    targets: list[tuple[Row, Column]],
    values: list[SourceCell],
    tokens: list[str],
    sol: list[int],
    src: SrcRow,
    label: str,
    identity: str,
) -> None:
    pointers = [pointer(table_id, r, c) for r, c in targets]
    # Each number's provenance is the token it was cut from, and its own digits.
    for (row, col), value, (cell, piece) in zip(
        targets, sol, _pieces(values, tokens, sol), strict=True
    ):
        ptr = pointer(table_id, row, col)
        st.provenance[ptr] = Provenance(cell.loc, piece)
        st.cells[(table_id, row.id, col.id)] = convert(
            st, read_cell(("-" if value < 0 else "") + piece), col, ptr, cell.loc
        )
    st.findings.append(
        parse_finding(
            "P-SEGMENTATION-INFERRED",
            pointers=pointers,
            location=src.loc,
            row_label=label,
            raw=" ".join(tokens),
            values=sol,
            identity=identity or "单元格个数",
        )
    )


# ----------------------------------------------------------------------------------------------
# rows outside the template


def _extra_cells(src: SrcRow, columns: tuple[Column, ...] | None) -> list[dict[str, Any]]:
    cells: list[dict[str, Any]] = []
    for i, c in enumerate(src.values):
        r = read_cell(c.text)
        value = r.value
        cells.append(
            {
                "column": columns[i].id if columns is not None and i < len(columns) else None,
                "raw": c.text,
                "value": abs(value)
                if value is not None and number_fits(abs(value), "amount")
                else None,
                "negative": r.negative,
            }
        )
    return cells


def _extra_split(
    st: Placed, table_id: str, src: SrcRow, columns: tuple[Column, ...]
) -> list[dict[str, Any]] | None:
    """The cells of an extra row whose digits run together, split by the table's row
    identities as a template row's are (``None`` unless exactly one split fits)."""
    values = _trimmed(src.values, len(columns))
    tokens = _digit_tokens(values)
    if tokens is None or len(values) >= len(columns):
        return None
    identities, used = row_identities(st.edition, table_id, columns, 1)
    sols = segment_candidates(tokens, len(columns), identities)
    if sols is None or len(sols) != 1:
        return None
    sol = sols[0]
    st.findings.append(
        parse_finding(
            "P-SEGMENTATION-INFERRED",
            location=src.loc,
            row_label=src.raw_label or "（无标签）",
            raw=" ".join(tokens),
            values=sol,
            identity=describe(used) or "单元格个数",
        )
    )
    return [
        {
            "column": col.id,
            "raw": piece,
            "value": abs(value) if number_fits(abs(value), "amount") else None,
            "negative": value < 0,
        }
        for col, value, (_cell, piece) in zip(
            columns, sol, _pieces(values, tokens, sol), strict=True
        )
    ]


def extra_row(
    st: Placed,
    table_id: str,
    src: SrcRow,
    *,
    after_row: str | None,
    subtotal_of: str | None = None,
    columns: tuple[Column, ...] | None = None,
    split_columns: tuple[Column, ...] | None = None,
) -> None:
    """Keep ``src`` in ``extra_rows`` with its raw cells, or, when its digits run together,
    split by the row identities of ``split_columns`` (exactly one split fitting them)."""
    cells = _extra_split(st, table_id, src, split_columns) if split_columns else None
    if cells is None:
        cells = _extra_cells(src, columns)
    row = {
        "table": table_id,
        "label": src.raw_label,
        "after_row": after_row,
        "subtotal_of": subtotal_of,
        "cells": cells,
    }
    _apply_hints(st, table_id, src, row)
    st.extra_rows.append(row)


def _apply_hints(st: Placed, table_id: str, src: SrcRow, row: dict[str, Any]) -> None:
    """Where a page rendered by govdisclosure states the place of an added row, its subtotal
    link and the columns of its cells (``data-govd-*`` attributes, not printed), take them as
    stated, as the report held them; an empty hint says it held ``null``."""
    hints = next((c.hints for c in (*src.labels, *src.values) if c.hints), None)
    if hints is None:
        return
    for name, key in (("after-row", "after_row"), ("subtotal-of", "subtotal_of")):
        if name in hints:
            row[key] = hints[name] or None
    for cell, source in zip(row["cells"], src.values, strict=False):
        if source.hints is not None and "column" in source.hints:
            cell["column"] = source.hints["column"] or None


# ----------------------------------------------------------------------------------------------
# digit splits decided by the column identities


def _subtotals(st: Placed, table_id: str) -> dict[str, dict[str, Any]]:
    """Per row group: the cells of an extra row kept as its subtotal (column id → value)."""
    out: dict[str, dict[str, Any]] = {}
    for extra in st.extra_rows:
        group = extra["subtotal_of"]
        if extra["table"] != table_id or group is None or group in out:
            continue
        cells = {c["column"]: c["value"] for c in extra["cells"] if c["column"] is not None}
        out[group] = cells
    return out


def _sides(
    ident: Identity, groups: dict[str, dict[str, Any]]
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The right side of ``ident`` with the rows of each group that has a subtotal row set
    apart: where those rows are blank, the subtotal stands for them."""
    stand_in: dict[str, tuple[str, ...]] = {}
    for g in groups:
        members = tuple(r for r in ident.right if r.startswith(g + "."))
        if members:
            stand_in[g] = members
    return ident.right, stand_in


def _combo_fits(
    st: Placed,
    table: Table,
    idents: tuple[Identity, ...],
    trial: dict[str, list[int]],
    groups: dict[str, dict[str, Any]],
) -> bool:
    """Whether the column identities hold with ``trial``'s rows, and at least one reads them.

    A row group printed as one subtotal row (a 2021 report keeping the 2019 （六）其他处理 row)
    counts as that row where its own rows are blank.
    """
    columns = table.blocks[0].columns

    def cell(row_id: str, ci: int) -> Any:
        if row_id in trial:
            return trial[row_id][ci]
        return st.cells.get((table.id, row_id, columns[ci].id))

    def right_values(ident: Identity, ci: int) -> list[Any]:
        right, stand_in = _sides(ident, groups)
        vals = [cell(r, ci) for r in right if not any(r in m for m in stand_in.values())]
        for g, members in stand_in.items():
            own = [cell(r, ci) for r in members]
            vals.extend([groups[g].get(columns[ci].id)] if all(v is None for v in own) else own)
        return vals

    used = False
    for ident in idents:
        touches = any(r in trial for r in ident.left + ident.right)
        for ci in range(len(columns)):
            vals_l = [cell(r, ci) for r in ident.left]
            vals_r = right_values(ident, ci)
            if any(v is None for v in vals_l + vals_r):
                continue
            used = used or touches
            if sum(vals_l) != sum(vals_r):
                return False
    return used


def _decide(
    st: Placed, table: Table, pending: dict[tuple[str, str], Pending]
) -> tuple[list[list[int]] | None, list[Identity]]:
    """The one combination of the pending rows' splits the column identities allow."""
    keys = list(pending)
    combos = 1
    for k in keys:
        combos *= len(pending[k].sols)
    idents = catalogue_identities(st.edition, table.id, "columns")
    if not idents or len(table.blocks) != 1 or combos > _MAX_COMBOS:
        return None, []
    groups = _subtotals(st, table.id)
    fits = [
        combo
        for combo in itertools.product(*(pending[k].sols for k in keys))
        if _combo_fits(
            st, table, idents, {k[1]: s for k, s in zip(keys, combo, strict=True)}, groups
        )
    ]
    if len(fits) == 1:
        return list(fits[0]), list(idents)
    return None, []


def _stand_ins(st: Placed, table: Table) -> str:
    """What a finding says of subtotal rows standing in for their groups' blank rows."""
    out: list[str] = []
    for extra in st.extra_rows:
        group = extra["subtotal_of"]
        if extra["table"] != table.id or group is None:
            continue
        members = [r for r in table.rows if r.id.startswith(group + ".")]
        if members and not any((table.id, r.id) in st.matched_rows for r in members):
            out.append(f"“{extra['label']}”行作为 {group} 的小计代替其各行")
    return "；".join(dict.fromkeys(out))


def resolve_pending(st: Placed, table: Table) -> None:
    """Choose among a row's digit splits the one combination the column identities allow."""
    pending = {k: v for k, v in st.pending.items() if k[0] == table.id}
    if not pending:
        return
    chosen, decided_by = _decide(st, table, pending)
    stand_ins = _stand_ins(st, table) if chosen is not None else ""
    for i, (k, p) in enumerate(pending.items()):
        if chosen is not None:
            own = row_identities(st.edition, table.id, p.columns, 1)[1]
            identity = describe([*own, *decided_by])
            _apply_split(
                st,
                table.id,
                [(p.row, c) for c in p.columns],
                p.values,
                p.tokens,
                chosen[i],
                p.src,
                p.label,
                f"{identity}；{stand_ins}" if stand_ins else identity,
            )
        else:
            _report_unplaced(
                st,
                table.id,
                p.row,
                p.columns[0],
                p.src,
                p.label,
                p.tokens,
                p.sols,
                len(p.values),
                len(p.columns),
            )
            st.filled.difference_update((table.id, p.row.id, c.id) for c in p.columns)
            extra_row(st, table.id, p.src, after_row=p.row.id, columns=p.columns)
        del st.pending[k]
