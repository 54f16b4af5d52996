"""Pipe-separated page text (an HTML table flattened to ``cell |`` lines): empty cells.

Corpus 021 writes every cell as ``text |`` and every row start as a line ``|``; an empty cell
is then a line ``|`` of its own (``规章 | 0 | 0 | |``). 027 writes rows on one line with
empty ``| |`` cells. Where the layout places an empty cell it is a blank (``None``, never 0,
with ``P-BLANK-CELL``); where it does not, the row stays short and says so.
"""

from __future__ import annotations

from pathlib import Path

from govdisclosure.cells import get_cell
from govdisclosure.editions import Edition
from govdisclosure.layout import layout_for
from govdisclosure.models import Report2019, Report2021
from govdisclosure.parse import ParseResult, parse
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable
from govdisclosure.parse._mapper import map_document

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "corpus" / "raw"


def _raw(nid: str) -> Path:
    (path,) = RAW.glob(f"{nid}_*")
    return path


def _row(report: Report2019 | Report2021, table: str, row_id: str) -> list[object]:
    tab = layout_for(Edition(report.edition)).table(table)
    (block,) = [b for b in tab.blocks if any(r.id == row_id for r in b.rows)]
    return [get_cell(report, table, row_id, c.id) for c in block.columns]


def _codes(res: ParseResult, code: str) -> list[str | None]:
    return [f.pointer for f in res.findings if f.code == code]


def test_021_empty_cell_on_its_own_line_is_a_blank() -> None:
    path = _raw("021")
    text = path.read_text(encoding="utf-8")
    res = parse(path)
    assert res.edition is Edition.REV_2021
    assert _row(res.report, "t2", "rules") == [0, 0, None]
    assert _row(res.report, "t2", "normative_docs") == [5, 12, 8]
    assert "/t2/rules/in_force" in _codes(res, "P-BLANK-CELL")
    assert not _codes(res, "P-ROW-SHORT")
    assert res.report.extra_rows == []
    # The blank was read at a line holding only "|", right after the row's last value.
    prov = res.provenance["/t2/rules/in_force"]
    assert prov.raw == ""
    assert prov.loc.line is not None
    lines = text.split("\n")
    assert lines[prov.loc.line - 1].strip() == "|"
    assert lines[prov.loc.line - 2].strip() == "0 |"
    # Table 三 rows 一 and 二 (the excerpt stops in row 三): padding "| |||…" is not a cell.
    assert _row(res.report, "t3", "new_received") == [8, 0, 0, 0, 0, 0, 8]
    assert _row(res.report, "t3", "carried_over_in") == [0] * 7


def test_021_empty_cell_whose_row_is_ambiguous_keeps_the_finding() -> None:
    """Right after a label a line ``|`` may start the row's cells or be an empty first cell:
    the text alone cannot tell, so nothing is guessed."""
    text = _raw("021").read_text(encoding="utf-8")
    old = "规章 |\n0 |\n0 |\n|\n|\n"
    assert text.count(old) == 1
    res = parse(text.replace(old, "规章 |\n|\n0 |\n0 |\n|\n"))
    assert _row(res.report, "t2", "rules") == [None, None, None]
    assert _codes(res, "P-ROW-SHORT") == ["/t2/rules/issued"]
    kept = [e for e in res.report.extra_rows if e.after_row == "rules"]
    assert [c.raw for c in kept[0].cells] == ["0", "0"]


def test_027_empty_cells_inside_a_line_are_blanks() -> None:
    res = parse(_raw("027"))
    assert res.edition is Edition.REV_2021
    assert _row(res.report, "t2", "normative_docs") == [3, 0, 101]
    assert _row(res.report, "t3", "new_received") == [0, None, None, None, None, None, 0]
    assert _row(res.report, "t3", "carried_over_in") == [None] * 6 + [0]
    assert _row(res.report, "t3", "results.granted") == [None] * 6 + [0]
    # "| | 2.其他法律…": the empty cell before the label is the merged group column.
    assert _row(res.report, "t3", "results.withheld.prohibited_by_law") == [None] * 6 + [0]
    assert not _codes(res, "P-ROW-SHORT")
    blanks = set(_codes(res, "P-BLANK-CELL"))
    assert "/t3/new_received/commercial_enterprise" in blanks
    assert "/t3/new_received/natural_person" not in blanks


def test_005_doubled_minus_and_edition_from_page_text() -> None:
    res = parse(_raw("005"))
    assert res.edition is Edition.TRIAL_2019
    # "253 | --253 | 0": the doubled minus is one signed number, not a label.
    assert _row(res.report, "t2", "admin_penalty") == [253, -253, 0]
    assert not _codes(res, "P-SEGMENTATION-INFERRED")


def test_025_values_follow_the_label_that_ends_last() -> None:
    """025's page text dropped the blank cells: ``行政规范性文件`` runs into the next labels."""
    res = parse(_raw("025"))
    assert res.report.t2.admin_licensing.decisions == 1894
    assert _row(res.report, "t2", "normative_docs") == [None, None, None]
    assert "/t2/normative_docs" in _codes(res, "P-ROW-MISSING")


def _cell(text: str, c: int, *, optional: bool = False) -> SourceCell:
    return SourceCell(text, Location("text", table=0, row=0, cell=c), optional=optional)


def _one_row(label: str, cells: list[SourceCell]) -> SourceDocument:
    row = [_cell(label, 0), *cells]
    return SourceDocument(blocks=[SourceTable([row], Location("text", table=0))])


def test_optional_blank_dropped_only_when_exactly_too_many() -> None:
    label = layout_for(Edition.REV_2021).table("t2").blocks[0].rows[0].label
    # one cell too many, and one optional: the optional one is not a cell of the row
    res = map_document(
        _one_row(label, [_cell("", 1, optional=True), _cell("1", 2), _cell("2", 3), _cell("3", 4)])
    )
    assert _row(res.report, "t2", "rules") == [1, 2, 3]
    # exactly the cells the row needs: the optional blank keeps its place
    res = map_document(_one_row(label, [_cell("", 1, optional=True), _cell("1", 2), _cell("2", 3)]))
    assert _row(res.report, "t2", "rules") == [None, 1, 2]
    assert "/t2/rules/issued" in _codes(res, "P-BLANK-CELL")
    # two too many but one optional: not placed, kept with a finding
    res = map_document(
        _one_row(
            label,
            [_cell("", 1, optional=True), *(_cell(str(i), i + 2) for i in range(4))],
        )
    )
    assert _row(res.report, "t2", "rules") == [None, None, None]
    assert _codes(res, "P-ROW-LONG") == ["/t2/rules/issued"]
