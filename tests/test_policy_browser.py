"""The pages' security policy in headless Chromium: every page type works with no violation, and a post
body's scripts, handlers, javascript: links and other sites' frames never run or load."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from browser import free_port, serve_directory, wait_for
from conftest import PHONE, new_site, post_text
from test_accessibility import SITE_PATH, served  # noqa: F401  (the sample site, built once for this module)

from hooks.audio import read_audio

# Records what the policy refused, before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));
"""
FIRST_IN_HEAD = re.compile(r'\s*<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="([^"]+)">')
VIDEO_POST = "tin-tuc/2023-11-05-ngay-hoi-dai-doan-ket/"
GALLERY_POST = "tin-tuc/2023-12-13-tong-ket-dang-uy/"
RADIO_POST = "tin-tuc/2023-12-01-ban-tin-truyen-thanh-tuan-48/"


@pytest.fixture(scope="module")
def base_url(served):  # noqa: F811
    with serve_directory(served) as url:
        yield url + SITE_PATH


def watched_page(context):
    """A page that keeps the policy's refusals, console complaints, dialogs and requests."""
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.complaints, page.dialogs, page.requests = [], [], []
    page.on("console", lambda note: page.complaints.append(note.text) if "Content Security Policy" in note.text else None)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))
    return page


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport=PHONE)
    page = watched_page(context)
    # The video player is the one other host a page may frame; no test reaches the internet.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<!doctype html><title>Video</title>"))
    yield page
    context.close()


def refusals(page) -> list[str]:
    return page.evaluate("window.__violations") + page.complaints


def test_every_page_type_works_under_its_policy_with_nothing_refused(watched, base_url):
    page = watched
    # Home: the menu, the dark-mode toggle and the header search.
    page.goto(base_url, wait_until="networkidle")
    page.locator(".md-header .tx-menu-button").click()
    page.locator(".md-nav--primary").get_by_text("Tin tức", exact=True).first.wait_for(state="visible")
    page.keyboard.press("Escape")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s", arg=scheme)
    page.locator("#tx-search-input").fill("hoi nghi")
    page.locator(".tx-search__panel .tx-result__title").first.wait_for()
    assert refusals(page) == [], "home"

    # A post with a gallery: the lightbox opens, moves and closes; the share buttons show.
    page.goto(base_url + GALLERY_POST, wait_until="networkidle")
    page.locator(".tx-gallery a.tx-lightbox").first.click()
    page.locator(".glightbox-container .gslide.current img").wait_for()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.glightbox-container')")
    assert page.locator(".tx-share__copy").is_visible()
    assert refusals(page) == [], "post with a gallery"

    # The photo library: an album opens in the lightbox, moves and closes.
    page.goto(base_url + "thu-vien-anh/", wait_until="networkidle")
    page.locator(".tx-album__cover a.tx-lightbox").nth(1).click()
    page.locator(".glightbox-container .gslide.current img").wait_for()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.glightbox-container')")
    assert refusals(page) == [], "photo library"

    # A post with a video: nothing from YouTube until play is pressed, then its player from youtube-nocookie.com.
    page.requests.clear()
    page.goto(base_url + VIDEO_POST, wait_until="networkidle")
    assert not [url for url in page.requests if "youtube" in url]
    page.get_by_role("link", name=re.compile("^Phát video")).click()
    frame = page.locator("iframe.tx-video__frame")
    frame.wait_for()
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/tinxaMau001?autoplay=1"
    player = frame.element_handle().content_frame()
    player.wait_for_load_state()
    assert player.title() == "Video"  # the (stand-in) player loaded: the policy let that frame in
    assert refusals(page) == [], "post with a video"

    # The documents table and its filter.
    page.goto(base_url + "van-ban/", wait_until="networkidle")
    rows = page.locator(".tx-documents tbody tr:visible")
    before = rows.count()
    page.locator(".tx-filter select").first.select_option(index=1)
    page.wait_for_function("n => document.querySelectorAll('.tx-documents tbody tr:not([hidden])').length < n", arg=before)
    assert refusals(page) == [], "documents"

    for name, path in {
        "category": "chuyen-muc/kinh-te/",
        "radio bulletins": "truyen-thanh/",
        "post with a radio bulletin": RADIO_POST,
        "tag": "the/",
        "archive": "luu-tru/",
        "search with results": "tim-kiem/?q=hoi+nghi",
        "schedule": "lich-cong-tac/",
        "static page": "gioi-thieu/",
        "404": "khong-co-trang-nay/",
    }.items():
        page.goto(base_url + path, wait_until="networkidle")
        if name == "search with results":
            page.locator(".tx-search-page__results .tx-result__title").first.wait_for()
        assert refusals(page) == [], name

    # The editor's sign-in screen, under its own policy.
    page.goto(base_url + "admin/", wait_until="networkidle")
    page.get_by_role("heading", name="Đăng nhập bằng mã truy cập").wait_for(timeout=30_000)
    assert refusals(page) == [], "editor sign-in"
    assert page.dialogs == []


