"""The pages' security policy (hooks/policy.py): hashes from the finished HTML, bodies never trusted."""

from __future__ import annotations

import base64
import hashlib

from hooks.policy import (
    VIDEO_FRAME_HOST,
    allow_added_scripts,
    editor_policy,
    guard_body,
    hash_source,
    inline_scripts,
    public_policy,
    secure_page,
    source_lines,
    without_opener,
)

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><script>var theme=1;</script>
<script src="assets/app.js"></script><script type="application/ld+json">{"@type":"NewsArticle"}</script>
<script id="__config" type="application/json">{"base":"."}</script></head>
<body><img src="a.jpg" style="background-color:#934d4b"><td style="text-align: right;">1</td>
<script>
  var palette = 2;
</script></body></html>"""


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_scripts_a_browser_runs_are_hashed_exactly_as_written():
    assert inline_scripts(PAGE) == ["var theme=1;", "\n  var palette = 2;\n"]
    assert hash_source("var theme=1;") == digest("var theme=1;")


def test_a_public_page_allows_its_own_inline_scripts_and_style_values_and_nothing_inline_else():
    policy = public_policy(PAGE)
    scripts = policy.sources("script-src")
    assert scripts == ("'self'", *sorted([digest("var theme=1;"), digest("\n  var palette = 2;\n")]))
    assert policy.sources("style-src") == ("'self'",)
    assert policy.sources("style-src-attr") == (
        "'unsafe-hashes'",
        *sorted([digest("background-color:#934d4b"), digest("text-align: right;")]),
    )
    text = str(policy)
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "img-src 'self' data:"):
        assert directive in text
    assert policy.sources("frame-src") == ("'self'",)  # no video, no other frame host


def test_scripts_from_a_body_get_no_hash():
    policy = public_policy(PAGE, blocked_scripts=["\n  var palette = 2;\n"])
    assert policy.sources("script-src") == ("'self'", digest("var theme=1;"))


def test_a_page_with_a_video_may_frame_youtube_nocookie_only():
    policy = public_policy('<html><head></head><body><figure class="tx-video"></figure></body></html>')
    assert policy.sources("frame-src") == ("'self'", VIDEO_FRAME_HOST)


def test_the_policy_comes_first_in_head_and_the_charset_stays_in_the_first_1024_bytes():
    page = secure_page(PAGE)
    head = page.index("<head>") + len("<head>")
    assert page[head:].startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src')
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page
    assert page.encode().index(b'<meta charset="utf-8">') < 1024
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_new_tab_links_lose_their_opener_whatever_rel_they_had():
    page = without_opener(
        '<a href="https://a.vn" target="_blank">a</a>'
        '<a target="_blank" rel="nofollow" href="https://b.vn">b</a>'
        '<a href="https://c.vn" target="_blank" rel="noopener noreferrer">c</a>'
        '<a href="/d/">d</a>'
    )
    assert '<a href="https://a.vn" target="_blank" rel="noopener noreferrer">' in page
    assert 'rel="nofollow noopener noreferrer"' in page
    assert page.count("noreferrer") == 3 and '<a href="/d/">' in page


def test_the_preview_live_reload_script_is_allowed_on_the_page_it_is_added_to():
    built = secure_page(PAGE)
    served = built.replace("</body>", "<script>livereload(1, 2);</script></body>")
    allowed = allow_added_scripts(built, served)
    assert digest("livereload(1, 2);") in allowed.split("script-src", 1)[1].split(";", 1)[0]
    assert allow_added_scripts(built, built) == built


def test_the_editor_may_reach_github_and_the_login_service_only():
    page = "<html><head></head><body><script>window.CMS_MANUAL_INIT = true;</script></body></html>"
    policy = editor_policy(page, "https://api.github.com", "https://dang-nhap.example.vn/auth", local_port=8081)
    assert policy.sources("script-src") == ("'self'", digest("window.CMS_MANUAL_INIT = true;"))
    assert policy.sources("connect-src") == (
        "'self'",
        "blob:",
        "https://api.github.com",
        "https://dang-nhap.example.vn",
        "http://127.0.0.1:8081",
        "http://localhost:8081",
    )
    assert "'unsafe-eval'" not in str(policy)


BODY = """<p>Đoạn đầu.</p>
<script>alert(document.cookie)</script>
<p><img src="x.jpg" onerror="alert(1)"></p>
<p><a href=" JavaScript:alert(2)">bấm</a></p>
<iframe src="https://www.google.com/maps/embed?pb=1&amp;x=2" width="600"></iframe>
<p><img src="https://baohanoi.vn/anh.jpg" alt=""></p>
<object data="a.swf"></object>
<p><code>&lt;script&gt;</code> is text, not a script</p>"""


def test_a_body_is_checked_for_everything_the_policy_stops():
    guarded = guard_body(BODY)
    messages = [item.message for item in guarded.blocked]
    assert any("google.com" in m and "khung nhúng" in m for m in messages)
    assert any("<script>" in m for m in messages)
    assert any("onerror" in m for m in messages)
    assert any("javascript:" in m for m in messages)
    assert any("baohanoi.vn" in m for m in messages)
    assert any("<object>" in m for m in messages)
    assert len(messages) == 6
    assert guarded.scripts == ("alert(document.cookie)",)
    # Another site's frame becomes a link to what it showed; nothing is framed.
    assert "<iframe" not in guarded.html
    assert '<a href="https://www.google.com/maps/embed?pb=1&amp;x=2" target="_blank" rel="noopener noreferrer">' in guarded.html


def test_a_plain_body_is_left_as_it_is():
    body = '<p>Sáng 13/12/2023, <strong>Đảng ủy xã</strong> tổ chức hội nghị.</p><p><img src="../../anh/a.jpg" alt=""></p>'
    guarded = guard_body(body)
    assert guarded.html == body and guarded.blocked == () and guarded.scripts == ()


def test_each_finding_is_placed_on_its_line_in_the_post_as_written():
    source = '---\ntitle: Bài\n---\nĐoạn đầu.\n\n<script>alert(document.cookie)</script>\n\n<img src=x.jpg onerror="f()">\n'
    guarded = guard_body('<p>Đoạn đầu.</p>\n<script>alert(document.cookie)</script>\n<p><img src="x.jpg" onerror="alert(1)"></p>')
    problems = guarded.problems("posts/2024-01-05-bai.md", source)
    assert [(p.file, p.line) for p in problems] == [("posts/2024-01-05-bai.md", 6), ("posts/2024-01-05-bai.md", 8)]
    assert problems[0].format("⚠").startswith("⚠ posts/2024-01-05-bai.md:6: đoạn mã <script> trong bài không được chạy")
    assert "Cách sửa" in problems[0].format("⚠")


def test_the_nth_finding_of_a_kind_is_the_nth_occurrence():
    found = guard_body("<p><img src=a onerror=x></p><p><img src=b onerror=y></p>").blocked
    assert source_lines(found, "a\n<img src=a onerror=x>\nb\n<img src=b ONERROR=y>\n", first_line=10) == [11, 13]


def test_a_site_the_it_staff_allowed_may_be_framed_and_only_on_pages_with_a_frame():
    body = '<p>Bản đồ:</p>\n<iframe src="https://www.google.com/maps/embed?pb=1" width="600"></iframe>'
    guarded = guard_body(body, frame_hosts=("https://www.google.com",))
    assert guarded.html == body and guarded.blocked == ()
    page = f"<html><head></head><body>{body}</body></html>"
    assert public_policy(page, frame_hosts=("https://www.google.com",)).sources("frame-src") == (
        "'self'",
        "https://www.google.com",
    )
    plain = "<html><head></head><body><p>Không có khung.</p></body></html>"
    assert public_policy(plain, frame_hosts=("https://www.google.com",)).sources("frame-src") == ("'self'",)
    # Another host, or the allowed host over http, is still a link.
    other = guard_body('<iframe src="http://www.google.com/maps"></iframe>', frame_hosts=("https://www.google.com",))
    assert "<iframe" not in other.html and len(other.blocked) == 1
