"""``govdisclosure site``: a static overview site of a set of reports."""

from __future__ import annotations

import argparse
import sys

from govdisclosure.cli.main import EXIT_OK, EXIT_USAGE

HELP = "write a static overview site (overview, report list, one page per report) of many reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``site``."""
    parser.epilog = (
        "INPUTS are report JSON files (.json) and published reports (text, HTML, markdown, "
        "DOCX, XLSX), parsed on the way. The site opens from file:// with no network: styles "
        "and scripts are files under OUT, charts are inline SVG. Needs the 'site' extra "
        "(pygal) for charts."
    )
    parser.add_argument("inputs", metavar="INPUT", nargs="+", help="report files")
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the site (default: zh)"
    )
    parser.add_argument(
        "--roster",
        metavar="CSV",
        help="roster of expected units (name,code,parent,level,kind): the overview then says "
        "who is missing, late, undated or duplicated",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``site``."""
    from govdisclosure.errors import GovdisclosureError
    from govdisclosure.site import build_site

    try:
        summary = build_site(args.inputs, args.output, lang=args.lang, roster=args.roster)
    except GovdisclosureError as e:
        print(f"govdisclosure site: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        print(f"govdisclosure site: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"{len(summary.reports)} reports, {len(summary.unreadable)} unreadable, "
        f"{len(summary.pages)} pages written to {args.output}",
        file=sys.stderr,
    )
    return EXIT_OK
