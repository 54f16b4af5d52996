"""The engine's fast paths give exactly what the plain way of building findings gives.

The engine renders findings from per-edition location tables, pre-bound message templates,
generated sums and per-key reuse of blank-row findings, and reads JSON through a shared
decoder. Each test here rebuilds the same output the straightforward way (sums over the
cells, hits rendered with ``str.format_map``, ``json.loads`` with a per-member hook) and
requires equality, on the bundled examples, the rule fixtures and seeded variations of them.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from govdisclosure.cells import iter_cells, set_cell
from govdisclosure.document import parse_json, validate_data
from govdisclosure.editions import Edition
from govdisclosure.errors import DocumentError
from govdisclosure.findings import Finding, Params
from govdisclosure.models import REPORT_ADAPTER, Report2019, Report2021
from govdisclosure.numerals import read_count
from govdisclosure.rules import (
    CATALOGUE,
    RULES_BY_CODE,
    BlankItems,
    BlankTotal,
    Custom,
    Relation,
    check,
    plain,
)
from govdisclosure.rules import fast as fast_engine
from govdisclosure.rules._compile import Compiled, compiled
from govdisclosure.rules.checks import (
    _REQUESTS_FIRST_RE,
    _REQUESTS_RE,
    CHECKS,
    _blank_cells_by_row,
    narrative_request_counts,
)
from govdisclosure.rules.engine import column_location, location, row_location
from tests._docdata import documents, mutated_documents

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
CASES = Path(__file__).resolve().parent / "rules_cases"
DATA = Path(__file__).resolve().parent / "data"

ReportT = Report2019 | Report2021


# ------------------------------------------------------------------------------ reference


class _Fmt(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _show(v: Any, lang: str) -> str:
    if v is None:
        return "空白" if lang == "zh" else "blank"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _render(
    code: str,
    pointers: tuple[str, ...],
    hit_params: dict[str, Any],
    reported: Any,
    computed: Any,
    comp: Compiled,
    lang: str,
) -> Finding:
    rule = RULES_BY_CODE[code]
    template = rule.messages[lang]  # type: ignore[index]
    names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
    params = dict(hit_params)
    if "location" not in params and pointers and pointers[0] in comp.pointer_index:
        ref = comp.refs[comp.pointer_index[pointers[0]]]
        params["location"] = location(ref, lang)  # type: ignore[arg-type]
        if "row" in names or "row_en" in names:
            params.setdefault("row", row_location(ref, "zh"))
            params.setdefault("row_en", row_location(ref, "en"))
    if reported is not None or computed is not None:
        params.setdefault("reported", reported)
        params.setdefault("computed", computed)
        if reported is not None and computed is not None:
            params.setdefault("diff", reported - computed)
    text = template.format_map(_Fmt({k: _show(params[k], lang) for k in names if k in params}))
    return Finding(code, rule.severity, text, pointers, params, reported, computed)


def _relation_findings(
    code: str, values: tuple[Any, ...], comp: Compiled, lang: str, *, variant: str
) -> list[Finding]:
    """Failures of the relation instances whose finding is ``variant``: ``"relation"``,
    ``"blank-total"`` (single total blank) or ``"blank-items"`` (single total stated, every
    item blank), raised under ``code``."""
    out = []
    for inst in comp.instances:
        single = len(inst.left) == 1
        if inst.blank_code is not None and single and values[inst.left[0]] is None:
            kind, owner = "blank-total", inst.blank_code
        elif inst.items_code is not None and single and all(values[i] is None for i in inst.right):
            kind, owner = "blank-items", inst.items_code
        else:
            kind, owner = "relation", inst.code
        if kind != variant or owner != code:
            continue
        left = sum((0 if values[i] is None else values[i] for i in inst.left), 0)
        right = sum((0 if values[i] is None else values[i] for i in inst.right), 0)
        if (left == right) if inst.op == "==" else (left <= right):
            continue
        params: dict[str, Any] = {}
        if inst.across == "columns" and len(inst.left) != 1:
            params["location"] = column_location(comp.refs[inst.right[0]], lang)  # type: ignore[arg-type]
        pointers = tuple(comp.pointers[i] for i in (*inst.left, *inst.right))
        reported = None if kind == "blank-total" else left
        computed = None if kind == "blank-items" else right
        out.append(_render(code, pointers, params, reported, computed, comp, lang))
    return out


def _reference(report: ReportT, lang: str) -> list[Finding]:
    """Every single-report rule's findings, in catalogue order, built the plain way."""
    comp = compiled(Edition(report.edition))
    values = comp.extract(report)
    out: list[Finding] = []
    for rule in CATALOGUE:
        if not rule.applies_to(comp.edition):
            continue
        chk = rule.check
        if isinstance(chk, Relation):
            out += _relation_findings(rule.code, values, comp, lang, variant="relation")
        elif isinstance(chk, BlankTotal):
            out += _relation_findings(rule.code, values, comp, lang, variant="blank-total")
        elif isinstance(chk, BlankItems):
            out += _relation_findings(rule.code, values, comp, lang, variant="blank-items")
        elif isinstance(chk, Custom) and not chk.series and chk.key != "structure":
            if chk.key == "blank_cells":
                hits = list(_blank_cells_by_row(values, comp))
            else:
                hits = list(CHECKS[chk.key](report, values, comp))
            for h in hits:
                out.append(
                    _render(rule.code, h.pointers, h.params, h.reported, h.computed, comp, lang)
                )
    return out


