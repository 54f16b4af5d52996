"""``govdisclosure dataset``: many reports as a tidy dataset (Parquet, DuckDB, CSV), and SQL
over it.

``dataset [build] INPUTS… -o OUT`` reads report JSON documents and published reports (parsing
them), checks them and writes the five tables; ``dataset query OUT "SQL"`` runs SQL over a
dataset with embedded DuckDB. ``build`` is the default subcommand.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from govdisclosure.cli._output import (
    STDIO,
    Progress,
    add_batch_options,
    add_progress_option,
    batch_inputs,
    open_cache,
    stderr,
)
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = (
    "write many reports (report JSON documents and published reports) as a dataset of five "
    "tables — reports, cells, findings, sections, indicators — in Parquet, DuckDB or CSV, and query it "
    "with SQL"
)

SUBCOMMANDS: tuple[str, ...] = ("build", "query")
"""``build`` is implied when the first argument is not a subcommand."""

BUILD_HELP = (
    "read report JSON documents and published reports (parsed first), check them and write "
    "the dataset (the default subcommand: `dataset INPUTS… -o OUT` is `dataset build …`)"
)
QUERY_HELP = (
    "run SQL over a dataset with embedded DuckDB; the tables are reports, cells, findings, "
    "sections and indicators"
)

BUILD_EPILOG = (
    "A directory is read recursively (filter it with --include/--exclude); --files-from - "
    "reads the paths to read from standard input, one per line. Every input is checked with the "
    "consistency rules; the findings are a table of the dataset. An input that is not a "
    "report (unreadable, not JSON, not a report of its edition, no report table found) is "
    "left out with a message and the rest is written. The dataset is written under a "
    "temporary name and moved into place at the end: an interrupted run leaves nothing at "
    "OUT. Exit codes: 0 every input is in the dataset; 1 some input was left out because it "
    "is not a valid report; 2 some input could not be read, the dataset could not be "
    "written, or a usage error."
)
QUERY_EPILOG = (
    "The dataset is read in place, whatever its format (a Parquet directory, a DuckDB file, "
    "a CSV directory with datapackage.json). Example: govdisclosure dataset query out "
    '"SELECT report_year, sum(count) FROM cells GROUP BY 1 ORDER BY 1". Exit codes: 0 ok; '
    "2 not a dataset, an SQL error, or the dataset extra is missing."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Subcommands and options of ``dataset``."""
    parser.epilog = (
        "`govdisclosure dataset INPUTS… -o OUT` builds a dataset (the same as `dataset build`); "
        "`govdisclosure dataset query OUT SQL` queries one. Needs the dataset extra: pip "
        "install 'govdisclosure[dataset]'."
    )
    sub = parser.add_subparsers(dest="dataset_command", metavar="SUBCOMMAND")
    sub.required = True
    build = sub.add_parser("build", help=BUILD_HELP, description=BUILD_HELP)
    build.epilog = BUILD_EPILOG
    _build_arguments(build)
    build.set_defaults(_dataset_run=run_build)
    q = sub.add_parser("query", help=QUERY_HELP, description=QUERY_HELP)
    q.epilog = QUERY_EPILOG
    q.add_argument("dataset", metavar="DATASET", help="a dataset written by `dataset build`")
    q.add_argument("sql", metavar="SQL", help="the SQL statement")
    q.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="how the result is printed: an aligned table, CSV with a header, or a JSON array "
        "of objects (exact decimals as JSON numbers); default: table",
    )
    q.set_defaults(_dataset_run=run_query)


_INCLUDE = "*.json,*.txt,*.text,*.html,*.htm,*.js,*.md,*.markdown,*.docx,*.xlsx,*.pdf"
"""What a directory given as input contributes by default: documents and published reports
(``.js``: web pages that carry the report's HTML in a script)."""


