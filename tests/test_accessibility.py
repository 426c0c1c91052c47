"""The resident's experience in headless Chromium: WCAG 2.1 AA (axe-core), keyboard, phones, weight.

The site under test is the bundled sample commune plus one post with a 12-photo gallery, served
the way GitHub Pages serves it (at its project path, text gzipped, 404.html for missing pages).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import material as material_theme
import pytest
from browser import serve_directory
from conftest import PHONE, ROOT, SampleSite

AXE = ROOT / "node_modules/axe-core/axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
GALLERY_POST = "tin-tuc/2024-02-10-mot-so-hinh-anh/"
PAGES = {
    "home": "",
    "post with a gallery": GALLERY_POST,
    "post with a video": "tin-tuc/2023-11-05-ngay-hoi-dai-doan-ket/",
    "post with a table": "tin-tuc/2023-12-20-tong-ket-kinh-te-xa-hoi/",
    "post with a radio bulletin": "tin-tuc/2023-12-01-ban-tin-truyen-thanh-tuan-48/",
    "radio bulletins": "truyen-thanh/",
    "category": "chuyen-muc/kinh-te/",
    "photo library": "thu-vien-anh/",
    "search results": "tim-kiem/?q=hoi+nghi",
    "404": "khong-co-trang-nay/",
    "offline page": "ngoai-tuyen/",
}
SITE_PATH = "tin-xa/"  # the sample's site_url path, as on GitHub Pages


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Path:
    """The built site, in a folder named like the site's path on GitHub Pages."""
    root = tmp_path_factory.mktemp("resident")
    for name in ("mkdocs.yml", "tinxa.yml", "posts", "images", "docs", "data", "files"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    for name in ("hooks", "overrides", "huong-dan"):  # code, not content: shared with the repository
        (root / name).symlink_to(ROOT / name)
    # The site's own photos, twelve of them under one post: the weight budget's worst case.
    photos = sorted(p.relative_to(root) for p in (root / "images").rglob("*.jpg"))[:12]
    gallery = "".join(f'\n  - src: {p.as_posix()}\n    caption: "Ảnh số {i}"' for i, p in enumerate(photos, 1))
    (root / "posts/2024-02-10-mot-so-hinh-anh.md").write_text(
        "---\ntitle: Một số hình ảnh hoạt động của xã\ndate: 2024-02-10\ncategory: Tin tức - Sự kiện\n"
        f"gallery:{gallery}\n---\nMột số hình ảnh hoạt động của xã trong năm 2023.\n",
        encoding="utf-8",
    )
    site = SampleSite(root)
    result = site.build()
    assert result.returncode == 0, result.stderr
    served = root / "served"
    served.mkdir()
    (root / "site").rename(served / SITE_PATH.strip("/"))
    return served


@pytest.fixture(scope="module")
def base_url(served):
    with serve_directory(served) as url:
        yield url + SITE_PATH


def axe_violations(page) -> list[str]:
    # The page's security policy refuses an added <script>; evaluated over the browser's own protocol, axe runs.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("rules => axe.run(document, {runOnly: rules})", AXE_RULES)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_in_light_and_dark(browser, base_url, name, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base_url + PAGES[name], wait_until="networkidle")
        if name == "search results":
            page.locator(".tx-search-page__results .tx-result").first.wait_for()
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.lang") == "vi"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_a_desktop_with_the_menu_tabs(browser, base_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        for url in ("", "lich-cong-tac/", "van-ban/"):
            page.goto(base_url + url, wait_until="networkidle")
            assert axe_violations(page) == [], url
    finally:
        context.close()


def test_every_image_has_alt_text_and_nothing_comes_from_another_host(page, base_url):
    for url in PAGES.values():
        page.goto(base_url + url, wait_until="networkidle")
        missing = page.evaluate(
            "[...document.images].filter(i => !i.alt.trim() && !i.closest('[aria-hidden=true]')).map(i => i.src)"
        )
        assert missing == [], url
    assert {urlsplit(url).netloc for url in page.requests if url.startswith("http")} == {urlsplit(base_url).netloc}


@pytest.mark.parametrize("width", [360, 390, 414])
def test_no_sideways_scrolling_on_phones(browser, base_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        for url in PAGES.values():
            page.goto(base_url + url, wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        # The commune's name stays readable beside the search box and the colour toggle,
        # and the box grows on focus without pushing the page sideways.
        name = page.locator(".md-header__topic").first
        assert name.bounding_box()["width"] >= 100
        page.locator("#tx-search-input").focus()
        page.wait_for_timeout(300)  # the width transition
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


def test_the_radio_player_and_the_podcast_address_fit_a_320_px_phone(browser, base_url):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        for url in (PAGES["post with a radio bulletin"], PAGES["radio bulletins"]):
            page.goto(base_url + url, wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        page.goto(base_url + PAGES["post with a radio bulletin"], wait_until="networkidle")
        player = page.locator(".tx-audio__player").bounding_box()
        assert player["width"] >= 240 and player["x"] + player["width"] <= 320
        assert page.locator(".tx-audio__meta").get_by_text("Thời lượng: 0:32").is_visible()
    finally:
        page.close()


TAP_TARGETS = {
    "": [".md-header .tx-menu-button", ".md-header .tx-search input", ".md-header [for^=__palette]:visible",
         ".tx-teaser", ".tx-more a"],
    GALLERY_POST: [".tx-gallery a", ".tx-share .md-button", ".tx-post__neighbours a"],
    "tin-tuc/2023-12-13-tong-ket-dang-uy/": [".tx-tag", ".tx-tags__all"],
    "tin-tuc/": [".tx-pagination a", ".tx-pagination span"],
    "thu-vien-anh/": [".tx-album__cover a", ".tx-album__post a"],
    "tin-tuc/2023-12-01-ban-tin-truyen-thanh-tuan-48/": [".tx-audio__player", ".tx-audio__download"],
    "truyen-thanh/": [".tx-podcast__copy .md-button"],
    "ngoai-tuyen/": [".tx-offline__saved a"],
}  # fmt: skip


@pytest.mark.parametrize("url", list(TAP_TARGETS))
def test_tap_targets_are_at_least_44_px(page, base_url, url):
    page.goto(base_url + url, wait_until="networkidle")
    for selector in TAP_TARGETS[url]:
        boxes = [box for box in (e.bounding_box() for e in page.locator(selector).all()) if box]
        assert boxes, selector
        small = [box for box in boxes if min(box["width"], box["height"]) < 44]
        assert small == [], selector


def test_keyboard_reaches_menu_search_every_teaser_with_a_visible_focus(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(base_url, wait_until="networkidle")
        teasers = set(page.locator(".tx-teaser__title a").evaluate_all("links => links.map(a => a.href)"))
        menu = set(page.locator(".md-tabs a").evaluate_all("links => links.map(a => a.href)"))
        reached, search, outlines = set(), False, set()
        for _ in range(400):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const e = document.activeElement; const s = getComputedStyle(e);"
                " return [e.tagName, e.href || '', e.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            tag, href, element_id, style, width = focused
            if tag == "BODY":  # past the last link, before the first one again
                continue
            reached.add(href)
            search = search or element_id == "tx-search-input"
            outlines.add(style != "none" and width >= 2)
        assert menu and menu <= reached
        assert search
        assert teasers <= reached
        assert outlines == {True}  # every stop shows where the focus is
    finally:
        page.close()


def test_phone_menu_opens_and_closes_with_the_keyboard_and_hides_its_links_when_closed(page, base_url):
    page.goto(base_url + "van-ban/", wait_until="networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Chuyển đến nội dung chính"
    stops = []
    for _ in range(6):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null"))
    assert stops == [False] * 6  # the closed menu's links are not in the way
    button = page.locator(".tx-menu-button")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('tx-menu-button')")


def test_dark_mode_follows_the_phone_and_has_a_toggle(browser, base_url):
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        toggle = page.locator(".md-header [for^=__palette]:visible")
        assert toggle.get_attribute("title") == "Chuyển sang nền sáng"  # its accessible name
        toggle.click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.reload()  # the reader's choice is kept
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    finally:
        context.close()


def transferred(page, url: str, settle: int = 500) -> int:
    """Bytes over the wire for ``url`` on first load, before the reader scrolls."""
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(settle)
    sizes = [request.sizes() for request in responses]
    return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)


def test_home_and_a_12_photo_post_stay_within_their_weight_on_a_phone(page, base_url):
    assert transferred(page, base_url) <= 300 * 1024
    assert page.locator(f'.tx-teaser a[href$="{GALLERY_POST.split("/")[1]}/"]').count() >= 1
    fresh = page.context.browser.new_page(viewport=PHONE)
    try:
        assert transferred(fresh, base_url + GALLERY_POST) <= 500 * 1024
        assert fresh.locator(".tx-gallery img").count() == 12
    finally:
        fresh.close()


def test_material_strings_are_all_in_vietnamese():
    material = Path(material_theme.__file__).parent / "templates/partials/languages"
    pattern = re.compile(r'"([a-z.]+)": "([^"]*)"')
    english = dict(pattern.findall((material / "en.html").read_text()))
    ours = dict(pattern.findall((ROOT / "overrides/partials/languages/vi.html").read_text()))
    assert set(english) <= set(ours)
    technical = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}
    same = {key for key in english if key not in technical and ours[key] == english[key]}
    assert same == set()


def test_pages_carry_none_of_materials_invalid_markup(served):
    pages = list(served.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert 'type="checkbox" id="__drawer" autocomplete' not in text, path
        assert 'tabindex=""' not in text, path
        assert ('for="__toc"' not in text) or ('id="__toc"' in text), path
