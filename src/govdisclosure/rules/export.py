"""The committed artefacts of the rules: the catalogue as data and the report's JSON Schema.

``rules.json`` lets integrators in other languages apply the same rules: every rule with its
code, family, severity, editions, reference and message templates, and, for arithmetic
relations, the relation both as declared and instantiated on the cells of each edition (JSON
Pointers). ``validation-report.schema.json`` describes what ``check --format json`` prints
per document (:meth:`ValidationReport.as_dict`).
"""

from __future__ import annotations

from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.findings import SEVERITIES
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules._compile import compiled
from govdisclosure.rules._model import (
    FAMILIES,
    BlankItems,
    BlankTotal,
    Custom,
    Relation,
    Rule,
)
from govdisclosure.schema_ids import RULES_ID, SCHEMA_VERSION, VALIDATION_REPORT_SCHEMA_ID

__all__ = ["RULES_FILE", "VALIDATION_REPORT_FILE", "artefacts", "catalogue_data", "report_schema"]

RULES_FILE = "rules.json"
VALIDATION_REPORT_FILE = "validation-report.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _check_data(rule: Rule) -> dict[str, Any]:
    check = rule.check
    if isinstance(check, Relation):
        out: dict[str, Any] = {
            "kind": "relation",
            "table": check.table,
            "left": list(check.left),
            "op": check.op,
            "right": list(check.right),
            "across": check.across,
        }
        if check.each:
            out["each"] = list(check.each)
        instances: dict[str, Any] = {}
        for ed in rule.editions:
            comp = compiled(ed)
            instances[ed.value] = [
                {
                    "left": [comp.refs[i].pointer for i in inst.left],
                    "op": inst.op,
                    "right": [comp.refs[i].pointer for i in inst.right],
                }
                for inst in comp.instances
                if inst.code == rule.code
            ]
        out["instances"] = instances
        out["evaluation"] = _relation_evaluation(rule)
        return out
    if isinstance(check, BlankTotal):
        return {"kind": "blank-total", "of": check.of, **_BLANK_TOTAL}
    if isinstance(check, BlankItems):
        return {"kind": "blank-items", "of": check.of, **_BLANK_ITEMS}
    assert isinstance(check, Custom)
    out = {"kind": "series" if check.series else "function", "key": check.key}
    described = _FUNCTION_IO.get(check.key)
    if described is not None:
        out.update(described)
    return out


# The variants of a relation, as data. A relation instance is evaluated with every blank
# (null) cell counted as 0; when it fails, the first outcome whose condition holds names the
# rule reported. Conditions: {"all": [...]} (every one holds), {"cells": SIDE, "count": N}
# (the side has N cells), {"blank": SIDE} (every cell of the side is null).
_SINGLE_LEFT = {"cells": "left", "count": 1}
_BLANK_TOTAL: dict[str, Any] = {
    "when": {"all": [_SINGLE_LEFT, {"blank": "left"}]},
    "reported": None,
    "computed": "sum(right)",
    "diff": None,
}
_BLANK_ITEMS: dict[str, Any] = {
    "when": {"all": [_SINGLE_LEFT, {"blank": "right"}]},
    "reported": "sum(left)",
    "computed": None,
    "diff": None,
}


def _relation_evaluation(rule: Rule) -> dict[str, Any]:
    outcomes: list[dict[str, Any]] = []
    for r in _catalogue.CATALOGUE:
        if isinstance(r.check, BlankTotal) and r.check.of == rule.code:
            outcomes.append({"code": r.code, **_BLANK_TOTAL})
    for r in _catalogue.CATALOGUE:
        if isinstance(r.check, BlankItems) and r.check.of == rule.code:
            outcomes.append({"code": r.code, **_BLANK_ITEMS})
    outcomes.append(
        {
            "code": rule.code,
            "when": True,
            "reported": "sum(left)",
            "computed": "sum(right)",
            "diff": "reported - computed",
        }
    )
    return {
        "blank_as": 0,
        "fails_when": "not (sum(left) op sum(right)), in exact decimal arithmetic",
        "on_failure": outcomes,
        "pointers": ["left", "right"],
    }


