"""Stage 2 of the mapper: the edition, scored for every edition from the labels alone.

Each edition scores the words only it prints in its tables (the table 二 headers and rows of
its template), per table; table 三 also speaks through （六）其他处理 (three sub-rows in 2021,
one row with values in 2019). Table 二 decides; when table 三 points to another edition the
report mixes templates and ``P-EDITION-MIXED`` says so.
"""

from __future__ import annotations

from govdisclosure.editions import Edition
from govdisclosure.findings import Finding
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._labels import TABLE_IDS, label_index, match_row
from govdisclosure.parse._rows import SrcRow

__all__ = ["DEFAULT_EDITION", "detect_edition", "edition_scores"]

DEFAULT_EDITION = Edition.REV_2021
"""The edition assumed when the labels show none (the template in force)."""

Scores = dict[str, dict[Edition, list[str]]]
"""Per table, per edition: the evidence (labels) found for it."""


def _other_row_votes(r: SrcRow) -> tuple[Edition, str] | None:
    """The edition table 三's （六）其他处理 row(s) show: three sub-rows or one row."""
    m = match_row(r.norm, Edition.REV_2021, "t3")
    if m is not None and m.key.row.id.startswith("results.other."):
        if m.key.row.id != "results.other.other":
            return Edition.REV_2021, m.key.row.label
        return None
    m19 = match_row(r.norm, Edition.TRIAL_2019, "t3")
    if m19 is not None and m19.key.row.id == "results.other" and m is None:
        return Edition.TRIAL_2019, m19.key.row.label
    return None


def edition_scores(rows: list[SrcRow]) -> Scores:
    """The evidence for every edition in every table's rows."""
    words = label_index().edition_words
    votes: Scores = {t: {e: [] for e in Edition} for t in TABLE_IDS}
    for r in rows:
        if r.table is None:
            continue
        for edition in Edition:
            votes[r.table][edition].extend(w for w in words[edition] if w in r.norm)
    for r in rows:
        if r.table == "t3" and r.values:
            vote = _other_row_votes(r)
            if vote is not None:
                votes["t3"][vote[0]].append(vote[1])
    return votes


def _winner(scores: dict[Edition, list[str]]) -> Edition | None:
    """The edition with the most evidence, ``None`` on a tie at the top."""
    ranked = sorted(Edition, key=lambda e: len(scores[e]), reverse=True)
    if len(ranked) > 1 and len(scores[ranked[0]]) == len(scores[ranked[1]]):
        return None
    return ranked[0]


def detect_edition(rows: list[SrcRow]) -> tuple[Edition, list[Finding]]:
    """The edition of the report the classified ``rows`` come from, with the findings on it."""
    votes = edition_scores(rows)
    t2, t3 = _winner(votes["t2"]), _winner(votes["t3"])
    decided = t2 or t3
    if decided is None:
        return DEFAULT_EDITION, [
            parse_finding("P-EDITION-UNDETERMINED", edition=DEFAULT_EDITION.value)
        ]
    evidence = "、".join(dict.fromkeys(votes["t2" if t2 else "t3"][decided]))
    findings = [parse_finding("P-EDITION", edition=decided.value, evidence=evidence)]
    if t2 is not None and t3 is not None and t2 is not t3:
        findings.append(
            parse_finding(
                "P-EDITION-MIXED",
                detail=(
                    f"表二为 {t2.value} 版（{'、'.join(dict.fromkeys(votes['t2'][t2]))}），"
                    f"表三为 {t3.value} 版（{'、'.join(dict.fromkeys(votes['t3'][t3]))}）"
                ),
                table2_edition=t2.value,
                table3_edition=t3.value,
            )
        )
    return decided, findings
