"""``govdisclosure check``: structure, schema and consistency rules in one pass."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from govdisclosure.cli._output import add_format_option, print_json, stderr
from govdisclosure.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

HELP = "check report documents (JSON): structure, schema and the consistency rules"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``check``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="report JSON documents")
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
    add_format_option(parser)
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
        help="skip the cross-check against the packaged JSON Schema (faster)",
    )


def _read(name: str) -> bytes | str:
    try:
        return Path(name).read_bytes()
    except OSError as e:
        return f"cannot read: {e.strerror or e}"


def _print_text(report: Any, lang: str) -> None:
    counts = report.counts
    if not report.readable:
        head = "unreadable"
    elif not report.structure_ok:
        head = "not a valid report" if lang == "en" else "不是有效的报告文档"
    else:
        head = f"{report.edition} edition" if lang == "en" else f"{report.edition} 版"
    summary = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info"))
    print(f"{report.source}: {head}; {summary}")
    for f in report.findings:
        values = ""
        if f.reported is not None or f.computed is not None:
            values = f" [reported {_num(f.reported)}, computed {_num(f.computed)}]"
        print(f"  {f.code} {f.severity}: {f.message}{values}")


def _num(v: Any) -> str:
    return "blank" if v is None else format(v, "f") if not isinstance(v, int) else str(v)


def run(args: argparse.Namespace) -> int:
    """Run ``check``."""
    from govdisclosure.errors import GovdisclosureError, Problem
    from govdisclosure.rules import (
        RuleSelectionError,
        ValidationReport,
        check_series,
        select_codes,
        structure_findings,
    )

    try:
        select_codes(args.select, args.skip)
    except RuleSelectionError as e:
        stderr(f"govdisclosure check: {e}")
        return EXIT_USAGE
    reports: list[ValidationReport] = []
    models: list[Any] = []
    for name in args.files:
        raw = _read(name)
        if isinstance(raw, str):
            problem = Problem("io", "", raw)
            reports.append(
                ValidationReport(
                    name,
                    None,
                    None,
                    structure_findings([problem], None, lang=args.lang),
                    readable=False,
                    structure_ok=False,
                )
            )
            models.append(None)
            continue
        report, model = _check_one(raw, name, args)
        reports.append(report)
        models.append(model)
    if args.series:
        present = [(i, m) for i, m in enumerate(models) if m is not None]
        try:
            found = check_series(
                [m for _, m in present],
                select=args.select,
                skip=args.skip,
                lang=args.lang,
                sources=[args.files[i] for i, _ in present],
            )
        except GovdisclosureError as e:
            stderr(f"govdisclosure check --series: {e}")
            return EXIT_USAGE
        for f in found:
            target = present[f.params["report_index"]][0]
            reports[target].extend([f])
            reports[target].rules_evaluated = sorted(
                set(reports[target].rules_evaluated) | {f.code}
            )
    if args.format == "json":
        print_json({"reports": [r.as_dict() for r in reports]})
    else:
        for r in reports:
            _print_text(r, args.lang)
    if any(not r.readable for r in reports):
        return EXIT_USAGE
    return EXIT_FINDINGS if any(r.fails(args.fail_on) for r in reports) else EXIT_OK


def _check_one(raw: bytes, name: str, args: argparse.Namespace) -> tuple[Any, Any]:
    from govdisclosure.rules import check_json, validate_report
    from govdisclosure.validation import validate_document

    # Exact reading (duplicate members refused, decimals digit for digit), then the rules.
    structure = validate_document(raw, source=name, with_schema=not args.no_schema)
    if structure.report is not None and not structure.problems:
        return (
            validate_report(
                structure.report,
                source=name,
                select=args.select,
                skip=args.skip,
                lang=args.lang,
            ),
            structure.report,
        )
    return (
        check_json(
            raw,
            source=name,
            exact=True,
            with_schema=not args.no_schema,
            select=args.select,
            skip=args.skip,
            lang=args.lang,
        ),
        None,
    )
