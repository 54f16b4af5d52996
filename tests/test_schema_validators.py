"""Generic JSON Schema validators name the faulty member, not the root or the other edition.

For each single-fault document of both editions (tests/_faults.py), the first error that
``jsonschema`` (best_match), ``check-jsonschema``, ``jsonschema-rs`` and ajv (Node, default
strict mode) report must be located at the fault's JSON Pointer, for the combined schema and
for the edition's own schema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from govdisclosure.cells import iter_cells
from govdisclosure.document import dumps
from govdisclosure.errors import pointer_from_path
from govdisclosure.schema import annotation_keywords, load_packaged, packaged_dir

from ._faults import write_faults
from .conftest import ROOT
from .strategies import reports

SCHEMAS = ("report.schema.json", "report-2019.schema.json", "report-2021.schema.json")
JS_DIR = ROOT / "integrations" / "js"


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    return write_faults(tmp_path_factory.mktemp("faults"))


def _applies(schema_name: str, fault_file: Path) -> bool:
    edition = re.search(r"report-(\d{4})", schema_name)
    return edition is None or f"fault-{edition.group(1)}-" in fault_file.name


def _registry() -> Any:
    from referencing import Registry, Resource

    return Registry().with_resources(
        (s["$id"], Resource.from_contents(s))
        for s in (load_packaged(p.name) for p in packaged_dir().glob("*.schema.json"))
    )


def _assert_all_at_fault(found: dict[Path, str | None], faults: list[tuple[Path, str]]) -> None:
    wrong = [(f.name, expected, found.get(f)) for f, expected in faults if found.get(f) != expected]
    assert wrong == [], f"{len(wrong)} of {len(faults)} not at the faulty member: {wrong[:5]}"


def test_enough_single_fault_documents(faults: list[tuple[Path, str]]) -> None:
    assert len(faults) >= 100
    assert {f.name[:10] for f, _ in faults} == {"fault-2019", "fault-2021"}


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_jsonschema_best_match_names_the_faulty_member(
    schema_name: str, faults: list[tuple[Path, str]]
) -> None:
    validator = Draft202012Validator(load_packaged(schema_name), registry=_registry())
    chosen = [(f, p) for f, p in faults if _applies(schema_name, f)]
    found: dict[Path, str | None] = {}
    for f, _ in chosen:
        err = best_match(validator.iter_errors(json.loads(f.read_text(encoding="utf-8"))))
        found[f] = None if err is None else pointer_from_path(list(err.absolute_path))
    _assert_all_at_fault(found, chosen)


def _pointer_from_jsonpath(path: str) -> str:
    # check-jsonschema prints JSONPath: $.t2.rules, $['$schema'], $.extra_rows[0].cells
    tokens = re.findall(r"\.([^.\[]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]", path[1:])
    return pointer_from_path([a or b or c for a, b, c in tokens])


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_check_jsonschema_names_the_faulty_member(
    schema_name: str, faults: list[tuple[Path, str]]
) -> None:
    pytest.importorskip("check_jsonschema")
    chosen = [(f, p) for f, p in faults if _applies(schema_name, f)]
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "-o", "json"]
        + ["--schemafile", str(packaged_dir() / schema_name)]
        + [str(f) for f, _ in chosen],
        capture_output=True,
        text=True,
        check=False,
    )
    result = json.loads(run.stdout)
    found: dict[Path, str | None] = {}
    for err in result["errors"]:
        found.setdefault(Path(err["filename"]), _pointer_from_jsonpath(err["path"]))
    _assert_all_at_fault(found, chosen)


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_jsonschema_rs_names_the_faulty_member(
    schema_name: str, faults: list[tuple[Path, str]]
) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    registry = jsonschema_rs.Registry(
        [(s["$id"], s) for s in (load_packaged(p.name) for p in packaged_dir().glob("*.json"))]
    )
    validator = jsonschema_rs.validator_for(load_packaged(schema_name), registry=registry)
    chosen = [(f, p) for f, p in faults if _applies(schema_name, f)]
    found: dict[Path, str | None] = {}
    for f, _ in chosen:
        errors = list(validator.iter_errors(json.loads(f.read_text(encoding="utf-8"))))
        found[f] = pointer_from_path(list(errors[0].instance_path)) if errors else None
    _assert_all_at_fault(found, chosen)


def _ajv_available() -> bool:
    return shutil.which("node") is not None and (JS_DIR / "node_modules" / "ajv").is_dir()


@pytest.mark.skipif(
    not _ajv_available(), reason="node or ajv missing (npm install --prefix integrations/js)"
)
@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_ajv_strict_compiles_and_names_the_faulty_member(
    schema_name: str, faults: list[tuple[Path, str]]
) -> None:
    chosen = [(f, p) for f, p in faults if _applies(schema_name, f)]
    run = subprocess.run(
        ["node", str(JS_DIR / "ajv-validate.mjs"), str(packaged_dir()), schema_name]
        + [str(f) for f, _ in chosen],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # not even a strict-mode warning
    found: dict[Path, str | None] = {}
    for line in run.stdout.splitlines():
        out = json.loads(line)
        found[Path(out["file"])] = None if out["valid"] else out["pointer"]
    _assert_all_at_fault(found, chosen)


def test_annotation_keywords_are_documented() -> None:
    """Each x-govd-* keyword of the schemas is listed in docs/schemas.md, as ajv needs it."""
    keywords = annotation_keywords()
    assert "x-govd-table" in keywords
    docs = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")
    assert [k for k in keywords if f"`{k}`" not in docs] == []


_WRONG = st.sampled_from([-1, "2", 2.5, True, {}, []])


@pytest.mark.parametrize("edition", ["2019", "2021"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_reports_with_one_wrong_cell_are_explained_at_the_cell(
    edition: str, data: st.DataObject
) -> None:
    """Beyond the two examples: any generated report, any cell, any wrong value."""
    report = data.draw(reports(edition))
    doc = json.loads(dumps(report))  # as a generic validator reads it: plain JSON
    cells = list(iter_cells(report))
    cell = data.draw(st.sampled_from(cells))
    wrong = data.draw(
        _WRONG.filter(lambda v: not (v == -1 and cell.ref.column.kind == "signed_count"))
    )
    *parents, last = cell.pointer.split("/")[1:]
    target = doc
    for t in parents:
        target = target[t]
    target[last] = wrong
    python_validator, rs_validator = _combined_validators()
    err = best_match(python_validator.iter_errors(doc))
    assert err is not None
    assert pointer_from_path(list(err.absolute_path)) == cell.pointer, [
        (list(e.absolute_path), repr(e.instance)[:80], e.message[:150])
        for e in python_validator.iter_errors(doc)
    ]
    if rs_validator is not None:
        errors = list(rs_validator.iter_errors(doc))
        assert pointer_from_path(list(errors[0].instance_path)) == cell.pointer


@cache
def _combined_validators() -> tuple[Any, Any]:
    schema = load_packaged("report.schema.json")
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - part of the test extra
        return Draft202012Validator(schema), None
    return Draft202012Validator(schema), jsonschema_rs.validator_for(schema)


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/metadata/body/region_code", "١٢٣٤٥٦"),  # Arabic-Indic digits
        ("/metadata/body/region_code", "３５０５００"),  # full-width digits
        ("/metadata/contact/postcode", "３６２０００"),
        ("/metadata/publication_date", "２０２２-01-20"),
    ],
)
def test_model_and_every_validator_refuse_non_ascii_digits(pointer: str, value: str) -> None:
    """\\d means any digit to Python and pydantic, an ASCII digit to JSON Schema: [0-9] it is."""
    from govdisclosure.document import DocumentError, validate_data

    doc = json.loads((ROOT / "examples" / "quanzhou-digital-office-2021.json").read_text("utf-8"))
    *parents, last = pointer.split("/")[1:]
    target = doc
    for t in parents:
        target = target[t]
    target[last] = value
    with pytest.raises(DocumentError):
        validate_data(doc)
    python_validator, rs_validator = _combined_validators()
    assert [pointer_from_path(list(e.absolute_path)) for e in python_validator.iter_errors(doc)]
    if rs_validator is not None:
        assert not rs_validator.is_valid(doc)
