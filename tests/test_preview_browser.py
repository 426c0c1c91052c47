"""`mkdocs serve --dirty` (what `make serve` runs): drafts and edits show in the preview, never in production."""

import os
import re
import subprocess
import sys

import pytest
from browser import free_port, wait_for
from conftest import ROOT, new_site, post_text


@pytest.fixture
def served(tmp_path):
    """What `make serve` runs, on a free port; the officer's terminal is kept in ``site.terminal``."""
    site = new_site(tmp_path / "xa")
    site.post("2024-01-05-chinh-thuc.md", post_text(title="Tin chính thức", date="2024-01-05"))
    site.post("2024-01-06-nhap.md", post_text(title="Bài đang viết dở", date="2024-01-06", draft="true"))
    site.page("gioi-thieu.md", "# Giới thiệu xã\n\nXã Thử Nghiệm.\n")
    port = free_port()
    site.terminal = tmp_path / "terminal.txt"
    scratch = tmp_path / "tam"
    scratch.mkdir()
    with site.terminal.open("w", encoding="utf-8") as terminal:
        server = subprocess.Popen(
            [sys.executable, "-m", "hooks.cli", "--root", str(site.root), "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch)},
            stdout=terminal,
            stderr=subprocess.STDOUT,
        )
    try:
        yield site, f"http://127.0.0.1:{port}/xa-thu/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_draft_banner_in_preview_edits_show_and_production_has_no_draft(served, page):
    site, base = served
    wait_for(base, "Tin chính thức")
    page.goto(base + "tin-tuc/2024-01-06-nhap/")
    assert "BẢN NHÁP – bài này chỉ hiện khi xem thử" in page.locator(".tx-draft-banner").inner_text()
    page.goto(base)
    assert page.locator(".tx-badge", has_text="BẢN NHÁP").count() >= 1  # in the latest news and its category block
    # The offline reader's worker is for the published site: the preview neither has nor registers one.
    assert page.locator("script[data-worker]").get_attribute("data-worker") == ""
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    assert page.request.get(base + "sw.js").status == 404

    # Saving a post shows the change in the preview (only the pages it touches are rebuilt).
    post = site.root / "posts/2024-01-05-chinh-thuc.md"
    post.write_text(post_text(title="Tin chính thức đã sửa", date="2024-01-05"), encoding="utf-8")
    wait_for(base + "tin-tuc/2024-01-05-chinh-thuc/", "Tin chính thức đã sửa")
    wait_for(base, "Tin chính thức đã sửa")  # over HTTP: a browser tab may be reloading meanwhile

    result = site.build()
    assert result.returncode == 0, result.stderr
    built = [p for p in (site.root / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json")]
    assert built and not [p for p in built if "Bài đang viết dở" in p.read_text(encoding="utf-8")]


def test_a_broken_save_shows_the_problems_on_the_open_page_and_the_fix_brings_it_back(served, page):
    """The page the officer is looking at reloads onto the report; the terminal has it in Vietnamese only."""
    site, base = served
    post_url = base + "tin-tuc/2024-01-05-chinh-thuc/"
    wait_for(post_url, "Tin chính thức")
    page.goto(post_url)
    post = site.root / "posts/2024-01-05-chinh-thuc.md"
    post.write_text(post_text(title="Tin chính thức", date="31/02/2024"), encoding="utf-8")
    page.wait_for_function("() => document.title.startsWith('Có lỗi cần sửa')", timeout=30_000)  # live reload
    assert page.url == post_url
    shown = page.locator("article").inner_text()
    assert "posts/2024-01-05-chinh-thuc.md:3" in shown and "31/02/2024 không tồn tại" in shown
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled
    # The web editor stays, with its configuration: it is where the officer fixes the post.
    assert "Có lỗi cần sửa" not in wait_for(base + "admin/", "config.yml")
    wait_for(base + "admin/config.yml", "backend")

    post.write_text(post_text(title="Tin chính thức đã sửa", date="2024-01-05"), encoding="utf-8")
    page.wait_for_function("() => document.title.startsWith('Tin chính thức đã sửa')", timeout=30_000)
    assert page.url == post_url
    home = wait_for(base, "Tin chính thức đã sửa")
    assert "lỗi cần sửa" not in home  # the home page, where the report was written, is the home page again
    assert "Giới thiệu xã" in home and not re.search(r">\s*None\s*<", home)  # the menu keeps its titles

    terminal = site.terminal.read_text(encoding="utf-8")
    assert "✗ posts/2024-01-05-chinh-thuc.md:3 [trường “date”]" in terminal and "✓ Trang xem thử: " + base in terminal
    for english in ("INFO", "WARNING", "dirty", "Cleaning site", "not included in the", "Documentation built", "Traceback"):
        assert english not in terminal, english
