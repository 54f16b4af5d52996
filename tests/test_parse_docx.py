"""The DOCX front end.

There is no Word file in the corpus, so the test document is *generated from the real seed
text* (``tests/data/seed/000_afc8951c6086bbfe.txt``, a real 2021 report as text extracted from
its Word original): every paragraph of the seed becomes a paragraph, in order, and each of the
seed's three tables becomes a Word table drawn in the official layout with its merged cells
(gridSpan / vMerge, from :func:`govdisclosure.io._grid.build_grid`), filled with the numbers of
the seed's own table lines in order. Nothing else is invented.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

docx = pytest.importorskip("docx")

from govdisclosure.document import load  # noqa: E402
from govdisclosure.editions import Edition  # noqa: E402
from govdisclosure.errors import MissingExtraError  # noqa: E402
from govdisclosure.io._grid import Grid, build_grid  # noqa: E402
from govdisclosure.layout import SECTIONS, layout_for  # noqa: E402
from govdisclosure.parse._ir import SourceTable, TextBlock  # noqa: E402
from govdisclosure.parse._result import ParseError  # noqa: E402
from govdisclosure.parse.docx import read_docx  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = HERE / "data" / "seed" / "000_afc8951c6086bbfe.txt"
EXAMPLE = HERE.parent / "examples" / "quanzhou-digital-office-2021.json"
_INT = re.compile(r"\d+")


def _seed_segments() -> list[tuple[str, list[str]]]:
    """The seed as ("p", [line]) and ("table", [lines]) segments in order."""
    lines = [ln.rstrip("\r") for ln in SEED.read_text(encoding="utf-8").split("\n")]
    segments: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            run: list[str] = []
            while i < len(lines):
                if "\t" in lines[i]:
                    run.append(lines[i])
                    i += 1
                    continue
                # a blank line inside a table (page break) when the table goes on after it
                j = i
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j < len(lines) and "\t" in lines[j] and j > i:
                    i = j
                    continue
                break
            segments.append(("table", run))
            continue
        if line.strip():
            segments.append(("p", [line.strip()]))
        i += 1
    return segments


def _numbers(run: list[str]) -> list[int]:
    return [int(c.strip()) for ln in run for c in ln.split("\t") if _INT.fullmatch(c.strip())]


def _is_heading(text: str) -> bool:
    return any(text.startswith(s.number + "、") for s in SECTIONS) and len(text) < 30


def _add_table(document: Any, grid: Grid, numbers: list[int]) -> None:
    value_cells = [c for c in grid.cells if c.ref is not None]
    assert len(value_cells) == len(numbers), grid.table.id
    values = iter(numbers)
    table = document.add_table(rows=grid.height, cols=grid.width)
    for gc in grid.cells:  # ordered by line then column, as the numbers are
        cell = table.cell(gc.row, gc.col)
        if gc.rowspan > 1 or gc.colspan > 1:
            cell = cell.merge(table.cell(gc.row + gc.rowspan - 1, gc.col + gc.colspan - 1))
        cell.text = str(next(values)) if gc.ref is not None else gc.text


@pytest.fixture(scope="module")
def seed_docx() -> tuple[bytes, list[tuple[str, list[str]]]]:
    segments = _seed_segments()
    layout = layout_for(Edition.REV_2021)
    document = docx.Document()
    tables = iter(layout.tables)
    for kind, lines in segments:
        if kind == "p":
            style = "Heading 1" if _is_heading(lines[0]) else None
            document.add_paragraph(lines[0], style=style)
        else:
            _add_table(document, build_grid(next(tables)), _numbers(lines))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue(), segments


def test_seed_has_three_table_runs(seed_docx) -> None:  # type: ignore[no-untyped-def]
    _, segments = seed_docx
    assert [k for k, _ in segments].count("table") == len(layout_for(Edition.REV_2021).tables)


def test_paragraphs_and_tables_in_document_order(seed_docx) -> None:  # type: ignore[no-untyped-def]
    data, segments = seed_docx
    doc = read_docx(data, source="seed.docx")
    assert doc.kind == "docx"
    assert doc.source == "seed.docx"
    got = [("table", None) if isinstance(b, SourceTable) else ("p", b.text) for b in doc.blocks]
    want = [("table", None) if k == "table" else ("p", lines[0]) for k, lines in segments]
    assert got == want
    paras = [b for b in doc.blocks if isinstance(b, TextBlock)]
    para_numbers = [b.loc.line for b in paras if b.loc.line is not None]
    assert len(para_numbers) == len(paras)
    assert para_numbers == sorted(para_numbers)
    headings = [b.text for b in doc.blocks if isinstance(b, TextBlock) and b.heading_level == 1]
    assert headings == [lines[0] for k, lines in segments if k == "p" and _is_heading(lines[0])]
    assert len(headings) >= 4


def test_merged_cells_expanded(seed_docx) -> None:  # type: ignore[no-untyped-def]
    data, _ = seed_docx
    doc = read_docx(data)
    layout = layout_for(Edition.REV_2021)
    for index, (table, lay) in enumerate(zip(doc.tables, layout.tables, strict=True)):
        grid = build_grid(lay)
        rows = table.rows
        assert len(rows) == grid.height
        assert {len(r) for r in rows} == {grid.width}
        for gc in grid.cells:
            origin = rows[gc.row][gc.col]
            assert origin.origin is None
            assert (origin.rowspan, origin.colspan) == (gc.rowspan, gc.colspan)
            assert (origin.loc.table, origin.loc.row, origin.loc.cell) == (index, gc.row, gc.col)
            for dr in range(gc.rowspan):
                for dc in range(gc.colspan):
                    if dr or dc:
                        covered = rows[gc.row + dr][gc.col + dc]
                        assert covered.origin == (gc.row, gc.col)
                        assert covered.text == origin.text
            if gc.ref is None:
                assert origin.text == gc.text


def test_values_by_position_match_seed_and_example(seed_docx) -> None:  # type: ignore[no-untyped-def]
    data, segments = seed_docx
    doc = read_docx(data)
    example = load(EXAMPLE)
    runs = [lines for k, lines in segments if k == "table"]
    layout = layout_for(Edition.REV_2021)
    for table, lay, run in zip(doc.tables, layout.tables, runs, strict=True):
        grid = build_grid(lay)
        value_cells = [gc for gc in grid.cells if gc.ref is not None]
        got = [int(table.rows[gc.row][gc.col].text) for gc in value_cells]
        assert got == _numbers(run)
        for gc in value_cells:
            assert gc.ref is not None
            node: Any = example
            for part in gc.ref.path:
                node = getattr(node, part)
            assert int(table.rows[gc.row][gc.col].text) == node, gc.ref.dotted


def test_parse_seed_docx_gives_the_example_tables(seed_docx) -> None:  # type: ignore[no-untyped-def]
    parse = pytest.importorskip("govdisclosure.parse").parse
    data, _ = seed_docx
    result = parse(data, source="seed.docx")
    example = load(EXAMPLE)
    assert result.edition == Edition.REV_2021
    for tid in ("t2", "t3", "t4"):
        assert getattr(result.report, tid) == getattr(example, tid), tid
    loc = result.provenance["/t3/new_received/total"].loc
    assert loc.kind == "docx"
    assert loc.table == 1


def _docx_with(build: Any) -> bytes:
    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_layout_table_read_as_text_and_inner_table_kept() -> None:
    def build(document: Any) -> None:
        outer = document.add_table(rows=1, cols=1)
        cell = outer.cell(0, 0)
        cell.paragraphs[0].text = "一、总体情况"
        cell.add_paragraph("正文\n第二行")
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "规章"
        inner.cell(0, 1).text = "3"

    doc = read_docx(_docx_with(build))
    assert [getattr(b, "text", None) for b in doc.blocks] == [
        "一、总体情况",
        "正文",
        "第二行",
        None,
    ]
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["规章", "3"]]


def test_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingExtraError) as e:
        read_docx(b"PK")
    assert "govdisclosure[docx]" in str(e.value)


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_not_a_docx(data: bytes) -> None:
    with pytest.raises(ParseError) as e:
        read_docx(data, source="x.docx")
    assert e.value.code == "P-FORMAT-UNREADABLE"


def test_zip_that_is_not_word(seed_docx) -> None:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ParseError) as e:
        read_docx(buf.getvalue())
    assert e.value.code == "P-FORMAT-UNREADABLE"
    truncated = seed_docx[0][: len(seed_docx[0]) // 2]
    with pytest.raises(ParseError):
        read_docx(truncated)


def test_inflated_size_is_capped(seed_docx, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import govdisclosure._package as mod  # the limits every Office reader shares

    monkeypatch.setattr(mod, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(ParseError) as e:
        read_docx(seed_docx[0])
    assert e.value.code == "P-INPUT-TOO-LARGE"


def _rewrite(data: bytes, name: str, change: Any) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = src.read(info)
            out.writestr(info.filename, change(blob) if info.filename == name else blob)
    return buf.getvalue()


def test_dtd_and_entities_refused(seed_docx) -> None:  # type: ignore[no-untyped-def]
    def add_dtd(blob: bytes) -> bytes:
        head, sep, rest = blob.partition(b"?>")
        bomb = b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return head + sep + bomb + rest

    with pytest.raises(ParseError) as e:
        read_docx(_rewrite(seed_docx[0], "word/document.xml", add_dtd))
    assert e.value.code == "P-INPUT-UNSAFE"


def test_strict_open_xml_body_is_refused_not_read_as_empty(seed_docx) -> None:  # type: ignore[no-untyped-def]
    transitional = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    data = _rewrite(seed_docx[0], "word/document.xml", lambda b: b.replace(transitional, strict))
    with pytest.raises(ParseError) as e:
        read_docx(data)
    assert e.value.code == "P-FORMAT-UNREADABLE"
