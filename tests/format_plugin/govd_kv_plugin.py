"""A third-party format plug-in, as a user would write one (installed by the tests only).

``kv``: one ``member=<JSON>`` line per top-level member of the report JSON document; reads
back. ``plain``: a render-only listing of the cells, ``<pointer>: <value>`` per line.
Registered through the entry point group ``govdisclosure.formats`` of a distribution the
tests build in a temporary directory (see ``tests/test_format_plugins.py``).
"""

from __future__ import annotations

import json
from typing import Any

from govdisclosure import document
from govdisclosure.cells import iter_cells
from govdisclosure.errors import DocumentError, Problem
from govdisclosure.io.formats import Format

LOADED = True  # the tests look for this module in sys.modules: imported only when used


def dumps(report: Any) -> str:
    """The report as ``member=<JSON>`` lines."""
    data = json.loads(document.dumps(report))
    return "".join(f"{k}={json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items())


def loads(data: str | bytes, *, source: str | None = None) -> Any:
    """Read ``member=<JSON>`` lines back into a report."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    doc: dict[str, Any] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        key, sep, value = line.partition("=")
        if not sep:
            raise DocumentError(
                [Problem("kv-syntax", "", f"line {n}: no '='", expected="member=<JSON>")],
                source,
            )
        doc[key] = json.loads(value)
    return document.loads(json.dumps(doc, ensure_ascii=False), source=source)


def plain(report: Any) -> str:
    """The cells, one ``pointer: value`` per line."""
    return "".join(
        f"{c.pointer}: {'' if c.value is None else c.value}\n" for c in iter_cells(report)
    )


KV = Format("kv", (".kv",), dumps, "key=value lines (a test plug-in)", loads=loads)
PLAIN = Format("plain", (".txt",), plain, "the cells as text (a test plug-in)", render=True)
NOT_A_FORMAT = "a string"
