"""One fuzz target per reader: a generator of hostile input and the call that reads it.

A target's ``generate(rng)`` returns the bytes of one input; ``run(data)`` feeds them to the
reader and returns normally when the reader behaved as documented: a result, or one of the
errors it documents (``allowed``: :class:`~govdisclosure.errors.GovdisclosureError` subclasses,
and :class:`csv.Error` for the crawler-CSV reader, which says so), with a bounded message.
Anything else propagates and is a finding.

Generators mix structure-aware mutation of real inputs (the example reports' renderings, the
test corpus, PDFs of the corpus text) with purely hostile input (random bytes and text, control
characters, huge numbers, deep nesting, packages declaring huge things).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from fuzz import seeds
from fuzz.mutate import (
    CONTROL,
    HUGE_NUMBERS,
    encode,
    mutate_bytes,
    mutate_text,
    nesting,
    pick,
    random_text,
)
from govdisclosure.errors import GovdisclosureError

MESSAGE_LIMIT = 4_000
"""Longest message a reader may give for one problem (hostile values are far longer)."""


class UnboundedMessage(AssertionError):
    """A documented error whose message grew with the input."""


@dataclass(frozen=True)
class Target:
    """A reader under fuzzing."""

    name: str
    ext: str
    """File suffix of a kept reproducer."""
    generate: Callable[[random.Random], bytes]
    run: Callable[[bytes], None]
    allowed: tuple[type[BaseException], ...] = (GovdisclosureError,)


def check_message(err: BaseException) -> None:
    """Raise :class:`UnboundedMessage` when a documented error's message is not bounded."""
    problems = getattr(err, "problems", None)
    if problems:  # one message per problem, each bounded; the error lists a bounded number
        for p in problems:
            if len(p.message) > MESSAGE_LIMIT:
                raise UnboundedMessage(f"problem {p.code} message of {len(p.message)} chars")
        return
    text = str(err)
    if len(text) > MESSAGE_LIMIT:
        raise UnboundedMessage(f"{type(err).__name__} message of {len(text)} chars: {text[:200]}")


def _call(allowed: tuple[type[BaseException], ...], fn: Callable[[], object]) -> None:
    try:
        fn()
    except allowed as e:
        check_message(e)


# ------------------------------------------------------------------------------------------
# zip packages (XLSX, DOCX)

_REF_ATTR = re.compile(r'\b(r|ref|sqref|spans|gridSpan w:val|w:val|count|uniqueCount)="([^"]*)"')
HOSTILE_REFS = (
    "A1:XFD1048576",
    "A1:J100000",
    "A0:B2",
    "A99999999999:A1",
    "XFE1:XFE2",
    "AAAA1:B2",
    "A1:",
    "junk",
    "",
    "XFD1048576",
    "A-1",
    "1A",
    "A1.5",
    "99999999999",
    "-1",
    "1:1048576",
)
_DTD = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


_VALUE = re.compile(r"<((?:\w+:)?(?:v|t|f))(?: [^>]*)?>([^<]*)</\1>")


