"""The rule catalogue: every consistency rule, as data.

Codes follow the specification (``T3-R2``, ``T4-R2`` …); codes the specification does not
name end in ``B`` (the blank-total variant of an identity), in ``C`` (its blank-items variant)
or take the next free ``G-`` number. A code is never reused and never changes meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.layout import layout_for
from govdisclosure.rules._model import (
    BlankItems,
    BlankTotal,
    Change,
    Custom,
    Example,
    Relation,
    Rule,
    SeriesExample,
    expand_rows,
)

__all__ = [
    "CATALOGUE",
    "RULES_BY_CODE",
    "Identity",
    "blank_variants",
    "extended",
    "identities",
    "on_change",
]

_C6 = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_org",
    "legal_service_org",
    "other_org",
)
_OUTCOMES = (
    "results.granted",
    "results.partially_granted",
    "results.withheld",
    "results.unable",
    "results.not_processed",
    "results.other",
)
_T3_NOTE = "表三表头注（本列数据的勾稽关系）"
_ARITH = ("location", "reported", "computed", "diff")
_UNCHECKED = ("location", "reported")
_D2 = "format-spec (d) D2"
_SPEC = "format-spec (c)"

# Cells a check is about (a rule applies to every edition whose layout has them).
_FEE_ROW = (("t3", "results.other.fee_unpaid", "total"),)
_IN_FORCE = (("t2", "rules", "in_force"),)


def blank_variants(rule: Rule, *, total: dict[str, Any], items: dict[str, Any]) -> tuple[Rule, ...]:
    """``rule`` (a relation with a single total cell) followed by its two variants: the
    blank-total rule (code + ``B``: the total is blank beside a different sum) and the
    blank-items rule (code + ``C``: the total is stated but every item is blank).

    ``total`` and ``items`` give each variant's own words (``title``, ``formula``,
    ``messages``, ``meaning``) and, optionally, its ``example``; code, family, severity
    (warning), reference, placeholders, editions and check follow from ``rule``.
    """
    rel = rule.check
    assert isinstance(rel, Relation)
    b = Rule(
        code=rule.code + "B",
        family=rule.family,
        severity="warning",
        reference=_D2,
        placeholders=_ARITH,
        check=BlankTotal(rule.code, rel),
        **total,
    )
    c = Rule(
        code=rule.code + "C",
        family=rule.family,
        severity="warning",
        reference=_D2,
        placeholders=_UNCHECKED,
        check=BlankItems(rule.code, rel),
        **items,
    )
    return (rule, b, c)


def _blank_cells(table: str, row_prefix: str, *, totals: bool) -> list[Change]:
    """Changes that blank the cells of ``table`` (2021 layout) in the rows whose id starts
    with ``row_prefix``: only the 总计 column if ``totals``, else every other column."""
    return [
        (ref.pointer, None)
        for ref in layout_for("2021").table(table).cells()
        if ref.row.id.startswith(row_prefix) and (ref.column.id == "total") == totals
    ]


# Every outcome row of table 三 (not （七）总计 itself) in the 总计 column, as Shanghai 2019.
_OUTCOME_TOTALS = [
    c for c in _blank_cells("t3", "results.", totals=True) if c[0] != "/t3/results/total/total"
]

_PROBLEMS = (
    "一是政府信息公开工作人员业务水平有待提高；二是主动公开内容的深度和广度还需加强；"
    "三是政策解读形式较为单一。下一年度将加强业务培训，拓展公开内容，丰富解读形式。"
)

_NO_CARRY: list[Change] = [
    ("/t3/results/granted/natural_person", 5),
    ("/t3/results/granted/total", 5),
    ("/t3/results/total/natural_person", 5),
    ("/t3/results/total/total", 5),
    ("/t3/carried_over_out/natural_person", 0),
    ("/t3/carried_over_out/total", 0),
]

CATALOGUE: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- structural
    Rule(
        code="G-R0",
        family="structural",
        severity="error",
        title={
            "zh": "文档结构符合其版本的模型与 JSON Schema",
            "en": "Document is a report of its edition",
        },
        formula="the document validates against the model and the JSON Schema of its edition",
        reference="format-spec (b); schemas/report.schema.json",
        messages={
            "zh": "{pointer}：{problem}（应为：{expected}）",
            "en": "{pointer}: {problem} (expected: {expected})",
        },
        meaning={
            "zh": "文档必须是其版本的报告：必需的成员齐全、没有模板之外的成员、类型正确。",
            "en": "The document must be a report of its edition: every required member present, "
            "no member outside the template, every value of the right type.",
        },
        placeholders=("pointer", "problem", "expected", "problem_code"),
        example=Example([("/metadata/report_year", "2021")], edition="2021"),
        check=Custom("structure"),
    ),
    Rule(
        code="T3-R1",
        family="structural",
        severity="error",
        title={"zh": "表三每个单元格为非负整数", "en": "Table III cells are integers ≥ 0"},
        formula="every t3 cell is an integer ≥ 0 (or blank)",
        reference=f"{_SPEC} T3-R1",
        messages={
            "zh": "{location}：{problem}（应为非负整数）",
            "en": "{location}: {problem} (expected an integer ≥ 0)",
        },
        meaning={
            "zh": "表三统计的是申请件数，只能是非负整数。",
            "en": "Table III counts applications: only whole numbers ≥ 0 make sense.",
        },
        placeholders=("location", "problem", "problem_code"),
        example=Example([("/t3/results/withheld/state_secret/natural_person", -1)], edition="2021"),
        check=Custom("structure", table="t3"),
    ),
    Rule(
        code="T4-R1",
        family="structural",
        severity="error",
        title={"zh": "表四每个单元格为非负整数", "en": "Table IV cells are integers ≥ 0"},
        formula="every t4 cell is an integer ≥ 0 (or blank)",
        reference=f"{_SPEC} T4-R1",
        messages={
            "zh": "{location}：{problem}（应为非负整数）",
            "en": "{location}: {problem} (expected an integer ≥ 0)",
        },
        meaning={
            "zh": "表四统计的是案件数，只能是非负整数。",
            "en": "Table IV counts cases: only whole numbers ≥ 0 make sense.",
        },
        placeholders=("location", "problem", "problem_code"),
        example=Example([("/t4/review/upheld", -1)], edition="2021"),
        check=Custom("structure", table="t4"),
    ),
    Rule(
        code="T2-R1",
        family="structural",
        severity="error",
        title={
            "zh": "表二件数为非负整数、金额为非负数",
            "en": "Table II counts and amounts are ≥ 0",
        },
        formula="issued, repealed, in_force, decisions are integers ≥ 0; amount_10k_yuan is a decimal ≥ 0",
        reference=f"{_SPEC} T2-R1",
        messages={
            "zh": "{location}：{problem}（应为非负数）",
            "en": "{location}: {problem} (expected a number ≥ 0)",
        },
        meaning={
            "zh": "表二的件数和收费金额都不能为负。",
            "en": "Document counts, decisions and fee amounts in table II cannot be negative.",
        },
        placeholders=("location", "problem", "problem_code"),
        example=Example([("/t2/admin_fees/amount_10k_yuan", -5)], edition="2021"),
        check=Custom("structure", table="t2", needs=(("t2", "rules", "issued"),)),
    ),
    Rule(
        code="T2_19-R1",
        family="structural",
        severity="error",
        title={
            "zh": "表二（2019）项目数量不为负",
            "en": "Table II (2019) item counts are not negative",
        },
        formula="items_prev_year ≥ 0; items_prev_year + items_delta ≥ 0 (per row)",
        reference=f"{_SPEC} T2_19-R1",
        messages={
            "zh": "{location}：上一年项目数量加本年增/减为 {computed}，项目数量不能为负",
            "en": "{location}: items of the previous year plus this year's change is {computed}; "
            "an item count cannot be negative",
        },
        meaning={
            "zh": "上一年项目数量加上本年增减就是本年的项目数量，不能为负。",
            "en": "Last year's items plus this year's change is this year's number of items, "
            "which cannot be negative.",
        },
        placeholders=(*_ARITH, "problem", "problem_code"),
        example=Example(
            [("/t2/admin_licensing/items_prev_year", 3), ("/t2/admin_licensing/items_delta", -5)],
            edition="2019",
        ),
        check=Relation(
            "t2", left=(), right=("items_prev_year", "items_delta"), op="<=", across="rows"
        ),
    ),
    Rule(
        code="G-R8",
        family="structural",
        severity="warning",
        title={"zh": "单元格空白", "en": "Blank cell"},
        formula="every cell of tables 二, 三, 四 holds a number (0 for none); one finding per row",
        reference="format-spec (d) D3",
        messages={
            "zh": "{row}：{count} 个单元格空白（{columns}），无数据时应填 0",
            "en": "{row_en}: {count} blank cell(s) ({columns_en}); write 0 when there is "
            "nothing to report",
        },
        meaning={
            "zh": "空白单元格不等于 0。计算勾稽关系时按 0 计，但应单独提示。",
            "en": "A blank cell is not 0. The identities count it as 0, and this rule says "
            "where the report left cells blank.",
        },
        placeholders=("row", "row_en", "count", "columns", "columns_en"),
        example=Example([("/t3/new_received/research_institution", None)], edition="2021"),
        check=Custom("blank_cells"),
    ),
    Rule(
        code="T3-R10",
        family="structural",
        severity="warning",
        title={
            "zh": "报告年度与模板版本不符",
            "en": "Template edition does not fit the report year",
        },
        formula="2021+ report with the single （六） row of the 2019 template, or a 2019/2020 "
        "report with the three （六） sub-rows of the 2021 template",
        reference=f"{_SPEC} T3-R10; 国办公开办函〔2021〕30号",
        messages={
            "zh": "{year} 年度报告使用了 {edition} 版模板（表三（六）其他处理为{rows}），应使用 {expected} 版",
            "en": "the {year} report uses the {edition} template (table III (6) has {rows_en}); "
            "reports on {year} follow the {expected} template",
        },
        meaning={
            "zh": "2021 年度起的报告应使用国办公开办函〔2021〕30号格式，其表三（六）其他处理分三行；"
            "2019、2020 年度报告使用试行格式，（六）为一行。",
            "en": "Reports on 2021 onward follow the revised template, whose table III (6) has "
            "three sub-rows; reports on 2019 and 2020 follow the trial template with one row.",
        },
        placeholders=("year", "edition", "expected", "rows", "rows_en"),
        example=Example(
            [
                ("/metadata/report_year", 2022),
                ("/metadata/publication_date", "2023-01-20"),
                ("/metadata/statistics_period", {"start": "2022-01-01", "end": "2022-12-31"}),
            ],
            edition="2019",
        ),
        check=Custom("edition_year"),
    ),
    Rule(
        code="G-R2",
        family="structural",
        severity="warning",
        title={"zh": "六个部分齐全且不为空", "en": "All six sections present and not empty"},
        formula="sections general … other_matters are present; narrative sections have text",
        reference=f"{_SPEC} G-R2; 条例第五十条",
        messages={
            "zh": "缺少或空白的部分：{section}",
            "en": "section missing or empty: {section_en}",
        },
        meaning={
            "zh": "年度报告由六部分组成；二、三、四部分由表格承载，其余部分应有文字。",
            "en": "A report has six sections; II–IV carry the tables, the others need text.",
        },
        placeholders=("section", "section_en", "section_id"),
        example=Example([("/sections/problems", None)], edition="2021"),
        check=Custom("sections"),
    ),
    # ---------------------------------------------------------------- table 三
    *blank_variants(
        Rule(
            code="T3-R2",
            family="table",
            severity="error",
            title={
                "zh": "表三各行总计等于六类申请人之和",
                "en": "Table III row total = sum of applicants",
            },
            formula="for each row r: r.total == Σ_{c ∈ C6} r[c]",
            reference=f"{_SPEC} T3-R2",
            messages={
                "zh": "{location}：填报 {reported}，六类申请人之和为 {computed}（差 {diff}）",
                "en": "{location}: reported {reported}, the six applicant columns sum to {computed} "
                "(difference {diff})",
            },
            meaning={
                "zh": "总计列是自然人与五类法人或其他组织之和。",
                "en": "The 总计 column is by construction the sum over the six applicant columns.",
            },
            placeholders=_ARITH,
            example=Example([("/t3/results/granted/total", 4)], edition="2021"),
            check=Relation("t3", left=("total",), right=_C6, across="rows"),
        ),
        total={
            "title": {"zh": "表三行总计空白", "en": "Table III row total left blank"},
            "formula": "r.total is blank while Σ_{c ∈ C6} r[c] ≠ 0",
            "messages": {
                "zh": "{location}：总计空白，六类申请人之和为 {computed}",
                "en": "{location}: the total is blank; the six applicant columns sum to {computed}",
            },
            "meaning": {
                "zh": "部分报告只填写部分行的总计。空白的总计不是错误的总计，单独提示。",
                "en": "Some reports fill the 总计 column only on a few rows. A blank total is not "
                "a wrong total, so it is reported on its own, as a warning.",
            },
            "example": Example([("/t3/results/granted/total", None)], edition="2021"),
        },
        items={
            "title": {
                "zh": "表三行总计有数而六类申请人均空白",
                "en": "Table III row total beside blank applicant columns",
            },
            "formula": "r.total is stated (≠ 0) while every r[c], c ∈ C6, is blank",
            "messages": {
                "zh": "{location}：填报 {reported}，但六类申请人各列均空白，无法核对",
                "en": "{location}: reported {reported}, but all six applicant columns are blank, "
                "so the total cannot be checked",
            },
            "meaning": {
                "zh": "空白表示未填报，不是 0。总计有数而六类申请人各列均空白时，各列之和未知，"
                "总计无法核对；这不是错误的总计，单独提示。",
                "en": "A blank cell means “not stated”, not 0. When a row total is stated but all "
                "six applicant columns are blank, their sum is unknown and the total cannot be "
                "checked. That is not a wrong total, so it is reported on its own, as a warning.",
            },
            "example": Example(_blank_cells("t3", "results.granted", totals=False), edition="2021"),
        },
    ),
    *blank_variants(
        Rule(
            code="T3-R3",
            family="table",
            severity="error",
            title={
                "zh": "表三（七）总计等于（一）至（六）之和",
                "en": "Table III (7) total = sum of outcomes (1)–(6)",
            },
            formula="for each c ∈ COLS: results.total[c] == granted[c] + partially_granted[c] + "
            "Σwithheld[c] + Σunable[c] + Σnot_processed[c] + Σother[c]",
            reference=f"{_SPEC} T3-R3",
            messages={
                "zh": "{location}：填报 {reported}，（一）至（六）之和为 {computed}（差 {diff}）",
                "en": "{location}: reported {reported}, outcomes (1)–(6) sum to {computed} "
                "(difference {diff})",
            },
            meaning={
                "zh": "（七）总计是本年度办结的申请数，即各种办理结果之和。",
                "en": "(7) counts the applications concluded in the year: the sum of every outcome.",
            },
            placeholders=_ARITH,
            example=Example([("/t3/results/total/natural_person", 4)], edition="2021"),
            check=Relation("t3", left=("results.total",), right=_OUTCOMES),
        ),
        total={
            "title": {"zh": "表三（七）总计空白", "en": "Table III (7) total left blank"},
            "formula": "results.total[c] is blank while the outcomes sum to a number ≠ 0",
            "messages": {
                "zh": "{location}：（七）总计空白，（一）至（六）之和为 {computed}",
                "en": "{location}: (7) is blank; outcomes (1)–(6) sum to {computed}",
            },
            "meaning": {
                "zh": "（七）总计空白而办理结果不为零。",
                "en": "The (7) total is blank although outcomes were reported.",
            },
            "example": Example([("/t3/results/total/total", None)], edition="2021"),
        },
        items={
            "title": {
                "zh": "表三（七）总计有数而（一）至（六）均空白",
                "en": "Table III (7) total beside blank outcomes (1)–(6)",
            },
            "formula": "results.total[c] is stated (≠ 0) while every outcome row (1)–(6) is blank "
            "in column c",
            "messages": {
                "zh": "{location}：填报 {reported}，但（一）至（六）各项均空白，无法核对",
                "en": "{location}: reported {reported}, but every outcome (1)–(6) is blank, so the "
                "total cannot be checked",
            },
            "meaning": {
                "zh": "有的报告只填（七）总计，各办理结果行的同一列全部空白（例如总计列只填了"
                "一、二、（七）、四几行）。空白不是 0：各项之和未知，总计无法核对，单独提示而不报差额。",
                "en": "Some reports fill (7) but leave the same column blank in every outcome row "
                "(for instance a 总计 column filled only in rows 一, 二, (7) and 四). Blanks are not "
                "zeros: the outcomes' sum is unknown, so the total is reported as unverifiable "
                "instead of as a mismatch.",
            },
            "example": Example(_OUTCOME_TOTALS, edition="2021"),
        },
    ),
    Rule(
        code="T3-R4",
        family="table",
        severity="error",
        title={
            "zh": "表三勾稽关系：一 + 二 = 三 + 四",
            "en": "Table III balance: 1 + 2 = 3 + 4",
        },
        formula="for each c ∈ COLS: new_received[c] + carried_over_in[c] == results.total[c] "
        "+ carried_over_out[c]",
        reference=_T3_NOTE + "；国办公开办函〔2021〕30号附件",
        messages={
            "zh": "{location}：第一项加第二项为 {reported}，第三项加第四项为 {computed}（差 {diff}）",
            "en": "{location}: items 1 + 2 give {reported}, items 3 + 4 give {computed} "
            "(difference {diff})",
        },
        meaning={
            "zh": "表头注明：本列数据的勾稽关系为第一项加第二项之和，等于第三项加第四项之和。",
            "en": "The table's own header note: in every column, new requests plus requests "
            "carried over equal requests concluded plus requests carried forward.",
        },
        placeholders=_ARITH,
        example=Example(
            [("/t3/carried_over_out/natural_person", 3), ("/t3/carried_over_out/total", 3)],
            edition="2021",
        ),
        check=Relation(
            "t3",
            left=("new_received", "carried_over_in"),
            right=("results.total", "carried_over_out"),
        ),
    ),
    Rule(
        code="T3-R6",
        family="table",
        severity="error",
        title={
            "zh": "结转下年度不超过本年可办理总数",
            "en": "Carried forward ≤ open during the year",
        },
        formula="for each c ∈ COLS: carried_over_out[c] ≤ new_received[c] + carried_over_in[c]",
        reference=f"{_SPEC} T3-R6",
        messages={
            "zh": "{location}：结转下年度 {reported} 超过本年新收加上年结转 {computed}",
            "en": "{location}: {reported} carried forward exceeds the {computed} new and "
            "carried-over requests",
        },
        meaning={
            "zh": "结转下年度的申请只能来自本年新收和上年结转的申请。",
            "en": "Requests carried forward can only be requests that were open during the year.",
        },
        placeholders=_ARITH,
        example=Example(
            [("/t3/carried_over_out/natural_person", 6), ("/t3/carried_over_out/total", 6)],
            edition="2021",
        ),
        check=Relation(
            "t3", left=("carried_over_out",), right=("new_received", "carried_over_in"), op="<="
        ),
    ),
    Rule(
        code="T3-R5",
        family="table",
        severity="error",
        title={"zh": "表三附加小计行等于其各项之和", "en": "Table III added subtotal rows add up"},
        formula="for a subtotal row added to group g: subtotal[c] == Σ rows of g in column c",
        reference=f"{_SPEC} T3-R5; format-spec (d) D6",
        messages={
            "zh": "附加小计行“{label}” × {column}：填报 {reported}，各项之和为 {computed}（差 {diff}）",
            "en": "added subtotal row “{label}” × {column_en}: reported {reported}, its rows "
            "sum to {computed} (difference {diff})",
        },
        meaning={
            "zh": "有的报告为（三）至（六）加印小计行；小计必须等于其所含各行之和。",
            "en": "Some reports print subtotal rows for groups (3)–(6); a subtotal must equal "
            "the sum of its rows.",
        },
        placeholders=(*_ARITH, "label", "column", "column_en", "group"),
        example=Example(
            [
                (
                    "/extra_rows",
                    [
                        {
                            "table": "t3",
                            "label": "小计",
                            "subtotal_of": "results.withheld",
                            "cells": [{"column": "natural_person", "raw": "2", "value": 2}],
                        }
                    ],
                )
            ],
            edition="2021",
        ),
        check=Custom("extra_subtotals"),
    ),
    # ---------------------------------------------------------------- table 四
    *blank_variants(
        Rule(
            code="T4-R2",
            family="table",
            severity="error",
            title={
                "zh": "表四总计等于维持、纠正、其他、尚未审结之和",
                "en": "Table IV total = upheld + corrected + other + pending",
            },
            formula="for each b ∈ {review, litigation_direct, litigation_after_review}: "
            "b.total == b.upheld + b.corrected + b.other + b.pending",
            reference=f"{_SPEC} T4-R2",
            messages={
                "zh": "{location}：填报 {reported}，四种结果之和为 {computed}（差 {diff}）",
                "en": "{location}: reported {reported}, the four outcome states sum to {computed} "
                "(difference {diff})",
            },
            meaning={
                "zh": "每一栏的总计是结果维持、结果纠正、其他结果和尚未审结之和。",
                "en": "Each block's total is the sum of its four outcome states.",
            },
            placeholders=_ARITH,
            example=Example([("/t4/review/upheld", 2)], edition="2021"),
            check=Relation(
                "t4",
                left=("total",),
                right=("upheld", "corrected", "other", "pending"),
                across="rows",
            ),
        ),
        total={
            "title": {"zh": "表四总计空白", "en": "Table IV total left blank"},
            "formula": "b.total is blank while b.upheld + b.corrected + b.other + b.pending ≠ 0",
            "messages": {
                "zh": "{location}：总计空白，四种结果之和为 {computed}",
                "en": "{location}: the total is blank; the four outcome states sum to {computed}",
            },
            "meaning": {
                "zh": "表四某栏总计空白而各结果不为零。",
                "en": "A table IV total is blank although outcomes were reported.",
            },
            "example": Example(
                [("/t4/review/upheld", 2), ("/t4/review/total", None)], edition="2021"
            ),
        },
        items={
            "title": {
                "zh": "表四总计有数而各结果均空白",
                "en": "Table IV total beside blank outcome states",
            },
            "formula": "b.total is stated (≠ 0) while b.upheld, b.corrected, b.other and b.pending "
            "are all blank",
            "messages": {
                "zh": "{location}：填报 {reported}，但四种结果均空白，无法核对",
                "en": "{location}: reported {reported}, but all four outcome states are blank, so "
                "the total cannot be checked",
            },
            "meaning": {
                "zh": "表四某栏总计有数而结果维持、结果纠正、其他结果、尚未审结均空白：各项之和未知，"
                "总计无法核对。",
                "en": "A table IV total is stated although all four outcome states are blank: "
                "their sum is unknown, so the total cannot be checked.",
            },
            "example": Example(
                [*_blank_cells("t4", "review", totals=False), ("/t4/review/total", 2)],
                edition="2021",
            ),
        },
    ),
    # ---------------------------------------------------------------- table 二
    Rule(
        code="T2-R3",
        family="table",
        severity="warning",
        title={
            "zh": "本年制发件数不超过现行有效加本年废止",
            "en": "Issued ≤ in force + repealed",
        },
        formula="issued ≤ in_force + repealed (rules, normative_docs)",
        reference=f"{_SPEC} T2-R3",
        messages={
            "zh": "{location}：本年制发 {reported} 件，多于现行有效加本年废止的 {computed} 件",
            "en": "{location}: {reported} issued this year, more than the {computed} in force "
            "or repealed",
        },
        meaning={
            "zh": "本年制发的文件要么仍然有效，要么已被废止（除非自然失效）。",
            "en": "A document issued this year is either still in force or was repealed, "
            "unless it expired.",
        },
        placeholders=_ARITH,
        example=Example(
            [("/t2/normative_docs/issued", 3), ("/t2/normative_docs/in_force", 1)], edition="2021"
        ),
        check=Relation(
            "t2", left=("issued",), right=("in_force", "repealed"), op="<=", across="rows"
        ),
    ),
    Rule(
        code="T2_19-R3",
        family="table",
        severity="warning",
        title={
            "zh": "本年新公开数量不超过对外公开总数量",
            "en": "Newly published ≤ total published",
        },
        formula="new_published ≤ published_total (rules, normative_docs)",
        reference=f"{_SPEC} T2_19-R3",
        messages={
            "zh": "{location}：本年新公开 {reported}，多于对外公开总数量 {computed}",
            "en": "{location}: {reported} newly published, more than the {computed} published "
            "in total",
        },
        meaning={
            "zh": "本年新公开的文件是对外公开总数的一部分。",
            "en": "What was newly published this year is part of the total published.",
        },
        placeholders=_ARITH,
        example=Example(
            [("/t2/normative_docs/new_published", 3), ("/t2/normative_docs/published_total", 2)],
            edition="2019",
        ),
        check=Relation(
            "t2", left=("new_published",), right=("published_total",), op="<=", across="rows"
        ),
    ),
    # ---------------------------------------------------------------- cross-table / narrative
    Rule(
        code="T3-R8",
        family="cross-table",
        severity="warning",
        title={
            "zh": "逾期未缴费不再处理的申请有收费通知",
            "en": "Unpaid-fee close-outs have fee notices",
        },
        formula="other.fee_unpaid.total > 0 ⇒ sections.other_matters.fees.fee_notices_issued_count "
        "≥ other.fee_unpaid.total",
        reference=f"{_SPEC} T3-R8; 《政府信息公开信息处理费管理办法》",
        messages={
            "zh": "{location} 为 {reported}，但第六部分报告的收费通知件数为 {computed}",
            "en": "{location} is {reported}, but section VI reports {computed} fee notices",
        },
        meaning={
            "zh": "因逾期未缴费而不再处理的申请，必先发出收费通知；第六部分应报告收费通知件数，且不少于这些申请数"
            "（通知可能发于上一年）。",
            "en": "An application closed for non-payment presupposes a fee notice, so section VI "
            "should report at least that many fee notices (a notice may date from the "
            "previous year).",
        },
        placeholders=(*_ARITH, "notices"),
        example=Example(
            [
                ("/t3/results/granted/natural_person", 2),
                ("/t3/results/granted/total", 2),
                ("/t3/results/other/fee_unpaid/natural_person", 1),
                ("/t3/results/other/fee_unpaid/total", 1),
            ],
            edition="2021",
        ),
        check=Custom("fee_notices", needs=_FEE_ROW),
    ),
    Rule(
        code="T3-R9",
        family="narrative",
        severity="warning",
        title={
            "zh": "总体情况所述申请数与表三一致",
            "en": "Request count in the overview matches table III",
        },
        formula="a count stated in 总体情况 as 收到…申请 N 件/条 (N in Arabic, full-width or "
        "Chinese numerals) equals new_received.total (or new_received.total + "
        "carried_over_in.total)",
        reference=f"{_SPEC} T3-R9",
        messages={
            "zh": "总体情况称“{quote}”（{stated} 件），表三本年新收为 {computed} 件",
            "en": "the overview says “{quote}” ({stated}); table III reports {computed} new "
            "requests",
        },
        meaning={
            "zh": "正文和表格常常脱节；正文所述的收到申请数应与表三第一项的总计一致。",
            "en": "Text and tables often drift apart: the number of requests the overview says "
            "were received should match item 1 of table III.",
        },
        placeholders=("quote", "stated", "computed", "reported", "location", "matches"),
        example=Example(
            [("/sections/general/text", "2021年，本局共收到政府信息公开申请7件。")], edition="2021"
        ),
        check=Custom("narrative_requests"),
    ),
    Rule(
        code="G-R5",
        family="narrative",
        severity="warning",
        title={"zh": "第六部分说明信息处理费情况", "en": "Section VI states the processing fees"},
        formula="sections.other_matters mentions 信息处理费 / 收费 (even 未收取), or states the fee figures",
        reference=f"{_SPEC} G-R5; 《政府信息公开信息处理费管理办法》",
        messages={
            "zh": "第六部分未说明信息处理费的收取情况（即使未收取也应说明）",
            "en": "section VI says nothing about information processing fees (say so even "
            "when none were charged)",
        },
        meaning={
            "zh": "2021 年格式要求在第六部分报告信息处理费的收取情况。",
            "en": "The 2021 format asks for the processing fees charged to be reported in "
            "section VI.",
        },
        placeholders=(),
        example=Example(
            [("/sections/other_matters/text", "无其他需要报告的事项。")], edition="2021"
        ),
        check=Custom("fee_statement", needs=_FEE_ROW),
    ),
    Rule(
        code="G-R15",
        family="narrative",
        severity="warning",
        title={
            "zh": "第六部分所述信息处理费与收费数据一致",
            "en": "Fee statements in section VI match the fee figures",
        },
        formula="a statement in section 六 of the fees collected (收取…处理费 N 元; 未收取…处理费 = 0) "
        "equals sections.other_matters.fees.fees_collected_yuan; of the fee notices (发出收费通知 "
        "N 件; 未发出收费通知 = 0) equals fees.fee_notices_issued_count; and 未发出收费通知 "
        "contradicts other.fee_unpaid.total > 0",
        reference="《政府信息公开信息处理费管理办法》; " + f"{_SPEC} T3-R8",
        messages={
            "zh": "第六部分称“{quote}”（{stated}），{figure}为 {computed}",
            "en": "section VI says “{quote}” ({stated}); {figure_en}: {computed}",
        },
        meaning={
            "zh": "提交的报告数据中，第六部分的文字与收费数据（fees）分别填写，可能不一致；"
            "未发出收费通知却有因逾期未缴费不再处理的申请，也自相矛盾。",
            "en": "A submitted report carries the section VI text and the fee figures (fees) "
            "separately, and they can disagree; stating that no fee notice was issued while "
            "table III closes applications for unpaid fees contradicts itself.",
        },
        placeholders=("quote", "stated", "computed", "reported", "figure", "figure_en", "matches"),
        example=Example(
            [
                (
                    "/sections/other_matters/text",
                    "我办 2021 年度未向任何机构和个人收取信息处理费。",
                ),
                ("/sections/other_matters/fees", {"fees_collected_yuan": 120}),
            ],
            edition="2021",
        ),
        check=Custom("fee_figures", needs=_FEE_ROW),
    ),
    Rule(
        code="G-R6",
        family="narrative",
        severity="warning",
        title={
            "zh": "政府报告说明考核、评议和责任追究结果",
            "en": "Government reports state assessment, evaluation and accountability",
        },
        formula="body.kind == people_government ⇒ the overview mentions 工作考核, 社会评议 and 责任追究",
        reference="条例第五十条第四项; " + f"{_SPEC} G-R6",
        messages={
            "zh": "人民政府的年度报告应说明{missing}情况",
            "en": "a people's government's report should state its results of {missing_en}",
        },
        meaning={
            "zh": "各级人民政府的年度报告应包括工作考核、社会评议和责任追究结果情况。",
            "en": "Reports of people's governments must include the results of performance "
            "assessment, public evaluation and accountability.",
        },
        placeholders=("missing", "missing_en"),
        example=Example(
            [
                ("/metadata/body/kind", "people_government"),
                ("/metadata/publication_date", "2022-03-20"),
            ],
            edition="2021",
        ),
        check=Custom("oversight"),
    ),
    Rule(
        code="G-R9",
        family="narrative",
        severity="warning",
        title={
            "zh": "总体情况所述行政复议、行政诉讼案件数与表四一致",
            "en": "Case counts in the overview match table IV",
        },
        formula="a count stated in 总体情况 as 行政复议 N 件 / 行政诉讼 N 件 (or N 件…"
        "行政复议, 其中结果维持 N 件 …, 未发生行政复议) equals review.<c> resp. "
        "litigation_direct.<c> + litigation_after_review.<c> (either block alone is accepted "
        "for a count other than 0)",
        reference="国办公开办函〔2021〕30号附件 表四; " + f"{_SPEC} T3-R9 (same reading)",
        messages={
            "zh": "总体情况称“{quote}”（{stated} 件），表四{case}{quantity}为 {computed} 件",
            "en": "the overview says “{quote}” ({stated}); table IV reports {computed} "
            "({case_en}, {quantity_en})",
        },
        meaning={
            "zh": "总体情况常写明行政复议、行政诉讼案件数（行政诉讼为未经复议直接起诉与复议后起诉之和）；"
            "这些数应与表四一致。只读明确的表述（名词与件数紧邻、无“其中”“结转”“纠错”等限定）。",
            "en": "The overview often states how many reconsideration and litigation cases there "
            "were (litigation = direct + after reconsideration); they should match table IV. "
            "Only clear statements are read: the noun beside the count, no qualifier such as "
            "其中, 结转 or 纠错.",
        },
        placeholders=(
            "quote",
            "stated",
            "computed",
            "reported",
            "case",
            "case_en",
            "quantity",
            "quantity_en",
            "matches",
        ),
        example=Example(
            [
                (
                    "/sections/general/text",
                    "2021年，本局共收到政府信息公开申请5件。"
                    "全年政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
                )
            ],
            edition="2021",
        ),
        check=Custom("narrative_cases"),
    ),
    Rule(
        code="G-R10",
        family="narrative",
        severity="warning",
        title={
            "zh": "总体情况所述规章、规范性文件件数与表二一致",
            "en": "Document counts in the overview match table II",
        },
        formula="a count stated in 总体情况 as (制发|印发|出台|公开…) 规章/规范性文件 N 件 equals "
        "issued (2019: new_made or new_published); 废止… N 件 equals repealed; 现行有效… N 件 "
        "equals in_force (2019: published_total)",
        reference="国办公开办函〔2021〕30号附件 表二; " + f"{_SPEC} T3-R9 (same reading)",
        messages={
            "zh": "总体情况称“{quote}”（{stated} 件），表二{row}{column}为 {computed} 件",
            "en": "the overview says “{quote}” ({stated}); table II reports {computed} "
            "{row_en} {column_en}",
        },
        meaning={
            "zh": "总体情况中主动公开部分常写明本年制发、废止或现行有效的规章和规范性文件件数，应与表二一致。"
            "部门规范性文件、“等”合计数、解读/审查/清理等其他工作的件数不读。",
            "en": "The proactive-disclosure part of the overview often states how many rules and "
            "normative documents were issued, repealed or are in force; they should match "
            "table II. Counts of departments' documents, sums with 等 and counts of other work "
            "(interpretation, review, clean-up) are not read.",
        },
        placeholders=(
            "quote",
            "stated",
            "computed",
            "reported",
            "row",
            "row_en",
            "column",
            "column_en",
            "matches",
        ),
        example=Example(
            [
                (
                    "/sections/general/text",
                    "2021年，本局共收到政府信息公开申请5件。全年主动公开规章 22 件、"
                    "行政规范性文件 34 件。",
                )
            ],
            edition="2021",
        ),
        check=Custom("narrative_documents"),
    ),
    Rule(
        code="G-R11",
        family="narrative",
        severity="warning",
        title={
            "zh": "存在的主要问题及改进情况有实质内容",
            "en": "Section V states problems and improvements",
        },
        formula="sections.problems is not just 无 / 暂无问题 / 没有明显问题, and has at least 15 "
        "characters (spaces and punctuation not counted)",
        reference="条例第五十条; 国办公开办函〔2021〕30号（四）明确责任",
        messages={
            "zh": "第五部分只有“{quote}”（{chars} 字），未说明存在的问题及改进情况",
            "en": "section V only says “{quote}” ({chars} characters): no problems or "
            "improvements stated",
        },
        meaning={
            "zh": "年度报告应说明存在的主要问题及改进情况；评估中写“无”“暂无问题”或寥寥数字的报告被视为缺项。",
            "en": "The report must state its main problems and how they are being addressed; "
            "evaluators treat “无”, “暂无问题” or a few characters as a missing section.",
        },
        placeholders=("quote", "chars"),
        example=Example([("/sections/problems/text", "暂无问题。")], edition="2021"),
        check=Custom("problems_substance"),
    ),
    Rule(
        code="G-R12",
        family="narrative",
        severity="info",
        title={
            "zh": "其他需要报告的事项只有套话",
            "en": "Section VI is boilerplate only",
        },
        formula="sections.other_matters says only 无 / 暂无 / 无其他需要报告的事项 (and no fee "
        "figures)",
        reference="条例第五十条; 国办公开办函〔2021〕30号",
        messages={
            "zh": "第六部分只有“{quote}”",
            "en": "section VI only says “{quote}”",
        },
        meaning={
            "zh": "第六部分可报告信息处理费、落实政务公开工作要点、人大建议政协提案办理等情况；"
            "只写“无”虽不违规，评估中常被视为内容空泛，故作提示。",
            "en": "Section VI is where fees, the year's disclosure priorities or the handling "
            "of deputies' proposals are reported; a bare “nothing to report” is not wrong, "
            "but evaluators mark it as empty, so it is noted as information.",
        },
        placeholders=("quote",),
        example=Example([("/sections/other_matters/text", "无其他需要报告的事项")], edition="2021"),
        check=Custom("other_boilerplate"),
    ),
    Rule(
        code="G-R13",
        family="narrative",
        severity="warning",
        title={
            "zh": "某部分照抄本报告另一部分",
            "en": "A section copies another section",
        },
        formula="the text of a narrative section or sub-section (≥ 40 characters; line breaks "
        "that wrap a sentence not counted) occurs word for word in another narrative section",
        reference=f"{_SPEC} G-R7; 国办公开办函〔2021〕30号（四）明确责任",
        messages={
            "zh": "{section}的内容（{chars} 字）与{other}中的文字完全相同",
            "en": "{section_en} ({chars} characters) repeats text of {other_en} word for word",
        },
        meaning={
            "zh": "各部分应各有内容；把总体情况的文字照搬到存在问题或其他事项，是内容雷同的一种。",
            "en": "Each section has its own subject; copying the overview's text into the "
            "problems or other-matters section is a form of copied content.",
        },
        placeholders=("section", "section_en", "other", "other_en", "chars"),
        example=Example(
            [
                (
                    "/sections/general/text",
                    "2021年，本局共收到政府信息公开申请5件。主动公开的意识还不够强，"
                    "信息公开的渠道形式单一，主要通过政府网站进行公开，从事政府信息公开工作的人员业务水平有待提高。",
                ),
                (
                    "/sections/problems/text",
                    "主动公开的意识还不够强，信息公开的渠道形式单一，主要通过政府网站进行公开，"
                    "从事政府信息公开工作的人员业务水平有待提高。",
                ),
            ],
            edition="2021",
        ),
        check=Custom("copied_sections"),
    ),
    # ---------------------------------------------------------------- plausibility
    Rule(
        code="G-R3",
        family="plausibility",
        severity="warning",
        title={"zh": "统计期限为报告年度全年", "en": "Statistics period is the report year"},
        formula="metadata.statistics_period == [report_year-01-01, report_year-12-31]",
        reference=f"{_SPEC} G-R3",
        messages={
            "zh": "统计期限为 {start} 至 {end}，应为 {year} 年 1 月 1 日至 12 月 31 日",
            "en": "the statistics period is {start} to {end}; it should be 1 January to "
            "31 December {year}",
        },
        meaning={
            "zh": "统计期限应为报告年度的 1 月 1 日至 12 月 31 日；不符往往是照抄上年报告。",
            "en": "The period is the calendar year reported on; a mismatch usually means text "
            "copied from another year's report.",
        },
        placeholders=("start", "end", "year"),
        example=Example(
            [("/metadata/statistics_period", {"start": "2020-01-01", "end": "2020-12-31"})],
            edition="2021",
        ),
        check=Custom("statistics_period"),
    ),
    Rule(
        code="G-R4",
        family="plausibility",
        severity="warning",
        title={
            "zh": "发布日期符合报告年度和法定时限",
            "en": "Publication date fits the year and deadline",
        },
        formula="report_year+1-01-01 ≤ date ≤ deadline (31 Jan for departments, 31 Mar for a "
        "people's government); date = publication_date, else issued_date",
        reference="条例第四十九条",
        messages={
            "zh": "{date_kind} {date}：{reason}",
            "en": "{date_kind_en} {date}: {reason_en}",
        },
        meaning={
            "zh": "县级以上人民政府部门应于每年 1 月 31 日前、地方人民政府应于 3 月 31 日前公布上一年度的报告；"
            "报告不可能在所报告年度结束前发布。",
            "en": "Departments publish by 31 January and local governments by 31 March of the "
            "following year; a report cannot appear before the year it covers has ended.",
        },
        placeholders=("date", "date_kind", "date_kind_en", "reason", "reason_en", "deadline"),
        example=Example([("/metadata/publication_date", "2022-03-15")], edition="2021"),
        check=Custom("publication_date"),
    ),
    Rule(
        code="T2-R4",
        family="plausibility",
        severity="warning",
        title={
            "zh": "规章数据只来自有规章制定权的机关",
            "en": "Only rule-making bodies report 规章",
        },
        formula="rules.* > 0 ⇒ body.level ∉ {county, township}",
        reference=f"{_SPEC} T2-R4",
        messages={
            "zh": "{location} 为 {reported}，但县级、乡镇级机关没有规章制定权（可能把规范性文件计入了规章）",
            "en": "{location} is {reported}, but county and township bodies cannot make "
            "government rules (normative documents counted as rules?)",
        },
        meaning={
            "zh": "只有国务院部门、省级政府和设区的市、自治州政府可以制定规章。",
            "en": "Only State Council departments, provincial governments and governments of "
            "districted cities and autonomous prefectures make government rules.",
        },
        placeholders=("location", "reported", "level"),
        example=Example(
            [
                ("/metadata/body/level", "county"),
                ("/t2/rules/issued", 1),
                ("/t2/rules/in_force", 1),
            ],
            edition="2021",
        ),
        check=Custom("rule_making"),
    ),
    Rule(
        code="T2-R5",
        family="plausibility",
        severity="warning",
        title={
            "zh": "行政事业性收费金额单位为万元",
            "en": "Administrative fees are in 10,000 yuan",
        },
        formula="admin_fees.amount_10k_yuan < 100000 (a larger value is likely yuan, not 万元)",
        reference=f"{_SPEC} T2-R5",
        messages={
            "zh": "{location} 为 {reported} 万元（即 {yuan} 元），疑似以元为单位填报",
            "en": "{location} is {reported} × 10,000 yuan ({yuan} yuan): probably written in yuan",
        },
        meaning={
            "zh": "该栏单位为万元；按元填报会把金额放大一万倍。",
            "en": "The column is in 万元; a value written in yuan is 10,000 times too large.",
        },
        placeholders=("location", "reported", "yuan", "limit"),
        example=Example([("/t2/admin_fees/amount_10k_yuan", 250000)], edition="2021"),
        check=Custom("fee_unit", needs=(("t2", "admin_fees", "amount_10k_yuan"),)),
    ),
    Rule(
        code="T2_19-R4",
        family="plausibility",
        severity="info",
        title={"zh": "采购总金额注明单位", "en": "Procurement amount has a unit"},
        formula="procurement_amount > 0 ⇒ procurement_amount_unit is 元 or 万元",
        reference=f"{_SPEC} T2_19-R4",
        messages={
            "zh": "{location} 为 {reported}，但未注明单位（元或万元）",
            "en": "{location} is {reported} but states no unit (元 or 万元)",
        },
        meaning={
            "zh": "试行格式的采购总金额表头没有单位，报告应在单元格中注明。",
            "en": "The trial template gives no unit for the procurement amount; the report "
            "has to state it.",
        },
        placeholders=("location", "reported"),
        example=Example([("/t2/central_procurement/procurement_amount", 184719)], edition="2019"),
        check=Custom(
            "procurement_unit", needs=(("t2", "central_procurement", "procurement_amount"),)
        ),
    ),
    Rule(
        code="G-R14",
        family="plausibility",
        severity="warning",
        title={
            "zh": "正文所述年度为报告年度",
            "en": "The text speaks of the report year",
        },
        formula="no narrative paragraph opens with, and no 至…年底 / …年度本机关 / …年全年 "
        "statement names, one of the three years before metadata.report_year",
        reference=f"{_SPEC} G-R3, G-R7",
        messages={
            "zh": "{year} 年度报告的正文称“{quote}”（{stated} 年），疑似沿用上年报告",
            "en": "the {year} report's text says “{quote}” ({stated}): probably taken over "
            "from an earlier report",
        },
        meaning={
            "zh": "正文以“2022年，”开头或写“至 2022 年底”“2022 年度本机关”的段落，说的是当年的情况；"
            "出现在 2023 年度报告中，通常是照搬上年报告未改年份。以后的年份（下一年的打算）不提示。",
            "en": "A paragraph opening with “2022年，” or saying “至 2022 年底” or “2022 年度本机关” "
            "speaks of the current year; in a report on 2023 it usually is last year's text "
            "with the year left unchanged. Later years (next year's plans) are not reported.",
        },
        placeholders=("quote", "stated", "year", "matches", "reported", "computed"),
        example=Example(
            [("/sections/other_matters/text", "2020年，无收取信息处理费情况。")], edition="2021"
        ),
        check=Custom("year_in_text"),
    ),
    # ---------------------------------------------------------------- cross-year
    Rule(
        code="T3-R7",
        family="cross-year",
        severity="warning",
        title={
            "zh": "上年结转等于上一年度的结转下年度",
            "en": "Carried over = last year's carried forward",
        },
        formula="carried_over_in[c] of year N+1 == carried_over_out[c] of year N, same body",
        reference=f"{_SPEC} T3-R7",
        messages={
            "zh": "{location}：{year} 年度填报 {reported}，{previous_year} 年度结转下年度为 {computed}{caveat}",
            "en": "{location}: {reported} in {year}, but {previous_year} carried forward "
            "{computed}{caveat_en}",
        },
        meaning={
            "zh": "本年度的上年结转就是上一年度的结转下年度。合理的例外有更正、机构调整和 2019→2021 模板变更。",
            "en": "What one year carries forward is what the next year carries over. "
            "Legitimate breaks: corrections, reorganised bodies, the 2019→2021 template change.",
        },
        placeholders=(
            *_ARITH,
            "year",
            "previous_year",
            "caveat",
            "caveat_en",
            "previous_pointer",
            "report_index",
            "previous_index",
        ),
        example=SeriesExample(
            Example([], edition="2021"),
            Example(
                [
                    ("/t3/carried_over_in/natural_person", 1),
                    ("/t3/carried_over_in/total", 1),
                    ("/t3/results/granted/natural_person", 4),
                    ("/t3/results/granted/total", 4),
                    ("/t3/results/total/natural_person", 4),
                    ("/t3/results/total/total", 4),
                ],
                edition="2021",
            ),
        ),
        check=Custom("carry_over", series=True),
    ),
    Rule(
        code="G-R7",
        family="cross-year",
        severity="warning",
        title={
            "zh": "正文与上年报告雷同",
            "en": "Text copied from the previous year's report",
        },
        formula="similarity(section text of year N+1, same section of year N) ≥ 0.9, for "
        "sections general and problems with at least 50 characters",
        reference=f"{_SPEC} G-R7; 国办公开办函〔2021〕30号（四）明确责任",
        messages={
            "zh": "{section}与 {previous_year} 年度报告的同一部分相似度为 {similarity}（内容雷同）",
            "en": "{section_en} is {similarity} similar to the same section of the "
            "{previous_year} report (copied text)",
        },
        meaning={
            "zh": "内容雷同是通知点名追责的情形之一；存在问题照抄上年尤其常见。",
            "en": "Copied content is one of the failures the 2021 notice names for "
            "accountability; problems copied from last year's report are the usual case.",
        },
        placeholders=(
            "section",
            "section_en",
            "similarity",
            "year",
            "previous_year",
            "previous_pointer",
            "report_index",
            "previous_index",
        ),
        example=SeriesExample(
            Example([("/sections/problems/text", _PROBLEMS)], edition="2021"),
            Example(
                [("/sections/problems/text", _PROBLEMS.replace("下一年度", "新的一年"))],
                edition="2021",
            ),
        ),
        check=Custom("copied_text", series=True),
    ),
    Rule(
        code="T2-R2",
        family="cross-year",
        severity="warning",
        title={"zh": "现行有效件数存量与流量一致", "en": "Documents in force: stock and flow"},
        formula="in_force(N) == in_force(N-1) + issued(N) − repealed(N) (rules, normative_docs)",
        reference=f"{_SPEC} T2-R2",
        messages={
            "zh": "{location}：{year} 年度填报 {reported}，按上年现行有效 {previous} + 制发 {issued} − 废止 {repealed} 应为 {computed}",
            "en": "{location}: {reported} in {year}; {previous} in force the year before + "
            "{issued} issued − {repealed} repealed gives {computed}",
        },
        meaning={
            "zh": "现行有效件数等于上年现行有效件数加本年制发、减本年废止（自然失效除外）。",
            "en": "Documents in force = last year's + issued − repealed, unless documents "
            "expired without repeal.",
        },
        placeholders=(
            *_ARITH,
            "year",
            "previous_year",
            "previous",
            "issued",
            "repealed",
            "previous_pointer",
            "report_index",
            "previous_index",
        ),
        example=SeriesExample(
            Example([*_NO_CARRY, ("/t2/normative_docs/in_force", 10)], edition="2021"),
            Example(
                [("/t2/normative_docs/issued", 2), ("/t2/normative_docs/in_force", 11)],
                edition="2021",
            ),
        ),
        check=Custom("in_force_flow", series=True, needs=_IN_FORCE),
    ),
    Rule(
        code="T2_19-R2",
        family="cross-year",
        severity="warning",
        title={
            "zh": "上一年项目数量承接上年数据",
            "en": "Previous-year items continue last year's",
        },
        formula="items_prev_year(N+1) == items_prev_year(N) + items_delta(N)",
        reference=f"{_SPEC} T2_19-R2",
        messages={
            "zh": "{location}：{year} 年度填报 {reported}，按 {previous_year} 年度上一年项目数量加本年增/减应为 {computed}",
            "en": "{location}: {reported} in {year}; {previous_year}'s items plus its change "
            "give {computed}",
        },
        meaning={
            "zh": "下一年度的上一年项目数量等于本年度的上一年项目数量加本年增减。",
            "en": "Next year's previous-year items are this year's previous-year items plus "
            "this year's change.",
        },
        placeholders=(
            *_ARITH,
            "year",
            "previous_year",
            "previous_pointer",
            "report_index",
            "previous_index",
        ),
        example=SeriesExample(
            Example(
                [
                    *_NO_CARRY,
                    ("/t2/admin_licensing/items_prev_year", 40),
                    ("/t2/admin_licensing/items_delta", 3),
                ],
                edition="2019",
            ),
            Example([("/t2/admin_licensing/items_prev_year", 40)], edition="2019"),
        ),
        check=Custom(
            "items_flow", series=True, needs=(("t2", "admin_licensing", "items_prev_year"),)
        ),
    ),
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in CATALOGUE}

_LISTENERS: list[Callable[[], None]] = []


def on_change(fn: Callable[[], None]) -> Callable[[], None]:
    """Register ``fn`` to be called when :func:`extended` changes the catalogue (the
    engines forget what they compiled from it)."""
    _LISTENERS.append(fn)
    return fn


def _set(rules: tuple[Rule, ...]) -> None:
    global CATALOGUE
    CATALOGUE = rules
    RULES_BY_CODE.clear()
    RULES_BY_CODE.update((r.code, r) for r in rules)
    for fn in _LISTENERS:
        fn()


@contextmanager
def extended(*rules: Rule) -> Iterator[tuple[Rule, ...]]:
    """The catalogue with ``rules`` added at its end, for the duration of the ``with`` block.

    For trying a rule out (and for tests): the engines, the examples and the docs read the
    catalogue through this module, so the added rules are checked, documented and exemplified
    like the built-in ones. A rule meant to stay is written into ``CATALOGUE`` instead.
    """
    before = CATALOGUE
    clash = [r.code for r in rules if r.code in RULES_BY_CODE]
    if clash:
        raise ValueError(f"rule codes already in the catalogue: {', '.join(clash)}")
    _set((*before, *rules))
    try:
        yield CATALOGUE
    finally:
        _set(before)


@dataclass(frozen=True, slots=True)
class Identity:
    """One exact sum the catalogue declares: ``Σ right == left`` (row or column ids)."""

    code: str
    title: str
    """The rule's title in Chinese."""
    left: tuple[str, ...]
    right: tuple[str, ...]


def identities(edition: Edition | str, table_id: str, across: str) -> tuple[Identity, ...]:
    """The exact sums the catalogue declares for table ``table_id`` of ``edition``, over
    ``across`` (``"rows"``: each row's cells; ``"columns"``: each column's rows), for every
    row or column (relations limited by ``each`` are left out). Row groups are expanded to
    their rows, as the engines expand them; a reader of published tables can split digits
    by exactly the sums the checks hold a report to."""
    table = layout_for(edition).table(table_id)
    out: list[Identity] = []
    for rule in CATALOGUE:
        rel = rule.check
        if not (
            isinstance(rel, Relation)
            and rel.table == table_id
            and rel.across == across
            and rel.is_identity
            and not rel.each
            and rule.applies_to(edition)
        ):
            continue
        if across == "rows":
            left, right = tuple(rel.left), tuple(rel.right)
        else:
            left, right = expand_rows(table, rel.left), expand_rows(table, rel.right)
        out.append(Identity(rule.code, rule.title["zh"], left, right))
    return tuple(out)
