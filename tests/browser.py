"""Headless Chromium (the system's Debian package) driven by Playwright, and a loopback web server."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("Chromium is missing: apt-get install -y chromium (.ci/run does this)")
    return path


_COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".yml")


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as GitHub Pages does: text gzipped, a missing page answered by the site's 404.html."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not url_path.endswith("/"):
                super().do_GET()  # the redirect to "folder/"
                return
            target = target / "index.html"
        status = HTTPStatus.OK
        if not target.is_file():
            status, target = HTTPStatus.NOT_FOUND, self._not_found_page(url_path)
            if target is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        data = target.read_bytes()
        compress = target.suffix in _COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            data = gzip.compress(data, 6)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _not_found_page(self, url_path: str) -> Path | None:
        """A project site's own 404.html (``/<repo>/404.html``), else the root's."""
        first = url_path.strip("/").split("/")[0]
        pages = (Path(self.directory) / folder / "404.html" for folder in (first, ""))
        return next((page for page in pages if page.is_file()), None)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page while a sound file streams closes the connection: not a failure."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port, like GitHub Pages; yields the base URL."""
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, text: str, seconds: float = 60, interval: float = 0.2) -> str:
    """The page at ``url`` once it shows ``text``, polling every ``interval`` seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(interval)
    raise AssertionError(f"{text!r} not shown at {url}")
