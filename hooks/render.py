"""Rendering planned pages to HTML fragments with our own autoescaping Jinja environment.

The theme (Material) wraps these fragments in its layout. Everything an officer typed is
escaped here, and the values handed to the theme's metadata are escaped too, because the
theme prints page titles and descriptions without escaping.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from hooks.images import PublishedPhoto, Rendition
from hooks.listings import ARCHIVE_URL, NEWS_URL, RADIO_URL, TAG_URL, PlannedPage, SitePlan
from hooks.photos import BODY_IMAGE, PhotoRef
from hooks.posts import Post
from hooks.problems import Problem
from hooks.raw_html import GuardedBody, guard_body
from hooks.settings import GUIDE_DIR, Settings
from hooks.text import format_number
from hooks.video import SCRIPT as VIDEO_SCRIPT
from hooks.video import Video, embed_videos

_TEMPLATES = Path(__file__).parent / "templates"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["number"] = format_number
# Pages are rebuilt when our templates change, too.
_TEMPLATES_DIGEST = hashlib.blake2b(b"".join(p.read_bytes() for p in sorted(_TEMPLATES.glob("*.html")))).hexdigest()

_ALT = re.compile(r"\balt=[\"']([^\"']*)[\"']", re.IGNORECASE)

# How wide a photo in the article column is drawn: the whole phone screen, at most ~45rem on a desktop.
ARTICLE_SIZES = "(min-width: 60em) 45rem, 100vw"


def relative_url(target: str, base: str) -> str:
    """Link from the page at ``base`` to ``target`` (both site-relative directory URLs)."""
    return "../" * base.count("/") + target or "./"


# Material 9.8's page shell has three things the W3C Nu HTML Checker rejects; each fix is local and
# changes nothing a reader sees. Re-check with `make audit` after upgrading Material.
_MATERIAL_MARKUP = (
    # autocomplete is not allowed on checkboxes (the drawer and search toggles)
    (re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'), r"\1"),
    # an empty tabindex on navigation section labels
    (re.compile(r'(<label class="md-nav__link"[^>]*?) tabindex=""'), r"\1"),
)
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
TABLE_REGION = '<div class="tx-table" role="region" aria-label="Bảng" tabindex="0">'


def scrollable_tables(body_html: str) -> str:
    """Each outermost table of a body in a box that scrolls sideways and takes keyboard focus.

    A table wider than a phone scrolls inside its box, and a box that scrolls must be reachable by
    keyboard (WCAG 2.1.1, axe "scrollable-region-focusable"); Material's own wrapper is not.
    """
    depth = 0

    def wrap(tag: re.Match[str]) -> str:
        nonlocal depth
        if not tag.group(1):
            depth += 1
            return TABLE_REGION + tag.group(0) if depth == 1 else tag.group(0)
        if depth == 0:  # a stray closing tag, left as written
            return tag.group(0)
        depth -= 1
        return tag.group(0) + "</div>" if depth == 0 else tag.group(0)

    wrapped = _TABLE_TAG.sub(wrap, body_html)
    return wrapped + "</div>" * min(depth, 1)  # an unclosed table still closes its box


_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_markup(page_html: str) -> str:
    """A finished page with Material's invalid attributes corrected."""
    for pattern, replacement in _MATERIAL_MARKUP:
        page_html = pattern.sub(replacement, page_html)
    if 'id="__toc"' not in page_html:  # the toggle exists only for pages in the menu
        page_html = page_html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return page_html


def problems_page(problems: list[Problem]) -> str:
    """Shown in the preview instead of the site while some file has problems."""
    return _environment.get_template("problems.html").render(problems=problems)


