"""Parse accuracy and throughput over the corpus of real reports and the seed.

Usage (from the repository root)::

    python bench/accuracy.py [--corpus DIR] [--seed FILE] [--example FILE] [--repeat N] [--json]
                             [--layouts] [--no-chromium]

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


def _count(got: Any, want: Any) -> tuple[int, int]:
    """(right, total) over the leaf cells of ``want`` (value and blankness)."""
    if isinstance(want, dict):
        pairs = [_count(got.get(k) if isinstance(got, dict) else None, v) for k, v in want.items()]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    return int(_same(got, want)), 1


def _layout_cases() -> list[tuple[str, Any]]:
    """Layouts the template does not print, built from real reports as the tests build them
    (``tests/test_parse_layouts.py``): name → a function giving (right, total)."""
    sys.path.insert(0, str(ROOT))
    from tests import test_parse_layouts as lay

    from govdisclosure.editions import Edition

    def data_of(res: Any, table: str) -> Any:
        return to_data(res.report)[table]

    def t4(how: str, order: tuple[str, ...] = lay.T4_COLS) -> Any:
        def run() -> tuple[int, int]:
            right = total = 0
            for ed in Edition:
                data, page = lay._report(ed)
                res = parse(
                    lay._swap_table(page, "t4", lay._t4_split(data["t4"], how, order)).encode()
                )
                r, t = _count(data_of(res, "t4"), data["t4"])
                right, total = right + r, total + t
            return right, total

        return run

    def t2_blocks() -> tuple[int, int]:
        right = total = 0
        for ed in Edition:
            data, page = lay._report(ed)
            new = lay._t2_blocks(ed, data["t2"], heading_rows=True)
            res = parse(lay._swap_table(page, "t2", new).encode())
            r, t = _count(data_of(res, "t2"), data["t2"])
            right, total = right + r, total + t
        return right, total

    def t3(make: Any, skip: str | None = None) -> Any:
        def run() -> tuple[int, int]:
            right = total = 0
            for ed in Edition:
                data, page = lay._report(ed)
                res = parse(lay._swap_table(page, "t3", make(ed, data["t3"])).encode())
                got, want = data_of(res, "t3"), json.loads(json.dumps(data["t3"], default=str))
                got = json.loads(json.dumps(got, default=str))
                if skip is not None:
                    _drop(want, skip)
                    _drop(got, skip)
                r, t = _count(got, want)
                right, total = right + r, total + t
            return right, total

        return run

    cols = lay.T3_COLS
    return [
        ("表四 as three small tables under <h3> headings", t4("h3")),
        ("表四 as three small tables under <p> headings", t4("p")),
        ("表四 as three small tables with captions", t4("caption")),
        ("表四 as one table with a heading row per row", t4("row")),
        (
            "表四 small tables, columns reordered",
            t4("h3", ("total", "pending", "upheld", "corrected", "other")),
        ),
        ("表二 blocks as small tables, single rows named by headings", t2_blocks),
        (
            "表三 split: 自然人 | 法人或其他组织 + 总计",
            t3(lambda ed, v: lay._t3_table(ed, v, cols[:1]) + lay._t3_table(ed, v, cols[1:])),
        ),
        (
            "表三 columns reordered",
            t3(lambda ed, v: lay._t3_table(ed, v, ["total", *cols[1:6][::-1], cols[0]])),
        ),
        (
            "表三 科研机构 column not printed (other cells)",
            t3(
                lambda ed, v: lay._t3_table(
                    ed, v, [c for c in cols if c != "research_institution"]
                ),
                skip="research_institution",
            ),
        ),
        ("crawler 2021 with one （六） row: its 7 cells", _crawler_subtotal),
        ("CSV record of crawler text: 表二/三/四 cells as the page text's", _csv_record),
    ]


def _drop(node: Any, column: str) -> None:
    if isinstance(node, dict):
        node.pop(column, None)
        for v in node.values():
            _drop(v, column)


def _crawler_subtotal() -> tuple[int, int]:
    from tests import test_parse_layouts as lay

    text = lay._crawler("008_pingtan-2021_page.txt")
    start, end = text.index("（六）其他处理1."), text.index("（七）总计")
    res = parse(text[:start] + "（六）其他处理1000001" + text[end:])
    rows = [e for e in to_data(res.report)["extra_rows"] if e.get("subtotal_of") == "results.other"]
    want = dict(zip(lay.T3_COLS, [1, 0, 0, 0, 0, 0, 1], strict=True))
    got = {c["column"]: c["value"] for c in rows[0]["cells"]} if rows else {}
    return _count(got, want)


def _csv_record() -> tuple[int, int]:
    from tests import test_parse_layouts as lay

    title = "平潭综合实验区2021年度政府信息公开工作年度报告"
    res = parse(lay._csv([lay._record("008_pingtan-2021_page.txt", title, lay.PAGE_URL)]))
    plain = to_data(parse(lay._body("008_pingtan-2021_page.txt")).report)
    got = to_data(res.report)
    right, total = _count(
        {t: got[t] for t in ("t2", "t3", "t4")}, {t: plain[t] for t in ("t2", "t3", "t4")}
    )
    return right + int(got["metadata"].get("url") == lay.PAGE_URL), total + 1


def layouts() -> list[dict[str, Any]]:
    """Cells right on each layout the template does not print."""
    out: list[dict[str, Any]] = []
    for name, run in _layout_cases():
        try:
            right, total = run()
        except Exception as e:  # an older parser may fail on a layout: count it as such
            out.append({"layout": name, "error": f"{type(e).__name__}: {e}"[:120]})
            continue
        out.append({"layout": name, "right": right, "total": total})
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


def _print_pdf(html_text: str) -> bytes | None:
    """``html_text`` printed to PDF by headless Chromium (``None`` if that fails)."""
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT))
    from tests._chromium import chromium, headless

    browser = chromium()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        page, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        page.write_text(html_text, encoding="utf-8")
        subprocess.run(
            headless(
                browser,
                Path(tmp) / "profile",
                f"--print-to-pdf={out}",
                "--no-pdf-header-footer",
                page.as_uri(),
            ),
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
    ap.add_argument(
        "--layouts",
        action="store_true",
        help="also read the layouts the template does not print (built as the tests build them)",
    )
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
    lays = layouts() if args.layouts else []
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
                    "layouts": lays,
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
    for lay in lays:
        got = lay.get("error") or f"{lay['right']}/{lay['total']} cells right"
        print(f"layout {lay['layout']}: {got}")
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
