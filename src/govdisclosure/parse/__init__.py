"""Read published reports (text, HTML, markdown, DOCX, XLSX, PDF) into the report model.

>>> from govdisclosure.parse import parse
>>> result = parse(Path("report.txt"))          # doctest: +SKIP
>>> result.report.t3.new_received.total, result.edition, result.findings[:3]   # doctest: +SKIP

:func:`parse` sniffs the format, decodes the bytes, runs the front end of that format (each
turns its input into a :class:`~govdisclosure.parse._ir.SourceDocument`) and the one shared
mapper (:func:`~govdisclosure.parse._mapper.map_document`), which matches labels against the
layout, decides the edition from the labels, reads every cell and extracts the narrative.

The result is a :class:`ParseResult`: the report, its edition, parse findings (codes ``P-…``,
catalogued in :data:`PARSE_CODES`) and the provenance of every cell (JSON Pointer → where in
the source and the raw text). The only exception raised on bad input is :class:`ParseError`.
No network access, no code execution; input size is bounded.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import os
import re
from pathlib import Path
from typing import Literal

from govdisclosure.findings import Finding
from govdisclosure.parse._codes import PARSE_CODES, ParseCode, in_language, parse_finding
from govdisclosure.parse._ir import SourceDocument
from govdisclosure.parse._mapper import map_document
from govdisclosure.parse._result import ParseError, ParseResult, Provenance

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "PARSE_CODES",
    "Format",
    "ParseCode",
    "ParseError",
    "ParseResult",
    "Provenance",
    "decode_text",
    "in_language",
    "map_document",
    "parse",
    "sniff_format",
]

Format = Literal["auto", "text", "html", "markdown", "docx", "xlsx", "pdf"]
FORMATS: tuple[str, ...] = ("auto", "text", "html", "markdown", "docx", "xlsx", "pdf")

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Largest input accepted, in bytes (a published report is well under a few MB)."""

_MARKUP_RE = re.compile(r"<\s*(?:html|table|p|div|body|tr|td|span|br|h[1-6])\b", re.I)
_MD_DELIM_RE = re.compile(r"\n[ \t]*\|?[ \t]*:?-{3,}")
_MD_ROW_RE = re.compile(r"[ \t]*\|.*\|[ \t\r]*")
# Patterns start with a literal newline (searched in "\n" + text) rather than ``^`` under
# re.M: the regex engine then jumps from newline to newline instead of trying every position.
_MD_HEADING_RE = re.compile(r"\n {0,3}#{1,6}[ \t]+\S")
_MD_HTML_TABLE_RE = re.compile(r"\n {0,3}<table\b", re.I)
"""Start of an HTML table as a markdown block: it starts a line (CommonMark HTML block)."""
_PAGE_MARKUP_RE = re.compile(
    r"<\s*(?:!doctype|html|head|body|meta|script|style|div|p|h[1-6]|table|tr|td)\b", re.I
)
"""Markup of an HTML page (outside tables, a markdown document has none of it)."""


