"""Numbers as published Chinese text writes them: Arabic, full-width and Chinese numerals.

Reports state counts as ``12件``, ``1,024 件``, ``３件`` (full-width digits), ``十二件``,
``两件`` or ``一百零三件``, and years as ``2023年`` or ``二〇二三年``. :data:`NUMERAL` is a
regular-expression fragment matching one such number, and :func:`read_number` reads one.

Chinese numerals are read up to 亿 (including 万亿), with 两 for 2, 〇/零 for 0, the
financial forms (壹贰叁… 拾佰仟), a leading 十 (``十二`` = 12), the short form of a last digit
(``一百五`` = 150, ``两万三`` = 23 000) and digit-by-digit writing (``二〇二三`` = 2023).
Arabic numbers may carry thousands separators (``1,024``; a separator must be followed by
three digits), a decimal part and a 万/亿 multiplier (``1.2万`` = 12 000). A string that is
not one well-formed number reads as ``None``: the reader never guesses.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["NUMERAL", "read_count", "read_number"]

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = (("亿", 10**8), ("万", 10**4))
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万亿"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

NUMERAL = rf"(?:[0-9０-９]+(?:[,，][0-9０-９]{{3}})*(?:[.．][0-9０-９]+)?[万亿]?|[{_CN_CHARS}]+)"
"""A regular-expression fragment (no capturing group) matching one number as written."""

_ARABIC_RE = re.compile(r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)([万亿]?)")
_CN_RE = re.compile(f"[{_CN_CHARS}]+")


def read_number(text: str) -> int | Decimal | None:
    """The value of ``text`` if it is exactly one number (surrounding spaces aside), else
    ``None``: an ``int`` when the value is whole, a :class:`~decimal.Decimal` otherwise."""
    if text.isdigit() and text.isascii():
        return int(text)  # the usual case, read at once
    s = text.strip().translate(_FULL_WIDTH).replace("，", ",")
    if not s:
        return None
    m = _ARABIC_RE.fullmatch(s)
    if m is not None:
        digits, mult = m.groups()
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
        if mult:
            value *= 10**8 if mult == "亿" else 10**4
        return int(value) if value == value.to_integral_value() else value
    if _CN_RE.fullmatch(s) is None:
        return None
    return _read_chinese(s)


def read_count(text: str) -> int | None:
    """The value of ``text`` if it is exactly one whole number ≥ 0, else ``None``."""
    value = read_number(text)
    return value if isinstance(value, int) else None


def _read_chinese(s: str) -> int | None:
    if not any(c in _CN_UNITS or c in "万亿" for c in s):
        # Digit by digit (二〇二三); a single digit is its own value.
        if len(s) > 1 and s[0] in "零〇○":
            return None
        value = 0
        for c in s:
            value = value * 10 + _CN_DIGITS[c]
        return value
    return _read_big(s, 0)


def _read_big(s: str, level: int) -> int | None:
    """``s`` read with the big units from ``_CN_BIG[level]`` down (亿, then 万)."""
    if level == len(_CN_BIG):
        return _read_small(s)
    char, unit = _CN_BIG[level]
    i = s.rfind(char)
    if i < 0:
        return _read_big(s, level + 1)
    left, right = s[:i], s[i + 1 :]
    # 万亿: the part before 亿 may itself reach 万.
    high = _read_big(left, 1 if level == 0 else level + 1) if left else None
    if high is None or high == 0:
        return None
    if len(right) == 1 and right in _CN_DIGITS and _CN_DIGITS[right]:
        # 两万三 = 23 000: a last digit without its unit is one unit below the big unit.
        return high * unit + _CN_DIGITS[right] * (unit // 10)
    low = _read_big(right, level + 1) if right else 0
    if low is None or low >= unit or (right and not low):
        return None  # also a trailing 零 (一万零)
    return high * unit + low


def _read_small(s: str) -> int | None:
    """A number below 10 000 written with 千, 百, 十 and digits (零 marks a gap)."""
    parts = _small_parts(s)
    return None if parts is None else _small_total(*parts)


def _small_parts(s: str) -> tuple[int, int | None, int, bool] | None:
    """``s`` read up to its last unit: the total so far, a digit after it (if any), the last
    unit, and whether a 零 came after that unit; ``None`` when ``s`` is not well formed."""
    total = 0
    cur: int | None = None
    last = 10_000
    zero = False
    for c in s:
        d = _CN_DIGITS.get(c)
        if d is not None:
            if cur is not None or (d == 0 and zero and total == 0):
                return None
            if d == 0:
                zero = True
            else:
                cur = d
            continue
        u = _CN_UNITS.get(c)
        if u is None or u >= last:
            return None
        if cur is None:
            if u != 10 or total or zero:
                return None
            cur = 1  # 十二 = 12
        total += cur * u
        cur, last, zero = None, u, False
    return total, cur, last, zero


def _small_total(total: int, cur: int | None, last: int, zero: bool) -> int | None:
    """The value once a trailing digit is placed: the short form (一百五 = 150) or ones."""
    if cur is not None:
        if not zero and 10 < last < 10_000:
            cur *= last // 10  # 一百五 = 150
        elif zero and last < 10_000 and last // 10 <= 1:
            return None  # 二十零五 is not a number
        return total + cur
    if zero and total:
        return None  # a trailing 零 (一百零) is not a number
    return total
