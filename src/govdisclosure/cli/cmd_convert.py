"""``govdisclosure convert``: convert a report between formats (JSON, CSV, XLSX, HTML, Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import (
    STDIO,
    InputFiles,
    JsonArrayWriter,
    OutputError,
    Progress,
    add_batch_options,
    add_format_option,
    add_progress_option,
    batch_inputs,
    check_suffix,
    directory_targets,
    display_name,
    json_entry,
    print_json,
    stderr,
    write_outputs,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = (
    "convert a report between formats; the formats are inferred from the file suffixes "
    "(.json, .csv, .xlsx read back; .html, .md are renderings)"
)

OUTPUT_POLICY = (
    "An existing output file is replaced, but never an input file (nor the side file of a CSV "
    "input); a file appears only once written in full; the output directory must exist; a "
    "suffix naming another format than the one written is refused."
)

_UNUSABLE = {"io", "json-syntax", "encoding", "xlsx", "empty", "csv-syntax"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``convert``."""
    from govdisclosure.io.formats import FormatNames

    parser.epilog = (
        "IN '-' reads standard input (JSON unless --from says otherwise). Several inputs, or "
        "a directory (searched recursively), are converted in parallel into the directory OUT "
        "(made if missing, not its parents), one <name>.<suffix> per input, in the format "
        "--to names. " + OUTPUT_POLICY
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="IN", help="report file (.json, .csv, .xlsx), or several"
    )
    parser.add_argument(
        "output",
        metavar="OUT",
        help=(
            "file to write ('-' for standard output, text formats only); a directory for "
            "several inputs"
        ),
    )
    to, from_ = FormatNames(), FormatNames(lambda f: f.readable)
    parser.add_argument(
        "--to",
        choices=to,
        metavar="FORMAT",
        help=f"output format: {listed(to)} (default: from the suffix of OUT)",
    )
    parser.add_argument(
        "--from",
        dest="from_",
        choices=from_,
        metavar="FORMAT",
        help=f"input format: {listed(from_)} (default: from the suffix of IN)",
    )
    add_format_option(parser, messages=True, jsonl=True)
    add_progress_option(parser)
    add_batch_options(
        parser,
        include="*.json,*.csv,*.xlsx",
        include_default=readable_globs,
        cache=False,
    )


def listed(names: Any) -> str:
    """The built-in names, for a help text (listing the plug-ins' would load every plug-in
    whenever the command line is built); a wrong name's error lists them all."""
    return ", ".join(names.builtin()) + ", or an installed plug-in format"


def readable_globs() -> str:
    """``*.json,*.csv,*.xlsx`` and the suffixes of the installed formats that read back."""
    from govdisclosure.io.formats import registered

    suffixes = dict.fromkeys(s for f in registered() if f.readable for s in f.suffixes)
    return ",".join(f"*{s}" for s in suffixes)


def report_problems(err: Exception, fmt: str) -> int:
    """Print a reading error (text or JSON) and return its exit code."""
    from govdisclosure.errors import DocumentError

    if isinstance(err, DocumentError):
        code = EXIT_USAGE if any(p.code in _UNUSABLE for p in err.problems) else EXIT_FINDINGS
        if fmt == "json":
            print_json(
                {
                    "ok": False,
                    "source": err.source,
                    "problems": [{**p.as_dict(), **_extra(p.extra)} for p in err.problems],
                }
            )
        else:
            stderr(str(err))
        return code
    if fmt == "json":
        print_json({"ok": False, "error": str(err)})
    else:
        stderr(f"error: {err}")
    return EXIT_USAGE


def _extra(extra: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in extra.items() if isinstance(v, (str, int))}


def read_input(name: str, fmt: str | None) -> Any:
    """What reading file ``name`` gave (``-``: standard input, JSON unless ``fmt``): a
    :class:`~govdisclosure.reading.ReadResult` (its files: the input and its companions)."""
    from govdisclosure.reading import read_report

    return read_report(name, how="document", format=fmt)


def load_input(name: str, fmt: str | None) -> Any:
    """The report of file ``name`` (``-``: standard input); raises ``GovdisclosureError``."""
    return read_input(name, fmt).report_or_raise()


