"""Reader tools on a post, in headless Chromium: "Nghe bài" (the phone's own Vietnamese voice, stood in for
by a recording stub of the Web Speech API) and the text size kept across pages and visits."""

from __future__ import annotations

import shutil

import pytest
from browser import serve_directory
from conftest import PHONE, ROOT, new_site, post_text
from test_accessibility import axe_violations

POST = "tin-tuc/2023-12-13-hoi-nghi/"
OTHER_POST = "tin-tuc/2023-12-01-bai-khac/"
BODY = """
**Sáng ngày 13/12/2023**, UBND xã tổ chức hội nghị tổng kết.

Diện tích lúa 282,66 ha, sản lượng 1.313 tấn; 14/15 chỉ tiêu đạt, tỷ lệ 97,5%.

<figure><figcaption>Chú thích ảnh không được đọc</figcaption></figure>

<table><tr><td>Ô bảng không được đọc</td></tr></table>

## Nhiệm vụ năm 2024

- Làm mới 2 km đường;
- Trồng 500 cây xanh.

Thủ tục nhận hỗ trợ:

1. Đăng ký tại UBND xã;
2. Nhận kết quả sau 3 ngày.

<details><summary>Xem thêm chi tiết</summary><p>Nội dung đang đóng không được đọc.</p></details>

Hội nghị kết thúc lúc 11:30.
"""
SPOKEN = [
    "Hội nghị tổng kết năm 2023",
    "Sáng ngày 13 tháng 12 năm 2023, UBND xã tổ chức hội nghị tổng kết.",
    "Diện tích lúa 282 phẩy 66 héc-ta, sản lượng 1313 tấn; 14 trên 15 chỉ tiêu đạt, tỷ lệ 97 phẩy 5 phần trăm.",
    "Nhiệm vụ năm 2024",
    "Làm mới 2 ki-lô-mét đường;",
    "Trồng 500 cây xanh.",
    "Thủ tục nhận hỗ trợ:",
    "1. Đăng ký tại UBND xã;",  # a numbered list's numbers come from CSS: said all the same
    "2. Nhận kết quả sau 3 ngày.",
    "Xem thêm chi tiết",  # a closed <details>: its title only
    "Hội nghị kết thúc lúc 11 giờ 30.",
]
VIETNAMESE = {"name": "Linh", "lang": "vi-VN", "localService": True}
ENGLISH = {"name": "Samantha", "lang": "en-US", "localService": True}

