"""The photo library of the sample site in headless Chromium: every album opens its own photos, and the page
loads no photo but the covers until one is opened."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from browser import serve_directory
from conftest import PHONE
from test_accessibility import SITE_PATH, served, transferred  # noqa: F401  (the sample site, built once for this module)

from hooks.listings import LIBRARY_URL, is_published, newest_first
from hooks.posts import read_posts
from hooks.settings import load_settings


@pytest.fixture(scope="module")
def base_url(served):  # noqa: F811
    with serve_directory(served) as url:
        yield url + SITE_PATH


@pytest.fixture(scope="module")
def galleries(served):  # noqa: F811
    """(title, photo count) of every published post with a gallery in the site's sources, newest first."""
    root = served.parent
    config = yaml.safe_load((root / "tinxa.yml").read_text(encoding="utf-8")) or {}
    config.update(yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader))
    settings = load_settings(root, config["site_name"], config.get("extra") or {})
    now = dt.datetime.now()
    posts = [post for post in read_posts(settings).posts if post.gallery and is_published(post, settings, now)]
    return [(post.title, len(post.gallery)) for post in newest_first(posts)]


class _MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV, !relative) read as plain values: only the settings are wanted here."""


_MkDocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def photo_requests(page, base_url: str) -> list[str]:
    """The published photos (anh/) the page fetched; the site's favicon and logo are not photos."""
    return [url for url in page.requests if url.startswith(base_url + "anh/")]


def album_files(page, index: int) -> set[str]:
    """Every address of the ``index``th album's photos: its links' targets and all their renditions."""
    return set(
        page.locator(".tx-album")
        .nth(index)
        .evaluate(
            """album => [...album.querySelectorAll('a.tx-lightbox')].flatMap(a =>
                [a.href, ...a.dataset.srcset.split(',').map(part => new URL(part.trim().split(' ')[0], a.href).href)])"""
        )
    )


def test_the_library_lists_every_gallery_and_opens_each_album_alone(page, base_url, galleries):
    assert len(galleries) >= 8  # the sample's galleries, plus the 12-photo one the site under test adds
    page.goto(base_url + LIBRARY_URL, wait_until="networkidle")
    titles = page.locator(".tx-album__title").all_inner_texts()
    assert [(title, f"{count} ảnh") for title, count in galleries] == list(
        zip(titles, page.locator(".tx-album__count").all_inner_texts(), strict=True)
    )
    # Before any album is opened: the covers are the page's only images, and no photo else was fetched.
    covers = set(page.locator(".tx-album__cover img").evaluate_all("images => images.map(i => i.currentSrc).filter(Boolean)"))
    assert covers and set(photo_requests(page, base_url)) <= covers
    assert page.locator(".tx-album img").count() == len(galleries)

    # The largest album, opened by a tap: its photos only, one slide each, loaded from its own files.
    largest = max(range(len(galleries)), key=lambda i: galleries[i][1])
    page.requests.clear()
    page.locator(".tx-album__cover a").nth(largest).click()
    page.locator("#glightbox-body").wait_for(state="visible")
    image = page.locator(".gslide.current img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert page.locator(".gslide").count() == galleries[largest][1]
    assert image.evaluate("img => img.currentSrc") in album_files(page, largest)  # the cover's own photo first
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelectorAll('.gslide')[1].classList.contains('current')")
    page.wait_for_function("() => document.querySelectorAll('.gslide')[1].querySelector('img')?.complete")
    assert photo_requests(page, base_url) and set(photo_requests(page, base_url)) <= album_files(page, largest)
    page.keyboard.press("Escape")
    page.locator("#glightbox-body").wait_for(state="detached")

    # Another album, by keyboard: Enter on its cover opens it, Escape closes it, the focus comes back to the cover.
    other = next(i for i in range(len(galleries)) if i != largest and galleries[i][1] > 1)
    cover = page.locator(".tx-album__cover a").nth(other)
    cover.focus()
    page.keyboard.press("Enter")
    page.locator("#glightbox-body").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('gclose')")
    assert page.locator(".gslide").count() == galleries[other][1]
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelectorAll('.gslide')[1].classList.contains('current')")
    page.keyboard.press("Escape")
    page.locator("#glightbox-body").wait_for(state="detached")
    assert cover.evaluate("a => document.activeElement === a")


def test_each_album_links_its_post_and_shows_the_posts_captions(page, base_url):
    page.goto(base_url + LIBRARY_URL, wait_until="networkidle")
    album = page.locator(".tx-album").first
    title = album.locator(".tx-album__title").inner_text()
    caption = album.locator(".tx-album__photos p").first.text_content()
    album.locator(".tx-album__cover a").click()
    page.locator(".gslide.current .gslide-desc").wait_for()
    assert page.locator(".gslide.current .gslide-desc").inner_text() == caption
    page.keyboard.press("Escape")
    page.locator("#glightbox-body").wait_for(state="detached")
    album.get_by_role("link", name="Xem bài viết").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title


def test_the_library_page_weight_on_a_phone(browser, base_url):
    fresh = browser.new_page(viewport=PHONE)
    try:
        weight = transferred(fresh, base_url + LIBRARY_URL)
        print(f"\n/thu-vien-anh/ first load on a phone: {weight} bytes")
        assert weight <= 300 * 1024  # the home page's budget
    finally:
        fresh.close()
