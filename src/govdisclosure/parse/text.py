"""Read plain text of a report (as extracted from DOCX/PDF, or a crawler's page text).

Three kinds of text are handled by one reader:

- **tab-separated** cells (text copied out of DOCX, the seed report): merged labels broken over
  lines, empty cells where merged cells were, a table row split by a page break;
- **PDF text**: cells separated by spaces, labels broken over lines, a merged vertical label one
  character per line (``三\\n、\\n本\\n年…``) or glued to a row (``（四）无 1.本机关…``), page
  numbers (``- 5 -``) inside tables;
- **crawler text** with no separators at all (``一、本年新收政府信息公开申请数量640020470``), the
  next label's item number glued to the digits (``00000002.其他…``), sometimes partial spaces.

The reader finds the three table sections by their headings (二、主动公开政府信息情况 …, from the
layout), and inside each reads a token stream: *numbers* (with sign, decimals, 元/万元),
*placeholders* (a whole word ``-``, ``—``, ``/``, ``无`` …) and *text*. Consecutive text tokens
form a label cell; the numbers after it are the row's value cells. Label matching, the edition
and the split of digit runs by the table's identities are the shared mapper's job; a run such as
``640020470`` reaches it as one cell. Digits followed by ``.``/``、`` and a label character are
the next row's item number (``2.``), not a value.

Pipe-separated page text (an HTML table flattened to ``cell |`` lines, each row starting with a
line ``|``) is read the same way, ``|`` separating cells like a tab; its empty cells are blank
cells where their place is certain, and *optional* blanks where a line ``|`` may as well start
the next row (see :func:`_pipe_blanks`; the mapper keeps them only when the layout needs them).

Everything outside the tables becomes one :class:`~govdisclosure.parse._ir.TextBlock` per line
(page-number lines dropped); in crawler text, where the whole report is one line, the line is cut
at the section headings so that each heading starts a block.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from govdisclosure.editions import Edition
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._normalize import (
    BLANK_PLACEHOLDERS,
    LABEL_TYPOS,
    label_core,
    normalize_label,
    normalize_with_map,
    table_words,
)
from govdisclosure.parse._result import ParseError

__all__ = ["MAX_TEXT_CHARS", "is_page_artefact", "read_text"]

MAX_TEXT_CHARS = 8 * 1024 * 1024
"""Largest text read, in characters (a published report is well under 200 000)."""

_PAGE_RE = re.compile(
    r"^\s*(?:[-—–－―─]+\s*\d{1,4}\s*[-—–－―─]+|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_CRAWLER_LINE = 400
"""A line longer than this that holds a table is crawler text (headings inside the line)."""

_NUM_RE = re.compile(r"[+\-−－]{0,2}\d+(?:,\d{3})*(?:\.\d+)?(?:万元|元)?")
"""A number; ``--253`` (a doubled minus, as published) is one number."""
_ENUM_AFTER = re.compile(r"[.．、]\s*[^\d\s.．、]")
_WORD_RE = re.compile(r"[^\s|｜]+")
"""A word of a table: ``|`` separates cells like a tab (pipe-separated page text)."""


def is_page_artefact(line: str) -> bool:
    """Whether ``line`` is a page number or footer (``- 5 -``, ``— 4 —``, ``第 3 页``)."""
    return bool(_PAGE_RE.match(line))


# ----------------------------------------------------------------------------------------------
# section headings


def _heading_patterns() -> dict[str, list[re.Pattern[str]]]:
    out: dict[str, list[re.Pattern[str]]] = {}
    for s in SECTIONS:
        title = normalize_label(s.title)
        variants = {title}
        for typo, official in LABEL_TYPOS.items():
            if official in title:
                variants.add(title.replace(official, typo))
        pats = [re.compile(re.escape(v)) for v in sorted(variants, key=len, reverse=True)]
        num = re.escape(normalize_label(s.number))
        core = label_core(s.title)
        # Loose form: the number and the first two characters of the official title (titles
        # vary: 五、存在问题及改进措施, 四、政府信息公开行政法复议…).
        pats.append(re.compile(num + r",[^,.;:。()\d]{0,8}?" + re.escape(core[:2])))
        out[s.id] = pats
    return out


_HEADINGS = _heading_patterns()
_TABLE_SECTIONS = {s.id: s.table for s in SECTIONS if s.table}
_RANK = {s.id: i for i, s in enumerate(SECTIONS)}


@dataclass(slots=True)
class _Heading:
    section: str
    start: int
    end: int


def _find_headings(text: str, norm: str, idx: list[int], line_starts: list[int]) -> list[_Heading]:
    """The section headings in order (a heading must start its line, except in crawler text)."""
    found: list[_Heading] = []
    pos = 0
    for s in SECTIONS:
        hit: _Heading | None = None
        for pat in _HEADINGS[s.id]:
            for m in pat.finditer(norm, pos):
                start = idx[m.start()]
                end = idx[m.end() - 1] + 1
                ln = bisect_right(line_starts, start) - 1
                line_start = line_starts[ln]
                line_end = line_starts[ln + 1] if ln + 1 < len(line_starts) else len(text)
                at_start = not text[line_start:start].strip()
                if not (at_start or line_end - line_start > _CRAWLER_LINE):
                    continue
                if at_start and line_end - line_start <= _CRAWLER_LINE:
                    end = line_end
                hit = _Heading(s.id, start, end)
                break
            if hit is not None:
                break
        if hit is not None:
            found.append(hit)
            pos = _norm_pos(idx, hit.end)
    return found


def _norm_pos(idx: list[int], offset: int) -> int:
    """Index of the first normalised character at or after source ``offset``."""
    return bisect_right(idx, offset - 1)


# ----------------------------------------------------------------------------------------------
# table vocabulary (where a table starts inside its section)


def _table_vocab() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {"t2": set(), "t3": set(), "t4": set()}
    for edition in Edition:
        for table in layout_for(edition).tables:
            out[table.id] |= table_words(table)
    return {t: tuple(sorted(w for w in v if len(w) >= 4)) for t, v in out.items()}


_VOCAB = _table_vocab()
_VOCAB_RE = {
    t: re.compile("|".join(re.escape(w) for w in sorted(v, key=len, reverse=True)))
    for t, v in _VOCAB.items()
}


# ----------------------------------------------------------------------------------------------
# tokens


@dataclass(slots=True)
class _Tok:
    kind: str  # "num", "blank", "text"
    start: int
    end: int
    optional: bool = False


_PIPES = "|｜"


def _line_cells(line: str, base: int) -> list[tuple[int, str]]:
    """Cells of one line of pipe-separated text as (offset, text).

    The part before the first pipe and after the last one is a cell only when it holds
    text (``规章 |`` is one cell, ``| a | b |`` two); between two pipes is always a cell.
    """
    cuts = [i for i, ch in enumerate(line) if ch in _PIPES]
    cells: list[tuple[int, str]] = []
    if line[: cuts[0]].strip():
        cells.append((base, line[: cuts[0]]))
    for x, y in itertools.pairwise(cuts):
        cells.append((base + x + 1, line[x + 1 : y]))
    if line[cuts[-1] + 1 :].strip():
        cells.append((base + cuts[-1] + 1, line[cuts[-1] + 1 :]))
    return cells


def _pipe_blanks(text: str, a: int, b: int) -> list[_Tok]:
    """Empty cells of pipe-separated page text in ``[a, b)``, as blank tokens.

    Page text of an HTML table writes each cell as ``text |`` and each row as a line
    ``|``; an empty cell is then either an empty ``| |`` between cells of a line, or a
    line ``|`` of its own, which looks exactly like a row start. So:

    - an empty cell between two cells of a line is a blank when the next filled cell is a
      value (between header words it is layout);
    - empty cells before the first or after the last filled cell of a line are blanks when
      that cell is a value, but only *optional* ones (they may be padding of merged cells);
    - a line ``|`` after a value is an optional blank, unless the next line starts with
      text: then it starts the next row. After text it is never a blank (a row start: the
      value row of table 四 follows its header this way).

    The mapper keeps optional blanks when the row needs them to fill the layout.
    """
    out: list[_Tok] = []
    prev_value = False
    pending: list[int] = []

    def flush(next_is_text: bool) -> None:
        keep = pending[:-1] if next_is_text else pending
        if prev_value:
            out.extend(_Tok("blank", p, p, optional=True) for p in keep)
        pending.clear()

    pos = a
    while pos < b:
        nl = text.find("\n", pos, b)
        end = b if nl < 0 else nl
        line = text[pos:end]
        s = line.strip()
        if s in ("|", "｜"):
            pending.append(pos + line.index(s))
        elif s and any(ch in _PIPES for ch in line):
            cells = _line_cells(line, pos)
            filled = [i for i, (_o, t) in enumerate(cells) if t.strip()]
            if filled:
                kinds = {i: _is_num_cell(cells[i][1]) for i in filled}
                flush(not kinds[filled[0]])
                for i, (off, t) in enumerate(cells):
                    if t.strip():
                        continue
                    if i < filled[0]:
                        if kinds[filled[0]]:
                            out.append(_Tok("blank", off, off, optional=True))
                    elif i > filled[-1]:
                        if kinds[filled[-1]]:
                            out.append(_Tok("blank", off, off, optional=True))
                    elif kinds[filled[bisect_right(filled, i)]]:
                        out.append(_Tok("blank", off, off))
                prev_value = kinds[filled[-1]]
        elif s:
            flush(not _is_num_cell(s.split()[0]))
            prev_value = _is_num_cell(s.split()[-1])
        pos = end + 1
    flush(True)
    return out


def _tokens(text: str, a: int, b: int) -> list[_Tok]:
    out: list[_Tok] = []
    for w in _WORD_RE.finditer(text, a, b):
        ws, we = w.start(), w.end()
        word = w.group(0)
        if word in BLANK_PLACEHOLDERS:
            out.append(_Tok("blank", ws, we))
            continue
        pos = ws
        while pos < we:
            m = _NUM_RE.search(text, pos, we)
            if m is None:
                out.append(_Tok("text", pos, we))
                break
            ns, ne = m.start(), m.end()
            # A sign glued after a letter is punctuation, not a sign.
            if ns > pos and not text[ns - 1].isdigit():
                while text[ns] in "+-−－":
                    ns += 1
            signs = len(text[ns:ne]) - len(text[ns:ne].lstrip("+-−－"))
            is_enum = bool(_ENUM_AFTER.match(text, ne, min(b, ne + 8))) and "." not in text[ns:ne]
            if is_enum:
                # The last digit is the next label's item number ("00000002.其他…").
                if ne - ns - signs > 1:
                    if ns > pos:
                        out.append(_Tok("text", pos, ns))
                    out.append(_Tok("num", ns, ne - 1))
                    pos = ne - 1
                # The item number starts the following text.
                nxt = _NUM_RE.search(text, ne, we)
                end = nxt.start() if nxt else we
                out.append(_Tok("text", pos, end))
                pos = end
                continue
            if ns > pos:
                out.append(_Tok("text", pos, ns))
            out.append(_Tok("num", ns, ne))
            pos = ne
    if any(ch in _PIPES for ch in text[a:b]):
        out.extend(_pipe_blanks(text, a, b))
        out.sort(key=lambda t: t.start)
    # Merge consecutive text tokens.
    merged: list[_Tok] = []
    for t in out:
        if merged and t.kind == "text" and merged[-1].kind == "text":
            merged[-1].end = t.end
        else:
            merged.append(t)
    return merged


# ----------------------------------------------------------------------------------------------
# the reader


class _Lines:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def loc(self, offset: int) -> Location:
        ln = bisect_right(self.starts, offset) - 1
        return Location("text", line=ln + 1, column=offset - self.starts[ln] + 1, offset=offset)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def span(self, ln: int) -> tuple[int, int]:
        end = self.starts[ln + 1] - 1 if ln + 1 < len(self.starts) else len(self.text)
        return self.starts[ln], end


def _blank_page_lines(text: str) -> str:
    """The text with page-number lines replaced by spaces (offsets unchanged)."""
    out: list[str] = []
    for line in text.split("\n"):
        out.append(" " * len(line) if is_page_artefact(line) else line)
    return "\n".join(out)


def _table_start(
    text: str, lines: _Lines, doc_norm: tuple[str, list[int]], a: int, b: int, table_id: str
) -> int | None:
    """Offset where the table begins inside ``[a, b)``: the first table-like line holding
    a table word (a short line, or one with tabs or pipes: prose before a table is neither)."""
    norm, idx = doc_norm
    na, nb = bisect_left(idx, a), bisect_left(idx, b)
    for m in _VOCAB_RE[table_id].finditer(norm, na, nb):
        off = idx[m.start()]
        ls, le = lines.span(lines.line_of(off))
        line = text[ls:le]
        if le - ls > _CRAWLER_LINE:
            return max(a, off if ls < a else ls)
        if len(line.strip()) <= _TABLE_LINE or "\t" in line or "|" in line:
            return max(a, ls)
    return None


_TABLE_LINE = 60
"""A line of prose is longer than this; a line of a table printed as text is not."""


def _read_table(
    text: str, lines: _Lines, a: int, b: int, table_index: int, caption: str | None
) -> tuple[SourceTable, int] | None:
    """Rows of ``[label cell, value cells…]`` from ``[a, b)``, and where the last value ends.

    A row starts at each run of text; the numbers and placeholders after it are its values.
    ``None`` when the span holds no value at all.
    """
    toks = _tokens(text, a, b)
    if not any(t.kind != "text" for t in toks):
        return None
    rows: list[list[SourceCell]] = []
    row: list[SourceCell] = []
    ri = 0
    last_value_end = a
    for t in toks:
        raw = text[t.start : t.end]
        if t.kind == "text":
            if row:
                rows.append(row)
                ri += 1
                row = []
        else:
            last_value_end = t.end
        loc = lines.loc(t.start)
        loc = Location(
            "text",
            line=loc.line,
            column=loc.column,
            offset=t.start,
            table=table_index,
            row=ri,
            cell=len(row),
        )
        row.append(SourceCell(raw, loc, optional=t.optional))
    if row:
        rows.append(row)
    # Text after the last value belongs to the narrative, not to the table.
    while rows and all(not _is_num_cell(c.text) for c in rows[-1]):
        rows.pop()
    if not rows:
        return None
    table = SourceTable(rows, lines.loc(a), caption)
    return table, last_value_end


def _is_num_cell(raw: str) -> bool:
    word = raw.strip()
    return word in BLANK_PLACEHOLDERS or bool(_NUM_RE.fullmatch(word))


def read_text(text: str, *, source: str | None = None) -> SourceDocument:
    """Read the plain text of a report into a :class:`SourceDocument`.

    Raises :class:`~govdisclosure.parse._result.ParseError` (``P-INPUT-TOO-LARGE``) for text
    over :data:`MAX_TEXT_CHARS` characters; any other text is read as far as it goes.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(
            "P-INPUT-TOO-LARGE",
            f"the text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}",
            source=source,
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    clean = _blank_page_lines(text)
    lines = _Lines(clean)
    norm, idx = normalize_with_map(clean)
    headings = _find_headings(clean, norm, idx, lines.starts) if norm else []
    by_section = {h.section: h for h in headings}
    order = [h.section for h in headings]

    spans: list[tuple[int, int, SourceTable]] = []
    prev_end = 0
    for sid, table_id in _TABLE_SECTIONS.items():
        h = by_section.get(sid)
        if h is not None:
            a = h.end
            nxt = order.index(sid) + 1
            end = headings[nxt].start if nxt < len(headings) else len(clean)
        else:
            # No heading (an excerpt, or a title variant): look between the headings of the
            # sections before and after it, and after the previous table.
            rank = _RANK[sid]
            a = max([prev_end, *(x.end for x in headings if _RANK[x.section] < rank)])
            end = min(
                [
                    len(clean),
                    *(x.start for x in headings if _RANK[x.section] > rank and x.start >= a),
                ]
            )
        start = _table_start(clean, lines, (norm, idx), a, end, table_id)
        if start is None:
            continue
        caption = clean[h.start : h.end] if h is not None else None
        got = _read_table(clean, lines, start, end, len(spans), caption)
        if got is None:
            continue
        table, last = got
        _ls, le = lines.span(lines.line_of(max(start, last - 1)))
        stop = min(max(le, last), end)
        spans.append((start, stop, table))
        prev_end = stop

    blocks: list[TextBlock | SourceTable] = []
    cuts = sorted({h.start for h in headings})
    pos = 0
    for start, end, table in sorted(spans, key=lambda s: s[0]):
        _emit_text(clean, lines, pos, start, cuts, blocks)
        blocks.append(table)
        pos = max(pos, end)
    _emit_text(clean, lines, pos, len(clean), cuts, blocks)
    return SourceDocument(blocks=blocks, source=source, kind="text")


def _emit_text(
    text: str,
    lines: _Lines,
    a: int,
    b: int,
    cuts: list[int],
    blocks: list[TextBlock | SourceTable],
) -> None:
    """One text block per non-empty line part of ``[a, b)``, cut at section headings."""
    if a >= b:
        return
    bounds = sorted({a, b, *(c for c in cuts if a < c < b)})
    for s, e in itertools.pairwise(bounds):
        ln = lines.line_of(s)
        while s < e:
            _ls, le = lines.span(ln)
            part_end = min(le, e)
            part = text[s:part_end]
            if part.strip():
                lead = len(part) - len(part.lstrip())
                blocks.append(TextBlock(part.strip(), lines.loc(s + lead)))
            ln += 1
            if ln >= len(lines.starts):
                break
            s = max(lines.starts[ln], s)
