"""Layouts the template does not print, built from real reports (issue: parser fidelity).

Each class is built from a real report of the corpus or the examples (their wording and
numbers), re-laid out the way real publishers do:

1. a table split into several small tables under headings (table 四 as three tables, table 二
   as its blocks, a row named only by the heading above it);
2. a table split or reordered by columns (table 三 as a table for 自然人 and another for
   法人或其他组织 and 总计, columns reordered or dropped): cells placed by header labels;
3. rows outside the template in crawler text, split by the same identities (a 2021 report
   keeping the single 2019 （六）其他处理 row; a 2019 report printing the 2021 sub-rows);
4. reports as a field of a CSV record (a crawler export), the URLs kept.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.document import load, to_data, validate_data
from govdisclosure.editions import Edition
from govdisclosure.io import html
from govdisclosure.layout import Block, Column, layout_for
from govdisclosure.parse import ParseResult, parse

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[1] / "examples"
RAW = DATA / "corpus" / "raw"
TRUTH = DATA / "corpus" / "truth"

T4_HEADINGS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
T4_ROWS = ("review", "litigation_direct", "litigation_after_review")


def _example(name: str) -> dict[str, Any]:
    return to_data(load(EXAMPLES / f"{name}.json"))


def _huaian_t4() -> dict[str, dict[str, int | None]]:
    """Table 四 of Huai'an 2024 (corpus 015), as transcribed by hand."""
    truth = json.loads((TRUTH / "015.json").read_text(encoding="utf-8"))
    cols = truth["table4_columns"]
    return {r: dict(zip(cols, truth["table4"][r], strict=True)) for r in T4_ROWS}


def _report(edition: Edition) -> tuple[dict[str, Any], str]:
    """A real report of ``edition`` (its data) and its official HTML rendering.

    2019: Shanghai 2019 (table 四 has values); 2021: Quanzhou 2021, whose table 四 is all
    zeros, with the table 四 of Huai'an 2024 so that a cell in the wrong place shows.
    """
    if edition is Edition.TRIAL_2019:
        data = _example("shanghai-gov-office-2019")
    else:
        data = _example("quanzhou-digital-office-2021")
        data["t4"] = _huaian_t4()
    return data, html.dumps(load_data(data))


def load_data(data: dict[str, Any]) -> Any:
    return validate_data(data)


def _cell_text(v: Any, unit: str | None = None) -> str:
    return "" if v is None else f"{v}{unit or ''}"


def _swap_table(page: str, table_id: str, new: str) -> str:
    pat = re.compile(rf'<table[^>]*id="{table_id}".*?</table>', re.S)
    assert pat.search(page), table_id
    return pat.sub(lambda _m: new, page, count=1)