# ------------------------------------------------------------------------------ inputs


def _documents() -> list[tuple[str, Any]]:
    docs = [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    for case in sorted(CASES.glob("*/*/case.json")):
        data = json.loads(case.read_text(encoding="utf-8"))
        for i, doc in enumerate(data if isinstance(data, list) else [data]):
            docs.append((f"{case.parent.parent.name}/{case.parent.name}#{i}", doc))
    return docs


def _reports() -> list[tuple[str, ReportT]]:
    out = []
    for name, doc in _documents():
        try:
            out.append((name, validate_data(doc)))
        except DocumentError:
            continue  # structural fixtures: not reports, no rules to run
    return out


def _variations(report: ReportT, rng: random.Random, n: int) -> list[ReportT]:
    """Copies of ``report`` with cells blanked or changed at random (data stays valid)."""
    cells = [c for c in iter_cells(report) if not isinstance(c.value, Decimal)]
    out = []
    for _ in range(n):
        copy = report.model_copy(deep=True)
        for table, row, column, _ in rng.sample(cells, rng.choice([1, 2, 5, 20, 60])):
            value = None if rng.random() < 0.4 else rng.randint(0, 40)
            set_cell(copy, table, row, column, value)
        out.append(copy)
    return out


def _same(a: list[Finding], b: list[Finding]) -> None:
    assert a == b
    # Equality of numbers hides their type (1 == Decimal(1)); the representation does not.
    assert [repr(f) for f in a] == [repr(f) for f in b]


# ------------------------------------------------------------------------------ engine


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_engine_equals_the_plain_reference_on_examples_and_fixtures(lang: str) -> None:
    reports = _reports()
    assert len(reports) > 40
    fired = set()
    for _, report in reports:
        expected = _reference(report, lang)
        _same(check(report, lang=lang), expected)  # type: ignore[arg-type]
        _same(check(report, lang=lang), expected)  # type: ignore[arg-type]  # reused texts
        _same(plain.check(report, lang=lang), expected)  # type: ignore[arg-type]
        fired |= {f.code for f in expected}
    assert {"G-R8", "T3-R2B", "T3-R3", "T3-R4", "T4-R2", "T3-R2C", "T3-R3C", "T4-R2C"} <= fired


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_engine_equals_the_plain_reference_on_varied_reports(lang: str) -> None:
    rng = random.Random(20260)
    total = 0
    for path in EXAMPLES:
        report = validate_data(json.loads(path.read_text(encoding="utf-8")))
        for variant in _variations(report, rng, 40):
            expected = _reference(variant, lang)
            total += len(expected)
            _same(check(variant, lang=lang), expected)  # type: ignore[arg-type]
            _same(plain.check(variant, lang=lang), expected)  # type: ignore[arg-type]
    assert total > 500


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_engine_equals_the_plain_reference_with_every_item_set_blanked(lang: str) -> None:
    # For every relation instance that has a blank-items variant, blank all its item cells,
    # with the total as stated, as 0 and as blank: the variant, the relation holding (0) and
    # the blank-total variant must come out as the plain construction says.
    seen: set[str] = set()
    for path in EXAMPLES:
        report = validate_data(json.loads(path.read_text(encoding="utf-8")))
        comp = compiled(Edition(report.edition))
        for inst in comp.instances:
            if inst.items_code is None:
                continue
            total = comp.refs[inst.left[0]]
            for value in ("stated", 0, None):
                copy = report.model_copy(deep=True)
                for i in inst.right:
                    ref = comp.refs[i]
                    set_cell(copy, ref.table.id, ref.row.id, ref.column.id, None)
                if value != "stated":
                    set_cell(copy, total.table.id, total.row.id, total.column.id, value)
                expected = _reference(copy, lang)
                _same(check(copy, lang=lang), expected)  # type: ignore[arg-type]
                seen |= {f.code for f in expected if f.pointers[0] == total.pointer}
    assert {"T3-R2C", "T3-R3C", "T4-R2C"} <= seen


def test_each_single_blank_cell_is_found() -> None:
    # Blank cells that no relation reads are only seen by the blank-cell rule: one at a time,
    # every cell of both editions must give the plain construction's findings.
    for path in EXAMPLES:
        report = validate_data(json.loads(path.read_text(encoding="utf-8")))
        for cell in iter_cells(report):
            copy = report.model_copy(deep=True)
            set_cell(copy, cell.ref.table.id, cell.ref.row.id, cell.ref.column.id, None)
            found = check(copy)
            blank = {p for f in found if f.code == "G-R8" for p in f.pointers}
            assert cell.pointer in blank
            _same(found, _reference(copy, "zh"))


def test_no_caller_can_change_what_later_checks_return() -> None:
    # Findings are values: the engine hands the same finding to every report with the same
    # blank row, so neither a finding nor its params can be changed by whoever received it.
    report = validate_data(json.loads(EXAMPLES[-1].read_text(encoding="utf-8")))
    first = check(report)
    assert any(f.code == "G-R8" for f in first)
    assert any(f.code == "T3-R2B" for f in first)
    assert any(f.code == "T3-R3C" for f in first)
    for f in first:
        with pytest.raises(TypeError):
            f.params.clear()  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            f.params["location"] = "x"  # type: ignore[index]
        with pytest.raises(dataclasses.FrozenInstanceError):
            f.message = "x"  # type: ignore[misc]
    _same(check(report), _reference(report, "zh"))


def test_finding_factory_builds_equal_findings_and_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ("T3-R3", "error", "m", ("/t3/a", "/t3/b"), {"diff": 1}, 3, Decimal("2.0"))
    made, plain = fast_engine._new_finding(*args), Finding(*args)  # type: ignore[arg-type]
    assert made == plain
    assert repr(made) == repr(plain)
    assert vars(made) == vars(plain)
    assert type(made.params) is type(plain.params) is Params
    assert made.as_dict() == plain.as_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.code = "X"  # type: ignore[misc]

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        code: str

    assert fast_engine._finding_factory() is not Finding  # the real Finding takes the fast way
    # Any other shape of Finding (here: slots) is built by its own constructor.
    monkeypatch.setattr(fast_engine, "Finding", Slotted)
    assert fast_engine._finding_factory() is Slotted  # type: ignore[comparison-overlap]


def test_blank_cell_hits_match_the_grouping_by_row() -> None:
    rng = random.Random(7)
    checked = 0
    for path in EXAMPLES:
        report = validate_data(json.loads(path.read_text(encoding="utf-8")))
        for variant in [report, *_variations(report, rng, 30)]:
            comp = compiled(Edition(variant.edition))
            values = comp.extract(variant)
            hits = list(CHECKS["blank_cells"](variant, values, comp))
            assert hits == list(_blank_cells_by_row(values, comp))
            checked += len(hits)
    assert checked > 100


def test_generated_sums_add_in_the_order_sum_does() -> None:
    rng = random.Random(11)
    for edition in Edition:
        comp = compiled(edition)
        for _ in range(20):
            # Decimals beyond the context precision: the order of additions shows.
            values = tuple(
                Decimal(f"{rng.randint(1, 9)}{'0' * rng.randint(0, 40)}.{rng.randint(0, 99)}")
                if rng.random() < 0.5
                else rng.randint(0, 10**6)
                for _ in comp.refs
            )
            for inst, side in zip(comp.instances, comp.sides, strict=True):
                left, right = side(values)
                assert repr(left) == repr(sum((values[i] for i in inst.left), 0))
                assert repr(right) == repr(sum((values[i] for i in inst.right), 0))


# ------------------------------------------------------------------------------ narrative

_SKIP = re.compile(r"行政复议|行政诉讼|上年结转|结转")


def _counts_every_window(text: str) -> list[tuple[str, int]]:
    """Both patterns of the rule tried in every window, without the verb pre-check."""
    out = []
    seen: set[int] = set()
    i = text.find("申请")
    while i >= 0:
        matches = [
            *_REQUESTS_RE.finditer(text, max(0, i - 34), i + 40),
            *_REQUESTS_FIRST_RE.finditer(text, max(0, i - 34), i + 2),
        ]
        for m in sorted(matches, key=lambda m: m.start()):
            if m.start() in seen or m.start() > i:
                continue
            seen.add(m.start())
            # The count may be a Chinese numeral; one the reader refuses is no count, nor is
            # a Chinese numeral before 个.
            n = read_count(m.group(1))
            after = text[m.end(1) :].lstrip()
            if not m.group(1)[0].isdigit() and after.startswith("个"):
                n = None
            if n is not None and not _SKIP.search(m.group(0)):
                out.append((m.group(0), n))
        i = text.find("申请", i + 2)
    return out


def test_narrative_counts_equal_a_scan_of_every_window() -> None:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(DATA.rglob("*"))
        if p.is_file() and p.suffix in (".txt", ".md", ".html", ".json")
    ]
    assert len(texts) >= 10
    tokens = ["收到", "受理", "接收", "新收", "申请", "申", "请", "件", "个", "，", "。", "\n"]
    tokens += ["1", "23", "4,5", "１２", "政府信息公开", "行政复议", "结转", "共", "依", " "]
    # Single characters of the verbs make overlapping verbs (接收到), and the words after a
    # number that the patterns refuse (15个工作日) test their lookahead at a window's end.
    tokens += ["收", "到", "接", "新", "受", "理", "条", "份", "工作日", "日", "渠道", "；"]
    # Chinese numerals, well formed or not (零零 is no number).
    tokens += ["十二", "两", "一百零三", "三", "零", "百", "“"]
    rng = random.Random(5)
    texts += ["".join(rng.choice(tokens) for _ in range(rng.randint(1, 80))) for _ in range(30000)]
    found = 0
    for text in texts:
        expected = _counts_every_window(text)
        assert narrative_request_counts(text) == expected
        found += bool(expected)
    assert found > 100


