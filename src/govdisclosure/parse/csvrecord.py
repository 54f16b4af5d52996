"""Reports held as a field of a CSV record (crawler exports).

A crawler export is a header line, then one record per page: a short title, a long text field
holding the whole report (often with every space stripped), and fields such as the list URL,
the page URL and attachments. :func:`read_csv_records` finds the records and the field that
holds a report; :func:`parse <govdisclosure.parse.parse>` reads the report of the first such
record (a ``P-CSV-RECORD`` finding names the record, the field and the other fields) and keeps
the page URL as the report's ``metadata.url`` when the report itself states none;
:func:`parse_csv_records` parses every record.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from govdisclosure.parse._codes import parse_finding

if TYPE_CHECKING:
    from govdisclosure.parse._ir import SourceDocument
    from govdisclosure.parse._result import ParseResult

__all__ = [
    "CsvRecord",
    "looks_like_csv_records",
    "parse_csv_records",
    "read_csv_records",
    "record_document",
]

_MIN_REPORT_CHARS = 200
"""A field shorter than this holds no report (two tables alone are longer)."""
_MAX_HEADER_FIELD = 64
"""A header field longer than this is not a column name."""
_REPORT_MARKS = ("主动公开政府信息情况", "收到和处理政府信息公开申请情况")
"""A field holding a report states one of its table sections' titles."""
_URL_RE = re.compile(r"https?://\S+")
_PAGE_NAMES = ("页面", "详情", "正文链接", "文章链接", "原文", "page", "detail", "article")
_TITLE_NAMES = ("标题", "title")
_LIST_NAMES = ("列表", "栏目", "list", "index", "channel")


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """One record of a CSV export that holds a report."""

    number: int
    """1-based number of the record (the header line not counted)."""
    line: int
    """1-based line of the input where the record starts."""
    report_field: str
    """Name (from the header line) of the field holding the report."""
    text: str
    """The report, as the field holds it."""
    fields: dict[str, str] = field(default_factory=dict)
    """The record's other fields, by header name."""

    @property
    def urls(self) -> dict[str, str]:
        """The other fields that are URLs, by header name."""
        return {k: v.strip() for k, v in self.fields.items() if _URL_RE.fullmatch(v.strip())}

    @property
    def title(self) -> str | None:
        """The record's title field (``标题``, ``title``), if it has one."""
        for name, value in self.fields.items():
            if any(t in name.lower() for t in _TITLE_NAMES) and value.strip():
                return value.strip()
        return None

    @property
    def page_url(self) -> str | None:
        """The URL of the report's page: a field named so, else the only URL not of a list."""
        urls = self.urls
        for name, url in urls.items():
            if any(p in name.lower() for p in _PAGE_NAMES):
                return url
        rest = [u for n, u in urls.items() if not any(p in n.lower() for p in _LIST_NAMES)]
        return rest[0] if len(rest) == 1 else None


def _header(text: str) -> list[str] | None:
    first = text.split("\n", 1)[0].lstrip("\ufeff").rstrip("\r")
    if "," not in first or len(first) > 1000:
        return None
    try:
        names = next(csv.reader([first]), [])
    except csv.Error:
        return None
    if len(names) < 2 or any(len(n) > _MAX_HEADER_FIELD or not n.strip() for n in names):
        return None
    return [n.strip() for n in names]


def looks_like_csv_records(text: str) -> bool:
    """Whether ``text`` is a CSV export whose first line is a header of short column names and
    whose records hold a report in one field."""
    if _header(text) is None:
        return False
    head = text[:400_000]
    return any(m in head for m in _REPORT_MARKS)


def _report_field(values: list[str]) -> int | None:
    best: int | None = None
    for i, v in enumerate(values):
        holds = len(v) >= _MIN_REPORT_CHARS and any(m in v for m in _REPORT_MARKS)
        if holds and (best is None or len(v) > len(values[best])):
            best = i
    return best


MAX_FIELD_CHARS = 131_072
"""The longest field read (the ``csv`` module's default limit); a longer one makes the input
plain text."""


def read_csv_records(text: str) -> list[CsvRecord]:
    """The records of a CSV export that hold a report, in order (``[]`` when none does).

    Records whose field count differs from the header's are read by position as far as the
    header names go; a field beyond them is named ``field N``. Raises :class:`csv.Error` when
    the text is not well-formed CSV (a NUL byte, a field longer than the ``csv`` module's
    field size limit); :func:`~govdisclosure.parse.parse` then reads the input as plain text.
    """
    names = _header(text)
    if names is None:
        return []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    next(reader, None)
    out: list[CsvRecord] = []
    number = 0
    line = reader.line_num + 1
    for values in reader:
        start, line = line, reader.line_num + 1
        if any(len(v) > MAX_FIELD_CHARS for v in values):
            # The csv module's own limit is process-wide and other libraries raise it on
            # import; this one keeps what is read the same whoever else is loaded.
            raise csv.Error(f"field larger than field limit ({MAX_FIELD_CHARS})")
        if not any(v.strip() for v in values):
            continue
        number += 1
        ri = _report_field(values)
        if ri is None:
            continue
        named = {
            (names[i] if i < len(names) else f"field {i + 1}"): v for i, v in enumerate(values)
        }
        key = names[ri] if ri < len(names) else f"field {ri + 1}"
        others = {k: v for k, v in named.items() if k != key}
        out.append(CsvRecord(number, start, key, values[ri], others))
    return out


def record_document(rec: CsvRecord, records: int, *, source: str | None = None) -> SourceDocument:
    """The report of ``rec`` read by the text reader, with a ``P-CSV-RECORD`` finding naming
    the record (of ``records``), its field and its other fields, and the page URL and title
    as metadata candidates (used where the report itself states none)."""
    from govdisclosure.parse.text import read_text

    doc = read_text(rec.text, source=source)
    others = "；".join(f"{k}={v.strip()[:200]}" for k, v in rec.fields.items() if v.strip())
    doc.findings.append(
        parse_finding(
            "P-CSV-RECORD",
            record=rec.number,
            records=records,
            field=rec.report_field,
            others=others or "（无）",
            line=rec.line,
            urls=rec.urls,
        )
    )
    if rec.page_url is not None:
        doc.metadata["url"] = rec.page_url
    if rec.title is not None:
        doc.metadata["title"] = rec.title
    return doc


def parse_csv_records(text: str, *, source: str | None = None) -> list[ParseResult]:
    """Every report of a crawler's CSV export, parsed (one result per record holding one).

    :func:`~govdisclosure.parse.parse` reads only the first; a batch reads them all here.
    Raises :class:`csv.Error` when the text is not well-formed CSV.
    """
    from govdisclosure.parse._mapper import map_document

    records = read_csv_records(text)
    return [map_document(record_document(r, len(records), source=source)) for r in records]
