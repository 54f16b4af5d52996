"""Many reports as a tidy dataset: five tables for pandas, Arrow, DuckDB, Polars or Spark.

>>> from govdisclosure.dataset import read_rows, to_pandas, write_dataset
>>> rows = [read_rows(p.read_bytes(), source=str(p)) for p in paths]   # doctest: +SKIP
>>> to_pandas(rows, "cells").groupby("report_year")["count"].sum()       # doctest: +SKIP
>>> write_dataset(rows, "out")                                          # doctest: +SKIP

The tables (every column is described in :data:`TABLES`):

- ``reports``: one row per report — a stable ``report_id``, the source, the content's
  SHA-256, the issuing body, year, edition, dates, title and the findings by severity;
- ``cells``: one row per statistical cell — the public cell id (``table``, ``row``,
  ``column``), the value as an integer ``count`` or an exact decimal ``amount``, the unit,
  a ``blank`` flag, and for parsed reports where the value was read;
- ``findings``: one row per finding of the parser or the rules (messages in zh and en);
- ``sections``: one row per narrative section.

Reports go in as report models, :class:`~govdisclosure.parse.ParseResult` objects, or
:class:`ReportRows` (what :func:`read_rows` makes of a file's bytes). Formats: Parquet
(Hive-partitioned by ``report_year``), a DuckDB file, CSV with a frictionless
``datapackage.json``. Needs the ``dataset`` extra: ``pip install 'govdisclosure[dataset]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Union

from govdisclosure.dataset._query import connect, dataset_format, query
from govdisclosure.dataset._rows import (
    DatasetInputError,
    ReportRows,
    UnreadableInputError,
    is_document,
    read_file_rows,
    read_rows,
    report_id,
    report_rows,
)
from govdisclosure.dataset._schema import (
    AMOUNT_PRECISION,
    AMOUNT_SCALE,
    PARTITION,
    TABLE_NAMES,
    TABLES,
    ColumnSpec,
    TableSpec,
    arrow_schema,
    table_schema,
)
from govdisclosure.dataset._write import (
    DATASET_FORMATS,
    DatasetFormat,
    DatasetOutputError,
    DatasetWriter,
)

if TYPE_CHECKING:
    from govdisclosure.models import ReportBase
    from govdisclosure.parse import ParseResult

__all__ = [
    "AMOUNT_PRECISION",
    "AMOUNT_SCALE",
    "DATASET_FORMATS",
    "PARTITION",
    "TABLES",
    "TABLE_NAMES",
    "ColumnSpec",
    "DatasetFormat",
    "DatasetInputError",
    "DatasetOutputError",
    "DatasetWriter",
    "Item",
    "ReportRows",
    "TableSpec",
    "UnreadableInputError",
    "arrow_schema",
    "connect",
    "dataset_format",
    "is_document",
    "query",
    "read_file_rows",
    "read_rows",
    "report_id",
    "report_rows",
    "table_schema",
    "to_arrow",
    "to_pandas",
    "to_records",
    "write_dataset",
]

Item = Union["ReportRows", "ReportBase", "ParseResult"]
"""What the functions of this module take for one report."""


def _rows(items: Iterable[Item]) -> Iterator[ReportRows]:
    for item in items:
        yield item if isinstance(item, ReportRows) else report_rows(item)


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLE_NAMES)}")


def _cell_records(r: ReportRows) -> Iterator[dict[str, Any]]:
    from govdisclosure.layout import layout_for

    names = TABLES["cells"].names
    refs = layout_for(r.edition).cells
    nothing: tuple[str | None, ...] = (None,) * len(refs)
    where, raw = r.provenance if r.provenance is not None else (nothing, nothing)
    for k, (ref, value) in enumerate(zip(refs, r.cells, strict=True)):
        amount = ref.column.kind == "amount"
        yield dict(
            zip(
                names,
                (
                    r.report_id,
                    r.report_year,
                    r.edition,
                    k,
                    ref.table.id,
                    ref.row.id,
                    ref.column.id,
                    ref.dotted,
                    ref.pointer,
                    ref.column.kind,
                    r.units[k] if r.units is not None else ref.column.unit,
                    None if amount else value,
                    value if amount else None,
                    value is None,
                    where[k],
                    raw[k],
                ),
                strict=True,
            )
        )


def to_records(items: Iterable[Item], table: str = "cells") -> Iterator[dict[str, Any]]:
    """The rows of ``table`` for ``items``, one ``dict`` per row, lazily.

    Values are typed Python values: ``int`` counts, ``Decimal`` amounts, ``datetime.date``
    dates, ``None`` for a blank; no extra is needed.
    """
    _check_table(table)
    names = TABLES[table].names
    for r in _rows(items):
        if table == "reports":
            yield dict(zip(names, r.report, strict=True))
        elif table == "cells":
            yield from _cell_records(r)
        else:
            part = getattr(r, table)
            for rec in zip(*part, strict=True):
                yield dict(zip(names, (r.report_id, r.report_year, *rec), strict=True))


def to_arrow(items: Iterable[Item], table: str = "cells", *, batch_reports: int = 256) -> Any:
    """``table`` for ``items`` as a ``pyarrow.Table`` with the dataset's types.

    Counts are ``int64``, amounts ``decimal128(38, 6)``, dates ``date32``; a blank cell is
    null in both value columns, and ``blank`` says so.
    """
    from govdisclosure.dataset._build import build_batch
    from govdisclosure.dataset._deps import require

    _check_table(table)
    pa = require("pyarrow")
    batches = []
    chunk: list[ReportRows] = []
    for r in _rows(items):
        chunk.append(r)
        if len(chunk) >= batch_reports:
            batches.append(build_batch(table, chunk))
            chunk = []
    if chunk or not batches:
        batches.append(build_batch(table, chunk))
    return pa.Table.from_batches(batches, schema=arrow_schema(table))


def to_pandas(items: Iterable[Item], table: str = "cells") -> Any:
    """``table`` for ``items`` as a ``pandas.DataFrame`` with typed columns, never ``object``.

    Every column has an Arrow-backed dtype: ``int64[pyarrow]`` counts (nullable),
    ``decimal128(38, 6)[pyarrow]`` amounts (exact), ``bool[pyarrow]``, ``date32[pyarrow]``,
    ``string[pyarrow]``, and lists for the list columns.
    """
    from govdisclosure.dataset._deps import require

    pd = require("pandas")
    return to_arrow(items, table).to_pandas(types_mapper=pd.ArrowDtype)


def write_dataset(
    items: Iterable[Item],
    out: str | os.PathLike[str],
    format: DatasetFormat = "parquet",
    *,
    overwrite: bool = False,
) -> dict[str, int]:
    """Write ``items`` as a dataset at ``out``; returns the number of rows of each table.

    Streaming: rows are written in batches, so ``items`` may be a generator over any number
    of reports. A report whose id is already in the dataset is skipped.
    """
    with DatasetWriter(out, format, overwrite=overwrite) as writer:
        for r in _rows(items):
            writer.add(r)
    return writer.counts
