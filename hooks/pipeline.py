"""The pipeline in order: read posts -> publish their photos -> plan pages -> render.

Knows nothing of MkDocs, so the same stages could feed another engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import markdown

from hooks import editor, feeds, images, offline, search
from hooks.listings import DOCUMENTS_URL, RADIO_TITLE, RADIO_URL, PlannedPage, SitePlan, is_published, plan_site
from hooks.photos import PhotoRef
from hooks.portal import Portal, read_portal
from hooks.posts import Post, read_posts
from hooks.problems import Problem, SiteError
from hooks.render import Renderer
from hooks.settings import Settings
from hooks.text import format_number, format_size, html_to_text
from hooks.video import without_video_lines

CACHE_DIR = ".cache/tinxa"  # photo derivatives, relative to the site root (kept by CI)


@dataclass
class Site:
    settings: Settings
    plan: SitePlan
    photos: images.PublishReport
    renderer: Renderer
    cache_dir: Path
    portal: Portal

    @property
    def notices(self) -> list[Problem]:
        """What the officer should fix in the posts, though the site builds: told with a ⚠."""
        return [notice for post in self.plan.newest for notice in post.notices]

    def raw_html_notices(self, markdown_extensions: list[Any]) -> list[Problem]:
        """What the pages' policy stops in the posts' bodies, as the build tells it, without building
        (``make check``); ``markdown_extensions`` as mkdocs.yml lists them."""
        names: list[str] = []
        configs: dict[str, Any] = {}
        for item in markdown_extensions:
            name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            names.append(name)
            if isinstance(config, dict):
                configs[name] = config
        converter = markdown.Markdown(extensions=names, extension_configs=configs)
        notices = []
        for post in self.plan.newest:
            body = converter.reset().convert(post.body)
            guarded = self.renderer.guarded_body(body, self.plan.url_of(post), post)
            if guarded.blocked:
                source = (self.settings.root / post.source).read_text(encoding="utf-8", errors="replace")
                notices += guarded.problems(post.source, source)
        return notices

    @property
    def attachments(self) -> list[str]:
        """Files published as they are, by their path under the site root: the documents' PDFs and the
        radio bulletins' sound files."""
        sounds = [post.audio.path for post in self.plan.newest if post.audio]
        return list(dict.fromkeys([*self.portal.files, *sounds]))

    def page(self, src_uri: str) -> PlannedPage | None:
        if not src_uri.endswith("index.md"):
            return None
        return self.plan.pages.get(src_uri[: -len("index.md")])

    def updated(self, src_uri: str) -> str | None:
        """The date a page last changed, for the sitemap: from the posts, never the build clock.

        A post changes on its ``updated:`` date (else its publication date), a listing with its
        posts; hand-written pages are dated with the newest post, so building the same tree twice
        gives the same bytes.
        """
        page = self.page(src_uri)
        posts = [page.post] if page and page.post else page.listing.posts if page and page.listing else []
        dates = [p.modified.day for p in posts] or [p.date.day for p in self.plan.newest[:1]]
        return max(dates).isoformat() if dates else None

    def generated_files(
        self, rendered: Mapping[str, tuple[str, str, str]], posts: search.SearchIndex | None = None
    ) -> dict[str, bytes]:
        """Files written beside the pages once they are rendered: search index, feeds, robots.txt, /admin/."""
        files = self.search_files(rendered, posts)
        files.update(editor.editor_files(self.settings))
        site_url = self.settings.site_url
        if site_url:  # feeds and robots.txt need absolute addresses
            files.update(self.feed_files(site_url))
            files["robots.txt"] = feeds.robots_txt(site_url, hidden=[editor.EDITOR_URL])
        return files

    def offline_files(self, site_dir: Path) -> dict[str, bytes]:
        """The offline reader's worker, from the otherwise finished site in ``site_dir``."""
        return {offline.WORKER_FILE: offline.worker_file(site_dir, [self.plan.url_of(post) for post in self.plan.public])}

    def feed_files(self, site_url: str) -> dict[str, bytes]:
        """The site's RSS feed and one per category, at ``feed.xml`` beside each listing; the radio
        bulletins' podcast beside their listing."""
        items: dict[str, list[feeds.FeedItem]] = {"": []}
        for post in self.plan.public:
            card = self.photos.photos[post.teaser_photo.path].social if post.teaser_photo else None
            item = feeds.FeedItem(
                title=post.title,
                link=site_url + self.plan.url_of(post),
                published=post.date,
                updated=post.updated,
                summary=post.summary,
                category=post.category.name,
                image=site_url + card.name if card else "",
                image_bytes=card.bytes if card else 0,
                audio=post.audio,
                audio_url=site_url + post.audio.url if post.audio else "",
            )
            items[""].append(item)
            items.setdefault(self.plan.links[post.source].category_url, []).append(item)
        files = {}
        name = self.settings.site_name
        for category, url, _count in [(None, "", 0), *self.plan.categories]:
            title = f"{name} – {category.name}" if category else f"{name} – Tin mới"
            feed = feeds.Feed(
                title,
                site_url + url,
                site_url + url + feeds.FEED_FILE,
                self.settings.tagline or name,
                feeds.newest(items.get(url, [])),
            )
            files[url + feeds.FEED_FILE] = feeds.render_rss(feed)
        if RADIO_URL in self.plan.pages:
            cover = self.photos.podcast_cover
            podcast = feeds.Feed(
                f"{name} – {RADIO_TITLE}",
                site_url + RADIO_URL,
                site_url + RADIO_URL + feeds.FEED_FILE,
                f"Bản tin truyền thanh của {name}.",
                # Every bulletin: a new subscriber's app lists the back catalogue too (items are small).
                feeds.newest([item for item in items[""] if item.audio], length=None),
                feeds.Podcast(site_url + cover.name if cover else "", name),
            )
            files[RADIO_URL + feeds.FEED_FILE] = feeds.render_rss(podcast)
        return files

    def _post_documents(self) -> list[tuple[Post, search.SearchDocument]]:
        """Each public post, newest first, with its search document still without the text."""
        return [
            (
                post,
                search.SearchDocument(
                    url=self.plan.url_of(post),
                    title=post.title,
                    text="",
                    date=post.date.short(),
                    category=post.category.name,
                    tags=tuple(tag.name for tag in post.tags),
                ),
            )
            for post in self.plan.public
        ]

    def search_sources(self) -> list[tuple[search.SearchDocument, str]]:
        """The posts' search documents with the Markdown their text comes from, in a form another
        process can take (``search.index_posts``). The body as written: its photos and video addresses add no words."""
        return [(document, without_video_lines(post.body)) for post, document in self._post_documents()]

    def search_files(
        self, rendered: Mapping[str, tuple[str, str, str]], index: search.SearchIndex | None = None
    ) -> dict[str, bytes]:
        """The search index: posts (newest first; ``index`` holds them when indexed already), then
        documents, then hand-written pages from their rendered body (``rendered[src_uri] = (url, title, html)``).

        Drafts and scheduled posts are never indexed, not even in the preview.
        """
        if index is None:
            index = search.SearchIndex()
            for _post, document in self._post_documents():
                if document.url + "index.md" in rendered:
                    index.add(replace(document, text=html_to_text(rendered[document.url + "index.md"][2])))
        for document in self.portal.documents:
            index.add(
                search.SearchDocument(
                    url=f"{DOCUMENTS_URL}#{document.anchor}",
                    title=f"{document.kind} số {document.number}: {document.summary}",
                    text=f"{document.summary} {document.issuer}",
                    date=document.issued.short(),
                    category="Văn bản",
                )
            )
        for src_uri, (url, title, markup) in sorted(rendered.items()):
            if self.page(src_uri) is None:
                index.add(search.SearchDocument(url=url, title=html_to_text(title), text=html_to_text(markup), category="Trang"))
        return index.files()

    def summary(self) -> str:
        posts = sum(1 for p in self.plan.pages.values() if p.kind == "post")
        photos = self.photos
        return (
            f"Tin Xã: {posts} bài viết, {len(self.plan.pages)} trang; ảnh: {len(photos.photos)} "
            f"({photos.cache_hits} có sẵn, {photos.processed} mới xử lý trong {photos.seconds:.1f} giây, "
            f"{format_size(photos.bytes_out)} ảnh đăng lên)."
        )


