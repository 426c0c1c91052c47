"""Search in a real browser on a built site: what a resident types, what it costs."""

import re
import unicodedata
from urllib.parse import quote

import pytest
from browser import serve_directory
from conftest import new_site, post_text

from hooks.search import canonical_word, folded_word

POSTS = {
    "dang-uy": ("Đảng ủy xã Sơn Trà tổng kết năm 2023", "Xây dựng Đảng", "Hội nghị tổng kết công tác xây dựng Đảng."),
    "thuy-loi": ("Nạo vét kênh thủy lợi thôn Phước Lộc", "Kinh tế", "Công trình thuỷ lợi phục vụ 282,66 ha lúa."),
    "van-hoa": ("Biểu dương gia đình văn hóa tiêu biểu", "Văn hóa - Xã hội", "Phong trào văn hoá ở khu dân cư."),
    "khoe": ("Khám sức khỏe cho người cao tuổi", "Tin tức - Sự kiện", "Trạm y tế khám sức khoẻ miễn phí."),
    "hostile": ('<img src=x onerror="window.pwned=1">Tin hội nghị', "Thông báo", "Hội nghị đặc biệt."),
    "duong": ("Khởi công đường giao thông thôn Đồng Chùa", "Kinh tế", "Tuyến đường dài 1,2 km."),
    "bieu-duong": ("Biểu dương gương người tốt việc tốt", "Văn hóa - Xã hội", "Biểu dương, biểu dương nữa; ông đi làm đường."),
    "ky-thuat": ("Tập huấn kỹ thuật trồng lúa", "Kinh tế", "Hướng dẫn quản lý sâu bệnh; quyết tâm đạt năng suất cao."),
    # "tong ket ubnd": all three words, "tổng kết" side by side, in the body only...
    "cuoi-nam": ("Công tác cuối năm của xã", "Chính quyền", "UBND xã tổng kết công tác năm."),
    # ...all three, apart, "kết" in the title...
    "doan-ket": ("Ngày hội đại đoàn kết toàn dân", "Văn hóa - Xã hội", "Ông Tổng, cán bộ UBND xã, dự ngày hội."),
    # ...and two of them, side by side in the title.
    "nam-hoc": ("Tổng kết năm học ở trường xã", "Văn hóa - Xã hội", "Các trường tổng kết năm học."),
}
# More posts for one query than the search page lists at first (20).
RECEPTION = 22


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("search"))
    site.configure(extra="extra_css:\n  - assets/stylesheets/tinxa.css\n")  # Tin Xã's styles, as tinxa.yml loads them
    for day, (name, (title, category, body)) in enumerate(POSTS.items(), start=1):
        escaped = title.replace('"', '\\"')
        site.post(
            f"2024-01-{day:02d}-{name}.md", post_text(title=escaped, date=f"2024-01-{day:02d}", category=category, body=body)
        )
    for week in range(1, RECEPTION + 1):
        site.post(
            f"2023-06-{week:02d}-tiep-dan.md",
            post_text(title=f"Lịch tiếp công dân tuần {week}", date=f"2023-06-{week:02d}", category="Thông báo", body="Định kỳ."),
        )
    site.post("nhap.md", post_text(title="Bản nháp tuyệt mật về hội nghị", draft="true"))
    site.page("lien-he.md", "# Liên hệ\n\nỦy ban nhân dân xã, điện thoại 0210 3861 234.\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    with serve_directory(site.root / "site") as url:
        yield url


def results_for(page, base_url, query):
    page.goto(f"{base_url}tim-kiem/?q={quote(query)}")
    page.wait_for_function("() => /^(?!Đang tìm)./.test(document.querySelector('.tx-search-page__status').textContent)")
    return page.locator(".tx-search-page__results .tx-result__title").all_inner_texts()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang uy", "Đảng ủy xã Sơn Trà tổng kết năm 2023"),
        ("Đảng ủy", "Đảng ủy xã Sơn Trà tổng kết năm 2023"),
        (unicodedata.normalize("NFD", "Sơn Trà"), "Đảng ủy xã Sơn Trà tổng kết năm 2023"),
        ("thuỷ lợi", "Nạo vét kênh thủy lợi thôn Phước Lộc"),
        ("THUY LOI", "Nạo vét kênh thủy lợi thôn Phước Lộc"),
        ("phuoc", "Nạo vét kênh thủy lợi thôn Phước Lộc"),
        ("văn hoá", "Biểu dương gia đình văn hóa tiêu biểu"),
        ("suc khoe", "Khám sức khỏe cho người cao tuổi"),
        ("282", "Nạo vét kênh thủy lợi thôn Phước Lộc"),
        ("dien thoai", "Liên hệ"),
        ("tổng k", "Đảng ủy xã Sơn Trà tổng kết năm 2023"),
    ],
)
def test_queries_find_the_post(page, base_url, query, expected):
    assert expected in results_for(page, base_url, query)[:3]


