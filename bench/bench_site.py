"""Benchmark of ``govdisclosure site``: build time for many reports, page load at scale.

Run from the repository root::

    python bench/bench_site.py [--reports 1000] [--large 10000] [--no-browser]

It writes ``--reports`` distinct report JSONs (the bundled 2021 example with another body
name, year and numbers each: 4 years of ``reports / 4`` bodies) into a temporary folder and
times ``build_site`` over them (wall time, the whole build). Then it builds a site of
``--large`` reports and times, in headless Chromium, the load of ``index.html`` and
``reports.html`` from disk (navigation start to the load event) against a blank page in the
same browser (the baseline). Figures are printed; the targets are 1,000 reports built in
≤ 20 s on 2 cores and the index page loaded in under a second at 10,000 reports.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclosure.cells import iter_cells, set_cell  # noqa: E402
from govdisclosure.document import dumps, load  # noqa: E402
from govdisclosure.site import build_site  # noqa: E402


def make_reports(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """``n`` distinct report JSONs: ``n / 4`` bodies, 2021–2024 each, numbers varied."""
    rng = random.Random(seed)
    base = load(ROOT / "examples" / "quanzhou-digital-office-2021.json")
    counts = [c for c in iter_cells(base) if isinstance(c.value, int)]
    paths = []
    for i in range(n):
        report = base.model_copy(deep=True)
        report.metadata.body.name = f"测试单位{i // 4:05d}"
        report.metadata.report_year = 2021 + i % 4
        report.metadata.title = None
        for c in rng.sample(counts, 12):
            set_cell(report, c.table, c.row, c.column, rng.randint(0, 40))
        path = folder / f"r{i:06d}.json"
        path.write_text(dumps(report), encoding="utf-8")
        paths.append(path)
    return paths


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_build(paths: list[Path], out: Path) -> tuple[float, float]:
    """Wall time and CPU time (this process and its workers) of one build."""
    shutil.rmtree(out, ignore_errors=True)
    t0, c0 = time.perf_counter(), _cpu()
    build_site([str(p) for p in paths], out)
    return time.perf_counter() - t0, _cpu() - c0


def load_times(pages: list[Path], rounds: int = 5) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests._chromium import FLAGS, chromium

    browser_path = chromium()
    if browser_path is None:
        raise SystemExit("chromium not found")
    out: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=list(FLAGS))
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        blank = pages[0].parent / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        for path in [blank, *pages]:
            samples = []
            for _ in range(rounds):
                page.goto(path.as_uri(), wait_until="load")
                ms = page.evaluate(
                    "(() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return n.loadEventEnd - n.startTime; })()"
                )
                samples.append(float(ms))
            out[path.name] = statistics.median(samples)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10000)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}; cores {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        paths = make_reports(folder / "in", args.reports)
        t, cpu = time_build(paths, folder / "site")
        print(
            f"build {args.reports} reports: {t:.2f} s wall, {cpu:.2f} s CPU "
            f"({1000 * t / args.reports:.2f} ms/report)"
        )
        if args.large:
            more = make_reports(folder / "in", args.large)
            t, cpu = time_build(more, folder / "large")
            print(
                f"build {args.large} reports: {t:.2f} s wall, {cpu:.2f} s CPU "
                f"({1000 * t / args.large:.2f} ms/report)"
            )
            size = sum(p.stat().st_size for p in (folder / "large").rglob("*") if p.is_file())
            print(f"site size: {size / 1e6:.1f} MB")
            if not args.no_browser:
                large = folder / "large"
                pages = ["index.html", "reports.html", "reports-2021.html", "indicators.html"]
                pages.append("indicators-2021.html")
                times = load_times([large / name for name in pages])
                for name, ms in times.items():
                    print(f"load {name}: {ms:.0f} ms")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
