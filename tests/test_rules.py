"""The rule engine: clean and broken reports, selection, messages, series, exports, CLI."""

from __future__ import annotations

import json
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from govdisclosure import document
from govdisclosure.cells import get_cell, iter_cells, set_cell
from govdisclosure.cli.main import main
from govdisclosure.docgen import rules as rules_docs
from govdisclosure.document import validate_data
from govdisclosure.editions import Edition
from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding
from govdisclosure.layout import layout_for
from govdisclosure.models import MODELS, Report2019, Report2021
from govdisclosure.rules import (
    CATALOGUE,
    FAMILIES,
    RULES_BY_CODE,
    BlankItems,
    BlankTotal,
    Relation,
    RuleSelectionError,
    check,
    check_json,
    check_series,
    export,
    location,
    select_codes,
)
from govdisclosure.rules._compile import compiled
from govdisclosure.schema import render

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "quanzhou-digital-office-2021.json"
CASES = Path(__file__).resolve().parent / "rules_cases"
ARITHMETIC = frozenset(
    r.code for r in CATALOGUE if isinstance(r.check, (Relation, BlankTotal, BlankItems))
)
SHANGHAI = ROOT / "examples" / "shanghai-gov-office-2019.json"
C6 = [c.id for c in layout_for("2021").table("t3").blocks[0].columns if c.id != "total"]


