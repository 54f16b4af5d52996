"""One finding per fault, in one language; unreadable input is an input error; plurals."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.cli.main import main
from govdisclosure.errors import Problem
from govdisclosure.problem_text import localize
from govdisclosure.rules import check_json
from govdisclosure.schema import schema_validator
from govdisclosure.validation import validate_document

from ._faults import EXAMPLE_FILES, single_faults

# What may stay Latin in a Chinese message: JSON Pointers, member names and values quoted
# from the document, and the names of the format itself.
_ALLOWED = re.compile(
    r"/[\w/~$.-]*|“[^”]*”|'[^']*'|https?://\S+|\$schema|JSON Schema|JSON|UTF-8|BOM|"
    r"YYYY-MM-DD|edition|true|false|null|\\uXXXX|\^[^\s（）]*\$|[A-Z]\d?-R\d+[A-Z]?"
)


def _english_words(message: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _ALLOWED.sub("", message))


def _fault_documents() -> list[tuple[str, str]]:
    out = []
    for edition in EXAMPLE_FILES:
        for name, doc, _pointer in single_faults(edition):
            out.append((name, json.dumps(doc, ensure_ascii=False)))
    return out


FAULTS = _fault_documents()


def test_zh_findings_have_no_english_over_single_fault_documents() -> None:
    """pydantic's, jsonschema's and the parser's texts are said in Chinese, by error type."""
    english = []
    for name, text in FAULTS:
        report = check_json(text, exact=True, with_schema=True, lang="zh")
        assert report.findings, name
        for f in report.findings:
            if _english_words(f.message):
                english.append((name, f.message))
            if f.params.get("problem_code"):
                # The original English stays in the params, for debugging.
                assert f.params["problem_original"], name
    assert english == [], english[:5]


@pytest.mark.parametrize(
    "text",
    [
        b'{"edition": "2021",,}',
        b'{"edition": "2021"} x',
        b"[1, 2",
        b'{"a": 1, "a": 2}',
        b"\xff\xfe not utf-8",
        b'{"edition": "2021", "metadata": "x"}',
        b'{"edition": "2099"}',
        b"{}",
        b"[]",
        b'{"edition": "2021", "n": 1' + b"1" * 5000 + b"}",
    ],
)
def test_zh_unreadable_and_malformed_json(text: bytes) -> None:
    report = check_json(text, exact=True, with_schema=True, lang="zh")
    assert report.findings
    for f in report.findings:
        assert _english_words(f.message) == [], f.message


def test_localize_falls_back_to_chinese_for_unknown_problems() -> None:
    message, expected = localize(Problem("something-new", "/x", "an English message"))
    assert _english_words(message + expected) == []
    message, _ = localize(Problem("io", "", "cannot read: no such file or directory"))
    assert message == "无法读取文件：文件不存在"


def test_unknown_member_is_reported_once() -> None:
    doc = json.loads(EXAMPLE_FILES["2021"].read_text(encoding="utf-8"))
    doc["t2"]["rules"]["not_a_column"] = 1
    doc["metadata"]["contact"]["postcode"] = "12"
    result = validate_document(json.dumps(doc, ensure_ascii=False), with_schema=True)
    assert [(p.code, p.pointer) for p in result.problems] == [
        ("value", "/metadata/contact/postcode"),
        ("unknown-member", "/t2/rules/not_a_column"),
    ]


def test_schema_finds_what_the_model_does_not_say() -> None:
    """The cross-check still reports a schema problem the model has no problem near."""
    doc = json.loads(EXAMPLE_FILES["2021"].read_text(encoding="utf-8"))
    from govdisclosure.validation import _beyond_model

    schema = [Problem("schema", "/t3", "x"), Problem("schema", "/t4/review", "y")]
    model = [Problem("missing", "/t3/new_received", "z")]
    assert _beyond_model(schema, model) == [schema[1]]
    assert _beyond_model([Problem("schema", "/t2", "x")], [Problem("type", "/t20", "y")])
    assert doc  # the example is a report (used above only for its shape)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_missing_file_is_an_input_error_not_a_finding(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nope.json")
    code, out = _run(["check", "--lang", lang, missing], capsys)
    assert code == 2
    assert out.count("\n") == 1
    assert "G-R0" not in out
    assert ("文件不存在" if lang == "zh" else "no such file") in out
    code, out = _run(["check", "--lang", lang, "--format", "json", missing], capsys)
    assert code == 2
    [report] = json.loads(out)["reports"]
    assert report["findings"] == []
    assert report["readable"] is False
    assert report["input_error"]
    errors = list(schema_validator(name="validation-report.schema.json").iter_errors(report))
    assert errors == []


def test_english_plurals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc: dict[str, Any] = json.loads(EXAMPLE_FILES["2021"].read_text(encoding="utf-8"))
    path = tmp_path / "r.json"
    seen = set()
    review, nr = doc["t4"]["review"], doc["t3"]["new_received"]
    changes = [
        lambda: None,  # 0 errors, 0 warnings
        lambda: review.update(upheld=review["upheld"] + 1),  # 1 error (the block total)
        lambda: nr.update(natural_person=nr["natural_person"] + 1),  # more errors, 1 warning
        lambda: doc["t4"]["litigation_direct"].update(other=None),  # and a 2nd warning
    ]
    for change in changes:
        change()
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        _, out = _run(["check", "--lang", "en", str(path)], capsys)
        summary = out.splitlines()[0].rsplit("; ", 1)[1]
        for n, word in re.findall(r"(\d+) (\w+)", summary):
            singular = word in ("error", "warning", "info")
            assert singular == (n == "1" or word == "info"), summary
            seen.add(word)
    assert {"errors", "error", "warnings", "warning"} <= seen


def test_wrong_edition_is_one_short_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(EXAMPLE_FILES["2021"].read_text(encoding="utf-8"))
    doc["edition"] = "2019"
    path = tmp_path / "labelled-2019.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out = _run(["validate", str(path)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("  /edition: the document says edition '2019'")
    assert "2021 template" in lines[1]
    assert len(lines[1]) < 300
    code, out = _run(["check", str(path)], capsys)
    assert "/edition：edition 为“2019”，但文档的表格属于 2021 版模板" in out
    assert len(out.splitlines()) == 2
