"""A third edition, declared through the public registry alone, gets everything the official
editions get: a model, a JSON Schema, a docs page, the arithmetic rules, an XLSX template, an
HTML rendering that parses back, and edition detection.

The synthetic edition is the 2021 layout with one more row in table 三, （六）其他处理
``4.申请人主动撤回申请``. No package module is edited: the test builds its layout from the
public layout classes and registers it; a fixture removes it again, so that every other test
sees only the two official editions.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from govdisclosure import document
from govdisclosure.cells import get_cell, iter_cells
from govdisclosure.editions import (
    EDITION_INFO,
    Edition,
    EditionSpec,
    edition_specs,
    editions_text,
    official_editions,
    register_edition,
    unregister_edition,
)
from govdisclosure.layout import LAYOUTS, ReportLayout, Row, layout_for
from govdisclosure.models import (
    MODELS,
    REPORT_ADAPTER,
    ReportBase,
    T2Table2021,
    T3Row,
    T3Withheld,
    model_for,
)
from govdisclosure.rules import check
from govdisclosure.rules.examples import base_document

NEW_ID = "2099"
NEW_ROW = "results.other.withdrawn"
NEW_LABEL = "4.申请人主动撤回申请"
NEW_POINTER = "/t3/results/other/withdrawn"


def _layout() -> ReportLayout:
    """The 2021 layout plus one row at the end of （六）其他处理 in table 三."""
    base = layout_for("2021")
    t3 = base.table("t3")
    block = t3.blocks[0]
    last_other = max(i for i, r in enumerate(block.rows) if r.id.startswith("results.other."))
    groups = block.rows[last_other].groups
    row = Row(NEW_ROW, NEW_LABEL, "Withdrawn by the applicant", groups)
    rows = (*block.rows[: last_other + 1], row, *block.rows[last_other + 1 :])
    new_t3 = replace(t3, blocks=(replace(block, rows=rows),))
    tables = tuple(new_t3 if t.id == "t3" else t for t in base.tables)
    return ReportLayout(NEW_ID, base.sections, tables)


def _spec() -> EditionSpec:
    return EditionSpec(
        id=NEW_ID,
        name="TEST_2099",
        template="《政府信息公开工作年度报告格式（测试）》",
        document_number="测试〔2099〕1号",
        title_en="Annual report format (test), 2099",
        first_year=2099,
        last_year=None,
        layout=_layout(),
        label="测试〔2099〕1号 test template",
        model_doc="A report following the synthetic 2099 test template.",
    )


@pytest.fixture
def edition() -> Iterator[Edition]:
    ed = register_edition(_spec())
    try:
        yield ed
    finally:
        unregister_edition(ed)


def _doc(**cells: int) -> dict[str, Any]:
    """A consistent document of the new edition: 5 requests, 3 granted, 1 withdrawn, 1 open."""
    doc = base_document(NEW_ID)
    t3 = doc["t3"]
    t3["results"]["other"]["withdrawn"].update(natural_person=1, total=1)
    t3["results"]["total"].update(natural_person=4, total=4)
    t3["carried_over_out"].update(natural_person=1, total=1)
    for key, value in cells.items():
        t3["results"]["other"]["withdrawn"][key] = value
    return doc


def test_only_the_official_editions_are_registered_outside_the_fixture() -> None:
    assert list(Edition) == [Edition.TRIAL_2019, Edition.REV_2021] == list(official_editions())
    assert NEW_ID not in Edition
    with pytest.raises(ValueError, match="not a valid Edition"):
        Edition(NEW_ID)
    assert repr(Edition.REV_2021) == "<Edition.REV_2021: '2021'>"


def test_official_editions_keep_their_public_api() -> None:
    assert Edition("2019") is Edition.TRIAL_2019
    assert Edition("2021") is Edition.REV_2021
    assert Edition.REV_2021 == "2021"
    assert Edition.REV_2021.value == "2021"
    assert str(Edition.TRIAL_2019) == "2019"
    assert f"{Edition.TRIAL_2019}" == "2019"
    assert Edition["REV_2021"] is Edition.REV_2021
    assert Edition.REV_2021.name == "REV_2021"
    assert {"2021": 1}[Edition.REV_2021] == 1
    assert pickle.loads(pickle.dumps(Edition.REV_2021)) is Edition.REV_2021
    assert EDITION_INFO[Edition.TRIAL_2019].last_year == 2020
    assert editions_text() == '"2019" or "2021"'


def test_registration_is_checked_and_undone(edition: Edition) -> None:
    assert list(Edition)[-1] is edition
    assert Edition(NEW_ID) is edition
    assert edition.spec.name == "TEST_2099"
    assert edition_specs()[-1].id == NEW_ID
    assert editions_text() == '"2019", "2021" or "2099"'
    assert LAYOUTS[edition].edition is edition
    with pytest.raises(ValueError, match="registered already"):
        register_edition(_spec())
    with pytest.raises(ValueError, match="official"):
        unregister_edition("2021")


def test_a_declaration_is_checked() -> None:
    with pytest.raises(ValueError, match="layout is edition '2021'"):
        replace(_spec(), layout=layout_for("2021"))
    with pytest.raises(ValueError, match="identifier"):
        replace(_spec(), name="test 2099")
    with pytest.raises(ValueError, match="non-empty"):
        replace(_spec(), id="")
    assert NEW_ID not in Edition


def test_model_and_union(edition: Edition) -> None:
    model = model_for(edition)
    assert MODELS[edition] is model
    assert issubclass(model, ReportBase)
    report = document.validate_data(_doc())
    assert type(report) is model
    assert report.edition_enum is edition
    # The shared parts are the shared classes; the new row is where its id says.
    assert isinstance(report.t3.results.withheld.state_secret, T3Row)
    assert type(report.t2) is T2Table2021  # the 2021 table 二, unchanged, is the 2021 class
    assert type(report.t3.results.withheld) is T3Withheld
    assert get_cell(report, "t3", NEW_ROW, "total") == 1
    assert REPORT_ADAPTER.validate_python(_doc()) == report
    # The JSON document reads back to the same report; a 2021 document is still a 2021 report.
    assert document.loads(document.dumps(report)) == report
    assert document.validate_data(base_document("2021")).edition_enum is Edition.REV_2021
    # The new row is required like every other row.
    data = _doc()
    del data["t3"]["results"]["other"]["withdrawn"]
    with pytest.raises(document.DocumentError) as err:
        document.validate_data(data)
    assert any(p.pointer == NEW_POINTER for p in err.value.problems)


def test_json_schema(edition: Edition) -> None:
    from govdisclosure.schema import build_report_schema

    schema = build_report_schema(edition)
    assert schema["x-govd-edition"] == NEW_ID
    assert schema["properties"]["edition"]["const"] == NEW_ID
    assert "测试〔2099〕1号" in schema["title"]
    validator = Draft202012Validator(schema)
    report = document.validate_data(_doc())
    assert not list(validator.iter_errors(document.to_data(report)))
    data = document.to_data(report)
    del data["t3"]["results"]["other"]["withdrawn"]
    assert list(validator.iter_errors(data))
    texts = str(schema)
    assert NEW_LABEL in texts
    assert "x-govd-row" in texts
    combined = build_report_schema(None)
    assert combined["properties"]["edition"]["enum"] == ["2019", "2021", NEW_ID]
    assert not list(Draft202012Validator(combined).iter_errors(document.to_data(report)))


def test_docs_page(edition: Edition) -> None:
    from govdisclosure.docgen import generated_pages

    pages = generated_pages()
    page = next(text for path, text in pages.items() if path.endswith(f"edition-{NEW_ID}.md"))
    assert "《政府信息公开工作年度报告格式（测试）》" in page
    assert NEW_LABEL in page
    assert NEW_ID in pages["format/index.md"]


def test_arithmetic_rules_fire_and_pass(edition: Edition) -> None:
    assert check(document.validate_data(_doc())) == []
    # The new row is inside （六）其他处理: the outcome identity (T3-R3) adds it, in each column.
    broken = check(document.validate_data(_doc(natural_person=2, total=2)))
    assert [(f.code, f.pointers[0]) for f in broken] == [
        ("T3-R3", "/t3/results/total/natural_person"),
        ("T3-R3", "/t3/results/total/total"),
    ]
    assert all(f"{NEW_POINTER}/{f.pointers[0].rsplit('/', 1)[1]}" in f.pointers for f in broken)
    # Its own row: six applicant columns against 总计 (T3-R2), and the outcome total again.
    row_broken = check(document.validate_data(_doc(total=3)))
    assert [(f.code, f.pointers[0]) for f in row_broken] == [
        ("T3-R2", f"{NEW_POINTER}/total"),
        ("T3-R3", "/t3/results/total/total"),
    ]
    # An identity applies where its cells are: a 2021 table 二 identity does, a 2019 one not.
    from govdisclosure.rules import RULES_BY_CODE

    assert RULES_BY_CODE["T3-R3"].applies_to(edition)
    assert RULES_BY_CODE["T2-R3"].applies_to(edition)
    assert not RULES_BY_CODE["T2_19-R1"].applies_to(edition)


def test_xlsx_template(edition: Edition) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from govdisclosure.io.xlsx import template_bytes

    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(edition)))
    texts = {str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value}
    assert NEW_LABEL in texts
    assert any(NEW_ID in t for t in texts)


def test_html_rendering_parses_back_and_is_detected(edition: Edition) -> None:
    from govdisclosure.io import html
    from govdisclosure.parse import parse

    report = document.validate_data(_doc())
    page = html.dumps(report)
    assert NEW_LABEL in page
    result = parse(page.encode("utf-8"), format="html", source="synthetic.html")
    assert result.edition is edition
    assert any(f.code == "P-EDITION" and f.params["edition"] == NEW_ID for f in result.findings)
    assert result.report.t3 == report.t3
    assert result.report.t2 == report.t2
    assert result.report.t4 == report.t4
    assert [c.value for c in iter_cells(result.report)] == [c.value for c in iter_cells(report)]
    # The Markdown rendering too.
    from govdisclosure.io import markdown

    md = parse(markdown.dumps(report).encode("utf-8"), format="markdown")
    assert md.edition is edition
    assert md.report.t3 == report.t3
    # An official 2021 page is still read as 2021 while the new edition is registered.
    official = document.validate_data(base_document("2021"))
    back = parse(html.dumps(official).encode("utf-8"), format="html")
    assert back.edition is Edition.REV_2021
    assert back.report.t3 == official.t3


def test_a_2021_value_in_the_new_row_is_not_lost_on_the_other_editions(edition: Edition) -> None:
    # A document of the new edition does not validate as 2021: the extra row is not silently
    # dropped by a reader that does not know the edition.
    data = _doc()
    data["edition"] = "2021"
    data.pop("$schema", None)
    with pytest.raises(document.DocumentError):
        document.validate_data(data)


def test_the_same_id_registered_again_with_another_layout_is_read_afresh() -> None:
    from govdisclosure.cells import cell_values

    first = register_edition(_spec())
    try:
        with_row = _doc()
        report = document.validate_data(with_row)
        assert check(report) == []
        assert len(cell_values(report)) == len(layout_for("2021").cells) + 7
    finally:
        unregister_edition(first)
    base = layout_for("2021")
    plain = replace(_spec(), layout=ReportLayout(NEW_ID, base.sections, base.tables))
    second = register_edition(plain)
    try:
        again = document.validate_data(base_document(NEW_ID))
        assert not hasattr(again.t3.results.other, "withdrawn")
        assert len(cell_values(again)) == len(base.cells)
        assert check(again) == []
        with pytest.raises(document.DocumentError):
            document.validate_data(with_row)
    finally:
        unregister_edition(second)


def test_cli_offers_the_registered_edition(
    edition: Edition, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from govdisclosure.cli.main import main

    assert main(["schema", "--edition", NEW_ID]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["x-govd-edition"] == NEW_ID
    assert NEW_LABEL in json.dumps(printed, ensure_ascii=False)
    pytest.importorskip("openpyxl")
    out = tmp_path / "blank.xlsx"
    assert main(["template", "--edition", NEW_ID, "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_cli_choices_are_the_official_editions_without_a_registration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from govdisclosure.cli.main import main

    with pytest.raises(SystemExit):
        main(["schema", "--edition", NEW_ID])
    assert "invalid choice" in capsys.readouterr().err


def test_error_texts_name_every_registered_edition(edition: Edition) -> None:
    from govdisclosure.problem_text import localize

    with pytest.raises(document.DocumentError) as err:
        document.validate_data({"metadata": {}})
    problem = next(p for p in err.value.problems if p.pointer == "/edition")
    assert problem.expected == 'an "edition" member ("2019", "2021" or "2099")'
    assert localize(problem)[1] == "edition 成员（“2019”、“2021”或“2099”）"
