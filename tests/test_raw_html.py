"""Raw HTML in a body (hooks/raw_html.py): what the pages' policy stops is defused, and told with its line."""

from __future__ import annotations

from hooks.policy import inline_scripts, secure_page
from hooks.raw_html import guard_body, source_lines

BODY = """<p>Đoạn đầu.</p>
<script>alert(document.cookie)</script>
<p><img src="x.jpg" onerror="alert(1)"></p>
<p><a href=" JavaScript:alert(2)">bấm</a></p>
<iframe src="https://www.google.com/maps/embed?pb=1&amp;x=2" width="600"></iframe>
<p><img src="https://baohanoi.vn/anh.jpg" alt=""></p>
<object data="a.swf"></object>
<style>p { color: red }</style>
<link rel="stylesheet" href="https://cdn.example.com/a.css">
<meta http-equiv="refresh" content="0; url=https://lua-dao.example">
<p><code>&lt;script&gt;</code> is text, not a script</p>"""


def test_a_body_is_checked_for_everything_the_policy_stops():
    guarded = guard_body(BODY)
    messages = [item.message for item in guarded.blocked]
    for words in ("google.com", "<script>", "onerror", "javascript:", "baohanoi.vn", "<object>", "<style>", "<link>", "<meta>"):
        assert any(words in message for message in messages), words
    assert len(messages) == 9
    # Scripts, styles, links and metas are out; another site's frame is a link to what it showed.
    for gone in ("<script", "<style", "<link", "<meta", "<iframe"):
        assert gone not in guarded.html
    assert '<a href="https://www.google.com/maps/embed?pb=1&amp;x=2" target="_blank" rel="noopener noreferrer">' in guarded.html
    assert "&lt;script&gt;</code> is text" in guarded.html
    # Another site's photo is a link to it rather than a broken picture.
    link = '<a href="https://baohanoi.vn/anh.jpg" target="_blank" rel="noopener noreferrer">Xem ảnh ở baohanoi.vn</a>'
    assert link in guarded.html


def test_a_body_script_can_never_be_hashed_however_the_page_rewrites_it():
    # Pasted widget code writes a new-tab link: the page's own rewriting of such links once made the
    # script's text differ from what was recorded, and its hash got in. Out of the body, nothing can.
    body = '<script>document.write(\'<a href="https://x.vn" target="_blank">Xem</a>\')</script><p>Tin</p>'
    page = f'<html><head><meta charset="utf-8"><script>var theme=1;</script></head><body>{guard_body(body).html}</body></html>'
    assert inline_scripts(secure_page(page)) == ["var theme=1;"]
    unclosed = guard_body("<p>Tin</p><script>var stolen = localStorage")
    assert "<script" not in unclosed.html and len(unclosed.blocked) == 1


def test_frames_of_this_site_and_of_sites_the_it_staff_allowed_stay():
    own = '<iframe src="../../files/van-ban/125-qd-ubnd.pdf" width="600"></iframe>'
    assert guard_body(own).html == own and guard_body(own).blocked == ()
    maps = '<iframe src="https://www.google.com/maps/embed?pb=1"></iframe>'
    assert guard_body(maps, frame_hosts=("https://www.google.com",)).html == maps
    empty = guard_body("<iframe></iframe><p>Tin</p>")
    assert empty.html == "<p>Tin</p>" and "không có địa chỉ" in empty.blocked[0].message


def test_a_facebook_plugin_becomes_a_link_to_the_video_itself():
    plugin = (
        '<iframe src="https://www.facebook.com/plugins/video.php?height=314&amp;'
        'href=https%3A%2F%2Fwww.facebook.com%2FUBNDxa%2Fvideos%2F123%2F&amp;show_text=false"></iframe>'
    )
    assert '<a href="https://www.facebook.com/UBNDxa/videos/123/"' in guard_body(plugin).html


def test_hidden_forms_of_handlers_and_links_are_scanned_too():
    assert "onload" in guard_body('<svg/onload="alert(1)"></svg>').blocked[0].message
    assert "javascript:" in guard_body('<a href="&#106;avascript:alert(1)">x</a>').blocked[0].message
    srcset = guard_body('<p><img src="a.jpg" srcset="https://anh.example.vn/a.jpg 2x" alt=""></p>')
    assert "anh.example.vn" in srcset.blocked[0].message
    background = guard_body('<p style="background-image: url(https://anh.example.vn/nen.jpg)">Tin</p>')
    assert "ảnh nền" in background.blocked[0].message


def test_a_plain_body_with_its_own_photos_is_left_as_it_is_without_parsing():
    body = '<p>Sáng 13/12/2023, <strong>Đảng ủy xã</strong> họp.</p><p><img src="../../anh/a-960.webp" alt="Hội nghị"></p>'
    guarded = guard_body(body)
    assert guarded.html == body and guarded.blocked == ()


POST = """---
title: Bài có mã dán vào
date: 2024-03-01
---
Đoạn đầu nói về `<script>` và onclick trong chữ.

<!-- <iframe src="https://www.google.com/maps/embed?cu"></iframe> -->

<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>

```
<script>ví dụ trong khung mã</script>
```

<iframe src="https://www.google.com/maps/embed?moi"></iframe>

<script>alert(1)</script>

<div onclick="alert(2)">Bấm</div>
"""


def test_each_finding_is_placed_on_its_line_skipping_comments_code_and_other_frames():
    rendered = (
        "<p>Đoạn đầu nói về <code>&lt;script&gt;</code> và onclick trong chữ.</p>\n"
        '<iframe src="https://www.google.com/maps/embed?moi"></iframe>\n'
        "<script>alert(1)</script>\n"
        '<div onclick="alert(2)">Bấm</div>'
    )
    problems = guard_body(rendered).problems("posts/2024-03-01-bai.md", POST)
    assert [(p.line, p.message.split(" ")[0]) for p in problems] == [(15, "khung"), (17, "đoạn"), (19, "thuộc")]
    assert problems[0].format("⚠").startswith("⚠ posts/2024-03-01-bai.md:15: khung nhúng từ www.google.com")
    assert "Cách sửa" in problems[0].format("⚠")


def test_the_nth_finding_of_a_kind_is_the_nth_occurrence():
    found = guard_body("<p><img src=a onerror=x></p><p><img src=b onerror=y></p>").blocked
    assert source_lines(found, "a\n<img src=a onerror=x>\nb\n<img src=b ONERROR=y>\n") == [2, 4]


def test_another_sites_photo_becomes_a_link_with_its_description_and_own_photos_stay():
    body = '<p><img alt="Toàn cảnh hội nghị" src="//anh.example.vn/a.jpg"> <img src="../../anh/b-960.webp" alt="B"></p>'
    guarded = guard_body(body)
    link = '<a href="https://anh.example.vn/a.jpg" target="_blank" rel="noopener noreferrer">Xem ảnh: Toàn cảnh hội nghị</a>'
    assert link in guarded.html
    assert '<img src="../../anh/b-960.webp" alt="B">' in guarded.html
    assert "trang hiện một liên kết tới ảnh" in guarded.blocked[0].message
