"""Time and memory of the readers on hostile input (issue 10), against the seed report.

``python bench/bench_hostile.py`` builds each hostile input in memory (a few KB to a few MB),
hands it to the reader in a fresh process, and prints the CPU time and peak memory (max RSS)
of that process next to the same figures for reading the seed report the same way, so that
the ratios stay meaningful on a noisy machine. Every hostile input must end in the reader's
own error, quickly: the figures show how far from "minutes and gigabytes" the limits keep it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import resource, sys, time, pathlib
sys.path.insert(0, sys.argv[1])
from tests import hostile
case = sys.argv[2]
seed = (pathlib.Path(sys.argv[1]) / "examples" / "quanzhou-digital-office-2021.json").read_text("utf-8")
def run():
    if case == "seed-json":
        from govdisclosure.validation import validate_document
        return validate_document(seed, with_schema=True).valid
    if case == "seed-xlsx":
        from govdisclosure import document
        from govdisclosure.io import xlsx
        data = xlsx.dumps(document.loads(seed))
        t = time.process_time()
        xlsx.loads(data)
        return time.process_time() - t
    if case == "merge-whole-grid":
        from govdisclosure.parse import parse
        data = hostile.workbook({"S": hostile.sheet_xml(tail='<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>')})
        return parse(data, format="xlsx")
    if case == "io-cell-XFD1048576":
        from govdisclosure.io import xlsx
        data = hostile.io_workbook_with("报告信息", hostile.sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
        return xlsx.loads(data)
    if case == "io-zip-bomb-64MB":
        from govdisclosure.io import xlsx
        return xlsx.loads(hostile.zip_bomb_workbook(64 * 1024 * 1024))
    if case == "count-1e300000000":
        from govdisclosure.validation import validate_document
        text = seed.replace('"natural_person": 2', '"natural_person": 1e300000000', 1)
        return validate_document(text, with_schema=True).problems[0].message
    if case == "extra-rows-100k":
        import json
        from govdisclosure.validation import validate_document
        doc = json.loads(seed)
        doc["extra_rows"] = [{"table": "t3", "label": f"行{i}", "cells": []} for i in range(100_000)]
        return validate_document(json.dumps(doc, ensure_ascii=False), with_schema=True).problems[0].code
    if case == "html-unclosed-1M-tags":
        from govdisclosure.parse.html import read_html
        return read_html("<b>x" * 1_000_000)
    raise SystemExit(f"unknown case {case}")
t0 = time.process_time()
try:
    out = run()
    result = "ok" if not isinstance(out, float) else f"{out:.3f}s"
except Exception as e:
    result = f"{type(e).__name__}: {str(e).splitlines()[-1][:70]}"
cpu = time.process_time() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{cpu:.3f}\t{rss:.0f}\t{result}")
"""

CASES = [
    "seed-json",
    "seed-xlsx",
    "merge-whole-grid",
    "io-cell-XFD1048576",
    "io-zip-bomb-64MB",
    "count-1e300000000",
    "extra-rows-100k",
    "html-unclosed-1M-tags",
]


def main() -> None:
    """Print one line per case: CPU seconds, peak MB, outcome."""
    rows = []
    for case in CASES:
        run = subprocess.run(
            [sys.executable, "-c", _CHILD, str(ROOT), case],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        fields = run.stdout.strip().split("\t")
        if len(fields) != 3:  # the child itself failed: show why
            fields = ["-", "-", run.stderr.strip()[-200:]]
        cpu, rss, result = fields
        rows.append({"case": case, "cpu_s": cpu, "max_rss_mb": rss, "outcome": result})
        print(f"{case:<24} {cpu:>8} s {rss:>7} MB  {result}", flush=True)
    load = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"children_cpu_s": round(load.ru_utime + load.ru_stime, 2)}))


if __name__ == "__main__":
    main()
