"""The rule engine's public face: selects rules, checks reports, renders findings.

Two engines give the same findings: ``rules.plain`` says what the rules mean, in the plainest
code; ``rules.fast`` builds the same findings from generated code and tables kept per edition.
The functions here use the fast one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from pydantic import ValidationError

from govdisclosure.errors import GovdisclosureError, Problem
from govdisclosure.findings import Finding
from govdisclosure.layout import LAYOUTS
from govdisclosure.models import REPORT_ADAPTER, ReportBase
from govdisclosure.problem_text import localize
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules import fast, plain
from govdisclosure.rules._compile import Compiled, compiled
from govdisclosure.rules._hit import Hit
from govdisclosure.rules._model import FAMILIES, Custom, Lang, Rule
from govdisclosure.rules._render import column_location, location, render, row_location
from govdisclosure.rules.report import ValidationReport
from govdisclosure.schema_ids import schema_id

__all__ = [
    "RuleSelectionError",
    "check",
    "check_json",
    "check_series",
    "column_location",
    "location",
    "row_location",
    "select_codes",
    "structure_findings",
    "validate_report",
]

ReportT = ReportBase


@cache
def _all_codes() -> frozenset[str]:
    return frozenset(_catalogue.RULES_BY_CODE)


_catalogue.on_change(_all_codes.cache_clear)


class RuleSelectionError(GovdisclosureError, ValueError):
    """``select``/``skip`` named something that is neither a rule code nor a family."""


def _resolve(tokens: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for raw in tokens:
        for token in (t.strip() for t in raw.split(",")):
            if not token:
                continue
            if token in _catalogue.RULES_BY_CODE:
                out.add(token)
            elif token in FAMILIES:
                out.update(r.code for r in _catalogue.CATALOGUE if r.family == token)
            else:
                raise RuleSelectionError(
                    f"unknown rule code or family {token!r}; expected a code such as T3-R4 "
                    f"or a family: {', '.join(FAMILIES)}"
                )
    return out


def select_codes(
    select: Iterable[str] | None = None, skip: Iterable[str] | None = None
) -> frozenset[str]:
    """The codes to evaluate: ``select`` (codes or families, default all) minus ``skip``.

    Items may be comma-separated. Raises :class:`RuleSelectionError` for an unknown name.
    """
    every = _all_codes()
    if not select and not skip:
        return every
    chosen = _resolve(select) if select else set(every)
    if skip:
        chosen -= _resolve(skip)
    return frozenset(chosen)


# ------------------------------------------------------------------------------ one report


def check(
    report: ReportT,
    *,
    select: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    lang: Lang = "zh",
) -> list[Finding]:
    """Evaluate the single-report rules on ``report``; returns findings in catalogue order.

    The report is never changed. ``select``/``skip`` take rule codes or families.
    """
    codes = select_codes(select, skip)
    comp, values = fast.read(report)
    return fast.check(report, comp, values, codes, lang)


def validate_report(
    report: ReportT,
    *,
    source: str | None = None,
    select: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    lang: Lang = "zh",
    codes: frozenset[str] | None = None,
) -> ValidationReport:
    """Check ``report`` and wrap the findings in a :class:`ValidationReport`."""
    chosen = codes if codes is not None else select_codes(select, skip)
    comp, values = fast.read(report)
    findings = fast.check(report, comp, values, chosen, lang)
    return ValidationReport(
        source,
        report.edition,
        _report_schema_id(comp),
        findings,
        list(fast.evaluated(comp.edition, chosen)),
    )


@cache
def _report_schema_id(comp: Compiled) -> str:
    # Keyed by the compiled edition (hashed by identity, cheaper than an Enum member).
    return schema_id(comp.edition.value)


# ------------------------------------------------------------------------------ structure


def _structural_rules(edition: str | None) -> list[Rule]:
    """The structural rules (``Custom("structure")``), in catalogue order: all of them for
    ``None``, those that apply to ``edition`` if it is known, else those that apply to every
    edition."""
    rules = [
        r
        for r in _catalogue.CATALOGUE
        if isinstance(r.check, Custom) and r.check.key == "structure"
    ]
    if edition is None:
        return rules
    if edition in _known_editions():
        return [r for r in rules if r.applies_to(edition)]
    return [r for r in rules if all(r.applies_to(ed) for ed in LAYOUTS)]


def _known_editions() -> set[str]:
    return {ed.value for ed in LAYOUTS}


def _structure_code(problem: Problem, edition: str | None) -> str:
    """The structural rule of ``problem``: the rule of its table for a range or type
    problem, else the one without a table (G-R0)."""
    rules = _structural_rules(edition or "")
    fallback = next(r.code for r in rules if isinstance(r.check, Custom) and r.check.table is None)
    if problem.code not in ("range", "type"):
        return fallback
    for rule in rules:
        table = rule.check.table if isinstance(rule.check, Custom) else None
        # T2_19-R1 is not used here: it is a relation, and its message says what the sum of
        # the two cells is, which a structure problem of one cell cannot say.
        if table is not None and problem.pointer.startswith(f"/{table}/"):
            return rule.code
    return fallback


def structure_findings(
    problems: Sequence[Problem],
    edition: str | None,
    *,
    lang: Lang = "zh",
    codes: frozenset[str] | None = None,
) -> list[Finding]:
    """Structural problems (from ``validate_document``) as findings of the structural rules.

    A problem whose rule is not selected is kept as ``G-R0``: a document that is not a report
    is never silently accepted.
    """
    comp = compiled(edition) if edition in _known_editions() else None
    out = []
    for p in problems:
        code = _structure_code(p, edition)
        if codes is not None and code not in codes:
            code = "G-R0"
        params: dict[str, Any] = {
            "pointer": p.pointer or "/",
            "problem": p.message,
            "expected": p.expected or "—",
            "problem_code": p.code,
        }
        if lang == "zh":
            # Chinese throughout; the English text stays in the params, for debugging.
            params["problem"], params["expected"] = localize(p)
            params["problem_original"] = p.message
            if p.expected:
                params["expected_original"] = p.expected
        if p.line is not None:
            params["line"] = p.line
            params["column"] = p.column
        rule = _catalogue.RULES_BY_CODE[code]
        out.append(render(rule, Hit((p.pointer,), params), comp, lang))
    return out


def _edition_of(data: Any) -> str | None:
    if isinstance(data, dict):
        ed = data.get("edition")
        if isinstance(ed, str) and ed in _known_editions():
            return ed
    return None


def check_json(
    data: str | bytes,
    *,
    source: str | None = None,
    exact: bool = True,
    with_schema: bool = False,
    select: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    lang: Lang = "zh",
) -> ValidationReport:
    """Structure and rules in one pass over JSON text: the full ``check`` of one document.

    By default (``exact=True``, what the CLI does) the text is read with
    :func:`govdisclosure.validation.validate_document`, which refuses duplicate member names
    and reads decimals digit for digit. ``exact=False`` opts into a faster, more lenient
    path through pydantic's JSON parser (about 80 µs less per report): it keeps the *last*
    of duplicate members and reads a non-integer amount through a float (so ``1e-400`` is
    read as 0); a document it rejects is read again exactly to say what is wrong. Use it only
    on documents you wrote yourself. ``with_schema`` adds the JSON Schema cross-check (slow:
    milliseconds).
    """
    codes = select_codes(select, skip)
    if not exact and not with_schema:
        try:
            report = REPORT_ADAPTER.validate_json(data)
        except ValidationError:
            pass
        else:
            return validate_report(report, source=source, lang=lang, codes=codes)
    from govdisclosure.document import parse_json
    from govdisclosure.validation import validate_document

    result = validate_document(data, source=source, with_schema=with_schema)
    if result.report is not None and not result.problems:
        return validate_report(result.report, source=source, lang=lang, codes=codes)
    edition = result.edition
    if edition is None and result.readable:
        try:
            edition = _edition_of(parse_json(data))
        except GovdisclosureError:
            edition = None
    evaluated = [r.code for r in _structural_rules(edition) if r.code in codes]
    return ValidationReport(
        source,
        edition,
        schema_id(edition) if edition else None,
        structure_findings(result.problems, edition, lang=lang, codes=codes),
        evaluated,
        readable=result.readable,
        structure_ok=False,
    )


# ------------------------------------------------------------------------------ series


def check_series(
    reports: Sequence[ReportT],
    *,
    select: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    lang: Lang = "zh",
    sources: Sequence[str] | None = None,
) -> list[Finding]:
    """Cross-year rules over reports of one or more bodies (T3-R7, T2-R2, T2_19-R2, G-R7).

    Reports are grouped by issuing body name and ordered by report year; each pair of
    consecutive years is compared. Findings point into the later report; ``params`` carry
    ``report_index`` and ``previous_index`` (positions in ``reports``), the years, and
    ``previous_pointer``. Two reports of one body for the same year raise
    :class:`GovdisclosureError` (which one counts is not for the library to guess); it names
    them by ``sources`` (e.g. file names) when given.
    """
    codes = select_codes(select, skip)
    return plain.check_series(reports, codes=codes, lang=lang, sources=sources, reader=fast.read)
