"""The one mapper from a :class:`~govdisclosure.parse._ir.SourceDocument` to a report model.

Every front end (text, HTML, markdown, DOCX, XLSX) produces the same intermediate
representation; this module does the rest once:

1. **Rows.** Each source row is split into *label cells* (up to the last cell that is text) and
   *value cells* (the cells after it; a merged cell counts once). Labels are compared after
   :func:`~govdisclosure.parse._normalize.normalize_label`.
2. **Tables.** A row is assigned to table 二, 三 or 四 by the best-matching official row label
   (the label core found in the row's label text that ends last, the longest of those ending
   together: labels run together when a row's cells were dropped; a short core such as
   ``规章`` or ``总计`` must end the label text), header rows by the official header words; a row with
   values and no label of its own (e.g. table 四's single value row) belongs to the table of
   the rows before it, or to the table whose section heading (二、三、四) precedes it.
3. **Edition**, from the labels only: the table 二 headers and rows of each template, and
   whether （六）其他处理 has the three sub-rows of the 2021 template. Table 二 decides; when
   table 三 disagrees the report mixes templates and ``P-EDITION-MIXED`` says so.
4. **Cells.** Each value is read by :func:`~govdisclosure.parse._normalize.read_cell`: blank and
   placeholder cells stay ``None`` (``P-BLANK-CELL``, never 0), units and signs are understood.
   Digits run together without separators are split by the table's own identities
   (row total = sum of its items) when exactly one split satisfies them
   (``P-SEGMENTATION-INFERRED``); otherwise the cells stay blank and the row is kept. Empty
   cells a front end could not place for certain (``SourceCell.optional``) are left out when
   the row has exactly that many cells too many.
5. **Nothing dropped.** A row with values that matches no template row, a duplicate, or a row
   whose values cannot be placed goes to ``extra_rows`` with its raw cells; a row with values
   under a merged group label (such as a single （六）其他处理 row in a 2021 report) is kept
   there as a subtotal of that group. Missing tables and rows are reported.

Narrative sections and metadata come from the text blocks through
``govdisclosure.parse._narrative.extract_narrative``.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from govdisclosure.editions import EDITION_INFO, Edition
from govdisclosure.findings import Finding
from govdisclosure.layout import SECTIONS, Block, Column, Row, RowGroup, Table, layout_for
from govdisclosure.models import MODELS, Report2019, Report2021
from govdisclosure.models._types import number_fits
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._ir import Location, SourceCell, SourceDocument, SourceTable, TextBlock
from govdisclosure.parse._normalize import (
    LABEL_TYPOS,
    CellReading,
    label_core,
    normalize_label,
    read_cell,
    table_words,
)
from govdisclosure.parse._result import ParseError, ParseResult, Provenance

__all__ = [
    "MAX_SOURCE_ROWS",
    "PLACEHOLDER_BODY_NAME",
    "heading_table",
    "is_row_label",
    "map_document",
    "segment_candidates",
]

MAX_SOURCE_ROWS = 5000
"""Most table rows read from one document (bounded time and memory on adversarial input)."""

PLACEHOLDER_BODY_NAME = "（未注明）"
"""Body name filled in when the document states none (a ``P-METADATA-MISSING`` finding says so)."""

_TABLE_IDS = ("t2", "t3", "t4")
_SHORT_CORE = 4
"""Label cores shorter than this must end the label text to match (``规章``, ``其他``, ``总计``)."""
_MAX_SPLITS = 200_000
_MAX_DIGITS_PER_CELL = 12
"""Digit runs longer than this per cell are not split (no count in a report has 12 digits)."""
_MAX_PENDING = 20
"""Most digit splits of one row kept for the column identities to decide between."""
_MAX_COMBOS = 2_000


# ----------------------------------------------------------------------------------------------
# the label index (built once from the layout)


@dataclass(frozen=True, slots=True)
class _RowKey:
    table: Table
    block: Block
    row: Row
    core: str
    loose: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    rows: dict[tuple[Edition, str], tuple[_RowKey, ...]]
    groups: dict[str, tuple[tuple[RowGroup, str], ...]]
    vocab: dict[str, frozenset[str]]
    edition_words: dict[Edition, tuple[str, ...]]


def _loose_variants(core: str) -> tuple[str, ...]:
    out: list[str] = []
    # A parenthetical note in a label ("部分公开(区分处理的,…)") is often left out.
    if "(" in core and not core.startswith("("):
        out.append(core[: core.index("(")])
    return tuple(v for v in out if len(v) >= 2)


@lru_cache(maxsize=1)
def _index() -> _Index:
    rows: dict[tuple[Edition, str], tuple[_RowKey, ...]] = {}
    groups: dict[str, dict[str, tuple[RowGroup, str]]] = {t: {} for t in _TABLE_IDS}
    vocab: dict[str, set[str]] = {t: set() for t in _TABLE_IDS}
    words: dict[Edition, set[str]] = {e: set() for e in Edition}
    cores_by_id: dict[tuple[str, str], set[str]] = {}
    for edition in Edition:
        for table in layout_for(edition).tables:
            for block in table.blocks:
                for row in block.rows:
                    cores_by_id.setdefault((table.id, row.id), set()).add(label_core(row.label))
    for edition in Edition:
        lay = layout_for(edition)
        for table in lay.tables:
            keys: list[_RowKey] = []
            v = vocab[table.id]
            v.add(normalize_label(table.title))
            v.add(label_core(table.title))
            v |= table_words(table)
            for block in table.blocks:
                v.update(normalize_label(col.group) for col in block.columns if col.group)
                for row in block.rows:
                    core = label_core(row.label)
                    others = cores_by_id[(table.id, row.id)] - {core}
                    loose = tuple(sorted(others)) + _loose_variants(core)
                    keys.append(_RowKey(table, block, row, core, loose))
                    for g in row.groups:
                        if g.id != row.id:
                            groups[table.id][g.id] = (g, label_core(g.label))
            rows[(edition, table.id)] = tuple(keys)
    # Words that only one edition prints in its tables decide the edition.
    for edition in Edition:
        other = Edition.TRIAL_2019 if edition is Edition.REV_2021 else Edition.REV_2021
        mine = _edition_labels(edition)
        theirs = _edition_labels(other)
        for w in mine:
            if len(w) >= _SHORT_CORE and not any(w in t for t in theirs):
                words[edition].add(w)
    return _Index(
        rows=rows,
        groups={t: tuple(g.values()) for t, g in groups.items()},
        vocab={t: frozenset(x for x in v if len(x) >= 2) for t, v in vocab.items()},
        edition_words={e: tuple(sorted(w, key=lambda x: (-len(x), x))) for e, w in words.items()},
    )


def _edition_labels(edition: Edition) -> set[str]:
    out: set[str] = set()
    for table in layout_for(edition).tables:
        for block in table.blocks:
            for col in block.columns:
                out.add(normalize_label(col.label))
            for row in block.rows:
                out.add(label_core(row.label))
    return out


def _fix_typos(norm: str) -> tuple[str, bool]:
    fixed = norm
    for typo, official in LABEL_TYPOS.items():
        if typo in fixed:
            fixed = fixed.replace(typo, official)
    return fixed, fixed != norm


def _ends_with(text: str, core: str) -> bool:
    return text.rstrip(")]:.,。;；")[-len(core) :] == core if core else False


@dataclass(frozen=True, slots=True)
class _Match:
    key: _RowKey
    loose: bool
    hits: int
    """How many distinct row cores of the table the label text contains."""


@lru_cache(maxsize=16384)
def _match_row(norm: str, edition: Edition, table_id: str) -> _Match | None:
    keys = _index().rows[(edition, table_id)]
    best: tuple[int, int, _RowKey] | None = None
    hits = 0
    text, typo = _fix_typos(norm)
    for key in keys:
        pos = text.rfind(key.core)
        if pos < 0:
            continue
        if len(key.core) < _SHORT_CORE and not _ends_with(text, key.core):
            continue
        hits += 1
        # Labels run together (a row whose cells were dropped, then the next row's label):
        # the values follow the label that ends last; of two ending together, the longer.
        cand = (pos + len(key.core), len(key.core), key)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is not None:
        return _Match(best[2], typo, hits)
    for key in keys:
        for variant in key.loose:
            if variant in text and (len(variant) >= _SHORT_CORE or _ends_with(text, variant)):
                return _Match(key, True, 1)
    return None


@lru_cache(maxsize=4096)
def _match_group(norm: str, table_id: str) -> RowGroup | None:
    best: RowGroup | None = None
    best_len = 0
    for group, core in _index().groups[table_id]:
        if core and _ends_with(norm, core) and len(core) > best_len:
            best, best_len = group, len(core)
    return best


@lru_cache(maxsize=4096)
def _vocab_hits(norm: str, table_id: str) -> int:
    return sum(len(w) for w in _index().vocab[table_id] if w in norm)


# ----------------------------------------------------------------------------------------------
# source rows


@dataclass(slots=True)
class _SrcRow:
    labels: list[SourceCell]
    values: list[SourceCell]
    loc: Location
    norm: str = ""
    raw_label: str = ""
    table: str | None = None
    section: str | None = None
    """Table whose section heading (二、三、四) is the last one printed before this row."""


def _is_value_text(text: str) -> bool:
    r = read_cell(text)
    return r.blank or r.readable


def _rows_of(table: SourceTable) -> list[_SrcRow]:
    out: list[_SrcRow] = []
    for ri, row in enumerate(table.rows):
        cells: list[SourceCell] = []
        for ci, cell in enumerate(row):
            # A position covered by a cell merged across columns of the same row repeats it.
            if cell.origin is not None and cell.origin[0] == ri and cell.origin[1] != ci:
                continue
            cells.append(cell)
        last_text = -1
        for i, cell in enumerate(cells):
            if not _is_value_text(cell.text):
                last_text = i
        labels = [c for c in cells[: last_text + 1] if c.text.strip()]
        values = cells[last_text + 1 :]
        if not labels and all(read_cell(c.text).blank and not c.text.strip() for c in values):
            continue
        loc = (labels or values or row)[0].loc if (labels or values or row) else table.loc
        raw = " ".join(c.text.strip() for c in labels)
        out.append(_SrcRow(labels, values, loc, normalize_label(raw), raw))
    return out


# ----------------------------------------------------------------------------------------------
# digit segmentation by the table's identities


@dataclass(frozen=True, slots=True)
class _Identity:
    code: str
    title: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@lru_cache(maxsize=8)
def _catalogue_identities(edition: Edition, table_id: str, across: str) -> tuple[_Identity, ...]:
    """The exact sums the rule catalogue declares for a table (``across`` rows or columns).

    Group ids (``results.withheld``) are expanded to their rows from the layout. These are
    the table's own identities, the only ground on which digits run together are split.
    """
    from govdisclosure.rules._model import Relation
    from govdisclosure.rules.catalogue import CATALOGUE

    table = layout_for(edition).table(table_id)
    row_ids = [r.id for r in table.rows]

    def expand(ids: tuple[str, ...]) -> tuple[str, ...]:
        if across == "rows":
            return ids
        return tuple(r for g in ids for r in row_ids if r == g or r.startswith(g + "."))

    out: list[_Identity] = []
    for rule in CATALOGUE:
        rel = rule.check
        if (
            isinstance(rel, Relation)
            and rel.table == table_id
            and rel.across == across
            and rel.is_identity
            and not rel.each
            and rule.applies_to(edition)
        ):
            out.append(_Identity(rule.code, rule.title["zh"], expand(rel.left), expand(rel.right)))
    return tuple(out)


def _row_identities(
    edition: Edition, table_id: str, columns: tuple[Column, ...], n_rows: int
) -> tuple[list[tuple[list[int], int]], list[_Identity]]:
    """Row identities as (item indexes, total index) over ``n_rows`` rows of ``columns``."""
    ids = [c.id for c in columns]
    out: list[tuple[list[int], int]] = []
    used: list[_Identity] = []
    for ident in _catalogue_identities(edition, table_id, "rows"):
        if len(ident.left) != 1 or not all(c in ids for c in (*ident.left, *ident.right)):
            continue
        used.append(ident)
        for r in range(n_rows):
            base = r * len(ids)
            out.append(
                ([base + ids.index(c) for c in ident.right], base + ids.index(ident.left[0]))
            )
    return out, used


def _describe(idents: Iterable[_Identity]) -> str:
    return "；".join(f"{i.code} {i.title}" for i in dict.fromkeys(idents))


def segment_candidates(
    tokens: list[str], n: int, identities: list[tuple[list[int], int]], limit: int = _MAX_SPLITS
) -> list[list[int]] | None:
    """Every way to split digit ``tokens`` into ``n`` integers satisfying ``identities``.

    A token is a run of digits, optionally with a leading minus sign that belongs to its first
    number; a boundary between tokens is always a boundary between numbers, and a number never
    has a leading zero (``00`` is two zeros). ``None`` when the search exceeds ``limit`` steps.
    """
    parts: list[tuple[bool, str]] = []
    for tok in tokens:
        neg = tok.startswith(("-", "−", "－"))
        digits = tok.lstrip("-−－+")
        if not digits.isdigit():
            return []
        parts.append((neg, digits))
    if sum(len(d) for _neg, d in parts) > _MAX_DIGITS_PER_CELL * n:
        return None
    sols: list[list[int]] = []
    steps = 0

    def check(vals: list[int]) -> bool:
        return all(sum(vals[i] for i in items) == vals[t] for items, t in identities)

    # A total printed after its items is determined by them: only its own digits can follow.
    forced = {t: items for items, t in identities if items and max(items) < t}
    after = [0] * (len(parts) + 1)
    for i in range(len(parts) - 1, -1, -1):
        after[i] = after[i + 1] + len(parts[i][1])

    def rec(pi: int, pos: int, vals: list[int]) -> bool:
        nonlocal steps
        steps += 1
        if steps > limit:
            return False
        if pi == len(parts):
            if len(vals) == n and check(vals):
                sols.append(list(vals))
            return True
        neg, digits = parts[pi]
        if len(vals) >= n:
            return True
        rest_tokens = len(parts) - pi - 1
        want = sum(vals[i] for i in forced[len(vals)]) if len(vals) in forced else None
        for end in range(pos + 1, len(digits) + 1):
            piece = digits[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            value = int(piece)
            if neg and pos == 0:
                value = -value
            if want is not None and value != want:
                if abs(value) > abs(want):
                    break
                continue
            slots_left = n - len(vals) - 1
            need = rest_tokens + (0 if end == len(digits) else 1)
            left = len(digits) - end + after[pi + 1]
            if slots_left < need or slots_left > left:
                continue
            if _too_short(forced, vals, value, left, n):
                # A longer piece only makes the pending total longer still.
                break
            vals.append(value)
            ok = rec(pi + 1, 0, vals) if end == len(digits) else rec(pi, end, vals)
            vals.pop()
            if not ok:
                return False
        return True

    if not rec(0, 0, []):
        return None
    return sols


def _too_short(
    forced: dict[int, list[int]], vals: list[int], value: int, left: int, n: int
) -> bool:
    """Whether ``left`` digits cannot hold the rest, a total printed later included."""
    k = len(vals)
    for t, items in forced.items():
        if k + 1 > t:
            continue
        partial = sum(vals[i] for i in items if i < k) + (value if k in items else 0)
        if left < (t - k - 1) + len(str(max(partial, 0))) + (n - t - 1):
            return True
    return False


# ----------------------------------------------------------------------------------------------
# the mapping


@dataclass(slots=True)
class _State:
    edition: Edition
    findings: list[Finding] = field(default_factory=list)
    cells: dict[tuple[str, str, str], int | Decimal | None] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    filled_rows: set[tuple[str, str]] = field(default_factory=set)
    extra_rows: list[dict[str, Any]] = field(default_factory=list)
    procurement_unit: str | None = None
    tables_seen: set[str] = field(default_factory=set)
    matched_rows: set[tuple[str, str]] = field(default_factory=set)
    pending: dict[tuple[str, str], _Pending] = field(default_factory=dict)


@dataclass(slots=True)
class _Pending:
    row: Row
    columns: tuple[Column, ...]
    src: _SrcRow
    values: list[SourceCell]
    tokens: list[str]
    sols: list[list[int]]
    label: str


def _table_label(table_id: str) -> str:
    t = layout_for(Edition.REV_2021).table(table_id)
    return t.short_label


def _table_title(table_id: str) -> str:
    return layout_for(Edition.REV_2021).table(table_id).title


def _pointer(table_id: str, row: Row, column: Column) -> str:
    return "/" + "/".join((table_id, *row.path, column.id))


def _convert(
    st: _State, reading: CellReading, column: Column, pointer: str, loc: Location
) -> int | Decimal | None:
    value = _convert_reading(st, reading, column, pointer, loc)
    if value is not None and not number_fits(value, column.kind):
        # Beyond what the model holds (a count above 2^53, an amount above 1e15 or with more
        # than 12 decimal places): blank with a finding, not a failure of the whole document.
        st.findings.append(
            parse_finding(
                "P-CELL-UNREADABLE",
                pointers=[pointer],
                location=loc,
                raw=reading.raw,
                expected="a number within the model's limits (see docs/schemas.md)",
            )
        )
        return None
    return value


def _convert_reading(
    st: _State, reading: CellReading, column: Column, pointer: str, loc: Location
) -> int | Decimal | None:
    raw = reading.raw
    if reading.blank:
        st.findings.append(
            parse_finding("P-BLANK-CELL", pointers=[pointer], location=loc, raw=raw.strip())
        )
        return None
    if not reading.readable or reading.value is None:
        st.findings.append(
            parse_finding(
                "P-CELL-UNREADABLE",
                pointers=[pointer],
                location=loc,
                raw=raw,
                expected="a number" if column.kind == "amount" else "a whole number",
            )
        )
        return None
    value = reading.value
    if value < 0 and column.kind != "signed_count":
        st.findings.append(
            parse_finding("P-CELL-NEGATIVE", pointers=[pointer], location=loc, raw=raw)
        )
        return None
    if column.kind == "amount":
        unit = reading.unit
        if unit in ("件", "项", "个", "条", "次"):
            unit = None
        if column.unit == "万元" and unit == "元":
            converted = value / Decimal(10000)
            st.findings.append(
                parse_finding(
                    "P-CELL-UNIT-CONVERTED",
                    pointers=[pointer],
                    location=loc,
                    raw=raw,
                    unit="元",
                    target=f"{converted.normalize():f}万元",
                )
            )
            return converted
        if column.unit is None and unit is not None:
            st.procurement_unit = unit
        if unit is not None:
            st.findings.append(
                parse_finding("P-CELL-UNIT", pointers=[pointer], location=loc, raw=raw, unit=unit)
            )
        return value
    if not reading.is_integer or reading.unit in ("元", "万元"):
        st.findings.append(
            parse_finding(
                "P-CELL-UNREADABLE",
                pointers=[pointer],
                location=loc,
                raw=raw,
                expected="a whole number",
            )
        )
        return None
    if reading.unit is not None:
        st.findings.append(
            parse_finding(
                "P-CELL-UNIT", pointers=[pointer], location=loc, raw=raw, unit=reading.unit
            )
        )
    return int(value)


def _extra_row(
    st: _State,
    table_id: str,
    src: _SrcRow,
    *,
    after_row: str | None,
    subtotal_of: str | None = None,
    columns: tuple[Column, ...] | None = None,
) -> None:
    cells: list[dict[str, Any]] = []
    for i, c in enumerate(src.values):
        r = read_cell(c.text)
        value = r.value
        cells.append(
            {
                "column": columns[i].id if columns is not None and i < len(columns) else None,
                "raw": c.text,
                "value": abs(value)
                if value is not None and number_fits(abs(value), "amount")
                else None,
                "negative": r.negative,
            }
        )
    st.extra_rows.append(
        {
            "table": table_id,
            "label": src.raw_label,
            "after_row": after_row,
            "subtotal_of": subtotal_of,
            "cells": cells,
        }
    )


def _fill(
    st: _State,
    table_id: str,
    rows: list[Row],
    columns: tuple[Column, ...],
    src: _SrcRow,
    label: str,
) -> bool:
    """Place ``src``'s values in ``rows`` × ``columns``; ``False`` when they cannot be placed."""
    n = len(rows) * len(columns)
    values = list(src.values)
    # Blank cells after the expected ones are layout (empty merged or padding cells).
    while len(values) > n and read_cell(values[-1].text).blank:
        values.pop()
    optional = sum(1 for c in values if c.optional)
    if optional and len(values) - optional == n:
        # Empty cells the source did not place for certain, and exactly that many too many.
        values = [c for c in values if not c.optional]
    targets = [(row, col) for row in rows for col in columns]
    if len(values) == n:
        for (row, col), cell in zip(targets, values, strict=True):
            ptr = _pointer(table_id, row, col)
            st.cells[(table_id, row.id, col.id)] = _convert(
                st, read_cell(cell.text), col, ptr, cell.loc
            )
            st.provenance[ptr] = Provenance(cell.loc, cell.text)
        return True
    if len(values) > n:
        st.findings.append(
            parse_finding(
                "P-ROW-LONG",
                pointers=[_pointer(table_id, rows[0], columns[0])],
                location=src.loc,
                row_label=label,
                got=len(values),
                expected=n,
                rest=" ".join(c.text for c in values[n:]),
            )
        )
        return False
    # Fewer values than cells: digits may have been run together without separators.
    tokens = [c.text.strip() for c in values]
    identities, used = _row_identities(st.edition, table_id, columns, len(rows))
    sols = (
        segment_candidates(tokens, n, identities)
        if values and all(t and t.lstrip("-−－").isdigit() for t in tokens)
        else []
    )
    if sols is not None and len(sols) == 1:
        identity = _describe(used)
        _apply_split(st, table_id, targets, values, tokens, sols[0], src, label, identity)
        return True
    if sols is not None and 1 < len(sols) <= _MAX_PENDING and len(rows) == 1:
        # The table's column identities may still decide (see _resolve_pending).
        st.pending[(table_id, rows[0].id)] = _Pending(
            rows[0], columns, src, values, tokens, sols, label
        )
        return True
    _report_unplaced(st, table_id, rows[0], columns[0], src, label, tokens, sols, len(values), n)
    return False


