"""The bundled examples: valid, canonical, and faithful to the published reports they transcribe."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.cells import get_cell, iter_cells
from govdisclosure.document import dumps, load, parse_json
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.schema import schema_validator

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
DATA = HERE / "data"
SEED_TEXT = DATA / "seed" / "000_afc8951c6086bbfe.txt"
SHANGHAI_RAW = DATA / "corpus" / "raw" / "001_shanghai-gov-office-2019_embedded-html.js"
SHANGHAI_TRUTH = DATA / "corpus" / "truth" / "001.json"
SEED_EXAMPLE = EXAMPLES / "quanzhou-digital-office-2021.json"
SHANGHAI_EXAMPLE = EXAMPLES / "shanghai-gov-office-2019.json"

ALL_EXAMPLES = sorted(EXAMPLES.glob("*.json"))


def test_examples_are_bundled() -> None:
    assert SEED_EXAMPLE in ALL_EXAMPLES
    assert SHANGHAI_EXAMPLE in ALL_EXAMPLES


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_example_loads_validates_and_is_canonical(path: Path) -> None:
    report = load(path)
    data = parse_json(path.read_bytes())
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in schema_validator(report.edition).iter_errors(data)
    ]
    assert errors == []
    assert dumps(report) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_example_has_every_section(path: Path) -> None:
    report = load(path)
    for info in SECTIONS:
        section = getattr(report.sections, info.id)
        assert section is not None, info.id
        assert section.title, info.id


# ----------------------------------------------------------------------------------------
# Shanghai 2019 (corpus 001) against the hand-made truth file and the page itself


def test_shanghai_tables_3_and_4_equal_the_truth_file() -> None:
    report = load(SHANGHAI_EXAMPLE)
    truth = json.loads(SHANGHAI_TRUTH.read_text(encoding="utf-8"))
    assert truth["edition"] == "trial_2019"
    assert report.edition == "2019"
    checked = set()
    for table, key in (("t3", "table3"), ("t4", "table4")):
        columns = truth[f"{key}_columns"]
        for row, values in truth[key].items():
            assert len(values) == len(columns)
            for column, expected in zip(columns, values, strict=True):
                assert get_cell(report, table, row, column) == expected, (table, row, column)
                checked.add((table, row, column))
    # The truth file covers every cell of tables 三 and 四, so nothing is left unchecked.
    layout_cells = {c.id for c in layout_for("2019").cells if c.table.id in ("t3", "t4")}
    assert checked == layout_cells


class _PageText(HTMLParser):
    """Top-level <p> texts and table cell texts of the embedded page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.cells: list[str] = []
        self._in_table = 0
        self._buf: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._in_table += 1
        elif (tag == "p" and not self._in_table) or (tag == "td" and self._in_table):
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table -= 1
        elif self._buf is not None and (
            (tag == "p" and not self._in_table) or (tag == "td" and self._in_table)
        ):
            (self.cells if self._in_table else self.paragraphs).append("".join(self._buf).strip())
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)


def _shanghai_page() -> _PageText:
    raw = SHANGHAI_RAW.read_text(encoding="utf-8")
    match = re.search(r'let content = "(.*)"\s*$', raw, re.S)
    assert match is not None
    page = _PageText()
    page.feed(match.group(1).replace('\\"', '"'))
    return page


def _narrative_paragraphs(report: Any) -> list[str]:
    out: list[str] = []
    if report.sections.preamble:
        out += report.sections.preamble.split("\n")
    for info in SECTIONS:
        section = getattr(report.sections, info.id)
        out.append(section.title)
        out += [p for p in section.text.split("\n") if p]
        for sub in section.subsections:
            out.append(sub.title)
            out += [p for p in sub.text.split("\n") if p]
    return out


def test_shanghai_narrative_is_the_pages_paragraphs_in_order() -> None:
    report = load(SHANGHAI_EXAMPLE)
    page = _shanghai_page()
    assert page.paragraphs[0] == report.metadata.title
    # Every <p> outside the tables, after the title, is a heading or paragraph, in order.
    assert _narrative_paragraphs(report) == page.paragraphs[1:]