def _hostile_value(rng: random.Random) -> str:
    k = rng.random()
    if k < 0.5:
        return pick(rng, HUGE_NUMBERS)
    if k < 0.8:
        text = random_text(rng, rng.choice([1, 20, 2000]))
    else:
        text = pick(rng, CONTROL) * rng.choice([1, 100])
    text = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _mutate_xml(rng: random.Random, xml: str) -> str:
    op = rng.randrange(9)
    if op >= 6:  # a cell value, a text run or a formula replaced (the XML stays well-formed)
        hits = list(_VALUE.finditer(xml))
        for _ in range(rng.choice([1, 1, 3, 20])):
            if not hits:
                break
            m = hits.pop(rng.randrange(len(hits)))
            xml = xml[: m.start(2)] + _hostile_value(rng) + xml[m.end(2) :]
            hits = list(_VALUE.finditer(xml)) if rng.random() < 0.2 else hits[:0]
        return xml
    if op == 0:  # a reference or count attribute given a hostile value
        hits = list(_REF_ATTR.finditer(xml))
        if hits:
            m = hits[rng.randrange(len(hits))]
            value = pick(rng, HOSTILE_REFS + HUGE_NUMBERS[:10])
            return xml[: m.start(2)] + value + xml[m.end(2) :]
    if op == 1:  # a DTD
        return xml.replace("?>", "?>" + _DTD, 1) if "?>" in xml else _DTD + xml
    if op == 2:  # an element repeated
        tags = [m.start() for m in re.finditer(r"<(?:c|row|si|mergeCell|w:tc|w:tr|w:p)\b", xml)]
        if tags:
            a = tags[rng.randrange(len(tags))]
            b = xml.find(">", a) + 1
            end = xml.find("</", b)
            end = xml.find(">", end) + 1 if end > 0 else b
            return xml[:a] + xml[a:end] * rng.choice([2, 100, 20_000]) + xml[a:]
    if op == 3:  # closing tags dropped
        return re.sub(r"</[A-Za-z:]+>", "", xml, count=rng.randrange(1, 20))
    if op == 4:  # merged ranges or hyperlinks declared
        ref = pick(rng, HOSTILE_REFS)
        tail = pick(
            rng,
            [
                f'<mergeCells><mergeCell ref="{ref}"/></mergeCells>',
                f'<hyperlinks><hyperlink ref="{ref}"/></hyperlinks>',
                f'<dimension ref="{ref}"/>',
            ],
        )
        at = xml.rfind("</")
        return xml[:at] + tail + xml[at:] if at > 0 else xml + tail
    return mutate_text(rng, xml, "xml", rounds=rng.choice([1, 2]))


def mutate_zip(rng: random.Random, data: bytes, *, parts: tuple[str, ...]) -> bytes:
    """A copy of the package ``data`` with one or two of its XML parts changed (``parts``
    names the preferred ones), sometimes stored uncompressed or with many extra parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    names = [n for n in entries if n in parts] or list(entries)
    for _ in range(rng.choice([1, 1, 2])):
        name = rng.choice(names if rng.random() < 0.8 else list(entries))
        text = entries[name].decode("utf-8", "replace")
        entries[name] = _mutate_xml(rng, text).encode("utf-8", "surrogatepass")
    if rng.random() < 0.03:
        for k in range(rng.choice([10, 6000])):
            entries[f"customXml/item{k}.xml"] = b"<a/>"
    if rng.random() < 0.03:  # a part inflating far beyond its stored size
        entries["xl/media/pad.xml"] = b" " * rng.choice([2_000_000, 20_000_000])
    method = zipfile.ZIP_STORED if rng.random() < 0.1 else zipfile.ZIP_DEFLATED
    return zip_parts(entries, method)


def zip_parts(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``entries`` with a fixed timestamp (so that an input can be made again)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method, compresslevel=1) as out:
        for name, blob in entries.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), blob, method)
    return buf.getvalue()


_XLSX_PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet3.xml",
    "xl/worksheets/sheet4.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "[Content_Types].xml",
)


def _hostile_workbook(rng: random.Random) -> bytes:
    from tests.hostile import DTD, inline_cell, sheet_xml, workbook

    kind = rng.choice(["merge", "hyperlink", "cell", "row", "dimension", "strings", "dtd"])
    ref = pick(rng, HOSTILE_REFS)
    text = random_text(rng, 20).encode("utf-8", "replace").decode()
    body = inline_cell("A1", pick(rng, ["表二", "key", text.replace("<", "&lt;")]))
    name = rng.choice(["Sheet1", "报告信息", "表二"])
    if kind == "merge":
        merges = f'<mergeCell ref="{ref}"/>' * rng.choice([1, 3, 2000])
        xml = sheet_xml(f'<row r="1">{body}</row>', tail=f"<mergeCells>{merges}</mergeCells>")
    elif kind == "hyperlink":
        xml = sheet_xml(
            f'<row r="1">{body}</row>', tail=f'<hyperlinks><hyperlink ref="{ref}"/></hyperlinks>'
        )
    elif kind == "cell":
        xml = sheet_xml(f'<row><c r="{ref}"><v>{pick(rng, HUGE_NUMBERS)}</v></c></row>')
    elif kind == "row":
        row = pick(rng, ["0", "1048577", "99999999999", "-3", "x", " 12 ", "1e5"])
        xml = sheet_xml(f'<row r="{row}"><c><v>1</v></c></row>')
    elif kind == "dimension":
        xml = sheet_xml(f'<row r="1">{body}</row>', head=f'<dimension ref="{ref}"/>')
    elif kind == "strings":
        xml = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>')
        sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        one = "<si><t>" + "x" * rng.choice([1, 100_000, 3_000_000]) + "</t></si>"
        sst += one * rng.choice([1, 3, 300_000 if len(one) < 10 else 1]) + "</sst>"
        return workbook({name: xml}, extra={"xl/sharedStrings.xml": sst})
    else:
        where = rng.choice(["workbook", "types", "sheet"])
        if where == "sheet":
            xml = sheet_xml().replace("?>", "?>" + DTD, 1)
        else:
            return workbook(
                workbook_dtd=DTD if where == "workbook" else "",
                types_dtd=DTD if where == "types" else "",
            )
    return workbook({name: xml})


def gen_xlsx(rng: random.Random) -> bytes:
    """A workbook: the own rendering mutated in its XML, byte-mutated, or a hostile package."""
    k = rng.random()
    if k < 0.55:
        return mutate_zip(rng, rng.choice(seeds.renderings("xlsx")), parts=_XLSX_PARTS)
    if k < 0.75:
        return _hostile_workbook(rng)
    if k < 0.9:
        return mutate_bytes(rng, rng.choice(seeds.renderings("xlsx")))
    return (
        rng.randbytes(rng.choice([0, 4, 100, 3000]))
        if rng.random() < 0.5
        else b"PK\x03\x04" + rng.randbytes(200)
    )


def gen_docx(rng: random.Random) -> bytes:
    """A Word document: the seed's rendering mutated in its XML, byte-mutated, or hostile."""
    seed = seeds.docx_seeds()[0]
    k = rng.random()
    if k < 0.7:
        return mutate_zip(rng, seed, parts=("word/document.xml",))
    if k < 0.85:
        with zipfile.ZipFile(io.BytesIO(seed)) as z:
            entries = {i.filename: z.read(i) for i in z.infolist()}
        xml = entries["word/document.xml"].decode()
        hostile = pick(
            rng,
            [
                '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
                '<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc></w:tr>'
                + "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" * 5000
                + "</w:tbl>",
                "<w:tbl><w:tr><w:tc>" * rng.choice([50, 2000]) + "<w:p/>",
                "<w:p><w:r><w:t>" + random_text(rng, 5000) + "</w:t></w:r></w:p>",
                '<w:tbl><w:tblGrid><w:gridCol w:w="-1"/></w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
                * 3000,
            ],
        )
        at = xml.find("<w:body>") + len("<w:body>")
        entries["word/document.xml"] = (xml[:at] + hostile + xml[at:]).encode(
            "utf-8", "surrogatepass"
        )
        return zip_parts(entries)
    return mutate_bytes(rng, seed)


