"""The indicator registry: rates evaluators compute from the tables, as data.

>>> from govdisclosure.analysis.indicators import INDICATORS, compute
>>> [v.display() for v in compute(report)]              # doctest: +SKIP

Each :class:`Indicator` has a stable ``id`` (never reused, never changed in meaning; a
different definition gets a different id), zh/en names, a formula over public cell ids with
the numerator and the denominator stated separately, a minimum-denominator guard and its
references. Values are exact :class:`~fractions.Fraction` objects; a blank or zero denominator
gives no value with a reason, never 0 % or a division error. Rates over a region are computed
from summed counts (compute them on an :func:`~govdisclosure.analysis.aggregate`), never by
averaging the units' rates. ``schemas/indicators.json`` and ``docs/analysis/indicators/`` are
generated from :data:`INDICATORS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from govdisclosure.analysis._cells import Number, ReportT, cell_values
from govdisclosure.editions import Edition
from govdisclosure.layout import layout_for

__all__ = [
    "INDICATORS",
    "INDICATORS_BY_ID",
    "Indicator",
    "IndicatorValue",
    "Reason",
    "Term",
    "artefacts",
    "compute",
    "compute_one",
    "indicator_row",
    "registry_data",
]

PREVIOUS = "prev:"
"""Prefix of a cell id read from the previous year's report (year-over-year indicators)."""

Reason = Literal[
    "blank_numerator",
    "blank_denominator",
    "zero_denominator",
    "below_minimum",
    "no_previous_report",
]
REASONS: dict[Reason, str] = {
    "blank_numerator": "every cell of the numerator is blank",
    "blank_denominator": "every cell of the denominator is blank",
    "zero_denominator": "the denominator is 0",
    "below_minimum": "the denominator is below the indicator's minimum",
    "no_previous_report": "no report of the previous year was given",
}
"""Why an indicator has no value, for each :data:`Reason`."""


@dataclass(frozen=True)
class Term:
    """A signed sum of cells: ``Σ plus − Σ minus``.

    A cell id is ``table.row.column`` (``t3.results.total.total``); a row part ending in ``*``
    stands for every row of that group in the report's edition (``t3.results.unable.*.total``);
    the prefix ``prev:`` reads the previous year's report.
    """

    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()

    def formula(self) -> str:
        """The term in the notation of the docs (``a + b − c``)."""
        text = " + ".join(_show(c) for c in self.plus)
        for c in self.minus:
            text += f" − {_show(c)}"
        return text

    def cells(self) -> tuple[str, ...]:
        """Every cell id (or group pattern) named."""
        return self.plus + self.minus


def _show(cell: str) -> str:
    return "Σ " + cell if "*" in cell else cell


