"""What each page type of the sample site costs a resident's phone on first load.

    .venv/bin/python -m benchmarks.page_weight

Builds the sample site, serves it as GitHub Pages does (project path, text gzipped) and loads
each page of ``benchmarks.audit.PAGES`` in a fresh headless Chromium context at a phone's
viewport: bytes over the wire and requests until the network is idle, before any scrolling.
Prints figures only; the budgets themselves are checked by tests/test_accessibility.py.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from browser import CHROMIUM_ARGS, chromium_path, serve_directory

from benchmarks.audit import PAGES, ROOT, build
from hooks.settings import read_config

PHONE = {"width": 390, "height": 844}


def first_load(browser: object, url: str, settle_ms: int) -> tuple[int, int]:
    """(bytes transferred, requests) for ``url`` in a context with an empty cache."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(settle_ms)
        sizes = [request.sizes() for request in finished]
        return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes), len(sizes)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=int, default=500, help="ms to wait after the network is idle")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        served = Path(scratch) / "served"
        path = urlsplit(read_config(ROOT).site_url).path.strip("/")
        build(served / path)
        with serve_directory(served) as root, sync_playwright() as playwright:
            base = f"{root}{path}/" if path else root
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            print(f"Lần tải đầu trên điện thoại ({PHONE['width']}×{PHONE['height']}), nén gzip như GitHub Pages:")
            for name, url in PAGES.items():
                size, requests = first_load(browser, base + url, args.settle)
                print(f"  {name:<20} {size / 1024:8.1f} KB  {requests:3d} yêu cầu  /{path}/{url}")
            browser.close()


if __name__ == "__main__":
    main()
