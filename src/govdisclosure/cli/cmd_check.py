"""``govdisclosure check``: structure, schema and consistency rules in one pass."""

from __future__ import annotations

import argparse
from typing import Any, NamedTuple

from govdisclosure.cli._output import (
    Progress,
    add_batch_options,
    add_format_option,
    add_progress_option,
    batch_inputs,
    display_name,
    json_entry,
    open_cache,
    print_json,
    stderr,
    stream_batch,
    summary_line,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = (
    "check reports: structure, schema and the consistency rules (report JSON documents, or "
    "published reports read as `parse` reads them)"
)

EPILOG = (
    "FILE '-' reads standard input; a directory is searched for report files (recursively). "
    "The files are checked in parallel and reported in the order given. Exit codes: 0 no finding at or above --fail-on; 1 some "
    "file has one (an invalid document always does); 2 some file unreadable (missing, a "
    "directory, empty, not UTF-8 JSON) or a usage error."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``check``."""
    parser.epilog = EPILOG
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help=(
            "report JSON documents, or published reports (text, HTML, markdown, DOCX, XLSX), "
            "or directories of them"
        ),
    )
    parser.add_argument(
        "--input",
        choices=("auto", "json", "published"),
        default="auto",
        help=(
            "how to read FILE: a report JSON document, or a published report parsed first (its "
            "parse findings, P- codes, are reported with the rules'); auto (default): .json "
            "files, '-' and content that starts like JSON are documents, .csv files the long CSV "
            "that `convert` writes (with its side file), files of an installed format plug-in "
            "that reads back in that format, anything else is a published report"
        ),
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rule codes or families (comma-separated; repeatable); default: all",
    )
    parser.add_argument(
        "--skip",
        action="append",
        metavar="CODES",
        help="leave out these rule codes or families (comma-separated; repeatable)",
    )
    add_format_option(parser, jsonl=True)
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default="error",
        help="exit 1 when a finding has this severity or a worse one (default: error)",
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of the messages (default: zh)",
    )
    parser.add_argument(
        "--series",
        action="store_true",
        help="also apply the cross-year rules across the files (grouped by issuing body)",
    )
    parser.add_argument(
        "--no-schema",
        action="store_true",
        help=(
            "skip the cross-check against the packaged JSON Schema (by default a document "
            "the model refuses is also validated against the schema, and what the schema "
            "finds beyond the model is reported)"
        ),
    )
    add_progress_option(parser)
    add_batch_options(parser, include="*.json")


def _print_text(report: Any, lang: str) -> None:
    print(_text(report, lang), end="")


def _text(report: Any, lang: str) -> str:
    counts = report.counts
    if not report.readable:
        head = "unreadable" if lang == "en" else "无法读取"
    elif not report.structure_ok:
        head = "not a valid report" if lang == "en" else "不是有效的报告文档"
    else:
        head = f"{report.edition} edition" if lang == "en" else f"{report.edition} 版"
    if report.input_error is not None:
        sep = ": " if lang == "en" else "："
        return f"{report.source}: {head}{sep}{report.input_error}\n"
    # The severities are the tokens of the JSON output, in either language; English plurals.
    plural = lang == "en"
    summary = ", ".join(
        f"{counts[s]} {s}{'s' if plural and counts[s] != 1 and s != 'info' else ''}"
        for s in ("error", "warning", "info")
    )
    lines = [f"{report.source}: {head}; {summary}\n"]
    for f in report.findings:
        values = ""
        if f.reported is not None or f.computed is not None:
            values = f" [reported {_num(f.reported)}, computed {_num(f.computed)}]"
        lines.append(
            f"  {f.code} {f.severity}: {f.message}{values}{_where(f.pointers, f.message)}\n"
        )
    return "".join(lines)


def _input_error(problem: Any, lang: str) -> str:
    if lang == "en":
        return f"{problem.message}" + (
            f" (expected {problem.expected})" if problem.expected else ""
        )
    from govdisclosure.problem_text import localize

    message, expected = localize(problem)
    return f"{message.removeprefix('无法读取文件：')}（应为：{expected}）"


def _where(pointers: list[str], message: str) -> str:
    """The JSON Pointer of the first cell involved (and how many more), unless already said."""
    if not pointers or message.startswith(pointers[0] or "/"):
        return ""
    more = f", +{len(pointers) - 1}" if len(pointers) > 1 else ""
    return f" ({pointers[0]}{more})"


def _num(v: Any) -> str:
    return "blank" if v is None else format(v, "f") if not isinstance(v, int) else str(v)


class Outcome(NamedTuple):
    """What a worker sends back for one file: its verdict and its output, ready to print.

    A named tuple: it crosses process boundaries and comes out of the cache for every file,
    and unpickles ten times faster than a dataclass.
    """

    status: str
    """``passed``, ``failed`` (a finding at or above ``--fail-on``) or ``unreadable``."""
    output: str


def check_file(opts: argparse.Namespace, name: str) -> Outcome:
    """Check one file and render its output in ``opts.format`` (runs in a worker process)."""
    report, _ = check_path(name, opts)
    status = (
        "unreadable"
        if not report.readable
        else "failed"
        if report.fails(opts.fail_on)
        else "passed"
    )
    if opts.format == "text":
        return Outcome(status, _text(report, opts.lang))
    return Outcome(status, json_entry(report.as_dict(), lines=opts.format == "jsonl"))


def check_path(name: str, args: argparse.Namespace) -> tuple[Any, Any]:
    """The validation report and the model (``None`` when not built) of file ``name``."""
    from govdisclosure.reading import MAX_DOCUMENT_BYTES, read_report

    # --input json is auto reading, told that the file is JSON whatever its name.
    result = read_report(
        name,
        how="published" if args.input == "published" else "auto",
        format="json" if args.input == "json" else None,
        lang=args.lang,
        max_bytes=MAX_DOCUMENT_BYTES,
    )
    return _validation(result, args), result.report if result.ok else None


def _validation(result: Any, args: argparse.Namespace) -> Any:
    """The rules' report of what was read; an unusable input says why, in ``args.lang``."""
    from govdisclosure.reading import check_read

    report = check_read(
        result,
        select=args.select,
        skip=args.skip,
        lang=args.lang,
        with_schema=not args.no_schema,
    )
    if not report.readable and report.input_error is None and result.problems:
        # The file cannot be used at all: an input error (exit 2), not a rule finding.
        problem = result.problems[0]
        code = f" [{problem.code}]" if result.error is not None else ""
        report.input_error = _input_error(problem, args.lang) + code
    return report


_OPTIONS = ("input", "select", "skip", "lang", "no_schema", "format", "fail_on")
"""The options that change a file's output: the worker's arguments and the cache's key."""


def _cache_file(name: str) -> tuple[str, bytes] | None:
    # The output names the file, so the name is part of what decides it. Standard input and
    # a file read with companions (a long CSV's side file) are not cached: the cache knows
    # only the file's own content.
    from govdisclosure.io.formats import companion_files

    if name == "-" or not name or companion_files(name):
        return None
    return name, name.encode("utf-8", "surrogateescape") + b"\0"


def run(args: argparse.Namespace) -> int:
    """Run ``check``."""
    if args.select or args.skip:
        # Only then: the rules (and the models they import) are not needed in this process
        # when every file is answered from the cache.
        from govdisclosure.rules import RuleSelectionError, select_codes

        try:
            chosen = select_codes(args.select, args.skip)
        except RuleSelectionError as e:
            stderr(f"govdisclosure check: {e}")
            return EXIT_USAGE
        if not chosen:
            # Otherwise the run would pass every file without having checked anything.
            stderr("govdisclosure check: --select and --skip leave no rule to apply")
            return EXIT_USAGE
    files = batch_inputs(args)
    if isinstance(files, str):
        stderr(f"govdisclosure check: {files}")
        return EXIT_USAGE
    if args.series:
        if args.format == "jsonl":
            stderr("govdisclosure check: --series needs every file first: use --format json")
            return EXIT_USAGE
        return _run_series(args, files)
    return _run_batch(args, files)


def _run_batch(args: argparse.Namespace, files: list[str]) -> int:
    from functools import partial

    opts = argparse.Namespace(**{k: getattr(args, k) for k in _OPTIONS})
    counts = stream_batch(
        partial(check_file, opts),
        files,
        args,
        cache=open_cache(args, {"command": "check", **vars(opts)}),
        cache_file=_cache_file,
        array="reports",
        failed=partial(_internal_error, opts=opts),
        statuses=("passed", "failed", "unreadable"),
    )
    total = len(files)
    if args.format == "text" and total > 1:
        print(
            summary_line(
                total,
                [
                    (counts["passed"], "passed"),
                    (counts["failed"], f"failed (a finding at or above {args.fail_on})"),
                    (counts["unreadable"], "unreadable"),
                ],
            )
        )
    if counts["unreadable"]:
        return EXIT_USAGE
    return EXIT_FINDINGS if counts["failed"] else EXIT_OK


def _internal_error(r: Any, opts: argparse.Namespace) -> str:
    """The output for a file whose check raised (a bug) or whose worker died: unreadable,
    said as such."""
    from govdisclosure.rules import ValidationReport

    err = r.error
    said = "internal error" if opts.lang == "en" else "内部错误（请报告此问题）"
    report = ValidationReport(
        display_name(r.item),
        None,
        None,
        readable=False,
        structure_ok=False,
        input_error=f"{said}: {err.message} ({err.exception}) [{err.code}]",
    )
    if opts.format == "text":
        return _text(report, opts.lang)
    return json_entry(report.as_dict(), lines=opts.format == "jsonl")


def _run_series(args: argparse.Namespace, files: list[str]) -> int:
    """``--series``: every model is needed at the end, so the files are read in this process."""
    from govdisclosure.errors import GovdisclosureError
    from govdisclosure.reading import add_series_findings
    from govdisclosure.rules import ValidationReport

    reports: list[ValidationReport] = []
    models: list[Any] = []
    progress = Progress(len(files), forced=args.progress)
    for i, name in enumerate(files):
        progress.step(i, display_name(name))
        report, model = check_path(name, args)
        reports.append(report)
        models.append(model)
    progress.done()
    try:
        add_series_findings(reports, models, select=args.select, skip=args.skip, lang=args.lang)
    except GovdisclosureError as e:
        stderr(f"govdisclosure check --series: {e}")
        return EXIT_USAGE
    if args.format == "json":
        print_json({"reports": [r.as_dict() for r in reports]})
    unreadable = sum(1 for r in reports if not r.readable)
    failed = sum(1 for r in reports if r.readable and r.fails(args.fail_on))
    if args.format == "text":
        for r in reports:
            _print_text(r, args.lang)
        if len(reports) > 1:
            print(
                summary_line(
                    len(reports),
                    [
                        (len(reports) - failed - unreadable, "passed"),
                        (failed, f"failed (a finding at or above {args.fail_on})"),
                        (unreadable, "unreadable"),
                    ],
                )
            )
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failed else EXIT_OK
