"""The label index: every official row, group and header label, built once from the layout.

A source row's label text is matched against the row labels of a table (the label core found
in the text that ends last, the longest of those ending together: labels run together when a
row's cells were dropped; a short core such as ``规章`` or ``总计`` must end the label text).
Section headings (二、三、四) are recognised here too, and the words that only one edition prints
in its tables, which decide the edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.layout import SECTIONS, Block, Column, Row, RowGroup, Table, layout_for
from govdisclosure.parse._normalize import LABEL_TYPOS, label_core, normalize_label, table_words

__all__ = [
    "SHORT_CORE",
    "TABLE_IDS",
    "LabelIndex",
    "Match",
    "RowKey",
    "column_for_label",
    "ends_with",
    "fix_typos",
    "heading_table",
    "is_row_label",
    "label_index",
    "match_group",
    "match_row",
    "vocab_hits",
]

TABLE_IDS = ("t2", "t3", "t4")
SHORT_CORE = 4
"""Label cores shorter than this must end the label text to match (``规章``, ``其他``, ``总计``)."""


@dataclass(frozen=True, slots=True)
class RowKey:
    """One row of one edition's table, with the label core it is matched by."""

    table: Table
    block: Block
    row: Row
    core: str
    loose: tuple[str, ...]
    """Other forms accepted with a ``P-LABEL-LOOSE`` finding (the other edition's label of the
    same row, the label without its parenthetical note)."""


@dataclass(frozen=True, slots=True)
class LabelIndex:
    """Row keys per (edition, table), group labels, table words and edition words."""

    rows: dict[tuple[Edition, str], tuple[RowKey, ...]]
    groups: dict[str, tuple[tuple[RowGroup, str], ...]]
    vocab: dict[str, frozenset[str]]
    edition_words: dict[Edition, tuple[str, ...]]
    edition_table_words: dict[str, dict[Edition, int]]
    """Per table, per edition: how many of the edition's words the table prints."""


def _loose_variants(core: str) -> tuple[str, ...]:
    out: list[str] = []
    # A parenthetical note in a label ("部分公开(区分处理的,…)") is often left out.
    if "(" in core and not core.startswith("("):
        out.append(core[: core.index("(")])
    return tuple(v for v in out if len(v) >= 2)


def _cores_by_row() -> dict[tuple[str, str], set[str]]:
    """Every edition's label core of each (table, row id)."""
    out: dict[tuple[str, str], set[str]] = {}
    for edition in Edition:
        for table in layout_for(edition).tables:
            for row in table.rows:
                out.setdefault((table.id, row.id), set()).add(label_core(row.label))
    return out


def _table_keys(table: Table, cores: dict[tuple[str, str], set[str]]) -> tuple[RowKey, ...]:
    keys: list[RowKey] = []
    for block in table.blocks:
        for row in block.rows:
            core = label_core(row.label)
            others = cores[(table.id, row.id)] - {core}
            keys.append(
                RowKey(table, block, row, core, tuple(sorted(others)) + _loose_variants(core))
            )
    return tuple(keys)


def _table_vocab(table: Table) -> set[str]:
    v = {normalize_label(table.title), label_core(table.title)} | table_words(table)
    for block in table.blocks:
        v.update(normalize_label(col.group) for col in block.columns if col.group)
    return v


def _edition_labels(edition: Edition, table_id: str | None = None) -> set[str]:
    out: set[str] = set()
    for table in layout_for(edition).tables:
        if table_id is not None and table.id != table_id:
            continue
        for block in table.blocks:
            out.update(normalize_label(col.label) for col in block.columns)
            out.update(label_core(row.label) for row in block.rows)
    return out


def _edition_words() -> dict[Edition, tuple[str, ...]]:
    """Words of each edition's tables that tell it from another edition (scored for every
    edition): a label some other edition does not print. With two editions these are the
    words only one of them prints; an edition's declared ``detection_words`` are added."""
    labels = {e: _edition_labels(e) for e in Edition}
    out: dict[Edition, tuple[str, ...]] = {}
    for edition in Edition:
        others = [labels[e] for e in Edition if e is not edition]
        mine = {
            w
            for w in labels[edition]
            if len(w) >= SHORT_CORE and any(not any(w in t for t in theirs) for theirs in others)
        }
        mine.update(normalize_label(w) for w in edition.spec.detection_words)
        out[edition] = tuple(sorted(mine, key=lambda x: (-len(x), x)))
    return out


def _edition_table_words(words: dict[Edition, tuple[str, ...]]) -> dict[str, dict[Edition, int]]:
    """How many of each edition's words each table prints (to break a tie between editions
    that one table shows equally: the edition that prints fewer words there wins)."""
    out: dict[str, dict[Edition, int]] = {t: {} for t in TABLE_IDS}
    for edition in Edition:
        for t in TABLE_IDS:
            labels = _edition_labels(edition, t)
            out[t][edition] = sum(1 for w in words[edition] if w in labels)
    return out