# ------------------------------------------------------------------------------ exact reader


def _parse_reference(text: str) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in pairs:
            if k in out:
                raise KeyError(k)
            out[k] = v
        return out

    return json.loads(text, parse_float=Decimal, object_pairs_hook=hook)


def test_exact_reader_reads_the_examples_like_json_loads() -> None:
    for path in EXAMPLES:
        raw = path.read_bytes()
        expected = _parse_reference(raw.decode("utf-8"))
        for data in (raw, raw.decode("utf-8"), bytearray(raw)):
            got = parse_json(data)  # type: ignore[arg-type]
            assert got == expected
            assert json.dumps(got, default=repr) == json.dumps(expected, default=repr)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('{"a": 1, "a": 2}', "a"),
        ('{"a": {"b": 1, "c": 2, "c": 3, "b": 4}}', "c"),
        ('[{"x": 1}, {"y": {"z": [], "z": {}}}]', "z"),
        ('{"k": {"k": 1}, "k": 2}', "k"),
    ],
)
def test_exact_reader_names_the_first_repeated_member(text: str, name: str) -> None:
    for data in (text, text.encode("utf-8")):
        with pytest.raises(DocumentError) as info:
            parse_json(data)
        problem = info.value.problems[0]
        assert (problem.code, problem.got) == ("duplicate-member", name)


