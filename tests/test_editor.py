"""The web editor at /admin/: its form comes from the post schema, and what it saves builds."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from browser import free_port, serve_directory
from conftest import ROOT, make_photo, new_site, post_text
from masters import assert_master, phone_photo
from PIL import Image
from test_editor_photos import red_side, transparent_png

from hooks.editor import YOUTUBE_ADDRESS, editor_config, editor_files
from hooks.frontmatter import load_yaml
from hooks.posts import FIELDS, MAX_HIGHLIGHTS
from hooks.problems import SiteError
from hooks.settings import load_settings, read_config
from hooks.video import parse_video

VENDOR = ROOT / "overrides/assets/vendor/decap-cms"
DECAP_SERVER = ROOT / "node_modules/.bin/decap-server"


def fields_of(config: dict) -> dict[str, dict]:
    return {f["name"]: f for f in config["collections"][0]["fields"]}


def test_the_form_offers_exactly_the_categories_of_mkdocs_yml():
    settings = read_config(ROOT)
    category = fields_of(editor_config(settings))["category"]
    assert category["widget"] == "select"
    assert category["options"] == [c.name for c in settings.categories]
    assert category["options"][:2] == ["Tin tức - Sự kiện", "Xây dựng Đảng"]


def test_the_form_has_one_field_per_schema_entry_with_the_same_required_rule(tmp_path):
    fields = fields_of(editor_config(load_settings(tmp_path, "Xã Thử", {})))
    assert list(fields) == [f.name for f in FIELDS] + ["body"]
    for field in FIELDS:
        assert fields[field.name]["required"] is field.required, field.name
        assert fields[field.name]["label"] and fields[field.name]["hint"]
    assert fields["highlights"]["max"] == MAX_HIGHLIGHTS
    assert fields["updated"]["widget"] == fields["date"]["widget"] and "default" not in fields["updated"]
    assert fields["updated"]["required"] is False
    assert [f["name"] for f in fields["gallery"]["fields"]] == ["src", "caption"]
    assert fields["cover"]["widget"] == fields["gallery"]["fields"][0]["widget"] == "image"
    slug_rule = re.compile(fields["slug"]["pattern"][0])
    assert not slug_rule.match("trang-3") and slug_rule.match("trang-chu-moi") and slug_rule.match("tong-ket-2026")


def test_posts_and_photos_land_where_make_new_puts_them(tmp_path):
    config = editor_config(load_settings(tmp_path, "Xã Thử", {}))
    posts = config["collections"][0]
    assert posts["folder"] == "posts" and posts["slug"].startswith("{{fields.date | date('YYYY-MM-DD')}}-")
    assert posts["media_folder"] == "/images/{{filename}}" and posts["public_folder"] == ""
    assert posts["preview_path"] == "tin-tuc/{{filename}}/"  # the post's address on the site
    assert config["slug"]["clean_accents"] is True and config["locale"] == "vi"


def test_repository_login_service_and_local_port_come_from_mkdocs_yml(tmp_path):
    editor = {"repo": "https://github.com/ubnd-xa/tin-xa/", "login_url": "https://dang-nhap.example.vn/", "local_port": 9123}
    settings = load_settings(tmp_path, "Xã Thử", {"tinxa": {"editor": editor}}, site_url="https://xa.example.vn/")
    config = editor_config(settings)
    assert config["backend"]["repo"] == "ubnd-xa/tin-xa"
    assert config["backend"]["base_url"] == "https://dang-nhap.example.vn"
    assert config["local_backend"]["url"] == "http://127.0.0.1:9123/api/v1"
    assert config["site_url"] == "https://xa.example.vn/"


@pytest.mark.parametrize(
    ("editor", "field"),
    [
        ({"repo": "không phải kho"}, "extra.tinxa.editor.repo"),
        ({"login_url": "http://dang-nhap.example.vn"}, "extra.tinxa.editor.login_url"),
        ({"local_port": 80}, "extra.tinxa.editor.local_port"),
        ("kho", "extra.tinxa.editor"),
    ],
)
def test_wrong_editor_settings_are_reported_in_vietnamese(tmp_path, editor, field):
    with pytest.raises(SiteError) as raised:
        load_settings(tmp_path, "Xã Thử", {"tinxa": {"editor": editor}})
    assert raised.value.problems[0].field == field


def test_admin_page_is_hidden_from_search_engines_and_escapes_the_site_name(tmp_path):
    files = editor_files(load_settings(tmp_path, 'Xã <Thử> & "Nghiệm"', {}))
    page = files["admin/index.html"].decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Xã &lt;Thử&gt; &amp; &quot;Nghiệm&quot;" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # nothing from another host
    assert "connect-src 'self' blob: https://api.github.com " in page  # the policy lets it reach GitHub only
    assert yaml.safe_load(files["admin/config.yml"])["collections"][0]["name"] == "posts"


def test_vendored_decap_matches_its_recorded_checksums():
    lines = (VENDOR / "SHA256SUMS").read_text().splitlines()
    assert len(lines) > 10
    for line in lines:
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert "decap-cms 3.16.3" in (VENDOR / "VERSION").read_text()
    assert "js-yaml 4.1.0" in (ROOT / "overrides/assets/vendor/js-yaml/VERSION").read_text()
    # The save service `make admin` runs is pinned to the same release line.
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["decap-server"] == "3.11.3"


def test_built_site_has_the_editor_but_not_in_sitemap_search_or_menu(tmp_path):
    site = new_site(tmp_path)
    site.post("2024-01-05-tin.md", post_text(title="Tin thử", date="2024-01-05"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    built = site.root / "site"
    assert (built / "admin/index.html").is_file() and (built / "admin/config.yml").is_file()
    assert (built / "assets/vendor/decap-cms/decap-cms.js").is_file()
    assert "admin" not in (built / "sitemap.xml").read_text()
    assert "Disallow: /xa-thu/admin/" in (built / "robots.txt").read_text()
    assert not any("admin" in p.read_text(encoding="utf-8") for p in (built / "tim-kiem").rglob("*.json"))
    assert 'href="admin/' not in site.html("") and "/admin/" not in site.html("")


# -- the editor in a browser, saving through Decap's local service (what `make admin` runs) ------


@pytest.fixture
def editor(tmp_path):
    """A small site, built, with /admin/ served and Decap's save service writing into the site."""
    if not DECAP_SERVER.exists():
        raise AssertionError("decap-server is missing: run `npm ci` (make test does it)")
    site = new_site(tmp_path / "xa")
    port = free_port()
    site.configure(extra=f"extra:\n  tinxa:\n    editor:\n      local_port: {port}\n")
    site.post("2024-01-05-tin-cu.md", post_text(title="Tin cũ", date="2024-01-05"))
    for name in ("2024-01-06-thu-muc", "2024-01-07-ten-anh"):
        site.photo(f"{name}/01.jpg")
        site.photo(f"{name}/02.jpg", colour=(20, 120, 200))
    (site.root / "images/2024-01-06-thu-muc/captions.yml").write_text('01.jpg: "Một"\n', encoding="utf-8")
    # Written by hand, in the forms Decap's own list widget cannot open.
    site.post("2024-01-06-thu-muc.md", post_text(title="Cả thư mục", date="06/01/2024", gallery="images/2024-01-06-thu-muc"))
    names = '\n  - 01.jpg\n  - src: 02.jpg\n    caption: "Hai"'
    site.post("2024-01-07-ten-anh.md", post_text(title="Tên ảnh", date="2024-01-07", gallery=names))
    result = site.build()
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(port), "MODE": "fs", "GIT_REPO_DIRECTORY": str(site.root)}
    service = subprocess.Popen([str(DECAP_SERVER)], cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_for_service(port)
        with serve_directory(site.root / "site") as base:
            yield site, base + "admin/"
    finally:
        service.terminate()
        service.wait(timeout=30)


def _wait_for_service(port: int) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}', headers={"Content-Type": "application/json"}
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("decap-server did not start")


