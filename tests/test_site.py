"""The overview site: what it writes, and how it looks and behaves in a real browser.

The browser tests open the generated pages from ``file://`` in headless Chromium (Debian's
``chromium``, driven by Playwright with that executable); they skip when either is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.layout import layout_for
from govdisclosure.site import build_site
from tests._chromium import FLAGS, chromium

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "tests" / "data" / "corpus" / "raw"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
# Real published reports, parsed on the way: two years of one body (pingtan), a web page
# with embedded HTML, converter markdown and PDF text.
PUBLISHED = [
    RAW / "002_pingtan-2019_page.txt",
    RAW / "003_pingtan-2020_page.txt",
    RAW / "001_shanghai-gov-office-2019_embedded-html.js",
    RAW / "016_shanghai-stcsm-2024_source.md",
    RAW / "013_hongze-district-2023_pdftext.txt",
]
UNREADABLE = RAW / "019_jinhu-county-2023_parsed-mojibake.json"
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("site")
    inputs = [*EXAMPLES, *PUBLISHED, UNREADABLE]
    return build_site([str(p) for p in inputs], out)


def test_site_writes_every_page(site: Any) -> None:
    out: Path = site.out_dir
    assert (out / "index.html").is_file()
    assert (out / "reports.html").is_file()
    for year in {r.year for r in site.reports}:
        assert (out / f"reports-{year}.html").is_file()
    assert (out / "assets" / "site.css").is_file()
    assert (out / "assets" / "site.js").is_file()
    assert len(site.reports) == len(EXAMPLES) + len(PUBLISHED)
    assert [s for s, _ in site.unreadable] == [str(UNREADABLE)]
    for r in site.reports:
        assert (out / "r" / f"{r.slug}.html").is_file()


def test_no_reference_leaves_the_site(site: Any) -> None:
    # Self-contained: nothing is loaded from a network address, and every local reference
    # points at a file that exists.
    import re

    out: Path = site.out_dir
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # No attribute or style loads anything from an address (report text may mention one).
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), page
        assert not re.search(r"@import", text), page
        for ref in re.findall(r'(?:href|src|xlink:href)="([^"#]+)"', text):
            assert not ref.startswith(("http:", "https:", "//")), (page, ref)
            assert (page.parent / ref).resolve().exists(), (page, ref)


def test_series_links_previous_and_next_year(site: Any) -> None:
    by_source = {Path(r.source).name: r for r in site.reports}
    r2019 = by_source["002_pingtan-2019_page.txt"]
    r2020 = by_source["003_pingtan-2020_page.txt"]
    assert r2019.body == r2020.body
    assert r2019.next == r2020.slug
    assert r2020.previous == r2019.slug


def test_unreadable_input_is_listed_with_its_problem(site: Any) -> None:
    index = (site.out_dir / "index.html").read_text(encoding="utf-8")
    assert UNREADABLE.name in index
    assert "invalid JSON" in index or "JSON" in index


def test_site_command(tmp_path: Path) -> None:
    out = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "govdisclosure",
            "site",
            str(EXAMPLES[0]),
            "-o",
            str(out),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 reports" in proc.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert "Findings by rule" in index


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    browser_path = chromium()
    if browser_path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=browser_path, args=list(FLAGS))
        yield b
        b.close()


class _Watched:
    """A page whose console errors, failed and non-file requests are recorded."""

    def __init__(self, browser: Any, *, width: int = A4_WIDTH_PX) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 1123})
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(("file:", "data:")) else self.problems.append(r.url),
        )

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        return self.page


def test_every_page_opens_cleanly(site: Any, browser: Any) -> None:
    w = _Watched(browser)
    pages = sorted(site.out_dir.rglob("*.html"))
    years = {r.year for r in site.reports}
    assert len(pages) == len(site.reports) + 3 + 2 * len(years)
    for path in pages:
        w.open(path)
        assert w.problems == [], (path, w.problems)
    w.page.close()


def _check_pointers(path: Path) -> set[str]:
    """The JSON Pointers of every finding of ``govdisclosure check`` on one input."""
    proc = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    pointers: set[str] = set()
    for result in doc["reports"]:
        for f in result["findings"]:
            pointers.update(f["pointers"])
    return pointers


def test_highlighted_cells_are_the_cells_of_the_findings(site: Any, browser: Any) -> None:
    w = _Watched(browser)
    checked = 0
    for r in site.reports:
        if r.previous is not None:
            continue  # its page also carries the cross-year findings, which check alone lacks
        cell_pointers = {ref.pointer: ref.dotted for ref in layout_for(r.edition).cells}
        expected = {cell_pointers[p] for p in _check_pointers(Path(r.source)) if p in cell_pointers}
        page = w.open(site.out_dir / "r" / f"{r.slug}.html")
        shown = set(page.eval_on_selector_all("td.gd-flag", "els => els.map(e => e.dataset.cell)"))
        assert shown == expected, r.source
        checked += 1
    assert checked >= 5
    w.page.close()


def test_tooltip_appears_on_keyboard_focus(site: Any, browser: Any) -> None:
    w = _Watched(browser)
    flagged = next(r for r in site.reports if r.severities["error"])
    page = w.open(site.out_dir / "r" / f"{flagged.slug}.html")
    cell = page.locator("td.gd-flag-error").first
    tip = cell.locator(".gd-tip")
    assert not tip.is_visible()
    # Reach it with the keyboard: Tab until the focused element is a flagged cell.
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('gd-flag')"):
            break
    else:
        pytest.fail("no flagged cell is reachable with the Tab key")
    active_tip = page.locator("td.gd-flag:focus .gd-tip")
    assert active_tip.is_visible()
    text = active_tip.inner_text()
    codes = page.evaluate("document.activeElement.dataset.findings").split()
    assert all(code in text for code in codes)
    box = active_tip.bounding_box()
    assert box is not None
    assert box["width"] > 50
    assert box["height"] > 10
    page.mouse.move(0, 0)
    page.locator("body").focus()
    page.evaluate("document.activeElement.blur()")
    assert not tip.is_visible()
    w.page.close()


def test_sort_works(site: Any, browser: Any) -> None:
    w = _Watched(browser)
    page = w.open(site.out_dir / "reports.html")
    year_col = 2  # body, year, …  (1-based for nth-child)

    def years() -> list[int]:
        return [
            int(x)
            for x in page.eval_on_selector_all(
                f"table.gd-sortable tbody td:nth-child({year_col})",
                "els => els.map(e => e.textContent)",
            )
        ]

    before = years()
    page.locator("table.gd-sortable thead th").nth(year_col - 1).locator("button").click()
    assert years() == sorted(before)
    page.locator("table.gd-sortable thead th").nth(year_col - 1).locator("button").click()
    assert years() == sorted(before, reverse=True)
    assert w.problems == []
    w.page.close()


def test_tables_fit_an_a4_page(site: Any, browser: Any, tmp_path: Path) -> None:
    w = _Watched(browser)
    for media in ("screen", "print"):
        w.page.emulate_media(media=media)
        for path in [site.out_dir / "index.html", *sorted((site.out_dir / "r").glob("*.html"))]:
            page = w.open(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (media, path)
            wide = page.eval_on_selector_all(
                "table", "els => els.filter(t => t.scrollWidth > t.clientWidth + 1).length"
            )
            assert wide == 0, (media, path)
    shot = tmp_path / "report.png"
    w.page.emulate_media(media="screen")
    w.open(site.out_dir / "r" / f"{site.reports[0].slug}.html").screenshot(
        path=str(shot), full_page=True
    )
    assert shot.stat().st_size > 10_000
    w.page.close()


def test_a_long_report_list_links_to_its_years(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govdisclosure.site import _pages

    monkeypatch.setattr(_pages, "LIST_LIMIT", 2)
    site = build_site([str(p) for p in [*EXAMPLES, *PUBLISHED]], tmp_path / "site")
    listing = (site.out_dir / "reports.html").read_text(encoding="utf-8")
    assert "<tbody>" not in listing
    for year in {r.year for r in site.reports}:
        assert f'href="reports-{year}.html"' in listing
        page = (site.out_dir / f"reports-{year}.html").read_text(encoding="utf-8")
        assert page.count('<a href="r/') == sum(r.year == year for r in site.reports)


def test_indicator_pages(site: Any) -> None:
    from govdisclosure.analysis import INDICATORS, INDICATORS_BY_ID, compute
    from govdisclosure.document import load

    out: Path = site.out_dir
    index = (out / "indicators.html").read_text(encoding="utf-8")
    headline = [i for i in INDICATORS if i.variant_of is None]
    for ind in headline:
        assert ind.formula() in index.replace("&gt;", ">")
    example = next(r for r in site.reports if r.source == str(EXAMPLES[0]))
    page = (out / f"indicators-{example.year}.html").read_text(encoding="utf-8")
    # The value shown for the bundled report is the registry's value on that report.
    expected = compute(load(EXAMPLES[0]))
    row = page[page.index(f'href="r/{example.slug}.html"') :].split("</tr>")[0]
    for v in expected:
        if INDICATORS_BY_ID[v.id].variant_of is None and v.value is not None:
            assert v.display() in row, v.id


def test_roster_coverage_on_the_overview(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,code,parent,level,kind\n泉州市数字泉州建设办公室,,,,own\n某县人民政府办公室,,,,own\n",
        encoding="utf-8",
    )
    site = build_site([str(EXAMPLES[0])], tmp_path / "site", roster=roster)
    assert len(site.coverage) == 1
    cov = site.coverage[0]
    assert {e.unit.name: e.status for e in cov.entries}["某县人民政府办公室"] == "missing"
    index = (site.out_dir / "index.html").read_text(encoding="utf-8")
    assert "某县人民政府办公室" in index
    assert 'class="gd-cov-missing"' in index


def test_a_bad_roster_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    from govdisclosure.errors import GovdisclosureError

    roster = tmp_path / "roster.csv"
    roster.write_text("nom\nx\n", encoding="utf-8")
    with pytest.raises(GovdisclosureError):
        build_site([str(EXAMPLES[0])], tmp_path / "site", roster=roster)
    assert not (tmp_path / "site").exists()


def test_the_site_is_the_same_on_one_or_several_workers(tmp_path: Path) -> None:
    inputs = [str(p) for p in [*EXAMPLES, *PUBLISHED]]
    one = build_site(inputs, tmp_path / "one", jobs=1)
    two = build_site(inputs, tmp_path / "two", jobs=2)
    assert [r.slug for r in one.reports] == [r.slug for r in two.reports]
    for page in sorted((tmp_path / "one").rglob("*")):
        if page.is_file():
            twin = tmp_path / "two" / page.relative_to(tmp_path / "one")
            assert twin.read_bytes() == page.read_bytes(), page.name


def test_pages_run_no_script_but_the_sites_own(site: Any) -> None:
    import re

    for page in site.out_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", text)
        assert scripts == [re.search(r'<script src="(\.\./)?assets/site\.js">', text).group(0)], (
            page
        )


def test_drawing_a_chart_leaves_the_import_system_as_it_was() -> None:
    from govdisclosure.site._charts import bar_chart

    bar_chart("t", "t", ["a"], [1])
    with pytest.raises(ImportError):
        __import__("govdisclosure_no_such_module_for_this_test")


def test_a_missing_chart_library_is_said_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from govdisclosure.errors import GovdisclosureError

    monkeypatch.setitem(sys.modules, "pygal", None)  # import pygal now raises ImportError
    with pytest.raises(GovdisclosureError, match=r"pip install 'govdisclosure\[site\]'"):
        build_site([str(EXAMPLES[0])], tmp_path / "site")
    assert not (tmp_path / "site").exists()
