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
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from govdisclosure.findings import Finding, Severity
from govdisclosure.site._text import SiteLang

if TYPE_CHECKING:
    from govdisclosure.analysis import Comparison, Coverage, IndicatorValue
    from govdisclosure.models import ReportBase
    from govdisclosure.parse import Provenance

__all__ = ["ReportSummary", "SiteEntry", "SiteSummary", "build_site", "read_entry"]


@dataclass(frozen=True)
class SiteEntry:
    """One report as the site draws it: the report, its findings and, if parsed, provenance."""

    source: str
    report: ReportBase
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
    indicators: dict[str, IndicatorValue] = field(default_factory=dict)
    """Every indicator of the registry on this report (the previous year's report given when
    the set has it)."""


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
    coverage: list[Coverage] = field(default_factory=list)
    """Per report year, who of the roster published (on time); empty without a roster."""


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _read(path: str | os.PathLike[str], lang: SiteLang) -> SiteEntry:
    """One input read as a report, not checked: its parse findings only (none for JSON)."""
    from govdisclosure.errors import DocumentError
    from govdisclosure.reading import read_report

    p = Path(path)
    if _is_json(p):
        result = read_report(p, format="json")
    else:
        result = read_report(p, how="published", lang=lang)
    if result.report is None or result.problems:
        if result.error is not None:
            raise result.error
        raise DocumentError(result.problems, str(path))
    provenance = dict(result.parsed.provenance) if result.parsed is not None else {}
    return SiteEntry(str(path), result.report, tuple(result.findings), provenance)


def read_entry(path: str | os.PathLike[str], *, lang: SiteLang = "zh") -> SiteEntry:
    """Read one input (a report JSON, or a published report, parsed) and check it.

    Raises :class:`GovdisclosureError` (a :class:`~govdisclosure.errors.DocumentError` or a
    :class:`~govdisclosure.parse.ParseError`) when the input cannot be read as a report.
    """
    from govdisclosure.rules import check

    entry = _read(path, lang)
    findings = (*entry.findings, *check(entry.report, lang=lang))
    return SiteEntry(entry.source, entry.report, findings, entry.provenance)


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


def _head(path: str, *, lang: SiteLang, keep: bool) -> tuple[str, int, ReportBase | None]:
    """Body name, year and (with ``keep``) the report of one input; raises when unreadable.
    The rules run later, once, when its page is drawn."""
    report = _read(path, lang).report
    return report.metadata.body.name, report.metadata.report_year, report if keep else None


def _heads(
    paths: Sequence[str],
    lang: SiteLang,
    keep: list[tuple[str, ReportBase]] | None,
    jobs: int | None,
    executor: Executor | None,
) -> tuple[list[_Head], list[tuple[str, str]]]:
    from govdisclosure.batch import run

    heads: list[_Head] = []
    bad: list[tuple[str, str]] = []
    task = partial(_head, lang=lang, keep=keep is not None)
    for result in run(task, paths, jobs=jobs, executor=executor):
        if result.error is not None or result.value is None:
            bad.append((result.item, result.error.message if result.error else "unreadable"))
            continue
        body, year, report = result.value
        heads.append(_Head(result.item, body, year))
        if keep is not None and report is not None:
            keep.append((result.item, report))
    return heads, bad


def _coverage(
    roster_path: str | os.PathLike[str],
    reports: Sequence[tuple[str, ReportBase]],
    lang: SiteLang,
) -> list[Coverage]:
    from govdisclosure.analysis import Submission, coverage, load_roster

    roster = load_roster(Path(roster_path))
    submissions = [Submission(report, source) for source, report in reports]
    years = sorted({r.metadata.report_year for _, r in reports})
    return [coverage(roster, submissions, year, lang=lang) for year in years]


def _compare(previous: SiteEntry | None, entry: SiteEntry, lang: SiteLang) -> Comparison | None:
    """This report against the body's previous one: changed cells, indicators, the cross-year
    rules and repeated narrative (``None`` without a previous report, or when the previous one
    is of the later edition, which no crosswalk maps back)."""
    if previous is None or entry.report.edition < previous.report.edition:
        return None
    from govdisclosure.analysis import compare

    return compare(previous.report, entry.report, lang=lang)


