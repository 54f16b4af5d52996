"""Stage 2 of the mapper: the edition, scored for every registered edition from the labels.

Each edition scores the words of its tables that another edition does not print (with the two
official editions: the words only one of them prints, the table 二 headers and rows of its
template), per table; table 三 also speaks through （六）其他处理 (sub-rows, as in 2021, or
one row with values, as in 2019). Table 二 decides; when table 三 points to another edition the
report mixes templates and ``P-EDITION-MIXED`` says so. Editions that one table shows equally
(the same words found: one edition's table is the other's plus rows) are told apart by the words
not found: the edition that prints fewer of them in that table wins.
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


_OTHER = "results.other"


def _other_row_votes(r: SrcRow) -> list[tuple[Edition, str]]:
    """The editions table 三's （六）其他处理 row(s) show: one of its sub-rows (other than
    ``3.其他``) for each edition that has it, or the single row for the editions that print it
    as one row, when no edition reads the line as a row of its own."""
    matches = {e: match_row(r.norm, e, "t3") for e in Edition}
    subs = [
        (e, m.key.row.label)
        for e, m in matches.items()
        if m is not None
        and m.key.row.id.startswith(_OTHER + ".")
        and m.key.row.id != _OTHER + ".other"
    ]
    if subs or any(
        m is not None and m.key.row.id.startswith(_OTHER + ".") for m in matches.values()
    ):
        return subs
    singles = [(e, m.key.row.label) for e, m in matches.items() if m and m.key.row.id == _OTHER]
    others_silent = all(m is None for e, m in matches.items() if e not in dict(singles))
    return singles if others_silent else []


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
            for edition, label in _other_row_votes(r):
                votes["t3"][edition].append(label)
    return votes


def _winner(scores: dict[Edition, list[str]], table: str) -> Edition | None:
    """The edition with the most evidence, ``None`` on a tie at the top.

    Editions tied on the same (non-empty) evidence are told apart by how many words of theirs
    the table prints: the one that prints fewest is what was found, the others add rows that
    were not.
    """
    ranked = sorted(Edition, key=lambda e: len(scores[e]), reverse=True)
    top = [e for e in ranked if len(scores[e]) == len(scores[ranked[0]])]
    if len(top) == 1:
        return top[0]
    found = {frozenset(scores[e]) for e in top}
    if len(found) != 1 or not scores[top[0]]:
        return None
    printed = label_index().edition_table_words[table]
    fewest = min(printed[e] for e in top)
    smallest = [e for e in top if printed[e] == fewest]
    return smallest[0] if len(smallest) == 1 else None


def detect_edition(rows: list[SrcRow]) -> tuple[Edition, list[Finding]]:
    """The edition of the report the classified ``rows`` come from, with the findings on it."""
    votes = edition_scores(rows)
    t2, t3 = _winner(votes["t2"], "t2"), _winner(votes["t3"], "t3")
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
