"""The pages' security policy (hooks/policy.py): hashes from the finished HTML, bodies never trusted."""

from __future__ import annotations

import base64
import hashlib

from hooks.policy import (
    VIDEO_FRAME_HOST,
    allow_added_scripts,
    editor_policy,
    hash_source,
    inline_scripts,
    public_policy,
    secure_page,
    theme_feature_problems,
    without_opener,
)
from hooks.raw_html import guard_body

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


def test_a_page_with_a_video_may_frame_youtube_nocookie_only():
    policy = public_policy('<html><head></head><body><figure class="tx-video" data-tx-video></figure></body></html>')
    assert policy.sources("frame-src") == ("'self'", VIDEO_FRAME_HOST)


def test_the_policy_comes_first_in_head_after_the_charset_which_stays_in_the_first_1024_bytes():
    page = secure_page(PAGE)
    head = page.index('<meta charset="utf-8">') + len('<meta charset="utf-8">')
    assert page[head:].startswith('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src')
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page
    assert page.index("Content-Security-Policy") < page.index("<script")
    # Forty photo colours on one page: forty hashes, and the charset still first.
    photos = "".join(f'<img src="{n}.jpg" style="background-color:#{n:06x}">' for n in range(40))
    crowded = secure_page(PAGE.replace("<body>", "<body>" + photos))
    assert crowded.encode().index(b'<meta charset="utf-8">') < 1024
    assert crowded.count("sha256-") == 2 + 2 + 40


def test_new_tab_links_lose_their_opener_whatever_rel_they_had():
    page = without_opener(
        '<a href="https://a.vn" target="_blank">a</a>'
        '<a target="_blank" rel="nofollow" href="https://b.vn">b</a>'
        '<a href="https://c.vn" target="_blank" rel="noopener noreferrer">c</a>'
        '<a href="/d/">d</a>'
        "<a href=/e/ target=_blank rel=nofollow>e</a>"
        '<a data-rel="x" href="/f/" target="_blank">f</a>'
        '<a data-target="_blank" href="/g/">g</a>'
        '<a href="/h/" title="a > b" target="_blank">h</a>'
        '<area href="/i/" target="_blank" alt="i">'
    )
    assert '<a href="https://a.vn" target="_blank" rel="noopener noreferrer">' in page
    assert 'rel="nofollow noopener noreferrer" href="https://b.vn"' in page
    assert '<a href=/e/ target=_blank rel="nofollow noopener noreferrer">' in page  # one rel, the value kept
    assert '<a data-rel="x" href="/f/" target="_blank" rel="noopener noreferrer">' in page
    assert '<a data-target="_blank" href="/g/">' in page
    assert '<a href="/h/" title="a > b" target="_blank" rel="noopener noreferrer">' in page
    assert '<area href="/i/" target="_blank" alt="i" rel="noopener noreferrer">' in page
    assert page.count("noreferrer") == 7 and '<a href="/d/">' in page


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


def test_instant_navigation_is_refused_with_the_line_to_remove():
    assert theme_feature_problems(["navigation.tabs", "navigation.top"]) == []
    [problem] = theme_feature_problems(["navigation.tabs", "navigation.instant"])
    assert problem.field == "theme.features" and "navigation.instant" in problem.fix
