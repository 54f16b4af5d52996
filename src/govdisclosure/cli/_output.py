"""Shared input/output helpers of the subcommands.

Output files follow one policy, the same in every subcommand:

- an output that is one of the command's input files (the same file, under any name or through
  a symbolic link) is refused: the input is never overwritten;
- an existing output file that is not an input is replaced, like ``cp`` or a compiler does;
- a file is written whole or not at all: it is first written next to its target and then
  renamed over it, so an error half-way never leaves a truncated or mixed file behind;
- the directory of an output must exist (a mistyped path does not create directories);
- a name whose suffix says another format than the one written (``report.json`` for a
  workbook) is refused rather than producing a file its name misdescribes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from govdisclosure.errors import GovdisclosureError, Problem
from govdisclosure.reading import MAX_DOCUMENT_BYTES, read_bytes, read_limited

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "STDIO",
    "InputFiles",
    "JsonArrayWriter",
    "OutputError",
    "Progress",
    "add_batch_options",
    "add_format_option",
    "add_progress_option",
    "batch_inputs",
    "check_suffix",
    "display_name",
    "json_entry",
    "open_cache",
    "print_json",
    "read_bytes",
    "read_document",
    "stderr",
    "summary_line",
    "write_outputs",
    "write_text_atomic",
]

STDIO = "-"
"""The file name that means standard input (for inputs) or standard output (for outputs)."""


def directory_targets(
    output: str, files: Sequence[str], names: Sequence[str], *, needed_for: str, verb: str
) -> list[Path] | str:
    """The path in directory ``output`` of each output name (one per input of ``files``), or
    why ``output`` cannot take them: not a directory, no parent to create it in, standard
    input among the inputs (it has no name), or two inputs giving the same name."""
    target = Path(output)
    if target.exists() and not target.is_dir():
        return f"{output} is not a directory (needed for {needed_for})"
    if not target.exists() and not target.parent.is_dir():
        return f"{output}: the directory {target.parent} does not exist; create it first"
    if STDIO in files:
        return f"standard input ('-') has no file name to name its output after; {verb} it alone"
    if len(set(names)) != len(names):
        return f"two input files have the same name; {verb} them one at a time"
    return [target / n for n in names]


class OutputError(GovdisclosureError):
    """An output path the command refuses to write (exit code 2); ``str()`` says why."""

    code = "output"


def add_format_option(parser: Any, *, messages: bool = False, jsonl: bool = False) -> None:
    """Add the common ``--format text|json`` option (``jsonl``: and ``jsonl``).

    ``messages``: the command writes a file, and ``--format`` only shapes what it reports.
    """
    parser.add_argument(
        "--format",
        choices=("text", "json", "jsonl") if jsonl else ("text", "json"),
        default="text",
        help=(
            "format of the messages about the run (json: one JSON object on standard output); "
            "default: text"
            if messages
            else "output format (json is machine-readable and stable"
            + (
                "; jsonl: one JSON object per file and line, in input order, as each is "
                "done: see schemas/batch-line.schema.json"
                if jsonl
                else ""
            )
            + "); default: text"
        ),
    )


def add_batch_options(
    parser: Any,
    *,
    include: str,
    cache: bool = True,
    include_default: Callable[[], str] | None = None,
) -> None:
    """Options of every batch command: inputs (directories, a list), workers, the cache.

    ``include`` is the default ``--include`` the help shows; ``include_default``, when given,
    computes it when the command runs (from the format registry, plug-ins included).
    """
    group = parser.add_argument_group("batch options")
    group.add_argument(
        "--files-from",
        metavar="LIST",
        help="also read the paths of the inputs from LIST, one per line ('-': standard input)",
    )
    group.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=(
            "in a directory given as input, take the files matching GLOB (repeatable; a "
            f"pattern with '/' matches the path inside the directory); default: {include}"
            + (" and the suffixes of installed format plug-ins" if include_default else "")
        ),
    )
    group.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in a directory, leave out the files and sub-directories matching GLOB (repeatable)",
    )
    group.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes (default: the machine's cores; 1: no worker process)",
    )
    parser.set_defaults(_default_include=include_default or include, _parser=parser)
    if not cache:
        parser.set_defaults(no_cache=True, cache_dir=None)
        return
    group.add_argument(
        "--no-cache",
        action="store_true",
        help=(
            "do not read or write the result cache (by default an unchanged input with the "
            "same options and package version is not checked again)"
        ),
    )
    group.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=(
            "where the result cache lives (default: $GOVDISCLOSURE_CACHE_DIR, else the user "
            "cache directory, e.g. ~/.cache/govdisclosure)"
        ),
    )


def batch_inputs(args: Any) -> list[str] | str:
    """The input files of a batch command, in order; a message when there are none."""
    from govdisclosure.batch import expand_inputs

    if not args.files and not args.files_from:
        args._parser.error("the following arguments are required: FILE (or --files-from)")
    include = args.include or _default_include(args)
    if args.jobs is not None and args.jobs < 1:
        return "--jobs must be at least 1"
    listed: Any = None
    try:
        if args.files_from == STDIO:
            if STDIO in args.files:
                return "standard input cannot be both an input and the list of inputs"
            listed = sys.stdin
        elif args.files_from:
            listed = open(args.files_from, encoding="utf-8")  # noqa: SIM115
    except OSError as e:
        return f"cannot read {args.files_from}: {(e.strerror or str(e)).lower()}"
    files: list[str] = []
    try:
        for name in args.files:
            found = expand_inputs([name], include=include, exclude=args.exclude)
            # A directory that yields nothing stays an input: it is reported, in its place, as
            # a file that cannot be read (exit code 2), not silently skipped.
            files += found or [name]
        if listed is not None:
            files += expand_inputs([], include=include, exclude=args.exclude, files_from=listed)
    except UnicodeError as e:
        return f"cannot read {args.files_from}: {e}"
    finally:
        if listed is not None and listed is not sys.stdin:
            listed.close()
    if not files:
        return "no input file (name files or directories, or use --files-from)"
    return files


def _default_include(args: Any) -> list[str]:
    default = args._default_include
    text = default() if callable(default) else default
    return [p.strip() for p in text.split(",")]


def open_cache(args: Any, options: dict[str, Any]) -> Any:
    """The result cache for this run, or ``None`` (``--no-cache``, or it cannot be opened)."""
    if args.no_cache:
        return None
    from govdisclosure.batch import Cache

    try:
        return Cache(args.cache_dir, options=options)
    except (OSError, Exception) as e:  # sqlite3.Error too: a cache never stops the run
        stderr(f"note: result cache not used ({e})")
        return None


def json_entry(data: Any, *, lines: bool) -> str:
    """One entry of a JSON result list: a line of ``jsonl``, or an indented array item."""
    if lines:
        return json.dumps(data, ensure_ascii=False, default=_default) + "\n"
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    return "    " + text.replace("\n", "\n    ")


class JsonArrayWriter:
    """Writes ``{"KEY": [entries]}`` as :func:`print_json` would, one entry at a time.

    The batch's JSON is never built as one string: each entry (made by :func:`json_entry`,
    possibly in a worker process) is written when it is ready.
    """

    def __init__(self, key: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.key = key
        self.count = 0

    def add(self, entry: str) -> None:
        """Write one entry (from :func:`json_entry` with ``lines=False``)."""
        head = f'{{\n  "{self.key}": [\n' if self.count == 0 else ",\n"
        self.stream.write(head + entry)
        self.count += 1

    def close(self) -> None:
        """Write the end of the document."""
        if self.count == 0:
            self.stream.write(f'{{\n  "{self.key}": []\n}}\n')
        else:
            self.stream.write("\n  ]\n}\n")


def stream_batch(
    task: Callable[[str], tuple[str, str]],
    files: Sequence[str],
    args: Any,
    *,
    cache: Any,
    cache_file: Callable[[str], tuple[str, bytes] | None],
    array: str,
    failed: Callable[[Any], str],
    statuses: Sequence[str],
) -> dict[str, int]:
    """Run ``task`` (``(status, output)`` of one file) over ``files`` on the batch engine and
    write each output in input order as it is ready: text or JSON lines as they come, or one
    JSON document whose ``array`` lists them (``args.format == "json"``). ``failed(result)``
    is the output of a file whose task raised or whose worker died (status ``unreadable``).
    Returns how many files had each of ``statuses``; the cache is closed at the end."""
    from govdisclosure.batch import run

    counts = dict.fromkeys(statuses, 0)
    progress = Progress(len(files), forced=args.progress)
    writer = JsonArrayWriter(array) if args.format == "json" else None
    results = None
    try:
        results = run(task, files, jobs=args.jobs, cache=cache, cache_file=cache_file)
        for r in results:
            status, output = r.value if r.value is not None else ("unreadable", failed(r))
            counts[status] += 1
            progress.clear()
            if writer is not None:
                writer.add(output)
            else:
                sys.stdout.write(output)
            progress.step(r.index, display_name(r.item))
    finally:
        if results is not None:
            results.close()  # on an interruption too: the pool stops here, not at exit
        progress.done()
        if cache is not None:
            cache.close()
    if writer is not None:
        writer.close()
    return counts


def add_progress_option(parser: Any) -> None:
    """Add ``--progress`` (progress lines on standard error even when it is not a terminal)."""
    parser.add_argument(
        "--progress",
        action="store_true",
        help=(
            "report progress on standard error (done anyway when standard error is a "
            "terminal and there are several files)"
        ),
    )


def _default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return float(o) if o != o.to_integral_value() else int(o)
    raise TypeError(type(o).__name__)


def print_json(data: Any, stream: TextIO | None = None) -> None:
    """Print ``data`` as indented JSON (UTF-8 characters kept)."""
    out = stream or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def stderr(message: str) -> None:
    """Print a message to standard error."""
    print(message, file=sys.stderr)


def summary_line(total: int, counts: Sequence[tuple[int, str]]) -> str:
    """``"3 files: 1 valid, 1 invalid, 1 unreadable"`` (every count shown, zeros included)."""
    files = "file" if total == 1 else "files"
    return f"{total} {files}: " + ", ".join(f"{n} {what}" for n, what in counts)


class Progress:
    """``[i/n] name`` progress on standard error while a batch runs.

    On a terminal it is a progress line with the count, the rate and the time left (drawn by
    ``tqdm`` when installed, the ``progress`` extra; else a plain ``[i/n] name`` line),
    rewritten in place and erased at the end so that it never mixes with the results; with
    ``--progress`` and no terminal each item is its own line, for logs.
    """

    def __init__(self, total: int, *, forced: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.tty = _isatty(self.stream)
        self.enabled = forced or (self.tty and total > 1)
        self._width = 0
        self._bar: Any = None
        if self.enabled and self.tty:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                # No monitor thread: the batch forks its workers after the bar exists, and
                # forking a process that has other threads risks a deadlock.
                tqdm.monitor_interval = 0
                self._bar = tqdm(
                    total=total,
                    file=self.stream,
                    leave=False,
                    unit="file",
                    dynamic_ncols=True,
                    bar_format="[{n_fmt}/{total_fmt}] {desc} {rate_fmt}, ETA {remaining}",
                )

    def step(self, index: int, name: str) -> None:
        """Say that item ``index`` (0-based) called ``name`` is done (or being processed)."""
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.set_description_str(name, refresh=False)
            self._bar.update(index + 1 - self._bar.n)
            return
        text = f"[{index + 1}/{self.total}] {name}"
        if self.tty:
            pad = " " * max(0, self._width - len(text))
            self.stream.write(f"\r{text}{pad}")
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the progress line before other output (terminal only); the next step redraws it."""
        if self._bar is not None:
            self._bar.clear()
        elif self.enabled and self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def done(self) -> None:
        """Erase the progress line (terminal only)."""
        if self._bar is not None:
            self._bar.refresh()  # the last count is shown even when the bar was throttled
            self._bar.close()
            self._bar = None
            return
        if self.enabled and self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def display_name(name: str) -> str:
    """How a file given on the command line is named in messages (``-`` is standard input)."""
    if name == STDIO:
        return "<stdin>"
    return name or "''"


