"""Shared fixtures: paths of the bundled examples and test data."""

from __future__ import annotations

from pathlib import Path

import pytest

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
