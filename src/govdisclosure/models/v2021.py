"""Models of the 2021 revised template (国办公开办函〔2021〕30号), report years 2021 onward.

Only what differs from the other editions is declared here: table 二, （六）其他处理 and the
report's ``edition``; the rest is shared (:mod:`govdisclosure.models._core`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Strict

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


class T3Results2021(T3ResultsBase):
    """三、本年度办理结果 (2021)."""

    other: T3Other2021 = group_field("t3", "results.other", _E)


class T3Table2021(T3TableBase):
    """三、收到和处理政府信息公开申请情况 (2021)."""

    results: T3Results2021 = group_field("t3", "results", _E)


class Report2021(ReportBase):
    """A report following the 2021 revised template."""

    schema_: Annotated[str, Strict(), _CHECK_ID, _ID_SCHEMA] = schema_field(SCHEMA_ID)
    edition: Literal["2021"] = edition_field(_E)
    t2: T2Table2021 = table_field("t2", _E)
    t3: T3Table2021 = table_field("t3", _E)
