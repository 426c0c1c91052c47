"""Raw HTML an officer writes in a body (a post, a hand-written page): what the pages' policy stops.

Officers paste snippets from other sites. The policy (hooks/policy.py) would stop their scripts,
``on…`` attributes, ``javascript:`` links, other sites' frames and files; here the rendered body is
defused before it goes in the page, so a reader never gets an empty box or a dead button:

- scripts, ``<style>``, ``<link>`` and ``<meta>`` elements are taken out (the policy would refuse
  them anyway; out, no body script can ever be mistaken for one of the theme's and hashed);
- another site's frame becomes a link to what it showed, unless the IT staff allowed that site;
- the rest (``on…`` attributes, ``javascript:`` links, other sites' images…) stays, refused by the
  policy.

Each is told to the officer with the line of the post as written and what to do instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from hooks.problems import Problem


@dataclass(frozen=True)
class BlockedMarkup:
    """One thing in a body the policy stops, and how to find it in the post as written."""

    pattern: str  # a regular expression (case-insensitive) matching it in the source
    message: str
    fix: str


@dataclass(frozen=True)
class GuardedBody:
    """A rendered body made safe to show, and what was stopped in it."""

    html: str
    blocked: tuple[BlockedMarkup, ...]

    def problems(self, file: str, source: str) -> list[Problem]:
        """The officer's report, in line order: ``source`` is the whole file as written."""
        lines = source_lines(self.blocked, source)
        found = [Problem(file, item.message, item.fix, line=line) for item, line in zip(self.blocked, lines, strict=True)]
        return sorted(found, key=lambda problem: problem.line or 0)


SCRIPT_FIX = "trang chỉ chạy mã của phần mềm Tin Xã: bỏ đoạn này. Cần tính năng gì thì nhờ cán bộ CNTT"
FRAME_FIX = (
    "viết một liên kết, ví dụ [Xem bản đồ](địa chỉ), hoặc nhờ cán bộ CNTT cho phép trang đó (extra.tinxa.frame_hosts). "
    "Video YouTube thì dán địa chỉ video trên một dòng riêng"
)
FILE_FIX = (
    "ảnh: tải về, chép vào thư mục ảnh của bài trong images/ rồi chèn như ảnh giữa bài; "
    "tệp khác (âm thanh, video): viết một liên kết tới trang gốc"
)
STYLE_FIX = "dùng cách trình bày của bài viết (chữ đậm, đề mục, danh sách, bảng) thay cho mã trình bày"

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
_MEDIA_TAGS = {"img", "audio", "video", "source", "track", "input", "image"}
_REMOVED_TAGS = {"script", "style", "link", "meta"}
# Only a body that may hold something the policy stops is parsed; most hold none of these. Literal
# markers first (fast), then handlers (checked for what precedes "on…=") and other sites' files.
_MARKERS = ("<script", "<style", "<link", "<meta", "<iframe", "<frame", "<object", "<embed", "<applet", "<base", "<form")
_MARKERS += ("javascript:", "&#", "url(")
_HANDLER = re.compile(r"on[a-z]+\s*=")
_EXTERNAL_FILE = re.compile(r"(?:src|srcset|poster|data)\s*=\s*[\"']?\s*(?:https?:)?//")


def _worth_scanning(body_html: str) -> bool:
    lowered = body_html.lower()
    if any(marker in lowered for marker in _MARKERS):
        return True
    if any(lowered[match.start() - 1] in " \t\n/\"'" for match in _HANDLER.finditer(lowered)):
        return True
    return _EXTERNAL_FILE.search(lowered) is not None


_REMOVED = re.compile(
    r"<(script|style)\b[^>]*>(?:.*?</\1\s*>|.*\Z)|<(?:link|meta)\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.IGNORECASE | re.DOTALL,
)
_FRAME = re.compile(r"<(i?frame)\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(?:.*?</\1\s*>)?", re.IGNORECASE | re.DOTALL)
_FRAME_SRC = re.compile(r"""(?<![\w-])src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//([^/"')\s]+)""", re.IGNORECASE)


def _host(url: str) -> str:
    return urlsplit(url.strip()).netloc.lower()


def _external(url: str) -> bool:
    return bool(_host(url)) and urlsplit(url.strip()).scheme in ("http", "https", "")