def _build_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="*",
        metavar="INPUT",
        help="report JSON documents, published reports (text, HTML, markdown, DOCX, XLSX), "
        "or directories of them",
    )
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="the dataset to write")
    p.add_argument(
        "--format",
        choices=("parquet", "duckdb", "csv"),
        default="parquet",
        help="parquet: a directory per table, Hive-partitioned by report_year; duckdb: one "
        "database file; csv: one CSV file per table and a frictionless datapackage.json; "
        "default: parquet",
    )
    p.add_argument(
        "--input",
        choices=("auto", "json", "published"),
        default="auto",
        help="how to read INPUT: a report JSON document, or a published report parsed first; "
        "auto (default): .json files and content starting with '{' are documents",
    )
    p.add_argument(
        "--force", action="store_true", help="replace OUT when it exists (default: refuse)"
    )
    add_progress_option(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")
    add_batch_options(p, include=_INCLUDE)


# ------------------------------------------------------------------------------ build


def _cache_file(name: str) -> tuple[str, bytes]:
    # The result depends on the file's bytes only: the name is put back into a cached result
    # (``ReportRows.with_source``), so a renamed or copied file is answered from the cache too.
    return name, b""


def _results(args: argparse.Namespace, paths: list[str]) -> Iterator[Any]:
    """The batch engine over ``paths``: one result per input, in input order."""
    from govdisclosure.batch import run
    from govdisclosure.dataset import read_file_rows

    func = partial(read_file_rows, input=args.input)
    cache = open_cache(args, {"command": "dataset", "input": args.input})
    try:
        yield from run(func, paths, jobs=args.jobs, cache=cache, cache_file=_cache_file)
    finally:
        if cache is not None:
            cache.close()


_UNREADABLE_PARSE_CODES = ("[P-FORMAT-UNREADABLE]", "[P-INPUT-TOO-LARGE]")


def _unreadable(error: Any) -> bool:
    # The error crossed a process boundary as text and the name of its exception class.
    if error.exception == "UnreadableInputError" or error.code != "error":
        return True
    message: str = error.message
    return error.exception == "ParseError" and message.endswith(_UNREADABLE_PARSE_CODES)


def _build(args: argparse.Namespace, paths: list[str], writer: Any) -> tuple[int, int, int]:
    """Write every input's report; the numbers of inputs invalid, unreadable, given twice."""
    invalid = unreadable = duplicates = 0
    with writer:
        progress = Progress(len(paths), forced=args.progress)
        for result in _results(args, paths):
            progress.step(result.index, result.item)
            if result.error is not None:
                progress.clear()
                first = result.error.message.splitlines()
                detail = " ".join(line.strip() for line in first[1:3]) or first[0]
                stderr(f"{result.item}: left out: {detail}")
                if _unreadable(result.error):
                    unreadable += 1
                else:
                    invalid += 1
                continue
            rows = result.value
            if rows.source != result.item:
                rows = rows.with_source(result.item)  # a cached result of a copy of the file
            if not writer.add(rows):
                duplicates += 1
        progress.done()
    return invalid, unreadable, duplicates


def run_build(args: argparse.Namespace) -> int:
    """Run ``dataset build``."""
    from govdisclosure.dataset import DatasetWriter
    from govdisclosure.errors import GovdisclosureError

    if STDIO in args.files:
        # A worker process cannot read this process's standard input, and a dataset names
        # every report by its file.
        stderr(
            "govdisclosure dataset: '-' is not an input of a dataset; list paths on standard "
            "input with --files-from -"
        )
        return EXIT_USAGE
    paths = batch_inputs(args)
    if isinstance(paths, str):
        stderr(f"govdisclosure dataset: {paths}")
        return EXIT_USAGE
    try:
        writer = DatasetWriter(args.output, args.format, overwrite=args.force)
    except GovdisclosureError as e:
        stderr(f"govdisclosure dataset: {e}")
        return EXIT_USAGE
    try:
        invalid, unreadable, duplicates = _build(args, paths, writer)
    except OSError as e:
        # The dataset is discarded (the writer removes its temporary output).
        stderr(f"govdisclosure dataset: cannot write {args.output}: {e.strerror or e}")
        return EXIT_USAGE
    if not args.quiet:
        c = writer.counts
        total = len(paths)
        stderr(
            f"{total} input(s): {total - invalid - unreadable - duplicates} report(s) written to "
            f"{args.output} ({args.format}; {c['cells']} cells, {c['findings']} findings, "
            f"{c['sections']} sections), {invalid} not a valid report, {unreadable} unreadable"
            + (f", {duplicates} given twice" if duplicates else "")
        )
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if invalid else EXIT_OK


# ------------------------------------------------------------------------------ query


def _text(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_table(names: list[str], rows: list[tuple[Any, ...]]) -> None:
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([_width(n), *(_width(r[k]) for r in cells)]) for k, n in enumerate(names)]
    numeric = [
        all(
            (isinstance(r[k], (int, Decimal)) and not isinstance(r[k], bool)) or r[k] is None
            for r in rows
        )
        for k in range(len(names))
    ]

    def line(values: list[str]) -> str:
        out = []
        for k, v in enumerate(values):
            pad = " " * (widths[k] - _width(v))
            out.append(pad + v if numeric[k] else v + pad)
        return "  ".join(out).rstrip()

    print(line(names))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print(line(r))
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _json_value(value: Any) -> str:
    # Decimals are written as JSON numbers with their exact digits (never through a float).
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _print_json(names: list[str], rows: list[tuple[Any, ...]]) -> None:
    out = sys.stdout
    out.write("[")
    for i, row in enumerate(rows):
        members = ", ".join(
            f"{json.dumps(n, ensure_ascii=False)}: {_json_value(v)}"
            for n, v in zip(names, row, strict=True)
        )
        out.write(("," if i else "") + "\n  {" + members + "}")
    out.write("\n]\n" if rows else "]\n")


def run_query(args: argparse.Namespace) -> int:
    """Run ``dataset query``."""
    from govdisclosure.dataset import connect
    from govdisclosure.errors import GovdisclosureError

    try:
        con = connect(args.dataset)
    except GovdisclosureError as e:
        stderr(f"govdisclosure dataset query: {e}")
        return EXIT_USAGE
    import duckdb

    try:
        cur = con.execute(args.sql)
        names = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if names else []
    except duckdb.Error as e:
        stderr(f"govdisclosure dataset query: {type(e).__name__}: {e}")
        return EXIT_USAGE
    finally:
        con.close()
    if args.format == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(names)
        for row in rows:
            w.writerow(["" if v is None else _text(v) for v in row])
    elif args.format == "json":
        _print_json(names, rows)
    else:
        _print_table(names, rows)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run ``dataset`` (dispatch to the subcommand)."""
    code: int = args._dataset_run(args)
    return code
