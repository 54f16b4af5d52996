"""The official table layout of each edition, as data.

This module is the single source of truth for table, row and column ids, the official
Chinese labels (full-width punctuation exactly as the template prints them), English
titles, official order and the merged-header structure. The models, the JSON Schema
annotations, the renderers, the parsers, the rule catalogue and the docs all read it;
none of them spells a label itself.

Cell ids are ``(table id, row id, column id)``, e.g. ``("t3", "results.withheld.state_secret",
"natural_person")``; they are a public contract (see ``docs/format``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from govdisclosure.editions import Edition, EditionSpec, RegistryView, edition_spec

__all__ = [
    "GENERAL_TOPICS",
    "LAYOUTS",
    "LAYOUT_2019",
    "LAYOUT_2021",
    "SECTIONS",
    "TOPIC_KEYWORD_ORDER",
    "Block",
    "CellKind",
    "CellRef",
    "Column",
    "GeneralTopic",
    "ReportLayout",
    "Row",
    "RowGroup",
    "SectionInfo",
    "Table",
    "layout_for",
]

CellKind = Literal["count", "signed_count", "amount"]
"""``count``: integer ≥ 0; ``signed_count``: integer of either sign; ``amount``: decimal money."""


@dataclass(frozen=True, slots=True)
class Column:
    """A value column of a table block."""

    id: str
    label: str
    """Official header label."""
    title_en: str
    kind: CellKind = "count"
    unit: str | None = "件"
    """Unit of the values (件 for counts, 万元/元 for money); ``None`` when the template names none."""
    group: str | None = None
    """Second-level header spanning this column (e.g. 法人或其他组织), if any."""
    description_en: str = ""


@dataclass(frozen=True, slots=True)
class RowGroup:
    """A merged, row-spanning label that groups rows and has no values of its own."""

    id: str
    """Dotted id of the group (e.g. ``results.withheld``); the group's rows extend it."""
    label: str
    title_en: str


@dataclass(frozen=True, slots=True)
class Row:
    """A row of values."""

    id: str
    """Dotted row id, unique within the table (e.g. ``results.withheld.state_secret``)."""
    label: str
    """The row's own official label as printed in its cell (without its groups)."""
    title_en: str
    groups: tuple[RowGroup, ...] = ()
    """Enclosing merged labels, outermost first."""
    description_en: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        """JSON path segments of the row inside its table object."""
        return tuple(self.id.split("."))

    @property
    def full_label(self) -> str:
        """Group labels and the row label joined, e.g. ``（三）不予公开 1.属于国家秘密``."""
        return " ".join([*(g.label for g in self.groups if g.id != "results"), self.label])


@dataclass(frozen=True, slots=True)
class Block:
    """A rectangular part of a table: one header row of columns over some rows.

    Table 二 has one block per 第二十条 item; tables 三 and 四 have one block each.
    """

    id: str
    caption: str | None
    """Block caption printed above the block (第二十条第（一）项), if any."""
    title_en: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    corner_label: str | None = None
    """Label of the top-left header cell (信息内容 in table 二)."""


@dataclass(frozen=True, slots=True)
class CellRef:
    """One statistical cell of the layout, with everything needed to name it."""

    table: Table
    block: Block
    row: Row
    column: Column

    @property
    def id(self) -> tuple[str, str, str]:
        """The public ``(table, row, column)`` id."""
        return (self.table.id, self.row.id, self.column.id)

    @property
    def dotted(self) -> str:
        """``t3.results.total.natural_person``."""
        return f"{self.table.id}.{self.row.id}.{self.column.id}"

    @property
    def pointer(self) -> str:
        """JSON Pointer of the cell inside a report document."""
        return "/" + "/".join((self.table.id, *self.row.path, self.column.id))

    @property
    def path(self) -> tuple[str, ...]:
        """Attribute path from the report object."""
        return (self.table.id, *self.row.path, self.column.id)


