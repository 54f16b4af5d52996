"""Roster coverage and timeliness, region sums and reconciliation, compare, text reuse."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.analysis import (
    RosterError,
    Submission,
    aggregate,
    aggregate_roster,
    compare,
    coverage,
    deadline_for,
    load_roster,
    parse_roster,
    text_reuse,
)
from tests._chromium import headless
from tests.conftest import DATA

ROSTER = DATA / "analysis" / "roster-huaian-2024.csv"


def _with(report: Any, **meta: Any) -> Any:
    r = report.model_copy(deep=True)
    for k, v in meta.items():
        if k == "name":
            r.metadata.body.name = v
        else:
            setattr(r.metadata, k, v)
    return r


def test_coverage_missing_late_undated_unknown_duplicate(
    hongze_2024: Any, huaian_2024: Any, pingtan_2021: Any
) -> None:
    roster = load_roster(ROSTER)
    late = _with(hongze_2024, publication_date=dt.date(2025, 4, 2))
    other = _with(pingtan_2021, report_year=2024)
    subs = [
        Submission(late, "014.json"),
        Submission(huaian_2024, "015.json"),
        Submission(other, "x.json"),
    ]
    cov = coverage(roster, subs, 2024)
    status = {(e.unit.name, e.unit.kind): e.status for e in cov.entries}
    assert status == {
        ("淮安市", "region"): "missing",
        ("淮安市人民政府", "own"): "undated",
        ("淮安市洪泽区人民政府", "own"): "late",
        ("淮安市金湖县人民政府", "own"): "missing",
    }
    assert cov.unknown == ["x.json"]
    codes = sorted(f.code for f in cov.findings)
    assert codes == ["CV-R1", "CV-R1", "CV-R3", "CV-R4", "CV-R5"]
    late_f = next(f for f in cov.findings if f.code == "CV-R4")
    assert late_f.params["days"] == 2
    assert late_f.params["deadline"] == "2025-03-31"
    dup = coverage(roster, [Submission(hongze_2024, "a"), Submission(hongze_2024, "b")], 2024)
    assert any(e.status == "duplicate" and e.sources == ["a", "b"] for e in dup.entries)


def test_deadline_per_article_49() -> None:
    assert deadline_for(2023, body_kind="department")[0] == dt.date(2024, 1, 31)
    assert deadline_for(2023, body_kind="people_government")[0] == dt.date(2024, 3, 31)
    assert deadline_for(2023, kind="region", body_kind="department")[0] == dt.date(2024, 3, 31)
    assert deadline_for(2023, level="township")[0] is None
    assert deadline_for(2023, override=(2, 15))[0] == dt.date(2024, 2, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,parent\n1,2\n", "line 1: no 'name' column"),
        ("name,kind\n甲,both\n", "line 2, column kind"),
        ("name,parent\n甲,乙\n", "line 2, column parent"),
        ("name\n甲\n甲\n", "line 3: '甲' (own) is listed twice"),
        ("name,parent\n甲,乙\n乙,甲\n", "cycle"),
        ("name,deadline\n甲,13-01\n", "expected MM-DD"),
        ("name,colour\n甲,red\n", "unknown column"),
        ("name,code\n甲,1\n,2\n", "line 3, column name: empty"),
        ("name,parent\n甲,甲\n", "line 2, column parent: a unit cannot be its own parent"),
        ("name,kind,level\n甲,own,\n甲,own,galaxy\n", "line 3: '甲' (own) is listed twice"),
    ],
)
def test_roster_errors_name_line_and_column(text: str, message: str) -> None:
    with pytest.raises(RosterError, match=re.escape(message)):
        parse_roster(text, source="r.csv")


def test_region_sum_and_reconciliation(hongze_2024: Any, huaian_2024: Any) -> None:
    roster = parse_roster(
        "name,parent,kind\n淮安市,,region\n淮安市人民政府,淮安市,own\n淮安市洪泽区人民政府,淮安市,own\n"
    )
    subs = [Submission(huaian_2024, "015"), Submission(hongze_2024, "014")]
    result = aggregate_roster(roster, subs, 2024)
    region = result.regions["淮安市"].report
    assert region.metadata.aggregate.scope == "region"  # type: ignore[union-attr]
    assert region.t3.new_received.total == 3119 + 95
    assert result.findings == []
    # A published 本地区 report that differs in one cell is reconciled cell by cell.
    published = aggregate([huaian_2024, hongze_2024]).report.model_copy(deep=True)
    published.metadata.body.name = "淮安市"
    published.t3.new_received.total = 9999
    result = aggregate_roster(roster, [*subs, Submission(published, "region.json", "region")], 2024)
    assert [(f.code, f.pointer, f.reported, f.computed) for f in result.findings] == [
        ("RC-R1", "/t3/new_received/total", 9999, 3214)
    ]
    # The published region report is not counted into its own sum: 本级 and 本地区 stay apart.
    assert result.regions["淮安市"].report.t3.new_received.total == 3214


def test_compare_real_reports_across_editions(pingtan_2020: Any, pingtan_2021: Any) -> None:
    c = compare(pingtan_2021, pingtan_2020)
    assert c.previous is pingtan_2020
    assert c.same_body
    cells = {x.cell: x for x in c.cells}
    nr = cells["t3.new_received.total"]
    assert (nr.previous, nr.current, nr.delta) == (21, 70, 49)
    assert nr.relative is not None
    assert nr.relative * 21 == 49
    group = cells["t3.results.other.*.total"]
    assert group.previous == pingtan_2020.t3.results.other.total
    ind = {i.id: i for i in c.indicators}
    assert ind["new_requests_yoy"].current.value is not None
    assert ind["disclosure_rate"].delta is not None
    assert all(not s.repeated for s in c.sections)
    md, html = c.markdown(), c.html()
    assert "**70 (+49)**" in md
    assert 'class="changed"' in html
    assert c.as_dict()["cells"]


def test_compare_flags_repeated_narrative(pingtan_2021: Any) -> None:
    later = _with(pingtan_2021, report_year=2023)
    c = compare(pingtan_2021, later)
    repeated = [s.section for s in c.sections if s.repeated]
    assert "general" in repeated
    assert {f.code for f in c.findings} == {"YY-R1"}
    consecutive = compare(pingtan_2021, _with(pingtan_2021, report_year=2022))
    codes = {f.code for f in consecutive.findings}
    assert "G-R7" in codes  # the cross-year rules run on consecutive years


def test_text_reuse_across_units(pingtan_2021: Any, hongze_2024: Any) -> None:
    twin = _with(pingtan_2021, name="某县人民政府")
    pairs, findings = text_reuse([pingtan_2021, hongze_2024, twin], names=["a", "b", "c"])
    assert {(p.first, p.second) for p in pairs} == {(0, 2)}
    assert all(f.code == "TR-R1" and f.params["unit_a"] == "a" for f in findings)


class _Cells(HTMLParser):
    """The ``td`` cells of a page, with whether each is marked changed."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, bool]] = []
        self._open: bool | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._open = ("class", "changed") in attrs
            self.cells.append(("", self._open))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            text, changed = self.cells[-1]
            self.cells[-1] = (text + data, changed)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_compare_html_in_headless_chromium(
    pingtan_2020: Any, pingtan_2021: Any, tmp_path: Path
) -> None:
    c = compare(pingtan_2020, pingtan_2021)
    page = tmp_path / "compare.html"
    page.write_text(c.html(), encoding="utf-8")
    proc = subprocess.run(
        headless("chromium", tmp_path / "profile", "--dump-dom", page.as_uri()),
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    parser = _Cells()
    parser.feed(proc.stdout)
    marked = [text for text, changed in parser.cells if changed]
    # Every changed cell of the tables is marked, with its new value and the change.
    changed = [x for x in c.cells if x.delta]
    for x in changed:
        assert f"{x.current} ({x.delta:+})" in marked
    moved = [i for i in c.indicators if i.delta]
    blank_before = [x for x in c.cells if x.previous is None and x.current is not None]
    assert len(marked) == len(changed) + len(blank_before) + len(moved)
    assert "70 (+49)" in marked


def test_nested_roster_sums_bottom_up(
    hongze_2024: Any, huaian_2024: Any, pingtan_2021: Any
) -> None:
    town = _with(pingtan_2021, report_year=2024, name="某镇人民政府")
    roster = parse_roster(
        "name,parent,kind\n"
        "市,,region\n淮安市人民政府,市,own\n"
        "区,市,region\n淮安市洪泽区人民政府,区,own\n某镇人民政府,区,own\n"
    )
    subs = [
        Submission(huaian_2024, "015"),
        Submission(hongze_2024, "014"),
        Submission(town, "town"),
    ]
    result = aggregate_roster(roster, subs, 2024)
    assert list(result.regions) == ["区", "市"]
    district = result.regions["区"].report
    city = result.regions["市"].report
    assert district.t3.new_received.total == 95 + 70
    assert city.t3.new_received.total == 3119 + 95 + 70
    members = [m.name for m in city.metadata.aggregate.members]  # type: ignore[union-attr]
    assert members == ["淮安市人民政府", "区（本地区，汇总）"]
    # The region reports of 区 and 市 were not given: coverage says so.
    assert sorted(e.unit.name for e in result.coverage.entries if e.status == "missing") == [
        "区",
        "市",
    ]
