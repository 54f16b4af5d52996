"""Screenshots of each page kind of the overview site, for the docs (docs/site.md).

Run from the repository root (needs the ``site`` extra, Playwright and Debian's chromium)::

    python scripts/site_screenshots.py

It builds the site of the bundled examples and some published reports of the test corpus
(parsed on the way) and writes ``docs/images/site-*.png`` at A4 width.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclosure.site import build_site  # noqa: E402

RAW = ROOT / "tests" / "data" / "corpus" / "raw"
INPUTS = [
    *sorted((ROOT / "examples").glob("*.json")),
    RAW / "002_pingtan-2019_page.txt",
    RAW / "003_pingtan-2020_page.txt",
    RAW / "008_pingtan-2021_page.txt",
    RAW / "009_pingtan-2022_page.txt",
    RAW / "013_hongze-district-2023_pdftext.txt",
    RAW / "014_hongze-district-2024_pdftext.txt",
    RAW / "016_shanghai-stcsm-2024_source.md",
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    out_images = ROOT / "docs" / "images"
    out_images.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site([str(p) for p in INPUTS], Path(tmp) / "site")
        flagged = max(site.reports, key=lambda r: (r.severities["error"], r.previous is not None))
        pages = {
            "site-overview.png": (site.out_dir / "index.html", None),
            "site-reports.png": (site.out_dir / "reports.html", None),
            "site-report.png": (site.out_dir / "r" / f"{flagged.slug}.html", "td.gd-flag-error"),
        }
        if (site.out_dir / "indicators.html").exists():
            pages["site-indicators.png"] = (site.out_dir / "indicators.html", None)
        sys.path.insert(0, str(ROOT))
        from tests._chromium import FLAGS, chromium

        browser_path = chromium()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=browser_path, args=list(FLAGS))
            page = browser.new_page(viewport={"width": 794, "height": 1123})
            for name, (path, focus) in pages.items():
                page.goto(path.as_uri())
                if focus:
                    cell = page.locator(focus).first
                    cell.focus()
                    box = cell.bounding_box()
                    top = max(0.0, box["y"] - 420) if box else 0.0
                    page.screenshot(
                        path=str(out_images / name),
                        clip={"x": 0, "y": top, "width": 794, "height": 1123},
                    )
                else:
                    page.screenshot(path=str(out_images / name))
                print(out_images / name)
            browser.close()


if __name__ == "__main__":
    main()
