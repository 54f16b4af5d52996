"""The batch engine (``govdisclosure.batch``): inputs, order, isolation, bounds, cache."""

from __future__ import annotations

import io
import os
import random
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from govdisclosure import batch
from govdisclosure.batch import Cache, expand_inputs, file_content, run


def _slow_square(x: int) -> int:
    # Later items often finish first: the order of the results must not follow.
    time.sleep(random.Random(x).random() * 0.004)
    if x % 17 == 5:
        raise ValueError(f"bad item {x}")
    return x * x


def _die_on_13(x: int) -> int:
    if x == 13:
        os._exit(3)  # a worker that crashes outright (as a segfault in an extension would)
    return x + 1


@pytest.mark.parametrize(("jobs", "n", "chunksize"), [(1, 120, 3), (2, 121, 3), (2, 97, None)])
def test_results_come_in_input_order_and_errors_stay_with_their_item(
    jobs: int, n: int, chunksize: int | None
) -> None:
    items = list(range(n))  # 121, 97: the last task is partly filled
    results = list(run(_slow_square, items, jobs=jobs, chunksize=chunksize, min_parallel=0))
    assert [r.index for r in results] == items
    assert [r.item for r in results] == items
    for r in results:
        if r.item % 17 == 5:
            assert not r.ok
            assert r.error is not None
            assert r.error.code == "error"
            assert r.error.exception == "ValueError"
            assert r.error.message == f"bad item {r.item}"
            assert r.error.location == str(r.item)
        else:
            assert r.ok
            assert r.value == r.item * r.item


def test_a_dying_worker_costs_only_its_own_item() -> None:
    results = list(run(_die_on_13, range(42), jobs=2, chunksize=4, min_parallel=0))
    assert [r.index for r in results] == list(range(42))
    bad = [r for r in results if not r.ok]
    assert [r.item for r in bad] == [13]
    assert bad[0].error is not None
    assert bad[0].error.code == "worker-died"
    assert all(r.value == r.item + 1 for r in results if r.ok)


def test_any_executor_can_run_the_batch() -> None:
    with ThreadPoolExecutor(3) as ex:
        results = list(run(_slow_square, range(51), executor=ex, chunksize=2))
        # The executor is the caller's: still usable afterwards.
        assert ex.submit(_slow_square, 3).result() == 9
    assert [r.index for r in results] == list(range(51))
    assert all(r.value == r.item * r.item for r in results if r.ok)
    assert sum(1 for r in results if not r.ok) == 3


def test_work_in_flight_is_bounded_and_results_stream() -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield i

    with ThreadPoolExecutor(2) as ex:
        gen = run(abs, items(), executor=ex, chunksize=4, max_in_flight=3)
        first = next(gen)
        assert first.index == 0
        # The first result came out long before the input was exhausted.
        assert pulled <= 3 * 4 * 2 + 4 + 1
        rest = list(gen)
    assert [r.index for r in rest] == list(range(1, 10_000))
    assert all(r.value == r.item for r in rest)


