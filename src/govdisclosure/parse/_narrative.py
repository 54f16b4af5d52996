"""The narrative of a published report: sections, sub-headings, preamble, metadata and fees.

The extractor works on the text blocks of a :class:`~govdisclosure.parse._ir.SourceDocument`
(tables excluded), so text, HTML, markdown and DOCX input are read the same way. It follows
the narrative convention of the project:

* a paragraph is one non-empty line (or one block element), stripped; internal spaces kept;
  page artefacts such as ``- 5 -`` are dropped; paragraphs are never joined;
* a section heading is a line such as ``一、总体情况`` (title variants, half-width numbering,
  numbering that restarts and the typos seen in real reports are recognised); its ``title``
  is the heading as published;
* a sub-heading is a line starting with ``（一）`` … ``（十）`` (or half-width ``(一)``) that is at
  most 30 characters long; the text before the first sub-heading is the section ``text``;
* the lines before the report title are the covering letter (报送函); the lines between the
  title and the first section are the preamble;
* section 六 yields the 信息处理费 figures the text states, and nothing else.

Refinements beyond the plain-line rule, for real input:

* a sub-heading line that continues with body text after its first ``。``/``：`` is split
  there (PDF text wraps every ~30 characters); crawler text that runs a whole report into
  one line is cut at the section headings and sub-headings it contains;
* numbered parts of section 一 that name no section of the format (Shanghai's
  ``二、工作机制保障`` … before the tables restart at ``一、``) are its sub-headings;
* a 文号 line printed right under the title is metadata, not preamble;
* in the table sections (二, 三, 四), lines left over from the tables (cells, header
  fragments, converter captions) are not narrative and are counted in a finding;
* crawler front matter (``标题:``, ``发布时间:``, ``原文链接:`` …) is read as metadata, and
  page chrome (breadcrumbs, ``附件下载``) is counted in a finding.

:func:`extract_narrative` never raises on any input; everything it could not place is kept in
the nearest section's text or reported as a finding.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from govdisclosure.findings import Finding
from govdisclosure.layout import (
    GENERAL_TOPICS,
    LAYOUTS,
    SECTIONS,
    TOPIC_KEYWORD_ORDER,
)
from govdisclosure.models._core import (
    NarrativeSection,
    OtherMattersSection,
    ProcessingFees,
    Sections,
    Subsection,
    Topic,
)
from govdisclosure.numerals import read_count
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._ir import Location, SourceTable, TextBlock

__all__ = ["NARRATIVE_CODES", "NarrativeResult", "extract_narrative"]

# --------------------------------------------------------------------------------------
# Finding codes: the catalogue is :data:`govdisclosure.parse._codes.PARSE_CODES`.

NARRATIVE_CODES: tuple[str, ...] = (
    "P-SECTION-MISSING",
    "P-SECTION-TITLE-VARIANT",
    "P-SECTION-NUMBERING",
    "P-SECTION-DUPLICATE",
    "P-SECTION-ORDER",
    "P-TEXT-BEFORE-SECTIONS",
    "P-NARRATIVE-TABLE-TEXT",
    "P-NARRATIVE-CHROME",
    "P-PERIOD-MISSING",
    "P-PERIOD-UNREADABLE",
    "P-PERIOD-MISMATCH",
    "P-DATE-UNREADABLE",
    "P-FEES-CONFLICT",
    "P-NARRATIVE-UNREADABLE",
)
"""The parse codes this module emits."""


def _finding(
    code: str,
    params: dict[str, Any],
    *,
    pointers: tuple[str, ...] = (),
    loc: Location | None = None,
) -> Finding:
    return parse_finding(code, pointers=pointers, location=loc, **params)


@dataclass(slots=True)
class NarrativeResult:
    """What :func:`extract_narrative` read.

    ``metadata`` holds the fields of :class:`~govdisclosure.models.Metadata` that the text
    states, in the model's JSON shape (dates as ``YYYY-MM-DD`` strings, ``body`` as
    ``{"name": …}``); a field the text does not state is absent.
    """

    sections: Sections
    metadata: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Normalisation

_WIDTH = str.maketrans(
    {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "．": ".", "\u3000": " "}
)
_WS_RE = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Width-normalised text with all whitespace removed (for matching only)."""
    return _WS_RE.sub("", text.translate(_WIDTH))


# --------------------------------------------------------------------------------------
# Section headings

_SECTION_IDS = tuple(s.id for s in SECTIONS)
_SECTION_BY_ID = {s.id: s for s in SECTIONS}
_TABLE_SECTIONS = frozenset(s.id for s in SECTIONS if s.table is not None)
_OFFICIAL = {_norm(s.title.split("、", 1)[-1]): s.id for s in SECTIONS}
_NUMBERS = {s.id: s.number for s in SECTIONS}

# Wording variants seen in real reports (format-spec (d) D7 and the corpus). Longer
# alternatives come first: the inline patterns must consume the whole title.
_VARIANTS: dict[str, str] = {
    "general": r"(?:政府信息公开(?:工作)?)?(?:总体|整体)(?:情况|概况)|概述",
    "proactive": (
        r"(?:行政机关)?主动公开政府信息(?:的)?(?:工作)?情况|政府信息主动公开(?:工作)?(?:的)?情况"
    ),
    "requests": (
        r"收到和处理政府信息公开申请(?:的)?情况"
        r"|(?:政府信息)?依申请公开(?:政府信息)?(?:工作)?(?:的)?(?:受理|办理|处理)?情况"
        r"|政府信息公开申请(?:的)?(?:受理|办理|处理)?情况"
    ),
    "review_litigation": (
        r"(?:因)?政府信息公开(?:工作)?(?:申请)?(?:被)?(?:申请)?行政法?复议"
        r"(?:[、，和及与]|以及)?(?:被)?(?:提起)?行政诉讼(?:的)?情况"
        r"|(?:申请)?行政复议(?:[、，和及与]|以及)?(?:提起)?行政诉讼(?:的)?情况"
    ),
    "problems": (
        r"(?:政府信息公开(?:工作)?)?存在(?:的)?(?:主要)?问题(?:及|和|与|以及)(?:其)?"
        r"(?:改进|整改)(?:情况|措施|计划|方向|举措)?"
        r"|(?:主要)?问题(?:及|和|与)(?:改进|整改)(?:情况|措施)"
    ),
    "other_matters": (
        r"其他需要报告(?:的)?事项|需要(?:报告|说明)的其他事项|其他需要说明(?:的)?事项"
        r"|其他(?:需)?(?:要)?报告(?:的)?事项|其他事项"
    ),
}
_VARIANT_RES = {k: re.compile(f"(?:{v})[。.]?") for k, v in _VARIANTS.items()}

