"""The numeral reader reads every number as published text writes it, and nothing else."""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an  # the reference: an independent writer of Chinese numerals
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.numerals import NUMERAL, read_count, read_number

_FULL = str.maketrans("0123456789,", "０１２３４５６７８９，")
_VALUES = st.one_of(
    st.integers(0, 100), st.integers(0, 10**5), st.integers(0, 10**9), st.integers(0, 10**13)
)


@given(_VALUES, st.sampled_from(["low", "up"]))
def test_chinese_numerals_read_back_what_the_reference_writes(n: int, mode: str) -> None:
    text = cn2an.an2cn(n, mode)
    assert read_number(text) == n
    assert re.fullmatch(NUMERAL, text)


@given(_VALUES, st.booleans(), st.booleans())
def test_arabic_numerals_with_separators_and_full_width(n: int, sep: bool, full: bool) -> None:
    text = f"{n:,}" if sep else str(n)
    if full:
        text = text.translate(_FULL)
    assert read_count(text) == n
    assert re.fullmatch(NUMERAL, text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两", 2),
        ("十二", 12),
        ("一百零三", 103),
        ("３", 3),
        (" 3 ", 3),
        ("1,024", 1024),
        ("1，024", 1024),
        ("二〇二三", 2023),
        ("一百五", 150),
        ("两万三", 23000),
        ("一万亿", 10**12),
        ("一亿零五百万", 105_000_000),
        ("零", 0),
        ("十万", 100_000),
        ("1.5万", 15000),
        ("9116.36", Decimal("9116.36")),
    ],
)
def test_forms_found_in_published_reports(text: str, value: int | Decimal) -> None:
    assert read_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "一百零",
        "二十零五",
        "1,02",
        "十二三",
        "百",
        "三三百",
        "〇五",
        "一千一千",
        "12件",
        "二百一十万零",
    ],
)
def test_malformed_numbers_read_as_none(text: str) -> None:
    assert read_number(text) is None


def test_a_count_is_whole() -> None:
    assert read_count("2.5") is None
    assert read_count("两") == 2


_ZEROS = "〇○零"
_CN_DIGIT = {**dict.fromkeys(_ZEROS, 0), **{c: i for i, c in enumerate("一二三四五六七八九", 1)}}


def _date_part(text: str) -> int:
    """What a year, month or day of a published date means: digits read one by one, or a
    number of tens (十二, 三十一). Written out here independently of the reader."""
    if text.isascii():
        return int(text)
    if "十" in text:
        head, _, tail = text.partition("十")
        return (_CN_DIGIT[head] if head else 1) * 10 + (_CN_DIGIT[tail] if tail else 0)
    value = 0
    for c in text:
        value = value * 10 + _CN_DIGIT[c]
    return value


def test_every_year_month_and_day_of_a_published_date_reads_as_written() -> None:
    """The narrative reader reads dates (成文日期) and report years with read_count: every
    year, month and day its patterns admit reads as the text means it (exhaustively)."""
    import itertools

    from govdisclosure.parse._narrative import _DATE_RE, _TITLE_PARTS_RE

    chinese_years = ["".join(p) for p in itertools.product(_ZEROS + "一二三四五六七八九", repeat=4)]
    years = [str(n) for n in range(1900, 2100)] + chinese_years
    months = [str(n) for n in range(10)] + [f"{n:02d}" for n in range(100)]
    months += ["十", "十一", "十二", *"一二三四五六七八九"]
    days = [str(n) for n in range(10)] + [f"{n:02d}" for n in range(100)]
    days += [a + "十" + b for a in ("", "二", "三") for b in ("", *"一二三四五六七八九")]
    days += list("一二三四五六七八九")
    for y in years:
        m = _DATE_RE.fullmatch(f"{y}年一月一日")
        assert m is not None
        assert _TITLE_PARTS_RE.match(f"某市{y}年政府信息公开工作年度报告") is not None
        if y[0] in _ZEROS:
            # 〇一二三 is no year (nor a number: a leading 零 is refused), not the year 123.
            assert read_count(m.group("y")) is None, y
        else:
            assert read_count(m.group("y")) == _date_part(y), y
    for text in months:
        m = _DATE_RE.fullmatch(f"2021年{text}月1日")
        assert m is not None
        assert read_count(m.group("m")) == _date_part(text), text
    for text in days:
        m = _DATE_RE.fullmatch(f"2021年1月{text}日")
        assert m is not None
        assert read_count(m.group("d")) == _date_part(text), text
