"""HTML and Markdown in the official layout: structure checked against the layout.

The page is parsed with the standard library's HTML parser (and, when Chromium is installed,
as the DOM a real browser builds from it): cell counts, row and column spans, labels.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from govdisclosure import document
from govdisclosure.cells import iter_cells, set_cell
from govdisclosure.editions import Edition
from govdisclosure.io import html, markdown
from govdisclosure.io._common import cell_text
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.models import Report2019, Report2021, Subsection
from tests._chromium import chromium, headless

from .conftest import EXAMPLES
from .strategies import reports

SEED = EXAMPLES / "quanzhou-digital-office-2021.json"
SHANGHAI = EXAMPLES / "shanghai-gov-office-2019.json"


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", "1"))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", "1"))


@dataclass
class Table:
    id: str
    rows: list[list[Cell]] = field(default_factory=list)

    def cells(self) -> list[Cell]:
        return [c for r in self.rows for c in r]

    def find(self, text: str) -> list[Cell]:
        return [c for c in self.cells() if c.text == text]


class Page(HTMLParser):
    """Tables, headings, script elements and text of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, Table] = {}
        self.headings: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._table: Table | None = None
        self._cell: Cell | None = None
        self._heading: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self._table = Table(a.get("id", ""))
            self.tables[self._table.id] = self._table
        elif tag == "tr" and self._table is not None:
            self._table.rows.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = Cell(tag, a)
            self._table.rows[-1].append(self._cell)
        elif tag in ("h1", "h2", "h3"):
            self._heading = [tag]

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("td", "th"):
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append((self._heading[0], "".join(self._heading[1:])))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.text += data
        if self._heading is not None:
            self._heading.append(data)


def occupancy(table: Table) -> list[int]:
    """Width of each line once row and column spans are applied (a drawn table is a rectangle)."""
    taken: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(table.rows):
        col = 0
        for c in row:
            while taken.get((r, col)):
                col += 1
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    assert not taken.get((r + dr, col + dc)), f"{table.id}: overlap at {(r, col)}"
                    taken[(r + dr, col + dc)] = True
            col += c.colspan
        widths.append(sum(1 for (rr, _k) in taken if rr == r))
    return widths


def expected_headings(
    report: Report2019 | Report2021, shown: Callable[[str], str] = lambda t: t
) -> list[str]:
    """Section headings as the report printed them, else the official titles of the layout.

    A narrative section the report lacks is not drawn; table sections always are. ``shown``
    maps a title to what the output format can carry of it.
    """
    out = []
    for s in SECTIONS:
        section = getattr(report.sections, s.id)
        if section is None and s.table is None:
            continue
        printed = section.title.strip() if section is not None and section.title else ""
        out.append(shown(printed or s.title))
    return out


