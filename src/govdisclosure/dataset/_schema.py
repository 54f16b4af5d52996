"""The tables of a dataset, column by column: one description serves every format.

Each column has one logical type; the Arrow type (Parquet), the DuckDB type, the CSV
rendering and the Table Schema type of ``datapackage.json`` are all derived from it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "AMOUNT_PRECISION",
    "AMOUNT_SCALE",
    "PARTITION",
    "TABLES",
    "TABLE_NAMES",
    "TABLE_SCHEMA_TYPES",
    "ColumnSpec",
    "Kind",
    "TableSpec",
    "arrow_schema",
    "duckdb_type",
    "table_schema",
]

AMOUNT_PRECISION = 38
AMOUNT_SCALE = 6
"""Amounts are stored as ``decimal128(38, 6)``: exact to a millionth, which is one fen (0.01
元) of an amount in 万元; an amount with more decimal places is refused, never rounded."""

PARTITION = "report_year"
"""The column every table is partitioned by (Hive-style directories in Parquet)."""

Kind = Literal["string", "int32", "int64", "decimal", "bool", "date", "string_list", "subsections"]


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of a dataset table."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    """Never null."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table of the dataset."""

    name: str
    title: str
    description: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: Kind, description: str, required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, kind, description, required)


_REPORT_ID = _c(
    "report_id",
    "string",
    "Stable id of the report: the first 16 hex digits of SHA-256 over the source name and the "
    "content's SHA-256 (the same input at the same place always gets the same id)",
    True,
)
_YEAR = _c(PARTITION, "int32", "报告年度: the year the report covers (partition key)", True)

REPORTS = TableSpec(
    "reports",
    "Reports",
    "One row per report: who issued it, for which year, where it came from, what the checks found.",
    (
        _REPORT_ID,
        _YEAR,
        _c("edition", "string", "Template edition: 2019 (trial) or 2021 (revised)", True),
        _c("source", "string", "The input the report was read from (file name as given)"),
        _c("sha256", "string", "SHA-256 of the input's bytes (hex)", True),
        _c(
            "input_format",
            "string",
            "How the input was read: json (report document), or the published format parsed "
            "(text, html, markdown, docx, xlsx), or model (a report object given to the API)",
            True,
        ),
        _c("body_name", "string", "发布机关名称: the issuing body", True),
        _c("body_level", "string", "行政层级: national, provincial, prefectural, county, township"),
        _c(
            "body_kind",
            "string",
            "机关类型: people_government, government_office, department, other",
        ),
        _c("region_code", "string", "行政区划代码"),
        _c("credit_code", "string", "统一社会信用代码"),
        _c("title", "string", "报告标题 as published"),
        _c("document_number", "string", "文号"),
        _c("issued_date", "date", "成文日期"),
        _c("publication_date", "date", "发布日期"),
        _c("period_start", "date", "统计期限起"),
        _c("period_end", "date", "统计期限止"),
        _c("url", "string", "发布网址"),
        _c("valid", "bool", "No finding of severity error", True),
        _c("errors", "int64", "Number of findings of severity error", True),
        _c("warnings", "int64", "Number of findings of severity warning", True),
        _c("infos", "int64", "Number of findings of severity info", True),
        _c("cells", "int64", "Number of statistical cells of the edition", True),
        _c("blank_cells", "int64", "Number of blank (not stated) statistical cells", True),
        _c("extra_rows", "int64", "Rows the published report adds to the template", True),
        _c("fee_notices_issued_count", "int64", "信息处理费: 发出收费通知的件数"),
        _c("fee_notices_amount_yuan", "decimal", "信息处理费: 收费通知总金额（元）"),
        _c("fees_collected_yuan", "decimal", "信息处理费: 实际收取的总金额（元）"),
    ),
    ("report_id",),
)

CELLS = TableSpec(
    "cells",
    "Cells",
    "One row per statistical cell of every report, by its public cell id (table, row, column).",
    (
        _REPORT_ID,
        _YEAR,
        _c("edition", "string", "Template edition of the report", True),
        _c("position", "int32", "Position of the cell in official order (0-based)", True),
        _c("table", "string", "Table id (t2, t3, t4)", True),
        _c("row", "string", "Row id (dotted), unique within the table", True),
        _c("column", "string", "Column id", True),
        _c(
            "cell",
            "string",
            "The cell id dotted in one word, e.g. t3.results.total.natural_person (table and "
            "column are SQL keywords: this column needs no quoting)",
            True,
        ),
        _c("pointer", "string", "JSON Pointer of the cell in the report document", True),
        _c(
            "kind",
            "string",
            "count (integer >= 0), signed_count (integer) or amount (exact decimal)",
            True,
        ),
        _c("unit", "string", "Unit of the value (件, 项, 万元, 元); null when none is stated"),
        _c("count", "int64", "The value of a count cell; null when blank or an amount"),
        _c(
            "amount",
            "decimal",
            f"The value of an amount cell, exact (decimal({AMOUNT_PRECISION},{AMOUNT_SCALE})); "
            "null when blank or a count",
        ),
        _c("blank", "bool", "The report left the cell blank (not the same as 0)", True),
        _c("source_location", "string", "Parsed reports: where in the source the value was read"),
        _c("raw", "string", "Parsed reports: the cell text as published"),
    ),
    ("report_id", "position"),
)

