"""The 2019→2021 crosswalk of tables 三 and 四, as data.

Tables 三 and 四 of the two editions share their columns and all but one row: the 2019 trial
template has a single row （六）其他处理 (``results.other``), the 2021 template splits it into
three sub-rows (``results.other.no_correction``, ``results.other.fee_unpaid``,
``results.other.other``). Every other row corresponds exactly, cell for cell. Table 二 differs in
rows and columns (2019: items and their change; 2021: documents in force and decisions) and has
no crosswalk: it is only summed within one edition. ``docs/analysis/crosswalk.md`` is generated
from :data:`CROSSWALK`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from govdisclosure.editions import Edition, edition_spec
from govdisclosure.layout import layout_for

__all__ = ["CROSSWALK", "CrosswalkEntry", "crosswalk_entries", "crosswalk_rows"]


@dataclass(frozen=True)
class CrosswalkEntry:
    """How one 2019 row of a table maps onto the 2021 layout (same columns)."""

    table: str
    row_2019: str
    rows_2021: tuple[str, ...]
    kind: Literal["exact", "group"]
    """``exact``: the cells are the same; ``group``: the 2019 row equals the *sum* of the 2021
    rows, which cannot be split back."""


def crosswalk_entries(edition: Edition | str) -> tuple[CrosswalkEntry, ...]:
    """How tables 三 and 四 of ``edition`` map onto the edition its declaration names in
    ``crosswalk_to`` (empty when it names none). A row maps exactly when the other edition has
    the same row id, else onto the other edition's rows under that id (a group)."""
    spec = edition_spec(edition)
    if spec.crosswalk_to is None:
        return ()
    old, new = spec.get_layout(), layout_for(spec.crosswalk_to)
    out: list[CrosswalkEntry] = []
    for table_id in ("t3", "t4"):
        new_rows = [r.id for r in new.table(table_id).rows]
        for row in old.table(table_id).rows:
            if row.id in new_rows:
                out.append(CrosswalkEntry(table_id, row.id, (row.id,), "exact"))
            else:
                subs = tuple(r for r in new_rows if r.startswith(row.id + "."))
                out.append(CrosswalkEntry(table_id, row.id, subs, "group"))
    return tuple(out)


CROSSWALK: tuple[CrosswalkEntry, ...] = crosswalk_entries(Edition.TRIAL_2019)
"""Every row of tables 三 and 四 of the 2019 edition and its 2021 counterpart(s), in order."""


def crosswalk_rows(table: str) -> dict[str, CrosswalkEntry]:
    """The crosswalk entries of ``table`` by 2019 row id."""
    return {e.row_2019: e for e in CROSSWALK if e.table == table}
