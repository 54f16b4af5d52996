"""Read HTML (as government sites publish it) into a :class:`~govdisclosure.parse._ir.SourceDocument`.

The tokenizer is the standard library's :class:`html.parser.HTMLParser`: a maintained,
forgiving HTML tokenizer that needs no dependency, so the runtime dependencies stay pydantic,
jsonschema and typing-extensions. It does no network access, resolves no external entities and
executes nothing. On top of its token stream this module builds what the shared mapper needs:

- **tables** as grids, ``rowspan``/``colspan`` expanded (every covered grid position repeats the
  text of its source cell, with ``origin`` pointing at it and the spans set on the source cell),
  text of a cell split across ``<span>``\\ s joined, ``<br>`` and paragraphs inside a cell kept
  as line breaks, ``&nbsp;`` and ``<o:p>`` read as what they are (a no-break space, nothing);
- **nested tables**: a table that holds other tables, or has a single column (unless it is a
  few short rows ending in a number: a header over a value), is a layout
  table; its cells are read as running text and its inner tables as tables of their own;
- **text blocks** for ``p``, ``div``, ``h1``–``h6`` (with ``heading_level``), ``li`` and the
  other block elements, one block per line (``<br>`` ends a line); ``script``, ``style`` and
  ``title`` (the browser tab text, a repeat of the report title)
  are skipped;
- **HTML inside a JavaScript string literal** (a site's data file such as
  ``let content = "<p>…</p>"`` with ``\\"`` escapes): when the input is not markup itself, the
  string literals that hold markup are unescaped and read, and every location still points
  into the original file.

Every cell and block carries a :class:`~govdisclosure.parse._ir.Location`: table index, grid
row and grid cell for cells, and the line, column and character offset in the input.

Input size, table nesting depth, the number of tables and the number of grid cells are capped,
so huge or adversarial input ends quickly in a :class:`~govdisclosure.parse._result.ParseError`
instead of exhausting time or memory. ``ParseError`` is the only exception raised on bad input.
"""

from __future__ import annotations

import html.parser as _htmlparser
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

from govdisclosure.findings import Finding
from govdisclosure.parse._decode import decode_text
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._normalize import read_cell
from govdisclosure.parse._result import ParseError

__all__ = [
    "MAX_CELLS",
    "MAX_INPUT_CHARS",
    "MAX_LINES",
    "MAX_TABLES",
    "MAX_TABLE_DEPTH",
    "MAX_TAGS",
    "read_html",
]

MAX_INPUT_CHARS = 16 * 1024 * 1024
"""Largest input read, in characters (a published report is well under 1 MB)."""
MAX_TABLE_DEPTH = 32
"""Deepest nesting of tables inside tables."""
MAX_TABLES = 5_000
"""Most tables in one document."""
MAX_CELLS = 100_000
"""Most grid positions over all tables, merged cells expanded (table 三 has about 260)."""
MAX_LINES = 100_000
"""Most lines of text (a report has a few hundred)."""
MAX_TAGS = 200_000
"""Most tags (``<`` characters) in a page: a published report page has a few thousand. Python's
HTML tokenizer takes 10-30 µs a tag, so a page of unclosed tags at the input size limit would
take half a minute; beyond this it is refused before tokenizing."""
_MAX_ROWSPAN = 65_534  # the HTML standard's own clamps
_MAX_COLSPAN = 1_000

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
    ]
)
# <title> is the browser tab's text: it repeats the report title (often with the site name)
# and is not part of the document, so reading it would put the title twice into the text.
_SKIP_TAGS = frozenset({"script", "style", "template", "title"})
_VOID_BREAK = frozenset({"br"})
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_ASCII_WS = re.compile(r"[ \t\n\r\f]+")
_MARKUP_IN_STRING = re.compile(r"</?[A-Za-z][A-Za-z0-9:]*[\s>/]")


# --------------------------------------------------------------------------------------------
# positions


