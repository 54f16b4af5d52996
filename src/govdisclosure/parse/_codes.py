"""The catalogue of parse finding codes (``P-…``): stable data, never reused or changed in meaning.

Each code has a severity and message templates in zh-CN and English with named ``{placeholders}``;
:func:`parse_finding` renders one into a :class:`~govdisclosure.findings.Finding`. Parse
engineers add codes here (additive edits only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from govdisclosure.findings import Finding, Severity
from govdisclosure.parse._ir import Location

__all__ = ["PARSE_CODES", "ParseCode", "in_language", "parse_finding"]

Lang = Literal["zh", "en"]


@dataclass(frozen=True, slots=True)
class ParseCode:
    """One parse finding code."""

    code: str
    severity: Severity
    zh: str
    en: str


def _c(code: str, severity: Severity, zh: str, en: str) -> tuple[str, ParseCode]:
    return code, ParseCode(code, severity, zh, en)


PARSE_CODES: dict[str, ParseCode] = dict(
    [
        # --- input --------------------------------------------------------------------------
        _c(
            "P-ENCODING",
            "warning",
            "输入不是 UTF-8 文本，已按 {encoding} 解码",
            "input is not UTF-8 text; decoded as {encoding}",
        ),
        _c(
            "P-INPUT-EMPTY",
            "error",
            "输入为空或不含任何文字",
            "the input is empty or holds no text",
        ),
        _c(
            "P-INPUT-TOO-LARGE",
            "error",
            "输入过大（{size} 字节，上限 {limit} 字节）",
            "the input is too large ({size} bytes; the limit is {limit})",
        ),
        _c(
            "P-FORMAT-UNKNOWN",
            "error",
            "无法识别输入格式：{detail}",
            "cannot tell the input format: {detail}",
        ),
        _c(
            "P-FORMAT-UNREADABLE",
            "error",
            "输入无法按 {format} 格式读取：{detail}",
            "the input cannot be read as {format}: {detail}",
        ),
        _c(
            "P-INPUT-UNSAFE",
            "error",
            "输入含有不予处理的结构：{detail}",
            "the input holds a construct that is refused: {detail}",
        ),
        _c(
            "P-NO-TABLES",
            "error",
            "输入中找不到年度报告的任何统计表",
            "no table of an annual report was found in the input",
        ),
        _c(
            "P-METADATA-MISSING",
            "error",
            "文中未找到{field_label}，已填入占位值 {placeholder!r}，请核对",
            "{field_label} not found in the document; placeholder {placeholder!r} filled in, check it",
        ),
        _c(
            "P-MODEL-INVALID",
            "error",
            "读出的数据不符合 {edition} 版模型：{detail}",
            "the data read does not fit the edition {edition} model: {detail}",
        ),
        _c(
            "P-OWN-LAYOUT",
            "info",
            "工作簿为本库的 XLSX 格式，已按其单元格逐一读取（含报告信息表）",
            "the workbook has this library's own XLSX layout and was read cell by cell (report information sheet included)",
        ),
        _c(
            "P-OWN-LAYOUT-INVALID",
            "warning",
            "工作簿有本库 XLSX 格式的报告信息表，但不能按该格式读取（{detail}），已按一般表格读取",
            "the workbook has this library's report information sheet but cannot be read in that layout ({detail}); read as a general workbook",
        ),
        _c(
            "P-PDF-OCR-NEEDED",
            "error",
            "PDF 没有可用的文字层（扫描件或字体缺少 Unicode 映射），需要先进行文字识别（OCR）",
            "the PDF has no usable text layer (a scan, or fonts without a Unicode mapping); "
            "it needs OCR",
        ),
        _c(
            "P-PDF-PAGE-UNREADABLE",
            "warning",
            "PDF 第 {pages} 页没有可用的文字层（图片或无法识别的字形），未读取，需要文字识别（OCR）",
            "page(s) {pages} of the PDF have no usable text layer (images, or glyphs without a "
            "Unicode mapping) and were not read; they need OCR",
        ),
        _c(
            "P-PDF-IMAGE-NOT-READ",
            "warning",
            "PDF 第 {page} 页有一幅图片（约占页面 {share}%），图片中的内容（如以图片形式插入的表格）未读取",
            "page {page} of the PDF holds an image (about {share}% of the page) whose content "
            "(such as a table pasted as a picture) was not read",
        ),
        # --- edition ------------------------------------------------------------------------
        _c(
            "P-EDITION",
            "info",
            "按表格标签判定为 {edition} 版格式（{evidence}）",
            "edition {edition} judged from the table labels ({evidence})",
        ),
        _c(
            "P-EDITION-UNDETERMINED",
            "warning",
            "表格标签不足以判定格式版本，按 {edition} 版处理",
            "the table labels do not decide the edition; read as edition {edition}",
        ),
        _c(
            "P-EDITION-MIXED",
            "warning",
            "报告混用了两版格式：{detail}",
            "the report mixes the two templates: {detail}",
        ),
        # --- tables and rows ----------------------------------------------------------------
        _c(
            "P-TABLE-MISSING",
            "error",
            "未找到{table_label}（{table_title}），该表各单元格记为空",
            "{table_label} ({table_title}) not found; its cells are left blank",
        ),
        _c(
            "P-ROW-MISSING",
            "error",
            "{table_label}中未找到行“{row_label}”，该行记为空",
            "row {row_label!r} of {table_label} not found; left blank",
        ),
        _c(
            "P-ROW-DUPLICATE",
            "warning",
            "{table_label}中行“{row_label}”出现多次，保留第一次，其余记入 extra_rows",
            "row {row_label!r} of {table_label} appears more than once; the first is kept, the others go to extra_rows",
        ),
        _c(
            "P-EXTRA-ROW",
            "warning",
            "{table_label}中的行“{label}”不在模板中，已原样保存在 extra_rows",
            "row {label!r} of {table_label} is not in the template; kept as published in extra_rows",
        ),
        _c(
            "P-LABEL-LOOSE",
            "info",
            "标签“{raw}”按宽松规则匹配为“{label}”",
            "label {raw!r} matched loosely to {label!r}",
        ),
        _c(
            "P-ROW-SHORT",
            "error",
            "行“{row_label}”只有 {got} 个数值，应有 {expected} 个；缺少的单元格记为空",
            "row {row_label!r} has {got} value(s), expected {expected}; the missing cells are left blank",
        ),
        _c(
            "P-ROW-LONG",
            "warning",
            "行“{row_label}”有 {got} 个数值，应有 {expected} 个；多余的“{rest}”未使用",
            "row {row_label!r} has {got} value(s), expected {expected}; the surplus {rest!r} is not used",
        ),
        _c(
            "P-TABLE-OTHER",
            "info",
            "表格（“{text}”…）不属于年度报告的统计表，未使用",
            "a table ({text!r}…) is not one of the report's tables and was not used",
        ),
        _c(
            "P-TEXT-IN-TABLE",
            "info",
            "表格中的文字“{text}”不是已知的标签，未使用",
            "text {text!r} inside the table is not a known label and was not used",
        ),
        # --- cells --------------------------------------------------------------------------
        _c(
            "P-BLANK-CELL",
            "info",
            "单元格为空（“{raw}”），记为空值而非 0",
            "cell is blank ({raw!r}); recorded as blank, not 0",
        ),
        _c(
            "P-CELL-UNREADABLE",
            "error",
            "单元格“{raw}”不是{expected}，记为空",
            "cell {raw!r} is not {expected}; left blank",
        ),
        _c(
            "P-CELL-FORMULA",
            "warning",
            "单元格 {ref} 是公式“{formula}”，公式不予计算，按原文读取",
            "cell {ref} holds the formula {formula!r}; formulas are not evaluated, the text is read as is",
        ),
        _c(
            "P-CELL-UNIT",
            "info",
            "单元格“{raw}”中的单位“{unit}”已去除",
            "unit {unit!r} removed from cell {raw!r}",
        ),
        _c(
            "P-CELL-UNIT-CONVERTED",
            "warning",
            "单元格“{raw}”以 {unit} 计，已换算为 {target}",
            "cell {raw!r} is in {unit}; converted to {target}",
        ),
        _c(
            "P-CELL-NEGATIVE",
            "error",
            "单元格“{raw}”为负数，但该列只能为非负数，记为空",
            "cell {raw!r} is negative but the column holds counts ≥ 0; left blank",
        ),
        _c(
            "P-SEGMENTATION-INFERRED",
            "info",
            "行“{row_label}”的单元格之间没有分隔符，按表内关系（{identity}）唯一切分“{raw}”为 {values}",
            "row {row_label!r} has no cell separators; {raw!r} split as {values}, the only split satisfying {identity}",
        ),
        _c(
            "P-SEGMENTATION-AMBIGUOUS",
            "error",
            "行“{row_label}”的数字“{raw}”没有分隔符，有 {count} 种切分方式，无法确定，记为空",
            "row {row_label!r}: digits {raw!r} have no separators and {count} possible splits; left blank",
        ),
        # --- layouts the template does not print (split tables, headers) ---------------------
        _c(
            "P-ROW-FROM-HEADING",
            "info",
            "{table_label}中一行数值没有自己的行名，按其上方的标题“{heading}”计入“{row_label}”",
            "a row of values in {table_label} has no label of its own; placed in {row_label!r} "
            "after the heading {heading!r} above it",
        ),
        _c(
            "P-COLUMNS-BY-HEADER",
            "info",
            "{table_label}的这张表只有部分列或列的顺序与模板不同，按表头列名对应：{columns}",
            "this table of {table_label} prints some columns only or in another order; cells "
            "placed by their header labels: {columns}",
        ),
        _c(
            "P-COLUMN-MISSING",
            "warning",
            "{table_label}“{row_label}”行缺少列：{columns}（各表都未印出，记为空）",
            "{table_label} row {row_label!r}: columns {columns} are printed in no table; left blank",
        ),
        _c(
            "P-CSV-RECORD",
            "info",
            "输入是 CSV 记录（第 {record} 条，共 {records} 条），报告取自字段“{field}”；其他字段：{others}",
            "the input is a CSV record ({record} of {records}); the report is read from the "
            "field {field!r}; other fields: {others}",
        ),
        # --- narrative (sections, metadata, fees) ------------------------------------------
        _c(
            "P-SECTION-MISSING",
            "warning",
            "未找到“{title}”部分",
            "section {title!r} not found",
        ),
        _c(
            "P-SECTION-TITLE-VARIANT",
            "info",
            "“{published}”按“{title}”读取（标题与格式不同）",
            "heading {published!r} read as {title!r} (wording differs from the format)",
        ),
        _c(
            "P-SECTION-NUMBERING",
            "info",
            "“{published}”的序号与格式（{number}）不同",
            "heading {published!r} is not numbered {number} as in the format",
        ),
        _c(
            "P-SECTION-DUPLICATE",
            "warning",
            "“{published}”再次出现，作为正文保留在“{kept_in}”部分",
            "heading {published!r} appears again; kept as text of section {kept_in!r}",
        ),
        _c(
            "P-SECTION-ORDER",
            "warning",
            "“{published}”（{title}）不在格式规定的顺序上，作为正文保留在“{kept_in}”部分",
            "heading {published!r} ({title}) is out of the format's order; kept as text of "
            "section {kept_in!r}",
        ),
        _c(
            "P-TEXT-BEFORE-SECTIONS",
            "info",
            "未找到报告标题，第一部分之前的 {count} 段文字作为引言",
            "no report title found; the {count} paragraph(s) before the first section are the preamble",
        ),
        _c(
            "P-NARRATIVE-TABLE-TEXT",
            "info",
            "“{title}”部分中 {count} 行表格残留文字未计入正文",
            "{count} line(s) of table text in section {title!r} not taken as narrative",
        ),
        _c(
            "P-NARRATIVE-CHROME",
            "info",
            "{count} 行网页或抓取标记未计入报告文字",
            "{count} line(s) of web-page or crawler chrome not taken as report text",
        ),
        _c(
            "P-PERIOD-MISSING",
            "info",
            "报告未写明统计期限",
            "the report does not state its statistics period",
        ),
        _c(
            "P-PERIOD-UNREADABLE",
            "warning",
            "统计期限“{text}”无法读取",
            "statistics period {text!r} cannot be read",
        ),
        _c(
            "P-PERIOD-MISMATCH",
            "warning",
            "统计期限 {start} 至 {end} 不是报告年度 {year} 的全年",
            "statistics period {start} to {end} is not the whole report year {year}",
        ),
        _c(
            "P-DATE-UNREADABLE",
            "warning",
            "日期“{text}”不是有效日期",
            "date {text!r} is not a valid calendar date",
        ),
        _c(
            "P-FEES-CONFLICT",
            "warning",
            "第六部分既说未收取信息处理费，又写明收取 {amount} 元；按写明的金额读取",
            "section 6 says no processing fee was collected and also states {amount} yuan; the stated amount is kept",
        ),
        _c(
            "P-NARRATIVE-UNREADABLE",
            "error",
            "报告正文无法读取（{error}），各部分和元数据未读取；表格不受影响",
            "the report's text could not be read ({error}); sections and metadata left unread, "
            "tables are not affected",
        ),
    ]
)
"""Every parse finding code, by code."""


def parse_finding(
    code: str,
    *,
    pointers: Iterable[str] = (),
    location: Location | str | None = None,
    lang: Lang = "zh",
    **params: Any,
) -> Finding:
    """A finding of parse code ``code`` with its message rendered from ``params``.

    Raises ``KeyError`` for a code not in :data:`PARSE_CODES` (a programming error).
    """
    info = PARSE_CODES[code]
    template = info.zh if lang == "zh" else info.en
    try:
        message = template.format(**params)
    except (KeyError, IndexError, ValueError):
        message = template
    where = location.describe() if isinstance(location, Location) else location
    return Finding(
        code=code,
        severity=info.severity,
        message=message,
        pointers=tuple(pointers),
        params=params,
        source_location=where,
    )


def in_language(finding: Finding, lang: Lang) -> Finding:
    """``finding`` (of a parse code) with its message rendered in ``lang`` from its params."""
    if finding.code not in PARSE_CODES:
        return finding
    return parse_finding(
        finding.code,
        pointers=finding.pointers,
        location=finding.source_location,
        lang=lang,
        **dict(finding.params),
    )
