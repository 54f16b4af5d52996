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

import csv
import io
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
from govdisclosure.parse.csvrecord import parse_csv_records, read_csv_records

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


@pytest.mark.parametrize(
    "order",
    [T4_COLS, ("total", "pending", "upheld", "corrected", "other")],
    ids=["template", "reordered"],
)
def test_table_4_three_small_tables_in_pdf_text(order: tuple[str, ...]) -> None:
    """Huai'an 2024's PDF text with its table 四 printed as three small tables; text has no
    grid, so a reordered header is read from the words in the row's label lines."""
    text = (RAW / "015_huaian-city-2024_pdftext.txt").read_text(encoding="utf-8")
    labels = {c.id: c.label for c in layout_for(Edition.REV_2021).table("t4").blocks[0].columns}
    start = text.index("四、政府信息公开行政复议、行政诉讼情况\n") + len(
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    end = text.index("五、存在的主要问题及改进情况")
    t4 = _huaian_t4()
    small = "".join(
        f"{h}\n{' '.join(labels[c] for c in order)}\n"
        + " ".join(str(t4[r][c]) for c in order)
        + "\n"
        for r, h in zip(T4_ROWS, T4_HEADINGS, strict=True)
    )
    res = parse(text[:start] + small + text[end:])
    assert to_data(res.report)["t4"] == t4
    assert ("P-COLUMNS-BY-HEADER" in _codes(res)) is (order != T4_COLS)


def test_table_2_block_with_its_header_reordered_in_tab_separated_text() -> None:
    """The seed (DOCX text, tab-separated) with the 第二十条第（一）项 header printed in another
    order: both rows of the block follow the header, the next block its own."""
    seed = next((DATA / "seed").glob("*.txt")).read_text(encoding="utf-8")
    old = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t1\t0\t3\n"
    assert old in seed
    new = "信息内容\t现行有效件数\t本年制发件数\t本年废止件数\n规章\t0\t0\t0\n行政规范性文件\t3\t1\t0\n"
    res = parse(seed.replace(old, new))
    want = _example("quanzhou-digital-office-2021")["t2"]
    assert to_data(res.report)["t2"] == want
    assert "P-COLUMNS-BY-HEADER" in _codes(res)
    assert to_data(parse(seed).report)["t2"] == want


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


# ----------------------------------------------------------------------------------------------
# 2. a table split or reordered by columns: cells placed by header labels

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _t3_value(t3: dict[str, Any], row_id: str, col: str) -> Any:
    node: Any = t3
    for part in row_id.split("."):
        node = node[part]
    return node[col]


def _t3_table(
    edition: Edition,
    t3: dict[str, Any],
    cols: list[str],
    only_rows: list[Any] | None = None,
    *,
    group_cells: bool = True,
) -> str:
    """Table 三 with only ``cols`` (in that order), the two header rows the template prints;
    ``only_rows`` (default: all) with their group labels in a cell of their own unless
    ``group_cells`` is false (a heading above the table names the group)."""
    table = layout_for(edition).table("t3")
    by_id = {c.id: c for c in table.blocks[0].columns}
    top = [f'<th colspan="2" rowspan="2">{T3_CORNER}</th>']
    sub: list[str] = []
    i = 0
    while i < len(cols):
        col = by_id[cols[i]]
        if col.group is None:
            top.append(f'<th rowspan="2">{col.label}</th>')
            i += 1
            continue
        n = 0
        while i + n < len(cols) and by_id[cols[i + n]].group == col.group:
            n += 1
        top.append(f'<th colspan="{n}">{col.group}</th>')
        sub.extend(f"<th>{by_id[c].label}</th>" for c in cols[i : i + n])
        i += n
    head = "".join(top) if sub else "".join(top).replace(' rowspan="2"', "")
    rows = [f"<tr>{head}</tr>", f"<tr>{''.join(sub)}</tr>" if sub else ""]
    for row in table.rows if only_rows is None else only_rows:
        labels = [g.label for g in row.groups] if group_cells else []
        head = (
            f"<td>{' '.join(labels)}</td><td>{row.label}</td>"
            if labels
            else f'<td colspan="2">{row.label}</td>'
        )
        vals = "".join(f"<td>{_cell_text(_t3_value(t3, row.id, c))}</td>" for c in cols)
        rows.append(f"<tr>{head}{vals}</tr>")
    return "<table>" + "".join(rows) + "</table>"


T3_COLS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]