class _Positions:
    """Maps (line, column) of the text fed to the tokenizer back to the original input.

    For HTML taken from JavaScript string literals the fed text differs from the input (escapes
    removed); ``segments`` holds (fed offset, original offset) pairs where the shift changes.
    """

    def __init__(self, original: str, fed: str, segments: list[tuple[int, int]] | None) -> None:
        self._orig_lines = _line_starts(original)
        self._fed_lines = _line_starts(fed) if segments is not None else self._orig_lines
        self._seg_fed = [s[0] for s in segments] if segments else []
        self._seg_orig = [s[1] for s in segments] if segments else []
        self._mapped = segments is not None

    def locate(self, line: int, col: int) -> tuple[int, int, int]:
        """(line, column, offset) in the original input; line and column 1-based."""
        fed_offset = self._fed_lines[min(line, len(self._fed_lines)) - 1] + col
        offset = fed_offset
        if self._mapped and self._seg_fed:
            i = bisect_right(self._seg_fed, fed_offset) - 1
            if i >= 0:
                offset = self._seg_orig[i] + (fed_offset - self._seg_fed[i])
        li = bisect_right(self._orig_lines, offset) - 1
        return li + 1, offset - self._orig_lines[li] + 1, offset


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


# --------------------------------------------------------------------------------------------
# HTML inside JavaScript


_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _looks_like_markup(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:1]
    return head == "<"


_JS_INTERESTING = re.compile(r"[\"'`/]")
_JS_STOP = {
    '"': re.compile(r'[\\"\n]'),
    "'": re.compile(r"[\\'\n]"),
    "`": re.compile(r"[\\`]"),
}