def _io(inputs: list[str], outputs: str, pointers: str) -> dict[str, Any]:
    return {"inputs": inputs, "fires_when": outputs, "pointers": pointers}


# What each function check reads (JSON Pointers; "*" stands for every member or item) and
# when it reports, for implementations that port it. The formula and meaning say the rest.
_FUNCTION_IO: dict[str, dict[str, Any]] = {
    "structure": _io(
        ["/"],
        "the document does not validate against the model and JSON Schema of its edition; "
        "a wrong value of a table 二/三/四 cell is reported by the table's rule (T2-R1, "
        "T2_19-R1, T3-R1, T4-R1), anything else by G-R0",
        "the member at fault",
    ),
    "blank_cells": _io(
        ["/t2/*/*", "/t3/**", "/t4/*/*"],
        "a row of tables 二, 三, 四 has one or more null cells; one finding per row",
        "the null cells of the row",
    ),
    "edition_year": _io(
        ["/edition", "/metadata/report_year", "/t3/results/other"],
        "the edition's template does not cover report_year (2019 template: report years up "
        "to 2020; 2021 template: 2021 onward)",
        "/edition, /t3/results/other",
    ),
    "sections": _io(
        ["/sections/*"],
        "a section of general, proactive, requests, review_litigation, problems, "
        "other_matters is null, or one that carries no table has blank text and no "
        "subsection with a title or text; one finding per section",
        "/sections/<id>",
    ),
    "extra_subtotals": _io(
        ["/extra_rows/*", "/t3/results/<group>/*/<column>"],
        "an extra row of t3 with subtotal_of = a row group has a cell value for a column "
        "that differs from the sum of the group's rows in that column (blank as 0)",
        "/extra_rows/<i>/cells/<j>/value, then the summed cells",
    ),
    "fee_notices": _io(
        ["/t3/results/other/fee_unpaid/total", "/sections/other_matters/fees"],
        "fee_unpaid.total is not null and > 0, and fee_notices_issued_count is null or "
        "smaller (reported: fee_unpaid.total, computed: the count)",
        "/t3/results/other/fee_unpaid/total, /sections/other_matters/fees/fee_notices_issued_count",
    ),
    "narrative_requests": _io(
        ["/sections/general", "/t3/new_received/total", "/t3/carried_over_in/total"],
        "the overview states 收到…申请 N 件/条 and N equals neither new_received.total nor "
        "new_received.total + carried_over_in.total (text matching: see the formula)",
        "/sections/general, /t3/new_received/total (one finding per differing statement; "
        "nothing when new_received.total is null)",
    ),
    "narrative_cases": _io(
        [
            "/sections/general",
            "/t4/review/*",
            "/t4/litigation_direct/*",
            "/t4/litigation_after_review/*",
        ],
        "the overview states a count of 行政复议 or 行政诉讼 cases (in total or by outcome) that "
        "equals neither the matching table 四 cell (litigation: direct + after review; either "
        "block alone accepted for a count other than 0) (text matching: see the formula)",
        "/sections/general, the table 四 cells compared (one finding per differing statement; "
        "params.matches quotes each statement with its offsets)",
    ),
    "narrative_documents": _io(
        ["/sections/general", "/t2/*"],
        "the overview states a count of 规章 or 规范性文件 issued, repealed or in force that "
        "differs from the matching table 二 cell (text matching: see the formula)",
        "/sections/general, the table 二 cell compared (one finding per differing statement)",
    ),
    "problems_substance": _io(
        ["/sections/problems"],
        "section 五 is only 无 / 暂无问题 / 没有明显问题, or has fewer than 15 characters "
        "(spaces and punctuation not counted)",
        "/sections/problems",
    ),
    "other_boilerplate": _io(
        ["/sections/other_matters"],
        "section 六 says only that there is nothing to report (无 / 暂无 / 无其他需要报告的事项) "
        "and states no fee figures",
        "/sections/other_matters",
    ),
    "copied_sections": _io(
        ["/sections/*"],
        "the text of a narrative section or sub-section (at least 40 characters, sentence-wrapping "
        "line breaks not counted) occurs word for word in another narrative section",
        "the copy, then the section it repeats",
    ),
    "year_in_text": _io(
        ["/metadata/report_year", "/sections/*"],
        "a narrative paragraph opens with, or a 至…年底 / …年度本机关 / …年全年 statement names, "
        "one of the three years before metadata.report_year",
        "the section holding the statement (params.matches quotes it)",
    ),
    "fee_figures": _io(
        [
            "/sections/other_matters",
            "/sections/other_matters/fees/fees_collected_yuan",
            "/sections/other_matters/fees/fee_notices_issued_count",
            "/t3/results/other/fee_unpaid/total",
        ],
        "section 六 states fees collected or fee notices issued (未收取 / 未发出 = 0) that differ "
        "from the fees figures, or says no notice was issued while table 三 closed requests for "
        "unpaid fees",
        "/sections/other_matters and the figure compared",
    ),
    "fee_statement": _io(
        ["/sections/other_matters"],
        "section 六 neither mentions 信息处理费 or 收费 nor states the fee figures",
        "/sections/other_matters",
    ),
    "oversight": _io(
        ["/metadata/body/kind", "/sections/general"],
        "body.kind is people_government and the overview lacks one of 工作考核, 社会评议, 责任追究",
        "/sections/general",
    ),
    "statistics_period": _io(
        ["/metadata/statistics_period", "/metadata/report_year"],
        "the period is stated and is not 1 January to 31 December of report_year",
        "/metadata/statistics_period",
    ),
    "publication_date": _io(
        [
            "/metadata/publication_date",
            "/metadata/issued_date",
            "/metadata/report_year",
            "/metadata/body/kind",
        ],
        "the date (publication_date, else issued_date) is before 1 January of report_year + "
        "1 or after the deadline (31 March for a people_government, 31 January otherwise)",
        "/metadata/publication_date or /metadata/issued_date",
    ),
    "rule_making": _io(
        ["/t2/rules/*", "/metadata/body/level"],
        "body.level is county or township and a cell of /t2/rules is not null and ≠ 0; one "
        "finding per cell (reported: its value)",
        "the cell",
    ),
    "fee_unit": _io(
        ["/t2/admin_fees/amount_10k_yuan"],
        "amount_10k_yuan is not null and >= 100000 (reported: its value)",
        "/t2/admin_fees/amount_10k_yuan",
    ),
    "procurement_unit": _io(
        [
            "/t2/central_procurement/procurement_amount",
            "/t2/central_procurement/procurement_amount_unit",
        ],
        "procurement_amount is not null and ≠ 0 while procurement_amount_unit is null",
        "/t2/central_procurement/procurement_amount, "
        "/t2/central_procurement/procurement_amount_unit",
    ),
    "carry_over": _io(
        [
            "/metadata/body/name",
            "/metadata/report_year",
            "/t3/carried_over_in/*",
            "/t3/carried_over_out/*",
        ],
        "two reports of one body for consecutive years: carried_over_in[c] of the later "
        "differs from carried_over_out[c] of the earlier",
        "the later report's cell, then previous_pointer in the earlier",
    ),
    "copied_text": _io(
        ["/metadata/body/name", "/metadata/report_year", "/sections/general", "/sections/problems"],
        "consecutive years of one body: a section of >= 50 characters is >= 90 % similar",
        "/sections/<id> of the later report",
    ),
    "in_force_flow": _io(
        ["/metadata/body/name", "/metadata/report_year", "/t2/rules", "/t2/normative_docs"],
        "consecutive years of one body: in_force(N) != in_force(N-1) + issued(N) - repealed(N)",
        "the later report's in_force cell",
    ),
    "items_flow": _io(
        [
            "/metadata/body/name",
            "/metadata/report_year",
            "/t2/*/items_prev_year",
            "/t2/*/items_delta",
        ],
        "consecutive years of one body: items_prev_year(N+1) != items_prev_year(N) + "
        "items_delta(N)",
        "the later report's items_prev_year cell",
    ),
}


