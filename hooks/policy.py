"""The pages' security policy: which scripts, styles, frames and connections a page may use.

The web editor keeps an officer's GitHub token in ``localStorage``, on the same origin as every public
page, and a post body may hold raw HTML. So every page carries a Content-Security-Policy (GitHub Pages
cannot send headers; a ``<meta http-equiv>`` first in ``<head>`` is enforced before any script):
scripts only from our own files plus the hashes of the inline scripts the theme itself wrote on that
page, computed from the finished HTML. An inline script, an ``on…`` attribute or a ``javascript:``
link written in a post body is not hashed, so it never runs; ``blocked_markup`` names each one so the
build can tell the officer.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hooks.problems import Problem

REFERRER_POLICY = "strict-origin-when-cross-origin"
# The one host a page may frame, and only on pages that show a video (hooks/video.py).
VIDEO_FRAME_HOST = "https://www.youtube-nocookie.com"
VIDEO_MARKER = 'class="tx-video"'

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_NEW_TAB_LINK = re.compile(r"""<a\b[^>]*\btarget\s*=\s*["']?_blank\b[^>]*>""", re.IGNORECASE)
_REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_FRAME_TAG = re.compile(r"<iframe\b", re.IGNORECASE)
_POLICY_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src \'self\')')
# What browsers run as script; JSON and JSON-LD blocks are data and need no hash.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


@dataclass(frozen=True)
class Policy:
    """A Content-Security-Policy as ordered directives, e.g. ``("script-src", ("'self'", "'sha256-…'"))``."""

    directives: tuple[tuple[str, tuple[str, ...]], ...]

    def __str__(self) -> str:
        return "; ".join(" ".join((name, *sources)) for name, sources in self.directives)

    def sources(self, name: str) -> tuple[str, ...]:
        return next((sources for directive, sources in self.directives if directive == name), ())


def hash_source(text: str) -> str:
    """The CSP source that allows exactly ``text`` (an inline script, or a style attribute's value)."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script a browser would run, in page order."""
    scripts = []
    for match in _SCRIPT.finditer(page_html):
        attributes, text = match[1], match[2]
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind[1].lower() not in _SCRIPT_TYPES):
            continue
        scripts.append(text)
    return scripts


def style_attributes(page_html: str) -> set[str]:
    """The values of the page's ``style`` attributes, as the browser reads them (entities decoded)."""
    return {html.unescape(match[1] if match[1] is not None else match[2]) for match in _STYLE_ATTRIBUTE.finditer(page_html)}


def public_policy(page_html: str, blocked_scripts: Collection[str] = (), frame_hosts: Collection[str] = ()) -> Policy:
    """The policy of one public page, from its finished HTML.

    ``blocked_scripts`` are the inline scripts that came from the page's body (a post, a hand-written
    page): they get no hash. Style: our own stylesheets; inline ``style`` attributes only with the
    exact values on the page (photo placeholder colours, table column alignment), through
    ``'unsafe-hashes'``; no ``<style>`` element. Material's own scripts need nothing more.
    ``frame_hosts``: the other sites the IT staff let posts frame (``extra.tinxa.frame_hosts``).
    """
    blocked = set(blocked_scripts)
    script_hashes = sorted({hash_source(text) for text in inline_scripts(page_html) if text not in blocked})
    style_hashes = sorted(hash_source(value) for value in style_attributes(page_html))
    frames = ["'self'"]
    if VIDEO_MARKER in page_html:
        frames.append(VIDEO_FRAME_HOST)
    if frame_hosts and _FRAME_TAG.search(page_html):
        frames += frame_hosts
    directives: list[tuple[str, tuple[str, ...]]] = [
        ("default-src", ("'self'",)),
        ("script-src", ("'self'", *script_hashes)),
        ("style-src", ("'self'",)),
    ]
    if style_hashes:
        directives.append(("style-src-attr", ("'unsafe-hashes'", *style_hashes)))
    directives += [
        ("img-src", ("'self'", "data:")),
        ("frame-src", tuple(dict.fromkeys(frames))),
        ("object-src", ("'none'",)),
        ("base-uri", ("'self'",)),
        ("form-action", ("'self'",)),
    ]
    return Policy(tuple(directives))


