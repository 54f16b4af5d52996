"""Builders and Hypothesis generators of hostile input, one per class of issue 10.

Small on purpose: a hostile workbook here is a few hundred bytes of zip whose XML *declares*
something huge (a merged range over the whole sheet, a cell at XFD1048576, a row number of
eleven digits); the readers must refuse it from the declaration, before anything is expanded.
Used by ``tests/test_hardening.py`` (fixed reproducers) and ``tests/test_fuzz.py``
(generated inputs; ``GOVD_FUZZ_EXAMPLES`` sets how many per generator for a long run by hand).
"""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from govdisclosure.editions import Edition
from govdisclosure.layout import layout_for
from tests._docdata import documents, mutated_documents

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_2021 = EXAMPLES / "quanzhou-digital-office-2021.json"
SEED_2019 = EXAMPLES / "shanghai-gov-office-2019.json"


def fuzz_examples(default: int) -> int:
    """How many inputs a fuzz test draws: ``GOVD_FUZZ_EXAMPLES`` when set (long runs)."""
    return int(os.environ.get("GOVD_FUZZ_EXAMPLES", default))


# ------------------------------------------------------------------------------------------
# XLSX packages (classes 1, 2, 10)

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>{dtd}<Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
)
_SHEET_CT = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?>{dtd}<workbook xmlns="http://schemas.openxmlformats.'
    'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships"><sheets>{sheets}</sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships">{rels}</Relationships>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships">{head}<sheetData>{data}</sheetData>{tail}</worksheet>'
)

DTD = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def sheet_xml(data: str = "", *, head: str = "", tail: str = "") -> str:
    """A worksheet part: ``data`` inside ``<sheetData>``, ``head``/``tail`` around it."""
    return _SHEET.format(head=head, data=data, tail=tail)


def inline_cell(ref: str, text: str) -> str:
    """A cell holding ``text`` as an inline string."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(
    sheets: dict[str, str] | None = None,
    *,
    workbook_dtd: str = "",
    types_dtd: str = "",
    extra: dict[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An XLSX package with the given sheets (name → worksheet XML) and extra parts."""
    sheets = sheets if sheets is not None else {"Sheet1": sheet_xml()}
    entries = list(sheets.items())
    buf = io.BytesIO()
    # A fixed timestamp: the same arguments give the same bytes (the fuzzer remakes inputs).
    stamp = (2024, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr(
            zipfile.ZipInfo("[Content_Types].xml", date_time=stamp),
            _CT.format(
                dtd=types_dtd,
                overrides="".join(_SHEET_CT.format(n=i + 1) for i in range(len(entries))),
            ),
            compression,
        )
        z.writestr(zipfile.ZipInfo("_rels/.rels", date_time=stamp), _RELS, compression)
        z.writestr(
            zipfile.ZipInfo("xl/workbook.xml", date_time=stamp),
            _WB.format(
                dtd=workbook_dtd,
                sheets="".join(
                    f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                    for i, (name, _) in enumerate(entries)
                ),
            ),
            compression,
        )
        z.writestr(
            zipfile.ZipInfo("xl/_rels/workbook.xml.rels", date_time=stamp),
            _WB_RELS.format(
                rels="".join(
                    f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/worksheet" '
                    f'Target="worksheets/sheet{i + 1}.xml"/>'
                    for i in range(len(entries))
                )
            ),
            compression,
        )
        for i, (_, xml) in enumerate(entries):
            z.writestr(
                zipfile.ZipInfo(f"xl/worksheets/sheet{i + 1}.xml", date_time=stamp),
                xml,
                compression,
            )
        for name, blob in (extra or {}).items():
            z.writestr(zipfile.ZipInfo(name, date_time=stamp), blob, compression)
    return buf.getvalue()


def zip_bomb_workbook(inflated: int) -> bytes:
    """A workbook whose sheet inflates to ``inflated`` bytes of spaces (about 1000:1)."""
    pad = " " * inflated
    return workbook({"Sheet1": sheet_xml(head=f"<sheetPr/>{pad}")})


def io_workbook_with(sheet_name: str, xml: str) -> bytes:
    """A workbook whose only sheet is ``sheet_name`` (e.g. the io reader's info sheet)."""
    return workbook({sheet_name: xml})


HOSTILE_REFS = [
    "A1:XFD1048576",  # the whole grid
    "A1:J100000",  # a million cells
    "A0:B2",  # row 0
    "A99999999999:A1",  # row beyond the grid
    "XFE1:XFE2",  # column beyond XFD
    "AAAA1:B2",
    "A1:",
    "junk",
    "",
]

HOSTILE_CELL_REFS = ["XFD1048576", "A99999999999", "A0", "XFE1", "ZZZZ1", "1A", "A-1", "A1.5"]


_COLUMNS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)
_ROWS = st.one_of(
    st.integers(min_value=0, max_value=1_048_577), st.integers(min_value=0, max_value=10**14)
)
CELL_REFS = st.one_of(
    st.sampled_from(HOSTILE_CELL_REFS), st.builds(lambda c, r: f"{c}{r}", _COLUMNS, _ROWS)
)
RANGE_REFS = st.one_of(
    st.sampled_from(HOSTILE_REFS), st.builds(lambda a, b: f"{a}:{b}", CELL_REFS, CELL_REFS)
)


