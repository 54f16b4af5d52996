"""Reading PDF reports: tables from ruling lines, page/box provenance, unusable text layers,
hostile files.

Three kinds of PDF are used:

- hand-written ones (``tests/_pdfgen.py``) for exact geometry: merged cells, a table cut by a
  page break without its header repeated, page numbers and a running header, wrapped
  paragraphs; and as the seed of the fuzz test and the hostile inputs;
- the bundled examples rendered as HTML and printed by headless Chromium (skipped when
  Chromium is absent): A4, A5 (tables span pages, the browser repeats their header) and with
  Chromium's own header and footer (date, title, URL, page numbers) on every page;
- the real published PDFs of the shared corpus (skipped when ``../shared`` is absent).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import random
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from govdisclosure.cells import iter_cells
from govdisclosure.document import load, to_data
from govdisclosure.errors import MissingExtraError
from govdisclosure.io import html
from govdisclosure.parse import ParseError, parse, sniff_format
from govdisclosure.parse import pdf as pdf_reader
from govdisclosure.parse._ir import SourceTable, TextBlock

from ._chromium import chromium, headless
from ._pdfgen import Page, build_pdf
from .conftest import DATA, EXAMPLES, ROOT

SHARED = Path(os.environ.get("GOVD_SHARED_DIR", ROOT.parent / "shared"))
CORPUS_PDF = SHARED / "corpus" / "pdf"
TRUTH = SHARED / "corpus" / "truth"
REAL = {
    "013": "013_hongze-district-2023.pdf",
    "014": "014_hongze-district-2024.pdf",
    "015": "015_huaian-city-2024.pdf",
}
BROKEN = "030_broken-text-layer-sample.pdf"

needs_corpus = pytest.mark.skipif(
    not CORPUS_PDF.is_dir(), reason="the shared corpus (../shared/corpus/pdf) is not present"
)


needs_chromium = pytest.mark.skipif(
    chromium() is None, reason="Chromium is not installed (apt-get install chromium)"
)

# ----------------------------------------------------------------------------------------------
# hand-written PDFs: exact geometry

HEADER = "某区人民政府信息公开工作年度报告"


def _two_page_table() -> bytes:
    """A table cut by a page break (no line along the cut, header not repeated)."""
    xs = (70, 230, 290, 350)
    page1 = Page(
        text=[
            (70, 805, 10, HEADER),
            (70, 705, 12, "三、收到和处理政府信息公开申请情况"),
            (72, 665, 10, "类别"),
            (232, 667, 10, "数量"),
            (232, 645, 10, "甲类"),
            (292, 645, 10, "乙类"),
            (72, 625, 10, "一、本年新收"),
            (232, 625, 10, "3"),
            (72, 605, 10, "二、上年结转"),
            (232, 605, 10, "1"),
            (292, 605, 10, "12"),
            (280, 40, 10, "- 1 -"),
        ],
        lines=[
            (70, 680, 350, 680),
            (230, 660, 350, 660),  # no line under 类别 (merged down) …
            (70, 640, 350, 640),
            (70, 620, 350, 620),
            *[(x, 680, x, 600) for x in (70, 230, 350)],
            (290, 660, 290, 600),  # … and none between the 数量 columns in the top row
        ],
    )
    paragraph = "本年度本机关未收到政府信息公开行政复议申请。"  # 22 characters
    page2 = Page(
        text=[
            (70, 805, 10, HEADER),
            (72, 745, 10, "三、本年度办理结果"),
            (232, 745, 10, "5"),
            (292, 745, 10, "6"),
            (72, 725, 10, "四、结转下年度继续办理"),
            (232, 725, 10, "0"),
            (70, 680, 12, "五、存在的主要问题及改进情况"),
            (94, 660, 12, paragraph[:20]),
            (70, 642, 12, paragraph[20:]),
            (94, 624, 12, "下一步将继续做好政府信息公开工作。"),
            (280, 40, 10, "- 2 -"),
        ],
        lines=[
            (70, 760, 350, 760),
            (70, 740, 350, 740),
            (70, 720, 350, 720),
            *[(x, 760, x, 720) for x in xs],
        ],
    )
    return build_pdf([page1, page2])


def test_table_cut_by_a_page_break_is_one_table_with_merged_cells_expanded() -> None:
    doc = pdf_reader.read_pdf(_two_page_table(), source="t.pdf")
    assert doc.kind == "pdf"
    tables = [b for b in doc.blocks if isinstance(b, SourceTable)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [[c.text for c in r] for r in rows] == [
        ["类别", "数量", "数量"],
        ["类别", "甲类", "乙类"],
        ["一、本年新收", "3", ""],
        ["二、上年结转", "1", "12"],
        ["三、本年度办理结果", "5", "6"],
        ["四、结转下年度继续办理", "0", ""],
    ]
    # merged cells: the source cell carries its spans, covered positions point at it
    assert (rows[0][0].rowspan, rows[0][0].colspan) == (2, 1)
    assert (rows[0][1].rowspan, rows[0][1].colspan) == (1, 2)
    assert rows[1][0].origin == (0, 0)
    assert rows[0][2].origin == (0, 1)
    # provenance: page, grid position, box of the cell in user space
    blank = rows[2][2]
    assert blank.text == ""
    assert blank.origin is None
    assert (blank.loc.page, blank.loc.row, blank.loc.cell) == (1, 2, 2)
    assert blank.loc.bbox == pytest.approx((290, 620, 350, 640), abs=0.5)
    cut = rows[3][0]  # the last row of page 1 has no line under it: the verticals end it
    assert cut.loc.bbox == pytest.approx((70, 600, 230, 620), abs=0.5)
    second = rows[4][1]
    assert (second.loc.page, second.loc.row, second.loc.cell) == (2, 4, 1)
    assert second.loc.bbox == pytest.approx((230, 740, 290, 760), abs=0.5)
    assert "page 2" in second.loc.describe()


def test_a_row_cut_by_a_page_break_is_one_row() -> None:
    """Word lets a row break across pages: no line on either side of the cut, the label's
    first line on one page, its second line and the values on the next."""
    page1 = Page(
        text=[
            (72, 665, 10, "（五）不予处理"),
            (152, 665, 10, "4.无正当理由大量反复申请"),
            (302, 665, 10, "0"),
            (152, 625, 10, "5.要求行政机关确认或重新出具"),
        ],
        lines=[
            (70, 680, 350, 680),
            (150, 640, 350, 640),
            *[(x, 680, x, 600) for x in (70, 150, 300, 350)],
        ],
    )
    page2 = Page(
        text=[
            (152, 748, 10, "已获取信息"),
            (302, 748, 10, "2"),
            (72, 725, 10, "（六）其他处理"),
            (302, 725, 10, "1"),
        ],
        lines=[
            (70, 740, 350, 740),
            (70, 720, 350, 720),
            *[(x, 760, x, 720) for x in (70, 300, 350)],
            (150, 760, 150, 740),
        ],
    )
    [table] = pdf_reader.read_pdf(build_pdf([page1, page2])).tables
    assert [[c.text for c in r] for r in table.rows] == [
        ["（五）不予处理", "4.无正当理由大量反复申请", "0"],
        ["（五）不予处理", "5.要求行政机关确认或重新出具\n已获取信息", "2"],
        ["（六）其他处理", "（六）其他处理", "1"],
    ]
    label = table.rows[1][1]
    assert (label.loc.page, label.loc.row, label.loc.cell) == (1, 1, 1)
    assert table.rows[0][0].rowspan == 2
    assert table.rows[1][0].origin == (0, 0)
    assert table.rows[2][1].origin == (2, 0)
    assert table.rows[2][2].loc.row == 2


@pytest.mark.parametrize("form", [(1, 0, 0, 1, 5, -30), (0.5, 0, 0, 0.5, 100, 300)])
def test_content_inside_a_form_xobject_is_read_on_page_coordinates(
    form: tuple[float, float, float, float, float, float],
) -> None:
    page = Page(
        text=[(72, 665, 10, "一、本年新收"), (232, 665, 10, "12")],
        lines=[
            (70, 680, 350, 680),
            (70, 660, 350, 660),
            *[(x, 680, x, 660) for x in (70, 230, 350)],
        ],
    )
    [table] = pdf_reader.read_pdf(build_pdf([page], form=form)).tables
    a, _b, _c, d, e, f = form
    assert [c.text for c in table.rows[0]] == ["一、本年新收", "12"]
    want = (230 * a + e, 660 * d + f, 350 * a + e, 680 * d + f)
    assert table.rows[0][1].loc.bbox == pytest.approx(want, abs=0.6)


def test_page_numbers_and_running_header_are_dropped_and_paragraphs_rejoined() -> None:
    doc = pdf_reader.read_pdf(_two_page_table())
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert texts == [
        "三、收到和处理政府信息公开申请情况",
        "五、存在的主要问题及改进情况",
        "本年度本机关未收到政府信息公开行政复议申请。",
        "下一步将继续做好政府信息公开工作。",
    ]
    first = next(b for b in doc.blocks if isinstance(b, TextBlock))
    assert first.loc.page == 1
    assert first.loc.bbox is not None
    # reading order: heading, table, then the text after it
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["TextBlock", "SourceTable", "TextBlock", "TextBlock", "TextBlock"]


def test_sniffed_and_read_through_parse() -> None:
    data = _two_page_table()
    assert sniff_format(data) == "pdf"
    assert sniff_format(b"\n\n" + data) == "pdf"  # header within the first kilobyte
    res = parse(data, source="t.pdf")
    assert res.edition is not None
    with pytest.raises(ParseError) as e:
        parse(data.decode("latin-1"), format="pdf")
    assert e.value.code == "P-FORMAT-UNREADABLE"


def test_missing_extra_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(MissingExtraError) as e:
        parse(_two_page_table())
    assert "pip install 'govdisclosure[pdf]'" in str(e.value)


@pytest.mark.parametrize("ruled_t2", [False, True], ids=["no-rulings", "only-t2-ruled"])
@pytest.mark.parametrize("number", ["013", "014", "015"])
def test_tables_without_ruling_lines_are_read_from_word_positions(
    number: str, ruled_t2: bool
) -> None:
    """A PDF whose tables are set with spaces only: the lines of the published report's text
    (as extracted from its PDF) laid out as PDF text, 45 lines a page; no ruling lines, or
    only table 二 ruled (each of its lines boxed) and the others set with spaces."""
    [raw] = (DATA / "corpus" / "raw").glob(f"{number}_*")
    lines = raw.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("二、主动公开"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("三、收到"))
    pages = []
    for k in range(0, len(lines), 45):
        page = Page(
            text=[(60, 790 - 16 * i, 11, ln) for i, ln in enumerate(lines[k : k + 45]) if ln]
        )
        for i in range(45):
            if ruled_t2 and start < k + i < end:
                top, bottom = 790 - 16 * i + 12, 790 - 16 * i - 4
                page.lines += [(58, top, 560, top), (58, bottom, 560, bottom)]
                page.lines += [(58, top, 58, bottom), (560, top, 560, bottom)]
        pages.append(page)
    data = build_pdf(pages)
    if ruled_t2:
        assert pdf_reader.read_pdf(data).tables_apart is False  # the text reader read it
    res = parse(data)
    truth = json.loads((DATA / "corpus" / "truth" / f"{number}.json").read_text(encoding="utf-8"))
    right, total, wrong = _accuracy().compare_truth(to_data(res.report), truth)
    assert wrong == []
    assert right == total
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        for pointer, prov in res.provenance.items():
            assert prov.loc.kind == "pdf"
            assert prov.loc.page is not None
            assert prov.loc.bbox is not None, pointer
            box = doc[prov.loc.page - 1].get_textpage().get_text_bounded(*prov.loc.bbox)
            assert "".join(box.split()) == "".join(prov.raw.split()), pointer
    finally:
        doc.close()


# ----------------------------------------------------------------------------------------------
# unusable text layers


def _ocr_error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as e:
        parse(data)
    assert e.value.code == "P-PDF-OCR-NEEDED"
    assert "OCR" in e.value.message
    return e.value


def test_scanned_pages_need_ocr() -> None:
    err = _ocr_error(build_pdf([Page(image=(50, 100, 495, 700)), Page(image=(50, 100, 495, 700))]))
    assert "images" in err.message


def test_mojibake_and_glyph_codes_need_ocr() -> None:
    # UTF-8 bytes of Chinese shown as Latin-1 (what a font without a CJK mapping yields) …
    mojibake = "政府信息公开工作年度报告 2023 年 1000 条".encode().decode("latin-1")
    mojibake = "".join(ch for ch in mojibake if ch.isprintable())
    _ocr_error(build_pdf([Page(text=[(50, 700, 10, mojibake), (50, 680, 10, mojibake)])]))
    # … and private-use glyph codes
    codes = "".join(chr(0xE000 + i) for i in range(60))
    _ocr_error(build_pdf([Page(text=[(50, 700, 10, codes[:30]), (50, 680, 10, codes[30:])])]))


def test_a_page_without_usable_text_is_left_out_with_a_finding() -> None:
    sentence = "本机关认真落实政府信息公开条例，主动公开政府信息。"
    good = Page(text=[(70, 700, 12, "一、总体情况")])
    # (PDFium drops a run repeating the one above it: each line is rotated)
    good.text += [(70, 680 - 20 * i, 12, sentence[i:] + sentence[:i]) for i in range(8)]
    garbage = "".join(chr(0xE000 + i) for i in range(40))
    bad = Page(text=[(70, 700, 12, garbage), (70, 680, 12, "1 2 3 4 5 6 7")])
    latin = Page(text=[(70, 700, 12, "3$%&'()*+,-./0ABCDEFGHIJKLMNOPQRSTUVWXYZ")])
    figures = Page(text=[(70, 700 - 20 * i, 12, f"{i} 0 0 {i} 12 7 {i}") for i in range(9)])
    doc = pdf_reader.read_pdf(build_pdf([good, bad, latin, figures]))
    [finding] = [f for f in doc.findings if f.code == "P-PDF-PAGE-UNREADABLE"]
    assert finding.params["pages"] == "2, 3"
    texts = " ".join(b.text for b in doc.blocks if isinstance(b, TextBlock))
    assert "1 2 3" not in texts
    assert "ABC" not in texts
    # a page of figures is text: read
    assert {b.loc.page for b in doc.blocks if isinstance(b, TextBlock)} == {1, 4}


def test_a_large_picture_on_a_text_page_is_reported_not_read() -> None:
    text = [(70, 780, 12, "一、总体情况"), (70, 760, 12, "本机关主动公开政府信息。")]
    doc = pdf_reader.read_pdf(build_pdf([Page(text=text, image=(60, 200, 470, 500))]))
    [finding] = [f for f in doc.findings if f.code == "P-PDF-IMAGE-NOT-READ"]
    assert finding.params["page"] == 1
    # a seal-sized picture is not worth a word
    doc = pdf_reader.read_pdf(build_pdf([Page(text=text, image=(400, 100, 120, 120))]))
    assert not [f for f in doc.findings if f.code == "P-PDF-IMAGE-NOT-READ"]


def test_javascript_and_actions_are_ignored() -> None:
    """Scripts and actions (open action, launch, URI) are never run or followed: the file
    reads like any other."""
    page = Page(text=[(70, 780, 12, "一、总体情况"), (70, 760, 12, "本机关主动公开政府信息。")])
    extra = (
        b" /OpenAction << /S /JavaScript /JS (app.alert('x'); this.submitForm('http://x')) >>"
        b" /AA << /WC << /S /Launch /F (calc.exe) >> >>"
        b" /Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (while(1){}) >>] >> >>"
        b" /URI << /Base (http://example.invalid/) >>"
    )
    doc = pdf_reader.read_pdf(build_pdf([page], catalog=extra))
    assert [b.text for b in doc.blocks if isinstance(b, TextBlock)] == [
        "一、总体情况",
        "本机关主动公开政府信息。",
    ]


@needs_corpus
def test_broken_text_layer_sample_needs_ocr() -> None:
    with pytest.raises(ParseError) as e:
        parse(CORPUS_PDF / BROKEN)
    assert e.value.code == "P-PDF-OCR-NEEDED"


# ----------------------------------------------------------------------------------------------
# hostile files


def test_limits_and_bombs(monkeypatch: pytest.MonkeyPatch) -> None:
    small = _two_page_table()
    many = build_pdf([Page() for _ in range(pdf_reader.MAX_PAGES + 1)])
    with pytest.raises(ParseError) as e:
        parse(many)
    assert e.value.code == "P-INPUT-TOO-LARGE"
    assert "pages" in e.value.message
    # a content stream that inflates beyond the cap is refused before PDFium sees it
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_INFLATED_BYTES", 4 * 1024 * 1024)
    bomb = build_pdf([Page(text=[(70, 700, 12, "一、总体情况")])], compress=True, pad=5_000_000)
    assert len(bomb) < 50_000
    with pytest.raises(ParseError) as e:
        parse(bomb)
    assert e.value.code == "P-INPUT-UNSAFE"
    assert "decompression bomb" in e.value.message
    # an ordinary compressed file is read
    fine = build_pdf([Page(text=[(70, 700, 12, "一、总体情况")])], compress=True)
    assert any(isinstance(b, TextBlock) for b in pdf_reader.read_pdf(fine).blocks)
    monkeypatch.setattr(pdf_reader, "MAX_PDF_BYTES", len(small) - 1)
    with pytest.raises(ParseError) as e:
        parse(small)
    assert e.value.code == "P-INPUT-TOO-LARGE"


def _with_content(filters: bytes, encode: Callable[[bytes], bytes], pad: int = 0) -> bytes:
    """A one-page PDF whose content stream (with ``pad`` spaces added) is re-encoded by
    ``encode`` under ``filters``."""
    data = build_pdf([Page(text=[(70, 700, 12, "一、总体情况")])])
    i = data.rfind(b"<< /Length", 0, data.rfind(b"/Type /Page "))
    j = data.find(b"endstream", i) + len(b"endstream")
    content = data[data.find(b"stream\n", i) + 7 : j - len(b"\nendstream")]
    body = encode(content + b" " * pad)
    stream = b"<< /Length %d /Filter %s >>\nstream\n" % (len(body), filters) + body
    return data[:i] + stream + b"\nendstream" + data[j:]


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        (b"[/FlateDecode /FlateDecode]", lambda b: zlib.compress(zlib.compress(b, 9), 9)),
        (b"[/AHx /Fl]", lambda b: zlib.compress(b, 9).hex().encode() + b">"),
        (b"[/A85 /FlateDecode]", lambda b: base64.a85encode(zlib.compress(b, 9)) + b"~>"),
    ],
    ids=["flate-of-flate", "hex-of-flate", "a85-of-flate"],
)
def test_layered_decompression_bombs_are_refused(
    monkeypatch: pytest.MonkeyPatch, filters: bytes, encode: Callable[[bytes], bytes]
) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_INFLATED_BYTES", 4 * 1024 * 1024)
    with pytest.raises(ParseError) as e:
        parse(_with_content(filters, encode, pad=5_000_000))
    assert e.value.code == "P-INPUT-UNSAFE"
    # the same layers around an ordinary content stream are read
    fine = _with_content(filters, encode)
    assert [b.text for b in pdf_reader.read_pdf(fine).blocks] == ["一、总体情况"]


def test_streams_whose_expansion_cannot_be_bounded_are_refused() -> None:
    with pytest.raises(ParseError) as e:
        parse(_with_content(b"/LZWDecode", lambda b: b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01"))
    assert e.value.code == "P-INPUT-UNSAFE"
    assert "LZW" in e.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + b"\x00\xff" * 500,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
    ],
    ids=["header-only", "garbage", "no-xref", "self-referencing-pages"],
)
def test_malformed_files_are_parse_errors(data: bytes) -> None:
    with pytest.raises(ParseError) as e:
        parse(data)
    assert e.value.code.startswith("P-")


def _mutations(seed: bytes, n: int, rng: random.Random) -> Iterator[bytes]:
    for _ in range(n):
        data = bytearray(seed)
        op = rng.randrange(4)
        if op == 0:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1:  # truncate
            del data[rng.randrange(16, len(data)) :]
        elif op == 2:  # splice a piece elsewhere
            a = rng.randrange(len(data))
            b = min(len(data), a + rng.randint(1, 200))
            at = rng.randrange(len(data))
            data[at:at] = data[a:b]
        else:  # change numbers (lengths, offsets, coordinates)
            digits = [i for i, ch in enumerate(data) if 0x30 <= ch <= 0x39]
            for i in rng.sample(digits, min(len(digits), rng.randint(1, 10))):
                data[i] = rng.choice(b"0123456789")
        yield bytes(data)


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "flate"])
def test_fuzz_mutated_pdfs_give_a_result_or_a_parse_error(compress: bool) -> None:
    pages = [
        Page(
            text=[(72, 665, 10, "一、本年新收政府信息公开申请数量"), (232, 665, 10, "3")],
            lines=[
                (70, 680, 350, 680),
                (70, 660, 350, 660),
                (70, 680, 70, 660),
                (350, 680, 350, 660),
            ],
        )
    ]
    seed = build_pdf(pages, compress=compress)
    rng = random.Random(20261206 + compress)
    codes: list[str] = []
    for data in _mutations(seed, 150, rng):
        try:
            parse(data)
        except ParseError as e:  # anything else fails the test
            codes.append(e.code)
    assert all(code.startswith("P-") for code in codes)


# ----------------------------------------------------------------------------------------------
# the bundled examples, rendered and printed by Chromium


def _print_pdf(html_text: str, out: Path, *, header_footer: bool = False) -> Path:
    browser = chromium()
    assert browser is not None
    page = out.with_suffix(".html")
    page.write_text(html_text, encoding="utf-8")
    args = headless(browser, out.parent / "profile", f"--print-to-pdf={out}")
    if not header_footer:
        args.append("--no-pdf-header-footer")
    subprocess.run([*args, page.as_uri()], capture_output=True, timeout=120, check=False)
    if not out.is_file():
        pytest.skip("Chromium did not print a PDF on this machine")
    return out


VARIANTS = {
    "a4": (None, False),
    "a5": ("@page { size: A5; }", False),  # the tables span pages; <thead> is repeated
    "header-footer": (None, True),  # Chromium's date, title, URL and page numbers
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    if chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    out: dict[tuple[str, str], Path] = {}
    base = tmp_path_factory.mktemp("printed")
    for example in sorted(EXAMPLES.glob("*.json")):
        page = html.dumps(load(example))
        for name, (css, hf) in VARIANTS.items():
            text = page.replace("</style>", css + "</style>", 1) if css else page
            out[(example.stem, name)] = _print_pdf(
                text, base / f"{example.stem}-{name}.pdf", header_footer=hf
            )
    return out


STATED = ("title", "document_number", "report_year", "statistics_period")


@needs_chromium
@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.json")))
def test_printed_examples_read_back_to_the_same_report(
    printed: dict[tuple[str, str], Path], example: str, variant: str
) -> None:
    original = load(EXAMPLES / f"{example}.json")
    res = parse(printed[(example, variant)])
    assert res.edition == original.edition_enum
    got = {c.pointer: c.value for c in iter_cells(res.report)}
    want = {c.pointer: c.value for c in iter_cells(original)}
    assert got == want  # every cell of tables 二, 三 and 四, blanks included
    assert to_data(res.report)["sections"] == to_data(original)["sections"]
    got_meta, want_meta = to_data(res.report)["metadata"], to_data(original)["metadata"]
    for key in STATED:
        assert got_meta.get(key) == want_meta.get(key), key
    assert got_meta["body"]["name"] == want_meta["body"]["name"]
    # The covering letter is not compared: its lines are <br> breaks inside one paragraph,
    # and a break that falls exactly at the right margin looks like a wrapped line.


@needs_chromium
def test_printed_provenance_points_at_the_cell_on_its_page(
    printed: dict[tuple[str, str], Path],
) -> None:
    import pypdfium2

    for (example, variant), path in sorted(printed.items()):
        res = parse(path)
        doc = pypdfium2.PdfDocument(path)
        try:
            sizes = [doc[i].get_size() for i in range(len(doc))]
            table_cells = [c for c in iter_cells(res.report) if c.table in ("t2", "t3", "t4")]
            assert table_cells
            for cell in table_cells:
                prov = res.provenance[cell.pointer]
                d = prov.as_dict()
                assert d["kind"] == "pdf"
                page, bbox = d["page"], d["bbox"]
                width, height = sizes[page - 1]
                x0, y0, x1, y1 = bbox
                assert 0 <= x0 < x1 <= width, (example, variant, d)
                assert 0 <= y0 < y1 <= height, (example, variant, d)
                # the raw text is what the page holds inside the box
                text = doc[page - 1].get_textpage().get_text_bounded(x0, y0, x1, y1)
                assert "".join(text.split()) == "".join(prov.raw.split()), (variant, d)
                assert f"page {page}" in d["where"]
        finally:
            doc.close()


@needs_chromium
@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_are_read_as_shown_with_boxes_in_user_space(
    printed: dict[tuple[str, str], Path], tmp_path: Path, rotation: int
) -> None:
    """The printed seed turned into pages with ``/Rotate`` whose content is drawn turned the
    other way (they show upright, as a landscape page printed on its side does)."""
    import pypdfium2

    src = pypdfium2.PdfDocument(printed[("quanzhou-digital-office-2021", "a4")])
    for i in range(len(src)):
        page = src[i]
        w, h = page.get_size()
        matrix = {
            90: pypdfium2.PdfMatrix(0, 1, -1, 0, h, 0),
            180: pypdfium2.PdfMatrix(-1, 0, 0, -1, w, h),
            270: pypdfium2.PdfMatrix(0, -1, 1, 0, 0, w),
        }[rotation]
        for obj in list(page.get_objects(max_depth=1)):
            obj.transform(matrix)
        page.gen_content()
        if rotation != 180:
            page.set_mediabox(0, 0, h, w)
        page.set_rotation(rotation)
    path = tmp_path / "rotated.pdf"
    src.save(path)
    src.close()
    res = parse(path)
    original = load(EXAMPLES / "quanzhou-digital-office-2021.json")
    got = {c.pointer: c.value for c in iter_cells(res.report)}
    assert got == {c.pointer: c.value for c in iter_cells(original)}
    # (The narrative is not compared: PDFium's regeneration of the turned content drops the
    # text of the heading font, as its own text extraction of the file shows.)
    doc = pypdfium2.PdfDocument(path)
    try:
        for pointer, prov in res.provenance.items():
            assert prov.loc.page is not None
            assert prov.loc.bbox is not None
            text = doc[prov.loc.page - 1].get_textpage().get_text_bounded(*prov.loc.bbox)
            assert "".join(text.split()) == "".join(prov.raw.split()), pointer
    finally:
        doc.close()


@needs_chromium
def test_printed_tables_spanning_pages_are_joined(
    printed: dict[tuple[str, str], Path],
) -> None:
    for example in ("quanzhou-digital-office-2021", "shanghai-gov-office-2019"):
        doc = pdf_reader.read_pdf(printed[(example, "a5")].read_bytes())
        tables = doc.tables
        assert len(tables) == 3
        spanning = [t for t in tables if len({c.loc.page for r in t.rows for c in r}) > 1]
        assert spanning, example
        for t in tables:
            # grid coordinates and merged-cell origins are consistent after the join
            for r, row in enumerate(t.rows):
                for c, cell in enumerate(row):
                    if cell.origin is None:
                        assert (cell.loc.row, cell.loc.cell) == (r, c)
                    else:
                        src = t.rows[cell.origin[0]][cell.origin[1]]
                        assert src.origin is None
                        assert src.loc == cell.loc


def _find_provenance(node: object) -> dict[str, dict[str, object]] | None:
    """The first ``provenance`` member anywhere in the CLI's JSON (its envelope may change)."""
    if isinstance(node, dict):
        if isinstance(node.get("provenance"), dict):
            return node["provenance"]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = _find_provenance(item)
            if found is not None:
                return found
    return None