def catalogue_data() -> dict[str, Any]:
    """The catalogue as JSON-compatible data (the content of ``schemas/rules.json``)."""
    return {
        "$id": RULES_ID,
        "x-govd-schema-version": SCHEMA_VERSION,
        "title": "govdisclosure consistency rules",
        "description": (
            "Every consistency rule of govdisclosure. Relations are exact: blank cells (null) "
            "count as 0, a blank single left-hand cell beside a different sum is reported by "
            "the rule whose check is the matching blank-total, and a stated single left-hand "
            "cell whose right-hand cells are all blank (their sum is unknown, not 0) by the "
            "rule whose check is the matching blank-items. Messages are str.format templates "
            "with named placeholders. Each relation's check.evaluation says this as data: "
            "blank_as, then on_failure, the outcomes in order (the first whose 'when' holds "
            "names the rule reported, with reported/computed as stated). A function rule "
            "states its inputs (JSON Pointers), when it fires and its pointers. "
            "Generated; do not edit."
        ),
        "families": list(FAMILIES),
        "severities": list(SEVERITIES),
        "editions": [e.value for e in Edition],
        "rules": [
            {
                "code": r.code,
                "family": r.family,
                "severity": r.severity,
                "editions": [e.value for e in r.editions],
                "title": dict(r.title),
                "meaning": dict(r.meaning),
                "formula": r.formula,
                "reference": r.reference,
                "messages": dict(r.messages),
                "placeholders": list(r.placeholders),
                "check": _check_data(r),
            }
            for r in _catalogue.CATALOGUE
        ],
    }


