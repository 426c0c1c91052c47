"""Signing in to the web editor with a personal access token (tinxa-sign-in.js), against a stand-in GitHub.

Wrong, read-only and right tokens, as an officer pastes them; nothing is committed until a right one.
"""

from __future__ import annotations

import pytest
from conftest import new_site, post_text
from github_standin import editor_online


@pytest.fixture
def online(tmp_path):
    """A built site whose /admin/ has no login service and talks to a stand-in GitHub."""
    site = new_site(tmp_path / "xa")
    site.post("2024-01-05-tin-cu.md", post_text(title="Tin cũ", date="2024-01-05"))
    assert site.build().returncode == 0
    with editor_online(site.root, tmp_path / "kho.git") as (standin, admin):
        yield standin, admin
        assert standin.errors == []


def test_wrong_and_read_only_tokens_are_told_in_vietnamese_and_a_right_one_opens_the_posts(online, browser):
    standin, admin = online
    start = standin.head()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(admin)
        form = page.locator("form.tinxa-dang-nhap")
        form.get_by_role("heading", name="Đăng nhập bằng mã truy cập").wait_for(timeout=30_000)
        assert form.get_by_role("heading", name="Xã Thử Nghiệm").is_visible()  # the commune's name, not Decap's logo
        assert form.get_by_role("link", name="Cách tạo mã truy cập").get_attribute("href") == "../huong-dan/ma-truy-cap/"
        box, alert = page.get_by_label("Mã truy cập GitHub"), form.get_by_role("alert")
        for token, said in (
            ("", "Dán mã truy cập vào ô trên."),
            ("github_pat_sai", "Mã truy cập không đúng hoặc đã hết hạn"),
            ("tok-read", f"Mã này chỉ có quyền đọc kho {standin.full_name}"),
        ):
            box.fill(token)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_function("t => document.querySelector('.tinxa-dang-nhap-loi').textContent.includes(t)", arg=said)
            assert said in alert.inner_text()
        assert page.evaluate("localStorage.getItem('decap-cms-user')") is None
        box.fill("  tok-write  ")  # pasted with spaces around it
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Tin cũ (05/01/2024)").wait_for(timeout=30_000)
        assert form.count() == 0
        assert '"token":"tok-write"' in page.evaluate("localStorage.getItem('decap-cms-user')")
        page.reload()  # remembered on this computer
        page.get_by_text("Tin cũ (05/01/2024)").wait_for(timeout=30_000)
        assert page.locator("form.tinxa-dang-nhap").count() == 0
    finally:
        page.close()
    assert standin.head() == start  # nothing committed by signing in, rightly or wrongly


def test_a_token_revoked_since_brings_back_the_form_with_the_reason(online, browser):
    _standin, admin = online
    context = browser.new_context()
    context.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        " localStorage.setItem('decap-cms-user', JSON.stringify({backendName: 'github', token: 'thu-hoi-roi'})); }"
    )
    page = context.new_page()
    try:
        page.goto(admin)
        page.locator("form.tinxa-dang-nhap").wait_for(timeout=30_000)
        assert "không đúng hoặc đã hết hạn" in page.locator(".tinxa-dang-nhap-loi").inner_text()
        assert page.evaluate("localStorage.getItem('decap-cms-user')") is None
    finally:
        context.close()


def test_signing_out_forgets_the_token_and_brings_back_the_form(online, browser):
    _standin, admin = online
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(admin)
        page.get_by_label("Mã truy cập GitHub").fill("tok-write")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Tin cũ (05/01/2024)").wait_for(timeout=30_000)
        page.locator("[class*=AvatarDropdownButton]").click()  # the account menu, top right
        page.get_by_text("Đăng xuất").click()
        page.locator("form.tinxa-dang-nhap").wait_for(timeout=30_000)
        assert page.evaluate("localStorage.getItem('decap-cms-user')") is None
    finally:
        page.close()