@dataclass(frozen=True, slots=True)
class Table:
    """A statistical table of the report."""

    id: str
    number: str
    """Section number in Chinese (二, 三, 四)."""
    section: str
    """Id of the section the table belongs to."""
    title: str
    """Official section title above the table."""
    title_en: str
    short_label: str
    """How reviewers name the table (表二)."""
    blocks: tuple[Block, ...]
    note: str | None = None
    """Official note printed in the table (the 勾稽 note of table 三)."""
    column_group_label: str | None = None
    """Top header spanning all value columns (申请人情况 in table 三)."""
    transposed: bool = False
    """The template draws this table's rows side by side, as column groups over a single line
    of values (table 四: 行政复议 | 行政诉讼 › 未经复议直接起诉, 复议后起诉)."""

    @property
    def rows(self) -> tuple[Row, ...]:
        """All rows in official order."""
        return tuple(r for b in self.blocks for r in b.rows)

    def row(self, row_id: str) -> Row:
        """The row with ``row_id``; raises ``KeyError``."""
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def block_of(self, row_id: str) -> Block:
        """The block holding ``row_id``; raises ``KeyError``."""
        for b in self.blocks:
            if any(r.id == row_id for r in b.rows):
                return b
        raise KeyError(row_id)

    def cells(self) -> Iterator[CellRef]:
        """Every cell of the table in official (row-major) order."""
        for b in self.blocks:
            for r in b.rows:
                for c in b.columns:
                    yield CellRef(self, b, r, c)


@dataclass(frozen=True, slots=True)
class SectionInfo:
    """One of the six sections of a report."""

    id: str
    number: str
    title: str
    """Official title, with its number (一、总体情况)."""
    title_en: str
    table: str | None = None
    """Id of the table this section carries, if any."""
    description_en: str = ""


@dataclass(frozen=True)
class ReportLayout:
    """The layout of one edition.

    ``edition`` may be given as the edition's id string before the edition is registered (a
    layout is part of an edition's declaration, :class:`~govdisclosure.editions.EditionSpec`).
    """

    edition: Edition
    sections: tuple[SectionInfo, ...]
    tables: tuple[Table, ...]
    _cells: tuple[CellRef, ...] = field(default=(), repr=False)
    _by_id: dict[tuple[str, str, str], CellRef] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.edition, Edition):
            object.__setattr__(self, "edition", Edition._make(str(self.edition)))
        cells = tuple(c for t in self.tables for c in t.cells())
        object.__setattr__(self, "_cells", cells)
        object.__setattr__(self, "_by_id", {c.id: c for c in cells})

    def table(self, table_id: str) -> Table:
        """The table with ``table_id``; raises ``KeyError``."""
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    @property
    def cells(self) -> tuple[CellRef, ...]:
        """Every statistical cell in official order (表二, 表三, 表四; row-major)."""
        return self._cells

    def cell(self, table: str, row: str, column: str) -> CellRef:
        """Look a cell up by its id; raises ``KeyError``."""
        return self._by_id[(table, row, column)]

    def has_cell(self, table: str, row: str, column: str) -> bool:
        """Whether ``(table, row, column)`` is a cell of this edition."""
        return (table, row, column) in self._by_id


# --------------------------------------------------------------------------------------
# Sections (identical in both editions)

SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo(
        "general",
        "一",
        "一、总体情况",
        "I. Overview",
        description_en=(
            "How the body implemented the Regulations during the year; in the 2021 format mainly "
            "five topics: proactive disclosure, disclosure on request, information management, "
            "platform building, supervision and safeguards."
        ),
    ),
    SectionInfo(
        "proactive",
        "二",
        "二、主动公开政府信息情况",
        "II. Proactive disclosure",
        table="t2",
    ),
    SectionInfo(
        "requests",
        "三",
        "三、收到和处理政府信息公开申请情况",
        "III. Requests received and handled",
        table="t3",
    ),
    SectionInfo(
        "review_litigation",
        "四",
        "四、政府信息公开行政复议、行政诉讼情况",
        "IV. Administrative reconsideration and litigation",
        table="t4",
    ),
    SectionInfo(
        "problems",
        "五",
        "五、存在的主要问题及改进情况",
        "V. Main problems and improvements",
    ),
    SectionInfo(
        "other_matters",
        "六",
        "六、其他需要报告的事项",
        "VI. Other matters to report",
        description_en="Free text; in the 2021 format also the 信息处理费 (information processing fee) figures.",
    ),
)


@dataclass(frozen=True, slots=True)
class GeneralTopic:
    """One of the five topics of 一、总体情况 (2021 format), with the keyword that names it."""

    id: str
    label: str
    """The topic as the format names it (主动公开, 依申请公开, …)."""
    title_en: str
    keyword: str
    """A sub-heading of 一、总体情况 whose title contains this keyword covers the topic."""


