"""The intermediate representation every input format is read into before label matching.

Each front end (plain text, HTML, markdown, DOCX, XLSX, PDF) turns its input into a
:class:`SourceDocument`: text blocks and tables in document order, every cell carrying its raw
text and where it came from. One shared mapper then matches labels against the layout and
builds the model, so label normalisation and edition detection exist once.

Merged cells are *expanded*: a cell with rowspan/colspan appears in every grid position it
covers, with ``origin`` pointing at the position of the source cell and ``span`` set on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from govdisclosure.findings import Finding

__all__ = ["Location", "SourceCell", "SourceDocument", "SourceTable", "TextBlock"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of input came from. Fields not meaningful for a format are ``None``."""

    kind: Literal["text", "html", "markdown", "docx", "xlsx", "json", "pdf"]
    line: int | None = None
    """1-based line (text, markdown)."""
    column: int | None = None
    """1-based character column (text, markdown)."""
    offset: int | None = None
    """0-based character offset into the decoded input."""
    table: int | None = None
    """0-based index of the table in the document (html, docx, markdown) ."""
    row: int | None = None
    """0-based row index inside the table (grid coordinates)."""
    cell: int | None = None
    """0-based cell (grid column) index inside the row."""
    sheet: str | None = None
    """Sheet name (xlsx)."""
    ref: str | None = None
    """A1-style cell reference (xlsx)."""
    page: int | None = None
    """1-based page number (pdf)."""
    bbox: tuple[float, float, float, float] | None = None
    """Box of the cell or line on its page (pdf): ``x0, y0, x1, y1`` in PDF user-space units
    (points, origin at the bottom left of the page)."""

    def describe(self) -> str:
        """Short human-readable form, e.g. ``line 12`` or ``table 2, row 5, cell 3``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.ref is not None:
            parts.append(f"cell {self.ref}")
        if self.table is not None and self.sheet is None:
            parts.append(f"table {self.table + 1}")
        if self.row is not None and self.ref is None:
            parts.append(f"row {self.row + 1}")
        if self.cell is not None and self.ref is None:
            parts.append(f"cell {self.cell + 1}")
        if self.line is not None:
            parts.append(f"line {self.line}")
            if self.column is not None:
                parts.append(f"column {self.column}")
        return ", ".join(parts) or self.kind


@dataclass(slots=True)
class SourceCell:
    """One cell of a source table (in grid coordinates)."""

    text: str
    """Raw text as it appears in the source (whitespace not yet normalised)."""
    loc: Location
    origin: tuple[int, int] | None = None
    """For a position covered by a merged cell: (row, col) of the cell that spans it."""
    rowspan: int = 1
    colspan: int = 1
    optional: bool = False
    """An empty cell the source does not place for certain: in pipe-separated page text a
    line holding only ``|`` may be an empty cell or the start of the next row. The mapper
    leaves such cells out when the row has exactly that many cells more than the layout."""
    hints: dict[str, str] | None = None
    """What a page rendered by govdisclosure states of the cell in ``data-govd-*`` attributes
    of the cell and its row (``after-row``, ``subtotal-of``, ``column`` of an added row), for
    what its printed layout does not show. The mapper checks each against the layout."""


@dataclass(slots=True)
class SourceTable:
    """A table as a grid of cells (merged cells expanded), in source order."""

    rows: list[list[SourceCell]]
    loc: Location
    caption: str | None = None


@dataclass(slots=True)
class TextBlock:
    """A paragraph, heading or line of running text."""

    text: str
    loc: Location
    heading_level: int | None = None
    """Heading level when the source marks it (HTML h1–h6, markdown #), else ``None``."""


@dataclass(slots=True)
class SourceDocument:
    """An input read into text blocks and tables, in document order."""

    blocks: list[TextBlock | SourceTable] = field(default_factory=list)
    source: str | None = None
    """File name or other label of the input."""
    kind: Literal["text", "html", "markdown", "docx", "xlsx", "json", "pdf"] = "text"
    tables_apart: bool = False
    """Whether the format keeps its tables apart from its text (HTML, DOCX, markdown with HTML
    tables): text outside the tables is then the report's own, never table residue."""
    findings: list[Finding] = field(default_factory=list)
    """What the front end noticed while reading (e.g. a decoding fallback, a formula cell
    left blank); the mapper passes them on into the parse result."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Metadata candidates the input states outside the report (e.g. the page URL of a
    crawler export's record), by metadata field name; the mapper uses each one the report's
    own text does not state."""

    @property
    def tables(self) -> list[SourceTable]:
        """The tables, in order."""
        return [b for b in self.blocks if isinstance(b, SourceTable)]