@dataclass(frozen=True)
class Indicator:
    """One indicator of the registry."""

    id: str
    """Stable id (``disclosure_rate``): never reused, never changed in meaning."""
    name: dict[str, str]
    """Name per language (``zh``, ``en``)."""
    numerator: Term
    denominator: Term
    meaning: str
    """What it measures and how it differs from its variants (English)."""
    references: tuple[str, ...]
    """Where the definition is used or published."""
    min_denominator: int = 1
    """The value is withheld (reason ``below_minimum``) when the denominator is smaller."""
    kind: Literal["share", "change"] = "share"
    """``share``: a part of a whole; ``change``: a relative change against the previous year."""
    variant_of: str | None = None
    """The id of the indicator this one is a variant of."""

    @property
    def needs_previous(self) -> bool:
        """The indicator reads the previous year's report."""
        return any(
            c.startswith(PREVIOUS) for c in self.numerator.cells() + self.denominator.cells()
        )

    def formula(self) -> str:
        """``(numerator) / (denominator)`` in cell ids."""
        return f"({self.numerator.formula()}) / ({self.denominator.formula()})"


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator evaluated on one report (or an aggregate)."""

    id: str
    numerator: Number | None
    denominator: Number | None
    value: Fraction | None
    """Exact value (a ratio: 0.3061 is 30.61 %); ``None`` when there is none, see ``reason``."""
    reason: Reason | None = None
    blank_cells: tuple[str, ...] = field(default=())
    """Cells of the formula that are blank (counted as absent, not as 0)."""

    def percent(self, digits: int = 2) -> Decimal | None:
        """The value as a percentage rounded half-up to ``digits`` places (``None``: no value)."""
        if self.value is None:
            return None
        scaled = self.value * 100 * 10**digits
        q, r = divmod(scaled.numerator, scaled.denominator)
        rounded = q + (1 if 2 * r >= scaled.denominator else 0)
        return Decimal(rounded).scaleb(-digits)

    def display(self, digits: int = 2) -> str:
        """``30.61%`` or ``—（zero_denominator）``."""
        pct = self.percent(digits)
        return f"{pct}%" if pct is not None else f"—（{self.reason}）"

    def as_dict(self) -> dict[str, Any]:
        """JSON-compatible form: the exact value as ``"p/q"`` and a rounded percentage."""
        pct = self.percent(4)
        return {
            "id": self.id,
            "numerator": _plain(self.numerator),
            "denominator": _plain(self.denominator),
            "value": None
            if self.value is None
            else f"{self.value.numerator}/{self.value.denominator}",
            "percent": None if pct is None else format(pct, "f"),
            "reason": self.reason,
            "blank_cells": list(self.blank_cells),
        }


def _plain(v: Number | None) -> int | str | None:
    return format(v, "f") if isinstance(v, Decimal) else v


_TOTAL = "t3.results.total.total"
_GRANTED = "t3.results.granted.total"
_PARTIAL = "t3.results.partially_granted.total"
_WITHHELD = "t3.results.withheld.*.total"
_UNABLE = "t3.results.unable.*.total"
_NOT_PROCESSED = "t3.results.not_processed.*.total"
_NEW = "t3.new_received.total"
_IN = "t3.carried_over_in.total"
_LIT = ("t4.litigation_direct", "t4.litigation_after_review")
_PEER = "a peer tool's indicator code"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "disclosure_rate",
        {"zh": "公开率", "en": "Disclosure rate"},
        Term((_GRANTED, _PARTIAL)),
        Term((_TOTAL,)),
        "Requests answered by disclosing in full or in part, per request answered (all outcomes "
        "（一）–（六）, carry-over included). The figure Shanghai publishes.",
        (
            "上海市 2023 年度报告（全市）: 10,538 / 34,430 = 30.61 %",
            "普陀区 2022 年上半年: 81 / 263 = 30.80 %",
        ),
    ),
    Indicator(
        "disclosure_rate_granted_only",
        {"zh": "公开率（仅予以公开）", "en": "Disclosure rate (full disclosure only)"},
        Term((_GRANTED,)),
        Term((_TOTAL,)),
        "Only （一）予以公开 in the numerator; partial disclosures are left out.",
        ("offered by a peer tool as an alternative definition",),
        variant_of="disclosure_rate",
    ),
    Indicator(
        "disclosure_rate_substantive",
        {"zh": "公开率（实体处理口径）", "en": "Disclosure rate (substantively processed)"},
        Term((_GRANTED, _PARTIAL)),
        Term((_GRANTED, _PARTIAL, _WITHHELD, _UNABLE)),
        "Procedural closures （五）不予处理 and （六）其他处理 are left out of the denominator. "
        "Modelled on the US FOIA share of requests 'substantively processed'; a proposal, not "
        "a Chinese official figure.",
        ("US DOJ FOIA annual reports (substantively processed requests)",),
        variant_of="disclosure_rate",
    ),
    Indicator(
        "withheld_share",
        {"zh": "不予公开占比", "en": "Share withheld"},
        Term((_WITHHELD,)),
        Term((_TOTAL,)),
        "Requests answered （三）不予公开 (all eight grounds), per request answered.",
        ("indicators in use by evaluators",),
    ),
    Indicator(
        "unable_share",
        {"zh": "无法提供占比", "en": "Share that could not be provided"},
        Term((_UNABLE,)),
        Term((_TOTAL,)),
        "Requests answered （四）无法提供 (all three grounds), per request answered.",
        ("松江区 2024 年度报告: 603 / 1,336 = 45.1 %",),
    ),
    Indicator(
        "not_processed_share",
        {"zh": "不予处理占比", "en": "Share not processed"},
        Term((_NOT_PROCESSED,)),
        Term((_TOTAL,)),
        "Requests answered （五）不予处理 (all five grounds), per request answered.",
        ("indicators in use by evaluators",),
    ),
    Indicator(
        "review_correction_rate",
        {"zh": "复议纠错率", "en": "Review correction rate"},
        Term(("t4.review.corrected",)),
        Term(("t4.review.total",)),
        "Administrative reviews whose result was corrected, per review case (pending cases "
        "included in the denominator).",
        (_PEER + ": corrected / total",),
    ),
    Indicator(
        "review_correction_rate_decided",
        {"zh": "复议纠错率（审结口径）", "en": "Review correction rate (decided cases)"},
        Term(("t4.review.corrected",)),
        Term(("t4.review.total",), ("t4.review.pending",)),
        "As review_correction_rate, over the cases decided (total − pending): the definition "
        "the same peer's explanation panel gives, '(纠错 + 败诉) / 复议审结总数'.",
        (_PEER + " (explanation panel): corrected / (total − pending)",),
        variant_of="review_correction_rate",
    ),
    Indicator(
        "litigation_correction_rate",
        {"zh": "诉讼纠错率", "en": "Litigation correction rate"},
        Term(tuple(f"{b}.corrected" for b in _LIT)),
        Term(tuple(f"{b}.total" for b in _LIT)),
        "Lawsuits (both groups: direct, and after review) whose result was corrected, per case.",
        (_PEER, "普陀区 2022 年上半年: 2 lawsuits, 0 corrected = 0 %"),
    ),
    Indicator(
        "litigation_correction_rate_decided",
        {"zh": "诉讼纠错率（审结口径）", "en": "Litigation correction rate (decided cases)"},
        Term(tuple(f"{b}.corrected" for b in _LIT)),
        Term(tuple(f"{b}.total" for b in _LIT), tuple(f"{b}.pending" for b in _LIT)),
        "As litigation_correction_rate, over the cases decided (total − pending).",
        (_PEER,),
        variant_of="litigation_correction_rate",
    ),
    Indicator(
        "dispute_conversion_rate",
        {"zh": "争议转化率", "en": "Dispute conversion rate"},
        Term(("t4.review.total", *(f"{b}.total" for b in _LIT))),
        Term((_NEW,)),
        "Review and litigation cases (all three blocks of table 四) per new request received.",
        ("indicators in use by evaluators",),
    ),
    Indicator(
        "natural_person_share",
        {"zh": "自然人申请占比", "en": "Share of requests from natural persons"},
        Term(("t3.new_received.natural_person",)),
        Term((_NEW,)),
        "New requests from natural persons, per new request.",
        ("indicators in use by evaluators",),
    ),
    Indicator(
        "carry_forward_rate",
        {"zh": "结转率", "en": "Carry-forward rate"},
        Term(("t3.carried_over_out.total",)),
        Term((_NEW, _IN)),
        "Requests carried forward to next year, per request handled (new + carried over in).",
        ("松江区 2024 年度报告: 1,416 handled, 80 carried forward",),
    ),
    Indicator(
        "new_requests_yoy",
        {"zh": "新收申请同比变化", "en": "Change of new requests on the previous year"},
        Term((_NEW,), (PREVIOUS + _NEW,)),
        Term((PREVIOUS + _NEW,)),
        "Relative change of new requests received on the previous year's report of the same "
        "body: (this year − last year) / last year.",
        ("上海市 2023 年度报告: 34,290 new requests, +29.3 % on 2022",),
        kind="change",
    ),
)
"""Every indicator, in documentation order."""

INDICATORS_BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}


def _expand(cell: str, edition: Edition) -> list[str]:
    if "*" not in cell:
        return [cell]
    table, rest = cell.split(".", 1)
    group, column = rest.split(".*.")
    return [
        f"{table}.{row.id}.{column}"
        for row in layout_for(edition).table(table).rows
        if row.id.startswith(group + ".")
    ]


Values = Mapping[str, Number | None]


def _sum(
    cells: Iterable[str], values: Values, previous: Values | None, blanks: list[str]
) -> tuple[Number | None, bool]:
    """Sum the cells; returns (sum or None when all blank, whether any cell was read)."""
    total: Number = 0
    stated = False
    for cell in cells:
        src, key = (
            (previous, cell[len(PREVIOUS) :]) if cell.startswith(PREVIOUS) else (values, cell)
        )
        v = src.get(key) if src is not None else None
        if v is None:
            blanks.append(cell)
            continue
        total += v
        stated = True
    return (total if stated else None), stated


def _term(
    term: Term, values: Values, previous: Values | None, edition: Edition, blanks: list[str]
) -> Number | None:
    plus, ok_plus = _sum(
        (c for p in term.plus for c in _expand_prev(p, edition)), values, previous, blanks
    )
    minus, _ = _sum(
        (c for p in term.minus for c in _expand_prev(p, edition)), values, previous, blanks
    )
    if not ok_plus or plus is None:
        return None
    return plus - (minus or 0)


def _expand_prev(cell: str, edition: Edition) -> list[str]:
    if cell.startswith(PREVIOUS):
        return [PREVIOUS + c for c in _expand(cell[len(PREVIOUS) :], edition)]
    return _expand(cell, edition)


def compute_one(
    indicator: Indicator,
    values: Values,
    edition: Edition | str,
    *,
    previous: Values | None = None,
    min_denominator: int | None = None,
) -> IndicatorValue:
    """Evaluate ``indicator`` on cell ``values`` (dotted id → value, see ``cell_values``).

    ``previous`` are the previous year's values (for ``change`` indicators);
    ``min_denominator`` overrides the indicator's guard.
    """
    ed = Edition(edition)
    if indicator.needs_previous and previous is None:
        return IndicatorValue(indicator.id, None, None, None, "no_previous_report")
    blanks: list[str] = []
    num = _term(indicator.numerator, values, previous, ed, blanks)
    den = _term(indicator.denominator, values, previous, ed, blanks)
    guard = indicator.min_denominator if min_denominator is None else min_denominator
    reason: Reason | None = None
    if den is None:
        reason = "blank_denominator"
    elif den == 0:
        reason = "zero_denominator"
    elif num is None:
        reason = "blank_numerator"
    elif den < guard:
        reason = "below_minimum"
    value = None if reason or num is None or den is None else Fraction(num) / Fraction(den)
    return IndicatorValue(indicator.id, num, den, value, reason, tuple(dict.fromkeys(blanks)))


def compute(
    report: ReportT,
    *,
    previous: ReportT | None = None,
    indicators: Sequence[Indicator] | None = None,
    min_denominator: int | None = None,
) -> list[IndicatorValue]:
    """Every indicator (or those given) on ``report``; ``previous``: last year's report.

    For a region, pass the aggregate of its units: rates are then computed from summed counts.
    """
    values = cell_values(report)
    prev = cell_values(previous) if previous is not None else None
    return [
        compute_one(i, values, report.edition, previous=prev, min_denominator=min_denominator)
        for i in (indicators if indicators is not None else INDICATORS)
    ]


def indicator_row(
    report: ReportT, *, previous: ReportT | None = None, min_denominator: int | None = None
) -> dict[str, Fraction | None]:
    """``{indicator id: exact value or None}`` for one report: one row of a dataset."""
    return {
        v.id: v.value for v in compute(report, previous=previous, min_denominator=min_denominator)
    }


def registry_data() -> dict[str, Any]:
    """The registry as JSON-compatible data (``schemas/indicators.json``)."""
    from govdisclosure.schema_ids import INDICATORS_ID

    return {
        "$id": INDICATORS_ID,
        "description": "The govdisclosure indicator registry: each indicator's numerator and "
        "denominator as signed sums of public cell ids (a row part '*' stands for every row "
        "of the group; 'prev:' reads the previous year's report). Values are exact ratios; "
        "no value is given, with a reason, when the denominator is blank, zero or below "
        "min_denominator.",
        "reasons": dict(REASONS),
        "indicators": [
            {
                "id": i.id,
                "name": dict(i.name),
                "kind": i.kind,
                "variant_of": i.variant_of,
                "formula": i.formula(),
                "numerator": {"plus": list(i.numerator.plus), "minus": list(i.numerator.minus)},
                "denominator": {
                    "plus": list(i.denominator.plus),
                    "minus": list(i.denominator.minus),
                },
                "expanded": {
                    ed.value: {
                        "numerator": _expanded(i.numerator, ed),
                        "denominator": _expanded(i.denominator, ed),
                    }
                    for ed in Edition
                },
                "min_denominator": i.min_denominator,
                "meaning": i.meaning,
                "references": list(i.references),
            }
            for i in INDICATORS
        ],
    }


def artefacts() -> dict[str, Any]:
    """Provider of :mod:`govdisclosure.schema`: ``schemas/indicators.json``, the registry as data."""
    return {"indicators.json": registry_data()}


def _expanded(term: Term, edition: Edition) -> dict[str, list[str]]:
    return {
        "plus": [c for p in term.plus for c in _expand_prev(p, edition)],
        "minus": [c for p in term.minus for c in _expand_prev(p, edition)],
    }
