"""``govdisclosure parse``: read published reports (PDF, text, HTML, markdown, DOCX, XLSX) into
JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, NamedTuple

from govdisclosure.cli._output import (
    STDIO,
    InputFiles,
    JsonArrayWriter,
    OutputError,
    Progress,
    add_batch_options,
    batch_inputs,
    check_suffix,
    display_name,
    json_entry,
    open_cache,
    read_bytes,
    stderr,
    summary_line,
    write_text_atomic,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = "read published reports (PDF, text, HTML, markdown, DOCX, XLSX) into report JSON documents"

_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``parse``."""
    from govdisclosure.cli.cmd_convert import OUTPUT_POLICY

    parser.epilog = (
        "FILE '-' reads standard input; -o - writes standard output; a directory is searched "
        "for published reports (recursively). Several files are parsed in parallel and reported "
        "in the order given. Exit codes: 0 parsed; "
        "1 a parse finding at or above --fail-on; 2 some file could not be read or written, "
        "or a usage error. " + OUTPUT_POLICY
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="published report files, or directories of them"
    )
    parser.add_argument(
        "--format",
        choices=("auto", "text", "html", "markdown", "docx", "xlsx", "pdf"),
        default="auto",
        help="input format; default: auto (sniffed from the content)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=(
            "write the report JSON here (for several input files: a directory, one "
            "<name>.json per file; the files of a directory given as input keep their "
            "sub-directories); default: standard output for a single file"
        ),
    )
    parser.add_argument(
        "--findings-format",
        choices=("text", "json", "jsonl"),
        default="text",
        help=(
            "how parse findings are printed (json adds the provenance of every cell; jsonl: "
            "the same, one object per file and line, see schemas/batch-line.schema.json); "
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
    add_batch_options(parser, include=_PUBLISHED)


_PUBLISHED = "*.txt,*.text,*.html,*.htm,*.md,*.markdown,*.docx,*.xlsx,*.pdf"


def _output_name(name: str, dirs: list[str]) -> str:
    """``<name>.json``; for a file found in a directory given as input, its path inside it."""
    for d in dirs:
        prefix = os.path.join(d, "")
        if name.startswith(prefix):
            return str(Path(name[len(prefix) :]).with_suffix(".json"))
    return Path(name).stem + ".json"


def _outputs(files: list[str], out: str | None, dirs: list[str]) -> list[Path | None] | str:
    # None: standard output. Several files go into a directory, one <name>.json each; the
    # files of a directory given as input keep their place in it (sub-directories made).
    if out is None or out == STDIO:
        if len(files) > 1 or dirs:
            return "several input files need -o DIRECTORY"
        return [None]
    target = Path(out)
    if len(files) == 1 and not dirs and not target.is_dir():
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
    names = [_output_name(f, dirs) for f in files]
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


class Outcome(NamedTuple):
    """What a worker sends back for one file (small: the report itself is written there)."""

    rank: int | None
    """Worst finding's rank (:data:`_RANK`), -1 for none, ``None`` when unusable."""
    output: str
    """What to print on the findings stream (a text block, or a JSON entry)."""
    error: str = ""
    """For an unusable file: the line for standard error."""
    document: str = ""
    """The report JSON when it goes to standard output."""
    digest: str = ""
    """SHA-256 of the file written (to tell, on a re-run, that it is still there unchanged)."""


def parse_file(opts: argparse.Namespace, job: tuple[str, str | None]) -> Outcome:
    """Parse one file and write its report (runs in a worker process)."""
    import hashlib

    from govdisclosure.document import dumps
    from govdisclosure.errors import DocumentError, GovdisclosureError, MissingExtraError
    from govdisclosure.parse import ParseError

    name, out_name = job
    out = Path(out_name) if out_name is not None else None
    try:
        res = _parse_one(name, opts.format)
    except GovdisclosureError as e:
        code, message = (
            (e.code, e.message)
            if isinstance(e, ParseError)
            else (e.problems[0].code, e.problems[0].message)
            if isinstance(e, DocumentError) and e.problems
            else ("missing-extra" if isinstance(e, MissingExtraError) else "error", str(e))
        )
        return _unusable(opts, name, code, message, f"cannot parse: {message} [{code}]")
    text = dumps(res.report)
    if out is not None:
        try:
            write_text_atomic(out, text)
        except OSError as e:
            why = f"cannot write {out}: {getattr(e, 'strerror', None) or e}"
            return _unusable(opts, name, "output", why, f"not written: {why}")
    rank = max((_RANK[f.severity] for f in res.findings), default=-1)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = text if out is None else ""
    if opts.findings_format != "text":
        entry = res.as_dict()
        entry["output"] = str(out) if out is not None else None
        lines = opts.findings_format == "jsonl"
        return Outcome(rank, json_entry(entry, lines=lines), document=document, digest=digest)
    counts = {s: sum(1 for f in res.findings if f.severity == s) for s in _RANK}
    block = [
        f"{display_name(name)}: edition {res.edition.value}, {len(res.provenance)} cells read, "
        f"{counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info" + (f" → {out}" if out is not None else "") + "\n"
    ]
    for f in res.findings:
        where = f" ({f.source_location})" if f.source_location else ""
        ptr = f" {f.pointer}" if f.pointer else ""
        block.append(f"  {f.severity}: {f.code}{ptr}{where}: {f.message}\n")
    return Outcome(rank, "".join(block), document=document, digest=digest)


def _unusable(opts: argparse.Namespace, name: str, code: str, message: str, line: str) -> Outcome:
    entry = {"source": display_name(name), "error": {"code": code, "message": message}}
    output = (
        ""
        if opts.findings_format == "text"
        else json_entry(entry, lines=opts.findings_format == "jsonl")
    )
    return Outcome(None, output, error=f"{display_name(name)}: {line}")


def _still_written(job: tuple[str, str | None], value: Outcome) -> bool:
    """A cached outcome holds only while the file it wrote is there, unchanged."""
    import hashlib

    _, out = job
    if out is None or value.rank is None:
        return False
    try:
        data = Path(out).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == value.digest


def _cache_file(job: tuple[str, str | None]) -> tuple[str, bytes] | None:
    name, out = job
    if out is None or name == STDIO or not name:
        return None
    return name, f"{name}\0{out}\0".encode("utf-8", "surrogateescape")


def run(args: argparse.Namespace) -> int:
    """Run ``parse``."""
    from functools import partial

    from govdisclosure.batch import run as run_batch

    files = batch_inputs(args)
    if isinstance(files, str):
        stderr(f"govdisclosure parse: {files}")
        return EXIT_USAGE
    # Directories that yielded files (one that yielded none is reported as an input).
    listed = set(files)
    dirs = [d for d in args.files if d and d not in listed and os.path.isdir(d)]
    outs = _outputs(files, args.output, dirs)
    if isinstance(outs, str):
        stderr(f"govdisclosure parse: {outs}")
        return EXIT_USAGE
    to_stdout = outs == [None]
    fstream = sys.stderr if to_stdout else sys.stdout
    if not to_stdout and (len(files) > 1 or dirs) and not Path(args.output).exists():
        # The directory named by -o for several files is made; never its parents.
        Path(args.output).mkdir()
    if dirs and not to_stdout:
        for parent in sorted({o.parent for o in outs if o is not None}):
            parent.mkdir(parents=True, exist_ok=True)  # inside the output directory only
    if outs[0] is not None and not outs[0].parent.is_dir():
        parent = outs[0].parent
        stderr(
            f"govdisclosure parse: {outs[0]}: the directory {parent} does not exist; create it first"
            if not parent.exists()
            else f"govdisclosure parse: {outs[0]}: {parent} is not a directory"
        )
        return EXIT_USAGE
    # The output policy, checked once for the whole run (linear in the number of files).
    inputs = InputFiles(files)
    jobs: list[tuple[str, str | None]] = []
    refused: dict[int, str] = {}
    for i, (name, out) in enumerate(zip(files, outs, strict=True)):
        if out is not None:
            try:
                inputs.check(out)
            except OutputError as e:
                refused[i] = str(e)
        jobs.append((name, str(out) if out is not None else None))
    opts = argparse.Namespace(format=args.format, findings_format=args.findings_format)
    cache = None if to_stdout else open_cache(args, {"command": "parse", **vars(opts)})
    total = len(files)
    worst, unusable, failing = -1, 0, 0
    progress = Progress(total, forced=total > 1 and not args.quiet)
    writer = JsonArrayWriter("results", fstream) if args.findings_format == "json" else None
    todo = [j for i, j in enumerate(jobs) if i not in refused]
    results = run_batch(
        partial(parse_file, opts),
        todo,
        jobs=args.jobs,
        cache=cache,
        cache_file=_cache_file,
        reuse=_still_written,
    )
    try:
        for i, (name, _) in enumerate(jobs):
            if i in refused:
                outcome = _unusable(opts, name, "output", refused[i], f"not written: {refused[i]}")
            else:
                r = next(results)
                outcome = r.value if r.value is not None else _crashed(opts, name, r.error)
            progress.clear()
            if outcome.error:
                stderr(outcome.error)
            if outcome.document:
                sys.stdout.write(outcome.document)
            if writer is not None:
                writer.add(outcome.output)
            elif outcome.output:
                fstream.write(outcome.output)
            progress.step(i, display_name(name))
            if outcome.rank is None:
                unusable += 1
                continue
            worst = max(worst, outcome.rank)
            failing += outcome.rank >= _RANK[args.fail_on]
    finally:
        results.close()
        progress.done()
        if cache is not None:
            cache.close()
    if writer is not None:
        writer.close()
    elif args.findings_format == "text" and total > 1:
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


def _crashed(opts: argparse.Namespace, name: str, err: Any) -> Outcome:
    message = f"internal error: {err.message} ({err.exception})"
    return _unusable(opts, name, err.code, message, f"cannot parse: {message} [{err.code}]")
