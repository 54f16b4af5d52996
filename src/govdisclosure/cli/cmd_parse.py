"""``govdisclosure parse``: read published reports (text, HTML, markdown, DOCX, XLSX) into JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import (
    STDIO,
    OutputError,
    check_suffix,
    display_name,
    print_json,
    read_bytes,
    stderr,
    summary_line,
    write_outputs,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = "read published reports (text, HTML, markdown, DOCX, XLSX) into report JSON documents"

_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``parse``."""
    from govdisclosure.cli.cmd_convert import OUTPUT_POLICY

    parser.epilog = (
        "FILE '-' reads standard input; -o - writes standard output. Exit codes: 0 parsed; "
        "1 a parse finding at or above --fail-on; 2 some file could not be read or written, "
        "or a usage error. " + OUTPUT_POLICY
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="published report files")
    parser.add_argument(
        "--format",
        choices=("auto", "text", "html", "markdown", "docx", "xlsx"),
        default="auto",
        help="input format; default: auto (sniffed from the content)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=(
            "write the report JSON here (for several input files: a directory, one "
            "<name>.json per file); default: standard output for a single file"
        ),
    )
    parser.add_argument(
        "--findings-format",
        choices=("text", "json"),
        default="text",
        help=(
            "how parse findings are printed (json adds the provenance of every cell); "
            "to standard error when the report goes to standard output"
        ),
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress lines on standard error (printed when several files are given)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a parse finding has this severity or worse; default: error",
    )


def _outputs(files: list[str], out: str | None) -> list[Path | None] | str:
    # None: standard output. Several files go into a directory, one <name>.json each.
    if out is None or out == STDIO:
        if len(files) > 1:
            return "several input files need -o DIRECTORY"
        return [None]
    target = Path(out)
    if len(files) == 1 and not target.is_dir():
        try:
            check_suffix(out, "json", what="parsed report")
        except OutputError as e:
            return str(e)
        return [target]
    if target.exists() and not target.is_dir():
        return f"{out} is not a directory (needed for several input files)"
    if not target.exists() and not target.parent.is_dir():
        return f"{out}: the directory {target.parent} does not exist; create it first"
    if STDIO in files:
        return "standard input ('-') has no file name to name its output after; parse it alone"
    names = [Path(f).stem + ".json" for f in files]
    if len(set(names)) != len(names):
        return "two input files have the same name; parse them one at a time"
    return [target / n for n in names]


def _parse_one(name: str, fmt: Any) -> Any:
    """Parse file ``name`` (``-``: standard input); raises ``GovdisclosureError``."""
    from govdisclosure.errors import DocumentError, Problem
    from govdisclosure.parse import parse

    if name != STDIO and name:
        return parse(Path(name), format=fmt, source=name)
    try:
        data = read_bytes(name)
    except OSError as e:
        raise DocumentError([Problem("io", "", f"cannot read: {e}")], display_name(name)) from None
    return parse(data, format=fmt, source=display_name(name))


def _write(out: Path, text: str, inputs: list[str]) -> None:
    def write(path: Path) -> list[Path]:
        path.write_text(text, encoding="utf-8")
        return [path]

    if out.parent != Path(".") and not out.parent.exists() and len(inputs) > 1:
        # The directory named by -o for several files is made; never its parents.
        out.parent.mkdir()
    write_outputs(out, write, inputs=inputs)


def run(args: argparse.Namespace) -> int:
    """Run ``parse``."""
    from govdisclosure.document import dumps
    from govdisclosure.errors import DocumentError, GovdisclosureError, MissingExtraError
    from govdisclosure.parse import ParseError

    outs = _outputs(args.files, args.output)
    if isinstance(outs, str):
        stderr(f"govdisclosure parse: {outs}")
        return EXIT_USAGE
    to_stdout = outs == [None]
    fstream = sys.stderr if to_stdout else sys.stdout
    results: list[dict[str, Any]] = []
    worst = -1
    unusable = 0
    failing = 0
    total = len(args.files)
    progress = total > 1 and not args.quiet
    for i, (name, out) in enumerate(zip(args.files, outs, strict=True), start=1):
        if progress:
            # Standard error only: standard output carries the findings (or JSON).
            print(f"[{i}/{total}] {display_name(name)}", file=sys.stderr, flush=True)
        try:
            res = _parse_one(name, args.format)
        except GovdisclosureError as e:
            unusable += 1
            code, message = (
                (e.code, e.message)
                if isinstance(e, ParseError)
                else (e.problems[0].code, e.problems[0].message)
                if isinstance(e, DocumentError) and e.problems
                else ("missing-extra" if isinstance(e, MissingExtraError) else "error", str(e))
            )
            stderr(f"{display_name(name)}: cannot parse: {message} [{code}]")
            results.append(
                {"source": display_name(name), "error": {"code": code, "message": message}}
            )
            continue
        text = dumps(res.report)
        if out is None:
            sys.stdout.write(text)
        else:
            try:
                _write(out, text, args.files)
            except (OSError, OutputError) as e:
                unusable += 1
                why = (
                    str(e)
                    if isinstance(e, OutputError)
                    else f"cannot write {out}: {getattr(e, 'strerror', None) or e}"
                )
                stderr(f"{display_name(name)}: not written: {why}")
                results.append(
                    {"source": display_name(name), "error": {"code": "output", "message": why}}
                )
                continue
        rank = max((_RANK[f.severity] for f in res.findings), default=-1)
        worst = max(worst, rank)
        failing += rank >= _RANK[args.fail_on]
        if args.findings_format == "json":
            entry = res.as_dict()
            entry["output"] = str(out) if out is not None else None
            results.append(entry)
        else:
            counts = {s: sum(1 for f in res.findings if f.severity == s) for s in _RANK}
            print(
                f"{display_name(name)}: edition {res.edition.value}, {len(res.provenance)} cells read, "
                f"{counts['error']} error(s), {counts['warning']} warning(s), "
                f"{counts['info']} info" + (f" → {out}" if out is not None else ""),
                file=fstream,
            )
            for f in res.findings:
                where = f" ({f.source_location})" if f.source_location else ""
                ptr = f" {f.pointer}" if f.pointer else ""
                print(f"  {f.severity}: {f.code}{ptr}{where}: {f.message}", file=fstream)
    if args.findings_format == "json":
        print_json({"results": results}, stream=fstream)
    elif total > 1:
        print(
            summary_line(
                total,
                [
                    (total - unusable - failing, "parsed"),
                    (failing, f"parsed with a finding at or above {args.fail_on}"),
                    (unusable, "unreadable or not written"),
                ],
            ),
            file=fstream,
        )
    if unusable:
        return EXIT_USAGE
    return EXIT_FINDINGS if worst >= _RANK[args.fail_on] else EXIT_OK
