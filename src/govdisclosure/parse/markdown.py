"""Read markdown (as PDF→markdown converters write it) into a :class:`~govdisclosure.parse._ir.SourceDocument`.

Converter output is read faithfully, not repaired: reassembling what a converter tore apart
is the shared mapper's job, because the same problems come from every PDF route.

- A line starting with ``|`` is a table row; its cells are split at unescaped ``|``, ``<br>``
  inside a cell becomes a line break and character references are decoded. Cells are kept as
  they are, empty ones included, so a row keeps its published width.
- A delimiter row (``|---|---|``) marks the row above it as the header of a new table. Converters
  split one published table into several such fragments (often with a different number of
  columns each, or value rows whose label was moved out of the table); every fragment is a
  :class:`~govdisclosure.parse._ir.SourceTable` of its own, in document order, and the text in
  between stays as text blocks so the mapper can put label and values back together. Rows of
  a run of pipe lines before its first delimiter row form a table of their own.
- A raw HTML ``<table>`` (some converters write complex tables so) is read by the HTML front
  end, merged cells expanded; its locations are lines and offsets of the markdown input.
- ``#`` headings become text blocks with ``heading_level``; a heading directly above a table is
  also its ``caption``. Every other non-blank line is one text block (converters break
  paragraphs at the PDF's line ends; page footers such as ``— 4 —`` are kept as text), except
  a line that is a row label of a table followed by numbers (``行政许可 97``) inside a
  paragraph under that table's section heading, in a document with pipe tables: converters
  leave such rows outside the pipe table, and it becomes a one-row table. A document whose
  tables are all HTML tables keeps its tables apart from its text
  (``SourceDocument.tables_apart``).
- Text is read as markdown shows it: backslash escapes (``\\<``, ``\\#``), character
  references and ``<br>`` are resolved in one pass, and a hard line break (``\\`` at the end
  of a line) is removed, so that the library's own markdown reads back as it was written.

Locations are 1-based line and column plus the character offset; cells also carry the table
index, row and cell. Input size and the number of cells are capped; the only exception raised
on bad input is :class:`~govdisclosure.parse._result.ParseError`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace

from govdisclosure.findings import Finding
from govdisclosure.parse._decode import decode_text
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.html import MAX_CELLS, MAX_INPUT_CHARS, MAX_LINES, read_html

__all__ = ["read_markdown"]

_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_DELIM_CELL = re.compile(r"[ \t]*:?-+:?[ \t]*")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_INLINE = re.compile(
    r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])"
    r"|(<br\s*/?>)"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.I,
)


def _split_row(line: str) -> list[tuple[str, int]]:
    """Cells of a pipe row as (raw text, 0-based column where the cell text starts)."""
    start = line.index("|") + 1
    cells: list[tuple[str, int]] = []
    buf: list[str] = []
    cell_start = start
    i = start
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == "\\" and i + 1 < n and line[i + 1] in _ESCAPABLE:
            # kept escaped: the cell text is unescaped once, by _inline
            buf.append(line[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append(("".join(buf), cell_start))
            buf = []
            cell_start = i + 1
        else:
            buf.append(ch)
        i += 1
    rest = "".join(buf)
    if rest.strip():
        # a row without its closing pipe still has this last cell
        cells.append((rest, cell_start))
    return cells


def _inline_sub(m: re.Match[str]) -> str:
    escaped = m.group(1)
    if escaped is not None:
        return escaped
    if m.group(2) is not None:
        return "\n"
    return html.unescape(m.group(0))


def _inline(raw: str) -> str:
    """Inline text as markdown shows it: backslash escapes, character references, ``<br>``.

    One pass, so that an escaped ``\\&amp;`` stays the literal text ``&amp;``.
    """
    if "\\" not in raw and "&" not in raw and "<" not in raw:
        return raw
    return _INLINE.sub(_inline_sub, raw)


def _cell_text(raw: str) -> str:
    text = _inline(raw)
    return "\n".join(part.strip() for part in text.split("\n"))


def _line_text(line: str) -> str:
    """A paragraph line: inline markup read, a hard line break (``\\`` at its end) removed."""
    if line.endswith("\\") and (len(line) - len(line.rstrip("\\"))) % 2 == 1:
        line = line[:-1].rstrip(" \t")
    return _cell_text(line)


def _is_delimiter(cells: list[tuple[str, int]]) -> bool:
    return bool(cells) and all(_DELIM_CELL.fullmatch(text) for text, _ in cells)


def _shift(loc: Location, line_delta: int, base: int, table: int | None) -> Location:
    """A location inside an embedded HTML chunk, as a location in the markdown input."""
    return replace(
        loc,
        kind="markdown",
        line=None if loc.line is None else loc.line + line_delta,
        offset=None if loc.offset is None else loc.offset + base,
        table=loc.table if table is None else table,
    )


_META_HINT = re.compile(r'data-govd-body-(level|kind)="([a-z_]{1,40})"')


def _comment_lines(lines: list[str]) -> dict[str, str]:
    """Blank every line that is one HTML comment (not shown), in place, and return what the
    comment of a govdisclosure page states: the body's level and kind, which the official
    layout does not print (``data-govd-body-level="county"``)."""
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<!--") and stripped.endswith("-->"):
            for key, value in _META_HINT.findall(stripped):
                meta.setdefault(f"body_{key}", value)
            lines[i] = ""
    return meta


def read_markdown(text: str | bytes, *, source: str | None = None) -> SourceDocument:
    """Read markdown text into text blocks and tables (one per table fragment).

    Bytes are decoded like HTML input (UTF-8 with or without BOM, else GB18030 with a
    ``P-ENCODING`` finding). Raises :class:`~govdisclosure.parse._result.ParseError` (only)
    when the input cannot be decoded, is empty or exceeds the size limits.
    """
    findings: list[Finding] = []
    try:
        decoded = decode_text(text, kind="markdown", findings=findings, limit=MAX_INPUT_CHARS)
    except ParseError as exc:
        raise ParseError(exc.code, exc.message, location=exc.location, source=source) from None
    if not decoded.strip():
        raise ParseError("P-INPUT-EMPTY", "the input is empty", source=source)

    blocks: list[TextBlock | SourceTable] = []
    table_rows: list[list[SourceCell]] | None = None
    table_loc: Location | None = None
    table_caption: str | None = None
    pending_header: tuple[list[tuple[str, int]], int, int] | None = None
    last_heading: tuple[str, int] | None = None  # (text, index in blocks)
    n_tables = 0
    n_cells = 0
    n_pipe_rows = 0

    def close_table() -> None:
        nonlocal table_rows, table_loc, table_caption, n_tables
        if table_rows is not None and table_loc is not None:
            blocks.append(SourceTable(table_rows, table_loc, table_caption))
            n_tables += 1
        table_rows, table_loc, table_caption = None, None, None

    def add_row(cells: list[tuple[str, int]], line_no: int, line_offset: int) -> None:
        nonlocal table_rows, table_loc, table_caption, n_cells, n_pipe_rows
        if table_rows is None:
            table_rows = []
            table_loc = Location(
                kind="markdown", line=line_no, column=1, offset=line_offset, table=n_tables
            )
            if last_heading is not None and last_heading[1] == len(blocks) - 1:
                table_caption = last_heading[0]
        n_cells += len(cells)
        n_pipe_rows += 1
        if n_cells > MAX_CELLS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the tables have more than {MAX_CELLS} cells",
                location=Location(kind="markdown", line=line_no),
                source=source,
            )
        r = len(table_rows)
        table_rows.append(
            [
                SourceCell(
                    _cell_text(raw),
                    Location(
                        kind="markdown",
                        line=line_no,
                        column=col + 1,
                        offset=line_offset + col,
                        table=n_tables,
                        row=r,
                        cell=c,
                    ),
                )
                for c, (raw, col) in enumerate(cells)
            ]
        )

    def flush_pending() -> None:
        nonlocal pending_header
        if pending_header is not None:
            add_row(*pending_header)
            pending_header = None

    def add_html_table(first: int, last: int) -> None:
        """Read lines ``first``..``last`` (0-based) holding an HTML table with the HTML reader."""
        nonlocal n_tables, n_cells
        chunk = "\n".join(lines[first : last + 1])
        try:
            part = read_html(chunk)
        except ParseError as exc:
            loc = exc.location
            if loc is not None and loc.line is not None:
                loc = replace(loc, kind="markdown", line=loc.line + first)
            raise ParseError(exc.code, exc.message, location=loc, source=source) from None
        base = starts[first]
        for block in part.blocks:
            if isinstance(block, SourceTable):
                for row in block.rows:
                    n_cells += len(row)
                    for cell in row:
                        cell.loc = _shift(cell.loc, first, base, n_tables)
                block.loc = _shift(block.loc, first, base, n_tables)
                n_tables += 1
            else:
                block.loc = _shift(block.loc, first, base, None)
            blocks.append(block)
        if n_cells > MAX_CELLS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the tables have more than {MAX_CELLS} cells",
                location=Location(kind="markdown", line=first + 1),
                source=source,
            )

    lines = decoded.split("\n")
    starts: list[int] = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    # After the offsets: a blanked comment line keeps every later line's place.
    meta = _comment_lines(lines)
    k = 0
    while k < len(lines):
        line_no, line_offset = k + 1, starts[k]
        line = lines[k].rstrip("\r")
        k += 1
        stripped = line.strip()
        if stripped[:6].lower() == "<table":
            # raw HTML tables, as some converters write them, are read as HTML
            flush_pending()
            close_table()
            end, depth = line_no - 1, 0
            while end < len(lines):
                low = lines[end].lower()
                depth += low.count("<table") - low.count("</table")
                if depth <= 0:
                    break
                end += 1
            end = min(end, len(lines) - 1)
            add_html_table(line_no - 1, end)
            k = end + 1
            continue
        if stripped.startswith("|"):
            cells = _split_row(line)
            if _is_delimiter(cells):
                if pending_header is not None:
                    # the row above the delimiter heads a new table (fragment)
                    close_table()
                    flush_pending()
                continue
            flush_pending()
            pending_header = (cells, line_no, line_offset)
            continue
        flush_pending()
        close_table()
        if not stripped:
            continue
        if len(blocks) >= MAX_LINES:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the input has more than {MAX_LINES} lines of text",
                location=Location(kind="markdown", line=line_no),
                source=source,
            )
        heading = _HEADING.match(stripped) if stripped.startswith("#") else None
        loc = Location(
            kind="markdown",
            line=line_no,
            column=len(line) - len(line.lstrip()) + 1,
            offset=line_offset + len(line) - len(line.lstrip()),
        )
        if heading is not None:
            title = _cell_text(heading.group(2) or "")
            if title:
                blocks.append(TextBlock(title, loc, len(heading.group(1))))
                last_heading = (title, len(blocks) - 1)
            continue
        blocks.append(TextBlock(_line_text(stripped), loc))
    flush_pending()
    close_table()
    if n_pipe_rows:
        # Pipe tables come from converters, which leave table text among the paragraphs.
        blocks = _label_value_lines(blocks, lines)
    return SourceDocument(
        blocks=blocks,
        source=source,
        kind="markdown",
        findings=findings,
        tables_apart=n_tables > 0 and not n_pipe_rows,
        metadata=meta,
    )


_NUMBER = r"[+\-−－]?\d[\d,]*(?:\.\d+)?(?:万元|元)?"
# The label is at most 40 characters (longer ones are refused where it is used); saying so in
# the pattern keeps a long line from costing n² steps (4,000 spaces took 0.13 s, 40,000 13 s).
_LABEL_VALUES = re.compile(
    rf"(?P<label>.{{0,39}}?\D)[ \t]+(?P<values>{_NUMBER}(?:[ \t]+{_NUMBER})*)"
)
_VALUE = re.compile(_NUMBER)


def _label_value_lines(
    blocks: list[TextBlock | SourceTable], lines: list[str]
) -> list[TextBlock | SourceTable]:
    """Lines ``行政许可 97`` of a table section, as converters leave table rows outside the
    pipe table, become one-row tables; everything else is unchanged.

    Only under the section heading of a table (二、三、四, any numbering), only a line inside a
    paragraph (not its first line, not after a hard line break) that is a row label of that
    table followed by numbers. Tables are renumbered in document order.
    """
    from govdisclosure.parse._mapper import heading_table, is_row_label

    out: list[TextBlock | SourceTable] = []
    section: str | None = None
    changed = False
    for block in blocks:
        if isinstance(block, TextBlock):
            found = heading_table(block.text)
            if found is not None:
                section = found
            elif section is not None and block.heading_level is None:
                row = _label_value_row(block, lines, section, is_row_label)
                if row is not None:
                    out.append(SourceTable([row], row[0].loc))
                    changed = True
                    continue
        out.append(block)
    if changed:
        for i, table in enumerate(b for b in out if isinstance(b, SourceTable)):
            if table.loc.table == i:
                continue
            table.loc = replace(table.loc, table=i)
            for row in table.rows:
                for k, cell in enumerate(row):
                    if cell.loc.row is None:
                        cell.loc = replace(cell.loc, table=i, row=0, cell=k)
                    else:
                        cell.loc = replace(cell.loc, table=i)
    return out


def _label_value_row(
    block: TextBlock, lines: list[str], table_id: str, is_row_label: Callable[[str, str], bool]
) -> list[SourceCell] | None:
    loc = block.loc
    if loc.line is None or loc.column is None or loc.offset is None:
        return None
    # A converter's table row sits inside a paragraph (a soft line break before it); a line
    # that starts a paragraph or follows a hard line break is the report's own text.
    before = lines[loc.line - 2].rstrip("\r\t ") if loc.line >= 2 else ""
    if not before or (len(before) - len(before.rstrip("\\"))) % 2 == 1:
        return None
    raw = lines[loc.line - 1].rstrip("\r")
    start = loc.column - 1
    m = _LABEL_VALUES.fullmatch(raw.rstrip(), start)
    if m is None or len(m.group("label")) > 40 or not is_row_label(m.group("label"), table_id):
        return None
    base = loc.offset - start

    def cell(text: str, col: int) -> SourceCell:
        return SourceCell(
            text, Location(kind="markdown", line=loc.line, column=col + 1, offset=base + col)
        )

    cells = [cell(m.group("label").strip(), start)]
    for v in _VALUE.finditer(raw, m.start("values"), m.end("values")):
        cells.append(cell(v.group(0), v.start()))
    return cells
