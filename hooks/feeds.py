"""RSS 2.0 feeds: the whole site and each category, newest first.

Written with ElementTree (which escapes every value) rather than a feed library: the format
is small, and owning it keeps the output deterministic (no build-time clock in the feed).
"""

from __future__ import annotations

import email.utils
import html
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree

from hooks.audio import Audio
from hooks.dates import LOCAL_ZONE, PostDate

FEED_FILE = "feed.xml"
FEED_LENGTH = 20
ATOM = "http://www.w3.org/2005/Atom"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"  # what podcast apps read, Apple's and the others
PODCAST_CATEGORY = "Government"  # one of Apple's podcast categories


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str  # absolute
    published: PostDate
    summary: str
    category: str
    image: str = ""  # absolute URL of a JPEG
    image_bytes: int = 0
    updated: PostDate | None = None  # the post's ``updated:``, when the officer gave one
    audio: Audio | None = None  # a radio bulletin: in a podcast feed its sound file is the enclosure
    audio_url: str = ""  # absolute

    @property
    def modified(self) -> PostDate:
        return self.updated or self.published


@dataclass(frozen=True)
class Podcast:
    """What makes a feed a podcast for podcast apps (the iTunes namespace)."""

    image: str  # absolute URL of a square JPEG, at least 1400×1400 as Apple asks
    author: str


@dataclass(frozen=True)
class Feed:
    title: str
    link: str  # absolute URL of the page the feed follows
    url: str  # absolute URL of the feed itself
    description: str
    items: tuple[FeedItem, ...]
    podcast: Podcast | None = None


def rfc822(date: PostDate) -> str:
    return email.utils.format_datetime(date.moment.replace(tzinfo=LOCAL_ZONE))


def render_rss(feed: Feed) -> bytes:
    ElementTree.register_namespace("atom", ATOM)
    ElementTree.register_namespace("itunes", ITUNES)
    rss = ElementTree.Element("rss", {"version": "2.0"})
    channel = ElementTree.SubElement(rss, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", feed.link)
    _text(channel, "description", feed.description)
    _text(channel, "language", "vi")
    ElementTree.SubElement(channel, f"{{{ATOM}}}link", {"href": feed.url, "rel": "self", "type": "application/rss+xml"})
    if feed.podcast:
        if feed.podcast.image:
            ElementTree.SubElement(channel, f"{{{ITUNES}}}image", {"href": feed.podcast.image})
        _text(channel, f"{{{ITUNES}}}author", feed.podcast.author)
        ElementTree.SubElement(channel, f"{{{ITUNES}}}category", {"text": PODCAST_CATEGORY})
        _text(channel, f"{{{ITUNES}}}explicit", "false")
        _text(channel, f"{{{ITUNES}}}type", "episodic")
    if feed.items:
        # The newest item's date, not the clock: the same posts give the same bytes.
        _text(channel, "lastBuildDate", rfc822(max(item.modified for item in feed.items)))
    for item in feed.items:
        element = ElementTree.SubElement(channel, "item")
        _text(element, "title", item.title)
        _text(element, "link", item.link)
        ElementTree.SubElement(element, "guid", {"isPermaLink": "true"}).text = item.link
        _text(element, "pubDate", rfc822(item.published))
        if item.updated:  # RSS 2.0 has no element of its own for it; readers know Atom's
            _text(element, f"{{{ATOM}}}updated", item.updated.iso())
        # Readers treat <description> as HTML: escape the officer's text so it shows as typed.
        _text(element, "description", html.escape(item.summary, quote=False))
        _text(element, "category", item.category)
        if item.audio and feed.podcast:  # other feeds keep the picture: readers show it beside the title
            length, kind = str(item.audio.bytes), item.audio.enclosure_type
            ElementTree.SubElement(element, "enclosure", {"url": item.audio_url, "length": length, "type": kind})
            _text(element, f"{{{ITUNES}}}duration", item.audio.podcast_duration())
            _text(element, f"{{{ITUNES}}}explicit", "false")
        elif item.image:
            ElementTree.SubElement(
                element, "enclosure", {"url": item.image, "length": str(item.image_bytes), "type": "image/jpeg"}
            )
    ElementTree.indent(rss)
    return ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text


def newest(items: list[FeedItem], length: int | None = FEED_LENGTH) -> tuple[FeedItem, ...]:
    """The ``length`` newest items, newest first (every item when ``length`` is None)."""
    return tuple(sorted(items, key=lambda item: (item.published, item.link), reverse=True)[:length])


def robots_txt(site_url: str, hidden: Iterable[str] = ()) -> bytes:
    """Allow everything but ``hidden`` (site-relative folders) and point crawlers at the sitemap."""
    base = urlsplit(site_url).path
    rules = "".join(f"Disallow: {base}{folder}\n" for folder in hidden)
    return f"User-agent: *\n{rules}Allow: /\n\nSitemap: {site_url}sitemap.xml\n".encode()
