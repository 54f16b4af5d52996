"""Structural problems said in Chinese, from what they are rather than from their English text.

A :class:`~govdisclosure.errors.Problem` carries an English message. The messages of pydantic,
of ``jsonschema``, of the JSON parser and of the operating system are English too; ``check
--lang zh`` must not mix them into Chinese output. The producers of problems record what the
problem is in ``Problem.extra`` (the pydantic error type and its context, the JSON Schema
keyword, the JSON parser's message); :func:`localize` says it in Chinese from that, and falls
back to a Chinese sentence per problem code (the English text stays available to callers as
the original, for debugging).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from govdisclosure.editions import Edition
from govdisclosure.errors import Problem, bounded_message

__all__ = ["localize", "show_zh"]


def show_zh(value: Any) -> str:
    """A JSON value as a Chinese message shows it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, dict):
        return "一个对象"
    if isinstance(value, list):
        return "一个数组"
    return str(value)


def _choices(values: Any) -> str:
    if isinstance(values, (list, tuple)):
        return "、".join(show_zh(v) for v in values)
    return str(values)


# pydantic error type → (message, expected); fields come from the error's context, plus
# ``got`` (the value shown) and ``member`` (the last member name of the location).
_PYDANTIC: dict[str, tuple[str, str]] = {
    "int_type": ("应为整数，实为 {got}", "整数（整数值的数）"),
    "int_parsing": ("应为整数，实为 {got}", "整数"),
    "int_from_float": ("应为整数，实为 {got}", "不带小数点或指数的整数"),
    "greater_than_equal": ("数值应不小于 {ge}，实为 {got}", "不小于 {ge} 的数"),
    "less_than_equal": ("数值应不大于 {le}，实为 {got}", "不大于 {le} 的数"),
    "missing": ("缺少必需的成员“{member}”", "该成员（必需）"),
    "extra_forbidden": ("未知成员“{member}”", "模板中没有此成员"),
    "string_type": ("应为字符串，实为 {got}", "字符串"),
    "bool_type": ("应为 true 或 false，实为 {got}", "true 或 false"),
    "model_type": ("应为对象，实为 {got}", "对象"),
    "model_attributes_type": ("应为对象，实为 {got}", "对象"),
    "dict_type": ("应为对象，实为 {got}", "对象"),
    "list_type": ("应为数组，实为 {got}", "数组"),
    "literal_error": ("取值无效：{got}", "以下之一：{choices}"),
    "string_pattern_mismatch": ("格式不符：{got}", "符合格式 {pattern} 的字符串"),
    "string_too_short": ("不能为空字符串", "非空字符串"),
    "union_tag_invalid": ("版本“{tag}”无效", "版本 {choices}"),
    "union_tag_not_found": ("缺少 edition 成员", "edition 成员（{editions}）"),
    "amount_type": ("应为数值，实为 {got}", "不小于 0 的数（JSON 数值）"),
    "finite_number": ("应为有限的数，实为 {got}", "有限的数"),
    "decimal_type": ("应为数值，实为 {got}", "数（JSON 数值）"),
    "date_type": ("应为 YYYY-MM-DD 格式的日期，实为 {got}", "YYYY-MM-DD 格式的日期"),
    "date_value": ("{got} 不是有效的日期", "有效的日历日期"),
    "date_from_datetime_parsing": (
        "应为 YYYY-MM-DD 格式的日期，实为 {got}",
        "YYYY-MM-DD 格式的日期",
    ),
    "schema_id": ("$schema 应为 {schema}，实为 {got}", "本版本的 $schema"),
    "edition_mismatch": (
        "edition 为“{declared}”，但文档的表格属于 {follows} 版模板",
        "“{follows}”，或改用 {declared} 版模板的表格",
    ),
}

