"""Consistency rules: the catalogue (as data), the engine, and the validation report.

>>> from govdisclosure.rules import check, CATALOGUE
>>> findings = check(report)              # doctest: +SKIP
>>> [f.code for f in findings]            # doctest: +SKIP
['T3-R4']

Every rule has a stable code, a family (for selection), a severity, the editions it applies
to, a reference and messages in Chinese and English; arithmetic identities are declared as
cells (:class:`Relation`) and evaluated exactly. Reports whose totals are wrong load normally:
the rules say where and by how much, and never change the data.

A rule's entry in :data:`CATALOGUE` holds all its facts, its example included; its editions
are every edition whose layout has its cells. :mod:`govdisclosure.rules.plain` is the
reference evaluator, :mod:`govdisclosure.rules.fast` the one :func:`check` uses (the same
findings, faster); docs/rules-engine.md says how to add a rule.
"""

from __future__ import annotations

from govdisclosure.rules._model import (
    FAMILIES,
    LANGS,
    BlankItems,
    BlankTotal,
    Custom,
    Example,
    Family,
    Lang,
    Relation,
    Rule,
    SeriesExample,
)
from govdisclosure.rules.catalogue import (
    CATALOGUE,
    RULES_BY_CODE,
    Identity,
    blank_variants,
    extended,
    identities,
)
from govdisclosure.rules.engine import (
    RuleSelectionError,
    check,
    check_json,
    check_series,
    location,
    select_codes,
    structure_findings,
    validate_report,
)
from govdisclosure.rules.report import ValidationReport

__all__ = [
    "CATALOGUE",
    "FAMILIES",
    "LANGS",
    "RULES_BY_CODE",
    "BlankItems",
    "BlankTotal",
    "Custom",
    "Example",
    "Family",
    "Identity",
    "Lang",
    "Relation",
    "Rule",
    "RuleSelectionError",
    "SeriesExample",
    "ValidationReport",
    "blank_variants",
    "check",
    "check_json",
    "check_series",
    "extended",
    "identities",
    "location",
    "select_codes",
    "structure_findings",
    "validate_report",
]
