"""The markdown front end on real PDF→markdown converter output (corpus 016 and 017).

Converters tear the published tables apart (fragments with their own header rows, value rows
detached from their labels, repeated ``## 表三`` headings); the front end must read all of it
faithfully, line by line, so that the mapper can put it back together.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govdisclosure.parse._ir import SourceTable, TextBlock
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.markdown import read_markdown

RAW = Path(__file__).resolve().parent / "data" / "corpus" / "raw"
FILES = ["016_shanghai-stcsm-2024_source.md", "017_shanghai-gov-office-2025_source.md"]


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in inner.split("|")]


def _is_delimiter(line: str) -> bool:
    return line.strip().startswith("|") and set(line.replace("|", "").strip()) <= {"-", ":", " "}


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_read_once_in_order(name: str) -> None:
    path = RAW / name
    lines = path.read_text(encoding="utf-8").split("\n")
    doc = read_markdown(path.read_bytes(), source=name)
    assert doc.kind == "markdown"
    by_line: dict[int, list[str]] = {}
    order: list[int] = []
    for block in doc.blocks:
        if isinstance(block, SourceTable):
            for row in block.rows:
                line_no = row[0].loc.line
                assert line_no is not None
                assert {c.loc.line for c in row} == {line_no}
                by_line[line_no] = [c.text for c in row]
                order.append(line_no)
        else:
            assert block.loc.line is not None
            by_line[block.loc.line] = [block.text]
            order.append(block.loc.line)
    assert order == sorted(order)
    for no, line in enumerate(lines, start=1):
        if not line.strip() or _is_delimiter(line):
            assert no not in by_line
        elif line.strip().startswith("|"):
            assert by_line[no] == _pipe_cells(line), no
        elif len(by_line[no]) > 1:
            # a table row left outside the pipe table ("行政许可 97"): label and values
            assert " ".join(by_line[no]) == " ".join(line.split()), no
            assert all(c.replace(".", "").isdigit() for c in by_line[no][1:]), no
        else:
            assert by_line[no] == [line.strip().lstrip("#").strip()], no


@pytest.mark.parametrize("name", FILES)
def test_fragments_start_at_their_header_rows(name: str) -> None:
    path = RAW / name
    lines = path.read_text(encoding="utf-8").split("\n")
    doc = read_markdown(path.read_text(encoding="utf-8"))
    header_lines = {
        no - 1
        for no, line in enumerate(lines, start=1)
        if _is_delimiter(line) and no >= 2 and lines[no - 2].strip().startswith("|")
    }
    first_rows = {t.rows[0][0].loc.line for t in doc.tables}
    assert header_lines <= first_rows
    assert len(doc.tables) >= len(header_lines)
    for i, table in enumerate(doc.tables):
        assert table.loc.table == i
        for r, row in enumerate(table.rows):
            assert [(c.loc.table, c.loc.row, c.loc.cell) for c in row] == [
                (i, r, k) for k in range(len(row))
            ]


@pytest.mark.parametrize("name", FILES)
def test_detached_value_rows_and_captions_kept(name: str) -> None:
    doc = read_markdown((RAW / name).read_text(encoding="utf-8"))
    # value rows whose labels the converter moved out of the table are still rows
    label_less = [
        row
        for t in doc.tables
        for row in t.rows
        if row and all(c.text.isdigit() for c in row if c.text)
    ]
    assert label_less
    # the repeated "## 表…" headings are headings, and caption the table right below them
    headings = [b for b in doc.blocks if isinstance(b, TextBlock) and b.heading_level == 2]
    assert headings
    for h in headings:
        nxt = doc.blocks[doc.blocks.index(h) + 1]
        if isinstance(nxt, SourceTable):
            assert nxt.caption == h.text


def test_cell_columns_and_offsets_point_at_the_cell() -> None:
    text = (RAW / FILES[1]).read_text(encoding="utf-8")
    doc = read_markdown(text)
    lines = text.split("\n")
    for table in doc.tables:
        for row in table.rows:
            assert row[0].loc.line is not None
            piped = lines[row[0].loc.line - 1].lstrip().startswith("|")
            for cell in row:
                assert cell.loc.offset is not None
                if not piped:
                    assert text.startswith(cell.text, cell.loc.offset)
                    continue
                assert text[cell.loc.offset - 1] == "|"
                if cell.text:
                    assert text.startswith(cell.text, cell.loc.offset + 1)


def test_br_escapes_missing_pipe_crlf_and_headings() -> None:
    md = (
        "# 报告\r\n"
        "### 三、表 ###\r\n"
        "| 本年新<br />制作数量 | a \\| b | x &amp; y |\r\n"
        "|---|:--:|--:|\r\n"
        "| 规章 | 1 | 2\r\n"
        "| 行政许可 | 0 | 0 |\r\n"
        "|---|---|---|\r\n"
        "| 3 | 4 | 5 |\r\n"
        "\r\n"
        "正文一行\r\n"
    )
    doc = read_markdown(md)
    kinds = [
        (type(b).__name__, getattr(b, "text", None), getattr(b, "heading_level", None))
        for b in doc.blocks
    ]
    assert kinds == [
        ("TextBlock", "报告", 1),
        ("TextBlock", "三、表", 3),
        ("SourceTable", None, None),
        ("SourceTable", None, None),
        ("TextBlock", "正文一行", None),
    ]
    first, second = doc.tables
    assert first.caption == "三、表"
    assert second.caption is None
    assert [[c.text for c in r] for r in first.rows] == [
        ["本年新\n制作数量", "a | b", "x & y"],
        ["规章", "1", "2"],
    ]
    assert [[c.text for c in r] for r in second.rows] == [["行政许可", "0", "0"], ["3", "4", "5"]]


def test_empty_cells_are_kept() -> None:
    doc = read_markdown("| a | | 1 |  |\n")
    assert [c.text for c in doc.tables[0].rows[0]] == ["a", "", "1", ""]


def test_gb18030_bytes_decoded_with_finding() -> None:
    doc = read_markdown("| 规章 | 1 |\n".encode("gb18030"))
    assert [c.text for c in doc.tables[0].rows[0]] == ["规章", "1"]
    assert [f.code for f in doc.findings] == ["P-ENCODING"]


@pytest.mark.parametrize("data", ["", "\n\n  ", b"\xef\xbb\xbf"])
def test_empty_input(data: str | bytes) -> None:
    with pytest.raises(ParseError) as e:
        read_markdown(data, source="x.md")
    assert e.value.code == "P-INPUT-EMPTY"


def test_raw_html_table_inside_markdown() -> None:
    md = (
        "## 表三\n"
        "前文\n"
        '<table><tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td></tr>\n'
        "<tr><td>（二）部分公开</td><td>&nbsp;</td></tr></table>\n"
        "| 规章 | 1 |\n"
        "后文\n"
    )
    doc = read_markdown(md)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["TextBlock", "TextBlock", "SourceTable", "SourceTable", "TextBlock"]
    html_table, pipe_table = doc.tables
    assert [[c.text for c in r] for r in html_table.rows] == [
        ["三、本年度办理结果", "（一）予以公开", "5"],
        ["三、本年度办理结果", "（二）部分公开", "\xa0"],
    ]
    assert html_table.rows[1][0].origin == (0, 0)
    for row in html_table.rows:
        for cell in row:
            assert cell.loc.kind == "markdown"
            assert cell.loc.table == 0
            assert md.startswith("<td", cell.loc.offset)
            assert cell.loc.line is not None
            assert cell.loc.column is not None
            assert md.split("\n")[cell.loc.line - 1][cell.loc.column - 1 :].startswith("<td")
    assert pipe_table.rows[0][0].loc.table == 1
    assert pipe_table.rows[0][0].loc.line == 5


@pytest.mark.parametrize("name", FILES)
def test_table_4_under_its_heading_despite_shredded_headers(name: str) -> None:
    """The converter shreds table 四's header (``| 维持 | 纠正 | 结果 | 审结 |``) and leaves its
    15 values in a row of their own; the section heading before it says which table it is."""
    from govdisclosure.layout import layout_for
    from govdisclosure.parse import parse

    text = (RAW / name).read_text(encoding="utf-8")
    res = parse(text, format="markdown")
    assert not any(f.code == "P-TABLE-MISSING" for f in res.findings)
    (line,) = [
        ln
        for ln in text.split("\n")
        if ln.startswith("|") and ln.count("|") == 16 and ln.replace("|", "").split()[0].isdigit()
    ]
    printed = [int(x) for x in line.replace("|", " ").split()]
    t4 = layout_for(res.edition).table("t4")
    got = [
        getattr(getattr(res.report.t4, r.id), c.id) for r in t4.rows for c in t4.blocks[0].columns
    ]
    assert got == printed
    # the report's own totals hold for every block
    for i in range(0, 15, 5):
        assert sum(printed[i : i + 4]) == printed[i + 4]


@pytest.mark.parametrize("name", FILES)
def test_table_rows_left_outside_the_pipe_table_are_rows(name: str) -> None:
    """``行政许可 97`` under the heading of table 二 is a row of it, not narrative text."""
    from decimal import Decimal

    from govdisclosure.cells import get_cell
    from govdisclosure.layout import layout_for
    from govdisclosure.parse import parse

    text = (RAW / name).read_text(encoding="utf-8")
    res = parse(text, format="markdown")
    t2 = layout_for(res.edition).table("t2")
    single = {
        r.label: (r.id, b.columns[0].id) for b in t2.blocks if len(b.columns) == 1 for r in b.rows
    }
    seen = 0
    for no, line in enumerate(text.split("\n"), start=1):
        parts = line.split()
        if len(parts) == 2 and parts[0] in single:
            row_id, col_id = single[parts[0]]
            assert get_cell(res.report, "t2", row_id, col_id) == Decimal(parts[1])
            prov = res.provenance[f"/t2/{row_id}/{col_id}"]
            assert (prov.loc.line, prov.raw) == (no, parts[1])
            seen += 1
    assert seen == len(single) == 4
