"""The pipeline in order: read posts -> publish their photos -> plan pages -> render.

Knows nothing of MkDocs, so the same stages could feed another engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hooks import images
from hooks.listings import PlannedPage, SitePlan, is_published, plan_site
from hooks.posts import read_posts
from hooks.problems import Problem, SiteError
from hooks.render import Renderer
from hooks.settings import Settings


@dataclass
class Site:
    settings: Settings
    plan: SitePlan
    photos: images.PublishReport
    renderer: Renderer
    cache_dir: Path

    def page(self, src_uri: str) -> PlannedPage | None:
        if not src_uri.endswith("index.md"):
            return None
        return self.plan.pages.get(src_uri[: -len("index.md")])

    def summary(self) -> str:
        posts = sum(1 for p in self.plan.pages.values() if p.kind == "post")
        return (
            f"Tin Xã: {posts} bài viết, {len(self.plan.pages)} trang; ảnh: {len(self.photos.photos)} "
            f"({self.photos.cache_hits} có sẵn, {self.photos.processed} mới xử lý)."
        )


def prepare(settings: Settings, now: dt.datetime, cache_dir: Path, static_pages: Mapping[str, str]) -> Site:
    """Run every stage up to rendering; raise ``SiteError`` listing every problem found.

    ``static_pages`` maps the URLs of hand-written pages (docs/) to their files.
    """
    read = read_posts(settings)
    problems: list[Problem] = list(read.problems)
    published = [p for p in read.posts if is_published(p, settings, now)]

    wanted: dict[str, list[str]] = {}
    for post in published:
        for photo in post.photos:
            wanted.setdefault(photo.path, []).append(post.source)
    report = images.publish(wanted, settings.images_path, cache_dir)
    for path, error in report.errors.items():
        for source in wanted[path]:
            problems.append(Problem(source, str(error), error.fix, field="ảnh"))

    plan = plan_site(read.posts, settings, now, static_pages)
    problems.extend(plan.problems)
    if problems:
        raise SiteError(problems)
    return Site(settings, plan, report, Renderer(plan, report.photos), cache_dir)