def test_a_radio_bulletin_plays_from_the_site_with_nothing_refused(watched, base_url, served):  # noqa: F811
    page = watched
    page.goto(base_url + RADIO_POST, wait_until="networkidle")
    sound = "files/truyen-thanh/2023-12-01-ban-tin-tuan-48.mp3"
    # preload="none": nothing of the file is fetched before the reader presses play (the page says its length).
    player = "() => { const a = document.querySelector('.tx-audio audio'); return [a.readyState, a.buffered.length]; }"
    assert page.evaluate(player) == [0, 0] and base_url + sound not in page.requests
    page.evaluate("() => { const audio = document.querySelector('.tx-audio audio'); audio.muted = true; return audio.play(); }")
    page.wait_for_function("() => document.querySelector('.tx-audio audio').currentTime > 0")
    assert base_url + sound in page.requests
    expected = read_audio(sound, served / SITE_PATH.strip("/")).seconds
    assert page.evaluate("() => document.querySelector('.tx-audio audio').duration") == pytest.approx(expected, abs=0.1)
    assert page.evaluate("() => document.querySelector('.tx-audio audio').error") is None
    assert refusals(page) == []

    # The podcast's address, copied for a podcast app with one tap.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "truyen-thanh/", wait_until="networkidle")
    page.get_by_role("button", name="Sao chép địa chỉ").click()
    page.get_by_text("Đã sao chép địa chỉ").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()").endswith("/truyen-thanh/feed.xml")
    assert refusals(page) == []


