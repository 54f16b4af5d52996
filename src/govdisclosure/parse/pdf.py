"""Read a PDF report into a :class:`~govdisclosure.parse._ir.SourceDocument`, with page and box.

Needs the optional dependency pypdfium2 (``pip install 'govdisclosure[pdf]'``; Apache-2.0 /
BSD-3-Clause, PDFium's own licence); without it :func:`read_pdf` raises
:class:`~govdisclosure.errors.MissingExtraError`. PDFium gives the characters of the text layer
with their boxes and the page's vector paths; everything else is geometry done here:

- **tables** are rebuilt from their ruling lines: stroked lines and thin filled rectangles
  (how Word and Chromium draw cell borders) are collected per page, also inside form XObjects
  (some PDF printers put a whole page in one), lines that touch form a
  table, the distinct line positions give a grid, and a grid edge with no ruling under it
  merges the two cells beside it. A merged cell is expanded into every grid position it
  covers (``origin`` and spans set, as for HTML). Each character goes to the cell its centre
  falls in; a cell's lines are joined with line breaks; a cell with no character is blank.
- **a table continued on the next page** (table 三 often is; its header is not repeated) is
  joined to the table it continues: the last table of a page and the first of the next page
  are one table when no text of the report stands between them and their outer edges line
  up. Their columns are rebuilt on the union of both grids' column lines. A row the page
  break cuts in two (no line drawn on either side of the cut, as Word does when rows may
  break across pages) becomes one row again, the texts of its two halves joined.
- **page headers, footers and page numbers** are left out: lines outside the tables in the top
  or bottom margin band that are page numbers (``- 5 -``, ``第 3 页``, ``3/6``) or that repeat
  on other pages at the same place (digits aside).
- **narrative text** (lines outside the tables) is read in reading order, top to bottom, and
  a line that runs to the right margin (or whose next line's first word would not have fitted
  after it) continues into the next line when that one is not indented and starts no heading,
  so that a paragraph wrapped over several lines (or over a page break) becomes one text block.
  Spaces are those of the text layer and the word gaps between Latin letters or digits; gaps
  between Chinese characters are letter spacing of justified text, not spaces.
- **tables without ruling lines** (set with spaces only): when a PDF has no ruled table at
  all, or at least three lines outside its ruled tables look like table rows (a label, then
  three or more numbers), all its lines (ruled tables' included) go through the plain-text
  reader (:func:`~govdisclosure.parse.text.read_text`, which reads PDF text whose cells are
  separated by gaps), and the line/column locations it returns are mapped back to the page
  and box of the characters.

A page with ``/Rotate`` (a landscape page printed on its side) is read as it is shown: its
characters and rulings are turned before any geometry, and boxes are turned back into user
space for the provenance.

Every cell's :class:`~govdisclosure.parse._ir.Location` carries the 1-based page number and
the cell's box in PDF user-space units (``x0, y0, x1, y1``, origin bottom left: the ruled
cell, or for an unruled table the box of the cell's characters); text blocks carry the page
and the box of their first line.

Why pypdfium2: PDFium gives characters with their boxes and the page's paths in a few
milliseconds a page (this whole reader is about 6× faster on the corpus PDFs than
pdfplumber/pdfminer.six finding text and tables alone, see ``bench/README.md``), is
Apache-2.0/BSD licensed (PyMuPDF is AGPL), and ships as wheels without system dependencies.

A text layer that cannot be read — no text at all (pages that are images only, a scanned
report) or characters that are not text (glyph codes without a Unicode mapping, which other
extractors print as ``(cid:230)``; mojibake) — raises ``ParseError`` with code
``P-PDF-OCR-NEEDED`` when no page is readable, and gives a ``P-PDF-PAGE-UNREADABLE`` finding
naming the pages left out when only some are: numbers are never read from such a layer.

Safety: the input size and page count are capped, and so are the characters and graphic
objects read per page. Before PDFium sees the file, every stream is decoded here through its
filter chain (Flate layers inflated with a cap, ASCIIHex/ASCII85 wrappers undone), so a
decompression bomb — also Flate of Flate — is refused (``P-INPUT-UNSAFE``) instead of being
expanded; LZW and run-length streams, whose expansion cannot be bounded that way and which no
current writer uses, are refused too. (Streams of an encrypted PDF cannot be checked before
decryption; PDFium's own limits apply to those.) No form environment is created, so
JavaScript never runs, and PDFium follows no external reference or action. The only exception
raised on bad input is :class:`~govdisclosure.parse._result.ParseError`.
"""

from __future__ import annotations

import base64
import itertools
import re
import threading
import unicodedata
import zlib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from govdisclosure.errors import MissingExtraError
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._normalize import read_cell
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.text import is_page_artefact

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "MAX_INFLATED_BYTES",
    "MAX_PAGES",
    "MAX_PAGE_CHARS",
    "MAX_PAGE_OBJECTS",
    "MAX_PDF_BYTES",
    "MAX_STREAM_INFLATED_BYTES",
    "is_pdf",
    "read_pdf",
]

MAX_PDF_BYTES = 32 * 1024 * 1024
"""Largest PDF read, in bytes (published reports are 0.1–5 MB)."""
MAX_PAGES = 200
"""Most pages read (an annual report has 4–15)."""
MAX_PAGE_CHARS = 100_000
"""Most characters of one page's text layer (a dense page holds about 2 000)."""
MAX_DOCUMENT_CHARS = 300_000
"""Most characters of all pages' text layers together (a 15-page report holds about 30 000;
the page limits alone let 20 million through, which take minutes to lay out)."""
MAX_PAGE_OBJECTS = 100_000
"""Most graphic objects on one page."""
MAX_STREAM_INFLATED_BYTES = 64 * 1024 * 1024
"""Largest size a single compressed stream may inflate to (an embedded CJK font: ~20 MB)."""
MAX_INFLATED_BYTES = 256 * 1024 * 1024
"""Largest size all compressed streams together may inflate to."""

_TOL = 2.0
"""Distance (points) within which two ruling positions are the same line."""
_THIN = 3.0
"""A filled rectangle at most this thick is a ruling line (cell borders drawn as fills)."""
_MARGIN_BAND = 0.1
"""Share of the page height at the top and bottom where headers and footers live."""

# PDFium is not thread-safe: one document at a time per process.
_LOCK = threading.Lock()

