"""Benchmark of ``govdisclosure check`` on one report, against parsing and schema validation.

Run from the repository root::

    python bench/bench_check.py [FILE ...] [--rounds N] [--corpus]

For each report (default: the bundled examples) it times, in one run, on one core:

* ``json``      — ``json.loads`` of the bytes (standard library), alone;
* ``orjson``    — ``orjson.loads`` of the bytes, alone (if orjson is installed);
* ``pydantic``  — ``REPORT_ADAPTER.validate_json`` (bytes → model), alone;
* ``rules``     — every single-report rule on an already built model (``rules.check``);
* ``check``     — the full check, bytes → model → all rules → ValidationReport
  (``rules.check_json``, the fast path);
* ``check-exact`` — the same through the exact reader (duplicate members refused, decimals
  digit for digit; what the CLI does before its optional schema cross-check);
* ``jsonschema`` — ``jsonschema`` validation of the same document against the packaged
  combined schema (parsed with the exact reader beforehand, not timed).

Each figure is the median over ``--rounds`` rounds of the mean CPU time per call within a
round (process CPU time, so that other load on the machine does not inflate the figures).

``--corpus`` times instead the full check and pydantic alone on every published report of
the test corpus (each parsed to a JSON document first, untimed), and the median over them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# CPU time of this process, not wall time: figures stay comparable when other work shares
# the machine (a wall clock would charge us for time spent waiting for a core).
_clock = time.process_time


def _time(fn: Callable[[], Any], rounds: int, target_s: float = 0.05) -> float:
    """Median seconds per call."""
    fn()
    n = 1
    while True:
        t0 = _clock()
        for _ in range(n):
            fn()
        if _clock() - t0 >= target_s / 5 or n >= 1 << 20:
            break
        n *= 2
    per_round = max(1, int(n * 5 * 0.2))
    samples = []
    gc.disable()
    try:
        for _ in range(rounds):
            t0 = _clock()
            for _ in range(per_round):
                fn()
            samples.append((_clock() - t0) / per_round)
    finally:
        gc.enable()
    return statistics.median(samples)


def bench(path: Path, rounds: int) -> dict[str, float]:
    """Median µs per call of every contender on the report at ``path``."""
    from govdisclosure.document import parse_json
    from govdisclosure.models import REPORT_ADAPTER
    from govdisclosure.rules import check, check_json
    from govdisclosure.schema import schema_validator

    data = path.read_bytes()
    model = REPORT_ADAPTER.validate_json(data)
    parsed = parse_json(data)
    validator = schema_validator(None)
    assert check_json(data).structure_ok, f"{path} is not a valid report"
    contenders: dict[str, Callable[[], Any]] = {
        "json": lambda: json.loads(data),
        "pydantic": lambda: REPORT_ADAPTER.validate_json(data),
        "rules": lambda: check(model),
        "check": lambda: check_json(data, exact=False),
        "check-exact": lambda: check_json(data, exact=True),
        "jsonschema": lambda: validator.is_valid(parsed),
    }
    try:
        import orjson

        contenders = {"orjson": lambda: orjson.loads(data), **contenders}
    except ImportError:  # pragma: no cover - orjson is in the dev extra
        pass
    return {
        name: _time(fn, rounds if name != "jsonschema" else max(3, rounds // 3)) * 1e6
        for name, fn in contenders.items()
    }


def main(argv: list[str] | None = None) -> int:
    """Print a table of medians and ratios; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--corpus",
        action="store_true",
        help="time the full check of every published report of the test corpus instead "
        "(each parsed to a JSON document first, untimed) and print the median over them",
    )
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; median µs per report (rounds={args.rounds})")
    print(f"load average before: {_load()}")
    if args.corpus:
        corpus(args.rounds)
        print(f"\nload average after: {_load()}")
        return 0
    files = args.files or sorted((ROOT / "examples").glob("*.json"))
    for path in files:
        t = bench(path, args.rounds)
        print(f"\n{path.name} ({path.stat().st_size} bytes)")
        for name, us in t.items():
            print(f"  {name:<12} {us:10.1f} µs")
        full = t["check"]
        print(f"  check: {1e6 / full:,.0f} reports/s on one core")
        print(f"  check vs jsonschema: {t['jsonschema'] / full:.1f}× faster")
        print(f"  check-exact vs jsonschema: {t['jsonschema'] / t['check-exact']:.1f}× faster")
        print(f"  check / pydantic alone: {full / t['pydantic']:.2f}")
        print(f"  rules alone / check: {t['rules'] / full:.0%}")
        for parser_name in ("json", "orjson"):
            if parser_name in t:
                print(f"  check / {parser_name} parse alone: {full / t[parser_name]:.1f}")
    print(f"\nload average after: {_load()}")
    return 0


CORPUS = ROOT / "tests" / "data" / "corpus" / "raw"


def corpus(rounds: int) -> None:
    """Full check (bytes → model → rules → validation report) and pydantic validation alone
    of every corpus report as the parser reads it, with the median over the reports."""
    from govdisclosure.document import dumps
    from govdisclosure.models import REPORT_ADAPTER
    from govdisclosure.parse import parse
    from govdisclosure.rules import check_json

    rows = []
    for path in sorted(CORPUS.iterdir()):
        text = dumps(parse(path.read_bytes(), source=path.name).report)
        data = text.encode("utf-8")
        findings = len(check_json(data).findings)
        check = _time(lambda: check_json(data, exact=False), rounds) * 1e6  # noqa: B023 - called here
        pyd = _time(lambda: REPORT_ADAPTER.validate_json(data), rounds) * 1e6  # noqa: B023
        rows.append((path.name, len(data), findings, pyd, check))
    print(f"\n{'report':<58} {'bytes':>6} {'finds':>5} {'pydantic':>9} {'check':>8}")
    for name, size, findings, pyd, check in rows:
        print(f"{name[:58]:<58} {size:>6} {findings:>5} {pyd:>8.1f}  {check:>7.1f}")
    checks = [r[4] for r in rows]
    print(
        f"\n{len(rows)} reports: median check {statistics.median(checks):.1f} µs "
        f"(pydantic alone {statistics.median(r[3] for r in rows):.1f} µs); "
        f"{sum(c <= 100 for c in checks)} of {len(rows)} at or under 100 µs"
    )


def _load() -> str:
    """The 1/5/15-minute load averages (other work inflates CPU time too, through shared
    caches and cores), or a dash where the system does not say."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "–"


if __name__ == "__main__":
    raise SystemExit(main())
