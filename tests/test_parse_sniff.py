"""Format sniffing on real files: markdown (ours and converters'), HTML pages, page text.

Our own markdown embeds the merged-cell tables as HTML blocks, so "contains ``<table``" does
not make a document HTML; and page text of an HTML table (``规章 | 0 | 0 |`` lines, no
delimiter row) is not a markdown table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.cells import iter_cells
from govdisclosure.io import html, markdown
from govdisclosure.parse import parse, sniff_format

from .conftest import EXAMPLES

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "corpus" / "raw"
SEED = HERE / "data" / "seed" / "000_afc8951c6086bbfe.txt"
PAGES = sorted(EXAMPLES.glob("*.json"))
PIPE_TEXT = ["005", "007", "021", "023", "026", "027"]


def _raw(nid: str) -> Path:
    (path,) = RAW.glob(f"{nid}_*")
    return path


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_rendered_markdown_is_markdown_and_rendered_html_is_html(path: Path) -> None:
    report = document.load(path)
    md = markdown.dumps(report)
    page = html.dumps(report)
    assert "<table" in md
    assert sniff_format(md) == sniff_format(md.encode("utf-8")) == "markdown"
    assert sniff_format(page) == sniff_format(page.encode("utf-8")) == "html"
    # A markdown file wrapped into a page is a page.
    assert sniff_format(f"<html><body><div>{md}</div></body></html>") == "html"


@pytest.mark.parametrize("nid", ["016", "017"])
def test_converter_markdown_is_markdown(nid: str) -> None:
    assert sniff_format(_raw(nid).read_bytes()) == "markdown"


def test_html_in_a_javascript_file_is_html() -> None:
    assert sniff_format(_raw("001").read_bytes()) == "html"


def test_seed_and_pdf_text_are_text() -> None:
    assert sniff_format(SEED.read_bytes()) == "text"
    for nid in ("002", "013", "015"):
        assert sniff_format(_raw(nid).read_bytes()) == "text"


@pytest.mark.parametrize("nid", PIPE_TEXT)
def test_pipe_separated_page_text_is_text(nid: str) -> None:
    data = _raw(nid).read_bytes()
    assert b"|" in data
    assert sniff_format(data) == "text"
    auto = parse(data)
    forced = parse(data, format="text")
    assert {c.pointer: c.value for c in iter_cells(auto.report)} == {
        c.pointer: c.value for c in iter_cells(forced.report)
    }
    # Page text of the tables is read as tables: table 二 has values.
    assert any(c.table == "t2" and c.value is not None for c in iter_cells(auto.report))


def test_markdown_structure_and_page_markup() -> None:
    table = '<table class="govd-table">\n<tr><td>规章</td><td>1</td></tr>\n</table>'
    assert sniff_format(f"# 报告\n\n正文\n\n{table}\n") == "markdown"
    # an unclosed table block still leaves the heading outside it
    assert sniff_format("## 二、主动公开政府信息情况\n\n<table>\n<tr><td>规章") == "markdown"
    # a heading inside a table block is not markdown structure
    assert sniff_format(f"{table[:-8]}\n# x\n</table>\n") == "html"
    assert sniff_format("# 报告\n\n<p>正文</p>\n\n" + table) == "html"
    assert sniff_format("| 规章 | 1 |\n|---|---|\n") == "markdown"
    assert sniff_format("|---|---|\n| 规章 | 1 |\n") == "text"
    assert sniff_format("规章 | 0 | 0 |\n规范性文件 | 1 | 2 |\n| 行政许可 | 3 |\n") == "text"
