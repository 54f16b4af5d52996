"""A small report that checks clean, and for every rule a change to it that fires the rule.

The documentation pages show these examples with the findings the engine actually returns,
so the docs cannot drift from the rules. Each example is a list of ``(JSON Pointer, value)``
changes applied to :func:`base_document` (a value of :data:`DELETE` removes the member).

The examples live with the rules (``Rule.example`` in the catalogue); an arithmetic rule
without one gets one derived from its relation (:func:`example_of`), and every rule gets a
document that fires it and one that does not (:func:`cases_of`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from govdisclosure.editions import EDITION_INFO, Edition
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules._instances import relation_instances
from govdisclosure.rules._model import (
    BlankItems,
    BlankTotal,
    Relation,
    Rule,
    SeriesExample,
)

__all__ = [
    "DELETE",
    "EXAMPLES",
    "SERIES_EXAMPLES",
    "apply",
    "base_document",
    "cases_of",
    "example_of",
    "series_example_of",
]

DELETE = object()
"""Marker: remove the member at the pointer."""

Change = tuple[str, Any]


def base_document(
    edition: Edition | str = Edition.REV_2021, year: int | None = None
) -> dict[str, Any]:
    """A small consistent report document of ``edition``: every rule passes on it."""
    ed = Edition(edition)
    year = year or EDITION_INFO[ed].first_year
    doc: dict[str, Any] = {
        "edition": ed.value,
        "metadata": {
            "body": {"name": "示例市示例局", "level": "prefectural", "kind": "department"},
            "report_year": year,
            "publication_date": f"{year + 1}-01-20",
            "statistics_period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        },
        "sections": {},
        "t2": {},
        "t3": {},
        "t4": {},
    }
    texts = {
        "general": f"{year}年，本局共收到政府信息公开申请5件。",
        "problems": "主要问题是公开内容还不够全面，下一步将加以改进。",
        "other_matters": "本年度未收取信息处理费。",
    }
    for s in SECTIONS:
        doc["sections"][s.id] = {"title": s.title, "text": texts.get(s.id, ""), "subsections": []}
    values = {
        ("new_received", "natural_person"): 5,
        ("new_received", "total"): 5,
        ("results.granted", "natural_person"): 3,
        ("results.granted", "total"): 3,
        ("results.total", "natural_person"): 3,
        ("results.total", "total"): 3,
        ("carried_over_out", "natural_person"): 2,
        ("carried_over_out", "total"): 2,
    }
    for ref in layout_for(ed).cells:
        obj = doc[ref.table.id]
        for name in ref.row.path:
            obj = obj.setdefault(name, {})
        value = values.get((ref.row.id, ref.column.id), 0) if ref.table.id == "t3" else 0
        obj[ref.column.id] = value
    return doc


def apply(doc: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """A copy of ``doc`` with ``changes`` applied (members created as needed)."""
    out = copy.deepcopy(doc)
    for pointer, value in changes:
        parts = pointer.lstrip("/").split("/")
        obj: Any = out
        for name in parts[:-1]:
            obj = obj[int(name)] if isinstance(obj, list) else obj.setdefault(name, {})
        last = parts[-1]
        if value is DELETE:
            del obj[last]
        elif isinstance(obj, list):
            obj[int(last)] = value
        else:
            obj[last] = value
    return out


def _edition(rule: Rule, stated: str | None) -> Edition:
    if stated is not None:
        return Edition(stated)
    editions = rule.editions
    if not editions:
        raise ValueError(f"rule {rule.code} applies to no edition: no example")
    return editions[-1]


def _cells(rule: Rule, edition: Edition) -> tuple[list[str], list[str]]:
    """The pointers of the first instance of the relation behind ``rule`` (left, right)."""
    check = rule.check
    if isinstance(check, BlankTotal | BlankItems):
        rel = check.relation or _catalogue.RULES_BY_CODE[check.of].check
    else:
        rel = check
    assert isinstance(rel, Relation)
    lay = layout_for(edition)
    index = {ref.id: k for k, ref in enumerate(lay.cells)}
    left, right = relation_instances(rel, lay, index)[0]
    pointers = [ref.pointer for ref in lay.cells]
    return [pointers[i] for i in left], [pointers[i] for i in right]


def _get(doc: Any, pointer: str) -> Any:
    for t in pointer.lstrip("/").split("/"):
        doc = doc[t]
    return doc


def _derived(rule: Rule, edition: Edition, kind: str) -> list[Change]:
    """Changes of the base document that fire (``kind="fire"``) or pass an arithmetic rule,
    on the first instance of its relation."""
    left, right = _cells(rule, edition)
    base = base_document(edition)
    fire = kind == "fire"
    if isinstance(rule.check, BlankTotal):
        # Items stated, total blank; beside items that add up to 0 a blank total is no finding.
        return [(right[0], 1 if fire else 0), *((p, None) for p in left)]
    if isinstance(rule.check, BlankItems):
        # A stated total beside blank items; a total of 0 beside them is no finding.
        return [(left[0], 1 if fire else 0), *((p, None) for p in right)]
    if not left:
        # A bound with nothing on the left (0 <= a + b): its last cell made negative.
        return [*((p, 0) for p in right[:-1]), (right[-1], -1 if fire else 0)]
    # The first left cell one more than the relation allows (the base report holds it);
    # passing: that cell and the first right cell one more each.
    slack = sum(_get(base, p) or 0 for p in right) - sum(_get(base, p) or 0 for p in left)
    if not fire:
        return [(left[0], _get(base, left[0]) + 1), (right[0], _get(base, right[0]) + 1)]
    return [(left[0], _get(base, left[0]) + slack + 1)]


def example_of(rule: Rule) -> tuple[Edition, list[Change]]:
    """The edition and the changes of the base document that make single-report rule
    ``rule`` fire: its own example, or one derived from its relation."""
    ex = rule.example
    if isinstance(ex, SeriesExample):
        raise ValueError(f"rule {rule.code} is a cross-year rule: see series_example_of")
    if ex is not None:
        return _edition(rule, ex.edition), list(ex.changes)
    if isinstance(rule.check, Relation | BlankTotal | BlankItems):
        edition = _edition(rule, None)
        return edition, _derived(rule, edition, "fire")
    raise ValueError(f"rule {rule.code} has no example")


def series_example_of(rule: Rule) -> tuple[Edition, list[Change], Edition, list[Change]]:
    """A cross-year rule's example: (edition, changes) of year N, then of year N+1."""
    ex = rule.example
    if not isinstance(ex, SeriesExample):
        raise ValueError(f"rule {rule.code} has no cross-year example")
    return (
        _edition(rule, ex.first.edition),
        list(ex.first.changes),
        _edition(rule, ex.second.edition),
        list(ex.second.changes),
    )


