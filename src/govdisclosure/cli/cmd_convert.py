"""``govdisclosure convert``: convert a report between formats (JSON, CSV, XLSX, HTML, Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import add_format_option, print_json, stderr
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = (
    "convert a report between formats; the formats are inferred from the file suffixes "
    "(.json, .csv, .xlsx read back; .html, .md are renderings)"
)

_UNUSABLE = {"io", "json-syntax", "encoding", "xlsx", "empty", "csv-syntax"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``convert``."""
    from govdisclosure.io import FORMATS, READABLE

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
    add_format_option(parser)


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


def write_output(report: Any, output: str, fmt: str | None) -> list[str]:
    """Write ``report`` to ``output`` ('-': standard output); returns the files written."""
    from govdisclosure import io as gio

    if output == "-":
        f = fmt or "json"
        if f == "xlsx":
            raise gio.UnknownFormatError("xlsx is binary: name an output file, not '-'")
        text = gio.dumps(report, f)
        assert isinstance(text, str)
        sys.stdout.write(text)
        return []
    return [str(p) for p in gio.dump(report, output, fmt)]


def run(args: argparse.Namespace) -> int:
    """Run ``convert``."""
    from govdisclosure import io as gio
    from govdisclosure.errors import GovdisclosureError

    try:
        report = gio.load(args.input, args.from_)
    except GovdisclosureError as e:
        return report_problems(e, args.format)
    try:
        written = write_output(report, args.output, args.to)
    except GovdisclosureError as e:
        return report_problems(e, args.format)
    except (OSError, UnicodeError) as e:
        return report_problems(
            OSError(f"cannot write {args.output}: {getattr(e, 'strerror', None) or e}"), args.format
        )
    if args.format == "json":
        print_json({"ok": True, "source": args.input, "written": written})
    elif written:
        stderr(f"{args.input} → {', '.join(str(Path(w)) for w in written)}")
    return EXIT_OK
