"""Batch commands on the engine: inputs, parallel order, jsonl, streaming JSON, cache, Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govdisclosure.cli import cmd_check, cmd_parse
from govdisclosure.cli._output import JsonArrayWriter, json_entry, print_json
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from govdisclosure.schema import schema_validator

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    ROOT / "examples" / "quanzhou-digital-office-2021.json",
    ROOT / "examples" / "shanghai-gov-office-2019.json",
]
SEED_TEXT = ROOT / "tests" / "data" / "seed" / "000_afc8951c6086bbfe.txt"
RAW = ROOT / "tests" / "data" / "corpus" / "raw"


def _reports(directory: Path, n: int, *, bad: bool = True) -> list[Path]:
    """``n`` distinct report JSONs (one count varied) in two sub-directories, and bad ones."""
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    out = []
    for i in range(n):
        sub = directory / ("a" if i % 3 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        text = re.sub(r'"natural_person": \d+', f'"natural_person": {i}', texts[i % 2], count=1)
        p = sub / f"r{i:03d}.json"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    if bad:
        (directory / "a" / "r900-empty.json").write_bytes(b"")
        (directory / "a" / "r901-array.json").write_text("[1]", encoding="utf-8")
        (directory / "a" / "notes.txt").write_text("not a report", encoding="utf-8")
    return out


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.mark.parametrize("command", ["check", "validate"])
def test_directory_in_parallel_equals_one_by_one(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _reports(tmp_path / "in", 71)  # 73 files: the last task is partly filled
    args = [command, "--no-cache", str(tmp_path / "in")]
    parallel = _run([*args, "--jobs", "2"], capsys)
    serial = _run([*args, "--jobs", "1"], capsys)
    assert parallel == serial
    code, out, _ = parallel
    assert code == EXIT_USAGE  # the empty file
    names = [line.split(": ", 1)[0] for line in out.splitlines() if line.startswith(str(tmp_path))]
    # Deterministic order: the directory walked sorted, sub-directories in name order.
    assert names == sorted(names)
    assert len(names) == 73  # the 71 reports and two bad ones; notes.txt is not *.json
    assert not any("notes.txt" in n for n in names)


def test_files_from_standard_input(tmp_path: Path) -> None:
    files = _reports(tmp_path, 5, bad=False)
    listing = "".join(f"{f}\n" for f in reversed(files))
    proc = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "validate", "--files-from", "-"],
        input=listing.encode(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [str(f) for f in reversed(files)]
    assert lines[-1] == "5 files: 5 valid, 0 invalid, 0 unreadable"


def test_include_and_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _reports(tmp_path, 6)
    code, out, _ = _run(
        ["validate", str(tmp_path), "--include", "r0*.json", "--exclude", "b"], capsys
    )
    assert code == EXIT_OK
    assert out.splitlines()[-1] == "4 files: 4 valid, 0 invalid, 0 unreadable"


@pytest.mark.parametrize(
    ("argv", "key"),
    [
        (["check", "--format"], "reports"),
        (["validate", "--format"], "results"),
        (["parse", "--findings-format"], "results"),
    ],
)
def test_jsonl_lines_are_the_json_entries_and_valid_against_their_schema(
    argv: list[str], key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if argv[0] == "parse":
        inputs = [str(SEED_TEXT), str(next(RAW.glob("021_*"))), str(tmp_path / "missing.txt")]
        extra = ["-o", str(tmp_path / "out")]
    else:
        _reports(tmp_path / "in", 8)
        inputs, extra = [str(tmp_path / "in")], []
    as_json = _run([*argv, "json", *inputs, *extra, "--jobs", "1"], capsys)
    as_jsonl = _run([*argv, "jsonl", *inputs, *extra, "--jobs", "1"], capsys)
    assert as_json[0] == as_jsonl[0]
    entries = json.loads(as_json[1])[key]
    lines = [json.loads(line) for line in as_jsonl[1].splitlines()]
    assert lines == entries
    validator = schema_validator(name="batch-line.schema.json")
    for line in lines:
        errors = list(validator.iter_errors(line))
        assert not errors, errors[0].message
    # The schema tells the kinds apart: a line of another command is refused as this one.
    if argv[0] == "check":
        wrong = dict(lines[0])
        del wrong["counts"]
        assert list(validator.iter_errors(wrong))


def test_streamed_json_is_what_print_json_wrote() -> None:
    for entries in ([], [{"a": 1}], [{"a": [1, {"b": "中"}]}, {"c": None}]):
        expected = io.StringIO()
        print_json({"reports": entries}, stream=expected)
        streamed = io.StringIO()
        writer = JsonArrayWriter("reports", streamed)
        for e in entries:
            writer.add(json_entry(e, lines=False))
        writer.close()
        assert streamed.getvalue() == expected.getvalue()


def test_cache_skips_unchanged_files_and_follows_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _reports(tmp_path / "in", 6, bad=False)
    calls: list[str] = []
    real = cmd_check.check_path

    def counting(name: str, args: object) -> object:
        calls.append(name)
        return real(name, args)  # type: ignore[arg-type]

    monkeypatch.setattr(cmd_check, "check_path", counting)
    argv = ["check", str(tmp_path / "in"), "--jobs", "1", "--cache-dir", str(tmp_path / "c")]
    first = _run(argv, capsys)
    assert len(calls) == 6
    again = _run(argv, capsys)
    assert again == first
    assert len(calls) == 6  # nothing checked again
    english = _run([*argv, "--lang", "en"], capsys)
    assert len(calls) == 12  # another language: other results
    assert english != first
    files[0].write_text(files[1].read_text(encoding="utf-8"), encoding="utf-8")
    _run(argv, capsys)
    assert calls[12:] == [str(files[0])]  # only the changed file
    _run([*argv, "--no-cache"], capsys)
    assert len(calls) == 13 + 6


def test_parse_cache_rewrites_a_missing_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [str(SEED_TEXT), str(next(RAW.glob("015_*")))]
    out = tmp_path / "out"
    argv = ["parse", *inputs, "-o", str(out), "--jobs", "1", "--cache-dir", str(tmp_path / "c")]
    first = _run(argv, capsys)
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    calls: list[str] = []
    real = cmd_parse._parse_one

    def counting(name: str, fmt: object) -> object:
        calls.append(name)
        return real(name, fmt)

    monkeypatch.setattr(cmd_parse, "_parse_one", counting)
    assert _run(argv, capsys) == first
    assert calls == []
    (out / (SEED_TEXT.stem + ".json")).unlink()
    assert _run(argv, capsys) == first
    assert calls == [str(SEED_TEXT)]  # its output was gone: parsed and written again
    assert {p.name: p.read_bytes() for p in out.iterdir()} == written


def _wait_for(predicate: object, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail("timed out")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a process group")
def test_ctrl_c_stops_cleanly_without_partial_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3000):
        shutil.copyfile(SEED_TEXT, src / f"p{i:05d}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "govdisclosure",
            "parse",
            "-q",
            "--no-cache",
            "--jobs",
            "2",
            str(src),
            "-o",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, as a terminal's job is
    )
    _wait_for(lambda: out.is_dir() and len(os.listdir(out)) >= 20)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group gets it
    _, err = proc.communicate(timeout=120)
    text = err.decode("utf-8", "replace")
    assert proc.returncode == EXIT_USAGE, text
    assert "Traceback" not in text
    assert "interrupted" in text
    names = os.listdir(out)
    assert 0 < len(names) < 3000
    for name in names:
        assert name.endswith(".json"), name  # no temporary file left behind
        json.loads((out / name).read_text(encoding="utf-8"))  # each one whole


def test_one_bad_file_never_stops_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _reports(tmp_path, 4, bad=False)
    real = cmd_check.check_path

    def flaky(name: str, args: object) -> object:
        if name == str(files[1]):
            raise RuntimeError("boom")
        return real(name, args)  # type: ignore[arg-type]

    monkeypatch.setattr(cmd_check, "check_path", flaky)
    code, out, _ = _run(["check", "--jobs", "1", "--no-cache", *map(str, files)], capsys)
    assert code == EXIT_USAGE
    lines = out.splitlines()
    assert lines[-1].endswith("1 unreadable")
    assert any(line.startswith(str(files[1])) and "无法读取" in line for line in lines)
    assert "内部错误（请报告此问题）: boom (RuntimeError) [error]" in out
    assert sum(1 for line in lines if line.startswith(str(tmp_path))) == 4


def test_several_files_exit_codes_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _reports(tmp_path, 3, bad=False)
    assert main(["validate", *map(str, files)]) == EXIT_OK
    (tmp_path / "bad.json").write_text("[1]", encoding="utf-8")
    assert main(["validate", *map(str, files), str(tmp_path / "bad.json")]) == EXIT_FINDINGS
    capsys.readouterr()


def test_convert_many_into_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _reports(tmp_path / "in", 5)
    out = tmp_path / "out"
    code, text, _ = _run(
        ["convert", str(tmp_path / "in"), str(out), "--to", "csv", "--format", "jsonl"], capsys
    )
    assert code == EXIT_USAGE  # the empty file is unusable; the others are converted
    lines = [json.loads(line) for line in text.splitlines()]
    validator = schema_validator(name="batch-line.schema.json")
    for line in lines:
        assert not list(validator.iter_errors(line))
    assert [line["ok"] for line in lines] == [True, True, True, False, False, True, True]
    written = sorted(p.name for p in out.iterdir())
    stems = sorted(Path(line["source"]).stem for line in lines if line["ok"])
    assert written == sorted([f"{s}.csv" for s in stems] + [f"{s}.meta.json" for s in stems])
    # The CSVs written read back as a directory of their own (side files are not inputs).
    again = tmp_path / "again"
    code, _, _ = _run(["convert", str(out), str(again), "--to", "json"], capsys)
    assert code == EXIT_OK
    assert sorted(p.name for p in again.iterdir()) == [f"{s}.json" for s in stems]
    assert main(["convert", str(tmp_path / "in"), str(tmp_path / "x")]) == EXIT_USAGE
    assert "--to" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["schema"]])
def test_help_and_schema_do_not_build_the_models(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from govdisclosure.cli.main import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('pydantic', 'govdisclosure.models'))]\n"
        "sys.stderr.write(repr(loaded))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert proc.stderr.decode() == "[]"
    assert proc.stdout  # it did print (the help, the schema)


def test_progress_without_tqdm_is_a_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setitem(sys.modules, "tqdm", None)  # the extra is not installed
    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["validate", "--no-cache", *map(str, EXAMPLES)]) == EXIT_OK
    text = err.getvalue()
    assert f"[2/2] {EXAMPLES[1]}" in text
    assert text.endswith("\r")
    assert "\n" not in text


def test_progress_bar_shows_count_rate_and_eta(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["validate", "--no-cache", *map(str, EXAMPLES)]) == EXIT_OK
    text = err.getvalue()
    assert re.search(r"\[2/2\] \S+ [\d.?]+\s*(file/s|s/file)?.*, ETA ", text), text
    assert "\n" not in text


def test_bench_inputs_are_distinct_valid_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "bench_batch.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.make_reports(tmp_path / "r", 6)
    files = sorted((tmp_path / "r").rglob("*.json"))
    assert len({f.read_bytes() for f in files}) == 6
    assert main(["validate", "--no-cache", str(tmp_path / "r")]) == EXIT_OK
    bench.make_texts(tmp_path / "t", 3)
    assert len(list((tmp_path / "t").iterdir())) == 3
    capsys.readouterr()


def test_parse_a_directory_keeps_its_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "published"
    for sub in ("2021", "2022/dept"):
        (src / sub).mkdir(parents=True)
        shutil.copyfile(SEED_TEXT, src / sub / "report.txt")  # the same name twice
    (src / "scan.png").write_bytes(b"\x89PNG\r\n")  # not a published-report suffix: left out
    out = tmp_path / "out"
    code = main(["parse", "-q", "--fail-on", "never", str(src), "-o", str(out)])
    assert code == EXIT_OK, capsys.readouterr()
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == ["2021/report.json", "2022/dept/report.json"]
    capsys.readouterr()
