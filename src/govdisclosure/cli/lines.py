"""The schema of one line of ``--format jsonl`` (``validate``, ``check``, ``parse``).

Each line of a batch run with ``--format jsonl`` (``parse``: ``--findings-format jsonl``) is
one JSON object, the same object the ``--format json`` document lists for that file:

- ``check``: a validation report (``validation-report.schema.json``);
- ``validate``: a structure result (``source``, ``valid``, ``edition``, ``problems``, and
  ``notes`` when there are any);
- ``parse``: the parse findings and provenance of a file and the report file written, or the
  error that kept a file from being parsed or written;
- ``convert`` (several inputs): the files written for an input, or why it was not converted.

The schema is generated from this module into ``schemas/batch-line.schema.json``.
"""

from __future__ import annotations

from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.schema_ids import BASE_URI, SCHEMA_VERSION, VALIDATION_REPORT_SCHEMA_ID

__all__ = ["BATCH_LINE_FILE", "BATCH_LINE_SCHEMA_ID", "artefacts", "line_schema"]

BATCH_LINE_FILE = "batch-line.schema.json"
BATCH_LINE_SCHEMA_ID = BASE_URI + BATCH_LINE_FILE

_FINDING = {"$ref": VALIDATION_REPORT_SCHEMA_ID + "#/$defs/Finding"}
_SOURCE = {"type": ["string", "null"], "description": "the file as named ('<stdin>')"}
_EDITION = {"enum": [*(e.value for e in Edition), None]}


def _object(required: list[str], properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
        **more,
    }


def line_schema() -> dict[str, Any]:
    """The JSON Schema of one line of ``--format jsonl``."""
    problem = _object(
        ["code", "pointer", "message"],
        {
            "code": {"type": "string"},
            "pointer": {"type": "string", "description": "JSON Pointer ('' : the document)"},
            "message": {"type": "string"},
            "expected": {"type": "string"},
            "got": {},
            "line": {"type": "integer"},
            "column": {"type": "integer"},
        },
    )
    structure = _object(
        ["source", "valid", "edition", "problems"],
        {
            "source": _SOURCE,
            "valid": {"type": "boolean"},
            "edition": _EDITION,
            "problems": {"type": "array", "items": {"$ref": "#/$defs/Problem"}},
            "notes": {
                "type": "array",
                "items": {"$ref": "#/$defs/Problem"},
                "description": "what was read but is not written canonically (integer-form: "
                "an integer written 2.0 or 1e2); present only when there is one",
            },
        },
        description="validate: whether the file is a structurally valid report document",
    )
    location = {
        "type": "object",
        "required": ["where", "raw"],
        "properties": {
            "kind": {"type": "string"},
            "where": {"type": "string", "description": "the location, said in words"},
            "raw": {"type": ["string", "null"], "description": "the text read"},
            **{
                k: {"type": "integer"} for k in ("line", "column", "offset", "table", "row", "cell")
            },
            "sheet": {"type": "string"},
            "ref": {"type": "string"},
        },
        "additionalProperties": False,
    }
    parsed = _object(
        ["source", "edition", "findings", "provenance", "output"],
        {
            "source": _SOURCE,
            "edition": {"enum": [e.value for e in Edition]},
            "findings": {"type": "array", "items": _FINDING},
            "provenance": {
                "type": "object",
                "description": "JSON Pointer of every cell read → where it was read",
                "additionalProperties": {"$ref": "#/$defs/Location"},
            },
            "output": {
                "type": ["string", "null"],
                "description": "the report JSON file written (null: standard output)",
            },
        },
        description="parse: a file read into a report",
    )
    failed = _object(
        ["source", "error"],
        {
            "source": _SOURCE,
            "error": _object(
                ["code", "message"], {"code": {"type": "string"}, "message": {"type": "string"}}
            ),
        },
        description="parse: a file that could not be parsed, or whose report was not written",
    )
    converted = _object(
        ["ok", "source", "written", "notes"],
        {
            "ok": {"const": True},
            "source": _SOURCE,
            "written": {"type": "array", "items": {"type": "string"}},
            "notes": {"type": "array", "items": {"type": "string"}},
        },
        description="convert: a file converted, and the files written",
    )
    not_converted = _object(
        ["ok", "source", "error"],
        {
            "ok": {"const": False},
            "source": _SOURCE,
            "error": failed["properties"]["error"],
        },
        description="convert: a file that could not be read or written",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BATCH_LINE_SCHEMA_ID,
        "title": "govdisclosure batch output line (--format jsonl)",
        "description": (
            "One line of a batch command's JSON Lines output: one file's result, the same "
            "object that --format json lists (check: a validation report; validate: a "
            "structure result; parse: findings and provenance, or an error; convert: the files "
            "written, or an error)."
        ),
        "x-govd-schema-version": SCHEMA_VERSION,
        "oneOf": [
            {"$ref": VALIDATION_REPORT_SCHEMA_ID},
            {"$ref": "#/$defs/StructureResult"},
            {"$ref": "#/$defs/ParseResult"},
            {"$ref": "#/$defs/ParseFailure"},
            {"$ref": "#/$defs/Converted"},
            {"$ref": "#/$defs/NotConverted"},
        ],
        "$defs": {
            "StructureResult": structure,
            "Problem": problem,
            "ParseResult": parsed,
            "Location": location,
            "ParseFailure": failed,
            "Converted": converted,
            "NotConverted": not_converted,
        },
    }


def artefacts() -> dict[str, Any]:
    """Provider of :mod:`govdisclosure.schema`: file name → content."""
    return {BATCH_LINE_FILE: line_schema()}
