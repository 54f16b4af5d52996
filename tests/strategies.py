"""Hypothesis strategies of valid report models of both editions (a stable, shared API).

``reports(edition=None)`` draws a :class:`~govdisclosure.models.Report2019` or
:class:`~govdisclosure.models.Report2021` (``edition`` fixes which) with every cell drawn from
the layout: blank (``None``), counts, signed counts and exact ``Decimal`` amounts (trailing
zeros and many digits included), random metadata, narrative sections with sub-headings, the
信息处理费 figures and extra rows. Text is arbitrary Unicode without surrogates (control
characters, ``\\r``, leading/trailing spaces and CJK included), so serializers meet the hard
cases.

The building blocks are public too: ``cell_values(kind)``, ``texts()``, ``amounts()``,
``metadata()``, ``sections()``, ``extra_rows()``, ``report_data(edition)``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from govdisclosure.editions import Edition
from govdisclosure.layout import CellKind, layout_for
from govdisclosure.models import MODELS, Report2019, Report2021

__all__ = [
    "amounts",
    "cell_values",
    "extra_rows",
    "metadata",
    "report_data",
    "reports",
    "sections",
    "texts",
]

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_ANY = st.characters(codec="utf-8", exclude_categories=("Cs",))
_PUNCT = st.sampled_from(list("，。、；：（）“”《》〔〕 \n\t-=+_*#|<>&\"'\\/~`[]"))


def texts(*, min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text as reports have it (CJK, punctuation, line breaks) mixed with arbitrary Unicode."""
    return st.text(alphabet=st.one_of(_CJK, _PUNCT, _ANY), min_size=min_size, max_size=max_size)


def amounts() -> st.SearchStrategy[Decimal]:
    """Exact money amounts ≥ 0: integers, fixed-point values with trailing zeros, long values."""
    return st.one_of(
        st.integers(min_value=0, max_value=10**9).map(Decimal),
        st.builds(
            lambda n, k: Decimal(n).scaleb(-k),
            st.integers(min_value=0, max_value=10**12),
            st.integers(min_value=0, max_value=6),
        ),
        st.decimals(min_value=0, max_value=10**15, places=8, allow_nan=False, allow_infinity=False),
    )


def cell_values(kind: CellKind) -> st.SearchStrategy[int | Decimal | None]:
    """A cell value of ``kind``, or ``None`` (a blank cell) about one time in five."""
    if kind == "count":
        value: st.SearchStrategy[Any] = st.one_of(
            st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=10**9)
        )
    elif kind == "signed_count":
        value = st.integers(min_value=-(10**6), max_value=10**6)
    else:
        value = amounts()
    return st.one_of(st.none(), value, value, value)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _date() -> st.SearchStrategy[str]:
    return st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)).map(
        dt.date.isoformat
    )


_CREDIT = st.from_regex(r"\A[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}\Z")


@st.composite
def metadata(draw: st.DrawFn, year: int | None = None) -> dict[str, Any]:
    """The ``metadata`` member (JSON data) of a report on ``year`` (drawn when ``None``)."""
    body: dict[str, Any] = {"name": draw(texts(min_size=1, max_size=30))}
    body["credit_code"] = draw(_opt(_CREDIT))
    body["region_code"] = draw(_opt(st.from_regex(r"\A[0-9]{6}([0-9]{6})?\Z")))
    body["level"] = draw(
        _opt(st.sampled_from(["national", "provincial", "prefectural", "county", "township"]))
    )
    body["kind"] = draw(
        _opt(st.sampled_from(["people_government", "government_office", "department", "other"]))
    )
    y = year if year is not None else draw(st.integers(min_value=2008, max_value=2100))
    out: dict[str, Any] = {"body": body, "report_year": y}
    out["title"] = draw(_opt(texts()))
    out["document_number"] = draw(_opt(texts(max_size=20)))
    out["issued_date"] = draw(_opt(_date()))
    out["publication_date"] = draw(_opt(_date()))
    out["url"] = draw(_opt(st.from_regex(r"\Ahttps?://[a-z0-9./_-]{1,30}\Z")))
    if draw(st.booleans()):
        out["statistics_period"] = {"start": f"{y}-01-01", "end": f"{y}-12-31"}
    if draw(st.booleans()):
        out["contact"] = {
            "person": draw(_opt(texts(max_size=8))),
            "department": draw(_opt(texts(max_size=12))),
            "address": draw(_opt(texts())),
            "postcode": draw(_opt(st.from_regex(r"\A[0-9]{6}\Z"))),
            "phone": draw(_opt(st.from_regex(r"\A[0-9-]{7,13}\Z"))),
            "email": draw(_opt(st.from_regex(r"\A[a-z0-9]{1,8}@[a-z]{1,6}\.cn\Z"))),
        }
    out["covering_letter"] = draw(_opt(texts(max_size=80)))
    return out


