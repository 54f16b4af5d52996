"""Field metadata drawn from the layout, so that models never spell a label themselves."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from govdisclosure.editions import Edition, edition_spec
from govdisclosure.layout import LAYOUTS, SECTIONS, Column, Row, RowGroup

__all__ = [
    "column_field",
    "edition_field",
    "group_field",
    "row_field",
    "schema_field",
    "section_field",
    "table_field",
]


def _describe(label: str, extra: str) -> str:
    return f"{label} — {extra}" if extra else label


def _column(table: str, column: str, edition: Edition) -> Column:
    t = LAYOUTS[edition].table(table)
    for b in t.blocks:
        for c in b.columns:
            if c.id == column:
                return c
    raise KeyError((table, column))


def column_field(table: str, column: str, edition: Edition = Edition.REV_2021) -> Any:
    """A required, nullable value cell described by the layout's column."""
    c = _column(table, column, edition)
    extra: dict[str, Any] = {
        "x-govd-table": table,
        "x-govd-column": column,
        "x-govd-label": c.label,
        "x-govd-kind": c.kind,
    }
    if c.unit is not None:
        extra["x-govd-unit"] = c.unit
    if c.group is not None:
        extra["x-govd-group-label"] = c.group
    return Field(
        title=c.title_en,
        description=_describe(c.label, c.description_en),
        json_schema_extra=extra,
    )


def _row(table: str, row: str, edition: Edition) -> Row:
    return LAYOUTS[edition].table(table).row(row)


def row_field(table: str, row: str, edition: Edition = Edition.REV_2021) -> Any:
    """A required row object described by the layout's row."""
    r = _row(table, row, edition)
    extra: dict[str, Any] = {"x-govd-table": table, "x-govd-row": row, "x-govd-label": r.label}
    groups = [g.label for g in r.groups]
    if groups:
        extra["x-govd-group-labels"] = groups
    block = LAYOUTS[edition].table(table).block_of(row)
    if block.caption:
        extra["x-govd-block"] = block.id
        extra["x-govd-block-label"] = block.caption
    return Field(
        title=r.title_en,
        description=_describe(r.full_label, r.description_en),
        json_schema_extra=extra,
    )


def _group(table: str, group: str, edition: Edition) -> RowGroup:
    for r in LAYOUTS[edition].table(table).rows:
        for g in r.groups:
            if g.id == group:
                return g
    raise KeyError((table, group))


def group_field(table: str, group: str, edition: Edition = Edition.REV_2021) -> Any:
    """A required object holding the rows of a merged row group."""
    g = _group(table, group, edition)
    return Field(
        title=g.title_en,
        description=g.label,
        json_schema_extra={
            "x-govd-table": table,
            "x-govd-row-group": group,
            "x-govd-label": g.label,
        },
    )


def table_field(table: str, edition: Edition = Edition.REV_2021) -> Any:
    """A required table object."""
    t = LAYOUTS[edition].table(table)
    extra: dict[str, Any] = {"x-govd-table": table, "x-govd-label": t.title}
    if t.note:
        extra["x-govd-note"] = t.note
    return Field(title=t.title_en, description=t.title, json_schema_extra=extra)


def section_field(section: str) -> Any:
    """An optional narrative section; ``null`` when the report lacks the section."""
    s = next(s for s in SECTIONS if s.id == section)
    return Field(
        default=None,
        title=s.title_en,
        description=_describe(s.title, s.description_en),
        json_schema_extra={"x-govd-section": section, "x-govd-label": s.title},
    )


def schema_field(schema_id: str) -> Any:
    """A report's ``$schema`` member, defaulting to its edition's schema id."""
    return Field(
        default=schema_id,
        alias="$schema",
        title="Schema",
        description="The JSON Schema this document follows",
    )


def edition_field(edition: Edition) -> Any:
    """A report's ``edition`` member, described by the edition's declaration."""
    return Field(title="Edition", description=edition_spec(edition).label)
