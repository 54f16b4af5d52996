"""``govdisclosure dataset``: building (through the batch engine) and querying, as users run it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.cli.main import main
from tests.conftest import DATA, EXAMPLES

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

CORPUS = DATA / "corpus" / "raw"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """The examples and the corpus' published reports in one directory tree."""
    root = tmp_path / "in"
    shutil.copytree(EXAMPLES, root / "examples")
    shutil.copytree(CORPUS, root / "corpus", ignore=shutil.ignore_patterns("*.json"))
    return root


def test_build_is_the_default_subcommand_and_writes_every_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, inputs: Path
) -> None:
    out = tmp_path / "ds"
    code, _, err = _run(capsys, "dataset", str(inputs), "-o", str(out), "--no-cache", "-j", "1")
    n = len([p for p in inputs.rglob("*") if p.is_file()])
    assert code == 0, err
    assert f"{n} report(s) written" in err
    code, text, _ = _run(
        capsys,
        "dataset",
        "query",
        str(out),
        "SELECT count(*) AS n, count(DISTINCT report_id) AS ids FROM reports",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(text) == [{"n": n, "ids": n}]


def test_build_in_parallel_keeps_input_order_and_every_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # More inputs than the engine runs in-process: worker processes, tasks of several items,
    # the last task partly filled.
    src = tmp_path / "many"
    src.mkdir()
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".json")
    for k in range(61):
        f = files[k % len(files)]
        shutil.copyfile(f, src / f"r{k:03d}{f.suffix}")
    out = tmp_path / "ds"
    code, _, err = _run(capsys, "dataset", str(src), "-o", str(out), "--no-cache", "-j", "2")
    assert code == 0, err
    code, text, _ = _run(
        capsys, "dataset", "query", str(out), "SELECT source FROM reports", "--format", "csv"
    )
    got = sorted(r["source"] for r in csv.DictReader(io.StringIO(text)))
    assert got == sorted(str(p) for p in src.iterdir())


def test_cache_answers_unchanged_inputs_and_renamed_copies_get_their_own_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(EXAMPLES / "quanzhou-digital-office-2021.json", src / "a.json")
    cache = tmp_path / "cache"
    first = tmp_path / "one"
    assert _run(capsys, "dataset", str(src), "-o", str(first), "--cache-dir", str(cache))[0] == 0
    assert any(cache.iterdir())
    shutil.copyfile(src / "a.json", src / "b.json")
    second = tmp_path / "two"
    assert _run(capsys, "dataset", str(src), "-o", str(second), "--cache-dir", str(cache))[0] == 0
    sql = "SELECT source, report_id, sha256 FROM reports ORDER BY source"
    code, text, _ = _run(capsys, "dataset", "query", str(second), sql, "--format", "json")
    assert code == 0
    rows = json.loads(text)
    assert [Path(r["source"]).name for r in rows] == ["a.json", "b.json"]
    assert rows[0]["sha256"] == rows[1]["sha256"]
    assert rows[0]["report_id"] != rows[1]["report_id"]
    _, text, _ = _run(capsys, "dataset", "query", str(first), sql, "--format", "json")
    assert json.loads(text)[0] == rows[0]


def test_paths_from_standard_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(names) + "\n"))
    out = tmp_path / "ds.duckdb"
    code, _, err = _run(
        capsys, "dataset", "--files-from", "-", "-o", str(out), "--format", "duckdb", "--no-cache"
    )
    assert code == 0, err
    code, text, _ = _run(
        capsys,
        "dataset",
        "query",
        str(out),
        "SELECT source FROM reports ORDER BY 1",
        "--format",
        "csv",
    )
    assert text.splitlines() == ["source", *names]


def test_standard_input_is_not_an_input_of_a_dataset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "dataset", "-", "-o", str(tmp_path / "ds"), "--no-cache")
    assert code == 2
    assert "--files-from -" in err
    assert not (tmp_path / "ds").exists()


def test_bad_inputs_are_left_out_with_a_message_and_the_rest_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"edition": "2021"}', encoding="utf-8")
    good = EXAMPLES / "shanghai-gov-office-2019.json"
    out = tmp_path / "ds"
    code, _, err = _run(capsys, "dataset", str(good), str(bad), "-o", str(out), "--no-cache")
    assert code == 1
    assert f"{bad}: left out:" in err
    assert "Traceback" not in err
    assert "1 report(s) written" in err
    missing = tmp_path / "missing.txt"
    code, _, err = _run(
        capsys, "dataset", str(good), str(missing), "-o", str(out), "--force", "--no-cache"
    )
    assert code == 2
    assert f"{missing}: left out:" in err
    assert "1 unreadable" in err


