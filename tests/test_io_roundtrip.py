"""Round trips through every format that reads back are lossless (Hypothesis, both editions)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from govdisclosure import document
from govdisclosure.editions import Edition
from govdisclosure.io import csv as gcsv
from govdisclosure.io import json as gjson
from govdisclosure.io import xlsx
from govdisclosure.models import Report2019, Report2021
from govdisclosure.schema import schema_validator

from .strategies import report_data, reports

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(a: Report2019 | Report2021, b: Report2019 | Report2021) -> None:
    # Model equality compares decimals by value; the canonical JSON also compares how they
    # are written (1.50 is not 1.5).
    assert a == b
    assert document.dumps(a) == document.dumps(b)


@pytest.mark.parametrize("edition", list(Edition))
@SETTINGS
@given(data=st.data())
def test_strategy_draws_valid_documents(edition: Edition, data: st.DataObject) -> None:
    doc = data.draw(report_data(edition))
    report = document.validate_data(doc)
    assert report.edition == edition.value
    schema_validator(edition).validate(document.parse_json(document.dumps(report)))


@pytest.mark.parametrize("edition", list(Edition))
@SETTINGS
@given(data=st.data())
def test_json_round_trip(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    _same(gjson.loads(gjson.dumps(report)), report)


@pytest.mark.parametrize("edition", list(Edition))
@SETTINGS
@given(data=st.data())
def test_long_csv_round_trip(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    assume(sys.version_info >= (3, 11) or "\x00" not in report.metadata.body.name)
    back = gcsv.loads(gcsv.dumps(report), meta=gcsv.dumps_meta(report))
    _same(back, report)


@pytest.mark.parametrize("edition", list(Edition))
@SETTINGS
@given(data=st.data())
def test_long_csv_without_side_file_keeps_every_cell(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    assume(sys.version_info >= (3, 11) or "\x00" not in report.metadata.body.name)
    back = gcsv.loads(gcsv.dumps(report))
    assert back.metadata.body.name == report.metadata.body.name
    assert back.metadata.report_year == report.metadata.report_year
    assert back.t2 == report.t2
    assert back.t3 == report.t3
    assert back.t4 == report.t4


@pytest.mark.parametrize("edition", list(Edition))
@SETTINGS
@given(data=st.data())
def test_xlsx_round_trip(edition: Edition, data: st.DataObject) -> None:
    report = data.draw(reports(edition))
    _same(xlsx.loads(xlsx.dumps(report)), report)


@settings(max_examples=10, deadline=None)
@given(report=reports())
def test_files_round_trip_through_the_dispatcher(
    report: Report2019 | Report2021, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from govdisclosure import io as gio

    assume(sys.version_info >= (3, 11) or "\x00" not in report.metadata.body.name)
    d = tmp_path_factory.mktemp("rt")
    for name in ("r.json", "r.csv", "r.xlsx"):
        written = gio.dump(report, d / name)
        assert all(Path(p).is_file() for p in written)
        _same(gio.load(d / name), report)