def _report_unplaced(
    st: _State,
    table_id: str,
    row: Row,
    column: Column,
    src: _SrcRow,
    label: str,
    tokens: list[str],
    sols: list[list[int]] | None,
    got: int,
    expected: int,
) -> None:
    code = "P-SEGMENTATION-AMBIGUOUS" if sols is None or len(sols) > 1 else "P-ROW-SHORT"
    st.findings.append(
        parse_finding(
            code,
            pointers=[_pointer(table_id, row, column)],
            location=src.loc,
            row_label=label,
            raw=" ".join(tokens),
            count=len(sols) if sols is not None else f">{_MAX_SPLITS}",
            got=got,
            expected=expected,
        )
    )


def _apply_split(
    st: _State,
    table_id: str,
    targets: list[tuple[Row, Column]],
    values: list[SourceCell],
    tokens: list[str],
    sol: list[int],
    src: _SrcRow,
    label: str,
    identity: str,
) -> None:
    pointers = [_pointer(table_id, r, c) for r, c in targets]
    # Each number's provenance is the token it was cut from, and its own digits.
    ti, used = 0, 0
    for (row, col), value in zip(targets, sol, strict=True):
        cell = values[ti]
        digits = tokens[ti].lstrip("-−－")
        length = len(str(abs(value)))
        piece = digits[used : used + length]
        ptr = _pointer(table_id, row, col)
        st.provenance[ptr] = Provenance(cell.loc, piece)
        st.cells[(table_id, row.id, col.id)] = _convert(
            st, read_cell(("-" if value < 0 else "") + piece), col, ptr, cell.loc
        )
        used += length
        if used >= len(digits):
            ti, used = ti + 1, 0
    st.findings.append(
        parse_finding(
            "P-SEGMENTATION-INFERRED",
            pointers=pointers,
            location=src.loc,
            row_label=label,
            raw=" ".join(tokens),
            values=sol,
            identity=identity or "单元格个数",
        )
    )


