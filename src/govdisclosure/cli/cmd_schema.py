"""``govdisclosure schema``: write, print or check the committed JSON Schemas."""

from __future__ import annotations

import argparse
import sys

from govdisclosure.cli._output import stderr
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from govdisclosure.editions import Edition, official_editions

HELP = "print the JSON Schema of an edition, write all schema files, or check them (--check)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``schema``."""
    parser.add_argument(
        "--edition",
        choices=(*(e.value for e in Edition), "all"),
        default=None,
        help=(
            "edition to print (default: all, the combined schema of every edition); only "
            "when printing"
        ),
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


def _packaged(edition: str | None) -> str | None:
    """The shipped schema file's text (``None`` when this install has none).

    Printing reads it rather than generating the schema from the models: it is the same text
    (``schema --check`` holds the committed files equal to the generated ones, and the wheel
    ships them), and the command then starts without building the models.
    """
    from importlib import resources
    from pathlib import Path

    from govdisclosure.schema_ids import schema_file

    name = schema_file(edition)
    here = Path(__file__).resolve()
    for directory in (
        Path(str(resources.files("govdisclosure"))) / "schemas",  # a wheel
        here.parents[3] / "schemas",  # a source checkout
    ):
        try:
            return (directory / name).read_text(encoding="utf-8")
        except OSError:
            continue
    return None


def run(args: argparse.Namespace) -> int:
    """Run ``schema``."""
    from pathlib import Path

    if not (args.check or args.output):
        edition = None if args.edition in (None, "all") else args.edition
        # The packaged files hold the official editions; one registered at run time is generated.
        only_official = tuple(Edition) == official_editions()
        text = _packaged(edition) if edition is not None or only_official else None
        if text is not None:
            sys.stdout.write(text)
            return EXIT_OK

    from govdisclosure import schema

    if args.edition is not None and (args.check or args.output):
        stderr(
            "govdisclosure schema: --edition chooses the schema to print; --output and --check "
            "handle every schema file at once (leave out --edition)"
        )
        return EXIT_USAGE
    if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
        stderr(f"govdisclosure schema: {args.output} is not a directory")
        return EXIT_USAGE
    if args.check:
        return _check(args.output)
    if args.output:
        return _write(args.output)
    edition = None if args.edition in (None, "all") else args.edition
    sys.stdout.write(schema.render(schema.build_report_schema(edition)))
    return EXIT_OK


def _check(output: str | None) -> int:
    """``--check``: are the schema files in ``output`` (default ``schemas``) up to date?"""
    from pathlib import Path

    from govdisclosure import schema

    directory = output or "schemas"
    if not Path(directory).is_dir():
        hint = "" if output else " (run from the top of a checkout, or name it with -o)"
        stderr(f"govdisclosure schema: no directory {directory}{hint}")
        return EXIT_USAGE
    try:
        stale = schema.check_files(directory)
    except (OSError, UnicodeError) as e:
        stderr(
            f"govdisclosure schema: cannot read {directory}: {getattr(e, 'strerror', None) or e}"
        )
        return EXIT_USAGE
    if not stale:
        print(f"{directory}: every schema file is up to date")
        return EXIT_OK
    for name in stale:
        stderr(f"out of date: {Path(directory, name)}")
    if directory == "schemas":
        stderr(f"regenerate with: {schema.REGENERATE_COMMAND}")
    else:
        stderr(
            f"regenerate with: govdisclosure schema --output {directory} "
            f"(the repository's own: {schema.REGENERATE_COMMAND})"
        )
    return EXIT_FINDINGS


def _write(output: str) -> int:
    """``--output DIR``: write every schema file there."""
    from govdisclosure import schema

    try:
        for p in schema.write_files(output):
            print(p)
    except OSError as e:
        stderr(f"govdisclosure schema: cannot write {output}: {e.strerror or e}")
        return EXIT_USAGE
    return EXIT_OK
