"""The batch engine: many inputs, one per-item function, results streamed in input order.

Every batch command (``validate``, ``check``, ``parse``, ``convert``, ``dataset``) is built on
three pieces, usable from Python as well:

- :func:`expand_inputs` turns what a user names (files, directories walked recursively with
  include/exclude glob patterns, a list of paths read from a stream) into a deterministic list
  of file paths;
- :func:`run` maps a picklable per-item function over the inputs on a process pool (``jobs``)
  or on any :class:`concurrent.futures.Executor` passed in (a Dask ``client.get_executor()``,
  a thread pool, ...), and yields one :class:`Result` per input **in input order** as soon as
  the results before it are done. Work in flight is bounded, so memory stays flat whatever the
  batch size. One failing item never stops the batch: its exception becomes an
  :class:`ItemError` in its result;
- :class:`Cache` is a content-hash cache (like ruff's): an item whose content, package version
  and result-affecting options were seen before is answered from the cache without running the
  function again.

>>> from govdisclosure.batch import expand_inputs, run
>>> paths = expand_inputs(["reports/"], include=["*.json"])         # doctest: +SKIP
>>> for r in run(check_one, paths, jobs=4):                         # doctest: +SKIP
...     print(r.index, r.item, r.error or r.value)

The per-item function runs in another process (or machine): it and its items must pickle,
so use a module-level function, or a :func:`functools.partial` of one with picklable
arguments; it should return a small picklable value (what the caller prints or writes), not
a large object graph.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import pickle
import re
import signal
import sqlite3
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from govdisclosure._version import __version__

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "MIN_PARALLEL",
    "Cache",
    "ItemError",
    "Result",
    "default_cache_dir",
    "default_jobs",
    "expand_inputs",
    "file_content",
    "read_paths",
    "run",
]

T = TypeVar("T")
R = TypeVar("R")

STDIN = "-"
"""The input name that means standard input (kept as an input of its own, never walked)."""

DEFAULT_CHUNKSIZE = 32
"""Items per task sent to a worker when the batch size is unknown (amortises the round trip)."""

MIN_PARALLEL = 48
"""Below this many items to compute, :func:`run` works in-process: starting workers costs more."""


# ------------------------------------------------------------------------------ inputs


def _matcher(patterns: Sequence[str]) -> Callable[[str], bool]:
    """Whether a path relative to the walked directory matches one of the glob patterns.

    A pattern without ``/`` is matched against the file name (``*.json``), one with ``/``
    against the whole relative path (``2021/*.json``, ``**/draft/*``). The patterns are
    compiled once into two regular expressions: a walk tests every file.
    """
    names = [fnmatch.translate(p) for p in patterns if "/" not in p]
    paths = [fnmatch.translate(p) for p in patterns if "/" in p]
    paths += [fnmatch.translate(p[3:]) for p in patterns if p.startswith("**/")]
    by_name = re.compile("|".join(names)).match if names else None
    by_path = re.compile("|".join(paths)).match if paths else None

    def matches(rel: str) -> bool:
        if by_name is not None and by_name(rel.rsplit("/", 1)[-1]):
            return True
        return by_path is not None and by_path(rel) is not None

    return matches


def _walk(root: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str]:
    """Files under ``root`` in a deterministic order (names sorted by code point, depth first)."""
    included = _matcher(include) if include else None
    excluded = _matcher(exclude) if exclude else None
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        directory, rel_dir = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue  # an unreadable sub-directory: nothing in it can be listed
        subdirs: list[tuple[str, str]] = []
        for e in entries:
            rel = f"{rel_dir}{e.name}"
            if e.is_dir():  # follows symbolic links, as a user naming the directory expects
                if excluded is None or not (excluded(rel) or excluded(rel + "/")):
                    subdirs.append((e.path, rel + "/"))
            elif (included is None or included(rel)) and (excluded is None or not excluded(rel)):
                yield e.path
        stack.extend(reversed(subdirs))


def read_paths(stream: IO[str]) -> Iterator[str]:
    """The paths listed in ``stream``, one per line (blank lines skipped; no quoting)."""
    for line in stream:
        path = line.rstrip("\r\n")
        if path.strip():
            yield path


def expand_inputs(
    inputs: Iterable[str],
    *,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    files_from: IO[str] | None = None,
) -> list[str]:
    """The files a batch runs over, in a deterministic order.

    Each input is kept as given when it is not a directory (a missing file is kept too: the
    command reports it as unreadable, in its place) and ``-`` (standard input) stays ``-``.
    A directory is walked recursively, its files sorted by name, sub-directories after the
    files of their parent, keeping the files that match one of ``include`` (glob patterns,
    see below; ``None`` or empty: every file) and none of ``exclude`` (which also prunes
    directories: ``--exclude drafts``). ``files_from`` lists more inputs, one per line, after
    the others (each may be a directory too). Duplicates are kept: each is a run of its own.

    A pattern without ``/`` matches the file name (``*.json``); with ``/`` it matches the path
    relative to the directory walked (``2021/*.json``; ``**/`` also matches at the top).
    """
    out: list[str] = []
    names: list[Iterable[str]] = [inputs]
    if files_from is not None:
        names.append(read_paths(files_from))
    for group in names:
        for name in group:
            if name != STDIN and name and os.path.isdir(name):
                out.extend(_walk(name, include or (), exclude))
            else:
                out.append(name)
    return out


def file_content(item: str) -> bytes | None:
    """The bytes of file ``item`` for the cache key (``None``: not cacheable, as stdin)."""
    if item == STDIN or not item:
        return None
    try:
        with open(item, "rb") as f:
            return f.read()
    except OSError:
        return None


def default_jobs() -> int:
    """The number of cores this process may use (``os.cpu_count()`` where no affinity is set)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class ItemError:
    """Why an item produced no result: the function raised, or its worker died.

    ``code`` is stable (``"error"``: the function raised; ``"worker-died"``: the process
    running it ended abruptly); ``location`` names the item (its path); ``exception`` is the
    exception's class name.
    """

    code: str
    message: str
    location: str
    exception: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON-compatible form."""
        return {
            "code": self.code,
            "message": self.message,
            "location": self.location,
            "exception": self.exception,
        }


@dataclass(frozen=True)
class Result(Generic[T, R]):
    """The outcome of one item: ``value`` or ``error`` (exactly one is set)."""

    index: int
    """Position of the item in the input (results come in this order)."""
    item: T
    value: R | None = None
    error: ItemError | None = None
    cached: bool = False
    """The value came from the cache; the function did not run."""

    @property
    def ok(self) -> bool:
        """The function returned (``value`` holds what it returned)."""
        return self.error is None


def _call(func: Callable[[T], R], item: T) -> tuple[R | None, ItemError | None]:
    try:
        return func(item), None
    except Exception as e:  # error isolation is the point: any failure is this item's alone
        return None, ItemError("error", str(e) or type(e).__name__, str(item), type(e).__name__)


def _run_chunk(func: Callable[[T], R], items: Sequence[T]) -> list[tuple[R | None, Any]]:
    """Worker side: one task is several items (fewer round trips); each is isolated."""
    return [_call(func, item) for item in items]


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop, so the
    # workers neither die half-way through a task nor print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ------------------------------------------------------------------------------ cache


def _code_fingerprint() -> str:
    """Sizes and modification times of the package's modules.

    The version alone would keep stale results while the package is being edited (a
    development install keeps its version number).
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def default_cache_dir() -> Path:
    """Where the cache lives unless told: ``$GOVDISCLOSURE_CACHE_DIR``, else the user's cache.

    The user cache is ``$XDG_CACHE_HOME/govdisclosure`` (``~/.cache/govdisclosure``), or
    ``%LOCALAPPDATA%\\govdisclosure\\cache`` on Windows, ``~/Library/Caches/govdisclosure``
    on macOS. Nothing is written into the directory a command runs in.
    """
    env = os.environ.get("GOVDISCLOSURE_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "govdisclosure" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "govdisclosure"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govdisclosure"


class Cache:
    """A content-hash cache of per-item results (one SQLite file in ``directory``).

    An entry's key is the SHA-256 of the item's content together with a digest of the
    *namespace*: the package version, a fingerprint of its code, and ``options`` (every
    option that changes a result: rule selection, language, output format, ...). Change any of
    them and every entry is missed (and eventually overwritten). Values are pickled.

    Lookups and stores happen in the process that drives the batch (see :func:`run`), so the
    cache works with any executor, including workers on other machines. Stores are committed
    in groups (every ``commit_every`` stores, and on :meth:`close`); an interrupted run keeps
    what it committed. Several runs may share a cache (SQLite locks it).
    """

    FILE = "results-v2.sqlite3"

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        commit_every: int = 1000,
    ) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        namespace = {
            "version": __version__,
            "code": _code_fingerprint(),
            "options": dict(options or {}),
        }
        self.namespace = hashlib.sha256(
            json.dumps(namespace, sort_keys=True, default=str).encode("utf-8")
        ).digest()
        path = self.directory / self.FILE
        try:
            self._db = self._connect(path)
        except sqlite3.DatabaseError:
            # Not a database (damaged, or another program's file): a cache is rebuilt.
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{path}{suffix}")
            self._db = self._connect(path)
        self._cwd = os.getcwd()
        self._pending = 0
        self._commit_every = commit_every
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60)
        try:
            # Large pages keep a result (a few kB) on its own page instead of a chain of overflow
            # pages: a lookup costs about half (set before the first table; no effect later).
            db.execute("PRAGMA page_size=65536")
            db.execute("PRAGMA cache_size=-32768")
            # WAL: readers (another run) never wait for a writer; NORMAL: a crash may lose the last
            # commits, never corrupt the file, and a cache can afford to recompute.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # Results are appended (rowid order) and found through an index of their keys:
            # random keys inserted into the table itself would rewrite a page per result.
            db.execute(
                "CREATE TABLE IF NOT EXISTS results "
                "(id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, value BLOB)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT, ns BLOB, sig TEXT, key BLOB, "
                "PRIMARY KEY (path, ns)) WITHOUT ROWID"
            )
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def key(self, content: bytes) -> bytes:
        """The key of an item with this content (in this namespace)."""
        h = hashlib.sha256(self.namespace)
        h.update(content)
        return h.digest()

    def get(self, key: bytes) -> tuple[bool, Any]:
        """``(True, value)`` for a stored key, else ``(False, None)``."""
        row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        ok, value = (False, None) if row is None else self._loads(row[0])
        if not ok:
            self.misses += 1
        return ok, value

    RACY_NS = 2_000_000_000
    """A file modified this recently (ns) is hashed again next time: it may change again
    within the same timestamp (the "racy" case that git's index guards against too)."""

    def file_key(self, path: str, prefix: bytes = b"") -> tuple[bytes | None, bool, Any]:
        """``(key, hit, value)`` for an item whose result depends on file ``path`` (and
        ``prefix``, say its name as shown): the key hashes ``prefix`` and the file's bytes.

        Like git's index, a file whose size, modification and change times, inode and
        device are those recorded when it was last hashed is not read again: its recorded
        content key is used. ``key`` is ``None`` when the file cannot be read (not cached).
        """
        try:
            st = os.stat(path)
        except OSError:
            return None, False, None
        if not stat.S_ISREG(st.st_mode):
            return None, False, None
        where = os.path.join(self._cwd, path)  # absolute (an absolute path stays as it is)
        sig = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"
        row = self._db.execute(
            "SELECT f.sig, f.key, r.value FROM files f LEFT JOIN results r ON r.key = f.key "
            "WHERE f.path = ? AND f.ns = ?",
            (where, self.namespace),
        ).fetchone()
        if row is not None and row[0] == sig:
            if row[2] is not None:
                ok, value = self._loads(row[2])
                if ok:
                    return row[1], True, value
            self.misses += 1
            return row[1], False, None
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return None, False, None
        key = self.key(prefix + data)
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.RACY_NS:
            self._db.execute(
                "INSERT OR REPLACE INTO files (path, ns, sig, key) VALUES (?, ?, ?, ?)",
                (where, self.namespace, sig, key),
            )
            self._count()
        hit, value = self.get(key)
        return key, hit, value

    def _loads(self, blob: bytes) -> tuple[bool, Any]:
        try:
            value = pickle.loads(blob)
        except Exception:  # an unreadable entry (a class changed shape): recompute it
            return False, None
        self.hits += 1
        return True, value

    def _count(self) -> None:
        self._pending += 1
        if self._pending >= self._commit_every:
            self.commit()

    def put(self, key: bytes, value: Any) -> None:
        """Store ``value`` under ``key`` (committed in groups)."""
        self._db.execute(
            "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
            (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        self._count()

    def commit(self) -> None:
        """Make the stores so far durable."""
        self._db.commit()
        self._pending = 0

    def close(self) -> None:
        """Commit and close the database."""
        with contextlib.suppress(sqlite3.Error):
            self.commit()
        self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------------------ runner


class _Chunk(Generic[T, R]):
    """Items sent to the executor as one task, and (once done) their outcomes."""

    __slots__ = ("future", "items", "outcomes")

    def __init__(self, items: list[T], future: Future[Any]) -> None:
        self.items = items
        self.future = future
        self.outcomes: list[tuple[R | None, ItemError | None]] | None = None


@dataclass
class _Slot(Generic[T, R]):
    index: int
    item: T
    key: bytes | None = None
    ready: bool = False
    """The outcome is known (computed in this process, or from the cache)."""
    chunk: _Chunk[T, R] | None = None
    pos: int = 0
    value: R | None = None
    error: ItemError | None = None
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


class _Pool:
    """The executor in use; a pool this module made is replaced when a worker dies."""

    def __init__(self, executor: Executor | None, jobs: int) -> None:
        self.owned = executor is None
        self.jobs = jobs
        self.executor: Executor | None = executor

    def get(self) -> Executor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(self.jobs, initializer=_ignore_sigint)
        return self.executor

    def replace(self) -> bool:
        if not self.owned:
            return False
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = None
        return True

    def close(self, *, cancel: bool) -> None:
        if self.owned and self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=cancel)
            self.executor = None


def _resolve(chunk: _Chunk[T, R], func: Callable[[T], R], pool: _Pool) -> None:
    """Wait for a chunk; when its worker died, run its items again one by one on a new pool."""
    try:
        chunk.outcomes = chunk.future.result()
        return
    except BrokenProcessPool:
        if not pool.replace():
            raise
    outcomes: list[tuple[R | None, ItemError | None]] = []
    for item in chunk.items:
        try:
            outcomes.extend(pool.get().submit(_run_chunk, func, [item]).result())
        except BrokenProcessPool:
            # This item alone kills its worker (a crash in a C extension, memory exhausted).
            outcomes.append(
                (None, ItemError("worker-died", "the worker process ended abruptly", str(item)))
            )
            pool.replace()
    chunk.outcomes = outcomes


class _Runner(Generic[T, R]):
    """The state of one :func:`run`: slots in input order, the task being filled, the pool."""

    def __init__(
        self, func: Callable[[T], R], pool: _Pool, size: int, bound: int, cache: Cache | None
    ) -> None:
        self.func = func
        self.cache = cache
        self.pool = pool
        self.size = size
        self.bound = bound
        self.slots: deque[_Slot[T, R]] = deque()
        self.batch: list[_Slot[T, R]] = []
        self.in_flight = 0

    def submit(self) -> None:
        items = [s.item for s in self.batch]
        chunk: _Chunk[T, R] = _Chunk(items, self.pool.get().submit(_run_chunk, self.func, items))
        for pos, s in enumerate(self.batch):
            s.chunk, s.pos = chunk, pos
        self.in_flight += 1
        self.batch = []

    def add(self, slot: _Slot[T, R]) -> None:
        self.slots.append(slot)
        if not slot.ready:
            self.batch.append(slot)
            if len(self.batch) >= self.size:
                self.submit()

    def head_ready(self, *, block: bool) -> bool:
        """Whether the first slot can be handed out now (with ``block``: after waiting)."""
        head = self.slots[0]
        if head.ready:
            return True
        if head.chunk is None:  # still in the task being filled
            if not block:
                return False
            self.submit()
        assert head.chunk is not None
        return block or head.chunk.outcomes is not None or head.chunk.future.done()

    def must_wait(self) -> bool:
        return self.in_flight >= self.bound or len(self.slots) > self.bound * self.size * 2

    def pop(self) -> Result[T, R]:
        slot = self.slots.popleft()
        chunk = slot.chunk
        assert slot.ready or chunk is not None, "an item was never sent"
        if chunk is not None:
            if chunk.outcomes is None:
                _resolve(chunk, self.func, self.pool)
            assert chunk.outcomes is not None
            slot.value, slot.error = chunk.outcomes[slot.pos]
            if slot.pos == len(chunk.items) - 1:
                chunk.outcomes = None  # the last reader lets the task's results go
                self.in_flight -= 1
        if self.cache is not None and slot.key is not None and not slot.cached and slot.ok:
            self.cache.put(slot.key, slot.value)
        return Result(slot.index, slot.item, slot.value, slot.error, slot.cached)


def _look_up(
    cache: Cache,
    item: T,
    content: Callable[[T], bytes | None] | None,
    cache_file: Callable[[T], tuple[str, bytes] | None] | None,
    slot: _Slot[T, R],
) -> tuple[bool, Any]:
    """Set the slot's cache key; ``(hit, value)``."""
    if cache_file is not None:
        spec = cache_file(item)
        if spec is None:
            return False, None
        slot.key, hit, value = cache.file_key(*spec)
        return hit, value
    if content is None:
        return False, None
    data = content(item)
    if data is None:
        return False, None
    slot.key = cache.key(data)
    return cache.get(slot.key)


def run(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    chunksize: int | None = None,
    max_in_flight: int | None = None,
    cache: Cache | None = None,
    content: Callable[[T], bytes | None] | None = None,
    reuse: Callable[[T, R], bool] | None = None,
    min_parallel: int = MIN_PARALLEL,
    cache_file: Callable[[T], tuple[str, bytes] | None] | None = None,
) -> Generator[Result[T, R], None, None]:
    """Map ``func`` over ``items``; yield one :class:`Result` per item, in input order.

    ``executor``: any :class:`concurrent.futures.Executor` (left open: it is the caller's);
    without one, a process pool of ``jobs`` workers (default: :func:`default_jobs`) is made and
    shut down at the end. ``jobs=1``, or fewer than ``min_parallel`` items (when ``items`` has
    a length), runs ``func`` in this process instead. Items are sent in tasks of ``chunksize``
    (default: about eight tasks per worker, at most :data:`DEFAULT_CHUNKSIZE` items each), at
    most ``max_in_flight`` tasks at a time (default: four per worker), so memory does not grow
    with the batch: results are handed out as soon as those before them are.

    ``cache`` with ``content``: ``content(item)`` gives the bytes that decide the item's result
    (say, the file's bytes; ``None``: do not cache this item). A stored result is yielded with
    ``cached=True`` without running ``func`` (when ``reuse(item, value)`` agrees, if given:
    ``parse`` checks that the output file is still the one it wrote); a computed one is stored.
    Errors are never stored. ``cache_file`` instead of ``content``: ``cache_file(item)``
    gives ``(path, prefix)``, the file the result depends on and bytes that also decide it
    (``None``: do not cache); see :meth:`Cache.file_key` (an unchanged file is not re-read).

    An exception in ``func`` becomes the item's :class:`ItemError`; a worker that dies is
    replaced (pools made here) and its task's items are retried one by one. Closing the
    generator early (or ``KeyboardInterrupt``) cancels the tasks not started, waits for the
    running ones and shuts the pool down.
    """
    njobs = max(1, jobs or default_jobs())
    total = len(items) if isinstance(items, Sized) else None
    inline = executor is None and (njobs == 1 or (total is not None and total < min_parallel))
    size = chunksize or (
        DEFAULT_CHUNKSIZE if total is None else max(1, min(DEFAULT_CHUNKSIZE, total // (njobs * 8)))
    )
    pool = _Pool(executor, njobs)
    runner: _Runner[T, R] = _Runner(func, pool, size, max_in_flight or njobs * 4, cache)
    finished = False
    try:
        for index, item in enumerate(items):
            slot: _Slot[T, R] = _Slot(index, item)
            if cache is not None:
                hit, value = _look_up(cache, item, content, cache_file, slot)
                if hit and (reuse is None or reuse(item, value)):
                    slot.value, slot.cached, slot.ready = value, True, True
            if inline and not slot.ready:
                slot.value, slot.error = _call(func, item)
                slot.ready = True
            runner.add(slot)
            while runner.slots and runner.head_ready(block=runner.must_wait()):
                yield runner.pop()
        while runner.slots:
            runner.head_ready(block=True)  # sends the last, partly filled task
            yield runner.pop()
        finished = True
    finally:
        pool.close(cancel=not finished)
        if cache is not None:
            with contextlib.suppress(sqlite3.Error):
                cache.commit()