def _resolve_pending(st: _State, table: Table) -> None:
    """Choose among a row's digit splits the one combination the column identities allow."""
    pending = {k: v for k, v in st.pending.items() if k[0] == table.id}
    if not pending:
        return
    keys = list(pending)
    combos = 1
    for k in keys:
        combos *= len(pending[k].sols)
    chosen: list[list[int]] | None = None
    idents = _catalogue_identities(st.edition, table.id, "columns")
    decided_by: list[_Identity] = []
    if idents and len(table.blocks) == 1 and combos <= _MAX_COMBOS:
        columns = table.blocks[0].columns
        fits: list[tuple[list[int], ...]] = []
        for combo in itertools.product(*(pending[k].sols for k in keys)):
            trial = {k[1]: sol for k, sol in zip(keys, combo, strict=True)}

            def cell(row_id: str, ci: int, trial: dict[str, list[int]] = trial) -> Any:
                if row_id in trial:
                    return trial[row_id][ci]
                return st.cells.get((table.id, row_id, columns[ci].id))

            ok = True
            used = False
            for ident in idents:
                left, right = ident.left, ident.right
                touches = any(r in trial for r in left + right)
                for ci in range(len(columns)):
                    vals_l = [cell(r, ci) for r in left]
                    vals_r = [cell(r, ci) for r in right]
                    if any(v is None for v in vals_l + vals_r):
                        continue
                    used = used or touches
                    if sum(vals_l) != sum(vals_r):
                        ok = False
                        break
                if not ok:
                    break
            if ok and used:
                fits.append(combo)
        if len(fits) == 1:
            chosen = list(fits[0])
            decided_by = list(idents)
    for i, k in enumerate(keys):
        p = pending[k]
        targets = [(p.row, c) for c in p.columns]
        if chosen is not None:
            _apply_split(
                st,
                table.id,
                targets,
                p.values,
                p.tokens,
                chosen[i],
                p.src,
                p.label,
                _describe([*_row_identities(st.edition, table.id, p.columns, 1)[1], *decided_by]),
            )
            st.filled_rows.add((table.id, p.row.id))
        else:
            _report_unplaced(
                st,
                table.id,
                p.row,
                p.columns[0],
                p.src,
                p.label,
                p.tokens,
                p.sols,
                len(p.values),
                len(p.columns),
            )
            st.filled_rows.discard((table.id, p.row.id))
            _extra_row(st, table.id, p.src, after_row=p.row.id, columns=p.columns)
        del st.pending[k]


