"""The indicator registry reproduces the published figures; no value is ever a division error."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.analysis import INDICATORS, INDICATORS_BY_ID, compute, compute_one
from govdisclosure.analysis.indicators import registry_data
from govdisclosure.editions import Edition
from govdisclosure.layout import layout_for
from govdisclosure.schema import generated_files
from tests.conftest import DATA

FIGURES = json.loads((DATA / "analysis" / "published_figures.json").read_text(encoding="utf-8"))
E = Edition.REV_2021
_ROWS = [r.id for r in layout_for(E).table("t3").rows]


def _blank() -> dict[str, Any]:
    return {ref.dotted: None for ref in layout_for(E).cells}


def _group_rows(group: str) -> list[str]:
    return [r for r in _ROWS if r.startswith(group + ".")] or [group]


def split(total: int, parts: int) -> st.SearchStrategy[list[int]]:
    """Every way of writing ``total`` as ``parts`` non-negative integers."""
    if parts == 1:
        return st.just([total])
    return st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1).map(
        lambda cuts: [
            b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), total], strict=True)
        ]
    )


def _put_group(values: dict[str, Any], group: str, parts: list[int]) -> None:
    for row, v in zip(_group_rows(f"results.{group}"), parts, strict=True):
        values[f"t3.{row}.total"] = v


def _pct(ind: str, values: dict[str, Any], digits: int = 2, **kw: Any) -> Decimal | None:
    return compute_one(INDICATORS_BY_ID[ind], values, E, **kw).percent(digits)


@given(split(FIGURES["shanghai_2023"]["granted_plus_partial"], 2))
def test_shanghai_2023_disclosure_rate(parts: list[int]) -> None:
    fig = FIGURES["shanghai_2023"]
    values = _blank()
    values["t3.results.granted.total"], values["t3.results.partially_granted.total"] = parts
    values["t3.results.total.total"] = fig["answered"]
    # Only the sum 公开 + 部分公开 is published: every split of it gives the published rate.
    assert str(_pct("disclosure_rate", values)) == fig["disclosure_rate_percent"]


@given(split(FIGURES["putuo_2022_h1"]["granted_plus_partial"], 2))
def test_putuo_2022_h1(parts: list[int]) -> None:
    fig = FIGURES["putuo_2022_h1"]
    values = _blank()
    values["t3.results.granted.total"], values["t3.results.partially_granted.total"] = parts
    values["t3.results.total.total"] = fig["answered"]
    values["t4.litigation_direct.total"] = fig["lawsuits"]
    values["t4.litigation_direct.corrected"] = fig["lawsuits_corrected"]
    values["t4.litigation_after_review.total"] = 0
    values["t4.litigation_after_review.corrected"] = 0
    assert str(_pct("disclosure_rate", values)) == fig["disclosure_rate_percent"]
    assert _pct("litigation_correction_rate", values) == 0


@st.composite
def songjiang(draw: st.DrawFn) -> dict[str, Any]:
    fig = FIGURES["songjiang_2024"]
    values = _blank()
    out = fig["outcomes"]
    values["t3.results.granted.total"] = out["granted"]
    values["t3.results.partially_granted.total"] = out["partially_granted"]
    for group in ("withheld", "unable", "not_processed", "other"):
        _put_group(values, group, draw(split(out[group], len(_group_rows(f"results.{group}")))))
    values["t3.results.total.total"] = fig["answered"]
    values["t3.carried_over_out.total"] = fig["carried_forward"]
    new, carried_in = draw(split(fig["handled"], 2))
    values["t3.new_received.total"], values["t3.carried_over_in.total"] = new, carried_in
    values["t4.review.total"] = fig["reviews"]
    values["t4.review.corrected"] = fig["reviews_corrected"]
    return values


@given(songjiang())
def test_songjiang_2024(values: dict[str, Any]) -> None:
    fig = FIGURES["songjiang_2024"]
    assert sum(fig["outcomes"].values()) == fig["answered"]
    assert str(_pct("unable_share", values, 1)) == fig["unable_share_percent"]
    unable = compute_one(INDICATORS_BY_ID["unable_share"], values, E)
    assert (unable.numerator, unable.denominator) == (603, 1336)
    assert compute_one(INDICATORS_BY_ID["disclosure_rate"], values, E).value == Fraction(400, 1336)
    carry = compute_one(INDICATORS_BY_ID["carry_forward_rate"], values, E)
    assert (carry.numerator, carry.denominator) == (80, 1416)
    review = compute_one(INDICATORS_BY_ID["review_correction_rate"], values, E)
    assert review.value == Fraction(8, 192)
    assert str(review.percent()) == "4.17"
    # The substantive variant leaves （五）and （六） out of the denominator.
    subst = compute_one(INDICATORS_BY_ID["disclosure_rate_substantive"], values, E)
    assert subst.denominator == 376 + 24 + 65 + 603


def test_shanghai_yoy_formula() -> None:
    # The 2022 count is not published with the 2023 figure; the formula is checked against
    # the published rounded change for the previous values that round to it.
    fig = FIGURES["shanghai_2023"]
    ind = INDICATORS_BY_ID["new_requests_yoy"]
    values = _blank()
    values["t3.new_received.total"] = fig["new_received"]
    hits = []
    for prev in range(25000, 28000):
        v = compute_one(ind, values, E, previous={"t3.new_received.total": prev})
        if str(v.percent(1)) == fig["new_requests_yoy_percent"]:
            hits.append(prev)
            assert v.value == Fraction(fig["new_received"] - prev, prev)
    assert hits
    assert all(26510 <= p <= 26530 for p in hits)


def test_zero_blank_and_guard_give_no_value() -> None:
    values = _blank()
    v = compute_one(INDICATORS_BY_ID["review_correction_rate"], values, E)
    assert (v.value, v.reason) == (None, "blank_denominator")
    values["t4.review.total"] = 0
    values["t4.review.corrected"] = 0
    v = compute_one(INDICATORS_BY_ID["review_correction_rate"], values, E)
    assert (v.value, v.reason, v.display()) == (None, "zero_denominator", "—（zero_denominator）")
    values["t4.review.total"] = 5
    values["t4.review.corrected"] = 1
    v = compute_one(INDICATORS_BY_ID["review_correction_rate"], values, E, min_denominator=30)
    assert (v.value, v.reason, v.denominator) == (None, "below_minimum", 5)
    v = compute_one(INDICATORS_BY_ID["review_correction_rate"], values, E)
    assert v.value == Fraction(1, 5)
    v = compute_one(INDICATORS_BY_ID["new_requests_yoy"], values, E)
    assert v.reason == "no_previous_report"


def test_decided_variant_subtracts_pending() -> None:
    values = _blank()
    values.update({"t4.review.total": 10, "t4.review.pending": 2, "t4.review.corrected": 2})
    assert compute_one(INDICATORS_BY_ID["review_correction_rate"], values, E).value == Fraction(
        1, 5
    )
    assert compute_one(
        INDICATORS_BY_ID["review_correction_rate_decided"], values, E
    ).value == Fraction(1, 4)


def test_registry_ids_and_required_indicators() -> None:
    ids = [i.id for i in INDICATORS]
    assert len(ids) == len(set(ids))
    for needed in (
        "disclosure_rate",
        "disclosure_rate_granted_only",
        "disclosure_rate_substantive",
        "withheld_share",
        "unable_share",
        "not_processed_share",
        "review_correction_rate",
        "review_correction_rate_decided",
        "litigation_correction_rate",
        "dispute_conversion_rate",
        "natural_person_share",
        "carry_forward_rate",
        "new_requests_yoy",
    ):
        assert needed in ids
    lit = INDICATORS_BY_ID["litigation_correction_rate"]
    assert set(lit.denominator.plus) == {
        "t4.litigation_direct.total",
        "t4.litigation_after_review.total",
    }


def test_registry_cells_exist_in_both_editions() -> None:
    data = registry_data()
    for ind in data["indicators"]:
        for ed, terms in ind["expanded"].items():
            layout = layout_for(ed)
            for term in terms.values():
                assert term["plus"], ind["id"]
                for side in term.values():
                    for cell in side:
                        table, rest = cell.removeprefix("prev:").split(".", 1)
                        row, col = rest.rsplit(".", 1)
                        assert layout.has_cell(table, row, col), cell
    assert "indicators.json" in generated_files()


def test_compute_on_real_report(hongze_2024: Any, hongze_2023: Any) -> None:
    vals = {v.id: v for v in compute(hongze_2024, previous=hongze_2023)}
    assert vals["disclosure_rate"].value == Fraction(59, 95)
    assert vals["new_requests_yoy"].value == Fraction(95 - 21, 21)
    assert vals["natural_person_share"].value == 1
