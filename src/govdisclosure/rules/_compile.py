"""Compilation of the catalogue's arithmetic relations into fast straight-line code.

For each edition the relations are instantiated over the layout once, then turned into two
generated functions: one reads every cell of a report into a flat tuple (official order), the
other evaluates every relation instance on that tuple with plain integer/Decimal arithmetic
and returns the positions of the instances that fail. Findings are built only for those, so a
consistent report costs a handful of attribute loads and additions, with no per-cell objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from govdisclosure.cells import extractor_source
from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.layout import CellRef
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules._instances import Cells, Instance, cells_of
from govdisclosure.rules._model import expand_rows

__all__ = ["Compiled", "Instance", "compiled", "expand_rows", "row_bounds"]


@dataclass(frozen=True, eq=False)
class Compiled(Cells):
    """Everything the fast engine needs for one edition: the cells, and generated code."""

    extract: Callable[[Any], tuple[Any, ...]]
    evaluate: Callable[[Sequence[Any]], list[int]]
    source: str
    """The generated source (kept for inspection and debugging)."""
    sides: tuple[Callable[[Sequence[Any]], tuple[Any, Any]], ...] = ()
    """Per instance: ``(Σ left, Σ right)`` of a value tuple without blanks, summed from 0 in
    declaration order (what ``sum`` gives), for the findings of failed instances."""
    loose_blank: Callable[[Sequence[Any]], bool] = lambda values: None in values
    """Whether a cell that no relation reads is blank. ``evaluate`` fails on any blank cell
    it reads, so after it succeeds this says whether the report has a blank cell at all."""
    row_bounds: tuple[tuple[int, int], ...] | None = None
    """``(start, stop)`` of every table row in the value tuple, in order, when each row's
    cells are adjacent (``None`` otherwise)."""
    blank_rows: Callable[[Sequence[Any]], list[int]] | None = None
    """The numbers (into ``row_bounds``) of the rows with a blank cell, in order."""


def _side(idx: tuple[int, ...]) -> str:
    # "+ 0" makes a blank (None) cell raise TypeError on a one-cell side too, so that the
    # caller knows to substitute zeros (a comparison with None alone would not raise); a
    # sum of several cells raises by itself.
    if len(idx) == 1:
        return f"v{idx[0]} + 0"
    return " + ".join(f"v{i}" for i in idx) if idx else "0"


def _unpack(n: int) -> str:
    return "    (" + ", ".join(f"v{i}" for i in range(n)) + ",) = values"


def _evaluate_source(n: int, instances: Sequence[Instance]) -> list[str]:
    lines = ["def evaluate(values):", _unpack(n), "    failed = []"]
    for k, inst in enumerate(instances):
        op = "!=" if inst.op == "==" else ">"
        lines.append(f"    if {_side(inst.left)} {op} {_side(inst.right)}:")
        lines.append(f"        failed.append({k})")
    lines.append("    return failed")
    return lines


def _sides_source(instances: Sequence[Instance]) -> list[str]:
    lines = []
    for k, inst in enumerate(instances):
        lines.append(f"def side_{k}(v):")
        lines.append(f"    return ({_sum(inst.left)}, {_sum(inst.right)})")
    lines.append("")
    lines.append("SIDES = (" + "".join(f"side_{k}, " for k in range(len(instances))) + ")")
    return lines


def _loose_source(n: int, instances: Sequence[Instance]) -> list[str]:
    read = {i for inst in instances for i in (*inst.left, *inst.right)}
    loose = [f"v[{i}] is None" for i in range(n) if i not in read]
    return ["def loose_blank(v):", "    return " + (" or ".join(loose) if loose else "False")]


def _blank_rows_source(n: int, bounds: tuple[tuple[int, int], ...]) -> list[str]:
    # Each row is tested cell by cell on local names: a test of identity, where a search of
    # the tuple for None would compare every number with None.
    lines = ["def blank_rows(values):", _unpack(n), "    rows = []"]
    for r, (a, b) in enumerate(bounds):
        test = " or ".join(f"v{i} is None" for i in range(a, b))
        lines.append(f"    if {test}:")
        lines.append(f"        rows.append({r})")
    lines.append("    return rows")
    return lines


def _generate(
    refs: tuple[CellRef, ...],
    instances: Sequence[Instance],
    bounds: tuple[tuple[int, int], ...] | None,
) -> str:
    n = len(refs)
    parts = [
        extractor_source(refs).rstrip("\n").split("\n"),
        _evaluate_source(n, instances),
        _sides_source(instances),
        _loose_source(n, instances),
    ]
    if bounds is not None:
        parts.append(_blank_rows_source(n, bounds))
    return "\n\n".join("\n".join(p) for p in parts) + "\n"


def row_bounds(refs: Sequence[CellRef]) -> tuple[tuple[int, int], ...] | None:
    """``(start, stop)`` of each table row's cells in ``refs``, in order; ``None`` if the
    cells of some row are not adjacent."""
    starts: list[tuple[tuple[str, str], int]] = []
    for k, ref in enumerate(refs):
        key = (ref.table.id, ref.row.id)
        if not starts or starts[-1][0] != key:
            starts.append((key, k))
    if len({key for key, _ in starts}) != len(starts):
        return None
    ends = [k for _, k in starts[1:]] + [len(refs)]
    return tuple((k, end) for (_, k), end in zip(starts, ends, strict=True))


def _sum(idx: tuple[int, ...]) -> str:
    # The same additions, in the same order, as ``sum(values, 0)``: amounts are Decimals,
    # whose sums depend on the order once they exceed the context precision.
    return " + ".join(["0", *(f"v[{i}]" for i in idx)])


_COMPILED: dict[Edition, Compiled] = {}


def compiled(edition: Edition | str) -> Compiled:
    """The compiled relations of ``edition``: built the first time a report of it is
    checked (so an edition registered later is compiled too), then kept."""
    ed = Edition(edition)
    comp = _COMPILED.get(ed)
    if comp is None:
        comp = _COMPILED[ed] = _compile(ed)
    return comp


@_catalogue.on_change
def _forget() -> None:
    _COMPILED.clear()


def _compile(edition: Edition) -> Compiled:
    cells = cells_of(edition, _catalogue.CATALOGUE)
    bounds = row_bounds(cells.refs)
    source = _generate(cells.refs, cells.instances, bounds)
    namespace: dict[str, Any] = {}
    # The code is generated from the layout and the catalogue only (no user input), once.
    exec(compile(source, f"<govdisclosure rules {edition.value}>", "exec"), namespace)
    return Compiled(
        cells.edition,
        cells.refs,
        cells.pointers,
        cells.index,
        cells.pointer_index,
        cells.instances,
        namespace["extract"],
        namespace["evaluate"],
        source,
        namespace["SIDES"],
        namespace["loose_blank"],
        bounds,
        namespace.get("blank_rows"),
    )


# An edition registered again under the same id may have another layout: compile it afresh.
on_registry_change(_forget)
