"""A report model derived from an edition's layout, for editions declared without one.

The official editions have hand-written models (typed attributes for their users); an edition
registered at run time (:func:`govdisclosure.editions.register_edition`) gets its model from its
layout: one object per table, nested row groups as objects (dotted row ids), one member per
column. A table or row group equal to an official edition's (same rows, labels and columns) is
that edition's class, and rows with the columns of table 三 or 四 are :class:`T3Row` /
:class:`T4Block`, so that code written for the official editions reads the new one too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, Strict, create_model

from govdisclosure.layout import (
    T3_COLUMNS,
    T4_COLUMNS,
    Block,
    Column,
    Row,
    Table,
)
from govdisclosure.models._core import (
    ReportBase,
    T3ResultsBase,
    T3Row,
    T3TableBase,
    T4Block,
)
from govdisclosure.models._meta import (
    column_field,
    edition_field,
    group_field,
    row_field,
    schema_field,
    table_field,
)
from govdisclosure.models._types import Amount, Count, SignedCount, StrictModel, schema_ref
from govdisclosure.schema_ids import schema_id

if TYPE_CHECKING:
    from govdisclosure.editions import Edition, EditionSpec

from govdisclosure.editions import edition_spec, official_editions

__all__ = ["report_model"]

_KINDS: dict[str, Any] = {"count": Count, "signed_count": SignedCount, "amount": Amount}
_UNIT_OPTIONS = Literal["元", "万元"]


def _rows_under(table: Table, group: str) -> tuple[tuple[Row, tuple[Column, ...]], ...]:
    """The rows of ``table`` under the dotted ``group`` ("" for all), each with its columns."""
    return tuple(
        (r, b.columns)
        for b in table.blocks
        for r in b.rows
        if not group or r.id.startswith(group + ".")
    )


def _official_part(table: Table, group: str) -> type[StrictModel] | None:
    """The model class an official edition has for the same rows (same ids, labels, groups and
    columns) of ``table`` under ``group`` ("": the whole table), if any: shared parts stay
    shared, and code written for that edition reads them."""
    for edition in official_editions():
        spec = edition_spec(edition)
        try:
            theirs = spec.get_layout().table(table.id)
        except KeyError:
            continue
        same = (
            theirs == table
            if not group
            else _rows_under(theirs, group) == _rows_under(table, group)
        )
        if not same:
            continue
        part: Any = spec.get_model()
        for name in (table.id, *(group.split(".") if group else ())):
            part = part.model_fields[name].annotation
        if isinstance(part, type) and issubclass(part, StrictModel):
            return part
    return None


def _group_label(table: Table, group: str) -> str:
    for row in table.rows:
        for g in row.groups:
            if g.id == group:
                return g.label
    return group


def _ident(text: str) -> str:
    """A class-name part from an id (``art20_5`` → ``Art205``, ``2099-a`` → ``2099A``)."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9A-Za-z]+", text) if p)


class _Builder:
    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.suffix = _ident(edition.value)
        self.rows: dict[tuple[str, str], type[StrictModel]] = {}

    def _column_member(self, table: str, column: Column) -> dict[str, Any]:
        out: dict[str, Any] = {
            column.id: (_KINDS[column.kind] | None, column_field(table, column.id, self.edition))
        }
        if column.kind == "amount" and column.unit is None:
            # The template names no unit: the unit the report prints is kept beside the value.
            out[f"{column.id}_unit"] = (
                _UNIT_OPTIONS | None,
                Field(
                    default=None,
                    title=f"Unit of {column.title_en[:1].lower()}{column.title_en[1:]}",
                    description="The unit printed in the report (null: the report states none)",
                ),
            )
        return out

    def row_model(self, table: Table, block: Block) -> type[StrictModel]:
        """The model of a row of ``block`` (shared when the columns are the shared ones)."""
        if block.columns == T3_COLUMNS:
            return T3Row
        if block.columns == T4_COLUMNS:
            return T4Block
        key = (table.id, block.id)
        if key not in self.rows:
            members: dict[str, Any] = {}
            for column in block.columns:
                members.update(self._column_member(table.id, column))
            name = f"{_ident(table.id)}{_ident(block.id)}Row{self.suffix}"
            self.rows[key] = create_model(
                name, __base__=StrictModel, __doc__=f"{block.title_en}.", **members
            )
        return self.rows[key]

    def node_model(self, table: Table, prefix: str, base: type[StrictModel]) -> type[StrictModel]:
        """The model of the rows of ``table`` under the dotted ``prefix`` ("" for the table)."""
        members: dict[str, Any] = {}
        depth = len(prefix.split(".")) if prefix else 0
        for block in table.blocks:
            for row in block.rows:
                if prefix and not row.id.startswith(prefix + "."):
                    continue
                key = row.path[depth]
                if key in members:
                    continue
                child = ".".join(row.path[: depth + 1])
                if child == row.id:
                    members[key] = (
                        self.row_model(table, block),
                        row_field(table.id, row.id, self.edition),
                    )
                else:
                    members[key] = (
                        self._group_model(table, child),
                        group_field(table.id, child, self.edition),
                    )
        name = f"{_ident(table.id)}{_ident(prefix) or 'Table'}{self.suffix}"
        doc = f"{_group_label(table, prefix) if prefix else table.title}."
        return create_model(name, __base__=base, __doc__=doc, **members)

    def _group_model(self, table: Table, group: str) -> type[StrictModel]:
        shared = _official_part(table, group)
        if shared is not None:
            return shared
        if table.id == "t3" and group == "results":
            return self.node_model(table, group, T3ResultsBase)
        return self.node_model(table, group, StrictModel)

    def table_model(self, table: Table) -> type[StrictModel]:
        shared = _official_part(table, "")
        if shared is not None:
            return shared
        return self.node_model(table, "", T3TableBase if table.id == "t3" else StrictModel)


def report_model(spec: EditionSpec) -> type[ReportBase]:
    """The report model of the edition ``spec`` declares, derived from its layout."""
    edition = spec.edition
    layout = spec.get_layout()
    builder = _Builder(edition)
    sid = schema_id(edition)
    check_id, id_schema = schema_ref(sid)
    members: dict[str, Any] = {
        "schema_": (Annotated[str, Strict(), check_id, id_schema], schema_field(sid)),
        "edition": (Literal[edition.value], edition_field(edition)),
    }
    for table in layout.tables:
        members[table.id] = (builder.table_model(table), table_field(table.id, edition))
    model: type[ReportBase] = create_model(
        f"Report{builder.suffix}",
        __base__=ReportBase,
        __doc__=spec.model_doc or f"A report following the {edition.value} template.",
        __module__=__name__,
        **members,
    )
    return model
