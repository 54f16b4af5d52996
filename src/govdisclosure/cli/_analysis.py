"""Shared helpers of the analysis subcommands (aggregate, coverage, indicators, compare, reuse)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import STDIO, print_json, stderr, write_outputs
from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding

__all__ = ["InputError", "add_lang_option", "emit_text", "load_reports", "print_findings"]


class InputError(GovdisclosureError):
    """An input that could not be read; the message names the file and the problem."""


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang zh|en`` for the messages of findings."""
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of messages (default: zh)"
    )


def load_reports(files: Sequence[str]) -> list[Any]:
    """Read report documents (.json, .csv, .xlsx); raises :class:`InputError` on the first bad one."""
    from govdisclosure.cli.cmd_convert import load_input

    out = []
    for name in files:
        try:
            out.append(load_input(name, None))
        except GovdisclosureError as e:
            raise InputError(f"{name}: {e}") from None
        except (OSError, UnicodeError) as e:
            raise InputError(f"cannot read {name}: {getattr(e, 'strerror', None) or e}") from None
    return out


def emit_text(text: str, output: str, inputs: Sequence[str]) -> list[str]:
    """Write ``text`` to ``output`` (``-``: standard output) under the common file policy."""
    if output == STDIO:
        import sys

        sys.stdout.write(text)
        return []

    def write(path: Path) -> list[Path]:
        path.write_text(text, encoding="utf-8")
        return [path]

    return [str(p) for p in write_outputs(output, write, inputs=inputs)]


def print_findings(findings: Sequence[Finding]) -> None:
    """Findings on standard error, one a line."""
    for f in findings:
        where = f" {f.pointer}" if f.pointer else ""
        stderr(f"{f.severity} {f.code}{where}: {f.message}")


def fail(err: Exception, fmt: str) -> int:
    """Report an unusable input or option (exit code 2)."""
    from govdisclosure.cli.main import EXIT_USAGE

    if fmt == "json":
        print_json({"ok": False, "error": str(err)})
    else:
        stderr(f"error: {err}")
    return EXIT_USAGE
