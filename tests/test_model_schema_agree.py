"""The models and the committed JSON Schemas accept exactly the same documents."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from govdisclosure.document import validate_data
from govdisclosure.errors import DocumentError
from govdisclosure.schema import schema_validator
from tests._docdata import documents, mutated_documents


def _model_ok(doc: Any) -> bool:
    try:
        validate_data(doc)
    except DocumentError:
        return False
    return True


def _schema_ok(doc: Any) -> bool:
    return bool(schema_validator(None).is_valid(doc))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_are_valid_for_both(doc: dict[str, Any]) -> None:
    assert _model_ok(doc)
    assert _schema_ok(doc)
    edition = doc["edition"]
    assert schema_validator(edition).is_valid(doc)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_model_and_schema_agree_on_mutations(doc: dict[str, Any]) -> None:
    assert _model_ok(doc) == _schema_ok(doc), doc
