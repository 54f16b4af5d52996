"""The plain-text reader and ``parse()`` on the seed report and variants made from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govdisclosure.cells import iter_cells
from govdisclosure.cli.main import main
from govdisclosure.document import load, loads, to_data
from govdisclosure.parse import ParseError, parse, sniff_format
from govdisclosure.parse._ir import TextBlock
from govdisclosure.parse.text import is_page_artefact, read_text

HERE = Path(__file__).resolve().parent
SEED = HERE / "data" / "seed" / "000_afc8951c6086bbfe.txt"
EXAMPLE = HERE.parent / "examples" / "quanzhou-digital-office-2021.json"


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _cells(report: object) -> dict[str, object]:
    return {c.pointer: c.value for c in iter_cells(report)}  # type: ignore[arg-type]


def _table_lines(text: str) -> range:
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("第二十条"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    return range(start, end)


def test_seed_equals_the_hand_made_example_in_every_cell_and_section() -> None:
    res = parse(SEED)
    example = load(EXAMPLE)
    assert res.edition.value == example.edition
    got, want = _cells(res.report), _cells(example)
    assert got.keys() == want.keys()
    diffs = {
        k: (got[k], want[k]) for k in want if got[k] != want[k] or type(got[k]) is not type(want[k])
    }
    assert not diffs
    assert to_data(res.report)["sections"] == to_data(example)["sections"]
    assert res.report.extra_rows == example.extra_rows


def test_seed_findings_have_no_errors_and_every_cell_has_provenance() -> None:
    res = parse(SEED)
    assert [f for f in res.findings if f.severity == "error"] == []
    text = _seed_text()
    for cell in iter_cells(res.report):
        prov = res.provenance[cell.pointer]
        assert prov.loc.kind == "text"
        assert prov.loc.offset is not None
        assert prov.loc.line is not None
        assert prov.loc.column is not None
        assert text[prov.loc.offset : prov.loc.offset + len(prov.raw)] == prov.raw
        assert text.split("\n")[prov.loc.line - 1][prov.loc.column - 1 :].startswith(prov.raw)


def test_cli_parse_then_check_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "seed.json"
    assert main(["parse", str(SEED), "-o", str(out)]) == 0
    assert _cells(load(out)) == _cells(load(EXAMPLE))
    assert main(["check", str(out)]) == 0
    capsys.readouterr()


def test_cli_parse_to_stdout_and_json_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--findings-format", "json"]) == 0
    cap = capsys.readouterr()
    report = loads(cap.out)
    assert _cells(report) == _cells(load(EXAMPLE))
    findings = json.loads(cap.err)
    (entry,) = findings["results"]
    assert entry["edition"] == "2021"
    assert entry["provenance"]["/t3/new_received/total"]["raw"] == "2"


def test_cli_parse_bad_input_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["parse", str(empty)]) == 2
    assert main(["parse", str(tmp_path / "missing.txt")]) == 2
    assert main(["parse", str(SEED), str(SEED)]) == 2  # several files need -o DIR
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "P-INPUT-EMPTY" in err


def test_cli_parse_several_files_into_a_directory(tmp_path: Path) -> None:
    other = tmp_path / "copy.txt"
    other.write_bytes(SEED.read_bytes())
    outdir = tmp_path / "out"
    assert main(["parse", str(SEED), str(other), "-o", str(outdir)]) == 0
    assert sorted(p.name for p in outdir.iterdir()) == ["000_afc8951c6086bbfe.json", "copy.json"]


def test_spaces_instead_of_tabs_give_the_same_cells() -> None:
    text = _seed_text().replace("\t", "  ")
    assert _cells(parse(text).report) == _cells(parse(SEED).report)


def test_page_numbers_inside_the_tables_are_ignored() -> None:
    lines = _seed_text().split("\n")
    rng = _table_lines("\n".join(lines))
    for i in sorted(rng, reverse=True)[::7]:
        lines.insert(i, f"- {i} -")
    res = parse("\n".join(lines))
    assert _cells(res.report) == _cells(parse(SEED).report)


def test_labels_broken_over_lines_are_joined() -> None:
    """PDF text breaks long labels; every label of tables 三 is cut in the middle."""
    lines = _seed_text().split("\n")
    out = []
    for i, ln in enumerate(lines):
        if i in _table_lines("\n".join(lines)) and "\t" in ln:
            cells = ln.split("\t")
            cells = [c[: len(c) // 2] + "\n" + c[len(c) // 2 :] if len(c) > 8 else c for c in cells]
            ln = " ".join(cells)
        out.append(ln)
    assert _cells(parse("\n".join(out)).report) == _cells(parse(SEED).report)


def test_cells_run_together_are_segmented_by_the_identities() -> None:
    """Crawler text: all separators inside table rows removed (80 1 0 0 0 0 81 → 801000081)."""
    text = _seed_text()
    lines = text.split("\n")
    rng = _table_lines(text)
    glued = [re.sub(r"\s+", "", ln) if i in rng else ln for i, ln in enumerate(lines)]
    res = parse("\n".join(glued))
    want = _cells(parse(SEED).report)
    got = _cells(res.report)
    t34 = [k for k in want if k.startswith(("/t3/", "/t4/"))]
    assert {k: got[k] for k in t34} == {k: want[k] for k in t34}
    assert any(f.code == "P-SEGMENTATION-INFERRED" for f in res.findings)


def test_blank_placeholder_cell_is_blank_not_zero() -> None:
    text = _seed_text()
    line = next(ln for ln in text.split("\n") if ln.startswith("二、上年结转"))
    cells = line.split("\t")
    cells[3] = "—"  # 商业企业
    res = parse(text.replace(line, "\t".join(cells)))
    assert res.report.t3.carried_over_in.commercial_enterprise is None
    assert res.report.t3.carried_over_in.natural_person == 0
    blank = [f for f in res.findings if f.code == "P-BLANK-CELL"]
    assert [f.pointer for f in blank] == ["/t3/carried_over_in/commercial_enterprise"]


def test_gb18030_bytes_are_decoded_with_a_finding() -> None:
    res = parse(_seed_text().encode("gb18030"))
    assert _cells(res.report) == _cells(parse(SEED).report)
    assert res.findings[0].code == "P-ENCODING"


def test_utf8_bom_is_accepted_silently() -> None:
    res = parse(b"\xef\xbb\xbf" + SEED.read_bytes())
    assert not any(f.code == "P-ENCODING" for f in res.findings)


def test_sniffing() -> None:
    assert sniff_format(SEED.read_bytes()) == "text"
    assert sniff_format("<p>一、总体情况</p>") == "html"
    assert sniff_format('let content = "<table><tr><td>x</td></tr></table>";') == "html"
    assert sniff_format("| a | b |\n|---|---|\n| 1 | 2 |\n") == "markdown"
    assert sniff_format(b"PK\x03\x04" + b"\x00" * 30 + b"word/document.xml") == "docx"
    assert sniff_format(b"PK\x03\x04" + b"\x00" * 30 + b"xl/workbook.xml") == "xlsx"


@pytest.mark.parametrize("data", [b"", "   \n\n", b"PK\x03\x04junk"])
def test_unusable_input_raises_parse_error(data: bytes | str) -> None:
    with pytest.raises(ParseError) as e:
        parse(data)
    assert e.value.code.startswith("P-")


def test_text_without_tables_reports_missing_tables() -> None:
    res = parse("一、总体情况\n本年度无特别事项。\n")
    missing = [f for f in res.findings if f.code == "P-TABLE-MISSING"]
    assert {f.pointer for f in missing} == {"/t2", "/t3", "/t4"}
    assert all(c.value is None for c in iter_cells(res.report))


def test_page_artefacts() -> None:
    assert is_page_artefact("- 5 -")
    assert is_page_artefact("— 4 —")
    assert is_page_artefact("第 3 页")
    assert not is_page_artefact("0\t0\t0")
    assert not is_page_artefact("- 5")


def test_read_text_keeps_narrative_lines_as_blocks() -> None:
    doc = read_text(_seed_text(), source="seed")
    assert doc.source == "seed"
    assert len(doc.tables) == 3
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert "一、总体情况" in texts
    assert "三、收到和处理政府信息公开申请情况" in texts
    assert not any("\t" in t for t in texts)


def test_edition_comes_from_the_labels_not_the_year() -> None:
    res = parse(_seed_text().replace("2021", "2019").replace("2022", "2020"))
    assert res.edition.value == "2021"
    assert res.report.metadata.report_year == 2019


def test_cli_exit_code_follows_the_fail_level(tmp_path: Path) -> None:
    excerpt = HERE / "data" / "corpus" / "raw" / "022_yangling-audit-bureau-2022_pages-excerpt.txt"
    out = tmp_path / "x.json"
    assert main(["parse", str(excerpt), "-o", str(out)]) == 1  # tables missing: errors
    assert main(["parse", str(excerpt), "-o", str(out), "--fail-on", "never"]) == 0
    assert main(["parse", str(SEED), "-o", str(out), "--fail-on", "info"]) == 1
