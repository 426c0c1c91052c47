"""Planning the site: one URL per post, and the listings that lead readers to posts.

Pure data in, pure data out: which pages exist, at which URL, showing which posts.
URLs are site-relative in directory form ("tin-tuc/slug/"; the home page is "").
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hooks.dates import month_title
from hooks.feeds import FEED_FILE
from hooks.offline import OFFLINE_URL
from hooks.portal import Portal
from hooks.posts import Post, Tag, unique_tags
from hooks.problems import Problem
from hooks.search import SEARCH_FOLDER
from hooks.settings import Category, Settings

NEWS_URL = "tin-tuc/"
CATEGORY_URL = "chuyen-muc/"
TAG_URL = "the/"
ARCHIVE_URL = "luu-tru/"
SEARCH_URL = SEARCH_FOLDER
DOCUMENTS_URL = "van-ban/"
PROCEDURES_URL = "thu-tuc-hanh-chinh/"
SCHEDULE_URL = "lich-cong-tac/"
LIBRARY_URL = "thu-vien-anh/"
# The commune's radio bulletins: posts of any category with a sound file. A section, not a category,
# since the categories are the commune's own setting; it exists once a post has ``audio:``.
RADIO_URL = "truyen-thanh/"
RADIO_TITLE = "Truyền thanh"
PAGE_SEGMENT = "trang-{}/"


@dataclass
class Pagination:
    number: int  # 1-based
    urls: list[str]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass
class Listing:
    """One page of a list of posts: all news, a category, a tag or a month."""

    posts: list[Post]
    total: int
    pagination: Pagination


@dataclass
class MonthEntry:
    year: int
    month: int
    url: str
    count: int


@dataclass
class HomePage:
    review: Post | None  # the newest post with key figures, shown as a figures box
    featured: list[Post]
    latest: list[Post]
    categories: list[tuple[Category, str, list[Post]]]  # (category, its url, newest posts)


@dataclass
class PlannedPage:
    """A page the site will have. ``kind`` selects how it is rendered."""

    url: str
    title: str
    # "home" | "post" | "listing" | "library" | "archive" | "tags" | "search" | "offline" | "documents"
    # | "procedures" | "schedule"
    kind: str
    description: str = ""
    feed: str = ""  # site-relative URL of the RSS feed that follows this page, if any
    post: Post | None = None
    listing: Listing | None = None
    home: HomePage | None = None
    months: list[MonthEntry] = field(default_factory=list)
    tags: list[tuple[Tag, str, int]] = field(default_factory=list)  # (tag, url, count)
    portal: Portal | None = None

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


@dataclass
class PostLinks:
    """What a post page links to besides itself."""

    category_url: str
    tag_urls: dict[str, str]
    newer: Post | None
    older: Post | None
    related: list[Post]


@dataclass
class SitePlan:
    pages: dict[str, PlannedPage]  # by url
    post_urls: dict[str, str]  # post source -> url
    links: dict[str, PostLinks]  # post source -> links
    problems: list[Problem]
    categories: list[tuple[Category, str, int]]  # (category, url, count)
    newest: list[Post]  # every published post, newest first
    scheduled: set[str]  # sources of posts dated in the future (shown only in the preview)

    def url_of(self, post: Post) -> str:
        return self.post_urls[post.source]

    @property
    def public(self) -> list[Post]:
        """The posts a production build publishes (the preview also shows drafts and scheduled ones)."""
        return [post for post in self.newest if not post.draft and post.source not in self.scheduled]

    def has_posts_at(self, url: str) -> bool:
        """Whether the listing at ``url`` is ours and lists something: the menu leads to no empty section
        (the photo library before any gallery) and to no page of the commune's that holds the address."""
        page = self.pages.get(url)
        return bool(page and page.listing and page.listing.total)


def is_published(post: Post, settings: Settings, now: dt.datetime) -> bool:
    """Drafts and posts dated in the future appear only in the local preview."""
    return settings.show_drafts or (not post.draft and post.date.moment <= now)


