"""Markdown in the official layout (write-only).

Headings and paragraphs are Markdown: ``#`` the report title, ``##`` the six sections (official
titles from the layout), ``###`` their sub-headings; text is escaped so that it renders as
written. Markdown tables cannot merge cells, so the three tables are embedded as HTML tables
(CommonMark/GFM render them): the same drawing as :mod:`govdisclosure.io.html`, with its
``rowspan``/``colspan``, the 勾稽 note and the header levels, written without blank lines so
that each table stays one HTML block. A blank cell is an empty ``<td>``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from govdisclosure.editions import Edition
from govdisclosure.io._common import ReportT
from govdisclosure.io._grid import build_grid
from govdisclosure.io.html import (
    cell_maps,
    document_number_line,
    extra_rows_html,
    heading,
    hint_attr,
    paragraphs,
    render_table,
    section_title,
)
from govdisclosure.layout import SECTIONS, layout_for
from govdisclosure.models import NarrativeSection

__all__ = ["SUFFIXES", "dump", "dumps", "escape"]

SUFFIXES = (".md", ".markdown")

_INLINE = re.compile(r"([\\`*_\[\]<>#|&~!])")
_BULLET = re.compile(r"^(\s*)([-+=])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(text: str) -> str:
    """Escape one line of text so that Markdown shows it literally."""
    out = _INLINE.sub(r"\\\1", text)
    # A line starting like a list item or a setext underline would change the structure.
    out = _ORDERED.sub(r"\1\\\2", _BULLET.sub(r"\1\\\2", out))
    return _CONTROL.sub(lambda m: f"&#{ord(m.group(0))};", out)


def _text(text: str) -> list[str]:
    out = []
    for p in paragraphs(text):
        # A hard line break (backslash at line end) keeps single line breaks inside a paragraph.
        out.append("\\\n".join(escape(x.strip(" \t")) for x in p.split("\n")))
    return out


def _section(section: NarrativeSection | None) -> list[str]:
    if section is None:
        return []
    out = _text(section.text)
    for sub in section.subsections:
        out.append(f"### {escape(sub.title.strip())}")
        out.extend(_text(sub.text))
    return out


def dumps(report: ReportT) -> str:
    """The report as Markdown in the official layout."""
    layout = layout_for(Edition(report.edition))
    values, units = cell_maps(report)
    blocks: list[str] = []
    if report.metadata.covering_letter:
        blocks.extend(_text(report.metadata.covering_letter))
    blocks.append(f"# {escape(heading(report).strip())}")
    if document_number_line(report):
        blocks.append(escape(report.metadata.document_number or ""))
    if report.sections.preamble:
        blocks.extend(_text(report.sections.preamble))
    for info in SECTIONS:
        section = getattr(report.sections, info.id)
        if section is None and info.table is None:
            continue  # the report has no such section: render none rather than invent it
        blocks.append(f"## {escape(section_title(section, info))}")
        blocks.extend(_section(section))
        if info.table is not None:
            blocks.append(render_table(build_grid(layout.table(info.table)), values, units))
            extra = extra_rows_html(report, info.table)
            if extra:
                blocks.append("\n".join(extra))
    body = report.metadata.body
    if body.level is not None or body.kind is not None:
        # Not printed in the official layout: an HTML comment at the end (not shown).
        hints = hint_attr("body-level", body.level) + hint_attr("body-kind", body.kind)
        blocks.append(f"<!-- govdisclosure{hints} -->")
    return "\n\n".join(blocks) + "\n"


def dump(report: ReportT, path: str | os.PathLike[str]) -> None:
    """Write the Markdown of ``report`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(report), encoding="utf-8", newline="\n")