class Renderer:
    """Renders the pages of one plan, given where each published photo is."""

    def __init__(
        self, plan: SitePlan, photos: dict[str, PublishedPhoto], settings: Settings, site_card: Rendition | None = None
    ) -> None:
        self.plan = plan
        self.photos = photos
        self.settings = settings
        self.site_card = site_card  # shared by pages without a photo of their own
        self._settings_repr = repr((settings, site_card))

    def signature(self, page: PlannedPage) -> str:
        """A digest of everything ``page``'s HTML is made from: same digest, same page.

        Under ``mkdocs serve --dirty`` only pages whose digest changed are rebuilt, which is what
        keeps a save-to-preview round trip short on a site of a thousand posts.
        """
        posts = [page.post] if page.post else list(page.listing.posts) if page.listing else []
        if page.home:
            home = page.home
            blocks = [p for _category, _url, items in home.categories for p in items]
            posts = [*([home.review] if home.review else []), *home.featured, *home.latest, *blocks]
        if page.post:
            links = self.plan.links[page.post.source]
            posts += [p for p in (links.newer, links.older, *links.related) if p]
        photos = [self.photos.get(ref.path) for post in posts for ref in post.photos]
        scheduled = sorted(self.plan.scheduled & {post.source for post in posts})
        # The page without its posts (their digests stand in for them), plus what else it shows.
        shell = (page.url, page.title, page.kind, page.description, page.feed, page.months, page.tags, page.portal)
        paging = page.listing.pagination if page.listing else None
        data = repr((_TEMPLATES_DIGEST, shell, paging, [p.digest for p in posts], photos, scheduled, self._settings_repr))
        return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()

    def meta(self, page: PlannedPage) -> dict[str, Any]:
        """Values for the theme's ``page.meta``, escaped because the theme does not escape them.

        ``tinxa_head`` holds the sharing card tags (Open Graph: Facebook, Zalo) for <head>.
        """
        meta: dict[str, Any] = {"title": html.escape(page.title), "description": html.escape(page.description)}
        if page.kind == "home":
            del meta["title"]  # Material titles the home page with the site name alone
            meta["hide"] = ["navigation", "toc"]  # the portal's front page uses the full width
        elif page.kind != "post":
            meta["hide"] = ["toc"]
        if page.post and page.post.author:
            meta["author"] = html.escape(page.post.author)
        meta["tinxa_head"] = self._sharing_card(page)
        if page.kind == "offline":  # a page for the phone without a connection, not for search engines
            _kept_from_search_engines(meta)
        return meta

    @staticmethod
    def escaped_front_matter(meta: dict[str, Any]) -> dict[str, Any]:
        """A hand-written page's front matter as the theme may print it: Material writes title, description
        and author into the page unescaped, and our own ``tinxa_`` values are ours to set, not the page's."""
        return {
            key: html.escape(value) if key in ("title", "description", "author") and isinstance(value, str) else value
            for key, value in meta.items()
            if not str(key).startswith("tinxa_")
        }

    def static_meta(self, url: str, title: str, description: str) -> dict[str, Any]:
        """Sharing card tags and the text size buttons for a hand-written page (docs/), whose title and text
        are the IT staff's own.

        The officers' guide (huong-dan/) is for officers, not residents: kept out of search engines and
        the sitemap (``tinxa_noindex``, read by overrides/sitemap.xml).
        """
        meta: dict[str, Any] = {
            "tinxa_head": self._sharing_card(PlannedPage(url, title, "static", description)),
            "tinxa_textsize": _environment.get_template("textsize.html").render(),  # overrides/main.html shows it
        }
        if url.startswith(f"{GUIDE_DIR}/"):
            _kept_from_search_engines(meta)
        return meta

    def _sharing_card(self, page: PlannedPage) -> str:
        site_url = self.settings.site_url
        lead = page.post
        if page.home:  # the home page shares the picture of its lead story
            lead = next((post for post in page.home.featured + page.home.latest if post.teaser_photo), None)
        card = self.photos[lead.teaser_photo.path].social if lead and lead.teaser_photo else None
        # Every page shares a picture: its own photo's card, else the site's card (logo and name).
        image_alt = page.title if card else self.settings.site_name
        card = card or self.site_card
        image = site_url + card.name if site_url and card else ""
        return _environment.get_template("head.html").render(
            page=page,
            site_name=self.settings.site_name,
            url=site_url + page.url if site_url else "",
            image=image,
            image_alt=image_alt,
            card=card,
            feed=relative_url(page.feed, page.url) if page.feed and site_url else "",
            json_ld=self._news_article(page, image) if page.post and site_url else "",
        )

    def _news_article(self, page: PlannedPage, image: str) -> Markup:
        """schema.org NewsArticle for search engines, as JSON that cannot close its <script>."""
        post = page.post
        assert post is not None
        publisher: dict[str, Any] = {
            "@type": "GovernmentOrganization",
            "name": self.settings.site_name,
            "url": self.settings.site_url,
        }
        if self.site_card:  # the commune's logo and name
            logo = self.site_card
            publisher["logo"] = {
                "@type": "ImageObject",
                "url": self.settings.site_url + logo.name,
                "width": logo.width,
                "height": logo.height,
            }
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": post.title,
            "description": post.summary,
            "datePublished": post.date.iso(),
            "dateModified": post.modified.iso(),
            "articleSection": post.category.name,
            "keywords": [tag.name for tag in post.tags],
            "mainEntityOfPage": self.settings.site_url + page.url,
            "author": {"@type": "Organization", "name": post.author} if post.author else publisher,
            "publisher": publisher,
        }
        if image:
            data["image"] = [image]
        if post.audio:  # the radio bulletin, for search engines' audio results
            data["audio"] = {
                "@type": "AudioObject",
                "contentUrl": self.settings.site_url + post.audio.url,
                "encodingFormat": post.audio.mime,
                "duration": post.audio.iso(),
                "contentSize": f"{post.audio.bytes} B",
            }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    def body_markdown(self, page: PlannedPage) -> str:
        """The post's Markdown with its photos swapped for published derivatives."""
        post = page.post
        if post is None:
            return ""
        photos = dict(post.body_photos)
        # The first photo of a post without a cover is likely on screen at once: do not lazy-load it.
        eager = [post.cover is None]

        def swap(match: re.Match[str]) -> str:
            ref = photos.get(match["src"] or match["angle"] or match["html"])
            if ref is None:
                return match[0]
            lazy, eager[0] = not eager[0], False
            alt = match["alt"] if match["html"] is None else html.unescape(next(iter(_ALT.findall(match[0])), ""))
            # That first photo is then also the largest thing above the fold: fetch it before the rest.
            return self.picture(ref, page.url, alt=alt or post.title, sizes=ARTICLE_SIZES, lazy=lazy, priority=not lazy)

        return BODY_IMAGE.sub(swap, post.body)

    def content(self, page: PlannedPage, body_html: str = "") -> str:
        """The HTML that goes in the theme's content area for ``page``."""
        template = _environment.get_template(f"{page.kind}.html")
        absolute_url = self.settings.site_url + page.url if self.settings.site_url else ""
        return template.render(page=page, body=Markup(body_html), absolute_url=absolute_url, **self._helpers(page.url))

    def _helpers(self, base: str) -> dict[str, Any]:
        def link(target: str) -> str:
            return relative_url(target, base)

        def post_url(post: Post) -> str:
            return link(self.plan.url_of(post))

        def picture(
            ref: PhotoRef | None, alt: str = "", sizes: str = "100vw", lazy: bool = True, priority: bool = False
        ) -> Markup:
            return self.picture(ref, base, alt=alt, sizes=sizes, lazy=lazy, priority=priority) if ref else Markup("")

        def srcset(photo: PublishedPhoto) -> str:
            return _srcset(photo, base)

        return {
            "link": link,
            "post_url": post_url,
            "picture": picture,
            "video": lambda video, label, poster=None: self.video(video, base, label, poster),
            "video_script": relative_url(VIDEO_SCRIPT, base),
            "srcset": srcset,
            "photos": self.photos,
            "plan": self.plan,
            "article_sizes": ARTICLE_SIZES,
            "urls": {"news": NEWS_URL, "archive": ARCHIVE_URL, "tags": TAG_URL, "radio": RADIO_URL},
            "preview": self.settings.show_drafts,  # `mkdocs serve`: notes for the officer, never published
        }

    def video(self, video: Video, base: str, label: str = "Phát video trên YouTube", poster: PhotoRef | None = None) -> Markup:
        """A video block: a poster with a play button that loads YouTube's player only when pressed."""
        # A poster is the front matter video's, at the top of the post: the largest photo above the fold.
        image = self.picture(poster, base, alt="", sizes=ARTICLE_SIZES, lazy=False, priority=True) if poster else ""
        return Markup(_environment.get_template("video.html").render(video=video, label=label, poster=image).strip())

    def guarded_body(self, body_html: str, base: str, post: Post | None = None) -> GuardedBody:
        """A rendered body (a post or a hand-written page) with its YouTube addresses and embeds as video
        blocks, defused for the pages' policy (hooks/raw_html.py); ``post`` when it is a post's."""
        body_html, videos = embed_videos(scrollable_tables(body_html), lambda video: self.video(video, base))
        guarded = guard_body(body_html, self.settings.frame_hosts)
        if videos and not (post and post.video):  # a post with a video of its own loads the script already
            return replace(guarded, html=guarded.html + f'\n<script src="{relative_url(VIDEO_SCRIPT, base)}" defer></script>')
        return guarded

    def picture(self, ref: PhotoRef, base: str, *, alt: str, sizes: str, lazy: bool = True, priority: bool = False) -> Markup:
        """A responsive ``<img>`` for a published photo: srcset, intrinsic size, placeholder colour.

        ``priority``: the page's largest photo above the fold (its LCP element), fetched ahead of other images.
        """
        photo = self.photos[ref.path]
        html = _environment.get_template("picture.html").render(
            photo=photo,
            src=relative_url(photo.closest(960).name, base),
            srcset=_srcset(photo, base),
            alt=alt,
            sizes=sizes,
            lazy=lazy,
            priority=priority,
        )
        return Markup(html.strip())


def _kept_from_search_engines(meta: dict[str, Any]) -> None:
    """Out of search engines (robots) and the sitemap (``tinxa_noindex``, read by overrides/sitemap.xml)."""
    meta["tinxa_head"] = '<meta name="robots" content="noindex, follow">\n' + meta["tinxa_head"]
    meta["tinxa_noindex"] = True


def _srcset(photo: PublishedPhoto, base: str) -> str:
    return ", ".join(f"{relative_url(r.name, base)} {r.width}w" for r in photo.renditions)
