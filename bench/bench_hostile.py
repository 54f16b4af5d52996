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
from zipfile import ZIP_STORED  # stored: the compression-ratio limit must not be what stops it
def _both(data):
    # the workbook through the parser and the own reader: CPU time and outcome of each
    from govdisclosure.io import xlsx
    from govdisclosure.parse import parse
    said = []
    for name, read in (("parse", lambda: parse(data, format="xlsx")), ("own", lambda: xlsx.loads(data))):
        t = time.process_time()
        try:
            read()
            out = "read"
        except Exception as e:
            out = str(e).splitlines()[-1][-30:]
        said.append(f"{name} {time.process_time() - t:.2f}s {out}")
    return "; ".join(said)
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
    if case.startswith("html-unclosed-5MB-"):
        # about 5 MB of markup whose tags are never closed; the MB/s is size / CPU time
        from govdisclosure.parse import parse
        piece = {"div": "<div>x", "td": "<td>1", "table": "<table><tr><td>x", "p": "<p>一",
                 "cells": "<tr><td>" + "一" * 40 + "<td>12", "paras": "<p>" + "一" * 60}
        if case.endswith("rendering"):
            import re
            from govdisclosure import document
            from govdisclosure.io import html
            page = html.dumps(document.loads(seed))
            body = re.sub(r"</(?:td|tr|th|p|div|span|table|tbody|thead)>", "", page)
        else:
            body = piece[case.rsplit("-", 1)[1]]
        data = ("<html><body>" + body * (5_000_000 // len(body.encode()) + 1)).encode()
        t = time.process_time()
        try:
            parse(data, format="html")
            out = "read"
        except Exception as e:
            out = type(e).__name__ + " " + str(e).splitlines()[-1][-40:]
        took = time.process_time() - t
        return f"{len(data) / 1e6 / took:.1f} MB/s ({len(data) / 1e6:.1f} MB): {out}"
    if case == "xlsx-1M-shared-strings":
        from govdisclosure.io import xlsx
        from govdisclosure.parse import parse
        sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        sst += "<si><t>x</t></si>" * 1_000_000 + "</sst>"
        sheet = hostile.sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
        data = hostile.workbook({"报告信息": sheet}, extra={"xl/sharedStrings.xml": sst}, compression=ZIP_STORED)
        return _both(data)
    if case == "xlsx-60MB-string":
        sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        sst += "<si><t>" + "x" * 60_000_000 + "</t></si></sst>"
        sheet = hostile.sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
        data = hostile.workbook({"报告信息": sheet}, extra={"xl/sharedStrings.xml": sst}, compression=ZIP_STORED)
        return _both(data)
    raise SystemExit(f"unknown case {case}")
t0 = time.process_time()
try:
    out = run()
    result = out if isinstance(out, str) else "ok" if not isinstance(out, float) else f"{out:.3f}s"
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
    "html-unclosed-5MB-div",
    "html-unclosed-5MB-td",
    "html-unclosed-5MB-table",
    "html-unclosed-5MB-p",
    "html-unclosed-5MB-cells",
    "html-unclosed-5MB-paras",
    "html-unclosed-5MB-rendering",
    "xlsx-1M-shared-strings",
    "xlsx-60MB-string",
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