# A Web Speech API that records what it is asked to say; the test ends each utterance itself.
# Voices arrive late, on "voiceschanged", as on real phones.
SPEECH_STUB = """
(() => {
  const synth = new EventTarget();
  const spoken = [], calls = [];
  let voices = [];
  Object.assign(synth, {
    speaking: false, paused: false, pending: false,
    getVoices: () => voices,
    speak(u) { calls.push("speak"); spoken.push(u); this.speaking = true; },
    cancel() { calls.push("cancel"); this.speaking = false; },
    pause() { calls.push("pause"); this.paused = true; },
    resume() { calls.push("resume"); this.paused = false; },
  });
  class Utterance extends EventTarget {
    constructor(text) { super(); Object.assign(this, { text, lang: "", rate: 1, voice: null }); }
  }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__speech = {
    calls,
    said: () => spoken.map((u) => ({ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name })),
    arrive(list) { voices = list; synth.dispatchEvent(new Event("voiceschanged")); },
    finish() { spoken[spoken.length - 1].dispatchEvent(new Event("end")); },
  };
})();
"""
# Layout shifts not caused by the reader, from the very start of the page.
RECORD_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
document.addEventListener("DOMContentLoaded", () => {
  window.__sizeAtStart = document.documentElement.dataset.txSize;
  window.__fontAtStart = getComputedStyle(document.querySelector(".tx-post__body, .tx-page-text")).fontSize;
});
"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("reader") / "xa")
    # The real theme settings (styles, light and dark palettes), as a commune's own mkdocs.yml inherits them.
    shutil.copy(ROOT / "tinxa.yml", site.root)
    for name in ("hooks", "overrides"):
        (site.root / name).symlink_to(ROOT / name)
    (site.root / "mkdocs.yml").write_text(
        "INHERIT: tinxa.yml\nsite_name: Xã Thử Nghiệm\nsite_url: https://example.github.io/xa-thu/\n"
    )
    site.photo("2023-12-13-hoi-nghi/01.jpg")
    gallery = '\n  - src: 01.jpg\n    caption: "Ảnh trong thư viện không được đọc"'
    site.post(
        "2023-12-13-hoi-nghi.md",
        post_text(title="Hội nghị tổng kết năm 2023", date="2023-12-13", body=BODY, tags="[hội nghị]", gallery=gallery),
    )
    site.post("2023-12-01-bai-khac.md", post_text(title="Bài khác", date="2023-12-01", body="Một đoạn văn ngắn."))
    site.page("gioi-thieu.md", "# Giới thiệu\n\nXã có 9.862 nhân khẩu.\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    with serve_directory(site.root / "site") as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SPEECH_STUB)
    context.errors = []
    context.on("weberror", lambda error: context.errors.append(str(error.error)))
    yield context
    assert context.errors == []
    context.close()


def open_post(context, url: str, voices: list[dict] | None = None):
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    if voices is not None:
        page.evaluate("voices => window.__speech.arrive(voices)", voices)
    return page


def said(page) -> list[dict]:
    return page.evaluate("window.__speech.said()")


def current_block(page) -> str:
    return page.evaluate("document.querySelector('.tx-listen__current')?.textContent.trim() ?? ''")


def test_listen_shows_only_with_a_vietnamese_voice(context, base_url):
    page = open_post(context, base_url + POST)
    listen = page.locator(".tx-listen")
    assert listen.is_hidden()  # before the voices arrive
    page.evaluate("voices => window.__speech.arrive(voices)", [ENGLISH])
    assert listen.is_hidden()
    page.evaluate("voices => window.__speech.arrive(voices)", [ENGLISH, VIETNAMESE])
    assert listen.is_visible()
    assert page.get_by_role("button", name="Nghe bài").is_visible()


def test_without_speech_nothing_is_offered_and_nothing_breaks(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true })")
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    try:
        page = open_post(context, base_url + POST)
        assert page.locator(".tx-listen").is_hidden()
        assert page.locator(".tx-textsize").is_visible()
        assert errors == []
    finally:
        context.close()


def test_reads_headline_then_paragraphs_in_order_highlighting_each(context, base_url):
    page = open_post(context, base_url + POST, [ENGLISH, VIETNAMESE])
    play = page.locator(".tx-listen__play")
    play.click()
    assert play.text_content() == "Tạm dừng"
    assert page.locator(".tx-listen__status").text_content() == "Đang đọc bài."
    assert said(page) == [{"text": SPOKEN[0], "lang": "vi-VN", "rate": 1, "voice": "Linh"}]
    assert current_block(page) == "Hội nghị tổng kết năm 2023"
    highlighted = [current_block(page)]
    for _ in SPOKEN[1:]:
        page.evaluate("window.__speech.finish()")
        highlighted.append(current_block(page))
    assert [u["text"] for u in said(page)] == SPOKEN  # captions, the table, the gallery and the share row are not read
    assert highlighted[1].startswith("Sáng ngày 13/12/2023") and highlighted[3] == "Nhiệm vụ năm 2024"
    assert highlighted[-1] == "Hội nghị kết thúc lúc 11:30."
    page.evaluate("window.__speech.finish()")  # the last one ends: reading is over
    assert current_block(page) == ""
    assert play.text_content() == "Nghe bài"
    assert page.locator(".tx-listen__status").text_content() == "Đã đọc hết bài."
    assert len(said(page)) == len(SPOKEN)


