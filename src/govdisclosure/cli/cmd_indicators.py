"""``govdisclosure indicators``: the registry's indicators on reports, a dataset or their sum."""

from __future__ import annotations

import argparse
import csv
import io
from typing import Any

from govdisclosure.cli._analysis import emit_text, fail, load_reports
from govdisclosure.cli._output import print_json
from govdisclosure.cli.main import EXIT_OK

HELP = "compute the indicators (公开率, 复议纠错率, …) of reports, one row per report"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``indicators``."""
    parser.epilog = (
        "Values are exact; a blank or zero denominator gives no value and a reason. --pooled "
        "adds a row computed on the sum of all the reports (rates from summed counts, never "
        "averaged). docs/analysis/indicators/ defines every indicator."
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="report files (.json, .csv, .xlsx)"
    )
    parser.add_argument(
        "--previous",
        metavar="FILE",
        help="the previous year's report (for new_requests_yoy; one FILE only)",
    )
    parser.add_argument(
        "--pooled", action="store_true", help="add a row for the sum (汇总) of all the reports"
    )
    parser.add_argument(
        "--min-denominator",
        type=int,
        metavar="N",
        help="give no value when the denominator is below N (default: each indicator's own minimum)",
    )
    parser.add_argument(
        "--to",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="file to write (default: standard output)",
    )


def _rows(args: argparse.Namespace) -> list[tuple[str, Any, list[Any]]]:
    from govdisclosure.analysis import aggregate, compute
    from govdisclosure.errors import GovdisclosureError

    reports = load_reports(args.files)
    previous = None
    if args.previous:
        if len(reports) != 1:
            raise GovdisclosureError("--previous needs exactly one FILE")
        previous = load_reports([args.previous])[0]
    rows = [
        (name, r, compute(r, previous=previous, min_denominator=args.min_denominator))
        for name, r in zip(args.files, reports, strict=True)
    ]
    if args.pooled:
        agg = aggregate(reports, sources=args.files).report
        rows.append(("(pooled)", agg, compute(agg, min_denominator=args.min_denominator)))
    return rows


def run(args: argparse.Namespace) -> int:
    """Run ``indicators``."""
    from govdisclosure.analysis import INDICATORS
    from govdisclosure.errors import GovdisclosureError

    try:
        rows = _rows(args)
    except GovdisclosureError as e:
        return fail(e, "text")
    ids = [i.id for i in INDICATORS]
    if args.to == "json":
        text = None
        data = [
            {
                "source": name,
                "body": r.metadata.body.name,
                "year": r.metadata.report_year,
                "indicators": [v.as_dict() for v in vals],
            }
            for name, r, vals in rows
        ]
        if args.output == "-":
            print_json(data)
            return EXIT_OK
        import json

        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.to == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["source", "body", "year", *ids, *(f"{i}_reason" for i in ids)])
        for name, r, vals in rows:
            pct = [format(p, "f") if (p := v.percent(4)) is not None else "" for v in vals]
            w.writerow(
                [
                    name,
                    r.metadata.body.name,
                    r.metadata.report_year,
                    *pct,
                    *(v.reason or "" for v in vals),
                ]
            )
        text = buf.getvalue()
    else:
        lines = []
        for name, r, vals in rows:
            lines.append(f"{name}: {r.metadata.body.name} {r.metadata.report_year}")
            for ind, v in zip(INDICATORS, vals, strict=True):
                frac = f"{v.numerator}/{v.denominator}" if v.denominator is not None else "—"
                lines.append(f"  {ind.id:36} {ind.name['zh']:14} {v.display():>24}  {frac}")
        text = "\n".join(lines) + "\n"
    try:
        emit_text(text, args.output, [*args.files, *([args.previous] if args.previous else [])])
    except (GovdisclosureError, OSError) as e:
        return fail(e, "text")
    return EXIT_OK