@needs_chromium
def test_cli_parses_a_pdf_with_provenance(
    printed: dict[tuple[str, str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.cli.main import main

    out = tmp_path / "report.json"
    path = printed[("quanzhou-digital-office-2021", "a4")]
    rc = main(["parse", str(path), "-o", str(out), "--findings-format", "json"])
    assert rc == 0
    assert load(out).edition_enum.value == "2021"
    err = capsys.readouterr()
    prov = _find_provenance(json.loads(err.err or err.out))
    assert prov is not None
    cell = prov["/t3/new_received/natural_person"]
    assert cell["kind"] == "pdf"
    assert cell["page"] >= 1
    assert len(cell["bbox"]) == 4


# ----------------------------------------------------------------------------------------------
# real published PDFs


def _accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_accuracy"] = module
    spec.loader.exec_module(module)
    return module


@needs_corpus
@pytest.mark.parametrize("number", sorted(REAL))
def test_real_pdfs_tables_match_the_transcription(number: str) -> None:
    res = parse(CORPUS_PDF / REAL[number])
    truth = json.loads((TRUTH / f"{number}.json").read_text(encoding="utf-8"))
    right, total, wrong = _accuracy().compare_truth(to_data(res.report), truth)
    assert wrong == []
    assert right == total > 150
    for pointer, prov in res.provenance.items():
        if pointer.startswith(("/t3/", "/t4/")):
            assert prov.loc.page is not None
            assert prov.loc.page >= 2
            assert prov.loc.bbox is not None
    # the report's narrative is read: title, year, sections 一 and 五
    data = to_data(res.report)
    assert data["metadata"]["report_year"] == truth["year"]
    assert data["sections"]["general"]["text"] or data["sections"]["general"]["subsections"]
    assert "- 3 -" not in json.dumps(data["sections"], ensure_ascii=False, default=str)


@needs_corpus
def test_accuracy_benchmark_reports_the_pdfs(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _accuracy()
    rc = bench.main(["--corpus", str(SHARED / "corpus"), "--repeat", "1", "--no-chromium"])
    assert rc == 0
    out = capsys.readouterr().out
    for name in REAL.values():
        line = next(ln for ln in out.splitlines() if ln.startswith(name))
        assert " pdf " in line
        assert "(100.0%)" in line
    assert "P-PDF-OCR-NEEDED" in out
    assert "throughput pdf (reports with a text layer):" in out
    assert "floor pypdfium2 text only:" in out


def test_check_names_a_pdf_that_needs_ocr_as_an_input_error(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(build_pdf([Page(image=(50, 100, 495, 700))]))
    for lang, words in (("zh", "文字识别"), ("en", "OCR")):
        proc = subprocess.run(
            [sys.executable, "-m", "govdisclosure", "check", str(scan), "--lang", lang],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 2, proc.stderr
        assert "[P-PDF-OCR-NEEDED]" in proc.stdout
        assert words in proc.stdout
        assert "G-R0" not in proc.stdout
