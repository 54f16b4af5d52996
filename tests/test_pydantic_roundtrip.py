"""pydantic's own serialization routes give documents the schemas accept and that read back.

An integrator serializes with pydantic (``model_dump_json``, ``model_dump(mode="json")``, a
``TypeAdapter`` as FastAPI uses), not with :mod:`govdisclosure.document`; each route must write
``$schema`` (not ``schema_``), amounts as JSON numbers (not strings), and read back equal.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic_core import PydanticSerializationError

from govdisclosure import document
from govdisclosure.cells import iter_cells
from govdisclosure.editions import Edition
from govdisclosure.models import MODELS, REPORT_ADAPTER, Report, Report2019, Report2021
from govdisclosure.schema import schema_validator

from .conftest import EXAMPLES
from .strategies import reports

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ReportT = Report2019 | Report2021


def _amounts(report: ReportT) -> list[Decimal]:
    found = [c.value for c in iter_cells(report) if isinstance(c.value, Decimal)]
    fees = report.sections.other_matters.fees if report.sections.other_matters else None
    if fees is not None:
        found += [v for v in (fees.fee_notices_amount_yuan, fees.fees_collected_yuan) if v]
    found += [c.value for row in report.extra_rows for c in row.cells if c.value is not None]
    return found


def _float_exact(value: Decimal) -> bool:
    return value == value.to_integral_value() or Decimal(repr(float(value))) == value


def _schema_accepts(edition: str, text: str | bytes) -> None:
    # Both ways an integrator reads the text: exactly, and with plain json (floats).
    for data in (document.parse_json(text), json.loads(text)):
        assert list(schema_validator(edition).iter_errors(data)) == []
        assert list(schema_validator(None).iter_errors(data)) == []


def _routes(report: ReportT) -> list[tuple[str, ReportT]]:
    model = MODELS[report.edition_enum]
    adapter: TypeAdapter[ReportT] = TypeAdapter(Report)
    return [
        ("model_dump_json", model.model_validate_json(report.model_dump_json())),
        ("model_dump json", model.model_validate(report.model_dump(mode="json"))),
        ("model_dump python", model.model_validate(report.model_dump())),
        ("TypeAdapter", adapter.validate_json(adapter.dump_json(report))),
        ("TypeAdapter python", adapter.validate_python(adapter.dump_python(report, mode="json"))),
        ("union adapter", REPORT_ADAPTER.validate_json(REPORT_ADAPTER.dump_json(report))),
    ]


def _check_round_trips(report: ReportT) -> None:
    for route, back in _routes(report):
        assert back == report, route
        # Values, not only equality of the models: the amounts read back are the same numbers.
        assert _amounts(back) == _amounts(report), route
    text = report.model_dump_json()
    assert '"$schema":' in text
    assert '"schema_"' not in text
    _schema_accepts(report.edition, text)
    _schema_accepts(report.edition, json.dumps(report.model_dump(mode="json"), ensure_ascii=False))
    # The canonical writer and pydantic's writer say the same document.
    assert json.loads(text) == json.loads(document.dumps(report))


@pytest.mark.parametrize("edition", list(Edition))
@SETTINGS
@given(data=st.data())
def test_every_pydantic_route_round_trips_and_validates(
    edition: Edition, data: st.DataObject
) -> None:
    report = data.draw(reports(edition))
    if all(_float_exact(v) for v in _amounts(report)):
        _check_round_trips(report)
    else:
        # An amount with more digits than a float holds is refused, never rounded.
        with pytest.raises(PydanticSerializationError, match="more digits"):
            report.model_dump_json()
        with pytest.raises(PydanticSerializationError, match="more digits"):
            report.model_dump(mode="json")
        assert document.loads(document.dumps(report)) == report


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_bundled_examples_round_trip(name: str) -> None:
    report = document.load(EXAMPLES / name)
    _check_round_trips(report)
    dumped: dict[str, Any] = report.model_dump(mode="json")
    assert "$schema" in dumped
    assert "schema_" not in dumped


def test_amounts_are_json_numbers_digit_for_digit() -> None:
    report = document.load(EXAMPLES / "quanzhou-digital-office-2021.json")
    for value in ("103.3879", "0.0001", "123456789012.345", "999999999999999"):
        report.t2.admin_fees.amount_10k_yuan = Decimal(value)
        text = report.model_dump_json()
        assert f'"amount_10k_yuan":{value}' in text.replace("1e-4", "0.0001")
        back = Report2021.model_validate_json(text)
        assert back.t2.admin_fees.amount_10k_yuan == Decimal(value)
        assert back.model_dump(mode="json")["t2"]["admin_fees"]["amount_10k_yuan"] == json.loads(
            value
        )


def test_fastapi_style_response_round_trip() -> None:
    """What a FastAPI endpoint does: dump the response model, the client validates it."""
    report = document.load(EXAMPLES / "shanghai-gov-office-2019.json")
    adapter: TypeAdapter[ReportT] = TypeAdapter(Report)
    body = adapter.dump_json(adapter.validate_python(report.model_dump(mode="json")))
    received = adapter.validate_json(body)
    assert received == report
    assert isinstance(received, Report2019)
    _schema_accepts("2019", body)
