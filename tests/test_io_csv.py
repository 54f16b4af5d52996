"""Long and wide CSV: the columns of the cell-id contract, blanks, decimals, and read errors."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.cells import get_cell, iter_cells, set_cell
from govdisclosure.editions import Edition
from govdisclosure.errors import DocumentError
from govdisclosure.io import FormatError
from govdisclosure.io import csv as gcsv
from govdisclosure.layout import layout_for

from .conftest import EXAMPLES

SEED = EXAMPLES / "quanzhou-digital-office-2021.json"
SHANGHAI = EXAMPLES / "shanghai-gov-office-2019.json"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _edit(text: str, dotted: str, **changes: str) -> str:
    out = io.StringIO()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames is not None
    w = csv.DictWriter(out, reader.fieldnames, lineterminator="\r\n")
    w.writeheader()
    for row in reader:
        if f"{row['table']}.{row['row']}.{row['column']}" == dotted:
            row.update(changes)
        w.writerow(row)
    return out.getvalue()


def _line_of(text: str, dotted: str) -> int:
    for i, row in enumerate(_rows(text), start=2):
        if f"{row['table']}.{row['row']}.{row['column']}" == dotted:
            return i
    raise AssertionError(dotted)


@pytest.mark.parametrize("path", [SEED, SHANGHAI], ids=["2021", "2019"])
def test_columns_order_and_labels_follow_the_layout(path: Path) -> None:
    report = document.load(path)
    text = gcsv.dumps(report)
    rows = _rows(text)
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == gcsv.HEADER
    assert {"table", "row", "column", "value"} <= set(header)
    layout = layout_for(Edition(report.edition))
    assert [(r["table"], r["row"], r["column"]) for r in rows] == [c.id for c in layout.cells]
    for r, ref in zip(rows, layout.cells, strict=True):
        assert r["row_label"] == ref.row.full_label
        assert r["column_label"] == ref.column.label
        assert r["table_label"] == ref.table.title
        assert r["edition"] == report.edition
        assert r["body"] == report.metadata.body.name
        assert r["year"] == str(report.metadata.report_year)


def test_blank_is_not_zero_and_decimals_stay_as_written() -> None:
    report = document.load(SEED)
    set_cell(report, "t3", "new_received", "natural_person", None)
    set_cell(report, "t3", "new_received", "total", 0)
    set_cell(report, "t2", "admin_fees", "amount_10k_yuan", Decimal("103.3880"))
    text = gcsv.dumps(report)
    values = {f"{r['table']}.{r['row']}.{r['column']}": r["value"] for r in _rows(text)}
    assert values["t3.new_received.natural_person"] == ""
    assert values["t3.new_received.total"] == "0"
    assert values["t2.admin_fees.amount_10k_yuan"] == "103.3880"
    back = gcsv.loads(text, meta=gcsv.dumps_meta(report))
    assert get_cell(back, "t3", "new_received", "natural_person") is None
    assert get_cell(back, "t3", "new_received", "total") == 0
    assert str(get_cell(back, "t2", "admin_fees", "amount_10k_yuan")) == "103.3880"


def test_side_file_is_written_and_found(tmp_path: Path) -> None:
    report = document.load(SHANGHAI)
    target = tmp_path / "r.csv"
    gcsv.dump(report, target)
    assert gcsv.meta_path(target) == tmp_path / "r.meta.json"
    assert gcsv.load(target) == report
    # Without the side file the cells and the identity still come back, and the unit of
    # 采购总金额 travels in the unit column.
    gcsv.meta_path(target).unlink()
    back = gcsv.load(target)
    assert [c.value for c in iter_cells(back)] == [c.value for c in iter_cells(report)]
    assert back.t2.central_procurement.procurement_amount_unit == "元"
    assert back.sections.general is None


def _error(text: str, meta: str | None = None) -> FormatError:
    with pytest.raises(FormatError) as info:
        gcsv.loads(text, meta=meta, source="r.csv")
    return info.value


@pytest.mark.parametrize("bad", ["1.5", "-1", "abc", "2.0", "1e3", "０"])
def test_bad_value_names_the_line(bad: str) -> None:
    report = document.load(SEED)
    text = _edit(gcsv.dumps(report), "t3.results.granted.total", value=bad)
    err = _error(text, gcsv.dumps_meta(report))
    (p,) = err.problems
    assert p.code == "value"
    assert p.line == _line_of(text, "t3.results.granted.total")
    assert p.column == gcsv.HEADER.index("value") + 1
    assert p.pointer == "/t3/results/granted/total"
    assert p.expected is not None
    assert "whole number" in p.expected
    assert "r.csv" in str(err)


def test_signed_and_amount_columns() -> None:
    report = document.load(SHANGHAI)
    text = _edit(gcsv.dumps(report), "t2.admin_licensing.items_delta", value="-417")
    assert get_cell(gcsv.loads(text), "t2", "admin_licensing", "items_delta") == -417
    text = _edit(text, "t2.central_procurement.procurement_amount", value="-5")
    assert _error(text).problems[0].code == "value"


def test_missing_duplicate_and_unknown_cells() -> None:
    report = document.load(SEED)
    lines = gcsv.dumps(report).splitlines(keepends=True)
    dropped = "".join(lines[:5] + lines[6:])
    err = _error(dropped)
    assert [p.code for p in err.problems] == ["missing-cell"]
    duplicated = "".join([*lines, lines[5]])
    assert [p.code for p in _error(duplicated).problems] == ["duplicate-cell"]
    unknown = _edit(gcsv.dumps(report), "t3.results.total.total", row="results.subtotal")
    codes = [p.code for p in _error(unknown).problems]
    assert sorted(codes) == ["missing-cell", "unknown-cell"]


def test_identity_must_agree() -> None:
    report = document.load(SEED)
    text = _edit(gcsv.dumps(report), "t4.review.total", year="2020")
    assert {p.code for p in _error(text).problems} == {"identity"}
    meta = gcsv.dumps_meta(report).replace('"report_year": 2021', '"report_year": 2022')
    assert {p.code for p in _error(gcsv.dumps(report), meta).problems} == {"identity"}


def test_unit_of_a_fixed_column_cannot_change() -> None:
    report = document.load(SEED)
    text = _edit(gcsv.dumps(report), "t2.admin_fees.amount_10k_yuan", unit="元")
    assert [p.code for p in _error(text).problems] == ["unit"]


def test_unreadable_inputs() -> None:
    assert _error("").problems[0].code == "empty"
    assert _error("a,b\n1,2\n").problems[0].code == "header"
    with pytest.raises(DocumentError) as info:
        gcsv.loads(b"\xff\xfe\x00", source="r.csv")
    assert info.value.problems[0].code == "encoding"
    with pytest.raises(DocumentError):
        gcsv.load(Path("does-not-exist.csv"))


def test_byte_order_mark_is_accepted() -> None:
    report = document.load(SEED)
    data = gcsv.dumps(report).encode("utf-8-sig")
    assert gcsv.loads(data, meta=gcsv.dumps_meta(report)) == report


@pytest.mark.parametrize("path", [SEED, SHANGHAI], ids=["2021", "2019"])
def test_wide_csv_per_table(path: Path, tmp_path: Path) -> None:
    report = document.load(path)
    written = gcsv.dump_wide(report, tmp_path / "r.csv")
    layout = layout_for(Edition(report.edition))
    assert [p.name for p in written] == [f"r.{t.id}.csv" for t in layout.tables]
    for p, t in zip(written, layout.tables, strict=True):
        raw = p.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = [r for r in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) if r]
        values = {c.ref.id: c.value for c in iter_cells(report) if c.table == t.id}
        for block in t.blocks:
            header = next(r for r in rows if r[2:] == [c.label for c in block.columns])
            assert header[:2] == ["row", block.corner_label or ""]
            for row in block.rows:
                line = next(r for r in rows if r[0] == row.id)
                assert line[1] == row.full_label
                shown = line[2:]
                expected = [values[(t.id, row.id, c.id)] for c in block.columns]
                assert shown == ["" if v is None else str(v) for v in expected]


def test_unknown_or_doubled_columns_are_refused() -> None:
    report = document.load(SEED)
    text = gcsv.dumps(report)
    extra = text.replace("column_label\r\n", "column_label,notes\r\n", 1).replace("\r\n", ",\r\n")
    extra = extra.replace("column_label,notes,\r\n", "column_label,notes\r\n", 1)
    (p,) = _error(extra).problems
    assert p.code == "header"
    assert "'notes'" in p.message
    doubled = text.replace("column_label\r\n", "column_label,value\r\n", 1)
    assert "appear twice" in _error(doubled).problems[0].message


def test_a_full_document_is_not_a_side_file() -> None:
    report = document.load(SEED)
    err = _error(gcsv.dumps(report), document.dumps(report))
    assert {p.code for p in err.problems} == {"side-file"}
    assert len(err.problems) == len(list(iter_cells(report)))


def test_blank_lines_are_skipped_and_short_lines_named() -> None:
    report = document.load(SEED)
    lines = gcsv.dumps(report).splitlines(keepends=True)
    spaced = "".join([lines[0], "\r\n", " , ,\r\n", *lines[1:]])
    assert gcsv.loads(spaced, meta=gcsv.dumps_meta(report)) == report
    short = "".join([*lines[:3], "t3,results.total\r\n", *lines[3:]])
    (p,) = _error(short).problems
    assert (p.code, p.line) == ("csv-shape", 4)
    assert p.expected == f"{len(gcsv.HEADER)} fields"


def test_csv_syntax_errors_name_the_line() -> None:
    # A field beyond the csv module's field size limit is a csv.Error on every Python version.
    # The limit is process-wide (some libraries raise it on import): set a small one here.
    report = document.load(SEED)
    lines = gcsv.dumps(report).splitlines(keepends=True)
    limit = max(len(x) for x in lines) + 10
    huge = '"' + "x" * (limit + 1) + '"'
    old = csv.field_size_limit(limit)
    try:
        (p,) = _error(huge + "\r\n").problems
        assert (p.code, p.line) == ("csv-syntax", 1)
        (p,) = _error("".join([*lines[:3], huge + "\r\n", *lines[3:]])).problems
        assert (p.code, p.line) == ("csv-syntax", 4)
    finally:
        csv.field_size_limit(old)


def test_identity_without_a_side_file_needs_a_known_edition_body_and_year() -> None:
    rows = _rows(gcsv.dumps(document.load(SEED)))

    def text(**changes: str) -> str:
        out = io.StringIO()
        w = csv.DictWriter(out, gcsv.HEADER, lineterminator="\r\n")
        w.writeheader()
        w.writerows({**row, **changes} for row in rows)
        return out.getvalue()

    (p,) = _error(text(edition="2020")).problems
    assert (p.code, p.pointer) == ("edition", "/edition")
    (p,) = _error(text(year="twenty")).problems
    assert p.code == "identity"
    assert "body and year" in p.message


def test_the_side_file_must_be_an_object_and_agree_on_open_units() -> None:
    report = document.load(SHANGHAI)
    text = gcsv.dumps(report)
    assert _error(text, "[]").problems[0].code == "type"
    dotted = "t2.central_procurement.procurement_amount"
    assert _rows(text)[_line_of(text, dotted) - 2]["unit"] == "元"
    other = _edit(text, dotted, unit="万元")
    (p,) = _error(other, gcsv.dumps_meta(report)).problems
    assert (p.code, p.pointer, p.got) == (
        "unit",
        "/t2/central_procurement/procurement_amount",
        "万元",
    )
    assert p.line == _line_of(other, dotted)
