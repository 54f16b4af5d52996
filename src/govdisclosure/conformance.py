"""The conformance suite: report documents with the findings the rules must give on them.

Implementations of the rules in other languages (from ``schemas/rules.json``) test themselves
against it. Generated from the rule catalogue, its examples and the engine, committed under
``conformance/`` and checked in sync like the schemas::

    python -m govdisclosure.conformance conformance          # regenerate
    python -m govdisclosure.conformance --check conformance  # fail when stale

Files:

- ``base-2019.json``, ``base-2021.json``: a small consistent report of each edition.
- ``cases/<name>.json``: one document each (every rule's firing example, both bases, edge
  values: big integers, decimals, ``2.0``, ``1E+2``, ``2.5`` or ``"2"`` for a count) with its
  expected findings.
- ``relations-<edition>.json``: for every instance of every arithmetic relation, the cases
  "off by one", "total blank", "items all blank", "both blank" and "0 beside blank items",
  each as an RFC 6902 JSON Patch (``replace`` operations) of the edition's base document.

A finding is expected as ``code``, ``severity``, ``pointers`` (every cell involved, the main
one first), ``reported`` and ``computed`` (JSON numbers, or ``null`` when blank or unknown).
Messages are not part of the contract. ``structure_ok`` is false when the document is not a
valid report: then only structural findings are expected and no relation is evaluated.
Cross-year (series) rules are not covered.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from govdisclosure.document import dumps_data
from govdisclosure.editions import Edition
from govdisclosure.rules._compile import compiled
from govdisclosure.rules.catalogue import CATALOGUE
from govdisclosure.rules.engine import check_json
from govdisclosure.rules.examples import EXAMPLES, apply, base_document

__all__ = ["build", "check", "main", "write"]

SUITE_VERSION = 1


def expected_findings(document: Any) -> dict[str, Any]:
    """What the engine finds on ``document`` (a parsed JSON value), in the suite's form."""
    report = check_json(dumps_data(document), exact=True)
    return {
        "structure_ok": report.structure_ok,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "pointers": list(f.pointers),
                "reported": f.reported,
                "computed": f.computed,
            }
            for f in report.findings
        ],
    }


def _case(description: str, document: Any) -> dict[str, Any]:
    return {"description": description, "document": document, **expected_findings(document)}


def _edge_cases() -> dict[str, dict[str, Any]]:
    r21, r19 = base_document(Edition.REV_2021), base_document(Edition.TRIAL_2019)
    # The largest count is 2^53 - 1 (exact in an IEEE double, so JSON.parse reads it exactly).
    big = 2**53 - 3
    nr = "/t3/new_received"
    return {
        "edge-big-integers": _case(
            "counts up to 2^53 - 1 (the largest count), consistent: no relation finding",
            apply(
                r21,
                [
                    (f"{nr}/natural_person", big),
                    (f"{nr}/total", big),
                    ("/t3/carried_over_out/natural_person", big + 2),
                    ("/t3/carried_over_out/total", big + 2),
                ],
            ),
        ),
        "edge-big-integers-off-by-one": _case(
            "a total one less than a 16-digit count",
            apply(r21, [(f"{nr}/natural_person", big), (f"{nr}/total", big - 1)]),
        ),
        "edge-decimal-amount": _case(
            "an amount with four decimals, read exactly",
            apply(r21, [("/t2/admin_fees/amount_10k_yuan", Decimal("103.3879"))]),
        ),
        "edge-decimal-amount-large": _case(
            "an amount of 100000 万元 or more: likely written in yuan (T2-R5)",
            apply(r21, [("/t2/admin_fees/amount_10k_yuan", Decimal("123456.70"))]),
        ),
        "edge-count-2.0": _case(
            "a count written 2.0 is the count 2 (a whole number is JSON Schema's integer): "
            "valid, and off by two against its total",
            apply(r21, [(f"{nr}/natural_person", Decimal("2.0"))]),
        ),
        "edge-count-beyond-max": _case(
            "a count of 2^53 (beyond the largest count, 2^53 - 1) is refused (structure)",
            apply(r21, [(f"{nr}/natural_person", 2**53), (f"{nr}/total", 2**53)]),
        ),
        "edge-count-100.0": _case(
            "counts written 100.0 are the count 100: valid; the rules read 100",
            apply(r21, [(f"{nr}/natural_person", Decimal("100.0")), (f"{nr}/total", 100)]),
        ),
        "edge-count-2.5": _case(
            "a count written 2.5 is not a whole number (structure)",
            apply(r21, [(f"{nr}/natural_person", Decimal("2.5"))]),
        ),
        "edge-count-string": _case(
            'a count written "5" is not a number (structure)',
            apply(r21, [(f"{nr}/natural_person", "5")]),
        ),
        "edge-count-negative-2019": _case(
            "a negative count in table 三 (2019)",
            apply(r19, [("/t3/results/granted/natural_person", -1)]),
        ),
        "edge-blank-is-not-zero": _case(
            "a blank total beside items summing to 0: no relation finding, a blank-cell warning",
            apply(r21, [("/t4/review/total", None)]),
        ),
    }