# ------------------------------------------------------------------------------------------
# text formats


def _text_input(rng: random.Random, bases: tuple[str, ...], kind: str) -> bytes:
    k = rng.random()
    if k < 0.8:
        return encode(rng, mutate_text(rng, rng.choice(bases), kind))
    if k < 0.9:
        return encode(rng, random_text(rng, rng.choice([0, 1, 50, 5000])))
    return mutate_bytes(rng, rng.choice(bases).encode())


def gen_text(rng: random.Random) -> bytes:
    """Published report text (the corpus) mutated, or random text."""
    return _text_input(rng, seeds.corpus_texts(), "text")


def gen_markdown(rng: random.Random) -> bytes:
    """Markdown (the corpus sources, the own renderings) mutated, or random text."""
    return _text_input(rng, seeds.corpus_markdown(), "md")


_SPAN = re.compile(r'(rowspan|colspan)="?(\d+)"?')


def _mutate_html(rng: random.Random, html: str) -> str:
    op = rng.randrange(6)
    if op == 0:  # unclosed tags, as published pages have them
        return re.sub(
            r"</(?:td|tr|th|p|div|span|table|tbody)>", "", html, count=rng.choice([5, 50, 10**6])
        )
    if op == 1:
        hits = list(_SPAN.finditer(html))
        if hits:
            m = hits[rng.randrange(len(hits))]
            value = pick(rng, ["0", "-1", "99999999", "1e9", "65535", "1000", "x", ""])
            return html[: m.start(2)] + value + html[m.end(2) :]
    if op == 2:
        meta = pick(rng, ["gb2312", "utf-16", "x-unknown", "utf-7", "gb18030", "big5", "\x00"])
        return f'<meta charset="{meta}">' + html
    if op == 3:  # a cell holding a whole table (nested tables)
        at = html.find("<td")
        if at >= 0:
            inner = html[html.find("<table") : html.find("</table>") + 8]
            end = html.find(">", at) + 1
            return html[:end] + inner * rng.choice([1, 3]) + html[end:]
    if op == 4:
        entity = pick(
            rng, ["&#xFFFFFFFF;", "&#0;", "&#1114112;", "&nbsp" * 1000, "&amp;" * 5000, "&#55296;"]
        )
        at = rng.randrange(len(html) + 1)
        return html[:at] + entity + html[at:]
    return mutate_text(rng, html, "html")


