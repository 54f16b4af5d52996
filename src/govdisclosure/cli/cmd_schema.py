"""``govdisclosure schema``: write, print or check the committed JSON Schemas."""

from __future__ import annotations

import argparse
import sys

from govdisclosure.cli._output import stderr
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = "print the JSON Schema of an edition, write all schema files, or check them (--check)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``schema``."""
    parser.add_argument(
        "--edition",
        choices=("2019", "2021", "all"),
        default="all",
        help="edition to print (default: the combined schema of every edition)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        help="write every schema artefact into DIR instead of printing",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the files in DIR (default: schemas) differ from the generated ones",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``schema``."""
    from govdisclosure import schema

    if args.check:
        directory = args.output or "schemas"
        try:
            stale = schema.check_files(directory)
        except OSError as e:
            stderr(f"govdisclosure schema: cannot read {directory}: {e}")
            return EXIT_USAGE
        if stale:
            for name in stale:
                stderr(f"out of date: {directory}/{name}")
            stderr(f"regenerate with: {schema.REGENERATE_COMMAND}")
            return EXIT_FINDINGS
        print(f"schemas in {directory} are up to date")
        return EXIT_OK
    if args.output:
        try:
            for p in schema.write_files(args.output):
                print(p)
        except OSError as e:
            stderr(f"govdisclosure schema: cannot write {args.output}: {e}")
            return EXIT_USAGE
        return EXIT_OK
    edition = None if args.edition == "all" else args.edition
    sys.stdout.write(schema.render(schema.build_report_schema(edition)))
    return EXIT_OK
