"""Reading and writing the statistical cells of a report by their public ids."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govdisclosure.layout import CellRef, layout_for
from govdisclosure.models import ReportBase

__all__ = ["Number", "ReportT", "cell_value", "cell_values", "put_cell"]

ReportT = ReportBase
Number = int | Decimal


def cell_value(report: ReportT, ref: CellRef) -> Number | None:
    """The value of cell ``ref`` in ``report`` (``None``: blank)."""
    obj: Any = report
    for part in ref.path:
        obj = getattr(obj, part)
    return obj  # type: ignore[no-any-return]


def cell_values(report: ReportT) -> dict[str, Number | None]:
    """Every statistical cell of ``report`` by dotted id (``t3.results.total.total``)."""
    return {ref.dotted: cell_value(report, ref) for ref in layout_for(report.edition).cells}


def put_cell(doc: dict[str, Any], ref: CellRef, value: Number | None) -> None:
    """Set cell ``ref`` in a report document (a ``dict``), creating the objects on its path."""
    obj = doc
    *parents, last = ref.path
    for part in parents:
        obj = obj.setdefault(part, {})
    obj[last] = value
