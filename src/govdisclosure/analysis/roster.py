"""A roster of expected units: coverage, timeliness, and 本地区 sums along its tree.

A roster is a CSV file (UTF-8, with a header) with one line per expected report::

    name,code,parent,level,kind
    某市,,,prefectural,region
    某市人民政府,,某市,prefectural,own
    某区,320813,某市,county,region
    某区人民政府,,某区,county,own

``name`` (required) is the unit's name as its report names its issuing body; ``code``
(optional) a 统一社会信用代码 or 行政区划代码 that identifies it as well; ``parent`` (optional)
the name or code of the unit it belongs to; ``level`` (optional) ``national``, ``provincial``,
``prefectural``, ``county`` or ``township``; ``kind`` (optional, default ``own``) ``own`` for a
body's own report (本级) or ``region`` for a report on the whole region (本地区). Optional
columns ``body_kind`` (``department``, ``government_office``, ``people_government``,
``other``) and ``deadline`` (``MM-DD``) decide the publication deadline.

:func:`coverage` says which expected reports are missing, duplicated, late or undated, and
which reports name a unit the roster does not list. :func:`aggregate_roster` sums each unit's
本级 report with its subordinate units' figures into its 本地区 aggregate, keeping 本级 and
本地区 apart, and reconciles a unit's own published 本地区 report with that sum cell by cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from govdisclosure.analysis._cells import ReportT, cell_value
from govdisclosure.analysis.aggregate import Aggregate, aggregate
from govdisclosure.analysis.codes import analysis_finding
from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding
from govdisclosure.layout import layout_for
from govdisclosure.models import BodyKind, BodyLevel
from govdisclosure.rules import Lang

__all__ = [
    "Coverage",
    "CoverageEntry",
    "ReportKind",
    "Roster",
    "RosterAggregate",
    "RosterError",
    "Submission",
    "Unit",
    "aggregate_roster",
    "coverage",
    "deadline_for",
    "load_roster",
    "parse_roster",
]

ReportKind = Literal["own", "region"]
Status = Literal["ok", "missing", "duplicate", "late", "undated"]


class RosterError(GovdisclosureError, ValueError):
    """A roster file that cannot be used; ``str()`` names the file, line and column."""


@dataclass(frozen=True)
class Unit:
    """One expected report of the roster."""

    name: str
    kind: ReportKind = "own"
    code: str | None = None
    parent: str | None = None
    """The name of the parent unit (a ``code`` in the file is resolved to the name)."""
    level: BodyLevel | None = None
    body_kind: BodyKind | None = None
    deadline: tuple[int, int] | None = None
    """(month, day) of the deadline in the year after the report year, if the roster sets it."""
    line: int = 0

    @property
    def key(self) -> tuple[str, ReportKind]:
        """``(name, kind)``: unique within a roster."""
        return (self.name, self.kind)


@dataclass(frozen=True)
class Roster:
    """The expected units, in file order."""

    units: tuple[Unit, ...]

    def unit(self, name: str, kind: ReportKind = "own") -> Unit | None:
        """The unit ``name`` of ``kind``, if listed."""
        for u in self.units:
            if u.key == (name, kind):
                return u
        return None

    def names(self) -> list[str]:
        """Unit names in file order, each once."""
        return list(dict.fromkeys(u.name for u in self.units))

    def children(self, name: str) -> list[str]:
        """Names of the units whose parent is ``name``."""
        return list(dict.fromkeys(u.name for u in self.units if u.parent == name))

    def match(self, report: ReportT) -> str | None:
        """The roster name of the unit that issued ``report`` (by code, then by name)."""
        body = report.metadata.body
        codes = {c for c in (body.credit_code, body.region_code) if c}
        for u in self.units:
            if u.code and u.code in codes:
                return u.name
        name = _norm(body.name)
        for u in self.units:
            if _norm(u.name) == name:
                return u.name
        return None


def _norm(name: str) -> str:
    return "".join(name.split())


_COLUMNS = ("name", "code", "parent", "level", "kind", "body_kind", "deadline")


def _choice(value: str, allowed: tuple[str, ...], where: str, column: str) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise RosterError(
            f"{where}, column {column}: {value!r}; expected one of {', '.join(allowed)}"
        )
    return value


def _deadline(value: str, where: str) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        month, day = (int(x) for x in value.split("-"))
        dt.date(2001, month, day)
    except ValueError:
        raise RosterError(
            f"{where}, column deadline: {value!r}; expected MM-DD, e.g. 01-31"
        ) from None
    return (month, day)


def parse_roster(text: str, *, source: str = "roster") -> Roster:
    """Read roster CSV ``text``; raises :class:`RosterError` naming the line and column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    _check_header([h.strip() for h in reader.fieldnames or []], source)
    rows: list[dict[str, str]] = []
    for row in reader:
        rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k is not None})
    by_code = {r["code"]: r["name"] for r in rows if r.get("code")}
    units: list[Unit] = []
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(rows, start=2):
        where = f"{source}, line {n}"
        name, kind = _name_and_kind(row, where)
        if (name, kind) in seen:
            raise RosterError(f"{where}: {name!r} ({kind}) is listed twice")
        seen.add((name, kind))
        units.append(_unit(row, name, kind, n, by_code, where))
    _check_parents(units, source)
    roster = Roster(tuple(units))
    _check_cycles(roster, source)
    return roster


