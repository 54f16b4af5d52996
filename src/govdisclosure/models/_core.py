"""Models shared by both editions: metadata, narrative sections, table 三 rows, table 四."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, Strict, model_serializer

from govdisclosure.editions import Edition
from govdisclosure.models._meta import (
    column_field,
    group_field,
    row_field,
    section_field,
    table_field,
)
from govdisclosure.models._types import (
    URL_PATTERN,
    Amount,
    Count,
    IsoDate,
    StrictModel,
    Text,
    Year,
    exact_pattern,
)

__all__ = [
    "AggregateInfo",
    "AggregateMember",
    "BodyKind",
    "BodyLevel",
    "Contact",
    "ExtraCell",
    "ExtraRow",
    "IssuingBody",
    "Metadata",
    "NarrativeSection",
    "OtherMattersSection",
    "ProcessingFees",
    "Sections",
    "StatisticsPeriod",
    "Subsection",
    "T3NotProcessed",
    "T3Row",
    "T3Unable",
    "T3Withheld",
    "T4Block",
    "T4Table",
    "Topic",
]

NonEmpty = Annotated[Text, Field(min_length=1)]

BodyLevel = Literal["national", "provincial", "prefectural", "county", "township"]
"""Administrative level of the issuing body (国家级, 省级, 地市级, 县级, 乡镇级)."""

BodyKind = Literal["people_government", "government_office", "department", "other"]
"""``people_government``: a 人民政府 reporting for itself (its report is due 31 March);
``government_office``: a 政府办公厅/办公室; ``department``: a 政府部门 (due 31 January);
``other``: bodies such as 管委会 or organisations authorised by law."""

Topic = Literal["proactive_work", "on_request_work", "info_management", "platform", "oversight"]
"""The five topics of 一、总体情况 in the 2021 format: 主动公开, 依申请公开, 政府信息管理,
政府信息公开平台建设, 监督保障."""


class IssuingBody(StrictModel):
    """The administrative body that issues the report."""

    # Patterns say [0-9], not \d: JSON Schema validators (ECMA-262) read \d as ASCII digits,
    # Python and pydantic as any Unicode digit, and all of them must accept the same codes.
    name: NonEmpty = Field(title="Name", description="发布机关名称 — official name of the body")
    credit_code: (
        Annotated[Text, exact_pattern(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
        | None
    ) = Field(
        default=None,
        title="Unified social credit code",
        description="统一社会信用代码 (18 characters)",
    )
    region_code: Annotated[Text, exact_pattern(r"^[0-9]{6}([0-9]{6})?$")] | None = Field(
        default=None,
        title="Region code",
        description="行政区划代码 (6 digits, or 12 digits down to township level)",
    )
    level: BodyLevel | None = Field(default=None, title="Level", description="行政层级")
    kind: BodyKind | None = Field(default=None, title="Kind", description="机关类型")


class Contact(StrictModel):
    """Contact details printed in the report."""

    person: Text | None = Field(default=None, title="Contact person", description="联系人")
    department: Text | None = Field(default=None, title="Department", description="联系部门")
    address: Text | None = Field(default=None, title="Address", description="联系地址")
    postcode: Annotated[Text, exact_pattern(r"^[0-9]{6}$")] | None = Field(
        default=None, title="Postcode", description="邮政编码"
    )
    phone: Text | None = Field(default=None, title="Phone", description="联系电话")
    email: Text | None = Field(default=None, title="E-mail", description="电子邮箱")


class StatisticsPeriod(StrictModel):
    """The statistics period the report states (normally 1 January – 31 December)."""

    start: IsoDate = Field(title="Start", description="统计期限起")
    end: IsoDate = Field(title="End", description="统计期限止")


class AggregateMember(StrictModel):
    """One report an aggregate (汇总) is the sum of."""

    name: NonEmpty = Field(title="Name", description="发布机关名称 of the member report")
    credit_code: Text | None = Field(
        default=None, title="Unified social credit code", description="统一社会信用代码"
    )
    region_code: Text | None = Field(default=None, title="Region code", description="行政区划代码")
    report_year: Year = Field(title="Report year", description="报告年度")
    edition: Literal["2019", "2021"] = Field(
        title="Edition", description="The template edition of the member report"
    )
    source: Text | None = Field(
        default=None, title="Source", description="Where the member report was read from"
    )


class AggregateInfo(StrictModel):
    """What an aggregate report is the sum of (set only on reports built by summing others)."""

    scope: Literal["own", "region", "set"] = Field(
        default="set",
        title="Scope",
        description=(
            "本级 (own: a body's own figures), 本地区 (region: a body and every subordinate "
            "unit), or set (an arbitrary set of reports)"
        ),
    )
    members: list[AggregateMember] = Field(
        title="Members", description="汇总对象: every report summed, in the order summed"
    )
    crosswalk: Annotated[bool, Strict()] = Field(
        default=False,
        title="Crosswalk used",
        description="Members of the 2019 edition were summed through the 2019→2021 crosswalk",
    )


class Metadata(StrictModel):
    """Who issued the report, for which year, and where and when it was published."""

    body: IssuingBody = Field(title="Issuing body", description="发布机关")
    report_year: Year = Field(title="Report year", description="报告年度 (the year reported on)")
    title: Text | None = Field(default=None, title="Title", description="报告标题 as published")
    document_number: Text | None = Field(
        default=None, title="Document number", description="文号 (e.g. 泉数函综合〔2022〕3号)"
    )
    issued_date: IsoDate | None = Field(
        default=None, title="Date of issue", description="成文日期 (date printed on the document)"
    )
    publication_date: IsoDate | None = Field(
        default=None, title="Publication date", description="发布日期 (date made public)"
    )
    url: Annotated[Text, exact_pattern(URL_PATTERN)] | None = Field(
        default=None, title="URL", description="发布网址"
    )
    statistics_period: StatisticsPeriod | None = Field(
        default=None, title="Statistics period", description="统计期限"
    )
    contact: Contact | None = Field(default=None, title="Contact", description="联系方式")
    covering_letter: Text | None = Field(
        default=None,
        title="Covering letter",
        description="报送函: text of a letter published together with the report, if any",
    )
    aggregate: AggregateInfo | None = Field(
        default=None,
        title="Aggregate",
        description="汇总: set when the report is the sum of other reports, naming them",
    )

    @model_serializer(mode="wrap")
    def _omit_absent_aggregate(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Added after documents were published: a report that is not an aggregate serialises
        # exactly as before (no "aggregate": null), so canonical JSON stays byte-stable.
        data = handler(self)
        if self.aggregate is None and isinstance(data, dict):
            data.pop("aggregate", None)
        return data


class Subsection(StrictModel):
    """A numbered sub-heading of a narrative section, with its text."""

    title: Text = Field(title="Title", description="小标题 as published, e.g. （一）主动公开")
    text: Text = Field(title="Text", description="正文")
    topic: Topic | None = Field(
        default=None,
        title="Topic",
        description="Which of the five 总体情况 topics this sub-heading covers, if it is one",
    )


class NarrativeSection(StrictModel):
    """A section's text as published: the text before any sub-heading, then sub-headings."""

    title: Text | None = Field(default=None, title="Title", description="标题 as published")
    text: Text = Field(
        default="",
        title="Text",
        description="正文 before the first sub-heading (paragraphs joined with a single line break)",
    )
    subsections: list[Subsection] = Field(default_factory=list, title="Subsections")


