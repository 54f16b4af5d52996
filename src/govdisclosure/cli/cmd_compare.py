"""``govdisclosure compare``: one body's reports of two years, cell by cell."""

from __future__ import annotations

import argparse
import json

from govdisclosure.cli._analysis import add_lang_option, emit_text, fail, load_reports
from govdisclosure.cli.main import EXIT_OK

HELP = "compare one body's reports of two years: cells, indicators, cross-year rules, repeated text"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``compare``."""
    parser.epilog = (
        "Editions may differ (tables 三/四 through the crosswalk). Sections at least 0.9 "
        "similar to the previous year's are flagged (YY-R1, or G-R7 for consecutive years)."
    )
    parser.add_argument("a", metavar="A", help="one report (.json, .csv, .xlsx)")
    parser.add_argument("b", metavar="B", help="the other report (either order)")
    parser.add_argument(
        "--to",
        choices=("text", "json", "md", "html"),
        default="text",
        help="output format; md/html draw the tables in the official layout with changed cells marked (default: text)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="file to write (default: standard output)",
    )
    add_lang_option(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``compare``."""
    from govdisclosure.analysis import compare
    from govdisclosure.errors import GovdisclosureError

    try:
        a, b = load_reports([args.a, args.b])
        c = compare(a, b, lang=args.lang)
        if args.to == "json":
            text = json.dumps(c.as_dict(), ensure_ascii=False, indent=2) + "\n"
        elif args.to == "md":
            text = c.markdown()
        elif args.to == "html":
            text = c.html()
        else:
            text = c.text()
        emit_text(text, args.output, [args.a, args.b])
    except (GovdisclosureError, OSError) as e:
        return fail(e, "text")
    return EXIT_OK
