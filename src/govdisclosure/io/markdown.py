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

from govdisclosure.io import _walk
from govdisclosure.io._common import ReportT
from govdisclosure.io.html import extra_rows_lines, hint_attr, paragraphs, render_table

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


def dumps(report: ReportT) -> str:
    """The report as Markdown in the official layout."""
    w = _walk.walk(report)
    blocks: list[str] = []
    for event in w.events:
        blocks.extend(_event_blocks(event, w))
    body = report.metadata.body
    if body.level is not None or body.kind is not None:
        # Not printed in the official layout: an HTML comment at the end (not shown).
        hints = hint_attr("body-level", body.level) + hint_attr("body-kind", body.kind)
        blocks.append(f"<!-- govdisclosure{hints} -->")
    return "\n\n".join(blocks) + "\n"


def _event_blocks(event: _walk.Event, w: _walk.Walk) -> list[str]:
    if isinstance(event, (_walk.Letter, _walk.Paragraphs)):
        return _text(event.text)
    if isinstance(event, _walk.Title):
        return [f"# {escape(event.text.strip())}"]
    if isinstance(event, _walk.DocumentNumber):
        return [escape(event.text)]
    if isinstance(event, _walk.SectionStart):
        return [f"## {escape(event.title)}"]
    if isinstance(event, _walk.Subheading):
        return [f"### {escape(event.text.strip())}"]
    if isinstance(event, _walk.TableGrid):
        return [render_table(event.grid, w.values, w.units)]
    if isinstance(event, _walk.ExtraRows):
        return ["\n".join(extra_rows_lines(event))]
    return []  # the end of a section has no mark of its own


def dump(report: ReportT, path: str | os.PathLike[str]) -> None:
    """Write the Markdown of ``report`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(report), encoding="utf-8", newline="\n")
