"""Hypothesis strategies of report documents as JSON data (dicts), built from the layout.

Used to test that the models and the committed JSON Schemas agree on what is a valid document.
Numbers with a fraction are ``Decimal``, as :func:`govdisclosure.document.parse_json` reads them.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from govdisclosure.editions import Edition
from govdisclosure.layout import layout_for
from govdisclosure.schema_ids import schema_id

COUNTS = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))
SIGNED = st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6))
AMOUNTS = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    obj = doc
    for name in path[:-1]:
        obj = obj.setdefault(name, {})
    obj[path[-1]] = value


@st.composite
def documents(draw: st.DrawFn, edition: Edition | None = None) -> dict[str, Any]:
    """A valid report document of ``edition`` (drawn when None), as JSON data."""
    ed = edition or draw(st.sampled_from(list(Edition)))
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["$schema"] = schema_id(ed)
    doc["edition"] = ed.value
    metadata: dict[str, Any] = {
        "body": {"name": draw(TEXT.filter(bool))},
        "report_year": draw(st.integers(min_value=2008, max_value=2100)),
    }
    if draw(st.booleans()):
        metadata["publication_date"] = draw(st.dates()).isoformat()
    if draw(st.booleans()):
        metadata["body"]["level"] = draw(
            st.sampled_from(["national", "provincial", "prefectural", "county", "township"])
        )
    if draw(st.booleans()):
        metadata["title"] = draw(TEXT)
    doc["metadata"] = metadata
    sections: dict[str, Any] = {}
    for sid in ("general", "problems", "other_matters"):
        if draw(st.booleans()):
            sections[sid] = {"title": draw(st.one_of(st.none(), TEXT)), "text": draw(TEXT)}
    if "other_matters" in sections and draw(st.booleans()):
        sections["other_matters"]["fees"] = {"fees_collected_yuan": draw(AMOUNTS)}
    doc["sections"] = sections
    for ref in layout_for(ed).cells:
        kind = ref.column.kind
        strat = COUNTS if kind == "count" else SIGNED if kind == "signed_count" else AMOUNTS
        _set(doc, ref.path, draw(strat))
    if ed is Edition.TRIAL_2019 and draw(st.booleans()):
        doc["t2"]["central_procurement"]["procurement_amount_unit"] = draw(
            st.sampled_from(["元", "万元", None])
        )
    return doc


BAD_VALUES: list[Any] = [
    True,
    False,
    Decimal("2.0"),
    Decimal("1.5"),
    "3",
    -1,
    None,
    {},
    [],
    "x",
    10**20,
    0,
]


def locations(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (member names / indexes) of a value inside ``doc``."""
    out: list[tuple[Any, ...]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append((*prefix, k))
            out.extend(locations(v, (*prefix, k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.append((*prefix, i))
            out.extend(locations(v, (*prefix, i)))
    return out


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with one change: a value replaced, a member removed or added."""
    doc = copy.deepcopy(draw(documents()))
    paths = locations(doc)
    path = draw(st.sampled_from(paths))
    parent: Any = doc
    for p in path[:-1]:
        parent = parent[p]
    action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(st.sampled_from(BAD_VALUES))
    elif action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["unknown", "extra_cell", "总计"]))] = 0
    return doc
