"""HTML in the official layout: a standalone, print-ready (A4) page; standard library only.

The page has the covering letter, the report title, the preamble, the six sections as ``<h2>``
headings (titles as published, else the official ones from the layout) with their text as paragraphs and sub-headings as ``<h3>``, and the
three tables drawn as the template draws them (:mod:`govdisclosure.io._grid`): merged cells
as ``rowspan``/``colspan``, the 勾稽 note in the top-left cell of 表三, the 申请人情况 /
法人或其他组织 header levels, the row groups of 表三 and the two-level header of 表四.

A blank cell is an empty ``<td>`` (never ``0``). Each value cell carries its public cell id in
``data-cell`` (``t3.new_received.natural_person``) so that the page can be read back by
machines. No scripts, no external assets: fonts are named (a CJK font stack), not loaded.
"""

from __future__ import annotations

import html as _html
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from govdisclosure._version import __version__
from govdisclosure.cells import CellValue
from govdisclosure.io._common import ReportT, cell_text
from govdisclosure.io._grid import Grid, GridCell
from govdisclosure.io._walk import (
    DocumentNumber,
    Event,
    ExtraRows,
    Letter,
    Paragraphs,
    SectionStart,
    Subheading,
    TableGrid,
    Title,
    Walk,
    heading,
    unit_of,
    walk,
)
from govdisclosure.layout import CellRef

__all__ = [
    "SUFFIXES",
    "CellDecorator",
    "body_html",
    "dump",
    "dumps",
    "heading",
    "render_table",
    "unit_of",
]

SUFFIXES = (".html", ".htm")

SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", "宋体", serif'
SANS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "微软雅黑", '
    '"SimHei", "黑体", sans-serif'
)
FANGSONG = '"FangSong", "仿宋", "STFangsong", ' + SERIF

STYLE = f"""
@page {{ size: A4; margin: 20mm 16mm; }}
html {{ background: #fff; color: #000; }}
body {{ font-family: {FANGSONG}; font-size: 12pt; line-height: 1.7; max-width: 178mm;
  margin: 0 auto; padding: 8mm 0; }}
h1, h2, h3 {{ font-family: {SANS}; font-weight: bold; line-height: 1.4; }}
h1 {{ font-size: 17pt; text-align: center; margin: 0 0 0.6em; }}
h2 {{ font-size: 13pt; margin: 1.2em 0 0.4em; break-after: avoid; }}
h3 {{ font-size: 12pt; margin: 0.8em 0 0.3em; break-after: avoid; }}
p {{ margin: 0.25em 0; text-indent: 2em; }}
p.govd-line {{ text-indent: 0; text-align: center; }}
table.govd-table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0 1em;
  font-family: {SERIF}; font-size: 9pt; line-height: 1.35; }}
table.govd-table th, table.govd-table td {{ border: 0.75pt solid #000; padding: 2pt 3pt;
  vertical-align: middle; }}
table.govd-table th {{ font-weight: normal; text-align: center; }}
table.govd-table th.govd-row {{ text-align: left; }}
table.govd-transposed th.govd-row {{ text-align: center; }}
table.govd-table th.govd-note {{ font-size: 8pt; text-align: left; }}
table.govd-table th.govd-caption {{ font-weight: bold; text-align: left; }}
table.govd-table td {{ text-align: center; min-width: 2.4em; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
@media print {{ body {{ padding: 0; max-width: none; }} }}
""".strip()

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(text: str) -> str:
    """Escape text for HTML content and attribute values."""
    out = _html.escape(text, quote=True)
    # Control characters cannot appear in HTML text; show them as character references.
    return _CONTROL.sub(lambda m: f"&#{ord(m.group(0))};", out)


def extra_rows_lines(extra: ExtraRows) -> list[str]:
    """The rows of ``extra`` as the lines of their own small HTML table."""
    table = extra.table
    out = [
        f'<table class="govd-table govd-extra-rows" id="{esc(table)}-extra" '
        f'data-table="{esc(table)}">',
        "<tbody>",
    ]
    for row in extra.rows:
        # An empty hint says "not known" (null), so the reader does not guess instead.
        cells = "".join(
            f"<td{hint_attr('column', c.column or '')}>{esc(c.raw)}</td>" for c in row.cells
        )
        hints = (
            hint_attr("table", row.table)
            + hint_attr("after-row", row.after_row or "")
            + hint_attr("subtotal-of", row.subtotal_of or "")
        )
        out.append(f'<tr{hints}><th class="govd-row">{esc(row.label)}</th>{cells}</tr>')
    out += ["</tbody>", "</table>"]
    return out


def hint_attr(name: str, value: str | None) -> str:
    """A ``data-govd-*`` attribute (nothing when ``value`` is ``None``).

    What the official layout does not print but the report holds (where an added row stands
    in the template, the column of its cells, the body's level and kind) is carried in
    attributes no browser shows, for :func:`govdisclosure.parse.parse` to read back.
    """
    return "" if value is None else f' data-govd-{name}="{esc(value)}"'


_CLASS = {
    "note": "govd-note",
    "corner": "govd-corner",
    "caption": "govd-caption",
    "group": "govd-group",
    "column": "govd-col",
    "row": "govd-row",
}


