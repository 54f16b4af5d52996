"""Reading and writing report documents as JSON (the reference format).

The canonical JSON of a report is: members in model order (official order), two-space
indentation, UTF-8 without ``\\u`` escapes, a trailing newline, ``"$schema"`` and
``"edition"`` first, every cell present (``null`` for a blank cell), amounts as JSON numbers
written exactly as stored (no exponent, no float rounding). It is byte-stable:
``dumps(loads(dumps(r))) == dumps(r)``.

Numbers are read with :class:`decimal.Decimal` for anything that has a fraction or an exponent,
so amounts keep every digit. A count is a whole number, as JSON Schema's ``integer`` says:
``2.0`` and ``2e0`` are read as the count ``2`` (and written back as ``2``);
:func:`govdisclosure.validation.validate_document` notes each count so written.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govdisclosure.editions import editions_text
from govdisclosure.errors import DocumentError, Problem, pointer_from_path, read_input
from govdisclosure.models import MODELS, REPORT_ADAPTER, ReportBase
from govdisclosure.models._core import MAX_EXTRA_CELLS, MAX_EXTRA_ROWS
from govdisclosure.models._types import bounded_number
from govdisclosure.schema_ids import schema_id

__all__ = [
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_json",
    "problems_from_validation_error",
    "to_data",
    "validate_data",
]

ReportT = ReportBase


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    # Built at C speed; only an object whose dict came out shorter has a repeated name,
    # and only then are its names walked to say which one came first twice.
    if len(out) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class _NumberOutOfRange(ValueError):
    def __init__(self, literal: str) -> None:
        self.literal = literal
        super().__init__(literal)


def _decimal(literal: str) -> Decimal:
    try:
        return Decimal(literal)
    except InvalidOperation:
        # Only an exponent beyond Decimal's own range (about ±10^18) gets here.
        raise _NumberOutOfRange(literal) from None


# One decoder for every call (``json.loads`` with options builds a new one each time, as
# costly as a fifth of a report's parse); ``json`` itself shares its default decoder so.
_EXACT_DECODER = json.JSONDecoder(
    parse_float=_decimal, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant
)


def parse_json(data: str | bytes, *, source: str | None = None) -> Any:
    """Parse JSON text exactly: non-integers as ``Decimal``, duplicate keys and NaN refused.

    Raises :class:`DocumentError` (code ``json-syntax`` with line/column, or
    ``duplicate-member``).
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise DocumentError(
                [
                    Problem(
                        "encoding",
                        "",
                        f"not UTF-8 text (byte {e.start}: {data[e.start : e.start + 1]!r})",
                        expected="a UTF-8 JSON document",
                    )
                ],
                source,
            ) from None
    else:
        text = data
    try:
        if type(text) is str and not text.startswith("\ufeff"):
            return _EXACT_DECODER.decode(text)
        # What the shared decoder does not do itself: refuse a BOM left in the text with
        # json.loads's own message, and read anything that is not a str as json.loads does.
        return json.loads(
            text,
            parse_float=_decimal,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
        )
    except _DuplicateKey as e:
        raise DocumentError(
            [
                Problem(
                    "duplicate-member",
                    "",
                    f"member {e.key!r} appears twice in one object; its first value would be lost",
                    expected="each member name once per object",
                    got=e.key,
                )
            ],
            source,
        ) from None
    except _NumberOutOfRange as e:
        at = text.find(e.literal)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        column = at - text.rfind("\n", 0, at) if at >= 0 else None
        shown = e.literal if len(e.literal) <= 40 else e.literal[:40] + "…"
        raise DocumentError(
            [
                Problem(
                    "json-number",
                    "",
                    f"the number {shown} is out of any readable range",
                    expected="a number of the report (an amount at most 1e15)",
                    line=line,
                    column=column,
                )
            ],
            source,
        ) from None
    except json.JSONDecodeError as e:
        raise DocumentError(
            [
                Problem(
                    "json-syntax",
                    "",
                    f"invalid JSON: {e.msg}",
                    expected="a JSON document",
                    line=e.lineno,
                    column=e.colno,
                    extra={"json_msg": e.msg},
                )
            ],
            source,
        ) from None
    except RecursionError:
        raise DocumentError(
            [
                Problem(
                    "json-depth",
                    "",
                    "arrays or objects are nested too deeply to read",
                    expected="a report document (nested a few levels deep)",
                )
            ],
            source,
        ) from None
    except ValueError as e:
        # Python refuses integers of more than a few thousand digits (a guard against
        # quadratic conversion); say so in the document's terms, not the interpreter's.
        too_long = "digits" in str(e) and "limit" in str(e).lower()
        message = "a number has too many digits to read" if too_long else f"invalid JSON: {e}"
        raise DocumentError(
            [Problem("json-syntax", "", message, expected="a JSON document")],
            source,
        ) from None