_STREAM_RE = re.compile(rb"stream\r?\n")
_HEAD_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[.．、](?!\d))"
)
"""A line starting like a heading or sub-heading, or a numbered item: never a continuation."""


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF file (``%PDF-`` within its first kilobyte, as readers allow)."""
    return b"%PDF-" in data[:1024]


# ----------------------------------------------------------------------------------------------
# safety


_FILTER_RE = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME_RE = re.compile(rb"/([A-Za-z0-9]+)")
_UNBOUNDED = frozenset({b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"})
"""Filters whose expansion is not checked here (no current PDF writer uses them for text)."""
_WRAPPERS = {b"ASCIIHexDecode": "hex", b"AHx": "hex", b"ASCII85Decode": "a85", b"A85": "a85"}


def _unwrap(data: bytes, kind: str) -> bytes | None:
    try:
        if kind == "hex":
            end = data.find(b">")
            digits = bytes(ch for ch in data[: end if end >= 0 else None] if not chr(ch).isspace())
            return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        end = data.find(b"~>")
        return base64.a85decode(data[: end if end >= 0 else None], ignorechars=b" \t\r\n\f\x00")
    except (ValueError, UnicodeDecodeError):
        return None


def _decoded_size(data: bytes, filters: list[bytes], budget: int) -> int:
    """The largest size the stream reaches through its filters (``budget`` when it gets there).

    Flate layers are inflated with the cap, ASCII wrappers decoded; the first filter that is
    not one of those (an image codec) ends the chain: text extraction does not decode it.
    """
    largest = 0
    for name in filters[:8]:
        if name in _WRAPPERS:
            out = _unwrap(data, _WRAPPERS[name])
        elif name in (b"FlateDecode", b"Fl"):
            d = zlib.decompressobj()
            try:
                out = d.decompress(data, budget)
            except zlib.error:
                out = None
        else:
            break
        if out is None:
            break
        largest = max(largest, len(out))
        if largest >= budget:
            return budget
        data = out
    return largest


def _check_streams(data: bytes, source: str | None) -> None:
    """Decode every compressed stream with a cap; refuse the file when one exceeds it.

    PDFium inflates content streams and fonts without a limit of its own, so a small file can
    make it allocate gigabytes (Flate of Flate, or Flate under ASCIIHex); this walks the
    streams first, following each one's filter chain, and refuses a decompression bomb.
    """
    total = 0
    limit = min(MAX_STREAM_INFLATED_BYTES, MAX_INFLATED_BYTES)
    for m in _STREAM_RE.finditer(data):
        start = m.end()
        if data[m.start() - 3 : m.start()] == b"end":
            continue
        head = data[max(0, start - 2048) : start]
        head = head[head.rfind(b"obj") + 1 :] if b"obj" in head else head
        found = _FILTER_RE.search(head)
        if found is None:
            continue
        filters = _NAME_RE.findall(found.group(1))
        if any(f in _UNBOUNDED for f in filters):
            raise ParseError(
                "P-INPUT-UNSAFE",
                f"the stream at byte {start} is LZW or run-length compressed, whose expansion "
                "cannot be bounded before decoding (current PDF writers use Flate); the file "
                "is not read",
                source=source,
            )
        end = data.find(b"endstream", start)
        chunk = data[start : end if end >= 0 else len(data)]
        budget = min(MAX_STREAM_INFLATED_BYTES, MAX_INFLATED_BYTES - total) + 1
        produced = _decoded_size(chunk, filters, budget)
        if produced >= budget:
            raise ParseError(
                "P-INPUT-UNSAFE",
                f"a compressed stream at byte {start} inflates beyond {limit} bytes "
                "(a decompression bomb); the file is not read",
                source=source,
            )
        total += produced


# ----------------------------------------------------------------------------------------------
# characters and text usability


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    y0: float
    x1: float
    y1: float
    space: bool = False
    """A space character stands before this one in the text layer."""
    gap: bool = False
    """PDFium sees a word gap before this one (it generated a space)."""

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def _is_wide(ch: str) -> bool:
    """A Chinese character or full-width punctuation (no word spaces between them)."""
    o = ord(ch)
    return _is_cjk(ch) or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF60 or 0x2018 <= o <= 0x201F


def _is_good(ch: str) -> bool:
    """A character a Chinese report's text layer is made of (not a glyph code or mojibake)."""
    o = ord(ch)
    if 0x20 < o < 0x7F or _is_cjk(ch):
        return True
    # CJK punctuation, full-width forms, general punctuation (quotes, dashes, bullets),
    # enclosed numbers and the like.
    return (
        0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFFEF
        or 0x2010 <= o <= 0x206F
        or 0x2460 <= o <= 0x24FF
        or 0x2150 <= o <= 0x218F
        or o in (0xB7, 0xD7, 0xF7, 0xB0, 0xA9)
        or 0x2200 <= o <= 0x22FF
        or 0x25A0 <= o <= 0x25FF
    )


@dataclass(slots=True)
class _Usability:
    chars: int
    good: int
    cjk: int
    letters: int

    @property
    def usable(self) -> bool:
        """Whether a page's text layer is text: characters that are neither text nor
        punctuation are glyph codes or mojibake; Latin letters without Chinese are glyph
        codes mapped to ASCII (a page of figures and little else is text)."""
        n = self.chars
        latin_gibberish = self.cjk < 0.05 * n and self.letters >= 0.3 * n
        return n > 0 and self.good >= 0.9 * n and not latin_gibberish

    @property
    def chinese(self) -> bool:
        """Whether a whole document's text layer is Chinese text (a report is)."""
        return self.chars > 0 and self.cjk >= 0.2 * self.chars

    def __add__(self, other: _Usability) -> _Usability:
        return _Usability(
            self.chars + other.chars,
            self.good + other.good,
            self.cjk + other.cjk,
            self.letters + other.letters,
        )


def _usability(chars: list[_Char]) -> _Usability:
    good = cjk = letters = 0
    for c in chars:
        if _is_good(c.ch):
            good += 1
            if _is_cjk(c.ch):
                cjk += 1
            elif c.ch.isascii() and c.ch.isalpha():
                letters += 1
    return _Usability(len(chars), good, cjk, letters)


# ----------------------------------------------------------------------------------------------
# page content