def open_signed_in(page, admin: str, view: str) -> None:
    """``view`` of the editor (a #/collections/… address), signed in to `make admin`'s save service."""
    page.goto(admin + view)
    page.get_by_role("button", name="Đăng nhập").click()


TITLE = "Đảng ủy xã Tân Hương họp tổng kết công tác xây dựng Đảng và hệ thống chính trị năm 2026"
_UNTRANSLATED = """() => {
  const missing = [];
  const walk = (en, vi, path) => Object.keys(en).forEach((key) => {
    if (typeof en[key] === "object") walk(en[key], (vi || {})[key], path + key + ".");
    else if (!vi || typeof vi[key] !== "string") missing.push(path + key);
  });
  walk(CMS.getLocale("en"), CMS.getLocale("vi"), "");
  return missing;
}"""


def _add_photo(page, index: int, photo: Path, caption: str) -> None:
    page.get_by_role("button", name="Thêm ảnh").first.click()
    page.get_by_role("button", name="Chọn một hình").nth(1).click()  # the cover's is first; filled ones say "khác"
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Dùng ảnh này").click()
    page.locator("input[id^=caption-field]").nth(index).fill(caption)


def _publish(page, saved: str) -> None:
    """Công bố → Công bố ngay, then wait for Decap to say ``saved``."""
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text(saved, exact=False).first.wait_for(timeout=30_000)


