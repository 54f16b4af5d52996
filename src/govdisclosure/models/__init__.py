"""The report models of every edition, and the union that reads any of them.

Every report model subclasses :class:`ReportBase` (annotate "a report of any edition" with it).
:data:`MODELS` maps each registered edition to its model (a live view of the edition registry,
:mod:`govdisclosure.editions`); :data:`REPORT_ADAPTER` validates data of any registered edition,
discriminated on the ``edition`` member; :func:`report_union` is the discriminated union of the
registered editions as a type. :data:`Report` is that union for the two official editions.
Use :mod:`govdisclosure.document` to read and write JSON documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, TypeAdapter

from govdisclosure.editions import (
    Edition,
    EditionSpec,
    RegistryView,
    edition_spec,
    on_registry_change,
)
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
    ReportBase,
    Sections,
    StatisticsPeriod,
    Subsection,
    T3NotProcessed,
    T3ResultsBase,
    T3Row,
    T3TableBase,
    T3Unable,
    T3Withheld,
    T4Block,
    T4Table,
    Topic,
)
from govdisclosure.models._derive import report_model
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
    "ReportBase",
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
    "T3ResultsBase",
    "T3Row",
    "T3Table2019",
    "T3Table2021",
    "T3TableBase",
    "T3Unable",
    "T3Withheld",
    "T4Block",
    "T4Table",
    "Topic",
    "model_for",
    "report_model",
    "report_union",
]

ReportModel = ReportBase
"""A report of any edition, for annotations (the base class of every edition's model)."""

Report = Annotated[
    Union[Report2019, Report2021],  # noqa: UP007
    Discriminator("edition"),
    Field(title="政府信息公开工作年度报告 (any edition)"),
]
"""A report of either official edition, discriminated by its ``edition`` member (for use as a
type in other models; :func:`report_union` includes editions registered at run time)."""


def model_for(edition: Edition | str) -> type[ReportBase]:
    """The report model of ``edition``; raises ``ValueError`` when it is not registered."""
    return edition_spec(edition).get_model()


def report_union() -> Any:
    """The discriminated union of every registered edition's model, as a type."""
    models = tuple(model_for(e) for e in Edition)
    return Annotated[
        Union[models],  # noqa: UP007
        Discriminator("edition"),
        Field(title="政府信息公开工作年度报告 (any edition)"),
    ]


_ADAPTER: list[TypeAdapter[ReportBase]] = []


def report_adapter() -> TypeAdapter[ReportBase]:
    """A ``TypeAdapter`` of :func:`report_union` (rebuilt when the registry changes)."""
    if not _ADAPTER:
        _ADAPTER.append(TypeAdapter(report_union()))
    return _ADAPTER[0]


# A registration (an edition added or removed) changes the union: build it again on next use.
on_registry_change(_ADAPTER.clear)


class _ReportAdapter:
    """:data:`REPORT_ADAPTER`: a ``TypeAdapter`` of the union of every registered edition,
    kept current when an edition is registered (attributes are the current adapter's)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(report_adapter(), name)

    def validate_python(self, data: Any, /, **kwargs: Any) -> ReportBase:
        """Validate Python data as a report of any registered edition."""
        return (_ADAPTER[0] if _ADAPTER else report_adapter()).validate_python(data, **kwargs)

    def validate_json(self, data: str | bytes | bytearray, /, **kwargs: Any) -> ReportBase:
        """Validate JSON text as a report of any registered edition."""
        return (_ADAPTER[0] if _ADAPTER else report_adapter()).validate_json(data, **kwargs)

    def dump_python(self, report: ReportBase, /, **kwargs: Any) -> Any:
        """Serialise a report to Python data."""
        return report_adapter().dump_python(report, **kwargs)

    def dump_json(self, report: ReportBase, /, **kwargs: Any) -> bytes:
        """Serialise a report to JSON bytes."""
        return report_adapter().dump_json(report, **kwargs)

    def json_schema(self, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema of the union (prefer :func:`govdisclosure.schema.build_report_schema`)."""
        return report_adapter().json_schema(**kwargs)


REPORT_ADAPTER = _ReportAdapter()
"""Validates data of any registered edition, discriminated by ``edition`` (a pydantic
``TypeAdapter`` of :func:`report_union`, kept current when an edition is registered)."""


MODELS: Mapping[Edition, type[ReportBase]] = RegistryView(EditionSpec.get_model)
"""The report model of each registered edition (a live view of the edition registry)."""
