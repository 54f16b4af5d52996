"""The rule engine: selects rules, evaluates them on reports, renders findings."""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from govdisclosure.editions import Edition
from govdisclosure.errors import GovdisclosureError, Problem, bounded_message
from govdisclosure.findings import Finding, Params
from govdisclosure.layout import CellRef
from govdisclosure.models import REPORT_ADAPTER, Report2019, Report2021
from govdisclosure.problem_text import localize
from govdisclosure.rules._compile import Compiled, Instance, compiled
from govdisclosure.rules._model import FAMILIES, Custom, Lang, Rule
from govdisclosure.rules.catalogue import CATALOGUE, RULES_BY_CODE
from govdisclosure.rules.checks import CHECKS, KEYED_CHECKS, SERIES_CHECKS, Hit
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

ReportT = Report2019 | Report2021
_ALL = frozenset(RULES_BY_CODE)


class RuleSelectionError(GovdisclosureError, ValueError):
    """``select``/``skip`` named something that is neither a rule code nor a family."""


def _resolve(tokens: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for raw in tokens:
        for token in (t.strip() for t in raw.split(",")):
            if not token:
                continue
            if token in RULES_BY_CODE:
                out.add(token)
            elif token in FAMILIES:
                out.update(r.code for r in CATALOGUE if r.family == token)
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
    if not select and not skip:
        return _ALL
    chosen = _resolve(select) if select else set(_ALL)
    if skip:
        chosen -= _resolve(skip)
    return frozenset(chosen)


# ------------------------------------------------------------------------------ rendering


def _table_en(ref: CellRef) -> str:
    return "Table " + ref.table.title_en.split(".", 1)[0]


def row_location(ref: CellRef, lang: Lang = "zh") -> str:
    """The row of a cell, in the official table's words: ``表三 （三）不予公开 1.属于国家秘密``."""
    if lang == "en":
        groups = [g.title_en for g in ref.row.groups if g.id != "results"]
        return " ".join([_table_en(ref), *groups, ref.row.title_en])
    caption = ref.block.caption
    row = f"{caption} {ref.row.full_label}" if caption else ref.row.full_label
    return f"{ref.table.short_label} {row}"


def location(ref: CellRef, lang: Lang = "zh") -> str:
    """Where a cell is, in the official table's words: ``表三 （七）总计 × 自然人``."""
    column = ref.column.title_en if lang == "en" else ref.column.label
    return f"{row_location(ref, lang)} × {column}"


@cache
def _cell_locations(comp: Compiled, lang: Lang) -> tuple[str, ...]:
    # Every cell's location, built once per edition and language: a finding then costs a
    # tuple index instead of walking the layout.
    return tuple(location(ref, lang) for ref in comp.refs)


@cache
def _row_locations(comp: Compiled, lang: Lang) -> tuple[str, ...]:
    return tuple(row_location(ref, lang) for ref in comp.refs)


def _show(v: Any, lang: Lang) -> str:
    if v is None:
        return "空白" if lang == "zh" else "blank"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


@cache
def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class _Fmt(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Template:
    """A rule's message in one language, analysed once."""

    __slots__ = ("names", "plain", "text", "wants_row")

    def __init__(self, text: str) -> None:
        self.text = text
        self.names = _fields(text)
        self.wants_row = "row" in self.names or "row_en" in self.names
        # Only bare ``{name}`` fields are rendered by the fast path; anything fancier (a format
        # spec, a conversion, an attribute or index) keeps the generic rendering.
        self.plain = all(
            name is None or (name.isidentifier() and not spec and conv is None)
            for _, name, spec, conv in string.Formatter().parse(text)
        )

    def render(self, params: dict[str, Any], lang: Lang) -> str:
        """The message with ``params`` shown as the rules show values; unknown names stay."""
        if not self.plain:
            return self.text.format_map(
                _Fmt({k: _show(params[k], lang) for k in self.names if k in params})
            )
        shown: dict[str, str] = {}
        for name in self.names:
            if name in params:
                v = params[name]
                t = type(v)
                shown[name] = v if t is str else str(v) if t is int else _show(v, lang)
        return self.text.format_map(shown if len(shown) == len(self.names) else _Fmt(shown))

    def bind(self, fixed: dict[str, Any], lang: Lang) -> _Template:
        """This template with the fields named in ``fixed`` already filled in.

        ``bind(fixed).render(params)`` equals ``render(params)`` for any ``params`` that
        holds ``fixed``; the fixed text is escaped so that it stays literal.
        """
        if not self.plain:
            return self
        parts: list[str] = []
        for literal, name, _, _ in string.Formatter().parse(self.text):
            parts.append(_escape(literal))
            if name is None:
                continue
            if name in fixed:
                v = fixed[name]
                parts.append(_escape(v if type(v) is str else _show(v, lang)))
            else:
                parts.append("{" + name + "}")
        return _Template("".join(parts))


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


_TEMPLATES: dict[tuple[str, Lang], _Template] = {}


def _template(rule: Rule, lang: Lang) -> _Template:
    key = (rule.code, lang)
    tpl = _TEMPLATES.get(key)
    if tpl is None or tpl.text != rule.messages[lang]:
        tpl = _TEMPLATES[key] = _Template(rule.messages[lang])
    return tpl


_FINDING_FIELDS = (
    "code",
    "severity",
    "message",
    "pointers",
    "params",
    "reported",
    "computed",
    "source_location",
)


def _finding_factory() -> Callable[..., Finding]:
    """A constructor of rule findings: ``(code, severity, message, pointers, params,
    reported, computed)``.

    ``Finding`` is a frozen dataclass, whose ``__init__`` sets each field through
    ``object.__setattr__``; that is most of the cost of a finding. While ``Finding`` is a
    plain frozen dataclass with exactly these fields (instance ``__dict__``, no other
    ``__post_init__`` than the one that makes ``params`` a :class:`Params`), its instance
    dictionary is filled in one step instead, which gives an equal object. Any other shape
    uses the ordinary constructor.
    """
    plain = (
        tuple(f.name for f in dataclasses.fields(Finding)) == _FINDING_FIELDS
        and "__slots__" not in vars(Finding)
        and getattr(Finding, "__post_init__", None) is _POST_INIT
        and Finding.__new__ is object.__new__
    )
    if not plain:
        return Finding
    new, set_attr = object.__new__, object.__setattr__

    def make(
        code: str,
        severity: Any,
        message: str,
        pointers: tuple[str, ...],
        params: Mapping[str, Any],
        reported: Any,
        computed: Any,
    ) -> Finding:
        f = new(Finding)
        set_attr(
            f,
            "__dict__",
            {
                "code": code,
                "severity": severity,
                "message": message,
                "pointers": pointers,
                "params": params if type(params) is Params else Params(params),
                "reported": reported,
                "computed": computed,
                "source_location": None,
            },
        )
        return f

    return make


# What Finding.__post_init__ was when this module was imported (it only makes params Params).
_POST_INIT = getattr(Finding, "__post_init__", None)
_new_finding = _finding_factory()


def _finding(
    rule: Rule, hit: Hit, comp: Compiled | None, lang: Lang, code: str | None = None
) -> Finding:
    tpl = _template(rule, lang)
    params = dict(hit.params)
    pointers = hit.pointers
    if pointers and comp is not None and "location" not in params:
        k = comp.pointer_index.get(pointers[0])
        if k is not None:
            params["location"] = _cell_locations(comp, lang)[k]
            if tpl.wants_row:
                params.setdefault("row", _row_locations(comp, "zh")[k])
                params.setdefault("row_en", _row_locations(comp, "en")[k])
    reported, computed = hit.reported, hit.computed
    if reported is not None or computed is not None:
        params.setdefault("reported", reported)
        params.setdefault("computed", computed)
        if reported is not None and computed is not None:
            params.setdefault("diff", reported - computed)
    return _new_finding(
        code or rule.code,
        rule.severity,
        # Bounded: a message may quote a document's own member names (a pointer of any length).
        bounded_message(tpl.render(params, lang)),
        pointers,
        Params(params),
        reported,
        computed,
    )


def column_location(ref: CellRef, lang: Lang = "zh") -> str:
    """A whole column of a table: ``表三 自然人 列``."""
    if lang == "en":
        return f"{_table_en(ref)}, column {ref.column.title_en}"
    return f"{ref.table.short_label} {ref.column.label} 列"


def _relation_hit(inst: Instance, comp: Compiled, lang: Lang) -> Hit:
    """The cells of a relation instance and, for a column balance, its location; the
    numbers are added per failure."""
    pointers = tuple(comp.pointers[i] for i in (*inst.left, *inst.right))
    params: dict[str, Any] = {}
    if inst.across == "columns" and len(inst.left) != 1:
        # A balance of several rows holds for a whole column, not for one of its cells.
        params["location"] = column_location(comp.refs[inst.right[0]], lang)
    return Hit(pointers, params)


# ------------------------------------------------------------------------------ one report


_BY_EDITION: dict[str, Compiled] = {}


def _values(report: ReportT) -> tuple[Compiled, tuple[Any, ...]]:
    comp = _BY_EDITION.get(report.edition)
    if comp is None:
        comp = _BY_EDITION[report.edition] = compiled(Edition(report.edition))
    return comp, comp.extract(report)


# Up to this many rows with a blank cell, only their cells are set to 0 for the relations;
# with more, every cell is looked at (one pass at list-comprehension speed is cheaper).
_FEW_BLANK_ROWS = 6


def _check(
    report: ReportT, comp: Compiled, values: tuple[Any, ...], codes: frozenset[str], lang: Lang
) -> list[Finding]:
    zeroed = values
    rows: list[int] | None = None
    try:
        failed = comp.evaluate(values)
    except TypeError:
        # A blank cell took part in a relation: blanks count as 0 there.
        has_blank = True
        bounds = comp.row_bounds
        if comp.blank_rows is not None and bounds is not None:
            rows = comp.blank_rows(values)
        if rows is not None and bounds is not None and len(rows) <= _FEW_BLANK_ROWS:
            zeroed_list = list(values)
            for r in rows:
                a, b = bounds[r]
                for k in range(a, b):
                    if zeroed_list[k] is None:
                        zeroed_list[k] = 0
            zeroed = tuple(zeroed_list)
        else:
            zeroed = tuple([0 if v is None else v for v in values])
        failed = comp.evaluate(zeroed)
    else:
        # Every cell a relation reads was added up, so none of them is blank.
        has_blank = comp.loose_blank(values)
    by_code: dict[str, list[Finding]] = {}
    if failed:
        texts = _relation_texts(comp, lang)
        sides, variants = comp.sides, _variants(comp)
        for k in failed:
            code, total, blank_code, items_code, items = variants[k]
            blank = unknown = False
            if total is not None:
                if blank_code is not None and values[total] is None:
                    blank = True
                    code = blank_code
                elif items_code is not None:
                    # A stated total beside items that are all blank: their sum is unknown,
                    # not 0.
                    unknown = all(values[i] is None for i in items)
                    if unknown:
                        code = items_code
            if code not in codes:
                continue
            text = texts.get((k, code))
            if text is None or text.source is not RULES_BY_CODE[code].messages[lang]:
                text = texts[(k, code)] = _RelationText(comp, k, code, lang)
            # Evaluation succeeded without blanks only if no instance has a blank cell, so
            # ``zeroed`` is the report's own values wherever an instance reads them.
            left, right = sides[k](zeroed)
            found = by_code.get(code)
            if found is None:
                found = by_code[code] = []
            if unknown:
                found.append(text.finding(left, None, lang))
            else:
                found.append(text.finding(None if blank else left, right, lang))
    # The common case of a complete, consistent table: only the other checks can fire.
    plan = _plan(comp.edition, codes) if failed or has_blank else _plain_plan(comp.edition, codes)
    out: list[Finding] = []
    for rule, fn, keyed in plan:
        if fn is None:
            found = by_code.get(rule.code)
            if found:
                out.extend(found)
            continue
        if keyed is not None:
            if keyed[2] and not has_blank:
                continue
            keys = keyed[0](report, values, comp, rows)
            if keys is not None:
                if keys:
                    out.extend(_keyed_findings(rule, keyed[1], keys, comp, lang))
                continue
        for hit in fn(report, values, comp):
            out.append(_finding(rule, hit, comp, lang))
    return out


_KEYED_MEMO_MAX = 4096
_KEYED_MEMO: dict[tuple[Compiled, _Template], dict[Any, Finding]] = {}


def _keyed_findings(
    rule: Rule, hit: Callable[[Compiled, Any], Hit], keys: list[Any], comp: Compiled, lang: Lang
) -> list[Finding]:
    # The finding of a key is built the ordinary way the first time and handed out again
    # afterwards: a finding cannot be changed (its params are read-only), so every report
    # with that key may share it.
    tpl = _template(rule, lang)
    memo = _KEYED_MEMO.get((comp, tpl))
    if memo is None:
        memo = _KEYED_MEMO[(comp, tpl)] = {}
    out = []
    for key in keys:
        f = memo.get(key)
        if f is None:
            f = _finding(rule, hit(comp, key), comp, lang)
            if len(memo) < _KEYED_MEMO_MAX:
                memo[key] = f
        out.append(f)
    return out


class _RelationText:
    """What a failure of one relation instance says, apart from its numbers: built once.

    It holds exactly what :func:`_finding` would derive from the instance's hit: the same
    pointers, the same location params in the same order, the same template.
    """

    __slots__ = ("base", "code", "pointers", "severity", "source", "template")

    def __init__(self, comp: Compiled, k: int, code: str, lang: Lang) -> None:
        inst = comp.instances[k]
        rule = RULES_BY_CODE[code]
        hit = _relation_hit(inst, comp, lang)
        # The template this was built from: a changed catalogue message rebuilds it.
        self.source = rule.messages[lang]
        self.code = code
        self.severity = rule.severity
        self.pointers = hit.pointers
        # A relation hit has no reported/computed yet: only the location params are added.
        self.base = dict(_finding(rule, hit, comp, lang).params)
        # The location is the same for every failure of the instance: only numbers remain.
        self.template = _template(rule, lang).bind(self.base, lang)

    def finding(self, reported: Any, computed: Any, lang: Lang) -> Finding:
        """The finding for these numbers (``reported`` is ``None`` for a blank total,
        ``computed`` is ``None`` for a sum of blank items)."""
        # ``base`` never holds these names, so adding them is what ``setdefault`` would do.
        if reported is not None and computed is not None:
            params = Params(
                self.base, reported=reported, computed=computed, diff=reported - computed
            )
        else:
            params = Params(self.base, reported=reported, computed=computed)
        return _new_finding(
            self.code,
            self.severity,
            self.template.render(params, lang),
            self.pointers,
            params,
            reported,
            computed,
        )


@cache
def _variants(
    comp: Compiled,
) -> tuple[tuple[str, int | None, str | None, str | None, tuple[int, ...]], ...]:
    """Per relation instance: its code, the cell of its single total (``None`` if a side
    has several cells), the rules that report a blank total and all-blank items instead,
    and the item cells."""
    return tuple(
        (
            inst.code,
            inst.left[0] if len(inst.left) == 1 else None,
            inst.blank_code,
            inst.items_code,
            inst.right,
        )
        for inst in comp.instances
    )


_RELATION_TEXTS: dict[tuple[Compiled, Lang], dict[tuple[int, str], _RelationText]] = {}


def _relation_texts(comp: Compiled, lang: Lang) -> dict[tuple[int, str], _RelationText]:
    texts = _RELATION_TEXTS.get((comp, lang))
    if texts is None:
        texts = _RELATION_TEXTS[(comp, lang)] = {}
    return texts


@cache
def _plan(edition: Edition, codes: frozenset[str]) -> tuple[tuple[Rule, Any, Any], ...]:
    """The selected single-report rules of ``edition`` in catalogue order, with their check
    function (``None`` for relations, whose failures come from the compiled evaluator) and
    its keyed form, if any."""
    plan: list[tuple[Rule, Any, Any]] = []
    for rule in CATALOGUE:
        if rule.code not in codes or not rule.applies_to(edition):
            continue
        check = rule.check
        if isinstance(check, Custom):
            if check.series or check.key == "structure":
                continue
            plan.append((rule, CHECKS[check.key], KEYED_CHECKS.get(check.key)))
        else:
            plan.append((rule, None, None))
    return tuple(plan)


@cache
def _plain_plan(edition: Edition, codes: frozenset[str]) -> tuple[tuple[Rule, Any, Any], ...]:
    """The entries of :func:`_plan` that can fire on a report without a blank cell whose
    relations all hold: the other checks, without those that only report blank cells."""
    return tuple(
        (rule, fn, keyed)
        for rule, fn, keyed in _plan(edition, codes)
        if fn is not None and not (keyed is not None and keyed[2])
    )


@cache
def _evaluated(edition: Edition, codes: frozenset[str], *, series: bool = False) -> tuple[str, ...]:
    out = []
    for rule in CATALOGUE:
        if rule.code not in codes or not rule.applies_to(edition):
            continue
        is_series = isinstance(rule.check, Custom) and rule.check.series
        if is_series == series:
            out.append(rule.code)
    return tuple(out)


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
    comp, values = _values(report)
    return _check(report, comp, values, codes, lang)


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
    comp, values = _values(report)
    findings = _check(report, comp, values, chosen, lang)
    return ValidationReport(
        source,
        report.edition,
        _report_schema_id(comp),
        findings,
        list(_evaluated(comp.edition, chosen)),
    )


@cache
def _report_schema_id(comp: Compiled) -> str:
    return schema_id(comp.edition.value)


# ------------------------------------------------------------------------------ structure

_TABLE_RULES = {"/t3/": "T3-R1", "/t4/": "T4-R1"}


def _structure_code(problem: Problem, edition: str | None) -> str:
    if problem.code in ("range", "type"):
        for prefix, code in _TABLE_RULES.items():
            if problem.pointer.startswith(prefix):
                return code
        # T2_19-R1 is not used here: it is a relation, and its message says what the sum of
        # the two cells is, which a structure problem of one cell cannot say.
        if problem.pointer.startswith("/t2/") and edition == "2021":
            return "T2-R1"
    return "G-R0"


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
    comp = compiled(Edition(edition)) if edition in ("2019", "2021") else None
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
        out.append(_finding(RULES_BY_CODE[code], Hit((p.pointer,), params), comp, lang))
    return out


def _edition_of(data: Any) -> str | None:
    if isinstance(data, dict):
        ed = data.get("edition")
        if ed in ("2019", "2021"):
            return str(ed)
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
    evaluated: list[str] = [c for c in ("G-R0", "T3-R1", "T4-R1", "T2-R1") if c in codes]
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
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        groups.setdefault(r.metadata.body.name, []).append(i)
    rules = [
        r for r in CATALOGUE if r.code in codes and isinstance(r.check, Custom) and r.check.series
    ]
    out: list[Finding] = []
    for name, idx in groups.items():
        idx.sort(key=lambda i: reports[i].metadata.report_year)
        for a, b in pairwise(idx):
            prev, cur = reports[a], reports[b]
            py, cy = prev.metadata.report_year, cur.metadata.report_year
            if py == cy:
                which = (
                    f"{sources[a]} and {sources[b]}"
                    if sources is not None
                    else f"positions {a} and {b}"
                )
                raise GovdisclosureError(
                    f"two reports of {name!r} for the year {cy} ({which}); "
                    "expected at most one report per body and year"
                )
            if cy != py + 1:
                continue
            pc, pv = _values(prev)
            cc, cv = _values(cur)
            for rule in rules:
                if not rule.applies_to(cc.edition):
                    continue
                assert isinstance(rule.check, Custom)
                for hit in SERIES_CHECKS[rule.check.key](prev, pv, pc, cur, cv, cc):
                    hit.params.update(year=cy, previous_year=py, report_index=b, previous_index=a)
                    out.append(_finding(rule, hit, cc, lang))
    return out