def _format(name: str, fmt: str | None) -> Any:
    from govdisclosure.io.formats import get_format, suffix_format

    return get_format(fmt) if fmt else suffix_format(name)


def write_output(
    report: Any, output: str, fmt: str | None, *, inputs: list[str] | None = None
) -> list[str]:
    """Write ``report`` to ``output`` ('-': standard output); returns the files written.

    The file policy is :data:`OUTPUT_POLICY`; ``inputs`` are the files never to overwrite.
    """
    from govdisclosure import io as gio
    from govdisclosure.io.formats import UnknownFormatError, get_format

    if output == STDIO:
        f = get_format(fmt or "json")
        if f.binary:
            raise UnknownFormatError(f"{f.name} is binary: name an output file, not '-'")
        text = f.dumps(report)
        assert isinstance(text, str)
        sys.stdout.write(text)
        return []
    f = _format(output, fmt)
    check_suffix(output, f.name)
    written = write_outputs(output, lambda p: gio.dump(report, p, f.name), inputs=inputs or [])
    return [str(p) for p in written]


def run(args: argparse.Namespace) -> int:
    """Run ``convert``."""
    args.files = args.inputs
    single = (
        len(args.inputs) == 1
        and not args.files_from
        and (args.inputs[0] in (STDIO, "") or not Path(args.inputs[0]).is_dir())
    )
    if single:
        if args.format == "jsonl":
            args.format = "json"  # one file: its one JSON object is the line
        return _run_one(args, args.inputs[0])
    return _run_many(args)


def _why(e: Exception) -> Any:
    return getattr(e, "strerror", None) or e


def convert(
    name: str, from_: str | None, output: str, to: str | None, fmt: str
) -> tuple[int, list[str], list[str]]:
    """Read ``name`` and write it to ``output``: ``(exit code, files written, notes)``; a
    failure is printed (in ``fmt``, the ``--format`` of the messages) and its code returned."""
    from govdisclosure.errors import GovdisclosureError

    try:
        result = read_input(name, from_)
        report = result.report_or_raise()
    except GovdisclosureError as e:
        return report_problems(e, fmt), [], []
    except (OSError, UnicodeError) as e:
        return report_problems(OSError(f"cannot read {name}: {_why(e)}"), fmt), [], []
    try:
        written = write_output(report, output, to, inputs=result.files)
    except GovdisclosureError as e:
        return report_problems(e, fmt), [], []
    except (OSError, UnicodeError) as e:
        return report_problems(OSError(f"cannot write {output}: {_why(e)}"), fmt), [], []
    return EXIT_OK, written, result.notes


def _run_one(args: argparse.Namespace, name: str) -> int:
    code, written, notes = convert(name, args.from_, args.output, args.to, args.format)
    if code != EXIT_OK:
        return code
    if args.output == STDIO:
        for note in notes:
            stderr(f"note: {note}")
    elif args.format == "json":
        print_json({"ok": True, "source": display_name(name), "written": written, "notes": notes})
    elif written:
        for note in notes:
            stderr(f"note: {note}")
        stderr(f"{display_name(name)} → {', '.join(str(Path(w)) for w in written)}")
    return EXIT_OK


def convert_file(opts: argparse.Namespace, job: tuple[str, str]) -> tuple[int, str, str]:
    """Convert one file of a batch: ``(exit code, message for standard error, JSON entry)``."""
    from govdisclosure.errors import DocumentError, GovdisclosureError

    name, out = job
    source = display_name(name)
    try:
        result = read_input(name, opts.from_)
        written = write_output(result.report_or_raise(), out, opts.to, inputs=result.files)
    except (GovdisclosureError, OSError, UnicodeError) as e:
        if isinstance(e, DocumentError) and e.problems:
            unusable = any(p.code in _UNUSABLE for p in e.problems)
            code = EXIT_USAGE if unusable else EXIT_FINDINGS
            error = {"code": e.problems[0].code, "message": str(e)}
        else:
            code = EXIT_USAGE
            what = getattr(e, "strerror", None) or e
            error = {"code": "io" if isinstance(e, OSError) else "error", "message": str(what)}
        entry = {"ok": False, "source": source, "error": error}
        return code, f"{source}: not converted: {error['message']}", _entry(opts, entry)
    notes = result.notes
    entry = {"ok": True, "source": source, "written": written, "notes": notes}
    lines = [f"note: {n}" for n in notes] + [f"{source} → {', '.join(written)}"]
    return EXIT_OK, "\n".join(lines), _entry(opts, entry)


