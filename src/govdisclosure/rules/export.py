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
from govdisclosure.rules._compile import compiled
from govdisclosure.rules._model import (
    FAMILIES,
    BlankItems,
    BlankTotal,
    Custom,
    Relation,
    Rule,
)
from govdisclosure.rules.catalogue import CATALOGUE
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
        return out
    if isinstance(check, BlankTotal):
        return {"kind": "blank-total", "of": check.of}
    if isinstance(check, BlankItems):
        return {"kind": "blank-items", "of": check.of}
    assert isinstance(check, Custom)
    return {"kind": "series" if check.series else "function", "key": check.key}


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
            "with named placeholders. Generated; do not edit."
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
            for r in CATALOGUE
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
        },
        "$defs": {"Finding": finding},
    }


def artefacts() -> dict[str, Any]:
    """Provider of :mod:`govdisclosure.schema`: file name → content."""
    return {RULES_FILE: catalogue_data(), VALIDATION_REPORT_FILE: report_schema()}
