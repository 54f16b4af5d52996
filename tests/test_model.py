"""The report models: strict cells, blank vs 0, editions, layout agreement."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings

from govdisclosure.cells import get_cell, iter_cells, set_cell
from govdisclosure.document import dumps, loads, parse_json, to_data, validate_data
from govdisclosure.editions import Edition
from govdisclosure.errors import DocumentError
from govdisclosure.layout import LAYOUTS, layout_for
from govdisclosure.models import MODELS, Report2019, Report2021
from tests._docdata import documents


def _doc(edition: Edition, fill: Any = 0) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "edition": edition.value,
        "metadata": {"body": {"name": "测试机关"}, "report_year": 2021},
        "sections": {},
    }
    for ref in layout_for(edition).cells:
        obj = doc
        for name in ref.path[:-1]:
            obj = obj.setdefault(name, {})
        obj[ref.path[-1]] = fill
    return doc


def _problems(doc: Any) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as info:
        validate_data(doc)
    return [(p.code, p.pointer) for p in info.value.problems]


@pytest.mark.parametrize("edition", list(Edition))
def test_minimal_documents_load(edition: Edition) -> None:
    report = validate_data(_doc(edition))
    assert isinstance(report, MODELS[edition])
    assert report.edition == edition.value


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (True, "type"),
        (Decimal("1.5"), "type"),
        (Decimal("2.000001"), "type"),
        (1.5, "type"),
        (Decimal("-1.0"), "range"),
        (Decimal("1e16"), "range"),
        (Decimal("1e40000000000"), "range"),
        ("3", "type"),
        (-1, "range"),
        ({}, "type"),
    ],
)
def test_counts_are_non_negative_whole_numbers(bad: Any, code: str) -> None:
    doc = _doc(Edition.REV_2021)
    doc["t3"]["results"]["withheld"]["state_secret"]["natural_person"] = bad
    assert _problems(doc) == [(code, "/t3/results/withheld/state_secret/natural_person")]


@pytest.mark.parametrize(
    ("written", "count"), [("2.0", 2), ("1e2", 100), ("0e0", 0), ("-0.0", 0), ("2E0", 2)]
)
def test_count_written_as_a_whole_number_is_that_count_with_a_note(
    written: str, count: int
) -> None:
    # JSON Schema's integer is any whole number, and JSON.parse cannot tell 2.0 from 2: the
    # model reads it as the count, and validate_document says how it was written.
    from govdisclosure.validation import validate_document

    doc = _doc(Edition.REV_2021)
    text = dumps(validate_data(doc)).replace(
        '"natural_person": 0', f'"natural_person": {written}', 1
    )
    report = loads(text)
    value = get_cell(report, "t3", "new_received", "natural_person")
    assert value == count
    assert type(value) is int
    assert '"natural_person": ' + str(count) in dumps(report)
    result = validate_document(text, with_schema=True)
    assert result.valid
    assert [(n.code, n.pointer, n.got) for n in result.notes] == [
        ("integer-form", "/t3/new_received/natural_person", count)
    ]
    assert result.as_dict()["notes"][0]["code"] == "integer-form"
    # A canonical document has no note.
    assert validate_document(dumps(report)).notes == []


def test_year_and_signed_count_are_whole_numbers_too() -> None:
    doc = _doc(Edition.TRIAL_2019)
    doc["metadata"]["report_year"] = Decimal("2019.0")
    doc["t2"]["admin_licensing"]["items_delta"] = -3.0
    report = validate_data(doc)
    assert report.metadata.report_year == 2019
    assert type(report.metadata.report_year) is int
    assert get_cell(report, "t2", "admin_licensing", "items_delta") == -3
    doc["metadata"]["report_year"] = Decimal("2019.5")
    assert _problems(doc) == [("type", "/metadata/report_year")]


def test_whole_number_read_through_pydantic_json_parser() -> None:
    # The lenient fast path (pydantic's own JSON reader) reads 2.0 as a float: the same count.
    from govdisclosure.models import REPORT_ADAPTER

    doc = _doc(Edition.REV_2021)
    text = dumps(validate_data(doc)).replace('"natural_person": 0', '"natural_person": 2.0', 1)
    report = REPORT_ADAPTER.validate_json(text)
    assert get_cell(report, "t3", "new_received", "natural_person") == 2
    with pytest.raises(Exception):  # noqa: B017, PT011 - pydantic's ValidationError
        REPORT_ADAPTER.validate_json(text.replace(": 2.0", ": 2.5", 1))


def test_blank_cell_is_null_not_zero() -> None:
    doc = _doc(Edition.REV_2021, fill=None)
    report = validate_data(doc)
    assert get_cell(report, "t3", "results.total", "total") is None
    assert all(c.value is None for c in iter_cells(report))
    assert '"total": null' in dumps(report)


def test_signed_delta_2019() -> None:
    doc = _doc(Edition.TRIAL_2019)
    doc["t2"]["admin_licensing"]["items_delta"] = -417
    report = validate_data(doc)
    assert isinstance(report, Report2019)
    assert report.t2.admin_licensing.items_delta == -417
    doc["t2"]["admin_licensing"]["items_prev_year"] = -1
    assert _problems(doc) == [("range", "/t2/admin_licensing/items_prev_year")]


def test_amounts_are_exact_decimals() -> None:
    text = dumps(validate_data(_doc(Edition.REV_2021))).replace(
        '"amount_10k_yuan": 0', '"amount_10k_yuan": 24252.311082000001', 1
    )
    report = loads(text)
    assert isinstance(report, Report2021)
    assert report.t2.admin_fees.amount_10k_yuan == Decimal("24252.311082000001")
    assert "24252.311082000001" in dumps(report)
    doc = _doc(Edition.REV_2021)
    doc["t2"]["admin_fees"]["amount_10k_yuan"] = "1.5"
    assert _problems(doc) == [("type", "/t2/admin_fees/amount_10k_yuan")]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("-Infinity"), float("inf"), -0.5])
def test_amounts_are_finite_and_not_negative(bad: Any) -> None:
    doc = _doc(Edition.REV_2021)
    doc["t2"]["admin_fees"]["amount_10k_yuan"] = bad
    assert _problems(doc) == [("range", "/t2/admin_fees/amount_10k_yuan")]


def test_unknown_member_and_missing_table() -> None:
    doc = _doc(Edition.REV_2021)
    doc["t3"]["new_received"]["subtotal"] = 1
    assert _problems(doc) == [("unknown-member", "/t3/new_received/subtotal")]
    doc = _doc(Edition.REV_2021)
    del doc["t4"]
    assert _problems(doc) == [("missing", "/t4")]


def test_edition_is_required_and_discriminates() -> None:
    doc = _doc(Edition.REV_2021)
    del doc["edition"]
    assert _problems(doc) == [("edition", "/edition")]
    doc = _doc(Edition.REV_2021)
    doc["edition"] = "2008"
    assert _problems(doc) == [("edition", "/edition")]
    # A 2021 document labelled 2019 is one problem at /edition naming the template it
    # follows (not one per row that differs), then what is wrong with it as a 2021 report.
    doc = _doc(Edition.REV_2021)
    doc["edition"] = "2019"
    with pytest.raises(DocumentError) as info:
        validate_data(doc)
    [problem] = info.value.problems
    assert (problem.code, problem.pointer, problem.got) == ("edition", "/edition", "2019")
    assert "2021 template" in problem.message
    doc["t4"]["review"]["upheld"] = -1
    assert _problems(doc) == [("edition", "/edition"), ("range", "/t4/review/upheld")]
    doc = _doc(Edition.TRIAL_2019)
    doc["edition"] = "2021"
    assert _problems(doc) == [("edition", "/edition")]
    # A document of neither template keeps its problems as the edition it names.
    doc = _doc(Edition.REV_2021)
    doc["edition"] = "2019"
    del doc["t2"], doc["t3"]
    assert {c for c, _ in _problems(doc)} == {"missing"}


def test_wrong_schema_id_is_rejected() -> None:
    doc = _doc(Edition.REV_2021)
    doc["$schema"] = "https://example.org/other.json"
    assert _problems(doc) == [("value", "/$schema")]


def test_duplicate_member_is_an_error_not_a_silent_overwrite() -> None:
    with pytest.raises(DocumentError) as info:
        parse_json('{"edition": "2021", "edition": "2019"}')
    assert info.value.problems[0].code == "duplicate-member"


def test_json_syntax_error_has_line_and_column() -> None:
    with pytest.raises(DocumentError) as info:
        loads('{\n  "edition": "2021",\n  oops\n}')
    p = info.value.problems[0]
    assert (p.code, p.line, p.column) == ("json-syntax", 3, 3)


@pytest.mark.parametrize("edition", list(Edition))
def test_layout_cells_are_exactly_the_model_cells(edition: Edition) -> None:
    """Every layout cell is a model field and every model cell field is in the layout."""
    schema = MODELS[edition].model_json_schema()
    defs = schema["$defs"]

    def leaves(node: dict[str, Any], path: tuple[str, ...]) -> set[tuple[str, ...]]:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        if "x-govd-column" in node:
            return {path}
        out: set[tuple[str, ...]] = set()
        for name, sub in node.get("properties", {}).items():
            out |= leaves(sub, (*path, name))
        return out

    model_cells = set()
    for table in ("t2", "t3", "t4"):
        model_cells |= leaves(schema["properties"][table], (table,))
    layout_cells = {ref.path for ref in LAYOUTS[edition].cells}
    assert model_cells == layout_cells


def test_cell_counts_per_edition() -> None:
    assert len(LAYOUTS[Edition.REV_2021].cells) == 10 + 25 * 7 + 15
    assert len(LAYOUTS[Edition.TRIAL_2019].cells) == 22 + 23 * 7 + 15
    assert len(LAYOUTS[Edition.REV_2021].table("t3").rows) == 25


def test_labels_in_schema_come_from_layout() -> None:
    schema = Report2021.model_json_schema()
    row = schema["$defs"]["T3Results2021"]["properties"]["partially_granted"]
    label = LAYOUTS[Edition.REV_2021].table("t3").row("results.partially_granted").label
    assert (
        row["x-govd-label"] == label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )


def test_iter_cells_official_order_and_unpacking() -> None:
    report = validate_data(_doc(Edition.REV_2021))
    set_cell(report, "t3", "new_received", "natural_person", 2)
    cells = list(iter_cells(report))
    assert [c.table for c in cells[:1]] == ["t2"]
    table, row, column, value = cells[10]
    assert (table, row, column, value) == ("t3", "new_received", "natural_person", 2)
    assert cells[-1].pointer == "/t4/litigation_after_review/total"


def test_set_cell_validates() -> None:
    report = validate_data(_doc(Edition.REV_2021))
    with pytest.raises(ValueError, match="whole number from 0 to 9007199254740991"):
        set_cell(report, "t3", "new_received", "total", -5)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_round_trip_is_lossless_and_byte_stable(doc: dict[str, Any]) -> None:
    report = validate_data(copy.deepcopy(doc))
    text = dumps(report)
    again = loads(text)
    assert again == report
    assert dumps(again) == text
    assert to_data(again)["edition"] == doc["edition"]


def test_topic_and_section_ids_match_layout() -> None:
    from typing import get_args

    from govdisclosure.layout import GENERAL_TOPICS, SECTIONS
    from govdisclosure.models import Sections, Topic

    assert set(get_args(Topic)) == {t.id for t in GENERAL_TOPICS}
    assert [n for n in Sections.model_fields if n != "preamble"] == [s.id for s in SECTIONS]


def test_custom_messages_render_their_values() -> None:
    doc = _doc(Edition.REV_2021)
    doc["$schema"] = "x"
    doc["metadata"]["publication_date"] = "2022-02-30"
    with pytest.raises(DocumentError) as info:
        validate_data(doc)
    messages = {p.pointer: p.message for p in info.value.problems}
    assert "{" not in "".join(messages.values())
    assert "'x'" in messages["/$schema"]
    assert "'2022-02-30' is not a calendar date" in messages["/metadata/publication_date"]


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "json-depth", "nested too deeply"),
        ('{"n": ' + "9" * 5000 + "}", "json-syntax", "too many digits"),
        ('{"n": NaN}', "json-syntax", "NaN is not valid JSON"),
    ],
)
def test_hostile_json_gets_a_plain_message(text: str, code: str, words: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_json(text)
    problem = info.value.problems[0]
    assert problem.code == code
    assert words in problem.message
    assert "sys." not in problem.message
    assert "recursion" not in problem.message
