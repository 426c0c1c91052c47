"""Photo pipeline benchmark: cold and warm throughput, bytes published per photo.

    .venv/bin/python -m benchmarks.bench_images --count 24

Generates phone-size photos (4000×3000 JPEG with EXIF Orientation and GPS) once into a
scratch folder, then publishes them with an empty cache (cold) and again (warm).
Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.phone_photos import write_phone_photo
from hooks import images

ORIENTATIONS = (1, 6, 3, 8)


def _make(job: tuple[Path, int]) -> Path:
    path, seed = job
    if not path.exists():
        write_phone_photo(path, seed, orientation=ORIENTATIONS[seed % len(ORIENTATIONS)])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24, help="number of photos")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "tinxa-bench-photos")
    args = parser.parse_args()

    photos_dir = args.scratch / "images" / "bench"
    jobs = [(photos_dir / f"{n:04d}.jpg", n) for n in range(args.count)]
    started = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        list(pool.map(_make, jobs))
    print(f"photos ready: {args.count} × 4000×3000 JPEG in {time.perf_counter() - started:.1f} s ({photos_dir})")
    originals = sum(path.stat().st_size for path, _ in jobs)
    print(f"originals: {originals / args.count / 1e6:.2f} MB per photo")

    names = [f"bench/{path.name}" for path, _ in jobs]
    covers = set(names[::4])  # about one photo in four is a post's cover
    cache = args.scratch / "cache"
    shutil.rmtree(cache, ignore_errors=True)

    cold = images.publish(names, args.scratch / "images", cache, social=covers)
    assert not cold.errors, cold.errors
    print(f"cold: {cold.processed} photos in {cold.seconds:.2f} s = {cold.processed / cold.seconds:.2f} photos/s")

    warm = images.publish(names, args.scratch / "images", cache, social=covers)
    print(f"warm: {warm.processed} processed, {warm.cache_hits} cache hits, {warm.seconds * 1000:.0f} ms")

    webp = [sum(r.bytes for r in photo.renditions) for photo in cold.photos.values()]
    cards = [photo.social.bytes for photo in cold.photos.values() if photo.social]
    sizes = {len(photo.renditions): 0 for photo in cold.photos.values()}
    print(
        f"bytes per photo (all WebP renditions): median {statistics.median(webp) / 1024:.0f} KB, "
        f"max {max(webp) / 1024:.0f} KB; renditions per photo: {sorted(sizes)}"
    )
    by_width: dict[int, list[int]] = {}
    for photo in cold.photos.values():
        for rendition in photo.renditions:
            by_width.setdefault(max(rendition.width, rendition.height), []).append(rendition.bytes)
    for side, values in sorted(by_width.items()):
        print(f"  long side {side} px: median {statistics.median(values) / 1024:.0f} KB")
    if cards:
        print(f"social card 1200×630 JPEG (covers only): median {statistics.median(cards) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