def test_exact_reader_keeps_json_loads_errors() -> None:
    for text in ("\ufeff{}", "[NaN]", '{"a": Infinity}', "[1,]", "{} x", ""):
        # A JSONDecodeError, or the refusal of a constant: both name the problem.
        with pytest.raises(ValueError, match=r"Expecting|Unexpected|not valid JSON|Extra") as ref:
            json.loads(text, parse_float=Decimal, parse_constant=_reject)
        with pytest.raises(DocumentError) as info:
            parse_json(text)
        problem = info.value.problems[0]
        assert problem.code == "json-syntax"
        message = ref.value.msg if isinstance(ref.value, json.JSONDecodeError) else ref.value
        assert problem.message == f"invalid JSON: {message}"


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# ------------------------------------------------------------------------------ JSON dates


@pytest.mark.parametrize(
    "value",
    [
        "2022-01-07",
        "9999-12-31",
        "2021-02-29",
        "2022-13-01",
        "0000-01-01",
        "2021-2-07",
        "20220107",
        "2022-01-07T00:00:00",
        "2022-01-07Z",
        "2022-01-07\n",
        " 2022-01-07",
        "２０２２-01-07",
        "2022-01-0７",
        "",
        20220107,
        True,
        None,
    ],
)
def test_dates_read_alike_by_pydantic_json_and_the_exact_reader(value: Any) -> None:
    # check_json's fast path reads dates natively from JSON text; it must accept exactly the
    # strings the exact reader (parse_json, then the model's Python validator) accepts.
    doc = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    for member in ("issued_date", "publication_date"):
        doc["metadata"][member] = value
        text = json.dumps(doc, ensure_ascii=False)
        outcomes = []
        for read in (REPORT_ADAPTER.validate_json, lambda t: validate_data(parse_json(t))):
            try:
                outcomes.append(getattr(read(text).metadata, member))
            except (ValidationError, DocumentError):
                outcomes.append("refused")
        assert outcomes[0] == outcomes[1], (member, value, outcomes)


