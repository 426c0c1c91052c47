"""The pages' security policy: which scripts, styles, frames and connections a page may use.

The web editor keeps an officer's GitHub token in ``localStorage``, on the same origin as every public
page, and a post body may hold raw HTML. So every page carries a Content-Security-Policy (GitHub Pages
cannot send headers; a ``<meta http-equiv>`` first in ``<head>`` is enforced before any script):
scripts only from our own files plus the hashes of the inline scripts on that page, computed from the
finished HTML. A body's own scripts never get there: hooks/raw_html.py takes them out of the body and
tells the officer, and an ``on…`` attribute or a ``javascript:`` link, which no hash allows, never runs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from hooks.problems import Problem

REFERRER_POLICY = "strict-origin-when-cross-origin"
# The one host a page may frame, and only on pages that show a video (hooks/video.py).
VIDEO_FRAME_HOST = "https://www.youtube-nocookie.com"
VIDEO_MARKER = "data-tx-video"  # on each video block (hooks/templates/video.html)

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""(?<![\w-])type\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"(?<![\w-])src\s*=", re.IGNORECASE)
# Starts with its literal word, which the regex engine finds fast; the space before it is checked after.
_STYLE_ATTRIBUTE = re.compile(r"""style\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A link's start tag, quoted values may hold ">"; then its target and rel, not data-target or data-rel.
_LINK_TAG = re.compile(r"""<(?:a|area)\b(?:"[^"]*"|'[^']*'|[^'">])*>""", re.IGNORECASE)
_NEW_TAB = re.compile(r"""(?<![\w-])target\s*=\s*(?:"_blank"|'_blank'|_blank(?=[\s/>]))""", re.IGNORECASE)
_REL = re.compile(r"""(?<![\w-])rel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_CHARSET = re.compile(r"""\s*<meta charset=["']?[\w-]+["']?\s*/?>""", re.IGNORECASE)
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
    return {
        html.unescape(match[1] if match[1] is not None else match[2])
        for match in _STYLE_ATTRIBUTE.finditer(page_html)
        if page_html[match.start() - 1].isspace()
    }


def public_policy(page_html: str, frame_hosts: Collection[str] = ()) -> Policy:
    """The policy of one public page, from its finished HTML.

    Every inline script on the page is hashed: bodies have none left (hooks/raw_html.py) and front matter
    reaches the theme escaped (hooks/render.py). Style: our own stylesheets; inline ``style`` attributes
    only with the exact values on the page (photo placeholder colours, table column alignment), through
    ``'unsafe-hashes'``; no ``<style>`` element. Material's own scripts need nothing more.
    ``frame_hosts``: the other sites the IT staff let posts frame (``extra.tinxa.frame_hosts``).
    """
    script_hashes = sorted({hash_source(text) for text in inline_scripts(page_html)})
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


def theme_feature_problems(features: Iterable[str]) -> list[Problem]:
    """Material features the policy cannot live with. Instant navigation swaps pages without loading
    them, so the first page's policy would govern every page after it (a video page reached from a
    page without one could not play)."""
    if "navigation.instant" not in features:
        return []
    return [
        Problem(
            "mkdocs.yml",
            "tính năng navigation.instant của Material không dùng được với chính sách bảo mật của trang",
            "xoá dòng “- navigation.instant” trong theme.features",
            field="theme.features",
        )
    ]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def with_policy(page_html: str, policy: Policy) -> str:
    """The page with its policy and referrer policy first in ``<head>``, before any script.

    Only ``<meta charset>`` stays ahead of them: it must sit in the page's first 1024 bytes, and a
    policy with many hashes would push it out.
    """
    content = html.escape(str(policy), quote=False).replace('"', "&quot;")  # quotes in the policy stay readable
    tags = f'<meta http-equiv="Content-Security-Policy" content="{content}"><meta name="referrer" content="{REFERRER_POLICY}">'
    head = _HEAD.search(page_html)
    if head is None:
        return page_html
    at = head.end()
    charset = _CHARSET.match(page_html, at)
    if charset:
        at = charset.end()
    return page_html[:at] + tags + page_html[at:]


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
        if not _NEW_TAB.search(tag):
            return tag
        rel = _REL.search(tag)
        if rel is None:
            end = len(tag) - (2 if tag.endswith("/>") else 1)
            return tag[:end].rstrip() + ' rel="noopener noreferrer"' + tag[end:]
        words = next(group for group in rel.groups() if group is not None).split()
        missing = [word for word in ("noopener", "noreferrer") if word not in (w.lower() for w in words)]
        if not missing:
            return tag
        return tag[: rel.start()] + f'rel="{" ".join([*words, *missing])}"' + tag[rel.end() :]

    # Only the few tags around a "_blank" are looked at, not every link of the page.
    parts, done = [], 0
    for blank in re.finditer("_blank", page_html):
        start = page_html.rfind("<", done, blank.start())
        tag = _LINK_TAG.match(page_html, start) if start >= 0 else None
        if tag is None or tag.end() <= blank.start():
            continue
        parts += [page_html[done:start], fix(tag)]
        done = tag.end()
    return "".join(parts) + page_html[done:] if parts else page_html


def secure_page(page_html: str, frame_hosts: Collection[str] = ()) -> str:
    """A finished public page, locked down: its policy first in ``<head>``, new-tab links without opener."""
    page_html = without_opener(page_html)
    return with_policy(page_html, public_policy(page_html, frame_hosts))
