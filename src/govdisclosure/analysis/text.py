"""Similarity of narrative sections, measured the way rule G-R7 measures it.

Whitespace is removed and digits are dropped (year numbers differ in every copy), then
:class:`difflib.SequenceMatcher` gives the ratio of matching characters (0–1).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from govdisclosure.analysis._cells import ReportT
from govdisclosure.analysis.codes import analysis_finding
from govdisclosure.findings import Finding
from govdisclosure.layout import SECTIONS
from govdisclosure.rules import Lang

__all__ = ["MIN_CHARS", "REPEAT_THRESHOLD", "ReusePair", "section_text", "similarity", "text_reuse"]

MIN_CHARS = 50
"""Sections shorter than this (after normalisation) are not compared."""
REPEAT_THRESHOLD = 0.9
"""Similarity at or above which a section counts as repeated (the G-R7 threshold)."""

_DIGITS = re.compile(r"\d+")


def section_text(report: ReportT, section_id: str) -> str:
    """A section's text (its sub-headings included), whitespace and digits removed."""
    section = getattr(report.sections, section_id)
    if section is None:
        return ""
    parts = [section.text, *(s.title + "\n" + s.text for s in section.subsections)]
    return _DIGITS.sub("", "".join("".join(parts).split()))


def similarity(a: str, b: str, *, at_least: float = 0.0) -> float | None:
    """Ratio of matching characters of ``a`` and ``b``; ``None`` when either is too short.

    With ``at_least``, cheap upper bounds skip the full comparison of texts that cannot reach
    it (the result is then an upper bound below ``at_least``).
    """
    if len(a) < MIN_CHARS or len(b) < MIN_CHARS:
        return None
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    quick = m.real_quick_ratio()
    if quick < at_least:
        return quick
    quick = m.quick_ratio()
    if quick < at_least:
        return quick
    return m.ratio()


@dataclass(frozen=True)
class ReusePair:
    """Two reports whose section is near-identical."""

    section: str
    first: int
    second: int
    similarity: float


def text_reuse(
    reports: Sequence[ReportT],
    *,
    names: Sequence[str] | None = None,
    threshold: float = REPEAT_THRESHOLD,
    lang: Lang = "zh",
) -> tuple[list[ReusePair], list[Finding]]:
    """Pairs of reports (positions) whose same section is at least ``threshold`` similar.

    Meant for the reports of one year of different units; each pair also gives a ``TR-R1``
    finding naming both units (by ``names``, else their body names).
    """
    shown = list(names) if names is not None else [r.metadata.body.name for r in reports]
    pairs: list[ReusePair] = []
    findings: list[Finding] = []
    texts = [{s.id: section_text(r, s.id) for s in SECTIONS} for r in reports]
    for info in SECTIONS:
        for i, j in combinations(range(len(reports)), 2):
            ratio = similarity(texts[i][info.id], texts[j][info.id], at_least=threshold)
            if ratio is None or ratio < threshold:
                continue
            pairs.append(ReusePair(info.id, i, j, ratio))
            findings.append(
                analysis_finding(
                    "TR-R1",
                    (f"/sections/{info.id}",),
                    lang=lang,
                    section=info.title,
                    section_id=info.id,
                    unit_a=shown[i],
                    unit_b=shown[j],
                    first=i,
                    second=j,
                    similarity=f"{ratio:.2f}",
                )
            )
    return pairs, findings