class _BodyScanner(HTMLParser):
    """Lists what a rendered body holds that the policy stops, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[BlockedMarkup] = []

    def _block(self, pattern: str, message: str, fix: str = SCRIPT_FIX) -> None:
        self.found.append(BlockedMarkup(pattern, message, fix))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._block(r"<script\b", "đoạn mã <script> trong bài đã được bỏ khỏi trang")
        elif tag in ("style", "link"):
            self._block(rf"<{tag}\b", f"mã trình bày <{tag}> trong bài đã được bỏ khỏi trang", STYLE_FIX)
        elif tag == "meta":
            self._block(r"<meta\b", "thẻ <meta> trong bài đã được bỏ khỏi trang", "bỏ thẻ này khỏi bài")
        elif tag in ("object", "embed", "applet"):
            self._block(rf"<{tag}\b", f"nội dung nhúng <{tag}> không được hiển thị", FRAME_FIX)
        elif tag == "base":
            self._block(r"<base\b", "thẻ <base> làm sai mọi liên kết của trang nên bị chặn", "bỏ thẻ <base> khỏi bài")
        elif tag == "form" and _external(values.get("action", "")):
            self._block(r"<form\b", "biểu mẫu gửi tới trang khác bị chặn", "thay biểu mẫu bằng một liên kết tới trang đó")
        for name in values:
            if name.startswith("on"):
                self._block(rf"(?<![\w-]){re.escape(name)}\s*=", f"thuộc tính “{name}” (mã chạy khi bấm, khi tải…) không chạy")
        for name in _URL_ATTRIBUTES:
            if re.sub(r"[\s\x00-\x1f]", "", values.get(name, "")).lower().startswith("javascript:"):
                self._block(r"javascript:", "liên kết “javascript:” không chạy")
        if tag in _MEDIA_TAGS:
            sources = [values.get("src", ""), values.get("poster", ""), values.get("href", "")]
            sources += [item.split()[0] for item in values.get("srcset", "").split(",") if item.strip()]
            for host in dict.fromkeys(_host(url) for url in sources if _external(url)):
                shown = "trang hiện một liên kết tới ảnh thay vào" if tag == "img" else "không được hiển thị"
                message = f"ảnh, âm thanh hay video lấy từ trang khác ({host}): {shown}"
                self._block(rf"<{tag}\b[^>]*?{re.escape(host)}", message, FILE_FIX)
        for host in dict.fromkeys(_CSS_URL.findall(values.get("style", ""))):
            pattern = rf"url\(\s*[\"']?\s*(?:https?:)?//{re.escape(host)}"
            self._block(pattern, f"ảnh nền lấy từ trang khác ({host}) không hiện", FILE_FIX)


def _frame(match: re.Match[str], found: list[BlockedMarkup], frame_hosts: Collection[str]) -> str:
    """A frame: kept when it shows this site's own page or one the IT staff allowed; else a link to what it
    showed (a Facebook plugin's own address, not the plugin's), since the policy would leave an empty box."""
    src = _FRAME_SRC.search(match[2])
    url = html.unescape(next((group for group in src.groups() if group is not None), "")).strip() if src else ""
    parts = urlsplit(url)
    if url and not parts.netloc and parts.scheme in ("", "http", "https"):
        return match[0]  # a page of this site ('self')
    if parts.scheme == "https" and f"https://{parts.netloc.lower()}" in frame_hosts:
        return match[0]
    pattern = rf"<{match[1].lower()}\b" + (rf"[^>]*?{re.escape(parts.netloc)}" if parts.netloc else "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        found.append(BlockedMarkup(pattern, "khung nhúng không có địa chỉ trang web đã được bỏ khỏi trang", FRAME_FIX))
        return ""
    target = url
    if parts.netloc.endswith("facebook.com") and parts.path.startswith("/plugins/"):
        target = parse_qs(parts.query).get("href", [url])[0]
    message = f"khung nhúng từ {parts.netloc} không được hiển thị: trang hiện một liên kết thay vào"
    found.append(BlockedMarkup(pattern, message, FRAME_FIX))
    return (
        f'<p class="tx-embed-link"><a href="{html.escape(target)}" target="_blank" rel="noopener noreferrer">'
        f"Mở nội dung nhúng từ {html.escape(urlsplit(target).netloc or parts.netloc)}</a></p>"
    )


_IMAGE = re.compile(r"<img\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.IGNORECASE)
_ALT = re.compile(r"""(?<![\w-])alt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _image_link(match: re.Match[str]) -> str:
    """Another site's image, which the policy would show as a broken picture, as a link to it."""
    src = _FRAME_SRC.search(match[1])
    url = html.unescape(next((group for group in src.groups() if group is not None), "")).strip() if src else ""
    if not _external(url):
        return match[0]
    alt = _ALT.search(match[1])
    label = html.unescape(next((group for group in alt.groups() if group is not None), "")).strip() if alt else ""
    target = url if urlsplit(url).scheme else "https:" + url
    text = f"Xem ảnh: {label}" if label else f"Xem ảnh ở {_host(url)}"
    return f'<a href="{html.escape(target)}" target="_blank" rel="noopener noreferrer">{html.escape(text)}</a>'


def guard_body(body_html: str, frame_hosts: Collection[str] = ()) -> GuardedBody:
    """A rendered body checked against the pages' policy and defused before it goes in the page.

    ``frame_hosts``: the other sites whose frames the IT staff allowed (``extra.tinxa.frame_hosts``).
    """
    if not _worth_scanning(body_html):
        return GuardedBody(body_html, ())
    scanner = _BodyScanner()
    scanner.feed(body_html)
    scanner.close()
    frames: list[BlockedMarkup] = []
    guarded = _FRAME.sub(lambda match: _frame(match, frames, frame_hosts), _REMOVED.sub("", body_html))
    guarded = _IMAGE.sub(_image_link, guarded)
    return GuardedBody(guarded, (*frames, *scanner.found))


# What a post shows as text, not as HTML: comments, fenced and inline code. Searched as blanks.
_NOT_HTML = re.compile(r"<!--.*?-->|^(```|~~~).*?^\1|`[^`\n]+`", re.DOTALL | re.MULTILINE)


def source_lines(found: Collection[BlockedMarkup], source: str) -> list[int | None]:
    """The line of ``source`` each finding comes from: the n-th finding of a pattern is its n-th match."""
    masked = _NOT_HTML.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), source)
    cursors: dict[str, int] = {}
    lines: list[int | None] = []
    for item in found:
        match = re.compile(item.pattern, re.IGNORECASE).search(masked, cursors.get(item.pattern, 0))
        if match is None:
            lines.append(None)
            continue
        cursors[item.pattern] = match.end()
        lines.append(1 + masked.count("\n", 0, match.start()))
    return lines
