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
from govdisclosure.analysis.crosswalk import CROSSWALK, CrosswalkEntry

__all__ = [
    "ANALYSIS_CODES",
    "CROSSWALK",
    "Aggregate",
    "AnalysisCode",
    "CrosswalkEntry",
    "Scope",
    "aggregate",
]
