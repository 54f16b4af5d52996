"""``govdisclosure parse``: read published reports (text, HTML, markdown, DOCX, XLSX) into JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import print_json, stderr
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = "read published reports (text, HTML, markdown, DOCX, XLSX) into report JSON documents"

_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``parse``."""
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
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a parse finding has this severity or worse; default: error",
    )


def _outputs(files: list[str], out: str | None) -> list[Path | None] | str:
    if out is None:
        if len(files) > 1:
            return "several input files need -o DIRECTORY"
        return [None]
    target = Path(out)
    if len(files) == 1 and not target.is_dir():
        return [target]
    if target.exists() and not target.is_dir():
        return f"{out} is not a directory (needed for several input files)"
    names = [Path(f).stem + ".json" for f in files]
    if len(set(names)) != len(names):
        return "two input files have the same name; parse them one at a time"
    return [target / n for n in names]


def run(args: argparse.Namespace) -> int:
    """Run ``parse``."""
    from govdisclosure.document import dumps
    from govdisclosure.parse import ParseError, parse

    outs = _outputs(args.files, args.output)
    if isinstance(outs, str):
        stderr(f"govdisclosure parse: {outs}")
        return EXIT_USAGE
    to_stdout = outs == [None]
    fstream = sys.stderr if to_stdout else sys.stdout
    results: list[dict[str, Any]] = []
    worst = -1
    unusable = False
    for name, out in zip(args.files, outs, strict=True):
        try:
            res = parse(Path(name), format=args.format, source=name)
        except ParseError as e:
            unusable = True
            stderr(f"{name}: cannot parse: {e.message} [{e.code}]")
            results.append({"source": name, "error": {"code": e.code, "message": e.message}})
            continue
        text = dumps(res.report)
        if out is None:
            sys.stdout.write(text)
        else:
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8")
            except OSError as e:
                stderr(f"{name}: cannot write {out}: {e.strerror or e}")
                return EXIT_USAGE
        for f in res.findings:
            worst = max(worst, _RANK[f.severity])
        if args.findings_format == "json":
            entry = res.as_dict()
            entry["output"] = str(out) if out is not None else None
            results.append(entry)
        else:
            counts = {s: sum(1 for f in res.findings if f.severity == s) for s in _RANK}
            print(
                f"{name}: edition {res.edition.value}, {len(res.provenance)} cells read, "
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
    if unusable:
        return EXIT_USAGE
    return EXIT_FINDINGS if worst >= _RANK[args.fail_on] else EXIT_OK
