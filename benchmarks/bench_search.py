"""Search benchmark at N generated posts: index build cost, bytes and latency per query.

    .venv/bin/python -m benchmarks.bench_search --posts 1000

Builds a generated corpus in-process (timing the search index stage), serves it on
127.0.0.1, and drives headless Chromium at a phone viewport: bytes fetched on page load
(should be 0 for search), bytes per first query (raw, and gzip as GitHub Pages serves
them), and time from the last keystroke to results on screen. Prints figures only.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import make_site

QUERIES = ["hoi nghi tong ket", "Đảng ủy", "thuy loi", "văn hoá", "khoe manh", "dan quan tu ve", "Nguyễn Văn Hùng", "ngân sách"]


def build(site: Path) -> tuple[float, float]:
    """(whole build seconds, search index seconds) for an in-process `mkdocs build`."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from hooks import pipeline

    spent = [0.0]
    original = pipeline.Site.search_files

    # Posts are indexed in a second process during the build; this times what remains on the main one.
    def timed(self: pipeline.Site, rendered: dict, posts: object = None) -> dict:
        started = time.perf_counter()
        try:
            return original(self, rendered, posts)
        finally:
            spent[0] += time.perf_counter() - started

    pipeline.Site.search_files = timed
    try:
        config = load_config(str(site / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        started = time.perf_counter()
        mkdocs_build(config)
        return time.perf_counter() - started, spent[0]
    finally:
        pipeline.Site.search_files = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "tinxa-bench-search")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    site = make_site(args.site, args.posts)
    sys.path.insert(0, str(site))
    total, index = build(site)
    search_dir = site / "site" / "tim-kiem"
    files = [p for p in search_dir.rglob("*.json")]
    print(f"build: {total:.2f} s, search index {index:.2f} s ({index / (total - index) * 100:.1f} % added)")
    print(f"index: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB on disk")

    from browser import CHROMIUM_ARGS, chromium_path, serve_directory
    from playwright.sync_api import sync_playwright

    with serve_directory(site / "site") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        raw_sizes, gzip_sizes, latencies = [], [], []
        for query in QUERIES:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            fetched: list[tuple[str, bytes]] = []
            page.on("requestfinished", lambda request, fetched=fetched: fetched.append((request.url, request.response().body())))
            page.goto(url, wait_until="networkidle")
            on_load = [u for u, _ in fetched if "tim-kiem" in u or "tinxa-search" in u]
            fetched.clear()
            box = page.locator("#tx-search-input")
            box.focus()
            page.wait_for_function("window.tinxaSearch")
            page.wait_for_load_state("networkidle")
            box.press_sequentially(query[:-1], delay=60)
            started = time.perf_counter()
            page.keyboard.insert_text(query[-1])
            page.wait_for_function("q => document.querySelector('form.tx-search').dataset.shown === q", arg=query)
            latencies.append((time.perf_counter() - started) * 1000)
            page.wait_for_load_state("networkidle")
            bodies = [body for u, body in fetched if "tim-kiem" in u or "tinxa-search" in u]
            raw_sizes.append(sum(len(b) for b in bodies))
            gzip_sizes.append(sum(len(gzip.compress(b)) for b in bodies))
            results = page.locator(".tx-search__status").inner_text()
            print(
                f"{query!r}: on load {len(on_load)} requests; first query {len(bodies)} files, "
                f"{raw_sizes[-1] / 1024:.0f} KB raw / {gzip_sizes[-1] / 1024:.0f} KB gzip; "
                f"{latencies[-1]:.0f} ms after the last key; {results}"
            )
            context.close()
        browser.close()
    print(
        f"first query: median {statistics.median(gzip_sizes) / 1024:.0f} KB gzip (max {max(gzip_sizes) / 1024:.0f}), "
        f"median {statistics.median(raw_sizes) / 1024:.0f} KB raw; latency median {statistics.median(latencies):.0f} ms "
        f"(includes the 120 ms pause that waits for typing to stop)"
    )


if __name__ == "__main__":
    main()
