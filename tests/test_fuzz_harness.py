"""The fuzzing harness of ``fuzz/``: a short fixed-seed run of every reader's generator, the
kept reproducers replayed, and the driver's own checks (it must see what it is there to see).

The long run is by hand (``python -m fuzz.run``, see ``fuzz/README.md``).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from fuzz.run import Driver, input_for, run_one
from fuzz.targets import READERS, Target, targets

from govdisclosure.errors import MAX_MESSAGE_CHARS, DocumentError, Problem, bounded_message

REPRO = Path(__file__).resolve().parent / "data" / "fuzz_repro"
SEED = 20261206
CI_INPUTS = {"xlsx-parse": 12, "xlsx-io": 12, "pdf": 15, "docx": 15}
"""Inputs per reader in CI (20 where not said): the slow readers fewer, to stay in seconds."""

TABLE = targets()


@pytest.mark.parametrize("reader", READERS)
def test_short_fixed_seed_run(reader: str) -> None:
    target = TABLE[reader]
    found = {}
    for index in range(CI_INPUTS.get(reader, 20)):
        data = input_for(target, SEED, index)
        assert input_for(target, SEED, index) == data  # an input can be made again
        sig, detail = run_one(target, data)
        if sig is not None:
            found[index] = f"{sig}\n{detail}"
    assert not found, next(iter(found.values()))


def _repros() -> list[Path]:
    return sorted(p for p in REPRO.glob("*/*") if p.is_file())


def test_every_reader_has_a_folder_or_none_is_misnamed() -> None:
    assert {p.parent.name for p in _repros()} <= set(READERS)
    assert len(_repros()) >= 5


def test_reproducers_replay_in_the_limited_worker() -> None:
    """Each kept reproducer (a finding of the fuzzer, fixed) reads as documented, within the
    driver's limits (10 s, 1 GiB: a hang detector, not a speed test)."""
    driver = Driver(
        seed=0, timeout=10, memory=1024**3, address_limit=4 * 1024**3, out=None, shared_pdfs=False
    )
    try:
        found = {p.name: driver.one(p.parent.name, -1, p.read_bytes()) for p in _repros()}
    finally:
        driver.close()
    assert {k: v for k, v in found.items() if v is not None} == {}


# ------------------------------------------------------------------------------------------
# the driver catches what it is there to catch


def _raise_key_error(data: bytes) -> None:
    raise KeyError("not a documented error")


def _documented(data: bytes) -> None:
    raise DocumentError([Problem("type", "/x", "short")])


def _unbounded(data: bytes) -> None:
    raise ValueError("x" * 10_000)  # a ValueError is not documented either


def _sleep(data: bytes) -> None:
    time.sleep(60)


def _spin(data: bytes) -> None:
    end = time.process_time() + 60
    while time.process_time() < end:
        pass


def _hog(data: bytes) -> None:
    blob = bytearray(300 * 1024 * 1024)
    blob[::4096] = b"x" * len(blob[::4096])  # touched: resident, not only reserved


def _gen(rng: random.Random) -> bytes:
    return rng.randbytes(8)


def _table() -> dict[str, Target]:
    fns = {
        "keyerror": _raise_key_error,
        "documented": _documented,
        "unbounded": _unbounded,
        "sleep": _sleep,
        "spin": _spin,
        "hog": _hog,
    }
    return {k: Target(k, "bin", _gen, fn) for k, fn in fns.items()}


def test_driver_reports_exceptions_timeouts_and_memory(tmp_path: Path) -> None:
    # The worker is forked from this process: the limit is above what it holds already.
    with open("/proc/self/status", encoding="ascii") as f:
        held = next(int(ln.split()[1]) * 1024 for ln in f if ln.startswith("VmRSS:"))

    def driver(wall_factor: float) -> Driver:
        return Driver(
            seed=1,
            timeout=1,
            memory=held + 150 * 1024 * 1024,
            address_limit=0,
            out=tmp_path,
            shared_pdfs=False,
            table=_table(),
            wall_factor=wall_factor,
        )

    d = driver(60)  # the CPU-time limit (1 s) applies long before the wall-time one
    try:
        assert d.one("documented", 0) is None
        assert (d.one("keyerror", 0) or "").startswith("KeyError at ")
        assert (d.one("unbounded", 0) or "").startswith("ValueError at ")
        assert d.one("spin", 0) == "timeout"
        assert d.one("documented", 1) is None  # a fresh worker after the time-out
        # The limit is 150 MiB above what a worker itself was seen to hold (the parent's size
        # need not be the worker's: a long test session grows the parent); the hog adds 300.
        d.memory = int(d.stats["documented"].max_rss_mib * 1024 * 1024) + 150 * 1024 * 1024
        assert d.one("hog", 0) == "memory"
    finally:
        d.close()
    stats = d.stats["documented"]
    assert stats.inputs == 2
    assert stats.max_rss_mib > 0
    d = driver(2)  # sleeping uses no CPU: the wall-time limit (2 s) ends it
    try:
        assert d.one("sleep", 0) == "timeout (wall)"
    finally:
        d.close()
    kept = sorted(p.parent.name for p in tmp_path.glob("*/*"))
    assert kept == ["hog", "keyerror", "sleep", "spin", "unbounded"]


def test_bounded_message_keeps_both_ends() -> None:
    text = "a" * 5000 + "END"
    short = bounded_message(text)
    assert len(short) <= MAX_MESSAGE_CHARS + 50
    assert short.endswith("END")
    assert "characters left out" in short
    assert Problem("type", "", text).message == short
    assert bounded_message("short") == "short"


def test_pdf_text_is_bounded_across_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fuzzer's PDF of 30 pages × 60,000 characters (each page under the per-page limit)
    took over 30 s; the characters of all pages together are now bounded. Made small here by
    lowering the limit: three pages of about 350 characters against a limit of 1,000."""
    from govdisclosure.parse import ParseError, parse
    from govdisclosure.parse import pdf as pdf_reader
    from tests._pdfgen import Page, build_pdf

    lines = [f"主动公开政府信息情况{i}" * 3 for i in range(10)]
    page = Page(text=[(60, 790 - 16 * i, 11, ln) for i, ln in enumerate(lines)])
    data = build_pdf([page, page, page])
    monkeypatch.setattr(pdf_reader, "MAX_DOCUMENT_CHARS", 1_000)
    with pytest.raises(ParseError) as e:
        parse(data, format="pdf")
    assert e.value.code == "P-INPUT-TOO-LARGE"
    assert "page 3" in e.value.message
    monkeypatch.setattr(pdf_reader, "MAX_DOCUMENT_CHARS", 2_000)
    codes = []
    try:
        parse(data, format="pdf")
    except ParseError as err:  # read, or refused for another reason than its size
        codes.append(err.code)
    assert "P-INPUT-TOO-LARGE" not in codes
