"""The ``convert``, ``render`` and ``template`` subcommands."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from govdisclosure.io import csv as gcsv
from govdisclosure.io import html, markdown

from .conftest import EXAMPLES

SEED = EXAMPLES / "quanzhou-digital-office-2021.json"
SHANGHAI = EXAMPLES / "shanghai-gov-office-2019.json"


@pytest.mark.parametrize("example", [SEED, SHANGHAI], ids=["2021", "2019"])
def test_convert_chain_is_lossless(example: Path, tmp_path: Path) -> None:
    assert main(["convert", str(example), str(tmp_path / "r.csv")]) == EXIT_OK
    assert (tmp_path / "r.meta.json").is_file()
    assert main(["convert", str(tmp_path / "r.csv"), str(tmp_path / "r.xlsx")]) == EXIT_OK
    assert main(["convert", str(tmp_path / "r.xlsx"), str(tmp_path / "back.json")]) == EXIT_OK
    assert (tmp_path / "back.json").read_bytes() == example.read_bytes()


def test_convert_to_stdout_and_explicit_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(SEED), "-", "--to", "md"]) == EXIT_OK
    assert capsys.readouterr().out == markdown.dumps(document.load(SEED))
    out = tmp_path / "report.txt"
    assert main(["convert", str(SEED), str(out), "--to", "csv"]) == EXIT_OK
    assert out.read_bytes().decode("utf-8") == gcsv.dumps(document.load(SEED))
    assert (tmp_path / "report.txt.meta.json").is_file()
    assert main(["convert", str(SEED), str(tmp_path / "w.csv"), "--to", "csv-wide"]) == EXIT_OK
    assert sorted(p.name for p in tmp_path.glob("w.*.csv")) == ["w.t2.csv", "w.t3.csv", "w.t4.csv"]


def test_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["render", str(SEED), "--to", "html", "-o", str(out)]) == EXIT_OK
    assert out.read_text(encoding="utf-8") == html.dumps(document.load(SEED))
    assert main(["render", str(SHANGHAI), "--to", "md"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("# ")


def test_template_then_filled_identity_is_required(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    target = tmp_path / "t.xlsx"
    assert main(["template", "--edition", "2021", "--to", "xlsx", "-o", str(target)]) == EXIT_OK
    capsys.readouterr()
    assert main(["convert", str(target), str(tmp_path / "t.json")]) == EXIT_FINDINGS
    err = capsys.readouterr().err
    assert "sheet 报告信息, cell C" in err
    assert "Traceback" not in err
    assert not (tmp_path / "t.json").exists()


def test_bad_csv_value_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    text = gcsv.dumps(document.load(SEED))
    lines = text.split("\r\n")
    lines[3] = lines[3].replace(",0,件,", ",x,件,", 1)
    bad.write_text("\r\n".join(lines), encoding="utf-8")
    assert main(["convert", str(bad), str(tmp_path / "out.json"), "--format", "json"]) == (
        EXIT_FINDINGS
    )
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    (problem,) = result["problems"]
    assert problem["line"] == 4
    assert problem["code"] == "value"
    assert problem["pointer"].startswith("/t2/")


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"{not json", "r.json"), (b"\x00\x01", "r.xlsx"), (b"", "r.csv")],
)
def test_unusable_input_exits_2(
    content: bytes, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if name.endswith(".xlsx"):
        pytest.importorskip("openpyxl")
    src = tmp_path / name
    src.write_bytes(content)
    assert main(["convert", str(src), str(tmp_path / "out.html")]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert str(src) in err
    assert "Traceback" not in err


def test_unknown_suffix_and_binary_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(SEED), str(tmp_path / "r.pdf")]) == EXIT_USAGE
    assert "suffix" in capsys.readouterr().err
    assert main(["convert", str(SEED), "-", "--to", "xlsx"]) == EXIT_USAGE
    missing = tmp_path / "missing.json"
    assert main(["convert", str(missing), str(tmp_path / "r.csv")]) == EXIT_USAGE
    assert "cannot read" in capsys.readouterr().err


def test_missing_extra_prints_the_install_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["template", "-o", str(tmp_path / "t.xlsx")]) == EXIT_USAGE
    assert "pip install 'govdisclosure[xlsx]'" in capsys.readouterr().err
    assert main(["convert", str(SEED), str(tmp_path / "r.xlsx")]) == EXIT_USAGE
    assert "pip install 'govdisclosure[xlsx]'" in capsys.readouterr().err


def test_entry_point_runs(tmp_path: Path) -> None:
    import subprocess

    exe = shutil.which("govdisclosure", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "govdisclosure"]
    proc = subprocess.run(
        [*cmd, "render", str(SEED), "--to", "md", "-o", str(tmp_path / "r.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r.md").is_file()
