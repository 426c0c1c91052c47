"""Build speed side by side: Tin Xã and a plain Material for MkDocs blog-plugin site, same posts.

    .venv/bin/python -m benchmarks.bench_build --posts 1000 --runs 3

Both sites get the same generated posts (benchmarks.corpus). The peer is what a commune would get
from Material alone: posts in docs/blog/posts/, the search, blog and tags plugins, language vi.
Cold builds alternate (ours, peer, ours, peer...) so both see the same machine load; the medians
and their ratio are printed, with each build's peak memory. Then, for Tin Xã only: a rebuild with
nothing changed (and how much photo work it did) and the size of each output.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.corpus import make_site

PEER_CONFIG = """\
site_name: Xã Tân Hương
site_url: https://example.github.io/tin-xa/
theme:
  name: material
  language: vi
  features: [navigation.tabs]
plugins:
  - search
  - blog
  - tags
"""
_FRONT = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)


def make_peer(ours: Path, target: Path) -> Path:
    """The same posts as a Material blog: ``categories``/``tags`` lists, ``date`` kept."""
    if target.exists():
        shutil.rmtree(target)
    posts = target / "docs/blog/posts"
    posts.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(PEER_CONFIG, encoding="utf-8")
    (target / "docs/index.md").write_text("# Xã Tân Hương\n", encoding="utf-8")
    (target / "docs/blog/index.md").write_text("# Tin tức\n", encoding="utf-8")
    for source in sorted((ours / "posts").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        meta, body = _FRONT.match(text).group(1), text[_FRONT.match(text).end() :]
        fields = dict(line.split(": ", 1) for line in meta.splitlines())
        front = (
            f"---\ndate: {fields['date']}\ncategories:\n  - {fields['category']}\ntags: {fields['tags']}\n---\n"
            f"# {fields['title'].strip(chr(34))}\n\n"
        )
        (posts / source.name).write_text(front + body, encoding="utf-8")
    return target


def timed_build(site: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one ``mkdocs build`` in a fresh process; its log goes to build.log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with (site / "build.log").open("w") as log:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=site, env=env, stdout=log, stderr=log)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed in {site}: see {site / 'build.log'}")
    return seconds, usage.ru_maxrss / 1024


def cold(site: Path) -> None:
    """No output and no cache: what CI or a fresh clone does."""
    for folder in ("site", ".cache"):
        shutil.rmtree(site / folder, ignore_errors=True)


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tinxa-bench"))
    parser.add_argument("--scale", type=int, default=0, help="also build this many posts once (e.g. 5000)")
    args = parser.parse_args()

    ours = make_site(args.work / "tin-xa", args.posts)
    peer = make_peer(ours, args.work / "material-blog")
    print(f"{args.posts} bài viết, {args.runs} lượt mỗi bên, xen kẽ (máy {os.cpu_count()} nhân)")
    times: dict[str, list[float]] = {"tin-xa": [], "material": []}
    memory: dict[str, list[float]] = {"tin-xa": [], "material": []}
    for _ in range(args.runs):
        for name, site in (("tin-xa", ours), ("material", peer)):
            cold(site)
            seconds, peak = timed_build(site)
            times[name].append(seconds)
            memory[name].append(peak)
            print(f"  {name:9} {seconds:6.2f} s  {peak:5.0f} MB")
    ours_cold, peer_cold = statistics.median(times["tin-xa"]), statistics.median(times["material"])
    ratio = ours_cold / peer_cold
    print(f"Dựng lần đầu (trung vị): Tin Xã {ours_cold:.2f} s, Material blog {peer_cold:.2f} s, tỉ lệ {ratio:.2f}×")
    print(f"Bộ nhớ cao nhất: Tin Xã {max(memory['tin-xa']):.0f} MB, Material blog {max(memory['material']):.0f} MB")

    warm = statistics.median(timed_build(ours)[0] for _ in range(args.runs))
    print(f"Dựng lại khi không đổi gì (trung vị): {warm:.2f} s = {warm / ours_cold:.2f}× lần đầu; {photo_work(ours)}")
    print(
        f"Kích thước trang dựng: Tin Xã {folder_size(ours / 'site') / 1e6:.1f} MB, "
        f"Material blog {folder_size(peer / 'site') / 1e6:.1f} MB"
    )
    for name, site in (("Tin Xã", ours), ("Material blog", peer)):
        size, requests, foreign = home_transfer(site / "site")
        print(f"Trang chủ {name} ở 390×844: {size / 1024:.0f} KB tải về (gzip), {requests} yêu cầu, {foreign} tới máy chủ khác")

    if args.scale:
        scaled = make_site(args.work / "tin-xa-scale", args.scale)
        seconds, peak = timed_build(scaled)
        per_post = seconds / args.scale / (ours_cold / args.posts)
        print(
            f"{args.scale} bài: {seconds:.1f} s, bộ nhớ cao nhất {peak:.0f} MB; "
            f"thời gian mỗi bài bằng {per_post:.2f}× so với {args.posts} bài"
        )


def photo_work(site: Path) -> str:
    """What the last build said about photos (its summary line)."""
    line = next((x for x in (site / "build.log").read_text().splitlines() if "ảnh:" in x), "")
    return "ảnh: " + line.split("ảnh:", 1)[1].strip() if line else "không có ảnh"


def home_transfer(site_dir: Path) -> tuple[int, int, int]:
    """Bytes transferred (gzip, as GitHub Pages serves), requests and third-party requests for the home page."""
    from browser import CHROMIUM_ARGS, chromium_path, serve_directory
    from playwright.sync_api import sync_playwright

    with serve_directory(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        finished: list = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(500)
        sizes = [request.sizes() for request in finished]
        foreign = sum(1 for request in finished if not request.url.startswith(url))
        browser.close()
    return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes), len(finished), foreign


if __name__ == "__main__":
    main()