# JSON Schema keyword → (message, expected); fields from the error (see _schema_fields).
_SCHEMA: dict[str, tuple[str, str]] = {
    "type": ("类型不符，实为 {got}", "类型 {types}"),
    "required": ("缺少必需的成员 {members}", "该成员（必需）"),
    "additionalProperties": ("未知成员 {members}", "模板中没有此成员"),
    "const": ("应为 {const}，实为 {got}", "{const}"),
    "enum": ("取值无效：{got}", "以下之一：{choices}"),
    "minimum": ("数值应不小于 {limit}，实为 {got}", "不小于 {limit} 的数"),
    "maximum": ("数值应不大于 {limit}，实为 {got}", "不大于 {limit} 的数"),
    "pattern": ("格式不符：{got}", "符合格式 {limit} 的字符串"),
    "format": ("格式不符：{got}", "{limit} 格式"),
    "minLength": ("字符串过短：{got}", "至少 {limit} 个字符"),
}

_TYPES = {
    "integer": "整数",
    "number": "数",
    "string": "字符串",
    "object": "对象",
    "array": "数组",
    "boolean": "布尔值",
    "null": "null",
}

# JSON parser messages (Python's json module) → Chinese.
_JSON = {
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "成员名应以双引号括起",
    "Unterminated string starting at": "字符串没有结束",
    "Extra data": "文档结束后还有多余内容",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义符",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "文本中有多余的 BOM",
}

_IO = (
    ("file name is empty", "文件名为空"),
    ("no such file", "文件不存在"),
    ("is a directory", "这是目录，不是文件"),
    ("permission denied", "没有读取权限"),
    ("too many levels of symbolic links", "符号链接层次过多"),
)

# Per problem code, when nothing more specific is known.
_BY_CODE: dict[str, tuple[str, str]] = {
    "type": ("类型不符", "正确类型的值"),
    "range": ("数值超出范围", "范围内的数"),
    "value": ("取值无效", "有效的取值"),
    "missing": ("缺少必需的成员", "该成员（必需）"),
    "unknown-member": ("未知成员", "模板中没有此成员"),
    "edition": ("版本无效", "edition 为{editions}"),
    "schema": ("不符合 JSON Schema", "符合本版本的 JSON Schema"),
    "json-syntax": ("JSON 语法错误", "JSON 文档"),
    "json-depth": ("数组或对象嵌套过深，无法读取", "报告文档（只嵌套几层）"),
    "duplicate-member": ("同一对象中成员名重复，前一个值会丢失", "每个对象中成员名只出现一次"),
    "integer-form": (
        "整数写成了带小数或指数的形式（如 2.0、1e2），按该整数读取",
        "不带小数和指数的整数",
    ),
    "encoding": ("不是 UTF-8 文本", "UTF-8 编码的 JSON 文档"),
    "io": ("无法读取文件", "可读取的报告 JSON 文件"),
    "empty": ("文件为空", "报告 JSON 文档"),
    "too-large": ("文件过大，不可能是一份报告", "不超过上限大小的报告 JSON 文档"),
    "blank-cell": ("单元格空白", "数值（无数据时填 0）"),
    "side-file": ("附属文件（.meta.json）有误", "与 CSV 配套的附属文件"),
    "xlsx": ("不是可读取的 XLSX 工作簿", ".xlsx 文件"),
    "sheet": ("工作表有误", "按模板填写的工作表"),
}


def _fill(template: str, fields: dict[str, Any]) -> str:
    try:
        # Bounded: a field may quote a hostile value (an edition of 50,000 digits).
        return bounded_message(template.format(**fields))
    except (KeyError, IndexError, ValueError):
        # A field the producer did not record: keep the sentence, drop the detail.
        return re.sub(r"[：:]?\s*\{[^}]*\}", "", template).strip() or template


def _editions_zh() -> str:
    """The registered edition ids for a Chinese sentence: “2019”或“2021”."""
    ids = [f"“{e.value}”" for e in Edition]
    return "、".join(ids[:-1]) + "或" + ids[-1] if len(ids) > 1 else "".join(ids)


