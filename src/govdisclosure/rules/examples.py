"""A small report that checks clean, and for every rule a change to it that fires the rule.

The documentation pages show these examples with the findings the engine actually returns,
so the docs cannot drift from the rules. Each example is a list of ``(JSON Pointer, value)``
changes applied to :func:`base_document` (a value of :data:`DELETE` removes the member).
"""

from __future__ import annotations

import copy
from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.layout import SECTIONS, layout_for

__all__ = ["DELETE", "EXAMPLES", "SERIES_EXAMPLES", "apply", "base_document"]

DELETE = object()
"""Marker: remove the member at the pointer."""

Change = tuple[str, Any]


def base_document(
    edition: Edition | str = Edition.REV_2021, year: int | None = None
) -> dict[str, Any]:
    """A small consistent report document of ``edition``: every rule passes on it."""
    ed = Edition(edition)
    year = year or ed.spec.first_year
    doc: dict[str, Any] = {
        "edition": ed.value,
        "metadata": {
            "body": {"name": "示例市示例局", "level": "prefectural", "kind": "department"},
            "report_year": year,
            "publication_date": f"{year + 1}-01-20",
            "statistics_period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        },
        "sections": {},
        "t2": {},
        "t3": {},
        "t4": {},
    }
    texts = {
        "general": f"{year}年，本局共收到政府信息公开申请5件。",
        "problems": "主要问题是公开内容还不够全面，下一步将加以改进。",
        "other_matters": "本年度未收取信息处理费。",
    }
    for s in SECTIONS:
        doc["sections"][s.id] = {"title": s.title, "text": texts.get(s.id, ""), "subsections": []}
    values = {
        ("new_received", "natural_person"): 5,
        ("new_received", "total"): 5,
        ("results.granted", "natural_person"): 3,
        ("results.granted", "total"): 3,
        ("results.total", "natural_person"): 3,
        ("results.total", "total"): 3,
        ("carried_over_out", "natural_person"): 2,
        ("carried_over_out", "total"): 2,
    }
    for ref in layout_for(ed).cells:
        obj = doc[ref.table.id]
        for name in ref.row.path:
            obj = obj.setdefault(name, {})
        value = values.get((ref.row.id, ref.column.id), 0) if ref.table.id == "t3" else 0
        obj[ref.column.id] = value
    return doc


def apply(doc: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """A copy of ``doc`` with ``changes`` applied (members created as needed)."""
    out = copy.deepcopy(doc)
    for pointer, value in changes:
        parts = pointer.lstrip("/").split("/")
        obj: Any = out
        for name in parts[:-1]:
            obj = obj[int(name)] if isinstance(obj, list) else obj.setdefault(name, {})
        last = parts[-1]
        if value is DELETE:
            del obj[last]
        elif isinstance(obj, list):
            obj[int(last)] = value
        else:
            obj[last] = value
    return out


_R21, _R19 = Edition.REV_2021, Edition.TRIAL_2019


def _blank_cells(table: str, row_prefix: str, *, totals: bool) -> list[Change]:
    """Changes that blank the cells of ``table`` (2021 layout) in the rows whose id starts
    with ``row_prefix``: only the 总计 column if ``totals``, else every other column."""
    return [
        (ref.pointer, None)
        for ref in layout_for(_R21).table(table).cells()
        if ref.row.id.startswith(row_prefix) and (ref.column.id == "total") == totals
    ]


# Every outcome row of table 三 (not （七）总计 itself) in the 总计 column, as Shanghai 2019.
_OUTCOME_TOTALS = [
    c for c in _blank_cells("t3", "results.", totals=True) if c[0] != "/t3/results/total/total"
]

EXAMPLES: dict[str, tuple[Edition, list[Change]]] = {
    "G-R0": (_R21, [("/metadata/report_year", "2021")]),
    "T3-R1": (_R21, [("/t3/results/withheld/state_secret/natural_person", -1)]),
    "T4-R1": (_R21, [("/t4/review/upheld", -1)]),
    "T2-R1": (_R21, [("/t2/admin_fees/amount_10k_yuan", -5)]),
    "T2_19-R1": (
        _R19,
        [("/t2/admin_licensing/items_prev_year", 3), ("/t2/admin_licensing/items_delta", -5)],
    ),
    "G-R8": (_R21, [("/t3/new_received/research_institution", None)]),
    "T3-R10": (
        _R19,
        [
            ("/metadata/report_year", 2022),
            ("/metadata/publication_date", "2023-01-20"),
            ("/metadata/statistics_period", {"start": "2022-01-01", "end": "2022-12-31"}),
        ],
    ),
    "G-R2": (_R21, [("/sections/problems", None)]),
    "T3-R2": (_R21, [("/t3/results/granted/total", 4)]),
    "T3-R2B": (_R21, [("/t3/results/granted/total", None)]),
    "T3-R2C": (_R21, _blank_cells("t3", "results.granted", totals=False)),
    "T3-R3": (_R21, [("/t3/results/total/natural_person", 4)]),
    "T3-R3B": (_R21, [("/t3/results/total/total", None)]),
    "T3-R3C": (_R21, _OUTCOME_TOTALS),
    "T3-R4": (
        _R21,
        [("/t3/carried_over_out/natural_person", 3), ("/t3/carried_over_out/total", 3)],
    ),
    "T3-R6": (
        _R21,
        [("/t3/carried_over_out/natural_person", 6), ("/t3/carried_over_out/total", 6)],
    ),
    "T3-R5": (
        _R21,
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
    ),
    "T4-R2": (_R21, [("/t4/review/upheld", 2)]),
    "T4-R2B": (_R21, [("/t4/review/upheld", 2), ("/t4/review/total", None)]),
    "T4-R2C": (_R21, [*_blank_cells("t4", "review", totals=False), ("/t4/review/total", 2)]),
    "T2-R3": (_R21, [("/t2/normative_docs/issued", 3), ("/t2/normative_docs/in_force", 1)]),
    "T2_19-R3": (
        _R19,
        [("/t2/normative_docs/new_published", 3), ("/t2/normative_docs/published_total", 2)],
    ),
    "T3-R8": (
        _R21,
        [
            ("/t3/results/granted/natural_person", 2),
            ("/t3/results/granted/total", 2),
            ("/t3/results/other/fee_unpaid/natural_person", 1),
            ("/t3/results/other/fee_unpaid/total", 1),
        ],
    ),
    "T3-R9": (_R21, [("/sections/general/text", "2021年，本局共收到政府信息公开申请7件。")]),
    "G-R5": (_R21, [("/sections/other_matters/text", "无其他需要报告的事项。")]),
    # Real wording (Pingtan 2022), with table 四 left at 0.
    "G-R9": (
        _R21,
        [
            (
                "/sections/general/text",
                "2021年，本局共收到政府信息公开申请5件。"
                "全年政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
            )
        ],
    ),
    # Real wording (Shanghai 2025), with table 二 left at 0.
    "G-R10": (
        _R21,
        [
            (
                "/sections/general/text",
                "2021年，本局共收到政府信息公开申请5件。全年主动公开规章 22 件、"
                "行政规范性文件 34 件。",
            )
        ],
    ),
    "G-R11": (_R21, [("/sections/problems/text", "暂无问题。")]),
    # Real wording (the seed report), against a fee figure that says otherwise.
    "G-R15": (
        _R21,
        [
            ("/sections/other_matters/text", "我办 2021 年度未向任何机构和个人收取信息处理费。"),
            ("/sections/other_matters/fees", {"fees_collected_yuan": 120}),
        ],
    ),
    # Real wording (Pingtan 2019 and 2020).
    "G-R12": (_R21, [("/sections/other_matters/text", "无其他需要报告的事项")]),
    "G-R13": (
        _R21,
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
    ),
    "G-R6": (
        _R21,
        [
            ("/metadata/body/kind", "people_government"),
            ("/metadata/publication_date", "2022-03-20"),
        ],
    ),
    "G-R3": (_R21, [("/metadata/statistics_period", {"start": "2020-01-01", "end": "2020-12-31"})]),
    "G-R4": (_R21, [("/metadata/publication_date", "2022-03-15")]),
    "G-R14": (
        _R21,
        [("/sections/other_matters/text", "2020年，无收取信息处理费情况。")],
    ),
    "T2-R4": (
        _R21,
        [
            ("/metadata/body/level", "county"),
            ("/t2/rules/issued", 1),
            ("/t2/rules/in_force", 1),
        ],
    ),
    "T2-R5": (_R21, [("/t2/admin_fees/amount_10k_yuan", 250000)]),
    "T2_19-R4": (_R19, [("/t2/central_procurement/procurement_amount", 184719)]),
}
"""For each single-report rule: the edition of the base document and the changes that fire it."""

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

SERIES_EXAMPLES: dict[str, tuple[Edition, list[Change], Edition, list[Change]]] = {
    "T3-R7": (
        _R21,
        [],
        _R21,
        [
            ("/t3/carried_over_in/natural_person", 1),
            ("/t3/carried_over_in/total", 1),
            ("/t3/results/granted/natural_person", 4),
            ("/t3/results/granted/total", 4),
            ("/t3/results/total/natural_person", 4),
            ("/t3/results/total/total", 4),
        ],
    ),
    "G-R7": (
        _R21,
        [("/sections/problems/text", _PROBLEMS)],
        _R21,
        [("/sections/problems/text", _PROBLEMS.replace("下一年度", "新的一年"))],
    ),
    "T2-R2": (
        _R21,
        [*_NO_CARRY, ("/t2/normative_docs/in_force", 10)],
        _R21,
        [("/t2/normative_docs/issued", 2), ("/t2/normative_docs/in_force", 11)],
    ),
    "T2_19-R2": (
        _R19,
        [
            *_NO_CARRY,
            ("/t2/admin_licensing/items_prev_year", 40),
            ("/t2/admin_licensing/items_delta", 3),
        ],
        _R19,
        [("/t2/admin_licensing/items_prev_year", 40)],
    ),
}
"""For each cross-year rule: (edition, changes) of year N, then of year N+1."""
