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
    "MAX_AMOUNT",
    "MAX_AMOUNT_PLACES",
    "MAX_COUNT",
    "Amount",
    "Count",
    "IsoDate",
    "SignedCount",
    "StrictModel",
    "Text",
    "Year",
    "bounded_number",
    "exact_pattern",
    "number_fits",
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


MAX_COUNT = 2**53 - 1
"""Largest count (and largest magnitude of a signed count): every integer up to it is exact
in an IEEE double, so a JavaScript reader gets the digits the document wrote. No real count
comes near it."""

MAX_AMOUNT = Decimal(10) ** 15
"""Largest amount (10^15, in the unit of its column: 万元 or 元)."""

MAX_AMOUNT_PLACES = 12
"""Most decimal places of an amount (a fen of 万元 needs 6). With :data:`MAX_AMOUNT` an
amount has at most 28 significant digits: Decimal's default precision keeps it, and its
plain rendering is short. No JSON Schema keyword can say this (see docs/schema.md)."""

WHOLE_NUMBER_READS = 0
"""How many counts the models have read from a whole number written with a fraction or an
exponent (``2.0``, ``1e2``) in this process. It only grows; a reader compares it before and
after a validation to know whether to look for such counts (see
:func:`govdisclosure.validation.count_form_notes`), which keeps the usual path free of any
walk."""


def _whole_number(low: int, high: int) -> Any:
    def read(value: Any) -> int:
        # Only what is not a Python int comes here (see _count_schema): a JSON number written
        # 2.0, 1e2 or 0e0 is read as the integer it equals.
        number: Decimal | None = None
        if isinstance(value, float) and value.is_integer():
            number = Decimal(repr(value))
        elif (
            isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()
        ):
            number = value
        # Bounded before int(): 1e40000000000 written out would be 40 GB of digits.
        if number is None or not low <= number <= high:
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        global WHOLE_NUMBER_READS
        WHOLE_NUMBER_READS += 1
        return int(number)

    return read


def _count_schema(low: int, high: int) -> Any:
    read = _whole_number(low, high)

    def build(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # A Python int within the bounds (every count of a canonical document) is checked in
        # Rust alone, by the union's first choice; only another value calls ``read``. The
        # union's one error (whole_number) carries the bounds, so that a reader can say a whole
        # number beyond them is out of range (govdisclosure.document does).
        return core_schema.union_schema(
            [
                core_schema.int_schema(strict=True, ge=low, le=high),
                core_schema.no_info_plain_validator_function(read),
            ],
            mode="left_to_right",
            custom_error_type="whole_number",
            custom_error_message="Input should be a whole number from {ge} to {le}",
            custom_error_context={"ge": low, "le": high},
        )

    return GetPydanticSchema(build)


Count = Annotated[
    int,
    _count_schema(0, MAX_COUNT),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_COUNT}),
]
"""A count: a JSON number whose value is a whole number from 0 to :data:`MAX_COUNT` (JSON
Schema's ``integer``). ``2``, ``2.0`` and ``2e0`` are the count 2, stored as the ``int`` 2;
``true``, ``2.5``, ``"2"`` and ``-1`` are rejected."""

SignedCount = Annotated[
    int,
    _count_schema(-MAX_COUNT, MAX_COUNT),
    WithJsonSchema({"type": "integer", "minimum": -MAX_COUNT, "maximum": MAX_COUNT}),
]
"""A signed whole number (the 2019 本年增/减 column), of magnitude at most :data:`MAX_COUNT`."""

Year = Annotated[
    int,
    _count_schema(2008, 2100),
    WithJsonSchema({"type": "integer", "minimum": 2008, "maximum": 2100}),
]
"""A report year from 2008 (the year the 条例 took effect) to 2100, a whole number like a
count (``2021``; ``2021.0`` is read as 2021)."""


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
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_AMOUNT_PLACES and value.is_finite():
        raise PydanticCustomError(
            "amount_places",
            "expected at most {places} decimal places",
            {"places": MAX_AMOUNT_PLACES},
        )
    return value