def check_page(page: Page, report: Report2019 | Report2021, *, html_headings: bool = True) -> None:
    """Everything the official drawing must show, read from the layout."""
    layout = layout_for(Edition(report.edition))
    official = {k for k in page.tables if not k.endswith("-extra")}
    assert official == {t.id for t in layout.tables}
    # Rows the report adds outside the template follow their table, label and raw cells.
    for t in layout.tables:
        added = [r for r in report.extra_rows if r.table == t.id]
        if not added:
            assert f"{t.id}-extra" not in page.tables
            continue
        shown_rows = [[c.text for c in row] for row in page.tables[f"{t.id}-extra"].rows]
        assert shown_rows == [
            [unescape(html.esc(x)) for x in (r.label, *(c.raw for c in r.cells))] for r in added
        ]
    values = {c.ref.dotted: cell_text(c.value) for c in iter_cells(report)}
    for t in layout.tables:
        table = page.tables[t.id]
        widths = occupancy(table)
        assert len(set(widths)) == 1, f"{t.id} is not rectangular: {widths}"
        tds = [c for c in table.cells() if c.tag == "td"]
        assert len(tds) == len(list(t.cells()))
        for td in tds:
            shown = td.text
            assert shown.startswith(values[td.attrs["data-cell"]])
            if values[td.attrs["data-cell"]] == "":
                assert shown == ""
        for block in t.blocks:
            if block.caption:
                assert table.find(block.caption)
            for col in block.columns:
                assert table.find(col.label), col.label
            for row in block.rows:
                assert table.find(row.label), row.label
    t3 = page.tables["t3"]
    t3_layout = layout.table("t3")
    note = t3.rows[0][0]
    assert note.text == t3_layout.note
    assert (note.rowspan, note.colspan) == (3, 3)
    (group,) = t3.find(t3_layout.column_group_label or "")
    assert group.colspan == len(t3_layout.blocks[0].columns)
    legal = {c.group for c in t3_layout.blocks[0].columns if c.group}
    for g in legal:
        (cell,) = t3.find(g)
        assert cell.colspan == sum(1 for c in t3_layout.blocks[0].columns if c.group == g)
    spans = {}
    for row in t3_layout.rows:
        for g in row.groups:
            spans[g.label] = spans.get(g.label, 0) + 1
    for label, n in spans.items():
        (cell,) = t3.find(label)
        assert cell.rowspan == n
    t4 = page.tables["t4"]
    t4_layout = layout.table("t4")
    for row in t4_layout.rows:
        (cell,) = t4.find(row.label)
        assert cell.colspan == len(t4_layout.blocks[0].columns)
        for g in row.groups:
            (gcell,) = t4.find(g.label)
            assert gcell.colspan == len(t4_layout.blocks[0].columns) * sum(
                1 for r in t4_layout.rows if g in r.groups
            )
    if html_headings:
        # HTML cannot carry control characters: a browser shows nothing for their references.
        assert [t for tag, t in page.headings if tag == "h2"] == expected_headings(
            report, lambda t: unescape(html.esc(t))
        )


def test_row_group_spans_of_the_official_form() -> None:
    # The numbers the template shows (三、本年度办理结果 spans 22 rows in 2021, 20 in 2019).
    seed = Page(html.dumps(document.load(SEED)))
    results = layout_for("2021").table("t3").row("results.granted").groups[0].label
    assert seed.tables["t3"].find(results)[0].rowspan == 22
    spans = [c.rowspan for c in seed.tables["t3"].cells() if c.tag == "th" and c.rowspan > 1]
    assert sorted(spans) == sorted([3, 2, 2, 22, 8, 3, 5, 3])
    old = Page(html.dumps(document.load(SHANGHAI)))
    assert old.tables["t3"].find(results)[0].rowspan == 20


@pytest.mark.parametrize("path", [SEED, SHANGHAI], ids=["seed-2021", "shanghai-2019"])
def test_html_of_the_examples(path: Path) -> None:
    report = document.load(path)
    text = html.dumps(report)
    check_page(Page(text), report)
    assert "<script" not in text
    assert "http" not in text.split("</style>")[0]
    assert "@page" in text
    assert "A4" in text
    assert "Noto Serif CJK SC" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_html_structure_of_any_report(report: Report2019 | Report2021) -> None:
    page = Page(html.dumps(report))
    check_page(page, report)
    assert "script" not in page.tags


def test_blank_renders_empty_and_zero_renders_zero() -> None:
    report = document.load(SEED)
    set_cell(report, "t3", "new_received", "natural_person", None)
    set_cell(report, "t3", "new_received", "total", 0)
    page = Page(html.dumps(report))
    tds = {c.attrs["data-cell"]: c.text for c in page.tables["t3"].cells() if c.tag == "td"}
    assert tds["t3.new_received.natural_person"] == ""
    assert tds["t3.new_received.total"] == "0"


def test_text_is_escaped() -> None:
    report = document.load(SEED)
    hostile = '<script>alert("x")</script> & <b>bold</b>\n\n# not a heading\n- not a list'
    assert report.sections.general is not None
    report.sections.general.text = hostile
    report.sections.general.subsections.append(Subsection(title="*（七）* <i>", text="1. x"))
    report.metadata.title = "A & B <title>"
    page = Page(html.dumps(report))
    assert "script" not in page.tags
    assert "b" not in page.tags
    assert "i" not in page.tags
    joined = "".join(page.text)
    assert '<script>alert("x")</script> & <b>bold</b>' in joined
    assert ("h1", "A & B <title>") in page.headings
    md = markdown.dumps(report)
    assert "<script>" not in md
    assert "\\<script\\>" in md
    assert "\n\\# not a heading" in md
    assert "\n\\- not a list" in md
    assert "### \\*（七）\\* \\<i\\>" in md