def gen_html(rng: random.Random) -> bytes:
    """The own HTML rendering mutated (unclosed tags, spans, charsets, nested tables)."""
    k = rng.random()
    base = rng.choice(seeds.renderings("html")).decode()
    if k < 0.6:
        text = base
        for _ in range(rng.choice([1, 2, 3])):
            text = _mutate_html(rng, text)
        return encode(rng, text)
    if k < 0.7:  # large unclosed markup (the slow spot of class 10)
        return ("<html><body>" + nesting(rng, "html") * rng.choice([1, 10])).encode()
    if k < 0.85:
        return encode(rng, mutate_text(rng, base, "html"))
    if k < 0.95:
        return mutate_bytes(rng, base.encode())
    return encode(rng, "<table>" + random_text(rng, rng.choice([10, 1000])))


def gen_csvrecord(rng: random.Random) -> bytes:
    """A crawler export (records with the report in a field) mutated."""
    base = rng.choice(seeds.crawler_csvs())
    k = rng.random()
    if k < 0.7:
        text = base
        if rng.random() < 0.3:
            text = text.replace('"', pick(rng, ['""', "", '"""', "'"]), rng.randrange(1, 20))
        if rng.random() < 0.2:
            text = text.replace(",", pick(rng, [",,", ";", "\t", ""]), rng.randrange(1, 30))
        return encode(rng, mutate_text(rng, text, "text"))
    if k < 0.8:  # one field far beyond the csv module's limit
        head = base.split("\n", 1)[0]
        return f'{head}\n"t","主动公开政府信息情况{"x" * rng.choice([200_000, 2_000_000])}",u\n'.encode()
    if k < 0.9:
        return mutate_bytes(rng, base.encode())
    return encode(rng, "标题,正文\n" + random_text(rng, 2000))


# ------------------------------------------------------------------------------------------
# PDF