# A numbered heading: 一、 一. 一． 1、 第一部分 … followed by the title.
_NUM_HEAD_RE = re.compile(
    r"^(?:第(?P<part>[一二三四五六七八九十]{1,2})(?:部分|章|节)[、：:.\s]?"
    r"|(?P<cn>[一二三四五六七八九十]{1,2})\s*[、.．,，]"
    r"|(?P<ar>[1-9])\s*[、．])\s*"
)
_ARABIC_TO_CN = dict(zip("123456789", "一二三四五六七八九", strict=True))
_INLINE_HEAD_RE = re.compile(
    r"(?P<num>[一二三四五六])[、．.]\s*(?P<title>"
    + "|".join(f"(?:{v})" for v in _VARIANTS.values() if v)
    + ")"
)


def _keyword_section(title: str) -> str | None:
    """Loose match of a heading title by keyword, for wording not in the variant list."""
    if "复议" in title or "诉讼" in title:
        return "review_litigation"
    if "问题" in title and ("改进" in title or "整改" in title or "不足" in title):
        return "problems"
    if "其他" in title and "事项" in title:
        return "other_matters"
    if "总体" in title or "概述" in title or "概况" in title:
        return "general"
    if "主动公开" in title:
        return "proactive"
    if "申请" in title:
        return "requests"
    return None


@dataclass(slots=True)
class _Line:
    text: str
    loc: Location


@dataclass(slots=True)
class _Candidate:
    index: int
    section: str
    score: float
    number: str | None
    exact: bool


def _heading_match(text: str) -> tuple[str, float, str | None, bool, int] | None:
    """``(section, score, numeral, exact, title_end)`` if ``text`` starts a section heading.

    ``title_end`` is the length of the heading within ``text`` (text after it is body text).
    """
    m = _NUM_HEAD_RE.match(text)
    if m is None:
        return None
    arabic = m.group("ar")
    number = m.group("part") or m.group("cn") or _ARABIC_TO_CN.get(arabic or "")
    rest = text[m.end() :]
    if not rest:
        return None
    norm_rest = _norm(rest)
    if len(norm_rest) <= 40 and "。" not in norm_rest[:-1]:
        whole = norm_rest.rstrip("。.")
        sid = _OFFICIAL.get(whole)
        if sid is not None:
            return sid, 3.0, number, True, len(text)
        for key, rx in _VARIANT_RES.items():
            if rx.fullmatch(norm_rest):
                return key, 2.0, number, False, len(text)
    # A heading followed by body text on the same line (PDF or crawler text).
    for key, rx in _VARIANT_RES.items():
        vm = rx.match(rest.translate(_WIDTH))
        if vm is not None and vm.end() < len(rest):
            exact = _OFFICIAL.get(_norm(vm.group(0)).rstrip("。.")) == key
            return key, 3.0 if exact else 2.0, number, exact, m.end() + vm.end()
    if arabic is None and _keyword_heading_text(norm_rest):
        sid = _keyword_section(norm_rest)
        if sid is not None:
            return sid, 1.0, number, False, len(text)
    return None


def _keyword_heading_text(norm_rest: str) -> bool:
    """Whether a numbered line's text is short heading text (no prose, no figures, no label)."""
    return (
        len(norm_rest) <= 30
        and not any(c in norm_rest for c in "。，；")
        and not any(c.isdigit() for c in norm_rest)
        and not norm_rest.startswith(_LABEL_HEADS)
    )


def _choose_headings(cands: list[_Candidate]) -> list[_Candidate]:
    """The best-scoring subsequence of candidates whose sections follow the official order.

    Ties go to later candidates, so that a table of contents or a restarted numbering in a
    narrative part loses to the headings of the report proper. Linear in the number of
    candidates: for each section only the best chain ending in it so far is kept.
    """
    order = {sid: i for i, sid in enumerate(_SECTION_IDS)}
    # best chain (score, index of its last candidate) ending in a candidate of each section
    ends: list[tuple[float, int]] = [(-1.0, -1)] * len(_SECTION_IDS)
    prev: list[int] = [-1] * len(cands)
    for i, c in enumerate(cands):
        k = order[c.section]
        base, link = 0.0, -1
        for score, at in ends[:k]:
            if at >= 0 and score >= base:
                base, link = score, at
        total = base + c.score
        prev[i] = link
        if total >= ends[k][0]:
            ends[k] = (total, i)
    best = max((e for e in ends if e[1] >= 0), default=None)
    if best is None:
        return []
    chosen: list[_Candidate] = []
    at = best[1]
    while at >= 0:
        chosen.append(cands[at])
        at = prev[at]
    chosen.reverse()
    return chosen


# --------------------------------------------------------------------------------------
# Sub-headings

_SUB_RE = re.compile(r"^[（(]\s*(?P<n>十[一二三四五六七八九]?|[一二三四五六七八九])\s*[）)]")
_SUB_INLINE_RE = re.compile(
    r"(?<=[。；：:！？!?;\s])[（(]\s*(?:十[一二三四五六七八九]?|[一二三四五六七八九])\s*[）)]"
)
_SUB_TITLE_END_RE = re.compile(r"[。：:]")
# Crawler text separates a run-in sub-heading from its text by a space only.
_SUB_TITLE_GAP_RE = re.compile(r"(?<=[^\d\s])\s+(?=[^\s\d年月日])")
_SUB_MAX = 30


