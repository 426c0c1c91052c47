"""YouTube videos (hooks/video.py): every address form an officer pastes, nothing else."""

from __future__ import annotations

import pytest

from hooks.video import Video, embed_videos, parse_video, without_video_lines


@pytest.mark.parametrize(
    ("address", "video"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video("dQw4w9WgXcQ")),
        ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=90", Video("dQw4w9WgXcQ", 90)),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", Video("dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ?si=AbCdEf&t=1m30s", Video("dQw4w9WgXcQ", 90)),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", Video("dQw4w9WgXcQ")),
        ("https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared", Video("dQw4w9WgXcQ")),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?si=x&start=12", Video("dQw4w9WgXcQ", 12)),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", Video("dQw4w9WgXcQ")),
        ("  https://youtu.be/dQw4w9WgXcQ  ", Video("dQw4w9WgXcQ")),
    ],
)
def test_every_youtube_address_form_gives_the_video(address, video):
    assert parse_video(address) == video


@pytest.mark.parametrize(
    "address",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@UBNDxa",
        "https://vimeo.com/123456",
        "https://www.facebook.com/watch/?v=123",
        "javascript:alert(1)",
        "youtu.be/dQw4w9WgXcQ",
        "",
    ],
)
def test_anything_else_is_not_a_video(address):
    assert parse_video(address) is None


def test_the_player_comes_from_youtube_nocookie_and_the_link_from_youtube():
    video = Video("dQw4w9WgXcQ", 90)
    assert video.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90"
    assert video.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"


def test_a_lone_address_and_a_pasted_embed_become_video_blocks_and_other_text_stays():
    body = (
        "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5</p>\n"
        '<p><a href="https://youtu.be/aaaaaaaaaaa">https://youtu.be/aaaaaaaaaaa</a></p>\n'
        '<p><iframe width="560" height="315" src="https://www.youtube.com/embed/bbbbbbbbbbb?si=Xy" title="YouTube video player" '
        'frameborder="0" allowfullscreen></iframe></p>\n'
        "<p>Xem thêm tại https://www.youtube.com/watch?v=ccccccccccc nhé.</p>\n"
        "<p>https://vimeo.com/123</p>"
    )
    html, count = embed_videos(body, lambda video: f"[{video.id}@{video.start}]")
    assert count == 3
    assert html.splitlines()[:3] == ["[dQw4w9WgXcQ@5]", "[aaaaaaaaaaa@0]", "[bbbbbbbbbbb@0]"]
    assert "Xem thêm tại https://www.youtube.com/watch?v=ccccccccccc nhé." in html  # an address inside a sentence stays text
    assert "<p>https://vimeo.com/123</p>" in html


def test_an_address_on_its_own_line_inside_a_paragraph_splits_it():
    body = "<p>Phóng sự của đài huyện:\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\nXem thêm ở trang xã.</p>"
    html, count = embed_videos(body, lambda video: f"[{video.id}]")
    assert count == 1
    assert html == "<p>Phóng sự của đài huyện:</p>\n[dQw4w9WgXcQ]\n<p>Xem thêm ở trang xã.</p>"


def test_an_embed_inside_a_sentence_leaves_valid_paragraphs_around_the_video():
    body = '<p>Xem video: <iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe> (video của đài huyện).</p>'
    html, count = embed_videos(body, lambda video: "<figure></figure>")
    assert count == 1
    assert html == "<p>Xem video: </p><figure></figure><p> (video của đài huyện).</p>"


def test_a_playlist_is_not_taken_for_a_video():
    assert parse_video("https://www.youtube.com/embed/videoseries?list=PL123") is None
    assert parse_video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL123") == Video("dQw4w9WgXcQ")


def test_search_text_leaves_out_lines_that_are_only_a_video_address():
    body = "Phóng sự:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n<https://youtu.be/dQw4w9WgXcQ>\n\n"
    body += "Xem https://vimeo.com/1 nhé.\n"
    assert without_video_lines(body) == "Phóng sự:\n\n\n\n\n\nXem https://vimeo.com/1 nhé.\n"


def test_an_embed_written_without_quotes_is_a_video_too():
    html, count = embed_videos("<iframe src=https://www.youtube.com/embed/dQw4w9WgXcQ width=560></iframe>", lambda v: f"[{v.id}]")
    assert (html, count) == ("[dQw4w9WgXcQ]", 1)
