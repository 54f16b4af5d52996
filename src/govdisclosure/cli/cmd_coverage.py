"""``govdisclosure coverage``: which units of a roster published their report, and on time."""

from __future__ import annotations

import argparse

from govdisclosure.cli._analysis import add_lang_option, fail, load_reports
from govdisclosure.cli._output import add_format_option, print_json
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK

HELP = "list the units of a roster whose report is missing, duplicated, unknown, late or undated"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``coverage``."""
    parser.epilog = (
        "Deadline (条例第四十九条): departments by 31 January of the following year, a "
        "government's own and 本地区 reports by 31 March; a roster column 'deadline' (MM-DD) "
        "overrides it. Exit code 1 when a report is missing or duplicated."
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="*", help="report files (.json, .csv, .xlsx)"
    )
    parser.add_argument(
        "--roster", metavar="CSV", required=True, help="roster of the expected units"
    )
    parser.add_argument("--year", type=int, required=True, help="report year")
    parser.add_argument(
        "--region", metavar="FILE", action="append", default=[], help="a 本地区 report (repeatable)"
    )
    add_format_option(parser)
    add_lang_option(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``coverage``."""
    from govdisclosure.analysis import Submission, coverage, load_roster
    from govdisclosure.errors import GovdisclosureError

    try:
        roster = load_roster(args.roster)
        subs = [Submission(r, s) for r, s in zip(load_reports(args.files), args.files, strict=True)]
        subs += [
            Submission(r, s, "region")
            for r, s in zip(load_reports(args.region), args.region, strict=True)
        ]
    except GovdisclosureError as err:
        return fail(err, args.format)
    result = coverage(roster, subs, args.year, lang=args.lang)
    if args.format == "json":
        print_json(result.as_dict())
    else:
        for e in result.entries:
            kind = "本地区" if e.unit.kind == "region" else "本级"
            date = f" {e.date.isoformat()}" if e.date else ""
            due = f" (deadline {e.deadline.isoformat()})" if e.deadline else ""
            print(f"{e.status:9} {e.unit.name} [{kind}]{date}{due} {' '.join(e.sources)}".rstrip())
        for s in result.unknown:
            print(f"unknown   {s}")
        counts = ", ".join(
            f"{n} {s}"
            for s in ("ok", "late", "undated", "missing", "duplicate")
            if (n := result.count(s))
        )
        print(f"{len(result.entries)} expected: {counts}; {len(result.unknown)} unknown")
    return EXIT_FINDINGS if any(f.severity == "error" for f in result.findings) else EXIT_OK
