"""What a rendering of a report shows, and in which order: one walk for every renderer.

:func:`walk` reads a report once, with its layout, into a sequence of :data:`Event` values
(the covering letter, the title, the 文号 line, the preamble, each section with its heading,
text, sub-headings, official table and the rows the report adds to it). The HTML and Markdown
renderers only turn each event into their own markup, so which parts a rendering has, and
where, is decided here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govdisclosure.cells import CellValue, iter_cells
from govdisclosure.editions import Edition
from govdisclosure.io._common import ReportT, unit_field
from govdisclosure.io._grid import Grid, build_grid
from govdisclosure.layout import SECTIONS, CellRef, SectionInfo, layout_for
from govdisclosure.models import ExtraRow, NarrativeSection

__all__ = [
    "DocumentNumber",
    "Event",
    "ExtraRows",
    "Letter",
    "Paragraphs",
    "SectionEnd",
    "SectionStart",
    "Subheading",
    "TableGrid",
    "Title",
    "Walk",
    "cell_maps",
    "document_number_line",
    "heading",
    "section_title",
    "unit_of",
    "walk",
]


@dataclass(frozen=True, slots=True)
class Letter:
    """The covering letter (报送函) published with the report: its lines are lines."""

    text: str


@dataclass(frozen=True, slots=True)
class Title:
    """The report's title (see :func:`heading`)."""

    text: str


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """The 文号 printed under the title (see :func:`document_number_line`)."""

    text: str


@dataclass(frozen=True, slots=True)
class Paragraphs:
    """Narrative text (the preamble, a section's or a sub-heading's text): each line is a
    paragraph of the published report. May be empty."""

    text: str


@dataclass(frozen=True, slots=True)
class SectionStart:
    """A section begins, with the title to show (see :func:`section_title`)."""

    info: SectionInfo
    title: str


@dataclass(frozen=True, slots=True)
class Subheading:
    """A sub-heading inside a section, as published (not stripped)."""

    text: str


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A section's official table, drawn as the template draws it."""

    grid: Grid


@dataclass(frozen=True, slots=True)
class ExtraRows:
    """The rows the report adds to ``table`` outside the template (never empty)."""

    table: str
    rows: tuple[ExtraRow, ...]


@dataclass(frozen=True, slots=True)
class SectionEnd:
    """The section begun by the matching :class:`SectionStart` ends."""

    info: SectionInfo


Event = (
    Letter
    | Title
    | DocumentNumber
    | Paragraphs
    | SectionStart
    | Subheading
    | TableGrid
    | ExtraRows
    | SectionEnd
)
"""One part of a rendered report."""


@dataclass(frozen=True, slots=True)
class Walk:
    """A report ready to render: its events, and every cell's value and stated unit."""

    events: tuple[Event, ...]
    values: dict[tuple[str, str, str], CellValue]
    units: dict[tuple[str, str, str], str]


def heading(report: ReportT) -> str:
    """The report's title as published, or else the issuing body and the year."""
    if report.metadata.title:
        return report.metadata.title
    return f"{report.metadata.body.name} {report.metadata.report_year}"


def document_number_line(report: ReportT) -> bool:
    """Whether to print the 文号 under the title: the report has one and no covering letter
    printed it already (the letter is where a 报送函's number stands)."""
    number = report.metadata.document_number
    letter = report.metadata.covering_letter or ""
    return number is not None and number != "" and number not in letter


def section_title(section: NarrativeSection | None, info: SectionInfo) -> str:
    """The section's title as the report printed it, else the official title."""
    if section is not None and section.title and section.title.strip():
        return section.title.strip()
    return info.title


def unit_of(report: ReportT, ref: CellRef) -> str | None:
    """The unit the report states for a cell whose column has none in the template."""
    name = unit_field(ref)
    if name is None:
        return None
    obj: object = report
    for p in ref.path[:-1]:
        obj = getattr(obj, p)
    unit = getattr(obj, name, None)
    return unit if isinstance(unit, str) else None


def cell_maps(
    report: ReportT,
) -> tuple[dict[tuple[str, str, str], CellValue], dict[tuple[str, str, str], str]]:
    """Values and stated units of every cell, by public id."""
    values: dict[tuple[str, str, str], CellValue] = {}
    units: dict[tuple[str, str, str], str] = {}
    for cell in iter_cells(report):
        values[cell.ref.id] = cell.value
        unit = unit_of(report, cell.ref)
        if unit:
            units[cell.ref.id] = unit
    return values, units


def walk(report: ReportT) -> Walk:
    """The parts of ``report``'s rendering in reading order, with its cell values and units."""
    values, units = cell_maps(report)
    return Walk(tuple(_events(report)), values, units)


def _events(report: ReportT) -> Iterator[Event]:
    if report.metadata.covering_letter:
        # The letter a body publishes with its report comes first, as on the published page.
        yield Letter(report.metadata.covering_letter)
    yield Title(heading(report))
    if document_number_line(report):
        yield DocumentNumber(report.metadata.document_number or "")
    if report.sections.preamble:
        yield Paragraphs(report.sections.preamble)
    layout = layout_for(Edition(report.edition))
    for info in SECTIONS:
        section: NarrativeSection | None = getattr(report.sections, info.id)
        if section is None and info.table is None:
            continue  # the report has no such section: render none rather than invent it
        yield SectionStart(info, section_title(section, info))
        if section is not None:
            yield Paragraphs(section.text)
            for sub in section.subsections:
                yield Subheading(sub.title)
                yield Paragraphs(sub.text)
        if info.table is not None:
            yield TableGrid(build_grid(layout.table(info.table)))
            extra = tuple(r for r in report.extra_rows if r.table == info.table)
            if extra:
                yield ExtraRows(info.table, extra)
        yield SectionEnd(info)