CellDecorator = Callable[[CellRef], tuple[str, str]]
"""Adds to a value cell of a rendered table: returns extra attributes (a string starting with a
space, or empty) and extra HTML placed after the value. Used by pages that annotate cells
(findings, provenance) without re-drawing the official layout."""


def _cell_html(
    c: GridCell,
    values: Mapping[tuple[str, str, str], CellValue],
    units: Mapping[tuple[str, str, str], str],
    decorate: CellDecorator | None = None,
) -> str:
    span = ""
    if c.rowspan > 1:
        span += f' rowspan="{c.rowspan}"'
    if c.colspan > 1:
        span += f' colspan="{c.colspan}"'
    if c.ref is None:
        scope = ' scope="row"' if c.role == "row" else ""
        return f'<th class="{_CLASS[c.role]}"{span}{scope}>{esc(c.text)}</th>'
    value = values.get(c.ref.id)
    text = esc(cell_text(value))
    unit = units.get(c.ref.id)
    if value is not None and unit:
        text += f'<span class="govd-unit">{esc(unit)}</span>'
    attrs = ""
    if decorate is not None:
        attrs, extra = decorate(c.ref)
        text += extra
    return f'<td data-cell="{esc(c.ref.dotted)}"{span}{attrs}>{text}</td>'


def render_table(
    grid: Grid,
    values: Mapping[tuple[str, str, str], CellValue],
    units: Mapping[tuple[str, str, str], str] | None = None,
    *,
    indent: str = "",
    decorate: CellDecorator | None = None,
) -> str:
    """One table as an HTML ``<table>``, one line per ``<tr>`` (no blank lines inside).

    ``decorate``, when given, adds attributes and content to each value cell.
    """
    u = units or {}
    t = grid.table
    cls = "govd-table govd-transposed" if t.transposed else "govd-table"
    lines = [f'{indent}<table class="{cls}" id="{t.id}" aria-label="{esc(t.short_label)}">']
    rows = grid.lines()
    parts: list[tuple[str, list[list[GridCell]]]] = []
    if grid.head:
        parts.append(("thead", rows[: grid.head]))
    parts.append(("tbody", rows[grid.head :]))
    for tag, chunk in parts:
        lines.append(f"{indent}<{tag}>")
        for line in chunk:
            cells = "".join(_cell_html(c, values, u, decorate) for c in line)
            lines.append(f"{indent}<tr>{cells}</tr>")
        lines.append(f"{indent}</{tag}>")
    lines.append(f"{indent}</table>")
    return "\n".join(lines)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text: separated by blank lines; single line breaks stay inside."""
    return [p for p in re.split(r"\n[ \t\u3000]*\n", text) if p.strip()]


def _text_html(text: str) -> list[str]:
    # Each line of a section's text is a paragraph of the published report (see the
    # narrative convention), so each gets its own <p>, indented as printed.
    return [f"<p>{esc(line)}</p>" for p in paragraphs(text) for line in p.split("\n")]


def _lines_html(text: str) -> list[str]:
    # The lines of a covering letter are lines, not paragraphs: one block, line breaks kept.
    return ["<p>" + "<br>".join(esc(x) for x in p.split("\n")) + "</p>" for p in paragraphs(text)]


def body_html(report: ReportT, decorate: CellDecorator | None = None) -> list[str]:
    """The report's ``<article>`` in the official layout, as lines (no page around it).

    ``decorate`` is handed to :func:`render_table` for every table.
    """
    w = walk(report)
    body = report.metadata.body
    hints = hint_attr("body-level", body.level) + hint_attr("body-kind", body.kind)
    out = [f'<article class="govd-report" data-edition="{esc(report.edition)}"{hints}>']
    for event in w.events:
        out.extend(_event_html(event, w, decorate))
    out.append("</article>")
    return out


def _event_html(event: Event, w: Walk, decorate: CellDecorator | None) -> list[str]:
    if isinstance(event, Letter):
        return ['<div class="govd-covering-letter">', *_lines_html(event.text), "</div>"]
    if isinstance(event, Title):
        return [f"<h1>{esc(event.text)}</h1>"]
    if isinstance(event, DocumentNumber):
        return [f'<p class="govd-line">{esc(event.text)}</p>']
    if isinstance(event, Paragraphs):
        return _text_html(event.text)
    if isinstance(event, SectionStart):
        return [f'<section id="{event.info.id}">', f"<h2>{esc(event.title)}</h2>"]
    if isinstance(event, Subheading):
        return [f"<h3>{esc(event.text)}</h3>"]
    if isinstance(event, TableGrid):
        return [render_table(event.grid, w.values, w.units, decorate=decorate)]
    if isinstance(event, ExtraRows):
        return extra_rows_lines(event)
    return ["</section>"]


def dumps(report: ReportT) -> str:
    """The report as a standalone HTML page in the official layout."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="govdisclosure {esc(__version__)}">',
        f"<title>{esc(heading(report))}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        *body_html(report),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def dump(report: ReportT, path: str | os.PathLike[str]) -> None:
    """Write the HTML page of ``report`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(report), encoding="utf-8", newline="\n")
