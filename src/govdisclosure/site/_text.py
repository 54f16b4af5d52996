"""The words of the overview site, in Chinese (default) and English."""

from __future__ import annotations

from typing import Literal

__all__ = ["WORDS", "SiteLang", "t"]

SiteLang = Literal["zh", "en"]

WORDS: dict[str, tuple[str, str]] = {
    "site_title": ("政府信息公开工作年度报告概览", "Annual disclosure reports: overview"),
    "overview": ("概览", "Overview"),
    "reports": ("报告列表", "Reports"),
    "indicators": ("指标", "Indicators"),
    "n_reports": ("报告数", "Reports"),
    "by_year_edition": ("按年度和格式版本", "By year and edition"),
    "year": ("年度", "Year"),
    "edition": ("格式版本", "Edition"),
    "body": ("发布机关", "Issuing body"),
    "level": ("层级", "Level"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "infos": ("提示", "Info"),
    "findings_by_code": ("发现问题（按规则）", "Findings by rule"),
    "code": ("规则代码", "Code"),
    "severity": ("级别", "Severity"),
    "rule": ("规则", "Rule"),
    "findings": ("发现问题", "Findings"),
    "n_findings": ("问题数", "Findings"),
    "n_reports_with": ("涉及报告数", "Reports with it"),
    "worst": ("问题最多的单位", "Units with the most findings"),
    "unreadable": ("无法读取的输入", "Inputs that could not be read"),
    "source": ("来源文件", "Source"),
    "problem": ("问题", "Problem"),
    "duplicates": ("同一机关同一年度的多份报告", "Several reports of one body for one year"),
    "previous_year": ("上一年度", "Previous year"),
    "next_year": ("下一年度", "Next year"),
    "no_findings": ("未发现问题。", "No findings."),
    "reported": ("报告值", "reported"),
    "computed": ("计算值", "computed"),
    "provenance": ("单元格来源", "Where each cell was read"),
    "cell": ("单元格", "Cell"),
    "where": ("位置", "Where"),
    "raw": ("原文", "Raw text"),
    "read_at": ("读取位置", "read at"),
    "changed": ("较上年变化", "changed from the previous year"),
    "changed_cells": ("较上年有变化的单元格", "Cells changed from the previous year"),
    "previous_value": ("上年", "previous year"),
    "legend": ("图例", "Legend"),
    "flag_error": ("错误所在单元格", "cell named by an error"),
    "flag_warning": ("警告所在单元格", "cell named by a warning"),
    "flag_info": ("提示所在单元格", "cell named by an info finding"),
    "flag_changed": ("较上年变化", "changed from the previous year"),
    "open": ("查看", "open"),
    "chart_years": ("各年度报告数", "Reports per year"),
    "chart_codes": ("各规则发现问题数", "Findings per rule"),
    "table_equivalent": ("图表数据", "Chart data"),
    "coverage": ("报送情况", "Coverage"),
    "missing": ("未发布", "Missing"),
    "late": ("逾期发布", "Late"),
    "generated": ("由 govdisclosure 生成", "Made with govdisclosure"),
    "other": ("其他", "other"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
    "pointer": ("位置", "location"),
    "compare": ("与上一年度比较：", "Compared with"),
    "indicator": ("指标", "Indicator"),
    "similarity": ("相似度", "similarity"),
    "repeated_sections": ("与上年基本相同的章节", "Sections nearly identical to last year's"),
    "indicators_title": ("指标比较", "Indicators compared"),
    "indicators_year": ("年度指标", "Indicators of"),
    "all_units": ("全部报告合计", "All reports together"),
    "by_year_all": ("各年度（全部报告合计口径）", "Per year, all reports together"),
    "unit": ("单位", "Unit"),
    "top_units": ("前 {n} 个单位", "top {n} units"),
    "no_value": ("无值", "no value"),
    "expected": ("应发布", "Expected"),
    "ok": ("按时发布", "On time"),
    "undated": ("未注明发布日期", "Undated"),
    "duplicate": ("重复", "Duplicate"),
    "status": ("状态", "Status"),
    "unknown_units": ("名单外单位的报告", "Reports of units not on the roster"),
    "deadline": ("截止日期", "Deadline"),
    "date": ("发布日期", "Published"),
    "formula": ("公式", "Formula"),
}


def t(key: str, lang: SiteLang) -> str:
    """The word ``key`` in ``lang``."""
    zh, en = WORDS[key]
    return zh if lang == "zh" else en
