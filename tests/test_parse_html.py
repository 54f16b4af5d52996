"""The HTML front end: grids with merged cells expanded, text blocks, HTML inside JS, limits.

The real-data tests read corpus report 001 (上海市人民政府办公厅 2019: HTML held in a
JavaScript string literal, ``rowspan``/``colspan`` everywhere, ``&nbsp;`` blanks) and compare
what the grid holds, position by position, with the hand transcription ``truth/001.json``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.document import load
from govdisclosure.editions import Edition
from govdisclosure.io import html as io_html
from govdisclosure.io._common import cell_text
from govdisclosure.io._grid import build_grid
from govdisclosure.layout import layout_for
from govdisclosure.parse._ir import TextBlock
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.html import MAX_TABLE_DEPTH, read_html

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "corpus" / "raw"
TRUTH = HERE / "data" / "corpus" / "truth"
EXAMPLES = HERE.parent / "examples"
F001 = RAW / "001_shanghai-gov-office-2019_embedded-html.js"


@pytest.fixture(scope="module")
def doc001():  # type: ignore[no-untyped-def]
    return read_html(F001.read_bytes(), source=F001.name)


@pytest.fixture(scope="module")
def truth001() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRUTH / "001.json").read_text(encoding="utf-8"))
    return data


def _value(text: str) -> int | None:
    """A count as the truth file records it: blank (incl. &nbsp;) is None."""
    stripped = text.replace("\xa0", " ").strip()
    return int(stripped) if stripped else None


def test_001_structure_and_order(doc001) -> None:  # type: ignore[no-untyped-def]
    layout = layout_for(Edition.TRIAL_2019)
    tables = doc001.tables
    assert len(tables) == len(layout.tables) == 3
    assert doc001.kind == "html"
    assert doc001.source == F001.name
    # each table comes right after its section title, as published
    for table, lay_table in zip(tables, layout.tables, strict=True):
        i = doc001.blocks.index(table)
        before = doc001.blocks[i - 1]
        assert isinstance(before, TextBlock)
        assert before.text == lay_table.title
    texts = [b.text for b in doc001.blocks if isinstance(b, TextBlock)]
    assert texts[0].startswith(str(1 + 2018) + "年")  # the report title comes first
    assert all(not t.startswith("let ") for t in texts)


def test_001_table3_rowspan_expanded(doc001) -> None:  # type: ignore[no-untyped-def]
    layout = layout_for(Edition.TRIAL_2019)
    t3 = layout.tables[1]
    grid = doc001.tables[1].rows
    results_group = next(g for r in t3.rows for g in r.groups if g.id == "results")
    n_results = sum(1 for r in t3.rows if r.groups and r.groups[0].id == "results")
    origins = [
        (ri, ci)
        for ri, row in enumerate(grid)
        for ci, cell in enumerate(row)
        if cell.text == results_group.label and cell.origin is None
    ]
    assert len(origins) == 1
    r0, c0 = origins[0]
    assert grid[r0][c0].rowspan == n_results == 20
    for dr in range(1, n_results):
        covered = grid[r0 + dr][c0]
        assert covered.origin == (r0, c0)
        assert covered.text == results_group.label
        assert covered.loc == grid[r0][c0].loc
    # rectangular after expansion
    assert len({len(row) for row in grid}) == 1


def test_001_values_by_grid_position_match_truth(doc001, truth001) -> None:  # type: ignore[no-untyped-def]
    layout = layout_for(Edition.TRIAL_2019)
    t3 = layout.tables[1]
    grid = doc001.tables[1].rows
    cols = truth001["table3_columns"]
    assert [c.id for c in t3.blocks[0].columns] == cols
    data_rows = grid[len(grid) - len(t3.rows) :]
    for row, lay_row in zip(data_rows, t3.rows, strict=True):
        labels = [c.text for c in row[: len(row) - len(cols)]]
        assert lay_row.label in labels or any(g.label in labels for g in lay_row.groups)
        got = [_value(c.text) for c in row[-len(cols) :]]
        assert got == truth001["table3"][lay_row.id], lay_row.id
    t4 = layout.tables[2]
    grid4 = doc001.tables[2].rows
    values = [_value(c.text) for c in grid4[-1]]
    n = len(truth001["table4_columns"])
    for i, lay_row in enumerate(t4.rows):
        assert values[i * n : (i + 1) * n] == truth001["table4"][lay_row.id]


def test_001_blank_cells_are_nbsp_not_zero(doc001) -> None:  # type: ignore[no-untyped-def]
    cells = [c for row in doc001.tables[1].rows for c in row]
    blanks = [c for c in cells if c.text == "\xa0"]
    assert blanks, "001 marks blank cells with &nbsp;"
    assert all(c.text != "0" for c in cells)


def test_001_locations_point_into_the_original_file(doc001) -> None:  # type: ignore[no-untyped-def]
    raw = F001.read_text(encoding="utf-8")
    lines = raw.split("\n")
    for ti, table in enumerate(doc001.tables):
        for ri, row in enumerate(table.rows):
            for ci, cell in enumerate(row):
                loc = cell.loc
                assert raw.startswith("<td", loc.offset)
                assert lines[loc.line - 1][loc.column - 1 :].startswith("<td")
                assert loc.table == ti
                if cell.origin is None:
                    assert (loc.row, loc.cell) == (ri, ci)
                else:
                    assert (loc.row, loc.cell) == cell.origin
    for block in doc001.blocks:
        if isinstance(block, TextBlock):
            assert raw.startswith(block.text[:8], block.loc.offset)


def test_001_header_br_inside_cell_kept_as_line_break(doc001) -> None:  # type: ignore[no-untyped-def]
    header_cells = [c.text for c in doc001.tables[0].rows[1]]
    assert any("\n" in t for t in header_cells)
    col = layout_for(Edition.TRIAL_2019).tables[0].blocks[0].columns[0]
    assert col.label in [t.replace("\n", "") for t in header_cells]


def _grid(html: str, index: int = 0) -> list[list[str]]:
    return [[c.text for c in row] for row in read_html(html).tables[index].rows]


def test_spans_nbsp_op_and_split_spans() -> None:
    html = (
        "<table><tr><td rowspan=2>A</td><td colspan=2><span>1</span><span>2</span></td></tr>"
        "<tr><td>&nbsp;</td><td><p>x<o:p></o:p></p><p>y</p></td></tr>"
        "<tr><td>z</td><td>3<br>4</td><td><o:p>&nbsp;</o:p></td></tr></table>"
    )
    doc = read_html(html)
    rows = doc.tables[0].rows
    assert [[c.text for c in r] for r in rows] == [
        ["A", "12", "12"],
        ["A", "\xa0", "x\ny"],
        ["z", "3\n4", "\xa0"],
    ]
    assert rows[0][0].rowspan == 2
    assert rows[1][0].origin == (0, 0)
    assert rows[0][1].colspan == 2
    assert rows[0][2].origin == (0, 1)


def test_rowspan_past_the_end_and_unclosed_cells() -> None:
    rows = read_html("<table><tr><td rowspan=9>a<td>b<tr><td>c</table>").tables[0].rows
    assert [[c.text for c in r] for r in rows] == [["a", "b"], ["a", "c"]]
    assert rows[0][0].rowspan == 2


def test_nested_and_single_column_tables_are_layout() -> None:
    html = (
        "<table><tr><td><h2>一、总体情况</h2><p>正文</p>"
        "<table><tr><td>x</td><td>1</td></tr></table></td></tr></table>"
        "<table><tr><td>just text</td></tr></table>"
    )
    doc = read_html(html)
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in doc.blocks]
    assert kinds == [
        ("TextBlock", "一、总体情况"),
        ("TextBlock", "正文"),
        ("SourceTable", None),
        ("TextBlock", "just text"),
    ]
    assert doc.blocks[0].heading_level == 2  # type: ignore[union-attr]
    assert _grid(html) == [["x", "1"]]


def test_script_style_skipped_text_blocks_and_headings() -> None:
    html = (
        "<html><head><style>p{color:red}</style><script>var a='<p>no</p>';</script></head>"
        "<body><h3>标题</h3><div>一行<br/>二行</div><ul><li>项</li></ul></body></html>"
    )
    doc = read_html(html)
    assert [(b.text, b.heading_level) for b in doc.blocks] == [  # type: ignore[union-attr]
        ("标题", 3),
        ("一行", None),
        ("二行", None),
        ("项", None),
    ]


def test_caption() -> None:
    doc = read_html("<table><caption>表三</caption><tr><td>a</td><td>1</td></tr></table>")
    assert doc.tables[0].caption == "表三"
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["a", "1"]]


def test_html_in_js_string_with_escapes_maps_locations_back() -> None:
    src = '// data\nlet a = "plain";\nlet content = "<p>\\u4e00、总体</p>\\n<table><tr><td class=\\"x\\">7</td><td>8</td></tr></table>";\n'
    doc = read_html(src)
    assert [b.text for b in doc.blocks if isinstance(b, TextBlock)] == ["一、总体"]
    cell = doc.tables[0].rows[0][0]
    assert cell.text == "7"
    assert src.startswith('<td class=\\"x\\">', cell.loc.offset)
    assert cell.loc.line == 3


def test_declared_charset_and_gb18030_fallback() -> None:
    page = "<html><head><meta charset=gbk></head><body><p>政府信息公开</p></body></html>"
    doc = read_html(page.encode("gb18030"))
    assert [b.text for b in doc.blocks] == ["政府信息公开"]  # type: ignore[union-attr]
    assert [f.code for f in doc.findings] == ["P-ENCODING"]
    wrong = read_html("<meta charset=utf-16><p>政府</p>".encode("gb18030"))
    assert [b.text for b in wrong.blocks] == ["政府"]  # type: ignore[union-attr]
    bom = read_html(b"\xef\xbb\xbf<p>\xe5\x85\xac</p>")
    assert [b.text for b in bom.blocks] == ["公"]  # type: ignore[union-attr]
    assert bom.findings == []


@pytest.mark.parametrize("data", ["", "   \n", b""])
def test_empty_input(data: str | bytes) -> None:
    with pytest.raises(ParseError) as e:
        read_html(data, source="empty.html")
    assert e.value.code == "P-INPUT-EMPTY"
    assert "empty.html" in str(e.value)


def test_table_depth_limit() -> None:
    with pytest.raises(ParseError) as e:
        read_html("<table><tr><td>" * (MAX_TABLE_DEPTH + 1))
    assert e.value.code == "P-INPUT-TOO-LARGE"
    assert e.value.location is not None


def test_marked_sections_read_as_comments() -> None:
    doc = read_html("<p>a</p><![bogus[ x ]]><![CDATA[y]]><![if !supportLists]>z<![endif]><p>b</p>")
    assert [b.text for b in doc.blocks] == ["a", "z", "b"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "name", ["shanghai-gov-office-2019.json", "quanzhou-digital-office-2021.json"]
)
def test_rendered_page_reads_back_cell_for_cell(name: str) -> None:
    """Our own HTML rendering, read back: every value cell sits where the layout drew it."""
    report = load(EXAMPLES / name)
    doc = read_html(io_html.dumps(report))
    layout = layout_for(report.edition)
    assert len(doc.tables) == len(layout.tables)
    for source_table, lay_table in zip(doc.tables, layout.tables, strict=True):
        grid = build_grid(lay_table)
        rows = source_table.rows
        assert len(rows) == grid.height
        for gc in grid.cells:
            cell = rows[gc.row][gc.col]
            assert cell.origin is None
            assert (cell.rowspan, cell.colspan) == (gc.rowspan, gc.colspan)
            if gc.ref is None:
                assert cell.text.replace("\n", "") == gc.text
            else:
                node = report
                for part in gc.ref.path:
                    node = getattr(node, part)
                value = node
                assert isinstance(value, (int, Decimal)) or value is None
                unit = io_html.unit_of(report, gc.ref) if value is not None else None
                assert cell.text == cell_text(value) + (unit or "")


def test_constructs_that_never_close_stay_text_with_their_characters() -> None:
    """``</x``, ``<!--`` or ``<a`` that can never be closed are read as the text they are."""
    doc = read_html("<p>a</p><div>x </y <!-- z <b")
    assert [b.text for b in doc.blocks] == ["a", "x </y <!-- z <b"]  # type: ignore[union-attr]
    doc = read_html("<p>a</p><!-- never closed <p>b</p>")
    assert [b.text for b in doc.blocks] == ["a", "<!-- never closed", "b"]  # type: ignore[union-attr]
