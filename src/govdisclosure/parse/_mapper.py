"""The one mapper from a :class:`~govdisclosure.parse._ir.SourceDocument` to a report model.

Every front end (text, HTML, markdown, DOCX, XLSX, PDF) produces the same intermediate
representation; this module does the rest once, in explicit stages that return values:

1. **Rows** (:mod:`~govdisclosure.parse._rows`): each source row split into label and value
   cells and assigned to table 二, 三 or 四 by the best-matching official row label
   (:mod:`~govdisclosure.parse._labels`), header rows by the official header words; a row with
   values and no label of its own belongs to the table of the rows before it, or to the table
   whose section heading (二、三、四) precedes it. Header rows give each grid column its header
   texts; a header or short heading naming one row (行政复议) is the row of the value rows under
   it that print no label.
2. **Edition** (:mod:`~govdisclosure.parse._edition`), from the labels only, every edition
   scored.
3. **Columns**, from the header texts above the value cells whenever they name the table's
   columns (a table split by columns, columns reordered or dropped): cells are placed by their
   header labels, not by position (``P-COLUMNS-BY-HEADER``).
4. **Cells** (:mod:`~govdisclosure.parse._place`): read, digits run together split by the
   table's identities (:mod:`~govdisclosure.parse._segment`).
5. **Nothing dropped.** A row with values that matches no template row, a duplicate, or a row
   whose values cannot be placed goes to ``extra_rows`` with its raw cells; a row with values
   under a merged group label (such as a single （六）其他处理 row in a 2021 report) is kept
   there as a subtotal of that group, its digits split by the same identities. Missing tables,
   rows and columns are reported.

Narrative sections and metadata come from the text blocks through
``govdisclosure.parse._narrative.extract_narrative``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import ValidationError

from govdisclosure.editions import EDITION_INFO, Edition
from govdisclosure.findings import Finding
from govdisclosure.layout import Column, Table, layout_for
from govdisclosure.models import MODELS, BodyKind, BodyLevel, ReportBase
from govdisclosure.parse._codes import parse_finding
from govdisclosure.parse._edition import detect_edition
from govdisclosure.parse._ir import SourceCell, SourceDocument, TextBlock
from govdisclosure.parse._labels import (
    Match,
    column_for_label,
    heading_table,
    is_row_label,
    match_group,
    match_row,
    vocab_hits,
)
from govdisclosure.parse._normalize import normalize_label, read_cell
from govdisclosure.parse._place import (
    Placed,
    extra_row,
    fill,
    pointer,
    resolve_pending,
    table_label,
)
from govdisclosure.parse._result import ParseError, ParseResult
from govdisclosure.parse._rows import MAX_CONTEXT_CHARS, SrcRow, classify, rows_of
from govdisclosure.parse._segment import segment_candidates

__all__ = [
    "MAX_SOURCE_ROWS",
    "PLACEHOLDER_BODY_NAME",
    "heading_table",
    "is_row_label",
    "map_document",
    "segment_candidates",
]

MAX_SOURCE_ROWS = 5000
"""Most table rows read from one document (bounded time and memory on adversarial input)."""

PLACEHOLDER_BODY_NAME = "（未注明）"
"""Body name filled in when the document states none (a ``P-METADATA-MISSING`` finding says so)."""


# ----------------------------------------------------------------------------------------------
# stage 3: columns from the header rows


@dataclass(frozen=True, slots=True)
class _ByHeader:
    """Value cells placed by their header labels."""

    values: list[SourceCell]
    columns: tuple[Column, ...]


def _header_column(
    src: SrcRow, i: int, columns: tuple[Column, ...], *, grid: bool = False
) -> Column | None:
    """The column the headers above value cell ``i`` (grid column ``i`` if ``grid``) name."""
    # The lowest header naming a column wins (申请人情况 / 法人或其他组织 / 科研机构).
    g = i if grid else (src.grid[i] if i < len(src.grid) else -1)
    for text in reversed(src.heads.get(g, ())):
        col = column_for_label(text, columns)
        if col is not None:
            return col
    return None


def header_columns(src: SrcRow, columns: tuple[Column, ...]) -> _ByHeader | None:
    """The value cells of ``src`` placed by the header labels above them, when the headers
    name a column for every value that is not blank and the order differs from the layout's.

    ``None`` when the headers do not say (no header, a value without one, a column named
    twice) or say what position says already: then cells are placed by position.
    """
    if not src.heads:
        return None
    # A label under a column's header: header and rows are not aligned, positions decide.
    if any(_header_column(src, g, columns, grid=True) for g in src.label_grid):
        return None
    values: list[SourceCell] = []
    cols: list[Column] = []
    for i, cell in enumerate(src.values):
        col = _header_column(src, i, columns)
        if col is None:
            if read_cell(cell.text).blank and not cell.text.strip():
                continue
            return None
        values.append(cell)
        cols.append(col)
    if not cols or len(set(cols)) != len(cols) or tuple(cols) == columns:
        return None
    return _ByHeader(values, tuple(cols))


def _inline_order(src: SrcRow, columns: tuple[Column, ...]) -> tuple[Column, ...] | None:
    """Text has no grid: the order of a header printed in the lines of a row's label
    (行政复议 / 总计 尚未审结 结果维持 … / values), when every column label of the block is there
    exactly once and the block has one header level (the words of a two-level header, as
    table 三's, are not printed in column order). ``None`` when the label holds no header."""
    if any(c.group for c in columns):
        return None
    labels = [normalize_label(c.label) for c in columns]
    if any(src.norm.count(label) != 1 for label in labels):
        return None
    order = sorted(range(len(columns)), key=lambda i: src.norm.index(labels[i]))
    return tuple(columns[i] for i in order)


# ----------------------------------------------------------------------------------------------
# stage 4: each row of a table


@dataclass(slots=True)
class _TableRun:
    """What mapping one table has found so far, besides the cells."""

    table: Table
    last_row: str | None = None
    by_header: dict[int | None, list[str]] | None = None
    """Per source table: the column labels placed by header."""
    inline: dict[int, tuple[Column, ...]] | None = None
    """Per block (by identity): the column order of the last header printed in a row's
    label lines (text), for the rows of the block printed under it."""


def _row_match(st: Placed, table: Table, src: SrcRow) -> tuple[Match | None, bool]:
    """The template row ``src`` fills, and whether a heading (not its label) named it."""
    if src.norm:
        return match_row(src.norm, st.edition, table.id), False
    if src.context is None:
        return None, False
    m = match_row(src.context, st.edition, table.id)
    if m is None or m.hits != 1 or m.loose:
        return None, False
    n_values = sum(1 for c in src.values if c.text.strip())
    if n_values > len(m.key.block.columns):
        return None, False
    return m, True


def _text_row(st: Placed, t_id: str, src: SrcRow) -> None:
    if src.norm and not (
        vocab_hits(src.norm, t_id)
        or match_row(src.norm, st.edition, t_id)
        or match_group(src.norm, t_id)
    ):
        st.findings.append(
            parse_finding("P-TEXT-IN-TABLE", location=src.loc, text=src.raw_label[:80])
        )


def _block_row(st: Placed, run: _TableRun, src: SrcRow) -> None:
    """Table 四 printed as header rows over one row of 15 values (3 rows × 5 columns)."""
    t_id = run.table.id
    block = run.table.blocks[0]
    rows = list(block.rows)
    if st.any_filled(t_id, rows, block.columns):
        _added_row(st, run, src)
        return
    st.matched_rows.update((t_id, r.id) for r in rows)
    if fill(st, t_id, rows, block.columns, src, run.table.title):
        st.mark(t_id, rows, block.columns)
        run.last_row = rows[-1].id
    else:
        extra_row(st, t_id, src, after_row=run.last_row)
    st.tables_seen.add(t_id)


def _added_row(
    st: Placed,
    run: _TableRun,
    src: SrcRow,
    *,
    subtotal_of: str | None = None,
    columns: tuple[Column, ...] | None = None,
    split_columns: tuple[Column, ...] | None = None,
) -> None:
    """Keep ``src`` as a row the report adds to the table (``P-EXTRA-ROW``), placed after the
    last template row read so far."""
    said: dict[str, Any] = {"subtotal_of": subtotal_of} if subtotal_of is not None else {}
    st.findings.append(
        parse_finding(
            "P-EXTRA-ROW",
            location=src.loc,
            table_label=table_label(run.table.id),
            label=src.raw_label or "（无标签）",
            **said,
        )
    )
    extra_row(
        st,
        run.table.id,
        src,
        after_row=run.last_row,
        subtotal_of=subtotal_of,
        columns=columns,
        split_columns=split_columns,
    )


def _unmatched_row(st: Placed, run: _TableRun, src: SrcRow) -> None:
    t_id = run.table.id
    group = match_group(src.norm, t_id) if src.norm else None
    if group is None:
        # In a table of one block an added row has the table's columns: digits run
        # together are split by the same identities as the template rows'.
        single = run.table.blocks[0].columns if len(run.table.blocks) == 1 else None
        _added_row(st, run, src, split_columns=single)
        return
    block = next(b for b in run.table.blocks if any(group in r.groups for r in b.rows))
    _added_row(
        st, run, src, subtotal_of=group.id, columns=block.columns, split_columns=block.columns
    )


def _note_match(st: Placed, t_id: str, src: SrcRow, m: Match, by_heading: bool) -> None:
    row = m.key.row
    if m.loose:
        st.findings.append(
            parse_finding(
                "P-LABEL-LOOSE",
                pointers=[pointer(t_id, row, m.key.block.columns[0])],
                location=src.loc,
                raw=src.raw_label,
                label=row.label,
            )
        )
    if by_heading:
        st.findings.append(
            parse_finding(
                "P-ROW-FROM-HEADING",
                pointers=[pointer(t_id, row, c) for c in m.key.block.columns],
                location=src.loc,
                table_label=table_label(t_id),
                heading=src.context or "",
                row_label=row.full_label,
            )
        )


def _template_row(st: Placed, run: _TableRun, src: SrcRow, m: Match, by_heading: bool) -> None:
    t_id = run.table.id
    row = m.key.row
    st.tables_seen.add(t_id)
    st.matched_rows.add((t_id, row.id))
    _note_match(st, t_id, src, m, by_heading)
    placed = header_columns(src, m.key.block.columns) or _inline_placed(run, src, m)
    columns = placed.columns if placed is not None else m.key.block.columns
    if st.any_filled(t_id, [row], columns):
        st.findings.append(
            parse_finding(
                "P-ROW-DUPLICATE",
                location=src.loc,
                table_label=table_label(t_id),
                row_label=row.full_label,
            )
        )
        extra_row(st, t_id, src, after_row=row.id, columns=columns)
        return
    values = placed.values if placed is not None else None
    if fill(st, t_id, [row], columns, src, row.full_label, values):
        st.mark(t_id, [row], columns)
        if placed is not None:
            _note_by_header(st, run, src, placed)
    else:
        extra_row(st, t_id, src, after_row=row.id, columns=columns)
    run.last_row = row.id


def _inline_placed(run: _TableRun, src: SrcRow, m: Match) -> _ByHeader | None:
    """Cells placed by a header printed in the label lines of this row or of an earlier row
    of the same block (text), when its order is not the layout's."""
    if src.heads:
        return None
    block = m.key.block.columns
    if run.inline is None:
        run.inline = {}
    order = _inline_order(src, block)
    if order is not None:
        run.inline[id(block)] = order
    order = run.inline.get(id(block))
    if order is None or order == block or len(src.values) != len(block):
        return None
    return _ByHeader(list(src.values), order)


def _note_by_header(st: Placed, run: _TableRun, src: SrcRow, placed: _ByHeader) -> None:
    """One ``P-COLUMNS-BY-HEADER`` finding per source table, naming the columns it holds."""
    if run.by_header is None:
        run.by_header = {}
    key = src.loc.table
    first = key not in run.by_header
    labels = run.by_header.setdefault(key, [])
    labels.extend(c.label for c in placed.columns if c.label not in labels)
    if first:
        st.findings.append(
            parse_finding(
                "P-COLUMNS-BY-HEADER",
                location=src.loc,
                table_label=table_label(run.table.id),
                columns="、".join(c.label for c in placed.columns),
            )
        )


def _missing_columns(st: Placed, table: Table) -> None:
    """A matched row with some of its cells placed and others never found."""
    for block in table.blocks:
        for row in block.rows:
            done = [c for c in block.columns if (table.id, row.id, c.id) in st.filled]
            if not done or len(done) == len(block.columns):
                continue
            missing = [c for c in block.columns if c not in done]
            st.findings.append(
                parse_finding(
                    "P-COLUMN-MISSING",
                    pointers=[pointer(table.id, row, c) for c in missing],
                    table_label=table_label(table.id),
                    row_label=row.full_label,
                    columns="、".join(c.label for c in missing),
                )
            )


def _map_table(st: Placed, table: Table, rows: list[SrcRow]) -> None:
    run = _TableRun(table)
    for src in rows:
        if any(c.hints and "after-row" in c.hints for c in (*src.labels, *src.values)):
            # A page rendered by govdisclosure declares the row added (data-govd-after-row):
            # it stays an added row whatever its label matches.
            _added_row(st, run, src)
            continue
        if not src.values:
            _text_row(st, table.id, src)
            continue
        m, by_heading = _row_match(st, table, src)
        if table.id == "t4" and (
            len(src.values) > len(table.blocks[0].columns) or m is None or m.hits > 1
        ):
            _block_row(st, run, src)
        elif m is None:
            _unmatched_row(st, run, src)
        else:
            _template_row(st, run, src, m, by_heading)
    resolve_pending(st, table)
    _missing_columns(st, table)


# ----------------------------------------------------------------------------------------------
# the document


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    d = data
    for p in path[:-1]:
        d = d.setdefault(p, {})
    d[path[-1]] = value


def _narrative(
    blocks: list[TextBlock], findings: list[Finding], tables_apart: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        mod = importlib.import_module("govdisclosure.parse._narrative")
    except ImportError:
        return {}, {}
    result = mod.extract_narrative(blocks, tables_apart=tables_apart)
    findings.extend(result.findings)
    sections = result.sections
    if hasattr(sections, "model_dump"):
        sections = sections.model_dump(mode="python", by_alias=True)
    metadata = dict(result.metadata or {})
    return dict(sections or {}), metadata


def _metadata(meta: dict[str, Any], edition: Edition, findings: list[Finding]) -> dict[str, Any]:
    out = dict(meta)
    body = out.get("body")
    if not isinstance(body, dict):
        body = {}
    name = out.pop("body_name", None)
    if name and not body.get("name"):
        body["name"] = name
    # Level and kind are not printed; a page rendered by govdisclosure carries them.
    for key, allowed in (("level", get_args(BodyLevel)), ("kind", get_args(BodyKind))):
        stated = out.pop(f"body_{key}", None)
        if stated in allowed and body.get(key) is None:
            body[key] = stated
    if not body.get("name"):
        body["name"] = PLACEHOLDER_BODY_NAME
        findings.append(
            parse_finding(
                "P-METADATA-MISSING",
                pointers=["/metadata/body/name"],
                field_label="发布机关名称",
                placeholder=PLACEHOLDER_BODY_NAME,
            )
        )
    out["body"] = body
    if not isinstance(out.get("report_year"), int):
        year = EDITION_INFO[edition].first_year
        out["report_year"] = year
        findings.append(
            parse_finding(
                "P-METADATA-MISSING",
                pointers=["/metadata/report_year"],
                field_label="报告年度",
                placeholder=year,
            )
        )
    return out


def _source_rows(doc: SourceDocument) -> list[SrcRow]:
    """Every table row of ``doc`` in order, with the section and the heading it is under."""
    rows: list[SrcRow] = []
    section: str | None = None
    context: str | None = None
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            table = heading_table(block.text)
            section = table or section
            # A short heading between tables may name the row of the table after it.
            short = table is None and len(block.text.strip()) <= MAX_CONTEXT_CHARS
            context = block.text if short else None
            continue
        heading = block.caption or context
        src_rows = rows_of(block, normalize_label(heading) if heading else None)
        context = None
        for r in src_rows:
            r.section = section
        rows.extend(src_rows)
        if len(rows) > MAX_SOURCE_ROWS:
            raise ParseError(
                "P-INPUT-TOO-LARGE",
                f"the tables have more than {MAX_SOURCE_ROWS} rows; an annual report's "
                "three tables have about 50",
                source=doc.source,
            )
    return rows


def _other_tables(rows: list[SrcRow]) -> list[Finding]:
    """Rows before any report table (a layout table, a table of another kind) are not used;
    say so once per source table rather than drop them silently."""
    out: list[Finding] = []
    seen: set[int | None] = set()
    for r in rows:
        if r.table is None and r.values and r.loc.table not in seen:
            seen.add(r.loc.table)
            out.append(
                parse_finding(
                    "P-TABLE-OTHER",
                    location=r.loc,
                    text=(r.raw_label or " ".join(c.text for c in r.values))[:80],
                )
            )
    return out


def _missing(edition: Edition, st: Placed) -> list[Finding]:
    """Tables not found, and rows of the tables found that were not."""
    out: list[Finding] = []
    for table in layout_for(edition).tables:
        if table.id not in st.tables_seen:
            out.append(
                parse_finding(
                    "P-TABLE-MISSING",
                    pointers=[f"/{table.id}"],
                    table_label=table.short_label,
                    table_title=table.title,
                )
            )
            continue
        out.extend(
            parse_finding(
                "P-ROW-MISSING",
                pointers=["/" + "/".join((table.id, *row.path))],
                table_label=table.short_label,
                row_label=row.full_label,
            )
            for row in table.rows
            if (table.id, row.id) not in st.matched_rows
        )
    return out


def _table_data(edition: Edition, st: Placed) -> dict[str, Any]:
    """Every cell of the edition, blank unless read."""
    data: dict[str, Any] = {"edition": edition.value}
    for ref in layout_for(edition).cells:
        _set_path(data, ref.path, st.cells.get(ref.id))
    if edition is Edition.TRIAL_2019:
        data["t2"]["central_procurement"]["procurement_amount_unit"] = st.procurement_unit
    return data


def _build(edition: Edition, data: dict[str, Any], source: str | None) -> ReportBase:
    try:
        report = MODELS[edition].model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        raise ParseError(
            "P-MODEL-INVALID",
            f"the data read does not fit the edition {edition.value} model: "
            f"{'/'.join(str(p) for p in first['loc'])}: {first['msg']}",
            source=source,
        ) from None
    return report


def map_document(doc: SourceDocument) -> ParseResult:
    """Map a front end's :class:`SourceDocument` to a report of the edition its labels show.

    Raises :class:`~govdisclosure.parse._result.ParseError` only when the data read cannot
    form a report at all; everything else is a finding.
    """
    rows = _source_rows(doc)
    classify(rows)
    edition, edition_findings = detect_edition(rows)
    st = Placed(edition)
    st.findings.extend(_other_tables(rows))
    for table in layout_for(edition).tables:
        _map_table(st, table, [r for r in rows if r.table == table.id])
    findings = [*doc.findings, *edition_findings, *_missing(edition, st), *st.findings]
    data = _table_data(edition, st)
    text_blocks = [b for b in doc.blocks if isinstance(b, TextBlock)]
    sections, meta = _narrative(text_blocks, findings, doc.tables_apart)
    # What the input states outside the report serves where the report states nothing.
    meta.update({k: v for k, v in doc.metadata.items() if meta.get(k) in (None, "")})
    data["metadata"] = _metadata(meta, edition, findings)
    data["sections"] = sections
    data["extra_rows"] = st.extra_rows
    return ParseResult(
        report=_build(edition, data, doc.source),
        edition=edition,
        findings=findings,
        provenance=st.provenance,
        source=doc.source,
    )
