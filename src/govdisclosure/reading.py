"""Reading any supported input into a report: one function, :func:`read_report`.

The inputs are a report JSON document, a file in a format of the registry
(:mod:`govdisclosure.io.formats`: the long CSV with its side file, an XLSX workbook, a
plug-in's format), or a published report (text, HTML, markdown, DOCX, XLSX, PDF) read by
:func:`govdisclosure.parse.parse`. Every command of the command line reads its inputs here;
what it adds is its arguments and its output. Nothing is raised for bad input: the result
says what went wrong (:attr:`ReadResult.error`, :attr:`ReadResult.problems`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from govdisclosure.errors import DocumentError, GovdisclosureError, MissingExtraError, Problem

if TYPE_CHECKING:
    from govdisclosure.findings import Finding
    from govdisclosure.models import ReportBase
    from govdisclosure.parse import ParseResult
    from govdisclosure.rules import ValidationReport

    ReportT = ReportBase

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "STDIN",
    "How",
    "ReadResult",
    "add_series_findings",
    "check_read",
    "read_bytes",
    "read_limited",
    "read_report",
]

STDIN = "-"
"""The file name that means standard input."""

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Largest input :func:`read_report` reads in ``auto`` mode (a real report is tens of kB).

Reading is refused above it, instead of exhausting memory on a file that cannot be a report.
"""

Kind = Literal["json", "format", "published"]

How = Literal["auto", "document", "published"]
"""How :func:`read_report` reads an input:

- ``auto``: a ``.json`` file, standard input and content that starts like JSON are report
  JSON documents; a file whose suffix names a format of the registry that reads back (the
  long CSV, a plug-in's) is read in that format; anything else is a published report.
- ``document``: a report in a format of the registry (``format``, else the file's suffix;
  standard input is JSON), never a published report.
- ``published``: a published report, read by :func:`govdisclosure.parse.parse` (``format``
  forces its front end: ``text``, ``html``, ``markdown``, ``docx``, ``xlsx``, ``pdf``).
"""


@dataclass
class ReadResult:
    """What :func:`read_report` read from one input."""

    source: str
    """How the input is named in messages (``<stdin>`` for standard input)."""
    how: Kind
    """``json``: a report JSON document; ``format``: a registry format; ``published``."""
    format: str
    """The registry format's name (``json``, ``csv`` …) or the published report's front end
    (``auto`` when it was sniffed)."""
    report: ReportT | None = None
    """The report, or ``None`` when none could be read."""
    problems: list[Problem] = field(default_factory=list)
    """Why there is no report (for a JSON document: every structural problem)."""
    readable: bool = True
    """``False`` when the input cannot be used at all: not read, empty, too large, not JSON,
    not a published report. ``True`` with no report: a document that is not a valid report."""
    error: GovdisclosureError | None = None
    """The error that stopped the reading, as the reader raised it."""
    findings: list[Finding] = field(default_factory=list)
    """The parse findings (``P-`` codes) of a published report."""
    parsed: ParseResult | None = None
    """The whole parse result of a published report (provenance of every cell)."""
    notes: list[str] = field(default_factory=list)
    """What a user should know about an input read without error (a missing side file)."""
    value_notes: list[Problem] = field(default_factory=list)
    """Notes on a valid JSON document: a value written in another form than its type's own
    (a count written ``2.0``), read unchanged but worth a word (code ``integer-form``)."""
    files: list[str] = field(default_factory=list)
    """The files read (the input and its companions): never to be overwritten by an output."""
    data: bytes | None = None
    """The bytes of a JSON document (read again by ``check`` for its schema cross-check)."""

    @property
    def ok(self) -> bool:
        """A report was read, without a problem."""
        return self.report is not None and not self.problems

    def report_or_raise(self) -> ReportT:
        """The report; raises the reading's error (a :class:`DocumentError` at least)."""
        if self.report is not None:
            return self.report
        if self.error is not None:
            raise self.error
        raise DocumentError(self.problems, self.source)


