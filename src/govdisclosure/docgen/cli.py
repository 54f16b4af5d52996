"""The command-line reference page (``docs/cli.md``), generated from the argument parser.

It is built from the parser's own actions (names, metavars, choices, defaults, help texts)
rather than from ``format_help()``, whose layout depends on the terminal width and on the
Python version.
"""

from __future__ import annotations

import argparse

from govdisclosure.cli.main import COMMANDS, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, build_parser

__all__ = ["pages"]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _usage(name: str, parser: argparse.ArgumentParser) -> str:
    words = [f"govdisclosure {name}"]
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if not action.option_strings:
            metavar = action.metavar or action.dest
            words.append(f"{metavar}..." if action.nargs in ("+", "*") else str(metavar))
            continue
        flag = max(action.option_strings, key=len)
        if action.nargs == 0:
            words.append(f"[{flag}]")
        elif action.required:
            words.append(f"{flag} {action.metavar or action.dest.upper()}")
        else:
            value = action.metavar or (
                "|".join(str(c) for c in action.choices) if action.choices else action.dest.upper()
            )
            words.append(f"[{flag} {value}]")
    return " ".join(words)


def _argument_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| argument | values | default | meaning |", "|---|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        names = ", ".join(f"`{o}`" for o in action.option_strings) or f"`{action.metavar}`"
        if action.choices:
            values = ", ".join(f"`{c}`" for c in action.choices)
        elif action.nargs == 0:
            values = "flag"
        else:
            values = f"`{action.metavar or action.dest.upper()}`"
            if action.nargs in ("+", "*"):
                values += " (one or more)"
        default = action.default
        shown = (
            ""
            if default in (None, False, argparse.SUPPRESS) or not action.option_strings
            else f"`{default}`"
        )
        rows.append(f"| {names} | {values} | {shown} | {_cell(action.help or '')} |")
    return rows


def pages() -> dict[str, str]:
    """``{"cli.md": text}``: every subcommand with its usage, arguments and notes."""
    parser = build_parser()
    subs = _subparsers(parser)
    lines = [
        "# Command line reference",
        "",
        "<!-- Generated from the argument parser by `python -m govdisclosure.docgen docs`; "
        "do not edit. -->",
        "",
        _cell(parser.description or ""),
        "",
        f"Exit codes, the same for every subcommand: **{EXIT_OK}** ok; **{EXIT_FINDINGS}** the "
        "input is readable but invalid, or has findings at or above the fail level; "
        f"**{EXIT_USAGE}** unusable input or a usage error. Bad input never produces a "
        "traceback. `python -m govdisclosure` is the same command.",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    lines += [f"| [`{n}`](#{n}) | {_cell(subs[n].description or '')} |" for n in COMMANDS]
    for name in COMMANDS:
        lines += _section(name, subs[name], "##")
    return {"cli.md": "\n".join(lines) + "\n"}


def _section(name: str, sub: argparse.ArgumentParser, level: str) -> list[str]:
    lines = ["", f"{level} {name}", "", _cell(sub.description or "")]
    nested = _subparsers(sub)
    if nested:
        # A command with subcommands (``dataset build``, ``dataset query``): each gets its
        # own section under the command's.
        lines += ["", "| subcommand | what it does |", "|---|---|"]
        lines += [f"| `{name} {n}` | {_cell(p.description or '')} |" for n, p in nested.items()]
        if sub.epilog:
            lines += ["", _cell(sub.epilog)]
        for n, p in nested.items():
            lines += _section(f"{name} {n}", p, level + "#")
        return lines
    lines += ["", "```", _usage(name, sub), "```", ""]
    lines += _argument_rows(sub)
    if sub.epilog:
        lines += ["", _cell(sub.epilog)]
    return lines