def _extract_js_strings(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The markup held in the string literals of a JavaScript source, with its offset map.

    Scans the source once (comments skipped, strings unescaped); returns ``None`` when no
    string literal holds markup.
    """
    n = len(text)
    out: list[str] = []
    segments: list[tuple[int, int]] = []
    fed_len = 0
    m = _JS_INTERESTING.search(text)
    while m is not None:
        i = m.start()
        ch = text[i]
        if ch == "/":
            nxt = text[i + 1 : i + 2]
            if nxt == "/":
                j = text.find("\n", i)
                i = n if j == -1 else j
            elif nxt == "*":
                j = text.find("*/", i + 2)
                i = n if j == -1 else j + 2
            else:
                i += 1
            m = _JS_INTERESTING.search(text, i)
            continue
        parts, segs, i = _read_js_string(text, i)
        value = "".join(parts)
        if _MARKUP_IN_STRING.search(value):
            segments.extend((fed_len + a, b) for a, b in segs)
            out.append(value)
            fed_len += len(value)
        m = _JS_INTERESTING.search(text, i)
    if not out:
        return None
    return "".join(out), segments


def _read_js_string(text: str, start: int) -> tuple[list[str], list[tuple[int, int]], int]:
    """Unescape the literal opening at ``start``; (parts, segments, index after it)."""
    quote = text[start]
    stop = _JS_STOP[quote]
    n = len(text)
    i = start + 1
    parts: list[str] = []
    segs: list[tuple[int, int]] = [(0, i)]
    out_len = 0
    run = i
    while True:
        m = stop.search(text, i)
        if m is None:
            i = n
            break
        i = m.start()
        if text[i] != "\\":
            break  # the closing quote, or a line end that ends an unterminated literal
        parts.append(text[run:i])
        out_len += i - run
        esc = text[i + 1 : i + 2]
        width = 2
        if esc in _JS_ESCAPES:
            rep = _JS_ESCAPES[esc]
        elif esc == "x" and _is_hex(text[i + 2 : i + 4], 2):
            rep, width = chr(int(text[i + 2 : i + 4], 16)), 4
        elif esc == "u" and _is_hex(text[i + 2 : i + 6], 4):
            rep, width = chr(int(text[i + 2 : i + 6], 16)), 6
        elif esc == "u" and text[i + 2 : i + 3] == "{":
            close = text.find("}", i + 3, i + 12)
            digits = text[i + 3 : close] if close != -1 else ""
            if digits and _is_hex(digits, len(digits)) and int(digits, 16) <= 0x10FFFF:
                rep, width = chr(int(digits, 16)), close + 1 - i
            else:
                rep = "u"
        elif esc in ("\n", "\u2028", "\u2029"):
            rep = ""
        elif esc == "\r":
            rep = ""
            if text[i + 2 : i + 3] == "\n":
                width = 3
        else:
            rep = esc
        parts.append(rep)
        out_len += len(rep)
        i = min(i + width, n)
        run = i
        segs.append((out_len, i))
    parts.append(text[run:i])
    return parts, segs, min(i + 1, n)


_TAG_OPENERS = frozenset("/!?abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SENTINELS = ("\ue000", "\ue001", "\ue002", "\ufdd0", "\ufdd1")


_COMMENT_CLOSE: re.Pattern[str] = getattr(_htmlparser, "commentclose", re.compile(r"--!?\s*>"))
_SECTION_CLOSE = re.compile(r"]\s*>")


def _defuse(text: str) -> tuple[str, str | None]:
    """Neutralise ``<`` that open constructs which can never be closed.

    ``html.parser`` rescans to the end of the input for every ``<``-construct it cannot
    finish, which is quadratic on input such as ``</`` or ``<!--`` repeated a million times.
    A tag cannot finish after the last ``>``, a comment after the last comment end, a marked
    section after the last ``]>``; each such ``<`` is swapped for a same-length sentinel
    character absent from the input (so locations do not move) and swapped back in the text.
    """
    positions: list[int] = []
    last_gt = text.rfind(">")
    i = text.find("<", last_gt + 1)
    while i != -1:
        if i + 1 == len(text) or text[i + 1] in _TAG_OPENERS:
            positions.append(i)
        i = text.find("<", i + 1)
    for opener, closer, width in (("<!--", _COMMENT_CLOSE, 4), ("<![", _SECTION_CLOSE, 3)):
        last_close = -1
        for m in closer.finditer(text):
            last_close = m.start()
        i = text.find(opener)
        while i != -1 and i <= last_gt:
            if i + width > last_close:
                positions.append(i)
            i = text.find(opener, i + 1)
    if not positions:
        return text, None
    sentinel = next((c for c in _SENTINELS if c not in text), None)
    if sentinel is None:
        return text, None
    pieces: list[str] = []
    prev = 0
    for pos in sorted(set(positions)):
        pieces.append(text[prev:pos])
        pieces.append(sentinel)
        prev = pos + 1
    pieces.append(text[prev:])
    return "".join(pieces), sentinel


def _is_hex(s: str, width: int) -> bool:
    return len(s) == width and all(c in "0123456789abcdefABCDEF" for c in s)


# --------------------------------------------------------------------------------------------
# tree building


@dataclass(slots=True)
class _Line:
    """A line of running text with where it started."""

    text: str
    pos: tuple[int, int]
    heading: int | None


@dataclass(slots=True)
class _Container:
    """Where text goes: the document body or one table cell."""

    items: list[_Line | _Table] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    buf_pos: tuple[int, int] | None = None
    buf_heading: int | None = None

    def flush(self) -> None:
        if not self.buf:
            return
        text = "".join(self.buf)
        self.buf.clear()
        pos, self.buf_pos = self.buf_pos, None
        heading, self.buf_heading = self.buf_heading, None
        if text.strip(" \t\n\r\f") and pos is not None:
            self.items.append(_Line(text, pos, heading))


@dataclass(slots=True)
class _Cell:
    content: _Container
    pos: tuple[int, int]
    rowspan: int
    colspan: int
    hints: dict[str, str] | None = None


@dataclass(slots=True)
class _Table:
    pos: tuple[int, int]
    parent: _Container
    rows: list[list[_Cell]] = field(default_factory=list)
    row_pos: list[tuple[int, int]] = field(default_factory=list)
    in_row: bool = False
    cell: _Cell | None = None
    caption: _Container | None = None
    caption_text: str | None = None
    nested: bool = False
    row_hints: dict[str, str] | None = None


class _Builder(HTMLParser):
    """Token handler building containers, lines and tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body = _Container()
        self.tables: list[_Table] = []
        self.table_count = 0
        self.cell_count = 0
        self.skip_depth = 0
        self.skip_tag: str | None = None
        self.heading: int | None = None
        self.pre = 0
        self.sentinel: str | None = None
        self.line_count = 0
        self.meta: dict[str, str] = {}

    def parse_html_declaration(self, i: int) -> int:
        """Read ``<![…]>`` as browsers do in HTML: a bogus comment, ignored.

        ``html.parser`` raises on a marked section with a keyword it does not know.
        """
        rawdata = self.rawdata
        if rawdata.startswith("<![", i):
            j = rawdata.find(">", i + 3)
            return -1 if j == -1 else j + 1
        return super().parse_html_declaration(i)

    # -- where text goes ---------------------------------------------------------------------

    def _container(self) -> _Container:
        if not self.tables:
            return self.body
        t = self.tables[-1]
        if t.caption is not None:
            return t.caption
        if t.cell is not None:
            return t.cell.content
        # text between cells is rendered before the table by browsers ("foster parenting")
        return t.parent

    def _break(self) -> None:
        self._container().flush()

    # -- tokens ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            return
        if tag in _SKIP_TAGS:
            self.skip_tag = tag
            return
        if tag == "table":
            self._start_table()
        elif tag in ("td", "th"):
            self._start_cell(attrs)
        elif tag == "tr":
            self._start_row()
            if self.tables:
                self.tables[-1].row_hints = _govd_hints(attrs)
        elif tag == "article" and not self.meta:
            hints = _govd_hints(attrs) or {}
            self.meta = {f"body_{k[5:]}": v for k, v in hints.items() if k.startswith("body-")}
        elif tag == "caption" and self.tables:
            self.tables[-1].caption = _Container()
        elif tag in _VOID_BREAK:
            self._break()
        elif tag in _BLOCK_TAGS:
            self._break()
            if tag in _HEADINGS:
                self.heading = _HEADINGS[tag]
            elif tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th", "tr", "table"):
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_tag = None
            return
        if tag == "table":
            self._end_table()
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "caption" and self.tables and self.tables[-1].caption is not None:
            self._close_caption(self.tables[-1])
        elif tag in _BLOCK_TAGS:
            self._break()
            if tag in _HEADINGS:
                self.heading = None
            elif tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None:
            return
        self._data(data)

    def _data(self, data: str) -> None:
        c = self._container()
        if not c.buf:
            if not data.strip(" \t\n\r\f"):
                return
            c.buf_pos = self.getpos()
            c.buf_heading = self.heading
            self.line_count += 1
            if self.line_count > MAX_LINES:
                raise ParseError(
                    "P-INPUT-TOO-LARGE",
                    f"the input has more than {MAX_LINES} lines of text",
                    location=self._loc(),
                )
        if not self.pre:
            data = _ASCII_WS.sub(" ", data)
        if self.sentinel is not None:
            data = data.replace(self.sentinel, "<")
        c.buf.append(data)

    def _close_caption(self, table: _Table) -> None:
        if table.caption is None:
            return
        table.caption.flush()
        text = _cell_text(table.caption)
        if text:
            table.caption_text = f"{table.caption_text}\n{text}" if table.caption_text else text
        table.caption = None

    # -- tables ------------------------------------------------------------------------------

    def _start_table(self) -> None:
        if len(self.tables) >= MAX_TABLE_DEPTH:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"tables are nested more than {MAX_TABLE_DEPTH} deep",
                location=self._loc(),
            )
        self.table_count += 1
        if self.table_count > MAX_TABLES:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the input has more than {MAX_TABLES} tables",
                location=self._loc(),
            )
        parent = self._container()
        parent.flush()
        if self.tables:
            self.tables[-1].nested = True
        table = _Table(pos=self.getpos(), parent=parent)
        parent.items.append(table)
        self.tables.append(table)

    def _end_table(self) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        self._end_row()
        self._close_caption(table)
        self.tables.pop()

    def _start_row(self) -> None:
        if not self.tables:
            return
        self._end_row()
        table = self.tables[-1]
        self._close_caption(table)
        table.rows.append([])
        table.row_pos.append(self.getpos())
        table.in_row = True
        table.row_hints = None

    def _end_row(self) -> None:
        if not self.tables:
            return
        self._end_cell()
        self.tables[-1].in_row = False

    def _start_cell(self, attrs: list[tuple[str, str | None]]) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        self._end_cell()
        if not table.in_row:
            self._start_row()
        self._close_caption(table)
        rowspan = _span(attrs, "rowspan", _MAX_ROWSPAN)
        colspan = _span(attrs, "colspan", _MAX_COLSPAN)
        self.cell_count += colspan
        if self.cell_count > MAX_CELLS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the tables have more than {MAX_CELLS} cells",
                location=self._loc(),
            )
        hints = _govd_hints(attrs)
        if table.row_hints:
            hints = {**table.row_hints, **(hints or {})}
        table.cell = _Cell(_Container(), self.getpos(), rowspan, colspan, hints)
        table.rows[-1].append(table.cell)

    def _end_cell(self) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        if table.cell is not None:
            table.cell.content.flush()
            table.cell = None

    def _loc(self) -> Location:
        line, col = self.getpos()
        return Location(kind="html", line=line, column=col + 1)


