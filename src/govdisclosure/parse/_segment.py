"""Digits run together without separators, split by the table's own identities.

Crawler text prints a row such as ``一、本年新收政府信息公开申请数量640020470``: the cells' digits
run together. The only ground on which they are split is the table's identities as the rule
catalogue declares them (a row's total is the sum of its items, a column's total the sum of
its rows): a split is taken when exactly one satisfies them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from govdisclosure.editions import Edition, on_registry_change
from govdisclosure.layout import Column

if TYPE_CHECKING:
    from govdisclosure.rules.catalogue import Identity

__all__ = [
    "MAX_SPLITS",
    "catalogue_identities",
    "describe",
    "row_identities",
    "segment_candidates",
]

MAX_SPLITS = 200_000
"""Most search steps spent on the splits of one row."""
_MAX_DIGITS_PER_CELL = 12
"""Digit runs longer than this per cell are not split (no count in a report has 12 digits)."""


@lru_cache(maxsize=8)
def catalogue_identities(edition: Edition, table_id: str, across: str) -> tuple[Identity, ...]:
    """The exact sums the rule catalogue declares for a table (``across`` rows or columns).

    Group ids (``results.withheld``) are expanded to their rows by the rule compiler's own
    expansion, so the parser splits digits by exactly the sums the checks hold the report to.
    """
    # Imported here: the rules package is not needed until a table's digits must be split.
    from govdisclosure.rules import identities

    return identities(edition, table_id, across)


def row_identities(
    edition: Edition, table_id: str, columns: tuple[Column, ...], n_rows: int
) -> tuple[list[tuple[list[int], int]], list[Identity]]:
    """Row identities as (item indexes, total index) over ``n_rows`` rows of ``columns``."""
    ids = [c.id for c in columns]
    out: list[tuple[list[int], int]] = []
    used: list[Identity] = []
    for ident in catalogue_identities(edition, table_id, "rows"):
        if len(ident.left) != 1 or not all(c in ids for c in (*ident.left, *ident.right)):
            continue
        used.append(ident)
        for r in range(n_rows):
            base = r * len(ids)
            out.append(
                ([base + ids.index(c) for c in ident.right], base + ids.index(ident.left[0]))
            )
    return out, used


def describe(idents: Iterable[Identity]) -> str:
    """The identities named for a finding (``T3-R1 …；T3-R2 …``)."""
    return "；".join(f"{i.code} {i.title}" for i in dict.fromkeys(idents))


def segment_candidates(
    tokens: list[str], n: int, identities: list[tuple[list[int], int]], limit: int = MAX_SPLITS
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


on_registry_change(catalogue_identities.cache_clear)