@dataclass(slots=True)
class _Seg:
    """A ruling: horizontal (``pos`` = y, ``a``..``b`` = x) or vertical (``pos`` = x)."""

    horizontal: bool
    pos: float
    a: float
    b: float


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    """Size of the page as shown (after its ``/Rotate``)."""
    chars: list[_Char]
    segs: list[_Seg]
    images: int
    image_area: float = 0.0
    rotation: int = 0
    """The page's ``/Rotate``: geometry is done on the page as shown, boxes are reported in
    user space."""

    def user_box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box on the page as shown, in PDF user space (rounded to 0.01)."""
        x0, y0, x1, y1 = box
        if self.rotation == 90:
            x0, y0, x1, y1 = self.height - y1, x0, self.height - y0, x1
        elif self.rotation == 180:
            x0, y0, x1, y1 = self.width - x1, self.height - y1, self.width - x0, self.height - y0
        elif self.rotation == 270:
            x0, y0, x1, y1 = y0, self.width - x1, y1, self.width - x0
        return (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))

    def show(self) -> None:
        """Turn the characters and rulings (read in user space) to the page as shown."""
        if self.rotation not in (90, 180, 270):
            return
        for c in self.chars:
            c.x0, c.y0, c.x1, c.y1 = self._shown(c.x0, c.y0, c.x1, c.y1)
        segs: list[_Seg] = []
        for s in self.segs:
            x0, y0, x1, y1 = (s.a, s.pos, s.b, s.pos) if s.horizontal else (s.pos, s.a, s.pos, s.b)
            x0, y0, x1, y1 = self._shown(x0, y0, x1, y1)
            if abs(y1 - y0) <= abs(x1 - x0):
                segs.append(_Seg(True, (y0 + y1) / 2, x0, x1))
            else:
                segs.append(_Seg(False, (x0 + x1) / 2, y0, y1))
        self.segs = segs

    def _shown(
        self, x0: float, y0: float, x1: float, y1: float
    ) -> tuple[float, float, float, float]:
        # user-space width and height of the page: the shown ones, swapped for 90 and 270
        if self.rotation == 90:
            xs, ys = (y0, y1), (self.height - x0, self.height - x1)
        elif self.rotation == 180:
            xs, ys = (self.width - x0, self.width - x1), (self.height - y0, self.height - y1)
        else:
            xs, ys = (self.width - y0, self.width - y1), (x0, x1)
        return min(xs), min(ys), max(xs), max(ys)


def _page_chars(textpage: Any, raw: Any, number: int, source: str | None) -> list[_Char]:
    import ctypes

    n = textpage.count_chars()
    if n > MAX_PAGE_CHARS:
        raise ParseError(
            "P-INPUT-TOO-LARGE",
            f"page {number} has {n} characters; at most {MAX_PAGE_CHARS} are read",
            source=source,
        )
    out: list[_Char] = []
    index: list[int] = []
    tp = textpage.raw
    rect = raw.FS_RECTF()
    get_unicode, generated, loose = (
        raw.FPDFText_GetUnicode,
        raw.FPDFText_IsGenerated,
        raw.FPDFText_GetLooseCharBox,
    )
    space: bool | None = False  # None: a gap PDFium took for a space
    for i in range(n):
        code = get_unicode(tp, i)
        # PDFium generates only spaces and line breaks: the test is needed for those only.
        if code in (0x20, 0x0A, 0x0D) and generated(tp, i) == 1:
            # PDFium puts a space where the glyph positions leave a word gap
            if code == 0x20 and not space:
                space = None
            continue
        if code in (0x20, 0x09, 0xA0, 0x3000):
            space = True  # a space of the text itself: kept before the next character
            continue
        if code in (0x0A, 0x0D):
            continue
        try:
            ch = chr(code)
        except (ValueError, OverflowError):
            ch = "\ufffd"
        if not loose(tp, i, rect):
            rect.left = rect.right = rect.top = rect.bottom = 0.0
        out.append(
            _Char(ch, rect.left, rect.bottom, rect.right, rect.top, space is True, space is None)
        )
        index.append(i)
        space = False
    _fix_boxes(out, index, tp, raw, ctypes)
    return out


def _fix_boxes(chars: list[_Char], index: list[int], tp: Any, raw: Any, ctypes: Any) -> None:
    """Replace implausible line boxes (a font's ascent scaled wrongly) by the glyph's box.

    The loose box (font ascent to descent) gives every character of a line the same height,
    which is what line grouping needs; but with some embedded fonts PDFium reports boxes
    twenty times the text size. Those characters get a box of the page's usual height
    centred on the glyph itself.
    """
    heights = sorted(c.y1 - c.y0 for c in chars if c.y1 > c.y0)
    usual = 10.0 if not heights else heights[len(heights) // 2]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for c, i in zip(chars, index, strict=True):
        h, w = c.y1 - c.y0, c.x1 - c.x0
        if h <= 0 or w <= 0 or h > 2 * usual or w > 2 * usual:
            raw.FPDFText_GetCharBox(
                tp,
                i,
                ctypes.byref(left),
                ctypes.byref(right),
                ctypes.byref(bottom),
                ctypes.byref(top),
            )
            mid = (bottom.value + top.value) / 2
            c.x0, c.x1 = left.value, max(right.value, left.value + 0.1)
            c.y0, c.y1 = mid - usual / 2, mid + usual / 2


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix of ``inner`` followed by ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    return (
        a * outer[0] + b * outer[2],
        a * outer[1] + b * outer[3],
        c * outer[0] + d * outer[2],
        c * outer[1] + d * outer[3],
        e * outer[0] + f * outer[2] + outer[4],
        e * outer[1] + f * outer[3] + outer[5],
    )


def _matrix(raw: Any, obj: Any) -> _Matrix | None:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return None
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _bounds(raw: Any, ctypes: Any, obj: Any, outer: _Matrix) -> tuple[float, float, float, float]:
    """The object's bounds on the page (objects inside a form have them in the form's space)."""
    x0, y0, x1, y1 = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not raw.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
        return (0.0, 0.0, 0.0, 0.0)
    if outer == _IDENTITY:
        return (x0.value, y0.value, x1.value, y1.value)
    pts = [_apply(outer, x, y) for x in (x0.value, x1.value) for y in (y0.value, y1.value)]
    return (
        min(p[0] for p in pts),
        min(p[1] for p in pts),
        max(p[0] for p in pts),
        max(p[1] for p in pts),
    )


def _path_segs(obj: Any, raw: Any, ctypes: Any, outer: _Matrix) -> list[_Seg]:
    x0, y0, x1, y1 = _bounds(raw, ctypes, obj, outer)
    w, h = x1 - x0, y1 - y0
    if h <= _THIN and w > _THIN:
        return [_Seg(True, (y0 + y1) / 2, x0, x1)]
    if w <= _THIN and h > _THIN:
        return [_Seg(False, (x0 + x1) / 2, y0, y1)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    own = _matrix(raw, obj)
    n = raw.FPDFPath_CountSegments(obj)
    if own is None or n > 100_000:
        return []
    out: list[_Seg] = []
    for pts in _subpaths(obj, raw, ctypes, _compose(own, outer), n):
        _subpath_segs(out, pts, stroked=bool(stroke.value))
    return out


def _subpaths(
    obj: Any, raw: Any, ctypes: Any, m: _Matrix, n: int
) -> list[list[tuple[float, float]]]:
    """The points of each sub-path of a path object, in page space (closed ones closed)."""
    subpaths: list[list[tuple[float, float]]] = []
    px, py = ctypes.c_float(), ctypes.c_float()
    for k in range(n):
        s = raw.FPDFPath_GetPathSegment(obj, k)
        raw.FPDFPathSegment_GetPoint(s, px, py)
        x, y = _apply(m, px.value, py.value)
        if raw.FPDFPathSegment_GetType(s) == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([(x, y)])
        else:
            subpaths[-1].append((x, y))
            if raw.FPDFPathSegment_GetClose(s):
                subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _subpath_segs(out: list[_Seg], pts: list[tuple[float, float]], *, stroked: bool) -> None:
    """The ruling lines one sub-path draws: a thin rectangle is one line, a stroked path each
    of its straight pieces."""
    # One path often holds many cell borders (thin rectangles) or a grid of lines.
    sx0, sx1 = min(p[0] for p in pts), max(p[0] for p in pts)
    sy0, sy1 = min(p[1] for p in pts), max(p[1] for p in pts)
    if sy1 - sy0 <= _THIN and sx1 - sx0 > _THIN:
        out.append(_Seg(True, (sy0 + sy1) / 2, sx0, sx1))
    elif sx1 - sx0 <= _THIN and sy1 - sy0 > _THIN:
        out.append(_Seg(False, (sx0 + sx1) / 2, sy0, sy1))
    elif stroked:
        for p, q in itertools.pairwise(pts):
            _line(out, p, q)


def _line(out: list[_Seg], p: tuple[float, float], q: tuple[float, float]) -> None:
    if abs(p[1] - q[1]) <= 0.5 and abs(p[0] - q[0]) > _THIN:
        out.append(_Seg(True, (p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    elif abs(p[0] - q[0]) <= 0.5 and abs(p[1] - q[1]) > _THIN:
        out.append(_Seg(False, (p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))


_MAX_FORM_DEPTH = 8
"""Form XObjects nested deeper than this are not looked into."""


@dataclass(slots=True)
class _Graphics:
    raw: Any
    ctypes: Any
    number: int
    source: str | None
    segs: list[_Seg] = field(default_factory=list)
    images: int = 0
    image_area: float = 0.0
    """Area of the largest image (square points)."""
    objects: int = 0

    def visit(self, obj: Any, outer: _Matrix, depth: int) -> None:
        raw = self.raw
        self.objects += 1
        if self.objects > MAX_PAGE_OBJECTS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"page {self.number} has more than {MAX_PAGE_OBJECTS} graphic objects",
                source=self.source,
            )
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            self.segs.extend(_path_segs(obj, raw, self.ctypes, outer))
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = _bounds(raw, self.ctypes, obj, outer)
            area = (x1 - x0) * (y1 - y0)
            if area > 10_000:  # larger than about 100 × 100 points
                self.images += 1
            self.image_area = max(self.image_area, area)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            # Some PDF printers put the whole page in a form XObject; its objects have their
            # bounds and matrices in the form's space.
            own = _matrix(raw, obj)
            if own is None:
                return
            inner = _compose(own, outer)
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                child = raw.FPDFFormObj_GetObject(obj, i)
                if child:
                    self.visit(child, inner, depth + 1)


def _page_graphics(page: Any, raw: Any, number: int, source: str | None) -> _Graphics:
    import ctypes

    count = raw.FPDFPage_CountObjects(page.raw)
    if count > MAX_PAGE_OBJECTS:
        raise ParseError(
            "P-INPUT-TOO-LARGE",
            f"page {number} has {count} graphic objects; at most {MAX_PAGE_OBJECTS} are read",
            source=source,
        )
    g = _Graphics(raw, ctypes, number, source)
    for i in range(count):
        g.visit(raw.FPDFPage_GetObject(page.raw, i), _IDENTITY, 0)
    return g


def _load_pages(data: bytes, source: str | None) -> list[_Page]:
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:
        raise MissingExtraError("reading PDF files", "pdf", "pypdfium2") from None
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            detail = str(e)
            if "password" in detail.lower():
                detail = "the file is encrypted (password protected)"
            raise ParseError(
                "P-FORMAT-UNREADABLE",
                f"the input cannot be read as PDF: {detail}",
                source=source,
            ) from None
        try:
            n = len(doc)
            if n > MAX_PAGES:
                raise ParseError(
                    "P-INPUT-TOO-LARGE",
                    f"the PDF has {n} pages; at most {MAX_PAGES} are read",
                    source=source,
                )
            pages: list[_Page] = []
            total = 0
            for i in range(n):
                try:
                    page = doc[i]
                    w, h = page.get_size()  # as shown
                    rotation = page.get_rotation()
                    tp = page.get_textpage()
                    total += tp.count_chars()
                    if total > MAX_DOCUMENT_CHARS:
                        raise ParseError(
                            "P-INPUT-TOO-LARGE",
                            f"the PDF has more than {MAX_DOCUMENT_CHARS} characters of text "
                            f"by page {i + 1}; at most {MAX_DOCUMENT_CHARS} are read",
                            source=source,
                        )
                    chars = _page_chars(tp, raw, i + 1, source)
                    g = _page_graphics(page, raw, i + 1, source)
                    # pdfium pages hold native resources: close them as soon as read.
                    tp.close()
                    page.close()
                except pdfium.PdfiumError as e:
                    raise ParseError(
                        "P-FORMAT-UNREADABLE",
                        f"page {i + 1} of the PDF cannot be read: {e}",
                        source=source,
                    ) from None
                shown = _Page(i + 1, w, h, chars, g.segs, g.images, g.image_area, rotation)
                shown.show()
                pages.append(shown)
            return pages
        finally:
            doc.close()


# ----------------------------------------------------------------------------------------------
# lines of text


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    text: str = ""
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    pos: list[int] = field(default_factory=list)
    """For each character of ``text``, its index in ``chars`` (-1: a space put in for a gap);
    empty when normalisation changed the length."""

    @property
    def size(self) -> float:
        return self.y1 - self.y0

    def box(self, start: int = 0, end: int | None = None) -> tuple[float, float, float, float]:
        """The box of ``text[start:end]`` (the whole line when the span is not known)."""
        idx = [i for i in self.pos[start:end] if i >= 0]
        chars = [self.chars[i] for i in idx] or self.chars
        return (
            round(min(c.x0 for c in chars), 2),
            round(min(c.y0 for c in chars), 2),
            round(max(c.x1 for c in chars), 2),
            round(max(c.y1 for c in chars), 2),
        )


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters grouped into lines (top to bottom), each line's characters left to right."""
    out: list[_Line] = []
    for c in sorted(chars, key=lambda c: -c.y1):
        # The line whose vertical extent holds this character's centre (recent lines first).
        for ln in reversed(out[-4:]):
            if ln.y0 <= c.cy <= ln.y1:
                ln.chars.append(c)
                ln.y0, ln.y1 = min(ln.y0, c.y0), max(ln.y1, c.y1)
                break
        else:
            out.append(_Line([c], y0=c.y0, y1=c.y1))
    for ln in out:
        ln.chars.sort(key=lambda c: c.x0)
        ln.x0 = ln.chars[0].x0
        ln.x1 = max(c.x1 for c in ln.chars)
        parts: list[str] = []
        prev: _Char | None = None
        for i, c in enumerate(ln.chars):
            # A gap (wider than a sixth of the line height, or one PDFium takes for a word
            # gap) is a space, except between Chinese characters and punctuation, where it
            # is letter spacing of justified text (spaces are not characters in every PDF).
            if prev is not None and (
                c.space
                or (
                    (c.gap or c.x0 - prev.x1 > 0.15 * (ln.y1 - ln.y0))
                    and not (_is_wide(prev.ch) and _is_wide(c.ch))
                )
            ):
                parts.append(" ")
                ln.pos.append(-1)
            parts.append(c.ch)
            ln.pos.extend([i] * len(c.ch))
            prev = c
        raw_text = "".join(parts)
        ln.text = unicodedata.normalize("NFC", raw_text)
        if len(ln.text) != len(raw_text):
            ln.pos = []
    out.sort(key=lambda ln: -ln.y1)
    return out