_EXPECTED: dict[str, str] = {
    "int_type": "a whole number (an integer)",
    "int_parsing": "an integer",
    "greater_than_equal": "a number ≥ {ge}",
    "less_than_equal": "a number ≤ {le}",
    "missing": "this member (it is required)",
    "extra_forbidden": "no such member (it is not part of the template)",
    "string_type": "a string",
    "bool_type": "true or false",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "list_type": "an array",
    "literal_error": "one of {expected}",
    "string_pattern_mismatch": "a string matching {pattern}",
    "string_too_short": "a non-empty string",
    "union_tag_invalid": "edition {expected_tags}",
    "union_tag_not_found": 'an "edition" member ({editions})',
    "amount_type": "a decimal number (JSON number ≥ 0)",
    "amount_places": "an amount with at most {places} decimal places",
    "too_long": "at most {max_length} items",
    "finite_number": "a finite number",
    "date_type": "a date string YYYY-MM-DD",
    "date_value": "a real calendar date",
    "schema_id": "the $schema of this edition",
}

_CODES: dict[str, str] = {
    "missing": "missing",
    "extra_forbidden": "unknown-member",
    "greater_than_equal": "range",
    "less_than_equal": "range",
    "finite_number": "range",
    "union_tag_invalid": "edition",
    "union_tag_not_found": "edition",
    "literal_error": "value",
    "string_pattern_mismatch": "value",
    "string_too_short": "value",
    "date_value": "value",
    "schema_id": "value",
    "amount_places": "range",
    "too_long": "range",
}