def test_pause_resume_speed_and_stop_call_the_voice(context, base_url):
    page = open_post(context, base_url + POST, [VIETNAMESE])
    play, stop, speed = page.locator(".tx-listen__play"), page.locator(".tx-listen__stop"), page.locator(".tx-listen__speed")
    assert stop.is_hidden() and speed.is_hidden()
    play.click()
    page.evaluate("window.__speech.finish()")
    assert page.locator(".tx-listen").evaluate("e => getComputedStyle(e).position") == "fixed"  # the player stays in view
    page.evaluate("window.__speech.calls.length = 0")
    play.click()
    assert page.evaluate("window.__speech.calls") == ["pause"]
    assert play.text_content() == "Đọc tiếp"
    assert page.locator(".tx-listen__status").text_content() == "Đã tạm dừng."
    play.click()
    assert page.evaluate("window.__speech.calls") == ["pause", "resume"]
    assert play.text_content() == "Tạm dừng"

    speed.select_option("1.5")  # the paragraph starts again at the new speed
    assert said(page)[-1] == {"text": SPOKEN[1], "lang": "vi-VN", "rate": 1.5, "voice": "Linh"}
    assert page.evaluate("window.__speech.calls").count("cancel") == 1
    page.evaluate("window.__speech.finish()")
    assert said(page)[-1]["text"] == SPOKEN[2] and said(page)[-1]["rate"] == 1.5

    page.evaluate("window.__speech.calls.length = 0")
    stop.click()
    assert "cancel" in page.evaluate("window.__speech.calls")
    assert current_block(page) == "" and stop.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('tx-listen__play')")
    assert page.locator(".tx-listen__status").text_content() == "Đã dừng đọc."
    # The speed is kept for the next article.
    page.goto(base_url + OTHER_POST, wait_until="networkidle")
    page.evaluate("voices => window.__speech.arrive(voices)", [VIETNAMESE])
    page.locator(".tx-listen__play").click()
    assert said(page)[0]["rate"] == 1.5


def test_reading_and_a_bulletin_player_never_talk_over_each_other(context, base_url):
    page = open_post(context, base_url + POST, [VIETNAMESE])
    page.evaluate("""() => {
        const player = document.createElement("audio");
        player.id = "ban-tin";
        window.__paused = 0;
        player.pause = () => { window.__paused += 1; };
        document.querySelector(".tx-post__body").append(player);
    }""")
    page.locator(".tx-listen__play").click()
    assert page.evaluate("window.__paused") == 1  # the bulletin stops when the article is read
    page.evaluate("() => document.getElementById('ban-tin').dispatchEvent(new Event('play'))")
    assert page.locator(".tx-listen__status").text_content() == "Đã dừng đọc để phát bản tin."
    assert page.locator(".tx-listen__play").text_content() == "Nghe bài"


