"""The built site in a real browser (headless Chromium): what a resident on a phone gets."""

from urllib.parse import urlsplit

import pytest
from browser import serve_directory
from conftest import PHONE, new_site, post_text


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("browser"))
    site.photo("2023-12-13-hop/01.jpg", size=(1600, 1200))
    site.photo("2023-12-13-hop/02.jpg", size=(1200, 1600), colour=(20, 120, 200))
    site.post(
        "2023-12-13-hop.md",
        post_text(
            title="Hội nghị tổng kết công tác năm 2023 của Đảng ủy xã với tiêu đề khá dài để thử xuống dòng",
            category="Xây dựng Đảng",
            featured="true",
            gallery=(
                '\n  - src: 01.jpg\n    caption: "Quang cảnh"'
                '\n  - src: 02.jpg\n    caption: "Đại biểu <img src=x onerror=window.pwned=1>"'
            ),
            body="Nội dung " * 80,
        ),
    )
    for day in range(1, 13):
        site.post(f"2024-01-{day:02d}-tin.md", post_text(title=f"Tin số {day}", date=f"2024-01-{day:02d}", category="Kinh tế"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    with serve_directory(site.root / "site") as url:
        yield url


def test_home_on_a_phone_loads_only_from_the_site_and_fits_the_screen(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith("data:")}
    assert hosts == {urlsplit(base_url).netloc}
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("h1").first.inner_text() == "Xã Thử Nghiệm"
    lead = page.locator(".tx-teaser--lead img")
    lead.wait_for()
    assert page.evaluate("el => el.complete && el.naturalWidth > 0", lead.element_handle())


def test_post_gallery_photos_load_upright(page, base_url):
    page.goto(base_url + "tin-tuc/2023-12-13-hop/")
    photos = page.locator(".tx-gallery img")
    assert photos.count() == 2
    photos.last.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.tx-gallery img')].every(i => i.complete && i.naturalWidth > 0)")
    sizes = page.evaluate("[...document.querySelectorAll('.tx-gallery img')].map(i => [i.naturalWidth, i.naturalHeight])")
    assert sizes[0][0] > sizes[0][1] and sizes[1][0] < sizes[1][1]
    assert page.locator(".tx-gallery figcaption").all_inner_texts() == [
        "Quang cảnh",
        "Đại biểu <img src=x onerror=window.pwned=1>",
    ]


def test_pagination_and_category_links_work(page, base_url):
    page.goto(base_url + "tin-tuc/")
    page.get_by_role("link", name="Trang sau →").click()
    page.wait_for_url("**/tin-tuc/trang-2/")
    assert "trang 2/2" in page.locator(".tx-count").inner_text()
    page.locator(".tx-teaser .tx-meta a").first.click()
    page.wait_for_url("**/chuyen-muc/*/")
    assert page.locator("h1").inner_text() in ("Kinh tế", "Xây dựng Đảng")


def test_phone_menu_reaches_the_news_section_from_the_home_page(page, base_url):
    page.goto(base_url)
    page.locator(".md-header .tx-menu-button").click()
    link = page.locator(".md-nav--primary").get_by_text("Tin tức", exact=True).first
    link.wait_for(state="visible")
    assert link.is_visible()


def test_lightbox_opens_moves_with_the_keyboard_and_closes(page, base_url):
    page.goto(base_url + "tin-tuc/2023-12-13-hop/", wait_until="networkidle")
    page.locator(".tx-gallery a.tx-lightbox").first.click()
    lightbox = page.locator("#glightbox-body")
    lightbox.wait_for(state="visible")
    current = page.locator(".gslide.current")
    assert current.locator(".gslide-desc").inner_text() == "Quang cảnh"
    image = current.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert page.get_by_role("button", name="Đóng").is_visible()

    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelectorAll('.gslide')[1].classList.contains('current')")
    description = page.locator(".gslide.current .gslide-desc")
    # A caption is shown as text, never run as HTML.
    assert description.inner_text() == "Đại biểu <img src=x onerror=window.pwned=1>"
    assert page.evaluate("window.pwned") is None

    page.keyboard.press("Escape")
    lightbox.wait_for(state="detached")


def test_lightbox_keyboard_focus_goes_in_and_comes_back(page, base_url):
    page.goto(base_url + "tin-tuc/2023-12-13-hop/", wait_until="networkidle")
    first = page.locator(".tx-gallery a.tx-lightbox").first
    first.focus()
    page.keyboard.press("Enter")
    page.locator("#glightbox-body").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('gclose')")
    assert page.get_attribute("#glightbox-body", "aria-modal") == "true"
    page.keyboard.press("Enter")
    page.locator("#glightbox-body").wait_for(state="detached")
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('tx-lightbox')")
