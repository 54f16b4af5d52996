"""Year over year: one body's reports of two years, cell by cell, indicator by indicator.

>>> c = compare(report_2023, report_2024)             # doctest: +SKIP
>>> [(x.cell, x.delta) for x in c.cells if x.delta]   # doctest: +SKIP

Cells are compared by their public ids; editions may differ (tables 三 and 四 correspond
through the crosswalk, the single 2019 row （六） against the sum of the 2021 sub-rows, given
as the group id ``t3.results.other.*.<column>``; table 二 cells are compared only where both
editions have the same id). Relative changes are exact fractions (``None`` when the earlier
value is blank or 0). The cross-year rules (``check_series``) run on the pair, and every
narrative section's similarity to the previous year is given, sections at or above
:data:`~govdisclosure.analysis.text.REPEAT_THRESHOLD` being flagged (``YY-R1``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from govdisclosure.analysis._cells import Number, ReportT, cell_value
from govdisclosure.analysis.codes import analysis_finding
from govdisclosure.analysis.indicators import INDICATORS_BY_ID, IndicatorValue, compute
from govdisclosure.analysis.text import REPEAT_THRESHOLD, section_text, similarity
from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.rules import Lang, check_series

__all__ = ["CellChange", "Comparison", "IndicatorChange", "SectionSimilarity", "compare"]


def _plain(v: Any) -> Any:
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    if v is None or isinstance(v, int):
        return v
    return format(v, "f")


@dataclass(frozen=True)
class CellChange:
    """One cell in both years."""

    cell: str
    previous: Number | None
    current: Number | None

    @property
    def delta(self) -> Number | None:
        """``current − previous`` (``None`` when either is blank)."""
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous

    @property
    def relative(self) -> Fraction | None:
        """``delta / previous``, exact (``None`` when blank or the previous value is 0)."""
        d = self.delta
        if d is None or not self.previous:
            return None
        return Fraction(d) / Fraction(self.previous)

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form (relative change as ``p/q`` and as a percentage)."""
        rel = self.relative
        return {
            "cell": self.cell,
            "previous": _plain(self.previous),
            "current": _plain(self.current),
            "delta": _plain(self.delta),
            "relative": _plain(rel),
            "relative_percent": None if rel is None else f"{float(rel) * 100:.2f}",
        }


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator in both years."""

    id: str
    previous: IndicatorValue
    current: IndicatorValue

    @property
    def delta(self) -> Fraction | None:
        """Change of the value (a ratio; ×100 for percentage points)."""
        if self.previous.value is None or self.current.value is None:
            return None
        return self.current.value - self.previous.value

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form."""
        d = self.delta
        return {
            "id": self.id,
            "previous": self.previous.as_dict(),
            "current": self.current.as_dict(),
            "delta": _plain(d),
            "delta_points": None if d is None else f"{float(d) * 100:.2f}",
        }


@dataclass(frozen=True)
class SectionSimilarity:
    """One narrative section in both years."""

    section: str
    similarity: float | None
    """``None`` when either text is shorter than the minimum compared."""

    @property
    def repeated(self) -> bool:
        """At or above the repetition threshold."""
        return self.similarity is not None and self.similarity >= REPEAT_THRESHOLD