def _entry(opts: argparse.Namespace, entry: dict[str, Any]) -> str:
    return "" if opts.format == "text" else json_entry(entry, lines=opts.format == "jsonl")


def _targets(files: list[str], output: str, fmt: str | None) -> list[str] | str:
    """The output file of each input in directory ``output``; a message when impossible."""
    from govdisclosure.io.formats import get_format

    if fmt is None:
        return "several inputs, or a directory, need --to FORMAT (the output is a directory)"
    if output == STDIO:
        return "several inputs need a directory as OUT, not '-'"
    suffix = get_format(fmt).suffixes[0]
    names = [Path(f).stem + suffix for f in files]
    found = directory_targets(output, files, names, needed_for="several inputs", verb="convert")
    return found if isinstance(found, str) else [str(p) for p in found]


def _run_many(args: argparse.Namespace) -> int:
    from functools import partial

    from govdisclosure.batch import run as run_batch
    from govdisclosure.io.formats import get_format

    found = batch_inputs(args)
    if isinstance(found, str):
        stderr(f"govdisclosure convert: {found}")
        return EXIT_USAGE
    files = without_companions(found)
    targets = _targets(files, args.output, args.to)
    if isinstance(targets, str):
        named = ", ".join(display_name(n) for n in args.inputs[:3])
        more = ", ..." if len(args.inputs) > 3 else ""
        stderr(f"govdisclosure convert: {named}{more}: {targets}")
        return EXIT_USAGE
    Path(args.output).mkdir(exist_ok=True)
    inputs = InputFiles(found)
    opts = argparse.Namespace(from_=args.from_, to=args.to, format=args.format)
    worst = EXIT_OK
    progress = Progress(len(files), forced=args.progress)
    writer = JsonArrayWriter("results") if args.format == "json" else None
    todo: list[tuple[str, str]] = []
    refused: dict[int, str] = {}
    for i, (name, out) in enumerate(zip(files, targets, strict=True)):
        try:
            for target in get_format(args.to).files(out):
                inputs.check(target)
        except OutputError as e:
            refused[i] = str(e)
            continue
        todo.append((name, out))
    results = run_batch(partial(convert_file, opts), todo, jobs=args.jobs)
    try:
        for i, name in enumerate(files):
            if i in refused:
                entry = {
                    "ok": False,
                    "source": display_name(name),
                    "error": {"code": "output", "message": refused[i]},
                }
                message = f"{display_name(name)}: not converted: {refused[i]}"
                outcome: tuple[int, str, str] = (EXIT_USAGE, message, _entry(opts, entry))
            else:
                r = next(results)
                outcome = r.value if r.value is not None else _crashed(opts, name, r.error)
            code, message, entry_text = outcome
            worst = max(worst, code)
            progress.clear()
            if args.format == "text":
                stderr(message)
            elif writer is not None:
                writer.add(entry_text)
            else:
                sys.stdout.write(entry_text)
            progress.step(i, display_name(name))
    finally:
        results.close()
        progress.done()
    if writer is not None:
        writer.close()
    return worst


def without_companions(found: list[str]) -> list[str]:
    """``found`` without the companion files of the others (``x.meta.json`` beside ``x.csv``):
    they are part of an input, not inputs of their own."""
    from govdisclosure.io.formats import companion_files

    companions = {str(p) for name in found for p in companion_files(name)}
    return [f for f in found if f not in companions]


def _crashed(opts: argparse.Namespace, name: str, err: Any) -> tuple[int, str, str]:
    message = f"internal error: {err.message} ({err.exception})"
    entry = {
        "ok": False,
        "source": display_name(name),
        "error": {"code": err.code, "message": message},
    }
    return EXIT_USAGE, f"{display_name(name)}: not converted: {message}", _entry(opts, entry)
