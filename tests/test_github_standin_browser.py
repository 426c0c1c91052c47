"""The web editor against a stand-in GitHub (tests/github_standin.py): Decap's GitHub backend, as officers use it online.

The built /admin/ is served from one 127.0.0.1 port, the stand-in API from another; Decap signs in from a saved
token (``localStorage["decap-cms-user"]``, as after GitHub's login) and every save must land as one commit on main.
At the end the repository is cloned, checked (``python -m hooks.cli check``) and built by a real MkDocs, as GitHub's
build would: the published post's photos, captions and key figures must be on its page.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, SampleSite, make_photo, new_site, post_text
from github_standin import editor_online
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_editor import _add_photo, _publish

from hooks.frontmatter import load_yaml

OLD = "posts/2024-01-05-tin-cu.md"
FOLDER = "posts/2024-01-06-thu-muc.md"
DAY_FIRST = "posts/2023-12-13-hop-dan.md"
GALLERY = "posts/2024-01-07-ten-anh.md"


@pytest.fixture
def online(tmp_path):
    """A built site whose /admin/ talks to a stand-in GitHub holding the site's posts and photos."""
    site = new_site(tmp_path / "xa")
    site.post("2024-01-05-tin-cu.md", post_text(title="Tin cũ", date="2024-01-05"))
    # Written by hand: a gallery given as a folder with its captions.yml, and a date the Vietnamese way.
    site.photo("2024-01-06-thu-muc/01.jpg")
    site.photo("2024-01-06-thu-muc/02.jpg", colour=(20, 120, 200))
    (site.root / "images/2024-01-06-thu-muc/captions.yml").write_text('01.jpg: "Đồng lúa"\n', encoding="utf-8")
    site.post("2024-01-06-thu-muc.md", post_text(title="Cả thư mục", date="2024-01-06", gallery="images/2024-01-06-thu-muc"))
    site.post("2023-12-13-hop-dan.md", post_text(title="Họp dân khu 3", date="13/12/2023"))
    site.photo("2024-01-07-ten-anh/01.jpg")
    site.page("gioi-thieu.md", "# Giới thiệu\n")  # so docs/ is in the repository, as on a real site
    site.post("2024-01-07-ten-anh.md", post_text(title="Tên ảnh", date="2024-01-07", gallery="\n  - 01.jpg"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    with editor_online(site.root, tmp_path / "kho.git") as (standin, admin):
        yield standin, admin
        assert standin.errors == []


def _signed_in(browser, token: str, seen: list[str]):
    """A new page holding Decap's saved sign-in for ``token``; every URL it requests goes into ``seen``.

    Nothing is intercepted: with Playwright routing on, Chromium's CORS preflights would be answered by Playwright,
    not by the stand-in. (Decap's only call elsewhere, githubstatus.com, comes every five minutes.)
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    user = json.dumps({"backendName": "github", "token": token})
    context.add_init_script(f"window.localStorage.setItem('decap-cms-user', {json.dumps(user)});")
    page = context.new_page()
    page.on("request", lambda request: seen.append(request.url))
    return context, page


def test_an_officer_lists_posts_publishes_one_with_two_photos_edits_and_deletes_through_github(online, browser, tmp_path):
    standin, admin = online
    start = standin.head()
    first = make_photo(tmp_path / "tai-len/Hội trường.jpg")
    second = make_photo(tmp_path / "tai-len/trao-thuong.jpg", colour=(30, 90, 200))
    seen: list[str] = []
    context, page = _signed_in(browser, "tok-write", seen)
    asked: list[str] = []

    def answer(dialog) -> None:  # Decap asks through window.confirm: yes to deleting, no to leaving
        asked.append(dialog.message)
        dialog.accept() if "xoá" in dialog.message else dialog.dismiss()

    page.on("dialog", answer)
    try:
        page.goto(admin + "#/collections/posts")
        page.get_by_text("Tin cũ (05/01/2024)").wait_for(timeout=30_000)
        page.get_by_text("Tên ảnh (07/01/2024)").wait_for()
        page.get_by_text("Cả thư mục (06/01/2024)").wait_for()  # a folder gallery does not stop the list
        page.get_by_text("Họp dân khu 3 (13/12/2023)").wait_for()  # a date written dd/mm/yyyy, shown as written

        page.goto(admin + "#/collections/posts/new")
        page.locator("input[id^=title-field]").fill("Hội nghị tổng kết năm 2026")
        page.locator("input[id^=date-field]").fill("2026-11-28T09:00")
        page.locator("input[id^=category-field]").fill("Xây dựng Đảng")  # a searchable list
        page.keyboard.press("Enter")
        page.locator("input[id^=tags-field]").fill("hội nghị, tổng kết")
        _add_photo(page, 0, first, "Quang cảnh hội nghị")
        _add_photo(page, 1, second, "Trao thưởng")
        for index, (label, value) in enumerate(FIGURES):
            page.get_by_role("button", name="Thêm số liệu").click()
            page.locator("input[id^=label-field]").nth(index).fill(label)
            page.locator("input[id^=value-field]").nth(index).fill(value)
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Sáng ngày 28/11/2026, xã họp tổng kết.")
        _publish(page, "Đã công bố")
        page.wait_for_url(re.compile(r"#/collections/posts/entries/2026-11-28-"))  # Decap opens the saved post

        _open_from_the_list(page, "Họp dân khu 3", "Họp dân khu 3")
        page.locator("input[id^=author-field]").fill("Ban Văn hóa")
        _publish(page, "Mục đã được lưu")

        _open_from_the_list(page, "Cả thư mục (06/01/2024)", "Cả thư mục")
        page.locator("input[id^=author-field]").fill("Tổ thông tin")
        _publish(page, "Mục đã được lưu")

        _open_from_the_list(page, "Tên ảnh (07/01/2024)", "Tên ảnh")
        page.get_by_role("button", name="Xoá mục này").click()
        page.get_by_text("Tin cũ (05/01/2024)").wait_for()  # back in the list
        page.get_by_text("Tên ảnh (07/01/2024)").wait_for(state="detached")
    finally:
        page.screenshot(path=str(tmp_path / "editor.png"))
        context.close()

    post = "posts/2026-11-28-hoi-nghi-tong-ket-nam-2026.md"
    photos = "images/2026-11-28-hoi-nghi-tong-ket-nam-2026"
    deleted, folder_edit, day_first_edit, published = standin.commits()[:4]
    assert published.parents == (start,) and published.message == "Thêm bài 2026-11-28-hoi-nghi-tong-ket-nam-2026 (soạn trên web)"
    assert published.changed == {post: "A", f"{photos}/hoi-truong.jpg": "A", f"{photos}/trao-thuong.jpg": "A"}
    assert published.author == "Cán bộ tok-write <tok-write@users.noreply.github.com>"
    meta = load_yaml(standin.read(post).decode().split("---\n")[1]).data
    assert meta["title"] == "Hội nghị tổng kết năm 2026"
    assert meta["category"] == "Xây dựng Đảng" and meta["tags"] == ["hội nghị", "tổng kết"]
    assert meta["gallery"] == [
        {"src": "hoi-truong.jpg", "caption": "Quang cảnh hội nghị"},
        {"src": "trao-thuong.jpg", "caption": "Trao thưởng"},
    ]
    assert meta["highlights"] == [{"label": label, "value": value} for label, value in FIGURES]
    assert standin.read(f"{photos}/trao-thuong.jpg") == second.read_bytes()  # small and clean: uploaded as it was
    # Editing a hand-written post changes that file alone, and leaves the fields nobody touched as they were.
    assert day_first_edit.changed == {DAY_FIRST: "M"} and day_first_edit.message == "Sửa bài 2023-12-13-hop-dan (soạn trên web)"
    edited = load_yaml(standin.read(DAY_FIRST).decode().split("---\n")[1]).data
    assert edited["author"] == "Ban Văn hóa" and edited["date"] == "13/12/2023"
    assert folder_edit.changed == {FOLDER: "M"}
    edited = load_yaml(standin.read(FOLDER).decode().split("---\n")[1]).data
    assert edited["author"] == "Tổ thông tin" and edited["gallery"] == "images/2024-01-06-thu-muc"
    assert "Bạn có chắc rằng bạn muốn xoá mục đã được công bố này?" in asked
    assert deleted.changed == {GALLERY: "D"} and deleted.message == "Xoá bài 2024-01-07-ten-anh (soạn trên web)"
    assert "images/2024-01-07-ten-anh/01.jpg" in standin.files()  # Decap deletes the post, not its photos
    assert all(url.startswith(("http://127.0.0.1", "blob:", "data:")) for url in seen), seen  # no CDN, no github.com

    # What Decap called, and nothing else: no contents API, no pull requests, no failures but the expected 404s.
    routes = {(r.method, _route(r.path)) for r in standin.requests if r.method != "OPTIONS"}
    assert routes <= {
        ("GET", "/user"),
        ("GET", "/repos/*"),
        ("GET", "/repos/*/git/trees/*"),
        ("GET", "/repos/*/git/blobs/*"),
        ("GET", "/repos/*/commits"),
        ("GET", "/repos/*/branches/*"),
        ("POST", "/repos/*/git/blobs"),
        ("POST", "/repos/*/git/trees"),
        ("POST", "/repos/*/git/commits"),
        ("PATCH", "/repos/*/git/refs/*"),
    }, routes
    assert [r for r in standin.requests if r.status >= 400 and "/git/trees/main:" not in r.path] == []
    writes = [(r.method, _route(r.path)) for r in standin.requests if r.method in ("POST", "PATCH")]
    commit = [("POST", "/repos/*/git/trees"), ("POST", "/repos/*/git/commits"), ("PATCH", "/repos/*/git/refs/*")]
    blob = [("POST", "/repos/*/git/blobs")]
    assert writes == blob * 3 + commit + blob + commit + blob + commit + commit
    preflights = [r for r in standin.requests if r.method == "OPTIONS"]
    assert preflights and all(r.status == 204 for r in preflights)  # Chromium asked, the stand-in allowed

    # What an officer's computer (or GitHub's build) gets from the repository now: it checks and builds.
    clone = tmp_path / "ban-sao"
    subprocess.run(["git", "clone", "-q", str(standin.repo), str(clone)], check=True, capture_output=True)
    check = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(clone), "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    built = SampleSite(clone).build()
    assert built.returncode == 0, built.stderr
    html = SampleSite(clone).html("tin-tuc/2026-11-28-hoi-nghi-tong-ket-nam-2026")
    assert "Hội nghị tổng kết năm 2026" in html and "Sáng ngày 28/11/2026, xã họp tổng kết." in html
    shown = re.findall(r'<img src="\.\./\.\./(anh/[^"]+)"[^>]*alt="([^"]*)"', html)  # the photos, made smaller
    assert [alt for _, alt in shown] == ["Quang cảnh hội nghị", "Trao thưởng"], shown
    assert all((clone / "site" / src).is_file() for src, _ in shown)
    for number, caption in enumerate(["Quang cảnh hội nghị", "Trao thưởng"], start=1):
        assert f'<figcaption class="tx-caption-{number}">{caption}</figcaption>' in html
    for label, value in FIGURES:  # the key figures box
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert "Đồng lúa" in SampleSite(clone).html("tin-tuc/2024-01-06-thu-muc")  # the folder's captions.yml


FIGURES = [("Diện tích gieo trồng", "282,66 ha"), ("Đại biểu dự", "45 người")]


def _open_from_the_list(page, summary: str, title: str) -> None:
    """The editor's ← back to the list of posts, then one of them, as an officer goes from post to post.

    For a moment after "saved" Decap still counts the draft as changed and asks whether to leave; the answer is
    no (see ``answer``) and the officer clicks ← again.
    """
    for _ in range(20):
        page.locator("a[href$='#/collections/posts']").first.click()
        try:
            page.wait_for_url(re.compile(r"#/collections/posts$"), timeout=500)
            break
        except PlaywrightTimeout:
            pass
    page.get_by_text(summary).click()
    page.wait_for_function("t => document.querySelector('input[id^=title-field]')?.value === t", arg=title)


def _route(path: str) -> str:
    """/repos/o/r/git/trees/main:posts -> /repos/*/git/trees/*"""
    parts = path.split("/")
    if parts[1] == "repos":
        tail = parts[4:]
        keep = 2 if tail[:1] == ["git"] else 1
        return "/".join(["", "repos", "*", *tail[:keep], *(["*"] if len(tail) > keep else [])])
    return "/".join([*parts[:2], *(["*"] if len(parts) > 2 else [])])
