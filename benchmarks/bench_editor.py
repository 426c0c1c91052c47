"""Web editor benchmark: one post with phone photos published through /admin/ against the stand-in GitHub.

    .venv/bin/python -m benchmarks.bench_editor --photos 10

Builds a small site, puts its files in a bare git repository served by tests/github_standin.py, and drives
the built /admin/ (Decap CMS) in headless Chromium, signed in with a token, as an officer online would:
title, date, then each photo picked in the media library (the browser makes a master of it: upright,
long side ≤ 2048 px, no metadata; tinxa-photo-intake.js) and captioned, a line of text, "Công bố ngay".

Prints, per photo, the seconds from handing the file to the picker until Decap lets it be taken (the
resize happens in between), the whole add-a-photo round (clicks, pick, caption), the original's and the
uploaded master's bytes; then the seconds from clicking "Công bố ngay" to "Đã công bố" (every blob, the
tree, the commit and the branch move, all on 127.0.0.1: no network latency or bandwidth counted).
Everything runs on loopback; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from browser import CHROMIUM_ARGS, chromium_path
from conftest import new_site, post_text
from github_standin import editor_online
from PIL import Image
from playwright.sync_api import Page

from benchmarks.browser_resize import browser_resize_times
from benchmarks.phone_photos import write_phone_photo

TITLE = "Hội nghị sơ kết sản xuất vụ mùa năm 2026"
TAKE_ENABLED = "() => [...document.querySelectorAll('button')].some(b => b.textContent.includes('Dùng ảnh này') && !b.disabled)"
SLUG = "2026-11-28-hoi-nghi-so-ket-san-xuat-vu-mua-nam-2026"


def _photo(job: tuple[Path, int]) -> Path:
    path, seed = job
    return write_phone_photo(path, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=10, help="number of 4000×3000 phone photos in the post")
    parser.add_argument("--scratch", type=Path, default=None, help="working folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tinxa-bench-editor-") as temporary:
        run(args.scratch or Path(temporary), args.photos)


def run(scratch: Path, count: int) -> None:
    from playwright.sync_api import sync_playwright

    jobs = [(scratch / f"tai-len/IMG_{2000 + n}.jpg", n) for n in range(count)]
    with ProcessPoolExecutor() as pool:
        photos = list(pool.map(_photo, jobs))
    print(f"originals: {count} × 4000×3000 phone JPEG, {sum(p.stat().st_size for p in photos) / 1e6:.1f} MB")

    site = new_site(scratch / "xa")
    site.post("2024-01-05-tin-cu.md", post_text(title="Tin cũ", date="2024-01-05"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    with editor_online(site.root, scratch / "kho.git") as (standin, admin):
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                context = chromium.new_context(viewport={"width": 1280, "height": 900})
                user = json.dumps({"backendName": "github", "token": "tok-write"})
                context.add_init_script(f"window.localStorage.setItem('decap-cms-user', {json.dumps(user)});")
                page = context.new_page()
                page.goto(admin + "#/collections/posts/new")
                page.locator("input[id^=title-field]").wait_for(timeout=60_000)
                page.locator("input[id^=title-field]").fill(TITLE)
                page.locator("input[id^=date-field]").fill("2026-11-28T09:00")
                picks, rounds = [], []
                for index, photo in enumerate(photos):
                    started = time.perf_counter()
                    picks.append(_add_photo(page, index, photo, f"Ảnh {index + 1}: ruộng lúa vụ mùa"))
                    rounds.append(time.perf_counter() - started)
                page.locator("[data-slate-editor]").click()
                page.keyboard.type("Sáng ngày 28/11/2026, xã sơ kết sản xuất vụ mùa.")
                requests_before = len(standin.requests)
                page.get_by_role("button", name="Công bố", exact=True).click()
                started = time.perf_counter()
                page.get_by_role("menuitem", name="Công bố ngay").click()
                page.get_by_text("Đã công bố", exact=False).first.wait_for(timeout=300_000)
                publish = time.perf_counter() - started
                page.wait_for_url(f"**/entries/{SLUG}", timeout=60_000)  # Decap opens the saved post and reads it
                page.wait_for_load_state("networkidle")
            finally:
                chromium.close()
        calls = [r for r in standin.requests[requests_before:] if r.method != "OPTIONS"]
        uploaded = {path: standin.read(path) for path in standin.files() if path.startswith(f"images/{SLUG}/")}

    print(
        f"pick → ready (resize in the browser, then Decap takes the file): median {statistics.median(picks):.2f} s, "
        f"max {max(picks):.2f} s, total {sum(picks):.1f} s"
    )
    print(f"whole add-a-photo round (clicks, pick, caption): median {statistics.median(rounds):.2f} s, total {sum(rounds):.1f} s")
    print(f"{'photo':<16}{'original':>12}{'uploaded':>12}{'master':>11}{'pick s':>9}")
    for photo, pick in zip(photos, picks, strict=True):
        data = uploaded.get(f"images/{SLUG}/{photo.name.lower()}", b"")  # Decap lower-cases the names
        with Image.open(io.BytesIO(data)) as master:
            shape = "×".join(map(str, master.size))
        print(f"{photo.name:<16}{photo.stat().st_size / 1024:>9.0f} KB{len(data) / 1024:>9.0f} KB{shape:>11}{pick:>9.2f}")
    sizes = [len(data) for data in uploaded.values()]
    print(
        f"uploaded: {len(sizes)} photos, {sum(sizes) / 1e6:.2f} MB, median {statistics.median(sizes) / 1024:.0f} KB per photo"
        f" ({sum(sizes) / sum(p.stat().st_size for p in photos):.1%} of the originals)"
    )
    print(f"publish (click 'Công bố ngay' → 'Đã công bố'): {publish:.2f} s, {len(calls)} API calls to the stand-in")
    sent = sum((size + 2) // 3 * 4 for size in sizes)  # the blobs go up base64-encoded in JSON
    uplinks = ", ".join(f"{mbit} Mbit/s ≈ {sent * 8 / (mbit * 1e6):.0f} s" for mbit in (2, 5, 20))
    print(f"photo bytes on the wire (base64): {sent / 1e6:.2f} MB; on a real uplink that alone takes {uplinks}")
    times = browser_resize_times(photos)
    print(
        f"the resize alone (benchmarks.browser_resize, same photos): median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms per photo"
    )


def _add_photo(page: Page, index: int, photo: Path, caption: str) -> float:
    """tests/test_editor._add_photo, timing the pick: seconds from the file given to the picker to Decap taking it."""
    page.get_by_role("button", name="Thêm ảnh").first.click()
    page.get_by_role("button", name="Chọn một hình").nth(1).click()
    take = page.get_by_role("button", name="Dùng ảnh này")
    started = time.perf_counter()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.wait_for_function(
        "() => { const s = document.querySelector('.tinxa-anh-trang-thai'); return !s || s.offsetParent === null; }",
        polling=20,
    )
    take.wait_for()
    page.wait_for_function(TAKE_ENABLED, polling=20)
    ready = time.perf_counter() - started
    take.click()
    page.locator("input[id^=caption-field]").nth(index).fill(caption)
    return ready


if __name__ == "__main__":
    main()