def _detect_edition(rows: list[_SrcRow], findings: list[Finding]) -> Edition:
    idx = _index()
    votes: dict[str, dict[Edition, list[str]]] = {t: {e: [] for e in Edition} for t in _TABLE_IDS}
    for r in rows:
        if r.table is None:
            continue
        for edition in Edition:
            for w in idx.edition_words[edition]:
                if w in r.norm:
                    votes[r.table][edition].append(w)
    # Table 三 speaks through （六）: three sub-rows (2021) or one row with values (2019).
    for r in rows:
        if r.table != "t3" or not r.values:
            continue
        m = _match_row(r.norm, Edition.REV_2021, "t3")
        if m is not None and m.key.row.id.startswith("results.other."):
            if m.key.row.id != "results.other.other":
                votes["t3"][Edition.REV_2021].append(m.key.row.label)
            continue
        m19 = _match_row(r.norm, Edition.TRIAL_2019, "t3")
        if m19 is not None and m19.key.row.id == "results.other" and m is None:
            votes["t3"][Edition.TRIAL_2019].append(m19.key.row.label)

    def winner(table: str) -> Edition | None:
        a = len(votes[table][Edition.TRIAL_2019])
        b = len(votes[table][Edition.REV_2021])
        if a == b:
            return None
        return Edition.TRIAL_2019 if a > b else Edition.REV_2021

    t2, t3 = winner("t2"), winner("t3")
    decided = t2 or t3
    if decided is None:
        findings.append(parse_finding("P-EDITION-UNDETERMINED", edition=Edition.REV_2021.value))
        return Edition.REV_2021
    edition = decided
    evidence = "、".join(dict.fromkeys(votes["t2" if t2 else "t3"][edition]))
    findings.append(parse_finding("P-EDITION", edition=edition.value, evidence=evidence))
    if t2 is not None and t3 is not None and t2 is not t3:
        findings.append(
            parse_finding(
                "P-EDITION-MIXED",
                detail=(
                    f"表二为 {t2.value} 版（{'、'.join(dict.fromkeys(votes['t2'][t2]))}），"
                    f"表三为 {t3.value} 版（{'、'.join(dict.fromkeys(votes['t3'][t3]))}）"
                ),
                table2_edition=t2.value,
                table3_edition=t3.value,
            )
        )
    return edition