# ----------------------------------------------------------------------------------------------
# tables


def _cluster(values: list[float]) -> list[float]:
    """Distinct positions: values closer than the tolerance are one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _TOL:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _touch(h: _Seg, v: _Seg) -> bool:
    return h.a - _TOL <= v.pos <= h.b + _TOL and v.a - _TOL <= h.pos <= v.b + _TOL


class _UnionFind:
    """Disjoint sets of indexes (path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[a] = b


def _join_collinear(sets: _UnionFind, base: int, group: list[_Seg]) -> None:
    # Collinear pieces of one line (a border drawn cell by cell) belong together even where
    # no crossing line joins them (under a cell merged across).
    order = sorted(range(len(group)), key=lambda k: (round(group[k].pos), group[k].a))
    for k, m in itertools.pairwise(order):
        p, q = group[k], group[m]
        if abs(p.pos - q.pos) <= _TOL and q.a <= p.b + _TOL and p.a <= q.b + _TOL:
            sets.union(base + k, base + m)


def _is_table(g: list[_Seg]) -> bool:
    nh = len(_cluster([s.pos for s in g if s.horizontal]))
    nv = len(_cluster([s.pos for s in g if not s.horizontal]))
    return nh >= 2 and nv >= 2


def _table_groups(segs: list[_Seg]) -> list[list[_Seg]]:
    """Rulings that touch each other, grouped; a group with two lines each way is a table."""
    hs = [s for s in segs if s.horizontal]
    vs = [s for s in segs if not s.horizontal]
    sets = _UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                sets.union(i, len(hs) + j)
    _join_collinear(sets, 0, hs)
    _join_collinear(sets, len(hs), vs)
    groups: dict[int, list[_Seg]] = {}
    for i, s in enumerate(hs + vs):
        groups.setdefault(sets.find(i), []).append(s)
    return [g for g in groups.values() if _is_table(g)]


def _lines_of(g: list[_Seg]) -> tuple[list[float], list[float], bool, bool]:
    """Column and row line positions of a ruling group (rows top to bottom).

    A table cut by a page break often has no line along the cut: where the vertical rulings
    run on beyond the last horizontal one (or the horizontals beyond the outer verticals),
    their end is a boundary too, so the cut row is not lost. The two flags say whether the
    top and the bottom boundary are such open ends (no line drawn along them).
    """
    hs = [s for s in g if s.horizontal]
    vs = [s for s in g if not s.horizontal]
    xs = _cluster([s.pos for s in vs])
    ys = _cluster([s.pos for s in hs])
    lo, hi = min(s.a for s in vs), max(s.b for s in vs)
    open_bottom = ys[0] - lo > 3 * _TOL
    open_top = hi - ys[-1] > 3 * _TOL
    if open_bottom:
        ys.insert(0, lo)
    if open_top:
        ys.append(hi)
    left, right = min(s.a for s in hs), max(s.b for s in hs)
    if xs[0] - left > 3 * _TOL:
        xs.insert(0, left)
    if right - xs[-1] > 3 * _TOL:
        xs.append(right)
    return xs, ys[::-1], open_top, open_bottom


@dataclass(slots=True)
class _Table:
    page: _Page
    segs: list[_Seg]
    xs: list[float]
    ys: list[float]
    """Row lines, top to bottom (descending y)."""
    open_top: bool = False
    open_bottom: bool = False
    """No line is drawn along the top (bottom) boundary: a row cut by a page break."""

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def holds(self, c: _Char) -> bool:
        return self.xs[0] <= c.cx <= self.xs[-1] and self.bottom <= c.cy <= self.top


def _covered(segs: list[_Seg], horizontal: bool, pos: float, lo: float, hi: float) -> bool:
    """Whether a ruling lies along ``pos`` over the middle of ``lo``..``hi``."""
    mid = (lo + hi) / 2
    return any(
        s.horizontal is horizontal and abs(s.pos - pos) <= _TOL and s.a - _TOL <= mid <= s.b + _TOL
        for s in segs
    )


@dataclass(slots=True)
class _Region:
    r0: int
    c0: int
    r1: int
    c1: int
    chars: list[_Char] = field(default_factory=list)


def _grid(table: _Table) -> tuple[list[list[_Region]], list[_Region]]:
    """Elementary cells merged across missing rulings: the region at each grid position."""
    xs, ys, segs = table.xs, table.ys, table.segs
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(segs, False, xs[c + 1], ys[r + 1], ys[r]):
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not _covered(segs, True, ys[r + 1], xs[c], xs[c + 1]):
                union(r * nc + c, (r + 1) * nc + c)
    regions: dict[int, _Region] = {}
    grid: list[list[_Region]] = []
    for r in range(nr):
        row: list[_Region] = []
        for c in range(nc):
            root = find(r * nc + c)
            reg = regions.get(root)
            if reg is None:
                reg = regions[root] = _Region(r, c, r, c)
            reg.r0, reg.c0 = min(reg.r0, r), min(reg.c0, c)
            reg.r1, reg.c1 = max(reg.r1, r), max(reg.c1, c)
            row.append(reg)
        grid.append(row)
    return grid, list(regions.values())


def _cell_text(chars: list[_Char]) -> str:
    return "\n".join(ln.text for ln in _lines(chars))


def _source_rows(parts: list[tuple[_Table, list[float]]], index: int) -> list[list[SourceCell]]:
    """The grid rows of a table (one part per page), merged cells expanded."""
    rows: list[list[SourceCell]] = []
    prev: _Table | None = None
    for table, xs in parts:
        table.xs = xs
        # A row that the page break cuts in two (no line drawn along the cut on either side)
        # is one row: its second half is merged into the first.
        split = prev is not None and prev.open_bottom and table.open_top
        rows.extend(_part_rows(table, index, rows, split))
        prev = table
    return rows


def _fill_regions(table: _Table) -> tuple[list[list[_Region]], list[_Region]]:
    """The table's grid, each character placed in the region its centre falls in."""
    grid, regions = _grid(table)
    xs, ys = table.xs, table.ys
    neg = [-y for y in ys]
    for ch in table.page.chars:
        if table.holds(ch):
            r = min(max(bisect_right(neg, -ch.cy) - 1, 0), len(ys) - 2)
            k = min(max(bisect_right(xs, ch.cx) - 1, 0), len(xs) - 2)
            grid[r][k].chars.append(ch)
    return grid, regions


def _repeated_header(
    grid: list[list[_Region]], texts: dict[int, str], before: list[list[SourceCell]]
) -> int:
    """How many leading rows of a continuation repeat the table's header (a browser repeats
    ``<thead>`` on every page): rows equal, cell for cell, to the first rows of the table,
    holding no number, and not merged with the rows after them."""
    skip = 0
    while (
        skip < min(len(grid), len(before))
        and [texts[id(g)] for g in grid[skip]] == [c.text for c in before[skip]]
        and not any(c.text and read_cell(c.text).readable for c in before[skip])
    ):
        skip += 1
    while skip and any(reg.r0 < skip <= reg.r1 for reg in grid[skip - 1]):
        skip -= 1
    return skip


def _part_rows(
    table: _Table, index: int, before: list[list[SourceCell]], split: bool = False
) -> list[list[SourceCell]]:
    """The rows one page adds to a table (``before``: the rows of the earlier pages;
    ``split``: its first row continues the last row before it)."""
    grid, regions = _fill_regions(table)
    xs, ys = table.xs, table.ys
    texts = {id(reg): _cell_text(reg.chars) for reg in regions}
    skip = _repeated_header(grid, texts, before) if before else 0
    merged = _merge_cut_row(grid, texts, before) if split and not skip and before else {}
    first = 1 if merged else skip
    base = len(before) - first
    cells: dict[int, tuple[SourceCell, tuple[int, int]]] = dict(merged)
    for reg in regions:
        if reg.r1 < first or id(reg) in cells:
            continue
        loc = Location(
            kind="pdf",
            page=table.page.number,
            table=index,
            row=base + reg.r0,
            cell=reg.c0,
            bbox=table.page.user_box((xs[reg.c0], ys[reg.r1 + 1], xs[reg.c1 + 1], ys[reg.r0])),
        )
        text = texts[id(reg)]
        cell = SourceCell(text, loc, None, reg.r1 - reg.r0 + 1, reg.c1 - reg.c0 + 1)
        cells[id(reg)] = (cell, (base + reg.r0, reg.c0))
    first_value = _first_value_column(regions, texts)
    out: list[list[SourceCell]] = []
    for r, grow in enumerate(grid[first:], start=first):
        line: list[SourceCell] = []
        for c, reg in enumerate(grow):
            cell, origin = cells[id(reg)]
            if id(reg) in merged or (r, c) != (reg.r0, reg.c0):
                line.append(SourceCell(cell.text, cell.loc, origin))
            elif not cell.text and 0 < c < first_value:
                # An empty cell among the labels (left of every column a value is printed
                # in) belongs to the label beside it, not to the values.
                left = line[-1]
                origin = left.origin if left.origin is not None else (base + r, c - 1)
                line.append(SourceCell(left.text, left.loc, origin))
            else:
                line.append(cell)
        out.append(line)
    return out


def _merge_cut_row(
    grid: list[list[_Region]], texts: dict[int, str], before: list[list[SourceCell]]
) -> dict[int, tuple[SourceCell, tuple[int, int]]]:
    """The regions of a continuation's first row merged into the cells above the page break.

    Each region starting in the first row must sit under a cell of the same columns; its text
    is appended to that cell (and to the positions that repeat it), which grows down by the
    rows the region spans. Returns region id → (the cell, its grid position); empty when the
    columns do not line up (the row is then kept as a row of its own).
    """
    last = before[-1]
    plan: list[tuple[_Region, SourceCell, tuple[int, int]]] = []
    for reg in {id(g): g for g in grid[0]}.values():
        if reg.c1 >= len(last):
            return {}
        above = last[reg.c0]
        origin = above.origin if above.origin is not None else (len(before) - 1, reg.c0)
        cell = before[origin[0]][origin[1]]
        if origin[1] != reg.c0 or cell.colspan != reg.c1 - reg.c0 + 1:
            return {}
        plan.append((reg, cell, origin))
    out: dict[int, tuple[SourceCell, tuple[int, int]]] = {}
    for reg, cell, origin in plan:
        extra = texts[id(reg)]
        if extra:
            text = cell.text + "\n" + extra if cell.text else extra
            for row in before:
                for c in row:
                    if c.loc == cell.loc:
                        c.text = text
        cell.rowspan += reg.r1 - reg.r0
        out[id(reg)] = (cell, origin)
    return out


def _first_value_column(regions: list[_Region], texts: dict[int, str]) -> int:
    """The leftmost grid column in which some cell holds a number (labels are left of it)."""
    out = 1 << 30
    for reg in regions:
        text = texts[id(reg)]
        if text and reg.c0 < out and read_cell(text).readable:
            out = reg.c0
    return out


# ----------------------------------------------------------------------------------------------
# the document


def _strip_margins(pages: list[_Page], lines: dict[int, list[_Line]]) -> None:
    """Drop page numbers and running headers/footers (lines in the margin bands)."""

    def key(ln: _Line) -> str:
        return re.sub(r"\d+", "#", ln.text.replace(" ", ""))

    def in_band(p: _Page, ln: _Line) -> bool:
        return ln.y0 >= p.height * (1 - _MARGIN_BAND) or ln.y1 <= p.height * _MARGIN_BAND

    seen: Counter[tuple[str, int]] = Counter()
    for p in pages:
        for ln in lines[p.number]:
            if in_band(p, ln):
                seen[(key(ln), round(ln.y0 / 10))] += 1
    for p in pages:
        lines[p.number] = [
            ln
            for ln in lines[p.number]
            if not (
                in_band(p, ln)
                and (is_page_artefact(ln.text) or seen[(key(ln), round(ln.y0 / 10))] > 1)
            )
        ]


def _continues(prev: _Line, nxt: _Line, left: float, right: float) -> bool:
    """Whether ``nxt`` continues the paragraph of ``prev`` (a wrapped line)."""
    size = max(prev.size, 1.0)
    # The next line's first unbreakable run (a URL, a number, an opening bracket with what
    # follows it) did not fit after the previous line: that line was wrapped even if short.
    run = nxt.chars[0].x1
    for c in nxt.chars[1:]:
        if c.space or _is_cjk(c.ch):
            break
        run = c.x1
    return (
        prev.x1 + max(run - nxt.x0, 1.5 * size) >= right - 0.5 * size
        and nxt.x0 <= left + 0.8 * size
        and abs(nxt.size - prev.size) <= 0.25 * size
        and not _HEAD_RE.match(nxt.text)
    )


_SPACED = re.compile(r"[0-9A-Za-z] [\u4e00-\u9fff]|[\u4e00-\u9fff] [0-9A-Za-z]")
_UNSPACED = re.compile(r"[0-9A-Za-z][\u4e00-\u9fff]|[\u4e00-\u9fff][0-9A-Za-z]")


def _join(a: str, b: str) -> str:
    """Two wrapped lines of a paragraph as one text.

    A line break in Latin text stood for a space; between Chinese characters for nothing;
    between a number and a Chinese character the text's own habit decides (many reports
    write ``2021 年 12 月``, and the browser breaks lines at such spaces).
    """
    left, right = a[-1:], b[:1]
    if left.isascii() and left.isalnum() and right.isascii() and right.isalnum():
        return a + " " + b
    if _UNSPACED.fullmatch(left + right):
        text = a + b
        if len(_SPACED.findall(text)) > len(_UNSPACED.findall(text)):
            return a + " " + b
    return a + b


def read_pdf(data: bytes, *, source: str | None = None) -> SourceDocument:
    """Read a PDF report's tables and text, in reading order, with page and box of each cell.

    Raises :class:`~govdisclosure.errors.MissingExtraError` when pypdfium2 is not installed
    and :class:`~govdisclosure.parse._result.ParseError` (only) for input that is not a
    readable PDF, exceeds the limits, is unsafe, or has no usable text layer
    (``P-PDF-OCR-NEEDED``).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("P-FORMAT-UNREADABLE", "PDF input must be bytes", source=source)
    data = bytes(data)
    if len(data) > MAX_PDF_BYTES:
        raise ParseError(
            "P-INPUT-TOO-LARGE",
            f"the PDF is too large ({len(data)} bytes; the limit is {MAX_PDF_BYTES})",
            source=source,
        )
    if not is_pdf(data):
        raise ParseError(
            "P-FORMAT-UNREADABLE", "the input is not a PDF file (no %PDF- header)", source=source
        )
    _check_streams(data, source)
    pages = _load_pages(data, source)
    doc = SourceDocument(source=source, kind="pdf", tables_apart=True)
    readable = _readable_pages(pages, doc, source)
    tables: dict[int, list[_Table]] = {}
    lines: dict[int, list[_Line]] = {}
    for p in readable:
        found = []
        for g in _table_groups(p.segs):
            xs, ys, open_top, open_bottom = _lines_of(g)
            found.append(_Table(p, g, xs, ys, open_top, open_bottom))
        tables[p.number] = sorted(found, key=lambda t: -t.top)
        outside = [c for c in p.chars if not any(t.holds(c) for t in found)]
        lines[p.number] = _lines(outside)
    _strip_margins(readable, lines)
    rows_outside = sum(1 for p in readable for ln in lines[p.number] if _ROW_LIKE.match(ln.text))
    if not any(tables.values()) or rows_outside >= 3:
        # Tables set with spaces only (all of them, or some beside ruled ones): the text
        # reader reads the tables from the lines (cells separated by gaps), and its locations
        # are mapped back to the page and box of the characters.
        return _read_unruled(readable, tables, lines, doc)
    _build_blocks(readable, tables, lines, doc)
    return doc


_ROW_LIKE = re.compile(r"^\D\S*.*?\D(?:\s+[-+]?\d[\d,]*(?:\.\d+)?){3,}\s*$")
"""A line that is a table row set with spaces: a label, then at least three numbers."""


def _read_unruled(
    pages: list[_Page],
    tables: dict[int, list[_Table]],
    lines: dict[int, list[_Line]],
    doc: SourceDocument,
) -> SourceDocument:
    from govdisclosure.parse.text import read_text

    by_number = {p.number: p for p in pages}
    # Every line of the page, the ruled tables' text included, top to bottom.
    order: list[tuple[int, _Line]] = []
    for p in pages:
        if tables[p.number]:
            all_lines = _lines(p.chars)
            kept = {id(c) for ln in lines[p.number] for c in ln.chars}
            inside = [c for t in tables[p.number] for c in p.chars if t.holds(c)]
            keep = kept | {id(c) for c in inside}
            page_lines = [ln for ln in all_lines if all(id(c) in keep for c in ln.chars)]
        else:
            page_lines = lines[p.number]
        order.extend((p.number, ln) for ln in page_lines)
    text = "\n".join(ln.text for _, ln in order)
    read = read_text(text, source=doc.source)

    def where(loc: Location, length: int, cell: bool = True) -> Location:
        grid = (loc.table, loc.row, loc.cell) if cell else (loc.table, None, None)
        if loc.line is None or not 0 < loc.line <= len(order):
            return Location(kind="pdf", table=grid[0], row=grid[1], cell=grid[2])
        page, ln = order[loc.line - 1]
        start = (loc.column or 1) - 1
        return Location(
            kind="pdf",
            page=page,
            bbox=by_number[page].user_box(ln.box(start, start + max(length, 1))),
            table=grid[0],
            row=grid[1],
            cell=grid[2],
        )

    for block in read.blocks:
        if isinstance(block, TextBlock):
            block.loc = where(block.loc, len(block.text))
            continue
        block.loc = where(block.loc, 0, cell=False)
        for row in block.rows:
            for c in row:
                c.loc = where(c.loc, len(c.text))
    doc.blocks = read.blocks
    doc.tables_apart = False
    return doc


def _readable_pages(pages: list[_Page], doc: SourceDocument, source: str | None) -> list[_Page]:
    """The pages whose text layer can be read; raises ``P-PDF-OCR-NEEDED`` if there are none."""
    bad: list[int] = []
    readable: list[_Page] = []
    total = _Usability(0, 0, 0, 0)
    for p in pages:
        u = _usability(p.chars)
        total += u
        if u.usable:
            readable.append(p)
        elif u.chars >= 20 or p.images:
            bad.append(p.number)
    if not total.chinese:
        readable = []
    if not readable:
        if total.chars < 20:
            why = (
                "its pages hold images but no text (a scanned report)"
                if any(p.images for p in pages)
                else "it holds no text"
            )
        else:
            why = (
                f"its text layer is not readable text: {total.chars - total.good} of "
                f"{total.chars} characters are glyph codes or mojibake and {total.cjk} are "
                "Chinese (what fonts without a Unicode mapping give)"
            )
        raise ParseError(
            "P-PDF-OCR-NEEDED",
            f"the PDF cannot be read without OCR: {why}",
            source=source,
        )
    if bad:
        doc.findings.append(
            parse_finding(
                "P-PDF-PAGE-UNREADABLE",
                location=f"page {bad[0]}",
                pages=", ".join(map(str, bad)),
            )
        )
    for p in readable:
        # A picture covering a good part of a text page may be a table pasted as an image
        # (a seal or logo is far smaller): say that its content was not read.
        if p.image_area > 0.2 * p.width * p.height:
            doc.findings.append(
                parse_finding(
                    "P-PDF-IMAGE-NOT-READ",
                    location=f"page {p.number}",
                    page=p.number,
                    share=round(100 * p.image_area / (p.width * p.height)),
                )
            )
    return readable


def _join_tables(
    tables: dict[int, list[_Table]], lines: dict[int, list[_Line]]
) -> list[list[_Table]]:
    """Tables in document order, a table continued on the next page joined to its start."""
    out: list[list[_Table]] = []
    prev_page: int | None = None
    for number in sorted(tables):
        for i, t in enumerate(tables[number]):
            if i == 0 and out and prev_page == number - 1 and _continued(out[-1][-1], t, lines):
                out[-1].append(t)
            else:
                out.append([t])
        if tables[number]:
            prev_page = number
    return out


def _continued(a: _Table, b: _Table, lines: dict[int, list[_Line]]) -> bool:
    if any(ln.y1 <= a.bottom for ln in lines[a.page.number]):
        return False  # text of the report after the table on its page
    if any(ln.y0 >= b.top for ln in lines[b.page.number]):
        return False  # text before the table on the next page
    return abs(a.xs[0] - b.xs[0]) <= 3 * _TOL and abs(a.xs[-1] - b.xs[-1]) <= 3 * _TOL


def _build_blocks(
    pages: list[_Page],
    tables: dict[int, list[_Table]],
    lines: dict[int, list[_Line]],
    doc: SourceDocument,
) -> None:
    """Text blocks and tables of every page in reading order (top to bottom)."""
    joined = _join_tables(tables, lines)
    first_part = {id(parts[0]): parts for parts in joined}
    later_part = {id(t) for parts in joined for t in parts[1:]}
    index = 0
    # The last line of the paragraph being built (None after a table).
    last: _Line | None = None
    for p in pages:
        body = lines[p.number]
        left = min((ln.x0 for ln in body), default=0.0)
        right = max((ln.x1 for ln in body), default=p.width)
        items: list[tuple[float, _Line | _Table]] = [(ln.y1, ln) for ln in body]
        items += [(t.top, t) for t in tables[p.number] if id(t) not in later_part]
        items.sort(key=lambda it: -it[0])
        for _, item in items:
            if isinstance(item, _Table):
                doc.blocks.append(_source_table(first_part[id(item)], index))
                index += 1
                last = None
            elif last is not None and _continues(last, item, left, right):
                block = doc.blocks[-1]
                assert isinstance(block, TextBlock)
                block.text = _join(block.text, item.text)
                last = item
            else:
                loc = Location(kind="pdf", page=p.number, bbox=p.user_box(item.box()))
                doc.blocks.append(TextBlock(item.text, loc))
                last = item


def _source_table(parts: list[_Table], index: int) -> SourceTable:
    """One table (its parts on consecutive pages) on the union of their column lines."""
    xs = _cluster([x for t in parts for x in t.xs])
    rows = _source_rows([(t, xs) for t in parts], index)
    first = parts[0]
    bbox = first.page.user_box((xs[0], first.bottom, xs[-1], first.top))
    return SourceTable(rows, Location(kind="pdf", page=first.page.number, table=index, bbox=bbox))
