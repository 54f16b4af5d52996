"""Cell value types and the strict base model."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    Strict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "Amount",
    "Count",
    "IsoDate",
    "SignedCount",
    "StrictModel",
    "Text",
]


class StrictModel(BaseModel):
    """Base of every document model: unknown keys are errors, values are never coerced."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        validate_assignment=True,
        populate_by_name=True,
        # pydantic's own dumps (model_dump_json, model_dump, a TypeAdapter, FastAPI) write
        # "$schema", as the schemas and every reader expect, not the Python name schema_.
        serialize_by_alias=True,
        use_attribute_docstrings=False,
        revalidate_instances="never",
    )


Count = Annotated[
    int,
    Strict(),
    Field(ge=0),
    WithJsonSchema({"type": "integer", "minimum": 0}),
]
"""A count: an integer ≥ 0. ``true``, ``2.0``, ``"2"`` and ``-1`` are rejected."""

SignedCount = Annotated[int, Strict(), WithJsonSchema({"type": "integer"})]
"""A signed integer (the 2019 本年增/减 column)."""


def _amount_in(value: Any) -> Any:
    # JSON numbers arrive as int, Decimal (our loader) or float (pydantic's own JSON parser);
    # strings and booleans are refused so that the model agrees with the schema's "number".
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise PydanticCustomError(
            "amount_type",
            "expected a decimal number (JSON number, e.g. 0 or 103.3879), got {got}",
            {"got": type(value).__name__},
        )
    if isinstance(value, float):
        try:
            # repr() is the shortest text that round-trips, i.e. what the JSON said.
            return Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a float is always parseable
            return value
    if isinstance(value, int):
        return Decimal(value)
    return value


def _amount_schema(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    # pydantic refuses NaN and infinities of a Decimal by default (finite_number), in Rust.
    exact = core_schema.no_info_before_validator_function(
        _amount_in, core_schema.decimal_schema(ge=Decimal(0))
    )
    # An integer in JSON text (most amounts, and the values of added rows) is read by
    # pydantic itself, with no Python call; any other value takes the exact path above.
    return core_schema.json_or_python_schema(
        json_schema=core_schema.union_schema(
            [
                core_schema.chain_schema(
                    [core_schema.int_schema(strict=True), core_schema.decimal_schema(ge=Decimal(0))]
                ),
                exact,
            ],
            mode="left_to_right",
        ),
        python_schema=exact,
        serialization=core_schema.plain_serializer_function_ser_schema(
            amount_json_number, when_used="json"
        ),
    )


def amount_json_number(value: Decimal) -> int | float:
    """An amount as the JSON number pydantic's own JSON output writes (``model_dump_json``).

    pydantic writes a ``Decimal`` as a JSON *string*, which the schemas (and the models)
    refuse. It has no way to write a number's digits verbatim, so an integral amount becomes
    an ``int`` (exact at any size) and any other amount the ``float`` whose shortest text is
    the same number. An amount no ``float`` holds exactly (more than about 15 significant
    digits) is refused rather than rounded; :func:`govdisclosure.document.dumps` writes
    every amount digit for digit, trailing zeros included.
    """
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(
            f"the amount {format(value, 'f')} has more digits than a JSON number written by "
            "pydantic can carry exactly; write the report with govdisclosure.document.dumps"
        )
    return as_float


Amount = Annotated[
    Decimal,
    GetPydanticSchema(_amount_schema),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
"""A money amount ≥ 0, stored exactly as a :class:`~decimal.Decimal`; its unit is in the field."""

# [0-9], not \d: in JSON Schema (ECMA-262) \d is ASCII, in Python and pydantic any digit.
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _date_in(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        raise PydanticCustomError("date_type", "expected a date (YYYY-MM-DD), got a datetime")
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise PydanticCustomError(
            "date_type", "expected a date string YYYY-MM-DD, got {got}", {"got": repr(value)}
        )
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_value", "{got} is not a calendar date", {"got": repr(value)}
        ) from None


def _iso_date_schema(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    # JSON text can only hold a date as a string: pydantic checks its shape and reads it
    # natively there (no Python call per date). It accepts exactly what ``_date_in`` accepts
    # of a string, so both readers agree; Python objects still go through ``_date_in``.
    return core_schema.json_or_python_schema(
        json_schema=core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
                core_schema.date_schema(),
            ]
        ),
        python_schema=core_schema.no_info_before_validator_function(
            _date_in, core_schema.date_schema()
        ),
    )


IsoDate = Annotated[
    _dt.date,
    GetPydanticSchema(_iso_date_schema),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    ),
]
"""A calendar date written ``YYYY-MM-DD``."""

Text = Annotated[str, Strict()]
"""Free text, kept exactly as published (line breaks included)."""


def schema_ref(schema_id: str) -> tuple[AfterValidator, WithJsonSchema]:
    """Metadata for a document's ``$schema`` member, which must be exactly ``schema_id``.

    Use as ``Annotated[str, Strict(), *schema_ref(id)]``.
    """

    def _check(value: str) -> str:
        if value != schema_id:
            raise PydanticCustomError(
                "schema_id",
                "expected {expected}, got {got}",
                {"expected": repr(schema_id), "got": repr(value)},
            )
        return value

    return AfterValidator(_check), WithJsonSchema({"type": "string", "const": schema_id})