def test_hand_written_galleries_open_in_the_editor_and_survive_a_save(editor, browser):
    site, admin = editor
    for name, title in (("2024-01-06-thu-muc", "Cả thư mục"), ("2024-01-07-ten-anh", "Tên ảnh")):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            open_signed_in(page, admin, f"#/collections/posts/entries/{name}")
            page.wait_for_function("t => document.querySelector('input[id^=title-field]')?.value === t", arg=title)
            page.locator("input[id^=author-field]").fill("Ban Văn hóa")
            _publish(page, "Mục đã được lưu")
        finally:
            page.close()
    folder = load_yaml((site.root / "posts/2024-01-06-thu-muc.md").read_text(encoding="utf-8").split("---\n")[1]).data
    assert folder["gallery"] == "images/2024-01-06-thu-muc" and folder["author"] == "Ban Văn hóa"
    assert folder["date"] == "06/01/2024"  # untouched fields keep their form
    names = load_yaml((site.root / "posts/2024-01-07-ten-anh.md").read_text(encoding="utf-8").split("---\n")[1]).data
    assert names["gallery"] == [{"src": "01.jpg"}, {"src": "02.jpg", "caption": "Hai"}]
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(site.root), "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout


def test_officer_writes_a_post_with_photos_in_the_browser_and_it_builds(editor, browser, tmp_path):
    site, admin = editor
    # A phone photo: 4000×3000 stored sideways (EXIF Orientation 6), GPS, left half red.
    first = phone_photo(tmp_path / "tai-len/Hội trường.jpg", size=(4000, 3000), orientation=6)
    second = make_photo(tmp_path / "tai-len/trao-thuong.jpg", colour=(30, 90, 200))  # 1200×900, JFIF only
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        open_signed_in(page, admin, "#/collections/posts/new")
        # Every string Decap has in English exists in Vietnamese (its own "vi" plus ours).
        untranslated = page.evaluate(_UNTRANSLATED)
        assert untranslated == [], untranslated
        page.locator("input[id^=title-field]").fill(TITLE)
        page.locator("input[id^=date-field]").fill("2026-11-28T00:30")  # before 07:00: still the 28th in Việt Nam
        page.locator("input[id^=category-field]").fill("Xây dựng Đảng")  # a searchable list
        page.keyboard.press("Enter")
        page.locator("input[id^=tags-field]").fill("hội nghị, tổng kết")
        _add_photo(page, 0, first, "Quang cảnh hội nghị")
        _add_photo(page, 1, second, "Trao thưởng cho chi bộ xuất sắc")
        status = page.locator(".tinxa-anh-trang-thai")
        assert status.count() == 1 and status.is_hidden()  # "Đang thu nhỏ ảnh…" came and went
        assert page.get_by_role("button", name="Code Block").count() == 0  # English, and fences are off
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Sáng ngày 28/11/2026, Đảng ủy xã họp tổng kết.")
        page.keyboard.press("Shift+Enter")  # a line break, which Decap writes as a trailing backslash
        page.keyboard.type("Dự hội nghị có 45 đại biểu.")
        _publish(page, "Đã công bố")
    finally:
        page.screenshot(path=str(tmp_path / "editor.png"))
        page.close()

    assert all(url.startswith(("http://127.0.0.1", "blob:", "data:")) for url in requests), requests  # no CDN

    posts = sorted(p.name for p in (site.root / "posts").iterdir() if p.name.startswith("2026"))
    assert len(posts) == 1 and posts[0].startswith("2026-11-28-dang-uy-xa-tan-huong-hop-tong-ket"), posts
    assert len(posts[0]) <= len("2026-11-28-") + 60 + len(".md")  # long titles make short file names
    post = site.root / "posts" / posts[0]
    text = post.read_text(encoding="utf-8")
    meta = load_yaml(text.split("---\n")[1]).data
    assert meta["title"] == TITLE
    assert meta["category"] == "Xây dựng Đảng" and meta["tags"] == ["hội nghị", "tổng kết"]
    assert str(meta["date"]).startswith("2026-11-28 00:30")
    folder = site.root / "images" / post.stem
    # Decap gives uploaded photos ASCII names too ("Hội trường.jpg" -> "hoi-truong.jpg").
    assert sorted(p.name for p in folder.iterdir()) == ["hoi-truong.jpg", "trao-thuong.jpg"]
    assert meta["gallery"] == [
        {"src": "hoi-truong.jpg", "caption": "Quang cảnh hội nghị"},  # the post's own photo folder
        {"src": "trao-thuong.jpg", "caption": "Trao thưởng cho chi bộ xuất sắc"},
    ]
    # The phone photo arrived as a master: upright (red on top), 1536×2048, no GPS or EXIF, only
    # JFIF before the scan (so `make anh` leaves it alone); the small clean one as it was.
    master = assert_master((folder / "hoi-truong.jpg").read_bytes())
    assert master.size == (1536, 2048) and red_side(master) == "top"
    assert (folder / "trao-thuong.jpg").read_bytes() == second.read_bytes()

    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(site.root), "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    result = site.build()
    assert result.returncode == 0, result.stderr
    html = site.html(f"tin-tuc/{post.stem}")
    assert TITLE in html and "Trao thưởng cho chi bộ xuất sắc" in html
    assert "tổng kết.<br />" in html and "tổng kết.\\" not in html
    assert TITLE in site.html("")