def _pydantic_fields(p: Problem, extra: dict[str, Any]) -> dict[str, Any]:
    ctx = dict(extra.get("ctx") or {})
    fields: dict[str, Any] = {
        **ctx,
        "got": _shown(p, extra),
        "member": extra.get("member", ""),
        "editions": _editions_zh(),
    }
    for name in ("expected", "expected_tags"):
        if name in ctx:
            # pydantic's list of choices: "'a', 'b' or 'c'"
            fields["choices"] = str(ctx[name]).replace(" or ", ", ").replace(", ", "、")
    if "tag" not in ctx and p.got is not None:
        fields["tag"] = p.got
    if extra.get("type") == "schema_id":
        fields["schema"] = ctx.get("expected", "")
    return fields


def _shown(p: Problem, extra: dict[str, Any]) -> str:
    # The value as the English message showed it (JSON text), so that the string "2" and the
    # number 2.5 (both kept as text in ``got``) stay apart.
    shown = extra.get("shown")
    if not isinstance(shown, str):
        return show_zh(p.got)
    if shown.startswith('"'):
        try:
            return f"“{json.loads(shown)}”"
        except ValueError:
            return shown
    return {"an object": "一个对象", "an array": "一个数组"}.get(shown, shown)


def _schema_fields(p: Problem, extra: dict[str, Any]) -> dict[str, Any]:
    value = extra.get("value")
    types = value if isinstance(value, list) else [value]
    return {
        "got": show_zh(extra.get("instance")),
        "types": "或".join(_TYPES.get(str(t), str(t)) for t in types),
        "members": "、".join(f"“{m}”" for m in extra.get("members", [])),
        "const": show_zh(value),
        "choices": _choices(value),
        "limit": value,
    }


def _io_text(message: str) -> str:
    low = message.lower()
    for key, zh in _IO:
        if key in low:
            return f"无法读取文件：{zh}"
    return "无法读取文件"


def _parse_code_text(code: str) -> tuple[str, str]:
    """A parser's refusal (a ``P-`` code) in Chinese: the code's own message, its placeholders
    shown as …（the values stay in the English text kept beside it)."""
    from govdisclosure.parse import PARSE_CODES

    expected = "可读取的已发布报告（PDF、文本、HTML、Markdown、DOCX 或 XLSX）"
    info = PARSE_CODES.get(code)
    if info is None:
        return "无法读取已发布的报告", expected
    return re.sub(r"\{[^{}]*\}", "…", info.zh), expected


def localize(p: Problem) -> tuple[str, str]:
    """``(message, expected)`` of ``p`` in Chinese."""
    extra = p.extra or {}
    kind = extra.get("type")
    if kind in _PYDANTIC:
        message, expected = _PYDANTIC[kind]
        fields = _pydantic_fields(p, extra)
        return _fill(message, fields), _fill(expected, fields)
    keyword = extra.get("keyword")
    if keyword in _SCHEMA:
        message, expected = _SCHEMA[keyword]
        fields = _schema_fields(p, extra)
        return "JSON Schema：" + _fill(message, fields), _fill(expected, fields)
    if p.code.startswith("P-"):
        return _parse_code_text(p.code)
    fallback = _BY_CODE.get(p.code, ("文档结构有误", "本版本的报告文档"))
    if p.code == "json-syntax":
        said = str(extra.get("json_msg", ""))
        detail = next((zh for en, zh in _JSON.items() if said.startswith(en)), None)
        if "too many digits" in p.message:
            detail = "数字位数过多，无法读取"
        return ("JSON 语法错误：" + detail if detail else fallback[0]), fallback[1]
    if p.code == "io":
        return _io_text(p.message), fallback[1]
    if p.code == "too-large":
        size = re.search(r"\d+", p.message)
        return (fallback[0] + (f"（{size.group()} 字节）" if size else "")), fallback[1]
    if p.code == "duplicate-member" and p.got is not None:
        return f"同一对象中成员“{p.got}”出现两次，前一个值会丢失", fallback[1]
    return fallback[0], _fill(fallback[1], {"editions": _editions_zh()})
