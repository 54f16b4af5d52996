"""A report rendered in the official layout reads back to the same report.

Rendering (``govdisclosure.io.html``) and parsing (``govdisclosure.parse``) are written
independently; this closes the loop on the two real examples: every cell, every narrative
section, and the metadata the page states.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.cells import iter_cells
from govdisclosure.io import html
from govdisclosure.io._common import cell_text
from govdisclosure.layout import layout_for
from govdisclosure.parse import parse

from .conftest import EXAMPLES

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
    # Table, label and every cell as published come back; the place in the table and the
    # subtotal link are not printed, so they are not claimed.
    assert [(r.table, r.label, [(c.raw, c.value) for c in r.cells]) for r in back.extra_rows] == [
        (r.table, r.label, [(c.raw, c.value) for c in r.cells]) for r in report.extra_rows
    ]
    assert document.to_data(back)["t3"] == data["t3"]
