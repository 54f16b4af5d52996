"""Checks that read the narrative: what the text says against the tables, and whether the
sections say anything.

The discipline is T3-R9's: a number counts only in a clear statement about the matching
table quantity (the noun and the count side by side, no qualifier that changes what is
counted); wording that could mean something else is left alone, since a false finding costs
an evaluator more than a missed one. Every statement a finding rests on is quoted in its
``matches`` param with its JSON Pointer and character offsets (``start``/``end``, Python
string indices into the member the pointer names).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from govdisclosure.layout import SECTIONS
from govdisclosure.models import NarrativeSection
from govdisclosure.numerals import NUMERAL, read_count, read_number
from govdisclosure.rules._hit import Hit
from govdisclosure.rules._instances import Cells

__all__ = ["NARRATIVE_CHECKS", "SectionText", "section_text"]

ReportT = Any  # ReportBase (kept loose: checks.py owns the alias)


# ------------------------------------------------------------------------------ text


@dataclass(frozen=True, slots=True)
class SectionText:
    """The text of one section as the checks read it, with the way back to the document.

    ``joined`` is the section's text, then each sub-heading and its text, separated by a
    blank line (so that no statement spans two members); ``flat`` is ``joined`` without the
    line breaks that wrap a sentence (PDF text breaks lines inside words: 行政复\\n议).
    """

    parts: tuple[tuple[str, int, str], ...]
    """``(pointer, start in joined, text)`` of every member read."""
    joined: str
    flat: str
    removed: tuple[int, ...]
    """Positions in ``joined`` of the characters ``flat`` leaves out."""

    def flat_parts(self) -> list[tuple[str, str]]:
        """``(pointer, text without its wrapping line breaks)`` of every member read."""
        rm, flat = self.removed, self.flat
        bounds = [start - bisect_right(rm, start) for _, start, _ in self.parts]
        ends = [b - 2 for b in bounds[1:]] + [len(flat)]
        return [(p[0], flat[a:b]) for p, a, b in zip(self.parts, bounds, ends, strict=True)]

    def locate(self, start: int, end: int) -> dict[str, Any]:
        """The match ``flat[start:end]`` as ``{"quote", "pointer", "start", "end"}``, the
        offsets into the member named by the pointer."""
        rm = self.removed
        a = _orig(rm, start) if rm else start
        b = _orig(rm, end - 1) + 1 if rm else end
        starts = [p[1] for p in self.parts]
        k = bisect_right(starts, a) - 1
        pointer, base, text = self.parts[k]
        return {
            "quote": text[a - base : b - base],
            "pointer": pointer,
            "start": a - base,
            "end": b - base,
        }


def _orig(removed: tuple[int, ...], i: int) -> int:
    """The position in ``joined`` of ``flat[i]``."""
    # Each removed position at or before the answer shifts it by one; iterate to the fixpoint.
    j = i
    while True:
        n = bisect_right(removed, j)
        if i + n == j:
            return j
        j = i + n


_END = frozenset("。；;！!？?：:")


def section_text(report: ReportT, section_id: str) -> SectionText | None:
    """The text of section ``section_id`` (``None`` if it is missing or says nothing)."""
    section: NarrativeSection | None = getattr(report.sections, section_id)
    if section is None:
        return None
    members = [section.text]
    for sub in section.subsections:
        members.append(sub.title)
        members.append(sub.text)
    return _section_text(section_id, tuple(members))


# Several checks read the same section: it is built once per distinct content (the key is
# the content itself, so an entry can never be stale).
@lru_cache(maxsize=32)
def _section_text(section_id: str, members: tuple[str, ...]) -> SectionText | None:
    base = f"/sections/{section_id}"
    parts = []
    pos = 0
    for k, text in enumerate(members):
        if text:
            if k == 0:
                pointer = f"{base}/text"
            else:
                kind = "title" if k % 2 else "text"
                pointer = f"{base}/subsections/{(k - 1) // 2}/{kind}"
            parts.append((pointer, pos, text))
            pos += len(text) + 2
    if not parts:
        return None
    joined = "\n\n".join(p[2] for p in parts)
    removed = _wraps(joined)
    if removed:
        pieces = []
        last = 0
        for i in removed:
            pieces.append(joined[last:i])
            last = i + 1
        pieces.append(joined[last:])
        flat = "".join(pieces)
    else:
        flat = joined
    return SectionText(tuple(parts), joined, flat, tuple(removed))


def _wraps(text: str) -> list[int]:
    """Positions of the line breaks (and spaces around them) that wrap a sentence: after a
    character other than a full stop, colon or space, before one other than a space."""
    out: list[int] = []
    n = len(text)
    k = text.find("\n")
    while k >= 0:
        left = k - 1
        while left >= 0 and text[left] in " \t":
            left -= 1
        right = k + 1
        while right < n and text[right] in " \t":
            right += 1
        if (
            left >= 0
            and right < n
            and not text[left].isspace()
            and text[left] not in _END
            and not text[right].isspace()
        ):
            out.extend(range(left + 1, right))
        k = text.find("\n", k + 1)
    return out


def _texts(report: ReportT, *ids: str) -> list[SectionText]:
    return [t for sid in ids if (t := section_text(report, sid)) is not None]


_NUM = rf"({NUMERAL})"
_STOP = "。；;！!？?\n"
"""Characters that end a statement: no statement is read across them."""


_REACH = 200
"""How far a clause or sentence is looked for around a word (no statement read is longer)."""
_LAST_CLAUSE_RE = re.compile(r".*[，,。；;！!？?\n：:]", re.S)
_LAST_STOP_RE = re.compile(rf".*[{_STOP}]", re.S)
_CLAUSE_END_RE = re.compile("[，,。；;！!？?\n]")


def _clause_start(text: str, i: int) -> int:
    """Where the clause holding ``text[i]`` starts (after the last ，。；： before ``i``)."""
    lo = i - _REACH if i > _REACH else 0
    m = _LAST_CLAUSE_RE.match(text, lo, i)
    return m.end() if m is not None else lo


def _sentence_start(text: str, i: int) -> int:
    """Where the sentence holding ``text[i]`` starts (after the last 。；！？ before ``i``)."""
    lo = i - _REACH if i > _REACH else 0
    m = _LAST_STOP_RE.match(text, lo, i)
    return m.end() if m is not None else lo


def _clause_end(text: str, i: int) -> int:
    """Where the clause holding ``text[i]`` ends (the next ，。； at or after ``i``, the
    colon excepted: 收到…申请：3件 reads on)."""
    hi = i + _REACH
    m = _CLAUSE_END_RE.search(text, i, hi)
    return m.start() if m is not None else min(hi, len(text))


def _windows(text: str, keywords: tuple[str, ...]) -> list[tuple[int, int]]:
    """The clauses that hold one of ``keywords``, in order, overlapping ones merged."""
    spans = []
    for kw in keywords:
        i = text.find(kw)
        while i >= 0:
            spans.append((_clause_start(text, i), _clause_end(text, i + len(kw))))
            i = text.find(kw, i + len(kw))
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


# ------------------------------------------------------------------------------ table 四

# The noun, optionally 案件/申请/数, then the count: 行政复议7件, 行政诉讼案件1件,
# 行政复议申请3件, 涉及的行政诉讼数为 0 件, 诉讼9件 (after a 行政复议 statement).
_CASE_UNIT = r"\s*(?:件|起|宗|例)"
_CASES_AFTER_RE = re.compile(
    rf"(行政复议|行政诉讼|(?<![民刑])诉讼)(?:案件|申请|案|数量|数)?\s*(?:共计|合计|共|为|有)?\s*{_NUM}{_CASE_UNIT}"
)
# The count first: 有 1 件涉及政府信息公开工作的行政复议, 收到3起行政诉讼.
_CASES_BEFORE_RE = re.compile(
    rf"{_NUM}{_CASE_UNIT}(?:[^{_STOP}，,、\d]{{0,16}}?的)?(行政复议|行政诉讼)(?!被|纠错|败诉)"
)
# None: 没有发生政府信息公开行政复议、行政诉讼等情况; 未收到…的行政复议.
_CASES_NONE_RE = re.compile(
    rf"(?<![尚])(?:未|没有|无)(?!经|审|结|被)[^{_STOP}，,\d]{{0,30}}?(行政复议|行政诉讼)"
)
# What a clause may say before the noun that makes the count something else than the total.
_CASE_QUALIFIERS = re.compile(
    r"纠错|纠正|败诉|胜诉|维持|撤销|确认违法|结转|新增|新收|审结|办结|结案|上年|去年|同比|"
    r"较|增长|下降|减少|其中|未经|复议后|直接起诉|平均|%|％|占"
)
# After a total, the outcomes: 其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件.
_OUTCOME_RE = re.compile(
    rf"(结果维持|维持|结果纠正|被纠错|纠错|纠正|其他结果|尚未审结|未审结)\s*{_NUM}{_CASE_UNIT}"
)
_OUTCOME_KEYS = {
    "结果维持": "upheld",
    "维持": "upheld",
    "结果纠正": "corrected",
    "被纠错": "corrected",
    "纠错": "corrected",
    "纠正": "corrected",
    "其他结果": "other",
    "尚未审结": "pending",
    "未审结": "pending",
}
_T4_COLUMNS = ("upheld", "corrected", "other", "pending")
_KIND = {"行政复议": "review", "行政诉讼": "litigation", "诉讼": "litigation"}
_QUANTITY = {
    "total": ("总计", "total"),
    "upheld": ("结果维持", "upheld"),
    "corrected": ("结果纠正", "corrected"),
    "other": ("其他结果", "other outcomes"),
    "pending": ("尚未审结", "pending"),
}


def _case_statements(t: SectionText) -> Iterator[tuple[str, str, int, int, int]]:
    """``(kind, quantity, stated, start, end)`` of every clear case-count statement."""
    flat = t.flat
    # Only the clauses naming a case are read: scanning the whole text costs ten times more.
    for a, b in _windows(flat, ("复议", "诉讼")):
        yield from _cases_in(flat, a, b)


def _cases_in(flat: str, a: int, b: int) -> Iterator[tuple[str, str, int, int, int]]:
    for m in _CASES_AFTER_RE.finditer(flat, a, b):
        noun = m.group(1)
        clause = flat[_clause_start(flat, m.start()) : m.start()]
        if _CASE_QUALIFIERS.search(clause) or _joined_noun(clause):
            continue
        if noun == "诉讼" and "复议" not in flat[_sentence_start(flat, m.start()) : m.start()]:
            continue  # 诉讼 alone is read only after a 行政复议 statement of the sentence
        n = read_count(m.group(2))
        if n is None:
            continue
        kind = _KIND[noun]
        yield kind, "total", n, m.start(), m.end()
        yield from _outcomes(flat, kind, m.end())
    for m in _CASES_BEFORE_RE.finditer(flat, a, b):
        clause = flat[_clause_start(flat, m.start()) : m.end()]
        if _CASE_QUALIFIERS.search(clause) or "申请" in clause.replace("行政复议申请", ""):
            continue
        n = read_count(m.group(1))
        if n is not None:
            yield _KIND[m.group(2)], "total", n, m.start(), m.end()
    for m in _CASES_NONE_RE.finditer(flat, a, b):
        end = _clause_end(flat, m.end())
        clause = flat[_clause_start(flat, m.start()) : end]
        if _CASE_QUALIFIERS.search(clause) or _ANY_COUNT_RE.search(clause):
            continue
        kinds = {_KIND[k] for k in _NOUNS_RE.findall(flat, m.start(), end)}
        for kind in sorted(kinds, reverse=True):
            yield kind, "none", 0, m.start(), end


_ANY_COUNT_RE = re.compile(rf"{NUMERAL}\s*(?:件|起|宗|例)")
_NOUNS_RE = re.compile("行政复议|行政诉讼")


def _joined_noun(clause: str) -> bool:
    """Whether the noun is the second of two sharing one count (行政复议、行政诉讼 3 件), as
    opposed to the next item of a list of counts (行政诉讼案件1件、行政复议案件2件)."""
    if not clause.endswith(("、", "和", "及", "或")):
        return False
    return re.search(r"(?:件|起|宗|例)\s*$", clause[:-1]) is None


def _outcomes(flat: str, kind: str, i: int) -> Iterator[tuple[str, str, int, int, int]]:
    """The outcomes stated after a total, up to the end of the sentence or the next noun."""
    end = min([j for c in "。；;\n" if (j := flat.find(c, i)) >= 0] or [len(flat)])
    nxt = [j for k in ("行政复议", "行政诉讼") if (j := flat.find(k, i, end)) >= 0]
    end = min([end, *nxt])
    head = flat[i : i + 4]
    if "其中" not in head:
        return
    for m in _OUTCOME_RE.finditer(flat, i, end):
        n = read_count(m.group(2))
        if n is not None:
            yield kind, _OUTCOME_KEYS[m.group(1)], n, m.start(), m.end()


def _t4_block(values: Sequence[Any], comp: Cells, block: str, column: str) -> set[int]:
    """What table 四 says of ``column`` in ``block``: the cell, and for the total also the
    sum of the outcomes (T4-R2 reports when they differ); empty when all is blank."""
    index = comp.index
    out = set()
    cell = values[index[("t4", block, column)]]
    if cell is not None:
        out.add(cell)
    if column == "total":
        items = [values[index[("t4", block, c)]] for c in _T4_COLUMNS]
        if items.count(None) < len(items):
            out.add(sum([v or 0 for v in items]))
    return out


def _t4_values(
    values: Sequence[Any], comp: Cells, kind: str, column: str, *, exact: bool
) -> set[int]:
    if kind == "review":
        return _t4_block(values, comp, "review", column)
    direct = _t4_block(values, comp, "litigation_direct", column)
    after = _t4_block(values, comp, "litigation_after_review", column)
    if not direct and not after:
        return set()
    both = {d + a for d in (direct or {0}) for a in (after or {0})}
    # 行政诉讼 N 件 is direct + after review; a text that counts one of the two is not
    # wrong beyond doubt, so either alone is accepted too (except for a statement of none).
    return both if exact else both | direct | after


def _narrative_cases(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    texts = _texts(report, "general")
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    table: dict[tuple[str, str, bool], set[int]] = {}
    for t in texts:
        for kind, quantity, n, a, b in _case_statements(t):
            column = "total" if quantity == "none" else quantity
            key = (kind, column, quantity == "none")
            accepted = table.get(key)
            if accepted is None:
                accepted = table[key] = _t4_values(values, comp, kind, column, exact=key[2])
            if accepted and n not in accepted:
                found.setdefault((kind, column), []).append({**t.locate(a, b), "stated": n})
    for (kind, column), matches in found.items():
        blocks = (
            ("review",) if kind == "review" else ("litigation_direct", "litigation_after_review")
        )
        computed = min(_t4_values(values, comp, kind, column, exact=True))
        zh, en = _QUANTITY[column]
        yield Hit(
            (*(f"/t4/{b}/{column}" for b in blocks), *{m["pointer"]: None for m in matches}),
            {
                "quote": matches[0]["quote"],
                "stated": matches[0]["stated"],
                "case": "行政复议" if kind == "review" else "行政诉讼",
                "case_en": "reconsideration" if kind == "review" else "litigation",
                "quantity": zh,
                "quantity_en": en,
                "matches": matches,
            },
            matches[0]["stated"],
            computed,
        )


# ------------------------------------------------------------------------------ table 二

_DOC_RE = re.compile(
    rf"(?<!部门)(?<!其他)(规章|规范性文件)\s*(?:共计|共)?\s*{_NUM}\s*(?:件|部)(?![\d次期])"
)
_DOC_VERBS = (
    ("in_force", re.compile(r"现行有效")),
    ("repealed", re.compile(r"废止")),
    ("issued", re.compile(r"制发|印发|出台|制定|发布|新增|公开")),
)
# A verb of another act on documents: the count is not one of table 二's.
_DOC_OTHER = re.compile(
    r"解读|审查|备案|清理|征求|评估|起草|报送|修改|修订|宣传|汇编|上报|转发|落实|执行|"
    r"拟|计划|部门|累计|历年|以来|同比|较|增长|其他|以上"
)


_DOC_ITEM = rf"(?:规章|规范性文件|文件)\s*{NUMERAL}\s*件"
_DOC_ITEM_RE = re.compile(rf"{_DOC_ITEM}[、，,]")
_DOC_ITEM_END_RE = re.compile(rf"{_DOC_ITEM}$")


def _doc_columns(before: str) -> list[str] | None:
    """The table 二 columns the verbs of ``before`` (the clause before the noun) point at;
    ``None`` if it names another act on documents (解读, 审查 …)."""
    before = _DOC_ITEM_RE.sub("", before)
    if _DOC_OTHER.search(before) or "、" in before[-2:]:
        return None
    columns = [c for c, rx in _DOC_VERBS if rx.search(before)]
    if columns[:1] == ["in_force"] and "repealed" not in columns:
        return columns[:1]  # 公开现行有效…: the documents in force
    return columns


def _doc_statements(t: SectionText) -> Iterator[tuple[str, str, int, int, int]]:
    """``(row, column, stated, start, end)`` of every clear statement of documents issued,
    repealed or in force."""
    flat = t.flat
    for m in _doc_matches(flat):
        start = _clause_start(flat, m.start())
        columns = _doc_columns(flat[start : m.start()])
        # A list of counts (主动公开规章13件，行政规范性文件60件) shares its verb.
        while columns == [] and flat[start - 1 : start] in ("，", ",", "、"):
            if _DOC_ITEM_END_RE.search(flat, max(0, start - 30), start - 1) is None:
                break
            start = _clause_start(flat, start - 1)
            columns = _doc_columns(flat[start : m.start()])
        if columns is None or len(columns) != 1:
            continue  # another act, no verb, or verbs of two kinds: not clear
        n = read_count(m.group(2))
        if n is None:
            continue
        row = "rules" if m.group(1) == "规章" else "normative_docs"
        yield row, columns[0], n, m.start(), m.end()


def _doc_matches(flat: str) -> list[re.Match[str]]:
    """The matches of ``_DOC_RE``, tried only where a noun stands."""
    out = []
    for noun in ("规章", "规范性文件"):
        i = flat.find(noun)
        while i >= 0:
            m = _DOC_RE.match(flat, i)
            if m is not None:
                out.append(m)
            i = flat.find(noun, i + len(noun))
    out.sort(key=lambda m: m.start())
    return out


_DOC_COLUMNS_2019 = {"issued": ("new_made", "new_published"), "in_force": ("published_total",)}
_ROW = {"rules": ("规章", "rules"), "normative_docs": ("规范性文件", "normative documents")}
_COLUMN = {
    "issued": ("本年制发", "issued this year"),
    "repealed": ("本年废止", "repealed this year"),
    "in_force": ("现行有效", "in force"),
    "new_made": ("本年新制作", "newly made"),
    "new_published": ("本年新公开", "newly published"),
    "published_total": ("对外公开总数量", "published in total"),
}


def _narrative_documents(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    # The trial template's table 二 names its columns otherwise (新制作, 对外公开总数量).
    trial = ("t2", "rules", "issued") not in comp.index
    texts = _texts(report, "general")
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for t in texts:
        for row, column, n, a, b in _doc_statements(t):
            columns = _DOC_COLUMNS_2019.get(column, ()) if trial else (column,)
            cells = [getattr(getattr(report.t2, row), c) for c in columns]
            stated = [v for v in cells if v is not None]
            if stated and n not in stated:
                found.setdefault((row, columns[0]), []).append({**t.locate(a, b), "stated": n})
    for (row, column), matches in found.items():
        columns = _DOC_COLUMNS_2019.get(_col_kind(column), (column,)) if trial else (column,)
        ptrs = [f"/t2/{row}/{c}" for c in columns]
        computed = getattr(getattr(report.t2, row), column)
        yield Hit(
            (*ptrs, *{m["pointer"]: None for m in matches}),
            {
                "quote": matches[0]["quote"],
                "stated": matches[0]["stated"],
                "row": _ROW[row][0],
                "row_en": _ROW[row][1],
                "column": _COLUMN[column][0],
                "column_en": _COLUMN[column][1],
                "matches": matches,
            },
            matches[0]["stated"],
            computed,
        )


def _col_kind(column: str) -> str:
    for kind, cols in _DOC_COLUMNS_2019.items():
        if column in cols:
            return kind
    return column


# ------------------------------------------------------------------------------ section 六 fees

_FEE_AMOUNT = rf"({NUMERAL})\s*(万?元)"
# 全年收取政府信息公开信息处理费 3940 元 (Huai'an 2024); 收取信息处理费 0 元 (Hongze 2023).
_FEE_COLLECTED_RE = re.compile(
    rf"(?:收取|收缴|实收|实际收取)[^{_STOP}，,\d]{{0,16}}?处理费\s*(?:共计|合计|共|为)?\s*{_FEE_AMOUNT}"
)
# 无收取信息处理费情况 (Pingtan 2021/2022); 未收取信息公开处理费 (Shanghai 2025); 未向任何机构和
# 个人收取信息处理费 (the seed); 未发生政府信息公开收费事项 (STCSM 2024).
_FEE_NONE_RE = re.compile(
    rf"(?:未|没有|无)(?:向[^{_STOP}，,\d]{{0,12}}?)?(?:收取|发生)[^{_STOP}，,\d]{{0,12}}?(?:处理费|收费)"
)
_NOTICE_RE = re.compile(
    rf"(?:发出|发送|出具|下发|送达|开具)[^{_STOP}，,\d]{{0,6}}?收费通知(?:书)?\s*(?:共|共计)?\s*"
    rf"({NUMERAL})\s*(?:件|份)"
)
_NO_NOTICE_RE = re.compile(r"(?:未|没有|无)(?:发出|发送|出具|下发)[^。；;，,\d]{0,4}?收费通知")


def _fee_statements(t: SectionText) -> Iterator[tuple[str, int | Decimal, int, int]]:
    """``(field, stated, start, end)`` of the fee statements of section 六: the fees
    collected (yuan; 0 for a statement of none) and the fee notices issued."""
    flat = t.flat
    if "费" not in flat:
        return
    for m in _FEE_COLLECTED_RE.finditer(flat):
        value = read_number(m.group(1))
        if value is not None:
            yield (
                "fees_collected_yuan",
                value * (10000 if m.group(2) == "万元" else 1),
                m.start(),
                m.end(),
            )
    for m in _FEE_NONE_RE.finditer(flat):
        if "收费通知" not in flat[m.start() : m.end() + 4]:
            yield "fees_collected_yuan", 0, m.start(), m.end()
    for m in _NOTICE_RE.finditer(flat):
        n = read_count(m.group(1))
        if n is not None:
            yield "fee_notices_issued_count", n, m.start(), m.end()
    for m in _NO_NOTICE_RE.finditer(flat):
        yield "fee_notices_issued_count", 0, m.start(), m.end()


_FEE_FIELDS = {
    "fees_collected_yuan": ("实际收取的信息处理费（元）", "fees collected (yuan)"),
    "fee_notices_issued_count": ("收费通知件数", "fee notices issued"),
}


def _fee_figures(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    other = report.sections.other_matters
    if other is None:
        return
    t = section_text(report, "other_matters")
    if t is None:
        return
    fees = other.fees
    k = comp.index.get(("t3", "results.other.fee_unpaid", "total"))
    unpaid = values[k] if k is not None else None
    found: dict[str, list[dict[str, Any]]] = {}
    for field_id, stated, a, b in _fee_statements(t):
        figure = getattr(fees, field_id) if fees is not None else None
        if figure is not None and stated != figure:
            found.setdefault(field_id, []).append({**t.locate(a, b), "stated": stated})
        elif field_id == "fee_notices_issued_count" and stated == 0 and unpaid:
            # No fee notice, yet applications closed for fees left unpaid (table 三).
            found.setdefault("unpaid", []).append({**t.locate(a, b), "stated": stated})
    for field_id, matches in found.items():
        first = matches[0]
        if field_id == "unpaid":
            assert k is not None
            pointers: tuple[str, ...] = (comp.pointers[k], first["pointer"])
            zh, en = "表三逾期未缴费不再处理的申请数", "table III requests closed for unpaid fees"
            computed = unpaid
        else:
            pointers = (f"/sections/other_matters/fees/{field_id}", first["pointer"])
            zh, en = _FEE_FIELDS[field_id]
            computed = getattr(fees, field_id)
        yield Hit(
            pointers,
            {
                "quote": first["quote"],
                "stated": first["stated"],
                "figure": zh,
                "figure_en": en,
                "matches": matches,
            },
            first["stated"],
            computed,
        )


# ------------------------------------------------------------------------------ substance

_PUNCT_RE = re.compile(r"[\s\W_]+")
_NO_PROBLEMS_RE = re.compile(
    r"(?:本年度|今年|全年)?(?:暂|均|基本)?(?:无|没有|不存在|未发现)(?:明显|突出|重大|主要)?的?"
    r"(?:问题|不足|情况|存在的问题)?"
)
_PROBLEMS_MIN = 15
_NOTHING_RE = re.compile(
    r"(?:本(?:年度|机关|单位)|我(?:局|办|委|区|县|市|镇|街道))?(?:暂|本年度)?(?:无|没有)"
    r"(?:其他|其它)?(?:需要|需|应当|应)?(?:报告|说明)?的?(?:其他|其它)?(?:事项|情况|内容)?"
)


def _content(report: ReportT, section_id: str) -> tuple[str, str] | None:
    """The text of a section (text, sub-headings and their text) and the same without
    spaces and punctuation; ``None`` when it is missing or empty (G-R2's case)."""
    t = section_text(report, section_id)
    if t is None:
        return None
    bare = _PUNCT_RE.sub("", t.joined)
    return (t.joined, bare) if bare else None


def _problems_substance(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    t = section_text(report, "problems")
    if t is None:
        return
    # Enough words at the start settle it: no "no problems" phrase is that long.
    if len(_PUNCT_RE.sub("", t.joined[:80])) >= 2 * _PROBLEMS_MIN:
        return
    c = _content(report, "problems")
    if c is None:
        return
    text, bare = c
    if _NO_PROBLEMS_RE.fullmatch(bare) or len(bare) < _PROBLEMS_MIN:
        yield Hit(("/sections/problems",), {"quote": text.strip(), "chars": len(bare)})


def _other_boilerplate(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    other = report.sections.other_matters
    if other is None or other.fees is not None:
        return
    t = section_text(report, "other_matters")
    if t is None or len(t.joined) > 60:
        return  # longer than any boilerplate phrase
    c = _content(report, "other_matters")
    if c is None:
        return
    text, bare = c
    if _NOTHING_RE.fullmatch(bare):
        yield Hit(("/sections/other_matters",), {"quote": text.strip()})


_COPY_MIN = 40
_NARRATIVE = tuple(s.id for s in SECTIONS if s.table is None)
_SECTION_INFO = {s.id: s for s in SECTIONS}


def _copied_sections(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    texts = {sid: t for sid in _NARRATIVE if (t := section_text(report, sid)) is not None}
    if len(texts) < 2:
        return
    for sid, t in texts.items():
        # The other sections at once (a NUL never occurs in text, so no match spans two).
        others = "\0".join([ot.flat for o, ot in texts.items() if o != sid])
        for pointer, text in t.flat_parts():
            # Word for word: a plain substring search in the other sections' text (with the
            # line breaks that wrap a sentence removed, as PDF text wraps a copy elsewhere).
            if len(text) < _COPY_MIN or text not in others or not pointer.endswith("/text"):
                continue
            other = next((o for o, ot in texts.items() if o != sid and text in ot.flat), None)
            if other is not None:
                mine, theirs = _SECTION_INFO[sid], _SECTION_INFO[other]
                yield Hit(
                    (pointer, f"/sections/{other}"),
                    {
                        "section": mine.title,
                        "section_en": mine.title_en,
                        "other": theirs.title,
                        "other_en": theirs.title_en,
                        "chars": len(text),
                    },
                )


# ------------------------------------------------------------------------------ year

# The year a statement is about: a paragraph that opens with it (2022年，…; 2022 年度本机关…),
# or 至 2022 年底 / 2022年全年 / 2022年度(我|本|未|共|全年).
_YEAR = r"((?:19|20)\d\d|[一二〇○零]{4})\s*年"
_YEAR_RE = re.compile(
    rf"(?:^|(?<=\n))[ \t\u3000]*{_YEAR}(?:度)?\s*[，,]|"
    rf"至\s*{_YEAR}\s*底|"
    rf"{_YEAR}(?:度)?\s*(?:全年|以来|本机关|本单位|我[办局委区县市镇厅]|未|共)"
)


def _year_statements(
    t: SectionText, years: tuple[int, ...] | None = None
) -> Iterator[tuple[int, int, int]]:
    """``(year, start, end)`` of the statements about a year (of ``years`` only, if given)."""
    flat = t.flat
    if years is None or "〇" in flat or "○" in flat:
        found = list(_YEAR_RE.finditer(flat))
    else:
        # Only where one of the years is written: scanning the whole text costs far more.
        found = []
        for y in years:
            digits = str(y)
            p = flat.find(digits)
            while p >= 0:
                m = _YEAR_RE.search(flat, max(0, p - 4), p + 20)
                if m is not None and any(r[0] == p for r in m.regs[1:]):
                    found.append(m)
                p = flat.find(digits, p + 4)
    for m in found:
        raw = next(g for g in m.groups() if g is not None)
        year = read_count(raw)
        if year is not None and (years is None or year in years):
            yield year, m.start(), m.end()


def _year_in_text(report: ReportT, values: Sequence[Any], comp: Cells) -> Iterator[Hit]:
    year = report.metadata.report_year
    matches = []
    earlier = (year - 1, year - 2, year - 3)
    for t in _texts(report, *_NARRATIVE):
        for stated, a, b in _year_statements(t, earlier):
            # Last year, or the one before: text taken over from an earlier report. A later
            # year is the plan for next year (2024年，我们将…), not a mistake.
            if year - 3 <= stated < year:
                matches.append({**t.locate(a, b), "stated": stated})
    if matches:
        yield Hit(
            (matches[0]["pointer"], "/metadata/report_year"),
            {
                "quote": matches[0]["quote"],
                "stated": matches[0]["stated"],
                "year": year,
                "matches": matches,
            },
            matches[0]["stated"],
            year,
        )


NARRATIVE_CHECKS = {
    "narrative_cases": _narrative_cases,
    "narrative_documents": _narrative_documents,
    "problems_substance": _problems_substance,
    "other_boilerplate": _other_boilerplate,
    "copied_sections": _copied_sections,
    "year_in_text": _year_in_text,
    "fee_figures": _fee_figures,
}
"""The checks of this module by key (merged into :data:`rules.checks.CHECKS`)."""
