"""``govdisclosure.read_report``: every kind of input into a report plus findings."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import govdisclosure
from govdisclosure import document
from govdisclosure.errors import DocumentError
from govdisclosure.io import csv as gcsv
from govdisclosure.io.formats import UnknownFormatError
from govdisclosure.parse import ParseError
from govdisclosure.reading import check_read, read_report

from .conftest import DATA, EXAMPLES

SEED = EXAMPLES / "quanzhou-digital-office-2021.json"
SEED_TEXT = DATA / "seed" / "000_afc8951c6086bbfe.txt"


def test_json_document() -> None:
    r = govdisclosure.read_report(SEED)
    assert (r.how, r.format, r.ok, r.readable) == ("json", "json", True, True)
    assert r.report == document.load(SEED)
    assert r.files == [str(SEED)]
    assert r.findings == []
    assert r.source == str(SEED)


def test_json_that_is_not_a_valid_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(SEED.read_text(encoding="utf-8").replace('"2021"', '"2031"', 1), "utf-8")
    r = read_report(bad)
    assert r.report is None
    assert r.readable
    assert [p.code for p in r.problems] == ["edition"]
    with pytest.raises(DocumentError):
        r.report_or_raise()
    v = check_read(r, lang="en")
    assert not v.structure_ok
    assert v.findings[0].code == "G-R0"


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty"), (b"  \n", "empty"), (b"{not json", "json-syntax")],
)
def test_unusable_json(tmp_path: Path, content: bytes, code: str) -> None:
    f = tmp_path / "x.json"
    f.write_bytes(content)
    r = read_report(f)
    assert not r.readable
    assert [p.code for p in r.problems] == [code]


def test_missing_file_and_size_limit(tmp_path: Path) -> None:
    r = read_report(tmp_path / "none.json")
    assert not r.readable
    assert r.problems[0].code == "io"
    assert "no such file" in r.problems[0].message
    r = read_report(SEED, max_bytes=100)
    assert r.problems[0].code == "too-large"


def test_long_csv_with_and_without_its_side_file(tmp_path: Path) -> None:
    report = document.load(SEED)
    f = tmp_path / "r.csv"
    gcsv.dump(report, f)
    r = read_report(f)
    assert (r.how, r.format, r.report) == ("format", "csv", report)
    assert r.files == [str(f), str(tmp_path / "r.meta.json")]
    assert r.notes == []
    (tmp_path / "r.meta.json").unlink()
    r = read_report(f)
    assert r.report is not None
    assert r.report.metadata.body.name == report.metadata.body.name
    assert len(r.notes) == 1
    assert "no side file" in r.notes[0]


def test_broken_long_csv_is_a_document_with_problems(tmp_path: Path) -> None:
    f = tmp_path / "r.csv"
    f.write_text("pointer,value\n/t9/x,1\n", encoding="utf-8")
    r = read_report(f)
    assert r.report is None
    assert r.readable
    assert r.problems
    assert isinstance(r.error, DocumentError)
    assert check_read(r).findings  # structural findings, not an unreadable file


def test_published_report_file_and_bytes() -> None:
    r = read_report(SEED_TEXT)
    assert (r.how, r.ok) == ("published", True)
    assert r.parsed is not None
    assert r.report == r.parsed.report
    assert r.findings == list(r.parsed.findings)
    same = read_report(SEED_TEXT.read_bytes(), name="seed.txt")
    assert same.source == "seed.txt"
    assert same.report == r.report
    forced = read_report(SEED_TEXT, how="published", format="text")
    assert forced.report == r.report


def test_published_findings_in_english() -> None:
    zh = read_report(SEED_TEXT)
    en = read_report(SEED_TEXT, lang="en")
    assert [f.code for f in en.findings] == [f.code for f in zh.findings]
    if zh.findings:  # the seed has findings today; the messages differ by language
        assert en.findings[0].message != zh.findings[0].message
    report = check_read(en, lang="en")
    assert report.findings[: len(en.findings)] == en.findings


def test_not_a_report_at_all(tmp_path: Path) -> None:
    f = tmp_path / "archive.bin"
    f.write_bytes(b"PK\x03\x04" + bytes(64))  # a zip archive, neither DOCX nor XLSX
    r = read_report(f)
    assert not r.readable
    assert isinstance(r.error, ParseError)
    assert r.problems[0].code.startswith("P-")
    v = check_read(r)
    assert not v.readable


def test_document_mode_names_the_format(tmp_path: Path) -> None:
    r = read_report(tmp_path / "x.pdf", how="document")
    assert isinstance(r.error, UnknownFormatError)
    assert not r.readable
    with pytest.raises(UnknownFormatError):
        r.report_or_raise()
    data = document.dumps(document.load(SEED)).encode("utf-8")
    assert read_report(data, how="document").report == document.load(SEED)


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(SEED.read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin)
    r = read_report("-")
    assert r.source == "<stdin>"
    assert r.ok
    assert r.files == []


def test_json_content_without_a_json_suffix(tmp_path: Path) -> None:
    f = tmp_path / "report.dat"
    f.write_bytes(SEED.read_bytes())
    assert read_report(f).how == "json"
    assert read_report(f).ok


def test_a_missing_extra_makes_the_input_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    import govdisclosure.parse
    from govdisclosure.errors import MissingExtraError

    def needs_docx(*args: object, **kwargs: object) -> object:
        raise MissingExtraError("Reading DOCX", "docx", "python-docx")

    monkeypatch.setattr(govdisclosure.parse, "parse", needs_docx)
    r = read_report(SEED_TEXT)
    assert not r.readable
    assert r.problems[0].code == "missing-extra"
    assert "pip install 'govdisclosure[docx]'" in r.problems[0].message
