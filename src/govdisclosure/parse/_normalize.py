"""Normalisation of labels and cell text, shared by the mapper and every front end.

Labels are compared after :func:`normalize_label`: Unicode NFKC (full-width digits, letters and
brackets become half-width), every kind of whitespace and quotation mark removed, ``、``/``，``
unified to ``,``, ``．`` to ``.``. :func:`normalize_with_map` does the same while remembering, for
each normalised character, the offset of the source character it came from, so that a match in
normalised text can be traced back to the source.

Cell text is read by :func:`read_cell`: blanks and placeholders (``""``, ``-``, ``—``, ``/``,
``无`` …) are *blank* (``None``, never 0); units (``251000元``, ``103.3879万元``), signs (``+3``,
``-185``, ``--253``) and thousands separators are understood.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govdisclosure.layout import Table

__all__ = [
    "BLANK_PLACEHOLDERS",
    "LABEL_TYPOS",
    "CellReading",
    "label_core",
    "label_enumerator",
    "normalize_label",
    "normalize_with_map",
    "read_cell",
]

_DROP = frozenset("“”\"‘’'「」『』\u00ad\u200b\u200c\u200d\ufeff")
_MAP = {"、": ",", "，": ",", ",": ",", "．": ".", "。": "。", "﹒": ".", "：": ":"}

BLANK_PLACEHOLDERS: frozenset[str] = frozenset(
    {"", "-", "--", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "─", "―", "×"}
)
"""Cell texts that mean *nothing was entered* (after whitespace is removed)."""

LABEL_TYPOS: dict[str, str] = {
    # Normalised typo as published → normalised official text. Seen in the corpus.
    "其他法律行政止公开": "其他法律行政法规禁止公开",
    "政府信息公开行政法复议": "政府信息公开行政复议",
}
"""Misspellings of official labels seen in published reports (normalised forms)."""


def _norm_char_uncached(ch: str) -> str:
    if ch.isspace() or ch in _DROP:
        return ""
    if ch in _MAP:
        return _MAP[ch]
    out = unicodedata.normalize("NFKC", ch)
    if len(out) == 1 and out.isspace():
        return ""
    return _MAP.get(out, out)


_CHAR_CACHE: dict[str, str] = {}
_CHAR_CACHE_MAX = 65536


def _norm_char(ch: str) -> str:
    n = _CHAR_CACHE.get(ch)
    if n is None:
        n = _norm_char_uncached(ch)
        if len(_CHAR_CACHE) < _CHAR_CACHE_MAX:
            _CHAR_CACHE[ch] = n
    return n


def normalize_label(text: str) -> str:
    """The comparable form of a label or any text: see the module docstring."""
    return "".join([_norm_char(ch) for ch in text])


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize_label(text)`` and, for each of its characters, the source offset."""
    out: list[str] = []
    idx: list[int] = []
    get = _CHAR_CACHE.get
    for i, ch in enumerate(text):
        n = get(ch)
        if n is None:
            n = _norm_char(ch)
        if n:
            out.append(n)
            if len(n) == 1:
                idx.append(i)
            else:
                idx.extend([i] * len(n))
    return "".join(out), idx


_ENUM_RE = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[,.]|\d+[.,])")


def label_enumerator(label: str) -> str:
    """The leading enumerator of a normalised label (``(三)``, ``四,``, ``2.``), or ``""``."""
    m = _ENUM_RE.match(label)
    return m.group(0) if m else ""


def label_core(label: str) -> str:
    """A label normalised, without its leading enumerator (``1.属于国家秘密`` → ``属于国家秘密``)."""
    n = normalize_label(label)
    return n[len(label_enumerator(n)) :]


@dataclass(frozen=True, slots=True)
class CellReading:
    """What a cell's text says."""

    raw: str
    value: Decimal | None
    """The number (``None`` when blank or unreadable); negative when ``negative``."""
    blank: bool = False
    """Empty or a placeholder: nothing was entered."""
    unit: str | None = None
    """Unit printed in the cell (元, 万元, 件, 项, 个, 条), if any."""
    negative: bool = False
    readable: bool = True
    """``False`` when the text is neither blank nor a number."""

    @property
    def is_integer(self) -> bool:
        """Whether the value is a whole number."""
        return self.value is not None and self.value == self.value.to_integral_value()


_NUM_RE = re.compile(
    r"^(?P<sign>[+\-−－﹣]*)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<unit>万元|元|件|项|个|条|次)?$"
)


_MAX_NUMBER_CHARS = 30
"""Numbers with more digits (thousands separators not counted) are not a number a report
prints (they are run-together cells). The model's largest values have fewer: a count of 16
digits, an amount of 16 + 12 (``1,000,000,000,000,000.000000000000`` is 28 digits)."""


@lru_cache(maxsize=16384)
def read_cell(raw: str) -> CellReading:
    """Read a cell's text: a blank/placeholder, or a number with optional sign and unit."""
    text = "".join(ch for ch in raw if not ch.isspace() and ch not in _DROP)
    text = unicodedata.normalize("NFKC", text)
    if text in BLANK_PLACEHOLDERS:
        return CellReading(raw, None, blank=True)
    m = _NUM_RE.match(text)
    if m is None or len(m.group("num")) - m.group("num").count(",") > _MAX_NUMBER_CHARS:
        return CellReading(raw, None, readable=False)
    try:
        value = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal digits
        return CellReading(raw, None, readable=False)
    sign = m.group("sign")
    negative = any(c in "-−－﹣" for c in sign)
    if negative:
        value = -value
    return CellReading(raw, value, unit=m.group("unit"), negative=negative)


def table_words(table: Table) -> set[str]:
    """Normalised labels ``table`` prints in its header and label cells.

    The 勾稽 note, the column-group header, block captions and corner labels, column labels,
    and the cores of row and row-group labels (row labels also head columns in 表四).
    Used to recognise where a table starts and which table a line belongs to.
    """
    words: set[str] = set()
    if table.note:
        words.add(normalize_label(table.note).strip("()"))
    if table.column_group_label:
        words.add(normalize_label(table.column_group_label))
    for block in table.blocks:
        if block.caption:
            words.add(normalize_label(block.caption))
        if block.corner_label:
            words.add(normalize_label(block.corner_label))
        for col in block.columns:
            words.add(normalize_label(col.label))
        for row in block.rows:
            words.add(label_core(row.label))
            words.update(label_core(g.label) for g in row.groups)
    return words