_TOPICS = ["proactive_work", "on_request_work", "info_management", "platform", "oversight"]


@st.composite
def _narrative(draw: st.DrawFn) -> dict[str, Any]:
    subs = draw(
        st.lists(
            st.fixed_dictionaries(
                {"title": texts(max_size=15), "text": texts(max_size=80)},
                optional={"topic": _opt(st.sampled_from(_TOPICS))},
            ),
            max_size=3,
        )
    )
    return {
        "title": draw(_opt(texts(max_size=20))),
        "text": draw(texts(max_size=120)),
        "subsections": subs,
    }


@st.composite
def sections(draw: st.DrawFn) -> dict[str, Any]:
    """The ``sections`` member: each section absent (``null``) or with text and sub-headings."""
    out: dict[str, Any] = {"preamble": draw(_opt(texts(max_size=80)))}
    for sid in ("general", "proactive", "requests", "review_litigation", "problems"):
        out[sid] = draw(_opt(_narrative()))
    other = draw(_opt(_narrative()))
    if other is not None and draw(st.booleans()):
        other["fees"] = {
            "fee_notices_issued_count": draw(_opt(st.integers(min_value=0, max_value=10**4))),
            "fee_notices_amount_yuan": draw(_opt(amounts())),
            "fees_collected_yuan": draw(_opt(amounts())),
            "fee_text": draw(_opt(texts())),
        }
    out["other_matters"] = other
    return out


def extra_rows(edition: Edition) -> st.SearchStrategy[list[dict[str, Any]]]:
    """The ``extra_rows`` member: rows a published report adds, with raw and read cells."""
    layout = layout_for(edition)
    row_ids = [r.id for t in layout.tables for r in t.rows]
    cell = st.fixed_dictionaries(
        {
            "column": _opt(st.sampled_from(["natural_person", "total", "decisions"])),
            "raw": texts(max_size=10),
            "value": _opt(amounts()),
            "negative": st.booleans(),
        }
    )
    row = st.fixed_dictionaries(
        {
            "table": st.sampled_from(["t2", "t3", "t4"]),
            "label": texts(max_size=20),
            "after_row": _opt(st.sampled_from(row_ids)),
            "subtotal_of": _opt(st.sampled_from(["results.withheld", "results.unable"])),
            "cells": st.lists(cell, max_size=3),
        }
    )
    return st.lists(row, max_size=2)


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    obj = doc
    for name in path[:-1]:
        obj = obj.setdefault(name, {})
    obj[path[-1]] = value


@st.composite
def report_data(draw: st.DrawFn, edition: Edition | str | None = None) -> dict[str, Any]:
    """A valid report document of ``edition`` (drawn when ``None``) as JSON data."""
    ed = Edition(edition) if edition is not None else draw(st.sampled_from(list(Edition)))
    info_year = draw(
        st.integers(min_value=2019, max_value=2020)
        if ed is Edition.TRIAL_2019
        else st.integers(min_value=2021, max_value=2035)
    )
    year = draw(st.one_of(st.just(info_year), st.integers(min_value=2008, max_value=2100)))
    doc: dict[str, Any] = {
        "edition": ed.value,
        "metadata": draw(metadata(year)),
        "sections": draw(sections()),
    }
    for ref in layout_for(ed).cells:
        _put(doc, ref.path, draw(cell_values(ref.column.kind)))
    if ed is Edition.TRIAL_2019:
        doc["t2"]["central_procurement"]["procurement_amount_unit"] = draw(
            st.sampled_from([None, "元", "万元"])
        )
    doc["extra_rows"] = draw(extra_rows(ed))
    return doc


def reports(edition: Edition | str | None = None) -> st.SearchStrategy[Report2019 | Report2021]:
    """Valid report models of ``edition`` (either edition when ``None``)."""

    def build(doc: dict[str, Any]) -> Report2019 | Report2021:
        return MODELS[Edition(doc["edition"])].model_validate(doc)

    return report_data(edition).map(build)


# ------------------------------------------------------------------------------------------
# reports as a rendered page carries them (the render → parse round trip)


