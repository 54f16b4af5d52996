"""Aggregation: exact sums, explicit blanks, members named, the crosswalk, the sum laws."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import document
from govdisclosure import io as gio
from govdisclosure.analysis import aggregate
from govdisclosure.analysis._cells import cell_values
from govdisclosure.editions import Edition
from govdisclosure.errors import GovdisclosureError
from govdisclosure.layout import layout_for
from govdisclosure.models import MODELS
from govdisclosure.rules import check
from govdisclosure.schema import schema_validator

_APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_org",
    "legal_service_org",
    "other_org",
)


def _cell(draw: st.DrawFn) -> int | None:
    v = draw(st.integers(0, 50))
    # A blank cell stands where nothing was counted: the report stays consistent.
    return None if v == 0 and draw(st.booleans()) else v


@st.composite
def consistent_reports(draw: st.DrawFn, edition: str, name: str = "单位") -> Any:
    """A report whose tables 三 and 四 satisfy every arithmetic rule."""
    layout = layout_for(edition)
    t3 = layout.table("t3")
    results = [r.id for r in t3.rows if r.id.startswith("results.") and r.id != "results.total"]
    doc: dict[str, Any] = {
        "edition": edition,
        "metadata": {"body": {"name": name}, "report_year": 2022 if edition == "2021" else 2020},
        "sections": {},
        "t2": {},
        "t3": {},
        "t4": {},
    }
    cols: dict[str, dict[str, int | None]] = {}
    for col in _APPLICANTS:
        vals: dict[str, int | None] = {r: _cell(draw) for r in results}
        total = sum(v or 0 for v in vals.values())
        out = draw(st.integers(0, 20))
        carried_in = draw(st.integers(0, total + out)) if total + out else 0
        vals["results.total"] = total
        vals["carried_over_out"] = out
        vals["carried_over_in"] = carried_in
        vals["new_received"] = total + out - carried_in
        cols[col] = vals
    for row in t3.rows:
        values = {c: cols[c][row.id] for c in _APPLICANTS}
        values["total"] = sum(v or 0 for v in values.values())
        obj = doc["t3"]
        *parents, last = row.path
        for p in parents:
            obj = obj.setdefault(p, {})
        obj[last] = values
    for block in ("review", "litigation_direct", "litigation_after_review"):
        vals = {k: _cell(draw) for k in ("upheld", "corrected", "other", "pending")}
        doc["t4"][block] = {**vals, "total": sum(v or 0 for v in vals.values())}
    for ref in layout.table("t2").cells():
        kind = ref.column.kind
        if kind == "amount":
            v: Any = draw(st.sampled_from([None, Decimal("0"), Decimal("1.5"), Decimal("12.25")]))
        elif ref.column.id in ("items_prev_year", "items_delta"):
            v = 0  # keeps T2_19-R1 (items + change ≥ 0) true whatever the sum
        else:
            v = _cell(draw)
        doc["t2"].setdefault(ref.row.id, {})[ref.column.id] = v
    if edition == "2019":
        doc["t2"]["central_procurement"]["procurement_amount_unit"] = "万元"
    return MODELS[Edition(edition)].model_validate(doc)


def _errors(report: Any) -> list[Any]:
    return [f for f in check(report) if f.severity == "error"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["2019", "2021"]).flatmap(
        lambda e: st.lists(consistent_reports(e), min_size=1, max_size=4)
    )
)
def test_aggregate_of_consistent_reports_is_consistent(members: list[Any]) -> None:
    for m in members:
        assert _errors(m) == []
    result = aggregate(members)
    assert _errors(result.report) == []
    sums = cell_values(result.report)
    for cell, value in sums.items():
        stated = [cell_values(m)[cell] for m in members]
        stated = [v for v in stated if v is not None]
        assert value == (sum(stated) if stated else None)
    assert [m.name for m in result.report.metadata.aggregate.members] == [  # type: ignore[union-attr]
        m.metadata.body.name for m in members
    ]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(consistent_reports("2021"), min_size=2, max_size=4),
    st.data(),
)
def test_member_inconsistency_is_attributed_to_that_member(
    members: list[Any], data: st.DataObject
) -> None:
    bad = data.draw(st.integers(0, len(members) - 1))
    broken = members[bad].model_copy(deep=True)
    cur = broken.t3.new_received.natural_person or 0
    broken.t3.new_received.natural_person = cur + 1  # row total no longer adds up
    members = [*members[:bad], broken, *members[bad + 1 :]]
    result = aggregate(members)
    errs = _errors(result.report)
    assert errs
    for f in errs:
        assert result.attribute(f) == [bad]
    assert any(f.code == "AG-R4" and f.params["member_index"] == bad for f in result.findings)


@settings(max_examples=20, deadline=None)
@given(st.lists(consistent_reports("2021"), min_size=3, max_size=3))
def test_aggregate_is_associative(members: list[Any]) -> None:
    whole = aggregate(members).report
    nested = aggregate([aggregate(members[:2]).report, members[2]]).report
    assert cell_values(whole) == cell_values(nested)


def test_blank_handling_is_explicit(hongze_2024: Any) -> None:
    a = hongze_2024.model_copy(deep=True)
    b = hongze_2024.model_copy(deep=True)
    a.t4.review.upheld = None
    a.t4.review.other = None
    b.t4.review.other = None
    result = aggregate([a, b], sources=["a.json", "b.json"])
    assert result.report.t4.review.upheld == hongze_2024.t4.review.upheld  # blank + n = n
    assert result.report.t4.review.other is None  # blank + blank = blank
    ag1 = [f for f in result.findings if f.code == "AG-R1" and f.pointer == "/t4/review/upheld"]
    assert len(ag1) == 1
    assert ag1[0].params["blank_members"] == ["a.json"]
    assert not any(f.code == "AG-R1" and f.pointer == "/t4/review/other" for f in result.findings)


def test_real_reports_sum_validate_and_render(hongze_2024: Any, huaian_2024: Any) -> None:
    result = aggregate([hongze_2024, huaian_2024], sources=["014", "015"], name="淮安两级合计")
    r = result.report
    assert r.t3.new_received.total == 95 + 3119
    assert r.t4.review.total == hongze_2024.t4.review.total + huaian_2024.t4.review.total
    assert r.t2.admin_fees.amount_10k_yuan == (
        hongze_2024.t2.admin_fees.amount_10k_yuan + huaian_2024.t2.admin_fees.amount_10k_yuan
    )
    data = document.parse_json(document.dumps(r))
    assert list(schema_validator().iter_errors(data)) == []
    members = data["metadata"]["aggregate"]["members"]
    assert [m["source"] for m in members] == ["014", "015"]
    assert document.loads(document.dumps(r)) == r
    html = gio.dumps(r, "html")
    assert isinstance(html, str)
    assert "3214" in html
    assert _errors(r) == []


def test_mixed_editions_through_the_crosswalk(pingtan_2020: Any, pingtan_2021: Any) -> None:
    later = pingtan_2021.model_copy(deep=True)
    later.metadata.report_year = 2020  # a 2020 report drawn on the 2021 template
    result = aggregate([pingtan_2020, later])
    r = result.report
    assert r.edition == "2021"
    assert r.metadata.aggregate.crosswalk
    assert (
        r.t3.new_received.total == pingtan_2020.t3.new_received.total + later.t3.new_received.total
    )
    assert r.t2.rules.issued is None
    assert any(f.code == "AG-R2" and f.pointer == "/t2" for f in result.findings)
    # Pingtan 2020 states （六） = 4 in total: the sub-rows cannot be split, the group is kept.
    assert r.t3.results.other.other.total is None
    assert any(f.code == "AG-R3" for f in result.findings)
    sub = r.extra_rows[0]
    assert sub.subtotal_of == "results.other"
    total = next(c.value for c in sub.cells if c.column == "total")
    later_other = sum(
        v or 0
        for v in (
            later.t3.results.other.no_correction.total,
            later.t3.results.other.fee_unpaid.total,
            later.t3.results.other.other.total,
        )
    )
    assert total == pingtan_2020.t3.results.other.total + later_other
    exact = aggregate([pingtan_2020, later], edition="2019").report
    assert exact.t3.results.other.total == total
    assert not any(
        f.code == "AG-R3" for f in aggregate([pingtan_2020, later], edition="2019").findings
    )


def test_different_years_are_refused(pingtan_2020: Any, pingtan_2021: Any) -> None:
    with pytest.raises(GovdisclosureError, match="different years"):
        aggregate([pingtan_2020, pingtan_2021])
    with pytest.raises(GovdisclosureError, match="at least one"):
        aggregate([])