def read_document(name: str) -> bytes | Problem:
    """The bytes of a report file, or the problem that makes it unusable (exit code 2)."""
    return read_limited(name)


def check_suffix(output: str, fmt: str, *, what: str = "output") -> None:
    """Refuse an ``output`` whose suffix names a format other than ``fmt``.

    An unknown suffix (``.txt``) is accepted: the format was then named on purpose.
    """
    from govdisclosure.io.formats import UnknownFormatError, get_format, suffix_format

    if output == STDIO:
        return
    try:
        named = suffix_format(output).name
    except UnknownFormatError:
        return
    suffixes = get_format(fmt).suffixes
    if named == fmt or Path(output).suffix.lower() in suffixes:
        return  # csv-wide shares .csv with the long CSV
    raise OutputError(
        f"{output}: the suffix {Path(output).suffix} means {named}, but the {what} is {fmt}; "
        f"name the file with the suffix {' or '.join(suffixes)}, or ask for {named}"
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _check_target(target: Path, inputs: Iterable[Path]) -> None:
    if target.is_dir():
        raise OutputError(f"{target} is a directory; expected the name of a file to write")
    for src in inputs:
        if _same_file(target, src):
            same = "" if str(target) == str(src) else f" (the same file as {src})"
            raise OutputError(
                f"{target} is an input file{same}; refusing to overwrite it, "
                "name another output file"
            )


class InputFiles:
    """The identities (device, inode) of a command's input files, for the output policy.

    Built once per run, so that checking each of N outputs costs one ``stat``, not N: an
    output is refused when it is the same file as any input, under any name.
    """

    def __init__(self, inputs: Iterable[str | Path]) -> None:
        self._ids: dict[tuple[int, int], str] = {}
        for i in inputs:
            if str(i) == STDIO:
                continue
            try:
                st = os.stat(i)
            except OSError:
                continue
            self._ids.setdefault((st.st_dev, st.st_ino), str(i))

    def check(self, target: Path) -> None:
        """Raise :class:`OutputError` when ``target`` is an input or a directory."""
        try:
            st = os.stat(target)
        except OSError:
            return  # not there yet: nothing to overwrite
        if os.path.isdir(target):
            raise OutputError(f"{target} is a directory; expected the name of a file to write")
        src = self._ids.get((st.st_dev, st.st_ino))
        if src is not None:
            same = "" if str(target) == src else f" (the same file as {src})"
            raise OutputError(
                f"{target} is an input file{same}; refusing to overwrite it, "
                "name another output file"
            )


def write_text_atomic(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` whole or not at all (a temporary file renamed).

    The checks of the output policy are the caller's (:class:`InputFiles`); an interruption
    (Ctrl-C included) removes the temporary file and leaves ``target`` as it was.
    """
    fd, tmp = tempfile.mkstemp(prefix=".govdisclosure-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_outputs(
    output: str | Path,
    write: Callable[[Path], Sequence[Path]],
    *,
    inputs: Iterable[str | Path] = (),
) -> list[Path]:
    """Write the files of one output safely; returns the paths written.

    ``write(path)`` writes the output as if to ``path`` (in a scratch directory next to it) and
    returns every file it wrote, which must sit in the same directory as ``path`` (a CSV's side
    file does). Each file is then checked against ``inputs`` (see the module docstring) and
    renamed into place. Raises :class:`OutputError` for a refused target and ``OSError`` when
    the directory cannot be written.
    """
    if not str(output):
        raise OutputError("the output file name is empty")
    target = Path(output)
    parent = target.parent
    sources = [Path(i) for i in inputs if str(i) != STDIO]
    if not parent.is_dir():
        raise OutputError(
            f"{target}: the directory {parent} does not exist; create it first"
            if not parent.exists()
            else f"{target}: {parent} is not a directory"
        )
    _check_target(target, sources)
    with tempfile.TemporaryDirectory(prefix=".govdisclosure-", dir=parent) as scratch:
        produced = list(write(Path(scratch) / target.name))
        finals = [parent / p.name for p in produced]
        for final in finals:
            _check_target(final, sources)
        for made, final in zip(produced, finals, strict=True):
            os.replace(made, final)
    return finals