@pytest.mark.parametrize("edition", list(Edition))
def test_table_3_split_into_natural_persons_and_organisations(edition: Edition) -> None:
    data, page = _report(edition)
    split = _t3_table(edition, data["t3"], T3_COLS[:1]) + _t3_table(
        edition, data["t3"], T3_COLS[1:]
    )
    res = parse(_swap_table(page, "t3", split).encode())
    assert res.edition is edition
    assert _same_cells(res, data, "t3") == []
    codes = _codes(res)
    assert "P-ROW-DUPLICATE" not in codes
    assert "P-COLUMN-MISSING" not in codes
    assert codes.count("P-COLUMNS-BY-HEADER") == 2
    assert not [e for e in to_data(res.report)["extra_rows"] if e["table"] == "t3"]


@pytest.mark.parametrize("edition", list(Edition))
def test_table_3_columns_reordered(edition: Edition) -> None:
    data, page = _report(edition)
    order = ["total", *T3_COLS[1:6][::-1], "natural_person"]
    res = parse(_swap_table(page, "t3", _t3_table(edition, data["t3"], order)).encode())
    assert _same_cells(res, data, "t3") == []
    by_header = [f for f in res.findings if f.code == "P-COLUMNS-BY-HEADER"]
    assert len(by_header) == 1
    assert by_header[0].params["columns"].startswith("总计、其他、法律服务机构")


@pytest.mark.parametrize("edition", list(Edition))
def test_table_3_column_dropped(edition: Edition) -> None:
    data, page = _report(edition)
    kept = [c for c in T3_COLS if c != "research_institution"]
    res = parse(_swap_table(page, "t3", _t3_table(edition, data["t3"], kept)).encode())
    wrong = _same_cells(res, data, "t3")
    # Only the column not printed differs, and only where the report has a value there.
    assert all("/research_institution:" in w for w in wrong)
    got = to_data(res.report)["t3"]
    assert got["new_received"]["research_institution"] is None
    assert got["new_received"]["total"] == data["t3"]["new_received"]["total"]
    missing = [f for f in res.findings if f.code == "P-COLUMN-MISSING"]
    assert len(missing) == len(layout_for(edition).table("t3").rows)
    assert all(f.params["columns"] == "科研机构" for f in missing)


@pytest.mark.parametrize("edition", list(Edition))
def test_table_3_row_groups_as_tables_under_their_group_label(edition: Edition) -> None:
    """Table 三 as one small table per row group, each under its group label (（三）不予公开 …)
    and without it in the rows: the rows' own labels place them (this worked before too)."""
    data, page = _report(edition)
    table = layout_for(edition).table("t3")
    parts: list[str] = []
    groups: dict[str, list[Any]] = {}
    for row in table.rows:
        key = row.groups[-1].label if row.groups else ""
        groups.setdefault(key, []).append(row)
    for label, rows in groups.items():
        heading = f"<h4>{label}</h4>" if label else ""
        parts.append(heading + _t3_table(edition, data["t3"], T3_COLS, rows, group_cells=False))
    res = parse(_swap_table(page, "t3", "\n".join(parts)).encode())
    assert _same_cells(res, data, "t3") == []
    assert "P-ROW-MISSING" not in _codes(res)