def test_a_see_through_png_stays_png_and_a_photo_the_browser_cannot_read_goes_up_as_it_is(editor, browser, tmp_path):
    site, admin = editor
    logo = transparent_png(tmp_path / "tai-len/Logo xã.png", size=(3000, 1500))
    heic = tmp_path / "tai-len/IMG_0001.HEIC"  # as an iPhone names it; Chromium here decodes no HEIC
    heic.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(range(256)) * 40)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        open_signed_in(page, admin, "#/collections/posts/new")
        page.locator("input[id^=title-field]").fill("Biểu trưng mới của xã")
        page.locator("input[id^=date-field]").fill("2026-12-01T09:00")
        _add_photo(page, 0, logo, "Biểu trưng")
        _add_photo(page, 1, heic, "Ảnh chụp bằng iPhone")
        notice = page.locator(".tinxa-anh-trang-thai")
        assert "“IMG_0001.HEIC”" in notice.inner_text() and "make anh" in notice.inner_text(), notice.inner_text()
        notice.get_by_role("button", name="Đóng").click()
        assert notice.is_hidden()
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Xã công bố biểu trưng mới.")
        _publish(page, "Đã công bố")
    finally:
        page.screenshot(path=str(tmp_path / "editor.png"))
        page.close()
    folder = site.root / "images/2026-12-01-bieu-trung-moi-cua-xa"
    assert sorted(p.name for p in folder.iterdir()) == ["img_0001.heic", "logo-xa.png"]
    with Image.open(folder / "logo-xa.png") as out:
        assert_master((folder / "logo-xa.png").read_bytes())
        assert out.size == (2048, 1024) and out.getchannel("A").getextrema()[0] == 0  # still see-through
    assert (folder / "img_0001.heic").read_bytes() == heic.read_bytes()  # make anh shrinks it later


