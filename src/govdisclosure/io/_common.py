"""Helpers shared by the serializers: value text, cells vs. the rest of a document, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from govdisclosure.cells import CellValue, iter_cells
from govdisclosure.document import format_decimal, to_data, validate_data
from govdisclosure.editions import Edition, editions_text
from govdisclosure.errors import DocumentError, Problem, escape_pointer
from govdisclosure.layout import CellRef, Column, layout_for
from govdisclosure.models import ReportBase

__all__ = [
    "FormatError",
    "ReportT",
    "build_report",
    "cell_text",
    "flatten",
    "parse_cell_text",
    "remainder",
    "unflatten",
    "unit_field",
]

ReportT = ReportBase


class FormatError(DocumentError):
    """A file in a tabular format (CSV, XLSX) could not be read back as a report.

    Each :class:`~govdisclosure.errors.Problem` names the cell's JSON Pointer when known and,
    in its message and ``extra``, the place in the file (line and column name, or sheet and
    cell reference).
    """


def cell_text(value: CellValue) -> str:
    """A cell value as text: integers plain, decimals exactly as stored, blank as ``""``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


_COUNT_RE = re.compile(r"^[0-9]+$")
_SIGNED_RE = re.compile(r"^[+-]?[0-9]+$")
_AMOUNT_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")

EXPECTED = {
    "count": "a whole number ≥ 0 written with digits only (e.g. 0 or 12), or empty for a blank cell",
    "signed_count": "a whole number, optionally signed (e.g. -3 or +1), or empty for a blank cell",
    "amount": "a decimal number ≥ 0 (e.g. 0 or 103.3879), or empty for a blank cell",
}


def parse_cell_text(text: str, column: Column) -> CellValue:
    """Read a cell value written by :func:`cell_text`; ``ValueError`` if it is not one.

    Surrounding spaces are ignored; an empty text is a blank cell (``None``), never ``0``.
    """
    t = text.strip()
    if t == "":
        return None
    if column.kind == "count":
        if _COUNT_RE.match(t):
            return int(t)
    elif column.kind == "signed_count":
        if _SIGNED_RE.match(t):
            return int(t)
    elif _AMOUNT_RE.match(t):
        try:
            return Decimal(t)
        except InvalidOperation:  # pragma: no cover - the pattern only admits decimals
            pass
    raise ValueError(EXPECTED[column.kind])


def unit_field(ref: CellRef) -> str | None:
    """Name of the member that states the unit of a cell whose column has none in the template.

    The template prints no unit for 采购总金额 (2019); the report's own unit is kept next to
    the value in ``<column>_unit``.
    """
    return f"{ref.column.id}_unit" if ref.column.unit is None else None


def remainder(report: ReportT) -> dict[str, Any]:
    """The report's JSON data without its statistical cells (tables pruned to what is left).

    With the cells of :func:`govdisclosure.cells.iter_cells` this is the whole document.
    """
    data = to_data(report)
    for cell in iter_cells(report):
        parent = data
        for name in cell.ref.path[:-1]:
            parent = parent[name]
        del parent[cell.ref.path[-1]]
    for table in layout_for(Edition(report.edition)).tables:
        data[table.id] = _prune(data[table.id])
        if data[table.id] is None:
            del data[table.id]
    return data


def _prune(obj: Any) -> Any:
    if isinstance(obj, dict):
        out = {k: p for k, v in obj.items() if (p := _prune(v)) is not None}
        return out or None
    return obj


def build_report(
    base: dict[str, Any],
    cells: dict[tuple[str, str, str], CellValue],
    *,
    source: str | None,
    where: dict[tuple[str, str, str], str] | None = None,
) -> ReportT:
    """Put ``cells`` (by public id) into ``base`` (a remainder) and validate the report.

    ``where`` names the place in the file of each cell, for error messages.
    """
    data = base
    edition = data.get("edition")
    try:
        layout = layout_for(edition)  # type: ignore[arg-type]
    except (ValueError, KeyError):
        raise FormatError(
            [
                Problem(
                    "edition",
                    "/edition",
                    f"unknown edition {edition!r}",
                    expected=editions_text(),
                    got=edition if isinstance(edition, str) else None,
                )
            ],
            source,
        ) from None
    for ref in layout.cells:
        parent = data
        for name in ref.path[:-1]:
            nxt = parent.setdefault(name, {})
            if not isinstance(nxt, dict):
                break
            parent = nxt
        else:
            parent[ref.path[-1]] = cells.get(ref.id)
    try:
        return validate_data(data, source=source)
    except DocumentError as e:
        if where is None:
            raise
        by_pointer = {layout.cell(*k).pointer: w for k, w in where.items() if layout.has_cell(*k)}
        problems = [
            Problem(
                p.code,
                p.pointer,
                f"{by_pointer[p.pointer]}: {p.message}" if p.pointer in by_pointer else p.message,
                p.expected,
                p.got,
                p.line,
                p.column,
                {**p.extra, "location": by_pointer[p.pointer]}
                if p.pointer in by_pointer
                else p.extra,
            )
            for p in e.problems
        ]
        raise FormatError(problems, source) from None


def flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(JSON Pointer, value)`` of every leaf of ``data``; empty objects and arrays are leaves."""
    if isinstance(data, dict) and data:
        for k, v in data.items():
            yield from flatten(v, f"{prefix}/{escape_pointer(str(k))}")
    elif isinstance(data, list) and data:
        for i, v in enumerate(data):
            yield from flatten(v, f"{prefix}/{i}")
    else:
        yield prefix, data


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def unflatten(items: list[tuple[str, Any]]) -> Any:
    """Rebuild data from :func:`flatten` output.

    An object whose members are all ``0``, ``1`` … ``n-1`` is an array (no member name of a
    report document is a number). ``ValueError`` names the pointer that does not fit.
    """
    root: dict[str, Any] = {}
    for pointer, value in items:
        if not pointer.startswith("/"):
            raise ValueError(f"{pointer!r} is not a JSON Pointer (it must start with /)")
        tokens = [_unescape(t) for t in pointer[1:].split("/")]
        obj = root
        for t in tokens[:-1]:
            nxt = obj.setdefault(t, {})
            if not isinstance(nxt, dict):
                raise ValueError(f"{pointer}: a parent of this member already holds a value")
            obj = nxt
        if tokens[-1] in obj:
            raise ValueError(f"{pointer}: given twice")
        obj[tokens[-1]] = value
    return _arrays(root)


def _arrays(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    out = {k: _arrays(v) for k, v in obj.items()}
    if out and all(k.isdigit() for k in out):
        idx = sorted(int(k) for k in out)
        if idx != list(range(len(idx))):
            raise ValueError(f"array items {idx} are not numbered 0 … {len(idx) - 1}")
        return [out[str(i)] for i in idx]
    return out
