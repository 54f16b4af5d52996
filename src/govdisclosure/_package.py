"""Limits on Office packages (XLSX, DOCX), checked on the raw zip before a library opens it.

openpyxl and python-docx build their whole object model while loading: a 1 KB workbook whose
only content is ``<mergeCell ref="A1:XFD1048576"/>`` makes openpyxl create 17 billion cell
objects before any check of ours could run. So every reader of an Office package calls
:func:`check_package` (and, for workbooks, :func:`check_xlsx`) on the bytes first. The checks
read the package's XML with a streaming parser and never build a tree or a cell:

- the number of parts, the declared uncompressed size of each XML part and of all parts, and
  the compression ratio of large parts (``zipfile`` never inflates a part beyond its declared
  size, so the declared sizes bound the memory);
- no DTD in any XML part (Office never writes one; refusing it rules out entity expansion
  whatever parser the library uses);
- in workbooks: every cell and range reference within the sheet grid (1..1048576 rows,
  A..XFD columns), the number of cells, rows and merged ranges, the total area of merged
  ranges and hyperlinked ranges (openpyxl materialises each of their cells), the number of
  shared strings and the length of any one string.

A failed check raises :class:`PackageError`; each reader turns it into its own error type
(``ParseError`` for :mod:`govdisclosure.parse`, ``FormatError`` for :mod:`govdisclosure.io`).
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from typing import Any
from xml.parsers import expat

from govdisclosure.errors import GovdisclosureError

__all__ = [
    "MAX_CELL_REFERENCES",
    "MAX_COMPRESSION_RATIO",
    "MAX_MERGED_AREA",
    "MAX_MERGED_RANGES",
    "MAX_PACKAGE_PARTS",
    "MAX_PART_BYTES",
    "MAX_SHARED_STRINGS",
    "MAX_STRING_CHARS",
    "MAX_UNCOMPRESSED_BYTES",
    "PackageError",
    "check_package",
    "check_xlsx",
]

MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
"""Largest total declared uncompressed size of the package's parts."""
MAX_PART_BYTES = 64 * 1024 * 1024
"""Largest declared uncompressed size of one XML part."""
MAX_PACKAGE_PARTS = 5_000
"""Most parts (zip entries) in a package."""
MAX_COMPRESSION_RATIO = 200
"""Largest ratio of inflated to stored size of a part inflating to more than 1 MiB (text
XML compresses about 10:1, a zip bomb about 1000:1)."""
MAX_CELL_REFERENCES = 200_000
"""Most cells and rows (``<c>`` and ``<row>`` elements) in all worksheets of a workbook
(a report's workbook has a few thousand; openpyxl loads about 100,000 cells a second)."""
MAX_MERGED_RANGES = 10_000
"""Most merged ranges in a workbook."""
MAX_MERGED_AREA = 50_000
"""Most cells covered by merged and hyperlinked ranges in a workbook, all sheets together
(openpyxl creates an object for each while loading, about 10 µs apiece; the template's
tables merge a few hundred)."""
MAX_SHARED_STRINGS = 200_000
"""Most entries in a workbook's shared-string table."""
MAX_STRING_CHARS = 1_000_000
"""Longest text of one shared string or cell (a spreadsheet cell holds 32,767 characters)."""

_MAX_ROW = 1_048_576
_MAX_COL = 16_384
_RATIO_FLOOR = 1024 * 1024

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,  # also bz2 data errors
    ValueError,
    EOFError,
    NotImplementedError,  # unknown compression method
    RuntimeError,  # encrypted entries
)
"""What ``zipfile`` raises on a damaged or unusual archive."""


class PackageError(GovdisclosureError, ValueError):
    """An Office package that is unreadable, unsafe or beyond a limit.

    ``code`` is ``too-large``, ``unsafe`` or ``unreadable``; ``part`` names the zip part
    concerned (``None`` for the whole package); ``message`` says what was found and what is
    accepted.
    """

    def __init__(self, code: str, message: str, *, part: str | None = None) -> None:
        self.code = code
        self.part = part
        self.message = message
        super().__init__(message)