def newest_first(posts: Sequence[Post]) -> list[Post]:
    return sorted(posts, key=lambda p: (p.date.moment, p.source), reverse=True)


def plan_site(
    posts: Sequence[Post],
    settings: Settings,
    now: dt.datetime,
    taken: Mapping[str, str] | None = None,
    portal: Portal | None = None,
) -> SitePlan:
    """Decide every generated page of the site from the posts that are to be published.

    ``taken`` maps URLs already used by static pages to their files, so clashes are reported; but a
    commune's own page at the address of the radio bulletins or the photo library (sections of 0.3.0)
    keeps it and the section is left out, so an update never stops a site that had such a page.
    """
    taken = taken or {}
    visible = newest_first([p for p in posts if is_published(p, settings, now)])
    planner = _Planner(settings, taken)

    # Two posts wanting one address: the one that has it keeps it. A written slug: is what clashes
    # (else the newer post), so that post is reported and a published address never moves.
    claims = sorted(visible, key=lambda p: (p.slug_line is not None, p.date.moment, p.source))
    post_urls = {post.source: planner.add_post(post) for post in claims}

    by_category: dict[str, list[Post]] = defaultdict(list)
    by_tag: dict[str, list[Post]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for post in visible:
        by_category[post.category.slug].append(post)
        for tag in post.tags:
            by_tag[tag.slug].append(post)
        by_month[(post.date.moment.year, post.date.moment.month)].append(post)

    planner.add_listing(NEWS_URL, "Tin tức", "Tất cả tin bài mới nhất của xã.", visible)
    bulletins = [post for post in visible if post.audio]
    if bulletins and RADIO_URL not in taken:
        description = "Bản tin truyền thanh của xã: nghe trên trang, tải về hoặc theo dõi bằng ứng dụng podcast."
        planner.add_listing(RADIO_URL, RADIO_TITLE, description, bulletins, feed=f"{RADIO_URL}{FEED_FILE}")

    category_pages = []
    for category in settings.categories:
        url = f"{CATEGORY_URL}{category.slug}/"
        items = by_category.get(category.slug, [])
        planner.add_listing(url, category.name, f"Tin bài chuyên mục {category.name}.", items, feed=f"{url}{FEED_FILE}")
        category_pages.append((category, url, len(items)))

    tag_pages = []
    for slug, tag in sorted(unique_tags(visible).items()):
        url = f"{TAG_URL}{slug}/"
        planner.add_listing(url, f"Thẻ: {tag.name}", f"Tin bài gắn thẻ “{tag.name}”.", by_tag[slug])
        tag_pages.append((tag, url, len(by_tag[slug])))
    planner.add(PlannedPage(TAG_URL, "Các thẻ", "tags", "Danh sách các thẻ tin bài.", tags=tag_pages))

    months = []
    for (year, month), items in sorted(by_month.items(), reverse=True):
        url = f"{ARCHIVE_URL}{year}/{month:02d}/"
        planner.add_listing(url, month_title(year, month), f"Tin bài đăng trong {month_title(year, month).lower()}.", items)
        months.append(MonthEntry(year, month, url, len(items)))
    planner.add(PlannedPage(ARCHIVE_URL, "Lưu trữ", "archive", "Tin bài theo từng tháng.", months=months))
    planner.add(PlannedPage(SEARCH_URL, "Tìm kiếm", "search", "Tìm tin bài trên trang."))
    # Every post with a gallery is an album; the page exists even without one, so its address never breaks.
    albums = [post for post in visible if post.gallery]
    if LIBRARY_URL not in taken:
        planner.add_listing(LIBRARY_URL, "Thư viện ảnh", "Ảnh các hoạt động của xã, theo từng tin bài.", albums, kind="library")
    planner.add(PlannedPage(OFFLINE_URL, "Không có kết nối mạng", "offline", "Các trang đã lưu để đọc khi không có mạng."))
    for url, title, kind, description, present in portal_sections(portal or Portal()):
        if present:
            planner.add(PlannedPage(url, title, kind, description, portal=portal))

    featured = [p for p in visible if p.featured]
    home = HomePage(
        review=next((p for p in visible if p.highlights), None),
        featured=featured,
        latest=[p for p in visible if not p.featured][: settings.home_latest],
        categories=[(c, url, by_category[c.slug][: settings.home_per_category]) for c, url, n in category_pages if n],
    )
    planner.add(PlannedPage("", settings.site_name, "home", settings.tagline, home=home))

    related = RelatedIndex(visible)
    links = {post.source: _post_links(post, index, visible, related, settings) for index, post in enumerate(visible)}
    scheduled = {post.source for post in visible if post.date.moment > now}
    return SitePlan(planner.pages, post_urls, links, planner.problems, category_pages, visible, scheduled)


class _Planner:
    """Collects pages and refuses two pages at one URL, naming what wanted it."""

    def __init__(self, settings: Settings, taken: Mapping[str, str]) -> None:
        self.settings = settings
        self.pages: dict[str, PlannedPage] = {}
        self.owners: dict[str, str] = dict(taken)
        self.problems: list[Problem] = []

    def add(self, page: PlannedPage, owner: str | None = None) -> None:
        owner = owner or f"trang “{page.title}”"
        if page.url in self.owners and page.post and page.url in self.pages and self.pages[page.url].post:
            self.problems.append(_post_clash(page.post, self.owners[page.url], page.url))
            return
        if page.url in self.owners:
            first = self.owners[page.url]
            self.problems.append(
                Problem(
                    owner if page.post else first,
                    f"địa chỉ /{page.url} bị trùng giữa {first} và {owner}",
                    "đổi tên tệp bài viết hoặc thêm trường slug: với một địa chỉ khác"
                    if page.post
                    else f"đổi tên hoặc chuyển {first} sang chỗ khác",
                    field="slug" if page.post else None,
                )
            )
            return
        self.pages[page.url] = page
        self.owners[page.url] = owner

    def add_post(self, post: Post) -> str:
        url = f"{NEWS_URL}{post.slug}/"
        self.add(PlannedPage(url, post.title, "post", post.summary, post=post), owner=post.source)
        return url

    def add_listing(
        self, base: str, title: str, description: str, posts: list[Post], feed: str = "", kind: str = "listing"
    ) -> None:
        per_page = self.settings.per_page
        count = max(1, math.ceil(len(posts) / per_page))
        urls = [base] + [base + PAGE_SEGMENT.format(n) for n in range(2, count + 1)]
        for number, url in enumerate(urls, start=1):
            chunk = posts[(number - 1) * per_page : number * per_page]
            page_title = title if number == 1 else f"{title} – Trang {number}"
            listing = Listing(chunk, len(posts), Pagination(number, urls))
            self.add(PlannedPage(url, page_title, kind, description, feed, listing=listing))


def _post_clash(post: Post, first: str, url: str) -> Problem:
    """``post`` wants the address ``first`` (another post) has: said on ``post``'s slug line, or its file."""
    message = f"địa chỉ /{url} bị trùng giữa {first} và {post.source}: bài {first} đang dùng địa chỉ này"
    if post.slug_line is not None:
        fix = "đổi slug: ở dòng này thành một địa chỉ khác (chữ không dấu), để bài kia giữ địa chỉ của nó"
        return Problem(post.source, message, fix, line=post.slug_line, field="slug")
    fix = (
        "bài này mới hơn: đổi tên tệp bài này (chưa đăng nên địa chỉ chưa ai dùng), "
        "hoặc thêm dòng slug: với một địa chỉ khác; đừng đổi tên tệp bài kia, địa chỉ đã đăng sẽ hỏng"
    )
    return Problem(post.source, message, fix, line=1)


def portal_sections(portal: Portal) -> list[tuple[str, str, str, str, bool]]:
    """(url, title, kind, description, has content) of each portal section."""
    return [
        (DOCUMENTS_URL, "Văn bản", "documents", "Văn bản chỉ đạo, điều hành của xã.", bool(portal.documents)),
        (
            PROCEDURES_URL,
            "Thủ tục hành chính",
            "procedures",
            "Thủ tục hành chính cấp xã, nộp trực tuyến.",
            bool(portal.procedures),
        ),
        (SCHEDULE_URL, "Lịch công tác", "schedule", "Lịch công tác của lãnh đạo xã.", bool(portal.weeks)),
    ]


def default_nav(
    settings: Settings, static_pages: Sequence[str], portal: Portal, *, albums: bool = False, radio: bool = False
) -> list[Any]:
    """The menu when mkdocs.yml has no ``nav:``: home, news by category, portal sections, static pages.

    The radio bulletins (``radio``) and the photo library (``albums``: some post has a gallery) are listed
    once they have something to show, like a portal section: the menu never leads a resident to an empty page.
    """
    news = [{"Tất cả tin": f"{NEWS_URL}index.md"}]
    news += [{c.name: f"{CATEGORY_URL}{c.slug}/index.md"} for c in settings.categories]
    if radio:
        news.append({RADIO_TITLE: f"{RADIO_URL}index.md"})
    news.append({"Lưu trữ": f"{ARCHIVE_URL}index.md"})
    if albums:
        news.append({"Thư viện ảnh": f"{LIBRARY_URL}index.md"})
    sections = [{title: f"{url}index.md"} for url, title, _kind, _description, present in portal_sections(portal) if present]
    return [{"Trang chủ": "index.md"}, {"Tin tức": news}, *sections, *static_pages]


def _post_links(post: Post, index: int, visible: list[Post], related: RelatedIndex, settings: Settings) -> PostLinks:
    return PostLinks(
        category_url=f"{CATEGORY_URL}{post.category.slug}/",
        tag_urls={tag.slug: f"{TAG_URL}{tag.slug}/" for tag in post.tags},
        newer=visible[index - 1] if index > 0 else None,
        older=visible[index + 1] if index + 1 < len(visible) else None,
        related=related.related(post, settings.related),
    )


class RelatedIndex:
    """Finds related posts without comparing every pair (1000 posts would be a million pairs)."""

    def __init__(self, posts: Sequence[Post]) -> None:
        ordered = newest_first(posts)
        self.by_tag: dict[str, list[Post]] = defaultdict(list)
        self.by_category: dict[str, list[Post]] = defaultdict(list)
        self.position: dict[tuple[str, str], int] = {}  # (list, post source) -> index in that list
        self.tag_sets = {post.source: {tag.slug for tag in post.tags} for post in ordered}
        for post in ordered:
            for tag in post.tags:
                self.position[(f"tag:{tag.slug}", post.source)] = len(self.by_tag[tag.slug])
                self.by_tag[tag.slug].append(post)
            self.position[(f"category:{post.category.slug}", post.source)] = len(self.by_category[post.category.slug])
            self.by_category[post.category.slug].append(post)

    def _around(self, name: str, posts: list[Post], post: Post, reach: int) -> list[Post]:
        """The posts nearest in time to ``post`` in one of its lists (each list is newest first)."""
        here = self.position[(name, post.source)]
        return posts[max(0, here - reach) : here + reach + 1]

    def related(self, post: Post, limit: int) -> list[Post]:
        """Posts sharing tags (worth most) or the category, nearest in time first among equals."""
        own_tags = self.tag_sets[post.source]
        # Candidates: posts near in time sharing a tag (a common tag would otherwise bring in
        # hundreds) and the nearest of the same category, which only compete on nearness.
        candidates = {
            other.source: other for tag in own_tags for other in self._around(f"tag:{tag}", self.by_tag[tag], post, 4 * limit)
        }
        siblings = self._around(f"category:{post.category.slug}", self.by_category[post.category.slug], post, limit)
        candidates.update((p.source, p) for p in siblings)
        candidates.pop(post.source, None)

        def rank(other: Post) -> tuple[int, float, str]:
            score = 3 * len(own_tags & self.tag_sets[other.source]) + 2 * (other.category == post.category)
            return -score, abs((other.date.moment - post.date.moment).total_seconds()), other.source

        return sorted(candidates.values(), key=rank)[:limit]
