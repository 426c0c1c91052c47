"""Reading without a connection, in headless Chromium: the sample site built and served at its project
path like GitHub Pages, its worker (sw.js) registered, then the connection cut."""

from __future__ import annotations

import json
import re
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from browser import serve_directory
from conftest import PHONE, ROOT, SampleSite
from test_accessibility import SITE_PATH, axe_violations
from test_policy_browser import refusals, watched_page

from hooks.offline import CACHE_BUDGET, OFFLINE_URL

OLD_POST = "tin-tuc/2023-09-05-khai-giang-nam-hoc-moi/"  # too old to be saved ahead of time
NEW_POST = "tin-tuc/2024-01-25-chuong-trinh-nong-thon-moi/"  # among the newest: saved ahead of time
BANNER = "Bạn đang xem bản đã lưu – không có kết nối mạng"
# Asks the worker to save the newest posts and answers with what it keeps, once that is done.
PRECACHE = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    registration.active.postMessage({type: "precache"}, [channel.port2]);
    setTimeout(() => resolve("no answer in 30 s"), 30000);  // a failure, not a hang
  });
}"""
SAVED = "async (url) => !!(await caches.match(url))"
# The new deploy's worker controls the page and its shell cache replaced the last deploy's.
TAKEN_OVER = """async ([shell, old]) => {
  const registration = await navigator.serviceWorker.getRegistration();
  const controller = navigator.serviceWorker.controller;
  if (!controller || registration.installing || registration.waiting) return false;
  const answer = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    controller.postMessage({type: "status"}, [channel.port2]);
    setTimeout(() => resolve(null), 2000);  // asked again on the next poll
  });
  const names = await caches.keys();
  return answer !== null && shell.endsWith("-shell-" + answer.version) && names.includes(shell) && !names.includes(old);
}"""
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) urls.push(...(await (await caches.open(name)).keys()).map((request) => request.url));
  return urls;
}"""
CACHED_BYTES = """async () => {
  let total = 0;
  for (const name of await caches.keys())
    for (const request of await (await caches.open(name)).keys())
      total += (await (await (await caches.open(name)).match(request)).blob()).size;
  return total;
}"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[SampleSite, Path]:
    """The sample commune, built into a folder named like its path on GitHub Pages."""
    root = tmp_path_factory.mktemp("offline")
    for name in ("mkdocs.yml", "tinxa.yml", "posts", "images", "docs", "data", "files"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    for name in ("hooks", "overrides", "huong-dan"):
        (root / name).symlink_to(ROOT / name)
    site = SampleSite(root)
    served = root / "served"
    result = site.build("-d", str(served / SITE_PATH.strip("/")))
    assert result.returncode == 0, result.stderr
    return site, served


class Connection:
    """The built sample served on a port of its own; ``cut()`` stops the server, so every request fails as
    on a phone without signal. Used where a worker starts after the connection is lost (a new deploy's),
    which Playwright's ``set_offline`` does not reliably reach; the first test uses ``set_offline``."""

    def __init__(self, folder: Path) -> None:
        self._server = ExitStack()
        self.base = self._server.enter_context(serve_directory(folder)) + SITE_PATH

    def cut(self) -> None:
        self._server.close()


@pytest.fixture
def connection(sample):
    link = Connection(sample[1])
    yield link
    link.cut()


def worker_settings(sample) -> dict:
    text = (sample[1] / SITE_PATH / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const SITE = (\{.*\});$", text, re.MULTILINE)[1])


@pytest.fixture
def reader(browser):
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = watched_page(context)
    yield page
    context.close()


def assert_banner(page) -> None:
    """The saved copy's banner, a status message at the top of the content."""
    banner = page.get_by_role("status").filter(has_text="bản đã lưu")
    assert banner.inner_text() == BANNER and banner.is_visible()
    assert banner.evaluate("note => note.parentElement.matches('main') && !note.previousElementSibling")


def open_and_save(page, url: str) -> None:
    """Open ``url`` online and wait until the worker has kept it."""
    page.goto(url, wait_until="networkidle")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function(SAVED, arg=url)


def test_visited_and_newest_pages_open_without_a_connection_with_a_banner(reader, connection, sample):
    page, base_url = reader, connection.base
    settings = worker_settings(sample)
    assert NEW_POST in [path for path, _digest in settings["posts"]]
    assert OLD_POST not in [path for path, _digest in settings["posts"]]
    open_and_save(page, base_url + OLD_POST)  # opened before the worker ran: saved once it does, with its first photo
    page.wait_for_function(SAVED, arg=page.evaluate("document.querySelector('article.tx-post img').currentSrc"))
    assert page.locator(".tx-saved-note").count() == 0  # online: the page itself, no banner
    status = page.evaluate(PRECACHE)
    assert status["version"] == settings["version"] and status["posts"] == len(settings["posts"])

    page.context.set_offline(True)  # the phone loses its signal
    page.reload(wait_until="domcontentloaded")
    assert_banner(page)
    assert "khai giảng" in page.locator("article.tx-post").inner_text().lower()
    page.wait_for_function("() => document.querySelector('article.tx-post img').naturalWidth > 0")  # its photo was kept
    assert refusals(page) == []

    page.goto(base_url, wait_until="domcontentloaded")
    assert_banner(page)
    assert page.locator(".tx-saved-note").is_visible()
    assert refusals(page) == []

    page.goto(base_url + NEW_POST, wait_until="domcontentloaded")  # never opened: saved ahead of time
    assert_banner(page)
    assert "nông thôn mới" in page.locator("article.tx-post").inner_text().lower()
    assert refusals(page) == []

    page.goto(base_url + "the/", wait_until="domcontentloaded")  # neither opened nor saved ahead: the offline page
    assert page.get_by_role("heading", level=1).inner_text() == "Không có kết nối mạng"
    assert page.url == base_url + "the/"  # the address stays, to try again later
    saved = page.locator(".tx-offline__saved a")
    saved.filter(has_text="khai giảng").first.wait_for()
    assert saved.first.inner_text() == "Trang chủ"
    assert "Các trường học trên địa bàn xã Tân Hương khai giảng năm học 2023–2024" in saved.all_inner_texts()  # no " - Xã …"
    assert page.locator(".tx-saved-note").count() == 0  # the page says it already
    # Its styles are there (read from its own address): the header is the site's colour, not unstyled.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert refusals(page) == []
    saved.filter(has_text="khai giảng").first.click()
    page.wait_for_url(base_url + OLD_POST)
    assert_banner(page)
    assert refusals(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_banner_and_offline_page_are_accessible(browser, connection, scheme):
    base_url = connection.base
    context = browser.new_context(viewport=PHONE, service_workers="allow", color_scheme=scheme)
    page = context.new_page()
    try:
        open_and_save(page, base_url)
        connection.cut()
        for url in (base_url, base_url + "luu-tru/"):
            page.goto(url, wait_until="domcontentloaded")
            page.locator(".tx-saved-note, .tx-offline").first.wait_for()
            assert axe_violations(page) == [], url
        page.goto(base_url, wait_until="domcontentloaded")
        box = page.locator(".tx-saved-note").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # fits the phone
    finally:
        context.close()


def test_one_bar_of_signal_shows_the_saved_copy_and_a_withdrawn_page_is_forgotten(reader, connection, sample):
    page, base_url = reader, connection.base
    open_and_save(page, base_url + OLD_POST)
    page.goto(base_url + OLD_POST, wait_until="networkidle")  # under the worker: kept as a page the reader opened
    # The site never answers (one bar of signal): after SITE.patience the saved copy, not an endless wait.
    page.context.route(base_url + OLD_POST, lambda route: None)
    try:
        page.goto(base_url + OLD_POST, wait_until="domcontentloaded", timeout=15_000)
        assert_banner(page)
        assert "khai giảng" in page.locator("article.tx-post").inner_text().lower()
    finally:
        page.context.unroute(base_url + OLD_POST)

    # A notice withdrawn from the site: once the reader meets its 404 online, the phone forgets it.
    notice = "tin-tuc/2023-12-28-tam-ngung-cap-nuoc/"
    open_and_save(page, base_url + notice)
    built = sample[1] / SITE_PATH / notice / "index.html"
    hidden = built.with_name("index.html.rut")
    built.rename(hidden)
    try:
        page.goto(base_url + notice, wait_until="networkidle")
        page.wait_for_function("async (url) => !(await caches.match(url))", arg=base_url + notice)
    finally:
        hidden.rename(built)


def test_a_new_deploy_is_read_at_once_and_replaces_the_saved_shell(reader, connection, sample):
    page, base_url = reader, connection.base
    site, served = sample
    old = worker_settings(sample)["version"]
    open_and_save(page, base_url + NEW_POST)
    page.evaluate(PRECACHE)
    assert f"tinxa-/{SITE_PATH}-shell-" + old in page.evaluate("caches.keys()")

    post = site.root / "posts" / (NEW_POST.split("/")[1] + ".md")
    post.write_text(post.read_text(encoding="utf-8") + "\nĐoạn mới thêm sau khi đăng.\n", encoding="utf-8")
    result = site.build("-d", str(served / SITE_PATH.strip("/")))
    assert result.returncode == 0, result.stderr
    new = worker_settings(sample)["version"]
    assert new != old

    page.reload(wait_until="load")  # online: the page just published, not the saved one
    assert "Đoạn mới thêm sau khi đăng." in page.locator("article.tx-post").inner_text()
    # The browser finds the changed sw.js (as it does on each visit) and the new worker takes over.
    page.evaluate("async () => { await (await navigator.serviceWorker.getRegistration()).update(); }")
    page.wait_for_function(TAKEN_OVER, arg=[f"tinxa-/{SITE_PATH}-shell-" + new, f"tinxa-/{SITE_PATH}-shell-" + old])
    fresh = page.context.new_page()  # a page opened under the new worker from the start
    fresh.goto(base_url + NEW_POST, wait_until="load")
    fresh.evaluate(PRECACHE)  # as each page does
    connection.cut()
    fresh.reload(wait_until="domcontentloaded")
    assert_banner(fresh)
    assert "Đoạn mới thêm sau khi đăng." in fresh.locator("article.tx-post").inner_text()


def test_what_the_phone_keeps_stays_within_the_budget(reader, connection, sample):
    page, base_url = reader, connection.base
    open_and_save(page, base_url)
    page.evaluate(PRECACHE)
    # Every post with its photos, and a page of each kind.
    for url in [*sample_posts(sample), "tin-tuc/", "chuyen-muc/kinh-te/", "the/", "luu-tru/", "van-ban/", "gioi-thieu/"]:
        page.goto(base_url + url, wait_until="networkidle")
    page.goto(base_url, wait_until="networkidle")
    assert 0 < page.evaluate(CACHED_BYTES) <= CACHE_BUDGET
    assert len([name for name in page.evaluate("caches.keys()") if name.startswith(f"tinxa-/{SITE_PATH}-")]) == 2
    # The editor and the search index never go through the worker into a cache.
    page.goto(base_url + "tim-kiem/?q=hoi+nghi", wait_until="networkidle")
    page.locator(".tx-search-page__results .tx-result").first.wait_for()
    # Nor a sound file opened as a page, nor a search page (no index offline); a shared link's "?fbclid=…"
    # is kept as the page itself.
    page.goto(base_url + "files/truyen-thanh/2023-12-01-ban-tin-tuan-48.mp3", wait_until="commit")
    page.goto(base_url + OLD_POST + "?fbclid=IwAR0abc", wait_until="networkidle")
    page.wait_for_function(SAVED, arg=base_url + OLD_POST)
    cached = page.evaluate(CACHED_URLS)
    assert not [url for url in cached if url.endswith(".json") or "/admin/" in url or "/files/" in url or "?" in url]
    assert not [url for url in cached if "/tim-kiem/" in url]
    assert base_url + OFFLINE_URL in cached


def test_past_the_budget_photos_then_the_oldest_pages_go_first(browser, sample, tmp_path):
    """The same site with a budget of its shell and newest posts plus 100 KB: photos go, then the pages opened first."""
    site = tmp_path / SITE_PATH
    shutil.copytree(sample[1] / SITE_PATH, site)
    worker = site / "sw.js"
    settings = worker_settings(sample)
    precached = sum(
        (site / path / "index.html" if path.endswith("/") or not path else site / path).stat().st_size
        for path, _digest in settings["shell"] + settings["posts"]
    )
    budget = precached + 100_000
    worker.write_text(
        worker.read_text(encoding="utf-8").replace(f'"budget":{CACHE_BUDGET}', f'"budget":{budget}'), encoding="utf-8"
    )
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    try:
        with serve_directory(tmp_path) as url:
            base = url + SITE_PATH
            open_and_save(page, base)
            page.evaluate(PRECACHE)
            opened = [post for post in sample_posts(sample) if post not in dict(settings["posts"])]  # not kept ahead
            for post in opened:
                open_and_save(page, base + post)
            page.wait_for_function(f"async () => (await ({CACHED_BYTES})()) <= {budget}")
            cached = page.evaluate(CACHED_URLS)
            assert base + opened[-1] in cached and base + opened[0] not in cached  # the last opened stays, the first went
            assert not [url for url in cached if "/anh/" in url]  # photos went before pages
            assert all(at in cached for at in [base, base + OFFLINE_URL, *(base + path for path, _ in settings["posts"])])
    finally:
        context.close()


def sample_posts(sample) -> list[str]:
    """The sample's posts, oldest first."""
    built = sample[1] / SITE_PATH
    return sorted(p.parent.relative_to(built).as_posix() + "/" for p in built.glob("tin-tuc/20*/index.html"))
