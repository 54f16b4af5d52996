"""A static overview site of a set of reports: overview, report list, one page per report.

>>> from govdisclosure.site import build_site
>>> summary = build_site(["a.json", "b.html"], "site")   # doctest: +SKIP

The site is self-contained: every style and script is a file under the output folder, charts
are inline SVG, nothing is loaded from the network, and it opens from ``file://``. Each report
page is the official layout (:mod:`govdisclosure.io.html`) with every cell that a finding names
highlighted; the finding shows on hover and on keyboard focus. Published reports are parsed on
the way, and their cells carry where they were read.

Inputs are read twice (once for what they are, once to check and draw them), so memory holds
one body's reports at a time whatever the size of the set.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govdisclosure.errors import GovdisclosureError
from govdisclosure.findings import Finding, Severity
from govdisclosure.site._text import SiteLang

if TYPE_CHECKING:
    from govdisclosure.models import Report2019, Report2021
    from govdisclosure.parse import Provenance

__all__ = ["ReportSummary", "SiteEntry", "SiteSummary", "build_site", "read_entry"]


@dataclass(frozen=True)
class SiteEntry:
    """One report as the site draws it: the report, its findings and, if parsed, provenance."""

    source: str
    report: Report2019 | Report2021
    findings: tuple[Finding, ...]
    provenance: Mapping[str, Provenance] = field(default_factory=dict)


@dataclass
class ReportSummary:
    """What the overview pages keep of a report after its own page is written."""

    slug: str
    source: str
    body: str
    level: str | None
    year: int
    edition: str
    severities: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    previous: str | None = None
    next: str | None = None
    values: dict[str, object] = field(default_factory=dict)
    """Cell values by JSON Pointer (for the indicator views)."""


@dataclass
class SiteSummary:
    """What :func:`build_site` wrote."""

    out_dir: Path
    reports: list[ReportSummary]
    unreadable: list[tuple[str, str]]
    """(source, problem) of every input that could not be read."""
    duplicates: list[tuple[str, int, list[str]]]
    """(body, year, sources) where one body has several reports for one year."""
    pages: list[Path]


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def read_entry(path: str | os.PathLike[str], *, lang: SiteLang = "zh") -> SiteEntry:
    """Read one input (a report JSON, or a published report, parsed) and check it.

    Raises :class:`GovdisclosureError` (a :class:`~govdisclosure.errors.DocumentError` or a
    :class:`~govdisclosure.parse.ParseError`) when the input cannot be read as a report.
    """
    from govdisclosure.rules import check

    p = Path(path)
    if _is_json(p):
        from govdisclosure.document import load

        report = load(p)
        return SiteEntry(str(path), report, tuple(check(report, lang=lang)))
    from govdisclosure.parse import parse
    from govdisclosure.parse._codes import in_language

    result = parse(p, source=str(path))
    parsed = (in_language(f, lang) for f in result.findings)
    findings = (*parsed, *check(result.report, lang=lang))
    return SiteEntry(str(path), result.report, findings, dict(result.provenance))


def _slug(source: str, year: int) -> str:
    digest = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{year}-{digest}"


@dataclass(frozen=True)
class _Head:
    source: str
    body: str
    year: int

    @property
    def key(self) -> str:
        """Which body's series the report belongs to: its name, unless the parser could not
        find one (then it stands alone: two unnamed reports are not one body's)."""
        from govdisclosure.parse._mapper import PLACEHOLDER_BODY_NAME

        return "\0" + self.source if self.body == PLACEHOLDER_BODY_NAME else self.body


def _heads(paths: Sequence[str], lang: SiteLang) -> tuple[list[_Head], list[tuple[str, str]]]:
    heads: list[_Head] = []
    bad: list[tuple[str, str]] = []
    for src in paths:
        try:
            entry = read_entry(src, lang=lang)
        except GovdisclosureError as e:
            bad.append((src, str(e)))
            continue
        meta = entry.report.metadata
        heads.append(_Head(src, meta.body.name, meta.report_year))
    return heads, bad


def _series_findings(
    previous: SiteEntry | None, entry: SiteEntry, lang: SiteLang
) -> tuple[Finding, ...]:
    """The cross-year rules between a body's previous report and this one (findings of this one)."""
    if previous is None:
        return ()
    from govdisclosure.rules import check_series

    found = check_series([previous.report, entry.report], lang=lang)
    return tuple(f for f in found if f.params.get("report_index") == 1)


def build_site(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    lang: SiteLang = "zh",
) -> SiteSummary:
    """Write the overview site of ``inputs`` (report JSONs and published reports) to ``out_dir``.

    ``out_dir`` is created if missing; files the site writes are replaced. An input that
    cannot be read is listed on the overview page with its problem; it never stops the build.
    """
    from govdisclosure.site import _pages

    out = Path(out_dir)
    paths = [os.fspath(p) for p in inputs]
    heads, unreadable = _heads(paths, lang)
    by_body: dict[str, list[_Head]] = {}
    for h in heads:
        by_body.setdefault(h.key, []).append(h)
    duplicates: list[tuple[str, int, list[str]]] = []
    for group in by_body.values():
        group.sort(key=lambda h: (h.year, h.source))
        years = Counter(h.year for h in group)
        duplicates += [
            (group[0].body, y, [h.source for h in group if h.year == y])
            for y, n in years.items()
            if n > 1
        ]
    writer = _pages.SiteWriter(out, lang)
    summaries: list[ReportSummary] = []
    for body in sorted(by_body):
        group = by_body[body]
        slugs = [_slug(h.source, h.year) for h in group]
        previous: SiteEntry | None = None
        for i, h in enumerate(group):
            entry = read_entry(h.source, lang=lang)
            same_year = previous is not None and previous.report.metadata.report_year == h.year
            series = () if same_year else _series_findings(previous, entry, lang)
            entry = SiteEntry(entry.source, entry.report, entry.findings + series, entry.provenance)
            summary = writer.report_page(
                entry,
                slug=slugs[i],
                previous=(slugs[i - 1], previous) if i and previous is not None else None,
                next_slug=slugs[i + 1] if i + 1 < len(group) else None,
            )
            summaries.append(summary)
            previous = entry
    writer.overview(summaries, unreadable, duplicates)
    writer.report_list(summaries)
    writer.assets()
    return SiteSummary(out, summaries, unreadable, duplicates, writer.pages)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among ``findings`` (``None`` when there are none)."""
    order: tuple[Severity, ...] = ("error", "warning", "info")
    seen = {f.severity for f in findings}
    return next((s for s in order if s in seen), None)
