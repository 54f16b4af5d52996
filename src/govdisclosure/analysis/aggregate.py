"""Aggregation (汇总): the sum of reports of one year, as a report of the same edition.

>>> result = aggregate([report_a, report_b], name="某市（本地区）")   # doctest: +SKIP
>>> result.report.t3.new_received.total, [f.code for f in result.findings]  # doctest: +SKIP

Every cell of the aggregate is the exact sum of the members' cells (integers, and decimals for
amounts; never floats). Blank handling is explicit: blank + blank = blank; blank + n = n, with an
``AG-R1`` finding naming the members that left the cell blank. The aggregate is a normal report:
it validates against the schema, renders in the official layout and is checked by the same
rules; its ``metadata.aggregate`` lists the members it is the sum of.

Members of different editions are summed through :mod:`~govdisclosure.analysis.crosswalk`
(tables 三 and 四 only); table 二 is summed only within one edition. Whatever cannot be summed
is left blank and reported (``AG-R2``, ``AG-R3``), never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from govdisclosure.analysis._cells import Number, ReportT, cell_value, put_cell
from govdisclosure.analysis.codes import analysis_finding
from govdisclosure.editions import Edition, official_editions
from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding
from govdisclosure.layout import CellRef, layout_for
from govdisclosure.models import MODELS, AggregateInfo, AggregateMember, Report2019
from govdisclosure.rules import Lang, check

__all__ = ["Aggregate", "Scope", "aggregate"]

Scope = Literal["own", "region", "set"]

_OTHER = "results.other"
_NOT_SUMMABLE = object()


@dataclass
class Aggregate:
    """The outcome of :func:`aggregate`."""

    report: ReportT
    """The aggregate report (edition of the members, or 2021 for mixed editions)."""
    findings: list[Finding]
    """Analysis findings (``AG-R…``): blank members, cells not summed, inconsistent members."""
    member_findings: list[list[Finding]] = field(default_factory=list)
    """The rule findings of each member (``rules.check``), in member order."""
    sources: list[str] = field(default_factory=list)
    """How each member is named in findings (its source, else its body name)."""

    def attribute(self, finding: Finding) -> list[int]:
        """Positions of the members that have ``finding``'s rule failing at the same cell.

        Sums of consistent members are consistent for every arithmetic rule (the rules are
        linear), so an inconsistency of the aggregate comes from the members listed here.
        """
        return [
            i
            for i, fs in enumerate(self.member_findings)
            if any(f.code == finding.code and f.pointer == finding.pointer for f in fs)
        ]


def _member_name(report: ReportT, source: str | None) -> str:
    return source or report.metadata.body.name


def _sum(values: Sequence[Number | None]) -> Number | None:
    stated = [v for v in values if v is not None]
    if not stated:
        return None
    total: Number = 0
    for v in stated:
        total = total + v
    return total


def _group_value(report: ReportT, ref: CellRef) -> Number | None:
    """A 2021 member's （六） sub-rows summed into the single 2019 row (exact)."""
    t3: Any = report.t3
    other = t3.results.other
    return _sum([getattr(getattr(other, r), ref.column.id) for r in type(other).model_fields])


def _member_value(report: ReportT, target: Edition, ref: CellRef) -> Any:
    """The member's value for target cell ``ref``, or ``_NOT_SUMMABLE``."""
    if report.edition == target.value:
        return cell_value(report, ref)
    if ref.table.id == "t2":
        return _NOT_SUMMABLE
    if ref.table.id == "t3" and ref.row.id.startswith(_OTHER):
        if target is Edition.TRIAL_2019:
            return _group_value(report, ref)
        return _NOT_SUMMABLE  # a 2019 single row against 2021 sub-rows: handled by group
    return cell_value(report, ref)  # tables 三/四 share every other row id and column


def _procurement_units(members: Sequence[ReportT]) -> set[str | None]:
    units: set[str | None] = set()
    for m in members:
        if isinstance(m, Report2019) and m.t2.central_procurement.procurement_amount is not None:
            units.add(m.t2.central_procurement.procurement_amount_unit)
    return units