def full_range_values(kind: CellKind) -> st.SearchStrategy[int | Decimal | None]:
    """A cell value of ``kind`` anywhere in the model's range (counts to 2^53 − 1, amounts to
    10^15 with up to 12 decimal places), or ``None``; small values too."""
    from govdisclosure.models._types import MAX_AMOUNT_PLACES, MAX_COUNT

    if kind == "amount":
        value: st.SearchStrategy[Any] = st.one_of(
            amounts(),
            st.builds(
                lambda n, k: Decimal(n).scaleb(-k),
                st.integers(min_value=0, max_value=10**15),
                st.integers(min_value=0, max_value=MAX_AMOUNT_PLACES),
            ).filter(lambda d: d <= 10**15),
            # Every digit used: up to 16 before the point and 12 after it (28 digits).
            st.decimals(
                min_value=0,
                max_value=10**15,
                places=MAX_AMOUNT_PLACES,
                allow_nan=False,
                allow_infinity=False,
            ),
            st.builds(
                lambda i, f: Decimal(i) + Decimal(f).scaleb(-MAX_AMOUNT_PLACES),
                st.integers(min_value=10**14, max_value=10**15 - 1),
                st.integers(min_value=10**11, max_value=10**12 - 1),
            ),
        )
    elif kind == "count":
        value = st.one_of(
            st.integers(min_value=0, max_value=99), st.integers(min_value=0, max_value=MAX_COUNT)
        )
    else:
        value = st.integers(min_value=-MAX_COUNT, max_value=MAX_COUNT)
    return st.one_of(st.none(), value, value, value)


_SHOWN = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn")
)


def shown_texts(*, max_size: int = 20) -> st.SearchStrategy[str]:
    """Text as a page shows it in a cell: no control or format character, single spaces
    between words, none at either end (HTML collapses whitespace; see docs/format)."""
    word = st.text(alphabet=st.one_of(_CJK, _SHOWN), min_size=1, max_size=8)
    return st.lists(word, max_size=3).map(" ".join).map(lambda s: s[:max_size].strip())


@st.composite
def _published_cell(draw: st.DrawFn, columns: list[str]) -> dict[str, Any]:
    column = draw(_opt(st.one_of(st.sampled_from(columns), shown_texts().filter(bool))))
    if draw(st.booleans()):
        value = draw(full_range_values("amount").filter(lambda v: v is not None))
        negative = draw(st.booleans()) and value != 0
        raw = ("-" if negative else "") + format(value, "f")
        return {"column": column, "raw": raw, "value": value, "negative": negative}
    raw = draw(st.text(alphabet=_CJK, max_size=6))
    return {"column": column, "raw": raw, "value": None, "negative": False}


def published_extra_rows(edition: Edition) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Added rows as a published page prints them, in the page's order (by table): the value
    of each cell is what its text shows (``raw`` ``"-5"`` is the value 5, negative), labels
    are shown text."""
    layout = layout_for(edition)
    by_table = {
        t.id: (
            [r.id for r in t.rows],
            sorted({g.id for r in t.rows for g in r.groups}),
            [c.id for b in t.blocks for c in b.columns],
        )
        for t in layout.tables
    }

    @st.composite
    def row(draw: st.DrawFn) -> dict[str, Any]:
        table = draw(st.sampled_from(sorted(by_table)))
        rows, groups, columns = by_table[table]
        # Ids of the layout mostly; any other non-empty text the model holds there too.
        other = shown_texts().filter(bool)
        return {
            "table": table,
            "label": draw(shown_texts()),
            "after_row": draw(_opt(st.one_of(st.sampled_from(rows), other))),
            "subtotal_of": draw(
                _opt(st.one_of(st.sampled_from(groups), other) if groups else other)
            ),
            "cells": draw(st.lists(_published_cell(columns), max_size=4)),
        }

    # In the order of the page: table 二's rows, then 三's, then 四's.
    return st.lists(row(), max_size=3).map(lambda rows: sorted(rows, key=lambda r: r["table"]))


@st.composite
def published_report_data(draw: st.DrawFn, edition: Edition | str | None = None) -> dict[str, Any]:
    """A valid report document whose tables, added rows and issuing body's level and kind a
    rendered page (HTML, Markdown, XLSX) carries: cells over the model's whole range, added
    rows as published; narrative text is arbitrary (control characters included)."""
    doc = draw(report_data(edition))
    ed = Edition(doc["edition"])
    for ref in layout_for(ed).cells:
        _put(doc, ref.path, draw(full_range_values(ref.column.kind)))
    if ed is Edition.TRIAL_2019:
        row = doc["t2"]["central_procurement"]
        if row["procurement_amount"] is None:
            # A unit beside a blank cell is not printed (docs/format: what a page carries).
            row["procurement_amount_unit"] = None
    doc["extra_rows"] = draw(published_extra_rows(ed))
    return doc


__all__ += ["full_range_values", "published_extra_rows", "published_report_data", "shown_texts"]
