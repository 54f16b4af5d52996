"""Parse accuracy and throughput over the corpus of real reports and the seed.

Usage (from the repository root)::

    python bench/accuracy.py [--corpus DIR] [--seed FILE] [--example FILE] [--repeat N] [--json]
                             [--no-chromium]

The corpus is ``../shared/corpus`` next to the repository when present, else the copy under
``tests/data/corpus``. Every raw file is parsed; files with a truth file (``truth/NNN.json``,
table 三 and table 四 transcribed by hand) are compared cell by cell: a cell is right when value
*and* blankness match exactly (175 cells of table 三 for a 2021 layout, 161 for a 2019 layout,
15 of table 四). The seed is compared with its hand-made example document in every table cell
and every narrative section. Both examples are rendered (HTML, markdown) and parsed back
(format sniffed): table cells, sections and the metadata the page states must come back;
when Chromium is installed, the HTML is also printed to PDF and the PDF parsed back.
Throughput is reports per second on one core, per input format.

PDF files (``corpus/pdf/*.pdf``, the originals of some text files) are parsed like the raw
files and compared with the same truth files; their throughput is set against the floor of
the PDF library itself in the same run (pypdfium2 opening each file and extracting the plain
text of every page, nothing else), and, when pdfplumber happens to be installed (it is not a
dependency), against pdfplumber extracting the text and finding the tables of every page.

A truth file's ``results.other`` row (the single （六）其他处理 row of the 2019 layout) is
compared with the parsed ``results.other`` row of a 2019 report, or, in a 2021 report that
prints that single row (a report mixing the templates), with the ``extra_rows`` entry the
parser keeps for it (``subtotal_of: results.other``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclosure.cells import iter_cells  # noqa: E402
from govdisclosure.document import load, to_data  # noqa: E402
from govdisclosure.parse import ParseError, parse, sniff_format  # noqa: E402


def _default_corpus() -> Path:
    shared = ROOT.parent / "shared" / "corpus"
    return shared if (shared / "raw").is_dir() else ROOT / "tests" / "data" / "corpus"


def _default_seed() -> Path | None:
    for d in (ROOT.parent / "shared" / "seed", ROOT / "tests" / "data" / "seed"):
        if d.is_dir():
            files = sorted(d.glob("*.txt"))
            if files:
                return files[0]
    return None


def _row_values(data: dict[str, Any], table: str, row_id: str, columns: list[str]) -> list[Any]:
    node: Any = data[table]
    for part in row_id.split("."):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            break
    if isinstance(node, dict) and all(c in node for c in columns):
        return [node[c] for c in columns]
    # A single （六） row inside a 2021 report is kept as a subtotal extra row.
    for extra in data.get("extra_rows", []):
        if extra["table"] == table and extra.get("subtotal_of") == row_id:
            vals = [c.get("value") for c in extra["cells"]]
            return [None if v is None else v for v in vals][: len(columns)]
    return [Ellipsis] * len(columns)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return bool(a == b)
    except TypeError:  # pragma: no cover
        return False


def compare_truth(result_data: dict[str, Any], truth: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(right, total, wrong cell descriptions) of tables 三 and 四 against a truth file."""
    right = total = 0
    wrong: list[str] = []
    for table, key, cols_key in (
        ("t3", "table3", "table3_columns"),
        ("t4", "table4", "table4_columns"),
    ):
        cols = truth[cols_key]
        for row_id, expected in truth[key].items():
            got = _row_values(result_data, table, row_id, cols)
            for c, e, g in zip(cols, expected, got, strict=True):
                total += 1
                if g is not Ellipsis and _same(g, e):
                    right += 1
                else:
                    wrong.append(f"{table}.{row_id}.{c}: got {g!r}, expected {e!r}")
    return right, total, wrong


def compare_example(result: Any, example: Any) -> tuple[int, int, list[str]]:
    """(right, total, wrong) over every table cell and narrative section of the seed example."""
    got = {c.pointer: c.value for c in iter_cells(result)}
    right = total = 0
    wrong: list[str] = []
    for c in iter_cells(example):
        total += 1
        g = got.get(c.pointer, Ellipsis)
        if g is not Ellipsis and _same(g, c.value) and type(g) is type(c.value):
            right += 1
        else:
            wrong.append(f"{c.pointer}: got {g!r}, expected {c.value!r}")
    ds, es = to_data(result)["sections"], to_data(example)["sections"]
    for k, v in es.items():
        total += 1
        if ds.get(k) == v:
            right += 1
        else:
            wrong.append(f"/sections/{k} differs")
    return right, total, wrong


