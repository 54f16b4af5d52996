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
from functools import cache
from typing import Any

from govdisclosure.cells import extractor_source
from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.layout import CellRef, Table, layout_for
from govdisclosure.rules._model import BlankItems, BlankTotal, Relation, Rule
from govdisclosure.rules.catalogue import CATALOGUE

__all__ = ["Compiled", "Instance", "compiled", "expand_rows", "row_bounds"]


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
    axis_label: str
    """The column (or row) id the relation was instantiated for."""
    across: str = "columns"


@dataclass(frozen=True, eq=False)
class Compiled:
    """Everything the engine needs for one edition."""

    edition: Edition
    refs: tuple[CellRef, ...]
    """Every cell, in the order of the extracted value tuple."""
    pointers: tuple[str, ...]
    """JSON Pointer of every cell, same order."""
    index: dict[tuple[str, str, str], int]
    pointer_index: dict[str, int]
    instances: tuple[Instance, ...]
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


def expand_rows(table: Table, names: Sequence[str]) -> tuple[str, ...]:
    """Row ids for ``names``: a row id stands for itself, a row-group id for its rows."""
    ids = [r.id for r in table.rows]
    out: list[str] = []
    for name in names:
        if name in ids:
            out.append(name)
            continue
        members = [i for i in ids if i.startswith(name + ".")]
        if not members:
            raise KeyError(f"table {table.id} has no row or row group {name!r}")
        out.extend(members)
    return tuple(out)


def _instances(
    rule: Rule, rel: Relation, edition: Edition, index: dict[Any, int]
) -> list[Instance]:
    table = layout_for(edition).table(rel.table)
    blank_code = _blank_codes().get(rule.code)
    items_code = _blank_items_codes().get(rule.code)
    out: list[Instance] = []
    if rel.across == "columns":
        left_rows = expand_rows(table, rel.left)
        right_rows = expand_rows(table, rel.right)
        columns = rel.each or tuple(dict.fromkeys(c.id for b in table.blocks for c in b.columns))
        for col in columns:
            out.append(
                Instance(
                    rule.code,
                    blank_code,
                    items_code,
                    rel.op,
                    tuple(index[(rel.table, r, col)] for r in left_rows),
                    tuple(index[(rel.table, r, col)] for r in right_rows),
                    col,
                    "columns",
                )
            )
    else:
        wanted = set(rel.left) | set(rel.right)
        for block in table.blocks:
            have = {c.id for c in block.columns}
            if not wanted <= have:
                continue
            for row in block.rows:
                if rel.each and row.id not in rel.each:
                    continue
                out.append(
                    Instance(
                        rule.code,
                        blank_code,
                        items_code,
                        rel.op,
                        tuple(index[(rel.table, row.id, c)] for c in rel.left),
                        tuple(index[(rel.table, row.id, c)] for c in rel.right),
                        row.id,
                        "rows",
                    )
                )
    return out


@cache
def _blank_codes() -> dict[str, str]:
    return {r.check.of: r.code for r in CATALOGUE if isinstance(r.check, BlankTotal)}


@cache
def _blank_items_codes() -> dict[str, str]:
    return {r.check.of: r.code for r in CATALOGUE if isinstance(r.check, BlankItems)}


def _side(idx: tuple[int, ...]) -> str:
    # "+ 0" makes a blank (None) cell raise TypeError on a one-cell side too, so that the
    # caller knows to substitute zeros (a comparison with None alone would not raise); a
    # sum of several cells raises by itself.
    if len(idx) == 1:
        return f"v{idx[0]} + 0"
    return " + ".join(f"v{i}" for i in idx) if idx else "0"


def _generate(
    refs: tuple[CellRef, ...],
    instances: Sequence[Instance],
    bounds: tuple[tuple[int, int], ...] | None,
) -> str:
    lines = extractor_source(refs).rstrip("\n").split("\n")
    lines.append("")
    lines.append("def evaluate(values):")
    lines.append("    (" + ", ".join(f"v{i}" for i in range(len(refs))) + ",) = values")
    lines.append("    failed = []")
    for k, inst in enumerate(instances):
        op = "!=" if inst.op == "==" else ">"
        lines.append(f"    if {_side(inst.left)} {op} {_side(inst.right)}:")
        lines.append(f"        failed.append({k})")
    lines.append("    return failed")
    lines.append("")
    for k, inst in enumerate(instances):
        lines.append(f"def side_{k}(v):")
        lines.append(f"    return ({_sum(inst.left)}, {_sum(inst.right)})")
    lines.append("")
    lines.append("SIDES = (" + "".join(f"side_{k}, " for k in range(len(instances))) + ")")
    lines.append("")
    read = {i for inst in instances for i in (*inst.left, *inst.right)}
    loose = [f"v[{i}] is None" for i in range(len(refs)) if i not in read]
    lines.append("def loose_blank(v):")
    lines.append("    return " + (" or ".join(loose) if loose else "False"))
    if bounds is not None:
        # Each row is tested cell by cell on local names: a test of identity, where a
        # search of the tuple for None would compare every number with None.
        lines.append("")
        lines.append("def blank_rows(values):")
        lines.append("    (" + ", ".join(f"v{i}" for i in range(len(refs))) + ",) = values")
        lines.append("    rows = []")
        for r, (a, b) in enumerate(bounds):
            test = " or ".join(f"v{i} is None" for i in range(a, b))
            lines.append(f"    if {test}:")
            lines.append(f"        rows.append({r})")
        lines.append("    return rows")
    return "\n".join(lines) + "\n"


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


@cache
def compiled(edition: Edition) -> Compiled:
    """The compiled relations of ``edition`` (built once per process)."""
    lay = layout_for(edition)
    refs = lay.cells
    index = {ref.id: i for i, ref in enumerate(refs)}
    instances: list[Instance] = []
    for rule in CATALOGUE:
        if isinstance(rule.check, Relation) and rule.applies_to(edition):
            instances.extend(_instances(rule, rule.check, edition, index))
    bounds = row_bounds(refs)
    source = _generate(refs, instances, bounds)
    namespace: dict[str, Any] = {}
    # The code is generated from the layout and the catalogue only (no user input), once.
    exec(compile(source, f"<govdisclosure rules {edition.value}>", "exec"), namespace)
    return Compiled(
        edition,
        refs,
        tuple(ref.pointer for ref in refs),
        index,
        {ref.pointer: i for i, ref in enumerate(refs)},
        tuple(instances),
        namespace["extract"],
        namespace["evaluate"],
        source,
        namespace["SIDES"],
        namespace["loose_blank"],
        bounds,
        namespace.get("blank_rows"),
    )


# An edition registered again under the same id may have another layout: compile it afresh.
on_registry_change(compiled.cache_clear)