_HINTS = ("table", "after-row", "subtotal-of", "column", "body-level", "body-kind")


def _govd_hints(attrs: list[tuple[str, str | None]]) -> dict[str, str] | None:
    """The ``data-govd-*`` attributes a page rendered by govdisclosure carries (see
    :func:`govdisclosure.io.html.hint_attr`), by name."""
    out = {
        k[10:]: v
        for k, v in attrs
        if k.startswith("data-govd-") and k[10:] in _HINTS and v is not None
    }
    return out or None


def _span(attrs: list[tuple[str, str | None]], name: str, limit: int) -> int:
    for k, v in attrs:
        if k == name and v is not None:
            digits = v.strip()
            end = 0
            while end < len(digits) and end < 8 and digits[end].isdigit() and digits[end].isascii():
                end += 1
            if end == 0:
                return 1
            return min(max(int(digits[:end]), 1), limit)
    return 1


# --------------------------------------------------------------------------------------------
# from the tree to the IR


class _Emitter:
    def __init__(self, positions: _Positions) -> None:
        self.positions = positions
        self.blocks: list[TextBlock | SourceTable] = []
        self.grid_cells = 0

    def loc(
        self,
        pos: tuple[int, int],
        *,
        table: int | None = None,
        row: int | None = None,
        cell: int | None = None,
    ) -> Location:
        line, col, offset = self.positions.locate(*pos)
        return Location(
            kind="html", line=line, column=col, offset=offset, table=table, row=row, cell=cell
        )

    def emit(self, items: list[_Line | _Table]) -> None:
        for item in items:
            if isinstance(item, _Line):
                self._emit_line(item)
            elif item.nested or (
                _width(item) <= 1 and not _one_column_data(item) and not _declared(item)
            ):
                self._emit_layout(item)
            else:
                self._emit_table(item)

    def _emit_line(self, line: _Line) -> None:
        for part in line.text.split("\n"):
            text = part.strip(" \t\n\r\f")
            if text:
                self.blocks.append(TextBlock(text, self.loc(line.pos), line.heading))

    def _emit_layout(self, table: _Table) -> None:
        for row in table.rows:
            for cell in row:
                self.emit(cell.content.items)

    def _place(
        self,
        grid: list[list[SourceCell | None]],
        r: int,
        c: int,
        cell: SourceCell,
        spans: tuple[int, int],
    ) -> None:
        """Put ``cell`` at (r, c) and a reference to it in every position it covers."""
        rowspan, colspan = spans
        for dr in range(rowspan):
            while len(grid) <= r + dr:
                grid.append([])
            target = grid[r + dr]
            if len(target) < c:
                # Empty positions left of a cell spanning down into shorter rows become blank
                # cells: they count too (a cell at column 1,000 spanning 5,000 rows made five
                # million of them uncounted, 40 s).
                self.grid_cells += c - len(target)
                if self.grid_cells > MAX_CELLS:
                    raise ParseError(
                        "P-INPUT-TOO-LARGE",
                        f"the tables have more than {MAX_CELLS} cells once merged cells are expanded",
                        location=cell.loc,
                    )
            if len(target) < c + colspan:
                target.extend([None] * (c + colspan - len(target)))
            for dc in range(colspan):
                if dr == 0 and dc == 0:
                    target[c] = cell
                elif target[c + dc] is None:
                    target[c + dc] = SourceCell(cell.text, cell.loc, (r, c))

    def _emit_table(self, table: _Table) -> None:
        index = sum(1 for b in self.blocks if isinstance(b, SourceTable))
        grid: list[list[SourceCell | None]] = []
        for r, row in enumerate(table.rows):
            while len(grid) <= r:
                grid.append([])
            c = 0
            for cell in row:
                line = grid[r]
                while c < len(line) and line[c] is not None:
                    c += 1
                rowspan = min(cell.rowspan, len(table.rows) - r)
                colspan = cell.colspan
                self.grid_cells += rowspan * colspan
                if self.grid_cells > MAX_CELLS:
                    raise ParseError(
                        "P-INPUT-TOO-LARGE",
                        f"the tables have more than {MAX_CELLS} cells once merged cells are expanded",
                        location=self.loc(cell.pos, table=index),
                    )
                loc = self.loc(cell.pos, table=index, row=r, cell=c)
                own = SourceCell(_cell_text(cell.content), loc, None, rowspan, colspan)
                own.hints = cell.hints
                self._place(grid, r, c, own, (rowspan, colspan))
                c += colspan
        rows: list[list[SourceCell]] = []
        for r, line in enumerate(grid):
            row_loc = self.loc(table.row_pos[r] if r < len(table.row_pos) else table.pos)
            rows.append(
                [
                    cell
                    if cell is not None
                    else SourceCell(
                        "",
                        Location(
                            kind="html",
                            line=row_loc.line,
                            column=row_loc.column,
                            offset=row_loc.offset,
                            table=index,
                            row=r,
                            cell=c,
                        ),
                    )
                    for c, cell in enumerate(line)
                ]
            )
        if not any(rows):
            return
        self.blocks.append(SourceTable(rows, self.loc(table.pos, table=index), table.caption_text))