def editor_policy(page_html: str, api_root: str, login_url: str = "", local_port: int | None = None) -> Policy:
    """The policy of /admin/: Decap CMS needs more than a public page, and each exception says why."""
    # The GitHub API: reading and saving posts and photos; blob: the photos being uploaded, which Decap
    # reads back from the object URLs it made of them.
    connect = ["'self'", "blob:", _origin(api_root)]
    if login_url:
        connect.append(_origin(login_url))  # the login service that hands out the GitHub token
    if local_port:
        # `make admin`'s save service on the officer's own computer (Decap's local_backend).
        connect += [f"http://127.0.0.1:{local_port}", f"http://localhost:{local_port}"]
    script_hashes = sorted({hash_source(text) for text in inline_scripts(page_html)})
    return Policy(
        (
            ("default-src", ("'self'",)),
            ("script-src", ("'self'", *script_hashes)),
            # Decap styles itself with CSS-in-JS (emotion): it writes <style> elements at run time,
            # with contents no build can know. Styles cannot run code or reach other hosts here.
            ("style-src", ("'self'", "'unsafe-inline'")),
            # blob: photos being uploaded and photos read back from the repository; the GitHub avatar
            # of an officer signed in through the login service.
            ("img-src", ("'self'", "data:", "blob:", "https://avatars.githubusercontent.com")),
            ("connect-src", tuple(dict.fromkeys(connect))),
            ("object-src", ("'none'",)),
            ("base-uri", ("'self'",)),
            ("form-action", ("'self'",)),
        )
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def with_policy(page_html: str, policy: Policy) -> str:
    """The page with its policy and referrer policy as the first elements of ``<head>``."""
    content = html.escape(str(policy), quote=False).replace('"', "&quot;")  # quotes in the policy stay readable
    tags = f'<meta http-equiv="Content-Security-Policy" content="{content}"><meta name="referrer" content="{REFERRER_POLICY}">'
    head = _HEAD.search(page_html)
    if head is None:
        return page_html
    return page_html[: head.end()] + tags + page_html[head.end() :]


def allow_added_scripts(built_html: str, served_html: str) -> str:
    """``served_html`` with the inline scripts it has beyond ``built_html`` allowed by its policy: the
    preview's live-reload script, which MkDocs adds to each page as it serves it."""
    built = set(inline_scripts(built_html))
    hashes = " ".join(sorted({hash_source(text) for text in inline_scripts(served_html) if text not in built}))
    return _POLICY_META.sub(lambda match: f"{match[1]} {hashes}", served_html, count=1) if hashes else served_html


def without_opener(page_html: str) -> str:
    """Every link that opens a new tab made ``rel="noopener noreferrer"``: the new page gets no handle on this one."""

    def fix(match: re.Match[str]) -> str:
        tag = match[0]
        rel = _REL.search(tag)
        if rel is None:
            return tag[:-1].rstrip("/ ") + ' rel="noopener noreferrer">'
        words = (rel[1] if rel[1] is not None else rel[2]).split()
        missing = [word for word in ("noopener", "noreferrer") if word not in (w.lower() for w in words)]
        if not missing:
            return tag
        return tag[: rel.start()] + f'rel="{" ".join([*words, *missing])}"' + tag[rel.end() :]

    return _NEW_TAB_LINK.sub(fix, page_html)


def secure_page(page_html: str, blocked_scripts: Collection[str] = (), frame_hosts: Collection[str] = ()) -> str:
    """A finished public page, locked down: its policy first in ``<head>``, new-tab links without opener."""
    page_html = without_opener(page_html)
    return with_policy(page_html, public_policy(page_html, blocked_scripts, frame_hosts))


@dataclass(frozen=True)
class BlockedMarkup:
    """One thing in a body the policy stops, with the text that finds it in the source."""

    needle: str  # e.g. "<script", "onerror", "javascript:" (searched case-insensitively)
    message: str
    fix: str


@dataclass(frozen=True)
class GuardedBody:
    """A rendered body made safe to show: other sites' frames turned into links, the rest listed."""

    html: str
    blocked: tuple[BlockedMarkup, ...]  # what the page's policy stops, in order
    scripts: tuple[str, ...]  # the body's inline scripts: never hashed

    def problems(self, file: str, source: str, first_line: int = 1) -> list[Problem]:
        """The officer's report: each blocked thing with its line in ``source`` (the body as written)."""
        lines = source_lines(self.blocked, source, first_line)
        return [Problem(file, item.message, item.fix, line=line) for item, line in zip(self.blocked, lines, strict=True)]


_SCRIPT_FIX = "bỏ đoạn mã này: trang chỉ chạy mã của phần mềm Tin Xã. Cần tính năng gì thì nhờ cán bộ CNTT"
_FRAME_FIX = (
    "video YouTube: dán địa chỉ video (https://www.youtube.com/watch?v=…) trên một dòng riêng hoặc ghi vào trường video:. "
    "Nội dung khác (bản đồ, Facebook…): trang đã thay khung bằng một liên kết; có thể tự viết liên kết [Xem bản đồ](địa chỉ), "
    "hoặc nhờ cán bộ CNTT cho phép trang đó (extra.tinxa.frame_hosts trong mkdocs.yml)"
)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
_MEDIA_TAGS = {"img", "audio", "video", "source", "track", "input"}
_WORTH_SCANNING = re.compile(
    r"<(?:script|iframe|frame|object|embed|applet|base|form|img|audio|video|source|track|input)\b|\son\w+\s*=|javascript:",
    re.IGNORECASE,
)
_FRAME = re.compile(r"<(i?frame)\b([^>]*)>(?:.*?</\1\s*>)?", re.IGNORECASE | re.DOTALL)
_FRAME_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


class _BodyScanner(HTMLParser):
    """Lists what a body holds that the policy stops."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[BlockedMarkup] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.found.append(BlockedMarkup("<script", "đoạn mã <script> trong bài không được chạy", _SCRIPT_FIX))
        for name in values:
            if name.startswith("on"):
                self.found.append(BlockedMarkup(name, f"thuộc tính “{name}” (mã chạy khi bấm, khi tải…) không chạy", _SCRIPT_FIX))
        for name in _URL_ATTRIBUTES:
            if re.sub(r"[\s\x00-\x1f]", "", values.get(name, "")).lower().startswith("javascript:"):
                self.found.append(BlockedMarkup("javascript:", "liên kết “javascript:” không được chạy", _SCRIPT_FIX))
        source = urlsplit(values.get("src", ""))
        if tag in ("object", "embed", "applet"):
            self.found.append(BlockedMarkup(f"<{tag}", f"nội dung nhúng <{tag}> không được hiển thị", _FRAME_FIX))
        elif tag == "base":
            self.found.append(BlockedMarkup("<base", "thẻ <base> làm sai mọi liên kết của trang", "bỏ thẻ <base>"))
        elif tag == "form" and urlsplit(values.get("action", "")).netloc:
            fix = "thay biểu mẫu bằng một liên kết tới trang đó"
            self.found.append(BlockedMarkup("<form", "biểu mẫu gửi tới trang khác bị chặn", fix))
        elif tag in _MEDIA_TAGS and source.scheme in ("http", "https"):
            self.found.append(
                BlockedMarkup(
                    source.netloc,
                    f"ảnh, âm thanh hay video lấy từ trang khác ({source.netloc}) không được hiển thị",
                    "tải tệp về, chép vào images/ (ảnh) hoặc files/ (tệp khác) rồi dẫn tới tệp đó",
                )
            )


def _frame_link(match: re.Match[str], found: list[BlockedMarkup], frame_hosts: Collection[str]) -> str:
    """Another site's frame, which the policy would leave as an empty box, as a link to what it showed;
    a frame from a site the IT staff allowed stays."""
    src = _FRAME_SRC.search(match[2])
    url = html.unescape(next((group for group in src.groups() if group is not None), "")) if src else ""
    parts = urlsplit(url)
    if parts.scheme == "https" and f"https://{parts.netloc.lower()}" in frame_hosts:
        return match[0]
    host = parts.netloc or "trang khác"
    message = f"khung nhúng từ {host} không được hiển thị (trang hiện một liên kết thay vào)"
    found.append(BlockedMarkup(f"<{match[1].lower()}", message, _FRAME_FIX))
    if parts.scheme not in ("http", "https"):
        return ""
    return (
        f'<p class="tx-embed-link"><a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
        f"Mở nội dung nhúng từ {html.escape(host)}</a></p>"
    )


def guard_body(body_html: str, frame_hosts: Collection[str] = ()) -> GuardedBody:
    """A rendered body (a post, a hand-written page) checked against the policy before it goes in the page.

    ``frame_hosts``: the other sites whose frames the policy allows (``extra.tinxa.frame_hosts``)."""
    if not _WORTH_SCANNING.search(body_html):
        return GuardedBody(body_html, (), ())
    scripts = tuple(match[2] for match in _SCRIPT.finditer(body_html))
    scanner = _BodyScanner()
    scanner.feed(body_html)
    scanner.close()
    frames: list[BlockedMarkup] = []
    guarded = _FRAME.sub(lambda match: _frame_link(match, frames, frame_hosts), body_html)
    # Frames first in the report is fine: each kind keeps its own order for finding lines.
    return GuardedBody(guarded, (*frames, *scanner.found), scripts)


def source_lines(found: Iterable[BlockedMarkup], source: str, first_line: int = 1) -> list[int | None]:
    """The line of ``source`` each finding comes from: the n-th finding of a needle is its n-th occurrence."""
    lowered, cursors, lines = source.lower(), {}, []
    for item in found:
        needle = item.needle.lower()
        at = lowered.find(needle, cursors.get(needle, 0))
        if at < 0:
            lines.append(None)
            continue
        cursors[needle] = at + len(needle)
        lines.append(first_line + source.count("\n", 0, at))
    return lines