@lru_cache(maxsize=1)
def _table_headings() -> dict[str, str]:
    """Normalised title (without its number) of each section that holds a table → table id."""
    out: dict[str, str] = {}
    for s in SECTIONS:
        if s.table is not None:
            core = label_core(s.title)
            out[core] = s.table
            for typo, official in LABEL_TYPOS.items():
                if official in core:
                    out[core.replace(official, typo)] = s.table
    return out


@lru_cache(maxsize=1)
def _heading_ends() -> frozenset[str]:
    return frozenset(core[-1] for core in _table_headings())


def heading_table(text: str) -> str | None:
    """The table whose section heading ``text`` is (any numbering), else ``None``."""
    tail = text.rstrip().rstrip(":：")[-1:]
    # Most lines are not headings: their last character already says so.
    if len(text) > 60 or not tail or normalize_label(tail) not in _heading_ends():
        return None
    return _table_headings().get(label_core(text).rstrip(":"))


def is_row_label(text: str, table_id: str) -> bool:
    """Whether ``text`` ends with the label of a row of table ``table_id`` (either edition)."""
    norm, _typo = _fix_typos(normalize_label(text))
    for edition in Edition:
        m = _match_row(norm, edition, table_id)
        if m is not None and not m.loose and _ends_with(norm, m.key.core):
            return True
    return False


