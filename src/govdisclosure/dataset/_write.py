"""Writing a dataset: Parquet (Hive-partitioned by report year), a DuckDB file, or CSV with
a frictionless ``datapackage.json``.

Rows arrive one report at a time and are buffered per report year; a full buffer becomes one
record batch per table (a Parquet row group), so memory stays flat whatever the number of
reports. Everything is written under a temporary name next to the output and moved into
place when complete: an interrupted run leaves no partial dataset behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Literal

from govdisclosure._version import __version__
from govdisclosure.dataset._build import build_batches
from govdisclosure.dataset._rows import ReportRows
from govdisclosure.dataset._schema import PARTITION, TABLES, duckdb_type, table_schema
from govdisclosure.errors import GovdisclosureError

__all__ = ["DATASET_FORMATS", "DatasetFormat", "DatasetOutputError", "DatasetWriter"]

DatasetFormat = Literal["parquet", "duckdb", "csv"]
DATASET_FORMATS: tuple[str, ...] = ("parquet", "duckdb", "csv")

DEFAULT_BATCH_REPORTS = 256
"""Reports buffered before they are written (about 50,000 cell rows; a parsed report with
its findings and provenance holds some 50 kB of Python objects until then)."""


class DatasetOutputError(GovdisclosureError):
    """The dataset cannot be written where asked."""


class _Sink:
    partitioned = False

    def write(self, year: int, batches: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the files (called once, after the last write)."""

    def abort(self) -> None:
        """Release what is open after a failure (the temporary output is removed after)."""


class _ParquetSink(_Sink):
    partitioned = True

    def __init__(self, root: Path, compression: str) -> None:
        from govdisclosure.dataset._schema import arrow_schema

        self.root = root
        self.compression = compression
        self.writers: dict[tuple[str, int], Any] = {}
        for table in TABLES:
            (root / table).mkdir(parents=True)
        self.schemas = {t: arrow_schema(t, partitioned=True) for t in TABLES}

    def write(self, year: int, batches: dict[str, Any]) -> None:
        import pyarrow.parquet as pq

        for table, batch in batches.items():
            key = (table, year)
            writer = self.writers.get(key)
            if writer is None:
                part = self.root / table / f"{PARTITION}={year}"
                part.mkdir()
                writer = self.writers[key] = pq.ParquetWriter(
                    part / "part-0.parquet", self.schemas[table], compression=self.compression
                )
            if batch.num_rows:
                writer.write_batch(batch, row_group_size=batch.num_rows)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()

    def abort(self) -> None:
        for w in self.writers.values():
            # The files are removed next: a writer that cannot finish does not matter.
            with contextlib.suppress(Exception):
                w.close()


class _DuckdbSink(_Sink):
    def __init__(self, path: Path) -> None:
        import duckdb

        self.con = duckdb.connect(str(path))
        for name, spec in TABLES.items():
            cols = ", ".join(f'"{c.name}" {duckdb_type(c.kind)}' for c in spec.columns)
            self.con.execute(f'CREATE TABLE "{name}" ({cols})')

    def write(self, year: int, batches: dict[str, Any]) -> None:
        import pyarrow as pa

        for table, batch in batches.items():
            if not batch.num_rows:
                continue
            self.con.register("_govd_batch", pa.Table.from_batches([batch]))
            try:
                self.con.execute(f'INSERT INTO "{table}" SELECT * FROM _govd_batch')
            finally:
                self.con.unregister("_govd_batch")

    def close(self) -> None:
        self.con.execute("CHECKPOINT")
        self.con.close()

    def abort(self) -> None:
        self.con.close()