def test_exact_diacritics_rank_first_and_drafts_are_absent(page, base_url):
    titles = results_for(page, base_url, "hội nghị")
    assert titles[0] in ("Đảng ủy xã Sơn Trà tổng kết năm 2023", '<img src=x onerror="window.pwned=1">Tin hội nghị')
    assert not any("nháp" in t for t in titles)
    assert "Không tìm thấy" in " ".join(
        [*results_for(page, base_url, "tuyệt mật"), page.locator(".tx-search-page__status").inner_text()]
    )


def test_hostile_title_is_shown_as_text(page, base_url):
    titles = results_for(page, base_url, "tin hoi nghi")
    assert '<img src=x onerror="window.pwned=1">Tin hội nghị' in titles
    assert page.locator(".tx-search-page__results img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_header_box_costs_nothing_until_focused_then_answers(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    assert not [u for u in page.requests if "tim-kiem" in u or "tinxa-search" in u]
    box = page.locator("#tx-search-input")
    box.fill("suc khoe")
    page.locator(".tx-search__panel .tx-result__title").first.wait_for()
    assert page.locator(".tx-search__panel .tx-result__title").first.inner_text() == "Khám sức khỏe cho người cao tuổi"
    assert page.locator(".tx-search__panel mark").first.inner_text() in ("sức", "khỏe", "khoẻ")
    page.locator(".tx-search__more").click()
    page.wait_for_url(re.compile(r".*/tim-kiem/\?q=suc(%20|\+)khoe$"))
    assert page.locator(".tx-search-page__results .tx-result__title").first.inner_text() == "Khám sức khỏe cho người cao tuổi"


def test_browser_and_python_fold_words_alike(page, base_url):
    page.goto(f"{base_url}tim-kiem/")
    page.wait_for_function("() => window.tinxaSearch")
    samples = [
        "Hoà",
        "thuỷ",
        "khoẻ",
        "quý",
        "Đảng",
        "ĐỒNG",
        "Nguyễn",
        "tuý",
        "kỹ",
        "lí",
        "hy",
        "tay",
        unicodedata.normalize("NFD", "Phước"),
    ]
    in_browser = page.evaluate("ws => ws.map(w => [tinxaSearch.canonicalWord(w), tinxaSearch.key(w)])", samples)
    assert in_browser == [[canonical_word(w), folded_word(w)] for w in samples]


def test_the_exact_spelling_typed_ranks_first(page, base_url):
    assert results_for(page, base_url, "đường")[0] == "Khởi công đường giao thông thôn Đồng Chùa"
    assert results_for(page, base_url, "dương")[0] == "Biểu dương gương người tốt việc tốt"


def test_i_and_y_spellings_are_alike_and_links_are_complete_words(page, base_url):
    assert results_for(page, base_url, "kĩ thuật")[0] == "Tập huấn kỹ thuật trồng lúa"
    assert results_for(page, base_url, "quản lí")[0] == "Tập huấn kỹ thuật trồng lúa"
    # Whole words first: "dan" (dân, dẫn) does not also bring "Đảng", which only starts with it...
    assert "Đảng ủy xã Sơn Trà tổng kết năm 2023" not in results_for(page, base_url, "dan")
    # ...but when no post has the word itself, words starting with it do: "quy" finds "quyết".
    assert "Tập huấn kỹ thuật trồng lúa" in results_for(page, base_url, "quy")


def test_see_all_results_shows_the_same_posts_as_the_panel(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.locator("#tx-search-input").fill("ky thu")  # "kỹ thu..." still being typed
    panel = page.locator(".tx-search__panel")
    panel.locator(".tx-result__title").first.wait_for()
    in_panel = panel.locator(".tx-result__title").all_inner_texts()
    assert "Tập huấn kỹ thuật trồng lúa" in in_panel
    page.locator(".tx-search__more").click()
    page.wait_for_function("() => document.querySelectorAll('.tx-search-page__results .tx-result').length > 0")
    assert page.locator(".tx-search-page__results .tx-result__title").all_inner_texts()[: len(in_panel)] == in_panel


def test_header_panel_closes_with_escape_and_when_focus_leaves(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    box = page.locator("#tx-search-input")
    box.fill("hoi nghi")
    panel = page.locator(".tx-search__panel")
    panel.locator(".tx-result__title").first.wait_for()
    page.keyboard.press("Tab")  # into the results
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    page.wait_for_timeout(400)  # focus returns to the box: the panel must not come back by itself
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.id") == "tx-search-input"
    box.fill("!!!")
    page.wait_for_function("() => document.querySelector('.tx-search__status').textContent.includes('Hãy gõ chữ')")
    assert page.locator(".tx-search__more").is_hidden()


# -- issue 16 ---------------------------------------------------------------------------------------


def test_more_results_button_shows_only_when_there_are_more_results(page, base_url):
    more = page.locator(".tx-search-page__more")
    results_for(page, base_url, "tuyệt mật")  # "Không tìm thấy bài viết nào"
    assert more.is_hidden()
    assert len(results_for(page, base_url, "thuy loi")) == 1  # every result listed
    assert more.is_hidden()
    assert len(results_for(page, base_url, "tiep cong dan")) == 20
    more.wait_for(state="visible")
    more.click()
    page.wait_for_function(f"() => document.querySelectorAll('.tx-search-page__results .tx-result').length === {RECEPTION}")
    assert more.is_hidden()
    # The reader goes on from the first new result, keyboard and screen reader alike.
    assert page.evaluate("() => document.activeElement.textContent") == page.locator(".tx-result__title").nth(20).inner_text()


def test_a_failed_search_clears_the_earlier_results_and_says_why(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.locator("#tx-search-input").fill("hoi nghi")
    page.wait_for_function("() => document.querySelector('form.tx-search').dataset.shown === 'hoi nghi'")
    assert page.locator(".tx-search__panel .tx-result").count() > 0
    page.route("**/tim-kiem/**", lambda route: route.abort())  # the network is gone
    page.locator("#tx-search-input").fill("tiem chung quoc te")
    page.get_by_text("Chưa tải được dữ liệu tìm kiếm").wait_for()
    assert page.locator(".tx-search__panel .tx-result").count() == 0
    assert page.locator(".tx-search__more").is_hidden()


def test_one_letter_asks_for_more_letters_not_fewer_words(page, base_url):
    assert results_for(page, base_url, "h") == []
    assert page.locator(".tx-search-page__status").inner_text() == "Gõ thêm chữ để tìm."


def panel_for(page, base_url, query):
    """(status, titles) of the header's panel once it shows ``query`` typed on the home page."""
    page.goto(base_url, wait_until="networkidle")
    page.locator("#tx-search-input").fill(query)
    page.wait_for_function("q => document.querySelector('form.tx-search').dataset.shown === q", arg=query)
    return page.locator(".tx-search__status").inner_text(), page.locator(".tx-search__panel .tx-result__title").all_inner_texts()


@pytest.mark.parametrize("query", ["hoi nghi", "ky thu", "tong ket ubnd", "suc kh", "thuy l", "tong ket ubnd quocte"])
def test_the_panel_enter_and_a_shared_link_give_the_same_count_and_order(page, base_url, query):
    status, titles = panel_for(page, base_url, query)
    assert titles
    page.locator("#tx-search-input").press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    page.wait_for_function("() => /^(?!Đang tìm)./.test(document.querySelector('.tx-search-page__status').textContent)")
    after_enter = page.locator(".tx-search-page__results .tx-result__title").all_inner_texts()
    assert page.locator(".tx-search-page__status").inner_text() == status
    assert after_enter[: len(titles)] == titles
    assert results_for(page, base_url, query) == after_enter  # the shared link /tim-kiem/?q=...
    assert page.locator(".tx-search-page__status").inner_text() == status


def test_posts_with_every_word_and_the_words_side_by_side_rank_first(page, base_url):
    titles = results_for(page, base_url, "tong ket ubnd")
    # "tổng kết" side by side (body only) above "kết" in a title with "tổng" and "UBND" elsewhere.
    assert titles[:2] == ["Công tác cuối năm của xã", "Ngày hội đại đoàn kết toàn dân"]
    # No post has all four words: those with three come before those with two, whatever their titles.
    titles = results_for(page, base_url, "tong ket ubnd quocte")
    assert "chứa một phần" in page.locator(".tx-search-page__status").inner_text()
    assert titles[:2] == ["Công tác cuối năm của xã", "Ngày hội đại đoàn kết toàn dân"]
    assert "Tổng kết năm học ở trường xã" in titles[2:]