@st.composite
def hostile_workbooks(draw: st.DrawFn) -> bytes:
    """A small workbook declaring something a reader must refuse or bound."""
    kind = draw(
        st.sampled_from(["merge", "hyperlink", "cell", "row", "dimension", "strings", "dtd"])
    )
    ref = draw(RANGE_REFS)
    cell = draw(CELL_REFS)
    body = inline_cell("A1", "表二") if draw(st.booleans()) else ""
    if kind == "merge":
        n = draw(st.integers(min_value=1, max_value=3))
        merges = "".join(f'<mergeCell ref="{ref}"/>' for _ in range(n))
        xml = sheet_xml(f'<row r="1">{body}</row>', tail=f"<mergeCells>{merges}</mergeCells>")
    elif kind == "hyperlink":
        xml = sheet_xml(
            f'<row r="1">{body}</row>', tail=f'<hyperlinks><hyperlink ref="{ref}"/></hyperlinks>'
        )
    elif kind == "cell":
        xml = sheet_xml(f'<row><c r="{cell}"><v>1</v></c></row>')
    elif kind == "row":
        row = draw(st.sampled_from(["0", "1048577", "99999999999", "-3", "x", " 12 "]))
        xml = sheet_xml(f'<row r="{row}"><c><v>1</v></c></row>')
    elif kind == "dimension":
        xml = sheet_xml(f'<row r="1">{body}</row>', head=f'<dimension ref="{ref}"/>')
    elif kind == "strings":
        xml = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
        sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        sst += "<si><t>x</t></si>" * draw(st.integers(min_value=1, max_value=3)) + "</sst>"
        return workbook({"报告信息": xml}, extra={"xl/sharedStrings.xml": sst})
    else:
        where = draw(st.sampled_from(["workbook", "types", "sheet"]))
        if where == "sheet":
            xml = sheet_xml().replace("?>", "?>" + DTD, 1)
        else:
            return workbook(
                workbook_dtd=DTD if where == "workbook" else "",
                types_dtd=DTD if where == "types" else "",
            )
    name = draw(st.sampled_from(["Sheet1", "报告信息", "表二"]))
    return workbook({name: xml})


# ------------------------------------------------------------------------------------------
# JSON documents (classes 3, 4, 6, 7, 8)

EDITION_VALUES: list[Any] = [[], {}, 1, 1.5, True, None, "2021 ", ["2021"], {"a": 1}, "", 2021]

COUNT_LITERALS = [
    "2.0",
    "1e2",
    "0e0",
    "2E0",
    "-0",
    "9007199254740991",
    "9007199254740992",
    "1" + "0" * 30,
    "1e300000000",
    "1e40000000000",
    "1E20591620717411303424",
]
AMOUNT_LITERALS = [
    "1e15",
    "1000000000000000.5",
    "1e16",
    "1e999999999999",
    "1E20591620717411303424",
    "1e-12",
    "1e-13",
    "1e-99999999",
    "0.000000000001",
    "1.0000000000001",
    "1E+2",
    "-0.0",
    "103.3879",
]

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")

STRING_TRANSFORMS = {
    "same": lambda s: s,
    "fullwidth": lambda s: s.translate(_FULLWIDTH),
    "arabic-indic": lambda s: s.translate(_ARABIC_INDIC),
    "devanagari": lambda s: s.translate(_DEVANAGARI),
    "trailing-newline": lambda s: s + "\n",
    "leading-newline": lambda s: "\n" + s,
    "trailing-cr": lambda s: s + "\r",
    "inner-x1c": lambda s: s[:3] + "\x1c" + s[3:],
    "inner-x85": lambda s: s[:3] + "\x85" + s[3:],
    "inner-feff": lambda s: s[:3] + "\ufeff" + s[3:],
    "inner-ideographic-space": lambda s: s[:3] + "\u3000" + s[3:],
    "inner-nbsp": lambda s: s[:3] + "\xa0" + s[3:],
    "trailing-space": lambda s: s + " ",
}

PATTERN_FIELDS = {
    ("metadata", "body", "region_code"): "350500",
    ("metadata", "body", "credit_code"): "11350500MB1234567X",
    ("metadata", "contact", "postcode"): "362000",
    ("metadata", "url"): "http://xxgk.quanzhou.gov.cn/szb/zfxxgkndbg/",
    ("metadata", "issued_date"): "2022-01-07",
    ("metadata", "publication_date"): "2022-01-07",
}

