"""Edit-to-preview latency: save one post in a 1000-post site under `mkdocs serve`, time until the page shows it.

    .venv/bin/python -m benchmarks.bench_preview --posts 1000 [--full]

Starts `mkdocs serve --dirty` (what `make serve` runs; --full drops --dirty) on 127.0.0.1,
waits for the first build, then edits one post's title several times and polls the post's
page over HTTP until the new title appears. Prints each round trip and the median.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from browser import free_port, wait_for

from benchmarks.corpus import make_site


def _shown_after(url: str, text: str, limit: float) -> float:
    """Seconds until the page at ``url`` shows ``text`` (polled every 50 ms)."""
    started = time.perf_counter()
    wait_for(url, text, limit, interval=0.05)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between saves (search data is written after each)")
    parser.add_argument("--full", action="store_true", help="plain `mkdocs serve` (full rebuilds)")
    parser.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "tinxa-bench-preview")
    args = parser.parse_args()

    site = make_site(args.site, args.posts)
    post = sorted((site / "posts").glob("*.md"))[len(list((site / "posts").glob("*.md"))) // 2]
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    if not args.full:
        command.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(command, cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/tin-xa/"
        started = time.perf_counter()
        _shown_after(base, "tx-teaser", 600)
        print(f"first build under serve: {time.perf_counter() - started:.1f} s ({args.posts} posts)")
        url = f"{base}tin-tuc/{post.stem}/"
        original = post.read_text(encoding="utf-8")
        times = []
        for round_ in range(args.edits):
            time.sleep(args.pause)
            marker = f"Sửa lần {round_ + 1} lúc {time.time():.0f}"
            post.write_text(original.replace('title: "', f'title: "{marker} ', 1), encoding="utf-8")
            times.append(_shown_after(url, marker, 120))
            print(f"edit {round_ + 1}: shown after {times[-1]:.2f} s")
        kind = "full" if args.full else "dirty"
        print(f"edit-to-preview: median {statistics.median(times):.2f} s, max {max(times):.2f} s ({kind} rebuilds)")
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: MkDocs removes its /tmp/mkdocs_* folder (SIGTERM skips that)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
