"""Benchmarks of the dataset: cell extraction, 10,000 published reports end to end, and SQL
over a 100,000-report Parquet dataset.

Run from the repository root::

    python bench/bench_dataset.py cells [--rounds N]
    python bench/bench_dataset.py published [--reports N ...] [--jobs J]
    python bench/bench_dataset.py query [--reports N] [--repeat R]

``cells`` times, per report and on one core (process CPU time, median of rounds), the
``iter_cells`` of the previous release (one attribute walk per cell, kept here verbatim as
the baseline), today's ``iter_cells`` and the columnar ``cell_values``, on the bundled
examples and on every published report of the test corpus (parsed first, untimed).

``published`` copies the corpus' published forms (text, HTML, markdown; ``tests/data/corpus/
raw``) under N varied names into a temporary directory and times, wall clock, the command
``govdisclosure dataset DIR -o OUT --jobs J --no-cache`` (parse, check, write Parquet) in a
fresh process, and the CPU time of that process and its workers (what the run costs whatever
else shares the machine; half of it is the wall time on two free cores); the baseline in the
same run is the plain API loop — ``parse`` alone, one core, no checking, no writing — over the
same corpus, per report.

``query`` builds a Parquet dataset of N synthetic reports (the bundled examples and the
parsed corpus, every count and amount redrawn at random with a fixed seed; building it is
not timed), then times ``SELECT report_year, sum(count), sum(amount) FROM cells GROUP BY 1``
through ``govdisclosure.dataset.query`` (embedded DuckDB) and through the command line
(``dataset query``, a fresh process), and, as the baseline in the same run, the same sums
with ``pyarrow.dataset`` and ``pyarrow.compute``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus" / "raw"
EXAMPLES = ROOT / "examples"


def _published_files() -> list[Path]:
    return [p for p in sorted(CORPUS.iterdir()) if p.suffix != ".json"]


def _per_call(fn: Callable[[], Any], rounds: int, target_s: float = 0.02) -> float:
    """Median CPU seconds per call over ``rounds`` rounds."""
    fn()
    n = 1
    while True:
        t0 = time.process_time()
        for _ in range(n):
            fn()
        if time.process_time() - t0 >= target_s or n >= 1 << 16:
            break
        n *= 2
    samples = []
    gc.disable()
    try:
        for _ in range(rounds):
            t0 = time.process_time()
            for _ in range(n):
                fn()
            samples.append((time.process_time() - t0) / n)
    finally:
        gc.enable()
    return statistics.median(samples)


def _old_iter_cells(report: Any) -> Any:
    """``iter_cells`` as released before the columnar extraction (the baseline)."""
    from govdisclosure.cells import Cell
    from govdisclosure.editions import Edition
    from govdisclosure.layout import layout_for

    for ref in layout_for(Edition(report.edition)).cells:
        obj = report
        for name in ref.path:
            obj = getattr(obj, name)
        yield Cell(ref, obj)


def bench_cells(rounds: int, target_s: float = 0.02) -> int:
    from govdisclosure.cells import cell_values, iter_cells
    from govdisclosure.document import load
    from govdisclosure.parse import parse

    reports = [(p.name, load(p)) for p in sorted(EXAMPLES.glob("*.json"))]
    corpus = [parse(p).report for p in _published_files()]
    for _, r in reports:
        assert list(iter_cells(r)) == list(_old_iter_cells(r))
    print(f"cells per report, CPU time on one core, median of {rounds} rounds (µs)")
    print(f"{'report':<44} {'old iter_cells':>15} {'iter_cells':>11} {'cell_values':>12}")
    rows = []
    for name, r in reports:
        old = _per_call(lambda r=r: list(_old_iter_cells(r)), rounds, target_s)
        new = _per_call(lambda r=r: list(iter_cells(r)), rounds, target_s)
        col = _per_call(lambda r=r: cell_values(r), rounds, target_s)
        rows.append((old, new, col))
        print(f"{name:<44} {old * 1e6:15.1f} {new * 1e6:11.1f} {col * 1e6:12.1f}")
    med = [
        statistics.median(_per_call(fn(r), max(1, rounds // 2), target_s) for r in corpus)
        for fn in (
            lambda r: lambda: list(_old_iter_cells(r)),
            lambda r: lambda: list(iter_cells(r)),
            lambda r: lambda: cell_values(r),
        )
    ]
    label = f"corpus median ({len(corpus)} parsed reports)"
    print(f"{label:<44} {med[0] * 1e6:15.1f} {med[1] * 1e6:11.1f} {med[2] * 1e6:12.1f}")
    rows.append(tuple(med))
    worst_new = max(r[1] for r in rows)
    worst_col = max(r[2] for r in rows)
    speed = min(r[0] / r[1] for r in rows)
    print(
        f"iter_cells: {speed:.1f}x faster than before at least; worst {worst_new * 1e6:.1f} µs; "
        f"cell_values worst {worst_col * 1e6:.1f} µs (target <= 30 µs)"
    )
    return 0


def _copy_corpus(target: Path, n: int) -> None:
    files = _published_files()
    target.mkdir(parents=True)
    for k in range(n):
        src = files[k % len(files)]
        sub = target / f"{k // 1000:03d}"
        sub.mkdir(exist_ok=True)
        shutil.copyfile(src, sub / f"report-{k:06d}-{src.stem[4:24]}{src.suffix}")


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run_timed(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss, proc


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_published(sizes: list[int], jobs: int) -> int:
    from govdisclosure.parse import parse

    files = _published_files()
    data = [(p.name, p.read_bytes()) for p in files]
    for name, d in data:
        parse(d, source=name)
    t0 = time.process_time()
    rounds = 3
    for _ in range(rounds):
        for name, d in data:
            parse(d, source=name)
    api = (time.process_time() - t0) / rounds / len(data)
    print(f"load average before: {_load()}")
    print(f"baseline: parse alone through the API, one core: {api * 1e3:.2f} ms/report")
    print(
        f"{'reports':>8} {'wall':>8} {'per report':>11} {'vs 1-core parse':>16} "
        f"{'CPU (all processes)':>20} {'CPU/2 cores':>12} {'peak RSS':>9}"
    )
    status = 0
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in"
            _copy_corpus(src, n)
            out = Path(tmp) / "out"
            cmd = [sys.executable, "-m", "govdisclosure", "dataset", str(src), "-o", str(out)]
            cmd += ["--jobs", str(jobs), "--no-cache", "-q"]
            cpu0 = _children_cpu()
            wall, rss, proc = _run_timed(cmd)
            cpu = _children_cpu() - cpu0
            if proc.returncode not in (0, 1):
                print(proc.stderr[-2000:])
                status = 1
            per = wall / n
            print(
                f"{n:8d} {wall:7.1f}s {per * 1e3:8.2f} ms {per / api:15.2f}x "
                f"{cpu:8.1f}s ({cpu / n * 1e3:4.2f} ms) {cpu / 2:11.1f}s {rss:7.0f} MB"
            )
    print(f"load average after: {_load()}")
    return status


def _synthetic_rows(n: int, seed: int = 20261206) -> Any:
    from govdisclosure.dataset import read_rows, report_id

    base = [read_rows(p.read_bytes(), source=p.name) for p in sorted(EXAMPLES.glob("*.json"))]
    base += [read_rows(p.read_bytes(), source=p.name) for p in _published_files()]
    rng = random.Random(seed)
    years = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024, 2025)}
    for k in range(n):
        r = base[k % len(base)]
        cells = tuple(
            None
            if v is None
            else Decimal(rng.randrange(0, 10_000_000)).scaleb(-4)
            if isinstance(v, Decimal)
            else rng.randrange(0, 2 * abs(v) + 10)
            for v in r.cells
        )
        year = years[r.edition][k % len(years[r.edition])]
        source = f"synthetic/{k:06d}.json"
        sha = f"{k:064x}"
        rid = report_id(source, sha)
        report = (rid, year, r.edition, source, sha, *r.report[5:])
        yield dataclasses.replace(r, report_id=rid, report_year=year, report=report, cells=cells)


def bench_query(n: int, repeat: int) -> int:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from govdisclosure.dataset import DatasetWriter, query

    sql = (
        "SELECT report_year, sum(count) AS counts, sum(amount) AS amounts, count(*) AS cells "
        "FROM cells GROUP BY report_year ORDER BY report_year"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ds"
        t0 = time.perf_counter()
        with DatasetWriter(out) as w:
            for rows in _synthetic_rows(n):
                w.add(rows)
        build = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1e6
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"built {n} reports, {w.counts['cells']} cell rows, {size:.0f} MB of Parquet in "
            f"{build:.0f} s (not part of the target); peak RSS of the build {peak:.0f} MB"
        )
        print(f"load average before: {_load()}")
        api, arrow = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = query(out, sql)
            api.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            table = ds.dataset(out / "cells", format="parquet", partitioning="hive").to_table(
                columns=["report_year", "count", "amount"]
            )
            grouped = table.group_by("report_year").aggregate([("count", "sum"), ("amount", "sum")])
            arrow.append(time.perf_counter() - t0)
        cmd = [sys.executable, "-m", "govdisclosure", "dataset", "query", str(out), sql]
        cli = []
        for _ in range(repeat):
            wall, _, proc = _run_timed(cmd)
            if proc.returncode != 0:
                print(proc.stderr)
                return 1
            cli.append(wall)
        ours = {r["report_year"]: r["counts"] for r in result.to_pylist()}
        theirs = dict(
            zip(
                grouped["report_year"].to_pylist(),
                grouped["count_sum"].to_pylist(),
                strict=True,
            )
        )
        assert ours == theirs, (ours, theirs)
        assert pc.sum(result["cells"]).as_py() == w.counts["cells"]
        print(result.to_pandas().to_string(index=False))
        a, b, c = statistics.median(api), statistics.median(arrow), statistics.median(cli)
        print(f"median of {repeat}, wall clock:")
        print(f"  dataset.query (embedded DuckDB)        {a:6.3f} s   (target <= 2 s)")
        print(f"  govdisclosure dataset query (process)  {c:6.3f} s")
        print(f"  pyarrow.dataset + compute (baseline)   {b:6.3f} s   DuckDB/pyarrow {a / b:.2f}x")
        print(f"load average after: {_load()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("cells")
    c.add_argument("--rounds", type=int, default=7)
    c.add_argument(
        "--target-ms", type=float, default=20.0, help="least CPU time of one round (default 20)"
    )
    p = sub.add_parser("published")
    p.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--jobs", type=int, default=2)
    q = sub.add_parser("query")
    q.add_argument("--reports", type=int, default=100_000)
    q.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if args.what == "cells":
        return bench_cells(args.rounds, args.target_ms / 1000)
    if args.what == "published":
        return bench_published(args.reports, args.jobs)
    return bench_query(args.reports, args.repeat)


if __name__ == "__main__":
    raise SystemExit(main())