def test_every_built_page_carries_a_policy_first_that_allows_no_unsafe_script(served):  # noqa: F811
    pages = sorted((served / SITE_PATH).rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        text = path.read_text(encoding="utf-8")
        head = re.search(r"<head[^>]*>", text)
        assert head, path
        # First in <head> but for the charset, which must stay in the first 1024 bytes.
        policy = FIRST_IN_HEAD.match(text, head.end())
        assert policy, f"{path}: the policy does not follow <meta charset> at the start of <head>"
        assert text.encode().index(b'<meta charset="utf-8">') < 1024, path
        script_src = next(d for d in policy[1].split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert "object-src 'none'" in policy[1] and "base-uri 'self'" in policy[1], path
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in text, path
        for link in re.findall(r"<a\b[^>]*target=\"_blank\"[^>]*>", text):
            assert "noopener" in link and "noreferrer" in link, (path, link)


HOSTILE_BODY = """Bài có mã lạ dán từ trang khác.

<script>window.pwned = "script"; alert("script")</script>

<img src="data:image/png;base64,AAAA" alt="" onerror="window.pwned = 'onerror'; alert('onerror')">

<a href="javascript:window.pwned='link';alert('link')">Bấm vào đây</a>

<iframe src="https://evil.example/khung.html" width="300" height="200"></iframe>

Đoạn cuối bài.
"""


def test_a_hostile_body_never_runs_or_loads_and_the_build_names_each_line(tmp_path, browser):
    site = new_site(tmp_path / "xa")
    site.post("2024-03-01-ma-la.md", post_text(title="Bài có mã lạ", date="2024-03-01", body=HOSTILE_BODY))
    result = site.build()
    assert result.returncode == 0, result.stderr
    report = result.stderr
    lines = {int(n) for n in re.findall(r"⚠ posts/2024-03-01-ma-la\.md:(\d+):", report)}
    source = (site.root / "posts/2024-03-01-ma-la.md").read_text(encoding="utf-8").splitlines()
    expected = {i for i, line in enumerate(source, 1) if re.search(r"<script|onerror|javascript:|<iframe", line)}
    assert lines == expected and len(expected) == 4, report
    assert "đoạn mã <script> trong bài đã được bỏ khỏi trang" in report
    assert "khung nhúng từ evil.example" in report
    assert "Cách sửa" in report and "Traceback" not in report

    context = browser.new_context(viewport=PHONE)
    page = watched_page(context)
    try:
        with serve_directory(site.root / "site") as base:
            page.goto(base + "tin-tuc/2024-03-01-ma-la/", wait_until="networkidle")
            page.get_by_text("Bấm vào đây").click()
            page.wait_for_timeout(300)
            assert page.evaluate("window.pwned") is None
            assert page.dialogs == []
            assert {urlsplit(url).netloc for url in page.requests} == {urlsplit(base).netloc}
            assert page.locator("iframe").count() == 0
            # The frame is a link for the reader instead of an empty box.
            link = page.get_by_role("link", name="Mở nội dung nhúng từ evil.example")
            assert link.get_attribute("href") == "https://evil.example/khung.html"
            assert page.get_by_text("Đoạn cuối bài.").is_visible()
    finally:
        context.close()


def test_a_video_line_in_a_hand_written_page_becomes_a_video(tmp_path):
    site = new_site(tmp_path / "xa")
    site.page("gioi-thieu.md", "# Giới thiệu\n\nPhim giới thiệu xã:\n\nhttps://youtu.be/dQw4w9WgXcQ\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    html = site.html("gioi-thieu/")
    assert 'class="tx-video"' in html and "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" in html
    assert "frame-src 'self' https://www.youtube-nocookie.com" in html
    assert html.count("tinxa-video.js") == 1
    assert "frame-src 'self';" in site.html("")  # no video on the home page, no frame host


def test_a_video_that_is_not_youtube_is_refused_with_the_accepted_forms(tmp_path):
    site = new_site(tmp_path / "xa")
    site.post("2024-03-02-video.md", post_text(title="Video", date="2024-03-02", video="https://vimeo.com/12345"))
    result = site.build()
    assert result.returncode != 0
    assert "posts/2024-03-02-video.md" in result.stderr and "[trường “video”]" in result.stderr
    assert "không phải địa chỉ một video YouTube" in result.stderr and "youtu.be" in result.stderr


def test_the_preview_reloads_itself_under_the_policy(tmp_path, browser):
    """MkDocs adds its live-reload script as it serves each page: the page's policy lets it run."""
    site = new_site(tmp_path / "xa")
    post = site.post("2024-01-05-tin.md", post_text(title="Tin trước khi sửa", date="2024-01-05"))
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(command, cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = browser.new_context(viewport=PHONE)
    page = watched_page(context)
    try:
        url = f"http://127.0.0.1:{port}/xa-thu/tin-tuc/2024-01-05-tin/"
        wait_for(url, "Tin trước khi sửa")
        page.goto(url)
        post.write_text(post_text(title="Tin đã sửa xong", date="2024-01-05"), encoding="utf-8")
        page.get_by_role("heading", name="Tin đã sửa xong").wait_for(timeout=30_000)  # reloaded by itself
        assert refusals(page) == []
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)


def test_the_editor_never_starts_inside_another_page(served, browser):  # noqa: F811
    # Another site framing /admin/ could trick an officer into clicks; a <meta> policy cannot forbid framing.
    framing = served / SITE_PATH / "khung-la.html"
    framing.write_text('<!doctype html><iframe src="admin/" width="600"></iframe>', encoding="utf-8")
    with serve_directory(served) as url:
        page = browser.new_page()
        try:
            page.goto(url + SITE_PATH + "khung-la.html")
            editor = page.frame_locator("iframe")
            editor.get_by_text("Trình soạn bài chỉ mở trực tiếp, không mở bên trong trang khác.").wait_for(timeout=30_000)
            assert editor.locator("form.tinxa-dang-nhap").count() == 0
        finally:
            page.close()
            framing.unlink()