def number_fits(value: int | Decimal, kind: str) -> bool:
    """Whether the model holds ``value`` in a cell of ``kind`` (``count``, ``signed_count``,
    ``amount``): within :data:`MAX_COUNT`, or :data:`MAX_AMOUNT` with at most
    :data:`MAX_AMOUNT_PLACES` decimal places. Sign rules are not checked here."""
    number = value if isinstance(value, Decimal) else Decimal(value)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or an infinity
        return False
    if kind != "amount":
        return bool(number.copy_abs() <= MAX_COUNT)
    return bool(number.copy_abs() <= MAX_AMOUNT) and exponent >= -MAX_AMOUNT_PLACES


def bounded_number(value: Decimal | int | float) -> str:
    """A number as text of bounded length, for messages.

    A number too long to show in full (``1e300000000`` is 300 MB of digits written out) is
    shown by its first digits and its exponent.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() < 160:
            return str(value)
        value = Decimal(value)
    if isinstance(value, float):
        return repr(value)
    if not value.is_finite():
        return str(value)
    digits = value.as_tuple().digits
    if -40 <= value.adjusted() <= 40 and len(digits) <= 60:
        return format(value, "f")
    sign = "-" if value.is_signed() else ""
    head = "".join(map(str, digits[:16]))
    more = "…" if len(digits) > 16 else ""
    return f"{sign}{head[0]}.{head[1:]}{more}e{value.adjusted():+d}".replace(".e", "e")


def _amount_schema(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    # pydantic refuses NaN and infinities of a Decimal by default (finite_number), in Rust.
    exact = core_schema.no_info_before_validator_function(
        _amount_in, core_schema.decimal_schema(ge=Decimal(0), le=MAX_AMOUNT)
    )
    # An integer in JSON text (most amounts, and the values of added rows) is read by
    # pydantic itself, with no Python call; any other value takes the exact path above.
    return core_schema.json_or_python_schema(
        json_schema=core_schema.union_schema(
            [
                core_schema.chain_schema(
                    [
                        core_schema.int_schema(strict=True),
                        core_schema.decimal_schema(ge=Decimal(0), le=MAX_AMOUNT),
                    ]
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
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": int(MAX_AMOUNT)}),
]
"""A money amount from 0 to :data:`MAX_AMOUNT` with at most :data:`MAX_AMOUNT_PLACES` decimal
places, stored exactly as a :class:`~decimal.Decimal`; its unit is in the field."""

# [0-9], not \d: in JSON Schema (ECMA-262) \d is ASCII, in Python and pydantic any digit.
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_in(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        raise PydanticCustomError("date_type", "expected a date (YYYY-MM-DD), got a datetime")
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
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
        {
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "not": {"pattern": "\n"},
        }
    ),
]
"""A calendar date written ``YYYY-MM-DD``."""

Text = Annotated[str, Strict()]
"""Free text, kept exactly as published (line breaks included)."""

URL_PATTERN = (
    r"^https?://[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$"
)
"""``http(s)://`` and no space or control character. The excluded characters are listed
rather than written ``\\S``: what ``\\s`` means differs between Python (``\\x1c``-``\\x1f``),
Rust (``\\x85``) and ECMAScript (``\\ufeff``) validators."""


def exact_pattern(regex: str) -> Any:
    """Field metadata for a pattern the whole string must match, read alike by every validator.

    ``regex`` must spell its characters out (``[0-9]``, never ``\\d``, which ECMAScript reads
    as ASCII digits and Python and Rust as any Unicode digit) and must not match a line
    break. The schema also says ``"not": {"pattern": "\\n"}``: Python's ``re`` (used by the
    ``jsonschema`` package) lets ``$`` match before a final line break, where the model
    (Rust regex) and Ajv do not.
    """
    return Field(pattern=regex, json_schema_extra={"not": {"pattern": "\n"}})


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
