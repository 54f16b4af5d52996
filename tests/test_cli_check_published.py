"""``govdisclosure check`` on published reports: parse, then the rules, in one pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govdisclosure.cli.main import main

from .conftest import DATA

SEED = next((DATA / "seed").glob("*.txt"))
PINGTAN_2020 = DATA / "corpus" / "raw" / "003_pingtan-2020_page.txt"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_seed_text_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, str(SEED))
    assert code == 0
    (report,) = out["reports"]  # type: ignore[misc]
    assert report["edition"] == "2021"
    assert report["counts"]["error"] == 0
    codes = [f["code"] for f in report["findings"]]
    # The parse findings come first, then the rules (none fire on the seed).
    assert codes[0] == "P-EDITION"
    assert all(c.startswith("P-") for c in codes)
    assert "T3-R4" in report["rules_evaluated"]


def test_published_report_that_does_not_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    # Pingtan 2020 as published: its outcome rows do not add up to （七）总计 (see truth/003).
    code, out = _run(capsys, str(PINGTAN_2020))
    assert code == 1
    (report,) = out["reports"]  # type: ignore[misc]
    codes = {f["code"] for f in report["findings"]}
    assert "T3-R3" in codes
    assert "P-SEGMENTATION-INFERRED" in codes


def test_input_json_forces_a_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--input", "json", str(SEED))
    assert code == 2
    assert out["reports"][0]["readable"] is False  # type: ignore[index]


def test_messages_follow_lang(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(capsys, "--lang", "en", str(SEED))
    first = out["reports"][0]["findings"][0]  # type: ignore[index]
    assert first["message"].startswith("edition 2021")


def test_unparseable_published_input_is_unusable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    code = main(["check", str(bad)])
    assert code == 2
    out = capsys.readouterr().out
    assert "report.docx" in out
    assert "Traceback" not in out


def test_auto_reads_json_content_as_a_document_whatever_the_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import EXAMPLES

    copy = tmp_path / "report.txt"
    copy.write_bytes((EXAMPLES / "quanzhou-digital-office-2021.json").read_bytes())
    code, out = _run(capsys, str(copy))
    assert code == 0
    codes = [f["code"] for f in out["reports"][0]["findings"]]  # type: ignore[index]
    assert not any(c.startswith("P-") for c in codes)


def test_long_csv_written_by_convert_is_checked_as_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import EXAMPLES

    csv_path = tmp_path / "report.csv"
    assert main(["convert", str(EXAMPLES / "shanghai-gov-office-2019.json"), str(csv_path)]) == 0
    capsys.readouterr()
    code, out = _run(capsys, str(csv_path))
    assert code == 0
    (report,) = out["reports"]  # type: ignore[misc]
    assert report["edition"] == "2019"
    # The same findings as the JSON it came from: blanks stay blank through the CSV.
    _, direct = _run(capsys, str(EXAMPLES / "shanghai-gov-office-2019.json"))
    codes = [(f["code"], f["pointers"]) for f in report["findings"]]
    assert codes == [(f["code"], f["pointers"]) for f in direct["reports"][0]["findings"]]  # type: ignore[index]
    bad = tmp_path / "bad.csv"
    bad.write_text("table,row\nx,y\n", encoding="utf-8")
    code, out = _run(capsys, str(bad))
    assert code == 1
    assert out["reports"][0]["findings"][0]["code"] == "G-R0"  # type: ignore[index]
