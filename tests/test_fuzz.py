"""Fuzzing harness: generated hostile input for every reader, one generator per class of issue 10.

Each test feeds generated input to a reader and allows only the documented outcome: a result,
or the reader's own error (:class:`~govdisclosure.parse.ParseError`,
:class:`~govdisclosure.io.FormatError`, :class:`~govdisclosure.errors.DocumentError`, all
:class:`~govdisclosure.errors.GovdisclosureError`) whose messages are bounded. CI runs a few
examples on fixed seeds (the ``ci`` Hypothesis profile); for a long run by hand::

    GOVD_FUZZ_EXAMPLES=20000 python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

A reproducer found this way goes into ``tests/test_hardening.py`` as a fixed test.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure import document
from govdisclosure.errors import DocumentError, GovdisclosureError
from govdisclosure.io import FormatError
from govdisclosure.io import csv as gcsv
from govdisclosure.io import xlsx as gxlsx
from govdisclosure.parse import ParseError, parse
from govdisclosure.rules import check_json
from govdisclosure.validation import validate_document
from tests.hostile import (
    SEED_2019,
    SEED_2021,
    fuzz_examples,
    hostile_json_texts,
    hostile_workbooks,
)

_SETTINGS = settings(
    max_examples=fuzz_examples(60),
    # A long run by hand also holds every input to 10 s; CI's shared machines are too noisy.
    deadline=10_000 if os.environ.get("GOVD_FUZZ_EXAMPLES") else None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_MESSAGE_LIMIT = 2_000
"""Longest message any reader may print for one problem (the hostile values are far longer)."""


def _bounded(err: GovdisclosureError) -> None:
    problems = getattr(err, "problems", None)
    if problems is not None:
        for p in problems:
            assert len(p.message) <= _MESSAGE_LIMIT, p.message[:200]
            assert len(json.dumps(p.as_dict(), ensure_ascii=False)) <= 2 * _MESSAGE_LIMIT
    else:
        assert len(str(err)) <= _MESSAGE_LIMIT, str(err)[:200]


@_SETTINGS
@given(hostile_workbooks())
def test_hostile_workbooks_in_every_xlsx_reader(data: bytes) -> None:
    for read in (
        lambda: parse(data, source="fuzz.xlsx"),
        lambda: parse(data, format="xlsx"),
        lambda: gxlsx.loads(data, source="fuzz.xlsx"),
    ):
        try:
            read()
        except (ParseError, FormatError) as e:
            _bounded(e)


@_SETTINGS
@given(hostile_json_texts())
def test_hostile_json_in_every_json_reader(case: tuple[str, str]) -> None:
    _, text = case
    result = validate_document(text, with_schema=True)
    for p in result.problems:
        assert len(p.message) <= _MESSAGE_LIMIT, p.message[:200]
    for exact in (True, False):
        report = check_json(text, exact=exact)
        assert all(len(f.message) <= _MESSAGE_LIMIT for f in report.findings)
        if exact:  # the default reads as validate does; the opt-in fast path is lenient
            assert report.structure_ok is result.valid
    try:
        document.loads(text)
    except DocumentError as e:
        _bounded(e)
        assert not result.valid
    else:
        assert result.valid


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


def _positions(doc: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.extend(_positions(v, (*prefix, k)))
    return out


@_SETTINGS
@given(st.data())
def test_hostile_side_files_in_the_csv_reader(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([SEED_2021, SEED_2019]))
    report = document.loads(path.read_bytes())
    meta = json.loads(gcsv.dumps_meta(report))
    extra = {"t2": {"central_procurement": {}}, "t3": {"results": {"withheld": {}}}, "t4": {}}
    where = data.draw(st.sampled_from(_positions({**extra, **meta})))
    parent: Any = meta
    for name in where[:-1]:
        if not isinstance(parent.get(name), dict):
            parent[name] = {}
        parent = parent[name]
    parent[where[-1]] = data.draw(_JSON_VALUES)
    try:
        gcsv.loads(gcsv.dumps(report), meta=json.dumps(meta), source="fuzz.csv")
    except DocumentError as e:  # FormatError, or the side file's JSON (NaN, Infinity)
        _bounded(e)
