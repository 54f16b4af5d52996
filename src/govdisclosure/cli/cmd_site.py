"""``govdisclosure site``: a static overview site of a set of reports."""

from __future__ import annotations

import argparse
import sys

from govdisclosure.cli._output import STDIO, add_batch_options, batch_inputs
from govdisclosure.cli.main import EXIT_OK, EXIT_USAGE

HELP = "write a static overview site (overview, report list, one page per report) of many reports"

_INCLUDE = "*.json,*.txt,*.text,*.html,*.htm,*.js,*.md,*.markdown,*.docx,*.xlsx,*.pdf"
"""What a directory given as input contributes by default: documents and published reports."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``site``."""
    parser.epilog = (
        "FILE are report JSON files (.json) and published reports (PDF, text, HTML, markdown, "
        "DOCX, XLSX), parsed on the way, or directories of them. The site opens from file:// "
        "with no network: styles and scripts are files under OUT, charts are inline SVG. "
        "Needs the 'site' extra (pygal) for charts."
    )
    parser.add_argument("files", metavar="FILE", nargs="*", help="report files or directories")
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
    add_batch_options(parser, include=_INCLUDE, cache=False)


def run(args: argparse.Namespace) -> int:
    """Run ``site``."""
    from govdisclosure.errors import GovdisclosureError
    from govdisclosure.site import build_site

    if STDIO in args.files:
        print(
            "govdisclosure site: '-' is not an input of a site (every page names its file); "
            "list paths on standard input with --files-from -",
            file=sys.stderr,
        )
        return EXIT_USAGE
    paths = batch_inputs(args)
    if isinstance(paths, str):
        print(f"govdisclosure site: {paths}", file=sys.stderr)
        return EXIT_USAGE
    try:
        summary = build_site(paths, args.output, lang=args.lang, roster=args.roster, jobs=args.jobs)
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
