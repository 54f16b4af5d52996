"""``govdisclosure parse`` over several files: progress on standard error only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govdisclosure.cli.main import main

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "corpus" / "raw"
SEED = HERE / "data" / "seed" / "000_afc8951c6086bbfe.txt"


def _files() -> list[str]:
    return [str(SEED), *(str(next(RAW.glob(f"{n}_*"))) for n in ("021", "027"))]


def test_progress_on_stderr_one_line_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files()
    code = main(["parse", *files, "-o", str(tmp_path), "--findings-format", "json"])
    assert code == 1  # the excerpts miss tables: errors
    out, err = capsys.readouterr()
    progress = [line for line in err.splitlines() if line.startswith("[")]
    assert progress == [f"[{i}/{len(files)}] {f}" for i, f in enumerate(files, start=1)]
    # Standard output is the JSON of the findings, nothing else.
    data = json.loads(out)
    assert [r["source"] for r in data["results"]] == files
    for f in files:
        written = tmp_path / (Path(f).stem + ".json")
        assert json.loads(written.read_text(encoding="utf-8"))["edition"] == "2021"


def test_quiet_suppresses_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", "--quiet", *_files(), "-o", str(tmp_path)])
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count(": edition 2021") == 3


def test_single_file_has_no_progress(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--fail-on", "never"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["edition"] == "2021"
    assert not any(line.startswith("[1/1]") for line in err.splitlines())


def test_unreadable_file_in_a_batch_is_reported_and_the_rest_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out_dir = tmp_path / "out"
    assert main(["parse", str(empty), str(SEED), "-o", str(out_dir)]) == 2
    out, err = capsys.readouterr()
    assert f"[1/2] {empty}" in err
    assert f"[2/2] {SEED}" in err
    assert "P-INPUT-EMPTY" in err
    assert (out_dir / (SEED.stem + ".json")).is_file()
    assert not any(line.startswith("[") for line in out.splitlines())
