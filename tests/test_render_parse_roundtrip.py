"""A report rendered in the official layout reads back to the same report.

Rendering (``govdisclosure.io.html``) and parsing (``govdisclosure.parse``) are written
independently; this closes the loop on the two real examples: every cell, every narrative
section, and the metadata the page states.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure import document
from govdisclosure.cells import iter_cells
from govdisclosure.io import html
from govdisclosure.io._common import cell_text
from govdisclosure.layout import layout_for
from govdisclosure.parse import parse

from .conftest import EXAMPLES
from .strategies import full_range_values, published_report_data

PAGES = sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_html_rendering_parses_back(path: Path) -> None:
    original = document.load(path)
    result = parse(html.dumps(original).encode("utf-8"), format="html", source=path.name)
    assert result.edition.value == original.edition
    back = document.to_data(result.report)
    want = document.to_data(original)
    for key in ("t2", "t3", "t4", "extra_rows", "sections"):
        assert back[key] == want[key], key
    # What the page states is read back; level and kind of the body are not printed.
    for key in ("title", "document_number", "report_year", "covering_letter", "statistics_period"):
        assert back["metadata"][key] == want["metadata"][key], key
    assert back["metadata"]["body"]["name"] == want["metadata"]["body"]["name"]
    # Every cell has provenance: where on the page it was read, and the text found there.
    for cell in iter_cells(original):
        prov = result.provenance[cell.pointer]
        assert prov.loc.kind == "html"
        assert prov.loc.table is not None
        # The raw text is the number as shown, with the unit the report printed (251000元).
        assert prov.raw.strip().startswith(cell_text(cell.value))


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_rows_added_outside_the_template_are_rendered_and_read_back(fmt: str) -> None:
    from decimal import Decimal

    from govdisclosure.io import markdown

    data = document.to_data(document.load(EXAMPLES / "quanzhou-digital-office-2021.json"))
    columns = [c.id for c in layout_for("2021").table("t3").blocks[0].columns]
    data["extra_rows"] = [
        {
            "table": "t2",
            "label": "行政确认",
            "after_row": "admin_coercion",
            "subtotal_of": None,
            "cells": [{"column": "decisions", "raw": "5", "value": Decimal(5), "negative": False}],
        },
        {
            "table": "t3",
            "label": "（三）不予公开小计",
            "after_row": "results.withheld.admin_query_matter",
            "subtotal_of": "results.withheld",
            "cells": [
                {"column": c, "raw": "0", "value": Decimal(0), "negative": False} for c in columns
            ],
        },
    ]
    report = document.validate_data(data)
    page = (html if fmt == "html" else markdown).dumps(report)
    back = parse(page.encode("utf-8"), format=fmt).report
    # Table, label and every cell as published come back, and the place in the table, the
    # subtotal link and the cells' columns, which the page carries in data-govd-* attributes.
    assert document.to_data(back)["extra_rows"] == data["extra_rows"]
    assert document.to_data(back)["t3"] == data["t3"]


CARRIED = ("edition", "t2", "t3", "t4", "extra_rows")


def _render_parse(fmt: str, doc: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    from govdisclosure.io import markdown, xlsx

    report = document.validate_data(doc)
    page = {"html": html.dumps, "markdown": markdown.dumps, "xlsx": xlsx.dumps}[fmt](report)
    result = parse(page if isinstance(page, bytes) else page.encode("utf-8"), format=fmt)
    return document.to_data(report), result


def _assert_carried(want: dict[str, Any], result: Any) -> None:
    back = document.to_data(result.report)
    for key in CARRIED:
        assert back[key] == want[key], key
    for key in ("level", "kind"):
        assert back["metadata"]["body"][key] == want["metadata"]["body"][key], key
    # Nothing read was refused: every cell of the tables came back, none left blank.
    assert not [f for f in result.findings if f.code == "P-CELL-UNREADABLE"]


@pytest.mark.parametrize("fmt", ["html", "markdown"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=published_report_data())
def test_rendered_page_parses_back_to_the_same_tables_rows_and_body(
    fmt: str, doc: dict[str, Any]
) -> None:
    # Cells over the model's whole range (16-digit counts, amounts to 1e15 with 12 decimal
    # places), added rows with their place, subtotal link and columns, the body's level and
    # kind; narrative beside the tables with control characters and arbitrary Unicode.
    want, result = _render_parse(fmt, doc)
    _assert_carried(want, result)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=published_report_data())
def test_rendered_workbook_parses_back_to_the_same_tables_rows_and_body(
    doc: dict[str, Any],
) -> None:
    pytest.importorskip("openpyxl")
    want, result = _render_parse("xlsx", doc)
    _assert_carried(want, result)


@given(kind=st.sampled_from(["count", "signed_count", "amount"]), data=st.data())
def test_parser_reads_every_number_the_model_holds(kind: str, data: st.DataObject) -> None:
    # Printed plain or with thousands separators, as published reports print them: a value
    # of the model's whole range (not only 12 digits) is read, exactly, within its bounds.
    from govdisclosure.models._types import number_fits
    from govdisclosure.parse._normalize import read_cell

    value = data.draw(full_range_values(kind).filter(lambda v: v is not None))
    for text in (format(value, "f"), format(value, ",f")):
        reading = read_cell(text)
        assert reading.readable, text
        assert reading.value == value
        assert number_fits(abs(value), kind)
