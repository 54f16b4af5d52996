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
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from govdisclosure.errors import pointer_from_path
from govdisclosure.schema import annotation_keywords, load_packaged, packaged_dir

from ._faults import write_faults
from .conftest import ROOT

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