GENERAL_TOPICS: tuple[GeneralTopic, ...] = (
    GeneralTopic("proactive_work", "主动公开", "Proactive disclosure", "主动公开"),
    GeneralTopic("on_request_work", "依申请公开", "Disclosure on request", "依申请"),
    GeneralTopic("info_management", "政府信息管理", "Information management", "政府信息管理"),
    GeneralTopic("platform", "政府信息公开平台建设", "Platform building", "平台"),
    GeneralTopic("oversight", "监督保障", "Supervision and safeguards", "监督保障"),
)
"""The five topics in the format's order."""

TOPIC_KEYWORD_ORDER: tuple[str, ...] = (
    "on_request_work",
    "proactive_work",
    "info_management",
    "platform",
    "oversight",
)
"""Order in which the topic keywords are tried; the first match wins (依申请 before 主动公开,
so that a title naming both is about requests)."""

# --------------------------------------------------------------------------------------
# Table 三 (shared)

_APPLICANT_GROUP = "法人或其他组织"

T3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人", "Natural persons"),
    Column("commercial_enterprise", "商业企业", "Commercial enterprises", group=_APPLICANT_GROUP),
    Column("research_institution", "科研机构", "Research institutions", group=_APPLICANT_GROUP),
    Column(
        "public_welfare_org", "社会公益组织", "Public-welfare organisations", group=_APPLICANT_GROUP
    ),
    Column(
        "legal_service_org", "法律服务机构", "Legal-service organisations", group=_APPLICANT_GROUP
    ),
    Column("other_org", "其他", "Other legal persons or organisations", group=_APPLICANT_GROUP),
    Column(
        "total",
        "总计",
        "Total",
        description_en="Sum over the six applicant columns.",
    ),
)

_RESULTS = RowGroup("results", "三、本年度办理结果", "3. Outcomes this year")
_WITHHELD = RowGroup("results.withheld", "（三）不予公开", "(3) Not disclosed")
_UNABLE = RowGroup("results.unable", "（四）无法提供", "(4) Cannot be provided")
_NOT_PROCESSED = RowGroup("results.not_processed", "（五）不予处理", "(5) Not processed")
_OTHER = RowGroup("results.other", "（六）其他处理", "(6) Otherwise handled")


def _t3_rows(edition: Edition) -> tuple[Row, ...]:
    r, w, u, n = (_RESULTS,), (_RESULTS, _WITHHELD), (_RESULTS, _UNABLE), (_RESULTS, _NOT_PROCESSED)
    head = (
        Row(
            "new_received",
            "一、本年新收政府信息公开申请数量",
            "1. New requests received this year",
        ),
        Row(
            "carried_over_in",
            "二、上年结转政府信息公开申请数量",
            "2. Requests carried over from the previous year",
        ),
        Row("results.granted", "（一）予以公开", "(1) Disclosed", r),
        Row(
            "results.partially_granted",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "(2) Partially disclosed (severance is counted here only)",
            r,
        ),
        Row("results.withheld.state_secret", "1.属于国家秘密", "State secret", w),
        Row(
            "results.withheld.prohibited_by_law",
            "2.其他法律行政法规禁止公开",
            "Disclosure prohibited by other laws or administrative regulations",
            w,
        ),
        Row(
            "results.withheld.security_stability",
            "3.危及“三安全一稳定”",
            "Would endanger national, public, economic security or social stability",
            w,
        ),
        Row(
            "results.withheld.third_party_rights",
            "4.保护第三方合法权益",
            "Protection of third parties' lawful rights",
            w,
        ),
        Row(
            "results.withheld.internal_affairs",
            "5.属于三类内部事务信息",
            "Internal-affairs information (three kinds)",
            w,
        ),
        Row(
            "results.withheld.process_info",
            "6.属于四类过程性信息",
            "Process information (four kinds)",
            w,
        ),
        Row(
            "results.withheld.enforcement_case_file",
            "7.属于行政执法案卷",
            "Administrative enforcement case files",
            w,
        ),
        Row(
            "results.withheld.admin_query_matter",
            "8.属于行政查询事项",
            "Matters for administrative enquiry",
            w,
        ),
        Row(
            "results.unable.not_held",
            "1.本机关不掌握相关政府信息",
            "The body does not hold the information",
            u,
        ),
        Row(
            "results.unable.needs_creation",
            "2.没有现成信息需要另行制作",
            "No existing information; would have to be created",
            u,
        ),
        Row(
            "results.unable.unclear_after_correction",
            "3.补正后申请内容仍不明确",
            "Request still unclear after correction",
            u,
        ),
        Row(
            "results.not_processed.petition_complaint",
            "1.信访举报投诉类申请",
            "Petitions, reports and complaints",
            n,
        ),
        Row("results.not_processed.repeated", "2.重复申请", "Repeated requests", n),
        Row(
            "results.not_processed.publication",
            "3.要求提供公开出版物",
            "Requests for published publications",
            n,
        ),
        Row(
            "results.not_processed.excessive_unjustified",
            "4.无正当理由大量反复申请",
            "Large numbers of repeated requests without good reason",
            n,
        ),
        Row(
            "results.not_processed.confirm_or_reissue",
            "5.要求行政机关确认或重新出具已获取信息",
            "Requests to confirm or reissue information already obtained",
            n,
        ),
    )
    if edition is Edition.REV_2021:
        o = (_RESULTS, _OTHER)
        other: tuple[Row, ...] = (
            Row(
                "results.other.no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "Applicant failed to correct the request in time; no longer processed",
                o,
            ),
            Row(
                "results.other.fee_unpaid",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "Applicant did not pay the fee notice in time; no longer processed",
                o,
            ),
            Row("results.other.other", "3.其他", "Other", o),
        )
    else:
        other = (Row("results.other", "（六）其他处理", "(6) Otherwise handled", r),)
    tail = (
        Row(
            "results.total",
            "（七）总计",
            "(7) Total concluded",
            r,
            description_en="Requests concluded during the year, including those carried over.",
        ),
        Row(
            "carried_over_out",
            "四、结转下年度继续办理",
            "4. Carried over to the next year",
            description_en="Requests still open at 31 December.",
        ),
    )
    return head + other + tail


