"""Shared fixtures: small sites on disk, built by a real MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from hooks.settings import Settings, load_settings  # noqa: E402


def make_photo(path: Path, size: tuple[int, int] = (1200, 900), colour: tuple[int, int, int] = (200, 60, 40), **save) -> Path:
    """A JPEG (or other format by suffix) with a left half of ``colour`` and a white right half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), colour), (0, 0))
    image.save(path, **save)
    return path


def to_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 stores it: letters with hats precomposed, tone marks apart."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        marks = [m for m in unicodedata.normalize("NFD", ch) if m in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(m for m in unicodedata.normalize("NFD", ch) if m not in marks))
        out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return out


def post_text(
    title: str = "Bài viết thử", date: str = "2023-12-13", category: str = "Kinh tế", body: str = "Nội dung bài.", **fields: str
) -> str:
    lines = [f'title: "{title}"', f"date: {date}", f"category: {category}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body).strip() + "\n"


@dataclass
class SampleSite:
    root: Path

    def post(self, name: str, text: str | bytes) -> Path:
        path = self.root / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def photo(self, relative: str, **kwargs) -> Path:
        return make_photo(self.root / "images" / relative, **kwargs)

    def page(self, name: str, text: str) -> Path:
        path = self.root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def settings(self, **extra) -> Settings:
        return load_settings(self.root, "Xã Thử Nghiệm", {"tinxa": extra})

    def configure(self, extra: str = "", nav: str = "") -> None:
        (self.root / "mkdocs.yml").write_text(
            textwrap.dedent(
                f"""\
                site_name: Xã Thử Nghiệm
                site_url: https://example.github.io/xa-thu/
                theme:
                  name: material
                  language: vi
                  custom_dir: {ROOT / "overrides"}
                  font: false
                hooks:
                  - {ROOT / "hooks" / "entry.py"}
                plugins: []
                """
            )
            + nav
            + extra,
            encoding="utf-8",
        )

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``mkdocs build`` as an officer runs it, in a separate process."""
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            timeout=300,
        )

    def html(self, url: str) -> str:
        return (self.root / "site" / url / "index.html").read_text(encoding="utf-8")


def new_site(root: Path) -> SampleSite:
    sample = SampleSite(root)
    for folder in ("posts", "images", "docs"):
        (root / folder).mkdir(parents=True)
    sample.configure()
    return sample


@pytest.fixture
def site(tmp_path: Path) -> SampleSite:
    return new_site(tmp_path)


PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (which cannot download browsers here)."""
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A phone-sized page that records every URL it requests in ``page.requests``."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()
