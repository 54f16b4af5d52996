"""The reference evaluator: what the rules mean, without code generation or memoisation.

For every rule of the catalogue that applies to the report's edition, in catalogue order:

- a **relation** (``Σ left op Σ right``) is evaluated on every instance (each column or row
  the relation holds in), blank cells counting as 0. A failing instance is reported by the
  relation's own rule, unless its single total cell is blank (then by the rule whose check
  is the matching :class:`BlankTotal`, with ``reported`` blank) or its total is stated and
  every item cell blank (then by the :class:`BlankItems` rule, with ``computed`` unknown);
- a **function rule** (:class:`Custom`) yields its hits from ``rules.checks``;
- a **cross-year rule** compares consecutive years of one body (:func:`check_series`).

Each hit becomes a finding with the rule's code, severity and message (:mod:`._render`).
:func:`govdisclosure.rules.check` gives exactly these findings, faster (``rules.fast``); the
tests hold the two equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any

from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules._hit import Hit
from govdisclosure.rules._instances import Cells, Instance, cells_of, read_values
from govdisclosure.rules._model import BlankItems, BlankTotal, Custom, Lang, Relation, Rule
from govdisclosure.rules._render import relation_hit, render
from govdisclosure.rules.checks import CHECKS, SERIES_CHECKS

__all__ = ["check", "check_series", "outcome", "read"]


def read(report: Any) -> tuple[Cells, tuple[Any, ...]]:
    """The cells of the report's edition and the report's value of each."""
    cells = cells_of(report.edition, _catalogue.CATALOGUE)
    return cells, read_values(report, cells)


def outcome(inst: Instance, values: Sequence[Any]) -> str:
    """The code of the rule that reports a failure of ``inst`` on ``values``."""
    single = len(inst.left) == 1
    if inst.blank_code is not None and single and values[inst.left[0]] is None:
        return inst.blank_code
    if inst.items_code is not None and single and all(values[i] is None for i in inst.right):
        return inst.items_code
    return inst.code


def _sum(values: Sequence[Any], cells: tuple[int, ...]) -> Any:
    return sum((0 if values[i] is None else values[i] for i in cells), 0)


def relation_hits(rule: Rule, values: Sequence[Any], cells: Cells, lang: Lang) -> Iterator[Hit]:
    """The failing instances reported by ``rule`` (a relation or one of its blank variants)."""
    for inst in cells.instances:
        if outcome(inst, values) != rule.code:
            continue
        left, right = _sum(values, inst.left), _sum(values, inst.right)
        if (left == right) if inst.op == "==" else (left <= right):
            continue
        hit = relation_hit(inst, cells, lang)
        reported = None if isinstance(rule.check, BlankTotal) else left
        computed = None if isinstance(rule.check, BlankItems) else right
        yield Hit(hit.pointers, hit.params, reported, computed)


def rule_hits(
    rule: Rule, report: Any, values: Sequence[Any], cells: Cells, lang: Lang
) -> Iterable[Hit]:
    """What single-report rule ``rule`` finds on ``report`` (nothing for the structural and
    cross-year rules, which are evaluated elsewhere)."""
    check = rule.check
    if isinstance(check, Relation | BlankTotal | BlankItems):
        return relation_hits(rule, values, cells, lang)
    if check.series or check.key == "structure":
        return ()
    return CHECKS[check.key](report, values, cells)


def check(report: Any, *, codes: frozenset[str] | None = None, lang: Lang = "zh") -> list[Finding]:
    """The findings of the single-report rules (``codes``: all) on ``report``, in catalogue
    order."""
    cells, values = read(report)
    out = []
    for rule in _catalogue.CATALOGUE:
        if (codes is None or rule.code in codes) and rule.applies_to(cells.edition):
            out += [
                render(rule, h, cells, lang) for h in rule_hits(rule, report, values, cells, lang)
            ]
    return out


Reader = Callable[[Any], tuple[Cells, Sequence[Any]]]


def check_series(
    reports: Sequence[Any],
    *,
    codes: frozenset[str] | None = None,
    lang: Lang = "zh",
    sources: Sequence[str] | None = None,
    reader: Reader = read,
) -> list[Finding]:
    """The cross-year rules over ``reports``: grouped by body, each pair of consecutive
    years compared (see :func:`govdisclosure.rules.check_series`). ``reader`` gives a
    report's cells and values (the fast engine passes its compiled reader)."""
    rules = [
        r
        for r in _catalogue.CATALOGUE
        if (codes is None or r.code in codes) and isinstance(r.check, Custom) and r.check.series
    ]
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        groups.setdefault(r.metadata.body.name, []).append(i)
    out: list[Finding] = []
    for name, idx in groups.items():
        idx.sort(key=lambda i: reports[i].metadata.report_year)
        for a, b in pairwise(idx):
            _distinct_years(reports, name, a, b, sources)
            out += _pair(reports, a, b, rules, lang, reader)
    return out


def _distinct_years(
    reports: Sequence[Any], name: str, a: int, b: int, sources: Sequence[str] | None
) -> None:
    year = reports[b].metadata.report_year
    if reports[a].metadata.report_year == year:
        which = (
            f"{sources[a]} and {sources[b]}" if sources is not None else f"positions {a} and {b}"
        )
        raise GovdisclosureError(
            f"two reports of {name!r} for the year {year} ({which}); "
            "expected at most one report per body and year"
        )


def _pair(
    reports: Sequence[Any], a: int, b: int, rules: list[Rule], lang: Lang, reader: Reader
) -> list[Finding]:
    prev, cur = reports[a], reports[b]
    py, cy = prev.metadata.report_year, cur.metadata.report_year
    if cy != py + 1:
        return []
    pc, pv = reader(prev)
    cc, cv = reader(cur)
    out = []
    for rule in rules:
        assert isinstance(rule.check, Custom)
        if not rule.applies_to(cc.edition):
            continue
        for hit in SERIES_CHECKS[rule.check.key](prev, pv, pc, cur, cv, cc):
            hit.params.update(year=cy, previous_year=py, report_index=b, previous_index=a)
            out.append(render(rule, hit, cc, lang))
    return out
