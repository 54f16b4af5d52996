"""Golden files of the bundled examples in every format.

Regenerate them with ``pytest tests/test_io_golden.py --update-golden`` after an intended
change, and review the diff. JSON and CSV outputs are validated against the committed JSON
Schema before they are compared.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from govdisclosure import document
from govdisclosure.editions import Edition
from govdisclosure.io import csv as gcsv
from govdisclosure.io import html, markdown, xlsx
from govdisclosure.layout import layout_for
from govdisclosure.models import Report2019, Report2021
from govdisclosure.schema import schema_validator

from .conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE_NAMES = ("quanzhou-digital-office-2021", "shanghai-gov-office-2019")


def xlsx_snapshot(data: bytes) -> str:
    """A text picture of a workbook: merged ranges, and every cell with its type and format."""
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    wb = openpyxl.load_workbook(io.BytesIO(data))
    out: list[str] = []
    for ws in wb.worksheets:
        out.append(f"## {ws.title}")
        merged = sorted(str(r) for r in ws.merged_cells.ranges)
        out.append("merged: " + " ".join(merged))
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c, MergedCell):
                    continue
                if c.value is None and c.protection.locked:
                    continue
                out.append(f"{c.coordinate}\t{c.data_type}\t{c.number_format}\t{c.value!r}")
    return "\n".join(out) + "\n"


def outputs(report: Report2019 | Report2021) -> dict[str, str]:
    """Every text output of a report, by golden file name."""
    files = {
        "report.json": document.dumps(report),
        "report.csv": gcsv.dumps(report),
        "report.meta.json": gcsv.dumps_meta(report),
        "report.html": html.dumps(report),
        "report.md": markdown.dumps(report),
        "report.xlsx.txt": xlsx_snapshot(xlsx.dumps(report)),
    }
    for t in layout_for(Edition(report.edition)).tables:
        files[f"report.{t.id}.csv"] = gcsv.dumps_wide(report, t.id)
    return files


def _example(name: str) -> Report2019 | Report2021:
    return document.load(EXAMPLES / f"{name}.json")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_and_csv_outputs_follow_the_schema(name: str) -> None:
    report = _example(name)
    files = outputs(report)
    validator = schema_validator(report.edition)
    validator.validate(document.parse_json(files["report.json"]))
    back = gcsv.loads(files["report.csv"], meta=files["report.meta.json"])
    validator.validate(document.parse_json(document.dumps(back)))
    assert back == report


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_golden_files(name: str, update_golden: bool) -> None:
    report = _example(name)
    directory = GOLDEN / name
    files = outputs(report)
    if update_golden:
        directory.mkdir(parents=True, exist_ok=True)
        for fname, text in files.items():
            (directory / fname).write_text(text, encoding="utf-8", newline="")
    stale = []
    for fname, text in files.items():
        path = directory / fname
        assert path.is_file(), f"missing golden file {path.name}; run pytest --update-golden"
        if path.read_bytes().decode("utf-8") != text:
            stale.append(fname)
    assert not stale, f"{name}: output differs from {stale}; if intended: pytest --update-golden"
    extra = {p.name for p in directory.iterdir()} - set(files)
    assert not extra, f"golden files no output produces: {sorted(extra)}"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_golden_files_read_back(name: str) -> None:
    # The committed golden files themselves (not only fresh output) read back to the example.
    report = _example(name)
    directory = GOLDEN / name
    assert gcsv.load(directory / "report.csv") == report
    assert document.load(directory / "report.json") == report
