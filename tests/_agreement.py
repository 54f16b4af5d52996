"""Model ⇔ JSON Schema agreement across validators: the model, ``jsonschema``, jsonschema-rs, Ajv.

Each validator reads the JSON *text* as its users would: the model through the exact reader
(:func:`govdisclosure.validation.validate_document`), ``jsonschema`` on
:func:`govdisclosure.document.parse_json`'s data (decimals kept), jsonschema-rs on plain
``json.loads`` data (floats, as a Python integrator would hand it over), Ajv in Node.js on
``JSON.parse`` (IEEE doubles). jsonschema-rs and Ajv are optional: absent, they are left out.

The differences that the committed schemas cannot express are documented in
``docs/schemas.md`` ("What a generic validator cannot check"); :func:`documented_difference`
names them, and every other difference is a bug.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from govdisclosure.document import parse_json
from govdisclosure.errors import DocumentError
from govdisclosure.models._types import MAX_AMOUNT_PLACES
from govdisclosure.schema import schema_validator
from govdisclosure.validation import validate_document

ROOT = Path(__file__).resolve().parents[1]
COMBINED = ROOT / "schemas" / "report.schema.json"
AJV_SCRIPT = Path(__file__).resolve().parent / "ajv_validate.js"


def model_ok(text: str) -> bool:
    """The document is a valid report for the model (the CLI's exact reader)."""
    return validate_document(text).valid


def jsonschema_ok(text: str) -> bool:
    """The ``jsonschema`` package accepts the document (numbers read as decimals)."""
    try:
        data = parse_json(text)
    except DocumentError:
        return False
    return bool(schema_validator(None).is_valid(data))


@cache
def _rs_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(json.loads(COMBINED.read_text(encoding="utf-8")))


def jsonschema_rs_ok(text: str) -> bool | None:
    """jsonschema-rs accepts the document (``None`` when it is not installed)."""
    validator = _rs_validator()
    if validator is None:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return bool(validator.is_valid(data))


def ajv_node_path() -> str | None:
    """Where the ``ajv`` package is installed for Node.js, or ``None``.

    ``GOVD_AJV_NODE_PATH`` names a ``node_modules`` folder; else ``.ci-node/node_modules`` in
    the repository (where ``.ci/run`` installs it).
    """
    if shutil.which("node") is None:
        return None
    for candidate in (os.environ.get("GOVD_AJV_NODE_PATH"), str(ROOT / ".ci-node/node_modules")):
        if candidate and (Path(candidate) / "ajv" / "package.json").is_file():
            return candidate
    return None


def ajv_ok(texts: Sequence[str]) -> list[bool] | None:
    """Ajv's verdict on each document (``None`` when Node.js or Ajv is not available)."""
    node_path = ajv_node_path()
    if node_path is None:
        return None
    # Documents are passed as written, one per line: a line break inside a JSON string is
    # always escaped, so only the whitespace between tokens is replaced.
    payload = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    run = subprocess.run(
        ["node", str(AJV_SCRIPT), str(COMBINED)],
        input=payload.encode("utf-8"),
        capture_output=True,
        env={**os.environ, "NODE_PATH": node_path},
        check=True,
        timeout=600,
    )
    verdicts = run.stdout.decode().split()
    assert len(verdicts) == len(texts), run.stderr.decode()[-2000:]
    return [v == "1" for v in verdicts]


_INTEGRAL_NON_INTEGER = re.compile(r"^-?[0-9]+(\.0+)?([eE][+-]?[0-9]+)?$")


def documented_difference(text: str) -> str | None:
    """The documented class of a document the model refuses and a schema validator accepts.

    - ``count-written-as-number``: a count written with a fraction or exponent that is a whole
      number (``2.0``, ``1e2``, ``0e0``): JSON Schema's ``integer`` is a mathematical integer;
    - ``amount-places``: an amount with more than ``MAX_AMOUNT_PLACES`` decimal places (no
      JSON Schema keyword limits the digits of a number; a double rounds them away).
    """
    for literal in re.findall(r"(?<![\w.\"])-?[0-9][0-9.eE+-]*", text):
        if _INTEGRAL_NON_INTEGER.match(literal) and not literal.lstrip("-").isdigit():
            try:
                value = Decimal(literal)
            except ArithmeticError:
                continue
            if value == value.to_integral_value():
                return "count-written-as-number"
        if any(c in literal for c in ".eE"):
            try:
                value = Decimal(literal)
            except ArithmeticError:
                continue
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -MAX_AMOUNT_PLACES:
                return "amount-places"
    return None