def _t3(edition: Edition) -> Table:
    return Table(
        "t3",
        "三",
        "requests",
        "三、收到和处理政府信息公开申请情况",
        "III. Requests received and handled",
        "表三",
        (Block("t3", None, "Requests by applicant type", T3_COLUMNS, _t3_rows(edition)),),
        note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        column_group_label="申请人情况",
    )


# --------------------------------------------------------------------------------------
# Table 四 (shared)

T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", "Upheld"),
    Column("corrected", "结果纠正", "Corrected"),
    Column("other", "其他结果", "Other outcome"),
    Column("pending", "尚未审结", "Pending"),
    Column("total", "总计", "Total"),
)

_LITIGATION = RowGroup("litigation", "行政诉讼", "Administrative litigation")

T4_TABLE = Table(
    "t4",
    "四",
    "review_litigation",
    "四、政府信息公开行政复议、行政诉讼情况",
    "IV. Administrative reconsideration and litigation",
    "表四",
    (
        Block(
            "t4",
            None,
            "Cases by outcome",
            T4_COLUMNS,
            (
                Row("review", "行政复议", "Administrative reconsideration"),
                Row(
                    "litigation_direct",
                    "未经复议直接起诉",
                    "Litigation without prior reconsideration",
                    (_LITIGATION,),
                ),
                Row(
                    "litigation_after_review",
                    "复议后起诉",
                    "Litigation after reconsideration",
                    (_LITIGATION,),
                ),
            ),
        ),
    ),
    transposed=True,
)

# --------------------------------------------------------------------------------------
# Table 二

_CONTENT = "信息内容"
_DECISIONS_2021 = Column("decisions", "本年处理决定数量", "Decisions this year")


def _t2_2021() -> Table:
    doc_cols = (
        Column("issued", "本年制发件数", "Issued this year"),
        Column("repealed", "本年废止件数", "Repealed this year"),
        Column("in_force", "现行有效件数", "In force"),
    )
    return Table(
        "t2",
        "二",
        "proactive",
        "二、主动公开政府信息情况",
        "II. Proactive disclosure",
        "表二",
        (
            Block(
                "art20_1",
                "第二十条第（一）项",
                "Article 20 item 1: rules and normative documents",
                doc_cols,
                (
                    Row("rules", "规章", "Government rules"),
                    Row("normative_docs", "行政规范性文件", "Administrative normative documents"),
                ),
                _CONTENT,
            ),
            Block(
                "art20_5",
                "第二十条第（五）项",
                "Article 20 item 5: administrative licensing",
                (_DECISIONS_2021,),
                (Row("admin_licensing", "行政许可", "Administrative licensing"),),
                _CONTENT,
            ),
            Block(
                "art20_6",
                "第二十条第（六）项",
                "Article 20 item 6: penalties and coercive measures",
                (_DECISIONS_2021,),
                (
                    Row("admin_penalty", "行政处罚", "Administrative penalties"),
                    Row("admin_coercion", "行政强制", "Administrative coercive measures"),
                ),
                _CONTENT,
            ),
            Block(
                "art20_8",
                "第二十条第（八）项",
                "Article 20 item 8: administrative fees",
                (
                    Column(
                        "amount_10k_yuan",
                        "本年收费金额（单位：万元）",
                        "Fees collected this year (10,000 yuan)",
                        kind="amount",
                        unit="万元",
                    ),
                ),
                (Row("admin_fees", "行政事业性收费", "Administrative and institutional fees"),),
                _CONTENT,
            ),
        ),
    )