def decode_text(data: bytes, findings: list[Finding] | None = None) -> str:
    """Decode bytes as UTF-8 (BOM allowed), else GB18030 with a ``P-ENCODING`` finding.

    Bytes that are neither are decoded as GB18030 with replacement characters (and the finding
    says so) rather than refused: the tables may still be readable.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for enc in ("utf-16",) if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ():
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            break
        if findings is not None:
            findings.append(parse_finding("P-ENCODING", encoding="UTF-16"))
        return text
    try:
        text = data.decode("gb18030")
        label = "GB18030"
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
        label = "GB18030 (undecodable bytes replaced by U+FFFD)"
    if findings is not None:
        findings.append(parse_finding("P-ENCODING", encoding=label))
    return text


def _has_pipe_table(text: str) -> bool:
    """Whether a pipe row is followed by a delimiter row (``|---|``) somewhere in ``text``."""
    for m in _MD_DELIM_RE.finditer(text):
        end = m.start()
        if end <= 0:
            continue
        start = text.rfind("\n", 0, end) + 1
        if _MD_ROW_RE.fullmatch(text, start, end):
            return True
    return False


def _without_table_blocks(text: str) -> str:
    """``text`` without its HTML table blocks (each up to its first ``</table>``)."""
    low: str | None = None
    parts: list[str] = []
    pos = 0
    while (m := _MD_HTML_TABLE_RE.search(text, pos)) is not None:
        low = text.lower() if low is None else low
        parts.append(text[pos : m.start()])
        parts.append("\n")
        end = low.find("</table", m.end())
        close = low.find(">", end) if end >= 0 else -1
        pos = len(text) if close < 0 else close + 1
    parts.append(text[pos:])
    return "".join(parts)


def sniff_format(data: bytes | str) -> str:
    """The format of ``data``: ``pdf``, ``docx``/``xlsx`` (zip by content), ``html``, ``markdown``
    or ``text``.

    A PDF is recognised by its ``%PDF-`` header (within the first kilobyte, as PDF readers
    allow).

    Markdown needs markdown structure (``#`` headings, or a pipe table with its delimiter row)
    and no HTML outside table blocks; HTML needs page markup; pipe-separated lines without a
    delimiter row (page text of a table) are text.
    """
    if isinstance(data, bytes):
        if b"%PDF-" in data[:1024]:
            return "pdf"
        if data[:4] == b"PK\x03\x04":
            head = data[:200_000]
            if b"word/" in head:
                return "docx"
            if b"xl/" in head:
                return "xlsx"
            return "zip"
        sample = data[:200_000].decode("utf-8", errors="ignore")
    else:
        sample = data[:200_000]
    # Markdown: headings or pipe tables with their delimiter row (GFM), and HTML only as
    # table blocks (our own rendering embeds the merged-cell tables so).
    lines = "\n" + sample
    if _MD_HEADING_RE.search(lines) or _has_pipe_table(lines):
        rest = _without_table_blocks(lines)
        md = _MD_HEADING_RE.search(rest) or _has_pipe_table(rest)
        if md and not _PAGE_MARKUP_RE.search(rest):
            return "markdown"
    # HTML, or HTML inside a JavaScript string literal ("<p>…" escaped in a .js data file).
    if _MARKUP_RE.search(sample):
        return "html"
    # Lines with pipes but no delimiter row are page text of a table, not a markdown table.
    return "text"


def _front_end(fmt: str) -> object:
    try:
        return importlib.import_module(f"govdisclosure.parse.{fmt}")
    except ImportError as e:
        raise ParseError(
            "P-FORMAT-UNREADABLE",
            f"the {fmt} reader is not available: {e}",
        ) from None


def _own_workbook(data: bytes, doc: SourceDocument, source: str | None) -> ParseResult | None:
    """The workbook read in the library's own XLSX layout, when it has that layout.

    Its report-information sheet (key/type/value rows) is not a table of the report: it is
    left out of the generic reading, and when the whole workbook loads in the own layout that
    exact reading is returned (provenance still from the generic reading of the tables).
    """
    from govdisclosure.errors import GovdisclosureError
    from govdisclosure.io import xlsx as own_xlsx

    info = [
        t
        for t in doc.tables
        if t.caption == own_xlsx.INFO_SHEET
        and t.rows
        and [c.text.strip() for c in t.rows[0][:3]] == ["key", "type", "value"]
    ]
    if not info:
        return None
    doc.blocks = [b for b in doc.blocks if not any(b is t for t in info)]
    generic = map_document(doc)
    try:
        report = own_xlsx.loads(data, source=source)
    except GovdisclosureError as e:
        detail = str(e).splitlines()[0][:200]
        generic.findings.insert(0, parse_finding("P-OWN-LAYOUT-INVALID", detail=detail))
        return generic
    edition = report.edition_enum
    from govdisclosure.cells import iter_cells

    # Provenance of a cell whose generic reading agrees with the exact one.
    generic_values = {c.pointer: c.value for c in iter_cells(generic.report)}
    provenance = {
        c.pointer: generic.provenance[c.pointer]
        for c in iter_cells(report)
        if c.pointer in generic.provenance and generic_values.get(c.pointer) == c.value
    }
    return ParseResult(
        report=report,
        edition=edition,
        findings=[parse_finding("P-OWN-LAYOUT")],
        provenance=provenance,
        source=source,
    )


def _read_path(path: Path, source: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the input is too large ({size} bytes; the limit is {MAX_INPUT_BYTES})",
                source=source,
            )
        return path.read_bytes()
    except OSError as e:
        raise ParseError(
            "P-FORMAT-UNREADABLE", f"cannot read the file: {e.strerror or e}", source=source
        ) from None


def _check_input(data: object, format: str, source: str | None) -> None:
    if not isinstance(data, (bytes, str)):
        raise ParseError(
            "P-FORMAT-UNKNOWN",
            f"expected bytes, str or a path, got {type(data).__name__}",
            source=source,
        )
    size = len(data) if isinstance(data, bytes) else len(data) * 4
    if size > MAX_INPUT_BYTES:
        raise ParseError(
            "P-INPUT-TOO-LARGE",
            f"the input is too large ({len(data)} bytes or characters; "
            f"the limit is {MAX_INPUT_BYTES} bytes)",
            source=source,
        )
    if format not in FORMATS:
        raise ParseError("P-FORMAT-UNKNOWN", f"unknown format {format!r}", source=source)


def _csv_record_document(text: str, source: str | None) -> SourceDocument | None:
    """The report of the first record of a crawler's CSV export, when ``text`` is one."""
    from govdisclosure.parse.csvrecord import (
        looks_like_csv_records,
        read_csv_records,
        record_document,
    )

    if not looks_like_csv_records(text):
        return None
    try:
        records = read_csv_records(text)
    except csv.Error:
        # Not well-formed CSV after all: the text reader reads it as it stands.
        return None
    if not records:
        return None
    return record_document(records[0], len(records), source=source)


def _read_text_document(data: bytes | str, fmt: str, source: str | None) -> SourceDocument:
    findings: list[Finding] = []
    text = decode_text(data, findings) if isinstance(data, bytes) else data
    if not text.strip():
        raise ParseError("P-INPUT-EMPTY", "the input is empty", source=source)
    doc: SourceDocument | None
    if fmt == "markdown":
        doc = _front_end("markdown").read_markdown(text, source=source)  # type: ignore[attr-defined]
    else:
        doc = _csv_record_document(text, source)
        if doc is None:
            from govdisclosure.parse.text import read_text

            doc = read_text(text, source=source)
    assert doc is not None
    doc.findings[:0] = findings
    return doc


def _read_document(data: bytes | str, fmt: str, source: str | None) -> SourceDocument | ParseResult:
    """The input read by the front end of ``fmt`` (or the own workbook's exact reading)."""
    if fmt in ("docx", "xlsx", "pdf"):
        if isinstance(data, str):
            raise ParseError(
                "P-FORMAT-UNREADABLE",
                f"{fmt} input must be bytes, not text",
                source=source,
            )
        mod = _front_end(fmt)
        doc: SourceDocument = getattr(mod, f"read_{fmt}")(data, source=source)
        if fmt == "xlsx":
            own = _own_workbook(data, doc, source)
            if own is not None:
                return own
        return doc
    if fmt == "html":
        # The HTML reader honours a declared charset, so it gets the bytes themselves.
        return _front_end("html").read_html(data, source=source)  # type: ignore[attr-defined,no-any-return]
    return _read_text_document(data, fmt, source)


def parse(
    data: bytes | str | os.PathLike[str],
    *,
    format: Format = "auto",
    source: str | None = None,
) -> ParseResult:
    """Read a published report into the model of its edition.

    ``data`` is the report's bytes, its decoded text (``str``), or a path (``os.PathLike``;
    a plain ``str`` is always text, never a file name). ``format`` forces a front end;
    ``"auto"`` sniffs it. ``source`` names the input in findings (default: the file name).
    Text that is a crawler's CSV export (a header line, then records with the report in one
    field) is read from its first record holding a report (see
    :mod:`govdisclosure.parse.csvrecord`).

    Raises :class:`ParseError` when the input cannot be read at all (unreadable file, too
    large, not the forced format, no report table found); everything else is a finding.
    """
    if isinstance(data, os.PathLike):
        path = Path(data)
        source = source or str(path)
        data = _read_path(path, source)
    _check_input(data, format, source)
    fmt: str = sniff_format(data) if format == "auto" else format
    if fmt == "zip":
        raise ParseError(
            "P-FORMAT-UNKNOWN",
            "a zip archive that is neither a DOCX nor an XLSX file",
            source=source,
        )
    doc = _read_document(data, fmt, source)
    if isinstance(doc, ParseResult):
        return doc
    if not doc.tables and not any(getattr(b, "text", "").strip() for b in doc.blocks):
        raise ParseError("P-NO-TABLES", "no report table and no text found", source=source)
    return map_document(doc)
