"""Models of the 2021 revised template (国办公开办函〔2021〕30号), report years 2021 onward."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict

from govdisclosure.editions import Edition
from govdisclosure.models._core import (
    ExtraRows,
    Metadata,
    Sections,
    T3NotProcessed,
    T3Row,
    T3Unable,
    T3Withheld,
    T4Table,
)
from govdisclosure.models._meta import column_field, group_field, row_field, table_field
from govdisclosure.models._types import Amount, Count, StrictModel, schema_ref
from govdisclosure.schema_ids import schema_id

__all__ = [
    "SCHEMA_ID",
    "Report2021",
    "T2DecisionRow",
    "T2DocumentRow",
    "T2FeeRow",
    "T2Table2021",
    "T3Other2021",
    "T3Results2021",
    "T3Table2021",
]

_E = Edition.REV_2021
SCHEMA_ID = schema_id(_E)
_CHECK_ID, _ID_SCHEMA = schema_ref(SCHEMA_ID)


class T2DocumentRow(StrictModel):
    """第二十条第（一）项 row (2021): documents issued, repealed, in force."""

    issued: Count | None = column_field("t2", "issued", _E)
    repealed: Count | None = column_field("t2", "repealed", _E)
    in_force: Count | None = column_field("t2", "in_force", _E)


class T2DecisionRow(StrictModel):
    """第二十条第（五）/（六）项 row (2021): decisions this year."""

    decisions: Count | None = column_field("t2", "decisions", _E)


class T2FeeRow(StrictModel):
    """第二十条第（八）项 row (2021): fees collected, in 万元."""

    amount_10k_yuan: Amount | None = column_field("t2", "amount_10k_yuan", _E)


class T2Table2021(StrictModel):
    """二、主动公开政府信息情况 (2021 template)."""

    rules: T2DocumentRow = row_field("t2", "rules", _E)
    normative_docs: T2DocumentRow = row_field("t2", "normative_docs", _E)
    admin_licensing: T2DecisionRow = row_field("t2", "admin_licensing", _E)
    admin_penalty: T2DecisionRow = row_field("t2", "admin_penalty", _E)
    admin_coercion: T2DecisionRow = row_field("t2", "admin_coercion", _E)
    admin_fees: T2FeeRow = row_field("t2", "admin_fees", _E)


class T3Other2021(StrictModel):
    """（六）其他处理 (2021): three sub-rows."""

    no_correction: T3Row = row_field("t3", "results.other.no_correction", _E)
    fee_unpaid: T3Row = row_field("t3", "results.other.fee_unpaid", _E)
    other: T3Row = row_field("t3", "results.other.other", _E)


class T3Results2021(StrictModel):
    """三、本年度办理结果 (2021)."""

    granted: T3Row = row_field("t3", "results.granted", _E)
    partially_granted: T3Row = row_field("t3", "results.partially_granted", _E)
    withheld: T3Withheld = group_field("t3", "results.withheld", _E)
    unable: T3Unable = group_field("t3", "results.unable", _E)
    not_processed: T3NotProcessed = group_field("t3", "results.not_processed", _E)
    other: T3Other2021 = group_field("t3", "results.other", _E)
    total: T3Row = row_field("t3", "results.total", _E)


class T3Table2021(StrictModel):
    """三、收到和处理政府信息公开申请情况 (2021)."""

    new_received: T3Row = row_field("t3", "new_received", _E)
    carried_over_in: T3Row = row_field("t3", "carried_over_in", _E)
    results: T3Results2021 = group_field("t3", "results", _E)
    carried_over_out: T3Row = row_field("t3", "carried_over_out", _E)


class Report2021(StrictModel):
    """A report following the 2021 revised template."""

    schema_: Annotated[str, Strict(), _CHECK_ID, _ID_SCHEMA] = Field(
        default=SCHEMA_ID,
        alias="$schema",
        title="Schema",
        description="The JSON Schema this document follows",
    )
    edition: Literal["2021"] = Field(
        title="Edition", description="国办公开办函〔2021〕30号 revised template"
    )
    metadata: Metadata = Field(title="Metadata", description="报告信息")
    sections: Sections = Field(title="Sections", description="正文")
    t2: T2Table2021 = table_field("t2", _E)
    t3: T3Table2021 = table_field("t3", _E)
    t4: T4Table = table_field("t4", _E)
    extra_rows: ExtraRows = Field(
        default_factory=list,
        title="Extra rows",
        description="Rows the published report adds to the template, kept as published",
    )

    @property
    def edition_enum(self) -> Edition:
        """The edition as an :class:`Edition`."""
        return _E
