"""Shared fixtures: paths of the bundled examples and test data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on fixed examples (GOVD_HYPOTHESIS_PROFILE=ci), so that what
# lands does not depend on a random draw; elsewhere every run draws new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("GOVD_HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["GOVD_HYPOTHESIS_PROFILE"])

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def root() -> Path:
    """Repository root."""
    return ROOT


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite the golden files under ``tests/golden/`` instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are being regenerated (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


def _parsed(name: str) -> object:
    from govdisclosure.parse import parse

    (path,) = (DATA / "corpus" / "raw").glob(f"{name}_*")
    return parse(path).report


@pytest.fixture(scope="session")
def hongze_2023() -> object:
    """淮安市洪泽区 2023 (corpus 013), parsed."""
    return _parsed("013")


@pytest.fixture(scope="session")
def hongze_2024() -> object:
    """淮安市洪泽区 2024 (corpus 014), parsed."""
    return _parsed("014")


@pytest.fixture(scope="session")
def huaian_2024() -> object:
    """淮安市人民政府 2024 (corpus 015), parsed."""
    return _parsed("015")


@pytest.fixture(scope="session")
def pingtan_2020() -> object:
    """平潭综合实验区 2020, 2019 edition (corpus 003), parsed."""
    return _parsed("003")


@pytest.fixture(scope="session")
def pingtan_2021() -> object:
    """平潭综合实验区 2021, 2021 edition (corpus 008), parsed."""
    return _parsed("008")


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Batch commands cache results in the user's cache directory; tests use their own."""
    old = os.environ.get("GOVDISCLOSURE_CACHE_DIR")
    os.environ["GOVDISCLOSURE_CACHE_DIR"] = str(tmp_path_factory.mktemp("result-cache"))
    yield
    if old is None:
        os.environ.pop("GOVDISCLOSURE_CACHE_DIR", None)
    else:
        os.environ["GOVDISCLOSURE_CACHE_DIR"] = old