_NUMBER = {"type": ["integer", "string", "null"], "description": "decimals as strings"}


def report_schema() -> dict[str, Any]:
    """JSON Schema of one validation report (``ValidationReport.as_dict()``)."""
    finding = {
        "type": "object",
        "required": ["code", "severity", "message", "pointers", "params"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "description": "Rule code (see rules.json)"},
            "severity": {"enum": list(SEVERITIES)},
            "message": {"type": "string", "description": "Rendered message"},
            "pointers": {
                "type": "array",
                "items": {"type": "string"},
                "description": "JSON Pointers of every cell involved; the first is the main one",
            },
            "params": {"type": "object", "description": "Values the message was rendered from"},
            "reported": _NUMBER,
            "computed": _NUMBER,
            "source_location": {"type": "string"},
        },
    }
    return {
        "$schema": _DRAFT,
        "$id": VALIDATION_REPORT_SCHEMA_ID,
        "title": "govdisclosure validation report",
        "description": "The outcome of checking one report document (govdisclosure check).",
        "x-govd-schema-version": SCHEMA_VERSION,
        "type": "object",
        "required": [
            "source",
            "valid",
            "readable",
            "edition",
            "schema",
            "version",
            "counts",
            "rules_evaluated",
            "findings",
        ],
        "additionalProperties": False,
        "properties": {
            "source": {"type": ["string", "null"]},
            "valid": {"type": "boolean"},
            "readable": {"type": "boolean"},
            "edition": {"enum": [*(e.value for e in Edition), None]},
            "schema": {"type": ["string", "null"], "description": "$id of the report schema"},
            "version": {"type": "string", "description": "govdisclosure package version"},
            "counts": {
                "type": "object",
                "required": list(SEVERITIES),
                "additionalProperties": False,
                "properties": {s: {"type": "integer", "minimum": 0} for s in SEVERITIES},
            },
            "rules_evaluated": {"type": "array", "items": {"type": "string"}},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
            "input_error": {
                "type": "string",
                "description": "Why the input could not be read at all (then readable is "
                "false and there is no finding)",
            },
        },
        "$defs": {"Finding": finding},
    }


def artefacts() -> dict[str, Any]:
    """Provider of :mod:`govdisclosure.schema`: file name → content."""
    return {RULES_FILE: catalogue_data(), VALIDATION_REPORT_FILE: report_schema()}
