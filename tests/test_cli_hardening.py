"""The command line as a user meets it: bad input, batches, output files, standard streams.

Every subcommand must end with exit code 0, 1 or 2, name the file and say what was expected,
never print a traceback, and never overwrite or lose the user's data.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from govdisclosure.errors import GovdisclosureError
from govdisclosure.io import csv as gcsv
from govdisclosure.io import markdown

from .conftest import DATA, EXAMPLES

SEED_JSON = EXAMPLES / "quanzhou-digital-office-2021.json"
SHANGHAI_JSON = EXAMPLES / "shanghai-gov-office-2019.json"
SEED_TEXT = DATA / "seed" / "000_afc8951c6086bbfe.txt"
PINGTAN_TEXT = DATA / "corpus" / "raw" / "002_pingtan-2019_page.txt"


# --- bad inputs ---------------------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    """One file per kind of bad input a user hands the command line."""
    bad = tmp_path / "bad"
    bad.mkdir()
    out = {
        "empty": bad / "empty.json",
        "garbage": bad / "garbage.json",
        "directory": bad / "a-directory.json",
        "missing": bad / "missing.json",
        "broken-link": bad / "broken-link.json",
        "array": bad / "array.json",
        "invalid-utf8": bad / "invalid-utf8.json",
        "wrong-edition": bad / "wrong-edition.json",
        "deep": bad / "deep.json",
        "huge-number": bad / "huge-number.json",
    }
    out["empty"].write_bytes(b"")
    out["garbage"].write_bytes(bytes(range(256)) * 16)
    out["directory"].mkdir()
    try:
        out["broken-link"].symlink_to(bad / "nowhere.json")
    except OSError:  # pragma: no cover - platforms without symbolic links
        del out["broken-link"]
    out["array"].write_text("[1, 2, 3]", encoding="utf-8")
    text = SEED_JSON.read_text(encoding="utf-8")
    out["invalid-utf8"].write_bytes(text.encode("utf-8").replace("办公室".encode(), b"\xff\xfe", 1))
    wrong = json.loads(SHANGHAI_JSON.read_text(encoding="utf-8"))
    wrong["edition"] = "2021"  # the 2019 tables under the 2021 label
    out["wrong-edition"].write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    out["deep"].write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    out["huge-number"].write_text(
        text.replace('"natural_person": 2', '"natural_person": 1' + "0" * 5000, 1),
        encoding="utf-8",
    )
    return out


def _commands(path: Path, tmp_path: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(path)],
        "check": ["check", str(path)],
        "parse": ["parse", str(path), "-o", str(tmp_path / "parsed.json")],
        "convert": ["convert", str(path), str(tmp_path / "converted.csv")],
        "render": ["render", str(path), "--to", "html", "-o", str(tmp_path / "rendered.html")],
    }


@pytest.mark.parametrize("command", ["validate", "check", "parse", "convert", "render"])
def test_bad_input_is_named_without_traceback(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, path in _bad_inputs(tmp_path).items():
        argv = _commands(path, tmp_path)[command]
        code = main(argv)  # an uncaught exception fails the test here
        cap = capsys.readouterr()
        both = cap.out + cap.err
        assert code in (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE), (kind, code)
        assert "Traceback" not in both, kind
        if command == "parse" and code != EXIT_USAGE:
            # The parser reads any text; what it could not find is a finding, not a crash.
            continue
        assert code != EXIT_OK, (kind, both)
        assert path.name in both, (kind, both)
        if kind in ("empty", "directory", "missing", "broken-link", "garbage", "invalid-utf8"):
            assert code == EXIT_USAGE, (kind, both)
        if kind in ("array", "wrong-edition") and command in ("validate", "check", "convert"):
            assert code == EXIT_FINDINGS, (kind, both)


@pytest.mark.parametrize("command", ["validate", "check"])
def test_unusable_file_is_one_line_saying_why(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_inputs(tmp_path)
    expect = {"empty": "empty", "directory": "directory", "broken-link": "symbolic link"}
    for kind, word in expect.items():
        if kind not in bad:  # pragma: no cover
            continue
        options = ["--lang", "en"] if command == "check" else []
        assert main([command, *options, str(bad[kind])]) == EXIT_USAGE
        out = capsys.readouterr().out
        lines = [line for line in out.splitlines() if word in line]
        assert lines, (kind, out)
        if command == "validate":
            # The file and the reason on the same line, so that grep finds both.
            assert any(str(bad[kind]) in line for line in lines), out


def test_big_file_is_read_and_a_huge_one_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli._output import MAX_DOCUMENT_BYTES

    big = tmp_path / "padded.json"
    pad = b" " * (MAX_DOCUMENT_BYTES // 4)
    big.write_bytes(pad + SEED_JSON.read_bytes() + pad)
    assert main(["validate", str(big)]) == EXIT_OK
    assert str(big) in capsys.readouterr().out
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk and is never read
    for command, said in (
        (["validate"], "too large"),
        (["check", "--lang", "en"], "too large"),
        (["check"], "文件过大"),  # check speaks Chinese by default
    ):
        assert main([*command, str(huge)]) == EXIT_USAGE
        out = capsys.readouterr().out
        assert str(huge) in out
        assert said in out


# --- batches ------------------------------------------------------------------------------


def _batch(tmp_path: Path) -> list[Path]:
    bad = _bad_inputs(tmp_path)
    return [SEED_JSON, SHANGHAI_JSON, bad["array"], bad["wrong-edition"], bad["empty"]]


def test_validate_batch_ends_with_a_summary_matching_each_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _batch(tmp_path)
    singles = []
    for f in files:
        singles.append(main(["validate", str(f)]))
    capsys.readouterr()
    assert main(["validate", *map(str, files)]) == max(singles)
    last = capsys.readouterr().out.splitlines()[-1]
    valid = singles.count(EXIT_OK)
    invalid = singles.count(EXIT_FINDINGS)
    unreadable = singles.count(EXIT_USAGE)
    assert last == (
        f"{len(files)} files: {valid} valid, {invalid} invalid, {unreadable} unreadable"
    )


def test_check_batch_ends_with_a_summary_matching_each_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _batch(tmp_path)
    singles = [main(["check", str(f)]) for f in files]
    capsys.readouterr()
    assert main(["check", *map(str, files)]) == max(singles)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"{len(files)} files: {singles.count(EXIT_OK)} passed, ")
    assert f", {singles.count(EXIT_FINDINGS)} failed" in last
    assert last.endswith(f", {singles.count(EXIT_USAGE)} unreadable")


@pytest.mark.parametrize(
    ("command", "key"), [("validate", "results"), ("check", "reports")], ids=str
)
def test_batch_json_is_one_document_and_progress_goes_to_stderr(
    command: str, key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _batch(tmp_path)
    code = main([command, "--format", "json", "--progress", *map(str, files)])
    assert code == EXIT_USAGE  # one of them is empty
    cap = capsys.readouterr()
    entries = json.loads(cap.out)[key]  # the whole of standard output is one JSON document
    assert [e["source"] for e in entries] == [str(f) for f in files]
    progress = cap.err.splitlines()
    assert progress == [f"[{i + 1}/{len(files)}] {f}" for i, f in enumerate(files)]


def test_no_progress_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED_JSON), str(SHANGHAI_JSON)]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_progress_on_a_terminal_is_erased(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["validate", "--format", "json", str(SEED_JSON), str(SHANGHAI_JSON)]) == EXIT_OK
    text = err.getvalue()
    assert f"[2/2] {SHANGHAI_JSON}" in text
    assert text.endswith("\r")  # the line is wiped, nothing left behind the results
    assert "\n" not in text


@pytest.mark.parametrize("command", ["validate", "check"])
def test_standard_input(command: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govdisclosure", command, "-"],
        input=SEED_JSON.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout.decode("utf-8").startswith("<stdin>: ")


# --- output files -------------------------------------------------------------------------


def _noncanonical_copy(tmp_path: Path, name: str = "report.json") -> Path:
    """The seed report written differently from the canonical form, so a rewrite shows."""
    path = tmp_path / name
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{in}", "{in}"],
        ["convert", "{in}", "{link}"],
        ["render", "{in}", "--to", "html", "-o", "{in}"],
        ["render", "{in}", "--to", "md", "-o", "{link}"],
        ["parse", "{in}", "-o", "{in}"],
        ["template", "-o", "{in}"],
    ],
    ids=lambda a: " ".join(a),
)
def test_input_is_never_overwritten(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _noncanonical_copy(tmp_path)
    link = tmp_path / "alias.json"
    try:
        link.symlink_to(src)
    except OSError:  # pragma: no cover
        pytest.skip("no symbolic links here")
    before = src.read_bytes()
    args = [a.format(**{"in": str(src), "link": str(link)}) for a in argv]
    assert main(args) == EXIT_USAGE
    err = capsys.readouterr().err
    assert src.read_bytes() == before
    assert link.is_symlink()
    assert "Traceback" not in err
    assert src.name in err or link.name in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".govdisclosure-")]


def test_csv_side_file_is_an_input_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = tmp_path / "r.csv"
    assert main(["convert", str(SEED_JSON), str(csv_path)]) == EXIT_OK
    side = gcsv.meta_path(csv_path)
    before = side.read_bytes()
    assert main(["convert", str(csv_path), str(side)]) == EXIT_USAGE
    assert side.read_bytes() == before
    assert side.name in capsys.readouterr().err
    back = tmp_path / "back.json"
    assert main(["convert", str(csv_path), str(back)]) == EXIT_OK
    assert back.read_bytes() == SEED_JSON.read_bytes()


def test_existing_output_is_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.md"
    out.write_text("an older rendering\n", encoding="utf-8")
    assert main(["render", str(SEED_JSON), "--to", "md", "-o", str(out)]) == EXIT_OK
    assert out.read_text(encoding="utf-8") == markdown.dumps(document.load(SEED_JSON))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_failed_write_leaves_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import govdisclosure.io as gio

    out = tmp_path / "r.json"
    out.write_text("keep me\n", encoding="utf-8")

    def half_then_fail(report: object, path: Path, fmt: str | None = None) -> list[Path]:
        Path(path).write_text('{"$schema": ', encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gio, "dump", half_then_fail)
    assert main(["convert", str(SEED_JSON), str(out)]) == EXIT_USAGE
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{seed}", "{tmp}/no/such/dir/r.json"],
        ["render", "{seed}", "--to", "html", "-o", "{tmp}/no/such/dir/r.html"],
        ["template", "-o", "{tmp}/no/such/dir/t.xlsx"],
        ["parse", "{text}", "-o", "{tmp}/no/such/dir/r.json"],
        ["parse", "{text}", "{text2}", "-o", "{tmp}/no/such/dir"],
    ],
    ids=lambda a: a[0] + " " + a[-1].rsplit("/", 1)[-1],
)
def test_missing_output_directory_is_not_created(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill = {"seed": SEED_JSON, "tmp": tmp_path, "text": SEED_TEXT, "text2": PINGTAN_TEXT}
    assert main([a.format(**fill) for a in argv]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Traceback" not in err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["convert", "{seed}", "{out}", "--to", "html"], "r.md"),
        (["render", "{seed}", "--to", "md", "-o", "{out}"], "r.html"),
        (["template", "-o", "{out}"], "t.txt"),
        (["template", "-o", "{out}"], "t.json"),
        (["parse", "{text}", "-o", "{out}"], "r.html"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else a,
)
def test_suffix_of_another_format_is_refused(
    argv: list[str], name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    fill = {"seed": SEED_JSON, "text": SEED_TEXT, "out": out}
    assert main([a.format(**fill) for a in argv]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert name in err
    assert "suffix" in err
    assert not out.exists()


def test_unknown_suffix_with_an_explicit_format_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.txt"
    assert main(["convert", str(SEED_JSON), str(out), "--to", "md"]) == EXIT_OK
    assert out.read_text(encoding="utf-8") == markdown.dumps(document.load(SEED_JSON))


def test_binary_to_standard_output_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["template", "-o", "-"]) == EXIT_USAGE
    assert "binary" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no file called "-"


def test_convert_and_render_read_standard_input() -> None:
    expected = markdown.dumps(document.load(SEED_JSON))
    for argv in (["convert", "-", "-", "--to", "md"], ["render", "-", "--to", "md"]):
        proc = subprocess.run(
            [sys.executable, "-m", "govdisclosure", *argv],
            input=SEED_JSON.read_bytes(),
            capture_output=True,
            check=False,
        )
        assert proc.returncode == EXIT_OK, proc.stderr
        assert proc.stdout.decode("utf-8") == expected


# --- parse --------------------------------------------------------------------------------


def test_parse_dash_output_is_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["parse", str(SEED_TEXT)]) == EXIT_OK
    plain = capsys.readouterr().out
    assert main(["parse", str(SEED_TEXT), "-o", "-"]) == EXIT_OK
    assert capsys.readouterr().out == plain
    assert list(tmp_path.iterdir()) == []  # no file called "-"
    document.loads(plain)


def test_parse_reads_standard_input() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "parse", "-"],
        input=SEED_TEXT.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    from_file = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "parse", str(SEED_TEXT)],
        capture_output=True,
        check=False,
    )
    assert proc.stdout == from_file.stdout
    assert proc.stderr.decode("utf-8").startswith("<stdin>: ")


def test_parse_batch_keeps_going_and_json_stays_one_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_inputs(tmp_path)
    files = [SEED_TEXT, bad["directory"], bad["empty"], PINGTAN_TEXT]
    outdir = tmp_path / "out"
    argv = ["parse", *map(str, files), "-o", str(outdir), "--findings-format", "json"]
    assert main(argv) == EXIT_USAGE
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["source"] for r in results] == [str(f) for f in files]
    assert [("error" in r) for r in results] == [False, True, True, False]
    assert sorted(p.name for p in outdir.iterdir()) == sorted(
        f.stem + ".json" for f in (SEED_TEXT, PINGTAN_TEXT)
    )


def test_parse_batch_text_ends_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [SEED_TEXT, _bad_inputs(tmp_path)["empty"], PINGTAN_TEXT]
    singles = [
        main(["parse", str(f), "-o", str(tmp_path / f"single{i}.json")])
        for i, f in enumerate(files)
    ]
    capsys.readouterr()
    code = main(["parse", *map(str, files), "-o", str(tmp_path / "out")])
    assert code == max(singles)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"{len(files)} files: {singles.count(EXIT_OK)} parsed, ")
    assert f", {singles.count(EXIT_FINDINGS)} parsed with a finding" in last
    assert last.endswith(f", {singles.count(EXIT_USAGE)} unreadable or not written")


def test_parse_without_the_extra_gives_the_install_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("openpyxl")
    workbook = tmp_path / "report.xlsx"
    assert main(["convert", str(SEED_JSON), str(workbook)]) == EXIT_OK
    capsys.readouterr()
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["parse", str(workbook)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert str(workbook) in err
    assert "pip install 'govdisclosure[xlsx]'" in err


# --- schema -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["schema", "--check", "-o", "{tmp}/missing"], "missing"),
        (["schema", "--edition", "2019", "-o", "{tmp}/out"], "--edition"),
        (["schema", "--edition", "2021", "--check"], "--edition"),
        (["schema", "-o", "{tmp}/file.json"], "not a directory"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else a,
)
def test_schema_usage_errors(
    argv: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file.json").write_text("{}", encoding="utf-8")
    assert main([a.format(tmp=tmp_path) for a in argv]) == EXIT_USAGE
    assert needle in capsys.readouterr().err
    assert (tmp_path / "file.json").read_text(encoding="utf-8") == "{}"
    assert not (tmp_path / "out").exists()


def test_schema_check_outside_a_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--check"]) == EXIT_USAGE
    assert "-o" in capsys.readouterr().err


# --- the last net -------------------------------------------------------------------------


def test_unforeseen_library_error_is_a_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govdisclosure.cli import cmd_render

    def boom(args: object) -> int:
        raise GovdisclosureError("the input made no sense")

    monkeypatch.setattr(cmd_render, "run", boom)
    assert main(["render", str(SEED_JSON), "--to", "md"]) == EXIT_USAGE
    assert capsys.readouterr().err == "govdisclosure render: the input made no sense\n"


@pytest.mark.parametrize(
    "command", ["schema", "validate", "check", "parse", "convert", "render", "template"]
)
def test_help_of_every_subcommand(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: ")


def test_output_is_utf8_whatever_the_locale() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    run = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "parse", str(SEED_TEXT)],
        capture_output=True,
        check=False,
        env=env,
    )
    assert run.returncode == EXIT_OK, run.stderr
    assert b"Traceback" not in run.stderr
    # Standard output carries the document: UTF-8, not escapes and not an encoding error.
    parsed = document.loads(run.stdout.decode("utf-8"))
    assert parsed.metadata.body.name == document.load(SEED_JSON).metadata.body.name
    check = subprocess.run(
        [
            sys.executable,
            "-m",
            "govdisclosure",
            "check",
            "--fail-on",
            "warning",
            str(SHANGHAI_JSON),
        ],
        capture_output=True,
        check=False,
        env=env,
    )
    assert check.returncode == EXIT_FINDINGS
    assert b"Traceback" not in check.stderr
    assert str(SHANGHAI_JSON).encode() in check.stdout


def test_json_messages_never_mix_with_a_document_on_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(SEED_JSON), "-", "--format", "json"]) == EXIT_OK
    assert capsys.readouterr().out == SEED_JSON.read_text(encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["render", str(SEED_JSON), "--to", "html", "-o", str(out), "--format", "json"]) == (
        EXIT_OK
    )
    assert json.loads(capsys.readouterr().out) == {
        "ok": True,
        "source": str(SEED_JSON),
        "written": [str(out)],
    }


def test_rule_selection_that_leaves_nothing_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from govdisclosure.rules import select_codes

    code = sorted(select_codes())[0]
    assert main(["check", str(SEED_JSON), "--select", code]) == EXIT_OK
    capsys.readouterr()
    assert main(["check", str(SEED_JSON), "--select", code, "--skip", code]) == EXIT_USAGE
    assert "no rule" in capsys.readouterr().err


def test_csv_without_its_side_file_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "r.csv"
    assert main(["convert", str(SEED_JSON), str(csv_path)]) == EXIT_OK
    side = gcsv.meta_path(csv_path)
    side.unlink()
    capsys.readouterr()
    out = tmp_path / "r.json"
    assert main(["convert", str(csv_path), str(out), "--format", "json"]) == EXIT_OK
    (note,) = json.loads(capsys.readouterr().out)["notes"]
    assert side.name in note
    # The note is true: what the side file held is blank in the result.
    assert document.load(SEED_JSON).sections != document.load(out).sections


def test_check_text_names_the_cell_pointer(capsys: pytest.CaptureFixture[str]) -> None:
    # Shanghai 2019 has warnings only (blank cells and totals): they make it exit 1 here.
    assert main(["check", "--format", "json", "--fail-on", "warning", str(SHANGHAI_JSON)]) == (
        EXIT_FINDINGS
    )
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    assert findings
    main(["check", str(SHANGHAI_JSON)])
    lines = capsys.readouterr().out.splitlines()[1:]
    assert len(lines) == len(findings)
    for finding, line in zip(findings, lines, strict=True):
        assert line.startswith(f"  {finding['code']} {finding['severity']}: ")
        assert finding["pointers"][0] in line


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", ""],
        ["check", ""],
        ["parse", ""],
        ["convert", "", "{tmp}/r.json"],
        ["render", "", "--to", "md"],
        ["render", "{seed}", "--to", "md", "-o", ""],
    ],
    ids=lambda a: " ".join(x or repr(x) for x in a),
)
def test_empty_file_name(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.format(tmp=tmp_path, seed=SEED_JSON) for a in argv]
    assert main(args) == EXIT_USAGE
    cap = capsys.readouterr()
    # check speaks Chinese by default (--lang zh), the other commands English.
    said = "文件名为空" if argv[0] == "check" else "file name is empty"
    assert said in cap.out + cap.err
    assert list(tmp_path.iterdir()) == []
