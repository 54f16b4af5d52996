"""The parser on the real corpus: every table 三/四 cell of every truth file, and the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.cells import iter_cells
from govdisclosure.document import to_data
from govdisclosure.layout import layout_for
from govdisclosure.models import Report2019, Report2021
from govdisclosure.parse import PARSE_CODES, ParseResult, parse

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "corpus"
RAW = CORPUS / "raw"
TRUTH = CORPUS / "truth"

TRUTH_IDS = sorted(p.stem for p in TRUTH.glob("*.json"))
EDITIONS = {"trial_2019": "2019", "rev_2021": "2021"}
# Crawler text with no cell separators and no truth file: tables 三/四 must still come out
# complete and consistent (the identities chose every split).
CRAWLER_NO_TRUTH = [
    "002_pingtan-2019_page.txt",
    "008_pingtan-2021_page.txt",
    "009_pingtan-2022_page.txt",
]


def _raw(nid: str) -> Path:
    (path,) = RAW.glob(f"{nid}_*")
    return path


def _truth(nid: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRUTH / f"{nid}.json").read_text(encoding="utf-8"))
    return data


_CACHE: dict[str, ParseResult] = {}


def _parsed(path: Path) -> ParseResult:
    if path.name not in _CACHE:
        _CACHE[path.name] = parse(path)
    return _CACHE[path.name]


def _row(data: dict[str, Any], table: str, row_id: str, columns: list[str]) -> list[Any] | None:
    node: Any = data[table]
    for part in row_id.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict) and all(c in node for c in columns):
        return [node[c] for c in columns]
    return None


def _subtotal_row(data: dict[str, Any], table: str, group: str) -> list[Any] | None:
    rows = [e for e in data["extra_rows"] if e["table"] == table and e["subtotal_of"] == group]
    if len(rows) != 1:
        return None
    return [c["value"] for c in rows[0]["cells"]]


def test_truth_files_are_bundled() -> None:
    assert TRUTH_IDS, "tests/data/corpus/truth is empty"
    for nid in TRUTH_IDS:
        assert _raw(nid).is_file()


@pytest.mark.parametrize("nid", TRUTH_IDS)
def test_every_table_3_and_4_cell_equals_the_truth(nid: str) -> None:
    truth = _truth(nid)
    res = _parsed(_raw(nid))
    data = to_data(res.report)
    assert res.edition.value == EDITIONS[truth["edition"]]
    wrong: list[str] = []
    n = 0
    for table, key, cols_key in (
        ("t3", "table3", "table3_columns"),
        ("t4", "table4", "table4_columns"),
    ):
        cols = truth[cols_key]
        for row_id, expected in truth[key].items():
            got = _row(data, table, row_id, cols)
            if got is None:
                # A single （六）其他处理 row inside a 2021 report: kept as a subtotal row.
                got = _subtotal_row(data, table, row_id)
            assert got is not None, f"{table} {row_id} neither in the model nor in extra_rows"
            for c, e, g in zip(cols, expected, got, strict=True):
                n += 1
                # Value and blankness: None only where the truth is None, and the same number.
                if (e is None) != (g is None) or (e is not None and e != g):
                    wrong.append(f"{table}.{row_id}.{c}: got {g!r}, expected {e!r}")
    assert not wrong, "\n".join(wrong)
    expected_cells = 15 + 7 * len(truth["table3"])
    assert n == expected_cells


@pytest.mark.parametrize("nid", TRUTH_IDS)
def test_every_cell_read_has_provenance_in_the_source(nid: str) -> None:
    path = _raw(nid)
    res = _parsed(path)
    text = path.read_text(encoding="utf-8")
    cells = [c for c in layout_for(res.edition).cells if c.table.id in ("t3", "t4")]
    assert cells
    values = {c.pointer: c.value for c in iter_cells(res.report)}
    missing = {p for f in res.findings if f.code == "P-ROW-MISSING" for p in f.pointers}
    for ref in cells:
        prov = res.provenance.get(ref.pointer)
        if prov is None:
            # A row the report does not print (013/014: the 2021 sub-rows of （六）).
            assert values[ref.pointer] is None, ref.pointer
            assert any(ref.pointer.startswith(p + "/") for p in missing), ref.pointer
            continue
        assert prov.loc.offset is not None
        # An HTML cell's text follows its start tag, attributes and all.
        end = text.find("</td", prov.loc.offset) if prov.loc.kind == "html" else -1
        window = text[prov.loc.offset : max(prov.loc.offset + 64, end)]
        if prov.raw.strip():
            assert prov.raw.strip() in window, (ref.pointer, prov, window)
        else:
            assert values[ref.pointer] is None, ref.pointer


def test_segmentation_reproduces_003_as_published() -> None:
    """003 has no separators; its 勾稽 does not hold as published and must stay that way."""
    truth = _truth("003")
    assert truth["segmentation_inferred"] is True
    res = _parsed(_raw("003"))
    codes = [f.code for f in res.findings]
    assert "P-SEGMENTATION-INFERRED" in codes
    assert isinstance(res.report, Report2019)
    t3 = res.report.t3.results
    outcome_rows = [
        t3.granted,
        t3.partially_granted,
        *(getattr(t3.withheld, k) for k in type(t3.withheld).model_fields),
        *(getattr(t3.unable, k) for k in type(t3.unable).model_fields),
        *(getattr(t3.not_processed, k) for k in type(t3.not_processed).model_fields),
        t3.other,
    ]
    summed = sum(r.natural_person or 0 for r in outcome_rows)
    assert t3.total.natural_person == truth["table3"]["results.total"][0]
    assert summed != t3.total.natural_person  # kept as published, not "fixed"


@pytest.mark.parametrize("nid", ["013", "014"])
def test_single_row_six_in_a_2021_report_is_mixed_and_kept(nid: str) -> None:
    res = _parsed(_raw(nid))
    assert isinstance(res.report, Report2021)
    mixed = [f for f in res.findings if f.code == "P-EDITION-MIXED"]
    assert len(mixed) == 1
    assert mixed[0].params["table2_edition"] == "2021"
    assert mixed[0].params["table3_edition"] == "2019"
    other = res.report.t3.results.other
    # The three 2021 sub-rows are not invented from the single row.
    for sub in (other.no_correction, other.fee_unpaid, other.other):
        assert all(v is None for v in sub.model_dump().values())
    data = to_data(res.report)
    assert _subtotal_row(data, "t3", "results.other") == _truth(nid)["table3"]["results.other"]


def test_typo_label_is_matched_loosely() -> None:
    res = _parsed(_raw("013"))
    loose = [f for f in res.findings if f.code == "P-LABEL-LOOSE"]
    assert any("行政止公开" in f.params["raw"] for f in loose)
    assert any(f.pointer == "/t3/results/withheld/prohibited_by_law/natural_person" for f in loose)


def _t3_identities_hold(report: Report2019 | Report2021) -> list[str]:
    data = to_data(report)
    lay = layout_for(report.edition)
    t3 = lay.table("t3")
    cols = [c.id for c in t3.blocks[0].columns]
    rows = {r.id: _row(data, "t3", r.id, cols) for r in t3.rows}
    problems: list[str] = []
    for rid, vals in rows.items():
        assert vals is not None
        if any(v is None for v in vals):
            problems.append(f"{rid} has a blank cell")
            continue
        if sum(vals[:-1]) != vals[-1]:
            problems.append(f"{rid}: row total")
    outcomes = [r for r in rows if r.startswith("results.") and r != "results.total"]
    for i, c in enumerate(cols):
        total = rows["results.total"]
        assert total is not None
        if sum(rows[r][i] for r in outcomes) != total[i]:  # type: ignore[index]
            problems.append(f"column {c}: （七）总计")
    t4 = to_data(report)["t4"]
    for k, block in t4.items():
        vals = list(block.values())
        if any(v is None for v in vals) or sum(vals[:-1]) != vals[-1]:
            problems.append(f"t4 {k}")
    return problems


@pytest.mark.parametrize("name", CRAWLER_NO_TRUTH)
def test_crawler_text_tables_come_out_complete_and_consistent(name: str) -> None:
    res = _parsed(RAW / name)
    assert _t3_identities_hold(res.report) == []
    assert any(f.code == "P-SEGMENTATION-INFERRED" for f in res.findings)


@pytest.mark.parametrize("name", CRAWLER_NO_TRUTH)
def test_ambiguous_table_2_digits_stay_blank_and_are_kept(name: str) -> None:
    """Table 二 has no identity: a digit run with several splits is not guessed."""
    res = _parsed(RAW / name)
    amb = [f for f in res.findings if f.code == "P-SEGMENTATION-AMBIGUOUS"]
    for f in amb:
        assert f.pointer is not None
        assert f.pointer.startswith("/t2/")
        row_id = f.pointer.split("/")[2]
        kept = [e for e in res.report.extra_rows if e.after_row == row_id]
        assert kept
        assert kept[0].cells[0].raw.strip() == f.params["raw"].split()[0]


@pytest.mark.parametrize("path", sorted(RAW.iterdir()), ids=lambda p: p.name[:3])
def test_every_corpus_file_parses_with_catalogued_findings(path: Path) -> None:
    res = _parsed(path)
    assert res.edition.value in ("2019", "2021")
    for f in res.findings:
        assert f.code in PARSE_CODES, f.code
        assert f.severity == PARSE_CODES[f.code].severity


@pytest.mark.parametrize("path", sorted(RAW.glob("*excerpt*")), ids=lambda p: p.name[:3])
def test_excerpts_say_what_is_missing(path: Path) -> None:
    res = _parsed(path)
    codes = {f.code for f in res.findings}
    assert codes & {"P-TABLE-MISSING", "P-ROW-MISSING", "P-ROW-SHORT", "P-SEGMENTATION-AMBIGUOUS"}
    # Every blank cell of a table that was found is accounted for by a finding.
    from govdisclosure.cells import iter_cells

    pointed = {p for f in res.findings for p in f.pointers}
    for cell in iter_cells(res.report):
        if cell.value is None and cell.pointer in res.provenance:
            assert cell.pointer in pointed, cell.pointer


EXAMPLES = sorted((HERE.parent / "examples").glob("*.json"))


@pytest.mark.parametrize("fmt", ["html", "md", "xlsx"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_rendered_report_parses_back_to_the_same_cells(fmt: str, example: Path) -> None:
    """Render (serializers) → parse gives back every table cell and the edition."""
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    from govdisclosure import io
    from govdisclosure.cells import iter_cells
    from govdisclosure.document import load

    report = load(example)
    res = parse(io.dumps(report, fmt))
    assert res.report.edition == report.edition
    got = {c.pointer: c.value for c in iter_cells(res.report)}
    want = {c.pointer: c.value for c in iter_cells(report)}
    assert got == want
    assert res.report.extra_rows == report.extra_rows
    if fmt == "xlsx":
        # The library's own workbook is read exactly, narrative and metadata included.
        assert to_data(res.report) == to_data(report)
        assert [f.code for f in res.findings] == ["P-OWN-LAYOUT"]
