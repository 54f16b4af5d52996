"""The readers never raise anything but ParseError, and stay fast on hostile input.

Hypothesis feeds every front end and :func:`govdisclosure.parse.parse` random bytes, random
tag soup and real corpus files mutated (bytes flipped, truncated, lines shuffled, slices
dropped or repeated); huge or deeply nested input must end quickly, in a result or a
ParseError.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure.parse._ir import SourceDocument, SourceTable
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.html import read_html
from govdisclosure.parse.markdown import read_markdown

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "corpus" / "raw"
SEED = HERE / "data" / "seed" / "000_afc8951c6086bbfe.txt"
F001 = RAW / "001_shanghai-gov-office-2019_embedded-html.js"
F016 = RAW / "016_shanghai-stcsm-2024_source.md"
F017 = RAW / "017_shanghai-gov-office-2025_source.md"

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TOKENS = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=2>", "<td rowspan=3>",
    '<td rowspan="0" colspan="99999999">', "<tbody>", "<caption>", "</caption>", "<p>", "</p>",
    "<div>", "</div>", "<h2>", "</h2>", "<br>", "<br/>", "<o:p>", "</o:p>", "<span>", "</span>",
    "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<![if x]>",
    "<!doctype html>", "<?xml?>", "</", "<", ">", "&nbsp;", "&#x4e00;", "&#99999999;", "&",
    '"', "'", "\\", '\\"', "\\u4e00", "\\x41", "let content = \"", "`", "//", "/*", "*/",
    "| a | 1 |", "|---|---|", "# 标题", "\n", "\r\n", "\t", " ", "一、总体情况", "规章", "0", "-",
    "\x00", "\ufeff", "\ud7ff", "\ue000",
]  # fmt: skip

soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=80).map("".join)


def _check_doc(doc: SourceDocument) -> None:
    """Invariants of every document a front end returns."""
    for table in doc.tables:
        assert isinstance(table, SourceTable)
        for row in table.rows:
            for cell in row:
                assert isinstance(cell.text, str)
                if cell.origin is not None:
                    oy, ox = cell.origin
                    src = table.rows[oy][ox]
                    assert src.origin is None
                    assert src.text == cell.text


def _run(fn: Callable[[Any], Any], data: Any) -> tuple[Any, ParseError | None]:
    """``fn(data)`` and ``None``, or ``None`` and the ParseError it raised (nothing else)."""
    try:
        return fn(data), None
    except ParseError as e:
        return None, e


def _only_parse_error(fn: Callable[[Any], Any], data: Any) -> None:
    out, error = _run(fn, data)
    if error is not None:
        assert error.code.startswith("P-")
    if isinstance(out, SourceDocument):
        _check_doc(out)


def _parse(data: Any) -> Any:
    from govdisclosure.parse import parse

    return parse(data, source="fuzz")


# --------------------------------------------------------------------------------------------
# random input


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _only_parse_error(read_html, data)
    _only_parse_error(read_markdown, data)


@FUZZ
@given(soup)
def test_random_tag_soup(text: str) -> None:
    _only_parse_error(read_html, text)
    _only_parse_error(read_html, text.encode("utf-8", "surrogatepass"))
    _only_parse_error(read_markdown, text)


@FUZZ
@given(st.one_of(st.binary(max_size=1500), soup))
def test_parse_random(data: bytes | str) -> None:
    _only_parse_error(_parse, data)


# --------------------------------------------------------------------------------------------
# mutated real files


_POS = st.integers(0, 2**31)  # positions are taken modulo the length, so that what is drawn
# never depends on the bytes mutated (the office fixtures carry save timestamps)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    n = len(data)
    op = draw(st.sampled_from(["flip", "truncate", "shuffle", "slice"]))
    if op == "flip":
        for _ in range(draw(st.integers(1, 30))):
            data[draw(_POS) % n] = draw(st.integers(0, 255))
    elif op == "truncate":
        del data[draw(_POS) % (n + 1) :]
    elif op == "shuffle":
        lines = bytes(data).split(b"\n")
        draw(st.randoms(use_true_random=False)).shuffle(lines)
        data = bytearray(b"\n".join(lines))
    else:
        a = draw(_POS) % (n + 1)
        b = min(n, a + draw(st.integers(0, 5000)))
        chunk = bytes(data[a:b])
        if draw(st.booleans()):
            del data[a:b]
        else:
            data[a:a] = chunk * draw(st.integers(1, 5))
    return bytes(data)


@FUZZ
@given(st.data())
def test_mutated_html(data: st.DataObject) -> None:
    blob = data.draw(mutated(F001.read_bytes()))
    _only_parse_error(read_html, blob)


@FUZZ
@given(st.data())
def test_mutated_markdown(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from([F016, F017]))
    blob = data.draw(mutated(source.read_bytes()))
    _only_parse_error(read_markdown, blob)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_through_parse(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from([F001, F016, F017, SEED]))
    blob = data.draw(mutated(source.read_bytes()))
    _only_parse_error(_parse, blob)


def _seed_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = None
    for line in SEED.read_text(encoding="utf-8").split("\n")[:120]:
        if "\t" in line:
            cells = line.split("\t")
            if table is None or len(table.columns) != len(cells):
                table = document.add_table(rows=0, cols=len(cells))
            row = table.add_row()
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        elif line.strip():
            table = None
            document.add_paragraph(line.strip())
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _seed_xlsx() -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in SEED.read_text(encoding="utf-8").split("\n")[:120]:
        ws.append(line.split("\t"))
    ws.merge_cells("A1:B3")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def office_files() -> dict[str, bytes]:
    return {"docx": _seed_docx(), "xlsx": _seed_xlsx()}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_mutated_office_files(office_files: dict[str, bytes], data: st.DataObject) -> None:
    from govdisclosure.parse.docx import read_docx
    from govdisclosure.parse.xlsx import read_xlsx

    kind = data.draw(st.sampled_from(["docx", "xlsx"]))
    blob = data.draw(mutated(office_files[kind]))
    reader = read_docx if kind == "docx" else read_xlsx
    _only_parse_error(reader, blob)
    _only_parse_error(_parse, blob)


def test_unmutated_office_files_read(office_files: dict[str, bytes]) -> None:
    """The fixtures of the mutation test are themselves readable (so mutations test something)."""
    from govdisclosure.parse.docx import read_docx
    from govdisclosure.parse.xlsx import read_xlsx

    assert read_docx(office_files["docx"]).tables
    assert read_xlsx(office_files["xlsx"]).tables


# --------------------------------------------------------------------------------------------
# bounded time on huge or adversarial input

BOUND_SECONDS = 30.0

HUGE: dict[str, Callable[[], str]] = {
    "5 MB of <table><tr>": lambda: "<table><tr>" * (5 * 1024 * 1024 // 11),
    "5 MB of <tr><td>": lambda: "<table>" + "<tr><td>1" * (5 * 1024 * 1024 // 9),
    "10^5 nested <div>": lambda: "<div>" * 100_000 + "x" + "</div>" * 100_000,
    "10^5 nested <span>": lambda: "<span>" * 100_000,
    "10^5 nested <table>": lambda: "<table><tr><td>" * 100_000,
    "10^6 unclosed </": lambda: "</" * 1_000_000,
    "10^5 unclosed comments between tags": lambda: "<p>x</p><!--" * 100_000,
    "10^5 unclosed marked sections": lambda: "<p>x</p><![if " * 100_000,
    "huge spans": lambda: "<table><tr>" + '<td rowspan="65534" colspan="1000">x' * 50,
    "3 MB in a JS string": lambda: 'let content = "' + '<p>\\"x\\"</p>' * 250_000 + '";',
}


@pytest.mark.parametrize("name", list(HUGE))
def test_html_huge_input_is_bounded(name: str) -> None:
    text = HUGE[name]()
    start = time.perf_counter()
    _, error = _run(read_html, text)
    assert time.perf_counter() - start < BOUND_SECONDS
    assert error is None or error.code == "P-INPUT-TOO-LARGE"


@pytest.mark.parametrize(
    "text",
    [
        "| a |" * 1_000_000,
        "| 1 | 2 | 3 |\n" * 300_000,
        "#" * 5_000_000,
        "|---|\n" * 1_000_000,
        "\\" * 5_000_000,
    ],
    ids=["one wide row", "300k rows", "5M #", "1M delimiters", "5M backslashes"],
)
def test_markdown_huge_input_is_bounded(text: str) -> None:
    start = time.perf_counter()
    _, error = _run(read_markdown, text)
    assert time.perf_counter() - start < BOUND_SECONDS
    assert error is None or error.code == "P-INPUT-TOO-LARGE"


def test_parse_huge_input_is_bounded() -> None:
    start = time.perf_counter()
    _, error = _run(_parse, ("<table><tr><td>" + "1</td><td>" * 50 + "</tr></table>") * 2000)
    assert time.perf_counter() - start < BOUND_SECONDS
    assert error is None or error.code.startswith("P-")


def test_mutation_strategy_changes_input() -> None:
    """A sanity check that the mutations are not no-ops on the corpus files."""
    rng = random.Random(1)
    original = F001.read_bytes()
    lines = original.split(b"\n")
    rng.shuffle(lines)
    assert b"\n".join(lines) != original
