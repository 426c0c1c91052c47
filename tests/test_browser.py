"""The built site in a real browser (headless Chromium): what a resident on a phone gets."""

import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from browser import serve_directory
from conftest import PHONE, ROOT, new_site, post_text
from PIL import Image

LONG_CAPTION = (
    "Ông Nguyễn Văn Hùng, Bí thư Đảng ủy, Chủ tịch HĐND xã, phát biểu chỉ đạo tại hội nghị; bên phải là "
    "bà Lê Thị Hạnh, Trưởng ban Tổ chức Huyện ủy, cùng các đồng chí trong Ban Thường vụ Đảng ủy xã và "
    "đại diện các thôn Đồng Chùa, Phước Lộc, Tân Lập, Hương Sơn."
) * 3


def noisy_photo(path):
    """Overwrite ``path`` with a detailed picture: Chromium does not count flat, low-detail images as the
    largest contentful paint, and real photos are detailed."""
    Image.merge("RGB", [Image.effect_noise((1600, 1200), 60 + 10 * band) for band in range(3)]).save(path, quality=85)
    return path


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("browser"))
    site.configure(extra="extra_css:\n  - assets/stylesheets/tinxa.css\n")  # Tin Xã's styles, as tinxa.yml loads them
    noisy_photo(site.photo("2023-12-13-hop/01.jpg", size=(1600, 1200)))
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
    # A cover (the post's largest photo above the fold) and a long caption that says who is speaking.
    noisy_photo(site.photo("2023-12-20-tiep-xuc/01.jpg", size=(1600, 1200)))
    site.post(
        "2023-12-20-tiep-xuc.md",
        post_text(
            title="Tiếp xúc cử tri cuối năm",
            date="2023-12-20",
            category="Kinh tế",
            cover="01.jpg",
            gallery=f'\n  - src: 01.jpg\n    caption: "{LONG_CAPTION}"',
            body="Nội dung " * 40,
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


# -- issue 16: what a resident sees and what the page costs -----------------------------------------

DESKTOP = {"width": 1280, "height": 800}
POST_WITH_COVER = "tin-tuc/2023-12-20-tiep-xuc/"


def rgba(css: str) -> tuple[float, float, float, float]:
    """A computed colour, "rgb(r, g, b)" or "rgba(r, g, b, a)", as four numbers."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: tuple[float, ...], bottom: tuple[float, ...]) -> tuple[float, float, float, float]:
    """``top`` painted over an opaque ``bottom``."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours."""

    def luminance(colour: tuple[float, ...]) -> float:
        channels = [c / 255 for c in colour[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def recommended_palettes() -> list[str]:
    """The primary colours the README recommends ("Màu chủ đạo ... nên chọn trong: `red`, ...")."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"nên chọn trong:(.*?): Tin Xã", text, re.DOTALL)
    assert listed, "README no longer lists the recommended palettes"
    return re.findall(r"`([a-z-]+)`", listed[1])


def test_on_a_phone_the_lightbox_shows_its_arrows_a_44_px_close_and_which_photo_of_how_many(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base_url + "tin-tuc/2023-12-13-hop/", wait_until="networkidle")
        total = page.locator(".tx-gallery a.tx-lightbox").count()
        page.locator(".tx-gallery a.tx-lightbox").first.click()
        count = page.locator(".tx-lightbox__count")
        count.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('link[href*=glightbox]').sheet !== null")
        assert count.inner_text() == f"Ảnh 1/{total}"
        close = page.get_by_role("button", name="Đóng").bounding_box()
        assert close["width"] >= 44 and close["height"] >= 44
        following = page.get_by_role("button", name="Ảnh sau")
        box = following.bounding_box()  # beside the photo, not out of sight as GLightbox has it on phones
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] and box["x"] + box["width"] <= PHONE["width"]
        following.click()
        page.wait_for_function("() => document.querySelectorAll('.gslide')[1].classList.contains('current')")
        assert count.inner_text() == f"Ảnh 2/{total}"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_lightbox_captions_are_large_readable_and_whole(browser, base_url, viewport, scheme):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(base_url + POST_WITH_COVER, wait_until="networkidle")
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        page.locator(".tx-gallery a.tx-lightbox").first.click()
        caption = page.locator(".gslide.current .gslide-desc")
        caption.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('link[href*=glightbox]').sheet !== null")
        seen = page.evaluate(
            """caption => {
                const box = caption.closest('.gslide-description');
                const style = getComputedStyle(caption), boxStyle = getComputedStyle(box);
                const rect = box.getBoundingClientRect();
                return {size: parseFloat(style.fontSize), colour: style.color, background: boxStyle.backgroundColor,
                        image: boxStyle.backgroundImage, overflow: boxStyle.overflowY, text: caption.textContent,
                        scrolls: box.scrollHeight > box.clientHeight, top: rect.top, bottom: rect.bottom,
                        sideways: caption.scrollWidth > caption.clientWidth + 1};
            }""",
            caption.element_handle(),
        )
        assert seen["size"] >= 16
        assert seen["image"] == "none"  # a solid background, not GLightbox's fading gradient on phones
        assert contrast(rgba(seen["colour"]), rgba(seen["background"])) >= 7
        assert seen["text"] == LONG_CAPTION  # whole, not cut after 60 characters behind "See more"
        assert seen["top"] >= 0 and seen["bottom"] <= viewport["height"] + 1
        assert not seen["sideways"]
        assert not seen["scrolls"] or seen["overflow"] in ("auto", "scroll")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_post_headline_is_bold_and_in_the_text_colour(page, base_url, scheme):
    page.goto(base_url + POST_WITH_COVER)
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    headline, text, teaser_weight = page.evaluate(
        """() => {
            const h1 = getComputedStyle(document.querySelector('.tx-post__header h1'));
            return [[h1.fontWeight, h1.color], getComputedStyle(document.querySelector('.tx-post__body p')).color,
                    getComputedStyle(document.querySelector('.tx-teaser__title')).fontWeight];
        }"""
    )
    assert int(headline[0]) >= 700 and int(headline[0]) >= int(teaser_weight)
    assert headline[1] == text


def test_printing_a_post_gives_a4_paper_in_the_light_scheme_with_black_headline_and_meta(browser, base_url):
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base_url + POST_WITH_COVER, wait_until="networkidle")
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")  # the reader chose dark
        page.emulate_media(media="print")
        page.wait_for_timeout(300)  # Material's links fade between colours
        colours = page.evaluate(
            """() => Object.fromEntries(['.tx-post__header h1', '.tx-post__header .tx-meta', '.tx-post__category a',
                    '.tx-post__body p', 'body'].map(s => {
                const style = getComputedStyle(document.querySelector(s));
                return [s, [style.color, style.backgroundColor]];
            }))"""
        )
        assert colours["body"][1] == "rgb(255, 255, 255)"
        for selector in (".tx-post__header h1", ".tx-post__header .tx-meta", ".tx-post__category a"):
            assert colours[selector][0] == "rgb(0, 0, 0)", selector
        assert contrast(rgba(colours[".tx-post__body p"][0]), (255, 255, 255, 1)) >= 7
        pdf = page.pdf(prefer_css_page_size=True)
        width, height = (float(n) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
        assert (round(width), round(height)) == (595, 842)  # A4 in points; Letter would be 612 × 792
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_header_search_field_reaches_4_5_to_1_in_every_recommended_palette(page, base_url, scheme):
    page.goto(base_url)
    palettes = recommended_palettes()
    assert len(palettes) >= 10
    for palette in palettes:
        seen = page.evaluate(
            """([palette, scheme]) => {
                document.body.setAttribute('data-md-color-primary', palette);
                document.body.setAttribute('data-md-color-scheme', scheme);
                const input = document.querySelector('#tx-search-input');
                const style = getComputedStyle(input), placeholder = getComputedStyle(input, '::placeholder');
                return [style.color, placeholder.color, placeholder.opacity, style.backgroundColor,
                        getComputedStyle(document.querySelector('.md-header')).backgroundColor];
            }""",
            [palette, scheme],
        )
        text, hint, hint_opacity, field, header = seen
        background = over(rgba(field), rgba(header))
        hint_colour = rgba(hint)
        hint_colour = over((*hint_colour[:3], hint_colour[3] * float(hint_opacity)), background)
        assert contrast(over(rgba(text), background), background) >= 4.5, palette
        assert contrast(hint_colour, background) >= 4.5, palette


def test_no_page_makes_a_failed_or_unneeded_request(page, base_url):
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append((response.status, response.url)))
    page.on("requestfailed", lambda request: failed.append((request.failure, request.url)))
    for url in ("", "tin-tuc/2023-12-13-hop/", "chuyen-muc/kinh-te/", "the/", "luu-tru/", "thu-vien-anh/", "tim-kiem/?q=tin"):
        page.goto(base_url + url, wait_until="networkidle")
        # The RSS feeds stay discoverable: the links keep the "alternate" link type.
        feeds = page.evaluate(
            "[...document.querySelectorAll('link')].filter(l => l.relList.contains('alternate')"
            " && l.type === 'application/rss+xml').map(l => l.href)"
        )
        assert base_url + "feed.xml" in feeds, url
        if url.startswith("chuyen-muc/"):
            assert base_url + url + "feed.xml" in feeds
    assert failed == []
    assert [u for u in page.requests if "sitemap.xml" in u] == []  # Material's language-version lookup


@pytest.mark.parametrize("url", ["", POST_WITH_COVER], ids=["home", "post"])
def test_the_largest_photo_above_the_fold_is_fetched_first(page, base_url, url):
    page.goto(base_url + url, wait_until="networkidle")
    largest = page.evaluate(
        """new Promise(done => new PerformanceObserver(list => {
            const element = list.getEntries().at(-1).element;
            done(element && [element.tagName, element.getAttribute('fetchpriority')]);
        }).observe({type: 'largest-contentful-paint', buffered: true}))"""
    )
    assert largest == ["IMG", "high"]
    assert page.locator("img[fetchpriority=high]").count() == 1


def test_the_gallery_stylesheet_comes_with_its_script_not_before_the_first_paint(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    assert [u for u in page.requests if "glightbox" in u] == []  # no gallery, nothing of the viewer
    with urllib.request.urlopen(base_url + "tin-tuc/2023-12-13-hop/") as response:
        assert "glightbox.min.css" not in response.read().decode()  # no render-blocking <link> in the page
    page.goto(base_url + "tin-tuc/2023-12-13-hop/", wait_until="networkidle")
    assert page.locator("head link[rel=stylesheet][href$='glightbox.min.css']").count() == 1
