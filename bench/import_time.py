"""Import-time benchmark: what does ``import govdisclosure`` cost?

Each statement runs in a fresh interpreter (``python -c …``), several times, interleaved so that
machine noise hits every statement alike. The bare interpreter (``pass``) and ``import pydantic``
are measured in the same run as baselines; the figures are medians of wall-clock time.

Exit status: 0 when ``import govdisclosure`` costs at most ``--limit-ms`` (default 150 ms) above
the bare interpreter, 1 when it costs more, 2 when a statement fails to run.

Usage::

    python bench/import_time.py [--repeat N] [--limit-ms MS] [--python PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

CASES: tuple[tuple[str, str], ...] = (
    ("bare interpreter", "pass"),
    ("import pydantic", "import pydantic"),
    ("import govdisclosure", "import govdisclosure"),
    ("first use: govdisclosure.document", "import govdisclosure.document"),
)
"""(name, statement); the first is the baseline the limit is measured against."""

GATED = "import govdisclosure"


def _run_once(python: str, statement: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([python, "-c", statement], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{statement!r} failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed


def _loaded_heavy_modules(python: str) -> list[str]:
    """Heavy third-party packages that ``import govdisclosure`` loads eagerly."""
    probe = (
        "import sys, govdisclosure\n"
        "print(' '.join(m for m in ('pydantic', 'pydantic_core', 'jsonschema', 'referencing')"
        " if m in sys.modules))"
    )
    proc = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
    return proc.stdout.split()


def measure(python: str, repeat: int) -> dict[str, list[float]]:
    """Wall-clock seconds of every case, ``repeat`` times each, interleaved (one warm-up)."""
    for _, statement in CASES:
        _run_once(python, statement)  # warm the file-system cache and the .pyc files
    times: dict[str, list[float]] = {name: [] for name, _ in CASES}
    for _ in range(repeat):
        for name, statement in CASES:
            times[name].append(_run_once(python, statement))
    return times


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the figures; returns the exit status."""
    parser = argparse.ArgumentParser(description="Measure the import time of govdisclosure.")
    parser.add_argument("--repeat", type=int, default=15, help="runs per statement (15)")
    parser.add_argument(
        "--limit-ms",
        type=float,
        default=150.0,
        help="fail when import govdisclosure costs more than this above the bare interpreter",
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    try:
        times = measure(args.python, args.repeat)
    except (OSError, RuntimeError) as e:
        print(f"import_time: {e}", file=sys.stderr)
        return 2
    medians = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
    base_name = CASES[0][0]
    base = medians[base_name]
    pydantic_cost = medians["import pydantic"] - base
    cost = medians[GATED] - base
    heavy = _loaded_heavy_modules(args.python)
    ok = cost <= args.limit_ms

    if args.json:
        print(
            json.dumps(
                {
                    "python": args.python,
                    "repeat": args.repeat,
                    "median_ms": {k: round(v, 2) for k, v in medians.items()},
                    "cost_above_bare_ms": {
                        k: round(v - base, 2) for k, v in medians.items() if k != base_name
                    },
                    "govdisclosure_vs_pydantic_ratio": (
                        round(cost / pydantic_cost, 3) if pydantic_cost > 0 else None
                    ),
                    "eagerly_loaded": heavy,
                    "limit_ms": args.limit_ms,
                    "ok": ok,
                },
                indent=2,
            )
        )
    else:
        print(f"python: {args.python} ({args.repeat} runs each, medians of wall-clock time)")
        print(f"{'statement':<36}{'median':>10}{'min':>10}{'above bare':>12}{'× bare':>9}")
        for name, ts in times.items():
            med = medians[name]
            print(
                f"{name:<36}{med:>8.1f}ms{min(ts) * 1000:>8.1f}ms"
                f"{med - base:>10.1f}ms{med / base:>9.2f}"
            )
        if pydantic_cost > 0:
            print(
                f"import govdisclosure costs {cost / pydantic_cost:.2f}× what import pydantic "
                "costs (above the bare interpreter)"
            )
        print(
            f"loaded eagerly by import govdisclosure: {', '.join(heavy) or 'none (pydantic and jsonschema load on first use)'}"
        )
        verdict = "ok" if ok else "TOO SLOW"
        print(f"{verdict}: import govdisclosure costs {cost:.1f} ms (limit {args.limit_ms:.0f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
