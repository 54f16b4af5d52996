"""``govdisclosure template``: write an empty workbook of an edition for an office to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from govdisclosure.cli._output import (
    STDIO,
    OutputError,
    add_format_option,
    print_json,
    stderr,
    write_outputs,
)
from govdisclosure.cli.main import EXIT_OK
from govdisclosure.editions import Edition

HELP = "write an empty XLSX workbook in the official layout (fill it in, then convert it)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``template``."""
    from govdisclosure.io.formats import FormatNames

    parser.epilog = (
        "FILE must be named *.xlsx. An existing FILE is replaced; the workbook appears only "
        "once written in full; the directory must exist."
    )
    parser.add_argument(
        "--edition", choices=tuple(e.value for e in Edition), default="2021", help="edition"
    )
    from govdisclosure.cli.cmd_convert import listed

    names = FormatNames(lambda f: f.template is not None)
    parser.add_argument(
        "--to",
        choices=names,
        metavar="FORMAT",
        default="xlsx",
        help=f"format of the form: {listed(names)} (default: xlsx)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="file to write")
    add_format_option(parser, messages=True)


def run(args: argparse.Namespace) -> int:
    """Run ``template``."""
    from govdisclosure.cli.cmd_convert import report_problems
    from govdisclosure.errors import GovdisclosureError
    from govdisclosure.io.formats import get_format

    fmt = get_format(args.to)
    make = fmt.template
    assert make is not None  # --to offers only the formats that have one

    def write(path: Path) -> list[Path]:
        make(args.edition, path)
        return [path]

    try:
        if args.output == STDIO:
            why = f"{fmt.name} is binary" if fmt.binary else "the template is written to a file"
            raise OutputError(f"{why}: name an output file, not '-'")
        if Path(args.output).suffix.lower() not in fmt.suffixes:
            what = "an xlsx workbook" if fmt.name == "xlsx" else f"in the format {fmt.name}"
            raise OutputError(
                f"{args.output}: the template is {what}; "
                f"name the file with the suffix {' or '.join(fmt.suffixes)}"
            )
        write_outputs(args.output, write)
    except GovdisclosureError as e:
        return report_problems(e, args.format)
    except (OSError, UnicodeError) as e:
        return report_problems(
            OSError(f"cannot write {args.output}: {getattr(e, 'strerror', None) or e}"), args.format
        )
    if args.format == "json":
        print_json({"ok": True, "written": [args.output], "edition": args.edition})
    else:
        stderr(f"wrote the {args.edition} template to {args.output}")
    return EXIT_OK
