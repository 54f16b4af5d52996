"""Identifiers of the published JSON Schemas.

A published ``$id`` is never changed in place: a change to a schema that is not backwards
compatible publishes it under a new :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from govdisclosure.editions import Edition

__all__ = [
    "BASE_URI",
    "COMBINED_SCHEMA_ID",
    "INDICATORS_ID",
    "RULES_ID",
    "SCHEMA_VERSION",
    "VALIDATION_REPORT_SCHEMA_ID",
    "schema_file",
    "schema_id",
]

SCHEMA_VERSION = "0.1"
BASE_URI = f"https://schemas.govdisclosure.org/{SCHEMA_VERSION}/"


def schema_file(edition: Edition | str | None) -> str:
    """File name of the schema of ``edition`` (``None``: the combined schema)."""
    if edition is None:
        return "report.schema.json"
    return f"report-{Edition(edition).value}.schema.json"


def schema_id(edition: Edition | str | None) -> str:
    """``$id`` of the schema of ``edition`` (``None``: the combined schema)."""
    return BASE_URI + schema_file(edition)


COMBINED_SCHEMA_ID = schema_id(None)
VALIDATION_REPORT_SCHEMA_ID = BASE_URI + "validation-report.schema.json"
RULES_ID = BASE_URI + "rules.json"
INDICATORS_ID = BASE_URI + "indicators.json"