def read_bytes(name: str) -> bytes:
    """The bytes of file ``name`` (``-``: standard input); ``OSError`` says why it cannot be read.

    A directory, a broken symbolic link or a missing file each get a message that says so,
    rather than the bare system error.
    """
    if name == STDIN:
        return sys.stdin.buffer.read()
    if not name:
        raise OSError("the file name is empty")
    try:
        with open(name, "rb") as f:
            return f.read()
    except OSError as e:
        raise _read_error(name, e) from None


def _read_error(name: str, e: OSError) -> OSError:
    """The reason file ``name`` cannot be read, said plainly (asked only after a failure)."""
    if os.path.isdir(name):
        return OSError("it is a directory, not a file (and no file in it matches --include)")
    if os.path.islink(name) and not os.path.exists(name):
        return OSError(f"it is a symbolic link to {os.readlink(name)}, which does not exist")
    return OSError((e.strerror or str(e)).lower())


def _read_capped(name: str, limit: int) -> bytes | int:
    """The bytes of ``name``, or its size when above ``limit`` (not read)."""
    if name == STDIN:
        raw = sys.stdin.buffer.read(limit + 1)
        return limit if len(raw) > limit else raw
    if not name:
        raise OSError("the file name is empty")
    try:
        # One open and one fstat: a batch reads every file this way, and the checks that
        # explain a failure (directory, broken link) are made only when it fails.
        with open(name, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                return size
            return f.read()
    except OSError as e:
        raise _read_error(name, e) from None


def read_limited(name: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes | Problem:
    """The bytes of a report file, or the problem that makes it unusable (``io``,
    ``too-large``, ``empty``)."""
    try:
        raw = _read_capped(name, limit)
    except OSError as e:
        return Problem("io", "", f"cannot read: {e}", expected="a readable report JSON file")
    if isinstance(raw, int):
        more = "more than " if name == STDIN else ""
        return Problem(
            "too-large",
            "",
            f"the file is too large to be a report ({more}{raw} bytes)",
            expected=f"a report JSON document of at most {limit} bytes",
        )
    if not raw.strip():
        return Problem("empty", "", "the file is empty", expected="a report JSON document")
    return raw


def _display(name: str) -> str:
    return "<stdin>" if name == STDIN else name or "''"


def _looks_like_json(raw: bytes) -> bool:
    head = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"["))


def _json_name(name: str) -> bool:
    from govdisclosure.io.formats import get_format

    return name.lower().endswith(get_format("json").suffixes)


def _registry_format(name: str) -> Any:
    """The readable registry format (not JSON, not read as published) a file's suffix names."""
    from govdisclosure.io.formats import UnknownFormatError, suffix_format

    if _json_name(name):
        return None  # the common case, answered without building a path
    try:
        fmt = suffix_format(name)
    except UnknownFormatError:
        return None
    if fmt.name == "json" or fmt.parsed or not fmt.readable:
        return None
    return fmt


def read_report(
    source: str | os.PathLike[str] | bytes,
    *,
    how: How = "auto",
    format: str | None = None,
    name: str | None = None,
    lang: Literal["zh", "en"] | None = None,
    complete: bool = False,
    with_schema: bool = False,
    max_bytes: int | None = None,
) -> ReadResult:
    """Read one input into a report (see :data:`How` for ``how``); never raises for bad input.

    ``source`` is a file name (``-``: standard input), a path, or the input's bytes (named
    ``name`` in messages). ``format`` names the registry format (``how="document"``; for
    ``auto`` only ``"json"`` is meaningful: read as JSON whatever the name) or the front end
    of the parser (``how="published"``). ``lang`` translates the parse findings
    (default: as the parser wrote them). ``complete`` and ``with_schema`` are those of
    :func:`govdisclosure.validation.validate_document` for a JSON document
    (``with_schema``: only when the model refuses it).

    ``max_bytes``: the file is first read whole, up to this size, so that a file that cannot
    be read, is empty or is too large is said alike whatever its kind (always done by
    ``auto``, default :data:`MAX_DOCUMENT_BYTES`); ``None``: each reader reads the file itself.
    """
    data: bytes | None = None
    if isinstance(source, bytes):
        data, path = source, ""
    else:
        path = os.fspath(source)
    shown = name or ("<bytes>" if data is not None else _display(path))
    if data is None:
        how, format, max_bytes = _registry_switch(path, how, format, max_bytes)
        if how == "auto" or max_bytes is not None:
            raw = read_limited(path, max_bytes or MAX_DOCUMENT_BYTES)
            if isinstance(raw, Problem):
                return _unusable(shown, how, format, raw)
            if how != "document" or path == STDIN:
                data = raw  # a registry format reads its file itself (and its companions)
    if how == "published":
        return _published(data if data is not None else path, shown, format or "auto", lang)
    if how == "document":
        return _document(data, path, shown, format)
    assert data is not None
    return _auto(
        data, path, shown, json_only=format == "json", lang=lang, options=(complete, with_schema)
    )