class _Builder:
    def __init__(
        self, members: Sequence[ReportT], names: Sequence[str], target: Edition, lang: Lang
    ) -> None:
        self.members = members
        self.names = names
        self.target = target
        self.lang = lang
        self.doc: dict[str, Any] = {"t2": {}, "t3": {}, "t4": {}}
        self.findings: list[Finding] = []
        self.extra_cells: list[dict[str, Any]] = []

    def cell(self, ref: CellRef, values: Sequence[Number | None]) -> None:
        total = _sum(values)
        put_cell(self.doc, ref, total)
        blank = [self.names[i] for i, v in enumerate(values) if v is None]
        if total is not None and blank:
            self.findings.append(
                analysis_finding(
                    "AG-R1",
                    (ref.pointer,),
                    lang=self.lang,
                    cell=ref.dotted,
                    blank_count=len(blank),
                    blank_members=blank,
                )
            )

    def not_summable(self, refs: Sequence[CellRef], reason: str, pointer: str) -> None:
        for ref in refs:
            put_cell(self.doc, ref, None)
        self.findings.append(
            analysis_finding(
                "AG-R2",
                (pointer,),
                lang=self.lang,
                cell=pointer.lstrip("/").replace("/", "."),
                reason=reason,
            )
        )

    def other_group(self, refs: Sequence[CellRef]) -> None:
        """（六） of a 2021 aggregate with 2019 members, one column at a time."""
        by_column: dict[str, list[CellRef]] = {}
        for ref in refs:
            by_column.setdefault(ref.column.id, []).append(ref)
        for column, subs in by_column.items():
            old = {
                i: m.t3.results.other.__dict__[column]
                for i, m in enumerate(self.members)
                if m.edition == "2019"
            }
            if all(v in (None, 0) for v in old.values()):
                # 0 splits exactly into 0 + 0 + 0 and blank into blanks: no guess is needed.
                for ref in subs:
                    self.cell(
                        ref,
                        [
                            old[i] if i in old else cell_value(m, ref)
                            for i, m in enumerate(self.members)
                        ],
                    )
                continue
            group = _sum(
                [
                    old[i] if i in old else _group_value(m, subs[0])
                    for i, m in enumerate(self.members)
                ]
            )
            for ref in subs:
                put_cell(self.doc, ref, None)
            self.extra_cells.append({"column": column, "raw": str(group), "value": group})
            self.findings.append(
                analysis_finding(
                    "AG-R3",
                    tuple(ref.pointer for ref in subs),
                    lang=self.lang,
                    group=_OTHER,
                    column=column,
                    members=[self.names[i] for i, v in old.items() if v not in (None, 0)],
                    value=group,
                )
            )

    def tables(self) -> None:
        layout = layout_for(self.target)
        mixed = any(m.edition != self.target.value for m in self.members)
        group_refs: list[CellRef] = []
        for table in layout.tables:
            if table.id == "t2" and mixed:
                self.not_summable(
                    list(table.cells()),
                    "表二只在同一版式内汇总 / table 二 differs by edition",
                    "/t2",
                )
                continue
            for ref in table.cells():
                if (
                    mixed
                    and self.target is Edition.REV_2021
                    and ref.row.id.startswith(_OTHER + ".")
                ):
                    group_refs.append(ref)
                    continue
                if (
                    ref.column.id == "procurement_amount"
                    and len(_procurement_units(self.members)) > 1
                ):
                    self.not_summable(
                        [ref], "采购金额单位不一 / amounts in different units", ref.pointer
                    )
                    continue
                self.cell(ref, [_member_value(m, self.target, ref) for m in self.members])
        if group_refs:
            self.other_group(group_refs)
        if self.target is Edition.TRIAL_2019 and not mixed:
            units = _procurement_units(self.members) - {None}
            self.doc["t2"]["central_procurement"]["procurement_amount_unit"] = (
                units.pop() if len(units) == 1 else None
            )


