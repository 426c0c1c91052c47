"""Photo intake benchmark (make anh): bytes before -> after, per-photo time, photos/s, browser resize.

    .venv/bin/python -m benchmarks.bench_intake --count 24

Generates phone photos (4000×3000 JPEG, quality 90, EXIF orientation and GPS, realistic detail)
once into a scratch folder, copies them into a fresh images/ and runs intake on every core, then
one photo at a time for the per-photo median. The same photos go through the web editor's resize
(tinxa-photo-intake.js) in headless Chromium. Targets: masters ≤ 1/5 of the originals' bytes,
intake ≥ 4 photos/s on 2 cores. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.bench_images import _make
from hooks import intake
from hooks.settings import load_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24, help="number of photos")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "tinxa-bench-intake")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium resize")
    args = parser.parse_args()

    originals = args.scratch / "originals"
    jobs = [(originals / f"{n:04d}.jpg", n) for n in range(args.count)]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_make, jobs))
    sizes = [path.stat().st_size for path, _ in jobs]
    print(
        f"originals: {args.count} × 4000×3000 phone JPEG, {sum(sizes) / 1e6:.1f} MB, "
        f"median {statistics.median(sizes) / 1e6:.2f} MB"
    )

    site = args.scratch / "site"
    settings = load_settings(site, "Bench", {})

    def fresh_images() -> None:
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(originals, site / "images" / "bench")

    fresh_images()
    workers = os.cpu_count() or 1
    started = time.perf_counter()
    report = intake.run(settings, workers=workers)
    seconds = time.perf_counter() - started
    assert not report.failed, report.failed
    before = sum(o.bytes_before for o in report.changed)
    after = sum(o.bytes_after for o in report.changed)
    masters = [o.bytes_after for o in report.changed]
    print(
        f"masters: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB ({after / before:.1%} of the originals; target ≤ 20%), "
        f"median {statistics.median(masters) / 1024:.0f} KB per photo"
    )
    print(
        f"intake on {workers} cores: {len(report.changed)} photos in {seconds:.2f} s "
        f"= {len(report.changed) / seconds:.2f} photos/s (target ≥ 4)"
    )

    started = time.perf_counter()
    again = intake.run(settings, workers=workers)
    print(f"second run (all masters): {len(again.changed)} changed, {time.perf_counter() - started:.2f} s")

    fresh_images()
    per_photo = []
    for path in intake.photo_files(settings.images_path)[: min(8, args.count)]:
        started = time.perf_counter()
        intake.run(settings, [path], workers=1)
        per_photo.append(time.perf_counter() - started)
    print(f"one photo at a time: median {statistics.median(per_photo) * 1000:.0f} ms per photo ({len(per_photo)} photos)")

    if not args.no_browser:
        from benchmarks.browser_resize import browser_resize_times

        times = browser_resize_times([path for path, _ in jobs], max_side=settings.photo_max_side)
        print(
            f"web editor resize in Chromium: median {statistics.median(times) * 1000:.0f} ms per photo, "
            f"max {max(times) * 1000:.0f} ms ({len(times)} photos)"
        )


if __name__ == "__main__":
    main()
