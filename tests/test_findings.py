"""Findings are values: their params cannot be changed, yet read like the dict they are."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.findings import Finding, Params
from govdisclosure.rules import check_json

SHANGHAI = Path(__file__).resolve().parents[1] / "examples" / "shanghai-gov-office-2019.json"


def _finding() -> Finding:
    return Finding(
        "T3-R3",
        "error",
        "表三 （七）总计 × 自然人 为 20，但各项之和为 26（差 -6）",
        ("/t3/results/total/natural_person",),
        {"reported": 20, "computed": 26, "diff": -6, "location": "表三 （七）总计 × 自然人"},
        20,
        26,
    )


def test_a_finding_keeps_its_params_as_a_read_only_dict() -> None:
    f = _finding()
    assert type(f.params) is Params
    assert isinstance(f.params, dict)
    assert f.params == {
        "reported": 20,
        "computed": 26,
        "diff": -6,
        "location": "表三 （七）总计 × 自然人",
    }
    changes: list[Any] = [
        lambda p: p.__setitem__("diff", 0),
        lambda p: p.__delitem__("diff"),
        lambda p: p.clear(),
        lambda p: p.pop("diff"),
        lambda p: p.popitem(),
        lambda p: p.setdefault("x", 1),
        lambda p: p.update(diff=0),
        lambda p: p.__ior__({"diff": 0}),
    ]
    for change in changes:
        with pytest.raises(TypeError, match="cannot be changed"):
            change(f.params)
    assert f.params["diff"] == -6
    # Making a changed copy is the way: the result is an ordinary dict.
    assert type(f.params | {"diff": 0}) is dict
    assert dict(f.params, diff=0)["diff"] == 0


def test_params_serialise_copy_and_pickle_like_a_dict() -> None:
    f = _finding()
    assert json.loads(json.dumps(f.params, ensure_ascii=False)) == dict(f.params)
    for twin in (copy.copy(f), copy.deepcopy(f), pickle.loads(pickle.dumps(f))):
        assert twin == f
        assert type(twin.params) is Params
    replaced = dataclasses.replace(f, message="m")
    assert replaced.params == f.params
    assert type(replaced.params) is Params
    assert Finding("X", "info", "m").params == {}


def test_findings_of_a_check_have_read_only_params_in_json_too() -> None:
    report = check_json(SHANGHAI.read_bytes())
    assert len(report.findings) > 30
    assert all(type(f.params) is Params for f in report.findings)
    data = report.as_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert isinstance(data["findings"][0]["params"], dict)
    assert any(isinstance(f.reported, (int, Decimal)) for f in report.findings)
