"""The rules that are not plain arithmetic relations, as functions registered by key.

A check yields :class:`Hit` records (pointers, params, reported/computed values); the engine
turns them into findings with the rule's code, severity and rendered message. Checks never
change the report.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import compress
from typing import Any

from govdisclosure.editions import EDITION_INFO
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.models import NarrativeSection, ReportBase
from govdisclosure.numerals import NUMERAL, read_count
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules._hit import Hit
from govdisclosure.rules._instances import Cells
from govdisclosure.rules._model import expand_rows
from govdisclosure.rules.narrative import NARRATIVE_CHECKS

__all__ = [
    "CHECKS",
    "KEYED_CHECKS",
    "SERIES_CHECKS",
    "Hit",
    "ReportT",
    "blank_row_hit",
    "blank_rows",
    "narrative_request_counts",
]

ReportT = ReportBase


Check = Callable[[ReportT, Sequence[Any], Cells], Iterator[Hit]]
SeriesCheck = Callable[
    [ReportT, Sequence[Any], Cells, ReportT, Sequence[Any], Cells], Iterator[Hit]
]


def _z(v: Any) -> Any:
    return 0 if v is None else v


# ------------------------------------------------------------------------------ structural


@dataclass(frozen=True, slots=True)
class _RowRun:
    """The cells of one table row: a contiguous slice of the extracted value tuple."""

    start: int
    stop: int
    pointers: tuple[str, ...]
    labels: tuple[str, ...]
    labels_en: tuple[str, ...]
    all_blank: tuple[bool, ...]
    """The blank mask of the row when every cell is blank."""


_ROW_RUNS: dict[Cells, tuple[_RowRun, ...]] = {}
# A changed catalogue compiles the editions again: the runs of the old ones are dropped.
_catalogue.on_change(_ROW_RUNS.clear)


def _row_runs(comp: Cells) -> tuple[_RowRun, ...] | None:
    """Every table row as one slice, in cell order (the rows of the compiled cells'
    ``row_bounds``), kept per compiled edition; ``None`` if a row's cells are not adjacent,
    or not known (the plain engine's cells)."""
    runs = _ROW_RUNS.get(comp)
    if runs is not None:
        return runs
    bounds = getattr(comp, "row_bounds", None)
    if bounds is None:
        return None
    refs = comp.refs
    runs = _ROW_RUNS[comp] = tuple(
        _RowRun(
            a,
            b,
            comp.pointers[a:b],
            tuple(r.column.label for r in refs[a:b]),
            tuple(r.column.title_en for r in refs[a:b]),
            (True,) * (b - a),
        )
        for a, b in bounds
    )
    return runs


def blank_rows(
    report: ReportT, values: Sequence[Any], comp: Cells, rows: list[int] | None = None
) -> list[tuple[int, tuple[bool, ...]]] | None:
    """The rows with a blank cell, as ``(row number, blank mask)`` keys for
    :func:`blank_row_hit`; ``None`` when the layout's rows are not adjacent slices.

    ``rows``, if known, are the numbers of the rows with a blank cell
    (``comp.blank_rows(values)``).
    """
    runs = _row_runs(comp)
    if runs is None:
        return None
    if rows is None:
        find = getattr(comp, "blank_rows", None)
        if find is None:
            return None
        rows = find(values)
    out = []
    for r in rows:
        run = runs[r]
        row = values[run.start : run.stop]
        if row.count(None) == len(row):
            out.append((r, run.all_blank))
        else:
            out.append((r, tuple([v is None for v in row])))
    return out


def blank_row_hit(comp: Cells, key: tuple[int, tuple[bool, ...]]) -> Hit:
    """The finding of :func:`blank_rows` key ``key``: one per row, naming its blank cells."""
    r, blank = key
    run = _row_runs(comp)[r]  # type: ignore[index]
    pointers = tuple(compress(run.pointers, blank))
    return Hit(
        pointers,
        {
            "count": len(pointers),
            "columns": "、".join(compress(run.labels, blank)),
            "columns_en": ", ".join(compress(run.labels_en, blank)),
        },
    )


def _blank_cells(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    # One finding per row: a report that leaves zeros blank would otherwise drown the rest.
    keys = blank_rows(report, values, comp)
    if keys is None:
        yield from _blank_cells_by_row(values, comp)
        return
    for key in keys:
        yield blank_row_hit(comp, key)


def _blank_cells_by_row(values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    by_row: dict[tuple[str, str], list[int]] = {}
    refs = comp.refs
    for k, v in enumerate(values):
        if v is None:
            ref = refs[k]
            by_row.setdefault((ref.table.id, ref.row.id), []).append(k)
    for ks in by_row.values():
        cells = [refs[k] for k in ks]
        yield Hit(
            tuple(comp.pointers[k] for k in ks),
            {
                "count": len(cells),
                "columns": "、".join(r.column.label for r in cells),
                "columns_en": ", ".join(r.column.title_en for r in cells),
            },
        )


def _edition_year(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    year = report.metadata.report_year
    ed = comp.edition
    if EDITION_INFO[ed].covers_year(year):
        return
    expected = next((e for e, info in EDITION_INFO.items() if info.covers_year(year)), None)
    if expected is None:
        return
    # What the template's (六) other outcomes look like in the edition used: their row count.
    n = len(expand_rows(layout_for(ed).table("t3"), ("results.other",)))
    yield Hit(
        ("/edition", "/t3/results/other"),
        {
            "year": year,
            "edition": ed.value,
            "expected": expected.value,
            "rows": "一行" if n == 1 else f"{_ZH_NUMBER.get(n, str(n))}行",
            "rows_en": "a single row" if n == 1 else f"{_EN_NUMBER.get(n, str(n))} sub-rows",
        },
    )


_ZH_NUMBER = dict(enumerate("二三四五六七八九", start=2))
_EN_NUMBER = dict(enumerate(("two", "three", "four", "five", "six", "seven", "eight"), start=2))


def _section_empty(section: NarrativeSection) -> bool:
    return not section.text.strip() and not any(
        s.text.strip() or s.title.strip() for s in section.subsections
    )


def missing_sections(
    report: ReportT, values: Sequence[Any], comp: Cells, rows: list[int] | None = None
) -> list[str]:
    """The ids of the mandated sections that are missing or empty, in order (G-R2 keys)."""
    secs = report.sections
    out = []
    for info in SECTIONS:
        section = getattr(secs, info.id)
        # A section that carries a table is not empty: the table is its content.
        if section is None or (info.table is None and _section_empty(section)):
            out.append(info.id)
    return out


_SECTION_INFO = {info.id: info for info in SECTIONS}


def missing_section_hit(comp: Cells, key: str) -> Hit:
    """The G-R2 hit of a missing or empty section."""
    info = _SECTION_INFO[key]
    return Hit(
        (f"/sections/{info.id}",),
        {"section": info.title, "section_en": info.title_en, "section_id": info.id},
    )


def _sections(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    for key in missing_sections(report, values, comp):
        yield missing_section_hit(comp, key)


# ------------------------------------------------------------------------------ table 三


@lru_cache(maxsize=16)
def _t3_columns(comp: Cells) -> dict[str, Any]:
    table = layout_for(comp.edition).table("t3")
    return {c.id: c for b in table.blocks for c in b.columns}


# Bounded: ``group`` comes from the document (a subtotal row's ``subtotal_of``).
@lru_cache(maxsize=1024)
def _subtotal_cells(comp: Cells, group: str, column: str) -> tuple[int, ...] | None:
    """Positions of the cells of row group ``group`` in ``column`` of table 三 (``None`` if
    ``group`` is not a row or row group of the table)."""
    try:
        rows = expand_rows(layout_for(comp.edition).table("t3"), (group,))
    except KeyError:
        return None
    return tuple(comp.index[("t3", r, column)] for r in rows)


def _extra_subtotals(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    if not report.extra_rows:
        return
    columns = _t3_columns(comp)
    for i, extra in enumerate(report.extra_rows):
        if extra.table != "t3" or not extra.subtotal_of:
            continue
        for j, cell in enumerate(extra.cells):
            column = cell.column
            if column is None or column not in columns or cell.value is None:
                continue
            idx = _subtotal_cells(comp, extra.subtotal_of, column)
            if idx is None:
                break
            computed = sum([0 if (v := values[k]) is None else v for k in idx], 0)
            reported = -cell.value if cell.negative else cell.value
            if reported != computed:
                col = columns[column]
                yield Hit(
                    (f"/extra_rows/{i}/cells/{j}/value", *(comp.pointers[k] for k in idx)),
                    {
                        "label": extra.label,
                        "column": col.label,
                        "column_en": col.title_en,
                        "group": extra.subtotal_of,
                    },
                    _int_if_whole(reported),
                    computed,
                )


def _int_if_whole(v: Decimal) -> int | Decimal:
    return int(v) if v == v.to_integral_value() else v


# ------------------------------------------------------------------------------ cross-table


def _fee_notices(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    k = comp.index.get(("t3", "results.other.fee_unpaid", "total"))
    if k is None:
        return
    unpaid = values[k]
    if not unpaid:
        return
    other = report.sections.other_matters
    fees = other.fees if other is not None else None
    notices = fees.fee_notices_issued_count if fees is not None else None
    if notices is None or notices < unpaid:
        yield Hit(
            (comp.pointers[k], "/sections/other_matters/fees/fee_notices_issued_count"),
            {"notices": notices},
            unpaid,
            notices,
        )


# ------------------------------------------------------------------------------ narrative

_VERBS = "收到|受理|接收|新收"
_COUNT = rf"({NUMERAL})"
_REQUESTS_RE = re.compile(
    rf"(?:{_VERBS})[^。；;，,！!？?\n\d]{{0,30}}?申请[^。；;！!？?\n\d]{{0,12}}?"
    rf"{_COUNT}\s*(?:件|条|份|宗|个)"
    # A number of days, months, channels or kinds is not a number of requests
    # (收到申请后15个工作日内答复; 平均办理时间为3个工作日; 等3个渠道).
    r"(?!工作日|日|天|月|小时|渠道|种|类|方面|部门|环节|批次)"
)
# The count may also stand before 申请: 收到 2 条政府信息公开申请.
_REQUESTS_FIRST_RE = re.compile(
    rf"(?:{_VERBS})[^。；;，,！!？?\n\d]{{0,10}}?{_COUNT}\s*(?:件|条|份|宗|个)"
    r"(?!工作日|日|天|月|小时|渠道|种|类|方面|部门|环节|批次)"
    r"[^。；;，,！!？?\n\d]{0,20}?申请"
)
_VERB_RE = re.compile(_VERBS)


_SKIP_RE = re.compile(r"行政复议|行政诉讼|上年结转|结转")


_BEFORE, _AFTER = 34, 40


def narrative_request_counts(text: str) -> list[tuple[str, int]]:
    """Counts of received requests stated in ``text`` (收到…申请 N 件), with the quoted phrase.

    Counts may be written in Arabic, full-width or Chinese numerals (``十二件``, ``两件``)."""
    return [(phrase, n) for phrase, n, _, _ in request_count_matches(text)]


def request_count_matches(text: str) -> list[tuple[str, int, int, int]]:
    """:func:`narrative_request_counts` with where each phrase is: ``(phrase, count, start,
    end)``, ``text[start:end] == phrase``."""
    i = text.find("申请")
    if i < 0:
        return []
    out: list[tuple[str, int, int, int]] = []
    seen: set[int] = set()
    find, verb_at = text.find, _VERB_RE.search
    count_after, count_before = _REQUESTS_RE.match, _REQUESTS_FIRST_RE.match
    # The patterns are only tried in a window around each 申请: scanning the whole text
    # with them costs ten times more, and a statement never spans more than the window.
    while i >= 0:
        start = i - _BEFORE if i > _BEFORE else 0
        # Every match opens with a verb, and one that starts after ``i`` is not recorded
        # here: so the window's matches are those anchored at its verbs up to ``i``, taken
        # left to right without overlap per pattern, as a scan of the window finds them
        # (``after``/``before``: where each pattern's scan has got to).
        after = before = start
        verb = verb_at(text, start, i + 2)
        while verb is not None:
            v = verb.start()
            m = count_after(text, v, i + _AFTER) if v >= after else None
            if m is not None:
                after = m.end()
            m2 = count_before(text, v, i + 2) if v >= before else None
            if m2 is not None:
                before = m2.end()
                if m is None:
                    m = m2
            # Where both patterns match at one verb, the first one counts, as in the scan.
            if m is not None and v not in seen:
                seen.add(v)
                phrase = m.group(0)
                n = _count_of(m)
                if n is not None and _SKIP_RE.search(phrase) is None:
                    out.append((phrase, n, m.start(), m.end()))
            # The next verb may overlap this one (接收到: 接收 and 收到).
            verb = verb_at(text, v + 1, i + 2)
        i = find("申请", i + 2)
    return out


def _count_of(m: re.Match[str]) -> int | None:
    """The count of a request statement; ``None`` for a Chinese numeral before 个, which
    names things other than requests (申请的“三个第一时间”)."""
    number, end = m.group(1), m.end(1)
    if not number[0].isdigit() and m.string[end : end + 3].lstrip()[:1] == "个":
        return None
    return read_count(number)


def _general_text(report: ReportT) -> str:
    g = report.sections.general
    if g is None:
        return ""
    # A sub-heading and its text are joined by a line break, as the parts are.
    return "\n".join([g.text, *[part for s in g.subsections for part in (s.title, s.text)]])


def _general_pointer(report: ReportT, start: int, end: int) -> dict[str, Any]:
    """Where ``_general_text(report)[start:end]`` is: ``{"pointer", "start", "end"}``."""
    g = report.sections.general
    assert g is not None
    members = [("/sections/general/text", g.text)]
    for k, s in enumerate(g.subsections):
        members.append((f"/sections/general/subsections/{k}/title", s.title))
        members.append((f"/sections/general/subsections/{k}/text", s.text))
    base = 0
    for pointer, text in members:
        if start < base + len(text) + 1:
            return {"pointer": pointer, "start": start - base, "end": end - base}
        base += len(text) + 1
    return {"pointer": "/sections/general", "start": start, "end": end}  # pragma: no cover


def _narrative_requests(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    k_new = comp.index[("t3", "new_received", "total")]
    new = values[k_new]
    if new is None:
        return
    counts = request_count_matches(_general_text(report))
    if not counts:
        return
    accepted = {new, new + _z(values[comp.index[("t3", "carried_over_in", "total")]])}
    for quote, stated, a, b in counts:
        if stated not in accepted:
            where = _general_pointer(report, a, b)
            yield Hit(
                ("/sections/general", comp.pointers[k_new]),
                {
                    "quote": quote,
                    "stated": stated,
                    "matches": [{"quote": quote, **where, "stated": stated}],
                },
                stated,
                new,
            )


_FEE_WORDS = ("信息处理费", "收费", "收取", "费用")


def fee_statement_missing(
    report: ReportT, values: Sequence[Any], comp: Cells, rows: list[int] | None = None
) -> list[tuple[()]]:
    """``[()]`` when section 六 says nothing of processing fees (G-R5), else ``[]``."""
    other = report.sections.other_matters
    if other is not None:
        if other.fees is not None:
            return []
        text = "\n".join([other.text, *(s.title + s.text for s in other.subsections)])
        if any(w in text for w in _FEE_WORDS):
            return []
    return [()]


def fee_statement_hit(comp: Cells, key: tuple[()]) -> Hit:
    """The G-R5 hit: section 六 does not state the processing fees."""
    return Hit(("/sections/other_matters",))


def _fee_statement(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    for key in fee_statement_missing(report, values, comp):
        yield fee_statement_hit(comp, key)


_OVERSIGHT = (
    ("工作考核", "考核", "performance assessment"),
    ("社会评议", "评议", "public evaluation"),
)
_ACCOUNTABILITY = ("责任追究", "追究", "accountability")


def _oversight(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    if report.metadata.body.kind != "people_government":
        return
    text = _general_text(report)
    missing = [(zh, en) for zh, key, en in (*_OVERSIGHT, _ACCOUNTABILITY) if key not in text]
    if missing:
        yield Hit(
            ("/sections/general",),
            {
                "missing": "、".join(zh for zh, _ in missing),
                "missing_en": ", ".join(en for _, en in missing),
            },
        )


# ------------------------------------------------------------------------------ plausibility


def _statistics_period(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    period = report.metadata.statistics_period
    if period is None:
        return
    year = report.metadata.report_year
    if period.start != _dt.date(year, 1, 1) or period.end != _dt.date(year, 12, 31):
        yield Hit(
            ("/metadata/statistics_period",),
            {"start": period.start.isoformat(), "end": period.end.isoformat(), "year": year},
        )


def _publication_date(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    meta = report.metadata
    if meta.publication_date is not None:
        date, member, kind_zh, kind_en = (
            meta.publication_date,
            "publication_date",
            "发布日期",
            "publication date",
        )
    elif meta.issued_date is not None:
        date, member, kind_zh, kind_en = (
            meta.issued_date,
            "issued_date",
            "成文日期",
            "date of issue",
        )
    else:
        return
    year = meta.report_year
    # The params are only built for a date that is reported (most dates are not).
    if date < _dt.date(year + 1, 1, 1):
        params: dict[str, Any] = {
            "date": date.isoformat(),
            "date_kind": kind_zh,
            "date_kind_en": kind_en,
        }
        params.update(
            reason=f"早于报告年度 {year} 年结束",
            reason_en=f"before the end of the report year {year}",
            deadline=None,
        )
        yield Hit((f"/metadata/{member}",), params)
        return
    body = meta.body
    if body.level == "township":
        return  # art. 49 sets no deadline for townships; local deadlines vary
    if body.kind in ("department", "government_office"):
        deadline, who, who_en = _dt.date(year + 1, 1, 31), "政府部门", "a government department"
    else:
        # A people's government, or a body of unknown kind: the later statutory deadline.
        deadline, who, who_en = _dt.date(year + 1, 3, 31), "人民政府", "a people's government"
    if date > deadline:
        params = {"date": date.isoformat(), "date_kind": kind_zh, "date_kind_en": kind_en}
        params.update(
            reason=f"晚于{who}的法定发布时限 {deadline.isoformat()}",
            reason_en=f"after the statutory deadline for {who_en}, {deadline.isoformat()}",
            deadline=deadline.isoformat(),
        )
        yield Hit((f"/metadata/{member}",), params)


def _rule_making(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    level = report.metadata.body.level
    if level not in ("county", "township"):
        return
    for ref, v in zip(comp.refs, values, strict=True):
        if ref.table.id == "t2" and ref.row.id == "rules" and v:
            yield Hit((ref.pointer,), {"level": level}, v)


_FEE_LIMIT_10K = Decimal(100000)


def _fee_unit(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    k = comp.index.get(("t2", "admin_fees", "amount_10k_yuan"))
    if k is None:
        return
    v = values[k]
    if v is not None and v >= _FEE_LIMIT_10K:
        yield Hit(
            (comp.pointers[k],),
            {"yuan": format(v.scaleb(4), "f"), "limit": format(_FEE_LIMIT_10K, "f")},
            v,
        )


def _procurement_unit(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    k = comp.index.get(("t2", "central_procurement", "procurement_amount"))
    if k is None:
        return
    amount = values[k]
    # The unit only matters for an amount other than 0.
    row = getattr(report.t2, "central_procurement", None)
    if amount and getattr(row, "procurement_amount_unit", None) is None:
        yield Hit(
            (comp.pointers[k], "/t2/central_procurement/procurement_amount_unit"),
            {},
            amount,
        )


# ------------------------------------------------------------------------------ cross-year


def _has(comp: Cells, cell: tuple[str, str, str]) -> bool:
    """Whether the edition of ``comp`` has ``cell`` (a flow is only followed between
    editions that both have it)."""
    return cell in comp.index


def _carry_over(
    prev: ReportT,
    pv: Sequence[Any],
    pc: Cells,
    cur: ReportT,
    cv: Sequence[Any],
    cc: Cells,
) -> Iterator[Hit]:
    changed = pc.edition is not cc.edition
    for ref in cc.refs:
        if ref.table.id != "t3" or ref.row.id != "carried_over_in":
            continue
        k_prev = pc.index[("t3", "carried_over_out", ref.column.id)]
        reported, computed = cv[cc.index[ref.id]], pv[k_prev]
        if reported is None and computed is None:
            continue
        if _z(reported) != _z(computed):
            yield Hit(
                (ref.pointer,),
                {
                    "previous_pointer": pc.refs[k_prev].pointer,
                    "caveat": "（两年模板版本不同，可能是模板变更所致）" if changed else "",
                    "caveat_en": " (the template edition changed between the two years)"
                    if changed
                    else "",
                },
                reported,
                computed,
            )


def _in_force_flow(
    prev: ReportT,
    pv: Sequence[Any],
    pc: Cells,
    cur: ReportT,
    cv: Sequence[Any],
    cc: Cells,
) -> Iterator[Hit]:
    if not all(_has(c, ("t2", "rules", "in_force")) for c in (pc, cc)):
        return
    for row in ("rules", "normative_docs"):
        k_force = cc.index[("t2", row, "in_force")]
        reported = cv[k_force]
        previous = pv[pc.index[("t2", row, "in_force")]]
        issued = cv[cc.index[("t2", row, "issued")]]
        repealed = cv[cc.index[("t2", row, "repealed")]]
        if reported is None or previous is None:
            continue
        computed = previous + _z(issued) - _z(repealed)
        if reported != computed:
            yield Hit(
                (
                    cc.refs[k_force].pointer,
                    cc.refs[cc.index[("t2", row, "issued")]].pointer,
                    cc.refs[cc.index[("t2", row, "repealed")]].pointer,
                ),
                {
                    "previous": previous,
                    "issued": _z(issued),
                    "repealed": _z(repealed),
                    "previous_pointer": pc.refs[pc.index[("t2", row, "in_force")]].pointer,
                },
                reported,
                computed,
            )


def _items_flow(
    prev: ReportT,
    pv: Sequence[Any],
    pc: Cells,
    cur: ReportT,
    cv: Sequence[Any],
    cc: Cells,
) -> Iterator[Hit]:
    if not all(_has(c, ("t2", "admin_licensing", "items_delta")) for c in (pc, cc)):
        return
    for ref in cc.refs:
        if ref.table.id != "t2" or ref.column.id != "items_prev_year":
            continue
        reported = cv[cc.index[ref.id]]
        k_items = pc.index[ref.id]
        before = pv[k_items]
        delta = pv[pc.index[("t2", ref.row.id, "items_delta")]]
        if reported is None or before is None:
            continue
        computed = before + _z(delta)
        if reported != computed:
            yield Hit(
                (ref.pointer,),
                {"previous_pointer": pc.refs[k_items].pointer},
                reported,
                computed,
            )


_COPY_MIN_CHARS = 50
_COPY_RATIO = 0.9
_COPY_SECTIONS = ("general", "problems")


def _section_text(report: ReportT, section_id: str) -> str:
    section = getattr(report.sections, section_id)
    if section is None:
        return ""
    parts = [section.text, *(s.title + "\n" + s.text for s in section.subsections)]
    return "".join("".join(parts).split())


def _copied_text(
    prev: ReportT,
    pv: Sequence[Any],
    pc: Cells,
    cur: ReportT,
    cv: Sequence[Any],
    cc: Cells,
) -> Iterator[Hit]:
    for info in SECTIONS:
        if info.id not in _COPY_SECTIONS:
            continue
        a, b = _section_text(prev, info.id), _section_text(cur, info.id)
        if len(a) < _COPY_MIN_CHARS or len(b) < _COPY_MIN_CHARS:
            continue
        # Year numbers differ in every copy; compare without digits.
        a, b = _DIGITS.sub("", a), _DIGITS.sub("", b)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() < _COPY_RATIO or matcher.quick_ratio() < _COPY_RATIO:
            continue
        ratio = matcher.ratio()
        if ratio >= _COPY_RATIO:
            yield Hit(
                (f"/sections/{info.id}",),
                {
                    "section": info.title,
                    "section_en": info.title_en,
                    "similarity": f"{ratio:.2f}",
                    "previous_pointer": f"/sections/{info.id}",
                },
            )


_DIGITS = re.compile(r"\d+")

CHECKS: dict[str, Check] = {
    "blank_cells": _blank_cells,
    "edition_year": _edition_year,
    "sections": _sections,
    "extra_subtotals": _extra_subtotals,
    "fee_notices": _fee_notices,
    "narrative_requests": _narrative_requests,
    "fee_statement": _fee_statement,
    "oversight": _oversight,
    "statistics_period": _statistics_period,
    "publication_date": _publication_date,
    "rule_making": _rule_making,
    "fee_unit": _fee_unit,
    "procurement_unit": _procurement_unit,
}
"""Single-report checks by key (the key is named in the catalogue)."""
CHECKS.update(NARRATIVE_CHECKS)

KeyedCheck = tuple[
    Callable[[ReportT, Sequence[Any], Cells, "list[int] | None"], "list[Any] | None"],
    Callable[[Cells, Any], Hit],
    bool,
]

KEYED_CHECKS: dict[str, KeyedCheck] = {
    "blank_cells": (blank_rows, blank_row_hit, True),
    "sections": (missing_sections, missing_section_hit, False),
    "fee_statement": (fee_statement_missing, fee_statement_hit, False),
}
"""Checks whose hits depend only on a key drawn from the layout (hashable, of bounded
variety), as ``(keys, hit, blank_only)``: ``keys(report, values, comp, rows)`` gives the
keys of a report in order (``None``: use the plain check; ``rows``: the numbers of the rows
with a blank cell if the engine has them, else ``None``), ``hit(comp, key)`` the hit of one
key, and
``blank_only`` says that a report without a blank cell has none. The plain check in
:data:`CHECKS` yields exactly these hits; the engine may reuse a finding per key."""

SERIES_CHECKS: dict[str, SeriesCheck] = {
    "carry_over": _carry_over,
    "in_force_flow": _in_force_flow,
    "items_flow": _items_flow,
    "copied_text": _copied_text,
}
"""Cross-year checks by key: ``(previous report, …, current report, …)``."""