def _pdf_structural(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("latin-1")
    op = rng.randrange(6)
    if op == 0:
        m = list(re.finditer(r"/(Count|Length|Size|Rotate|N|W) (\d+)", text))
        if m:
            hit = m[rng.randrange(len(m))]
            value = pick(rng, ["0", "-1", "99999999999", "2147483648", "1e9", "3.5"])
            text = text[: hit.start(2)] + value + text[hit.end(2) :]
    elif op == 1:
        m = list(re.finditer(r"/MediaBox \[[^\]]*\]", text))
        if m:
            hit = m[rng.randrange(len(m))]
            box = pick(
                rng, ["[0 0 0 0]", "[0 0 1e30 1e30]", "[0 0 -595 842]", "[0 0 14400 14400]", "[]"]
            )
            text = text[: hit.start()] + "/MediaBox " + box + text[hit.end() :]
    elif op == 2:  # deep nesting inside an object
        at = text.find("<<")
        if at >= 0:
            text = text[:at] + "<< /X " + "[" * rng.choice([100, 10_000, 200_000]) + text[at:]
    elif op == 3:  # coordinates and sizes of text runs made extreme
        text = re.sub(
            r"(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) Td",
            lambda _: (
                f"{pick(rng, ['1e30', '-1e30', '0', '99999', '3.4e38'])} {rng.randint(-9999, 99999)} Td"
            ),
            text,
            count=rng.randrange(1, 50),
        )
    elif op == 4:  # many copies of a content stream's drawing operators
        stream = re.search(r"stream\n(.*?)\nendstream", text, re.S)
        if stream:
            body = stream.group(1)
            text = text[: stream.start(1)] + body * rng.choice([2, 50]) + text[stream.end(1) :]
    else:
        text = text.replace(
            "/FlateDecode", pick(rng, ["/LZWDecode", "/ASCIIHexDecode", "/Bogus"]), 1
        )
    return text.encode("latin-1")


def pdf_generator(*, shared: bool) -> Callable[[random.Random], bytes]:
    """The PDF generator: PDFs of corpus text written by ``tests/_pdfgen.py`` (and with
    ``shared`` the real PDFs of ``GOVD_SHARED_DIR``) mutated structurally or byte-wise."""

    def gen_pdf(rng: random.Random) -> bytes:
        bases = seeds.pdf_seeds() + (seeds.shared_pdfs() if shared else ())
        base = rng.choice(bases)
        k = rng.random()
        if k < 0.45:
            return _pdf_structural(rng, base)
        if k < 0.9:
            return mutate_bytes(rng, base)
        if k < 0.95:
            from tests._pdfgen import Page, build_pdf

            runs = [
                (
                    rng.uniform(-100, 900),
                    rng.uniform(-100, 900),
                    rng.choice([0.01, 1, 11, 500]),
                    random_text(rng, 30),
                )
                for _ in range(rng.choice([1, 50, 2000]))
            ]
            lines = [
                tuple(rng.uniform(-1e4, 1e4) for _ in range(4))
                for _ in range(rng.choice([0, 10, 3000]))
            ]
            pages = [Page(text=runs, lines=lines)] * rng.choice([1, 2, 30])  # type: ignore[arg-type]
            return build_pdf(pages, compress=rng.random() < 0.5, pad=rng.choice([0, 0, 3_000_000]))
        return b"%PDF-1.7\n" + rng.randbytes(rng.choice([0, 100, 5000]))

    return gen_pdf


# ------------------------------------------------------------------------------------------
# JSON documents and long CSV


def gen_json(rng: random.Random) -> bytes:
    """A report document with a change of a class of issue 10, mutated text, or nesting."""
    from tests.hostile import random_document_texts

    k = rng.random()
    if k < 0.45:
        [(_, text)] = random_document_texts(rng, 1)
        return text.encode("utf-8", "surrogatepass")
    base = rng.choice(seeds.report_texts())
    if k < 0.8:
        return encode(rng, mutate_text(rng, base, "json"))
    if k < 0.88:  # many extra rows
        n = rng.choice([10, 1000, 20_000])
        row = '{"label":"其他","after_row":"1","values":{"a":1}}'
        at = base.find('"t2"')
        return (base[:at] + '"extra_rows":[' + ",".join([row] * n) + "]," + base[at:]).encode()
    if k < 0.94:
        return (nesting(rng, "json") + base).encode()
    return mutate_bytes(rng, base.encode())


def run_json(data: bytes) -> None:
    """``document.loads``, ``rules.check_json`` (exact and fast), ``validate_document`` with
    the schema, and (one input in four) the CLI's ``validate`` on a file holding the input."""
    from govdisclosure import document
    from govdisclosure.cli.main import main
    from govdisclosure.rules import check_json
    from govdisclosure.validation import validate_document

    allowed = (GovdisclosureError,)
    _call(allowed, lambda: document.loads(data))
    for report in (check_json(data), check_json(data, exact=False)):
        for f in report.findings:
            if len(f.message) > MESSAGE_LIMIT:
                raise UnboundedMessage(f"finding {f.code} message of {len(f.message)} chars")
    for p in validate_document(data, with_schema=True).problems:
        if len(p.message) > MESSAGE_LIMIT:
            raise UnboundedMessage(f"problem {p.code} message of {len(p.message)} chars")
    if zlib.crc32(data) % 4:  # the command line on one input in four: it costs a file
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fuzz.json")
        with open(path, "wb") as fh:
            fh.write(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", "--no-cache", "--format", "json", path])
        if code not in (0, 1, 2):
            raise AssertionError(f"validate exit code {code}")
        if "Traceback" in err.getvalue():
            raise AssertionError("validate printed a traceback")


def gen_csv(rng: random.Random) -> bytes:
    """A long CSV and its side file (joined by :data:`seeds.CSV_SEPARATOR`), either mutated."""
    base = rng.choice(seeds.renderings("csv"))
    body, meta = base.split(seeds.CSV_SEPARATOR)
    k = rng.random()
    if k < 0.4:
        body = encode(rng, mutate_text(rng, body.decode(), "text"))
    elif k < 0.8:
        meta = encode(rng, mutate_text(rng, meta.decode(), "json"))
    elif k < 0.9:
        from tests.hostile import random_document_texts

        [(_, text)] = random_document_texts(rng, 1)
        meta = text.encode("utf-8", "surrogatepass")
    else:
        body = mutate_bytes(rng, body)
        meta = mutate_bytes(rng, meta) if rng.random() < 0.5 else meta
    return body + seeds.CSV_SEPARATOR + meta


def run_csv(data: bytes) -> None:
    """``io.csv.loads`` of the long CSV with its side file."""
    from govdisclosure.io import csv as gcsv

    body, _, meta = data.partition(seeds.CSV_SEPARATOR)
    _call((GovdisclosureError,), lambda: gcsv.loads(body, meta=meta or None, source="fuzz.csv"))


def _run_parse(fmt: str) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        from govdisclosure.parse import parse

        _call((GovdisclosureError,), lambda: parse(data, format=fmt, source=f"fuzz.{fmt}"))  # type: ignore[arg-type]
        if zlib.crc32(data) % 4 == 0:  # a quarter also sniffed, as ``parse`` without a format
            _call((GovdisclosureError,), lambda: parse(data, source="fuzz"))

    run.__doc__ = (
        f"``parse(data, format={fmt!r})``; one input in four also with the format sniffed."
    )
    return run


def run_xlsx_io(data: bytes) -> None:
    """The project's own XLSX reader (what ``convert`` and ``render`` of ``.xlsx`` use)."""
    from govdisclosure.io import xlsx as gxlsx

    _call((GovdisclosureError,), lambda: gxlsx.loads(data, source="fuzz.xlsx"))


MAX_RECORDS_MAPPED = 20
"""Records of one crawler export read as reports per input. :func:`parse_csv_records` maps
every record, linearly (about 13 ms each: a 34 MB export of 2,002 reports took 27 s, which is
a batch, not one report); the harness reads every record of the CSV and maps the first 20."""


def run_csvrecord(data: bytes) -> None:
    """Every record of a crawler export read (:func:`read_csv_records`), the first
    :data:`MAX_RECORDS_MAPPED` mapped as :func:`parse_csv_records` does, and ``parse``
    sniffing the export."""
    from govdisclosure.parse import decode_text, map_document, parse
    from govdisclosure.parse.csvrecord import read_csv_records, record_document

    def records() -> None:
        found = read_csv_records(decode_text(data))
        for rec in found[:MAX_RECORDS_MAPPED]:
            map_document(record_document(rec, len(found), source="fuzz.csv"))

    _call((GovdisclosureError, csv.Error), records)
    _call((GovdisclosureError,), lambda: parse(data, source="fuzz.csv"))


def targets(*, shared_pdfs: bool = False) -> dict[str, Target]:
    """Every target by name. ``shared_pdfs`` adds the shared corpus' real PDFs as PDF seeds."""
    return {
        "json": Target("json", "json", gen_json, run_json),
        "csv": Target("csv", "csvpair", gen_csv, run_csv),
        "xlsx-io": Target("xlsx-io", "xlsx", gen_xlsx, run_xlsx_io),
        "xlsx-parse": Target("xlsx-parse", "xlsx", gen_xlsx, _run_parse("xlsx")),
        "docx": Target("docx", "docx", gen_docx, _run_parse("docx")),
        "text": Target("text", "txt", gen_text, _run_parse("text")),
        "markdown": Target("markdown", "md", gen_markdown, _run_parse("markdown")),
        "html": Target("html", "html", gen_html, _run_parse("html")),
        "pdf": Target("pdf", "pdf", pdf_generator(shared=shared_pdfs), _run_parse("pdf")),
        "csvrecord": Target(
            "csvrecord", "csv", gen_csvrecord, run_csvrecord, (GovdisclosureError, csv.Error)
        ),
    }


READERS: tuple[str, ...] = tuple(targets())
"""The names of every target, in the order a run goes through them."""

__all__ = [
    "CONTROL",
    "MESSAGE_LIMIT",
    "READERS",
    "Target",
    "UnboundedMessage",
    "check_message",
    "mutate_zip",
    "targets",
]