def _json_cell(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


class _CsvSink(_Sink):
    def __init__(self, root: Path) -> None:
        root.mkdir()
        self.root = root
        self.files: dict[str, Any] = {}
        self.writers: dict[str, Any] = {}

    def _csv_batch(self, table: str, batch: Any) -> Any:
        import pyarrow as pa

        # CSV has no lists: list columns are written as JSON arrays (type "array" in the
        # Table Schema).
        arrays, fields = [], []
        for field, col in zip(batch.schema, batch.columns, strict=True):
            if pa.types.is_list(field.type):
                col = pa.array([_json_cell(v) for v in col.to_pylist()], pa.string())
                field = pa.field(field.name, pa.string(), nullable=field.nullable)
            arrays.append(col)
            fields.append(field)
        return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    def write(self, year: int, batches: dict[str, Any]) -> None:
        import pyarrow.csv as pcsv

        for table, batch in batches.items():
            out = self._csv_batch(table, batch)
            writer = self.writers.get(table)
            if writer is None:
                f = self.files[table] = (self.root / f"{table}.csv").open("wb")
                writer = self.writers[table] = pcsv.CSVWriter(f, out.schema)
            writer.write_batch(out)

    def _ensure_all(self) -> None:
        # A table without rows still gets its file and header.
        from govdisclosure.dataset._build import build_batch

        for table in TABLES:
            if table not in self.writers:
                self.write(0, {table: build_batch(table, [])})

    def close(self) -> None:
        self._ensure_all()
        for w in self.writers.values():
            w.close()
        for f in self.files.values():
            f.close()
        package = {
            "profile": "data-package",
            "name": "govdisclosure-dataset",
            "title": "政府信息公开工作年度报告 dataset",
            "description": f"Written by govdisclosure {__version__}: reports, cells, findings, "
            "sections, indicators.",
            "resources": [
                {
                    "name": name,
                    "title": spec.title,
                    "description": spec.description,
                    "path": f"{name}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": table_schema(name),
                }
                for name, spec in TABLES.items()
            ],
        }
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (self.root / "datapackage.json").write_text(text, encoding="utf-8")

    def abort(self) -> None:
        for f in self.files.values():
            f.close()


class DatasetWriter:
    """Write reports to a dataset at ``out``, one :class:`ReportRows` at a time.

    ``format``: ``parquet`` (a directory, one sub-directory per table, Hive-partitioned by
    ``report_year``), ``duckdb`` (one database file with the five tables) or ``csv`` (a
    directory of five CSV files and ``datapackage.json``). ``out`` must not exist unless
    ``overwrite``. Use it as a context manager: leaving the block normally finishes the
    dataset; an exception discards it (nothing is left at ``out``).
    """

    def __init__(
        self,
        out: str | os.PathLike[str],
        format: DatasetFormat = "parquet",
        *,
        overwrite: bool = False,
        batch_reports: int = DEFAULT_BATCH_REPORTS,
        compression: str = "zstd",
    ) -> None:
        if format not in DATASET_FORMATS:
            raise DatasetOutputError(
                f"unknown dataset format {format!r}; expected one of {', '.join(DATASET_FORMATS)}"
            )
        _require(format)
        self.out = Path(out)
        self.format = format
        if self.out.exists() and not overwrite:
            raise DatasetOutputError(f"{self.out} already exists (overwrite it with --force)")
        if not self.out.parent.is_dir():
            raise DatasetOutputError(
                f"{self.out}: the directory {self.out.parent} does not exist; create it first"
            )
        self.tmp = self.out.parent / f".{self.out.name}.partial-{os.getpid()}"
        _remove(self.tmp)
        self.batch_reports = max(1, batch_reports)
        self.buffer: list[ReportRows] = []
        self.ids: set[str] = set()
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.closed = False
        try:
            self.sink: _Sink = (
                _ParquetSink(self.tmp, compression)
                if format == "parquet"
                else _DuckdbSink(self.tmp)
                if format == "duckdb"
                else _CsvSink(self.tmp)
            )
        except OSError as e:
            _remove(self.tmp)
            raise DatasetOutputError(f"cannot write {self.out}: {e.strerror or e}") from None

    def add(self, rows: ReportRows) -> bool:
        """Add one report; ``False`` (and nothing added) when its id is already in the dataset."""
        if rows.report_id in self.ids:
            return False
        self.ids.add(rows.report_id)
        self.buffer.append(rows)
        if len(self.buffer) >= self.batch_reports:
            self._flush()
        return True

    def _flush(self) -> None:
        # One bound for every year together keeps memory flat however the years are mixed;
        # each year's reports become one row group of each of its tables.
        by_year: dict[int, list[ReportRows]] = {}
        for r in self.buffer:
            by_year.setdefault(r.report_year, []).append(r)
        self.buffer = []
        for year in sorted(by_year):
            batches = build_batches(by_year[year], partitioned=self.sink.partitioned)
            for table, batch in batches.items():
                self.counts[table] += batch.num_rows
            self.sink.write(year, batches)

    def close(self) -> None:
        """Write what is buffered, finish the files and move the dataset into place."""
        if self.closed:
            return
        self.closed = True
        try:
            self._flush()
            self.sink.close()
            if self.out.exists():
                _remove(self.out)
            os.replace(self.tmp, self.out)
        except BaseException:
            self.sink.abort()
            _remove(self.tmp)
            raise

    def abort(self) -> None:
        """Discard everything written so far."""
        if self.closed:
            return
        self.closed = True
        self.sink.abort()
        _remove(self.tmp)

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _require(format: str) -> None:
    from govdisclosure.dataset._deps import require

    require("pyarrow")
    if format == "duckdb":
        require("duckdb")