class ProcessingFees(StrictModel):
    """信息处理费 figures stated in section 六 (《政府信息公开信息处理费管理办法》)."""

    fee_notices_issued_count: Count | None = Field(
        default=None, title="Fee notices issued", description="发出收费通知的件数"
    )
    fee_notices_amount_yuan: Amount | None = Field(
        default=None,
        title="Amount of fee notices (yuan)",
        description="收费通知总金额（元）",
        json_schema_extra={"x-govd-unit": "元"},
    )
    fees_collected_yuan: Amount | None = Field(
        default=None,
        title="Fees collected (yuan)",
        description="实际收取的总金额（元）",
        json_schema_extra={"x-govd-unit": "元"},
    )
    fee_text: Text | None = Field(
        default=None, title="Fee statement", description="The sentence(s) stating the figures"
    )


class OtherMattersSection(NarrativeSection):
    """Section 六, with the optional processing-fee figures."""

    fees: ProcessingFees | None = Field(
        default=None, title="Processing fees", description="信息处理费"
    )


class Sections(StrictModel):
    """The narrative of the report; a section is ``null`` when the report lacks it."""

    preamble: Text | None = Field(
        default=None,
        title="Preamble",
        description="引言: text between the report title and section 一",
    )
    general: NarrativeSection | None = section_field("general")
    proactive: NarrativeSection | None = section_field("proactive")
    requests: NarrativeSection | None = section_field("requests")
    review_litigation: NarrativeSection | None = section_field("review_litigation")
    problems: NarrativeSection | None = section_field("problems")
    other_matters: OtherMattersSection | None = section_field("other_matters")


