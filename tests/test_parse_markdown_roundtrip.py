"""A report rendered as markdown reads back to the same report.

Rendering (``govdisclosure.io.markdown``) and parsing (``govdisclosure.parse``) are written
independently; this closes the loop on the two real examples, as the HTML round trip does:
every cell, every narrative section (covering letter, title and preamble included), and the
metadata the page states. The markdown escapes its text (``\\<``, ``\\#``, hard line breaks
``\\`` at line ends) and embeds the tables as HTML blocks; both must be undone exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import document
from govdisclosure.cells import iter_cells
from govdisclosure.editions import Edition
from govdisclosure.io import html, markdown
from govdisclosure.io._common import cell_text
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.models import NarrativeSection
from govdisclosure.parse import parse, sniff_format
from govdisclosure.parse._ir import TextBlock
from govdisclosure.parse.markdown import read_markdown

from .conftest import EXAMPLES

PAGES = sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("fmt", ["markdown", "auto"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_markdown_rendering_parses_back(path: Path, fmt: str) -> None:
    original = document.load(path)
    text = markdown.dumps(original)
    assert sniff_format(text) == "markdown"
    result = parse(text.encode("utf-8"), format=fmt, source=path.name)  # type: ignore[arg-type]
    assert result.edition.value == original.edition
    back = document.to_data(result.report)
    want = document.to_data(original)
    for key in ("t2", "t3", "t4", "extra_rows", "sections"):
        assert back[key] == want[key], key
    # What the page states is read back; level and kind of the body are not printed.
    for key in ("title", "document_number", "report_year", "covering_letter", "statistics_period"):
        assert back["metadata"][key] == want["metadata"][key], key
    assert back["metadata"]["body"]["name"] == want["metadata"]["body"]["name"]
    # Every cell has provenance: where in the markdown it was read, and the text found there.
    lines = text.split("\n")
    for cell in iter_cells(original):
        prov = result.provenance[cell.pointer]
        assert prov.loc.kind == "markdown"
        assert prov.loc.table is not None
        assert prov.loc.line is not None
        assert prov.loc.offset is not None
        assert text.startswith("<td", prov.loc.offset)
        assert lines[prov.loc.line - 1].lstrip().startswith("<tr")
        assert prov.raw.strip().startswith(cell_text(cell.value))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_every_narrative_line_reads_back_unescaped(path: Path) -> None:
    """Each line of the narrative as the renderer wrote it is one text block, unescaped."""
    original = document.load(path)
    doc = read_markdown(markdown.dumps(original))
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    letter = original.metadata.covering_letter or ""
    written = [x.strip() for x in letter.split("\n") if x.strip()]
    assert texts[: len(written)] == written
    assert not any(t.endswith("\\") for t in texts)


# Text of one line, as a report might print it: CJK, ASCII punctuation markdown cares about,
# full-width punctuation, digits and letters; no line breaks.
_LINE = st.text(
    alphabet=st.sampled_from(
        list("政府信息公开（）《》，。、：；“”") + list("\\`*_[]<>#|&~!-+=.)") + list("abc019 ;&#x")
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: bool(s.strip()))


@settings(max_examples=300, deadline=None)
@given(_LINE)
def test_escaped_line_reads_back_as_written(line: str) -> None:
    md = markdown.escape(line.strip())
    blocks = read_markdown("## 一、总体情况\n\n" + md + "\n").blocks
    assert [b.text for b in blocks if isinstance(b, TextBlock)][1:] == [line.strip()]


def test_hard_breaks_escapes_and_references() -> None:
    md = (
        "第一行\\\n"  # a hard line break
        "路径 C:\\\\\n"  # an escaped backslash at the line end is text, not a break
        "\\<http://x\\> \\&amp; &amp; &#12354; &nosuch \\# 1\\. \\|\n"
    )
    texts = [b.text for b in read_markdown(md).blocks if isinstance(b, TextBlock)]
    assert texts == ["第一行", "路径 C:\\", "<http://x> &amp; & あ &nosuch # 1. |"]


def test_escaped_pipe_and_break_inside_table_cells() -> None:
    doc = read_markdown("| 规章 \\| x | 1<br>2 | \\&amp; |\n|---|---|---|\n| a | b | c |\n")
    assert [c.text for c in doc.tables[0].rows[0]] == ["规章 | x", "1\n2", "&amp;"]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_report_text_that_looks_like_a_table_row_stays_text(path: Path, fmt: str) -> None:
    """A paragraph ``行政许可 5`` in the report's own words under section 二 is text, neither
    a row of table 二 nor table residue: the rendering keeps its tables apart from its text."""
    report = document.load(path)
    t2 = layout_for(Edition(report.edition)).table("t2")
    block = min(t2.blocks, key=lambda b: len(b.columns))
    row = block.rows[0]
    title = next(s.title for s in SECTIONS if s.table == "t2")
    nums = " ".join("5" for _ in block.columns)
    text = f"{row.label} {nums}\n说明：\n{row.label} {nums}"
    report.sections.proactive = NarrativeSection(title=title, text=text)
    rendered = markdown.dumps(report) if fmt == "markdown" else html.dumps(report)
    back = parse(rendered)
    assert back.report.sections.proactive is not None
    assert back.report.sections.proactive.text == text
    assert document.to_data(back.report)["t2"] == document.to_data(report)["t2"]
    codes = {f.code for f in back.findings}
    assert not codes & {"P-ROW-DUPLICATE", "P-NARRATIVE-TABLE-TEXT", "P-EXTRA-ROW"}