def _declared(table: _Table) -> bool:
    """Whether a table holds rows a govdisclosure page declares added (data, whatever its
    width: an added row may have a label and no cells)."""
    return any(c.hints and "after-row" in c.hints for row in table.rows for c in row)


def _width(table: _Table) -> int:
    return max((sum(c.colspan for c in row) for row in table.rows), default=0)


_ONE_COLUMN_ROWS = 6
"""Most rows of a one-column table of data (a header or two over a value)."""


def _one_column_data(table: _Table) -> bool:
    """Whether a one-column table is data rather than layout: a few short rows, the last a
    number (a block of table 二 printed as ``本年处理决定数量`` over ``0`` under its heading)."""
    if not table.rows or len(table.rows) > _ONE_COLUMN_ROWS:
        return False
    if any(
        len(row) != 1 or not all(isinstance(i, _Line) for i in row[0].content.items)
        for row in table.rows
    ):
        return False
    last = _cell_text(table.rows[-1][0].content)
    reading = read_cell(last)
    return bool(last.strip()) and reading.readable and not reading.blank


def _cell_text(content: _Container) -> str:
    """Lines of the cell joined by line breaks; a cell of only ``&nbsp;`` keeps its U+00A0."""
    lines = (item.text.strip(" \t\n\r\f") for item in content.items if isinstance(item, _Line))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------------------------