def _classify(rows: list[_SrcRow]) -> None:
    """Assign each row to table 二, 三 or 四 (``None`` before any table is recognised).

    After a section heading of a table (四、政府信息公开行政复议、行政诉讼情况) its rows belong
    to that table unless their own labels say otherwise: header words alone (shredded by a
    converter, ``维持 | 纠正 | 结果``) do not move them elsewhere.
    """
    current: str | None = None
    section: str | None = None
    # Header rows between a heading and the first row with values follow the heading.
    after_heading = False
    for r in rows:
        if r.section != section:
            section = r.section
            if section is not None:
                current = section
                after_heading = True
        best: tuple[int, str] | None = None
        if r.norm:
            for edition in Edition:
                for t in _TABLE_IDS:
                    m = _match_row(r.norm, edition, t)
                    if m is not None and r.values:
                        score = len(m.key.core) * 10
                        if best is None or score > best[0]:
                            best = (score, t)
            if not r.values and not after_heading:
                for t in _TABLE_IDS:
                    score = _vocab_hits(r.norm, t)
                    if score and (best is None or score > best[0]):
                        best = (score, t)
        if r.values:
            after_heading = False
        if best is not None:
            current = best[1]
        r.table = current


def _map_table(st: _State, table: Table, rows: list[_SrcRow]) -> None:
    t_id = table.id
    last_row: str | None = None
    for src in rows:
        if not src.values:
            if src.norm and not (
                _vocab_hits(src.norm, t_id)
                or _match_row(src.norm, st.edition, t_id)
                or _match_group(src.norm, t_id)
            ):
                st.findings.append(
                    parse_finding("P-TEXT-IN-TABLE", location=src.loc, text=src.raw_label[:80])
                )
            continue
        m = _match_row(src.norm, st.edition, t_id) if src.norm else None
        if t_id == "t4" and (
            len(src.values) > len(table.blocks[0].columns) or m is None or m.hits > 1
        ):
            # Table 四 printed as header rows over one row of 15 values (3 blocks × 5 columns).
            block = table.blocks[0]
            if any((t_id, r.id) in st.filled_rows for r in block.rows):
                _extra_row(st, t_id, src, after_row=last_row)
                continue
            st.matched_rows.update((t_id, r.id) for r in block.rows)
            if _fill(st, t_id, list(block.rows), block.columns, src, table.title):
                st.filled_rows.update((t_id, r.id) for r in block.rows)
                last_row = block.rows[-1].id
            else:
                _extra_row(st, t_id, src, after_row=last_row)
            st.tables_seen.add(t_id)
            continue
        if m is None:
            group = _match_group(src.norm, t_id) if src.norm else None
            if group is not None:
                st.findings.append(
                    parse_finding(
                        "P-EXTRA-ROW",
                        location=src.loc,
                        table_label=_table_label(t_id),
                        label=src.raw_label,
                        subtotal_of=group.id,
                    )
                )
                block = next(b for b in table.blocks if any(group in r.groups for r in b.rows))
                _extra_row(
                    st,
                    t_id,
                    src,
                    after_row=last_row,
                    subtotal_of=group.id,
                    columns=block.columns,
                )
                continue
            st.findings.append(
                parse_finding(
                    "P-EXTRA-ROW",
                    location=src.loc,
                    table_label=_table_label(t_id),
                    label=src.raw_label or "（无标签）",
                )
            )
            _extra_row(st, t_id, src, after_row=last_row)
            continue
        st.tables_seen.add(t_id)
        row = m.key.row
        st.matched_rows.add((t_id, row.id))
        if m.loose:
            st.findings.append(
                parse_finding(
                    "P-LABEL-LOOSE",
                    pointers=[_pointer(t_id, row, m.key.block.columns[0])],
                    location=src.loc,
                    raw=src.raw_label,
                    label=row.label,
                )
            )
        if (t_id, row.id) in st.filled_rows:
            st.findings.append(
                parse_finding(
                    "P-ROW-DUPLICATE",
                    location=src.loc,
                    table_label=_table_label(t_id),
                    row_label=row.full_label,
                )
            )
            _extra_row(st, t_id, src, after_row=row.id, columns=m.key.block.columns)
            continue
        if _fill(st, t_id, [row], m.key.block.columns, src, row.full_label):
            st.filled_rows.add((t_id, row.id))
        else:
            _extra_row(st, t_id, src, after_row=row.id, columns=m.key.block.columns)
        last_row = row.id


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    d = data
    for p in path[:-1]:
        d = d.setdefault(p, {})
    d[path[-1]] = value


