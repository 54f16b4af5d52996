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
    directory_targets,
    display_name,
    json_entry,
    open_cache,
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
    names = [_output_name(f, dirs) for f in files]
    found = directory_targets(out, files, names, needed_for="several input files", verb="parse")
    return found if isinstance(found, str) else list(found)


def _parse_one(name: str, fmt: str) -> Any:
    """Parse file ``name`` (``-``: standard input): a :class:`~govdisclosure.reading.ReadResult`."""
    from govdisclosure.reading import read_report

    return read_report(name, how="published", format=fmt)


def _error(e: Any) -> tuple[str, str]:
    """``(code, message)`` of the error that kept a file from being parsed."""
    from govdisclosure.errors import DocumentError, MissingExtraError
    from govdisclosure.parse import ParseError

    if isinstance(e, ParseError):
        return e.code, e.message
    if isinstance(e, DocumentError) and e.problems:
        return e.problems[0].code, e.problems[0].message
    return ("missing-extra" if isinstance(e, MissingExtraError) else "error"), str(e)


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

    name, out_name = job
    out = Path(out_name) if out_name is not None else None
    read = _parse_one(name, opts.format)
    res = read.parsed
    if res is None:
        code, message = _error(read.error)
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
    return Outcome(rank, _text_block(name, res, out), document=document, digest=digest)


def _text_block(name: str, res: Any, out: Path | None) -> str:
    """The text output of one parsed file: a summary line, then one line per finding."""
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
    return "".join(block)


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


class _Plan(NamedTuple):
    """The jobs of a run: ``(file, output or None for standard output)`` in input order."""

    jobs: list[tuple[str, str | None]]
    refused: dict[int, str]
    """Jobs whose output the file policy refuses (index → why)."""
    to_stdout: bool


def _plan(args: argparse.Namespace) -> _Plan | str:
    """The jobs of the run, the output directories made; a message when impossible."""
    files = batch_inputs(args)
    if isinstance(files, str):
        return files
    # Directories that yielded files (one that yielded none is reported as an input).
    listed = set(files)
    dirs = [d for d in args.files if d and d not in listed and os.path.isdir(d)]
    outs = _outputs(files, args.output, dirs)
    if isinstance(outs, str):
        return outs
    to_stdout = outs == [None]
    if not to_stdout:
        problem = _make_directories(args.output, outs, several=len(files) > 1, dirs=bool(dirs))
        if problem:
            return problem
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
    return _Plan(jobs, refused, to_stdout)


def _make_directories(output: str, outs: list[Path | None], *, several: bool, dirs: bool) -> str:
    """Make the output directory of several files and the sub-directories of a directory's
    files (never the output's parents); a message when the output's directory is missing."""
    if (several or dirs) and not Path(output).exists():
        Path(output).mkdir()
    if dirs:
        for parent in sorted({o.parent for o in outs if o is not None}):
            parent.mkdir(parents=True, exist_ok=True)  # inside the output directory only
    first = outs[0]
    if first is not None and not first.parent.is_dir():
        parent = first.parent
        if not parent.exists():
            return f"{first}: the directory {parent} does not exist; create it first"
        return f"{first}: {parent} is not a directory"
    return ""


def run(args: argparse.Namespace) -> int:
    """Run ``parse``."""
    plan = _plan(args)
    if isinstance(plan, str):
        stderr(f"govdisclosure parse: {plan}")
        return EXIT_USAGE
    opts = argparse.Namespace(format=args.format, findings_format=args.findings_format)
    fstream = sys.stderr if plan.to_stdout else sys.stdout
    writer = JsonArrayWriter("results", fstream) if args.findings_format == "json" else None
    ranks = _run_jobs(args, opts, plan, writer, fstream)
    total = len(plan.jobs)
    unusable = sum(1 for r in ranks if r is None)
    worst = max((r for r in ranks if r is not None), default=-1)
    failing = sum(1 for r in ranks if r is not None and r >= _RANK[args.fail_on])
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


def _run_jobs(
    args: argparse.Namespace,
    opts: argparse.Namespace,
    plan: _Plan,
    writer: JsonArrayWriter | None,
    fstream: Any,
) -> list[int | None]:
    """Parse every file on the batch engine, printing each outcome in input order as it is
    ready; returns each file's rank (``None``: unusable)."""
    from functools import partial

    from govdisclosure.batch import run as run_batch

    cache = None if plan.to_stdout else open_cache(args, {"command": "parse", **vars(opts)})
    total = len(plan.jobs)
    progress = Progress(total, forced=total > 1 and not args.quiet)
    todo = [j for i, j in enumerate(plan.jobs) if i not in plan.refused]
    results = run_batch(
        partial(parse_file, opts),
        todo,
        jobs=args.jobs,
        cache=cache,
        cache_file=_cache_file,
        reuse=_still_written,
    )
    ranks: list[int | None] = []
    try:
        for i, (name, _) in enumerate(plan.jobs):
            if i in plan.refused:
                why = plan.refused[i]
                outcome = _unusable(opts, name, "output", why, f"not written: {why}")
            else:
                r = next(results)
                outcome = r.value if r.value is not None else _crashed(opts, name, r.error)
            progress.clear()
            _emit(outcome, writer, fstream)
            progress.step(i, display_name(name))
            ranks.append(outcome.rank)
    finally:
        results.close()
        progress.done()
        if cache is not None:
            cache.close()
    return ranks


def _emit(outcome: Outcome, writer: JsonArrayWriter | None, fstream: Any) -> None:
    if outcome.error:
        stderr(outcome.error)
    if outcome.document:
        sys.stdout.write(outcome.document)
    if writer is not None:
        writer.add(outcome.output)
    elif outcome.output:
        fstream.write(outcome.output)


def _crashed(opts: argparse.Namespace, name: str, err: Any) -> Outcome:
    message = f"internal error: {err.message} ({err.exception})"
    return _unusable(opts, name, err.code, message, f"cannot parse: {message} [{err.code}]")
