"""The fast engine: the plain engine's findings (``rules.plain``), built for speed.

What it adds to the plain semantics, per edition and built the first time a report of that
edition is checked:

- the relations are compiled into straight-line code (``rules._compile``): the cells are read
  into one tuple and every instance is evaluated with no per-cell object; a blank cell makes
  the evaluation raise, and only then are blanks set to 0 (only in the rows that have one,
  when there are few);
- a failure's message is rendered from a template with its location already filled in
  (:class:`_RelationText`), cell locations come from a table built once;
- findings that depend only on a key drawn from the layout (a blank row, a missing section)
  are built once per key and handed out again (findings are immutable);
- a consistent report without a blank cell only runs the function rules that can fire on it.

Everything here is an optimisation: ``tests/test_rules_fast_paths.py`` and
``tests/test_rules_engines.py`` require the same findings as the plain engine.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.errors import bounded_message
from govdisclosure.findings import Finding, Params
from govdisclosure.rules import catalogue as _catalogue
from govdisclosure.rules._compile import Compiled, compiled
from govdisclosure.rules._model import Custom, Lang, Rule
from govdisclosure.rules._render import add_numbers, location, relation_hit, row_location, show
from govdisclosure.rules.checks import CHECKS, KEYED_CHECKS, Hit

__all__ = ["check", "evaluated", "read"]

_show = show


@cache
def _cell_locations(comp: Compiled, lang: Lang) -> tuple[str, ...]:
    # Every cell's location, built once per edition and language: a finding then costs a
    # tuple index instead of walking the layout.
    return tuple(location(ref, lang) for ref in comp.refs)


@cache
def _row_locations(comp: Compiled, lang: Lang) -> tuple[str, ...]:
    return tuple(row_location(ref, lang) for ref in comp.refs)


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
        add_numbers(params, reported, computed)
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


_BY_EDITION: dict[str, Compiled] = {}


def read(report: Any) -> tuple[Compiled, tuple[Any, ...]]:
    """The compiled cells of the report's edition and the report's value of each."""
    comp = _BY_EDITION.get(report.edition)
    if comp is None:
        comp = _BY_EDITION[report.edition] = compiled(Edition(report.edition))
    return comp, comp.extract(report)


# Up to this many rows with a blank cell, only their cells are set to 0 for the relations;
# with more, every cell is looked at (one pass at list-comprehension speed is cheaper).
_FEW_BLANK_ROWS = 6


def _zeroed(comp: Compiled, values: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[int] | None]:
    """``values`` with the blank cells set to 0, and the rows with a blank cell if known."""
    rows: list[int] | None = None
    bounds = comp.row_bounds
    if comp.blank_rows is not None and bounds is not None:
        rows = comp.blank_rows(values)
    if rows is not None and bounds is not None and len(rows) <= _FEW_BLANK_ROWS:
        zeroed = list(values)
        for r in rows:
            a, b = bounds[r]
            for k in range(a, b):
                if zeroed[k] is None:
                    zeroed[k] = 0
        return tuple(zeroed), rows
    return tuple([0 if v is None else v for v in values]), rows


def _evaluate(
    comp: Compiled, values: tuple[Any, ...]
) -> tuple[list[int], tuple[Any, ...], list[int] | None, bool]:
    """The failing instances, the values the relations read (blanks as 0), the rows with a
    blank cell (if known) and whether the report has a blank cell."""
    try:
        failed = comp.evaluate(values)
    except TypeError:
        # A blank cell took part in a relation: blanks count as 0 there.
        zeroed, rows = _zeroed(comp, values)
        return comp.evaluate(zeroed), zeroed, rows, True
    # Every cell a relation reads was added up, so none of them is blank.
    return failed, values, None, comp.loose_blank(values)


def _relation_findings(
    comp: Compiled,
    values: tuple[Any, ...],
    zeroed: tuple[Any, ...],
    failed: list[int],
    codes: frozenset[str],
    lang: Lang,
) -> dict[str, list[Finding]]:
    """The findings of the failed instances, by the code that reports each."""
    by_code: dict[str, list[Finding]] = {}
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
                # A stated total beside items that are all blank: their sum is unknown, not 0.
                unknown = all(values[i] is None for i in items)
                if unknown:
                    code = items_code
        if code not in codes:
            continue
        text = texts.get((k, code))
        if text is None or text.source is not _catalogue.RULES_BY_CODE[code].messages[lang]:
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
    return by_code


def check(
    report: Any,
    comp: Compiled,
    values: tuple[Any, ...],
    codes: frozenset[str],
    lang: Lang,
) -> list[Finding]:
    """The findings of the single-report rules in ``codes`` on ``report`` (whose cells and
    values :func:`read` gave), in catalogue order: those of ``rules.plain.check``."""
    failed, zeroed, rows, has_blank = _evaluate(comp, values)
    by_code = _relation_findings(comp, values, zeroed, failed, codes, lang) if failed else {}
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
        rule = _catalogue.RULES_BY_CODE[code]
        hit = relation_hit(inst, comp, lang)
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
    for rule in _catalogue.CATALOGUE:
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
def evaluated(edition: Edition, codes: frozenset[str], *, series: bool = False) -> tuple[str, ...]:
    """The codes among ``codes`` evaluated on a report of ``edition`` (cross-year ones if
    ``series``), in catalogue order."""
    out = []
    for rule in _catalogue.CATALOGUE:
        if rule.code not in codes or not rule.applies_to(edition):
            continue
        is_series = isinstance(rule.check, Custom) and rule.check.series
        if is_series == series:
            out.append(rule.code)
    return tuple(out)


@_catalogue.on_change
def _forget() -> None:
    # Everything kept was derived from the catalogue and the editions as they were.
    _BY_EDITION.clear()
    _RELATION_TEXTS.clear()
    _KEYED_MEMO.clear()
    for fn in (_plan, _plain_plan, evaluated, _variants, _cell_locations, _row_locations):
        fn.cache_clear()


on_registry_change(_forget)
