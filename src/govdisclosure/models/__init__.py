"""The report models of every edition, and the union that reads either.

``Report`` is the discriminated union of :class:`Report2019` and :class:`Report2021` on the
``edition`` member; use :data:`REPORT_ADAPTER` (a pydantic ``TypeAdapter``) to validate data
of either edition, or :mod:`govdisclosure.document` to read and write JSON documents.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Discriminator, Field, TypeAdapter

from govdisclosure.editions import Edition
from govdisclosure.models._core import (
    AggregateInfo,
    AggregateMember,
    BodyKind,
    BodyLevel,
    Contact,
    ExtraCell,
    ExtraRow,
    IssuingBody,
    Metadata,
    NarrativeSection,
    OtherMattersSection,
    ProcessingFees,
    Sections,
    StatisticsPeriod,
    Subsection,
    T3NotProcessed,
    T3Row,
    T3Unable,
    T3Withheld,
    T4Block,
    T4Table,
    Topic,
)
from govdisclosure.models._types import Amount, Count, IsoDate, SignedCount
from govdisclosure.models.v2019 import (
    Report2019,
    T2DocumentRow2019,
    T2FeeItemsRow2019,
    T2ItemsRow2019,
    T2ProcurementRow2019,
    T2Table2019,
    T3Results2019,
    T3Table2019,
)
from govdisclosure.models.v2021 import (
    Report2021,
    T2DecisionRow,
    T2DocumentRow,
    T2FeeRow,
    T2Table2021,
    T3Other2021,
    T3Results2021,
    T3Table2021,
)

__all__ = [
    "MODELS",
    "REPORT_ADAPTER",
    "AggregateInfo",
    "AggregateMember",
    "Amount",
    "BodyKind",
    "BodyLevel",
    "Contact",
    "Count",
    "ExtraCell",
    "ExtraRow",
    "IsoDate",
    "IssuingBody",
    "Metadata",
    "NarrativeSection",
    "OtherMattersSection",
    "ProcessingFees",
    "Report",
    "Report2019",
    "Report2021",
    "ReportModel",
    "Sections",
    "SignedCount",
    "StatisticsPeriod",
    "Subsection",
    "T2DecisionRow",
    "T2DocumentRow",
    "T2DocumentRow2019",
    "T2FeeItemsRow2019",
    "T2FeeRow",
    "T2ItemsRow2019",
    "T2ProcurementRow2019",
    "T2Table2019",
    "T2Table2021",
    "T3NotProcessed",
    "T3Other2021",
    "T3Results2019",
    "T3Results2021",
    "T3Row",
    "T3Table2019",
    "T3Table2021",
    "T3Unable",
    "T3Withheld",
    "T4Block",
    "T4Table",
    "Topic",
]

ReportModel = Union[Report2019, Report2021]  # noqa: UP007 - a runtime alias, also for 3.10
"""A report of any edition (a plain union, for annotations)."""

Report = Annotated[
    Union[Report2019, Report2021],  # noqa: UP007
    Discriminator("edition"),
    Field(title="政府信息公开工作年度报告 (any edition)"),
]
"""A report of any edition, discriminated by its ``edition`` member."""

REPORT_ADAPTER: TypeAdapter[Report2019 | Report2021] = TypeAdapter(Report)

MODELS: dict[Edition, type[Report2019] | type[Report2021]] = {
    Edition.TRIAL_2019: Report2019,
    Edition.REV_2021: Report2021,
}
"""The report model of each edition."""
