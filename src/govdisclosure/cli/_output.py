"""Shared output helpers of the subcommands."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any, TextIO

__all__ = ["add_format_option", "print_json", "stderr"]


def add_format_option(parser: Any) -> None:
    """Add the common ``--format text|json`` option."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (json is machine-readable and stable); default: text",
    )


def _default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return float(o) if o != o.to_integral_value() else int(o)
    raise TypeError(type(o).__name__)


def print_json(data: Any, stream: TextIO | None = None) -> None:
    """Print ``data`` as indented JSON (UTF-8 characters kept)."""
    out = stream or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def stderr(message: str) -> None:
    """Print a message to standard error."""
    print(message, file=sys.stderr)
