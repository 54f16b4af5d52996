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
