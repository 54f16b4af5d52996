"""The committed schema artefacts are in sync with the models and ship in the wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govdisclosure import schema
from govdisclosure.cli.main import main
from govdisclosure.editions import Edition
from govdisclosure.schema_ids import schema_file, schema_id

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schemas_equal_generated() -> None:
    stale = schema.check_files(ROOT / "schemas")
    assert not stale, f"out of date: {stale}; regenerate with: {schema.REGENERATE_COMMAND}"


def test_schema_headers() -> None:
    for edition in (*Edition, None):
        s = schema.load_packaged(schema_file(edition))
        assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert s["$id"] == schema_id(edition)
        assert s["x-govd-schema-version"] == schema.SCHEMA_VERSION
    combined = schema.load_packaged(schema_file(None))
    # One if/then per edition on the "edition" member, an enum of the editions otherwise.
    assert combined["properties"]["edition"]["enum"] == [e.value for e in Edition]
    assert combined["required"] == ["edition"]
    assert [(b["if"]["properties"]["edition"]["const"], b["then"]) for b in combined["allOf"]] == [
        (e.value, {"$ref": f"#/$defs/Report{e.value}"}) for e in Edition
    ]
    assert "oneOf" not in combined


def test_canonical_formatting() -> None:
    for p in (ROOT / "schemas").glob("*.json"):
        text = p.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", p.name


def test_check_cli_detects_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for p in (ROOT / "schemas").glob("*.json"):
        shutil.copy(p, tmp_path / p.name)
    assert main(["schema", "--check", "--output", str(tmp_path)]) == 0
    target = tmp_path / "report-2021.schema.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["$defs"]["T3Row"]["properties"]["natural_person"]["title"] = "changed"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert main(["schema", "--check", "--output", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "report-2021.schema.json" in err
    assert schema.REGENERATE_COMMAND in err


def test_schema_prints_one_edition(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--edition", "2019"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == schema_id("2019")


def test_wheel_ships_the_schemas(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for p in (ROOT / "schemas").glob("*.json"):
        assert f"govdisclosure/schemas/{p.name}" in names
    assert "govdisclosure/py.typed" in names


def test_schemas_page_lists_every_artefact_and_its_snippet_runs() -> None:
    page = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")
    for name in schema.generated_files():
        assert f"| `{name}` |" in page, name
    snippet = page.split("```python\n", 1)[1].split("```", 1)[0]
    subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, check=True, capture_output=True)
