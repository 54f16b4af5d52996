"""The findings of the analysis functions, as data: stable codes, severities, zh/en messages.

These codes name problems of a *set* of reports (a member of an aggregate left a cell blank, a
unit of the roster did not publish, …), so they are kept apart from the rule catalogue, whose
rules check one report (or one body's series). Like the rule codes they are never reused and
never change meaning; ``docs/analysis/findings.md`` is generated from this table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from govdisclosure.findings import Finding, Severity
from govdisclosure.rules import Lang

__all__ = ["ANALYSIS_CODES", "AnalysisCode", "analysis_finding"]


@dataclass(frozen=True)
class AnalysisCode:
    """One finding code of the analysis functions."""

    code: str
    severity: Severity
    title: dict[Lang, str]
    messages: dict[Lang, str]
    """Message templates (``str.format`` fields taken from the finding's params)."""
    meaning: str
    """What the finding means and what to do about it (English)."""


_CODES: tuple[AnalysisCode, ...] = (
    AnalysisCode(
        "AG-R1",
        "info",
        {"zh": "汇总单元格有成员留空", "en": "Aggregate cell with blank members"},
        {
            "zh": "{cell}：{blank_count} 个成员留空（{blank_members}），合计只含其余成员的数",
            "en": "{cell}: {blank_count} member(s) left it blank ({blank_members}); the sum is "
            "that of the other members",
        },
        "Blank + n = n: the aggregate states the sum of the members that stated the cell, and "
        "names the members that left it blank (blank + blank stays blank, with no finding).",
    ),
    AnalysisCode(
        "AG-R2",
        "warning",
        {"zh": "无法汇总的单元格", "en": "Cell that cannot be summed"},
        {
            "zh": "{cell}：无法汇总（{reason}），汇总表留空",
            "en": "{cell}: not summed ({reason}); left blank in the aggregate",
        },
        "The members' figures for this cell cannot be added exactly (different editions of "
        "table 二, different units of an amount); the aggregate leaves the cell blank rather "
        "than guess.",
    ),
    AnalysisCode(
        "AG-R3",
        "warning",
        {"zh": "只能按组汇总的行", "en": "Rows summed only as a group"},
        {
            "zh": "{group} × {column}：2019 版成员（{members}）只填了单行，各子行无法拆分；"
            "该组合计 {value} 记在附加小计行",
            "en": "{group} × {column}: 2019-edition members ({members}) state a single row "
            "that cannot be split into the 2021 sub-rows; the group total {value} is kept in "
            "an added subtotal row",
        },
        "Through the 2019→2021 crosswalk, （六）其他处理 of a 2019 report corresponds only to "
        "the sum of the three 2021 sub-rows. Where a 2019 member states a non-zero figure, the "
        "aggregate's sub-rows are left blank and the group total is kept as an added subtotal "
        "row of table 三.",
    ),
    AnalysisCode(
        "AG-R4",
        "warning",
        {"zh": "汇总成员自身不一致", "en": "Inconsistent member of an aggregate"},
        {
            "zh": "成员 {member}（{source}）：{rule} {message}",
            "en": "member {member} ({source}): {rule} {message}",
        },
        "A member report fails a consistency rule; the same inconsistency is carried into the "
        "aggregate, and this finding says which member it comes from.",
    ),
    AnalysisCode(
        "AG-R5",
        "info",
        {"zh": "未汇总的附加行", "en": "Added rows not summed"},
        {
            "zh": "成员 {member} 有 {count} 个模板外附加行，未计入汇总",
            "en": "member {member} has {count} row(s) added to the template; they are not summed",
        },
        "Rows a published report adds to the template are kept in that report, not summed.",
    ),
    AnalysisCode(
        "RC-R1",
        "error",
        {"zh": "本地区报告与下级合计不符", "en": "Region report differs from its units' sum"},
        {
            "zh": "{unit} 本地区报告 {cell}：公布 {reported}，下级及本级合计 {computed}",
            "en": "{unit} region report, {cell}: published {reported}, sum of its units {computed}",
        },
        "A unit's own published 本地区 report should equal the sum of its 本级 report and the "
        "本地区 figures of its subordinate units, cell by cell.",
    ),
    AnalysisCode(
        "CV-R1",
        "error",
        {"zh": "应发布而未见报告", "en": "Expected report missing"},
        {
            "zh": "{unit}（{kind}）：未见 {year} 年度报告",
            "en": "{unit} ({kind}): no report for {year}",
        },
        "The roster expects a report of this unit for the year, and none was given.",
    ),
    AnalysisCode(
        "CV-R2",
        "error",
        {"zh": "同一单位重复报告", "en": "Duplicate reports of one unit"},
        {
            "zh": "{unit}（{kind}）：{count} 份 {year} 年度报告（{sources}）",
            "en": "{unit} ({kind}): {count} reports for {year} ({sources})",
        },
        "Several reports of one unit, kind and year were given; which one counts is not for "
        "the library to guess.",
    ),
    AnalysisCode(
        "CV-R3",
        "warning",
        {"zh": "名册外的报告", "en": "Report of a unit not in the roster"},
        {
            "zh": "{source}：发布机关 {unit} 不在名册中",
            "en": "{source}: issuing body {unit} is not in the roster",
        },
        "The report names a body that the roster does not list (by name or code).",
    ),
    AnalysisCode(
        "CV-R4",
        "warning",
        {"zh": "逾期发布", "en": "Published late"},
        {
            "zh": "{unit}：{year} 年度报告发布于 {date}，晚于法定期限 {deadline}（逾期 {days} 天）",
            "en": "{unit}: the {year} report was published on {date}, after the deadline "
            "{deadline} ({days} days late)",
        },
        "条例 art. 49: each body publishes its report for the previous year by 31 January.",
    ),
    AnalysisCode(
        "CV-R5",
        "info",
        {"zh": "未注明发布日期", "en": "Publication date not stated"},
        {
            "zh": "{unit}：{year} 年度报告没有发布日期，无法判断是否按时发布",
            "en": "{unit}: the {year} report has no publication date; timeliness unknown",
        },
        "Without a publication date (or a date of issue) timeliness cannot be judged.",
    ),
    AnalysisCode(
        "YY-R1",
        "warning",
        {"zh": "正文与上年几乎相同", "en": "Narrative repeated from the previous year"},
        {
            "zh": "{section}：与 {previous_year} 年度报告相似度 {similarity}",
            "en": "{section}: {similarity} similar to the {previous_year} report",
        },
        "Evaluators criticise reports that repeat most of last year's text; a section whose "
        "text is at least the threshold similar to the previous year's is flagged.",
    ),
    AnalysisCode(
        "TR-R1",
        "warning",
        {"zh": "不同单位正文几乎相同", "en": "Near-identical sections of two units"},
        {
            "zh": "{section}：{unit_a} 与 {unit_b} 相似度 {similarity}",
            "en": "{section}: {unit_a} and {unit_b} are {similarity} similar",
        },
        "Two units' reports of one year carry near-identical text in the same section.",
    ),
)

ANALYSIS_CODES: dict[str, AnalysisCode] = {c.code: c for c in _CODES}
"""Every analysis finding code, by code."""


def _show(v: Any) -> str:
    return "—" if v is None else (format(v, "f") if not isinstance(v, int) else str(v))


def analysis_finding(
    code: str,
    pointers: Sequence[str] = (),
    *,
    lang: Lang = "zh",
    reported: Any = None,
    computed: Any = None,
    **params: Any,
) -> Finding:
    """A :class:`Finding` of analysis code ``code``, its message rendered from ``params``."""
    spec = ANALYSIS_CODES[code]
    shown = {
        k: (", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        for k, v in params.items()
    }
    shown.update(reported=_show(reported), computed=_show(computed))
    return Finding(
        code,
        spec.severity,
        spec.messages[lang].format(**shown),
        tuple(pointers),
        params,
        reported,
        computed,
    )
