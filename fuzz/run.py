"""The fuzz driver: generated inputs through every reader in a limited worker process.

    python -m fuzz.run --reader html --count 20000 --seed 1
    python -m fuzz.run --reader all --count 10000 --seed 7 --report fuzz-report.json
    python -m fuzz.run --replay tests/data/fuzz_repro

Input ``i`` of reader ``r`` under seed ``s`` is generated from ``random.Random("s/r/i")``, so
any input can be made again from its number. One worker process (forked, so it shares the
imports) generates and reads the inputs; the driver waits for each with a time limit (10 s
by default) and watches the worker's resident memory (1 GiB by default). The worker resets its
peak-RSS counter before each input (``/proc/self/clear_refs``) and reports the peak after it,
so the memory figure is per input. It also runs under an address-space limit (``RLIMIT_AS``,
4 GiB by default) so that a runaway input cannot take the machine.

A finding is an exception other than the reader's documented ones, an error message longer
than :data:`fuzz.targets.MESSAGE_LIMIT`, a time-out or a memory overrun. The first input of
each distinct finding (exception type and innermost frame) is written under ``--out``; kept
reproducers go to ``tests/data/fuzz_repro/<reader>/`` and are replayed by the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import resource
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fuzz.targets import READERS, Target, UnboundedMessage, check_message, targets

GIB = 1024**3


def input_for(target: Target, seed: int, index: int) -> bytes:
    """Input ``index`` of ``target`` under ``seed`` (the same bytes every time)."""
    return target.generate(random.Random(f"{seed}/{target.name}/{index}"))


def _peak_rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:  # not Linux, or not allowed: the peak is then per worker, not per input
        pass


def signature(err: BaseException) -> str:
    """Exception type and innermost frame of the package (else innermost at all)."""
    if isinstance(err, UnboundedMessage):
        return f"UnboundedMessage: {str(err).split(' message of ')[0]}"
    frames = traceback.extract_tb(err.__traceback__)
    own = [f for f in frames if "govdisclosure" in f.filename] or frames
    where = f"{Path(own[-1].filename).name}:{own[-1].name}:{own[-1].lineno}" if own else "?"
    return f"{type(err).__name__} at {where}"


def run_one(target: Target, data: bytes) -> tuple[str | None, str]:
    """Read ``data`` with ``target``: ``(None, "")``, or ``(signature, traceback)``."""
    try:
        try:
            target.run(data)
        except target.allowed as e:
            check_message(e)
    except MemoryError as e:
        return signature(e), "MemoryError"
    except Exception as e:
        return signature(e), "".join(traceback.format_exception(type(e), e, e.__traceback__))[
            -4000:
        ]
    return None, ""


def _worker(
    conn: Connection, seed: int, address_limit: int, table: dict[str, Target], reading: Any
) -> None:
    warnings.simplefilter("ignore")  # openpyxl's warnings about hostile workbooks: not findings
    if address_limit:
        resource.setrlimit(resource.RLIMIT_AS, (address_limit, address_limit))
    while True:
        job = conn.recv()
        if job is None:
            return
        name, index, data = job
        target = table[name]
        if data is None:
            try:
                data = input_for(target, seed, index)
            except Exception as e:  # the generator's own fault: said apart from the reader's
                conn.send((f"generator: {signature(e)}", traceback.format_exc(), 0.0, 0, 0))
                continue
        _reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        reading.value = 1  # the driver's limits apply from here (not to generating the input)
        sig, detail = run_one(target, data)
        reading.value = 0
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        conn.send((sig, detail, cpu, wall, _peak_rss_kib(), len(data)))


@dataclass
class Stats:
    """What a run found for one reader."""

    inputs: int = 0
    input_bytes_max: int = 0
    max_seconds: float = 0.0
    max_seconds_input: int = -1
    max_wall_seconds: float = 0.0
    max_rss_mib: float = 0.0
    max_rss_input: int = -1
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "largest_input_bytes": self.input_bytes_max,
            "max_seconds": round(self.max_seconds, 3),
            "max_seconds_input": self.max_seconds_input,
            "max_wall_seconds": round(self.max_wall_seconds, 3),
            "max_rss_mib": round(self.max_rss_mib, 1),
            "max_rss_input": self.max_rss_input,
            "distinct_findings": len(self.findings),
            "findings": self.findings,
        }


class Driver:
    """One worker process and the limits it runs under."""

    def __init__(
        self,
        *,
        seed: int,
        timeout: float,
        memory: int,
        address_limit: int,
        out: Path | None,
        shared_pdfs: bool,
        table: dict[str, Target] | None = None,
        wall_factor: float = 6.0,
    ) -> None:
        self.seed = seed
        self.wall_factor = wall_factor
        self.timeout = timeout
        self.memory = memory
        self.address_limit = address_limit
        self.out = out
        self.shared_pdfs = shared_pdfs
        self.table = table or targets(shared_pdfs=shared_pdfs)
        self.stats: dict[str, Stats] = {}
        self._proc: Any = None
        self._reading: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe()
        self._reading = ctx.Value("b", 0, lock=False)
        self._proc = ctx.Process(
            target=_worker,
            args=(child, self.seed, self.address_limit, self.table, self._reading),
            daemon=True,
        )
        self._proc.start()
        child.close()
        self._conn = parent
        return parent

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
        self._proc = None
        self._conn = None

    def close(self) -> None:
        """Stop the worker."""
        if self._conn is not None:
            try:
                self._conn.send(None)
                self._proc.join(5)
            except (BrokenPipeError, OSError):
                pass
        self._kill()

    def _rss(self) -> int:
        try:
            with open(f"/proc/{self._proc.pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _cpu(self) -> float:
        """CPU seconds the worker has used (user and system)."""
        try:
            with open(f"/proc/{self._proc.pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def _wait(self, conn: Connection) -> tuple[Any, ...] | str:
        # The limit is on CPU time: on a shared machine a niced worker may wait for the CPU
        # far longer than it computes. Wall time gets a wider limit, against sleeping hangs.
        # The limits count from when the worker starts reading (generating a large input may
        # take time and memory of its own); the worker measures the read exactly as well.
        deadline = cpu_start = None
        while True:
            try:
                if conn.poll(0.05):
                    return conn.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):
                return "crash"
            if not self._reading.value:
                continue
            if cpu_start is None or deadline is None:
                deadline = time.monotonic() + self.timeout * self.wall_factor
                cpu_start = self._cpu()
            if self._cpu() - cpu_start > self.timeout:
                return "timeout"
            if time.monotonic() > deadline:
                return "timeout (wall)"
            if self._rss() > self.memory:
                return "memory"
            if not self._proc.is_alive():
                return "crash"

    def one(self, name: str, index: int, data: bytes | None = None) -> str | None:
        """Run input ``index`` of reader ``name`` (or ``data``); the finding's signature."""
        conn = self._conn or self._start()
        conn.send((name, index, data))
        got = self._wait(conn)
        st = self.stats.setdefault(name, Stats())
        st.inputs += 1
        if isinstance(got, str):
            self._kill()
            sig, detail, seconds, wall, rss_kib, size = got, got, self.timeout, 0.0, 0, 0
        else:
            sig, detail, seconds, wall, rss_kib, size = got
            if seconds > self.timeout and sig is None:
                sig, detail = "timeout", f"{seconds:.1f} s of CPU time"
            if rss_kib * 1024 > self.memory and sig is None:
                sig, detail = "memory", f"peak RSS {rss_kib // 1024} MiB"
            if sig is not None and sig.startswith("MemoryError"):
                self._kill()  # a worker that ran out of memory once is not trusted again
        st.input_bytes_max = max(st.input_bytes_max, size)
        if seconds > st.max_seconds:
            st.max_seconds, st.max_seconds_input = seconds, index
        st.max_wall_seconds = max(st.max_wall_seconds, wall)
        if rss_kib / 1024 > st.max_rss_mib:
            st.max_rss_mib, st.max_rss_input = rss_kib / 1024, index
        if sig is not None:
            self._record(name, index, sig, detail, data)
        return sig

    def _record(self, name: str, index: int, sig: str, detail: str, data: bytes | None) -> None:
        found = self.stats[name].findings
        if sig in found:
            found[sig]["count"] += 1
            return
        target = self.table[name]
        found[sig] = {"count": 1, "first_input": index, "detail": detail[-1500:]}
        print(f"[{name}] #{index}: {sig}", file=sys.stderr, flush=True)
        if self.out is not None:
            if data is None:
                data = input_for(target, self.seed, index)
            folder = self.out / name
            folder.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha1(sig.encode()).hexdigest()[:10]
            path = folder / f"s{self.seed}-{index}-{digest}.{target.ext}"
            path.write_bytes(data)
            found[sig]["file"] = str(path)


