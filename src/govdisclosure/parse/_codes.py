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

__all__ = ["PARSE_CODES", "ParseCode", "parse_finding"]

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
