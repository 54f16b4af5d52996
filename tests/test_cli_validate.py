"""``govdisclosure validate``: exit codes, pointers, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def _seed() -> Path:
    return ROOT / "examples" / "quanzhou-digital-office-2021.json"


def _mutate(tmp_path: Path, pointer: str, value: Any, *, delete: bool = False) -> Path:
    doc = json.loads(_seed().read_text(encoding="utf-8"))
    *parents, last = pointer.strip("/").split("/")
    obj = doc
    for p in parents:
        obj = obj[p]
    if delete:
        del obj[last]
    else:
        obj[last] = value
    out = tmp_path / "case.json"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def test_examples_exist() -> None:
    assert _seed() in EXAMPLES
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(path)]) == 0
    assert "valid" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [-1, True, 1.5, "3"])
def test_bad_count_exits_1_and_names_pointer(
    bad: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pointer = "/t3/results/granted/natural_person"
    path = _mutate(tmp_path, pointer, bad)
    assert main(["validate", "--format", "json", str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    problems = out["results"][0]["problems"]
    assert [p["pointer"] for p in problems] == [pointer]
    assert problems[0]["expected"]


def test_count_written_2_0_is_valid_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _mutate(tmp_path, "/t4/review/total", 0)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"total": 0}}', '"total": 2.0}}'), encoding="utf-8")
    assert main(["validate", "--format", "json", str(path)]) == 0
    entry = json.loads(capsys.readouterr().out)["results"][0]
    assert entry["valid"] is True
    notes = [(n["code"], n["pointer"]) for n in entry["notes"]]
    assert len(notes) == text.count('"total": 0}}') > 0
    assert ("integer-form", "/t4/litigation_after_review/total") in notes
    # The line of --format jsonl, notes included, follows the batch line schema.
    from govdisclosure.schema import schema_validator

    assert main(["validate", "--format", "jsonl", str(path)]) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[0])
    assert line["notes"]
    assert list(schema_validator(name="batch-line.schema.json").iter_errors(line)) == []
    path.write_text(
        path.read_text(encoding="utf-8").replace('"total": 2.0}}', '"total": 2.5}}'),
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    assert "/t4/litigation_after_review/total" in capsys.readouterr().out


def test_unknown_key_and_missing_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _mutate(tmp_path, "/t3/new_received/subtotal", 1)
    assert main(["validate", str(path)]) == 1
    assert "/t3/new_received/subtotal" in capsys.readouterr().out
    path = _mutate(tmp_path, "/t2", None, delete=True)
    assert main(["validate", str(path)]) == 1
    assert "/t2" in capsys.readouterr().out


def test_complete_flags_blank_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _mutate(tmp_path, "/t4/review/pending", None)
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--complete", str(path)]) == 1
    assert "/t4/review/pending" in capsys.readouterr().out


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{not json")
    assert main(["validate", str(bad)]) == 2
    assert main(["validate", str(tmp_path / "missing.json")]) == 2
    (tmp_path / "syntax.json").write_text('{"a": }', encoding="utf-8")
    assert main(["validate", str(tmp_path / "syntax.json")]) == 2
    out = capsys.readouterr().out
    assert "line 1" in out
    assert "Traceback" not in out


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_console_script_and_module_entry(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[]", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "a report document is a JSON object" in proc.stdout
