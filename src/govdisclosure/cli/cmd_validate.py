"""``govdisclosure validate``: is each file a structurally valid report document?"""

from __future__ import annotations

import argparse
from typing import Any

from govdisclosure.cli._output import (
    add_batch_options,
    add_format_option,
    add_progress_option,
    batch_inputs,
    display_name,
    json_entry,
    open_cache,
    stderr,
    stream_batch,
    summary_line,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from govdisclosure.errors import Problem

HELP = "validate report documents (JSON) against the model and schema of their edition"

EPILOG = (
    "FILE '-' reads standard input; a directory is searched for *.json files (recursively). "
    "The files are validated in parallel and reported in the order given. Exit codes: 0 every file valid; 1 some file invalid; "
    "2 some file unreadable (missing, a directory, empty, not UTF-8 JSON) or a usage error."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``validate``."""
    parser.epilog = EPILOG
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="report JSON documents, or directories of them"
    )
    add_format_option(parser, jsonl=True)
    parser.add_argument(
        "--complete",
        action="store_true",
        help="treat a blank (null) cell as an error, as for a submission",
    )
    parser.add_argument(
        "--no-schema",
        action="store_true",
        help=(
            "skip the cross-check against the packaged JSON Schema (by default a document "
            "the model refuses is also validated against the schema)"
        ),
    )
    add_progress_option(parser)
    add_batch_options(parser, include="*.json")


def _problem_text(p: Problem, *, bare: bool = False) -> str:
    """One problem; ``bare`` leaves out the location of a problem with the whole file."""
    text = f"{p.message}" + (f" (expected {p.expected})" if p.expected else "") + f" [{p.code}]"
    if p.line is not None:
        return f"line {p.line}, column {p.column}: {text}"
    if bare and not p.pointer:
        return text
    return f"{p.pointer or '/'}: {text}"


def _text(r: Any) -> str:
    if r.valid:
        # A note (an integer written 2.0) is said under the verdict it does not change.
        notes = "".join(f"  note: {_problem_text(n)}\n" for n in getattr(r, "notes", ()))
        return f"{r.source}: valid ({r.edition} edition)\n{notes}"
    if not r.readable and len(r.problems) == 1:
        # One reason the file cannot be used: one line, greppable by file name.
        return f"{r.source}: unreadable: {_problem_text(r.problems[0], bare=True)}\n"
    what = "unreadable" if not r.readable else "invalid"
    lines = [f"{r.source}: {what}, {len(r.problems)} problem(s)\n"]
    lines += [f"  {_problem_text(p)}\n" for p in r.problems]
    return "".join(lines)


def validate_path(name: str, opts: argparse.Namespace) -> Any:
    """The structure result of file ``name``.

    The schema runs only when the model refuses the document: the model and the schema are
    held equal by the differential tests, and the pure-Python validator costs milliseconds.
    """
    from govdisclosure.reading import MAX_DOCUMENT_BYTES, read_report
    from govdisclosure.validation import StructureResult

    r = read_report(
        name,
        format="json",
        complete=opts.complete,
        with_schema=not opts.no_schema,
        max_bytes=MAX_DOCUMENT_BYTES,
    )
    return StructureResult(r.source, r.report, r.problems, r.readable, notes=r.value_notes)


def validate_file(opts: argparse.Namespace, name: str) -> tuple[str, str]:
    """``(status, output)`` of one file, status ``valid``, ``invalid`` or ``unreadable``."""
    r = validate_path(name, opts)
    status = "valid" if r.valid else "unreadable" if not r.readable else "invalid"
    if opts.format == "text":
        return status, _text(r)
    return status, json_entry(r.as_dict(), lines=opts.format == "jsonl")


def _cache_file(name: str) -> tuple[str, bytes] | None:
    if name == "-" or not name:
        return None
    return name, name.encode("utf-8", "surrogateescape") + b"\0"


def run(args: argparse.Namespace) -> int:
    """Run ``validate``."""
    from functools import partial

    files = batch_inputs(args)
    if isinstance(files, str):
        stderr(f"govdisclosure validate: {files}")
        return EXIT_USAGE
    opts = argparse.Namespace(complete=args.complete, no_schema=args.no_schema, format=args.format)
    counts = stream_batch(
        partial(validate_file, opts),
        files,
        args,
        cache=open_cache(args, {"command": "validate", **vars(opts)}),
        cache_file=_cache_file,
        array="results",
        failed=partial(_internal, opts=opts),
        statuses=("valid", "invalid", "unreadable"),
    )
    total = len(files)
    if args.format == "text" and total > 1:
        print(
            summary_line(
                total,
                [
                    (counts["valid"], "valid"),
                    (counts["invalid"], "invalid"),
                    (counts["unreadable"], "unreadable"),
                ],
            )
        )
    if counts["unreadable"]:
        return EXIT_USAGE
    return EXIT_OK if counts["valid"] == total else EXIT_FINDINGS


def _internal(r: Any, opts: argparse.Namespace) -> str:
    """The output for a file whose validation raised (a bug) or whose worker died."""
    from govdisclosure.validation import StructureResult

    err = r.error
    problem = Problem(err.code, "", f"internal error: {err.message} ({err.exception})")
    res = StructureResult(display_name(r.item), None, [problem], False)
    if opts.format == "text":
        return _text(res)
    return json_entry(res.as_dict(), lines=opts.format == "jsonl")
