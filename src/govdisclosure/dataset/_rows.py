"""One report as the rows of the five dataset tables, in a compact, picklable form.

A :class:`ReportRows` is what a worker hands back for each input: the report row, the cell
values as one tuple in layout order (the cell table's other columns come from the layout,
once per edition), the findings in both languages and the narrative. Building the Arrow
tables from many of them is columnar work in :mod:`govdisclosure.dataset._build`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govdisclosure.errors import DocumentError, GovdisclosureError, Problem

if TYPE_CHECKING:
    from govdisclosure.findings import Finding
    from govdisclosure.models import ReportBase
    from govdisclosure.parse import ParseResult

__all__ = [
    "DatasetInputError",
    "ReportRows",
    "UnreadableInputError",
    "is_document",
    "read_file_rows",
    "read_rows",
    "report_id",
    "report_rows",
]

CellValue = int | Decimal | None


class DatasetInputError(DocumentError):
    """An input could not be read as a report for the dataset (``problems`` say why)."""


class UnreadableInputError(DatasetInputError):
    """An input could not be read at all (a file error, or a document that is not JSON)."""


@dataclass(frozen=True, slots=True)
class ReportRows:
    """Everything a dataset holds about one report.

    ``report`` holds the values of the ``reports`` table's columns in order; ``cells`` the
    value of every cell in the order of ``layout_for(edition).cells``; ``units`` the unit of
    every cell when the report states one the layout leaves open (else ``None``: the
    layout's units); ``provenance`` for parsed reports: where each cell was read and its raw
    text, as two tuples in cell order (``None`` for a cell not found);
    ``findings``, ``sections`` and ``indicators`` the columns of those tables (without the
    report id and year), one tuple per column.
    """

    report_id: str
    report_year: int
    edition: str
    report: tuple[Any, ...]
    cells: tuple[CellValue, ...]
    units: tuple[str | None, ...] | None
    provenance: tuple[tuple[str | None, ...], tuple[str | None, ...]] | None
    findings: tuple[tuple[Any, ...], ...]
    sections: tuple[tuple[Any, ...], ...]
    indicators: tuple[tuple[Any, ...], ...]

    @property
    def source(self) -> str | None:
        """The input the report was read from."""
        return self.report[3]  # type: ignore[no-any-return]

    @property
    def sha256(self) -> str:
        """SHA-256 of the input's bytes."""
        return self.report[4]  # type: ignore[no-any-return]

    def with_source(self, source: str | None) -> ReportRows:
        """The same report read from ``source`` (a new id; e.g. a cached result reused for a
        copy of the file under another name)."""
        rid = report_id(source, self.sha256)
        return dataclasses.replace(
            self, report_id=rid, report=(rid, *self.report[1:3], source, *self.report[4:])
        )


def report_id(source: str | None, sha256: str) -> str:
    """The stable id of a report read from ``source`` with content digest ``sha256``."""
    return hashlib.sha256(f"{source or ''}\0{sha256}".encode()).hexdigest()[:16]


def _both_languages(
    report: ReportBase, parse_findings: Sequence[Finding]
) -> list[tuple[str, Finding, Finding]]:
    from govdisclosure.parse import in_language
    from govdisclosure.rules import check

    out = [("parse", in_language(f, "zh"), in_language(f, "en")) for f in parse_findings]
    zh = check(report, lang="zh")
    # Messages in English only when there is something to say: most reports have no finding.
    en = check(report, lang="en") if zh else []
    if [(f.code, f.pointers) for f in zh] != [(f.code, f.pointers) for f in en]:
        # The engine is deterministic; this guards the pairing, should that ever change.
        raise GovdisclosureError("the rules found different things in zh and en")
    out += [("rules", a, b) for a, b in zip(zh, en, strict=True)]
    return out


def _columns(rows: list[tuple[Any, ...]], width: int) -> tuple[tuple[Any, ...], ...]:
    # Column-wise: the process that writes the dataset extends each column with a tuple.
    return tuple(zip(*rows, strict=True)) if rows else ((),) * width


def _finding_rows(found: list[tuple[str, Finding, Finding]]) -> tuple[tuple[Any, ...], ...]:
    rows = [
        (
            seq,
            zh.code,
            zh.severity,
            origin,
            zh.pointer,
            list(zh.pointers),
            zh.message,
            en.message,
            zh.source_location,
        )
        for seq, (origin, zh, en) in enumerate(found)
    ]
    return _columns(rows, 9)


def _section_rows(report: ReportBase) -> tuple[tuple[Any, ...], ...]:
    from govdisclosure.layout import SECTIONS

    secs = report.sections
    out: list[tuple[Any, ...]] = []
    if secs.preamble is not None:
        out.append((0, "preamble", None, None, secs.preamble, [], secs.preamble))
    for k, info in enumerate(SECTIONS, start=1):
        sec = getattr(secs, info.id)
        if sec is None:
            continue
        subs = [{"title": s.title, "text": s.text, "topic": s.topic} for s in sec.subsections]
        parts = [sec.text] if sec.text else []
        for s in sec.subsections:
            parts += [s.title, s.text] if s.text else [s.title]
        out.append((k, info.id, info.number, sec.title, sec.text, subs, "\n".join(parts)))
    return _columns(out, 7)


def _indicator_rows(report: ReportBase) -> tuple[tuple[Any, ...], ...]:
    from govdisclosure.analysis import compute

    rows = [
        (
            k,
            v.id,
            v.numerator,
            v.denominator,
            v.percent(4),
            None if v.value is None else f"{v.value.numerator}/{v.value.denominator}",
            v.reason,
            list(v.blank_cells),
        )
        for k, v in enumerate(compute(report))
    ]
    return _columns(rows, 8)


def _units(report: ReportBase) -> tuple[str | None, ...] | None:
    # A column whose unit the template leaves open has the unit the report states in the
    # row's ``<column>_unit`` member (2019: 采购总金额, 元 or 万元).
    from govdisclosure.layout import layout_for

    refs = layout_for(report.edition).cells
    units: list[str | None] | None = None
    for k, ref in enumerate(refs):
        if ref.column.unit is not None:
            continue
        row: Any = report
        for name in ref.path[:-1]:
            row = getattr(row, name)
        stated = getattr(row, ref.column.id + "_unit", None)
        if stated is not None:
            if units is None:
                units = [r.column.unit for r in refs]
            units[k] = stated
    return tuple(units) if units is not None else None


def _check_amounts(report: ReportBase, values: tuple[CellValue, ...], name: str) -> None:
    from govdisclosure.dataset._schema import AMOUNT_PRECISION, AMOUNT_SCALE
    from govdisclosure.layout import layout_for

    limit = Decimal(10) ** (AMOUNT_PRECISION - AMOUNT_SCALE)
    problems = []
    for ref, v in zip(layout_for(report.edition).cells, values, strict=True):
        if isinstance(v, Decimal) and not _fits(v, limit):
            problems.append(
                Problem(
                    "dataset-amount",
                    ref.pointer,
                    f"the amount {format(v, 'f')} has more than {AMOUNT_SCALE} decimal places "
                    f"or {AMOUNT_PRECISION - AMOUNT_SCALE} integer digits; the dataset stores "
                    "amounts exactly and would have to round it",
                    expected=f"a decimal that fits decimal({AMOUNT_PRECISION},{AMOUNT_SCALE})",
                    got=format(v, "f"),
                )
            )
    if problems:
        raise DatasetInputError(problems, name)


def _fits(v: Decimal, limit: Decimal) -> bool:
    # Trailing zeros beyond the scale are harmless (1.50000000 is 1.5); no rounding context
    # is involved, so no digit is lost deciding it.
    from govdisclosure.dataset._schema import AMOUNT_SCALE

    _, digits, exp = v.as_tuple()
    if not isinstance(exp, int):
        return False
    while exp < -AMOUNT_SCALE and digits and digits[-1] == 0:
        digits = digits[:-1]
        exp += 1
    return exp >= -AMOUNT_SCALE and abs(v) < limit


def report_rows(
    item: ReportBase | ParseResult,
    *,
    source: str | None = None,
    sha256: str | None = None,
    input_format: str | None = None,
) -> ReportRows:
    """The dataset rows of a report model or a :class:`~govdisclosure.parse.ParseResult`.

    The consistency rules run here (messages in Chinese and English); a parse result adds its
    parse findings (first) and the provenance of its cells. ``source`` names the input (a
    parse result's own source by default), ``sha256`` is the digest of the input's bytes
    (default: of the report's canonical JSON) and ``input_format`` says how it was read
    (default: ``model``, or ``parsed`` for a parse result).

    Raises :class:`DatasetInputError` for an amount the dataset cannot store exactly.
    """
    from govdisclosure.cells import cell_values
    from govdisclosure.document import dumps
    from govdisclosure.parse import ParseResult

    report, parse_findings, provenance = _unpack(item)
    if isinstance(item, ParseResult) and source is None:
        source = item.source
    fmt = input_format or ("parsed" if isinstance(item, ParseResult) else "model")
    if sha256 is None:
        sha256 = hashlib.sha256(dumps(report).encode()).hexdigest()
    values = cell_values(report)
    _check_amounts(report, values, source or "report")
    found = _both_languages(report, parse_findings)
    counts = {"error": 0, "warning": 0, "info": 0}
    for _, f, _ in found:
        counts[f.severity] += 1
    meta = report.metadata
    body = meta.body
    rid = report_id(source, sha256)
    row = (
        rid,
        meta.report_year,
        report.edition,
        source,
        sha256,
        fmt,
        body.name,
        body.level,
        body.kind,
        body.region_code,
        body.credit_code,
        meta.title,
        meta.document_number,
        meta.issued_date,
        meta.publication_date,
        *_period_fields(report),
        meta.url,
        counts["error"] == 0,
        counts["error"],
        counts["warning"],
        counts["info"],
        len(values),
        sum(1 for v in values if v is None),
        len(report.extra_rows),
        *_fee_fields(report),
    )
    fee_amounts = [v for v in row[-2:] if v is not None]
    if fee_amounts:
        _check_fee_amounts(fee_amounts, source or "report")
    return ReportRows(
        rid,
        meta.report_year,
        report.edition,
        row,
        values,
        _units(report),
        provenance,
        _finding_rows(found),
        _section_rows(report),
        _indicator_rows(report),
    )


def _unpack(
    item: ReportBase | ParseResult,
) -> tuple[
    ReportBase,
    Sequence[Finding],
    tuple[tuple[str | None, ...], tuple[str | None, ...]] | None,
]:
    """The report of ``item``, its parse findings, and where each cell was read (a parse
    result's provenance: the location and the raw text of each cell, in layout order)."""
    from govdisclosure.layout import layout_for
    from govdisclosure.parse import ParseResult

    if not isinstance(item, ParseResult):
        return item, (), None
    report = item.report
    read = [item.provenance.get(ref.pointer) for ref in layout_for(report.edition).cells]
    provenance = (
        tuple(p.loc.describe() if p is not None else None for p in read),
        tuple(p.raw if p is not None else None for p in read),
    )
    return report, item.findings, provenance


def _period_fields(report: ReportBase) -> tuple[Any, Any]:
    period = report.metadata.statistics_period
    return (period.start, period.end) if period else (None, None)


def _fee_fields(report: ReportBase) -> tuple[Any, Any, Any]:
    fees = report.sections.other_matters.fees if report.sections.other_matters else None
    if fees is None:
        return (None, None, None)
    return (fees.fee_notices_issued_count, fees.fee_notices_amount_yuan, fees.fees_collected_yuan)


def _check_fee_amounts(values: list[Any], name: str) -> None:
    from govdisclosure.dataset._schema import AMOUNT_PRECISION, AMOUNT_SCALE

    limit = Decimal(10) ** (AMOUNT_PRECISION - AMOUNT_SCALE)
    for v in values:
        if not _fits(v, limit):
            raise DatasetInputError(
                [
                    Problem(
                        "dataset-amount",
                        "/sections/other_matters/fees",
                        f"the fee amount {format(v, 'f')} does not fit "
                        f"decimal({AMOUNT_PRECISION},{AMOUNT_SCALE}) exactly",
                        got=format(v, "f"),
                    )
                ],
                name,
            )


_JSON_SUFFIXES = (".json",)


def is_document(name: str, data: bytes) -> bool:
    """Whether ``data`` is read as a report JSON document (else as a published report).

    A ``.json`` name, or content that starts like a JSON object, is a document.
    """
    if name.lower().endswith(_JSON_SUFFIXES):
        return True
    return data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_rows(data: bytes, *, source: str, input: str = "auto") -> ReportRows:
    """Read one input — a report JSON document or a published report — into dataset rows.

    ``input``: ``json``, ``published`` or ``auto`` (a ``.json`` name or content starting
    with ``{`` is a document). A document is read exactly (duplicate members refused,
    decimals digit for digit) and must be a report of its edition; a published report is
    parsed. Raises :class:`DatasetInputError` (or :class:`~govdisclosure.parse.ParseError`)
    when the input cannot be a row of the dataset.
    """
    from govdisclosure.reading import read_report

    digest = hashlib.sha256(data).hexdigest()
    document = input == "json" or (input == "auto" and is_document(source, data))
    if document:
        result = read_report(data, name=source, format="json")
        if not result.readable:
            raise UnreadableInputError(result.problems, source)
        if result.report is None or result.problems:
            raise DatasetInputError(result.problems, source)
        return report_rows(result.report, source=source, sha256=digest, input_format="json")
    from govdisclosure.parse import sniff_format

    result = read_report(data, name=source, how="published")
    if result.parsed is None:
        assert result.error is not None  # a published report not read says why
        raise result.error
    return report_rows(result.parsed, source=source, sha256=digest, input_format=sniff_format(data))


def read_file_rows(path: str, input: str = "auto") -> ReportRows:
    """:func:`read_rows` of the file at ``path`` (named by ``path`` in the dataset).

    A module-level function of picklable arguments, so that a process pool can run it.
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise UnreadableInputError(
            [Problem("io", "", f"cannot read: {e.strerror or e}")], path
        ) from None
    return read_rows(data, source=path, input=input)