def _check_members(members: Sequence[ReportT]) -> Edition:
    if not members:
        raise GovdisclosureError("nothing to aggregate: expected at least one report")
    years = sorted({m.metadata.report_year for m in members})
    if len(years) > 1:
        raise GovdisclosureError(
            f"reports of different years ({', '.join(map(str, years))}); "
            "expected reports of one year (compare years with 'compare')"
        )
    editions = {m.edition for m in members}
    return Edition(editions.pop()) if len(editions) == 1 else Edition.REV_2021


def aggregate(
    members: Sequence[ReportT],
    *,
    name: str | None = None,
    sources: Sequence[str] | None = None,
    scope: Scope = "set",
    edition: Edition | str | None = None,
    lang: Lang = "zh",
) -> Aggregate:
    """Sum ``members`` (reports of one year) into one report.

    ``name`` is the body name of the aggregate (default: ``汇总（N 份报告）``); ``sources``
    name the members in findings and in ``metadata.aggregate.members`` (e.g. file names);
    ``scope`` says whether the sum is a body's own figures (本级), a region (本地区) or an
    arbitrary set. ``edition`` chooses the edition of the aggregate when the members' editions
    differ (default 2021; 2019 is exact for tables 三/四, since the three 2021 sub-rows of （六）
    add up to the single 2019 row). Raises :class:`GovdisclosureError` for no members, members
    of different years, or ``sources`` of the wrong length.
    """
    target = _check_members(members)
    if edition is not None:
        target = Edition(edition)
    official = official_editions()
    unsupported = sorted({m.edition for m in members} - {e.value for e in official})
    if unsupported or target not in official:
        raise GovdisclosureError(
            f"aggregation sums reports of the official editions only "
            f"({' or '.join(e.value for e in official)}), "
            f"not of edition {', '.join(unsupported or [target.value])}"
        )
    if sources is not None and len(sources) != len(members):
        raise GovdisclosureError(f"{len(sources)} sources for {len(members)} reports")
    names = [_member_name(m, sources[i] if sources else None) for i, m in enumerate(members)]
    builder = _Builder(members, names, target, lang)
    builder.tables()
    year = members[0].metadata.report_year
    info = AggregateInfo(
        scope=scope,
        members=[
            AggregateMember(
                name=m.metadata.body.name,
                credit_code=m.metadata.body.credit_code,
                region_code=m.metadata.body.region_code,
                report_year=m.metadata.report_year,
                edition=m.edition_enum.value,  # type: ignore[arg-type]  # official, checked above
                source=sources[i] if sources else None,
            )
            for i, m in enumerate(members)
        ],
        crosswalk=any(m.edition != target.value for m in members),
    )
    doc = builder.doc
    doc.update(
        edition=target.value,
        metadata={
            "body": {"name": name or f"汇总（{len(members)} 份报告）"},
            "report_year": year,
            "aggregate": info,
        },
        sections={},
    )
    if builder.extra_cells:
        doc["extra_rows"] = [
            {
                "table": "t3",
                "label": "（六）其他处理（合计，含按组汇总的 2019 版成员）",
                "after_row": "results.other.other",
                "subtotal_of": _OTHER,
                "cells": builder.extra_cells,
            }
        ]
    report: ReportT = MODELS[target].model_validate(doc)
    member_findings = [check(m, lang=lang) for m in members]
    findings = builder.findings
    for i, fs in enumerate(member_findings):
        for f in fs:
            if f.severity == "error":
                findings.append(
                    analysis_finding(
                        "AG-R4",
                        f.pointers,
                        lang=lang,
                        member=members[i].metadata.body.name,
                        member_index=i,
                        source=names[i],
                        rule=f.code,
                        message=f.message,
                    )
                )
        extra = len(members[i].extra_rows)
        if extra:
            findings.append(
                analysis_finding(
                    "AG-R5",
                    ("/extra_rows",),
                    lang=lang,
                    member=names[i],
                    member_index=i,
                    count=extra,
                )
            )
    return Aggregate(report, findings, member_findings, names)