_STATED = ("title", "document_number", "report_year", "covering_letter", "statistics_period")


def round_trips(examples: list[Path], *, pdf: bool = False) -> list[dict[str, Any]]:
    """Render each example (HTML, markdown; ``pdf``: HTML printed by Chromium) and parse it
    back: equal cells, sections, metadata."""
    from govdisclosure.io import html, markdown

    out: list[dict[str, Any]] = []
    for path in examples:
        original = load(path)
        want = to_data(original)
        renderings: list[tuple[str, bytes]] = [
            ("html", html.dumps(original).encode("utf-8")),
            ("markdown", markdown.dumps(original).encode("utf-8")),
        ]
        printed = _print_pdf(html.dumps(original)) if pdf else None
        if printed is not None:
            renderings.append(("pdf", printed))
        for fmt, text in renderings:
            res = parse(text)
            got = to_data(res.report)
            right, total, wrong = compare_example(res.report, original)
            meta = [k for k in _STATED if got["metadata"].get(k) == want["metadata"].get(k)]
            if got["metadata"]["body"]["name"] == want["metadata"]["body"]["name"]:
                meta.append("body.name")
            out.append(
                {
                    "example": path.stem,
                    "format": fmt,
                    "sniffed": sniff_format(text),
                    "right": right,
                    "total": total,
                    "metadata": f"{len(meta)}/{len(_STATED) + 1}",
                    "wrong": wrong,
                }
            )
    return out