def test_expand_inputs_walks_directories_deterministically(tmp_path: Path) -> None:
    for rel in ["b/2.json", "b/1.json", "a.json", "a.txt", "c/drafts/x.json", "c/z.json"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("{}")
    root = str(tmp_path)

    def rel(paths: list[str]) -> list[str]:
        return [Path(p).relative_to(tmp_path).as_posix() for p in paths]

    assert rel(expand_inputs([root])) == [
        "a.json",
        "a.txt",
        "b/1.json",
        "b/2.json",
        "c/z.json",
        "c/drafts/x.json",
    ]
    assert rel(expand_inputs([root], include=["*.json"], exclude=["drafts"])) == [
        "a.json",
        "b/1.json",
        "b/2.json",
        "c/z.json",
    ]
    assert rel(expand_inputs([root], include=["b/*.json"])) == ["b/1.json", "b/2.json"]
    # Files named explicitly are kept as given, missing or not, and '-' stays '-'.
    assert expand_inputs(["missing.json", "-", str(tmp_path / "a.txt")], include=["*.json"]) == [
        "missing.json",
        "-",
        str(tmp_path / "a.txt"),
    ]
    listed = io.StringIO(f"{tmp_path / 'a.json'}\n\n{tmp_path / 'b'}\n")
    assert rel(expand_inputs([], files_from=listed)) == ["a.json", "b/1.json", "b/2.json"]


def _count_calls(path: str) -> tuple[str, int]:
    return Path(path).read_text(encoding="utf-8"), os.getpid()


def test_cache_skips_unchanged_inputs_and_is_keyed_by_options_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for i in range(5):
        f = tmp_path / f"{i}.txt"
        f.write_text(f"content {i}", encoding="utf-8")
        files.append(str(f))
    cdir = tmp_path / "cache"

    def go(options: dict[str, str]) -> list[bool]:
        with Cache(cdir, options=options) as cache:
            out = list(run(_count_calls, files, jobs=1, cache=cache, content=file_content))
        assert [r.value[0] for r in out if r.value] == [Path(f).read_text("utf-8") for f in files]
        return [r.cached for r in out]

    assert go({"lang": "zh"}) == [False] * 5
    assert go({"lang": "zh"}) == [True] * 5
    assert go({"lang": "en"}) == [False] * 5  # another option: another result
    Path(files[2]).write_text("changed", encoding="utf-8")
    with Cache(cdir, options={"lang": "zh"}) as cache:
        out = list(run(_count_calls, files, jobs=1, cache=cache, content=file_content))
    assert [r.cached for r in out] == [True, True, False, True, True]
    assert out[2].value is not None
    assert out[2].value[0] == "changed"
    monkeypatch.setattr(batch, "__version__", "999.0")
    assert go({"lang": "zh"}) == [False] * 5  # another version of the package


def test_cache_never_stores_errors_and_reuse_can_refuse(tmp_path: Path) -> None:
    files = [str(tmp_path / "missing.txt")]
    good = tmp_path / "good.txt"
    good.write_text("x", encoding="utf-8")
    files.append(str(good))
    with Cache(tmp_path / "c") as cache:
        list(run(_count_calls, files, jobs=1, cache=cache, content=file_content))
    with Cache(tmp_path / "c") as cache:
        out = list(run(_count_calls, files, jobs=1, cache=cache, content=file_content))
        assert [r.cached for r in out] == [False, True]
        assert not out[0].ok
        out = list(
            run(
                _count_calls,
                files,
                jobs=1,
                cache=cache,
                content=file_content,
                reuse=lambda item, value: False,
            )
        )
        assert [r.cached for r in out] == [False, False]


def test_default_cache_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", str(tmp_path / "x"))
    assert batch.default_cache_dir() == tmp_path / "x"


def test_dask_distributed_executor_runs_the_batch() -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = client.get_executor()
        results = list(run(_slow_square, range(63), executor=executor, chunksize=5))
    assert [r.index for r in results] == list(range(63))
    assert [r.value for r in results if r.ok] == [x * x for x in range(63) if x % 17 != 5]
    assert [r.item for r in results if not r.ok] == [x for x in range(63) if x % 17 == 5]


def test_file_key_skips_rereading_unchanged_files_and_sees_every_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Cache, "RACY_NS", -1)  # files made just now count as settled
    files = []
    for i in range(3):
        f = tmp_path / f"{i}.txt"
        f.write_text(f"content {i}", encoding="utf-8")
        files.append(str(f))

    def spec(path: str) -> tuple[str, bytes]:
        return path, path.encode() + b"\0"

    def go() -> list[bool]:
        with Cache(tmp_path / "c") as cache:
            out = list(run(_count_calls, files, jobs=1, cache=cache, cache_file=spec))
        assert [r.value[0] for r in out if r.value] == [Path(f).read_text("utf-8") for f in files]
        return [r.cached for r in out]

    assert go() == [False, False, False]
    reads: list[str] = []
    real_open = open

    def spying_open(file: object, mode: str = "r", *a: object, **k: object) -> object:
        if str(file) in files and "b" in mode:
            reads.append(str(file))
        return real_open(file, mode, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spying_open)
    assert go() == [True, True, True]
    assert reads == []  # unchanged files: their recorded content key is used
    # Same size, modification time put back: the change time still tells.
    st = os.stat(files[1])
    Path(files[1]).write_text("CONTENT 1", encoding="utf-8")
    os.utime(files[1], ns=(st.st_atime_ns, st.st_mtime_ns))
    assert go() == [True, False, True]
    assert reads == [files[1]]


def test_a_damaged_cache_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / Cache.FILE).write_bytes(b"not a database" * 1000)
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    for expected in (False, True):
        with Cache(tmp_path) as cache:
            (r,) = run(_count_calls, [str(f)], jobs=1, cache=cache, content=file_content)
        assert r.cached is expected