def test_the_list_shows_dates_written_day_first_and_a_plain_plus(editor, browser):
    site, admin = editor
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        open_signed_in(page, admin, "#/collections/posts")
        page.get_by_text("Tin cũ (05/01/2024)").wait_for(timeout=30_000)
        page.get_by_text("Cả thư mục (06/01/2024)").wait_for()  # written 06/01/2024 by hand
        assert page.get_by_text("Invalid Date").count() == 0
        page.get_by_text("+ bài viết", exact=True).wait_for()
        assert "\uff0b" not in page.locator("body").inner_text()  # a missing-glyph box in some fonts
    finally:
        page.close()
    assert "tinxa_ngay" not in (site.root / "posts/2024-01-06-thu-muc.md").read_text(encoding="utf-8")


def test_the_media_dialog_says_use_this_photo_and_asks_before_deleting_which_photo(editor, browser, tmp_path):
    site, admin = editor
    photo = make_photo(tmp_path / "tai-len/Ảnh mới.jpg")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    try:
        open_signed_in(page, admin, "#/collections/posts/entries/2024-01-07-ten-anh")
        page.get_by_role("button", name="Thêm ảnh").first.click()
        page.get_by_role("button", name="Chọn một hình").nth(1).click()
        page.locator("input[type=file]").set_input_files(str(photo))
        use = page.get_by_role("button", name="Dùng ảnh này", exact=True)
        delete = page.get_by_role("button", name="Xoá ảnh đã chọn…", exact=True)
        use.wait_for()
        assert page.get_by_text("Lấy những cái đã chọn").count() == 0
        # Set apart, and not in the same filled style as "Dùng ảnh này".
        gap = page.evaluate(
            "([d, u]) => u.getBoundingClientRect().left - d.getBoundingClientRect().right",
            [delete.element_handle(), use.element_handle()],
        )
        assert gap >= 30, gap
        style = "e => getComputedStyle(e).backgroundColor"
        assert delete.evaluate(style) == "rgb(255, 255, 255)" != use.evaluate(style)
        delete.click()  # the photo just uploaded is selected
        page.get_by_text("02.jpg", exact=True).click()
        delete.click()
        page.wait_for_timeout(300)
    finally:
        page.close()
    assert asked == [
        "Xoá hẳn ảnh “anh-moi.jpg” khỏi trang? Bài nào đang dùng ảnh này sẽ mất ảnh.",
        "Xoá hẳn ảnh “02.jpg” khỏi trang? Bài nào đang dùng ảnh này sẽ mất ảnh.",
    ], asked
    assert (site.root / "images/2024-01-07-ten-anh/02.jpg").is_file()  # answered no: still there