def _pdf_floors(files: list[Path], repeat: int) -> dict[str, float]:
    """Reports per second (one core) of the PDF libraries alone on ``files``."""
    out: dict[str, float] = {}
    blobs = [f.read_bytes() for f in files]
    if not blobs:
        return out
    try:
        import pypdfium2
    except ImportError:
        return out

    def pdfium_text(data: bytes) -> None:
        doc = pypdfium2.PdfDocument(data)
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
        finally:
            doc.close()

    contenders = {"pypdfium2 text only": pdfium_text}
    try:
        import io

        import pdfplumber

        def plumber(data: bytes) -> None:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.find_tables()

        contenders["pdfplumber text + tables"] = plumber
    except ImportError:
        pass
    for name, fn in contenders.items():
        rounds = repeat if name.startswith("pypdfium2") else max(1, repeat // 10)
        n = 0
        t0 = time.process_time()
        for _ in range(rounds):
            for d in blobs:
                fn(d)
                n += 1
        out[name] = n / (time.process_time() - t0)
    return out


def _chromium() -> str | None:
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _print_pdf(html_text: str) -> bytes | None:
    """``html_text`` printed to PDF by headless Chromium (``None`` if that fails)."""
    import subprocess
    import tempfile

    browser = _chromium()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        page, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        page.write_text(html_text, encoding="utf-8")
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                f"--print-to-pdf={out}",
                "--no-pdf-header-footer",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
        return out.read_bytes() if out.is_file() else None


def _throughput(files: list[Path], repeat: int) -> dict[str, float]:
    by_fmt: dict[str, list[bytes]] = {}
    for f in files:
        data = f.read_bytes()
        by_fmt.setdefault(sniff_format(data), []).append(data)
    out: dict[str, float] = {}
    for fmt, items in sorted(by_fmt.items()):
        n = 0
        # Process CPU time: one core's work, whatever else the machine is doing.
        t0 = time.process_time()
        for _ in range(repeat):
            for d in items:
                with contextlib.suppress(ParseError):
                    parse(d)
                n += 1
        out[fmt] = n / (time.process_time() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; prints a table (or JSON) and returns 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=_default_corpus())
    ap.add_argument("--seed", type=Path, default=_default_seed())
    ap.add_argument(
        "--example", type=Path, default=ROOT / "examples" / "quanzhou-digital-office-2021.json"
    )
    ap.add_argument("--repeat", type=int, default=20, help="passes over the files for throughput")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--no-chromium", action="store_true", help="do not print the examples to PDF")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell")
    args = ap.parse_args(argv)

    raw_dir = args.corpus / "raw"
    truth_dir = args.corpus / "truth"
    rows: list[dict[str, Any]] = []
    right_all = total_all = 0
    files = sorted(p for p in raw_dir.iterdir() if p.is_file())
    pdf_dir = args.corpus / "pdf"
    pdfs = sorted(pdf_dir.glob("*.pdf")) if pdf_dir.is_dir() else []
    files += pdfs
    for f in files:
        nid = f.name.split("_", 1)[0]
        entry: dict[str, Any] = {"file": f.name, "format": sniff_format(f.read_bytes())}
        try:
            res = parse(f)
        except ParseError as e:
            entry.update(error=f"{e.code}: {e.message}")
            rows.append(entry)
            continue
        entry["edition"] = res.edition.value
        entry["errors"] = sum(1 for x in res.findings if x.severity == "error")
        entry["codes"] = sorted({x.code for x in res.findings})
        t34 = [c for c in iter_cells(res.report) if c.table in ("t3", "t4")]
        entry["read"] = f"{sum(1 for c in t34 if c.pointer in res.provenance)}/{len(t34)}"
        t2 = [c for c in iter_cells(res.report) if c.table == "t2"]
        entry["read_t2"] = f"{sum(1 for c in t2 if c.pointer in res.provenance)}/{len(t2)}"
        truth_file = truth_dir / f"{nid}.json"
        if truth_file.is_file():
            truth = json.loads(truth_file.read_text(encoding="utf-8"))
            right, total, wrong = compare_truth(to_data(res.report), truth)
            entry.update(right=right, total=total, wrong=wrong)
            right_all += right
            total_all += total
        rows.append(entry)
    seed_entry: dict[str, Any] | None = None
    if args.seed is not None and args.seed.is_file():
        res = parse(args.seed)
        seed_entry = {"file": args.seed.name, "format": "text", "edition": res.edition.value}
        if args.example.is_file():
            right, total, wrong = compare_example(res.report, load(args.example))
            seed_entry.update(right=right, total=total, wrong=wrong)
    speed = _throughput(files + ([args.seed] if args.seed else []), args.repeat)
    floors = _pdf_floors(
        [p for p in pdfs if p.name.split("_", 1)[0] in _truth_ids(truth_dir)], args.repeat
    )
    if floors:
        readable = [p for p in pdfs if p.name.split("_", 1)[0] in _truth_ids(truth_dir)]
        speed["pdf (reports with a text layer)"] = _throughput(readable, args.repeat).get(
            "pdf", 0.0
        )
    trips = round_trips(sorted((ROOT / "examples").glob("*.json")), pdf=not args.no_chromium)

    if args.json:
        print(
            json.dumps(
                {
                    "files": rows,
                    "seed": seed_entry,
                    "overall": {"right": right_all, "total": total_all},
                    "round_trips": trips,
                    "reports_per_second": speed,
                    "pdf_library_floor_reports_per_second": floors,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"corpus: {args.corpus}")
    print(
        f"{'file':58} {'fmt':8} {'ed.':5} {'errors':>6} {'二 read':>7} {'三/四 read':>10}  "
        "cells right vs truth"
    )
    for e in rows:
        acc = (
            f"{e['right']}/{e['total']} ({100 * e['right'] / e['total']:.1f}%)"
            if "total" in e
            else "-"
        )
        if "error" in e:
            acc = e["error"]
        print(
            f"{e['file'][:58]:58} {e['format']:8} {e.get('edition', '-'):5} "
            f"{e.get('errors', '-'):>6} {e.get('read_t2', '-'):>7} {e.get('read', '-'):>10}  {acc}"
        )
        if args.verbose:
            for w in e.get("wrong", []):
                print(f"      {w}")
    if total_all:
        print(
            f"overall table 三/四 cells right: {right_all}/{total_all} ({100 * right_all / total_all:.2f}%)"
        )
    if seed_entry is not None and "total" in seed_entry:
        print(
            f"seed {seed_entry['file']}: {seed_entry['right']}/{seed_entry['total']} table cells "
            "and sections equal to the example"
        )
        for w in seed_entry["wrong"] if args.verbose else []:
            print(f"      {w}")
    for t in trips:
        print(
            f"render→parse {t['example']} {t['format']} (sniffed {t['sniffed']}): "
            f"{t['right']}/{t['total']} table cells and sections, metadata {t['metadata']}"
        )
        for w in t["wrong"] if args.verbose else []:
            print(f"      {w}")
    for fmt, rps in speed.items():
        print(f"throughput {fmt}: {rps:.0f} reports/s (one core)")
    ours = speed.get("pdf (reports with a text layer)")
    for name, rps in floors.items():
        ratio = f" ({rps / ours:.1f}× the full PDF parse)" if ours else ""
        print(f"floor {name}: {rps:.0f} reports/s (one core){ratio}")
    return 0


def _truth_ids(truth_dir: Path) -> set[str]:
    return {p.stem for p in truth_dir.glob("*.json")} if truth_dir.is_dir() else set()


if __name__ == "__main__":
    raise SystemExit(main())
