"""Text of a published report given as bytes: shared by the HTML and Markdown readers.

UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order mark, the charset a page
declares in a ``<meta>`` tag, else GB18030, the encoding of most older Chinese government
pages (with a ``P-ENCODING`` finding whenever the text was not UTF-8).
"""

from __future__ import annotations

import codecs
import re

from govdisclosure.findings import Finding
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._result import ParseError

__all__ = ["decode_text"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{1,40})""", re.I)


def decode_text(data: str | bytes, *, kind: str, findings: list[Finding], limit: int) -> str:
    """Text of ``data``: UTF-8 (BOM or not), a declared charset, else GB18030 (with a finding)."""
    if isinstance(data, str):
        if len(data) > limit:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the input has {len(data)} characters; at most {limit} are read",
            )
        return data[1:] if data.startswith("\ufeff") else data
    if len(data) > limit * 4:
        raise ParseError(
            "P-INPUT-TOO-LARGE", f"the input has {len(data)} bytes; at most {limit * 4} are read"
        )
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", kind)
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[2:], enc, kind)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii").lower())
    candidates.append("gb18030")
    for name in candidates:
        enc = "gb18030" if name in {"gb2312", "gbk", "x-gbk", "gb_2312-80"} else name
        if enc.replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32")):
            continue  # a page that says so in ASCII is not UTF-16 (the HTML standard agrees)
        try:
            codecs.lookup(enc)
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        findings.append(parse_finding("P-ENCODING", encoding=enc))
        return text
    raise ParseError(
        "P-ENCODING",
        "the input is neither UTF-8 nor GB18030 text (nor in the charset it declares)",
    )


def _strict(data: bytes, encoding: str, kind: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            "P-FORMAT-UNREADABLE",
            f"the input starts with a {encoding} byte order mark but is not {encoding} "
            f"(byte {exc.start}); cannot read it as {kind}",
        ) from None
