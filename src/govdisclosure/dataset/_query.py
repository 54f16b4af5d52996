"""SQL over a dataset with embedded DuckDB: the five tables as views, whatever the format."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from govdisclosure.dataset._schema import PARTITION, TABLES, duckdb_type
from govdisclosure.dataset._write import DatasetFormat, DatasetOutputError

__all__ = ["connect", "dataset_format", "query", "run_sql"]

_DUCKDB_MAGIC = b"DUCK"


def dataset_format(path: str | os.PathLike[str]) -> DatasetFormat:
    """The format of the dataset at ``path``; :class:`DatasetOutputError` if it is none."""
    p = Path(path)
    if p.is_file():
        with p.open("rb") as f:
            head = f.read(16)
        if head[8:12] == _DUCKDB_MAGIC:
            return "duckdb"
    elif p.is_dir():
        if (p / "datapackage.json").is_file():
            return "csv"
        if all((p / t).is_dir() for t in TABLES):
            return "parquet"
    elif not p.exists():
        raise DatasetOutputError(f"{p}: no such dataset")
    raise DatasetOutputError(
        f"{p} is not a dataset written by `govdisclosure dataset` (expected a directory of "
        "Parquet tables, a directory with datapackage.json, or a DuckDB file)"
    )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _empty_view(table: str) -> str:
    cols = ", ".join(
        f'CAST(NULL AS {duckdb_type(c.kind)}) AS "{c.name}"' for c in TABLES[table].columns
    )
    return f"SELECT {cols} WHERE false"


def _parquet_view(root: Path, table: str) -> str:
    if not any((root / table).glob(f"{PARTITION}=*/*.parquet")):
        return _empty_view(table)
    glob = _quote(str(root / table / f"{PARTITION}=*" / "*.parquet"))
    cols = ", ".join(
        f'CAST("{c.name}" AS INTEGER) AS "{c.name}"' if c.name == PARTITION else f'"{c.name}"'
        for c in TABLES[table].columns
    )
    return f"SELECT {cols} FROM read_parquet({glob}, hive_partitioning = true)"


def _csv_view(root: Path, table: str) -> str:
    columns = ", ".join(
        f"{_quote(c.name)}: {_quote('VARCHAR' if c.kind in ('string_list', 'subsections') else duckdb_type(c.kind))}"
        for c in TABLES[table].columns
    )
    path = _quote(str(root / f"{table}.csv"))
    select = ", ".join(
        f'CAST(json("{c.name}") AS {duckdb_type(c.kind)}) AS "{c.name}"'
        if c.kind in ("string_list", "subsections")
        else f'"{c.name}"'
        for c in TABLES[table].columns
    )
    return (
        f"SELECT {select} FROM read_csv({path}, header = true, columns = {{{columns}}}, "
        "quote = '\"', escape = '\"')"
    )


def connect(path: str | os.PathLike[str]) -> Any:
    """A DuckDB connection in which ``reports``, ``cells``, ``findings``, ``sections`` and
    ``indicators`` are the tables of the dataset at ``path`` (read-only)."""
    from govdisclosure.dataset._deps import require

    duckdb = require("duckdb")
    root = Path(path)
    fmt = dataset_format(root)
    if fmt == "duckdb":
        return duckdb.connect(str(root), read_only=True)
    con = duckdb.connect()
    for table in TABLES:
        view = _parquet_view(root, table) if fmt == "parquet" else _csv_view(root, table)
        con.execute(f'CREATE VIEW "{table}" AS {view}')
    return con


def run_sql(con: Any, sql: str) -> Any:
    """The result of ``sql`` on DuckDB connection ``con`` as a ``pyarrow.Table`` (an empty
    table for a statement that returns nothing)."""
    import pyarrow as pa

    rel = con.sql(sql)
    if rel is None:
        return pa.table({})
    # DuckDB 1.4 renamed ``arrow`` to ``to_arrow_table``; both are supported.
    fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
    return fetch()


def query(path: str | os.PathLike[str], sql: str) -> Any:
    """Run ``sql`` over the dataset at ``path``; the result as a ``pyarrow.Table``."""
    con = connect(path)
    try:
        return run_sql(con, sql)
    finally:
        con.close()
