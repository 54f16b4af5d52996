"""The committed docs: generated pages in sync, links resolve, quick-start snippets run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from govdisclosure import docgen
from govdisclosure.cli.main import main as cli_main
from govdisclosure.editions import Edition
from govdisclosure.layout import SECTIONS, layout_for

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_committed_docs_equal_generated_pages() -> None:
    stale = docgen.check(DOCS)
    assert stale == [], (
        f"docs out of date: {', '.join(stale)}; regenerate with: {docgen.REGENERATE_COMMAND}"
    )


def test_format_pages_exist() -> None:
    pages = docgen.generated_pages()
    for name in ("index", "cell-ids", "narrative", "edition-2019", "edition-2021"):
        assert f"format/{name}.md" in pages


@pytest.mark.parametrize("edition", list(Edition), ids=str)
def test_edition_page_names_every_cell_and_label(edition: Edition) -> None:
    page = docgen.generated_pages()[f"format/edition-{edition.value}.md"]
    layout = layout_for(edition)
    for ref in layout.cells:
        assert f"`{ref.dotted}`" in page
        assert f"`{ref.pointer}`" in page
        assert ref.row.label in page
        assert ref.column.label in page
        assert ref.column.title_en in page
    for section in SECTIONS:
        assert section.title in page


def test_cell_ids_page_lists_cells_in_official_order() -> None:
    page = docgen.generated_pages()["format/cell-ids.md"]
    for edition in Edition:
        part = page.split(f"## Edition {edition.value}", 1)[1].split("\n## ", 1)[0]
        listed = re.findall(r"^\| (\d+) \| `(\w+)` \| `([\w.]+)` \| `(\w+)` \|", part, re.M)
        expected = [c.id for c in layout_for(edition).cells]
        assert [(t, r, c) for _, t, r, c in listed] == [tuple(e) for e in expected]
        assert [int(n) for n, *_ in listed] == list(range(1, len(expected) + 1))


def test_edition_diff_names_the_cells_of_one_edition_only() -> None:
    page = docgen.generated_pages()["format/edition-2021.md"]
    diff = page.split("## Differences from edition 2019", 1)[1]
    ours = {c.dotted for c in layout_for("2021").cells}
    theirs = {c.dotted for c in layout_for("2019").cells}
    listed = set(re.findall(r"^\| `(t\d\.[\w.]+)` \|", diff, re.M))
    assert listed == ours ^ theirs


def test_check_reports_changed_missing_and_left_over_pages(tmp_path: Path) -> None:
    written = docgen.write(tmp_path)
    assert len(written) == len(docgen.generated_pages())
    assert docgen.check(tmp_path) == []
    (tmp_path / "format" / "index.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "format" / "cell-ids.md").unlink()
    (tmp_path / "format" / "old-page.md").write_text("# gone\n", encoding="utf-8")
    assert sorted(docgen.check(tmp_path)) == [
        "format/cell-ids.md",
        "format/index.md",
        "format/old-page.md",
    ]


def test_command_line_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert docgen.main(["--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err
    assert "python -m govdisclosure.docgen" in err
    assert docgen.main([str(tmp_path)]) == 0
    capsys.readouterr()
    assert docgen.main(["--check", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_command_line_reports_an_unwritable_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    assert docgen.main([str(blocker)]) == 2
    assert "govdisclosure.docgen:" in capsys.readouterr().err


def _extra_pages() -> dict[str, str]:
    return {"extra/page.md": "# Extra\n"}


def test_providers_extend_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docgen, "_PROVIDERS", (*docgen._PROVIDERS, f"{__name__}:_extra_pages"))
    assert docgen.generated_pages()["extra/page.md"] == "# Extra\n"
    monkeypatch.setattr(
        docgen, "_PROVIDERS", (f"{__name__}:_extra_pages", f"{__name__}:_extra_pages")
    )
    with pytest.raises(ValueError, match=re.escape("extra/page.md")):
        docgen.generated_pages()


# ----------------------------------------------------------------------------------------
# Every committed page: relative links resolve; quick-start snippets run.

_LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


@pytest.mark.parametrize(
    "page", sorted(DOCS.glob("**/*.md")), ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_relative_links_resolve(page: Path) -> None:
    for target, _anchor in _LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (page.parent / target).is_file(), f"{page.name}: broken link {target}"


def _blocks(language: str) -> list[str]:
    text = (DOCS / "quickstart.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


@pytest.mark.parametrize("index", range(len(_blocks("python"))))
def test_quickstart_python_snippets_run(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(_blocks("python")[index], f"quickstart.md python block {index}", "exec"), {})


def _cli_lines() -> list[str]:
    return [
        line.split(" #", 1)[0].strip()
        for block in _blocks("sh")
        for line in block.splitlines()
        if line.startswith("govdisclosure ")
    ]


@pytest.mark.parametrize("line", _cli_lines())
def test_quickstart_commands_exist_and_run(
    line: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    argv: list[str] = []
    for word in shlex.split(line.split(">", 1)[0])[1:]:
        argv += sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(word)) if "*" in word else [word]
    # The one documented failure: the Shanghai report leaves cells blank, an error under
    # --complete.
    assert cli_main(argv) == (1 if "--complete" in argv else 0)
    capsys.readouterr()