def _registry_switch(
    path: str, how: How, format: str | None, max_bytes: int | None
) -> tuple[How, str | None, int | None]:
    """``auto`` of a file whose suffix names a readable registry format reads it as a
    ``document`` in that format (first read whole, as every input of ``auto`` is)."""
    if how != "auto" or format == "json" or path == STDIN:
        return how, format, max_bytes
    fmt = _registry_format(path)
    if fmt is None:
        return how, format, max_bytes
    return "document", fmt.name, max_bytes or MAX_DOCUMENT_BYTES


def _unusable(shown: str, how: How, format: str | None, problem: Problem) -> ReadResult:
    kind: Kind = "published" if how == "published" else "json" if how == "auto" else "format"
    return ReadResult(shown, kind, format or "auto", problems=[problem], readable=False)


def _auto(
    data: bytes,
    path: str,
    shown: str,
    *,
    json_only: bool,
    lang: Literal["zh", "en"] | None,
    options: tuple[bool, bool],
) -> ReadResult:
    """``auto`` once the bytes are read: a JSON document, or a published report."""
    if not json_only and _published_name(path) and not _looks_like_json(data):
        return _published(data, shown, "auto", lang)
    complete, with_schema = options
    return _json(data, shown, [path] if path and path != STDIN else [], complete, with_schema)


def _published_name(path: str) -> bool:
    """Whether a file of this name may be a published report (not ``.json``, not stdin)."""
    return path != STDIN and not _json_name(path)


def _json(
    data: bytes, shown: str, files: list[str], complete: bool, with_schema: bool
) -> ReadResult:
    from govdisclosure.validation import validate_document

    structure = validate_document(
        data, source=shown, complete=complete, with_schema="when-invalid" if with_schema else False
    )
    return ReadResult(
        shown,
        "json",
        "json",
        structure.report,
        list(structure.problems),
        readable=structure.readable,
        value_notes=list(structure.notes),
        files=files,
        data=data,
    )


def _document(data: bytes | None, path: str, shown: str, fmt_name: str | None) -> ReadResult:
    """A report in a registry format: ``gio.load`` of a file (companions too), or ``loads``."""
    from govdisclosure import io as gio
    from govdisclosure.io.formats import get_format, suffix_format

    files: list[str] = []
    notes: list[str] = []
    name = fmt_name or "json"
    try:
        if path and path != STDIN:
            fmt = get_format(fmt_name) if fmt_name else suffix_format(path)
            name = fmt.name
            files = [path, *(str(p) for p in fmt.files(path)[1:])]
            report = gio.load(path, name)
            notes = fmt.notes(path) if fmt.notes is not None else []
        else:
            if data is None:
                try:
                    data = read_bytes(path)
                except OSError as e:
                    raise DocumentError([Problem("io", "", f"cannot read: {e}")], shown) from None
            report = gio.loads(data, name, source=shown)
    except GovdisclosureError as e:
        # A document with problems is a report that is not valid; any other error (a missing
        # extra, an unknown format) means the input could not be used at all.
        document = isinstance(e, DocumentError)
        problems = list(e.problems) if document else [Problem("error", "", str(e))]  # type: ignore[attr-defined]
        kind: Kind = "json" if name == "json" else "format"
        return ReadResult(
            shown, kind, name, problems=problems, readable=document, error=e, files=files
        )
    kind = "json" if name == "json" else "format"
    return ReadResult(shown, kind, name, report, files=files, notes=notes)


