"""XLSX: the template, a workbook filled in by hand, and errors that name the sheet and cell."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from decimal import Decimal
from typing import Any

import pytest

from govdisclosure import document
from govdisclosure.cells import get_cell, iter_cells
from govdisclosure.editions import Edition
from govdisclosure.errors import MissingExtraError
from govdisclosure.io import FormatError, xlsx
from govdisclosure.layout import layout_for
from govdisclosure.models import ProcessingFees
from govdisclosure.models._types import MAX_COUNT

from .conftest import EXAMPLES

openpyxl = pytest.importorskip("openpyxl")
MergedCell = pytest.importorskip("openpyxl.cell.cell").MergedCell

SEED = EXAMPLES / "quanzhou-digital-office-2021.json"


def _workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _save(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _find(ws: Any, text: str) -> Any:
    """The cell showing ``text`` (whitespace-insensitive), found the way a person would."""
    want = re.sub(r"\s+", "", text)
    hits = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and re.sub(r"\s+", "", c.value) == want
    ]
    assert len(hits) == 1, f"{text!r} found {len(hits)} times in {ws.title}"
    return hits[0]


def _t3_cell(ws: Any, edition: str, row_id: str, column_id: str) -> Any:
    """A 表三 value cell located by its row label and column header, not by our grid code."""
    t3 = layout_for(edition).table("t3")
    row = _find(ws, t3.row(row_id).label).row
    column = next(c for c in t3.blocks[0].columns if c.id == column_id)
    col = _find(ws, column.label).column
    return ws.cell(row, col)


def _info_cell(ws: Any, key: str) -> Any:
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == key:
            return ws.cell(r, 3)
    raise AssertionError(key)


def _filled_template(edition: str = "2021") -> Any:
    wb = _workbook(xlsx.template_bytes(edition))
    info = wb[xlsx.INFO_SHEET]
    _info_cell(info, "/metadata/body/name").value = "某某市某某局"
    _info_cell(info, "/metadata/report_year").value = "2021"  # typed as text
    return wb


def test_template_has_every_sheet_and_blank_value_cells() -> None:
    for edition in Edition:
        wb = _workbook(xlsx.template_bytes(edition))
        layout = layout_for(edition)
        assert wb.sheetnames == [t.short_label for t in layout.tables] + [xlsx.INFO_SHEET]
        for t in layout.tables:
            ws = wb[t.short_label]
            assert ws.cell(1, 1).value == t.title
            unlocked = [
                c
                for row in ws.iter_rows()
                for c in row
                if c.protection.locked is False and not isinstance(c, MergedCell)
            ]
            assert len(unlocked) == len(list(t.cells()))
            assert all(c.value is None for c in unlocked)
            assert ws.protection.sheet


def test_filled_by_hand_with_numbers_text_and_blanks() -> None:
    wb = _filled_template()
    ws = wb["表三"]
    _t3_cell(ws, "2021", "new_received", "natural_person").value = 3
    _t3_cell(ws, "2021", "new_received", "total").value = " 3 "  # typed as text
    _t3_cell(ws, "2021", "results.other.fee_unpaid", "other_org").value = 0
    _t3_cell(ws, "2021", "carried_over_out", "total").value = 2.0  # a float that is whole
    t2 = wb["表二"]
    fee_row = _find(t2, layout_for("2021").table("t2").row("admin_fees").label).row
    t2.cell(fee_row, 2).value = "12.50"
    report = xlsx.loads(_save(wb))
    assert report.metadata.body.name == "某某市某某局"
    assert report.metadata.report_year == 2021
    assert get_cell(report, "t3", "new_received", "natural_person") == 3
    assert get_cell(report, "t3", "new_received", "total") == 3
    assert get_cell(report, "t3", "results.other.fee_unpaid", "other_org") == 0
    assert get_cell(report, "t3", "carried_over_out", "total") == 2
    amount = get_cell(report, "t2", "admin_fees", "amount_10k_yuan")
    assert isinstance(amount, Decimal)
    assert str(amount) == "12.50"
    filled = {
        ("t3", "new_received", "natural_person"),
        ("t3", "new_received", "total"),
        ("t3", "results.other.fee_unpaid", "other_org"),
        ("t3", "carried_over_out", "total"),
        ("t2", "admin_fees", "amount_10k_yuan"),
    }
    for cell in iter_cells(report):
        if cell.ref.id not in filled:
            assert cell.value is None, cell.ref.dotted  # left empty: blank, never 0


def test_seed_typed_into_the_template_reads_back_as_the_seed() -> None:
    seed = document.load(SEED)
    wb = _workbook(xlsx.template_bytes("2021"))
    ws = wb["表三"]
    for cell in iter_cells(seed):
        if cell.table == "t3":
            _t3_cell(ws, "2021", cell.row, cell.column).value = cell.value
    wb2 = _workbook(xlsx.dumps(seed))
    for name in ("表二", "表四", xlsx.INFO_SHEET):
        # The other sheets as the writer made them (a person could copy them over).
        del wb[name]
        src = wb2[name]
        dst = wb.create_sheet(name)
        for row in src.iter_rows():
            for c in row:
                if c.value is not None:
                    dst.cell(c.row, c.column).value = c.value
                    dst.cell(c.row, c.column).number_format = c.number_format
    wb.move_sheet("表二", offset=-(len(wb.sheetnames) - 1))
    back = xlsx.loads(_save(wb))
    assert back.t3 == seed.t3
    assert back == seed


def _error(data: bytes) -> FormatError:
    with pytest.raises(FormatError) as info:
        xlsx.loads(data, source="filled.xlsx")
    return info.value


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "value"),
        (-1, "value"),
        (1.5, "value"),
        ("1.5", "value"),
        (True, "value"),
        ("=1+1", "formula"),
    ],
)
def test_bad_value_names_sheet_and_cell(typed: Any, code: str) -> None:
    wb = _filled_template()
    cell = _t3_cell(wb["表三"], "2021", "results.granted", "research_institution")
    cell.value = typed
    err = _error(_save(wb))
    (problem,) = err.problems
    assert problem.code == code
    assert problem.extra == {"sheet": "表三", "cell": cell.coordinate}
    assert problem.pointer == "/t3/results/granted/research_institution"
    assert f"sheet 表三, cell {cell.coordinate}" in str(err)
    assert "filled.xlsx" in str(err)


def test_anything_outside_the_table_is_an_error_not_dropped() -> None:
    wb = _filled_template()
    ws = wb["表四"]
    ws.cell(ws.max_row + 2, 1).value = 7
    err = _error(_save(wb))
    assert [p.code for p in err.problems] == ["outside"]
    assert err.problems[0].extra["sheet"] == "表四"


def test_a_moved_label_is_reported() -> None:
    wb = _filled_template()
    label = layout_for("2021").table("t3").row("results.granted").label
    cell = _find(wb["表三"], label)
    cell.value = "（一）予以公开（含部分）"
    err = _error(_save(wb))
    assert [p.code for p in err.problems] == ["layout"]
    assert err.problems[0].extra["cell"] == cell.coordinate


def test_an_unknown_sheet_is_reported() -> None:
    wb = _filled_template()
    wb.create_sheet("备注").cell(1, 1).value = "说明"
    err = _error(_save(wb))
    assert [p.code for p in err.problems] == ["sheet"]


def test_blank_required_identity_is_reported_with_its_cell() -> None:
    wb = _workbook(xlsx.template_bytes("2021"))
    err = _error(_save(wb))
    where = {p.pointer: p.extra.get("location") for p in err.problems}
    assert set(where) == {"/metadata/body/name", "/metadata/report_year"}
    assert all(w and w.startswith(f"sheet {xlsx.INFO_SHEET}, cell C") for w in where.values())


def test_not_a_workbook() -> None:
    err = _error(b"PK\x03\x04 not really a zip")
    assert err.problems[0].code == "xlsx"


def test_xml_entities_are_refused() -> None:
    pytest.importorskip("defusedxml")
    src = zipfile.ZipFile(io.BytesIO(xlsx.template_bytes("2021")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                head, _, rest = text.partition("?>")
                data = (head + '?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + rest).encode()
            out.writestr(item, data)
    err = _error(buf.getvalue())
    assert err.problems[0].code == "xlsx"


def test_missing_extra_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError) as info:
        xlsx.template_bytes("2021")
    assert "pip install 'govdisclosure[xlsx]'" in str(info.value)
    with pytest.raises(MissingExtraError):
        xlsx.loads(b"")


def test_amount_trailing_zeros_and_long_amounts_survive() -> None:
    seed = document.load(SEED)
    # 18 significant digits, within the model's limits (at most 1e15, 12 decimal places).
    for text in ("0.50", "103.3879", "123456789012345.891"):
        seed.t2.admin_fees.amount_10k_yuan = Decimal(text)
        back = xlsx.loads(xlsx.dumps(seed))
        assert str(back.t2.admin_fees.amount_10k_yuan) == text


def test_numbers_a_spreadsheet_number_cannot_carry_are_kept_exactly() -> None:
    # openpyxl stores a number with 16 significant digits: 17-digit amounts (found by the
    # round-trip property test) must not come back changed. Counts end at 2**53 - 1, the
    # model's limit, which a number cell still carries exactly.
    seed = document.load(SEED)
    assert seed.sections.other_matters is not None
    amounts = ("222064991.00394252", "123456789012345.67", "999999999999999.9")
    for text, count in zip(amounts, (222064991, 123456789012345, MAX_COUNT), strict=True):
        seed.t2.admin_fees.amount_10k_yuan = Decimal(text)
        seed.t3.new_received.natural_person = count
        seed.sections.other_matters.fees = None
        back = xlsx.loads(xlsx.dumps(seed))
        assert str(back.t2.admin_fees.amount_10k_yuan) == text
        assert back.t3.new_received.natural_person == count
        assert document.dumps(back) == document.dumps(seed)
    seed.sections.other_matters.fees = ProcessingFees(fee_notices_issued_count=MAX_COUNT)
    back = xlsx.loads(xlsx.dumps(seed))
    assert back.sections.other_matters is not None
    assert back.sections.other_matters.fees is not None
    assert back.sections.other_matters.fees.fee_notices_issued_count == MAX_COUNT
    # Values a number cell carries exactly stay numbers (so that a spreadsheet can add them).
    seed.t2.admin_fees.amount_10k_yuan = Decimal("103.3879")
    seed.t3.new_received.natural_person = MAX_COUNT
    ws = _workbook(xlsx.dumps(seed))
    assert any(c.value == 103.3879 for row in ws.worksheets[0].iter_rows() for c in row)


def test_text_longer_than_a_cell_continues_on_the_next_lines() -> None:
    seed = document.load(SEED)
    assert seed.sections.problems is not None
    seed.sections.problems.text = "问题" * 40000 + "\r\n末"
    data = xlsx.dumps(seed)
    info = _workbook(data)[xlsx.INFO_SHEET]
    lengths = [
        len(info.cell(r, 3).value or "")
        for r in range(2, info.max_row + 1)
        if info.cell(r, 1).value == "/sections/problems/text"
    ]
    assert len(lengths) == 3
    assert max(lengths) <= 32767
    assert xlsx.loads(data) == seed


@pytest.mark.parametrize(
    ("typed", "typ", "read"),
    [
        (dt.date(2022, 1, 7), "string", "2022-01-07"),
        (dt.datetime(2022, 1, 7), "string", "2022-01-07"),
        (dt.datetime(2022, 1, 7, 9, 30), "string", "2022-01-07T09:30:00"),
        (362000.0, "string", "362000"),
        (0.1, "string", "0.1"),
        (362000, "string", "362000"),
        (2021.0, "integer", 2021),
        (" +2021 ", "integer", 2021),
        (1.10, "number", Decimal("1.1")),
        (" 1.10 ", "number", Decimal("1.10")),
        (True, "boolean", True),
        (" FALSE ", "boolean", False),
        ("", "string", None),
        (None, "integer", None),
        ("[]", "json", []),
    ],
)
def test_info_values_typed_as_a_spreadsheet_stores_them(typed: Any, typ: str, read: Any) -> None:
    value = xlsx._info_value(typed, typ)
    assert value == read
    assert type(value) is type(read)


@pytest.mark.parametrize(
    ("typed", "typ", "expected"),
    [
        (True, "string", "text"),
        (True, "integer", "a whole number"),
        (2021.5, "integer", "a whole number"),
        ("2021年", "integer", "a whole number"),
        (False, "number", "a number"),
        ("一点五", "number", "a number"),
        ("yes", "boolean", "true or false"),
        (1, "boolean", "true or false"),
        ("x", "date", "a known type (string, integer, number, boolean, json)"),
    ],
)
def test_info_values_of_the_wrong_type_say_what_was_expected(
    typed: Any, typ: str, expected: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)) as info:
        xlsx._info_value(typed, typ)
    assert str(info.value) == expected


def test_info_sheet_dates_typed_by_hand_and_bad_lines_are_named() -> None:
    wb = _filled_template()
    info = wb[xlsx.INFO_SHEET]
    _info_cell(info, "/metadata/issued_date").value = dt.date(2022, 1, 7)
    _info_cell(info, "/metadata/report_year").value = 2021.0
    report = xlsx.loads(_save(wb))
    assert report.metadata.issued_date == dt.date(2022, 1, 7)
    assert report.metadata.report_year == 2021
    year = _info_cell(info, "/metadata/report_year")
    year.value = "=2020+1"
    info.cell(year.row, 2).value = "integer"
    info.cell(2, 6).value = "note"
    err = _error(_save(wb))
    assert [(p.code, p.extra["cell"]) for p in err.problems[:2]] == [
        ("formula", f"C{year.row}"),
        ("outside", "F2"),
    ]
    info.cell(1, 1).value = "名称"
    (p,) = _error(_save(wb)).problems[:1]
    assert (p.code, p.extra["cell"]) == ("layout", "A1")
