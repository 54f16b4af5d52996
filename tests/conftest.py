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
