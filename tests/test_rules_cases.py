"""Every rule has a fixture that fires it and one that passes, and the engine agrees with both.

Fixtures live in ``tests/rules_cases/<code>/{fire,pass}/`` (``case.json`` + ``expected.json``);
``tests/rules_cases/_build.py`` says where each case comes from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.document import validate_data
from govdisclosure.rules import CATALOGUE, check_json, check_series

CASES = Path(__file__).resolve().parent / "rules_cases"
CODES = [r.code for r in CATALOGUE]


def _case_dirs() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/*/case.json"))


def _key(f: dict[str, Any]) -> tuple[str, str, int]:
    return (f["code"], f["pointer"], f.get("report", 0))


def _run(case: Any) -> list[dict[str, Any]]:
    """Findings of every rule for a case, in the fixtures' comparable form."""
    docs = case if isinstance(case, list) else [case]
    found: list[dict[str, Any]] = []
    for i, doc in enumerate(docs):
        text = json.dumps(doc, ensure_ascii=False)
        report = check_json(text, exact=True)
        for f in report.findings:
            found.append(
                {
                    "code": f.code,
                    "pointer": f.pointer,
                    "report": i,
                    "reported": f.reported,
                    "computed": f.computed,
                }
            )
    if isinstance(case, list):
        for f in check_series([validate_data(d) for d in docs]):
            found.append(
                {
                    "code": f.code,
                    "pointer": f.pointer,
                    "report": f.params["report_index"],
                    "reported": f.reported,
                    "computed": f.computed,
                }
            )
    return found


def test_every_code_has_a_firing_and_a_passing_fixture() -> None:
    have = {(p.parent.name, p.name) for p in _case_dirs()}
    missing = [
        f"{code}/{kind}" for code in CODES for kind in ("fire", "pass") if (code, kind) not in have
    ]
    assert not missing, f"rules without fixtures: {missing}"
    unknown = sorted({code for code, _ in have} - set(CODES))
    assert not unknown, f"fixtures for codes not in the catalogue: {unknown}"


@pytest.mark.parametrize("case_dir", _case_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case_dir: Path) -> None:
    code, kind = case_dir.parent.name, case_dir.name
    case = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    found = _run(case)
    assert sorted(map(_key, found)) == sorted(map(_key, expected))
    by_key = {_key(f): f for f in found}
    for e in expected:
        if "reported" in e:
            f = by_key[_key(e)]
            assert (f["reported"], f["computed"]) == (e["reported"], e["computed"]), e
    codes = {f["code"] for f in found}
    if kind == "fire":
        assert code in codes
    else:
        assert code not in codes