FINDINGS = TableSpec(
    "findings",
    "Findings",
    "One row per finding of the parser (P- codes) or the consistency rules about a report.",
    (
        _REPORT_ID,
        _YEAR,
        _c("seq", "int32", "Order of the finding within its report (0-based)", True),
        _c("code", "string", "Stable code of the rule or parse check", True),
        _c("severity", "string", "error, warning or info", True),
        _c("origin", "string", "parse (read from a published report) or rules", True),
        _c("pointer", "string", "JSON Pointer of the main cell or member involved"),
        _c("pointers", "string_list", "JSON Pointers of every cell or member involved", True),
        _c("message_zh", "string", "Message in Chinese", True),
        _c("message_en", "string", "Message in English", True),
        _c("source_location", "string", "Parse findings: where in the source"),
    ),
    ("report_id", "seq"),
)

SECTIONS = TableSpec(
    "sections",
    "Sections",
    "One row per narrative section a report has (the preamble, then sections 一 to 六).",
    (
        _REPORT_ID,
        _YEAR,
        _c("position", "int32", "Order of the section within its report (0: preamble)", True),
        _c("section", "string", "Section id (preamble, general, proactive, …)", True),
        _c("number", "string", "Section number (一 … 六); null for the preamble"),
        _c("title", "string", "The section title as published"),
        _c("text", "string", "The text before the first sub-heading (empty: none; null in CSV)"),
        _c(
            "subsections",
            "subsections",
            "Sub-headings in order: title, text and topic (the 总体情况 topic it covers, if any)",
            True,
        ),
        _c("full_text", "string", "The whole section: text, then each sub-heading and its text"),
    ),
    ("report_id", "position"),
)

INDICATORS = TableSpec(
    "indicators",
    "Indicators",
    "One row per indicator of the registry (govdisclosure.analysis, schemas/indicators.json) "
    "on every report, computed exactly from the report's own cells; an indicator that needs "
    "the previous year's report has no value here (reason no_previous_report).",
    (
        _REPORT_ID,
        _YEAR,
        _c("position", "int32", "Order of the indicator in the registry (0-based)", True),
        _c("indicator", "string", "Indicator id, e.g. disclosure_rate", True),
        _c("numerator", "decimal", "The numerator's value (null: blank)"),
        _c("denominator", "decimal", "The denominator's value (null: blank)"),
        _c(
            "percent",
            "decimal",
            "The value in per cent, rounded half-up to 4 decimal places (null: no value)",
        ),
        _c("value", "string", "The exact value as a fraction p/q (null: no value)"),
        _c(
            "reason",
            "string",
            "Why there is no value: blank_denominator, zero_denominator, blank_numerator, "
            "below_minimum, no_previous_report (null: there is one)",
        ),
        _c("blank_cells", "string_list", "Cells of the formula the report left blank", True),
    ),
    ("report_id", "position"),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (REPORTS, CELLS, FINDINGS, SECTIONS, INDICATORS)}
"""The tables, by name."""
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


def _arrow_type(kind: Kind) -> Any:
    import pyarrow as pa

    simple = {
        "string": pa.string(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "decimal": pa.decimal128(AMOUNT_PRECISION, AMOUNT_SCALE),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "string_list": pa.list_(pa.string()),
    }
    if kind in simple:
        return simple[kind]
    return pa.list_(
        pa.struct(
            [
                pa.field("title", pa.string(), nullable=False),
                pa.field("text", pa.string(), nullable=False),
                pa.field("topic", pa.string()),
            ]
        )
    )


def arrow_schema(table: str, *, partitioned: bool = False) -> Any:
    """The Arrow schema of ``table`` (without the partition column when ``partitioned``)."""
    import pyarrow as pa

    spec = TABLES[table]
    return pa.schema(
        [
            pa.field(c.name, _arrow_type(c.kind), nullable=not c.required)
            for c in spec.columns
            if not (partitioned and c.name == PARTITION)
        ],
        metadata={"description": spec.description},
    )


def duckdb_type(kind: Kind) -> str:
    """The DuckDB type of a column kind."""
    return {
        "string": "VARCHAR",
        "int32": "INTEGER",
        "int64": "BIGINT",
        "decimal": f"DECIMAL({AMOUNT_PRECISION},{AMOUNT_SCALE})",
        "bool": "BOOLEAN",
        "date": "DATE",
        "string_list": "VARCHAR[]",
        "subsections": "STRUCT(title VARCHAR, text VARCHAR, topic VARCHAR)[]",
    }[kind]


TABLE_SCHEMA_TYPES: dict[str, str] = {
    "string": "string",
    "int32": "integer",
    "int64": "integer",
    "decimal": "number",
    "bool": "boolean",
    "date": "date",
    "string_list": "array",
    "subsections": "array",
}


def table_schema(table: str) -> dict[str, Any]:
    """The frictionless Table Schema of ``table`` as written in CSV."""
    spec = TABLES[table]
    fields: list[dict[str, Any]] = []
    for c in spec.columns:
        f: dict[str, Any] = {
            "name": c.name,
            "type": TABLE_SCHEMA_TYPES[c.kind],
            "description": c.description,
        }
        if c.required:
            f["constraints"] = {"required": True}
        if c.kind == "bool":
            f["trueValues"] = ["true"]
            f["falseValues"] = ["false"]
        if c.kind in ("string_list", "subsections"):
            f["description"] += " (a JSON array in CSV)"
        fields.append(f)
    schema: dict[str, Any] = {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
    if table != "reports":
        schema["foreignKeys"] = [
            {"fields": "report_id", "reference": {"resource": "reports", "fields": "report_id"}}
        ]
    return schema