@lru_cache(maxsize=1)
def label_index() -> LabelIndex:
    """The index of every edition's labels (built once)."""
    cores = _cores_by_row()
    words = _edition_words()
    rows: dict[tuple[Edition, str], tuple[RowKey, ...]] = {}
    groups: dict[str, dict[str, tuple[RowGroup, str]]] = {t: {} for t in TABLE_IDS}
    vocab: dict[str, set[str]] = {t: set() for t in TABLE_IDS}
    for edition in Edition:
        for table in layout_for(edition).tables:
            rows[(edition, table.id)] = _table_keys(table, cores)
            vocab[table.id] |= _table_vocab(table)
            for row in table.rows:
                for g in row.groups:
                    if g.id != row.id:
                        groups[table.id][g.id] = (g, label_core(g.label))
    return LabelIndex(
        rows=rows,
        groups={t: tuple(g.values()) for t, g in groups.items()},
        vocab={t: frozenset(x for x in v if len(x) >= 2) for t, v in vocab.items()},
        edition_words=words,
        edition_table_words=_edition_table_words(words),
    )


def fix_typos(norm: str) -> tuple[str, bool]:
    """``norm`` with the known label typos corrected, and whether any was."""
    fixed = norm
    for typo, official in LABEL_TYPOS.items():
        if typo in fixed:
            fixed = fixed.replace(typo, official)
    return fixed, fixed != norm


def ends_with(text: str, core: str) -> bool:
    """Whether ``text`` ends with ``core`` (trailing punctuation aside)."""
    return text.rstrip(")]:.,。;；")[-len(core) :] == core if core else False


@dataclass(frozen=True, slots=True)
class Match:
    """A row found for a label text."""

    key: RowKey
    loose: bool
    hits: int
    """How many distinct row cores of the table the label text contains."""


@lru_cache(maxsize=16384)
def match_row(norm: str, edition: Edition, table_id: str) -> Match | None:
    """The row of ``table_id`` whose label the normalised label text ``norm`` shows."""
    keys = label_index().rows[(edition, table_id)]
    best: tuple[int, int, RowKey] | None = None
    hits = 0
    text, typo = fix_typos(norm)
    for key in keys:
        pos = text.rfind(key.core)
        if pos < 0:
            continue
        if len(key.core) < SHORT_CORE and not ends_with(text, key.core):
            continue
        hits += 1
        # Labels run together (a row whose cells were dropped, then the next row's label):
        # the values follow the label that ends last; of two ending together, the longer.
        cand = (pos + len(key.core), len(key.core), key)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is not None:
        return Match(best[2], typo, hits)
    for key in keys:
        for variant in key.loose:
            if variant in text and (len(variant) >= SHORT_CORE or ends_with(text, variant)):
                return Match(key, True, 1)
    return None


@lru_cache(maxsize=4096)
def match_group(norm: str, table_id: str) -> RowGroup | None:
    """The row group (``（六）其他处理``) whose label ``norm`` ends with, if any."""
    best: RowGroup | None = None
    best_len = 0
    for group, core in label_index().groups[table_id]:
        if core and ends_with(norm, core) and len(core) > best_len:
            best, best_len = group, len(core)
    return best


@lru_cache(maxsize=4096)
def vocab_hits(norm: str, table_id: str) -> int:
    """How much of ``norm`` is header wording of table ``table_id`` (characters matched)."""
    return sum(len(w) for w in label_index().vocab[table_id] if w in norm)


_COLUMN_MAPS: dict[int, tuple[tuple[Column, ...], dict[str, Column]]] = {}
"""Per columns tuple of the layout (by identity: hashing the columns costs more than the
lookup): header text → column."""


def _column_map(columns: tuple[Column, ...]) -> dict[str, Column]:
    hit = _COLUMN_MAPS.get(id(columns))
    if hit is not None and hit[0] is columns:
        return hit[1]
    out: dict[str, Column] = {}
    # A unit note in a header is often printed apart or not at all (本年收费金额).
    for col in reversed(columns):
        label = normalize_label(col.label)
        if "(" in label:
            out[label[: label.index("(")]] = col
    for col in reversed(columns):
        out[label_core(col.label)] = col
        out[normalize_label(col.label)] = col
    _COLUMN_MAPS[id(columns)] = (columns, out)
    return out


def column_for_label(norm: str, columns: tuple[Column, ...]) -> Column | None:
    """The column of ``columns`` whose header label the normalised header text ``norm`` is.

    The text must be the label itself (or its core, or the label without its unit note): a
    header cell names one column.
    """
    return _column_map(columns).get(norm)


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
    norm, _typo = fix_typos(normalize_label(text))
    for edition in Edition:
        m = match_row(norm, edition, table_id)
        if m is not None and not m.loose and ends_with(norm, m.key.core):
            return True
    return False


# The index and the matches read every registered edition's layout: a registration renews them.
for _cached in (label_index, match_row, match_group, vocab_hits, _table_headings, _heading_ends):
    on_registry_change(_cached.cache_clear)
