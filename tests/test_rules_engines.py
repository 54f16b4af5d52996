"""The plain engine (``rules.plain``) and the fast one (``rules.fast``, behind ``check``) agree;
rules carry their facts (examples, fire/pass cases, editions), so that a rule added to the
catalogue is evaluated, exemplified and documented with nothing else to write."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure.docgen.rules import pages
from govdisclosure.document import validate_data
from govdisclosure.editions import Edition, EditionSpec, register_edition, unregister_edition
from govdisclosure.errors import DocumentError
from govdisclosure.layout import ReportLayout, layout_for
from govdisclosure.rules import (
    CATALOGUE,
    BlankItems,
    BlankTotal,
    Custom,
    Relation,
    Rule,
    check,
    check_json,
    plain,
)
from govdisclosure.rules import catalogue as catalogue_module
from govdisclosure.rules._model import fits
from govdisclosure.rules.examples import apply, base_document, cases_of, example_of
from govdisclosure.rules.export import catalogue_data
from tests._docdata import documents

SINGLE = [
    r
    for r in CATALOGUE
    if not (isinstance(r.check, Custom) and (r.check.series or r.check.key == "structure"))
]


def _same(a: list[Any], b: list[Any]) -> None:
    assert a == b
    # Equality of numbers hides their type (1 == Decimal(1)); the representation does not.
    assert [repr(f) for f in a] == [repr(f) for f in b]


def _cell_changes(edition: Edition) -> st.SearchStrategy[list[tuple[str, Any]]]:
    pointers = [ref.pointer for ref in layout_for(edition).cells if ref.table.id != "t2"]
    value = st.one_of(st.none(), st.integers(min_value=0, max_value=6))
    return st.lists(st.tuples(st.sampled_from(pointers), value), max_size=12)


@st.composite
def _near_clean(draw: st.DrawFn) -> dict[str, Any]:
    """A rule's firing example or the clean base, with a few table cells blanked or changed
    to small numbers (so that relations hold as often as they fail)."""
    rule = draw(st.sampled_from(SINGLE))
    edition, changes = example_of(rule)
    doc = apply(base_document(edition), changes) if draw(st.booleans()) else base_document(edition)
    return apply(doc, draw(_cell_changes(edition)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.one_of(_near_clean(), documents()), lang=st.sampled_from(["zh", "en"]))
def test_plain_and_fast_engines_agree_on_generated_documents(
    doc: dict[str, Any], lang: str
) -> None:
    try:
        report = validate_data(doc)
    except DocumentError:
        return  # not a report: only the structural rules speak, the same code for both
    _same(check(report, lang=lang), plain.check(report, lang=lang))  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", SINGLE, ids=lambda r: r.code)
def test_every_rule_has_a_firing_and_a_passing_case_from_its_own_facts(rule: Rule) -> None:
    cases = cases_of(rule)
    fired = {f.code for f in check_json(json.dumps(cases["fire"], ensure_ascii=False)).findings}
    passed = {f.code for f in check_json(json.dumps(cases["pass"], ensure_ascii=False)).findings}
    assert rule.code in fired
    assert rule.code not in passed
    report = validate_data(cases["fire"])
    _same(check(report), plain.check(report))


def test_blank_variants_follow_their_relation() -> None:
    variants = [r for r in CATALOGUE if isinstance(r.check, BlankTotal | BlankItems)]
    assert len(variants) == 6
    by_code = catalogue_module.RULES_BY_CODE
    for r in variants:
        assert isinstance(r.check, BlankTotal | BlankItems)
        owner = by_code[r.check.of]
        assert r.check.relation is owner.check
        assert r.code == owner.code + ("B" if isinstance(r.check, BlankTotal) else "C")
        assert (r.family, r.severity, r.editions) == (owner.family, "warning", owner.editions)


# ------------------------------------------------------------------------------ a new rule

_NEW = Rule(
    code="T3-R99",
    family="table",
    severity="error",
    title={"zh": "试验规则：上年结转不超过本年新收", "en": "Trial: carried over ≤ new"},
    formula="for each c: carried_over_in[c] ≤ new_received[c]",
    reference="tests",
    messages={
        "zh": "{location}：上年结转 {reported} 多于本年新收 {computed}",
        "en": "{location}: {reported} carried over, more than the {computed} new",
    },
    check=Relation("t3", left=("carried_over_in",), right=("new_received",), op="<="),
)


def test_a_rule_added_to_the_catalogue_is_evaluated_exemplified_and_documented() -> None:
    assert "T3-R99" not in catalogue_module.RULES_BY_CODE
    with catalogue_module.extended(_NEW):
        # Editions: every edition whose layout has the cells.
        assert _NEW.editions == tuple(layout_for(e).edition for e in ("2019", "2021"))
        # Its example is derived from the relation: the first column's left cell one more
        # than the relation allows.
        edition, changes = example_of(_NEW)
        assert edition is Edition.REV_2021
        assert changes == [("/t3/carried_over_in/natural_person", 6)]
        cases = cases_of(_NEW)
        fire = check_json(json.dumps(cases["fire"], ensure_ascii=False))
        ours = [f for f in fire.findings if f.code == "T3-R99"]
        assert [(f.pointers[0], f.reported, f.computed) for f in ours] == [
            ("/t3/carried_over_in/natural_person", 6, 5)
        ]
        assert "T3-R99" in fire.rules_evaluated
        passing = check_json(json.dumps(cases["pass"], ensure_ascii=False))
        assert "T3-R99" not in {f.code for f in passing.findings}
        # Both engines evaluate it alike, and selection knows it.
        report = validate_data(cases["fire"])
        _same(check(report, select=["T3-R99"]), plain.check(report, codes=frozenset({"T3-R99"})))
        # Its docs page shows the derived example with the findings the engine gives.
        page = pages()["rules/T3-R99.md"]
        assert "`/t3/carried_over_in/natural_person` | `6`" in page
        assert "上年结转 6 多于本年新收 5" in page
        # And the exported catalogue (schemas/rules.json) carries it.
        assert "T3-R99" in {r["code"] for r in catalogue_data()["rules"]}
    assert "T3-R99" not in catalogue_module.RULES_BY_CODE
    assert "T3-R99" not in {f.code for f in check(report)}


def test_a_code_already_in_the_catalogue_cannot_be_added_again() -> None:
    with (
        pytest.raises(ValueError, match="T3-R2"),
        catalogue_module.extended(replace(_NEW, code="T3-R2")),
    ):
        pass  # pragma: no cover


# ------------------------------------------------------------------------------ editions


def test_a_rule_applies_to_every_layout_that_has_its_cells() -> None:
    lay = layout_for("2021")
    # The 2021 layout without table 二: the rules about table 二 no longer apply to it.
    without_t2 = replace(lay, tables=tuple(t for t in lay.tables if t.id != "t2"))
    by_code = catalogue_module.RULES_BY_CODE
    for code in ("T2-R1", "T2-R3", "T2-R5", "T2-R2"):
        assert fits(by_code[code].check, lay)
        assert not fits(by_code[code].check, without_t2), code
    for code in ("G-R0", "T3-R1", "T3-R2", "T3-R2B", "T3-R8", "G-R8", "T3-R9"):
        assert fits(by_code[code].check, without_t2), code
    # Rules of the trial template's table 二 follow its cells, not its name.
    assert not fits(by_code["T2_19-R1"].check, lay)
    assert fits(by_code["T2_19-R1"].check, layout_for("2019"))


def test_editions_are_read_from_the_layouts_when_asked() -> None:
    # Nothing about editions is fixed at import: an edition registered later (here the 2021
    # layout without table 二) is what a rule's editions follow.
    lay = layout_for("2021")
    by_code = catalogue_module.RULES_BY_CODE
    assert by_code["T2-R3"].editions == (lay.edition,)
    without_t2 = ReportLayout("2098", lay.sections, tuple(t for t in lay.tables if t.id != "t2"))
    spec = EditionSpec(
        id="2098",
        name="TEST_2098",
        template="《测试》",
        document_number="测试〔2098〕1号",
        title_en="test",
        first_year=2098,
        last_year=None,
        layout=without_t2,
    )
    ed = register_edition(spec)
    try:
        assert by_code["T2-R3"].editions == (lay.edition,)
        assert not by_code["T2-R1"].applies_to(ed)
        assert by_code["T3-R2"].editions == (Edition.TRIAL_2019, Edition.REV_2021, ed)
    finally:
        unregister_edition(ed)
    assert by_code["T3-R2"].editions == (Edition.TRIAL_2019, Edition.REV_2021)


# ------------------------------------------------------------------------------ conformance

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"


def _suite_documents() -> list[tuple[str, Any, list[dict[str, Any]]]]:
    """Every document of the committed conformance suite that is a report, with the
    findings the suite expects (those the rules give: structural ones left out)."""
    out = []
    for path in sorted((CONFORMANCE / "cases").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        if case["structure_ok"]:
            out.append((path.stem, case["document"], case["findings"]))
    for path in sorted(CONFORMANCE.glob("relations-*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        base = json.loads((CONFORMANCE / suite["base"]).read_text(encoding="utf-8"))
        for k, case in enumerate(suite["cases"]):
            changes = [(op["path"], op["value"]) for op in case["patch"]]
            out.append((f"{path.stem}#{k}", apply(base, changes), case["findings"]))
    return out


def test_the_plain_engine_gives_the_conformance_suite() -> None:
    # The suite is generated with the fast engine: the plain one must give the same findings.
    cases = _suite_documents()
    assert len(cases) > 500
    for name, doc, expected in cases:
        found = [
            {
                "code": f.code,
                "severity": f.severity,
                "pointers": list(f.pointers),
                "reported": f.reported,
                "computed": f.computed,
            }
            for f in plain.check(validate_data(doc))
        ]
        assert found == expected, name