def _narrative(
    blocks: list[TextBlock], findings: list[Finding], tables_apart: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        mod = importlib.import_module("govdisclosure.parse._narrative")
    except ImportError:
        return {}, {}
    result = mod.extract_narrative(blocks, tables_apart=tables_apart)
    findings.extend(result.findings)
    sections = result.sections
    if hasattr(sections, "model_dump"):
        sections = sections.model_dump(mode="python", by_alias=True)
    metadata = dict(result.metadata or {})
    return dict(sections or {}), metadata


def _metadata(meta: dict[str, Any], edition: Edition, findings: list[Finding]) -> dict[str, Any]:
    out = dict(meta)
    body = out.get("body")
    if not isinstance(body, dict):
        body = {}
    name = out.pop("body_name", None)
    if name and not body.get("name"):
        body["name"] = name
    if not body.get("name"):
        body["name"] = PLACEHOLDER_BODY_NAME
        findings.append(
            parse_finding(
                "P-METADATA-MISSING",
                pointers=["/metadata/body/name"],
                field_label="发布机关名称",
                placeholder=PLACEHOLDER_BODY_NAME,
            )
        )
    out["body"] = body
    if not isinstance(out.get("report_year"), int):
        year = EDITION_INFO[edition].first_year
        out["report_year"] = year
        findings.append(
            parse_finding(
                "P-METADATA-MISSING",
                pointers=["/metadata/report_year"],
                field_label="报告年度",
                placeholder=year,
            )
        )
    return out


def map_document(doc: SourceDocument) -> ParseResult:
    """Map a front end's :class:`SourceDocument` to a report of the edition its labels show.

    Raises :class:`~govdisclosure.parse._result.ParseError` only when the data read cannot
    form a report at all; everything else is a finding.
    """
    findings: list[Finding] = list(doc.findings)
    rows: list[_SrcRow] = []
    section: str | None = None
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            section = heading_table(block.text) or section
            continue
        src_rows = _rows_of(block)
        for r in src_rows:
            r.section = section
        rows.extend(src_rows)
        if len(rows) > MAX_SOURCE_ROWS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the tables have more than {MAX_SOURCE_ROWS} rows; an annual report's "
                "three tables have about 50",
                source=doc.source,
            )
    _classify(rows)
    edition = _detect_edition(rows, findings)
    st = _State(edition)
    # Rows before any report table (a layout table, a table of another kind) are not used;
    # say so once per source table rather than drop them silently.
    seen_tables: set[int | None] = set()
    for r in rows:
        if r.table is None and r.values and r.loc.table not in seen_tables:
            seen_tables.add(r.loc.table)
            st.findings.append(
                parse_finding(
                    "P-TABLE-OTHER",
                    location=r.loc,
                    text=(r.raw_label or " ".join(c.text for c in r.values))[:80],
                )
            )
    lay = layout_for(edition)
    for table in lay.tables:
        _map_table(st, table, [r for r in rows if r.table == table.id])
        _resolve_pending(st, table)
    # Every cell of the edition, blank unless read.
    data: dict[str, Any] = {"edition": edition.value}
    for ref in lay.cells:
        _set_path(data, ref.path, st.cells.get(ref.id))
    if edition is Edition.TRIAL_2019:
        data["t2"]["central_procurement"]["procurement_amount_unit"] = st.procurement_unit
    for table in lay.tables:
        if table.id not in st.tables_seen:
            findings.append(
                parse_finding(
                    "P-TABLE-MISSING",
                    pointers=[f"/{table.id}"],
                    table_label=table.short_label,
                    table_title=table.title,
                )
            )
            continue
        for row in table.rows:
            if (table.id, row.id) not in st.matched_rows:
                findings.append(
                    parse_finding(
                        "P-ROW-MISSING",
                        pointers=["/" + "/".join((table.id, *row.path))],
                        table_label=table.short_label,
                        row_label=row.full_label,
                    )
                )
    findings.extend(st.findings)
    text_blocks = [b for b in doc.blocks if isinstance(b, TextBlock)]
    sections, meta = _narrative(text_blocks, findings, doc.tables_apart)
    data["metadata"] = _metadata(meta, edition, findings)
    data["sections"] = sections
    data["extra_rows"] = st.extra_rows
    try:
        report = MODELS[edition].model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        raise ParseError(
            "P-MODEL-INVALID",
            f"the data read does not fit the edition {edition.value} model: "
            f"{'/'.join(str(p) for p in first['loc'])}: {first['msg']}",
            source=doc.source,
        ) from None
    assert isinstance(report, (Report2019, Report2021))
    return ParseResult(
        report=report,
        edition=edition,
        findings=findings,
        provenance=st.provenance,
        source=doc.source,
    )
