"""Headless Chromium, for the tests (and benchmarks) that look at pages as a person does.

Debian's ``chromium``; the flags keep it off the network (this machine has none but the package
registries) and out of the user's profile.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FLAGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags for every headless start (Playwright adds ``--headless`` itself)."""


def chromium() -> str | None:
    """The Chromium executable, or ``None`` when the machine has none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def headless(browser: str, profile: Path, *args: str) -> list[str]:
    """The command line of one headless run with its own, empty profile directory."""
    return [browser, "--headless", *FLAGS, f"--user-data-dir={profile}", *args]
