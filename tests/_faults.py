"""Single-fault documents: a bundled example with exactly one wrong member, and where it is.

Used to measure whether a validator names the faulty member's JSON Pointer (not the document
root, not the other edition's branch).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govdisclosure.cells import iter_cells
from govdisclosure.document import load

from .conftest import EXAMPLES

EXAMPLE_FILES = {
    "2019": EXAMPLES / "shanghai-gov-office-2019.json",
    "2021": EXAMPLES / "quanzhou-digital-office-2021.json",
}

# Wrong values for a count cell and for an amount cell (each is one fault).
_COUNT_FAULTS: tuple[Any, ...] = (-1, "2", 2.5, True, {})
_AMOUNT_FAULTS: tuple[Any, ...] = (-1, "1.5", False)


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _set(doc: Any, pointer: str, value: Any) -> None:
    *parents, last = _tokens(pointer)
    for t in parents:
        doc = doc[int(t)] if isinstance(doc, list) else doc[t]
    doc[last] = value


def single_faults(edition: str) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``(name, document, pointer of the fault)`` for one edition's example."""
    path = EXAMPLE_FILES[edition]
    base = json.loads(path.read_text(encoding="utf-8"))
    cells = list(iter_cells(load(path)))
    # Every table cell once, with the wrong values taking turns; a few get every wrong value.
    for i, cell in enumerate(cells):
        kind = cell.ref.column.kind
        faults = _AMOUNT_FAULTS if kind == "amount" else _COUNT_FAULTS
        if kind == "signed_count":  # the 2019 本年增/减 column: -1 is a valid value there
            faults = tuple(v for v in faults if v != -1)
        chosen = faults if i % 17 == 0 else (faults[i % len(faults)],)
        for value in chosen:
            doc = copy.deepcopy(base)
            _set(doc, cell.pointer, value)
            yield f"{edition}{cell.pointer}={json.dumps(value)}", doc, cell.pointer
    # Structure faults: an unknown member (reported at its object), a missing one, metadata.
    row = cells[0].pointer.rsplit("/", 1)[0]
    doc = copy.deepcopy(base)
    _set(doc, row + "/not_a_column", 1)
    yield f"{edition}{row}+unknown", doc, row
    for pointer, value in (
        ("/metadata/report_year", "2021"),
        ("/metadata/report_year", 1999),
        ("/metadata/publication_date", "2022-02-30x"),
        ("/metadata/body/name", ""),
        ("/metadata/body/level", "city"),
    ):
        doc = copy.deepcopy(base)
        _set(doc, pointer, value)
        yield f"{edition}{pointer}={json.dumps(value)}", doc, pointer


def write_faults(directory: Path) -> list[tuple[Path, str]]:
    """Write every single-fault document of both editions; returns (file, fault pointer)."""
    out = []
    for edition in EXAMPLE_FILES:
        for i, (_name, doc, pointer) in enumerate(single_faults(edition)):
            p = directory / f"fault-{edition}-{i:03d}.json"
            p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            out.append((p, pointer))
    return out
