"""`mkdocs serve --dirty` (what `make serve` runs): drafts and edits show in the preview, never in production."""

import os
import subprocess
import sys

import pytest
from browser import free_port, wait_for
from conftest import new_site, post_text


@pytest.fixture
def served(tmp_path):
    site = new_site(tmp_path)
    site.post("2024-01-05-chinh-thuc.md", post_text(title="Tin chính thức", date="2024-01-05"))
    site.post("2024-01-06-nhap.md", post_text(title="Bài đang viết dở", date="2024-01-06", draft="true"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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

    # Saving a post shows the change in the preview (only the pages it touches are rebuilt).
    post = site.root / "posts/2024-01-05-chinh-thuc.md"
    post.write_text(post_text(title="Tin chính thức đã sửa", date="2024-01-05"), encoding="utf-8")
    wait_for(base + "tin-tuc/2024-01-05-chinh-thuc/", "Tin chính thức đã sửa")
    wait_for(base, "Tin chính thức đã sửa")  # over HTTP: a browser tab may be reloading meanwhile

    result = site.build()
    assert result.returncode == 0, result.stderr
    built = [p for p in (site.root / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json")]
    assert built and not [p for p in built if "Bài đang viết dở" in p.read_text(encoding="utf-8")]
