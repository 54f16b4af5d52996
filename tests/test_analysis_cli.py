"""The analysis commands as a user runs them: outputs, exit codes, clear errors."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from govdisclosure import document
from govdisclosure.cli.main import main
from tests.conftest import DATA, EXAMPLES


def _write(tmp_path: Path, name: str, report: Any) -> str:
    p = tmp_path / name
    document.dump(report, p)
    return str(p)


def test_aggregate_writes_a_valid_report(
    tmp_path: Path, hongze_2024: Any, huaian_2024: Any, capsys: Any
) -> None:
    a, b = _write(tmp_path, "014.json", hongze_2024), _write(tmp_path, "015.json", huaian_2024)
    out = tmp_path / "sum.json"
    assert main(["aggregate", a, b, "-o", str(out), "--name", "淮安合计", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] == [str(out)]
    assert main(["check", str(out), "--fail-on", "error"]) == 0
    agg = document.load(out)
    assert agg.t3.new_received.total == 3214
    assert agg.metadata.aggregate is not None
    assert [m.source for m in agg.metadata.aggregate.members] == [a, b]
    assert main(["aggregate", a, b, "-o", str(tmp_path / "sum.md")]) == 0
    assert "（七）总计" in (tmp_path / "sum.md").read_text(encoding="utf-8")


def test_aggregate_refuses_years_and_overwriting(
    tmp_path: Path, hongze_2023: Any, hongze_2024: Any, capsys: Any
) -> None:
    a, b = _write(tmp_path, "013.json", hongze_2023), _write(tmp_path, "014.json", hongze_2024)
    assert main(["aggregate", a, b]) == 2
    assert "different years" in capsys.readouterr().err
    assert main(["aggregate", b, "-o", b]) == 2
    assert main(["aggregate", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert "nope.json" in err
    assert "Traceback" not in err


def test_aggregate_roster_reconciles(
    tmp_path: Path, hongze_2024: Any, huaian_2024: Any, capsys: Any
) -> None:
    a, b = _write(tmp_path, "014.json", hongze_2024), _write(tmp_path, "015.json", huaian_2024)
    out = tmp_path / "region.json"
    code = main(
        [
            "aggregate",
            a,
            b,
            "--roster",
            str(DATA / "analysis" / "roster-huaian-2024.csv"),
            "-o",
            str(out),
            "--format",
            "json",
        ]
    )
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert summary["unit"] == "淮安市"
    assert summary["coverage"]["counts"]["missing"] == 2  # the region report and 金湖县
    assert document.load(out).metadata.aggregate.scope == "region"  # type: ignore[union-attr]
    region = document.load(out).model_copy(deep=True)
    region.metadata.body.name = "淮安市"
    region.t4.review.total = (region.t4.review.total or 0) + 1
    r = _write(tmp_path, "published-region.json", region)
    code = main(
        [
            "aggregate",
            a,
            b,
            "--roster",
            str(DATA / "analysis" / "roster-huaian-2024.csv"),
            "--region",
            r,
            "-o",
            str(tmp_path / "x.json"),
        ]
    )
    assert code == 1
    assert "RC-R1 /t4/review/total" in capsys.readouterr().err


def test_coverage_command(tmp_path: Path, hongze_2024: Any, capsys: Any) -> None:
    a = _write(tmp_path, "014.json", hongze_2024)
    roster = str(DATA / "analysis" / "roster-huaian-2024.csv")
    assert main(["coverage", "--roster", roster, "--year", "2024", a]) == 1
    text = capsys.readouterr().out
    assert "missing   淮安市金湖县人民政府" in text
    assert "undated   淮安市洪泽区人民政府" in text
    assert main(["coverage", "--roster", roster, "--year", "2024", a, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"ok": 0, "missing": 3, "duplicate": 0, "late": 0, "undated": 1}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\n甲,everything\n", encoding="utf-8")
    assert main(["coverage", "--roster", str(bad), "--year", "2024"]) == 2
    assert "line 2, column kind" in capsys.readouterr().err


def test_indicators_command(
    tmp_path: Path, hongze_2023: Any, hongze_2024: Any, huaian_2024: Any, capsys: Any
) -> None:
    a, b = _write(tmp_path, "013.json", hongze_2023), _write(tmp_path, "014.json", hongze_2024)
    assert main(["indicators", b, "--previous", a]) == 0
    text = capsys.readouterr().out
    assert "62.11%" in text
    assert "352.38%" in text  # (95 − 21) / 21
    assert main(["indicators", a, b, "--pooled"]) == 2  # one year only
    assert "different years" in capsys.readouterr().err
    c = _write(tmp_path, "015.json", huaian_2024)
    assert main(["indicators", b, c, "--to", "csv", "--pooled"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["source"] for r in rows] == [b, c, "(pooled)"]
    # Rates over the pair come from summed counts, not from the mean of the two rates.
    res = [hongze_2024.t3.results, huaian_2024.t3.results]
    num = sum(r.granted.total + r.partially_granted.total for r in res)
    den = sum(r.total.total for r in res)
    pooled = Fraction(num, den)
    assert Decimal(rows[2]["disclosure_rate"]) == round(
        Decimal(pooled.numerator * 100) / pooled.denominator, 4
    )
    mean = (Decimal(rows[0]["disclosure_rate"]) + Decimal(rows[1]["disclosure_rate"])) / 2
    assert abs(Decimal(rows[2]["disclosure_rate"]) - mean) > Decimal("0.01")
    assert main(["indicators", b, "--to", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ind = {i["id"]: i for i in data[0]["indicators"]}
    assert ind["disclosure_rate"]["value"] == "59/95"
    assert ind["new_requests_yoy"]["reason"] == "no_previous_report"


def test_compare_and_reuse_commands(
    tmp_path: Path, pingtan_2020: Any, pingtan_2021: Any, capsys: Any
) -> None:
    a, b = _write(tmp_path, "2020.json", pingtan_2020), _write(tmp_path, "2021.json", pingtan_2021)
    assert main(["compare", a, b]) == 0
    assert "t3.new_received.total: 21 → 70 (+49)" in capsys.readouterr().out
    assert main(["compare", a, b, "--to", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["previous_year"] == 2020
    assert data["year"] == 2021
    out = tmp_path / "cmp.html"
    assert main(["compare", a, b, "--to", "html", "-o", str(out)]) == 0
    assert 'class="changed"' in out.read_text(encoding="utf-8")
    assert main(["compare", a, a]) == 2
    assert (
        main(["reuse", a, b, str(EXAMPLES / "shanghai-gov-office-2019.json"), "--format", "json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["pairs"] == []
    assert main(["reuse", a, "--threshold", "2"]) == 2


@pytest.mark.parametrize("cmd", ["aggregate", "indicators", "compare", "reuse"])
def test_unreadable_input_is_a_clear_error(tmp_path: Path, cmd: str, capsys: Any) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    args = [cmd, str(bad)] + ([str(bad)] if cmd == "compare" else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err
    assert "Traceback" not in err