def _check_header(header: list[str], source: str) -> None:
    if "name" not in header:
        raise RosterError(
            f"{source}, line 1: no 'name' column; expected a header with {', '.join(_COLUMNS)}"
        )
    unknown = [h for h in header if h not in _COLUMNS]
    if unknown:
        raise RosterError(
            f"{source}, line 1: unknown column(s) {', '.join(unknown)}; expected {', '.join(_COLUMNS)}"
        )


def _name_and_kind(row: dict[str, str], where: str) -> tuple[str, str]:
    name = row.get("name", "")
    if not name:
        raise RosterError(f"{where}, column name: empty; expected the unit's name")
    return name, _choice(row.get("kind", ""), get_args(ReportKind), where, "kind") or "own"


def _unit(
    row: dict[str, str], name: str, kind: str, n: int, by_code: dict[str, str], where: str
) -> Unit:
    """The unit of roster line ``n``; a parent given by its code is named by its name."""
    parent = row.get("parent", "") or None
    if parent is not None:
        parent = by_code.get(parent, parent)
    return Unit(
        name,
        kind,  # type: ignore[arg-type]
        row.get("code") or None,
        parent,
        _choice(row.get("level", ""), get_args(BodyLevel), where, "level"),  # type: ignore[arg-type]
        _choice(row.get("body_kind", ""), get_args(BodyKind), where, "body_kind"),  # type: ignore[arg-type]
        _deadline(row.get("deadline", ""), where),
        n,
    )


def _check_parents(units: list[Unit], source: str) -> None:
    names = {u.name for u in units}
    for u in units:
        if u.parent is not None and u.parent not in names:
            raise RosterError(
                f"{source}, line {u.line}, column parent: {u.parent!r} is not a unit of the roster"
            )
        if u.parent == u.name:
            raise RosterError(
                f"{source}, line {u.line}, column parent: a unit cannot be its own parent"
            )


def _check_cycles(roster: Roster, source: str) -> None:
    parent = {u.name: u.parent for u in roster.units if u.parent}
    for start in parent:
        seen = {start}
        cur = parent.get(start)
        while cur is not None:
            if cur in seen:
                raise RosterError(f"{source}: the parents of {start!r} form a cycle")
            seen.add(cur)
            cur = parent.get(cur)


