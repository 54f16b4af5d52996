"""``govdisclosure convert``: convert a report between formats (JSON, CSV, XLSX, HTML, Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import (
    STDIO,
    add_format_option,
    check_suffix,
    display_name,
    print_json,
    read_bytes,
    stderr,
    write_outputs,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = (
    "convert a report between formats; the formats are inferred from the file suffixes "
    "(.json, .csv, .xlsx read back; .html, .md are renderings)"
)

OUTPUT_POLICY = (
    "An existing output file is replaced, but never an input file (nor the side file of a CSV "
    "input); a file appears only once written in full; the output directory must exist; a "
    "suffix naming another format than the one written is refused."
)

_UNUSABLE = {"io", "json-syntax", "encoding", "xlsx", "empty", "csv-syntax"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``convert``."""
    from govdisclosure.io import FORMATS, READABLE

    parser.epilog = "IN '-' reads standard input (JSON unless --from says otherwise). " + (
        OUTPUT_POLICY
    )
    parser.add_argument("input", metavar="IN", help="report file (.json, .csv, .xlsx)")
    parser.add_argument(
        "output",
        metavar="OUT",
        help="file to write ('-' for standard output, text formats only)",
    )
    parser.add_argument(
        "--to", choices=FORMATS, help="output format (default: from the suffix of OUT)"
    )
    parser.add_argument(
        "--from",
        dest="from_",
        choices=READABLE,
        help="input format (default: from the suffix of IN)",
    )
    add_format_option(parser, messages=True)


def report_problems(err: Exception, fmt: str) -> int:
    """Print a reading error (text or JSON) and return its exit code."""
    from govdisclosure.errors import DocumentError

    if isinstance(err, DocumentError):
        code = EXIT_USAGE if any(p.code in _UNUSABLE for p in err.problems) else EXIT_FINDINGS
        if fmt == "json":
            print_json(
                {
                    "ok": False,
                    "source": err.source,
                    "problems": [{**p.as_dict(), **_extra(p.extra)} for p in err.problems],
                }
            )
        else:
            stderr(str(err))
        return code
    if fmt == "json":
        print_json({"ok": False, "error": str(err)})
    else:
        stderr(f"error: {err}")
    return EXIT_USAGE


def _extra(extra: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in extra.items() if isinstance(v, (str, int))}


def load_input(name: str, fmt: str | None) -> Any:
    """Read the report of file ``name`` (``-``: standard input, JSON unless ``fmt``)."""
    from govdisclosure import io as gio
    from govdisclosure.errors import DocumentError, Problem

    if name != STDIO and name:
        return gio.load(name, fmt)
    try:
        data = read_bytes(name)
    except OSError as e:
        raise DocumentError([Problem("io", "", f"cannot read: {e}")], display_name(name)) from None
    return gio.loads(data, fmt or "json", source=display_name(name))


def input_notes(name: str, fmt: str | None) -> list[str]:
    """What a user should know about an input that was read without error."""
    from govdisclosure import io as gio
    from govdisclosure.io import csv

    if name != STDIO and (fmt or gio.format_for(name)) == "csv":
        side = csv.meta_path(name)
        if not side.is_file():
            return [
                f"{name}: no side file {side}; the report has only what the CSV holds (its "
                "cells, body and year), every other member is blank"
            ]
    return []


def input_files(name: str, fmt: str | None) -> list[str]:
    """The files that reading ``name`` used (a long CSV has a side file): never overwritten."""
    from govdisclosure import io as gio
    from govdisclosure.io import csv

    if name == STDIO:
        return []
    if (fmt or gio.format_for(name)) == "csv":
        return [name, str(csv.meta_path(name))]
    return [name]


def write_output(
    report: Any, output: str, fmt: str | None, *, inputs: list[str] | None = None
) -> list[str]:
    """Write ``report`` to ``output`` ('-': standard output); returns the files written.

    The file policy is :data:`OUTPUT_POLICY`; ``inputs`` are the files never to overwrite.
    """
    from govdisclosure import io as gio

    if output == STDIO:
        f = fmt or "json"
        if f == "xlsx":
            raise gio.UnknownFormatError("xlsx is binary: name an output file, not '-'")
        text = gio.dumps(report, f)
        assert isinstance(text, str)
        sys.stdout.write(text)
        return []
    f = fmt or gio.format_for(output)
    check_suffix(output, f)
    written = write_outputs(output, lambda p: gio.dump(report, p, f), inputs=inputs or [])
    return [str(p) for p in written]


def run(args: argparse.Namespace) -> int:
    """Run ``convert``."""
    from govdisclosure.errors import GovdisclosureError

    try:
        report = load_input(args.input, args.from_)
    except GovdisclosureError as e:
        return report_problems(e, args.format)
    except (OSError, UnicodeError) as e:
        return report_problems(
            OSError(f"cannot read {args.input}: {getattr(e, 'strerror', None) or e}"), args.format
        )
    try:
        written = write_output(
            report, args.output, args.to, inputs=input_files(args.input, args.from_)
        )
    except GovdisclosureError as e:
        return report_problems(e, args.format)
    except (OSError, UnicodeError) as e:
        return report_problems(
            OSError(f"cannot write {args.output}: {getattr(e, 'strerror', None) or e}"), args.format
        )
    notes = input_notes(args.input, args.from_)
    if args.output == STDIO:
        for note in notes:
            stderr(f"note: {note}")
    elif args.format == "json":
        print_json(
            {"ok": True, "source": display_name(args.input), "written": written, "notes": notes}
        )
    elif written:
        for note in notes:
            stderr(f"note: {note}")
        stderr(f"{display_name(args.input)} → {', '.join(str(Path(w)) for w in written)}")
    return EXIT_OK
