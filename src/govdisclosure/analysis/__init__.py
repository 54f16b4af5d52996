"""Analysis across reports: aggregation (汇总), indicators, year over year, coverage.

- :func:`aggregate` sums reports of one year into a report of the same edition;
- :data:`INDICATORS` / :func:`compute` are the indicator registry and its evaluation;
- :func:`compare` compares one body's reports of two years;
- :func:`text_reuse` finds near-identical sections of different units;
- :class:`Roster`, :func:`coverage` and :func:`aggregate_roster` check who published (on time)
  and build 本地区 figures along a roster's tree, reconciling published region reports.

Findings of these functions carry the codes of :data:`ANALYSIS_CODES`.
"""

from __future__ import annotations

from govdisclosure.analysis.aggregate import Aggregate, Scope, aggregate
from govdisclosure.analysis.codes import ANALYSIS_CODES, AnalysisCode
from govdisclosure.analysis.compare import (
    CellChange,
    Comparison,
    IndicatorChange,
    SectionSimilarity,
    compare,
)
from govdisclosure.analysis.crosswalk import CROSSWALK, CrosswalkEntry
from govdisclosure.analysis.indicators import (
    INDICATORS,
    INDICATORS_BY_ID,
    Indicator,
    IndicatorValue,
    Term,
    compute,
    compute_one,
    indicator_row,
)
from govdisclosure.analysis.roster import (
    Coverage,
    CoverageEntry,
    Roster,
    RosterAggregate,
    RosterError,
    Submission,
    Unit,
    aggregate_roster,
    coverage,
    deadline_for,
    load_roster,
    parse_roster,
)
from govdisclosure.analysis.text import ReusePair, similarity, text_reuse

__all__ = [
    "ANALYSIS_CODES",
    "CROSSWALK",
    "INDICATORS",
    "INDICATORS_BY_ID",
    "Aggregate",
    "AnalysisCode",
    "CellChange",
    "Comparison",
    "Coverage",
    "CoverageEntry",
    "CrosswalkEntry",
    "Indicator",
    "IndicatorChange",
    "IndicatorValue",
    "ReusePair",
    "Roster",
    "RosterAggregate",
    "RosterError",
    "Scope",
    "SectionSimilarity",
    "Submission",
    "Term",
    "Unit",
    "aggregate",
    "aggregate_roster",
    "compare",
    "compute",
    "compute_one",
    "coverage",
    "deadline_for",
    "indicator_row",
    "load_roster",
    "parse_roster",
    "similarity",
    "text_reuse",
]
