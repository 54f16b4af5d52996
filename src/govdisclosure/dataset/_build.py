"""Arrow record batches of the five tables from many :class:`ReportRows`, column by column.

The cell table is most of a dataset (about 200 rows per report). Its constant columns
(table, row, column, pointer, kind, unit, position) are built once per edition from the
layout and taken by index; only the values, the report ids and the provenance are gathered
per report. No per-cell Python object is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Any

from govdisclosure.dataset._rows import ReportRows
from govdisclosure.dataset._schema import TABLES, arrow_schema

__all__ = ["build_batch", "build_batches"]


@dataclass(frozen=True)
class _Constants:
    base: dict[str, int]
    """Offset of each edition's cells in the constant arrays."""
    amount_positions: dict[str, tuple[int, ...]]
    """Positions of the amount cells of each edition."""
    units: list[str | None]
    arrays: dict[str, Any]
    """Constant columns over the cells of every edition, edition after edition."""


@cache
def _constants() -> _Constants:
    import pyarrow as pa

    from govdisclosure.layout import LAYOUTS

    base: dict[str, int] = {}
    amounts: dict[str, tuple[int, ...]] = {}
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "edition",
            "position",
            "table",
            "row",
            "column",
            "cell",
            "pointer",
            "kind",
            "unit",
        )
    }
    for edition, lay in LAYOUTS.items():
        base[edition.value] = len(cols["table"])
        amounts[edition.value] = tuple(
            k for k, ref in enumerate(lay.cells) if ref.column.kind == "amount"
        )
        for k, ref in enumerate(lay.cells):
            cols["edition"].append(edition.value)
            cols["position"].append(k)
            cols["table"].append(ref.table.id)
            cols["row"].append(ref.row.id)
            cols["column"].append(ref.column.id)
            cols["cell"].append(ref.dotted)
            cols["pointer"].append(ref.pointer)
            cols["kind"].append(ref.column.kind)
            cols["unit"].append(ref.column.unit)
    schema = arrow_schema("cells")
    arrays = {k: pa.array(v, schema.field(k).type) for k, v in cols.items()}
    return _Constants(base, amounts, cols["unit"], arrays)


def _cells(rows: Sequence[ReportRows], partitioned: bool) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    const = _constants()
    schema = arrow_schema("cells", partitioned=partitioned)
    take: list[int] = []
    owner: list[int] = []
    counts: list[Any] = []
    amount_at: list[tuple[int, Any]] = []
    units: list[str | None] | None = None
    where: list[str | None] | None = None
    raw: list[str | None] | None = None
    for k, r in enumerate(rows):
        n = len(r.cells)
        start = len(counts)
        base = const.base[r.edition]
        take.extend(range(base, base + n))
        owner.extend(repeat(k, n))
        counts.extend(r.cells)
        for p in const.amount_positions[r.edition]:
            amount_at.append((start + p, counts[start + p]))
            counts[start + p] = None
        if r.units is not None or units is not None:
            units = _extend_units(units, r, const, take, start)
        if r.provenance is not None or where is not None:
            where, raw = _extend_provenance(where, raw, r, start)
    total = len(counts)
    amounts: list[Any] = [None] * total
    for i, v in amount_at:
        amounts[i] = v
    idx = pa.array(take, pa.int32())
    who = pa.array(owner, pa.int32())
    count = pa.array(counts, pa.int64())
    amount = pa.array(amounts, schema.field("amount").type)
    cols: dict[str, Any] = {
        "report_id": pa.array([r.report_id for r in rows], pa.string()).take(who),
        "report_year": pa.array([r.report_year for r in rows], pa.int32()).take(who),
        "count": count,
        "amount": amount,
        "blank": pc.and_(count.is_null(), amount.is_null()),
        "unit": pa.array(units, pa.string()) if units is not None else None,
        "source_location": _strings(where, total),
        "raw": _strings(raw, total),
    }
    for name, arr in const.arrays.items():
        if cols.get(name) is None:
            cols[name] = arr.take(idx)
    return pa.RecordBatch.from_arrays([cols[f.name] for f in schema], schema=schema)


def _extend_units(
    units: list[str | None] | None, r: ReportRows, const: _Constants, take: list[int], start: int
) -> list[str | None]:
    """The unit column with ``r``'s cells added; made when the first report states a unit
    (until then every unit is the template's)."""
    if units is None:
        units = [const.units[i] for i in take[:start]]
    base = const.base[r.edition]
    units.extend(r.units if r.units is not None else const.units[base : base + len(r.cells)])
    return units


def _extend_provenance(
    where: list[str | None] | None, raw: list[str | None] | None, r: ReportRows, start: int
) -> tuple[list[str | None], list[str | None]]:
    """The source-location and raw-text columns with ``r``'s cells added; made when the first
    parsed report comes (until then every cell has none)."""
    if where is None or raw is None:
        where, raw = [None] * start, [None] * start
    if r.provenance is None:
        where.extend(repeat(None, len(r.cells)))
        raw.extend(repeat(None, len(r.cells)))
    else:
        where.extend(r.provenance[0])
        raw.extend(r.provenance[1])
    return where, raw


def _strings(values: list[str | None] | None, total: int) -> Any:
    import pyarrow as pa

    return pa.array(values, pa.string()) if values is not None else pa.nulls(total, pa.string())


def _rows_batch(table: str, rows: Sequence[ReportRows], partitioned: bool) -> Any:
    import pyarrow as pa

    schema = arrow_schema(table, partitioned=partitioned)
    names = TABLES[table].names
    columns: list[list[Any]] = [[] for _ in names]
    if table == "reports":
        for r in rows:
            for col, value in zip(columns, r.report, strict=True):
                col.append(value)
    else:
        for r in rows:
            part = getattr(r, table)
            m = len(part[0])
            columns[0].extend(repeat(r.report_id, m))
            columns[1].extend(repeat(r.report_year, m))
            for col, values in zip(columns[2:], part, strict=True):
                col.extend(values)
    arrays = [
        pa.array(col, schema.field(name).type)
        for name, col in zip(names, columns, strict=True)
        if not (partitioned and name == "report_year")
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def build_batch(table: str, rows: Sequence[ReportRows], *, partitioned: bool = False) -> Any:
    """The Arrow record batch of ``table`` for ``rows`` (without ``report_year`` when
    ``partitioned``: the partition directory carries it)."""
    if table == "cells":
        return _cells(rows, partitioned)
    return _rows_batch(table, rows, partitioned)


def build_batches(rows: Sequence[ReportRows], *, partitioned: bool = False) -> dict[str, Any]:
    """The record batch of every table for ``rows``."""
    return {t: build_batch(t, rows, partitioned=partitioned) for t in TABLES}
