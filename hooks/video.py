"""YouTube videos in posts, shown without letting YouTube in until a reader asks for the video.

A post names a video in its front matter (``video:``), or puts the video's address alone on a line of
its body, or pastes YouTube's own embed code. Each becomes the same block: a poster from our own
files with a play button, which is a plain link to YouTube without JavaScript. Pressing it loads the
player from youtube-nocookie.com (no tracking cookie before playing), the one host the page's policy
then allows in a frame (hooks/policy.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from hooks.policy import VIDEO_FRAME_HOST

SCRIPT = "assets/javascripts/tinxa-video.js"
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}
_PATH_FORMS = ("/embed/", "/shorts/", "/live/", "/v/")
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
ACCEPTED = "https://www.youtube.com/watch?v=…, https://youtu.be/… hoặc https://www.youtube.com/shorts/…"


@dataclass(frozen=True)
class Video:
    """One YouTube video, by its 11-character id, maybe from a given second."""

    id: str
    start: int = 0

    @property
    def embed_url(self) -> str:
        start = f"&start={self.start}" if self.start else ""
        return f"{VIDEO_FRAME_HOST}/embed/{self.id}?autoplay=1{start}"

    @property
    def watch_url(self) -> str:
        start = f"&t={self.start}s" if self.start else ""
        return f"https://www.youtube.com/watch?v={self.id}{start}"


def parse_video(address: str) -> Video | None:
    """The video a YouTube address shows (watch, youtu.be, shorts, live, embed), or None."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https"):
        return None
    host = parts.netloc.lower().removeprefix("www.")
    query = parse_qs(parts.query)
    if host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host in _HOSTS and parts.path == "/watch":
        video_id = query.get("v", [""])[0]
    elif host in _HOSTS and parts.path.startswith(_PATH_FORMS):
        video_id = parts.path.split("/")[2]
    else:
        return None
    if not _VIDEO_ID.match(video_id) or video_id == "videoseries":  # a playlist's embed, not one video
        return None
    return Video(video_id, _seconds(query.get("t", query.get("start", [""]))[0]))


def _seconds(value: str) -> int:
    match = _TIME.match(value)
    if not value or match is None:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


# In a rendered body: YouTube's embed code (alone in its paragraph or not), and paragraphs whose lines
# may hold an address alone (as written, or as <address>, maybe ending in a line break).
_YOUTUBE_FRAME = re.compile(
    r"""(<p>\s*)?<iframe\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]*youtu[^"'\s>]*)["']?[^>]*>\s*</iframe>(\s*</p>)?""", re.IGNORECASE
)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_ADDRESS_LINE = re.compile(r'^\s*(?:<a href="([^"]+)">[^<]*</a>|(https?://[^\s<]+))\s*(?:<br\s*/?>)?\s*$')


def embed_videos(body_html: str, render: Callable[[Video], str]) -> tuple[str, int]:
    """The body with each YouTube embed frame and each YouTube address on a line of its own as ``render``
    makes a video; and how many there were. A paragraph a video interrupts is split around it."""
    if "youtu" not in body_html:  # most bodies: nothing to look for
        return body_html, 0
    count = 0

    def frame(match: re.Match[str]) -> str:
        nonlocal count
        video = parse_video(html.unescape(match[2]))
        if video is None:
            return match[0]
        count += 1
        before = body_html.rfind("<p>", 0, match.start()) > body_html.rfind("</p>", 0, match.start())
        opened, closed = match[1] is not None, match[3] is not None
        # Inside a paragraph with other text: close it before the video and open a new one after it.
        return ("" if opened or not before else "</p>") + render(video) + ("" if closed or not (before or opened) else "<p>")

    def paragraph(match: re.Match[str]) -> str:
        nonlocal count
        parts: list[str] = []
        text: list[str] = []
        for line in match[1].split("\n"):
            address = _ADDRESS_LINE.match(line)
            video = parse_video(html.unescape(address[1] or address[2])) if address else None
            if video is None:
                text.append(line)
                continue
            if text:
                parts.append("<p>" + "\n".join(text) + "</p>")
                text = []
            count += 1
            parts.append(render(video))
        if not parts:
            return match[0]
        if text:
            parts.append("<p>" + "\n".join(text) + "</p>")
        return "\n".join(parts)

    body_html = _YOUTUBE_FRAME.sub(frame, body_html)
    return _PARAGRAPH.sub(paragraph, body_html), count


_MARKDOWN_LINE = re.compile(r"^[ \t]*<?(https?://\S+?)>?[ \t]*$", re.MULTILINE)


def without_video_lines(markdown: str) -> str:
    """A body as written without the lines that are only a video's address: they show as a video,
    so search snippets should not quote them."""
    return _MARKDOWN_LINE.sub(lambda match: "" if parse_video(match[1]) else match[0], markdown)
