"""Batch benchmarks: ``check`` over many report JSONs, ``parse`` linearity, cache re-runs.

    python bench/bench_batch.py scaling [--sizes 1000,10000,100000] [--jobs N]
    python bench/bench_batch.py parse [--sizes 1000,10000]
    python bench/bench_batch.py rerun [--size 10000]
    python bench/bench_batch.py single [--baseline PATH-TO-OLD-govdisclosure] [--repeat 10]
    python bench/bench_batch.py baseline --baseline PATH-TO-OLD-govdisclosure [--size 1000]

Inputs are generated in a temporary directory: N *distinct* report JSONs made from the two
bundled examples by varying one count (``"natural_person": i``), or N copies under varied names
of the published text reports of ``tests/data`` (for ``parse``). Every command runs as a fresh
process (what a user runs), with standard output to ``/dev/null``. Peak RSS is that of the
whole process tree (the command and its workers), sampled from ``/proc`` every 20 ms (Linux),
and the largest single process's peak and the CPU time of the tree from ``os.wait4``. The load average
is printed before and after: the machine is shared, so compare figures of one run as ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    ROOT / "examples" / "quanzhou-digital-office-2021.json",
    ROOT / "examples" / "shanghai-gov-office-2019.json",
]
TEXTS = [
    ROOT / "tests" / "data" / "seed" / "000_afc8951c6086bbfe.txt",
    *sorted((ROOT / "tests" / "data" / "corpus" / "raw").glob("0[01]*.txt")),
]


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("govdisclosure")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "govdisclosure"]


def make_reports(directory: Path, n: int) -> None:
    """``n`` distinct report JSONs (one count varied), 1,000 per sub-directory."""
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    for i in range(n):
        sub = directory / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        # The first count set to i: a distinct document, still a report of its edition.
        text = re.sub(r'"natural_person": \d+', f'"natural_person": {i}', texts[i % 2], count=1)
        (sub / f"report-{i:06d}.json").write_text(text, encoding="utf-8")


def make_texts(directory: Path, n: int) -> None:
    """``n`` published text reports (the test data's, copied under varied names)."""
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copyfile(TEXTS[i % len(TEXTS)], directory / f"published-{i:06d}.txt")


def _tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and its descendants (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack, page = 0, [pid], os.sysconf("SC_PAGE_SIZE")
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, ValueError):
            pass
        stack.extend(children.get(p, ()))
    return total


def timed(argv: list[str]) -> dict[str, float]:
    """Run a command; wall time, CPU of the tree, peak RSS of the tree and of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                stop.wait(0.02)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
        # wait4: this command's own usage (its workers included), not every child so far.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        stop.set()
        t.join()
        if proc.returncode not in (0, 1):
            err.seek(0)
            message = err.read().decode()[-2000:]
            raise SystemExit(f"{argv[:3]} failed ({proc.returncode}): {message}")
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "tree_peak_rss_mb": round(peak / 2**20, 1),
        "max_process_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def scaling(sizes: list[int], jobs: list[str], work: Path, extra: list[str]) -> list[dict]:
    """``check`` with default options (an empty cache), then the same again (all cached)."""
    rows = []
    for n in sizes:
        d = work / f"reports-{n}"
        make_reports(d, n)
        cache = ["--cache-dir", str(work / f"cache-{n}")]
        for label in ("first run", "re-run"):
            m = timed([*_cli(), "check", *cache, *jobs, *extra, str(d)])
            rows.append(
                {"n": n, "run": label, **m, "per_report_us": round(m["wall_s"] / n * 1e6, 1)}
            )
            print(json.dumps(rows[-1]), flush=True)
        shutil.rmtree(d)
        shutil.rmtree(work / f"cache-{n}")
    return rows


def parse_linearity(sizes: list[int], jobs: list[str], work: Path) -> list[dict]:
    rows = []
    for n in sizes:
        d = work / f"texts-{n}"
        make_texts(d, n)
        out = work / f"parsed-{n}"
        m = timed([*_cli(), "parse", "-q", "--no-cache", *jobs, str(d), "-o", str(out)])
        assert len(list(out.iterdir())) == n
        rows.append({"n": n, **m, "per_report_us": round(m["wall_s"] / n * 1e6, 1)})
        print(json.dumps(rows[-1]), flush=True)
        shutil.rmtree(d)
        shutil.rmtree(out)
    return rows


def rerun(n: int, jobs: list[str], work: Path) -> list[dict]:
    d = work / f"reports-{n}"
    make_reports(d, n)
    cache = work / "cache"
    env_cache = ["--cache-dir", str(cache)]
    rows = []
    for label in ("first run (cache empty)", "re-run (unchanged)"):
        m = timed([*_cli(), "check", *jobs, *env_cache, str(d)])
        rows.append({"run": label, "n": n, **m})
        print(json.dumps(rows[-1]), flush=True)
    texts = work / "texts"
    make_texts(texts, n // 10)
    out = work / "parsed"
    for label in ("parse first run", "parse re-run"):
        m = timed([*_cli(), "parse", "-q", *jobs, *env_cache, str(texts), "-o", str(out)])
        rows.append({"run": label, "n": n // 10, **m})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def against_baseline(n: int, baseline: str, work: Path) -> list[dict]:
    """``check`` of the same N files by the baseline install and by this checkout."""
    d = work / f"reports-{n}"
    make_reports(d, n)
    files = [str(p) for p in sorted(d.rglob("*.json"))]
    rows = []
    for label, argv in (
        ("baseline check (default: schema per report)", [baseline, "check", *files]),
        ("baseline check --no-schema", [baseline, "check", "--no-schema", *files]),
        ("this checkout check --jobs 1", [*_cli(), "check", "--no-cache", "--jobs", "1", *files]),
        ("this checkout check (all cores)", [*_cli(), "check", "--no-cache", *files]),
    ):
        rows.append({"run": label, "n": n, **timed(argv)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def single(baseline: str | None, repeat: int) -> list[dict]:
    rows = []
    candidates = [("this checkout", _cli())]
    if baseline:
        candidates.insert(0, ("baseline", [baseline]))
    for label, cli in candidates:
        for what, argv in (
            ("check FILE", ["check", str(EXAMPLES[0])]),
            ("--help", ["--help"]),
            ("schema", ["schema"]),
        ):
            runs = []
            for i in range(repeat):
                extra = []
                if label != "baseline" and what == "check FILE":
                    # A cache of its own each time: the cost of a first check (cache write
                    # included), not of a cache hit.
                    extra = ["--cache-dir", tempfile.mkdtemp(prefix=f"govd-single-{i}-")]
                runs.append(timed([*cli, *argv, *extra]))
            med = sorted(runs, key=lambda r: r["cpu_s"])[len(runs) // 2]
            rows.append({"cli": label, "command": what, **med})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("what", choices=("scaling", "parse", "rerun", "single", "baseline"))
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--baseline")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--extra", default="", help="more options for check (space-separated)")
    args = ap.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"load average before: {loadavg()}; cores: {os.cpu_count()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="govd-bench-") as tmp:
        work = Path(tmp)
        sizes = [int(s) for s in args.sizes.split(",")]
        if args.what == "scaling":
            scaling(sizes, jobs, work, args.extra.split())
        elif args.what == "parse":
            parse_linearity(sizes, jobs, work)
        elif args.what == "rerun":
            rerun(args.size, jobs, work)
        elif args.what == "baseline":
            against_baseline(args.size, args.baseline, work)
        else:
            single(args.baseline, args.repeat)
    print(f"load average after: {loadavg()}", flush=True)


if __name__ == "__main__":
    main()