_PLACEHOLDER = "@@GOVD-NUMBER@@"


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    obj = doc
    for name in path[:-1]:
        nxt = obj.get(name)
        if not isinstance(nxt, dict):
            nxt = obj[name] = {}
        obj = nxt
    obj[path[-1]] = value


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, default=str)


def _number_text(doc: dict[str, Any], path: tuple[Any, ...], literal: str) -> str:
    doc = copy.deepcopy(doc)
    _set(doc, path, _PLACEHOLDER)
    return _dumps(doc).replace(f'"{_PLACEHOLDER}"', literal, 1)


@st.composite
def hostile_json_texts(draw: st.DrawFn) -> tuple[str, str]:
    """``(class, JSON text)``: a generated report with one hostile change of a class of issue 10.

    Classes: ``edition`` (non-string edition), ``count`` / ``amount`` (number literals written
    into the text as such: exponents, fractions, huge values), ``string`` (pattern fields with
    non-ASCII digits, line breaks, Unicode spaces), ``duplicate`` (a repeated member),
    ``mutation`` (the generic mutations of ``tests/_docdata.py``).
    """
    kind = draw(
        st.sampled_from(["edition", "count", "amount", "string", "duplicate", "mutation", "valid"])
    )
    if kind == "mutation":
        return kind, _dumps(draw(mutated_documents()))
    doc = draw(documents())
    if kind == "valid":
        return kind, _dumps(doc)
    if kind == "edition":
        doc["edition"] = draw(st.sampled_from(EDITION_VALUES))
        return kind, _dumps(doc)
    if kind == "string":
        path, base = draw(st.sampled_from(sorted(PATTERN_FIELDS.items())))
        transform = draw(st.sampled_from(sorted(STRING_TRANSFORMS)))
        _set(doc, path, STRING_TRANSFORMS[transform](base))
        return f"string:{transform}", _dumps(doc)
    if kind == "duplicate":
        text = _dumps(doc)
        member = draw(st.sampled_from(['"edition": ', '"metadata": ', '"t2": ']))
        at = text.find(member)
        value_end = text.find(",", at)
        return kind, text[: value_end + 1] + text[at : value_end + 1] + text[value_end + 1 :]
    cells = layout_for(Edition(doc["edition"])).cells
    wanted = "amount" if kind == "amount" else "count"
    path = draw(st.sampled_from([ref.path for ref in cells if ref.column.kind == wanted]))
    literals = AMOUNT_LITERALS if kind == "amount" else COUNT_LITERALS
    return kind, _number_text(doc, path, draw(st.sampled_from(literals)))


def _bases() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in (SEED_2021, SEED_2019)]


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    items = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else []
    )
    for k, v in items:
        out.append((*prefix, k))
        out.extend(_paths(v, (*prefix, k)))
    return out


_BAD_VALUES: list[Any] = [True, False, "3", -1, None, {}, [], "x", 0, 1.5, "", "٣"]


def random_document_texts(rng: Any, n: int) -> list[tuple[str, str]]:
    """``n`` documents as ``(class, JSON text)``: the two real examples with random changes.

    ``rng`` is a :class:`random.Random` (a fixed seed makes the list reproducible). About a
    third carry a change of one of the classes of issue 10 (numbers written with exponents or
    fractions, pattern fields with other digits or line breaks, non-string editions), the rest
    generic changes: a value replaced by a value of another type, a member deleted or added.
    """
    bases = _bases()
    out: list[tuple[str, str]] = []
    for _ in range(n):
        doc = copy.deepcopy(rng.choice(bases))
        kind = rng.choice(["replace", "replace", "delete", "add", "number", "string", "edition"])
        if kind == "number":
            cells = layout_for(Edition(doc["edition"])).cells
            ref = rng.choice(cells)
            literals = AMOUNT_LITERALS if ref.column.kind == "amount" else COUNT_LITERALS
            literal = rng.choice(literals)
            out.append((f"number:{literal}", _number_text(doc, ref.path, literal)))
            continue
        if kind == "string":
            path, base = rng.choice(sorted(PATTERN_FIELDS.items()))
            transform = rng.choice(sorted(STRING_TRANSFORMS))
            _set(doc, path, STRING_TRANSFORMS[transform](base))
            out.append((f"string:{transform}", _dumps(doc)))
            continue
        if kind == "edition":
            doc["edition"] = rng.choice(EDITION_VALUES)
            out.append(("edition", _dumps(doc)))
            continue
        path = rng.choice(_paths(doc))
        parent: Any = doc
        for p in path[:-1]:
            parent = parent[p]
        if kind == "replace":
            parent[path[-1]] = copy.deepcopy(rng.choice(_BAD_VALUES))
        elif kind == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[rng.choice(["unknown", "extra_cell", "总计"])] = 0
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(rng.choice(_BAD_VALUES)))
        out.append((kind, _dumps(doc)))
    return out