def _relation_cases(edition: Edition) -> list[dict[str, Any]]:
    base = base_document(edition)
    comp = compiled(edition)
    relation_codes = {r.code for r in CATALOGUE if type(r.check).__name__ == "Relation"}
    cases = []
    for k, inst in enumerate(comp.instances):
        if inst.code not in relation_codes:
            continue
        left = [comp.pointers[i] for i in inst.left]
        right = [comp.pointers[i] for i in inst.right]
        variants: list[tuple[str, list[tuple[str, Any]]]] = [
            ("total and items all blank", [(p, None) for p in (*left, *right)]),
        ]
        if left:
            variants += [
                ("off by one", [(left[0], _get(base, left[0]) + 1)]),
                ("items stated, total blank", [(right[0], 1), *((p, None) for p in left)]),
                ("total stated, items all blank", [(left[0], 1), *((p, None) for p in right)]),
                ("total 0 beside blank items", [(left[0], 0), *((p, None) for p in right)]),
            ]
        else:
            # A bound with nothing on the left (0 <= prev + delta): its last cell is signed.
            variants += [
                ("right side below 0", [*((p, 0) for p in right[:-1]), (right[-1], -1)]),
                ("right side blank and below 0", [(right[0], None), (right[-1], -2)]),
            ]
        for what, changes in variants:
            doc = apply(base, changes)
            cases.append(
                {
                    "description": f"{inst.code} instance {k}: {what}",
                    "patch": [{"op": "replace", "path": p, "value": v} for p, v in changes],
                    **expected_findings(doc),
                }
            )
    return cases


def _get(doc: Any, pointer: str) -> Any:
    for t in pointer.lstrip("/").split("/"):
        doc = doc[t]
    return doc


def build() -> dict[str, Any]:
    """Every file of the suite: relative path → JSON-compatible content."""
    files: dict[str, Any] = {}
    for ed in Edition:
        files[f"base-{ed.value}.json"] = base_document(ed)
        files[f"cases/pass-base-{ed.value}.json"] = _case(
            f"the {ed.value} base document: every rule passes", base_document(ed)
        )
    for code, (ed, changes) in EXAMPLES.items():
        files[f"cases/fire-{code}.json"] = _case(
            f"the documentation's example of {code}", apply(base_document(ed), changes)
        )
    for name, case in _edge_cases().items():
        files[f"cases/{name}.json"] = case
    for ed in Edition:
        files[f"relations-{ed.value}.json"] = {
            "suite_version": SUITE_VERSION,
            "base": f"base-{ed.value}.json",
            "cases": _relation_cases(ed),
        }
    return dict(sorted(files.items()))


def write(directory: str | Path) -> list[Path]:
    """Write the suite into ``directory``; returns the paths written."""
    d = Path(directory)
    written = []
    for name, content in build().items():
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(dumps_data(content), encoding="utf-8", newline="\n")
        written.append(p)
    return written


def check(directory: str | Path) -> list[str]:
    """Files of the suite that are missing, differ, or are no longer generated."""
    d = Path(directory)
    files = build()
    stale = [
        name
        for name, content in files.items()
        if not (d / name).is_file() or (d / name).read_text(encoding="utf-8") != dumps_data(content)
    ]
    extra = [
        p.relative_to(d).as_posix()
        for p in d.rglob("*.json")
        if p.relative_to(d).as_posix() not in files
    ]
    return sorted(stale + extra)


def main(argv: list[str] | None = None) -> int:
    """``python -m govdisclosure.conformance [--check] DIRECTORY``."""
    parser = argparse.ArgumentParser(prog="python -m govdisclosure.conformance")
    parser.add_argument("directory")
    parser.add_argument("--check", action="store_true", help="fail when the suite is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = check(args.directory)
        if stale:
            print(
                "conformance suite out of date: " + ", ".join(stale) + "\n"
                f"regenerate: python -m govdisclosure.conformance {args.directory}",
                file=sys.stderr,
            )
            return 1
        print(f"conformance suite in {args.directory} is up to date")
        return 0
    for p in write(args.directory):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
