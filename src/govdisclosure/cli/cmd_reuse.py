"""``govdisclosure reuse``: near-identical sections across the reports of different units."""

from __future__ import annotations

import argparse

from govdisclosure.cli._analysis import add_lang_option, fail, load_reports
from govdisclosure.cli._output import add_format_option, print_json
from govdisclosure.cli.main import EXIT_OK

HELP = "list pairs of reports whose sections are near-identical (text reuse across units)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``reuse``."""
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="report files of one year (.json, .csv, .xlsx)"
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.9,
        help="similarity (0–1) at or above which a pair is listed (default: 0.9)",
    )
    add_format_option(parser)
    add_lang_option(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``reuse``."""
    from govdisclosure.analysis import text_reuse
    from govdisclosure.errors import GovdisclosureError

    if not 0 < args.threshold <= 1:
        return fail(
            ValueError(f"--threshold {args.threshold}: expected a number in (0, 1]"), args.format
        )
    try:
        reports = load_reports(args.files)
    except GovdisclosureError as e:
        return fail(e, args.format)
    pairs, findings = text_reuse(
        reports, names=args.files, threshold=args.threshold, lang=args.lang
    )
    if args.format == "json":
        print_json(
            {
                "pairs": [
                    {
                        "section": p.section,
                        "first": args.files[p.first],
                        "second": args.files[p.second],
                        "similarity": round(p.similarity, 4),
                    }
                    for p in pairs
                ],
                "findings": [f.as_dict() for f in findings],
            }
        )
    else:
        for p in pairs:
            print(f"{p.similarity:.2f} {p.section}: {args.files[p.first]} ~ {args.files[p.second]}")
        print(f"{len(pairs)} pair(s) at or above {args.threshold}")
    return EXIT_OK