def _split_subheading(text: str) -> tuple[str, str] | None:
    """``(title, rest)`` if ``text`` is a sub-heading line, else ``None``.

    A line of at most 30 characters is a sub-heading as a whole, unless body text follows
    its first ``。``/``：`` (wrapped PDF text); a longer line is one only when such a mark, or
    in crawler text a space, ends a title of at most 30 characters.
    """
    if _SUB_RE.match(text) is None or _looks_tabular(text):
        return None
    m = _SUB_TITLE_END_RE.search(text, 3, _SUB_MAX + 1)
    end = m.end() if m is not None else None
    if len(text) > _SUB_MAX:
        g = _SUB_TITLE_GAP_RE.search(text, 3, _SUB_MAX + 1)
        if g is not None and (m is None or g.start() < m.start()):
            return text[: g.start()], text[g.end() :].strip()
        if end is None:
            return None
    if end is not None and text[end:].strip():
        return text[:end].rstrip(), text[end:].strip()
    return text, ""


# --------------------------------------------------------------------------------------
# Page artefacts, crawler chrome and table residue

_PAGE_RE = re.compile(
    r"^(?:[-—–－―~]+\s*\d{1,4}\s*[-—–－―~]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
# ``[=*-]{3}.*[=*-]{3}`` and not ``{3,}`` on both sides: the same lines, but the open runs
# around ``.*`` made a line of 5,000 asterisks and a word take minutes (cubic backtracking).
_CHROME_RE = re.compile(
    r"^(?:[=*\-]{3}.*[=*\-]{3}|[=*\-]{3,}|正文|附件下载|页面链接与图片详见.*|当前位置[:：].{0,60}|打印本页|关闭窗口)$"
)
# Crawler text runs page chrome into the first and last lines of the report.
_BREADCRUMB_RE = re.compile(r"^当前位置\s*[:：].{0,300}?-->\s*")
# The look-behind starts a match only where a run of spaces starts: without it a line of n
# spaces not followed by the chrome takes n² steps (a 56 KB crawler record took 18 s).
_TRAILING_CHROME_RE = re.compile(r"(?<!\s)\s+(?:附件下载|打印本页|关闭窗口)$")
_HEADER_RE = re.compile(
    r"^(?P<key>标题|发布时间|发布日期|文号|发文字号|发布机构|发文机关|栏目|原文链接|本地目录|来源"
    r"|成文日期|索引号|主题分类|信息来源|生成日期|公开方式|公开范围)\s*[:：]\s*(?P<value>.{0,200})$"
)
_TABLEISH_CHARS = frozenset("0123456789.,-+%元 \t")
_PROSE_MARKS = frozenset("，。；：！？,;:!?")


def _label_fragments() -> tuple[frozenset[str], str]:
    labels: set[str] = set()
    for layout in LAYOUTS.values():
        for t in layout.tables:
            labels.update(x for x in (t.title, t.note, t.column_group_label) if x)
            for b in t.blocks:
                labels.update(x for x in (b.caption, b.corner_label) if x)
                for c in b.columns:
                    labels.add(c.label)
                    if c.group:
                        labels.add(c.group)
                for r in b.rows:
                    labels.add(r.label)
                    labels.update(g.label for g in r.groups)
    norm = frozenset(_norm(x) for x in labels if x)
    return norm, "\n".join(sorted(norm))


_LABELS, _LABEL_BLOB = _label_fragments()
# A converter's caption of a table (表二：主动公开政府信息情况) names it by its short label.
_TABLE_SHORT_LABELS = tuple(sorted({t.short_label for lay in LAYOUTS.values() for t in lay.tables}))
_LABEL_HEADS = tuple(sorted({x[:4] for x in _LABELS if len(x) >= 4}))


_LABEL_BIGRAMS = frozenset(_LABEL_BLOB[i : i + 2] for i in range(len(_LABEL_BLOB) - 1))
_NOT_HAN_RE = re.compile(r"[^\u4e00-\u9fff（）]")


def _mostly_label_text(norm: str) -> bool:
    """Whether a line is shredded label text (PDF converters interleave header cells).

    Judged by character pairs: in such lines at least 80 % of the pairs occur in the
    official labels, in prose about the tables well under 70 %.
    """
    han = _NOT_HAN_RE.sub("", norm)
    pairs = len(han) - 1
    if pairs < 6:
        return False
    hits = sum(1 for i in range(pairs) if han[i : i + 2] in _LABEL_BIGRAMS)
    return hits >= 0.8 * pairs


def _looks_tabular(text: str) -> bool:
    """Whether a line is made of table cells: tabs, or mostly digits and separators."""
    if "\t" in text:
        return True
    n = sum(1 for c in text if c in _TABLEISH_CHARS)
    return n * 2 >= len(text) and any(c.isdigit() for c in text)


def _is_table_residue(text: str) -> bool:
    """Whether a line in a table section is left over from the table rather than prose.

    Prose has sentence punctuation and is not part of an official label; a short line
    without punctuation (a header fragment such as ``审结 总 计``) is table text.
    """
    if _looks_tabular(text) or text.startswith(("|", "#")):
        return True
    norm = _norm(text)
    if not norm or norm in _LABEL_BLOB:
        return True
    if norm.startswith(_TABLE_SHORT_LABELS) or _mostly_label_text(norm):
        return True
    if _SUB_RE.match(norm) is not None:
        return False
    if not any(c in norm for c in _PROSE_MARKS):
        return True
    return norm.startswith(_LABEL_HEADS) and not norm.endswith("。")


# --------------------------------------------------------------------------------------
# Metadata

_TITLE_RE = re.compile(
    r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*度?.{0,40}?"
    r"(?:政府信息公开|政务公开|信息公开).{0,12}?(?:报告|年报)$"
)
_TITLE_INLINE_RE = re.compile(
    r"^(?P<title>\S{0,40}?(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s?年度?\S{0,30}?"
    r"(?:政府信息公开|政务公开)\S{0,10}?(?:报告|年报))\s+(?=\S)"
)
_TITLE_PARTS_RE = re.compile(
    r"^(?P<pre>.*?)\s*(?P<year>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*度?\s*"
    r"(?P<mid>.*?)\s*(?:政府信息公开|政务公开|信息公开)"
)
_ORG_END_RE = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|局|委员会|委|厅|中心|院|街道|办事处|管委会|办|区|县|市|镇|乡"
    r"|所|队|会|署|处|站|馆|社|部)$"
)
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?P<d>\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日"
)
_ISO_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
_DOCNUM_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,16}\s*[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*第?\s*\d{1,5}\s*号$"
)
_PERIOD_RE = re.compile(
    r"统计(?:期限|时限|周期|时间|期间|区间|范围|口径)?\s*(?:为|是|：|:)?\s*(?:自|从)?\s*"
    r"(?P<start>[^，。；,;]{4,24}?日)\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?P<end>[^，。；,;]{2,24}?日)\s*(?:止)?"
)
_PERIOD_HINT_RE = re.compile(r"统计(?:期限|时限|周期|期间|区间)")
_URL_RE = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_CONTACT_RES: dict[str, re.Pattern[str]] = {
    "person": re.compile(r"联\s*系\s*人\s*[:：]\s*(?P<v>[\u4e00-\u9fff·]{2,8})"),
    "address": re.compile(
        r"(?:联\s*系\s*)?(?:通\s*讯\s*|办\s*公\s*)?地\s*址\s*[:：]\s*(?P<v>[^，,；;）)。\n]{4,80})"
    ),
    "postcode": re.compile(r"(?:邮\s*政\s*编\s*码|邮\s*编)\s*[:：]\s*(?P<v>\d{6})(?!\d)"),
    "phone": re.compile(
        r"(?:联\s*系\s*|咨\s*询\s*|办\s*公\s*)?电\s*话(?:\s*/\s*传\s*真)?\s*[:：]\s*"
        r"(?P<v>[0-9][0-9\-－—()（） 、/]{4,40}[0-9])"
    ),
    "email": re.compile(
        r"(?:电\s*子\s*(?:邮\s*箱|信\s*箱|邮\s*件)|邮\s*箱|E-?mail)\s*[:：]\s*"
        r"(?P<v>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})",
        re.IGNORECASE,
    ),
    "department": re.compile(r"请与\s*(?P<v>[^，,。；;（(：:]{2,40}?)\s*联系"),
}


