"""The check benchmark runs and prints every figure it promises (timings are not tested)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_check", ROOT / "bench" / "bench_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_check"] = module
    spec.loader.exec_module(module)
    return module


def test_bench_check_prints_each_contender_and_the_ratios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed = ROOT / "examples" / "quanzhou-digital-office-2021.json"
    assert _bench().main([str(seed), "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    names = ["json", "pydantic", "rules", "check", "check-exact", "jsonschema"]
    # orjson is only in the dev extra; without it the benchmark leaves that line out.
    names += ["orjson"] if importlib.util.find_spec("orjson") else []
    for name in names:
        assert re.search(rf"^  {re.escape(name)} +[\d.]+ µs$", out, re.M), name
    assert re.search(r"check vs jsonschema: [\d.]+× faster", out)


def test_bench_check_corpus_covers_every_corpus_report(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench()
    assert bench.main(["--corpus", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    reports = sorted(p.name for p in bench.CORPUS.iterdir())
    assert len(reports) >= 20
    for name in reports:
        assert name[:58] in out
    assert re.search(rf"{len(reports)} reports: median check [\d.]+ µs", out)


def _bench_dataset() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_dataset", ROOT / "bench" / "bench_dataset.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_dataset"] = module
    spec.loader.exec_module(module)
    return module


def test_bench_dataset_cells_prints_every_contender(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    assert _bench_dataset().main(["cells", "--rounds", "1", "--target-ms", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^corpus median \(21 parsed reports\)( +[\d.]+){3}$", out, re.M)
    assert re.search(r"iter_cells: [\d.]+x faster than before", out)


def test_bench_dataset_query_checks_its_sums(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duckdb")
    # A small synthetic dataset: the benchmark compares DuckDB's sums with pyarrow's.
    assert _bench_dataset().main(["query", "--reports", "60", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "built 60 reports" in out
    assert re.search(r"dataset\.query \(embedded DuckDB\) +[\d.]+ s", out)


def test_bench_site_builds_distinct_reports(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_site", ROOT / "bench" / "bench_site.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--reports", "8", "--large", "0", "--no-browser"])
    out = capsys.readouterr().out
    assert re.search(r"^build 8 reports: [\d.]+ s wall, [\d.]+ s CPU", out, re.M)
