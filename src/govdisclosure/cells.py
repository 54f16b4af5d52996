"""Every statistical cell of a report, in official order, by its public id.

:func:`iter_cells` yields one :class:`Cell` per cell; :func:`cell_values` is its columnar
twin — the values alone, as one tuple in the order of ``layout_for(edition).cells`` — for
code that handles many reports (exports, datasets), where a tuple per report costs a few
microseconds and an object per cell does not.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import repeat
from typing import Any

from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.layout import CellRef, layout_for
from govdisclosure.models import ReportBase

__all__ = [
    "Cell",
    "CellValue",
    "cell_extractor",
    "cell_values",
    "extractor_source",
    "get_cell",
    "iter_cells",
    "set_cell",
]

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


def extractor_source(refs: Sequence[CellRef]) -> str:
    """Python source of ``extract(report)``: the values of ``refs`` read into one tuple.

    Shared by :func:`cell_extractor` and the rule compiler, which appends its own functions
    to this source."""
    # Models keep their field values in ``__dict__``; reading it directly skips pydantic's
    # attribute machinery, each object on a path is looked up once, and the cells of one row
    # are read by one ``itemgetter`` (one call at C speed instead of a subscript per cell).
    lines = ["def extract(r):", "    o0 = r.__dict__"]
    objects: dict[tuple[str, ...], str] = {(): "o0"}
    runs: list[tuple[str, list[str]]] = []
    for ref in refs:
        row_path = ref.path[:-1]
        for depth in range(1, len(row_path) + 1):
            path = row_path[:depth]
            if path not in objects:
                name = f"o{len(objects)}"
                lines.append(f"    {name} = {objects[path[:-1]]}[{path[-1]!r}].__dict__")
                objects[path] = name
        obj = objects[row_path]
        if runs and runs[-1][0] == obj:
            runs[-1][1].append(ref.path[-1])
        else:
            runs.append((obj, [ref.path[-1]]))
    getters: dict[tuple[str, ...], str] = {}
    parts: list[str] = []
    for obj, keys in runs:
        if len(keys) == 1:
            parts.append(f"{obj}[{keys[0]!r}]")
            continue
        getter = getters.setdefault(tuple(keys), f"G{len(getters)}")
        parts.append(f"*{getter}({obj})")
    head = [f"{g} = itemgetter({', '.join(map(repr, k))})" for k, g in getters.items()]
    lines[:0] = ["from operator import itemgetter", *head, ""]
    lines.append("    return (" + ", ".join(parts) + ",)")
    return "\n".join(lines) + "\n"


@cache
def cell_extractor(edition: Edition) -> Callable[[ReportBase], tuple[CellValue, ...]]:
    """A function reading every cell value of a report of ``edition`` into one tuple.

    The tuple follows ``layout_for(edition).cells``. The function is generated once per
    edition from the layout (so it reads exactly the layout's cells) and does no checking:
    give it reports of ``edition`` only (:func:`cell_values` picks the edition itself).
    """
    source = extractor_source(layout_for(edition).cells)
    namespace: dict[str, Any] = {}
    # Generated from the layout only (no user input), once per edition and process.
    exec(compile(source, f"<govdisclosure cells {edition.value}>", "exec"), namespace)
    fn: Callable[[ReportBase], tuple[CellValue, ...]] = namespace["extract"]
    return fn


_EXTRACT: dict[str, Callable[[ReportBase], tuple[CellValue, ...]]] = {}


def cell_values(report: ReportBase) -> tuple[CellValue, ...]:
    """Every cell value of ``report`` as one tuple, in the order of its layout's ``cells``.

    The columnar counterpart of :func:`iter_cells` (same values, same order):
    ``zip(layout_for(report.edition).cells, cell_values(report))``.
    """
    extract = _EXTRACT.get(report.edition)
    if extract is None:
        extract = _EXTRACT[report.edition] = cell_extractor(Edition(report.edition))
    return extract(report)


_new = object.__new__
# A frozen dataclass sets its fields through ``object.__setattr__`` in ``__init__``. Here the
# objects are made, and their two slots set through the slot descriptors, by ``map`` loops
# that run in C: the same objects as ``Cell(ref, value)`` at a sixth of the old cost.
_set_ref: Callable[[Cell, CellRef], None] = vars(Cell)["ref"].__set__
_set_value: Callable[[Cell, CellValue], None] = vars(Cell)["value"].__set__


def iter_cells(report: ReportBase) -> Iterator[Cell]:
    """Every cell of ``report`` in official order: 表二, 表三, 表四, row by row.

    Each :class:`Cell` unpacks as ``(table id, row id, column id, value)``. The cells are
    read when the function is called. For many reports, :func:`cell_values` gives the same
    values without building a :class:`Cell` per cell.
    """
    refs = layout_for(report.edition).cells
    values = cell_values(report)
    cells: list[Cell] = list(map(_new, repeat(Cell, len(refs))))
    deque(map(_set_ref, cells, refs), maxlen=0)
    deque(map(_set_value, cells, values), maxlen=0)
    return iter(cells)


def _resolve(report: ReportBase, path: tuple[str, ...]) -> Any:
    obj: Any = report
    for name in path:
        obj = getattr(obj, name)
    return obj


def get_cell(report: ReportBase, table: str, row: str, column: str) -> CellValue:
    """The value of cell ``(table, row, column)``; ``KeyError`` if the edition has no such cell."""
    ref = layout_for(Edition(report.edition)).cell(table, row, column)
    return _resolve(report, ref.path)  # type: ignore[no-any-return]


def set_cell(report: ReportBase, table: str, row: str, column: str, value: CellValue) -> None:
    """Set cell ``(table, row, column)`` (validated like any assignment to the model)."""
    ref = layout_for(Edition(report.edition)).cell(table, row, column)
    parent = _resolve(report, ref.path[:-1])
    setattr(parent, ref.path[-1], value)


# An edition registered again under the same id may have another layout: read it afresh.
on_registry_change(cell_extractor.cache_clear)
on_registry_change(_EXTRACT.clear)
