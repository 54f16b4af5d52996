"""govdisclosure — the typed model of China's 政府信息公开工作年度报告.

Models of each official edition, their layout (ids and official labels), JSON Schemas,
consistency rules, serializers and parsers of published reports.

Importing the package is light: submodules load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from govdisclosure._version import __version__
from govdisclosure.editions import Edition, EditionSpec, register_edition, unregister_edition

if TYPE_CHECKING:
    from govdisclosure.cells import Cell, get_cell, iter_cells, set_cell
    from govdisclosure.document import dump, dumps, load, loads
    from govdisclosure.errors import DocumentError, GovdisclosureError, Problem
    from govdisclosure.layout import LAYOUTS, layout_for
    from govdisclosure.models import (
        MODELS,
        REPORT_ADAPTER,
        Report,
        Report2019,
        Report2021,
        ReportBase,
        ReportModel,
    )
    from govdisclosure.reading import ReadResult, read_report

__all__ = [
    "LAYOUTS",
    "MODELS",
    "REPORT_ADAPTER",
    "Cell",
    "DocumentError",
    "Edition",
    "EditionSpec",
    "GovdisclosureError",
    "Problem",
    "ReadResult",
    "Report",
    "Report2019",
    "Report2021",
    "ReportBase",
    "ReportModel",
    "__version__",
    "dump",
    "dumps",
    "get_cell",
    "iter_cells",
    "layout_for",
    "load",
    "loads",
    "read_report",
    "register_edition",
    "set_cell",
    "unregister_edition",
]

_LAZY: dict[str, str] = {
    "Cell": "govdisclosure.cells",
    "get_cell": "govdisclosure.cells",
    "iter_cells": "govdisclosure.cells",
    "set_cell": "govdisclosure.cells",
    "dump": "govdisclosure.document",
    "dumps": "govdisclosure.document",
    "load": "govdisclosure.document",
    "loads": "govdisclosure.document",
    "DocumentError": "govdisclosure.errors",
    "GovdisclosureError": "govdisclosure.errors",
    "Problem": "govdisclosure.errors",
    "LAYOUTS": "govdisclosure.layout",
    "layout_for": "govdisclosure.layout",
    "MODELS": "govdisclosure.models",
    "REPORT_ADAPTER": "govdisclosure.models",
    "Report": "govdisclosure.models",
    "Report2019": "govdisclosure.models",
    "Report2021": "govdisclosure.models",
    "ReportBase": "govdisclosure.models",
    "ReportModel": "govdisclosure.models",
    "ReadResult": "govdisclosure.reading",
    "read_report": "govdisclosure.reading",
}


def __getattr__(name: str) -> Any:
    # Lazy exports keep ``import govdisclosure`` cheap (pydantic loads on first use).
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govdisclosure' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
