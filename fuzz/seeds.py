"""Real inputs the generators mutate: the bundled reports, their renderings, the test corpus.

Built once per process on first use. Everything comes from the repository (``examples/``,
``tests/data/``) except the real PDFs of the shared corpus, read (never copied) when
``GOVD_SHARED_DIR`` names it and the caller asks for them.
"""

from __future__ import annotations

import functools
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"
SEED_TEXT = DATA / "seed" / "000_afc8951c6086bbfe.txt"
CSV_SEPARATOR = b"\n\x00GOVD-FUZZ-SIDE-FILE\x00\n"
"""Between the long CSV and its side file in one fuzz input of the ``csv`` reader."""


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")


def fixed_zip(data: bytes) -> bytes:
    """An Office package with its timestamps fixed (zip entries and document properties), so
    that a seed and every input made from it are the same bytes in every process."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, blob in entries.items():
            blob = _STAMP.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", blob)
            out.writestr(
                zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), blob, zipfile.ZIP_DEFLATED
            )
    return buf.getvalue()


@functools.cache
def report_texts() -> tuple[str, ...]:
    """The JSON documents of the bundled example reports."""
    return tuple(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.json")))


@functools.cache
def _reports() -> tuple[object, ...]:
    from govdisclosure import document

    return tuple(document.loads(t) for t in report_texts())


@functools.cache
def renderings(fmt: str) -> tuple[bytes, ...]:
    """The example reports written by the project's own writer of ``fmt``."""
    from govdisclosure.io import csv as gcsv
    from govdisclosure.io import html as ghtml
    from govdisclosure.io import markdown as gmd
    from govdisclosure.io import xlsx as gxlsx

    out: list[bytes] = []
    for report in _reports():
        if fmt == "html":
            out.append(ghtml.dumps(report).encode())  # type: ignore[arg-type]
        elif fmt == "md":
            out.append(gmd.dumps(report).encode())  # type: ignore[arg-type]
        elif fmt == "xlsx":
            out.append(fixed_zip(gxlsx.dumps(report)))  # type: ignore[arg-type]
        elif fmt == "csv":
            body = gcsv.dumps(report).encode()  # type: ignore[arg-type]
            out.append(body + CSV_SEPARATOR + gcsv.dumps_meta(report).encode())  # type: ignore[arg-type]
        else:
            raise ValueError(fmt)
    return tuple(out)


@functools.cache
def corpus_texts() -> tuple[str, ...]:
    """The published reports' text in ``tests/data`` (pages, PDF text, sources)."""
    files = [*sorted((DATA / "corpus" / "raw").glob("*.txt")), SEED_TEXT]
    return tuple(p.read_text(encoding="utf-8", errors="replace") for p in files)


@functools.cache
def corpus_markdown() -> tuple[str, ...]:
    """The markdown sources of the corpus and the markdown renderings."""
    files = sorted((DATA / "corpus" / "raw").glob("*.md"))
    own = tuple(b.decode() for b in renderings("md"))
    return tuple(p.read_text(encoding="utf-8") for p in files) + own


@functools.cache
def crawler_csvs() -> tuple[str, ...]:
    """Crawler exports (title, report text with spaces stripped, URLs) of the corpus texts."""
    import csv

    out: list[str] = []
    texts = corpus_texts()
    for k in range(0, len(texts), 3):
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["标题", "正文", "列表链接", "页面链接", "附件"])
        for n, text in enumerate(texts[k : k + 3]):
            w.writerow(
                [
                    f"2021年政府信息公开工作年度报告{n}",
                    re.sub(r"[ \t\u3000]+", "", text),
                    "http://example.gov.cn/list/index.html",
                    f"http://example.gov.cn/art/{n}.html",
                    "",
                ]
            )
        out.append(buf.getvalue())
    return tuple(out)


def _seed_segments() -> list[tuple[str, list[str]]]:
    """The seed report's text as paragraphs and tab-separated table runs."""
    lines = [ln.rstrip("\r") for ln in SEED_TEXT.read_text(encoding="utf-8").split("\n")]
    segments: list[tuple[str, list[str]]] = []
    run: list[str] = []
    for line in lines:
        if "\t" in line:
            run.append(line)
            continue
        if run and not line.strip():
            continue  # a page break inside a table
        if run:
            segments.append(("table", run))
            run = []
        if line.strip():
            segments.append(("p", [line.strip()]))
    if run:
        segments.append(("table", run))
    return segments


@functools.cache
def docx_seeds() -> tuple[bytes, ...]:
    """The seed report as a Word document (paragraphs, and its tables with merged cells)."""
    import docx

    from govdisclosure.editions import Edition
    from govdisclosure.io._grid import build_grid
    from govdisclosure.layout import layout_for

    document = docx.Document()
    tables = iter(layout_for(Edition.REV_2021).tables)
    for kind, lines in _seed_segments():
        if kind == "p":
            document.add_paragraph(lines[0])
            continue
        grid_def = next(tables, None)
        if grid_def is None:
            continue
        grid = build_grid(grid_def)
        numbers = iter(re.findall(r"(?<![\d.])\d+(?![\d.])", "\t".join(lines)))
        table = document.add_table(rows=grid.height, cols=grid.width)
        for gc in grid.cells:
            cell = table.cell(gc.row, gc.col)
            if gc.rowspan > 1 or gc.colspan > 1:
                cell = cell.merge(table.cell(gc.row + gc.rowspan - 1, gc.col + gc.colspan - 1))
            cell.text = next(numbers, "0") if gc.ref is not None else gc.text
    buf = io.BytesIO()
    document.save(buf)
    return (fixed_zip(buf.getvalue()),)


@functools.cache
def pdf_seeds() -> tuple[bytes, ...]:
    """Small PDFs of published reports' text (45 lines a page, table 二 ruled), written by
    ``tests/_pdfgen.py``, plain and Flate-compressed."""
    from tests._pdfgen import Page, build_pdf

    out: list[bytes] = []
    for number in ("013", "015"):
        [raw] = (DATA / "corpus" / "raw").glob(f"{number}_*")
        lines = raw.read_text(encoding="utf-8").splitlines()[:90]
        pages = []
        for k in range(0, len(lines), 45):
            page = Page(
                text=[(60, 790 - 16 * i, 11, ln) for i, ln in enumerate(lines[k : k + 45]) if ln]
            )
            for i in range(0, 45, 3):
                top, bottom = 790 - 16 * i + 12, 790 - 16 * i - 4
                page.lines += [(58, top, 560, top), (58, bottom, 560, bottom)]
                page.lines += [
                    (58, top, 58, bottom),
                    (560, top, 560, bottom),
                    (300, top, 300, bottom),
                ]
            pages.append(page)
        out.append(build_pdf(pages))
        out.append(build_pdf(pages[:1], compress=True))
    return tuple(out)


@functools.cache
def shared_pdfs() -> tuple[bytes, ...]:
    """The real published PDFs of the shared corpus (``GOVD_SHARED_DIR``), if present."""
    base = os.environ.get("GOVD_SHARED_DIR")
    if not base:
        return ()
    folder = Path(base) / "corpus" / "pdf"
    return tuple(p.read_bytes() for p in sorted(folder.glob("*.pdf")))
