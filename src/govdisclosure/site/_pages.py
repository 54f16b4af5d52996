"""The pages of the overview site, as HTML text (standard library only; charts via pygal)."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govdisclosure._version import __version__
from govdisclosure.cells import CellValue, iter_cells
from govdisclosure.findings import Finding
from govdisclosure.io._common import ReportT, cell_text
from govdisclosure.io.html import STYLE, body_html, esc, heading
from govdisclosure.layout import CellRef
from govdisclosure.site import ReportSummary, SiteEntry, worst_severity
from govdisclosure.site._charts import bar_chart, line_chart
from govdisclosure.site._text import SiteLang, t

if TYPE_CHECKING:
    from govdisclosure.analysis import Comparison, Coverage, IndicatorValue
    from govdisclosure.analysis.roster import Status

__all__ = ["SiteWriter"]

_ASSETS = ("site.css", "site.js")
LIST_LIMIT = 3000
"""Up to this many reports, ``reports.html`` lists them all; beyond, it links to the years."""


def _num(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _write(path: Path, text: str) -> None:
    # Written beside, then renamed: a reader never sees half a page.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


BAR_UNITS = 25
"""An indicator's bar chart shows at most this many units (the highest values); the table
beside it has them all."""


def _indicator_cell(value: IndicatorValue | None) -> str:
    if value is None or value.value is None:
        reason = value.reason if value is not None else ""
        return f'<span class="gd-none" data-sort="" title="{esc(reason or "")}">—</span>'
    return f'<span data-sort="{float(value.value):.8f}">{esc(value.display())}</span>'


def _cell_anchor(ref: CellRef) -> str:
    return "c-" + ref.dotted


class SiteWriter:
    """Writes the pages of one site into ``out``."""

    def __init__(self, out: Path, lang: SiteLang) -> None:
        self.out = out
        self.lang = lang
        self.pages: list[Path] = []

    # -- page frame ---------------------------------------------------------------------

    def _page(self, title: str, body: Sequence[str], *, depth: int, official: bool = False) -> str:
        up = "../" * depth
        lang_attr = "zh-CN" if self.lang == "zh" else "en"
        style = f"<style>\n{STYLE}\n</style>\n" if official else ""
        nav = (
            f'<nav class="gd-nav" aria-label="site"><a href="{up}index.html">{t("overview", self.lang)}</a>'
            f'<a href="{up}reports.html">{t("reports", self.lang)}</a>'
            f'<a href="{up}indicators.html">{t("indicators", self.lang)}</a></nav>'
        )
        return "\n".join(
            [
                "<!DOCTYPE html>",
                f'<html lang="{lang_attr}">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f'<meta name="generator" content="govdisclosure {esc(__version__)}">',
                f"<title>{esc(title)}</title>",
                style + f'<link rel="stylesheet" href="{up}assets/site.css">',
                "</head>",
                '<body class="gd-site">',
                nav,
                *body,
                f"<footer><p><small>{t('generated', self.lang)} {esc(__version__)}</small></p></footer>",
                f'<script src="{up}assets/site.js"></script>',
                "</body>",
                "</html>",
                "",
            ]
        )

    def _emit(self, rel: str, text: str) -> None:
        path = self.out / rel
        _write(path, text)
        self.pages.append(path)

    def assets(self) -> None:
        """Copy the stylesheet and the script into ``assets/``."""
        target = self.out / "assets"
        target.mkdir(parents=True, exist_ok=True)
        pkg = resources.files("govdisclosure.site") / "assets"
        for name in _ASSETS:
            with resources.as_file(pkg / name) as src:
                shutil.copyfile(src, target / name)

    # -- one report ---------------------------------------------------------------------

    def _tip(self, findings: Sequence[Finding], where: str | None) -> str:
        lines = []
        for f in findings:
            line = f"<b>{esc(f.code)}</b> {t(f.severity, self.lang)}: {esc(f.message)}"
            if f.reported is not None or f.computed is not None:
                line += (
                    f" ({t('reported', self.lang)} {esc(_num(f.reported))}, "
                    f"{t('computed', self.lang)} {esc(_num(f.computed))})"
                )
            lines.append(line)
        if where:
            lines.append(esc(where))
        return "<br>".join(lines)

    def report_page(
        self,
        entry: SiteEntry,
        comparison: Comparison | None,
        *,
        slug: str,
        previous: tuple[str, SiteEntry] | None,
        next_slug: str | None,
    ) -> ReportSummary:
        """Write ``r/<slug>.html`` for one report and return what the overview keeps of it."""
        report = entry.report
        lang = self.lang
        by_pointer: dict[str, list[Finding]] = {}
        for f in entry.findings:
            for p in dict.fromkeys(f.pointers):
                by_pointer.setdefault(p, []).append(f)
        # Cells whose value differs from last year's (blank counts as a value of its own);
        # the 2021 sub-rows of （六） against the single 2019 row are compared as a group.
        prev_values: dict[str, CellValue] = {}
        if comparison is not None:
            pointers = {c.ref.dotted: c.pointer for c in iter_cells(report)}
            prev_values = {
                pointers[ch.cell]: ch.previous
                for ch in comparison.cells
                if ch.cell in pointers and ch.previous != ch.current
            }
        changed = set(prev_values)

        def decorate(ref: CellRef) -> tuple[str, str]:
            pointer = ref.pointer
            found = by_pointer.get(pointer, [])
            prov = entry.provenance.get(pointer)
            where = f"{t('read_at', lang)} {prov.loc.describe()}: 「{prov.raw}」" if prov else None
            classes = []
            attrs = f' id="{_cell_anchor(ref)}"'
            extra = ""
            if pointer in changed:
                classes.append("gd-changed")
                attrs += (
                    f' data-previous="{esc(cell_text(prev_values[pointer]))}"'
                    f' title="{t("previous_value", lang)}: {esc(cell_text(prev_values[pointer]))}"'
                )
            if found:
                worst = worst_severity(found)
                classes += ["gd-flag", f"gd-flag-{worst}"]
                tip_id = f"tip-{ref.dotted}"
                attrs += f' tabindex="0" aria-describedby="{tip_id}"'
                attrs += f' data-findings="{esc(" ".join(dict.fromkeys(f.code for f in found)))}"'
                extra = (
                    f'<span class="gd-tip" role="tooltip" id="{tip_id}">'
                    f"{self._tip(found, where)}</span>"
                )
            elif prov is not None:
                attrs += f' data-where="{esc(prov.loc.describe())}"'
            if classes:
                attrs += f' class="{" ".join(classes)}"'
            return attrs, extra

        body: list[str] = [self._report_nav(entry, previous, next_slug)]
        body += self._findings_list(entry, by_pointer)
        if comparison is not None:
            body += self._comparison(comparison, len(changed))
        body += body_html(report, decorate)
        body += self._provenance(entry)
        self._emit(f"r/{slug}.html", self._page(heading(report), body, depth=1, official=True))
        meta = report.metadata
        return ReportSummary(
            slug=slug,
            source=entry.source,
            body=meta.body.name,
            level=meta.body.level,
            year=meta.report_year,
            edition=report.edition,
            severities=Counter(f.severity for f in entry.findings),
            codes=Counter(f.code for f in entry.findings),
            previous=previous[0] if previous is not None else None,
            next=next_slug,
            indicators=self._indicator_values(report, comparison),
        )

    @staticmethod
    def _indicator_values(
        report: ReportT, comparison: Comparison | None
    ) -> dict[str, IndicatorValue]:
        year = report.metadata.report_year
        if comparison is not None and comparison.previous.metadata.report_year == year - 1:
            return {ic.id: ic.current for ic in comparison.indicators}
        from govdisclosure.analysis import compute

        # A change indicator compares with the year just before only: none here.
        return {v.id: v for v in compute(report)}

    def _comparison(self, comparison: Comparison, changed: int) -> list[str]:
        """The year-over-year box: changed cells, indicators, repeated narrative."""
        lang = self.lang
        from govdisclosure.analysis import INDICATORS_BY_ID

        prev_year = comparison.previous.metadata.report_year
        out = [
            f'<section class="gd-compare"><h2 class="gd-h">{t("compare", lang)} {prev_year}</h2>',
            f'<p class="gd-changed-note">{t("changed_cells", lang)}: {changed}</p>',
        ]
        rows = []
        for ic in comparison.indicators:
            if ic.previous.value is None and ic.current.value is None:
                continue
            name = INDICATORS_BY_ID[ic.id].name[lang]
            rows.append(
                f'<tr><td>{esc(name)}</td><td class="gd-num">{esc(ic.previous.display())}</td>'
                f'<td class="gd-num">{esc(ic.current.display())}</td></tr>'
            )
        if rows:
            out.append(
                f'<table class="gd-data"><thead><tr><th>{t("indicator", lang)}</th>'
                f'<th class="gd-num">{prev_year}</th>'
                f'<th class="gd-num">{comparison.current.metadata.report_year}</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>"
            )
        repeated = [s for s in comparison.sections if s.repeated]
        if repeated:
            items = "".join(
                f"<li>{esc(s.section)} ({t('similarity', lang)} {s.similarity:.2f})</li>"
                for s in repeated
                if s.similarity is not None
            )
            out.append(f"<p>{t('repeated_sections', lang)}:</p><ul>{items}</ul>")
        for f in comparison.findings:
            out.append(
                f'<p><span class="gd-sev-{f.severity}">{t(f.severity, lang)}</span> '
                f"<b>{esc(f.code)}</b> {esc(f.message)}</p>"
            )
        out.append("</section>")
        return out

    def _report_nav(
        self, entry: SiteEntry, previous: tuple[str, SiteEntry] | None, next_slug: str | None
    ) -> str:
        lang = self.lang
        links = []
        if previous is not None:
            links.append(
                f'<a rel="prev" href="{previous[0]}.html">← {t("previous_year", lang)}</a>'
            )
        if next_slug is not None:
            links.append(f'<a rel="next" href="{next_slug}.html">{t("next_year", lang)} →</a>')
        legend = "".join(
            f'<span><i class="gd-swatch gd-sw-{k}"></i>{t("flag_" + k, lang)}</span>'
            for k in ("error", "warning", "info", "changed")
        )
        return (
            f'<div class="gd-report-head"><p>{t("source", lang)}: <code>{esc(entry.source)}</code></p>'
            f'<p class="gd-yearnav">{" ".join(links)}</p>'
            f'<p class="gd-legend">{legend}</p></div>'
        )

    def _findings_list(self, entry: SiteEntry, by_pointer: dict[str, list[Finding]]) -> list[str]:
        lang = self.lang
        out = [f'<section class="gd-findings-box"><h2 class="gd-h">{t("findings", lang)}</h2>']
        if not entry.findings:
            out.append(f"<p>{t('no_findings', lang)}</p></section>")
            return out
        cell_ids = {c.pointer: _cell_anchor(c.ref) for c in iter_cells(entry.report)}
        groups: dict[str, list[Finding]] = {}
        for f in entry.findings:
            groups.setdefault(f.code, []).append(f)
        for code, found in groups.items():
            sev = found[0].severity
            # Errors and warnings are open; the many info findings (blank cells) fold away.
            opened = " open" if sev != "info" else ""
            out.append(
                f'<details class="gd-code"{opened} data-code="{esc(code)}"><summary>'
                f'<span class="gd-sev-{sev}">{t(sev, lang)}</span> <b>{esc(code)}</b> '
                f"({len(found)})</summary>"
            )
            out.append('<ul class="gd-findings">')
            for f in found:
                links = []
                for p in dict.fromkeys(f.pointers):
                    anchor = cell_ids.get(p)
                    if anchor is not None and p in by_pointer:
                        links.append(f'<a href="#{anchor}">{esc(p)}</a>')
                    else:
                        links.append(f"<code>{esc(p)}</code>")
                where = f" — {' '.join(links)}" if links else ""
                out.append(f"<li>{esc(f.message)}{where}</li>")
            out.append("</ul></details>")
        out.append("</section>")
        return out

    def _provenance(self, entry: SiteEntry) -> list[str]:
        if not entry.provenance:
            return []
        lang = self.lang
        out = [
            f'<details class="gd-prov"><summary>{t("provenance", lang)} ({len(entry.provenance)})</summary>',
            '<table class="gd-data"><thead><tr>',
            f"<th>{t('cell', lang)}</th><th>{t('where', lang)}</th><th>{t('raw', lang)}</th>",
            "</tr></thead><tbody>",
        ]
        for pointer, prov in entry.provenance.items():
            out.append(
                f"<tr><td><code>{esc(pointer)}</code></td><td>{esc(prov.loc.describe())}</td>"
                f"<td>{esc(prov.raw)}</td></tr>"
            )
        out.append("</tbody></table></details>")
        return out

    # -- overview pages -------------------------------------------------------------------

    def _sortable(
        self, headers: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]]
    ) -> list[str]:
        """A sortable table; ``headers`` are (label, numeric); cells are HTML already."""
        num_class = ' class="gd-num"'
        head = "".join(
            f'<th{num_class if num else ""}><button class="gd-sort" type="button">'
            f"{esc(label)}</button></th>"
            for label, num in headers
        )
        out = [f'<table class="gd-data gd-sortable"><thead><tr>{head}</tr></thead><tbody>']
        for row in rows:
            cells = "".join(
                f'<td class="gd-num">{c}</td>' if num else f"<td>{c}</td>"
                for c, (_, num) in zip(row, headers, strict=True)
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody></table>")
        return out

    def overview(
        self,
        reports: Sequence[ReportSummary],
        unreadable: Sequence[tuple[str, str]],
        duplicates: Sequence[tuple[str, int, list[str]]],
        covered: Sequence[Coverage] = (),
    ) -> None:
        """Write ``index.html``: counts by year and edition, coverage against the roster when
        given, findings by rule, the units with the most findings."""
        from govdisclosure.parse import PARSE_CODES
        from govdisclosure.rules import RULES_BY_CODE

        lang = self.lang
        body = [f'<h1 class="gd-title">{t("site_title", lang)}</h1>']
        body.append(f'<p class="gd-total">{t("n_reports", lang)}: <b>{len(reports)}</b></p>')
        by_ye = Counter((r.year, r.edition) for r in reports)
        body.append(f'<h2 class="gd-h">{t("by_year_edition", lang)}</h2>')
        body += self._sortable(
            [(t("year", lang), True), (t("edition", lang), False), (t("n_reports", lang), True)],
            ([str(y), esc(e), str(n)] for (y, e), n in sorted(by_ye.items())),
        )
        years = sorted({r.year for r in reports})
        per_year = Counter(r.year for r in reports)
        if years:
            body.append('<div class="gd-chart">')
            body.append(
                bar_chart(
                    "years",
                    t("chart_years", lang),
                    [str(y) for y in years],
                    [per_year[y] for y in years],
                    horizontal=False,
                )
            )
            body.append("</div>")
        body += self._coverage(covered)
        codes: Counter[str] = Counter()
        reports_with: Counter[str] = Counter()
        for r in reports:
            codes.update(r.codes)
            reports_with.update(r.codes.keys())
        body.append(f'<h2 class="gd-h">{t("findings_by_code", lang)}</h2>')
        if codes:
            top = codes.most_common(20)
            body.append('<div class="gd-chart">')
            body.append(
                bar_chart("codes", t("chart_codes", lang), [c for c, _ in top], [n for _, n in top])
            )
            body.append("</div>")

        def rule_row(code: str, n: int) -> list[str]:
            rule = RULES_BY_CODE.get(code)
            parse_code = PARSE_CODES.get(code)
            sev = rule.severity if rule else parse_code.severity if parse_code else ""
            title = rule.title[lang] if rule is not None else ""
            sev_html = f'<span class="gd-sev-{sev}">{t(sev, lang)}</span>' if sev else ""
            return [esc(code), sev_html, esc(title), str(n), str(reports_with[code])]

        body += self._sortable(
            [
                (t("code", lang), False),
                (t("severity", lang), False),
                (t("rule", lang), False),
                (t("n_findings", lang), True),
                (t("n_reports_with", lang), True),
            ],
            (rule_row(c, n) for c, n in codes.most_common()),
        )
        body.append(f'<h2 class="gd-h">{t("worst", lang)}</h2>')
        worst = sorted(
            (r for r in reports if r.severities),
            key=lambda r: (-r.severities["error"], -r.severities["warning"], r.body, r.year),
        )[:20]
        body += self._report_rows(worst, link_prefix="r/")
        if duplicates:
            body.append(f'<h2 class="gd-h">{t("duplicates", lang)}</h2><ul>')
            for name, year, sources in duplicates:
                files = ", ".join(f"<code>{esc(s)}</code>" for s in sources)
                body.append(f"<li>{esc(name)} {year}: {files}</li>")
            body.append("</ul>")
        if unreadable:
            body.append(f'<h2 class="gd-h">{t("unreadable", lang)}</h2>')
            body += self._sortable(
                [(t("source", lang), False), (t("problem", lang), False)],
                ([f"<code>{esc(s)}</code>", esc(p)] for s, p in unreadable),
            )
        self._emit("index.html", self._page(t("site_title", lang), body, depth=0))

    def _coverage(self, covered: Sequence[Coverage]) -> list[str]:
        if not covered:
            return []
        lang = self.lang
        statuses: tuple[Status, ...] = ("ok", "missing", "late", "undated", "duplicate")
        out = [f'<h2 class="gd-h">{t("coverage", lang)}</h2>']
        out += self._sortable(
            [(t("year", lang), True), (t("expected", lang), True)]
            + [(t(s, lang), True) for s in statuses],
            (
                [str(c.year), str(len(c.entries))] + [str(c.count(s)) for s in statuses]
                for c in covered
            ),
        )
        problems = [(c.year, e) for c in covered for e in c.entries if e.status != "ok"]
        if problems:
            out += self._sortable(
                [
                    (t("year", lang), True),
                    (t("unit", lang), False),
                    (t("status", lang), False),
                    (t("date", lang), False),
                    (t("deadline", lang), False),
                ],
                (
                    [
                        str(year),
                        esc(e.unit.name),
                        f'<span class="gd-cov-{e.status}">{t(e.status, lang)}</span>',
                        e.date.isoformat() if e.date else "",
                        e.deadline.isoformat() if e.deadline else "",
                    ]
                    for year, e in problems
                ),
            )
        unknown = [src for c in covered for src in c.unknown]
        if unknown:
            out.append(f"<p>{t('unknown_units', lang)}:</p><ul>")
            out += [f"<li><code>{esc(src)}</code></li>" for src in unknown]
            out.append("</ul>")
        return out

    def indicators(self, reports: Sequence[ReportSummary]) -> None:
        """Write ``indicators.html`` (the registry's headline indicators across years, computed
        on all reports together: summed numerators over summed denominators, as a line chart
        and a table) and one ``indicators-YEAR.html`` per year (a sortable table of units ×
        indicators and a bar chart per indicator)."""
        from govdisclosure.analysis import INDICATORS

        lang = self.lang
        shown = [i for i in INDICATORS if i.variant_of is None]
        body = [f'<h1 class="gd-title">{t("indicators_title", lang)}</h1>']
        body.append('<ul class="gd-ind-list">')
        for ind in shown:
            body.append(
                f"<li><b>{esc(ind.name[lang])}</b> <code>{esc(ind.id)}</code>: "
                f"{t('formula', lang)} <code>{esc(ind.formula())}</code></li>"
            )
        body.append("</ul>")
        years = sorted({r.year for r in reports})
        links = " · ".join(f'<a href="indicators-{y}.html">{y}</a>' for y in years)
        body.append(f'<p class="gd-years">{t("indicators_year", lang)}: {links}</p>')
        body += self._indicator_trend(reports, shown, years)
        self._emit("indicators.html", self._page(t("indicators_title", lang), body, depth=0))
        for year in years:
            rows = sorted((r for r in reports if r.year == year), key=lambda r: r.body)
            title = f"{t('indicators_year', lang)} {year}"
            page = [f'<h1 class="gd-title">{title}</h1>', f'<p class="gd-years">{links}</p>']
            page += self._sortable(
                [(t("unit", lang), False)] + [(i.name[lang], True) for i in shown],
                (
                    [f'<a href="r/{r.slug}.html">{esc(r.body)}</a>']
                    + [_indicator_cell(r.indicators.get(i.id)) for i in shown]
                    for r in rows
                ),
            )
            for ind in shown:
                page += self._indicator_bars(year, ind, rows)
            self._emit(f"indicators-{year}.html", self._page(title, page, depth=0))

    def _indicator_bars(self, year: int, ind: Any, rows: Sequence[ReportSummary]) -> list[str]:
        valued = [
            (r.body, v.percent(2))
            for r in rows
            if (v := r.indicators.get(ind.id)) is not None and v.value is not None
        ]
        if not valued:
            return []
        valued.sort(key=lambda x: (-(x[1] or 0), x[0]))
        top = valued[:BAR_UNITS]
        title = f"{ind.name[self.lang]} {year}"
        if len(valued) > BAR_UNITS:
            title += "（" + t("top_units", self.lang).format(n=BAR_UNITS) + "）"
        chart = bar_chart(
            f"{ind.id}-{year}",
            title,
            [name for name, _ in top],
            [float(v) if v is not None else None for _, v in top],
            value_range=(0, 100) if ind.kind == "share" else None,
        )
        return [f'<div class="gd-chart" data-indicator="{esc(ind.id)}">{chart}</div>']

    def _indicator_trend(
        self, reports: Sequence[ReportSummary], shown: Sequence[Any], years: Sequence[int]
    ) -> list[str]:
        lang = self.lang
        series: list[tuple[str, list[float | None]]] = []
        table: list[list[str]] = []
        for ind in shown:
            if ind.kind != "share":
                continue  # a change against last year does not sum across units
            points: list[float | None] = []
            cells = [esc(ind.name[lang])]
            for year in years:
                num: int | Decimal = 0
                den: int | Decimal = 0
                for r in reports:
                    v = r.indicators.get(ind.id)
                    if r.year == year and v is not None and v.value is not None:
                        num += v.numerator or 0
                        den += v.denominator or 0
                pct = round(float(Fraction(num) / Fraction(den) * 100), 2) if den else None
                points.append(pct)
                cells.append("" if pct is None else f"{pct:.2f}%")
            series.append((ind.name[lang], points))
            table.append(cells)
        out = [f'<h2 class="gd-h">{t("by_year_all", lang)}</h2>']
        if len(years) > 1:
            # Small multiples, one indicator each: values stay readable on the points.
            out.append('<div class="gd-multiples">')
            for i, (name, points) in enumerate(series):
                chart = line_chart(f"trend-{i}", name, [str(y) for y in years], [(name, points)])
                out.append(f'<div class="gd-chart">{chart}</div>')
            out.append("</div>")
        out += self._sortable(
            [(t("indicator", lang), False)] + [(str(y), True) for y in years], table
        )
        return out

    def _report_rows(self, reports: Sequence[ReportSummary], *, link_prefix: str) -> list[str]:
        lang = self.lang
        return self._sortable(
            [
                (t("body", lang), False),
                (t("year", lang), True),
                (t("edition", lang), False),
                (t("errors", lang), True),
                (t("warnings", lang), True),
                (t("infos", lang), True),
            ],
            (
                [
                    f'<a href="{link_prefix}{r.slug}.html">{esc(r.body)}</a>',
                    str(r.year),
                    esc(r.edition),
                    str(r.severities["error"]),
                    str(r.severities["warning"]),
                    str(r.severities["info"]),
                ]
                for r in reports
            ),
        )

    def report_list(self, reports: Sequence[ReportSummary]) -> None:
        """Write ``reports.html`` (every report, sortable by any column) and one
        ``reports-YEAR.html`` per year; past :data:`LIST_LIMIT` reports the first lists the
        years only, so that it stays quick to open."""
        lang = self.lang
        ordered = sorted(reports, key=lambda r: (r.body, r.year, r.source))
        per_year: dict[int, list[ReportSummary]] = {}
        for r in ordered:
            per_year.setdefault(r.year, []).append(r)
        years = [
            f'<a href="reports-{y}.html">{y}</a> ({len(rs)})' for y, rs in sorted(per_year.items())
        ]
        nav = f'<p class="gd-years">{t("year", lang)}: {" · ".join(years)}</p>'
        body = [f'<h1 class="gd-title">{t("reports", lang)} ({len(reports)})</h1>', nav]
        if len(reports) <= LIST_LIMIT:
            body += self._report_rows(ordered, link_prefix="r/")
        self._emit("reports.html", self._page(t("reports", lang), body, depth=0))
        for year, rs in per_year.items():
            body = [f'<h1 class="gd-title">{t("reports", lang)} {year} ({len(rs)})</h1>', nav]
            body += self._report_rows(rs, link_prefix="r/")
            self._emit(
                f"reports-{year}.html", self._page(f"{t('reports', lang)} {year}", body, depth=0)
            )
