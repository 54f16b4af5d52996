"""``govdisclosure render``: draw a report in the official layout as HTML or Markdown."""

from __future__ import annotations

import argparse

from govdisclosure.cli._output import add_format_option, display_name, print_json
from govdisclosure.cli.main import EXIT_OK

HELP = "render a report (.json, .csv, .xlsx) in the official layout as HTML or Markdown"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render``."""
    from govdisclosure.cli.cmd_convert import OUTPUT_POLICY
    from govdisclosure.io.formats import FormatNames

    parser.epilog = "FILE '-' reads a JSON report from standard input. " + OUTPUT_POLICY
    parser.add_argument("file", metavar="FILE", help="report file (.json, .csv, .xlsx)")
    from govdisclosure.cli.cmd_convert import listed

    names = FormatNames(lambda f: f.render)
    parser.add_argument(
        "--to",
        choices=names,
        metavar="FORMAT",
        required=True,
        help=f"output format: {listed(names)}",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="file to write (default: standard output)",
    )
    add_format_option(parser, messages=True)


def run(args: argparse.Namespace) -> int:
    """Run ``render``."""
    from govdisclosure.cli.cmd_convert import convert

    code, written, _ = convert(args.file, None, args.output, args.to, args.format)
    if code == EXIT_OK and written and args.format == "json":
        # Not with '-': standard output is the rendering.
        print_json({"ok": True, "source": display_name(args.file), "written": written})
    return code