def _published(
    source: bytes | str, shown: str, fmt: str, lang: Literal["zh", "en"] | None
) -> ReadResult:
    from govdisclosure.parse import ParseError, in_language, parse

    try:
        if isinstance(source, bytes):
            result = parse(source, format=fmt, source=shown)  # type: ignore[arg-type]
        elif source == STDIN or not source:
            result = parse(_stdin_or_raise(source), format=fmt, source=shown)  # type: ignore[arg-type]
        else:
            result = parse(Path(source), format=fmt, source=source)  # type: ignore[arg-type]
    except GovdisclosureError as e:
        if isinstance(e, ParseError):
            problems = [Problem(e.code, "", e.message, expected="a published report")]
        elif isinstance(e, DocumentError):
            problems = list(e.problems)
        else:
            missing = isinstance(e, MissingExtraError)
            problems = [Problem("missing-extra" if missing else "error", "", str(e))]
        return ReadResult(shown, "published", fmt, problems=problems, readable=False, error=e)
    findings = list(result.findings)
    if lang is not None:
        findings = [in_language(f, lang) for f in findings]
    files = [source] if isinstance(source, str) and source != STDIN else []
    return ReadResult(
        shown, "published", fmt, result.report, findings=findings, parsed=result, files=files
    )


def _stdin_or_raise(name: str) -> bytes:
    try:
        return read_bytes(name)
    except OSError as e:
        raise DocumentError([Problem("io", "", f"cannot read: {e}")], _display(name)) from None


def check_read(
    result: ReadResult,
    *,
    select: Any = None,
    skip: Any = None,
    lang: Literal["zh", "en"] = "zh",
    with_schema: bool = True,
) -> ValidationReport:
    """Structure, schema and the consistency rules of what :func:`read_report` read: what
    ``govdisclosure check`` reports for one input (parse findings first).

    An input that could not be used at all is an unreadable report whose ``input_error`` is
    left to the caller (it is worded for people: see ``govdisclosure check``).
    """
    from govdisclosure.rules import (
        ValidationReport,
        check_json,
        structure_findings,
        validate_report,
    )

    if result.report is not None and not result.problems:
        report = validate_report(
            result.report, source=result.source, select=select, skip=skip, lang=lang
        )
        report.findings[:0] = result.findings
        return report
    if result.how == "json" and result.data is not None:
        # Not a valid report: the full structural check says why (schema cross-check too).
        return check_json(
            result.data,
            source=result.source,
            exact=True,
            with_schema=with_schema,
            select=select,
            skip=skip,
            lang=lang,
        )
    if result.readable:
        # A document that is not a valid report (a registry format's reader said why).
        return ValidationReport(
            result.source,
            None,
            None,
            structure_findings(result.problems, None, lang=lang),
            structure_ok=False,
        )
    return ValidationReport(result.source, None, None, readable=False, structure_ok=False)


def add_series_findings(
    validations: Sequence[ValidationReport],
    reports: Sequence[ReportT | None],
    *,
    select: Any = None,
    skip: Any = None,
    lang: Literal["zh", "en"] = "zh",
) -> None:
    """Apply the cross-year rules across ``reports`` (one per input, ``None`` where no report
    was read) and add each finding to the validation of the input it is about (in place):
    ``check --series``. Raises :class:`~govdisclosure.errors.GovdisclosureError` for a bad
    rule selection."""
    from govdisclosure.rules import check_series

    present = [(i, r) for i, r in enumerate(reports) if r is not None]
    found = check_series(
        [r for _, r in present],
        select=select,
        skip=skip,
        lang=lang,
        sources=[validations[i].source or "" for i, _ in present],
    )
    for f in found:
        target = validations[present[f.params["report_index"]][0]]
        target.extend([f])
        target.rules_evaluated = sorted(set(target.rules_evaluated) | {f.code})