def test_the_date_is_day_first_with_a_24_hour_time_on_an_english_browser(editor, browser):
    site, admin = editor
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        open_signed_in(page, admin, "#/collections/posts/new")
        date = page.locator("input[id^=date-field]")
        date.wait_for()
        page.wait_for_function("() => document.querySelector('input[id^=date-field]').value !== ''")
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", date.input_value()), date.input_value()  # now, day first
        page.locator("input[id^=title-field]").fill("Họp buổi chiều")
        date.fill("28/11/2026 14:05")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Nội dung.")
        _publish(page, "Đã công bố")
        page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
        open_signed_in(page, admin, "#/collections/posts/entries/2024-01-06-thu-muc")
        page.wait_for_function("() => document.querySelector('input[id^=date-field]')?.value === '06/01/2024'")
    finally:
        page.close()
    text = (site.root / "posts/2026-11-28-hop-buoi-chieu.md").read_text(encoding="utf-8")
    assert load_yaml(text.split("---\n")[1]).data["date"] == "2026-11-28 14:05"


def test_a_photo_named_like_one_already_there_goes_up_under_a_free_name_without_a_question(editor, browser, tmp_path):
    site, admin = editor
    folder = site.root / "images/2024-01-07-ten-anh"
    before = {name: (folder / name).read_bytes() for name in ("01.jpg", "02.jpg")}
    first = make_photo(tmp_path / "tai-len/01.jpg", colour=(200, 200, 30))
    again = make_photo(tmp_path / "lan-hai/01.jpg", colour=(30, 200, 200))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    try:
        open_signed_in(page, admin, "#/collections/posts/entries/2024-01-07-ten-anh")
        _add_photo(page, 2, first, "Ảnh cùng tên")
        _add_photo(page, 3, again, "Lại cùng tên")
        _publish(page, "Mục đã được lưu")
    finally:
        page.close()
    assert asked == []
    assert {name: (folder / name).read_bytes() for name in ("01.jpg", "02.jpg")} == before  # nothing replaced
    assert (folder / "01-2.jpg").read_bytes() == first.read_bytes()
    assert (folder / "01-3.jpg").read_bytes() == again.read_bytes()
    meta = load_yaml((site.root / "posts/2024-01-07-ten-anh.md").read_text(encoding="utf-8").split("---\n")[1]).data
    assert [item["src"] for item in meta["gallery"]] == ["01.jpg", "02.jpg", "01-2.jpg", "01-3.jpg"]


def test_see_the_finished_post_opens_the_address_its_own_slug_gives(editor, browser):
    _site, admin = editor
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.context.route("https://example.github.io/**", lambda route: route.fulfill(body="ok"))
    try:
        open_signed_in(page, admin, "#/collections/posts/entries/2024-01-05-tin-cu")
        page.wait_for_function("() => document.querySelector('input[id^=title-field]')?.value === 'Tin cũ'")
        page.locator("input[id^=slug-field]").fill("Tin cũ đổi địa chỉ")
        _publish(page, "Mục đã được lưu")
        with page.expect_popup() as opened:
            page.get_by_role("link", name="Xem bản hoàn chỉnh").click()
        assert opened.value.url == "https://example.github.io/xa-thu/tin-tuc/tin-cu-doi-dia-chi/", opened.value.url
    finally:
        page.close()


def test_a_second_post_with_the_same_title_and_date_is_asked_about_first(editor, browser):
    site, admin = editor
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked: list[str] = []
    answers = iter([False, True])

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    try:
        open_signed_in(page, admin, "#/collections/posts/new")
        page.locator("input[id^=title-field]").fill("Tin cũ")
        page.locator("input[id^=date-field]").fill("05/01/2024 08:00")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Lần nữa.")
        _publish(page, "chưa lưu, vì trang đã có bài cùng tên và ngày")
        assert not (site.root / "posts/2024-01-05-tin-cu-1.md").exists()
        _publish(page, "Đã công bố")  # asked again; "yes" this time
    finally:
        page.close()
    assert len(asked) == 2 and asked[0].startswith("Trang đã có bài “Tin cũ” cùng ngày."), asked
    assert (site.root / "posts/2024-01-05-tin-cu-1.md").is_file()