def _bounded(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def _utf8(blob: bytes) -> bytes:
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")) or blob[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        for enc in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                return blob.decode(enc).encode("utf-8")
            except UnicodeDecodeError:
                continue
    return blob


def _has_dtd(blob: bytes) -> bool:
    return _DTD.search(_utf8(blob)) is not None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_package(data: bytes, *, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip package after checking its size limits and refusing DTDs.

    ``kind`` names the format in messages (``"XLSX"``, ``"DOCX"``). Raises
    :class:`PackageError`; the caller closes the returned archive.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise PackageError(
            "unreadable", f"the input is not a readable {kind} (zip) file: {exc}"
        ) from None
    if len(infos) > MAX_PACKAGE_PARTS:
        raise PackageError(
            "too-large",
            f"the {kind} package has {len(infos)} parts; at most {MAX_PACKAGE_PARTS} are read",
        )
    total = 0
    for info in infos:
        total += info.file_size
        name = _bounded(info.filename)
        if _is_xml(info.filename) and info.file_size > MAX_PART_BYTES:
            raise PackageError(
                "too-large",
                f"part {name!r} of the {kind} package inflates to {info.file_size} bytes; "
                f"at most {MAX_PART_BYTES} are read",
                part=info.filename,
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise PackageError(
                "too-large",
                f"part {name!r} of the {kind} package inflates {info.file_size} bytes from "
                f"{info.compress_size} (more than {MAX_COMPRESSION_RATIO}:1, a zip bomb)",
                part=info.filename,
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise PackageError(
            "too-large",
            f"the {kind} package inflates to {total} bytes; at most "
            f"{MAX_UNCOMPRESSED_BYTES} are read",
        )
    for info in infos:
        if not _is_xml(info.filename):
            continue
        blob = _read_part(zf, info, kind)
        if _has_dtd(blob):
            raise PackageError(
                "unsafe",
                f"part {_bounded(info.filename)!r} of the {kind} package declares a DTD "
                "(<!DOCTYPE> or <!ENTITY>), which Office documents never do",
                part=info.filename,
            )
    return zf


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str) -> bytes:
    try:
        return zf.read(info)
    except _ZIP_ERRORS as exc:
        raise PackageError(
            "unreadable",
            f"part {_bounded(info.filename)!r} of the {kind} package cannot be read: {exc}",
            part=info.filename,
        ) from None


_REF = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _SheetScan:
    """Streaming checks of one worksheet part (expat callbacks, no tree)."""

    def __init__(self, part: str, totals: dict[str, int]) -> None:
        self.part = part
        self.totals = totals
        self.row = 0
        self.col = 0
        self.text = 0
        self.in_text = False

    def _fail(self, message: str, code: str = "too-large") -> PackageError:
        return PackageError(code, f"part {_bounded(self.part)!r}: {message}", part=self.part)

    def _cell(self, ref: str, what: str) -> tuple[int, int]:
        m = _REF.fullmatch(ref)
        if m is None:
            raise self._fail(
                f"{what} {_bounded(ref)!r} is not a cell reference; expected a column A..XFD "
                f"and a row 1..{_MAX_ROW} such as B3",
                "unreadable",
            )
        letters, digits = m.groups()
        col = _column_number(letters) if len(letters) <= 3 else _MAX_COL + 1
        row = int(digits) if len(digits) <= 7 else _MAX_ROW + 1
        if not (1 <= col <= _MAX_COL and 1 <= row <= _MAX_ROW):
            raise self._fail(
                f"{what} {_bounded(ref)!r} lies outside the sheet grid; expected a column "
                "A..XFD and "
                f"a row 1..{_MAX_ROW}",
                "unreadable",
            )
        return row, col

    def _row(self, text: str) -> int:
        digits = text.strip()
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 7) or not (
            1 <= int(digits) <= _MAX_ROW
        ):
            raise self._fail(
                f"row number {_bounded(text)!r} lies outside the sheet grid; expected a row "
                f"1..{_MAX_ROW}",
                "unreadable",
            )
        return int(digits)

    def _area(self, ref: str, what: str) -> int:
        first, _, last = ref.partition(":")
        r0, c0 = self._cell(first, what)
        r1, c1 = self._cell(last, what) if last else (r0, c0)
        return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)

    def _count(self, key: str, limit: int, what: str, by: int = 1, ref: str = "") -> None:
        self.totals[key] = n = self.totals.get(key, 0) + by
        if n > limit:
            at = f" (at range {_bounded(ref)!r}, {by} cells)" if ref else ""
            raise self._fail(f"the workbook has more than {limit} {what}{at}")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "row":
            self._count("cells", MAX_CELL_REFERENCES, "cells and rows")
            r = attrs.get("r")
            self.row = self._row(r) if r is not None else self.row + 1
            self.col = 0
        elif tag == "c":
            self._count("cells", MAX_CELL_REFERENCES, "cells and rows")
            ref = attrs.get("r")
            if ref is not None:
                self.row, self.col = self._cell(ref, "cell")
            else:
                self.col += 1
                if self.col > _MAX_COL or not 1 <= self.row <= _MAX_ROW:
                    raise self._fail(
                        f"a cell without reference falls outside the sheet grid (row "
                        f"{self.row}, column {self.col})",
                        "unreadable",
                    )
        elif tag in ("t", "f"):
            self.in_text, self.text = True, 0
        elif tag == "dimension":
            ref = attrs.get("ref")
            if ref:
                self._area(ref, "the sheet dimension")
        elif tag == "mergeCell":
            self._count("merges", MAX_MERGED_RANGES, "merged ranges")
            ref = attrs.get("ref", "")
            area = self._area(ref, "merged range")
            self._count("area", MAX_MERGED_AREA, "cells in merged or hyperlinked ranges", area, ref)
        elif tag == "hyperlink":
            ref = attrs.get("ref", "")
            area = self._area(ref, "hyperlink range")
            self._count("area", MAX_MERGED_AREA, "cells in merged or hyperlinked ranges", area, ref)

    def start_strings(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "si":
            self._count("strings", MAX_SHARED_STRINGS, "shared strings")
        elif tag == "t":
            self.in_text, self.text = True, 0

    def end(self, name: str) -> None:
        if name.rpartition(":")[2] in ("t", "f"):
            self.in_text = False

    def chars(self, data: str) -> None:
        if self.in_text:
            self.text += len(data)
            if self.text > MAX_STRING_CHARS:
                raise self._fail(f"a text holds more than {MAX_STRING_CHARS} characters")


class _Skip(Exception):
    """The part is not a worksheet or shared-string table: nothing more to check."""


def _scan(blob: bytes, part: str, totals: dict[str, int]) -> None:
    """Check one part if its root element is a worksheet or the shared-string table.

    The role is taken from the root element rather than the part's name, since openpyxl
    follows the workbook's relationships to a sheet wherever it is stored.
    """
    scanner = _SheetScan(part, totals)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    role: list[str] = []

    def first(name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag in ("worksheet", "dialogsheet"):
            role.append("sheet")
            parser.StartElementHandler = scanner.start
        elif tag == "sst":
            role.append("strings")
            parser.StartElementHandler = scanner.start_strings
        else:
            raise _Skip
        parser.EndElementHandler = scanner.end
        parser.CharacterDataHandler = scanner.chars

    def doctype(*_: Any) -> None:
        raise PackageError(
            "unsafe", f"part {_bounded(part)!r} declares a DTD, which Office never does", part=part
        )

    parser.StartElementHandler = first
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(blob, True)
    except _Skip:
        return
    except expat.ExpatError as exc:
        if role:  # a sheet openpyxl would read: never hand it over half checked
            raise PackageError(
                "unreadable", f"part {_bounded(part)!r} is not well-formed XML: {exc}", part=part
            ) from None


def check_xlsx(data: bytes) -> None:
    """Check a workbook's package and worksheets against the limits (see the module docs).

    Raises :class:`PackageError`.
    """
    zf = check_package(data, kind="XLSX")
    try:
        totals: dict[str, int] = {}
        for info in zf.infolist():
            if not info.is_dir():
                _scan(_read_part(zf, info, "XLSX"), info.filename, totals)
    finally:
        zf.close()