def test_leaving_or_hiding_the_page_stops_the_voice(context, base_url):
    page = open_post(context, base_url + POST, [VIETNAMESE])
    page.locator(".tx-listen__play").click()
    page.evaluate("""() => {
        Object.defineProperty(document, "hidden", { value: true, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    assert page.evaluate("window.__speech.calls").pop() == "pause"
    assert page.locator(".tx-listen__play").text_content() == "Đọc tiếp"
    page.evaluate("window.__speech.calls.length = 0")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    assert "cancel" in page.evaluate("window.__speech.calls")
    assert current_block(page) == ""


def test_spoken_text_says_dates_decimals_thousands_ratios_and_units(context, base_url):
    page = open_post(context, base_url + POST)
    cases = {
        "13/12/2023": "ngày 13 tháng 12 năm 2023",
        "Sáng ngày 05/09/2023": "Sáng ngày 5 tháng 9 năm 2023",
        "282,66 ha": "282 phẩy 66 héc-ta",
        "1.313 tấn": "1313 tấn",
        "1.234.567 m²": "1234567 mét vuông",
        "14/15 chỉ tiêu": "14 trên 15 chỉ tiêu",
        "đạt 97,5%": "đạt 97 phẩy 5 phần trăm",
        "tháng 12/2023": "tháng 12 năm 2023",
        "từ ngày 1/5": "từ ngày 1 tháng 5",
        "lúc 7:00": "lúc 7 giờ",
        "nhiệm kỳ 2020–2025": "nhiệm kỳ 2020 đến 2025",
        "25 kg và 3 km": "25 ki-lô-gam và 3 ki-lô-mét",
        "Nghị quyết 96/2023/QH15": "Nghị quyết 96/2023/QH15",  # a document number stays as written
        "5 hai": "5 hai",
        # Day and month without a year, and shares: what a count is of decides.
        "Sáng 13/12, UBND xã": "Sáng ngày 13 tháng 12, UBND xã",
        "từ 8/2 đến 14/2/2024": "từ ngày 8 tháng 2 đến ngày 14 tháng 2 năm 2024",
        "ngày 30/4 và 1/5": "ngày 30 tháng 4 và ngày 1 tháng 5",
        "Tết (từ 8/2 - 14/2)": "Tết (từ ngày 8 tháng 2 đến ngày 14 tháng 2)",
        "9/9 thôn đạt chuẩn": "9 trên 9 thôn đạt chuẩn",
        "có 3/5 thôn": "có 3 trên 5 thôn",
        "13-12-2023": "ngày 13 tháng 12 năm 2023",
        # Times as officers write them.
        "từ 7h30 đến 11h00": "từ 7 giờ 30 đến 11 giờ",
        "8 giờ 00": "8 giờ",
        "lúc 8h sáng": "lúc 8 giờ sáng",
        # Phone numbers digit by digit, in their groups.
        "0210.3868.123": "0 2 1 0, 3 8 6 8, 1 2 3",
        "gọi 0912 345 678.": "gọi 0 9 1 2, 3 4 5, 6 7 8.",
        # Ranges with a hyphen, units per unit.
        "giai đoạn 2021-2025": "giai đoạn 2021 đến 2025",
        "từ 15 - 20 ngày": "từ 15 đến 20 ngày",
        "60,2 tạ/ha": "60 phẩy 2 tạ một héc-ta",
        "8.200 đồng/kg": "8200 đồng một ki-lô-gam",
        "Số 12/TB-UBND": "Số 12/TB-UBND",
    }
    spoken = page.evaluate("cases => cases.map(window.tinxaSpokenText)", list(cases))
    assert dict(zip(cases, spoken, strict=True)) == cases


def font_size(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_text_size_is_kept_across_pages_and_visits_before_the_first_paint(context, base_url):
    context.add_init_script(RECORD_SHIFTS)
    page = open_post(context, base_url + POST)
    normal = font_size(page, ".tx-post__body p")
    smaller, reset, larger = (page.get_by_role("button", name=n) for n in ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ"))
    assert smaller.get_attribute("aria-disabled") == "true" and reset.get_attribute("aria-pressed") == "true"
    larger.click()
    larger.click()
    assert page.locator(".tx-textsize__status").text_content() == "Cỡ chữ: 130%"
    assert reset.get_attribute("aria-pressed") == "false"
    assert font_size(page, ".tx-post__body p") == pytest.approx(normal * 1.3, abs=0.5)
    larger.click()
    larger.press("Enter")  # already the largest (Playwright will not click an aria-disabled button)
    assert page.evaluate("document.documentElement.dataset.txSize") == "150"
    assert larger.get_attribute("aria-disabled") == "true"
    smaller.click()

    page.reload(wait_until="networkidle")
    # Sized when the document was parsed, before scripts ran: nothing moved afterwards.
    assert page.evaluate("window.__sizeAtStart") == "130"
    assert float(page.evaluate("window.__fontAtStart")[:-2]) == pytest.approx(normal * 1.3, abs=0.5)
    page.evaluate("voices => window.__speech.arrive(voices)", [VIETNAMESE])  # and "Nghe bài" appears
    page.locator(".tx-listen").wait_for()
    assert page.evaluate("window.__shift") < 0.01

    page.goto(base_url + OTHER_POST, wait_until="networkidle")
    assert page.evaluate("window.__sizeAtStart") == "130"
    assert font_size(page, ".tx-post__body p") == pytest.approx(normal * 1.3, abs=0.5)
    page.goto(base_url + "gioi-thieu/", wait_until="networkidle")  # a hand-written page, with its own buttons
    assert page.evaluate("window.__sizeAtStart") == "130"
    assert font_size(page, ".tx-page-text p") == pytest.approx(normal * 1.3, abs=0.5)
    assert page.locator(".tx-textsize__status").count() == 1
    page.goto(base_url + OTHER_POST, wait_until="networkidle")
    page.emulate_media(media="print")  # paper has the normal size
    assert font_size(page, ".tx-post__body p") == font_size(page, ".md-content__inner")
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    page.reload(wait_until="networkidle")
    assert font_size(page, ".tx-post__body p") == pytest.approx(normal)


def test_text_size_by_keyboard_with_a_visible_focus(context, base_url):
    page = open_post(context, base_url + POST)
    page.locator(".tx-post__header h1").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.title") == "Giảm cỡ chữ":
            break
    assert page.evaluate("document.activeElement.title") == "Giảm cỡ chữ"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.title, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["Tăng cỡ chữ", "solid"]
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.dataset.txSize") == "130"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.txSize") == "100"


def test_text_size_works_without_storage(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    # Private browsing on some phones: saving throws, and with storage blocked reading throws too (only
    # for our keys here: Material's own colour-scheme script does not survive that).
    context.add_init_script("""
        const read = Storage.prototype.getItem;
        Storage.prototype.setItem = () => { throw new DOMException("Không có bộ nhớ", "QuotaExceededError"); };
        Storage.prototype.getItem = function (key) {
          if (key.startsWith("tinxa.")) throw new DOMException("Không có bộ nhớ", "SecurityError");
          return read.call(this, key);
        };
    """)
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    try:
        page = open_post(context, base_url + POST)
        assert page.evaluate("document.documentElement.dataset.txSize") == "100"
        page.get_by_role("button", name="Tăng cỡ chữ").click()
        assert page.evaluate("document.documentElement.dataset.txSize") == "115"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_tools_pass_axe_hidden_shown_and_reading(browser, base_url, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    context.add_init_script(SPEECH_STUB)
    try:
        hand_written = open_post(context, base_url + "gioi-thieu/")
        assert axe_violations(hand_written) == []
        page = open_post(context, base_url + POST)
        assert axe_violations(page) == []  # "Nghe bài" hidden
        page.evaluate("voices => window.__speech.arrive(voices)", [VIETNAMESE])
        page.get_by_role("button", name="Tăng cỡ chữ").click()
        assert axe_violations(page) == []
        page.locator(".tx-listen__play").click()
        page.evaluate("window.__speech.finish()")  # a paragraph highlighted, the player at the bottom
        assert axe_violations(page) == []
        for selector in (".tx-textsize .md-button", ".tx-listen .md-button:visible", ".tx-listen__speed"):
            boxes = [e.bounding_box() for e in page.locator(selector).all()]
            assert boxes and all(min(b["width"], b["height"]) >= 44 for b in boxes), selector
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 360])
def test_reader_tools_fit_one_row_on_small_phones(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    context.add_init_script(SPEECH_STUB)
    try:
        page = open_post(context, base_url + POST, [VIETNAMESE])
        tops = {round(e.bounding_box()["y"]) for e in page.locator(".tx-reader .md-button:visible").all()}
        assert len(tops) == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator(".tx-listen__play").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_the_largest_text_size_reaches_the_whole_article_and_the_listings_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_init_script("localStorage.setItem('tinxa.text-size', '150')")
    try:
        page = context.new_page()
        page.goto(base_url + POST, wait_until="networkidle")
        body = font_size(page, ".tx-post__body p")
        assert body == 24  # Material's 16 px, times 1.5
        for part in (".tx-gallery figcaption", ".tx-tag", ".tx-post__header .tx-meta"):
            assert font_size(page, part) >= 0.85 * body, part  # captions, tags and the date follow the text
        for url in ("", "tin-tuc/", "thu-vien-anh/", POST, "gioi-thieu/"):
            page.goto(base_url + url, wait_until="networkidle")
            assert font_size(page, ".md-content .md-typeset") == 24, url  # chosen on a post, kept on the listings
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    finally:
        context.close()
