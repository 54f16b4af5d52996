"""The shared mapper on source tables built from the layout, and the cell/label helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure.cells import get_cell
from govdisclosure.editions import Edition
from govdisclosure.layout import Table, layout_for
from govdisclosure.models import Report2019, Report2021
from govdisclosure.parse import PARSE_CODES, map_document
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable
from govdisclosure.parse._mapper import segment_candidates
from govdisclosure.parse._normalize import label_core, normalize_label, read_cell

# --------------------------------------------------------------------------------------------
# builders: a report printed as HTML-like grids, labels taken from the layout


def _cell(text: str, r: int, c: int, **kw: object) -> SourceCell:
    return SourceCell(text, Location("html", table=0, row=r, cell=c), **kw)  # type: ignore[arg-type]


def _grid(table: Table, values: dict[tuple[str, str], str], *, header: bool = True) -> SourceTable:
    """A table with a header row of column labels and one row per layout row.

    Group labels fill merged cells (expanded, ``origin`` set), as the HTML reader produces.
    """
    rows: list[list[SourceCell]] = []
    for block in table.blocks:
        if block.caption:
            rows.append([_cell(block.caption, len(rows), 0)])
        if header:
            hdr = [_cell(block.corner_label or "", len(rows), 0)]
            hdr += [_cell(c.label, len(rows), i + 1) for i, c in enumerate(block.columns)]
            rows.append(hdr)
        for row in block.rows:
            r = len(rows)
            cells = [_cell(" ".join(g.label for g in row.groups), r, 0)] if row.groups else []
            cells.append(_cell(row.label, r, len(cells)))
            for col in block.columns:
                cells.append(_cell(values.get((row.id, col.id), ""), r, len(cells)))
            rows.append(cells)
    return SourceTable(rows, Location("html", table=0))


def _doc(edition: Edition, values: dict[tuple[str, str, str], str]) -> SourceDocument:
    lay = layout_for(edition)
    tables = []
    for t in lay.tables:
        vals = {(r, c): v for (tid, r, c), v in values.items() if tid == t.id}
        tables.append(_grid(t, vals))
    return SourceDocument(blocks=list(tables), kind="html")


def _full(edition: Edition, seed: int = 0) -> dict[tuple[str, str, str], str]:
    out = {}
    for i, ref in enumerate(layout_for(edition).cells):
        v = (i * 7 + seed) % 13
        out[ref.id] = f"{v}.5" if ref.column.kind == "amount" else str(v)
    return out


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", list(Edition))
def test_grid_of_either_edition_maps_every_cell(edition: Edition) -> None:
    values = _full(edition)
    res = map_document(_doc(edition, values))
    assert res.edition is edition
    for ref in layout_for(edition).cells:
        got = get_cell(res.report, *ref.id)
        want = read_cell(values[ref.id]).value
        assert got == want, ref.dotted
        assert res.provenance[ref.pointer].raw == values[ref.id]
    assert not [f for f in res.findings if f.severity == "error" and f.code != "P-METADATA-MISSING"]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_random_counts_and_blanks_land_in_their_cells(data: st.DataObject) -> None:
    edition = data.draw(st.sampled_from(list(Edition)))
    values: dict[tuple[str, str, str], str] = {}
    for ref in layout_for(edition).cells:
        kind = data.draw(st.sampled_from(["n", "n", "n", "blank", "dash"]))
        if kind == "blank":
            values[ref.id] = "\u00a0"
        elif kind == "dash":
            values[ref.id] = "—"
        elif ref.column.kind == "amount":
            values[ref.id] = str(data.draw(st.decimals(0, 10**6, places=2)))
        elif ref.column.kind == "signed_count":
            values[ref.id] = str(data.draw(st.integers(-500, 500)))
        else:
            values[ref.id] = str(data.draw(st.integers(0, 10**6)))
    res = map_document(_doc(edition, values))
    blanks = {f.pointer for f in res.findings if f.code == "P-BLANK-CELL"}
    for ref in layout_for(edition).cells:
        got = get_cell(res.report, *ref.id)
        r = read_cell(values[ref.id])
        if r.blank:
            assert got is None
            assert ref.pointer in blanks
        else:
            assert got == r.value


def test_merged_group_label_rows_and_colspan_values() -> None:
    """A value merged over two grid columns counts once; group labels span rows."""
    lay = layout_for(Edition.REV_2021)
    t4 = lay.table("t4")
    block = t4.blocks[0]
    rows = []
    for i, row in enumerate(block.rows):
        cells = [_cell(row.label, i, 0)]
        for j, _col in enumerate(block.columns):
            cells.append(_cell(str(i + j), i, len(cells)))
            if j == 0:
                # The first value is merged over two grid columns.
                cells.append(_cell(str(i + j), i, len(cells), origin=(i, 1)))
        rows.append(cells)
    doc = SourceDocument(blocks=[SourceTable(rows, Location("html"))], kind="html")
    res = map_document(doc)
    for i, row in enumerate(block.rows):
        for j, col in enumerate(block.columns):
            assert get_cell(res.report, "t4", row.id, col.id) == i + j


def test_unknown_row_goes_to_extra_rows() -> None:
    edition = Edition.TRIAL_2019
    doc = _doc(edition, _full(edition))
    t2 = doc.tables[0]
    t2.rows.insert(4, [_cell("其他主动公开文件", 4, 0), _cell("56", 4, 1), _cell("45", 4, 2)])
    res = map_document(doc)
    (extra,) = res.report.extra_rows
    assert extra.table == "t2"
    assert extra.label == "其他主动公开文件"
    assert [c.value for c in extra.cells] == [Decimal(56), Decimal(45)]
    assert any(f.code == "P-EXTRA-ROW" for f in res.findings)
    assert get_cell(res.report, "t2", "normative_docs", "new_made") is not None


def test_mixed_templates_are_reported_and_the_single_row_kept() -> None:
    """A 2021 table 二 with a 2019 table 三 (single （六）其他处理 row)."""
    doc21 = _doc(Edition.REV_2021, _full(Edition.REV_2021))
    doc19 = _doc(Edition.TRIAL_2019, _full(Edition.TRIAL_2019, seed=3))
    doc = SourceDocument(blocks=[doc21.tables[0], doc19.tables[1], doc21.tables[2]], kind="html")
    res = map_document(doc)
    assert res.edition is Edition.REV_2021
    assert [f.code for f in res.findings].count("P-EDITION-MIXED") == 1
    (extra,) = res.report.extra_rows
    assert extra.subtotal_of == "results.other"
    other19 = layout_for(Edition.TRIAL_2019).table("t3").row("results.other")
    assert extra.label == " ".join([*(g.label for g in other19.groups), other19.label])


def test_typo_in_a_label_matches_loosely() -> None:
    edition = Edition.REV_2021
    doc = _doc(edition, _full(edition))
    t3 = doc.tables[1]
    row_label = layout_for(edition).table("t3").row("results.withheld.prohibited_by_law").label
    for r in t3.rows:
        for c in r:
            if c.text == row_label:
                c.text = row_label.replace("法规禁", "")  # 2.其他法律行政止公开, as in the corpus
    res = map_document(doc)
    assert any(f.code == "P-LABEL-LOOSE" for f in res.findings)
    assert res.report.t3.results.withheld.prohibited_by_law.natural_person is not None


def test_missing_table_is_blank_with_a_finding() -> None:
    edition = Edition.REV_2021
    doc = _doc(edition, _full(edition))
    del doc.blocks[2]
    res = map_document(doc)
    assert all(v is None for b in res.report.t4.model_dump().values() for v in b.values())
    assert [f.pointer for f in res.findings if f.code == "P-TABLE-MISSING"] == ["/t4"]


def test_units_and_conversion_in_the_fee_column() -> None:
    edition = Edition.REV_2021
    values = _full(edition)
    values[("t2", "admin_fees", "amount_10k_yuan")] = "251000元"
    res = map_document(_doc(edition, values))
    assert isinstance(res.report, Report2021)
    assert res.report.t2.admin_fees.amount_10k_yuan == Decimal("25.1")
    assert any(f.code == "P-CELL-UNIT-CONVERTED" for f in res.findings)


def test_negative_count_is_refused_but_signed_delta_is_read() -> None:
    edition = Edition.TRIAL_2019
    values = _full(edition)
    values[("t2", "admin_penalty", "items_delta")] = "-185"
    values[("t2", "admin_penalty", "decisions")] = "-3"
    res = map_document(_doc(edition, values))
    assert isinstance(res.report, Report2019)
    assert res.report.t2.admin_penalty.items_delta == -185
    assert res.report.t2.admin_penalty.decisions is None
    assert any(f.code == "P-CELL-NEGATIVE" for f in res.findings)


# --------------------------------------------------------------------------------------------
# helpers


@pytest.mark.parametrize(
    ("raw", "value", "blank", "unit", "negative"),
    [
        ("251000元", Decimal(251000), False, "元", False),
        ("103.3879万元", Decimal("103.3879"), False, "万元", False),
        ("+3", Decimal(3), False, None, False),
        ("--253", Decimal(-253), False, None, True),
        ("1,234", Decimal(1234), False, None, False),
        ("０", Decimal(0), False, None, False),
        ("", None, True, None, False),
        ("\u00a0", None, True, None, False),
        ("—", None, True, None, False),
        ("/", None, True, None, False),
        ("无", None, True, None, False),
    ],
)
def test_read_cell(
    raw: str, value: Decimal | None, blank: bool, unit: str | None, negative: bool
) -> None:
    r = read_cell(raw)
    assert (r.value, r.blank, r.unit, r.negative, r.readable) == (
        value,
        blank,
        unit,
        negative,
        True,
    )


def test_read_cell_unreadable() -> None:
    assert read_cell("约20件左右").readable is False


def test_label_normalisation() -> None:
    assert normalize_label("（一） 予以公开") == normalize_label("(一)予以公开")
    assert normalize_label("1、申请人") == normalize_label("1,申请人")
    assert label_core("3. 危及“三安全一稳定”") == "危及三安全一稳定"


def test_segmentation_finds_the_only_split() -> None:
    identity = [([0, 1, 2, 3, 4, 5], 6)]
    assert segment_candidates(["801000081"], 7, identity) == [[80, 1, 0, 0, 0, 0, 81]]
    assert segment_candidates(["200", "000121"], 7, identity) == [[20, 0, 0, 0, 0, 1, 21]]
    assert segment_candidates(["0", "0", "00", "00", "0"], 7, identity) == [[0] * 7]
    assert len(segment_candidates(["270020130"], 7, identity) or []) == 2
    assert segment_candidates(["898989"], 3, []) is not None
    assert segment_candidates(["9" * 60], 7, identity, limit=1000) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3000), min_size=6, max_size=6))
def test_segmentation_always_contains_the_printed_row(items: list[int]) -> None:
    row = [*items, sum(items)]
    found = segment_candidates(["".join(map(str, row))], 7, [([0, 1, 2, 3, 4, 5], 6)])
    assert found is not None
    assert row in found


def test_every_code_has_both_messages() -> None:
    for code, info in PARSE_CODES.items():
        assert code.startswith("P-")
        assert info.code == code
        assert info.zh
        assert info.en


def test_a_table_before_the_report_tables_is_reported_not_dropped() -> None:
    edition = Edition.REV_2021
    doc = _doc(edition, _full(edition))
    other = SourceTable(
        [[_cell("联系电话", 0, 0), _cell("22980576", 0, 1)]], Location("html", table=9)
    )
    doc.blocks.insert(0, other)
    res = map_document(doc)
    (f,) = [f for f in res.findings if f.code == "P-TABLE-OTHER"]
    assert "联系电话" in f.params["text"]
    assert get_cell(res.report, "t3", "new_received", "total") is not None
