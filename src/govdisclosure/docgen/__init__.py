"""Generated documentation pages: one home for every page drawn from the package itself.

The pages are committed under ``docs/`` and a test proves they equal freshly generated ones.
Each submodule contributes the pages of one area through a ``pages()`` function returning
``{path relative to docs/: markdown text}``, listed by name in :data:`_PROVIDERS` (the same
way :mod:`govdisclosure.schema` collects artefacts):

- :mod:`govdisclosure.docgen.format`: the report format (``docs/format/``), from the layout;
- :mod:`govdisclosure.docgen.rules`: the rule catalogue (``docs/rules/``);
- :mod:`govdisclosure.docgen.cli`: the command-line reference (``docs/cli.md``);
- :mod:`govdisclosure.docgen.analysis`: the indicators (``docs/analysis/``);
- :mod:`govdisclosure.docgen.dataset`: the dataset tables (``docs/dataset.md``).

Command line::

    python -m govdisclosure.docgen [--check] [DIR]     # DIR defaults to docs
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "REGENERATE_COMMAND",
    "check",
    "generated_pages",
    "main",
    "write",
]

REGENERATE_COMMAND = "python -m govdisclosure.docgen docs"
"""The command that rewrites the committed pages (run from the repository root)."""

_PROVIDERS: tuple[str, ...] = (
    "govdisclosure.docgen.format:pages",
    "govdisclosure.docgen.rules:pages",
    "govdisclosure.docgen.cli:pages",
    "govdisclosure.docgen.analysis:pages",
    "govdisclosure.docgen.dataset:pages",
)
"""Page providers, ``"module:function"``; each function returns ``{relative path: text}``."""

_GENERATED_DIRS: tuple[str, ...] = ("format", "analysis")
"""Directories under ``docs/`` that hold generated pages only, so a page found there that no
provider generates is stale too (left over from a page that was renamed or removed)."""


def _provider(spec: str) -> Callable[[], dict[str, str]]:
    module, _, name = spec.partition(":")
    fn: Callable[[], dict[str, str]] = getattr(importlib.import_module(module), name)
    return fn


def generated_pages() -> dict[str, str]:
    """Every generated page: path relative to ``docs/`` (with ``/``) → Markdown text."""
    out: dict[str, str] = {}
    for spec in _PROVIDERS:
        for path, text in _provider(spec)().items():
            if path in out:
                raise ValueError(f"two providers generate docs/{path}")
            out[path] = text if text.endswith("\n") else text + "\n"
    return dict(sorted(out.items()))


def write(docs_dir: str | Path) -> list[Path]:
    """Write every generated page under ``docs_dir``; returns the paths written."""
    root = Path(docs_dir)
    written = []
    for rel, text in generated_pages().items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="\n")
        written.append(p)
    return written


def check(docs_dir: str | Path) -> list[str]:
    """Pages under ``docs_dir`` that are missing, differ from the generated ones, or are
    left over in a generated-only directory (relative paths)."""
    root = Path(docs_dir)
    pages = generated_pages()
    stale = []
    for rel, text in pages.items():
        p = root / rel
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            stale.append(rel)
    for d in _GENERATED_DIRS:
        for p in sorted((root / d).glob("**/*.md")):
            rel = p.relative_to(root).as_posix()
            if rel not in pages:
                stale.append(rel)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govdisclosure.docgen [--check] [DIR]``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m govdisclosure.docgen",
        description="Write the generated documentation pages, or check that they are current.",
    )
    parser.add_argument("dir", nargs="?", default="docs", metavar="DIR", help="default: docs")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a page is missing or out of date"
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = check(args.dir)
            if stale:
                for rel in stale:
                    print(f"out of date: {Path(args.dir) / rel}", file=sys.stderr)
                print(
                    f"regenerate with: python -m govdisclosure.docgen {args.dir}", file=sys.stderr
                )
                return 1
            print(f"docs in {args.dir} are up to date")
            return 0
        for p in write(args.dir):
            print(p)
    except OSError as e:
        print(f"govdisclosure.docgen: {e}", file=sys.stderr)
        return 2
    return 0
