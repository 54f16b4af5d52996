"""Models of the 2019 trial template (国办公开办函〔2019〕60号), report years 2019 and 2020.

Only what differs from the other editions is declared here: table 二, （六）其他处理 and the
report's ``edition``; the rest is shared (:mod:`govdisclosure.models._core`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict

from govdisclosure.editions import Edition
from govdisclosure.models._core import ReportBase, T3ResultsBase, T3Row, T3TableBase
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

__all__ = [
    "SCHEMA_ID",
    "Report2019",
    "T2DocumentRow2019",
    "T2FeeItemsRow2019",
    "T2ItemsRow2019",
    "T2ProcurementRow2019",
    "T2Table2019",
    "T3Results2019",
    "T3Table2019",
]

_E = Edition.TRIAL_2019
SCHEMA_ID = schema_id(_E)
_CHECK_ID, _ID_SCHEMA = schema_ref(SCHEMA_ID)


class T2DocumentRow2019(StrictModel):
    """第二十条第（一）项 row (2019): documents made, published, published in total."""

    new_made: Count | None = column_field("t2", "new_made", _E)
    new_published: Count | None = column_field("t2", "new_published", _E)
    published_total: Count | None = column_field("t2", "published_total", _E)


class T2ItemsRow2019(StrictModel):
    """第二十条第（五）/（六）项 row (2019): items last year, change, decisions."""

    items_prev_year: Count | None = column_field("t2", "items_prev_year", _E)
    items_delta: SignedCount | None = column_field("t2", "items_delta", _E)
    decisions: Count | None = column_field("t2", "decisions", _E)


class T2FeeItemsRow2019(StrictModel):
    """第二十条第（八）项 row (2019): fee items last year and change (no amount column)."""

    items_prev_year: Count | None = column_field("t2", "items_prev_year", _E)
    items_delta: SignedCount | None = column_field("t2", "items_delta", _E)


class T2ProcurementRow2019(StrictModel):
    """第二十条第（九）项 row (2019): centralised procurement."""

    procurement_items: Count | None = column_field("t2", "procurement_items", _E)
    procurement_amount: Amount | None = column_field("t2", "procurement_amount", _E)
    procurement_amount_unit: Literal["元", "万元"] | None = Field(
        default=None,
        title="Unit of the procurement amount",
        description=(
            "采购总金额的单位: the template names none, so the unit printed in the report is "
            "kept here (null: the report states none)"
        ),
    )


class T2Table2019(StrictModel):
    """二、主动公开政府信息情况 (2019 trial template)."""

    rules: T2DocumentRow2019 = row_field("t2", "rules", _E)
    normative_docs: T2DocumentRow2019 = row_field("t2", "normative_docs", _E)
    admin_licensing: T2ItemsRow2019 = row_field("t2", "admin_licensing", _E)
    other_admin_services: T2ItemsRow2019 = row_field("t2", "other_admin_services", _E)
    admin_penalty: T2ItemsRow2019 = row_field("t2", "admin_penalty", _E)
    admin_coercion: T2ItemsRow2019 = row_field("t2", "admin_coercion", _E)
    admin_fees: T2FeeItemsRow2019 = row_field("t2", "admin_fees", _E)
    central_procurement: T2ProcurementRow2019 = row_field("t2", "central_procurement", _E)


class T3Results2019(T3ResultsBase):
    """三、本年度办理结果 (2019): （六）其他处理 is a single row."""

    other: T3Row = row_field("t3", "results.other", _E)


class T3Table2019(T3TableBase):
    """三、收到和处理政府信息公开申请情况 (2019)."""

    results: T3Results2019 = group_field("t3", "results", _E)


class Report2019(ReportBase):
    """A report following the 2019 trial template."""

    schema_: Annotated[str, Strict(), _CHECK_ID, _ID_SCHEMA] = schema_field(SCHEMA_ID)
    edition: Literal["2019"] = edition_field(_E)
    t2: T2Table2019 = table_field("t2", _E)
    t3: T3Table2019 = table_field("t3", _E)
