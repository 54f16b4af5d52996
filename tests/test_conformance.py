"""The conformance suite is in sync, and schemas/rules.json alone is enough to evaluate it.

``_evaluate`` below is an independent evaluator of the arithmetic rules: it reads nothing but
``schemas/rules.json`` and the suite's JSON (no import of the engine, the layout or the
models) and must give exactly the arithmetic findings the engine gave, on every case.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.conformance import check

from .conftest import ROOT

SUITE = ROOT / "conformance"
RULES = ROOT / "schemas" / "rules.json"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def test_suite_in_sync() -> None:
    assert check(SUITE) == []


# ------------------------------------------------------------ the independent evaluator


def _at(doc: Any, pointer: str) -> Any:
    for t in pointer.split("/")[1:]:
        doc = doc[t.replace("~1", "/").replace("~0", "~")]
    return doc


def _holds(cond: Any, left: list[Any], right: list[Any]) -> bool:
    if cond is True:
        return True
    if "all" in cond:
        return all(_holds(c, left, right) for c in cond["all"])
    side = left if cond.get("cells", cond.get("blank")) == "left" else right
    if "count" in cond:
        return len(side) == cond["count"]
    return all(v is None for v in side)


def _value(expr: str | None, lsum: Any, rsum: Any) -> Any:
    return {None: None, "sum(left)": lsum, "sum(right)": rsum}[expr]


_OPS = {"==": lambda a, b: a == b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _evaluate(rules: dict[str, Any], edition: str, doc: Any) -> list[dict[str, Any]]:
    out = []
    severity = {r["code"]: r["severity"] for r in rules["rules"]}
    for rule in rules["rules"]:
        chk = rule["check"]
        if chk["kind"] != "relation" or edition not in chk["instances"]:
            continue
        ev = chk["evaluation"]
        for inst in chk["instances"][edition]:
            left = [_at(doc, p) for p in inst["left"]]
            right = [_at(doc, p) for p in inst["right"]]
            lsum = sum((ev["blank_as"] if v is None else v for v in left), 0)
            rsum = sum((ev["blank_as"] if v is None else v for v in right), 0)
            if _OPS[inst["op"]](lsum, rsum):
                continue
            outcome = next(o for o in ev["on_failure"] if _holds(o["when"], left, right))
            out.append(
                {
                    "code": outcome["code"],
                    "severity": severity[outcome["code"]],
                    "pointers": [*inst["left"], *inst["right"]],
                    "reported": _value(outcome["reported"], lsum, rsum),
                    "computed": _value(outcome["computed"], lsum, rsum),
                }
            )
    return out


def _arithmetic_codes(rules: dict[str, Any]) -> set[str]:
    kinds = ("relation", "blank-total", "blank-items")
    return {r["code"] for r in rules["rules"] if r["check"]["kind"] in kinds}


def _patched(base: Any, patch: list[dict[str, Any]]) -> Any:
    doc = copy.deepcopy(base)
    for op in patch:
        assert op["op"] == "replace"
        *parents, last = op["path"].split("/")[1:]
        _at(doc, "/" + "/".join(parents) if parents else "")[last] = op["value"]
    return doc


def _all_cases() -> list[tuple[str, str, Any, dict[str, Any]]]:
    cases = []
    for p in sorted((SUITE / "cases").glob("*.json")):
        case = _load(p)
        cases.append((p.stem, case["document"]["edition"], case["document"], case))
    for p in sorted(SUITE.glob("relations-*.json")):
        suite = _load(p)
        base = _load(SUITE / suite["base"])
        for i, case in enumerate(suite["cases"]):
            doc = _patched(base, case["patch"])
            cases.append((f"{p.stem}#{i}", doc["edition"], doc, case))
    return cases


CASES = _all_cases()


def _number(value: Any) -> Any:
    # Reported and computed values are compared as JSON numbers: a count written 2.0 in a
    # document is the count 2 (a whole number), whatever the evaluator's arithmetic keeps.
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


def _key(f: dict[str, Any]) -> str:
    f = {k: _number(v) for k, v in f.items()}
    return json.dumps(f, sort_keys=True, default=str)


@pytest.mark.parametrize(("name", "edition", "doc", "case"), CASES, ids=[c[0] for c in CASES])
def test_rules_json_alone_gives_the_engines_arithmetic_findings(
    name: str, edition: str, doc: Any, case: dict[str, Any]
) -> None:
    rules = _load(RULES)
    codes = _arithmetic_codes(rules)
    expected = [f for f in case["findings"] if f["code"] in codes]
    got = _evaluate(rules, edition, doc) if case["structure_ok"] else []
    assert sorted(map(_key, got)) == sorted(map(_key, expected))


def test_suite_covers_every_rule_and_outcome() -> None:
    rules = _load(RULES)
    fired = {f["code"] for _, _, _, case in CASES for f in case["findings"]}
    single = {r["code"] for r in rules["rules"] if r["check"]["kind"] != "series"}
    assert single <= fired, sorted(single - fired)
    # Both outcomes of each arithmetic rule: some case fires it, some passes it.
    assert all(not case["findings"] for n, _, _, case in CASES if n.startswith("pass-base"))
    assert sum(1 for *_, case in CASES if not case["structure_ok"]) >= 3
    assert len(CASES) >= 500


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_javascript_reference_evaluator_agrees_on_every_case() -> None:
    """integrations/js/rules-eval.mjs (no dependencies) reads rules.json and the suite."""
    run = subprocess.run(
        ["node", str(ROOT / "integrations" / "js" / "rules-eval.mjs"), str(RULES), str(SUITE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    summary = json.loads(run.stdout.splitlines()[-1])
    assert summary["disagree"] == 0
    assert summary["cases"] == len(CASES)
    assert summary["findings"] >= 800


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_javascript_evaluator_notices_a_wrong_rules_file(tmp_path: Path) -> None:
    rules = json.loads(RULES.read_text(encoding="utf-8"))
    for r in rules["rules"]:
        if r["check"]["kind"] == "relation":
            r["check"]["evaluation"]["on_failure"].reverse()
    changed = tmp_path / "rules.json"
    changed.write_text(json.dumps(rules), encoding="utf-8")
    run = subprocess.run(
        ["node", str(ROOT / "integrations" / "js" / "rules-eval.mjs"), str(changed), str(SUITE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert json.loads(run.stdout.splitlines()[-1])["disagree"] > 100


def test_python_evaluator_notices_a_wrong_rules_file() -> None:
    """The evaluator above is not vacuous: outcomes tried in the wrong order disagree."""
    rules = _load(RULES)
    for r in rules["rules"]:
        if r["check"]["kind"] == "relation":
            r["check"]["evaluation"]["on_failure"].reverse()
    codes = _arithmetic_codes(rules)
    wrong = 0
    for _, edition, doc, case in CASES:
        expected = sorted(_key(f) for f in case["findings"] if f["code"] in codes)
        got = sorted(map(_key, _evaluate(rules, edition, doc))) if case["structure_ok"] else []
        wrong += got != expected
    assert wrong > 100


def test_every_function_rule_states_its_inputs_and_outputs() -> None:
    """A function rule added to the catalogue needs its entry in rules/export.py too."""
    rules = _load(RULES)
    missing = [
        r["code"]
        for r in rules["rules"]
        if r["check"]["kind"] in ("function", "series")
        and not (r["check"].get("inputs") and r["check"].get("fires_when"))
    ]
    assert missing == []
    for r in rules["rules"]:
        for p in r["check"].get("inputs", []):
            assert p.startswith("/"), (r["code"], p)
