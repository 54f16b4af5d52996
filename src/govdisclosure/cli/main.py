"""Entry point of the ``govdisclosure`` command.

Exit codes are stable: 0 ok; 1 the input is readable but invalid, or has findings at or above
the fail level; 2 unusable input or a usage error. Bad input never produces a traceback.

Standard output written to a file or a pipe is UTF-8 whatever the locale (it carries report
documents, which are UTF-8); on a terminal that cannot show a character, and on standard
error, the character is written as an escape instead of failing.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from collections.abc import Sequence
from typing import Protocol

from govdisclosure._version import __version__
from govdisclosure.errors import GovdisclosureError

__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

COMMANDS: tuple[str, ...] = (
    "schema",
    "validate",
    "check",
    "parse",
    "convert",
    "render",
    "template",
    "aggregate",
    "coverage",
    "indicators",
    "compare",
    "reuse",
    "site",
    "dataset",
)
"""Subcommands, each implemented by ``govdisclosure.cli.cmd_<name>``."""


class _Command(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (all subcommands)."""
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="Model, validate, check, convert and parse 政府信息公开工作年度报告.",
        epilog=(
            "Exit codes: 0 ok; 1 invalid document, or findings at or above the fail level; "
            "2 unusable input or usage error. 'govdisclosure COMMAND --help' describes each "
            "command."
        ),
    )
    parser.add_argument("--version", action="version", version=f"govdisclosure {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        mod: _Command = importlib.import_module(f"govdisclosure.cli.cmd_{name}")
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def _configure_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            if stream is sys.stdout and not stream.isatty():
                stream.reconfigure(encoding="utf-8")
            else:
                stream.reconfigure(errors="backslashreplace")
        except (OSError, ValueError):  # a closed or unusual stream: leave it as it is
            continue


def _with_default_subcommand(argv: Sequence[str]) -> list[str]:
    # ``dataset INPUTS… -o OUT`` is ``dataset build INPUTS… -o OUT``: argparse has no default
    # subcommand, so the word is added when what follows ``dataset`` is not a subcommand.
    args = list(argv)
    if args[:1] == ["dataset"] and len(args) > 1:
        from govdisclosure.cli.cmd_dataset import SUBCOMMANDS

        if args[1] not in (*SUBCOMMANDS, "-h", "--help"):
            args.insert(1, "build")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _configure_streams()
    parser = build_parser()
    args = parser.parse_args(_with_default_subcommand(sys.argv[1:] if argv is None else argv))
    try:
        code: int = args._run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except GovdisclosureError as e:
        # Every subcommand reports its own errors; this net keeps a library error about bad
        # input that one of them did not foresee (say, a missing optional dependency) from
        # reaching the user as a traceback.
        print(f"govdisclosure {args.command}: {e}", file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
