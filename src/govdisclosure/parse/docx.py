"""Read a Word document (DOCX) into a :class:`~govdisclosure.parse._ir.SourceDocument`.

Needs the optional dependency python-docx (``pip install 'govdisclosure[docx]'``); without it
:func:`read_docx` raises :class:`~govdisclosure.errors.MissingExtraError`.

python-docx opens the package; the body is then walked in document order (paragraphs and
tables as the XML holds them, content controls descended into), because the paragraph and
table lists python-docx offers separately lose their relative order:

- a paragraph becomes a :class:`~govdisclosure.parse._ir.TextBlock`; ``heading_level`` comes
  from a ``Heading N`` / ``标题 N`` / ``Title`` style or the paragraph's outline level; line
  breaks inside the paragraph split it into several blocks;
- a table becomes a :class:`~govdisclosure.parse._ir.SourceTable` with merged cells expanded:
  ``gridSpan`` (merged across) and ``vMerge`` (merged down) repeat the text of the merged cell
  in every grid position it covers, with ``origin`` and the spans set as for HTML; the
  paragraphs of a cell are joined with line breaks; ``gridBefore`` leaves its grid columns
  empty. A table holding tables, or of a single column (unless it is a few rows ending in a
  number: a header over a value), is a layout table: its paragraphs are read as running text
  and its inner tables as tables of their own.

For text blocks ``Location.line`` is the 1-based number of the paragraph in the document;
cells carry table index, grid row and grid cell. Page headers and footers, footnotes and
comments are not read (they hold page numbers and remarks, not the report); text boxes are read
as part of the paragraph that anchors them; deleted text of tracked changes is not read.

Safety: the package is checked before it is opened (number of parts, declared uncompressed
size of each part and of all of them: a zip bomb is refused); python-docx parses XML with
lxml without resolving entities or touching the network; the number of cells and lines read
is capped. The only exception raised on bad input is
:class:`~govdisclosure.parse._result.ParseError`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from govdisclosure._package import (
    MAX_PACKAGE_PARTS,
    MAX_PART_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    PackageError,
    check_package,
)
from govdisclosure.errors import MissingExtraError
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._normalize import read_cell
from govdisclosure.parse._result import ParseError
from govdisclosure.parse.html import MAX_CELLS, MAX_LINES, MAX_TABLE_DEPTH

__all__ = ["MAX_PACKAGE_PARTS", "MAX_PART_BYTES", "MAX_UNCOMPRESSED_BYTES", "read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_NB_HYPHEN, _SOFT_HYPHEN = f"{_W}noBreakHyphen", f"{_W}softHyphen"
_VAL = f"{_W}val"
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-9])$", re.I)


_PACKAGE_CODES = {
    "too-large": "P-INPUT-TOO-LARGE",
    "unsafe": "P-INPUT-UNSAFE",
    "unreadable": "P-FORMAT-UNREADABLE",
}


def package_parse_error(err: PackageError, source: str | None) -> ParseError:
    """The :class:`ParseError` saying what :mod:`govdisclosure._package` refused."""
    return ParseError(_PACKAGE_CODES[err.code], err.message, source=source)


def check_zip(data: bytes, *, kind: str, source: str | None) -> zipfile.ZipFile:
    """Open ``data`` as a zip package after checking that it is safe to hand to a library.

    Checks the number of entries, the declared uncompressed sizes (``zipfile`` never
    inflates an entry beyond its declared size) and the compression ratio, and that no XML
    part declares a DTD (:func:`govdisclosure._package.check_package`). Raises ``ParseError``.
    """
    try:
        return check_package(data, kind=kind)
    except PackageError as err:
        raise package_parse_error(err, source) from None


def _children(el: Any, tags: frozenset[str]) -> Iterator[Any]:
    """Direct children of ``el`` with a tag in ``tags``, looking through content controls."""
    for child in el.iterchildren():
        tag = child.tag
        if tag in tags:
            yield child
        elif tag in _WRAPPERS:
            yield from _children(child, tags)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR, _NB_HYPHEN, _SOFT_HYPHEN):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _int_attr(el: Any, path: str, default: int, limit: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    raw = found.get(_VAL)
    if raw is None or not raw.strip().isdigit() or len(raw.strip()) > 6:
        return default
    return max(1, min(int(raw), limit))


class _Reader:
    def __init__(self, styles: dict[str, str], source: str | None) -> None:
        self.styles = styles
        self.source = source
        self.blocks: list[TextBlock | SourceTable] = []
        self.paragraphs = 0
        self.cells = 0
        self.n_tables = 0

    def _too_large(self, what: str, limit: int) -> ParseError:
        return ParseError(
            "P-INPUT-TOO-LARGE", f"the document has more than {limit} {what}", source=self.source
        )

    def body(self, el: Any, depth: int = 0) -> None:
        for child in _children(el, frozenset({_P, _TBL})):
            if child.tag == _P:
                self.paragraph(child)
            else:
                self.table(child, depth + 1)

    def paragraph(self, p: Any) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_LINES:
            raise self._too_large("paragraphs", MAX_LINES)
        level = self._heading_level(p)
        loc = Location(kind="docx", line=self.paragraphs)
        for line in _paragraph_text(p).split("\n"):
            text = line.strip()
            if text:
                self.blocks.append(TextBlock(text, loc, level))

    def _heading_level(self, p: Any) -> int | None:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None:
            name = self.styles.get(style.get(_VAL) or "", style.get(_VAL) or "")
            m = _HEADING_STYLE.search(name.strip())
            if m:
                return int(m.group(1)) if int(m.group(1)) <= 6 else None
            if name.strip().lower() in ("title", "标题"):
                return 1
        outline = p.find(f"{_W}pPr/{_W}outlineLvl")
        if outline is not None:
            raw = outline.get(_VAL) or ""
            if raw.isdigit() and int(raw) < 6:
                return int(raw) + 1
        return None

    def _is_layout(self, rows: list[Any], cells_by_row: list[list[Any]]) -> bool:
        """A table holding tables, or of one column (unless a few rows ending in a number:
        a header over a value), lays out text rather than holding data."""
        if any(tc.find(f".//{_TBL}") is not None for row in cells_by_row for tc in row):
            return True
        width = max(
            (
                _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0, 1000)
                + sum(_int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1, 1000) for tc in tcs)
                for tr, tcs in zip(rows, cells_by_row, strict=True)
            ),
            default=0,
        )
        if width > 1:
            return False
        if not cells_by_row or len(cells_by_row) > _ONE_COLUMN_ROWS or cells_by_row[-1] == []:
            return True
        last = read_cell(_cell_text(cells_by_row[-1][0]))
        return not (last.readable and not last.blank and last.raw.strip())

    def _continued(
        self, grid: list[list[SourceCell | None]], r: int, c: int, tc: Any, span: int
    ) -> list[SourceCell] | None:
        """The positions a vertically merged cell continues into (``None`` if it starts)."""
        vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
        above = grid[r - 1][c] if r > 0 and c < len(grid[r - 1]) else None
        if vmerge is None or vmerge.get(_VAL) == "restart" or above is None:
            return None
        oy, ox = above.origin if above.origin is not None else (r - 1, c)
        origin = grid[oy][ox]
        if origin is None or origin.colspan != span:
            return None
        origin.rowspan += 1
        return [SourceCell(origin.text, origin.loc, (oy, ox)) for _ in range(span)]

    def _grid_row(
        self, grid: list[list[SourceCell | None]], r: int, tr: Any, tcs: list[Any], index: int
    ) -> list[SourceCell | None]:
        line: list[SourceCell | None] = []
        c = _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0, 1000)
        line.extend([None] * c)
        for tc in tcs:
            span = _int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1, 1000)
            self.cells += span
            if self.cells > MAX_CELLS:
                raise self._too_large("table cells", MAX_CELLS)
            continued = self._continued(grid, r, c, tc, span)
            if continued is not None:
                line.extend(continued)
                c += span
                continue
            loc = Location(kind="docx", table=index, row=r, cell=c)
            text = _cell_text(tc)
            line.append(SourceCell(text, loc, None, 1, span))
            line.extend(SourceCell(text, loc, (r, c)) for _ in range(span - 1))
            c += span
        return line

    def table(self, tbl: Any, depth: int) -> None:
        if depth > MAX_TABLE_DEPTH:
            raise self._too_large(f"levels of nested tables (more than {MAX_TABLE_DEPTH})", 0)
        rows = list(_children(tbl, frozenset({_TR})))
        cells_by_row = [list(_children(tr, frozenset({_TC}))) for tr in rows]
        if self._is_layout(rows, cells_by_row):
            for tcs in cells_by_row:
                for tc in tcs:
                    self.body(tc, depth)
            return
        index = self.n_tables
        self.n_tables += 1
        grid: list[list[SourceCell | None]] = []
        for r, (tr, tcs) in enumerate(zip(rows, cells_by_row, strict=True)):
            grid.append([])
            grid[r] = self._grid_row(grid, r, tr, tcs, index)
        out = [
            [
                cell
                if cell is not None
                else SourceCell("", Location(kind="docx", table=index, row=r, cell=c))
                for c, cell in enumerate(line)
            ]
            for r, line in enumerate(grid)
        ]
        if any(out):
            self.blocks.append(SourceTable(out, Location(kind="docx", table=index)))


_ONE_COLUMN_ROWS = 6
"""Most rows of a one-column table of data (a header or two over a value)."""


def _cell_text(tc: Any) -> str:
    return "\n".join(
        t for t in (_paragraph_text(p).strip() for p in _children(tc, frozenset({_P}))) if t
    )


def read_docx(data: bytes, *, source: str | None = None) -> SourceDocument:
    """Read a DOCX file's paragraphs and tables in document order.

    Raises :class:`~govdisclosure.errors.MissingExtraError` when python-docx is not installed
    and :class:`~govdisclosure.parse._result.ParseError` (only) for input that is not a
    readable Word document or exceeds the size limits.
    """
    try:
        import docx
    except ImportError:
        raise MissingExtraError("reading DOCX files", "docx", "python-docx") from None
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("P-FORMAT-UNREADABLE", "DOCX input must be bytes", source=source)
    data = bytes(data)
    check_zip(data, kind="DOCX", source=source).close()
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = {
            s.style_id: s.name or ""
            for s in document.styles
            if getattr(s, "style_id", None) is not None
        }
    except Exception as exc:  # python-docx signals malformed packages many ways
        raise ParseError(
            "P-FORMAT-UNREADABLE",
            f"the input cannot be read as DOCX: {type(exc).__name__}: {exc}",
            source=source,
        ) from None
    if getattr(body, "tag", None) != f"{_W}body":
        # e.g. "Strict Open XML" documents use another namespace; reading them as empty
        # would silently drop the whole report
        raise ParseError(
            "P-FORMAT-UNREADABLE",
            f"the document body is {getattr(body, 'tag', None)!r}, not a transitional "
            "WordprocessingML body (Strict Open XML documents are not read; save as .docx)",
            source=source,
        )
    reader = _Reader(styles, source)
    reader.body(body)
    return SourceDocument(blocks=reader.blocks, source=source, kind="docx", tables_apart=True)
