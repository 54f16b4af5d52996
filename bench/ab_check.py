"""Before/after benchmark of ``check`` across a change: the package of a git revision against
the working tree, in one run, as a ratio.

Run from the repository root::

    python bench/ab_check.py REV [FILE] [--runs N] [--rounds R]

The ``src`` and ``schemas`` of ``REV`` are exported (``git archive``) to a temporary directory;
then ``bench/bench_check.py FILE --rounds R`` runs ``N`` times for each side, alternating
before/after, each in a fresh process. The median over the runs of ``rules`` (every
single-report rule on a built model) and ``check`` (bytes → model → rules → report) is printed
for each side, with after/before. Alternating in one run keeps the load of a shared machine
about the same for both sides; the ratio is the figure to read, not the microseconds.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "quanzhou-digital-office-2021.json"
_LINE = re.compile(r"^  (rules|check) +([\d.]+) µs$", re.M)


def _export(rev: str, into: Path) -> Path:
    data = subprocess.run(
        ["git", "archive", rev, "src", "schemas"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        # Our own repository's archive; the "data" filter where this Python has it.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:  # pragma: no cover - Python before 3.10.12 / 3.11.4
            tar.extractall(into)
    return into / "src"


def _run(src: Path, file: Path, rounds: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_check.py"),
            str(file),
            "--rounds",
            str(rounds),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name: float(us) for name, us in _LINE.findall(out)}


def main(argv: list[str] | None = None) -> int:
    """Print the medians of both sides and their ratio; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rev", help="the git revision to compare against (e.g. main)")
    parser.add_argument("file", nargs="?", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        before_src = _export(args.rev, Path(tmp))
        sides = {"before": before_src, "after": ROOT / "src"}
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        for _ in range(args.runs):
            for side, src in sides.items():
                runs[side].append(_run(src, args.file, args.rounds))
    print(f"{args.file.name}: median µs over {args.runs} alternating runs (before = {args.rev})")
    for name in ("rules", "check"):
        b = statistics.median(r[name] for r in runs["before"])
        a = statistics.median(r[name] for r in runs["after"])
        print(f"  {name:<6} before {b:7.1f}  after {a:7.1f}  after/before {a / b:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
