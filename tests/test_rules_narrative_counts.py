"""T3-R9 reads request counts from the overview, and only request counts."""

from __future__ import annotations

import pytest

from govdisclosure import load
from govdisclosure.rules import check
from govdisclosure.rules.checks import narrative_request_counts

from .conftest import EXAMPLES


@pytest.mark.parametrize(
    "text",
    [
        "严格在收到申请后15个工作日内予以答复。",
        "全年受理申请的平均办理时间为3个工作日。",
        "接收申请渠道包括网上申请、信函申请等3个渠道。",
        "收到申请后2个月内办结。",
    ],
)
def test_durations_and_channels_are_not_request_counts(text: str) -> None:
    assert narrative_request_counts(text) == []
    report = load(EXAMPLES / "quanzhou-digital-office-2021.json")
    assert report.sections.general is not None
    report.sections.general.text = text
    assert check(report, select=["T3-R9"]) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("2021 年度我办收到 2 条政府信息公开申请，并同意公开。", 2),
        ("全年共受理政府信息公开申请12件。", 12),
        ("本年度新收政府信息公开申请 1,024 件", 1024),
    ],
)
def test_request_counts_are_read(text: str, count: int) -> None:
    assert [n for _, n in narrative_request_counts(text)] == [count]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("全年共收到政府信息公开申请两件。", 2),
        ("全年共受理政府信息公开申请十二件。", 12),
        ("本年度新收政府信息公开申请一百零三件。", 103),
        ("全年共收到政府信息公开申请 3 件。", 3),
        ("全年共收到政府信息公开申请３件。", 3),
    ],
)
def test_chinese_and_full_width_numerals_are_read(text: str, count: int) -> None:
    assert [n for _, n in narrative_request_counts(text)] == [count]


def test_a_finding_quotes_the_statement_with_its_place_in_the_text() -> None:
    report = load(EXAMPLES / "quanzhou-digital-office-2021.json")
    assert report.sections.general is not None
    report.sections.general.subsections = []
    text = "本年度，全年共受理政府信息公开申请一百零三件。"
    report.sections.general.text = text
    (finding,) = check(report, select=["T3-R9"])
    (match,) = finding.params["matches"]
    assert match["pointer"] == "/sections/general/text"
    assert text[match["start"] : match["end"]] == match["quote"] == "受理政府信息公开申请一百零三件"
    assert match["stated"] == finding.reported == 103


def test_a_chinese_numeral_before_ge_is_not_a_request_count() -> None:
    # Real wording (Pingtan 2021): the 三个 names a working method, not requests.
    text = "坚持第一时间登记受理、第一时间转送承办单位和第一时间回复申请的“三个一”工作机制。"
    assert narrative_request_counts(text) == []
    assert [n for _, n in narrative_request_counts("收到申请3个。")] == [3]