def problems_from_validation_error(err: ValidationError, *, discriminated: bool) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into :class:`Problem` records with JSON Pointers.

    ``discriminated``: the error came from the union adapter, whose locations start with the
    edition tag.
    """
    return [_problem_of(e, discriminated) for e in err.errors(include_url=False)]


_TAG_ERRORS = ("union_tag_invalid", "union_tag_not_found")


def _problem_of(e: Any, discriminated: bool) -> Problem:
    """One pydantic error as a :class:`Problem`."""
    loc = list(e["loc"])
    etype = e["type"]
    if etype in _TAG_ERRORS:
        loc = ["edition"]
    elif discriminated and loc:
        loc = loc[1:]  # drop the edition tag pydantic puts first
    ctx = e.get("ctx") or {}
    beyond = _whole_beyond(etype, ctx, e.get("input"))
    if beyond is not None:
        etype, ctx, e = beyond[0], beyond[1], {**e, "msg": beyond[2]}
    got = None if etype in ("missing", "union_tag_not_found", "extra_forbidden") else e.get("input")
    # What the problem is, for messages in other languages (govdisclosure.problem_text).
    extra: dict[str, Any] = {
        "type": etype,
        "ctx": {k: v if isinstance(v, (int, str)) else str(v) for k, v in ctx.items()},
    }
    if loc:
        extra["member"] = str(loc[-1])
    if got is not None:
        extra["shown"] = _show(got)
    return Problem(
        code=_CODES.get(etype, "type"),
        pointer=pointer_from_path(loc),
        message=_message(e["msg"], etype, loc, got),
        expected=_expected(etype, ctx),
        got=_plain(got),
        extra=extra,
    )


def _expected(etype: str, ctx: dict[str, Any]) -> str | None:
    template = _EXPECTED.get(etype)
    try:
        return template.format(**ctx, editions=editions_text()) if template else None
    except (KeyError, IndexError):
        return template


def _message(msg: str, etype: str, loc: list[Any], got: Any) -> str:
    if etype == "int_type" and got is not None:
        return f"expected an integer, got {_show(got)}"
    if etype == "extra_forbidden":
        return f"unknown member {loc[-1]!r}"
    if etype == "missing":
        return f"required member {loc[-1]!r} is missing" if loc else "required value missing"
    if got is not None and etype not in _SAYS_GOT:
        return f"{msg}, got {_show(got)}"
    return msg


def _whole_beyond(
    etype: str, ctx: dict[str, Any], value: Any
) -> tuple[str, dict[str, Any], str] | None:
    """What a count type's one error (``whole_number``, with its bounds in the context) is:
    a whole number (``-1``, ``1e20``) beyond the bounds is out of range, anything else
    (``2.5``, ``"2"``, ``true``) is not an integer; the error type, context and message
    pydantic gives for those."""
    if etype != "whole_number":
        return None
    whole = not isinstance(value, bool) and (
        isinstance(value, int)
        or (isinstance(value, float) and value.is_integer())
        or (isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value())
    )
    if not whole:
        return "int_type", {}, "Input should be a valid integer"
    if value > ctx["le"]:
        le = ctx["le"]
        return "less_than_equal", {"le": le}, f"Input should be less than or equal to {le}"
    ge = ctx["ge"]
    return "greater_than_equal", {"ge": ge}, f"Input should be greater than or equal to {ge}"


# Error types whose message already shows the value.
_SAYS_GOT = frozenset({"union_tag_invalid", "amount_type", "date_type", "date_value", "schema_id"})


def _plain(value: Any) -> Any:
    # Every value shown back is bounded: 1e300000000 written out is 300 MB of digits.
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        small = isinstance(value, int) and value.bit_length() < 160
        return value if small else bounded_number(value)
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    if isinstance(value, (dict, list)):
        return None if len(json.dumps(value, default=str)) > 200 else value
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (Decimal, int, float)):
        return bounded_number(value)
    if isinstance(value, str):
        if len(value) > 200:
            return json.dumps(value[:200], ensure_ascii=False)[:-1] + '…"'
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return repr(value)


def limit_problems(data: Any) -> list[Problem]:
    """Problems (code ``too-large``) of a document beyond the size limits of the model.

    Checked before the model or a schema validator walks the document, so that a hostile
    document (100,000 added rows) is refused at once rather than validated row by row.
    """
    rows = data.get("extra_rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return []
    if len(rows) > MAX_EXTRA_ROWS:
        return [
            Problem(
                "too-large",
                "/extra_rows",
                f"the document adds {len(rows)} rows to the template; at most "
                f"{MAX_EXTRA_ROWS} are read",
                expected=f"at most {MAX_EXTRA_ROWS} added rows",
            )
        ]
    out = []
    for i, row in enumerate(rows):
        cells = row.get("cells") if isinstance(row, dict) else None
        if isinstance(cells, list) and len(cells) > MAX_EXTRA_CELLS:
            out.append(
                Problem(
                    "too-large",
                    f"/extra_rows/{i}/cells",
                    f"an added row has {len(cells)} cells; at most {MAX_EXTRA_CELLS} are read",
                    expected=f"at most {MAX_EXTRA_CELLS} cells",
                )
            )
    return out


def validate_data(data: Any, *, source: str | None = None) -> ReportT:
    """Validate parsed JSON data (as from :func:`parse_json`) into a report model.

    Raises :class:`DocumentError` listing every problem with its JSON Pointer.
    """
    too_large = limit_problems(data)
    if too_large:
        raise DocumentError(too_large, source)
    if not isinstance(data, dict):
        raise DocumentError(
            [
                Problem(
                    "type",
                    "",
                    f"a report document is a JSON object, got {_show(data)}",
                    expected="an object",
                    extra={"type": "model_type", "shown": _show(data)},
                )
            ],
            source,
        )
    try:
        return REPORT_ADAPTER.validate_python(data)
    except ValidationError as e:
        problems = problems_from_validation_error(e, discriminated=True)
        raise DocumentError(_edition_mismatch(data, problems) or problems, source) from None


def _edition_mismatch(data: dict[str, Any], problems: list[Problem]) -> list[Problem] | None:
    """One problem at ``/edition`` when the document follows another edition's template.

    A 2021 report labelled ``"edition": "2019"`` fails on every row that differs between the
    templates: dozens of problems that all say one thing. When the document, read as another
    edition, has less than half as many problems, that edition is what it follows: say so
    once, with whatever is still wrong under that edition.
    """
    declared = data.get("edition")
    if len(problems) < 3 or declared not in {e.value for e in MODELS}:
        return None
    best: tuple[str, list[Problem]] | None = None
    for edition, model in MODELS.items():
        if edition.value == declared:
            continue
        trial = {**data, "edition": edition.value}
        if trial.get("$schema") == schema_id(declared):
            trial["$schema"] = schema_id(edition)
        try:
            model.model_validate(trial)
            others: list[Problem] = []
        except ValidationError as e:
            others = problems_from_validation_error(e, discriminated=False)
        if 2 * len(others) < len(problems) and (best is None or len(others) < len(best[1])):
            best = (edition.value, others)
    if best is None:
        return None
    follows, others = best
    said = " (and its $schema)" if data.get("$schema") == schema_id(follows) else ""
    mismatch = Problem(
        "edition",
        "/edition",
        f"the document says edition {declared!r} but its tables{said} follow the "
        f"{follows} template ({len(problems)} problems as a {declared} report)",
        expected=f'"{follows}", or the tables of the {declared} template',
        got=declared,
        extra={"type": "edition_mismatch", "ctx": {"declared": declared, "follows": follows}},
    )
    return [mismatch, *others]


def loads(data: str | bytes, *, source: str | None = None) -> ReportT:
    """Read a report of either edition from JSON text.

    Raises :class:`DocumentError` for invalid JSON or a document that is not a valid report.
    """
    return validate_data(parse_json(data, source=source), source=source)


def load(path: str | os.PathLike[str]) -> ReportT:
    """Read a report from a JSON file; raises :class:`DocumentError` (also if unreadable)."""
    return loads(read_input(path), source=str(path))


def to_data(report: ReportT) -> dict[str, Any]:
    """The report as JSON-compatible data (amounts stay ``Decimal``, dates become strings)."""
    return _plainify(report.model_dump(mode="python", by_alias=True))  # type: ignore[no-any-return]


def _plainify(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plainify(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plainify(v) for v in obj]
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    return obj


def dumps(report: ReportT) -> str:
    """The canonical JSON text of ``report`` (see the module docs)."""
    return dumps_data(to_data(report))


def dumps_data(data: Any) -> str:
    """JSON-compatible ``data`` in the canonical formatting of :func:`dumps` (indent 2, UTF-8
    characters, decimals exactly as stored, a final newline)."""
    parts: list[str] = []
    _encode(data, 0, parts)
    parts.append("\n")
    return "".join(parts)


def dump(report: ReportT, path: str | os.PathLike[str]) -> None:
    """Write the canonical JSON of ``report`` to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(report), encoding="utf-8")


