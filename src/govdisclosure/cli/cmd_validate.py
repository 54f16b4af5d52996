"""``govdisclosure validate``: is each file a structurally valid report document?"""

from __future__ import annotations

import argparse

from govdisclosure.cli._output import (
    Progress,
    add_format_option,
    add_progress_option,
    display_name,
    print_json,
    read_document,
    summary_line,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from govdisclosure.errors import Problem

HELP = "validate report documents (JSON) against the model and schema of their edition"

EPILOG = (
    "FILE '-' reads standard input. Exit codes: 0 every file valid; 1 some file invalid; "
    "2 some file unreadable (missing, a directory, empty, not UTF-8 JSON) or a usage error."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``validate``."""
    parser.epilog = EPILOG
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
    add_progress_option(parser)


def _problem_text(p: Problem, *, bare: bool = False) -> str:
    """One problem; ``bare`` leaves out the location of a problem with the whole file."""
    text = f"{p.message}" + (f" (expected {p.expected})" if p.expected else "") + f" [{p.code}]"
    if p.line is not None:
        return f"line {p.line}, column {p.column}: {text}"
    if bare and not p.pointer:
        return text
    return f"{p.pointer or '/'}: {text}"


def run(args: argparse.Namespace) -> int:
    """Run ``validate``."""
    from govdisclosure.validation import StructureResult, validate_document

    results: list[StructureResult] = []
    progress = Progress(len(args.files), forced=args.progress)
    for i, name in enumerate(args.files):
        progress.step(i, name)
        raw = read_document(name)
        source = display_name(name)
        if isinstance(raw, Problem):
            results.append(StructureResult(source, None, [raw], False))
            continue
        results.append(
            validate_document(
                raw, source=source, complete=args.complete, with_schema=not args.no_schema
            )
        )
    progress.done()
    unreadable = sum(1 for r in results if not r.readable)
    valid = sum(1 for r in results if r.valid)
    if args.format == "json":
        print_json({"results": [r.as_dict() for r in results]})
    else:
        for r in results:
            if r.valid:
                print(f"{r.source}: valid ({r.edition} edition)")
            elif not r.readable and len(r.problems) == 1:
                # One reason the file cannot be used: one line, greppable by file name.
                print(f"{r.source}: unreadable: {_problem_text(r.problems[0], bare=True)}")
            else:
                what = "unreadable" if not r.readable else "invalid"
                print(f"{r.source}: {what}, {len(r.problems)} problem(s)")
                for p in r.problems:
                    print(f"  {_problem_text(p)}")
        if len(results) > 1:
            print(
                summary_line(
                    len(results),
                    [
                        (valid, "valid"),
                        (len(results) - valid - unreadable, "invalid"),
                        (unreadable, "unreadable"),
                    ],
                )
            )
    if unreadable:
        return EXIT_USAGE
    return EXIT_OK if valid == len(results) else EXIT_FINDINGS