def _tr(cells: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _same_cells(res: ParseResult, data: dict[str, Any], table: str) -> list[str]:
    """Cells of ``table`` that differ from ``data`` (value and blankness)."""
    got = to_data(res.report)[table]
    wrong: list[str] = []

    def walk(a: Any, b: Any, path: str) -> None:
        if isinstance(b, dict):
            for k, v in b.items():
                walk(a.get(k) if isinstance(a, dict) else None, v, f"{path}/{k}")
        elif a != b or (a is None) != (b is None):
            wrong.append(f"{path}: got {a!r}, expected {b!r}")

    walk(got, data[table], f"/{table}")
    return wrong


def _codes(res: ParseResult) -> list[str]:
    return [f.code for f in res.findings]


# ----------------------------------------------------------------------------------------------
# 1. a table split into several small tables under headings

T4_COLS = ("upheld", "corrected", "other", "pending", "total")


def _t4_small(
    t4: dict[str, Any], row: str, heading: str, how: str, order: tuple[str, ...] = T4_COLS
) -> str:
    cols = {c.id: c.label for c in layout_for(Edition.REV_2021).table("t4").blocks[0].columns}
    header = _tr([cols[c] for c in order], "th")
    values = _tr([_cell_text(t4[row][c]) for c in order])
    if how == "caption":
        return f"<table><caption>{heading}</caption>{header}{values}</table>"
    if how == "row":
        return f'<tr><th colspan="5">{heading}</th></tr>{header}{values}'
    tag = "h3" if how == "h3" else "p"
    return f"<{tag}>{heading}</{tag}><table>{header}{values}</table>"


def _t4_split(t4: dict[str, Any], how: str, order: tuple[str, ...] = T4_COLS) -> str:
    parts = [_t4_small(t4, r, h, how, order) for r, h in zip(T4_ROWS, T4_HEADINGS, strict=True)]
    if how == "row":
        return "<table>" + "".join(parts) + "</table>"
    return "\n".join(parts)


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("how", ["h3", "p", "caption", "row"])
def test_table_4_as_three_tables_under_headings(edition: Edition, how: str) -> None:
    data, page = _report(edition)
    res = parse(_swap_table(page, "t4", _t4_split(data["t4"], how)).encode())
    assert res.edition is edition
    assert _same_cells(res, data, "t4") == []
    assert not [e for e in to_data(res.report)["extra_rows"] if e["table"] == "t4"]
    by_heading = [f for f in res.findings if f.code == "P-ROW-FROM-HEADING"]
    assert len(by_heading) == 3
    assert {f.params["heading"] for f in by_heading} == {
        "行政复议",
        "行政诉讼(未经复议直接起诉)",
        "行政诉讼(复议后起诉)",
    }
    assert "P-ROW-SHORT" not in _codes(res)
    assert "P-ROW-MISSING" not in _codes(res)


@pytest.mark.parametrize("edition", list(Edition))
def test_table_4_small_tables_with_their_columns_reordered(edition: Edition) -> None:
    data, page = _report(edition)
    order = ("total", "pending", "upheld", "corrected", "other")
    res = parse(_swap_table(page, "t4", _t4_split(data["t4"], "h3", order)).encode())
    assert _same_cells(res, data, "t4") == []
    assert _codes(res).count("P-COLUMNS-BY-HEADER") == 3


def test_table_4_heading_naming_several_rows_does_not_place_a_row() -> None:
    """A heading naming two rows (行政诉讼: 未经复议直接起诉 and 复议后起诉) decides nothing."""
    data, page = _report(Edition.REV_2021)
    t4 = data["t4"]
    small = _t4_small(t4, "review", "行政复议", "h3") + _t4_small(
        t4, "litigation_direct", "未经复议直接起诉、复议后起诉", "h3"
    )
    res = parse(_swap_table(page, "t4", small).encode())
    got = to_data(res.report)["t4"]
    assert got["review"] == t4["review"]
    assert got["litigation_direct"]["total"] is None
    assert "P-EXTRA-ROW" in _codes(res)  # the unplaced row is kept and reported
    kept = [e for e in to_data(res.report)["extra_rows"] if e["table"] == "t4"]
    assert [c["raw"] for c in kept[0]["cells"]] == [
        _cell_text(t4["litigation_direct"][c]) for c in T4_COLS
    ]


def test_table_4_three_small_tables_in_pdf_text() -> None:
    """Huai'an 2024's PDF text with its table 四 printed as three small tables."""
    text = (RAW / "015_huaian-city-2024_pdftext.txt").read_text(encoding="utf-8")
    start = text.index("四、政府信息公开行政复议、行政诉讼情况\n") + len(
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    end = text.index("五、存在的主要问题及改进情况")
    t4 = _huaian_t4()
    small = "".join(
        f"{h}\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
        + " ".join(str(t4[r][c]) for c in T4_COLS)
        + "\n"
        for r, h in zip(T4_ROWS, T4_HEADINGS, strict=True)
    )
    res = parse(text[:start] + small + text[end:])
    assert to_data(res.report)["t4"] == t4


def _t2_blocks(edition: Edition, t2: dict[str, Any], *, heading_rows: bool) -> str:
    """Table 二 as one small table per block, each under its caption (第二十条第（一）项)."""
    out: list[str] = []
    for block in layout_for(edition).table("t2").blocks:
        cols: tuple[Column, ...] = block.columns
        header = _tr([block.corner_label or "", *(c.label for c in cols)], "th")
        if heading_rows and len(block.rows) == 1:
            # The row is named only by the heading above its table.
            row = block.rows[0]
            values = _tr([_cell_text(t2[row.id][c.id], _unit(t2[row.id], c)) for c in cols])
            header = _tr([c.label for c in cols], "th")
            out.append(
                f"<h4>{block.caption}</h4><h4>{row.label}</h4><table>{header}{values}</table>"
            )
            continue
        body = "".join(
            _tr([r.label, *(_cell_text(t2[r.id][c.id], _unit(t2[r.id], c)) for c in cols)])
            for r in block.rows
        )
        out.append(f"<h4>{_caption(block)}</h4><table>{header}{body}</table>")
    return "\n".join(out)


def _unit(row: dict[str, Any], col: Column) -> str | None:
    """The unit a 2019 procurement amount is printed with (元 or 万元, stated per report)."""
    return row.get("procurement_amount_unit") if col.id == "procurement_amount" else None


def _caption(block: Block) -> str:
    return block.caption or ""


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("heading_rows", [False, True])
def test_table_2_blocks_as_small_tables(edition: Edition, heading_rows: bool) -> None:
    data, page = _report(edition)
    res = parse(
        _swap_table(page, "t2", _t2_blocks(edition, data["t2"], heading_rows=heading_rows)).encode()
    )
    assert res.edition is edition
    assert _same_cells(res, data, "t2") == []
    assert "P-ROW-MISSING" not in _codes(res)
    assert ("P-ROW-FROM-HEADING" in _codes(res)) is heading_rows
