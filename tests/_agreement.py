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


def _number_literals(text: str) -> list[str]:
    return re.findall(r"(?<![\w.\"])-?[0-9][0-9.eE+-]*", text)


def documented_difference(text: str) -> str | None:
    """The documented class of a document the model refuses and a schema validator accepts.

    - ``amount-places``: an amount with more than ``MAX_AMOUNT_PLACES`` decimal places (no
      JSON Schema keyword limits the digits of a number; a double rounds them away);
    - ``beyond-double``: a number whose digits an IEEE double does not hold
      (``1.00000000000000001``, ``2.0000000000000001``): a validator reading doubles sees the
      rounded value (a whole number, or within a bound), the model the number written.

    - ``duplicate-member``: an object names a member twice. The model (and ``jsonschema`` on
      the exact reader's data) refuses the text; ``json.loads`` and ``JSON.parse`` keep the
      last value and hand a valid document to jsonschema-rs and Ajv.

    A count written ``2.0``, ``1e2`` or ``0e0`` is no longer a difference: it is a whole
    number, an integer for JSON Schema and for the model alike.
    """
    try:
        parse_json(text)
    except DocumentError as e:
        if any(p.code == "duplicate-member" for p in e.problems):
            return "duplicate-member"
    for literal in _number_literals(text):
        if not any(c in literal for c in ".eE"):
            continue
        try:
            value = Decimal(literal)
        except ArithmeticError:
            continue
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_AMOUNT_PLACES:
            return "amount-places"
        # A difference only when a double's rounding makes a fraction whole.
        if (
            value.is_finite()
            and abs(value.adjusted()) < 300
            and value != value.to_integral_value()
            and float(value).is_integer()
        ):
            return "beyond-double"
    return None


VALIDATORS = ("model", "jsonschema", "jsonschema-rs", "ajv")


def generated_texts(n: int) -> list[tuple[str, str]]:
    """``n`` generated documents (``tests.hostile.hostile_json_texts``, derandomized)."""
    from hypothesis import HealthCheck, given, settings

    from tests.hostile import hostile_json_texts

    out: list[tuple[str, str]] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_json_texts())
    def collect(case: tuple[str, str]) -> None:
        out.append(case)

    collect()
    return out[:n]


def measure(texts: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Every validator's verdict on each ``(class, text)``; agreement per pair and in all."""
    ajv = ajv_ok([t for _, t in texts])
    pairs = [(a, b) for i, a in enumerate(VALIDATORS) for b in VALIDATORS[i + 1 :]]
    same = dict.fromkeys(pairs, 0)
    disagreements: dict[str, list[tuple[str, dict[str, bool]]]] = {}
    all_agree = 0
    for i, (kind, text) in enumerate(texts):
        v: dict[str, bool | None] = {
            "model": model_ok(text),
            "jsonschema": jsonschema_ok(text),
            "jsonschema-rs": jsonschema_rs_ok(text),
            "ajv": None if ajv is None else ajv[i],
        }
        for a, b in pairs:
            same[(a, b)] += v[a] == v[b]
        if len({x for x in v.values() if x is not None}) == 1:
            all_agree += 1
            continue
        name = documented_difference(text) or "undocumented"
        shown = {k: x for k, x in v.items() if x is not None}
        disagreements.setdefault(name, []).append((kind, shown))
    n = len(texts)
    return {
        "documents": n,
        "validators": [k for k in VALIDATORS if k != "ajv" or ajv is not None],
        "all_agree": all_agree,
        "all_agree_percent": round(100 * all_agree / n, 3) if n else 100.0,
        "pairs": {f"{a} ⇔ {b}": same[(a, b)] for a, b in pairs},
        "disagreements": {k: len(v) for k, v in disagreements.items()},
        "examples": {k: v[:5] for k, v in disagreements.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests._agreement [--mutated N] [--generated N] [--seed S]``: the figures."""
    import argparse
    import random

    from tests.hostile import random_document_texts

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--mutated", type=int, default=5000)
    parser.add_argument("--generated", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)
    mutated = random_document_texts(random.Random(args.seed), args.mutated)
    generated = generated_texts(args.generated)
    figures = {
        "mutated examples": measure(mutated),
        "generated documents": measure(generated),
        "all": measure(mutated + generated),
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
