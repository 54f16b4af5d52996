"""The shape of a rule: its identity, its messages and, for identities, its declared cells.

Everything here is plain data. Codes are written out in the catalogue, never derived from
Python names, so that renaming code never changes a published code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from govdisclosure.editions import Edition
from govdisclosure.findings import Severity

if TYPE_CHECKING:
    from govdisclosure.layout import ReportLayout

__all__ = [
    "FAMILIES",
    "LANGS",
    "BlankItems",
    "BlankTotal",
    "CellId",
    "Custom",
    "Example",
    "Family",
    "Lang",
    "Relation",
    "Rule",
    "SeriesExample",
    "expand_rows",
    "fits",
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

CellId = tuple[str, str, str]
"""A cell's public ``(table, row, column)`` id."""
Change = tuple[str, Any]
"""One change of an example: ``(JSON Pointer, value)``."""


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
    relation: Relation | None = field(default=None, compare=False, repr=False)
    """The relation of rule ``of`` (set by :func:`~govdisclosure.rules.catalogue.blank_variants`):
    the variant applies wherever the relation does."""


@dataclass(frozen=True)
class BlankItems:
    """Findings of this rule are raised by the identity ``of`` when its single total cell is
    stated but every item cell it should add up to is blank.

    A sum of cells that were not stated is unknown, not 0: a total beside blank items is
    reported as unverifiable (a warning) instead of as a mismatch with 0.
    """

    of: str
    relation: Relation | None = field(default=None, compare=False, repr=False)
    """The relation of rule ``of`` (see :class:`BlankTotal`)."""


@dataclass(frozen=True)
class Custom:
    """A check written as a function, registered under ``key`` in ``rules.checks``."""

    key: str
    series: bool = False
    """A cross-year check, evaluated over a series of reports of one body."""
    needs: tuple[CellId, ...] = ()
    """The cells the check is about: the rule applies to every edition whose layout has all
    of them (none: every edition)."""
    table: str | None = None
    """For the structural checks (``key == "structure"``): the table whose range and type
    problems the rule reports (``None``: every problem no other structural rule takes)."""


@dataclass(frozen=True)
class Example:
    """Changes to the small clean report of :func:`~govdisclosure.rules.examples.base_document`
    that make a rule fire (shown in the docs, tested, and in the conformance suite)."""

    changes: Sequence[Change]
    edition: str | None = None
    """The edition of the base report (``None``: the newest edition the rule applies to)."""
    year: int | None = None
    """The report year (``None``: the first year of the edition)."""


@dataclass(frozen=True)
class SeriesExample:
    """A cross-year rule's example: the reports of year N and of year N+1."""

    first: Example
    second: Example


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue."""

    code: str
    """Stable code: never reused, never changed in meaning."""
    family: Family
    severity: Severity
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
    example: Example | SeriesExample | None = None
    """Changes that make the rule fire; ``None`` for an arithmetic rule derives them from its
    relation (:func:`~govdisclosure.rules.examples.example_of`)."""

    @property
    def editions(self) -> tuple[Edition, ...]:
        """Every edition whose layout has the rule's cells, in the order of ``layout.LAYOUTS``
        (read at each call, so that an edition registered later is included)."""
        from govdisclosure.layout import LAYOUTS

        return tuple(ed for ed, lay in LAYOUTS.items() if fits(self.check, lay))

    def applies_to(self, edition: Edition | str) -> bool:
        """Whether the rule applies to reports of ``edition`` (its layout has the cells)."""
        from govdisclosure.layout import layout_for

        try:
            lay = layout_for(edition)
        except (KeyError, ValueError):
            return False
        return fits(self.check, lay)


def expand_rows(table: Any, names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Row ids for ``names`` in ``table`` (a :class:`~govdisclosure.layout.Table`): a row id
    stands for itself, a row-group id for its rows; raises ``KeyError`` for anything else."""
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


def _relation_fits(rel: Relation, lay: ReportLayout) -> bool:
    try:
        table = lay.table(rel.table)
        if rel.across == "columns":
            expand_rows(table, (*rel.left, *rel.right))
            have = {c.id for b in table.blocks for c in b.columns}
            return set(rel.each) <= have
        rows = {r.id for r in table.rows}
        wanted = set(rel.left) | set(rel.right)
        blocks = [b for b in table.blocks if wanted <= {c.id for c in b.columns}]
    except KeyError:
        return False
    return bool(blocks) and set(rel.each) <= rows


def fits(check: Relation | BlankTotal | BlankItems | Custom, lay: ReportLayout) -> bool:
    """Whether a layout has the cells ``check`` is about (so its rule applies there)."""
    if isinstance(check, Relation):
        return _relation_fits(check, lay)
    if isinstance(check, BlankTotal | BlankItems):
        rel = check.relation
        if rel is None:
            from govdisclosure.rules.catalogue import RULES_BY_CODE

            owner = RULES_BY_CODE[check.of].check
            assert isinstance(owner, Relation)
            rel = owner
        return _relation_fits(rel, lay)
    if check.table is not None and not any(t.id == check.table for t in lay.tables):
        return False
    return all(lay.has_cell(*cell) for cell in check.needs)