def load_roster(path: str | Path) -> Roster:
    """Read a roster CSV file (UTF-8); raises :class:`RosterError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as e:
        raise RosterError(f"cannot read roster {p}: {getattr(e, 'strerror', None) or e}") from None
    return parse_roster(text, source=str(p))


# ------------------------------------------------------------------------------ coverage


def deadline_for(
    year: int,
    *,
    kind: ReportKind = "own",
    body_kind: BodyKind | None = None,
    level: BodyLevel | None = None,
    override: tuple[int, int] | None = None,
) -> tuple[dt.date | None, str]:
    """The publication deadline of a report for ``year``, and what it rests on.

    条例 art. 49: departments (and government offices, as departments of their government)
    publish by 31 January of the following year; a government's report on its level (本级政府,
    and so a 本地区 report) by 31 March. A body of unknown kind gets the later date (as rule
    G-R4 does); art. 49 sets no deadline for townships (``None``). ``override`` (month, day)
    wins over all of this.
    """
    if override is not None:
        return dt.date(year + 1, *override), "roster deadline"
    if level == "township":
        return None, "no statutory deadline for townships"
    if kind == "own" and body_kind in ("department", "government_office"):
        return dt.date(year + 1, 1, 31), "条例第四十九条: departments by 31 January"
    return dt.date(year + 1, 3, 31), "条例第四十九条: governments by 31 March"


@dataclass(frozen=True)
class Submission:
    """A report given to :func:`coverage` / :func:`aggregate_roster`, with its kind."""

    report: ReportT
    source: str
    kind: ReportKind = "own"


@dataclass
class CoverageEntry:
    """The state of one expected report of the roster."""

    unit: Unit
    status: Status
    sources: list[str] = field(default_factory=list)
    date: dt.date | None = None
    deadline: dt.date | None = None
    deadline_basis: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form."""
        return {
            "name": self.unit.name,
            "kind": self.unit.kind,
            "code": self.unit.code,
            "parent": self.unit.parent,
            "status": self.status,
            "sources": list(self.sources),
            "date": self.date.isoformat() if self.date else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_basis": self.deadline_basis,
        }


