"""``govdisclosure validate``: is each file a structurally valid report document?"""

from __future__ import annotations

import argparse
from pathlib import Path

from govdisclosure.cli._output import add_format_option, print_json
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = "validate report documents (JSON) against the model and schema of their edition"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``validate``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="report JSON documents")
    add_format_option(parser)
    parser.add_argument(
        "--complete",
        action="store_true",
        help="treat a blank (null) cell as an error, as for a submission",
    )
    parser.add_argument(
        "--no-schema",
        action="store_true",
        help="skip the cross-check against the packaged JSON Schema",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``validate``."""
    from govdisclosure.validation import StructureResult, validate_document

    results: list[StructureResult] = []
    for name in args.files:
        try:
            raw = Path(name).read_bytes()
        except OSError as e:
            from govdisclosure.errors import Problem

            results.append(
                StructureResult(
                    name, None, [Problem("io", "", f"cannot read: {e.strerror or e}")], False
                )
            )
            continue
        results.append(
            validate_document(
                raw, source=name, complete=args.complete, with_schema=not args.no_schema
            )
        )
    if args.format == "json":
        print_json({"results": [r.as_dict() for r in results]})
    else:
        for r in results:
            if r.valid:
                print(f"{r.source}: valid ({r.edition} edition)")
                continue
            what = "unreadable" if not r.readable else "invalid"
            print(f"{r.source}: {what}, {len(r.problems)} problem(s)")
            for p in r.problems:
                exp = f" (expected {p.expected})" if p.expected else ""
                print(
                    f"  {p.pointer or '/'}: {p.message}{exp} [{p.code}]"
                    if p.line is None
                    else f"  line {p.line}, column {p.column}: {p.message} [{p.code}]"
                )
    if any(not r.readable for r in results):
        return EXIT_USAGE
    return EXIT_OK if all(r.valid for r in results) else EXIT_FINDINGS
