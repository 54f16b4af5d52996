"""The generic XLSX front end.

Workbooks come from two real sources: the library's own workbook writer
(:mod:`govdisclosure.io.xlsx`) filled with the hand transcriptions in ``examples/`` (real
reports), and small workbooks built here with openpyxl to show merges, formulas and number
forms.
"""

from __future__ import annotations

import io
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from govdisclosure.document import load  # noqa: E402
from govdisclosure.errors import MissingExtraError  # noqa: E402
from govdisclosure.io import xlsx as io_xlsx  # noqa: E402
from govdisclosure.io._common import cell_text  # noqa: E402
from govdisclosure.io._grid import build_grid  # noqa: E402
from govdisclosure.layout import layout_for  # noqa: E402
from govdisclosure.parse._ir import SourceTable, TextBlock  # noqa: E402
from govdisclosure.parse._result import ParseError  # noqa: E402
from govdisclosure.parse.xlsx import read_xlsx  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ["shanghai-gov-office-2019.json", "quanzhou-digital-office-2021.json"]


def _workbook(build: Any) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", NAMES)
def test_own_workbook_read_generically(name: str) -> None:
    report = load(EXAMPLES / name)
    doc = read_xlsx(io_xlsx.dumps(report), source=name)
    assert doc.kind == "xlsx"
    layout = layout_for(report.edition)
    tables = doc.tables[: len(layout.tables)]
    for table, lay in zip(tables, layout.tables, strict=True):
        # the sheet's title line above the table is running text
        before = doc.blocks[doc.blocks.index(table) - 1]
        assert isinstance(before, TextBlock)
        assert before.text == lay.title
        assert table.caption == lay.short_label
        grid = build_grid(lay)
        assert len(table.rows) == grid.height
        for gc in grid.cells:
            cell = table.rows[gc.row][gc.col]
            assert cell.origin is None
            assert (cell.rowspan, cell.colspan) == (gc.rowspan, gc.colspan)
            assert cell.loc.sheet == lay.short_label
            for dr in range(gc.rowspan):
                for dc in range(gc.colspan):
                    if dr or dc:
                        assert table.rows[gc.row + dr][gc.col + dc].origin == (gc.row, gc.col)
            if gc.ref is None:
                assert cell.text == gc.text
            else:
                node: Any = report
                for part in gc.ref.path:
                    node = getattr(node, part)
                assert cell.text == cell_text(node), gc.ref.dotted


def test_refs_merges_numbers_and_formulas() -> None:
    def build(wb: Any) -> None:
        ws = wb.active
        ws.title = "表三"
        ws["A1"] = "标题"
        ws["A3"] = "三、本年度办理结果"
        ws.merge_cells("A3:A4")
        ws["B3"] = "（一）予以公开"
        ws["C3"] = 3.0
        ws["D3"] = 0.1
        ws["B4"] = "（七）总计"
        ws["C4"] = "=SUM(C3:C3)"
        ws["D4"] = Decimal("103.3879")
        ws["E4"] = -185

    doc = read_xlsx(_workbook(build))
    assert isinstance(doc.blocks[0], TextBlock)
    assert doc.blocks[0].text == "标题"
    table = doc.blocks[1]
    assert isinstance(table, SourceTable)
    assert [[c.text for c in r] for r in table.rows] == [
        ["三、本年度办理结果", "（一）予以公开", "3", "0.1", ""],
        ["三、本年度办理结果", "（七）总计", "=SUM(C3:C3)", "103.3879", "-185"],
    ]
    a3, a4 = table.rows[0][0], table.rows[1][0]
    assert (a3.rowspan, a3.colspan, a3.origin) == (2, 1, None)
    assert a4.origin == (0, 0)
    assert a4.loc.ref == a3.loc.ref == "A3"
    assert table.rows[1][2].loc.ref == "C4"
    assert table.rows[1][2].loc.sheet == "表三"
    assert [(f.code, f.params["formula"]) for f in doc.findings] == [
        ("P-CELL-FORMULA", "=SUM(C3:C3)")
    ]
    assert doc.findings[0].source_location is not None
    assert "C4" in doc.findings[0].source_location


def test_blank_rows_split_tables_and_blank_sheets_skipped() -> None:
    def build(wb: Any) -> None:
        ws = wb.active
        ws.append(["规章", 1, 2])
        ws.append([None])
        ws.append(["行政许可", 0])
        wb.create_sheet("空")

    doc = read_xlsx(_workbook(build))
    assert [[[c.text for c in r] for r in t.rows] for t in doc.tables] == [
        [["规章", "1", "2"]],
        [["行政许可", "0"]],
    ]


def test_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError) as e:
        read_xlsx(b"PK")
    assert "govdisclosure[xlsx]" in str(e.value)


@pytest.mark.parametrize("data", [b"", b"plain text", b"PK\x03\x04\x14\x00junk"])
def test_not_a_workbook(data: bytes) -> None:
    with pytest.raises(ParseError) as e:
        read_xlsx(data, source="x.xlsx")
    assert e.value.code == "P-FORMAT-UNREADABLE"
    assert "x.xlsx" in str(e.value)


def test_entities_refused_before_openpyxl() -> None:
    data = _workbook(lambda wb: wb.active.append(["a"]))
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, sep, rest = blob.partition(b"?>")
                blob = head + sep + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + rest
            out.writestr(info.filename, blob)
    with pytest.raises(ParseError) as e:
        read_xlsx(buf.getvalue())
    assert e.value.code == "P-INPUT-UNSAFE"


def test_public_row_iterator_reads_the_same_cells() -> None:
    """Without openpyxl's sparse cell store the public iterator gives the same cells."""
    from govdisclosure.parse.xlsx import _sheet_cells

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B2"] = 1
    ws["C4"] = "规章"

    class View:
        title = ws.title
        max_row = ws.max_row
        max_column = ws.max_column

        def iter_rows(self, **kw: Any) -> Any:
            return ws.iter_rows(**kw)

    def values(cells: dict[tuple[int, int], Any]) -> dict[tuple[int, int], Any]:
        return {k: c.value for k, c in cells.items() if c.value is not None}

    assert (
        values(_sheet_cells(View(), None))
        == values(_sheet_cells(ws, None))
        == {
            (2, 2): 1,
            (4, 3): "规章",
        }
    )
