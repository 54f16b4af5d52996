"""A third-party format registered through the ``govdisclosure.formats`` entry point group.

The plug-in (``tests/format_plugin/govd_kv_plugin.py``) is installed the way pip would leave
it: the module and a ``*.dist-info`` directory with ``entry_points.txt`` in a directory on
``sys.path``. No package module knows about it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, main
from govdisclosure.io import formats

from .conftest import EXAMPLES

SEED = EXAMPLES / "quanzhou-digital-office-2021.json"
SHANGHAI = EXAMPLES / "shanghai-gov-office-2019.json"
PLUGIN = Path(__file__).parent / "format_plugin" / "govd_kv_plugin.py"

ENTRY_POINTS = """\
[govdisclosure.formats]
kv = govd_kv_plugin:KV
plain = govd_kv_plugin:PLAIN
broken = govd_kv_plugin_missing:FORMAT
wrong = govd_kv_plugin:NOT_A_FORMAT
json = govd_kv_plugin:KV
"""


def install(site: Path) -> Path:
    """Lay out the plug-in as an installed distribution in ``site``."""
    site.mkdir()
    shutil.copy(PLUGIN, site / PLUGIN.name)
    info = site / "govd_kv_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: govd-kv-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    return site


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = install(tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    formats.refresh()
    yield site
    monkeypatch.undo()
    sys.modules.pop("govd_kv_plugin", None)
    formats.refresh()


def test_registry_lists_the_plugin_formats(plugin: Path) -> None:
    names = formats.format_names()
    assert names[:6] == ["json", "csv", "csv-wide", "xlsx", "html", "md"]
    assert {"kv", "plain", "broken", "wrong"} <= set(names)
    assert "govd_kv_plugin" not in sys.modules  # names come from the metadata alone
    kv = formats.get_format("kv")
    assert kv.readable
    assert not kv.binary
    assert kv.suffixes == (".kv",)
    assert kv.origin == "govd-kv-plugin"
    assert formats.suffix_format("a/b.KV") is kv
    # A plug-in cannot replace a built-in format.
    assert formats.get_format("json").origin == "govdisclosure"
    readable = [f.name for f in formats.registered() if f.readable]
    assert readable == ["json", "csv", "xlsx", "kv"]  # broken and wrong are left out


def test_broken_plugins_are_clear_errors(plugin: Path) -> None:
    with pytest.raises(formats.UnknownFormatError, match=r"cannot be loaded.*ModuleNotFoundError"):
        formats.get_format("broken")
    with pytest.raises(formats.UnknownFormatError, match="is not a Format named 'wrong'"):
        formats.get_format("wrong")


def test_convert_reads_and_writes_the_plugin_format(
    plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kv = tmp_path / "r.kv"
    assert main(["convert", str(SEED), str(kv)]) == EXIT_OK
    assert kv.read_text(encoding="utf-8").startswith("$schema=")
    back = tmp_path / "back.json"
    assert main(["convert", str(kv), str(back)]) == EXIT_OK
    assert back.read_bytes() == SEED.read_bytes()
    capsys.readouterr()
    # Standard output (a text format), and --from for a file with another suffix.
    assert main(["convert", str(SEED), "-", "--to", "kv"]) == EXIT_OK
    assert capsys.readouterr().out == kv.read_text(encoding="utf-8")
    other = tmp_path / "r.data"
    shutil.copy(kv, other)
    assert main(["convert", str(other), str(tmp_path / "b2.json"), "--from", "kv"]) == EXIT_OK
    assert (tmp_path / "b2.json").read_bytes() == SEED.read_bytes()


def test_plugin_reading_errors_are_reported(
    plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.kv"
    bad.write_text("edition\n", encoding="utf-8")
    assert main(["convert", str(bad), str(tmp_path / "x.json"), "--format", "json"]) == (
        EXIT_FINDINGS
    )
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert out["problems"][0]["code"] == "kv-syntax"
    assert not (tmp_path / "x.json").exists()
    # A suffix that names the plug-in format is refused for another format.
    assert main(["convert", str(SEED), str(tmp_path / "y.kv"), "--to", "json"]) == EXIT_USAGE
    assert "the suffix .kv means kv" in capsys.readouterr().err


def test_batch_convert_finds_plugin_files(plugin: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    assert main(["convert", str(SEED), str(SHANGHAI), str(src), "--to", "kv"]) == EXIT_OK
    assert sorted(p.name for p in src.iterdir()) == [
        "quanzhou-digital-office-2021.kv",
        "shanghai-gov-office-2019.kv",
    ]
    out = tmp_path / "out"
    # The directory's *.kv files are inputs: the default --include has the plug-in's suffix.
    assert main(["convert", str(src), str(out), "--to", "json", "-j", "1"]) == EXIT_OK
    assert (out / "shanghai-gov-office-2019.json").read_bytes() == SHANGHAI.read_bytes()


def test_render_uses_a_plugin_rendering(
    plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(SEED), "--to", "plain"]) == EXIT_OK
    text = capsys.readouterr().out
    report = document.load(SEED)
    assert text.splitlines()[0] == "/t2/rules/issued: 0"
    assert len(text.splitlines()) == sum(1 for _ in __import__("govdisclosure").iter_cells(report))
    # kv is not a rendering: render refuses it, as argparse refuses any unknown choice.
    with pytest.raises(SystemExit) as e:
        main(["render", str(SEED), "--to", "kv"])
    assert e.value.code == EXIT_USAGE
    assert "invalid choice: 'kv'" in capsys.readouterr().err


def test_a_wrong_name_lists_the_plugin_formats(
    plugin: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as e:
        main(["convert", str(SEED), "-", "--to", "nope"])
    assert e.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    # The broken plug-ins are left out.
    assert "(choose from 'json', 'csv', 'csv-wide', 'xlsx', 'html', 'md', 'kv', 'plain')" in err
    with pytest.raises(SystemExit):
        main(["convert", str(SEED), "-", "--from", "plain"])
    assert "(choose from 'json', 'csv', 'xlsx', 'kv')" in capsys.readouterr().err


def test_builtin_formats_never_load_plugins(plugin: Path, tmp_path: Path) -> None:
    assert main(["convert", str(SEED), str(tmp_path / "r.csv")]) == EXIT_OK
    assert main(["convert", str(tmp_path / "r.csv"), str(tmp_path / "r.json")]) == EXIT_OK
    assert "govd_kv_plugin" not in sys.modules


def test_the_installed_command_uses_the_plugin(tmp_path: Path) -> None:
    """The real command line, in a fresh interpreter that finds the distribution on its path."""
    site = install(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    out = tmp_path / "r.kv"
    for args in (
        [str(SEED), str(out)],
        [str(out), str(tmp_path / "back.json")],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "govdisclosure", "convert", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == EXIT_OK, proc.stderr
    assert (tmp_path / "back.json").read_bytes() == SEED.read_bytes()


def test_without_the_plugin_its_format_is_unknown(tmp_path: Path) -> None:
    formats.refresh()
    assert "kv" not in formats.format_names()
    with pytest.raises(formats.UnknownFormatError, match=r"from its suffix '\.kv'"):
        formats.suffix_format(tmp_path / "r.kv")


def test_check_reads_a_plugin_format(
    plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kv = tmp_path / "r.kv"
    assert main(["convert", str(SEED), str(kv)]) == EXIT_OK
    capsys.readouterr()
    code = main(["check", str(kv), str(SEED), "--format", "json", "--no-cache", "-j", "1"])
    reports = json.loads(capsys.readouterr().out)["reports"]
    # The same report read from the plug-in's format and from JSON: the same verdict.
    assert reports[0]["source"] == str(kv)
    assert reports[0]["findings"] == reports[1]["findings"]
    assert reports[0]["edition"] == "2021"
    assert code in (EXIT_OK, EXIT_FINDINGS)
    bad = tmp_path / "bad.kv"
    bad.write_text("no equals sign\n", encoding="utf-8")
    argv = ["check", str(bad), "--format", "json", "--no-cache", "--lang", "en"]
    assert main(argv) == EXIT_FINDINGS
    out = json.loads(capsys.readouterr().out)["reports"][0]
    assert out["readable"] is True  # a document with a problem, not an unusable file
    assert out["valid"] is False
    assert out["findings"][0]["code"] == "G-R0"
    assert "no '='" in out["findings"][0]["message"]
