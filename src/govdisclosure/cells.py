"""Every statistical cell of a report, in official order, by its public id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.layout import CellRef, layout_for
from govdisclosure.models import Report2019, Report2021

__all__ = ["Cell", "CellValue", "get_cell", "iter_cells", "set_cell"]

CellValue = int | Decimal | None
"""The value of a cell: an ``int`` count, a ``Decimal`` amount, or ``None`` (left blank)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell of a report: its place in the layout and its value as reported."""

    ref: CellRef
    value: CellValue

    @property
    def table(self) -> str:
        """Table id (``t2``, ``t3``, ``t4``)."""
        return self.ref.table.id

    @property
    def row(self) -> str:
        """Row id (dotted)."""
        return self.ref.row.id

    @property
    def column(self) -> str:
        """Column id."""
        return self.ref.column.id

    @property
    def pointer(self) -> str:
        """JSON Pointer of the cell in the report document."""
        return self.ref.pointer

    def __iter__(self) -> Iterator[Any]:
        # Lets callers unpack ``table, row, column, value = cell``.
        yield self.table
        yield self.row
        yield self.column
        yield self.value


def _resolve(report: Report2019 | Report2021, path: tuple[str, ...]) -> Any:
    obj: Any = report
    for name in path:
        obj = getattr(obj, name)
    return obj


def iter_cells(report: Report2019 | Report2021) -> Iterator[Cell]:
    """Yield every cell of ``report`` in official order: 表二, 表三, 表四, row by row.

    Each :class:`Cell` unpacks as ``(table id, row id, column id, value)``.
    """
    for ref in layout_for(Edition(report.edition)).cells:
        yield Cell(ref, _resolve(report, ref.path))


def get_cell(report: Report2019 | Report2021, table: str, row: str, column: str) -> CellValue:
    """The value of cell ``(table, row, column)``; ``KeyError`` if the edition has no such cell."""
    ref = layout_for(Edition(report.edition)).cell(table, row, column)
    return _resolve(report, ref.path)  # type: ignore[no-any-return]


def set_cell(
    report: Report2019 | Report2021, table: str, row: str, column: str, value: CellValue
) -> None:
    """Set cell ``(table, row, column)`` (validated like any assignment to the model)."""
    ref = layout_for(Edition(report.edition)).cell(table, row, column)
    parent = _resolve(report, ref.path[:-1])
    setattr(parent, ref.path[-1], value)