def format_decimal(value: Decimal) -> str:
    """A decimal as a JSON number: exactly its digits, never an exponent."""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


def _encode(obj: Any, level: int, out: list[str]) -> None:
    if obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif isinstance(obj, int):
        out.append(str(int(obj)))
    elif isinstance(obj, Decimal):
        out.append(format_decimal(obj))
    elif isinstance(obj, float):
        out.append(repr(obj))
    elif isinstance(obj, str):
        out.append(json.dumps(obj, ensure_ascii=False))
    elif isinstance(obj, dict):
        _encode_items(obj.items(), level, out, "{", "}", True)
    elif isinstance(obj, (list, tuple)):
        _encode_items(((None, v) for v in obj), level, out, "[", "]", False)
    else:
        raise TypeError(f"cannot encode {type(obj).__name__}")


def _encode_items(
    items: Iterable[tuple[Any, Any]],
    level: int,
    out: list[str],
    open_: str,
    close: str,
    keyed: bool,
) -> None:
    pad = "  " * (level + 1)
    first = True
    out.append(open_)
    for k, v in items:
        out.append("\n" + pad if first else ",\n" + pad)
        first = False
        if keyed:
            out.append(json.dumps(k, ensure_ascii=False))
            out.append(": ")
        _encode(v, level + 1, out)
    if not first:
        out.append("\n" + "  " * level)
    out.append(close)


__all__ += ["dumps_data", "format_decimal"]