@pytest.mark.parametrize("path", [SEED, SHANGHAI], ids=["seed-2021", "shanghai-2019"])
def test_markdown_of_the_examples(path: Path) -> None:
    report = document.load(path)
    md = markdown.dumps(report)
    # The tables are HTML blocks: no blank line may interrupt them.
    for t in layout_for(Edition(report.edition)).tables:
        start = md.index(f'id="{t.id}" aria-label=')
        end = md.index("</table>", start)
        assert "\n\n" not in md[start:end]
    check_page(Page(md), report, html_headings=False)
    lines = md.splitlines()
    assert [line[3:] for line in lines if line.startswith("## ")] == expected_headings(
        report, markdown.escape
    )
    if report.sections.general is not None:
        for sub in report.sections.general.subsections:
            assert any(line.startswith("### ") for line in lines)
            assert sub.title.strip()[:2] in md


@pytest.mark.skipif(
    chromium() is None,
    reason="Chromium is not installed (apt-get install chromium); headless DOM check skipped",
)
@pytest.mark.parametrize("path", [SEED, SHANGHAI], ids=["seed-2021", "shanghai-2019"])
def test_html_in_headless_chromium(path: Path, tmp_path: Path) -> None:
    report = document.load(path)
    page_file = tmp_path / "report.html"
    html.dump(report, page_file)
    browser = chromium()
    assert browser is not None
    env = {**os.environ, "HOME": str(tmp_path)}
    proc = subprocess.run(
        headless(
            browser, tmp_path / "profile", "--disable-extensions", "--dump-dom", page_file.as_uri()
        ),
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = Page(proc.stdout)
    check_page(dom, report)
    assert [t for tag, t in dom.headings if tag == "h1"] == [html.heading(report)]


def test_both_renderers_draw_the_one_walk() -> None:
    """HTML and Markdown show the same parts in the same order: the walk's."""
    from govdisclosure.io import _walk

    report = document.load(SEED)
    report.metadata.document_number = "泉数函〔2022〕3号"
    report.metadata.covering_letter = None
    w = _walk.walk(report)
    kinds = [type(e).__name__ for e in w.events]
    assert kinds[:3] == ["Title", "DocumentNumber", "Paragraphs"]
    starts = [e for e in w.events if isinstance(e, _walk.SectionStart)]
    assert [e.info.id for e in starts] == [
        i.id for i in SECTIONS if getattr(report.sections, i.id) is not None or i.table
    ]
    assert kinds.count("SectionStart") == kinds.count("SectionEnd")
    page = html.dumps(report)
    md = markdown.dumps(report)
    h2 = [line for line in md.split("\n\n") if line.startswith("## ")]
    assert h2 == [f"## {markdown.escape(e.title)}" for e in starts]
    assert page.count("<h2>") == len(starts) == page.count("<section id=")
    tables = [e.grid.table.id for e in w.events if isinstance(e, _walk.TableGrid)]
    assert tables == ["t2", "t3", "t4"]
    for t in tables:
        assert f'id="{t}"' in page
        assert f'id="{t}"' in md


def test_the_document_number_is_printed_once() -> None:
    report = document.load(SEED)
    report.metadata.document_number = "泉数函〔2022〕3号"
    report.metadata.covering_letter = None
    title = html.heading(report)
    assert f'<h1>{html.esc(title)}</h1>\n<p class="govd-line">泉数函〔2022〕3号</p>' in (
        html.dumps(report)
    )
    assert f"# {markdown.escape(title)}\n\n泉数函〔2022〕3号\n\n" in markdown.dumps(report)
    # A covering letter that carries the number already prints it: not again under the title.
    report.metadata.covering_letter = "泉州市数字泉州建设办公室\n泉数函〔2022〕3号"
    assert 'class="govd-line"' not in html.dumps(report)
    assert markdown.dumps(report).count("泉数函〔2022〕3号") == 1