def cases_of(rule: Rule) -> dict[str, dict[str, Any]]:
    """A report document that fires single-report rule ``rule`` and one that does not:
    ``{"fire": …, "pass": …}``. An arithmetic rule passes with its first instance changed
    so that the relation still holds (or, for a blank variant, the blank beside zeros);
    any other rule on the base document."""
    edition, changes = example_of(rule)
    base = base_document(edition)
    if isinstance(rule.check, Relation | BlankTotal | BlankItems):
        passing = apply(base, _derived(rule, edition, "pass"))
    else:
        passing = base
    return {"fire": apply(base, changes), "pass": passing}


class _Examples(Mapping[str, Any]):
    """A live view of the examples of the catalogue's rules (rules added later included)."""

    def __init__(self, series: bool) -> None:
        self._series = series

    def _rules(self) -> dict[str, Rule]:
        return {
            r.code: r
            for r in _catalogue.CATALOGUE
            if isinstance(r.example, SeriesExample) == self._series
            and (r.example is not None or isinstance(r.check, Relation | BlankTotal | BlankItems))
        }

    def __getitem__(self, code: str) -> Any:
        rule = self._rules()[code]
        return series_example_of(rule) if self._series else example_of(rule)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules())

    def __len__(self) -> int:
        return len(self._rules())


EXAMPLES: Mapping[str, tuple[Edition, list[Change]]] = _Examples(series=False)
"""For each single-report rule: the edition of the base document and the changes that fire it."""

SERIES_EXAMPLES: Mapping[str, tuple[Edition, list[Change], Edition, list[Change]]] = _Examples(
    series=True
)
"""For each cross-year rule: (edition, changes) of year N, then of year N+1."""