def prepare(
    settings: Settings,
    now: dt.datetime,
    cache_dir: Path,
    static_pages: Mapping[str, str],
    progress: images.Progress | None = None,
) -> Site:
    """Run every stage up to rendering; raise ``SiteError`` listing every problem found.

    ``static_pages`` maps the URLs of hand-written pages (docs/) to their files.
    """
    read = read_posts(settings)
    problems: list[Problem] = list(read.problems)
    published = [p for p in read.posts if is_published(p, settings, now)]

    # Photos of posts with other problems are checked too, so one build reports everything.
    named = [(post.source, ref) for post in published for ref in post.photos] + read.unpublished_photos
    wanted: dict[str, list[tuple[str, PhotoRef]]] = {}
    for source, ref in named:
        wanted.setdefault(ref.path, []).append((source, ref))
    covers = {post.teaser_photo.path for post in published if post.teaser_photo}
    report = images.publish(wanted, settings.images_path, cache_dir, social=covers, progress=progress)
    for path, error in report.errors.items():
        for source, ref in wanted[path]:
            problems.append(Problem(source, str(error), error.fix, line=ref.line, field=ref.field))

    try:
        report.site_card = images.site_card(card_design(settings), cache_dir)
        if settings.site_url and any(post.audio for post in published):  # only the podcast feed shows it
            report.podcast_cover = images.site_card(card_design(settings), cache_dir, images.PODCAST_SIZE)
    except images.PhotoError as error:
        problems.append(Problem("mkdocs.yml", str(error), error.fix, field="extra.tinxa.card_image"))

    portal = read_portal(settings.root)
    problems.extend(portal.problems)
    plan = plan_site(read.posts, settings, now, static_pages, portal)
    problems.extend(plan.problems)
    if problems:
        raise SiteError(problems)
    return Site(settings, plan, report, Renderer(plan, report.photos, settings, report.site_card), cache_dir, portal)


def card_design(settings: Settings) -> images.CardDesign:
    """The site card's inputs from the settings: the commune's own picture, or its logo and name."""
    return images.CardDesign(
        name=settings.site_name,
        tagline=settings.tagline,
        colour=settings.card_colour,
        logo=settings.root / settings.logo if settings.logo else None,
        picture=settings.root / settings.card_image if settings.card_image else None,
    )


PAGES_LIMIT = 1024**3  # GitHub Pages refuses sites over 1 GB


def site_size_report(site_dir: Path) -> tuple[bool, str]:
    """(over 80 % of the GitHub Pages limit?, a line about the built site's size)."""
    total = sum(f.stat().st_size for f in site_dir.rglob("*") if f.is_file())
    share = total / PAGES_LIMIT
    message = (
        f"Tin Xã: trang đã dựng nặng {format_size(total)} ({format_number(share * 100, 1)}% giới hạn 1 GB của GitHub Pages)."
    )
    if share >= 0.8:
        message += " Sắp vượt giới hạn: nên xoá bớt ảnh cũ hoặc chuyển ảnh cũ sang nơi lưu trữ khác."
    return share >= 0.8, message