def _case(code: str, kind: str) -> Any:
    return json.loads((CASES / code / kind / "case.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ seed / real


def test_seed_example_checks_clean() -> None:
    report = check_json(SEED.read_bytes(), exact=True, with_schema=True, source=str(SEED))
    assert report.structure_ok
    assert report.valid
    assert report.findings == []
    assert set(report.rules_evaluated) >= {"T3-R2", "T3-R3", "T3-R4", "T4-R2", "T3-R9"}


def test_wrong_totals_load_and_are_reported_not_fixed() -> None:
    doc = _case("T3-R3", "fire")  # Pingtan 2020 as published
    text = json.dumps(doc, ensure_ascii=False)
    report = document.loads(text)
    before = document.dumps(report)
    findings = check(report)
    assert document.dumps(report) == before
    assert get_cell(report, "t3", "results.total", "natural_person") == 20
    hit = next(f for f in findings if f.code == "T3-R3")
    assert (hit.reported, hit.computed) == (20, 26)
    assert hit.pointers[0] == "/t3/results/total/natural_person"


def test_fast_and_exact_paths_agree_on_every_fixture() -> None:
    for path in sorted(CASES.glob("*/*/case.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        for doc in case if isinstance(case, list) else [case]:
            text = json.dumps(doc, ensure_ascii=False)
            fast = check_json(text, exact=False)
            exact = check_json(text, exact=True)
            assert [f.as_dict() for f in fast.findings] == [f.as_dict() for f in exact.findings], (
                path
            )


def test_duplicate_member_is_refused_on_the_exact_path() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        '"edition": "2021",', '"edition": "2021",\n  "edition": "2021",', 1
    )
    report = check_json(text, exact=True)
    assert not report.valid
    assert [f.params["problem_code"] for f in report.findings] == ["duplicate-member"]


# ------------------------------------------------------------------------------ property tests


@st.composite
def consistent_reports(draw: st.DrawFn, edition: Edition | None = None) -> Report2019 | Report2021:
    """Item cells drawn at random (blanks included); every total computed from them."""
    ed = edition or draw(st.sampled_from(list(Edition)))
    lay = layout_for(ed)
    item = st.one_of(st.none(), st.integers(0, 50), st.integers(0, 10**6))
    doc: dict[str, Any] = {
        "edition": ed.value,
        "metadata": {
            "body": {"name": "某机关"},
            "report_year": 2021 if ed.value == "2021" else 2019,
        },
        "sections": {},
    }

    def put(table: str, row: str, col: str, value: Any) -> None:
        obj = doc.setdefault(table, {})
        for name in row.split("."):
            obj = obj.setdefault(name, {})
        obj[col] = value

    z = lambda v: v or 0  # noqa: E731
    t3 = lay.table("t3")
    outcome_rows = [
        r.id for r in t3.rows if r.id.startswith("results.") and r.id != "results.total"
    ]
    closed = dict.fromkeys(C6, 0)
    for row in outcome_rows:
        vals = {c: draw(item) for c in C6}
        for c in C6:
            put("t3", row, c, vals[c])
            closed[c] += z(vals[c])
        put("t3", row, "total", sum(z(v) for v in vals.values()))
    for c in C6:
        put("t3", "results.total", c, closed[c])
    put("t3", "results.total", "total", sum(closed.values()))
    rows = {"new_received": {}, "carried_over_in": {}, "carried_over_out": {}}
    for c in C6:
        out = draw(st.integers(0, 1000))
        carried_in = draw(st.integers(0, closed[c] + out))
        rows["carried_over_out"][c] = out
        rows["carried_over_in"][c] = carried_in
        rows["new_received"][c] = closed[c] + out - carried_in
    for row, vals in rows.items():
        for c, v in vals.items():
            put("t3", row, c, v)
        put("t3", row, "total", sum(vals.values()))
    for block in ("review", "litigation_direct", "litigation_after_review"):
        vals = {c: draw(item) for c in ("upheld", "corrected", "other", "pending")}
        for c, v in vals.items():
            put("t4", block, c, v)
        put("t4", block, "total", sum(z(v) for v in vals.values()))
    for ref in lay.table("t2").cells():
        put("t2", ref.row.id, ref.column.id, None)
    for row in ("rules", "normative_docs"):
        if ed is Edition.REV_2021:
            issued, repealed = draw(item), draw(item)
            put("t2", row, "issued", issued)
            put("t2", row, "repealed", repealed)
            put("t2", row, "in_force", z(issued) + draw(st.integers(0, 100)))
        else:
            published = draw(item)
            put("t2", row, "new_published", published)
            put("t2", row, "published_total", z(published) + draw(st.integers(0, 100)))
    if ed is Edition.TRIAL_2019:
        for row in ("admin_licensing", "admin_penalty", "admin_fees"):
            prev = draw(st.integers(0, 100))
            put("t2", row, "items_prev_year", prev)
            put("t2", row, "items_delta", draw(st.integers(-prev, 100)))
    return MODELS[ed].model_validate(doc)


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(consistent_reports())
def test_consistent_reports_have_no_arithmetic_findings(report: Report2019 | Report2021) -> None:
    assert [f.as_dict() for f in check(report, select=ARITHMETIC)] == []


@_SETTINGS
@given(consistent_reports(), st.data())
def test_changing_any_table_cell_fires_an_arithmetic_finding_at_it(
    report: Report2019 | Report2021, data: st.DataObject
) -> None:
    cells = [c for c in iter_cells(report) if c.table in ("t3", "t4")]
    cell = data.draw(st.sampled_from(cells))
    delta = data.draw(st.integers(1, 10**6))
    set_cell(report, cell.table, cell.row, cell.column, (cell.value or 0) + delta)
    findings = check(report, select=ARITHMETIC)
    assert findings, cell
    assert any(cell.pointer in f.pointers for f in findings), (cell, findings)
    assert all(f.code in ARITHMETIC for f in findings)


@_SETTINGS
@given(consistent_reports(), st.data())
def test_blanking_a_total_is_a_blank_total_warning(
    report: Report2019 | Report2021, data: st.DataObject
) -> None:
    totals = [
        c for c in iter_cells(report) if c.table in ("t3", "t4") and c.column == "total" and c.value
    ]
    if not totals:
        return
    cell = data.draw(st.sampled_from(totals))
    set_cell(report, cell.table, cell.row, cell.column, None)
    found = check(report, select=ARITHMETIC)
    blank = [f for f in found if f.pointers[0] == cell.pointer and f.code.endswith("B")]
    # A row total that is also a column total (（七）总计 × 总计) is blank in two identities.
    assert 1 <= len(blank) <= 2
    for f in blank:
        assert f.severity == "warning"
        assert f.reported is None
        assert f.computed == cell.value


@_SETTINGS
@given(consistent_reports(), st.data())
def test_a_stated_total_beside_blank_items_is_unverifiable_not_a_mismatch(
    report: Report2019 | Report2021, data: st.DataObject
) -> None:
    comp = compiled(Edition(report.edition))
    inst = data.draw(st.sampled_from([i for i in comp.instances if i.items_code is not None]))
    total = comp.refs[inst.left[0]]
    value = data.draw(st.integers(0, 10**6))
    for i in (*inst.left, *inst.right):
        ref = comp.refs[i]
        set_cell(
            report, ref.table.id, ref.row.id, ref.column.id, None if i != inst.left[0] else value
        )
    # Other identities may fail too (a column balance starting at the same cell); only this
    # identity's findings, under any of its codes, are looked at.
    own = {inst.code, inst.blank_code, inst.items_code}

    def at_total(found: list[Finding]) -> list[Finding]:
        return [f for f in found if f.pointers[0] == total.pointer and f.code in own]

    found_here = at_total(check(report, select=ARITHMETIC))
    if value == 0:
        # 0 beside blank items holds: nothing is claimed that could be wrong.
        assert found_here == []
        return
    assert [f.code for f in found_here] == [inst.items_code]
    (found,) = found_here
    assert found.severity == "warning"
    assert (found.reported, found.computed) == (value, None)
    assert found.pointers == tuple(comp.pointers[i] for i in (*inst.left, *inst.right))
    assert "diff" not in found.params
    assert str(value) in found.message
    # Not selecting the variant drops the finding: it never falls back to a mismatch with 0.
    skipped = check(report, select=ARITHMETIC - {inst.items_code})
    assert at_total(skipped) == []


def test_shanghai_total_column_is_unverifiable_not_wrong(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Shanghai 2019 states （七）总计 × 总计 and leaves 总计 blank in every outcome row.
    report = document.load(SHANGHAI)
    t3 = layout_for(report.edition).table("t3")
    outcome_rows = [
        r.id for r in t3.rows if r.id.startswith("results.") and r.id != "results.total"
    ]
    assert all(get_cell(report, "t3", row, "total") is None for row in outcome_rows)
    stated = get_cell(report, "t3", "results.total", "total")
    assert stated
    ref = next(
        c for c in layout_for(report.edition).cells if c.id == ("t3", "results.total", "total")
    )
    findings = check(report)
    assert not [f for f in findings if f.severity == "error"]
    (unverifiable,) = [f for f in findings if f.code == "T3-R3C"]
    assert unverifiable.pointers[0] == ref.pointer
    assert len(unverifiable.pointers) == 1 + len(outcome_rows)
    assert (unverifiable.reported, unverifiable.computed) == (stated, None)
    assert main(["check", str(SHANGHAI)]) == 0
    out = capsys.readouterr().out
    message = RULES_BY_CODE["T3-R3C"].messages["zh"].format(location=location(ref), reported=stated)
    assert f"T3-R3C warning: {message}" in out
    assert main(["check", str(SHANGHAI), "--fail-on", "warning"]) == 1
    capsys.readouterr()


# ------------------------------------------------------------------------------ selection


def test_select_and_skip_by_code_and_family() -> None:
    table = {r.code for r in CATALOGUE if r.family == "table"}
    assert select_codes(["table"]) == table
    assert select_codes(["table"], ["T3-R2B,T3-R3B"]) == table - {"T3-R2B", "T3-R3B"}
    assert select_codes(None, ["cross-year"]) == {
        r.code for r in CATALOGUE if r.family != "cross-year"
    }
    with pytest.raises(RuleSelectionError, match="T3-R99"):
        select_codes(["T3-R99"])
    doc = _case("T4-R2", "fire")
    codes = {f.code for f in check(validate_data(doc), select=["T4-R2"])}
    assert codes == {"T4-R2"}
    assert not check(validate_data(doc), skip=["T4-R2", "structural"])


# ------------------------------------------------------------------------------ catalogue


def test_catalogue_is_well_formed() -> None:
    codes = [r.code for r in CATALOGUE]
    assert len(codes) == len(set(codes))
    fmt = string.Formatter()
    for r in CATALOGUE:
        assert r.family in FAMILIES
        assert r.editions
        assert set(r.messages) == {"zh", "en"}
        assert set(r.title) == {"zh", "en"}
        assert r.meaning.get("zh"), r.code
        assert r.meaning.get("en"), r.code
        for lang, template in r.messages.items():
            names = {n for _, n, _, _ in fmt.parse(template) if n}
            assert names <= set(r.placeholders), (r.code, lang, names - set(r.placeholders))
        if isinstance(r.check, (BlankTotal, BlankItems)):
            assert isinstance(RULES_BY_CODE[r.check.of].check, Relation)
            assert r.severity == "warning"
            assert set(r.editions) <= set(RULES_BY_CODE[r.check.of].editions)
    # Each identity with a blank-total variant has the blank-items one, and only those.
    totals = {r.check.of for r in CATALOGUE if isinstance(r.check, BlankTotal)}
    items = {r.check.of for r in CATALOGUE if isinstance(r.check, BlankItems)}
    assert totals == items


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_are_fully_rendered(lang: str) -> None:
    for path in sorted(CASES.glob("*/fire/case.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        docs = case if isinstance(case, list) else [case]
        findings = [f for d in docs for f in check_json(json.dumps(d), lang=lang).findings]
        if isinstance(case, list):
            findings += check_series([validate_data(d) for d in docs], lang=lang)
        for f in findings:
            assert "{" not in f.message, f.message
            assert "}" not in f.message, f.message
            if lang == "en":
                assert not any("\u4e00" <= ch <= "\u9fff" for ch in f.message.split("“")[0][:8])


def test_location_uses_the_official_words() -> None:
    report = validate_data(_case("T3-R3", "fire"))
    hit = next(f for f in check(report) if f.code == "T3-R3")
    t3 = layout_for("2019").table("t3")
    expected = f"{t3.short_label} {t3.row('results.total').label} × {t3.blocks[0].columns[0].label}"
    assert hit.message.startswith(expected)
    assert hit.params["location"] == expected


# ------------------------------------------------------------------------------ series


def _doc(code: str, kind: str) -> list[Report2019 | Report2021]:
    return [validate_data(d) for d in _case(code, kind)]


def test_series_groups_by_body_and_needs_consecutive_years() -> None:
    first, second = _doc("T3-R7", "fire")
    other = validate_data(_case("T3-R7", "fire")[1])
    other.metadata.body.name = "另一机关"
    assert [f.params["report_index"] for f in check_series([other, first])] == []
    second.metadata.report_year = 2023
    assert check_series([first, second]) == []
    second.metadata.report_year = 2021
    with pytest.raises(GovdisclosureError, match="2021"):
        check_series([first, second])


def test_series_across_the_edition_change_warns_with_the_caveat() -> None:
    old = validate_data(_case("T2_19-R2", "pass")[1])  # 2020, trial template, carries 0
    new = validate_data(_case("T3-R7", "fire")[1])  # 2022, revised template, carries in 0
    new.metadata.report_year = 2021
    set_cell(old, "t3", "carried_over_out", "natural_person", 1)
    found = check_series([new, old], lang="en")
    assert [f.code for f in found] == ["T3-R7"]
    assert "template edition changed" in found[0].message
    assert found[0].params["report_index"] == 0
    assert found[0].params["previous_index"] == 1


# ------------------------------------------------------------------------------ exports


def test_rules_artefacts_are_in_sync() -> None:
    for name, content in export.artefacts().items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == render(content), (
            f"schemas/{name} is stale; regenerate with: govdisclosure schema --output schemas"
        )


def test_rules_docs_are_in_sync() -> None:
    pages = rules_docs.pages()
    for rel, text in pages.items():
        committed = (ROOT / "docs" / rel).read_text(encoding="utf-8")
        assert committed == (text if text.endswith("\n") else text + "\n"), (
            f"docs/{rel} is stale; regenerate with: python -m govdisclosure.docgen docs"
        )
    on_disk = {
        p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "rules").glob("*.md")
    }
    assert on_disk == set(pages)
    assert set(pages) == {"rules/index.md", *(f"rules/{r.code}.md" for r in CATALOGUE)}


def test_every_docs_example_fires_its_rule() -> None:
    for rule in CATALOGUE:
        _, zh, en = rules_docs.example_findings(rule.code)
        assert zh, rule.code
        assert len(zh) == len(en), rule.code


def test_exported_instances_name_real_cells() -> None:
    data = export.catalogue_data()
    assert [r["code"] for r in data["rules"]] == [r.code for r in CATALOGUE]
    for r in data["rules"]:
        if r["check"]["kind"] != "relation":
            continue
        for edition, instances in r["check"]["instances"].items():
            pointers = {c.pointer for c in layout_for(edition).cells}
            assert instances
            for inst in instances:
                assert set(inst["left"]) | set(inst["right"]) <= pointers


def _report_validator() -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / export.VALIDATION_REPORT_FILE).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_validation_reports_follow_their_schema() -> None:
    validator = _report_validator()
    for path in sorted(CASES.glob("*/*/case.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        for doc in case if isinstance(case, list) else [case]:
            data = json.loads(json.dumps(check_json(json.dumps(doc)).as_dict()))
            errors = list(validator.iter_errors(data))
            assert not errors, (path, errors[0].message)


# ------------------------------------------------------------------------------ CLI


def _write(tmp_path: Path, name: str, doc: Any) -> str:
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(p)


def test_cli_seed_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED)]) == 0
    assert "0 error" in capsys.readouterr().out


def test_cli_text_names_the_cell_and_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "pingtan-2020.json", _case("T3-R3", "fire"))
    assert main(["check", path]) == 1
    out = capsys.readouterr().out
    assert "T3-R3 error: 表三 （七）总计 × 自然人：填报 20，（一）至（六）之和为 26（差 -6）" in out
    assert "[reported 20, computed 26]" in out
    assert main(["check", path, "--lang", "en", "--skip", "T3-R3"]) == 0
    out = capsys.readouterr().out
    assert "0 error" in out


def test_cli_fail_on_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "g-r4.json", _case("G-R4", "fire"))
    assert main(["check", path]) == 0
    assert main(["check", path, "--fail-on", "warning"]) == 1
    capsys.readouterr()


def test_cli_json_output_follows_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [_write(tmp_path, f"{i}.json", d) for i, d in enumerate(_case("T2-R2", "fire"))]
    assert main(["check", *paths, "--series", "--format", "json", "--fail-on", "warning"]) == 1
    data = json.loads(capsys.readouterr().out)
    validator = _report_validator()
    for r in data["reports"]:
        assert not list(validator.iter_errors(r))
    assert [f["code"] for f in data["reports"][1]["findings"]] == ["T2-R2"]
    finding = data["reports"][1]["findings"][0]
    assert finding["pointers"][0] == "/t2/rules/in_force"
    assert (finding["reported"], finding["computed"]) == (5, 4)
    assert main(["check", *paths, "--format", "json"]) == 0
    capsys.readouterr()


def test_cli_structure_problems_are_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "neg.json", _case("T3-R1", "fire"))
    assert main(["check", path]) == 1
    assert "T3-R1 error" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "args"),
    [(b"{not json", []), (None, []), (b"{}", ["--select", "no-such-family"])],
)
def test_cli_unusable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, args: list[str]
) -> None:
    p = tmp_path / "x.json"
    if content is not None:
        p.write_bytes(content)
    assert main(["check", str(p), *args]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_amounts_stay_exact() -> None:
    doc = _case("T2-R5", "fire")
    doc["t2"]["admin_fees"]["amount_10k_yuan"] = Decimal("184719.123456789012")
    text = json.dumps(doc, default=str).replace('"184719.123456789012"', "184719.123456789012")
    finding = next(f for f in check_json(text, exact=True).findings if f.code == "T2-R5")
    assert finding.reported == Decimal("184719.123456789012")
    assert finding.params["yuan"] == "1847191234.56789012"


def test_cli_series_refuses_two_reports_of_one_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _case("T2-R2", "fire")[0]
    a, b = _write(tmp_path, "a.json", doc), _write(tmp_path, "b.json", doc)
    assert main(["check", a, b]) == 0
    capsys.readouterr()
    assert main(["check", a, b, "--series"]) == 2
    err = capsys.readouterr().err
    assert "a.json" in err
    assert "b.json" in err