def test_table_3_header_not_aligned_with_rows_keeps_positions() -> None:
    """Headers shifted against the rows (a label cell under a column's header) do not decide:
    the positions do, as before."""
    data, page = _report(Edition.REV_2021)
    table = _t3_table(Edition.REV_2021, data["t3"], T3_COLS)
    # Drop the corner's second column: every header now sits one column left of its values.
    shifted = table.replace(
        f'<th colspan="2" rowspan="2">{T3_CORNER}</th>', f'<th rowspan="2">{T3_CORNER}</th>', 1
    )
    res = parse(_swap_table(page, "t3", shifted).encode())
    assert _same_cells(res, data, "t3") == []
    assert "P-COLUMNS-BY-HEADER" not in _codes(res)


# ----------------------------------------------------------------------------------------------
# 3. rows outside the template in crawler text, split by the same identities


def _crawler(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def _extra(res: ParseResult, label_part: str) -> dict[str, Any]:
    rows = [e for e in to_data(res.report)["extra_rows"] if label_part in e["label"]]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("digits", ["1000001", "0000000"])
def test_2021_crawler_text_keeping_the_single_2019_other_row(digits: str) -> None:
    """Pingtan 2021 (crawler text, no separators) printing one （六）其他处理 row: its own
    digits (1000001, the sum of its three sub-rows as published) or all zeros."""
    text = _crawler("008_pingtan-2021_page.txt")
    start, end = text.index("（六）其他处理1."), text.index("（七）总计")
    res = parse(text[:start] + "（六）其他处理" + digits + text[end:])
    assert res.edition is Edition.REV_2021
    row = _extra(res, "（六）其他处理")
    assert row["subtotal_of"] == "results.other"
    assert [c["column"] for c in row["cells"]] == T3_COLS
    assert [int(c["value"]) for c in row["cells"]] == [int(d) for d in digits]
    split = [
        f
        for f in res.findings
        if f.code == "P-SEGMENTATION-INFERRED" and f.params["row_label"] == "（六）其他处理"
    ]
    assert len(split) == 1
    assert "T3-R2" in split[0].params["identity"]
    if digits != "1000001":
        return  # the table no longer adds up: its other rows' splits are not decided
    # The other rows read as in the published layout (their splits decided as before).
    plain = to_data(parse(text).report)["t3"]
    got = to_data(res.report)["t3"]
    for key in ("new_received", "carried_over_in", "carried_over_out"):
        assert got[key] == plain[key]
    results = {k: v for k, v in got["results"].items() if k != "other"}
    assert results == {k: v for k, v in plain["results"].items() if k != "other"}


def test_2021_crawler_single_other_row_decides_the_column_identities() -> None:
    """Two rows of Pingtan 2021 split two ways each: the column identities decide between
    them only when the subtotal row stands for the （六） rows it replaces."""
    text = _crawler("008_pingtan-2021_page.txt")
    start, end = text.index("（六）其他处理1."), text.index("（七）总计")
    res = parse(text[:start] + "（六）其他处理1000001" + text[end:])
    got = to_data(res.report)["t3"]["results"]
    assert got["granted"]["total"] == 30  # 270020130: 27 0 0 2 0 1 30, not 2 70 0 …
    assert got["unable"]["not_held"]["total"] == 25
    assert "P-SEGMENTATION-AMBIGUOUS" not in [
        f.code for f in res.findings if f.params.get("row_label", "").startswith("（")
    ]
    decided = next(
        f
        for f in res.findings
        if f.code == "P-SEGMENTATION-INFERRED" and f.params["row_label"] == "（一）予以公开"
    )
    # The finding says the subtotal row stood in for the （六） rows.
    assert "“（六）其他处理”行作为 results.other 的小计代替其各行" in decided.params["identity"]


def test_2019_crawler_text_printing_the_2021_other_sub_rows() -> None:
    """Pingtan 2020 (2019 template, crawler text) with the 2021 sub-rows of （六）: the rows the
    2019 template lacks are kept with all seven cells, split by the same identities."""
    text = _crawler("003_pingtan-2020_page.txt")
    old = "（六）其他处理4 0 0 0 0 0 4"
    assert old in text
    new = (
        "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请4000004"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000"
        "3.其他0000000"
    )
    res = parse(text.replace(old, new))
    assert res.edition is Edition.TRIAL_2019
    for part in ("2.申请人逾期未按收费通知", "3.其他"):
        row = _extra(res, part)
        assert [c["column"] for c in row["cells"]] == T3_COLS
        assert [c["value"] for c in row["cells"]] == [0] * 7


def test_extra_row_with_several_splits_is_kept_whole() -> None:
    """An added row whose digits split several ways keeps its digits as printed."""
    text = _crawler("008_pingtan-2021_page.txt")
    start, end = text.index("（六）其他处理1."), text.index("（七）总计")
    res = parse(text[:start] + "（六）其他处理21000021" + text[end:])
    row = _extra(res, "（六）其他处理")
    assert [c["raw"] for c in row["cells"]] == ["21000021"]


# ----------------------------------------------------------------------------------------------
# 4. reports as a field of a CSV record (crawler exports)

PAGE_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202202/t20220208_80613.htm"
LIST_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"


def _body(name: str) -> str:
    """The page text of a crawler file without its header block, every space stripped."""
    text = _crawler(name)
    body = text.split("==================== 正文 ====================", 1)[1]
    return "".join(body.split())


def _csv(records: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["标题", "发布时间", "正文", "栏目地址", "原文链接", "附件"])
    w.writerows(records)
    return buf.getvalue().encode("utf-8")


def _record(name: str, title: str, url: str) -> list[str]:
    return [title, "2022-02-08 16:34", _body(name), LIST_URL, url, ""]


def test_report_in_a_csv_record_reads_as_the_page_text() -> None:
    title = "平潭综合实验区2021年度政府信息公开工作年度报告"
    data = _csv([_record("008_pingtan-2021_page.txt", title, PAGE_URL)])
    res = parse(data)
    plain = parse(_body("008_pingtan-2021_page.txt"))
    for t in ("t2", "t3", "t4"):
        assert to_data(res.report)[t] == to_data(plain.report)[t]
    assert res.edition is Edition.REV_2021
    assert res.report.metadata.url == PAGE_URL
    assert res.report.metadata.title == title
    rec = [f for f in res.findings if f.code == "P-CSV-RECORD"]
    assert len(rec) == 1
    assert rec[0].params["field"] == "正文"
    assert rec[0].params["urls"] == {"栏目地址": LIST_URL, "原文链接": PAGE_URL}
    assert LIST_URL in rec[0].message


def test_csv_export_of_several_reports_reads_the_first_and_says_so() -> None:
    data = _csv(
        [
            _record(
                "003_pingtan-2020_page.txt",
                "平潭综合实验区2020年政府信息公开工作年度报告",
                PAGE_URL,
            ),
            _record(
                "008_pingtan-2021_page.txt",
                "平潭综合实验区2021年度政府信息公开工作年度报告",
                PAGE_URL,
            ),
        ]
    )
    res = parse(data)
    assert res.edition is Edition.TRIAL_2019
    rec = next(f for f in res.findings if f.code == "P-CSV-RECORD")
    assert (rec.params["record"], rec.params["records"]) == (1, 2)
    records = read_csv_records(data.decode())
    assert [r.number for r in records] == [1, 2]
    both = parse_csv_records(data.decode())
    assert [r.edition for r in both] == [Edition.TRIAL_2019, Edition.REV_2021]
    assert [f.params["record"] for r in both for f in r.findings if f.code == "P-CSV-RECORD"] == [
        1,
        2,
    ]
    assert records[1].report_field == "正文"
    assert records[1].page_url == PAGE_URL
    assert parse(records[1].text).edition is Edition.REV_2021


def test_text_with_a_comma_header_but_no_report_field_is_plain_text() -> None:
    text = _crawler("015_huaian-city-2024_pdftext.txt")
    res = parse("名称,年份\n" + text)
    assert "P-CSV-RECORD" not in _codes(res)
    assert to_data(res.report)["t4"] == _huaian_t4()


def test_csv_export_beyond_the_csv_modules_limits_is_read_as_text() -> None:
    """A field longer than the ``csv`` module reads (131,072 characters): the input is read
    as plain text (the report's tables are still found), never a traceback."""
    title = "平潭综合实验区2021年度政府信息公开工作年度报告"
    record = _record("008_pingtan-2021_page.txt", title, PAGE_URL)
    record[2] += "六、其他需要报告的事项" * 12_000
    res = parse(_csv([record]))
    assert "P-CSV-RECORD" not in _codes(res)
    assert res.edition is Edition.REV_2021
    assert (
        to_data(res.report)["t4"] == to_data(parse(_body("008_pingtan-2021_page.txt")).report)["t4"]
    )


def test_header_line_with_a_carriage_return_inside_is_not_csv() -> None:
    """Found by the mutation test: a bare CR inside the first line is no CSV header."""
    text = _crawler("015_huaian-city-2024_pdftext.txt")
    res = parse("名称,\r年份\n" + text)
    assert "P-CSV-RECORD" not in _codes(res)


# ----------------------------------------------------------------------------------------------
# the same layouts through the other front ends


@pytest.mark.parametrize("edition", list(Edition))
def test_table_4_as_three_markdown_tables_under_headings(edition: Edition) -> None:
    """PDF→markdown converters print each small table under a ``###`` heading."""
    from govdisclosure.io import markdown

    data, _page = _report(edition)
    md = markdown.dumps(load_data(data))
    start = md.index("四、政府信息公开行政复议、行政诉讼情况")
    start = md.index("\n", start) + 1
    end = md.index("<table", start)
    end = md.index("</table>", end) + len("</table>")
    t4 = data["t4"]
    small = "".join(
        f"### {h}\n\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| "
        + " | ".join(_cell_text(t4[r][c]) for c in T4_COLS)
        + " |\n\n"
        for r, h in zip(T4_ROWS, T4_HEADINGS, strict=True)
    )
    res = parse((md[:start] + "\n" + small + md[end:]).encode())
    assert res.edition is edition
    assert to_data(res.report)["t4"] == t4
    assert _codes(res).count("P-ROW-FROM-HEADING") == 3


def test_docx_one_column_table_under_a_row_heading_is_read() -> None:
    """A DOCX table 二 block printed as a heading (行政许可) over a one-column table
    (本年处理决定数量 / value): data, not layout; the heading names the row."""
    docx = pytest.importorskip("docx")
    from govdisclosure.parse.docx import read_docx

    data = _example("quanzhou-digital-office-2021")
    document = docx.Document()
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_paragraph("第二十条第（一）项")
    table = document.add_table(rows=3, cols=4)
    for r, cells in enumerate(
        [
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "1", "0", "3"],
        ]
    ):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("第二十条第（五）项")
    document.add_paragraph("行政许可")
    one = document.add_table(rows=2, cols=1)
    one.cell(0, 0).text = "本年处理决定数量"
    one.cell(1, 0).text = "7"
    document.add_paragraph("（本段是正文，不是表格。）")
    prose = document.add_table(rows=2, cols=1)
    prose.cell(0, 0).text = "排版用的单列表格，内容是一段说明文字。"
    prose.cell(1, 0).text = "联系电话：22980576"
    buf = io.BytesIO()
    document.save(buf)
    doc = read_docx(buf.getvalue())
    assert len(doc.tables) == 2  # the one-column table of prose stays layout
    res = parse(buf.getvalue())
    got = to_data(res.report)["t2"]
    assert got["admin_licensing"]["decisions"] == 7
    assert got["normative_docs"] == data["t2"]["normative_docs"]
    assert "P-ROW-FROM-HEADING" in _codes(res)