# entry point


def read_html(data: str | bytes, *, source: str | None = None) -> SourceDocument:
    """Read an HTML page (or a JavaScript file holding one in a string literal).

    ``data`` is the page as text or bytes (UTF-8 with or without BOM; else the charset its
    ``<meta>`` declares; else GB18030, with a ``P-ENCODING`` finding). Returns the text blocks
    and tables in document order. Raises :class:`~govdisclosure.parse._result.ParseError`
    (only) when the input cannot be read or exceeds the size limits.
    """
    findings: list[Finding] = []
    try:
        text = decode_text(data, kind="HTML", findings=findings, limit=MAX_INPUT_CHARS)
        if not text.strip():
            raise ParseError("P-INPUT-EMPTY", "the input is empty", source=source)
        fed, segments = text, None
        if not _looks_like_markup(text):
            extracted = _extract_js_strings(text)
            if extracted is not None:
                fed, segments = extracted
        tags = fed.count("<")
        if tags > MAX_TAGS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the input has {tags} tags; at most {MAX_TAGS} are read",
                source=source,
            )
        builder = _Builder()
        fed_safe, builder.sentinel = _defuse(fed)
        try:
            builder.feed(fed_safe)
            builder.close()
        except AssertionError as exc:
            # html.parser signals a few malformed declarations this way
            raise ParseError(
                "P-FORMAT-UNREADABLE",
                f"the input cannot be read as HTML: {exc}",
                source=source,
            ) from None
        while builder.tables:
            builder._end_table()
        builder.body.flush()
        emitter = _Emitter(_Positions(text, fed, segments))
        emitter.emit(builder.body.items)
    except ParseError as exc:
        if exc.source is None and source is not None:
            raise ParseError(exc.code, exc.message, location=exc.location, source=source) from None
        raise
    except RecursionError:
        raise ParseError(
            "P-INPUT-TOO-LARGE", "the input is nested too deeply", source=source
        ) from None
    return SourceDocument(
        blocks=emitter.blocks,
        source=source,
        kind="html",
        findings=findings,
        tables_apart=True,
        metadata=dict(builder.meta),
    )
