"""The shape of a rule: its identity, its messages and, for identities, its declared cells.

Everything here is plain data. Codes are written out in the catalogue, never derived from
Python names, so that renaming code never changes a published code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from govdisclosure.editions import Edition, is_official, official_editions
from govdisclosure.findings import Severity

__all__ = [
    "FAMILIES",
    "LANGS",
    "BlankItems",
    "BlankTotal",
    "Custom",
    "Family",
    "Lang",
    "Relation",
    "Rule",
]

Family = Literal["structural", "table", "cross-table", "narrative", "cross-year", "plausibility"]
FAMILIES: tuple[Family, ...] = (
    "structural",
    "table",
    "cross-table",
    "narrative",
    "cross-year",
    "plausibility",
)
"""Rule families, for ``--select`` / ``--skip``."""

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Relation:
    """An exact arithmetic relation ``Σ left  op  Σ right`` between cells of one table.

    ``across="columns"``: ``left`` and ``right`` name rows (a row-group id such as
    ``results.withheld`` stands for every row of the group, read from the layout); the
    relation holds in each column of ``each`` (default: every column of the table).
    ``across="rows"``: ``left`` and ``right`` name columns; the relation holds in each row of
    ``each`` (default: every row of the table that has all these columns).

    An empty ``left`` is the constant 0 (``0 <= a + b``). Blank cells count as 0; a blank
    single ``left`` cell beside a different sum is reported by the rule whose check is the
    matching :class:`BlankTotal`, and a stated single ``left`` cell whose ``right`` cells are
    all blank by the rule whose check is the matching :class:`BlankItems`.
    """

    table: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    op: Literal["==", "<="] = "=="
    across: Literal["columns", "rows"] = "columns"
    each: tuple[str, ...] = ()

    @property
    def is_identity(self) -> bool:
        """An equality (an arithmetic identity, as opposed to a bound)."""
        return self.op == "=="


@dataclass(frozen=True)
class BlankTotal:
    """Findings of this rule are raised by the identity ``of`` when its total cell is blank."""

    of: str


@dataclass(frozen=True)
class BlankItems:
    """Findings of this rule are raised by the identity ``of`` when its single total cell is
    stated but every item cell it should add up to is blank.

    A sum of cells that were not stated is unknown, not 0: a total beside blank items is
    reported as unverifiable (a warning) instead of as a mismatch with 0.
    """

    of: str


@dataclass(frozen=True)
class Custom:
    """A check written as a function, registered under ``key`` in ``rules.checks``."""

    key: str
    series: bool = False
    """A cross-year check, evaluated over a series of reports of one body."""


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue."""

    code: str
    """Stable code: never reused, never changed in meaning."""
    family: Family
    severity: Severity
    editions: tuple[Edition, ...]
    title: dict[Lang, str]
    """Short name of the rule, per language."""
    formula: str
    """The rule in the notation of the specification (cell ids)."""
    reference: str
    """Template clause, statute article or specification item the rule rests on."""
    messages: dict[Lang, str]
    """Message templates with named placeholders (``str.format`` syntax), per language."""
    check: Relation | BlankTotal | BlankItems | Custom
    meaning: dict[Lang, str] = field(default_factory=dict)
    """A paragraph saying what the rule means and why it holds."""
    placeholders: tuple[str, ...] = ()
    """Names a message may use (documented in the exported catalogue)."""

    def applies_to(self, edition: Edition | str) -> bool:
        """Whether the rule applies to reports of ``edition``.

        An arithmetic rule also applies to an edition registered at run time whose layout has
        the rule's cells (its table, rows or row groups, and columns); a rule written as a
        function does when it applies to every official edition.
        """
        ed = Edition(edition)
        if ed in self.editions:
            return True
        if is_official(ed):
            return False
        if isinstance(self.check, Custom):
            return set(self.editions) >= set(official_editions())
        return _has_cells(self, ed)


def _has_cells(rule: Rule, edition: Edition) -> bool:
    """Whether ``edition``'s layout has every cell ``rule`` names."""
    from govdisclosure.layout import layout_for
    from govdisclosure.rules.catalogue import RULES_BY_CODE

    check = rule.check
    if isinstance(check, (BlankTotal, BlankItems)):
        return RULES_BY_CODE[check.of].applies_to(edition)
    if not isinstance(check, Relation):
        return True
    try:
        table = layout_for(edition).table(check.table)
    except KeyError:
        return False
    rows = {r.id for r in table.rows}
    groups = {".".join(r.path[:i]) for r in table.rows for i in range(1, len(r.path))}
    columns = {c.id for b in table.blocks for c in b.columns}
    row_names, column_names = (
        (check.left + check.right, check.each)
        if check.across == "columns"
        else (check.each, check.left + check.right)
    )
    return all(n in rows or n in groups for n in row_names) and all(
        n in columns for n in column_names
    )