def _to_date(y: str, m: str, d: str) -> _dt.date | None:
    yi, mi, di = read_count(y), read_count(m), read_count(d)
    if yi is None or mi is None or di is None:
        return None
    try:
        return _dt.date(yi, mi, di)
    except ValueError:
        return None


def _date_of(text: str, default_year: int | None = None) -> _dt.date | None:
    m = _DATE_RE.search(text)
    if m is not None:
        return _to_date(m.group("y"), m.group("m"), m.group("d"))
    m = _ISO_DATE_RE.search(text)
    if m is not None:
        return _to_date(m.group("y"), m.group("m"), m.group("d"))
    if default_year is not None:
        short = re.search(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日", text)
        if short is not None:
            return _to_date(str(default_year), short.group("m"), short.group("d"))
    return None


_STANDALONE_DATE_RE = re.compile(
    r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*"
    r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日$"
)


_NAMED_REPORT_RE = re.compile(
    r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*度?\s*政府信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_COMPILED_BY_RE = re.compile(
    r"由\s*([^，。,；由《》]{2,30}?)\s*(?:(?:根据|依据|按照)[^，。；]{0,60}?)?(?:负责)?编制"
)


def _body_from_title(title: str) -> str | None:
    m = _TITLE_PARTS_RE.match(title)
    if m is None:
        return None
    for part in (m.group("pre"), m.group("mid")):
        name = part.strip().strip('《》“”"')
        if len(name) >= 2 and not name.startswith("关于"):
            return name
    return None


def _year_from_title(title: str) -> int | None:
    m = _TITLE_PARTS_RE.match(title)
    return read_count(m.group("year")) if m is not None else None


# --------------------------------------------------------------------------------------
# Fees (section 六)

_FEE_MENTION_RE = re.compile(r"处理费|收费")
_AMOUNT = r"(?P<amount>\d+(?:[.,]\d+)*)\s*(?P<unit>万?元)"
_FEE_ZERO_RE = re.compile(
    r"(?:未|没有|无|不存在|均未|未曾|并未|从未)[^。；]{0,24}?(?:收取|收缴|征收|产生|发生)[^。；]{0,16}?"
    r"(?:处理费|收费)"
    r"|处理费[^。；\d]{0,12}?(?:为零|为0元|(?<![\d.])0元|零元)"
    r"|无(?:收取)?(?:信息)?处理费"
)
_FEE_COLLECTED_RE = re.compile(
    r"(?:收取|收缴|征收|实收|实际收取)[^。；\d]{0,24}?(?:处理费|费用)[^。；\d]{0,12}?"
    r"(?:共计|合计|总计|共|计)?\s*" + _AMOUNT
)
_FEE_NOTICE_RE = re.compile(
    r"(?:发出|发送|出具|下发|送达|开具)[^。；\d]{0,8}?收费通知(?:书)?[^。；\d]{0,6}?"
    r"(?P<count>\d+)\s*(?:件|份|次|个)"
    r"(?:[^。；\d]{0,16}?(?:金额|总金额|共计|合计|总计|计)[^。；\d]{0,6}?" + _AMOUNT + r")?"
)
_FEE_NO_NOTICE_RE = re.compile(r"(?:未|没有|无)(?:发出|发送|出具|下发)[^。；\d]{0,4}?收费通知")


def _yuan(amount: str, unit: str) -> Decimal | None:
    try:
        value = Decimal(amount.replace(",", ""))
    except InvalidOperation:
        return None
    return value * 10000 if unit.startswith("万") else value


def _read_fees(paragraphs: list[_Line], findings: list[Finding]) -> ProcessingFees | None:
    fee_lines = [p for p in paragraphs if _FEE_MENTION_RE.search(p.text)]
    if not fee_lines:
        return None
    text = "\n".join(p.text for p in fee_lines)
    flat = _WS_RE.sub("", text)
    count: int | None = None
    notice_amount: Decimal | None = None
    collected: Decimal | None = None
    m = _FEE_NOTICE_RE.search(flat)
    if m is not None:
        count = int(m.group("count"))
        if m.group("amount") is not None:
            notice_amount = _yuan(m.group("amount"), m.group("unit"))
    elif _FEE_NO_NOTICE_RE.search(flat):
        count = 0
    c = _FEE_COLLECTED_RE.search(flat)
    if c is not None and not (m is not None and c.start() >= m.start() and c.end() <= m.end()):
        collected = _yuan(c.group("amount"), c.group("unit"))
    zero = _FEE_ZERO_RE.search(flat) is not None
    if zero:
        if collected is not None and collected != 0:
            findings.append(
                _finding(
                    "P-FEES-CONFLICT",
                    {"amount": format(collected, "f")},
                    pointers=("/sections/other_matters/fees/fees_collected_yuan",),
                    loc=fee_lines[0].loc,
                )
            )
        elif collected is None:
            collected = Decimal(0)
    return ProcessingFees(
        fee_notices_issued_count=count,
        fee_notices_amount_yuan=notice_amount,
        fees_collected_yuan=collected,
        fee_text=text,
    )


# --------------------------------------------------------------------------------------
# Lines


def _lines(blocks: Iterable[TextBlock | SourceTable]) -> list[_Line]:
    out: list[_Line] = []
    for b in blocks:
        if not isinstance(b, TextBlock):
            continue
        text = b.text
        if "\n" not in text and "\r" not in text:
            s = text.strip()
            if s:
                out.append(_Line(s, b.loc))
            continue
        for i, raw in enumerate(text.splitlines()):
            s = raw.strip()
            if not s:
                continue
            loc = b.loc
            if i and loc.line is not None:
                loc = dataclasses.replace(loc, line=loc.line + i, column=None, offset=None)
            out.append(_Line(s, loc))
    return out


def _split_inline_headings(lines: list[_Line]) -> list[_Line]:
    """Cut lines that run several sections together (crawler text) at their headings."""
    out: list[_Line] = []
    for line in lines:
        text = line.text
        if len(text) < 60 or _INLINE_HEAD_RE.search(text, 1) is None:
            out.append(line)
            continue
        start = 0
        for m in _INLINE_HEAD_RE.finditer(text):
            if m.start() == 0:
                continue
            head = text[start : m.start()].strip()
            if head:
                out.append(_Line(head, line.loc))
            start = m.start()
        tail = text[start:].strip()
        if tail:
            out.append(_Line(tail, line.loc))
    return out


def _split_inline_subheadings(text: str) -> list[str]:
    if len(text) < 60:
        return [text]
    parts: list[str] = []
    start = 0
    for m in _SUB_INLINE_RE.finditer(text):
        candidate = text[m.start() :]
        if _split_subheading(candidate[: _SUB_MAX + 40]) is None:
            continue
        head = text[start : m.start()].strip()
        if head:
            parts.append(head)
        start = m.start()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts or [text]


# --------------------------------------------------------------------------------------
# Extraction


@dataclass(slots=True)
class _SectionBuf:
    sid: str
    title: str
    loc: Location
    text: list[str] = field(default_factory=list)
    subs: list[tuple[str, list[str]]] = field(default_factory=list)
    paragraphs: list[_Line] = field(default_factory=list)
    residue: list[_Line] = field(default_factory=list)
    tables_apart: bool = False


_TOPIC_KEYWORDS = {t.id: t.keyword for t in GENERAL_TOPICS}


def _topic(title: str) -> Topic | None:
    for tid in TOPIC_KEYWORD_ORDER:
        if _TOPIC_KEYWORDS[tid] in title:
            return cast(Topic, tid)
    return None


def extract_narrative(
    blocks: Sequence[TextBlock | SourceTable], *, tables_apart: bool = False
) -> NarrativeResult:
    """Read the narrative of a report from its text blocks (tables, if passed, are skipped).

    ``tables_apart``: the format keeps its tables apart from its text (HTML, DOCX); a short
    line without punctuation under a table's section is then the report's text, and only a
    line made of table cells (digits and separators, tabs, pipes) is left out as table residue.

    Returns the six sections and the preamble as a :class:`~govdisclosure.models.Sections`,
    the metadata the text states, and findings (``P-SECTION-MISSING``,
    ``P-SECTION-TITLE-VARIANT``, ``P-PERIOD-…`` …). Never raises: should the text defeat the
    reader, the result is empty and carries a ``P-NARRATIVE-UNREADABLE`` error finding, so
    that the tables of the report are still read.
    """
    try:
        return _extract(blocks, tables_apart)
    except Exception as e:
        # The contract is "never raise"; losing the text must not lose the tables too.
        finding = _finding("P-NARRATIVE-UNREADABLE", {"error": f"{type(e).__name__}: {e}"[:200]})
        return NarrativeResult(sections=Sections(), findings=[finding])


def _clean_lines(
    blocks: Sequence[TextBlock | SourceTable],
) -> tuple[list[_Line], dict[str, str], list[_Line]]:
    """The text lines without page numbers and site chrome, the crawler's header block
    (``标题: …`` lines before the text) and the chrome taken out."""
    header: dict[str, str] = {}
    chrome: list[_Line] = []
    kept: list[_Line] = []
    for ln in _split_inline_headings(_lines(blocks)):
        if _PAGE_RE.match(ln.text):
            continue
        hm = _HEADER_RE.match(ln.text)
        if hm is not None and not kept:
            header.setdefault(hm.group("key"), hm.group("value").strip())
            continue
        if _CHROME_RE.match(ln.text):
            chrome.append(ln)
            continue
        bc = _BREADCRUMB_RE.match(ln.text)
        if bc is not None:
            chrome.append(_Line(bc.group(0).strip(), ln.loc))
            ln = _Line(ln.text[bc.end() :], ln.loc)
        tc = _TRAILING_CHROME_RE.search(ln.text)
        if tc is not None:
            chrome.append(_Line(tc.group(0).strip(), ln.loc))
            ln = _Line(ln.text[: tc.start()], ln.loc)
        if ln.text.strip():
            kept.append(_Line(ln.text.strip(), ln.loc))
    return kept, header, chrome


_Head = tuple[str, float, str | None, bool, int]


def _section_headings(lines: list[_Line]) -> tuple[dict[int, _Head], list[_Candidate]]:
    """Every line that could head a section, and the best ordered choice among them."""
    cands: list[_Candidate] = []
    heads: dict[int, _Head] = {}
    for i, ln in enumerate(lines):
        hm = _heading_match(ln.text)
        if hm is not None:
            heads[i] = hm
            bonus = 0.5 if hm[2] == _NUMBERS[hm[0]] else 0
            cands.append(_Candidate(i, hm[0], hm[1] + bonus, hm[2], hm[3]))
    return heads, _choose_headings(cands)


@dataclass(slots=True)
class _Front:
    """What precedes the first section: title, covering letter, preamble."""

    title: str | None = None
    letter: list[_Line] = field(default_factory=list)
    preamble: list[_Line] = field(default_factory=list)
    docnum_under_title: str | None = None


def _front_matter(
    lines: list[_Line], first: int, header: dict[str, str], findings: list[Finding]
) -> _Front:
    """Title, covering letter and preamble of the lines before line ``first``."""
    front = _Front()
    title_start, title_end = _find_title(lines, first)
    if title_end >= 0:
        front.letter = lines[:title_start]
        front.title = "".join(ln.text for ln in lines[title_start : title_end + 1])
        front.preamble = lines[title_end + 1 : first]
        # A 文号 printed under the title belongs to the title block, not to the preamble.
        if front.preamble and _DOCNUM_RE.match(front.preamble[0].text):
            front.docnum_under_title = front.preamble[0].text
            front.preamble = front.preamble[1:]
    else:
        inline = _TITLE_INLINE_RE.match(lines[0].text) if first > 0 else None
        if inline is not None:
            front.title = inline.group("title")
            rest = lines[0].text[inline.end() :].strip()
            front.preamble = [_Line(rest, lines[0].loc), *lines[1:first]]
        else:
            front.preamble = lines[:first]
            if front.preamble and not header.get("标题"):
                findings.append(
                    _finding(
                        "P-TEXT-BEFORE-SECTIONS",
                        {"count": len(front.preamble)},
                        pointers=("/sections/preamble",),
                        loc=front.preamble[0].loc,
                    )
                )
    if front.title is None and header.get("标题"):
        front.title = header["标题"]
    return front


def _open_section(
    ln: _Line, cand: _Candidate, head: _Head, tables_apart: bool, findings: list[Finding]
) -> _SectionBuf:
    """The section a chosen heading line opens (findings on its title and number)."""
    _, _, number, exact, end = head
    published = ln.text[:end].strip()
    buf = _SectionBuf(cand.section, published, ln.loc, tables_apart=tables_apart)
    official = _SECTION_BY_ID[cand.section]
    pointers = (f"/sections/{cand.section}/title",)
    if not exact:
        findings.append(
            _finding(
                "P-SECTION-TITLE-VARIANT",
                {"published": published, "title": official.title},
                pointers=pointers,
                loc=ln.loc,
            )
        )
    if number is not None and number != official.number:
        findings.append(
            _finding(
                "P-SECTION-NUMBERING",
                {"published": published, "number": official.number},
                pointers=pointers,
                loc=ln.loc,
            )
        )
    rest = ln.text[end:].strip()
    if rest:
        _add_paragraph(buf, _Line(rest, ln.loc), None)
    return buf


def _section_bodies(
    lines: list[_Line],
    heads: dict[int, _Head],
    chosen: list[_Candidate],
    tables_apart: bool,
    findings: list[Finding],
) -> dict[str, _SectionBuf]:
    """The lines from the first chosen heading on, section by section."""
    chosen_at = {c.index: c for c in chosen}
    chosen_ids = {c.section for c in chosen}
    bufs: dict[str, _SectionBuf] = {}
    current: _SectionBuf | None = None
    for i in range(chosen[0].index if chosen else len(lines), len(lines)):
        ln = lines[i]
        cand = chosen_at.get(i)
        if cand is not None:
            current = _open_section(ln, cand, heads[i], tables_apart, findings)
            bufs[cand.section] = current
            continue
        if current is None:  # pragma: no cover - the range starts at the first chosen heading
            continue
        loose_head = current.sid == "general" and _is_loose_head(ln.text)
        if i in heads and heads[i][1] >= 2 and not loose_head:
            # A heading of the format that does not fit the order of the others stays text.
            code = "P-SECTION-DUPLICATE" if heads[i][0] in chosen_ids else "P-SECTION-ORDER"
            findings.append(
                _finding(
                    code,
                    {
                        "published": ln.text,
                        "title": _SECTION_BY_ID[heads[i][0]].title,
                        "kept_in": _SECTION_BY_ID[current.sid].title,
                    },
                    pointers=(f"/sections/{current.sid}",),
                    loc=ln.loc,
                )
            )
        _add_paragraph(current, ln, ln.text if loose_head else None)
    return bufs


def _section_model(sid: str, buf: _SectionBuf, findings: list[Finding]) -> Any:
    """The model of one section read."""
    info = _SECTION_BY_ID[sid]
    if buf.residue:
        findings.append(
            _finding(
                "P-NARRATIVE-TABLE-TEXT",
                {"title": info.title, "count": len(buf.residue)},
                pointers=(f"/sections/{sid}/text",),
                loc=buf.residue[0].loc,
            )
        )
    subs = [
        Subsection(title=t, text="\n".join(ps), topic=_topic(t) if sid == "general" else None)
        for t, ps in buf.subs
    ]
    if sid == "other_matters":
        return OtherMattersSection(
            title=buf.title,
            text="\n".join(buf.text),
            subsections=subs,
            fees=_read_fees(buf.paragraphs, findings),
        )
    return NarrativeSection(title=buf.title, text="\n".join(buf.text), subsections=subs)


def _section_models(bufs: dict[str, _SectionBuf], findings: list[Finding]) -> dict[str, Any]:
    """Every section read, in the official order; a missing one is a finding."""
    sections: dict[str, Any] = {}
    for sid in _SECTION_IDS:
        buf = bufs.get(sid)
        if buf is None:
            findings.append(
                _finding(
                    "P-SECTION-MISSING",
                    {"title": _SECTION_BY_ID[sid].title},
                    pointers=(f"/sections/{sid}",),
                )
            )
            continue
        sections[sid] = _section_model(sid, buf, findings)
    return sections


def _extract(
    blocks: Sequence[TextBlock | SourceTable], tables_apart: bool = False
) -> NarrativeResult:
    findings: list[Finding] = []
    lines, header, chrome = _clean_lines(blocks)
    heads, chosen = _section_headings(lines)
    first = chosen[0].index if chosen else len(lines)
    front = _front_matter(lines, first, header, findings)
    bufs = _section_bodies(lines, heads, chosen, tables_apart, findings)
    sections = _section_models(bufs, findings)
    if chrome:
        findings.append(
            _finding(
                "P-NARRATIVE-CHROME",
                {"count": len(chrome), "lines": [c.text[:80] for c in chrome]},
                loc=chrome[0].loc,
            )
        )
    if front.docnum_under_title is not None and not header.get("文号"):
        header["文号"] = front.docnum_under_title
    src = _MetaSource(front.title, header, front.letter, front.preamble, lines, bufs)
    metadata = _read_metadata(src, findings)
    if front.letter:
        metadata["covering_letter"] = "\n".join(ln.text for ln in front.letter)
    preamble = "\n".join(ln.text for ln in front.preamble) if front.preamble else None
    result = Sections(preamble=preamble, **sections)
    return NarrativeResult(sections=result, metadata=metadata, findings=findings)


def _is_loose_head(text: str) -> bool:
    """A short numbered heading (``二、工作机制保障``) that names no section of the format."""
    m = _NUM_HEAD_RE.match(text)
    if m is None or m.group("cn") is None:
        return False
    rest = _norm(text[m.end() :])
    return (
        0 < len(rest) <= 20
        and not any(c in rest for c in _PROSE_MARKS)
        and not any(c.isdigit() for c in rest)
        and not rest.startswith(_LABEL_HEADS)
    )


def _add_paragraph(buf: _SectionBuf, ln: _Line, forced_title: str | None) -> None:
    if buf.sid in _TABLE_SECTIONS:
        residue = (
            _looks_tabular(ln.text) or ln.text.startswith("|")
            if buf.tables_apart
            else _is_table_residue(ln.text)
        )
        if residue:
            buf.residue.append(ln)
        else:
            buf.text.append(ln.text)
            buf.paragraphs.append(ln)
        return
    if forced_title is not None:
        buf.subs.append((forced_title, []))
        return
    for part in _split_inline_subheadings(ln.text):
        sub = _split_subheading(part)
        if sub is not None:
            buf.subs.append((sub[0], []))
            if sub[1]:
                buf.subs[-1][1].append(sub[1])
                buf.paragraphs.append(_Line(sub[1], ln.loc))
            continue
        (buf.subs[-1][1] if buf.subs else buf.text).append(part)
        buf.paragraphs.append(_Line(part, ln.loc))


def _find_title(lines: list[_Line], first: int) -> tuple[int, int]:
    """``(start, end)`` line indexes of the report title before ``first``; ``(-1, -1)`` if none."""
    for end in range(first - 1, -1, -1):
        for k in range(3):
            start = end - k
            if start < 0:
                break
            parts = lines[start : end + 1]
            if any(len(p.text) > 60 or "。" in p.text or "《" in p.text for p in parts):
                break
            joined = "".join(p.text for p in parts)
            if _TITLE_RE.search(joined) is None or joined.startswith("关于"):
                continue
            # A body-name line printed above a title that starts with the year.
            if start > 0 and re.match(r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})", joined):
                above = lines[start - 1].text
                if (
                    len(above) <= 30
                    and _ORG_END_RE.search(above)
                    and not any(c in above for c in "。，：；:,")
                ):
                    start -= 1
            return start, end
    return -1, -1


@dataclass(frozen=True, slots=True)
class _MetaSource:
    """Where the metadata is read from: the title, the crawler's header block, the covering
    letter, the preamble, all lines, and the sections read."""

    title: str | None
    header: dict[str, str]
    letter: list[_Line]
    preamble: list[_Line]
    lines: list[_Line]
    bufs: dict[str, _SectionBuf]


def _read_body(src: _MetaSource) -> str | None:
    """发布机关: from the title, the header block, the letter's sender, or 由…编制."""
    body = _body_from_title(src.title) if src.title else None
    if body is None and src.header.get("发布机构"):
        body = src.header["发布机构"]
    if body is None:
        for ln in src.letter:
            if len(ln.text) <= 30 and _ORG_END_RE.search(ln.text) and "：" not in ln.text:
                return ln.text
    if body is None:
        for ln in src.preamble:
            m = _COMPILED_BY_RE.search(ln.text)
            if m is not None:
                return m.group(1)
    return body


def _read_year(src: _MetaSource) -> int | None:
    """报告年度 as the title (or the header's title, or the preamble naming it) states it."""
    year = _year_from_title(src.title) if src.title else None
    if year is None and src.header.get("标题"):
        year = _year_from_title(src.header["标题"])
    if year is None:
        # The preamble names the report (…编制的2024年度政府信息公开年度报告).
        for ln in src.preamble[:5]:
            nm = _NAMED_REPORT_RE.search(ln.text)
            if nm is not None:
                return read_count(nm.group(1))
    return year


def _read_period(
    src: _MetaSource, year: int | None, findings: list[Finding]
) -> tuple[dict[str, str] | None, int | None]:
    """统计期限 (with the year it implies when none is stated), findings when it is missing,
    unreadable or not the calendar year."""
    period_src = "".join(ln.text for ln in src.preamble)
    pm = _PERIOD_RE.search(period_src)
    if pm is None:
        period_src = "".join(ln.text for ln in src.lines[:200])
        pm = _PERIOD_RE.search(period_src)
    pointers = ("/metadata/statistics_period",)
    if pm is None:
        hint = _PERIOD_HINT_RE.search(period_src)
        if hint is not None:
            text = period_src[hint.start() : hint.start() + 40]
            findings.append(_finding("P-PERIOD-UNREADABLE", {"text": text}, pointers=pointers))
        else:
            findings.append(_finding("P-PERIOD-MISSING", {}, pointers=pointers))
        return None, year
    start = _date_of(pm.group("start"))
    end = _date_of(pm.group("end"), start.year if start else None)
    if start is None or end is None:
        findings.append(_finding("P-PERIOD-UNREADABLE", {"text": pm.group(0)}, pointers=pointers))
        return None, year
    if year is None:
        year = start.year
    if (start, end) != (_dt.date(year, 1, 1), _dt.date(year, 12, 31)):
        findings.append(
            _finding(
                "P-PERIOD-MISMATCH",
                {"start": start.isoformat(), "end": end.isoformat(), "year": year},
                pointers=pointers,
            )
        )
    return {"start": start.isoformat(), "end": end.isoformat()}, year


def _read_document_number(src: _MetaSource) -> str | None:
    """文号: from the header block, else a line of the covering letter."""
    docnum = src.header.get("文号") or src.header.get("发文字号")
    if not docnum:
        for ln in src.letter:
            if _DOCNUM_RE.match(ln.text):
                return ln.text
    return docnum or None


def _read_issued(src: _MetaSource, findings: list[Finding]) -> _dt.date | None:
    """成文日期: a date line at the end of the report, else of the letter, else the header's."""
    issued = _standalone_date(src.letter, findings)
    tail = [ln for buf in src.bufs.values() for ln in buf.paragraphs[-3:]] if src.bufs else []
    own = _standalone_date(tail[-3:], findings)
    if own is not None:
        issued = own
    if issued is None and src.header.get("成文日期"):
        issued = _date_of(src.header["成文日期"])
    return issued


def _read_publication(src: _MetaSource) -> _dt.date | None:
    """发布日期: from the header block, else a 发布日期： line at the top of the preamble."""
    for key in ("发布日期", "发布时间"):
        if src.header.get(key):
            pub = _date_of(src.header[key])
            if pub is not None:
                return pub
            break
    else:
        for ln in src.preamble[:3]:
            m = re.match(r"^(?:发布日期|发布时间|时间)\s*[:：]\s*(.+)$", ln.text)
            if m is not None and (pub := _date_of(m.group(1))) is not None:
                return pub
    return None


def _texts(src: _MetaSource) -> list[str]:
    # The report's own text first, then the covering letter.
    return ["".join(ln.text for ln in src.preamble), "\n".join(ln.text for ln in src.letter)]


def _read_url(src: _MetaSource) -> str | None:
    """发布网址: the header's 原文链接, else the first URL of the preamble or the letter."""
    url = src.header.get("原文链接")
    if url and _URL_RE.fullmatch(url):
        return url
    for text in _texts(src):
        um = _URL_RE.search(text)
        if um is not None:
            return um.group(0).rstrip(".,;)")
    return None


def _read_contact(src: _MetaSource) -> dict[str, str]:
    """联系方式 (address, phone, …) from the preamble, then the letter."""
    contact: dict[str, str] = {}
    for text in _texts(src):
        for key, rx in _CONTACT_RES.items():
            if key in contact:
                continue
            cm = rx.search(text)
            if cm is not None:
                value = cm.group("v").strip()
                if key == "address":
                    value = value.rstrip("（( ")
                if value:
                    contact[key] = value
    return contact


def _read_metadata(src: _MetaSource, findings: list[Finding]) -> dict[str, Any]:
    """The metadata the text states, one reader per field."""
    metadata: dict[str, Any] = {}
    if src.title:
        metadata["title"] = src.title
    body = _read_body(src)
    if body:
        metadata["body"] = {"name": body}
    period, year = _read_period(src, _read_year(src), findings)
    if period is not None:
        metadata["statistics_period"] = period
    if year is not None:
        metadata["report_year"] = year
    docnum = _read_document_number(src)
    if docnum:
        metadata["document_number"] = docnum
    issued = _read_issued(src, findings)
    if issued is not None:
        metadata["issued_date"] = issued.isoformat()
    publication = _read_publication(src)
    if publication is not None:
        metadata["publication_date"] = publication.isoformat()
    url = _read_url(src)
    if url:
        metadata["url"] = url
    contact = _read_contact(src)
    if contact:
        metadata["contact"] = contact
    return metadata


def _standalone_date(lines: list[_Line], findings: list[Finding]) -> _dt.date | None:
    for ln in reversed(lines):
        if _STANDALONE_DATE_RE.match(ln.text):
            m = _DATE_RE.search(ln.text)
            assert m is not None
            d = _to_date(m.group("y"), m.group("m"), m.group("d"))
            if d is None:
                findings.append(
                    _finding(
                        "P-DATE-UNREADABLE",
                        {"text": ln.text},
                        pointers=("/metadata/issued_date",),
                        loc=ln.loc,
                    )
                )
            return d
    return None