@pytest.mark.parametrize(
    "number",
    [
        *("0", "5", "-0", "-1", "1.0", "0.0", "103.3879", "-0.5", "1e400", "1E+2"),
        *("true", '"1.5"', '"5"', "99999999999999999999999999999999", "null", "[1]"),
    ],
)
def test_amounts_read_alike_by_pydantic_json_and_the_exact_reader(number: str) -> None:
    # check_json's fast path reads integers natively and other numbers through a float;
    # whatever it accepts, the exact reader accepts with the same value, and whatever the
    # exact reader refuses, it refuses (a value it refuses is read again exactly).
    text = EXAMPLES[0].read_text(encoding="utf-8")
    assert '"amount_10k_yuan": 0' in text
    text = text.replace('"amount_10k_yuan": 0', f'"amount_10k_yuan": {number}', 1)
    outcomes = []
    for read in (REPORT_ADAPTER.validate_json, lambda t: validate_data(parse_json(t))):
        try:
            outcomes.append(read(text).t2.admin_fees.amount_10k_yuan)  # type: ignore[union-attr]
        except (ValidationError, DocumentError):
            outcomes.append("refused")
    fast, exact = outcomes
    if exact == "refused":
        assert fast == "refused"
    elif fast != "refused":
        assert fast == exact
        assert type(fast) is type(exact)


def _json_text(doc: Any) -> str:
    # Decimals as JSON numbers (through a float: the property below does not need every digit).
    return json.dumps(doc, ensure_ascii=False, default=float)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents(), mutated_documents()))
def test_what_the_exact_reader_refuses_the_fast_reader_refuses(doc: Any) -> None:
    # check_json reads with pydantic's JSON parser first and reads again exactly only what
    # that refuses: so it must refuse whatever the exact reader refuses.
    text = _json_text(doc)
    try:
        validate_data(parse_json(text))
    except DocumentError:
        with pytest.raises(ValidationError):
            REPORT_ADAPTER.validate_json(text)