def test_existing_output_is_refused_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    out.mkdir()
    code, _, err = _run(capsys, "dataset", str(EXAMPLES), "-o", str(out), "--no-cache")
    assert code == 2
    assert "already exists" in err


def test_interrupt_leaves_no_dataset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import govdisclosure.dataset as ds

    real = ds.read_file_rows
    calls: list[str] = []

    def interrupted(path: str, input: str = "auto") -> Any:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, input)

    monkeypatch.setattr(ds, "read_file_rows", interrupted)
    src = tmp_path / "in"
    src.mkdir()
    for k in range(5):
        shutil.copyfile(EXAMPLES / "shanghai-gov-office-2019.json", src / f"{k}.json")
    out = tmp_path / "ds"
    code, _, err = _run(capsys, "dataset", str(src), "-o", str(out), "--no-cache", "-j", "1")
    assert code == 2
    assert "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.fixture
def dataset_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    out = tmp_path / "ds"
    assert _run(capsys, "dataset", str(EXAMPLES), "-o", str(out), "--no-cache")[0] == 0
    return out


SUM_SQL = (
    "SELECT report_year, sum(count) AS counts, sum(amount) AS amounts FROM cells "
    "GROUP BY 1 ORDER BY 1"
)


def test_query_prints_a_table(capsys: pytest.CaptureFixture[str], dataset_dir: Path) -> None:
    code, text, _ = _run(capsys, "dataset", "query", str(dataset_dir), SUM_SQL)
    assert code == 0
    lines = text.splitlines()
    assert lines[0].split() == ["report_year", "counts", "amounts"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == "(2 rows)"
    assert [line.split()[0] for line in lines[2:-1]] == ["2019", "2021"]


def test_query_csv_and_json_agree_with_exact_decimals(
    capsys: pytest.CaptureFixture[str], dataset_dir: Path
) -> None:
    _, text, _ = _run(capsys, "dataset", "query", str(dataset_dir), SUM_SQL, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    _, text, _ = _run(capsys, "dataset", "query", str(dataset_dir), SUM_SQL, "--format", "json")
    doc = json.loads(text, parse_float=Decimal)
    assert [str(r["report_year"]) for r in doc] == [r["report_year"] for r in rows]
    for a, b in zip(doc, rows, strict=True):
        assert str(a["counts"]) == b["counts"]
        if a["amounts"] is None:
            assert b["amounts"] == ""
        else:
            assert Decimal(b["amounts"]) == a["amounts"]


def test_query_errors_are_messages_not_tracebacks(
    capsys: pytest.CaptureFixture[str], dataset_dir: Path, tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "dataset", "query", str(dataset_dir), "SELECT nope FROM cells")
    assert code == 2
    assert "govdisclosure dataset query:" in err
    assert "Traceback" not in err
    code, _, err = _run(capsys, "dataset", "query", str(tmp_path / "none"), "SELECT 1")
    assert code == 2
    assert "no such dataset" in err


def test_missing_extra_gives_the_install_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "duckdb", None)
    code, _, err = _run(capsys, "dataset", str(EXAMPLES), "-o", str(tmp_path / "ds"))
    assert code == 2
    assert "pip install 'govdisclosure[dataset]'" in err
    code, _, err = _run(capsys, "dataset", "query", str(tmp_path), "SELECT 1")
    assert code == 2
    assert "pip install 'govdisclosure[dataset]'" in err
    assert not (tmp_path / "ds").exists()


def test_the_readme_dataset_command_runs_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    root = EXAMPLES.parent
    line = next(
        line
        for line in (root / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("pip install -e '.[dataset]' && govdisclosure dataset ")
    )
    monkeypatch.chdir(root)
    out = str(tmp_path / "out")
    steps = [shlex.split(step) for step in line.split(" && ")[1:]]
    assert [s[:2] for s in steps] == [["govdisclosure", "dataset"]] * 2
    code, _, err = _run(capsys, *[out if a == "out" else a for a in steps[0][1:]], "--no-cache")
    assert code == 0, err
    assert "0 not a valid report, 0 unreadable" in err
    code, text, _ = _run(capsys, *[out if a == "out" else a for a in steps[1][1:]])
    assert code == 0
    assert text.splitlines()[0].split() == ["report_year", "reports", "new_requests"]
    assert text.splitlines()[-1].endswith("rows)")


def test_a_write_error_is_a_message_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govdisclosure.dataset import _write

    def full(self: Any, year: int, batches: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_write._ParquetSink, "write", full)
    out = tmp_path / "ds"
    code, _, err = _run(capsys, "dataset", str(EXAMPLES), "-o", str(out), "--no-cache")
    assert code == 2
    assert "cannot write" in err
    assert "No space left on device" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