# ----------------------------------------------------------------------------------------
# Table 三 (rows shared by both editions)


class T3Row(StrictModel):
    """A row of table 三: one count per applicant type, and the row total as reported."""

    natural_person: Count | None = column_field("t3", "natural_person")
    commercial_enterprise: Count | None = column_field("t3", "commercial_enterprise")
    research_institution: Count | None = column_field("t3", "research_institution")
    public_welfare_org: Count | None = column_field("t3", "public_welfare_org")
    legal_service_org: Count | None = column_field("t3", "legal_service_org")
    other_org: Count | None = column_field("t3", "other_org")
    total: Count | None = column_field("t3", "total")


class T3Withheld(StrictModel):
    """（三）不予公开: eight grounds."""

    state_secret: T3Row = row_field("t3", "results.withheld.state_secret")
    prohibited_by_law: T3Row = row_field("t3", "results.withheld.prohibited_by_law")
    security_stability: T3Row = row_field("t3", "results.withheld.security_stability")
    third_party_rights: T3Row = row_field("t3", "results.withheld.third_party_rights")
    internal_affairs: T3Row = row_field("t3", "results.withheld.internal_affairs")
    process_info: T3Row = row_field("t3", "results.withheld.process_info")
    enforcement_case_file: T3Row = row_field("t3", "results.withheld.enforcement_case_file")
    admin_query_matter: T3Row = row_field("t3", "results.withheld.admin_query_matter")


class T3Unable(StrictModel):
    """（四）无法提供: three grounds."""

    not_held: T3Row = row_field("t3", "results.unable.not_held")
    needs_creation: T3Row = row_field("t3", "results.unable.needs_creation")
    unclear_after_correction: T3Row = row_field("t3", "results.unable.unclear_after_correction")


class T3NotProcessed(StrictModel):
    """（五）不予处理: five grounds."""

    petition_complaint: T3Row = row_field("t3", "results.not_processed.petition_complaint")
    repeated: T3Row = row_field("t3", "results.not_processed.repeated")
    publication: T3Row = row_field("t3", "results.not_processed.publication")
    excessive_unjustified: T3Row = row_field("t3", "results.not_processed.excessive_unjustified")
    confirm_or_reissue: T3Row = row_field("t3", "results.not_processed.confirm_or_reissue")


# ----------------------------------------------------------------------------------------
# Table 四 (identical in both editions)


class T4Block(StrictModel):
    """One block of table 四: cases by outcome, and the block total as reported."""

    upheld: Count | None = column_field("t4", "upheld")
    corrected: Count | None = column_field("t4", "corrected")
    other: Count | None = column_field("t4", "other")
    pending: Count | None = column_field("t4", "pending")
    total: Count | None = column_field("t4", "total")


class T4Table(StrictModel):
    """四、政府信息公开行政复议、行政诉讼情况."""

    review: T4Block = row_field("t4", "review")
    litigation_direct: T4Block = row_field("t4", "litigation_direct")
    litigation_after_review: T4Block = row_field("t4", "litigation_after_review")


# ----------------------------------------------------------------------------------------
# The parts of table 三 and of a report that every edition shares; an edition's model narrows
# the members that differ (``other``, ``results``, ``t2``, ``t3``, ``edition``, ``$schema``).


