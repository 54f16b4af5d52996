"""How a failure reads: locations in the official table's words and messages from templates.

The plain way, shared by the plain engine and by the findings the fast engine does not build
itself (structure, cross-year); the fast engine gives the same text from tables it builds
once per edition.
"""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

from govdisclosure.errors import bounded_message
from govdisclosure.findings import Finding
from govdisclosure.layout import CellRef
from govdisclosure.rules._hit import Hit
from govdisclosure.rules._instances import Cells, Instance
from govdisclosure.rules._model import Lang, Rule

__all__ = [
    "add_numbers",
    "column_location",
    "location",
    "relation_hit",
    "render",
    "row_location",
    "show",
]


def _table_en(ref: CellRef) -> str:
    return "Table " + ref.table.title_en.split(".", 1)[0]


def row_location(ref: CellRef, lang: Lang = "zh") -> str:
    """The row of a cell, in the official table's words: ``表三 （三）不予公开 1.属于国家秘密``."""
    if lang == "en":
        groups = [g.title_en for g in ref.row.groups if g.id != "results"]
        return " ".join([_table_en(ref), *groups, ref.row.title_en])
    caption = ref.block.caption
    row = f"{caption} {ref.row.full_label}" if caption else ref.row.full_label
    return f"{ref.table.short_label} {row}"


def location(ref: CellRef, lang: Lang = "zh") -> str:
    """Where a cell is, in the official table's words: ``表三 （七）总计 × 自然人``."""
    column = ref.column.title_en if lang == "en" else ref.column.label
    return f"{row_location(ref, lang)} × {column}"


def column_location(ref: CellRef, lang: Lang = "zh") -> str:
    """A whole column of a table: ``表三 自然人 列``."""
    if lang == "en":
        return f"{_table_en(ref)}, column {ref.column.title_en}"
    return f"{ref.table.short_label} {ref.column.label} 列"


def show(v: Any, lang: Lang) -> str:
    """A value as messages show it: blank as 空白/blank, a Decimal digit for digit."""
    if v is None:
        return "空白" if lang == "zh" else "blank"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


class _Fmt(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def add_numbers(params: dict[str, Any], reported: Any, computed: Any) -> None:
    """Add a failure's numbers to its params (unless the check set them): ``reported``,
    ``computed`` and, when both are known, their difference ``diff``."""
    if reported is not None or computed is not None:
        params.setdefault("reported", reported)
        params.setdefault("computed", computed)
        if reported is not None and computed is not None:
            params.setdefault("diff", reported - computed)


def relation_hit(inst: Instance, cells: Cells, lang: Lang) -> Hit:
    """The cells of a relation instance and, for a column balance, its location; the
    numbers are added per failure."""
    pointers = tuple(cells.pointers[i] for i in (*inst.left, *inst.right))
    params: dict[str, Any] = {}
    if inst.across == "columns" and len(inst.left) != 1:
        # A balance of several rows holds for a whole column, not for one of its cells.
        params["location"] = column_location(cells.refs[inst.right[0]], lang)
    return Hit(pointers, params)


def render(
    rule: Rule, hit: Hit, cells: Cells | None, lang: Lang, code: str | None = None
) -> Finding:
    """The finding of ``hit``: params completed (location of the first cell, the numbers and
    their difference) and the rule's message in ``lang`` rendered from them."""
    template = rule.messages[lang]
    names = _names(template)
    params = dict(hit.params)
    pointers = hit.pointers
    k = cells.pointer_index.get(pointers[0]) if pointers and cells is not None else None
    if k is not None and cells is not None and "location" not in params:
        ref = cells.refs[k]
        params["location"] = location(ref, lang)
        if "row" in names or "row_en" in names:
            params.setdefault("row", row_location(ref, "zh"))
            params.setdefault("row_en", row_location(ref, "en"))
    reported, computed = hit.reported, hit.computed
    add_numbers(params, reported, computed)
    text = bounded_message(
        template.format_map(_Fmt({n: show(params[n], lang) for n in names if n in params}))
    )
    return Finding(code or rule.code, rule.severity, text, pointers, params, reported, computed)
