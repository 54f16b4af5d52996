"""The dataset: every format read back by an independent reader, every cell typed and equal to
the report it came from (the bundled examples and the parsed corpus)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from govdisclosure.cells import Cell, cell_values, iter_cells
from govdisclosure.document import load
from govdisclosure.editions import Edition
from govdisclosure.errors import GovdisclosureError, MissingExtraError
from govdisclosure.layout import LAYOUTS, SECTIONS, layout_for
from govdisclosure.models import Report2019, Report2021
from govdisclosure.parse import parse
from govdisclosure.rules import check
from tests.conftest import DATA, EXAMPLES
from tests.strategies import reports

pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

from govdisclosure import dataset  # noqa: E402 - after the extras are known to be there
from govdisclosure.dataset import (  # noqa: E402
    DatasetInputError,
    DatasetOutputError,
    DatasetWriter,
    ReportRows,
    read_rows,
    report_rows,
    to_arrow,
    to_pandas,
    to_records,
    write_dataset,
)

Report = Report2019 | Report2021
CORPUS = DATA / "corpus" / "raw"


def _published() -> list[Path]:
    return [p for p in sorted(CORPUS.iterdir()) if p.suffix != ".json"]


def _walk(report: Report, path: tuple[str, ...]) -> Any:
    # The cell read by its attribute path, as the layout names it (not through cell_values).
    obj: Any = report
    for name in path:
        obj = getattr(obj, name)
    return obj


class Source:
    """One input of the test dataset, with the model it was read into."""

    def __init__(self, path: Path, report: Report, parsed: Any = None) -> None:
        self.path = path
        self.report = report
        self.parsed = parsed
        self.rows = read_rows(path.read_bytes(), source=str(path))


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    out = [Source(p, load(p)) for p in sorted(EXAMPLES.glob("*.json"))]
    for p in _published():
        result = parse(p.read_bytes(), source=str(p))
        out.append(Source(p, result.report, result))
    return out


@pytest.fixture(scope="module")
def by_id(sources: list[Source]) -> dict[str, Source]:
    return {s.rows.report_id: s for s in sources}


def _written(tmp: Path, sources: list[Source], fmt: str) -> Path:
    out = tmp / f"ds-{fmt}"
    counts = write_dataset([s.rows for s in sources], out, fmt)  # type: ignore[arg-type]
    assert counts["reports"] == len(sources)
    return out


# ------------------------------------------------------------------------------ comparisons


def _assert_cells(
    rows: list[dict[str, Any]], by_id: dict[str, Source], *, csv: bool = False
) -> None:
    """Every cell row equals the source report's cell, with the type its kind demands.

    ``csv``: an empty text and a null are the same field in CSV (the raw text of a cell the
    parser read as empty comes back as null).
    """
    seen: dict[str, int] = {}
    for row in rows:
        src = by_id[row["report_id"]]
        ref = layout_for(src.report.edition).cell(row["table"], row["row"], row["column"])
        value = _walk(src.report, ref.path)
        assert row["pointer"] == ref.pointer
        assert row["cell"] == f"{row['table']}.{row['row']}.{row['column']}"
        assert row["kind"] == ref.column.kind
        assert row["edition"] == src.report.edition
        assert int(row["report_year"]) == src.report.metadata.report_year
        assert row["blank"] is (value is None)
        if ref.column.kind == "amount":
            assert row["count"] is None
            if value is None:
                assert row["amount"] is None
            else:
                assert type(row["amount"]) is Decimal
                assert row["amount"] == value
        else:
            assert row["amount"] is None
            if value is None:
                assert row["count"] is None
            else:
                assert type(row["count"]) is int
                assert row["count"] == value
        unit = ref.column.unit
        if unit is None and ref.column.kind == "amount":
            unit = _walk(src.report, (*ref.path[:-1], ref.column.id + "_unit"))
        assert row["unit"] == unit
        if src.parsed is not None:
            prov = src.parsed.provenance.get(ref.pointer)
            want = prov.raw if prov else None
            assert row["raw"] == (want or None if csv else want)
        else:
            assert row["raw"] is None
            assert row["source_location"] is None
        seen[row["report_id"]] = seen.get(row["report_id"], 0) + 1
    # Every cell of every report, once.
    assert seen == {rid: len(layout_for(s.report.edition).cells) for rid, s in by_id.items()}


def _assert_reports(rows: list[dict[str, Any]], by_id: dict[str, Source]) -> None:
    assert len(rows) == len(by_id)
    for row in rows:
        src = by_id[row["report_id"]]
        meta = src.report.metadata
        assert row["source"] == str(src.path)
        assert row["sha256"] == hashlib.sha256(src.path.read_bytes()).hexdigest()
        assert row["body_name"] == meta.body.name
        assert row["body_level"] == meta.body.level
        assert int(row["report_year"]) == meta.report_year
        assert row["edition"] == src.report.edition
        assert row["title"] == meta.title
        assert row["publication_date"] == meta.publication_date
        findings = list(src.parsed.findings if src.parsed else []) + check(src.report)
        for severity, column in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
            assert row[column] == sum(1 for f in findings if f.severity == severity)
            assert type(row[column]) is int
        assert row["valid"] is (row["errors"] == 0)
        assert row["input_format"] == ("json" if src.parsed is None else row["input_format"])
        assert row["cells"] == len(layout_for(src.report.edition).cells)


def _assert_findings(rows: list[dict[str, Any]], by_id: dict[str, Source]) -> None:
    got: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        got.setdefault(row["report_id"], []).append(row)
    for rid, src in by_id.items():
        zh = list(src.parsed.findings if src.parsed else []) + check(src.report, lang="zh")
        en_rules = check(src.report, lang="en")
        mine = sorted(got.get(rid, []), key=lambda r: r["seq"])
        assert [r["code"] for r in mine] == [f.code for f in zh]
        assert [r["severity"] for r in mine] == [f.severity for f in zh]
        assert [list(r["pointers"]) for r in mine] == [list(f.pointers) for f in zh]
        assert [r["message_zh"] for r in mine] == [f.message for f in zh]
        rules_en = [r["message_en"] for r in mine if r["origin"] == "rules"]
        assert rules_en == [f.message for f in en_rules]
        assert all(r["message_en"] and r["message_en"] != r["message_zh"] for r in mine)


def _assert_sections(rows: list[dict[str, Any]], by_id: dict[str, Source]) -> None:
    got: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        got.setdefault(row["report_id"], {})[row["section"]] = row
    for rid, src in by_id.items():
        secs = src.report.sections
        expected = {i.id for i in SECTIONS if getattr(secs, i.id) is not None}
        expected |= {"preamble"} if secs.preamble is not None else set()
        mine = got.get(rid, {})
        assert set(mine) == expected
        for sid, row in mine.items():
            if sid == "preamble":
                assert row["text"] == secs.preamble
                continue
            sec = getattr(secs, sid)
            assert (row["text"] or "") == sec.text
            assert row["title"] == sec.title
            subs = row["subsections"]
            if isinstance(subs, str):
                subs = json.loads(subs)
            assert [(s["title"], s["text"], s["topic"]) for s in subs] == [
                (s.title, s.text, s.topic) for s in sec.subsections
            ]


# ------------------------------------------------------------------------------ Parquet


def test_parquet_is_hive_partitioned_by_year(tmp_path: Path, sources: list[Source]) -> None:
    out = _written(tmp_path, sources, "parquet")
    years = sorted({s.report.metadata.report_year for s in sources})
    for table in dataset.TABLE_NAMES:
        parts = sorted(p.name for p in (out / table).iterdir())
        assert parts == [f"report_year={y}" for y in years]
        for part in (out / table).iterdir():
            # The year lives in the directory name only, as Hive partitioning has it.
            schema = pa.parquet.read_schema(next(part.glob("*.parquet")))
            assert "report_year" not in schema.names


def test_parquet_read_back_by_pyarrow_every_cell_typed_and_equal(
    tmp_path: Path, sources: list[Source], by_id: dict[str, Source]
) -> None:
    import pyarrow.dataset as ds

    out = _written(tmp_path, sources, "parquet")
    tables = {
        t: ds.dataset(out / t, format="parquet", partitioning="hive").to_table()
        for t in dataset.TABLE_NAMES
    }
    cells = tables["cells"]
    assert cells.schema.field("count").type == pa.int64()
    assert cells.schema.field("amount").type == pa.decimal128(38, 6)
    assert cells.schema.field("blank").type == pa.bool_()
    _assert_cells(cells.to_pylist(), by_id)
    _assert_reports(tables["reports"].to_pylist(), by_id)
    _assert_findings(tables["findings"].to_pylist(), by_id)
    _assert_sections(tables["sections"].to_pylist(), by_id)


def test_parquet_read_back_by_duckdb_every_cell_typed_and_equal(
    tmp_path: Path, sources: list[Source], by_id: dict[str, Source]
) -> None:
    out = _written(tmp_path, sources, "parquet")
    con = duckdb.connect()
    for t in dataset.TABLE_NAMES:
        glob = str(out / t / "*" / "*.parquet")
        con.execute(
            f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{glob}', hive_partitioning = true)"
        )
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE cells)").fetchall())
    assert types["count"] == "BIGINT"
    assert types["amount"] == "DECIMAL(38,6)"
    _assert_cells(_dicts(con, "SELECT * FROM cells"), by_id)
    _assert_reports(_dicts(con, "SELECT * FROM reports"), by_id)
    _assert_findings(_dicts(con, "SELECT * FROM findings"), by_id)
    _assert_sections(_dicts(con, "SELECT * FROM sections"), by_id)
    # The sum over every cell, by year, as analysts write it.
    got = dict(con.execute("SELECT report_year, sum(count) FROM cells GROUP BY 1").fetchall())
    want: dict[int, int] = {}
    for s in sources:
        y = s.report.metadata.report_year
        want[y] = want.get(y, 0) + sum(
            v
            for ref in layout_for(s.report.edition).cells
            if ref.column.kind != "amount" and (v := _walk(s.report, ref.path)) is not None
        )
    assert {int(k): v for k, v in got.items()} == want


def _dicts(con: Any, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# ------------------------------------------------------------------------------ DuckDB file


def test_duckdb_file_read_back_every_cell_typed_and_equal(
    tmp_path: Path, sources: list[Source], by_id: dict[str, Source]
) -> None:
    out = _written(tmp_path, sources, "duckdb")
    con = duckdb.connect(str(out), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        assert tables == set(dataset.TABLE_NAMES)
        _assert_cells(_dicts(con, "SELECT * FROM cells"), by_id)
        _assert_reports(_dicts(con, "SELECT * FROM reports"), by_id)
        _assert_findings(_dicts(con, "SELECT * FROM findings"), by_id)
        _assert_sections(_dicts(con, "SELECT * FROM sections"), by_id)
    finally:
        con.close()


# ------------------------------------------------------------------------------ CSV


def test_csv_datapackage_is_valid_frictionless(tmp_path: Path, sources: list[Source]) -> None:
    frictionless = pytest.importorskip("frictionless")
    # A document with amounts and blanks, and parsed reports of both editions, with their
    # provenance (frictionless validates row by row in Python: a few reports are enough).
    picked = sources[:2] + [s for s in sources if s.parsed is not None][:3]
    out = _written(tmp_path, picked, "csv")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        with (out / resource["path"]).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        # The Table Schema describes every column, in order, each with a description.
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert all(f["description"] for f in resource["schema"]["fields"])


def test_csv_read_back_by_frictionless_every_cell_typed_and_equal(
    tmp_path: Path, sources: list[Source], by_id: dict[str, Source]
) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = _written(tmp_path, sources, "csv")
    package = frictionless.Package(str(out / "datapackage.json"))

    def rows(name: str) -> list[dict[str, Any]]:
        return [r.to_dict() for r in package.get_resource(name).read_rows()]

    cells = rows("cells")
    for r in cells:
        # The Table Schema reads an amount as a Decimal and a count as an int.
        assert r["amount"] is None or type(r["amount"]) is Decimal
        assert r["count"] is None or type(r["count"]) is int
    _assert_cells(cells, by_id, csv=True)
    _assert_reports(rows("reports"), by_id)
    _assert_findings(rows("findings"), by_id)
    _assert_sections(rows("sections"), by_id)


def test_csv_read_back_by_the_csv_module(
    tmp_path: Path, sources: list[Source], by_id: dict[str, Source]
) -> None:
    # Without any schema: a count is its digits, an amount its exact decimal digits, a blank
    # cell an empty field.
    out = _written(tmp_path, sources, "csv")
    with (out / "cells.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            src = by_id[row["report_id"]]
            ref = layout_for(src.report.edition).cell(row["table"], row["row"], row["column"])
            value = _walk(src.report, ref.path)
            text = row["amount"] if ref.column.kind == "amount" else row["count"]
            if value is None:
                assert text == ""
                assert row["blank"] == "true"
            elif ref.column.kind == "amount":
                assert Decimal(text) == value
            else:
                assert text == str(value)


# ------------------------------------------------------------------------------ Python API


def test_to_records_typed_and_equal(sources: list[Source], by_id: dict[str, Source]) -> None:
    rows = [s.rows for s in sources]
    _assert_cells(list(to_records(rows, "cells")), by_id)
    _assert_reports(list(to_records(rows, "reports")), by_id)
    _assert_findings(list(to_records(rows, "findings")), by_id)
    _assert_sections(list(to_records(rows, "sections")), by_id)


def test_to_arrow_equals_to_records(sources: list[Source]) -> None:
    rows = [s.rows for s in sources]
    for table in dataset.TABLE_NAMES:
        # Small batches: the result is the same whatever the batching.
        assert to_arrow(rows, table, batch_reports=3).to_pylist() == list(to_records(rows, table))


def test_to_pandas_has_no_object_columns(sources: list[Source]) -> None:
    rows = [s.rows for s in sources]
    for table in dataset.TABLE_NAMES:
        df = to_pandas(rows, table)
        assert list(df.columns) == list(dataset.TABLES[table].names)
        assert not [c for c, t in df.dtypes.items() if t is object or str(t) == "object"], table
    cells = to_pandas(rows, "cells")
    assert str(cells["count"].dtype) == "int64[pyarrow]"
    assert str(cells["amount"].dtype) == "decimal128(38, 6)[pyarrow]"
    no_count = cells["blank"] | (cells["kind"] == "amount")
    assert (cells["count"].isna() == no_count).all()
    assert (cells["amount"].isna() == (cells["blank"] | (cells["kind"] != "amount"))).all()
    sums = cells.groupby("report_year")["count"].sum()
    assert sums.dtype == "int64[pyarrow]"


def test_models_and_parse_results_are_accepted_directly(sources: list[Source]) -> None:
    model = sources[0].report
    parsed = next(s.parsed for s in sources if s.parsed is not None)
    a = report_rows(model)
    assert a.report[5] == "model"
    assert a.cells == tuple(_walk(model, ref.path) for ref in layout_for(model.edition).cells)
    b = report_rows(parsed)
    assert b.report[5] == "parsed"
    assert b.provenance is not None
    assert len(list(to_records([model, parsed], "reports"))) == 2


def test_report_id_is_stable_and_depends_on_source_and_content(sources: list[Source]) -> None:
    s = sources[0]
    again = read_rows(s.path.read_bytes(), source=str(s.path))
    assert again.report_id == s.rows.report_id
    copy = read_rows(s.path.read_bytes(), source="elsewhere/copy.json")
    assert copy.report_id != s.rows.report_id
    assert copy.sha256 == s.rows.sha256
    assert s.rows.with_source("elsewhere/copy.json") == copy


def test_2019_procurement_unit_comes_from_the_report(by_id: dict[str, Source]) -> None:
    for rid, src in by_id.items():
        if src.report.edition != "2019":
            continue
        unit = src.report.t2.central_procurement.procurement_amount_unit  # type: ignore[union-attr]
        rows = [
            r
            for r in to_records([src.rows], "cells")
            if r["column"] == "procurement_amount" and r["report_id"] == rid
        ]
        assert [r["unit"] for r in rows] == [unit]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_generated_reports_round_trip_or_are_refused_exactly(report: Report) -> None:
    refs = layout_for(report.edition).cells
    values = [_walk(report, ref.path) for ref in refs]
    other = report.sections.other_matters
    fees = other.fees if other is not None else None
    amounts = [*values]
    if fees is not None:
        amounts += [fees.fee_notices_amount_yuan, fees.fees_collected_yuan]
    too_fine = [
        v
        for v in amounts
        if isinstance(v, Decimal) and v != v.quantize(Decimal("0.000001"), rounding="ROUND_DOWN")
    ]
    if too_fine:
        # An amount the dataset cannot hold exactly is refused, never rounded.
        with pytest.raises(DatasetInputError) as err:
            report_rows(report)
        assert err.value.problems[0].code == "dataset-amount"
        return
    rows = report_rows(report)
    table = to_arrow([rows], "cells").to_pylist()
    for ref, v, row in zip(refs, values, table, strict=True):
        assert row["pointer"] == ref.pointer
        got = row["amount"] if ref.column.kind == "amount" else row["count"]
        assert got == v
        assert row["blank"] is (v is None)


# ------------------------------------------------------------------------------ writer


def test_writer_discards_everything_on_error(tmp_path: Path, sources: list[Source]) -> None:
    out = tmp_path / "ds"

    def write_then_fail() -> None:
        with DatasetWriter(out, batch_reports=2) as w:
            for s in sources[:5]:
                w.add(s.rows)
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_writer_refuses_an_existing_output_unless_overwrite(
    tmp_path: Path, sources: list[Source]
) -> None:
    out = tmp_path / "ds"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(DatasetOutputError, match="already exists"):
        DatasetWriter(out)
    assert (out / "keep.txt").read_text() == "mine"
    write_dataset([sources[0].rows], out, overwrite=True)
    assert not (out / "keep.txt").exists()
    assert dataset.dataset_format(out) == "parquet"


def test_writer_skips_a_report_given_twice(tmp_path: Path, sources: list[Source]) -> None:
    with DatasetWriter(tmp_path / "ds") as w:
        assert w.add(sources[0].rows)
        assert not w.add(sources[0].rows)
    assert w.counts["reports"] == 1


def test_small_batches_write_several_row_groups_and_the_same_rows(
    tmp_path: Path, sources: list[Source]
) -> None:
    import pyarrow.parquet as pq

    rows = [s.rows for s in sources]
    with DatasetWriter(tmp_path / "small", batch_reports=2) as w:
        for r in rows:
            w.add(r)
    write_dataset(rows, tmp_path / "big")
    q = "SELECT * FROM cells ORDER BY report_id, position"
    assert dataset.query(tmp_path / "small", q).equals(dataset.query(tmp_path / "big", q))
    groups = sum(
        pq.ParquetFile(p).num_row_groups for p in (tmp_path / "small" / "cells").rglob("*.parquet")
    )
    assert groups > len({r.report_year for r in rows})


def test_query_reads_every_format_alike(tmp_path: Path, sources: list[Source]) -> None:
    sql = (
        "SELECT report_year, count(*) AS n, sum(count) AS c, sum(amount) AS a, "
        "count(*) FILTER (WHERE blank) AS blanks FROM cells GROUP BY 1 ORDER BY 1"
    )
    results = [
        dataset.query(_written(tmp_path, sources, fmt), sql).to_pylist()
        for fmt in ("parquet", "duckdb", "csv")
    ]
    assert results[0] == results[1] == results[2]
    assert results[0]


def test_empty_dataset_can_be_queried(tmp_path: Path) -> None:
    for fmt in ("parquet", "duckdb", "csv"):
        out = tmp_path / f"empty-{fmt}"
        write_dataset([], out, fmt)  # type: ignore[arg-type]
        assert dataset.query(out, "SELECT count(*) AS n FROM cells").to_pylist() == [{"n": 0}]


def test_not_a_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetOutputError, match="no such dataset"):
        dataset.connect(tmp_path / "missing")
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(DatasetOutputError, match="not a dataset"):
        dataset.connect(tmp_path / "x.txt")


def test_unreadable_and_invalid_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"edition": "2021"}', encoding="utf-8")
    with pytest.raises(DatasetInputError) as err:
        dataset.read_file_rows(str(bad))
    assert not isinstance(err.value, dataset.UnreadableInputError)
    assert err.value.problems
    with pytest.raises(dataset.UnreadableInputError):
        dataset.read_file_rows(str(tmp_path / "missing.json"))
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(dataset.UnreadableInputError):
        dataset.read_file_rows(str(tmp_path / "broken.json"))


def test_missing_extra_gives_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'govdisclosure\[dataset\]'"):
        DatasetWriter(tmp_path / "ds")
    with pytest.raises(GovdisclosureError, match="dataset"):
        to_pandas([])
    assert not (tmp_path / "ds").exists()


def test_columns_of_every_table_are_described_once() -> None:
    for name, spec in dataset.TABLES.items():
        assert len(set(spec.names)) == len(spec.names)
        assert spec.names[:2] == ("report_id", "report_year")
        assert all(c.description for c in spec.columns)
        schema = dataset.arrow_schema(name)
        assert schema.names == list(spec.names)
        ts = dataset.table_schema(name)
        assert [f["name"] for f in ts["fields"]] == list(spec.names)


# ------------------------------------------------------------------------------ cells


def _old_iter_cells(report: Report) -> Iterator[Cell]:
    for ref in layout_for(Edition(report.edition)).cells:
        yield Cell(ref, _walk(report, ref.path))


def test_cell_values_and_iter_cells_match_the_layout_walk(sources: list[Source]) -> None:
    for s in sources:
        assert list(iter_cells(s.report)) == list(_old_iter_cells(s.report))
        assert list(cell_values(s.report)) == [c.value for c in _old_iter_cells(s.report)]
        for cell in iter_cells(s.report):
            table, row, column, value = cell
            assert (table, row, column, value) == (*cell.ref.id, cell.value)
            with pytest.raises(AttributeError):
                cell.value = 1  # type: ignore[misc]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_cell_values_of_generated_reports(report: Report) -> None:
    assert list(iter_cells(report)) == list(_old_iter_cells(report))
    assert len(cell_values(report)) == len(LAYOUTS[Edition(report.edition)].cells)


def test_report_rows_are_plain_data(sources: list[Source]) -> None:
    import pickle

    for s in sources:
        assert isinstance(s.rows, ReportRows)
        assert pickle.loads(pickle.dumps(s.rows)) == s.rows
        assert all(isinstance(v, (int, Decimal, type(None))) for v in s.rows.cells)
        assert isinstance(s.rows.report[14] or dt.date.today(), dt.date)


@pytest.mark.parametrize("fmt", ["parquet", "duckdb", "csv"])
def test_indicators_table_holds_the_registrys_values(fmt: str, tmp_path: Path) -> None:
    from govdisclosure.analysis import compute

    models = [load(p) for p in sorted(EXAMPLES.glob("*.json"))]
    write_dataset(models, tmp_path / "out", fmt)
    got = dataset.query(
        tmp_path / "out",
        "SELECT r.body_name, i.indicator, i.percent, i.value, i.reason FROM indicators i "
        "JOIN reports r USING (report_id) ORDER BY r.body_name, i.position",
    )
    rows = list(zip(*(got.column(i).to_pylist() for i in range(got.num_columns)), strict=True))
    expected = [
        (
            m.metadata.body.name,
            v.id,
            v.percent(4),
            None if v.value is None else f"{v.value.numerator}/{v.value.denominator}",
            v.reason,
        )
        for m in sorted(models, key=lambda m: m.metadata.body.name)
        for v in compute(m)
    ]
    assert [tuple(r) for r in rows] == expected
    assert any(v is not None for _, _, v, _, _ in expected)


def test_cells_of_a_model_after_a_parsed_report_have_no_source(sources: list[Source]) -> None:
    """A batch that mixes inputs keeps each cell's provenance with its own report, whichever
    comes first."""
    from govdisclosure.dataset._build import build_batch

    parsed = next(s for s in sources if s.parsed is not None)
    model = next(s for s in sources if s.parsed is None)
    assert parsed.rows.provenance is not None
    assert model.rows.provenance is None
    for order in ([parsed, model], [model, parsed]):
        batch = build_batch("cells", [s.rows for s in order]).to_pydict()
        for s in order:
            mine = [i for i, r in enumerate(batch["report_id"]) if r == s.rows.report_id]
            where = [batch["source_location"][i] for i in mine]
            raw = [batch["raw"][i] for i in mine]
            if s.rows.provenance is None:
                assert where == [None] * len(mine)
                assert raw == [None] * len(mine)
            else:
                assert where == list(s.rows.provenance[0])
                assert raw == list(s.rows.provenance[1])
