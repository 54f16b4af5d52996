"""The optional dependencies of the dataset, with the polite hint when one is missing."""

from __future__ import annotations

import importlib
from typing import Any

from govdisclosure.errors import MissingExtraError

__all__ = ["require"]

_FEATURE = {
    "pyarrow": "the dataset (Arrow tables, Parquet, CSV)",
    "duckdb": "the DuckDB dataset format and dataset queries",
    "pandas": "to_pandas",
}


def require(module: str) -> Any:
    """Import ``module`` or raise :class:`MissingExtraError` naming the ``dataset`` extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(_FEATURE.get(module, "the dataset"), "dataset", module) from None