def test_shanghai_table_2_against_the_page() -> None:
    report = load(SHANGHAI_EXAMPLE)
    cells = _shanghai_page().cells
    t2 = layout_for("2019").table("t2")
    for row in t2.rows:
        block = t2.block_of(row.id)
        at = cells.index(row.label)
        printed = cells[at + 1 : at + 1 + len(block.columns)]
        for column, text in zip(block.columns, printed, strict=True):
            value = get_cell(report, "t2", row.id, column.id)
            number = re.fullmatch(r"([+-]?\d+)(元|万元)?", text)
            assert number is not None, text
            assert value == int(number.group(1)), (row.id, column.id)
            if number.group(2):
                assert report.t2.central_procurement.procurement_amount_unit == number.group(2)
    assert report.t2.central_procurement.procurement_amount_unit == "元"


# ----------------------------------------------------------------------------------------
# The seed report (泉州市数字泉州建设办公室, 2021)


def _norm(text: str) -> str:
    # The extracted text prints "(一) " and "1. " where the template has "（一）" and "1.".
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def _seed_lines() -> list[str]:
    return SEED_TEXT.read_text(encoding="utf-8").split("\n")


def _numbers_after(label: str, lines: list[str]) -> list[int]:
    """The integers printed after the cell ``label`` on its line of the seed text."""
    hits = []
    for line in lines:
        fields = [_norm(f) for f in line.split("\t")]
        if label in fields:
            rest = [f for f in fields[fields.index(label) + 1 :] if f]
            hits.append([int(f) for f in rest])
    assert len(hits) == 1, (label, hits)
    return hits[0]


def test_seed_specific_numbers() -> None:
    report = load(SEED_EXAMPLE)
    lines = _seed_lines()
    normative = layout_for("2021").table("t2").row("normative_docs")
    assert _numbers_after(normative.label, lines) == [1, 0, 3]
    assert [report.t2.normative_docs.issued, report.t2.normative_docs.repealed] == [1, 0]
    assert report.t2.normative_docs.in_force == 3
    new_received = layout_for("2021").table("t3").row("new_received")
    assert _numbers_after(new_received.label, lines) == [2, 0, 0, 0, 0, 0, 2]
    assert report.t3.new_received.natural_person == 2
    assert report.t3.new_received.total == 2
    assert report.t3.results.granted.natural_person == 2
    assert report.t3.results.total.total == 2


def test_seed_every_cell_matches_the_text() -> None:
    report = load(SEED_EXAMPLE)
    lines = _seed_lines()
    layout = layout_for("2021")
    for table_id in ("t2", "t3"):
        table = layout.table(table_id)
        for block in table.blocks:
            for row in block.rows:
                printed = _numbers_after(_norm(row.label), lines)
                values = [get_cell(report, table_id, row.id, c.id) for c in block.columns]
                assert values == printed, row.id
    # Table 四 is one line of 15 numbers under its three header rows.
    t4_line = next(
        line for line in lines if re.fullmatch(r"\d+(\t\d+){14}", line.strip("\t")) is not None
    )
    printed_t4 = [int(f) for f in t4_line.split("\t") if f]
    assert [c.value for c in iter_cells(report) if c.table == "t4"] == printed_t4


def test_seed_narrative_lines_and_metadata() -> None:
    report = load(SEED_EXAMPLE)
    lines = [line.strip() for line in _seed_lines() if line.strip()]
    for paragraph in _narrative_paragraphs(report):
        assert paragraph in lines, paragraph
    letter = report.metadata.covering_letter
    assert letter is not None
    assert letter.split("\n") == lines[: len(letter.split("\n"))]
    assert report.metadata.document_number in lines
    assert report.metadata.title is not None
    after_letter = lines[len(letter.split("\n")) :]
    assert report.metadata.title == after_letter[0] + after_letter[1]
    assert report.sections.preamble == after_letter[2]
    fee_lines = [line for line in lines if "信息处理费" in line]
    fees = report.sections.other_matters.fees if report.sections.other_matters else None
    assert fees is not None
    assert fees.fee_text == "\n".join(fee_lines)
    assert fees.fees_collected_yuan == 0
    assert fees.fee_notices_issued_count is None
    general = report.sections.general
    assert general is not None
    topics = {s.title: s.topic for s in general.subsections}
    assert [t for t in topics.values() if t] == ["proactive_work", "on_request_work"]