def _body_pages(
    group: Sequence[tuple[str, int]], *, out: Path, lang: SiteLang
) -> tuple[list[ReportSummary], list[Path]]:
    """Write the pages of one body's reports (in year order) and return their summaries.

    Runs in a worker process: it reads each report again, so that only names cross processes
    on the way in and small summaries on the way back.
    """
    from govdisclosure.site import _pages

    writer = _pages.SiteWriter(out, lang)
    slugs = [_slug(source, year) for source, year in group]
    summaries: list[ReportSummary] = []
    previous: SiteEntry | None = None
    for i, (source, year) in enumerate(group):
        entry = read_entry(source, lang=lang)
        if previous is not None and previous.report.metadata.report_year >= year:
            previous = None  # two reports of one year: neither is the other's predecessor
        comparison = _compare(previous, entry, lang)
        if comparison is not None:
            # Its findings (cross-year rules, repeated narrative) point into this report.
            found = (*entry.findings, *comparison.findings)
            entry = SiteEntry(entry.source, entry.report, found, entry.provenance)
        summary = writer.report_page(
            entry,
            comparison,
            slug=slugs[i],
            previous=(slugs[i - 1], previous) if previous is not None else None,
            next_slug=slugs[i + 1] if i + 1 < len(group) else None,
        )
        summaries.append(summary)
        previous = entry
    return summaries, writer.pages


def build_site(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    lang: SiteLang = "zh",
    roster: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    executor: Executor | None = None,
) -> SiteSummary:
    """Write the overview site of ``inputs`` (report JSONs and published reports) to ``out_dir``.

    ``out_dir`` is created if missing; files the site writes are replaced. An input that
    cannot be read is listed on the overview page with its problem; it never stops the build.
    ``roster`` (a roster CSV, see :mod:`govdisclosure.analysis.roster`) adds who is missing,
    late or duplicated to the overview; the reports are then held in memory until the end.
    A bad roster raises :class:`GovdisclosureError` before anything is written.

    The reports are read and drawn on the batch engine (:func:`govdisclosure.batch.run`):
    ``jobs`` worker processes (default: the machine's cores), or any ``executor``; each body's
    reports are drawn by one worker, in year order.
    """
    from govdisclosure.batch import run
    from govdisclosure.site import _charts, _pages

    _charts.require()  # a missing extra is said before any page is written
    out = Path(out_dir)
    paths = [os.fspath(p) for p in inputs]
    if roster is not None:
        from govdisclosure.analysis import load_roster

        load_roster(Path(roster))  # a bad roster fails now, not after the whole build
    kept: list[tuple[str, ReportBase]] | None = [] if roster is not None else None
    heads, unreadable = _heads(paths, lang, kept, jobs, executor)
    covered = _coverage(roster, kept, lang) if roster is not None and kept is not None else []
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
    groups = [tuple((h.source, h.year) for h in by_body[key]) for key in sorted(by_body)]
    summaries: list[ReportSummary] = []
    pages: list[Path] = []
    task = partial(_body_pages, out=out, lang=lang)
    for result in run(task, groups, jobs=jobs, executor=executor, min_parallel=8):
        if result.error is not None:
            # The input was read once already; failing now means it changed or vanished.
            unreadable += [(src, result.error.message) for src, _ in result.item]
            continue
        assert result.value is not None
        summaries += result.value[0]
        pages += result.value[1]
    writer = _pages.SiteWriter(out, lang)
    writer.pages = pages
    writer.overview(summaries, unreadable, duplicates, covered)
    writer.report_list(summaries)
    writer.indicators(summaries)
    writer.assets()
    return SiteSummary(out, summaries, unreadable, duplicates, writer.pages, covered)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among ``findings`` (``None`` when there are none)."""
    order: tuple[Severity, ...] = ("error", "warning", "info")
    seen = {f.severity for f in findings}
    return next((s for s in order if s in seen), None)
