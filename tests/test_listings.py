import datetime as dt
from dataclasses import replace

import pytest

from hooks.dates import parse_date
from hooks.listings import RelatedIndex, plan_site
from hooks.posts import Post, Tag
from hooks.settings import load_settings
from hooks.slug import slugify

NOW = dt.datetime(2024, 6, 1)


@pytest.fixture
def settings(tmp_path):
    return load_settings(tmp_path, "Xã Thử", {"tinxa": {"per_page": 3, "home_latest": 2, "home_per_category": 2}})


def make_post(settings, number, category="Kinh tế", date="2024-01-01", tags=(), **fields):
    return Post(
        source=f"posts/{number:02d}.md",
        slug=fields.pop("slug", f"bai-{number:02d}"),
        title=f"Bài {number}",
        date=parse_date(date),
        category=settings.category(category),
        body="",
        body_line=5,
        tags=tuple(Tag(t, slugify(t)) for t in tags),
        **fields,
    )


def test_pages_and_pagination(settings):
    posts = [make_post(settings, n, date=f"2024-01-{n:02d}") for n in range(1, 8)]
    plan = plan_site(posts, settings, NOW)
    news = [plan.pages[u] for u in ("tin-tuc/", "tin-tuc/trang-2/", "tin-tuc/trang-3/")]
    assert [[p.title for p in page.listing.posts] for page in news] == [
        ["Bài 7", "Bài 6", "Bài 5"],
        ["Bài 4", "Bài 3", "Bài 2"],
        ["Bài 1"],
    ]
    assert news[1].listing.pagination.previous == "tin-tuc/"
    assert news[1].listing.pagination.next == "tin-tuc/trang-3/"
    assert news[2].title == "Tin tức – Trang 3"
    assert "tin-tuc/trang-4/" not in plan.pages
    assert plan.pages["chuyen-muc/kinh-te/trang-3/"].listing.total == 7
    # Every configured category has a page, even an empty one, so the menu never breaks.
    assert plan.pages["chuyen-muc/thong-bao/"].listing.posts == []
    assert plan.url_of(posts[0]) == "tin-tuc/bai-01/"


def test_drafts_and_scheduled_posts_are_left_out_of_production(settings):
    posts = [
        make_post(settings, 1),
        make_post(settings, 2, draft=True, tags=("bí mật",)),
        make_post(settings, 3, date="2030-01-01"),
    ]
    plan = plan_site(posts, settings, NOW)
    assert set(plan.post_urls) == {"posts/01.md"}
    assert "the/bi-mat/" not in plan.pages
    assert all(post.source == "posts/01.md" for page in plan.pages.values() if page.listing for post in page.listing.posts)
    # The preview shows them all, marking the one dated in the future as scheduled.
    preview = plan_site(posts, replace(settings, show_drafts=True), NOW)
    assert set(preview.post_urls) == {"posts/01.md", "posts/02.md", "posts/03.md"}
    assert preview.scheduled == {"posts/03.md"}


def test_tags_archive_and_home(settings):
    posts = [
        make_post(settings, 1, date="2023-12-13", tags=("Hội nghị",)),
        make_post(settings, 2, date="2023-12-20", tags=("hội nghị", "tổng kết"), category="Xây dựng Đảng", featured=True),
        make_post(settings, 3, date="2024-01-05", category="Thông báo"),
        make_post(settings, 4, date="2024-01-06"),
    ]
    plan = plan_site(posts, settings, NOW)
    assert [p.title for p in plan.pages["the/hoi-nghi/"].listing.posts] == ["Bài 2", "Bài 1"]
    assert plan.pages["the/hoi-nghi/"].title == "Thẻ: Hội nghị"
    assert [(t.name, n) for t, _url, n in plan.pages["the/"].tags] == [("Hội nghị", 2), ("tổng kết", 1)]
    assert [(m.year, m.month, m.count) for m in plan.pages["luu-tru/"].months] == [(2024, 1, 2), (2023, 12, 2)]
    assert plan.pages["luu-tru/2023/12/"].title == "Tháng 12 năm 2023"
    home = plan.pages[""].home
    assert [p.title for p in home.featured] == ["Bài 2"]
    assert [p.title for p in home.latest] == ["Bài 4", "Bài 3"]
    assert [(c.name, [p.title for p in items]) for c, _url, items in home.categories] == [
        ("Xây dựng Đảng", ["Bài 2"]),
        ("Kinh tế", ["Bài 4", "Bài 1"]),
        ("Thông báo", ["Bài 3"]),
    ]
    links = plan.links["posts/03.md"]
    assert links.newer.title == "Bài 4" and links.older.title == "Bài 2"


def test_two_posts_with_one_url_name_both_files(settings):
    posts = [make_post(settings, 1, slug="trung", slug_line=5), make_post(settings, 2, slug="trung", slug_line=5)]
    plan = plan_site(posts, settings, NOW)
    [problem] = plan.problems
    assert "posts/01.md" in problem.message and "posts/02.md" in problem.message
    assert problem.field == "slug"


def test_a_post_cannot_take_a_listing_url(settings):
    plan = plan_site([make_post(settings, n) for n in range(1, 5)] + [make_post(settings, 9, slug="trang-2")], settings, NOW)
    assert len(plan.problems) == 1 and "tin-tuc/trang-2/" in plan.problems[0].message


def test_related_prefers_shared_tags_then_category(settings):
    me = make_post(settings, 1, tags=("lúa",))
    same_tag = make_post(settings, 2, category="Thông báo", tags=("Lúa",))
    same_category = make_post(settings, 3)
    unrelated = make_post(settings, 4, category="Thông báo")
    index = RelatedIndex([me, unrelated, same_category, same_tag])
    assert index.related(me, 4) == [same_tag, same_category]


def test_related_category_posts_are_the_nearest_in_time(settings):
    posts = [make_post(settings, n, date=f"2024-01-{n:02d}") for n in range(1, 21)]
    assert [p.title for p in RelatedIndex(posts).related(posts[9], 3)] == ["Bài 9", "Bài 11", "Bài 8"]


def test_a_clash_is_blamed_on_the_newer_post_not_the_published_one(settings):
    older = make_post(settings, 1, date="2024-01-01", slug="hop")
    newer = make_post(settings, 2, date="2024-02-01", slug="hop")
    for posts in ([older, newer], [newer, older]):
        plan = plan_site(posts, settings, NOW)
        [problem] = plan.problems
        assert problem.file == "posts/02.md" and plan.url_of(older) == "tin-tuc/hop/"
        assert "đổi tên tệp bài kia" in problem.fix or "đổi tên tệp bài này" in problem.fix


def test_a_clash_is_blamed_on_the_post_whose_slug_field_makes_it(settings):
    published = make_post(settings, 1, date="2024-03-01", slug="hop")  # its address from the file name
    edited = make_post(settings, 2, date="2024-01-01", slug="hop", slug_line=7)  # an older post given slug: hop
    plan = plan_site([published, edited], settings, NOW)
    [problem] = plan.problems
    assert (problem.file, problem.line, problem.field) == ("posts/02.md", 7, "slug")
    assert "slug" in problem.fix and "đổi tên tệp" not in problem.fix
    assert plan.url_of(published) == "tin-tuc/hop/"
