"""The photo library (/thu-vien-anh/): every published post's gallery as an album, newest first, paginated."""

import html
import re
from dataclasses import replace

import pytest
from conftest import new_site, post_text
from linkcheck import broken_links
from test_build import preview
from test_listings import NOW, make_post

from hooks.listings import LIBRARY_URL, RADIO_URL, default_nav, plan_site
from hooks.photos import PhotoRef
from hooks.portal import Portal
from hooks.settings import load_settings
from scripts.make_sample_audio import encode_mp3, tone

PER_PAGE = 2


def draft_album(site) -> None:
    site.photo("2024-01-15-nhap/01.jpg")
    draft = post_text(title="Album bản nháp", date="2024-01-15", draft="true", gallery="\n  - src: 01.jpg")
    site.post("2024-01-15-nhap.md", draft)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("library"))
    site.configure(extra=f"extra:\n  tinxa:\n    per_page: {PER_PAGE}\n")
    # Three published albums (2, 3 and 1 photos), one with a cover of its own, one gallery given as a folder.
    for name in ("01.jpg", "02.jpg"):
        site.photo(f"2023-11-02-le-hoi/{name}")
    site.post(
        "2023-11-02-le-hoi.md",
        post_text(
            title="Lễ hội <b>làng</b> Đồng Chùa",
            date="2023-11-02",
            gallery='\n  - src: 01.jpg\n    caption: "Rước kiệu <i>đầu</i> làng"\n  - src: 02.jpg',
        ),
    )
    for name in ("bia.jpg", "01.jpg", "02.jpg", "03.jpg"):
        site.photo(f"2023-12-05-hoi-nghi/{name}", colour=(20, 120, 200))
    site.post(
        "2023-12-05-hoi-nghi.md",
        post_text(
            title="Hội nghị tổng kết năm",
            date="2023-12-05",
            cover="bia.jpg",
            gallery="\n  - src: 01.jpg\n  - src: 02.jpg\n  - src: 03.jpg",
        ),
    )
    site.photo("thu-hoach/01.jpg", colour=(40, 160, 60))
    (site.root / "images/thu-hoach/captions.yml").write_text('01.jpg: "Gặt lúa ở cánh đồng thôn Tân Lập"\n', encoding="utf-8")
    site.post("2024-01-10-thu-hoach.md", post_text(title="Thu hoạch lúa mùa", date="2024-01-10", gallery="images/thu-hoach"))
    # Never albums: a post without a gallery, a draft and a scheduled post with galleries.
    site.post("2024-01-12-khong-anh.md", post_text(title="Thông báo không có ảnh", date="2024-01-12"))
    draft_album(site)
    site.photo("2099-01-01-hen-gio/01.jpg")
    site.post("2099-01-01-hen-gio.md", post_text(title="Album hẹn giờ", date="2099-01-01", gallery="\n  - src: 01.jpg"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def albums(page: str) -> list[str]:
    return re.findall(r'<article class="tx-album">.*?</article>', page, re.S)


def title(album: str) -> str:
    return html.unescape(re.search(r'<h2 class="tx-album__title">(.*?)</h2>', album)[1])


def test_every_gallery_is_an_album_newest_first_paginated_like_the_listings(built):
    first, second = built.html(LIBRARY_URL), built.html(f"{LIBRARY_URL}trang-2")
    assert "<h1>Thư viện ảnh</h1>" in first and "<title>Thư viện ảnh - Xã Thử Nghiệm</title>" in first
    assert "3 album ảnh · trang 1/2" in first
    assert [title(a) for a in albums(first)] == ["Thu hoạch lúa mùa", "Hội nghị tổng kết năm"]
    assert [title(a) for a in albums(second)] == ["Lễ hội <b>làng</b> Đồng Chùa"]
    assert not (built.root / "site" / LIBRARY_URL / "trang-3").exists()
    assert 'rel="next" href="../thu-vien-anh/trang-2/"' in first and 'rel="prev" href="../../thu-vien-anh/"' in second
    # The page number in the title, as on the other listings.
    assert "<title>Thư viện ảnh – Trang 2 - Xã Thử Nghiệm</title>" in second


def test_an_album_shows_its_cover_date_count_and_links_its_post(built):
    harvest, meeting = albums(built.html(LIBRARY_URL))
    assert '<time datetime="2024-01-10T00:00:00+07:00">10/01/2024</time>' in harvest
    assert ">1 ảnh<" in harvest and ">3 ảnh<" in meeting
    assert '<a href="../tin-tuc/2024-01-10-thu-hoach/">Xem bài viết</a>' in harvest
    # The cover is the gallery's first photo, which it opens, even when the post has a cover of its own
    # (a resident who taps a picture expects to see it); the only image of an album.
    for album in (harvest, meeting):
        assert album.count("<img ") == 1
    assert 'alt="Xem 3 ảnh: Hội nghị tổng kết năm"' in meeting
    cover = re.search(r'<img src="\.\./(anh/[^"]+)"', meeting)[1]
    gallery_first = re.search(r'class="tx-lightbox" href="\.\./(anh/[^"]+)"', meeting)[1]
    assert cover.split("-")[0] == gallery_first.split("-")[0]  # 01.jpg, not the post's bia.jpg
    # The first cover is on screen at once; the others wait until scrolled to.
    assert 'loading="lazy"' not in harvest and 'loading="lazy"' in meeting


def test_each_album_is_one_lightbox_group_with_the_posts_captions(built):
    harvest, meeting = albums(built.html(LIBRARY_URL))
    assert re.findall(r'data-gallery="([^"]+)"', meeting) == ["album-2"] * 3
    assert re.findall(r'data-gallery="([^"]+)"', harvest) == ["album-1"]
    # A caption from captions.yml, shown as text by GLightbox from the page's own (hidden) element.
    assert 'data-description=".tx-caption-1-1"' in harvest
    assert '<p class="tx-caption-1-1">Gặt lúa ở cánh đồng thôn Tân Lập</p>' in harvest
    (festival,) = albums(built.html(f"{LIBRARY_URL}trang-2"))
    assert '<p class="tx-caption-1-1">Rước kiệu &lt;i&gt;đầu&lt;/i&gt; làng</p>' in festival
    assert 'data-alt="Lễ hội &lt;b&gt;làng&lt;/b&gt; Đồng Chùa – ảnh 2"' in festival  # no caption: as on the post
    assert "glightbox.min.js" in built.html(LIBRARY_URL) and "tinxa-gallery.js" in built.html(LIBRARY_URL)


def test_drafts_scheduled_posts_and_posts_without_a_gallery_are_not_albums(built):
    pages = built.html(LIBRARY_URL) + built.html(f"{LIBRARY_URL}trang-2")
    for missing in ("Album bản nháp", "Album hẹn giờ", "Thông báo không có ảnh"):
        assert missing not in pages


def test_the_library_is_in_the_menu_sitemap_and_links_but_not_in_search(built):
    home = built.html("")
    assert re.search(r'<a href="thu-vien-anh/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Thư viện ảnh', home)
    sitemap = (built.root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.github.io/xa-thu/thu-vien-anh/</loc>" in sitemap
    assert "thu-vien-anh" not in (built.root / "site/tim-kiem/index.json").read_text(encoding="utf-8")
    assert 'property="og:title" content="Thư viện ảnh"' in built.html(LIBRARY_URL)
    assert broken_links(built.root / "site", "/xa-thu/") == []


def test_without_any_gallery_the_page_says_so_and_the_menu_leaves_it_out(site):
    site.post("2024-01-02-tin.md", post_text(title="Tin không có ảnh", date="2024-01-02"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    page = site.html(LIBRARY_URL)
    assert "0 album ảnh" in page and "Chưa có album ảnh nào." in page
    assert "glightbox" not in page  # nothing to open, nothing of the viewer
    assert 'href="thu-vien-anh/"' not in site.html("")


def test_the_preview_shows_drafts_albums_marked_as_the_listings_do(site):
    draft_album(site)
    preview(site)
    (album,) = albums(site.html(LIBRARY_URL))
    assert "Album bản nháp" in album and "BẢN NHÁP" in album


def test_plan_lists_published_galleries_only(tmp_path):
    settings = load_settings(tmp_path, "Xã Thử", {"tinxa": {"per_page": 2}})
    photo = (PhotoRef("a/01.jpg"),)
    posts = [
        make_post(settings, 1, date="2024-01-01", gallery=photo),
        make_post(settings, 2, date="2024-01-02"),
        make_post(settings, 3, date="2024-01-03", gallery=photo * 2),
        make_post(settings, 4, date="2024-01-04", gallery=photo, draft=True),
        make_post(settings, 5, date="2030-01-01", gallery=photo),
        make_post(settings, 6, date="2024-01-06", gallery=photo),
    ]
    plan = plan_site(posts, settings, NOW)
    library = [plan.pages[url] for url in (LIBRARY_URL, f"{LIBRARY_URL}trang-2/")]
    assert [[p.title for p in page.listing.posts] for page in library] == [["Bài 6", "Bài 3"], ["Bài 1"]]
    assert {page.kind for page in library} == {"library"} and library[0].listing.total == 3
    preview = plan_site(posts, replace(settings, show_drafts=True), NOW)
    assert [p.title for p in preview.pages[LIBRARY_URL].listing.posts] == ["Bài 5", "Bài 6"]
    assert preview.pages[LIBRARY_URL].listing.total == 5


def test_the_default_menu_lists_the_library_under_news_once_there_is_an_album(tmp_path):
    settings = load_settings(tmp_path, "Xã Thử", {})
    news = default_nav(settings, [], Portal(), albums=True)[1]["Tin tức"]
    assert news[-2:] == [{"Lưu trữ": "luu-tru/index.md"}, {"Thư viện ảnh": "thu-vien-anh/index.md"}]
    assert {"Thư viện ảnh": "thu-vien-anh/index.md"} not in default_nav(settings, [], Portal())[1]["Tin tức"]


def test_a_communes_own_pages_at_the_new_sections_addresses_keep_them_after_an_update(site):
    """A commune that made its own "Thư viện ảnh" or "Truyền thanh" page before 0.3.0 still builds."""
    site.photo("2024-01-02-hop/01.jpg")
    (site.root / "files/truyen-thanh").mkdir(parents=True)
    (site.root / "files/truyen-thanh/tuan-1.mp3").write_bytes(encode_mp3(tone(1.0)))
    gallery = '\n  - src: 01.jpg\n    caption: "Ảnh"'
    site.post("2024-01-02-hop.md", post_text(date="2024-01-02", gallery=gallery, audio="files/truyen-thanh/tuan-1.mp3"))
    site.page("thu-vien-anh.md", "# Ảnh của xã\n\nTrang ảnh xã tự làm.\n")
    site.page("truyen-thanh.md", "# Đài truyền thanh xã\n\nGiờ phát sóng: 6 giờ và 17 giờ.\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "Trang ảnh xã tự làm." in site.html(LIBRARY_URL) and "Giờ phát sóng" in site.html(RADIO_URL)
    assert not (site.root / "site" / RADIO_URL / "feed.xml").exists()
    menu = site.html("")
    assert menu.count('href="thu-vien-anh/"') == 1 and menu.count('href="truyen-thanh/"') == 1  # theirs, once