def test_the_sign_in_page_shows_the_communes_name_not_decaps_logo(editor, browser):
    _site, admin = editor
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(admin)
        page.get_by_role("button", name="Đăng nhập").wait_for()
        picture = page.locator("img[src$='ten-xa.svg']")
        page.wait_for_function("() => document.querySelector(\"img[src$='ten-xa.svg']\")?.naturalWidth > 0")
        assert picture.is_visible()
        assert page.locator("[class*='-DecapLogoIcon']").count() == 0
        assert all(not icon.is_visible() for icon in page.locator("[class*='-NetlifyCreditIcon']").all())
    finally:
        page.close()


def test_the_sign_in_picture_names_the_commune(tmp_path):
    files = editor_files(load_settings(tmp_path, "Xã <Tân> Hương", {}))
    assert yaml.safe_load(files["admin/config.yml"])["logo_url"] == "ten-xa.svg"
    picture = files["admin/ten-xa.svg"].decode()
    assert picture.startswith("<svg") and ">Xã &lt;Tân&gt; Hương</text>" in picture


def test_on_a_phone_the_form_fits_the_screen_and_the_publish_button_shows(editor, browser):
    _site, admin = editor
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        open_signed_in(page, admin, "#/collections/posts/new")
        title = page.locator("input[id^=title-field]")
        title.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        publish = page.get_by_role("button", name="Công bố", exact=True)
        box = publish.bounding_box()
        assert publish.is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        field = title.bounding_box()
        assert field and field["x"] >= 0 and field["x"] + field["width"] <= 390, field
        title.fill("Tin từ điện thoại")  # usable: not hidden under the top bar
        assert page.locator("#preview-pane").is_hidden()  # no room for the preview beside the form
    finally:
        page.close()


def test_make_admin_installs_the_save_service_only_and_the_audit_tools_are_apart():
    """`make admin` runs `npm ci --omit=dev`: decap-server and what it needs, not the test or audit tools."""
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    installed = {name.rpartition("node_modules/")[2] for name, entry in lock.items() if name and not entry.get("dev")}
    assert "decap-server" in installed and len(installed) < 150
    assert not installed & {"lighthouse", "vnu-jar", "axe-core", "puppeteer-core", "chrome-launcher"}
    assert {name for name, entry in lock.items() if entry.get("dev")} == {"node_modules/axe-core"}  # for the tests
    dry = subprocess.run(["make", "-n", "-W", "package-lock.json", "admin"], cwd=ROOT, capture_output=True, text=True)
    assert "--omit=dev" in dry.stdout, dry.stdout + dry.stderr

    tools = ROOT / "benchmarks/audit-tools"
    wanted = json.loads((tools / "package.json").read_text())["devDependencies"]
    audit_lock = json.loads((tools / "package-lock.json").read_text())["packages"]
    assert set(wanted) == {"lighthouse", "vnu-jar"} and audit_lock[""]["devDependencies"] == wanted
    assert all(audit_lock[f"node_modules/{name}"]["version"] == version for name, version in wanted.items())


def test_the_forms_video_pattern_takes_what_the_build_takes():
    pattern = re.compile(YOUTUBE_ADDRESS[0])
    for address in (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=AbC&t=90",
        "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://music.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ):
        assert pattern.match(address) and parse_video(address), address
    for address in (
        "https://youtu.be/dQw4w9WgXcQ1",
        "https://www.youtube.com/embed/videoseries?list=PL1",
        "https://vimeo.com/123456",
        "https://www.youtube.com/@UBNDxa",
    ):
        assert not pattern.match(address) and not parse_video(address), address