@dataclass
class Coverage:
    """The outcome of :func:`coverage`."""

    year: int
    entries: list[CoverageEntry]
    unknown: list[str]
    """Sources of reports naming a unit the roster does not list."""
    findings: list[Finding]

    def count(self, status: Status) -> int:
        """Number of expected reports with ``status``."""
        return sum(1 for e in self.entries if e.status == status)

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form."""
        return {
            "year": self.year,
            "expected": len(self.entries),
            "counts": {s: self.count(s) for s in get_args(Status)},
            "unknown": list(self.unknown),
            "entries": [e.as_dict() for e in self.entries],
            "findings": [f.as_dict() for f in self.findings],
        }


def _assign(
    roster: Roster, submissions: Sequence[Submission], year: int
) -> tuple[dict[tuple[str, ReportKind], list[Submission]], list[Submission]]:
    found: dict[tuple[str, ReportKind], list[Submission]] = {}
    unknown: list[Submission] = []
    for s in submissions:
        if s.report.metadata.report_year != year:
            continue
        name = roster.match(s.report)
        if name is None or roster.unit(name, s.kind) is None:
            unknown.append(s)
            continue
        found.setdefault((name, s.kind), []).append(s)
    return found, unknown


def _timeliness(entry: CoverageEntry, s: Submission, year: int, lang: Lang) -> Finding | None:
    meta = s.report.metadata
    unit = entry.unit
    entry.deadline, entry.deadline_basis = deadline_for(
        year,
        kind=unit.kind,
        body_kind=unit.body_kind or meta.body.kind,
        level=unit.level or meta.body.level,
        override=unit.deadline,
    )
    entry.date = meta.publication_date
    if entry.date is None:
        entry.status = "undated"
        return analysis_finding(
            "CV-R5",
            ("/metadata/publication_date",),
            lang=lang,
            unit=unit.name,
            year=year,
            source=s.source,
        )
    if entry.deadline is not None and entry.date > entry.deadline:
        entry.status = "late"
        return analysis_finding(
            "CV-R4",
            ("/metadata/publication_date",),
            lang=lang,
            unit=unit.name,
            year=year,
            date=entry.date.isoformat(),
            deadline=entry.deadline.isoformat(),
            days=(entry.date - entry.deadline).days,
            source=s.source,
        )
    return None


def coverage(
    roster: Roster, submissions: Sequence[Submission], year: int, *, lang: Lang = "zh"
) -> Coverage:
    """Which expected reports of ``year`` are missing, duplicated, late or undated.

    Reports of other years are ignored. A report's publication date (``metadata.
    publication_date``) is compared with :func:`deadline_for`; a report without one is
    ``undated``. Reports of units the roster does not list are returned in ``unknown``.
    """
    found, unknown = _assign(roster, submissions, year)
    entries: list[CoverageEntry] = []
    findings: list[Finding] = []
    for unit in roster.units:
        subs = found.get(unit.key, [])
        entry = CoverageEntry(unit, "ok", [s.source for s in subs])
        kind_text = ("本地区" if unit.kind == "region" else "本级") if lang == "zh" else unit.kind
        if not subs:
            entry.status = "missing"
            findings.append(
                analysis_finding("CV-R1", (), lang=lang, unit=unit.name, kind=kind_text, year=year)
            )
        elif len(subs) > 1:
            entry.status = "duplicate"
            findings.append(
                analysis_finding(
                    "CV-R2",
                    (),
                    lang=lang,
                    unit=unit.name,
                    kind=kind_text,
                    year=year,
                    count=len(subs),
                    sources=entry.sources,
                )
            )
        else:
            f = _timeliness(entry, subs[0], year, lang)
            if f is not None:
                findings.append(f)
        entries.append(entry)
    for s in unknown:
        findings.append(
            analysis_finding(
                "CV-R3",
                ("/metadata/body/name",),
                lang=lang,
                unit=s.report.metadata.body.name,
                source=s.source,
            )
        )
    return Coverage(year, entries, [s.source for s in unknown], findings)


# ------------------------------------------------------------------------------ region sums


@dataclass
class RosterAggregate:
    """The outcome of :func:`aggregate_roster`."""

    regions: dict[str, Aggregate]
    """The computed 本地区 aggregate of every unit that has subordinate units, by name."""
    coverage: Coverage
    findings: list[Finding]
    """Reconciliation findings (``RC-R1``): a published 本地区 report against the sum."""


def _reconcile(unit: str, published: Submission, computed: ReportT, lang: Lang) -> list[Finding]:
    if published.report.edition != computed.edition:
        return []
    out: list[Finding] = []
    for ref in layout_for(computed.edition).cells:
        if (
            ref.table.id == "t2"
            and computed.metadata.aggregate
            and computed.metadata.aggregate.crosswalk
        ):
            continue
        pub, calc = cell_value(published.report, ref), cell_value(computed, ref)
        if (pub or 0) != (calc or 0):  # blank and 0 both state nothing was counted
            out.append(
                analysis_finding(
                    "RC-R1",
                    (ref.pointer,),
                    lang=lang,
                    reported=pub,
                    computed=calc,
                    unit=unit,
                    cell=ref.dotted,
                    source=published.source,
                )
            )
    return out


def aggregate_roster(
    roster: Roster, submissions: Sequence[Submission], year: int, *, lang: Lang = "zh"
) -> RosterAggregate:
    """Build the 本地区 figures of every unit with subordinate units, bottom up.

    The 本地区 aggregate of a unit is the sum of its own (本级) report and, for each child,
    the child's 本地区 aggregate if it has children, else its own report (else its published
    本地区 report). Missing members are reported by the coverage part (``CV-R1``) and simply
    absent from the sum, which its ``metadata.aggregate.members`` shows. Where the unit's
    published 本地区 report was given, it is reconciled with the sum cell by cell (``RC-R1``).
    """
    cov = coverage(roster, submissions, year, lang=lang)
    found, _ = _assign(roster, submissions, year)

    def single(name: str, kind: ReportKind) -> Submission | None:
        subs = found.get((name, kind), [])
        return subs[0] if len(subs) == 1 else None

    regions: dict[str, Aggregate] = {}
    findings: list[Finding] = []

    def region(name: str) -> tuple[ReportT, str] | None:
        children = roster.children(name)
        if not children:
            s = single(name, "own") or single(name, "region")
            return (s.report, s.source) if s else None
        parts: list[tuple[ReportT, str]] = []
        own = single(name, "own")
        if own is not None:
            parts.append((own.report, own.source))
        for child in children:
            part = region(child)
            if part is not None:
                parts.append(part)
        if not parts:
            return None
        agg = aggregate(
            [p[0] for p in parts],
            sources=[p[1] for p in parts],
            name=f"{name}（本地区，汇总）",
            scope="region",
            lang=lang,
        )
        regions[name] = agg
        published = single(name, "region")
        if published is not None:
            findings.extend(_reconcile(name, published, agg.report, lang))
        return agg.report, f"{name}（本地区，汇总）"

    for root in [
        n for n in roster.names() if all(u.parent is None for u in roster.units if u.name == n)
    ]:
        region(root)
    return RosterAggregate(regions, cov, findings)


def submissions_from(pairs: Mapping[str, ReportT], kind: ReportKind = "own") -> list[Submission]:
    """Submissions from ``{source: report}`` of one kind."""
    return [Submission(r, s, kind) for s, r in pairs.items()]
