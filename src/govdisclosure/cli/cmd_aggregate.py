"""``govdisclosure aggregate``: sum reports of one year (汇总), optionally along a roster."""

from __future__ import annotations

import argparse
from typing import Any

from govdisclosure.cli._analysis import add_lang_option, fail, load_reports, print_findings
from govdisclosure.cli._output import add_format_option, print_json
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK
from govdisclosure.editions import official_editions

HELP = "sum reports of one year into one report (汇总), or build 本地区 figures along a roster"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``aggregate``."""
    parser.epilog = (
        "Every cell of the aggregate is the exact sum of the members' cells; blank + n = n "
        "(finding AG-R1 names the blank members), blank + blank = blank. Reports of both "
        "editions are summed through the 2019→2021 crosswalk (tables 三 and 四); table 二 only "
        "within one edition. The aggregate's metadata.aggregate lists its members. With "
        "--roster, the 本地区 figures of every unit with subordinate units are built along the "
        "roster's tree and a published 本地区 report (--region) is reconciled cell by cell. "
        "Findings go to standard error (or into the --format json summary). Exit code 1 when "
        "a published 本地区 report differs from the sum of its units (RC-R1)."
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="report files (.json, .csv, .xlsx)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="file to write the aggregate to (.json, .csv, .xlsx, .md, .html; default: JSON on standard output)",
    )
    parser.add_argument("--name", help="body name of the aggregate (default: 汇总（N 份报告）)")
    parser.add_argument(
        "--edition",
        choices=tuple(e.value for e in official_editions()),
        help="edition of the aggregate when the members' editions differ (default 2021)",
    )
    parser.add_argument(
        "--roster",
        metavar="CSV",
        help="roster of the expected units: build 本地区 sums along its tree",
    )
    parser.add_argument(
        "--region",
        metavar="FILE",
        action="append",
        default=[],
        help="a published 本地区 report to reconcile (with --roster; repeatable)",
    )
    parser.add_argument(
        "--year",
        type=int,
        help="report year (with --roster; default: the year of the first report)",
    )
    parser.add_argument(
        "--unit",
        help="with --roster: the unit whose 本地区 aggregate is written (default: the roster's first top unit)",
    )
    add_format_option(parser, messages=True)
    add_lang_option(parser)


def _summary(findings: list[Any], written: list[str], extra: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "written": written, **extra, "findings": [f.as_dict() for f in findings]}


def run(args: argparse.Namespace) -> int:
    """Run ``aggregate``."""
    from govdisclosure.analysis import aggregate
    from govdisclosure.cli.cmd_convert import write_output
    from govdisclosure.errors import GovdisclosureError

    try:
        reports = load_reports(args.files)
        if args.roster:
            return _run_roster(args, reports)
        result = aggregate(
            reports, name=args.name, sources=args.files, edition=args.edition, lang=args.lang
        )
        written = write_output(result.report, args.output, None, inputs=list(args.files))
    except GovdisclosureError as e:
        return fail(e, args.format)
    except OSError as e:
        return fail(
            OSError(f"cannot write {args.output}: {getattr(e, 'strerror', None) or e}"), args.format
        )
    if args.format == "json" and args.output != "-":
        print_json(_summary(result.findings, written, {"members": len(reports)}))
    else:
        print_findings(result.findings)
    return EXIT_OK


def _run_roster(args: argparse.Namespace, reports: list[Any]) -> int:
    from govdisclosure.analysis import Submission, aggregate_roster, load_roster
    from govdisclosure.cli._analysis import InputError
    from govdisclosure.cli.cmd_convert import write_output

    roster = load_roster(args.roster)
    regions = load_reports(args.region)
    subs = [Submission(r, s) for r, s in zip(reports, args.files, strict=True)]
    subs += [Submission(r, s, "region") for r, s in zip(regions, args.region, strict=True)]
    year = args.year or reports[0].metadata.report_year
    result = aggregate_roster(roster, subs, year, lang=args.lang)
    tops = [u.name for u in roster.units if u.parent is None and u.name in result.regions]
    unit = args.unit or (tops[0] if tops else None)
    if unit is None or unit not in result.regions:
        raise InputError(
            f"no 本地区 aggregate for {unit!r}; units with subordinate units: {', '.join(result.regions) or 'none'}"
        )
    written = write_output(
        result.regions[unit].report, args.output, None, inputs=[*args.files, *args.region]
    )
    findings = [*result.coverage.findings, *result.findings]
    for agg in result.regions.values():
        findings.extend(agg.findings)
    if args.format == "json" and args.output != "-":
        print_json(
            _summary(
                findings,
                written,
                {
                    "unit": unit,
                    "regions": list(result.regions),
                    "coverage": result.coverage.as_dict(),
                },
            )
        )
    else:
        print_findings(findings)
    return EXIT_FINDINGS if any(f.severity == "error" for f in result.findings) else EXIT_OK
