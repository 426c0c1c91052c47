"""The web editor's photo intake (tinxa-photo-intake.js) timed in headless Chromium, photo by photo.

    from benchmarks.browser_resize import browser_resize_times
    seconds = browser_resize_times([Path("a.jpg"), Path("b.jpg")])

The script runs alone in a blank page served from 127.0.0.1 (nothing else loads, no network); each
photo is handed to ``TinXaPhotos.master`` as the officer's pick would be, and timed in the page with
performance.now() from the File to the finished master (decode, resize, encode). Reading the file
from disk into the page happens before the clock starts.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from browser import CHROMIUM_ARGS, chromium_path, serve_directory

SCRIPT = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/tinxa-photo-intake.js"
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thu nhỏ ảnh</title></head>
<body><input type="file" multiple><script src="tinxa-photo-intake.js"></script></body></html>
"""
_TIME_ALL = """async ({maxSide}) => {
  const files = [...document.querySelector("input").files];
  const seconds = [];
  for (const file of files) {
    const started = performance.now();
    const result = await TinXaPhotos.master(file, {maxSide});
    seconds.push((performance.now() - started) / 1000);
    if (result.notice) throw new Error(file.name + ": " + result.notice);
  }
  return seconds;
}"""


def browser_resize_times(photos: list[Path], max_side: int = 2048) -> list[float]:
    """Seconds ``TinXaPhotos.master`` took for each of ``photos``, in order, in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    if not photos:
        return []
    with tempfile.TemporaryDirectory(prefix="tinxa-resize-") as scratch:
        folder = Path(scratch)
        (folder / "index.html").write_text(PAGE, encoding="utf-8")
        shutil.copyfile(SCRIPT, folder / SCRIPT.name)
        with serve_directory(folder) as base, sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                page = chromium.new_page()
                page.route(lambda url: not url.startswith(base), lambda route: route.abort())  # 127.0.0.1 only
                page.goto(base)
                page.wait_for_function("() => window.TinXaPhotos")
                page.locator("input").set_input_files([str(photo) for photo in photos])
                return page.evaluate(_TIME_ALL, {"maxSide": max_side})
            finally:
                chromium.close()