def _report(driver: Driver, args: argparse.Namespace, started: float) -> dict[str, Any]:
    per = {name: st.as_dict() for name, st in driver.stats.items()}
    return {
        "seed": args.seed,
        "count_per_reader": args.count,
        "timeout_seconds": args.timeout,
        "memory_limit_mib": args.memory // (1024 * 1024),
        "shared_pdfs": bool(args.shared_pdfs and os.environ.get("GOVD_SHARED_DIR")),
        "elapsed_seconds": round(time.time() - started, 1),
        "total_inputs": sum(st.inputs for st in driver.stats.values()),
        "readers": per,
    }


def _replay(driver: Driver, folder: Path) -> int:
    bad = 0
    for path in sorted(folder.glob("*/*")):
        reader = path.parent.name
        sig = driver.one(reader, -1, path.read_bytes())
        print(f"{'FAIL' if sig else 'ok  '} {path}  {sig or ''}")
        bad += sig is not None
    return 1 if bad else 0


def build_parser() -> argparse.ArgumentParser:
    """The driver's command line."""
    p = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--reader", action="append", choices=[*READERS, "all"], help="repeatable")
    p.add_argument("--count", type=int, default=1000, help="inputs per reader")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--start", type=int, default=0, help="first input number")
    p.add_argument("--timeout", type=float, default=10.0, help="CPU seconds per input")
    p.add_argument("--wall-factor", type=float, default=6.0, help="wall-time limit / --timeout")
    p.add_argument("--memory", type=int, default=GIB, help="bytes of RSS per input")
    p.add_argument("--address-limit", type=int, default=4 * GIB, help="RLIMIT_AS of the worker")
    p.add_argument("--max-seconds", type=float, default=0, help="stop after this long")
    p.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="where findings go")
    p.add_argument("--report", type=Path, help="write the figures as JSON here (also as it runs)")
    p.add_argument("--shared-pdfs", action="store_true", help="mutate the GOVD_SHARED_DIR PDFs too")
    p.add_argument("--replay", type=Path, help="run every <reader>/<file> under this folder")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the driver; exit 1 when anything was found."""
    args = build_parser().parse_args(argv)
    driver = Driver(
        seed=args.seed,
        timeout=args.timeout,
        memory=args.memory,
        address_limit=args.address_limit,
        out=args.out,
        shared_pdfs=args.shared_pdfs,
        wall_factor=args.wall_factor,
    )
    try:
        if args.replay:
            return _replay(driver, args.replay)
        readers = list(READERS) if not args.reader or "all" in args.reader else args.reader
        started = time.time()
        last_write = started
        for index in range(args.start, args.start + args.count):
            for name in readers:
                driver.one(name, index)
            now = time.time()
            if args.report and now - last_write > 30:
                args.report.write_text(json.dumps(_report(driver, args, started), indent=1))
                last_write = now
            if args.max_seconds and now - started > args.max_seconds:
                break
        report = _report(driver, args, started)
    finally:
        driver.close()
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.report:
        args.report.write_text(text)
    summary = {
        n: (r["inputs"], r["distinct_findings"], r["max_seconds"], r["max_rss_mib"])
        for n, r in report["readers"].items()
    }
    for name, (n, found, secs, rss) in summary.items():
        print(f"{name:11} {n:7} inputs  {found} findings  max {secs:.2f} s CPU  max {rss:.0f} MiB")
    return 1 if any(r["distinct_findings"] for r in report["readers"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