def _t2_2019() -> Table:
    doc_cols = (
        Column("new_made", "本年新制作数量", "Newly made this year"),
        Column("new_published", "本年新公开数量", "Newly published this year"),
        Column("published_total", "对外公开总数量", "Total published"),
    )
    item_cols = (
        Column("items_prev_year", "上一年项目数量", "Items in the previous year", unit="项"),
        Column(
            "items_delta",
            "本年增/减",
            "Change this year",
            kind="signed_count",
            unit="项",
            description_en="Signed: decreases are negative.",
        ),
        Column("decisions", "处理决定数量", "Decisions"),
    )
    return Table(
        "t2",
        "二",
        "proactive",
        "二、主动公开政府信息情况",
        "II. Proactive disclosure",
        "表二",
        (
            Block(
                "art20_1",
                "第二十条第（一）项",
                "Article 20 item 1: rules and normative documents",
                doc_cols,
                (
                    Row("rules", "规章", "Government rules"),
                    Row("normative_docs", "规范性文件", "Normative documents"),
                ),
                _CONTENT,
            ),
            Block(
                "art20_5",
                "第二十条第（五）项",
                "Article 20 item 5: licensing and other administrative services",
                item_cols,
                (
                    Row("admin_licensing", "行政许可", "Administrative licensing"),
                    Row(
                        "other_admin_services",
                        "其他对外管理服务事项",
                        "Other external administrative services",
                    ),
                ),
                _CONTENT,
            ),
            Block(
                "art20_6",
                "第二十条第（六）项",
                "Article 20 item 6: penalties and coercive measures",
                item_cols,
                (
                    Row("admin_penalty", "行政处罚", "Administrative penalties"),
                    Row("admin_coercion", "行政强制", "Administrative coercive measures"),
                ),
                _CONTENT,
            ),
            Block(
                "art20_8",
                "第二十条第（八）项",
                "Article 20 item 8: administrative fees",
                item_cols[:2],
                (Row("admin_fees", "行政事业性收费", "Administrative and institutional fees"),),
                _CONTENT,
            ),
            Block(
                "art20_9",
                "第二十条第（九）项",
                "Article 20 item 9: centralised government procurement",
                (
                    Column("procurement_items", "采购项目数量", "Procurement items", unit="项"),
                    Column(
                        "procurement_amount",
                        "采购总金额",
                        "Total procurement amount",
                        kind="amount",
                        unit=None,
                        description_en=(
                            "The template names no unit; the unit printed in the report "
                            "(元 or 万元) is kept in procurement_amount_unit."
                        ),
                    ),
                ),
                (Row("central_procurement", "政府集中采购", "Centralised government procurement"),),
                _CONTENT,
            ),
        ),
    )


LAYOUT_2019 = ReportLayout(
    Edition.TRIAL_2019, SECTIONS, (_t2_2019(), _t3(Edition.TRIAL_2019), T4_TABLE)
)
"""The layout of the 2019 trial template."""
LAYOUT_2021 = ReportLayout(
    Edition.REV_2021, SECTIONS, (_t2_2021(), _t3(Edition.REV_2021), T4_TABLE)
)
"""The layout of the 2021 revised template."""


LAYOUTS: Mapping[Edition, ReportLayout] = RegistryView(EditionSpec.get_layout)
"""The layout of every registered edition (a live view of the edition registry)."""


def layout_for(edition: Edition | str) -> ReportLayout:
    """The layout of ``edition`` (an :class:`Edition` or its string value).

    Raises ``ValueError`` when ``edition`` is not a registered edition.
    """
    return edition_spec(edition).get_layout()
