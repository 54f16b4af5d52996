"""The catalogue's relations laid over an edition's cells: plain data, shared by both engines.

A relation names rows and columns; an *instance* is the relation in one column (or row), as
positions into the tuple of an edition's cells in official order. Nothing here is generated
or memoised: the fast engine compiles these instances once per edition, the plain engine
builds them for every report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.layout import CellRef, ReportLayout, layout_for
from govdisclosure.rules._model import BlankItems, BlankTotal, Relation, Rule, expand_rows

__all__ = ["Cells", "Instance", "cells_of", "instances_of", "read_values", "relation_instances"]

CellIndex = dict[tuple[str, str, str], int]


@dataclass(frozen=True, slots=True)
class Instance:
    """One relation of one rule, instantiated on concrete cells (indexes into the cell tuple)."""

    code: str
    blank_code: str | None
    """The rule that reports a failure whose single total cell is blank."""
    items_code: str | None
    """The rule that reports a failure whose single total cell is stated and whose item
    cells are all blank."""
    op: str
    left: tuple[int, ...]
    right: tuple[int, ...]
    across: str = "columns"


@dataclass(frozen=True, eq=False)
class Cells:
    """An edition's cells as positions: what the checks need to read a report's values."""

    edition: Edition
    refs: tuple[CellRef, ...]
    """Every cell, in the order of the value tuple."""
    pointers: tuple[str, ...]
    """JSON Pointer of every cell, same order."""
    index: CellIndex
    pointer_index: dict[str, int]
    instances: tuple[Instance, ...]
    """Every instance of every relation of the catalogue that applies to the edition."""


def relation_instances(
    rel: Relation, lay: ReportLayout, index: CellIndex
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """``(left cells, right cells)`` of each instance of ``rel`` in layout ``lay``."""
    table = lay.table(rel.table)
    out = []
    if rel.across == "columns":
        left_rows = expand_rows(table, rel.left)
        right_rows = expand_rows(table, rel.right)
        columns = rel.each or tuple(dict.fromkeys(c.id for b in table.blocks for c in b.columns))
        for col in columns:
            out.append(
                (
                    tuple(index[(rel.table, r, col)] for r in left_rows),
                    tuple(index[(rel.table, r, col)] for r in right_rows),
                )
            )
        return out
    wanted = set(rel.left) | set(rel.right)
    for block in table.blocks:
        if not wanted <= {c.id for c in block.columns}:
            continue
        for row in block.rows:
            if rel.each and row.id not in rel.each:
                continue
            out.append(
                (
                    tuple(index[(rel.table, row.id, c)] for c in rel.left),
                    tuple(index[(rel.table, row.id, c)] for c in rel.right),
                )
            )
    return out


def instances_of(
    edition: Edition, rules: Iterable[Rule], lay: ReportLayout, index: CellIndex
) -> tuple[Instance, ...]:
    """Every instance of every relation among ``rules`` that applies to ``edition``, in
    catalogue order, with the codes of its blank variants."""
    rules = tuple(rules)
    blank = {r.check.of: r.code for r in rules if isinstance(r.check, BlankTotal)}
    items = {r.check.of: r.code for r in rules if isinstance(r.check, BlankItems)}
    out: list[Instance] = []
    for rule in rules:
        rel = rule.check
        if not isinstance(rel, Relation) or not rule.applies_to(edition):
            continue
        for left, right in relation_instances(rel, lay, index):
            code = rule.code
            out.append(
                Instance(code, blank.get(code), items.get(code), rel.op, left, right, rel.across)
            )
    return tuple(out)


def cells_of(edition: Edition | str, rules: Iterable[Rule]) -> Cells:
    """The cells of ``edition`` and the instances of the relations among ``rules``."""
    ed = Edition(edition)
    lay = layout_for(ed)
    refs = lay.cells
    index = {ref.id: i for i, ref in enumerate(refs)}
    return Cells(
        ed,
        refs,
        tuple(ref.pointer for ref in refs),
        index,
        {ref.pointer: i for i, ref in enumerate(refs)},
        instances_of(ed, rules, lay, index),
    )


def read_values(report: Any, cells: Cells) -> tuple[Any, ...]:
    """The value of every cell of ``report``, in the order of ``cells.refs``."""
    out = []
    for ref in cells.refs:
        obj = report
        for name in ref.path:
            obj = getattr(obj, name)
        out.append(obj)
    return tuple(out)
