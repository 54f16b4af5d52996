"""Charts of the overview site: SVG drawn at build time by pygal, inlined in the page.

pygal is a maintained SVG charting library with no browser-side code: with ``js=[]`` the SVG
loads nothing, so the site opens from ``file://`` without network. Values are printed on the
bars (readable without hovering) and every chart is followed by its data as a table.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from govdisclosure.errors import GovdisclosureError

__all__ = ["bar_chart", "line_chart", "require"]

_FONT = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif'
)
_UUID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COMMENTS = re.compile(r"<!--.*?-->")
_SCRIPTS = re.compile(r"<script\b.*?</script>", re.S)


def _pygal() -> Any:
    try:
        import pygal
    except ImportError:
        raise GovdisclosureError(
            "the overview site draws its charts with pygal, which is not installed; "
            "install it with: pip install 'govdisclosure[site]'"
        ) from None
    # pygal appends to sys.meta_path a finder for its map plugins that has no find_spec: any
    # later import of a module that does not exist then fails with AttributeError (ImportWarning
    # on 3.11) instead of ImportError, in the whole process. Maps are not used here.
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]
    return pygal


def require() -> None:
    """Raise the polite :class:`GovdisclosureError` now when pygal is missing."""
    _pygal()


def _style(pygal: Any) -> Any:
    from pygal.style import Style

    return Style(
        font_family=_FONT,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle="#666666",
        colors=("#2b5c8a", "#b00020", "#9a5b00", "#5b3fa0", "#2e7d32", "#00838f"),
        value_font_size=11,
        label_font_size=11,
        major_label_font_size=11,
        title_font_size=14,
        legend_font_size=11,
    )


def _finish(svg: str, chart_id: str) -> str:
    # pygal names each chart with a random uuid and dates it in a comment; a stable id and no
    # comments keep a rebuilt site byte-identical for the same input.
    # pygal also embeds its configuration for its (here unused) browser script: dropped, so
    # that the charts carry no script at all.
    svg = _SCRIPTS.sub("", svg)
    return _COMMENTS.sub("", _UUID.sub(f"chart-{chart_id}", svg))


def _config(pygal: Any, title: str, n: int, *, horizontal: bool) -> dict[str, Any]:
    height = max(220, 28 * n + 90) if horizontal else 320
    return {
        "js": [],
        "disable_xml_declaration": True,
        "print_values": True,
        "style": _style(pygal),
        "width": 700,
        "height": height,
        "title": title,
        "show_legend": False,
        "truncate_label": -1,
    }


LABEL_CHARS = 14
"""Bar labels (unit names) longer than this are cut with an ellipsis; the table has them whole."""


def _label(text: str) -> str:
    if len(text) <= LABEL_CHARS or text.isascii():
        return text  # codes such as P-SEGMENTATION-AMBIGUOUS stay whole
    return text[: LABEL_CHARS - 1] + "…"


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | int | None],
    *,
    horizontal: bool = True,
    value_range: tuple[float, float] | None = None,
) -> str:
    """One series as bars, each value printed on its bar; an inline ``<svg>``.

    ``value_range`` fixes the value axis (e.g. 0–100 for shares in per cent); counts (all
    values whole numbers) get whole-number ticks. Horizontal bars are drawn top-down in the
    order given.
    """
    pygal = _pygal()
    cls = pygal.HorizontalBar if horizontal else pygal.Bar
    cfg = _config(pygal, title, len(labels), horizontal=horizontal)
    shown = [_label(x) for x in labels]
    data = list(values)
    if horizontal:
        shown.reverse()  # pygal draws the first bar at the bottom
        data.reverse()
        if shown:
            # pygal sizes the label margin for Latin text; a CJK character is about twice as wide.
            wide = max(sum(1 if c.isascii() else 2 for c in x) for x in shown)
            cfg["margin_left"] = 3 * wide
    if value_range is not None:
        cfg["range"] = value_range
    elif data and all(isinstance(v, int) for v in data):
        top = max(int(v) for v in data if v is not None)
        step = max(1, -(-top // 10))
        cfg["y_labels"] = list(range(0, top + step, step))
    chart = cls(**cfg)
    chart.x_labels = shown
    chart.add(title, data)
    return _finish(chart.render(is_unicode=True), chart_id)


def line_chart(
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | int | None]]],
) -> str:
    """Series as lines over ``x_labels`` (years), values printed at the points; a legend
    when there are several."""
    pygal = _pygal()
    cfg = _config(pygal, title, len(x_labels), horizontal=False)
    cfg["show_legend"] = len(series) > 1
    cfg["legend_at_bottom"] = True
    cfg["width"] = 420
    cfg["height"] = 300 + 18 * (len(series) // 3)
    chart = pygal.Line(**cfg)
    chart.x_labels = list(x_labels)
    for name, values in series:
        chart.add(name, list(values))
    return _finish(chart.render(is_unicode=True), chart_id)
