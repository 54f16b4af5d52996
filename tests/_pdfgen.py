"""Write small PDF files by hand for the PDF reader's tests (no PDF library involved).

A page is text runs (position, size, text) and ruling lines. Text is set in a CID font with
Identity-H encoding and a ToUnicode map, as Word and WPS write Chinese text; the font itself is
not embedded (PDFium substitutes one; extraction needs only the map and the widths).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

__all__ = ["Page", "build_pdf"]


@dataclass
class Page:
    """One A4 page (595 × 842 points, origin bottom left)."""

    text: list[tuple[float, float, float, str]] = field(default_factory=list)
    """(x, baseline y, font size, text) runs; every character is 1 em wide. (PDFium drops a
    run of a single Chinese character in a font it has to substitute: use two or more.)"""
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Stroked lines (x0, y0, x1, y1)."""
    image: tuple[float, float, float, float] | None = None
    """A grey image drawn over this box (x, y, width, height): a scanned page."""
    raw: bytes = b""
    """Extra content-stream operators."""
    rotate: int = 0
    """``/Rotate`` of the page (0 or 90). With 90 the page shows as 842 × 595 (landscape) and
    every position above is given on the page as shown; it is drawn rotated, as a landscape
    page printed on portrait paper is."""


def _cmap(cid: dict[str, int]) -> bytes:
    out = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    chars = sorted(cid)
    for k in range(0, len(chars), 100):
        chunk = chars[k : k + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out += [f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chunk]
        out.append("endbfchar")
    out.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(out).encode()


def build_pdf(
    pages: list[Page],
    *,
    compress: bool = False,
    pad: int = 0,
    form: tuple[float, float, float, float, float, float] | None = None,
    catalog: bytes = b"",
) -> bytes:
    """A PDF of ``pages``; ``compress`` Flate-compresses the streams; ``pad`` appends that
    many spaces to the first page's content stream (a decompression bomb when compressed);
    ``form`` puts each page's content in a form XObject drawn with that matrix (``cm``), as
    some PDF printers do; ``catalog`` adds entries to the document catalog."""
    chars = sorted({ch for p in pages for (_, _, _, t) in p.text for ch in t})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    root = add(b"")
    tree = add(b"")
    to_unicode = add(stream(_cmap(cid)))
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << "
        b"/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
        b"/FontDescriptor %d 0 R >>" % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cidfont, to_unicode)
    )
    image = add(
        stream(
            bytes(range(200)) * 200,
            b" /Type /XObject /Subtype /Image /Width 200 /Height 200 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8",
        )
    )
    kids: list[int] = []
    for n, p in enumerate(pages):
        ops: list[bytes] = []

        def user(x: float, y: float, p: Page = p) -> tuple[float, float]:
            # shown (x, y) on a /Rotate 90 page is (595 - y, x) in user space
            return (595 - y, x) if p.rotate == 90 else (x, y)

        for x0, y0, x1, y1 in p.lines:
            ops.append(b"0.5 w %.2f %.2f m %.2f %.2f l S" % (*user(x0, y0), *user(x1, y1)))
        for x, y, size, t in p.text:
            codes = "".join(f"{cid[ch]:04X}" for ch in t).encode()
            if p.rotate == 90:
                ux, uy = user(x, y)
                ops.append(
                    b"BT /F1 %.2f Tf 0 1 -1 0 %.2f %.2f Tm <%s> Tj ET" % (size, ux, uy, codes)
                )
            else:
                ops.append(b"BT /F1 %.2f Tf %.2f %.2f Td <%s> Tj ET" % (size, x, y, codes))
        if p.image is not None:
            ops.append(
                b"q %.2f 0 0 %.2f %.2f %.2f cm /Im1 Do Q" % (p.image[2], p.image[3], *p.image[:2])
            )
        ops.append(p.raw)
        content = b"\n".join(ops) + (b" " * pad if n == 0 else b"")
        resources = b"<< /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>" % (font, image)
        if form is not None:
            xobject = add(
                stream(
                    content,
                    b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources,
                )
            )
            resources = b"<< /XObject << /Fm1 %d 0 R >> >>" % xobject
            content = b"q %.3f %.3f %.3f %.3f %.3f %.3f cm /Fm1 Do Q" % form
        c = add(stream(content))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Rotate %d "
                b"/Resources %s /Contents %d 0 R >>" % (tree, p.rotate, resources, c)
            )
        )
    objs[root - 1] = b"<< /Type /Catalog /Pages %d 0 R%s >>" % (tree, catalog)
    objs[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        root,
        xref,
    )
    return bytes(out)