class T3ResultsBase(StrictModel):
    """三、本年度办理结果: the outcomes every edition has; ``other`` differs by edition."""

    granted: T3Row = row_field("t3", "results.granted")
    partially_granted: T3Row = row_field("t3", "results.partially_granted")
    withheld: T3Withheld = group_field("t3", "results.withheld")
    unable: T3Unable = group_field("t3", "results.unable")
    not_processed: T3NotProcessed = group_field("t3", "results.not_processed")
    other: StrictModel = group_field("t3", "results.other")
    total: T3Row = row_field("t3", "results.total")


class T3TableBase(StrictModel):
    """三、收到和处理政府信息公开申请情况: the rows every edition has."""

    new_received: T3Row = row_field("t3", "new_received")
    carried_over_in: T3Row = row_field("t3", "carried_over_in")
    results: T3ResultsBase = group_field("t3", "results")
    carried_over_out: T3Row = row_field("t3", "carried_over_out")


# ----------------------------------------------------------------------------------------
# Rows a published report adds to the template


MAX_EXTRA_ROWS = 1_000
"""Most rows a document adds to the template (published reports add at most a dozen); a
limit, so that validating a hostile document stays fast."""
MAX_EXTRA_CELLS = 64
"""Most cells of one added row (the widest table has 8 columns)."""


class ExtraCell(StrictModel):
    """A cell of a row that is not in the template, kept as published."""

    column: Text | None = Field(
        default=None, title="Column", description="Column id, when the header matched one"
    )
    raw: Text = Field(title="Raw text", description="The cell text as published")
    value: Amount | None = Field(
        default=None,
        title="Value",
        description="The number read from the cell, if any (signs and units removed)",
        json_schema_extra={"x-govd-kind": "amount"},
    )
    negative: Annotated[bool, Strict()] = Field(
        default=False, title="Negative", description="The cell printed a minus sign"
    )


class ExtraRow(StrictModel):
    """A row a published report adds to a table (e.g. 其他主动公开文件, a subtotal row)."""

    table: Literal["t2", "t3", "t4"] = Field(title="Table", description="Table id")
    label: Text = Field(title="Label", description="The row label as published")
    after_row: Text | None = Field(
        default=None,
        title="After row",
        description="Id of the template row the extra row follows, if known",
    )
    subtotal_of: Text | None = Field(
        default=None,
        title="Subtotal of",
        description="Row-group id (e.g. results.withheld) when the row is a subtotal of it",
    )
    cells: list[ExtraCell] = Field(default_factory=list, max_length=MAX_EXTRA_CELLS, title="Cells")


ExtraRows = Annotated[list[ExtraRow], Field(max_length=MAX_EXTRA_ROWS)]
"""The rows a published report adds to the template, at most :data:`MAX_EXTRA_ROWS`."""


__all__ += ["MAX_EXTRA_CELLS", "MAX_EXTRA_ROWS", "ExtraRows", "NonEmpty", "group_field"]


class ReportBase(StrictModel):
    """A report of any edition: the members every edition has, in document order.

    Each edition's model (:class:`~govdisclosure.models.Report2019`,
    :class:`~govdisclosure.models.Report2021`, or one derived from a registered layout)
    subclasses it and narrows ``$schema``, ``edition``, ``t2`` and ``t3``. Annotate "a report
    of any edition" with this class.
    """

    schema_: str = Field(
        alias="$schema", title="Schema", description="The JSON Schema this document follows"
    )
    edition: str = Field(title="Edition")
    metadata: Metadata = Field(title="Metadata", description="报告信息")
    sections: Sections = Field(title="Sections", description="正文")
    t2: StrictModel = table_field("t2")
    t3: T3TableBase = table_field("t3")
    t4: T4Table = table_field("t4")
    extra_rows: ExtraRows = Field(
        default_factory=list,
        title="Extra rows",
        description="Rows the published report adds to the template, kept as published",
    )

    @property
    def edition_enum(self) -> Edition:
        """The edition as an :class:`~govdisclosure.editions.Edition`."""
        return Edition(self.edition)


__all__ += ["ReportBase", "T3ResultsBase", "T3TableBase"]