@dataclass
class Comparison:
    """The outcome of :func:`compare` (``previous`` is the earlier year)."""

    previous: ReportT
    current: ReportT
    cells: list[CellChange]
    indicators: list[IndicatorChange]
    sections: list[SectionSimilarity]
    findings: list[Finding]
    """Cross-year rule findings (``check_series``) and ``YY-R1`` flags."""
    same_body: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form."""
        return {
            "body": self.current.metadata.body.name,
            "previous_body": self.previous.metadata.body.name,
            "same_body": self.same_body,
            "previous_year": self.previous.metadata.report_year,
            "year": self.current.metadata.report_year,
            "editions": [self.previous.edition, self.current.edition],
            "cells": [c.as_dict() for c in self.cells],
            "indicators": [i.as_dict() for i in self.indicators],
            "sections": [
                {"section": s.section, "similarity": s.similarity, "repeated": s.repeated}
                for s in self.sections
            ],
            "findings": [f.as_dict() for f in self.findings],
        }

    def text(self) -> str:
        """A plain-text summary: changed cells, indicators, sections, findings."""
        p, c = self.previous.metadata, self.current.metadata
        out = [f"{c.body.name}: {p.report_year} → {c.report_year}"]
        if not self.same_body:
            out.append(f"note: the earlier report names another body ({p.body.name})")
        out.append("cells changed:")
        for ch in self.cells:
            if ch.delta:
                rel = ch.relative
                pct = f" ({float(rel) * 100:+.1f}%)" if rel is not None else ""
                out.append(f"  {ch.cell}: {ch.previous} → {ch.current} ({ch.delta:+}){pct}")
        out.append("indicators:")
        for ic in self.indicators:
            d = ic.delta
            pts = f" ({float(d) * 100:+.2f} pts)" if d is not None else ""
            name = INDICATORS_BY_ID[ic.id].name["zh"]
            out.append(f"  {ic.id} {name}: {ic.previous.display()} → {ic.current.display()}{pts}")
        out.append("narrative similarity:")
        for s in self.sections:
            sim = "—" if s.similarity is None else f"{s.similarity:.2f}"
            out.append(f"  {s.section}: {sim}{'  REPEATED' if s.repeated else ''}")
        for f in self.findings:
            out.append(f"{f.severity} {f.code}: {f.message}")
        return "\n".join(out) + "\n"

    def markdown(self) -> str:
        """Tables 二–四 in the official layout, each cell ``current (±delta)``."""
        return _layout_markup(self, md=True)

    def html(self) -> str:
        """Tables 二–四 in the official layout as an HTML page, changes marked."""
        return _layout_markup(self, md=False)


def _pairs(prev: ReportT, cur: ReportT) -> list[CellChange]:
    if cur.edition == "2019" and prev.edition == "2021":
        raise GovdisclosureError(
            "the later report uses the 2019 template and the earlier the 2021 one; expected the reverse"
        )
    old = layout_for(prev.edition)
    out: list[CellChange] = []
    groups: dict[str, list[Number | None]] = {}
    for ref in layout_for(cur.edition).cells:
        value = cell_value(cur, ref)
        if old.has_cell(*ref.id):
            out.append(CellChange(ref.dotted, cell_value(prev, old.cell(*ref.id)), value))
        elif ref.table.id == "t3":  # a 2021 sub-row of （六） against the single 2019 row
            groups.setdefault(ref.column.id, []).append(value)
    for column, values in groups.items():
        stated = [v for v in values if v is not None]
        total: Number | None = sum(stated) if stated else None
        before = cell_value(prev, old.cell("t3", "results.other", column))
        out.append(CellChange(f"t3.results.other.*.{column}", before, total))
    return out


def compare(
    a: ReportT, b: ReportT, *, lang: Lang = "zh", threshold: float = REPEAT_THRESHOLD
) -> Comparison:
    """Compare two reports of one body (in either order; the earlier year is ``previous``).

    Raises :class:`GovdisclosureError` when both are of the same year.
    """
    ya, yb = a.metadata.report_year, b.metadata.report_year
    if ya == yb:
        raise GovdisclosureError(f"both reports are of {ya}; expected two different years")
    prev, cur = (a, b) if ya < yb else (b, a)
    same = "".join(prev.metadata.body.name.split()) == "".join(cur.metadata.body.name.split())
    cells = _pairs(prev, cur)
    pv, cv = compute(prev), compute(cur, previous=prev)
    indicators = [IndicatorChange(x.id, x, y) for x, y in zip(pv, cv, strict=True)]
    sections: list[SectionSimilarity] = []
    findings: list[Finding] = []
    if same:
        findings.extend(check_series([prev, cur], lang=lang))
    flagged = {f.pointer for f in findings if f.code == "G-R7"}
    for info in SECTIONS:
        ratio = similarity(section_text(prev, info.id), section_text(cur, info.id))
        sim = SectionSimilarity(info.id, None if ratio is None else round(ratio, 4))
        sections.append(sim)
        pointer = f"/sections/{info.id}"
        if ratio is not None and ratio >= threshold and pointer not in flagged:
            findings.append(
                analysis_finding(
                    "YY-R1",
                    (pointer,),
                    lang=lang,
                    section=info.title,
                    section_id=info.id,
                    similarity=f"{ratio:.2f}",
                    previous_year=prev.metadata.report_year,
                )
            )
    return Comparison(prev, cur, cells, indicators, sections, findings, same)


def _cell_text(ch: CellChange | None, current: Number | None = None) -> tuple[str, bool]:
    if ch is None:  # a cell the earlier edition does not have: shown, not compared
        return ("" if current is None else str(_plain(current))), False
    cur = "" if ch.current is None else _plain(ch.current)
    d = ch.delta
    if ch.previous is None and ch.current is not None:
        return f"{cur} (上年空白)", True
    if ch.previous is not None and ch.current is None:
        return f"(空白，上年 {_plain(ch.previous)})", True
    if d:
        return f"{cur} ({d:+})", True
    return str(cur), False


_GROUP_ROW = "（六）其他处理 合计（与上年单行比较）"


def _block_rows(c: Comparison, table: Any, block: Any) -> list[list[tuple[str, bool]]]:
    by_cell = {ch.cell: ch for ch in c.cells}
    rows: list[list[tuple[str, bool]]] = []
    for i, row in enumerate(block.rows):
        cells = []
        for col in block.columns:
            ref = layout_for(c.current.edition).cell(table.id, row.id, col.id)
            cells.append(_cell_text(by_cell.get(ref.dotted), cell_value(c.current, ref)))
        rows.append([(row.full_label, False), *cells])
        nxt = block.rows[i + 1].id if i + 1 < len(block.rows) else ""
        if row.id.startswith("results.other.") and not nxt.startswith("results.other."):
            group = [by_cell.get(f"t3.results.other.*.{col.id}") for col in block.columns]
            if any(g is not None for g in group):
                rows.append([(_GROUP_ROW, False), *(_cell_text(g) for g in group)])
    return rows


def _summary_rows(c: Comparison) -> tuple[list[str], list[list[tuple[str, bool]]]]:
    head = [
        "指标 indicator",
        str(c.previous.metadata.report_year),
        str(c.current.metadata.report_year),
        "变化（百分点）",
    ]
    rows = []
    for ic in c.indicators:
        d = ic.delta
        pts = "" if d is None else f"{float(d) * 100:+.2f}"
        name = f"{INDICATORS_BY_ID[ic.id].name['zh']} ({ic.id})"
        rows.append(
            [
                (name, False),
                (ic.previous.display(), False),
                (ic.current.display(), False),
                (pts, bool(d)),
            ]
        )
    return head, rows


def _section_rows(c: Comparison) -> tuple[list[str], list[list[tuple[str, bool]]]]:
    titles = {s.id: s.title for s in SECTIONS}
    rows = [
        [
            (titles[s.section], False),
            ("—" if s.similarity is None else f"{s.similarity:.2f}", s.repeated),
            ("与上年几乎相同 repeated" if s.repeated else "", s.repeated),
        ]
        for s in c.sections
    ]
    return ["部分 section", "与上年相似度 similarity", ""], rows


def _layout_markup(c: Comparison, *, md: bool) -> str:
    layout = layout_for(c.current.edition)
    meta = c.current.metadata
    title = f"{meta.body.name} {c.previous.metadata.report_year}→{meta.report_year}"
    table_of = _md_table if md else _html_table

    def heading(text: str, level: int) -> str:
        return f"\n{'#' * level} {text}\n" if md else f"<h{level}>{html.escape(text)}</h{level}>"

    parts: list[str] = [heading(title, 1)]
    for table in layout.tables:
        parts.append(heading(table.title, 2))
        for block in table.blocks:
            head = [
                block.caption or block.corner_label or "",
                *(col.label for col in block.columns),
            ]
            parts.append(table_of(head, _block_rows(c, table, block)))
    parts.append(heading("指标 Indicators", 2))
    parts.append(table_of(*_summary_rows(c)))
    parts.append(heading("正文与上年相似度 Narrative similarity", 2))
    parts.append(table_of(*_section_rows(c)))
    if not md:
        body = "\n".join(parts)
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>table{{border-collapse:collapse}}"
            "td,th{border:1px solid #999;padding:2px 6px}td.changed{background:#fff3b0;"
            "font-weight:bold}</style></head><body>\n" + body + "\n</body></html>\n"
        )
    return "\n".join(parts) + "\n"


def _md_table(head: list[str], rows: list[list[tuple[str, bool]]]) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    lines = ["| " + " | ".join(esc(h) for h in head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        lines.append("| " + " | ".join(f"**{esc(t)}**" if ch else esc(t) for t, ch in row) + " |")
    return "\n".join(lines) + "\n"


def _html_table(head: list[str], rows: list[list[tuple[str, bool]]]) -> str:
    out = ["<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        tds = "".join(
            f'<td class="changed">{html.escape(t)}</td>' if ch else f"<td>{html.escape(t)}</td>"
            for t, ch in row
        )
        out.append(f"<tr>{tds}</tr>")
    return "\n".join(out) + "</table>"
