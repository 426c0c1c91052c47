"""Radio bulletins in a real build: the player on the post, the Truyền thanh listing, the menu, the podcast."""

import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from conftest import new_site, post_text
from linkcheck import broken_links
from PIL import Image
from test_audio import mp3
from test_editor import _publish, editor, open_signed_in  # noqa: F401  (the editor fixture)

from hooks.audio import MAX_BYTES as AUDIO_MAX_BYTES
from hooks.audio import read_audio
from hooks.feeds import ITUNES
from hooks.frontmatter import load_yaml
from scripts.make_sample_audio import encode_mp3, tone

SITE_URL = "https://example.github.io/xa-thu/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("radio"))
    site.configure(extra="extra:\n  tinxa:\n    per_page: 1\n")
    mp3(site.root, "files/truyen-thanh/tuan-48.mp3", seconds=3.0)
    mp3(site.root, "files/truyen-thanh/tuan-49.mp3", seconds=2.0)
    site.post(
        "2023-12-01-ban-tin-48.md",
        post_text(
            title="Bản tin truyền thanh tuần 48",
            date="2023-12-01 17:00",
            category="Thông báo",
            audio="files/truyen-thanh/tuan-48.mp3",
        ),
    )
    site.post(
        "2023-12-08-ban-tin-49.md",
        post_text(
            title="Bản tin truyền thanh tuần 49",
            date="2023-12-08 17:00",
            category="Kinh tế",
            audio="/files/truyen-thanh/tuan-49.mp3",
        ),
    )
    site.post("2023-12-10-tin.md", post_text(title="Tin không có bản tin", date="2023-12-10"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def test_the_post_has_a_player_its_duration_and_a_download_link(built):
    text = built.html("tin-tuc/2023-12-01-ban-tin-48")
    player = re.search(r'<section class="tx-audio".*?</section>', text, re.DOTALL)[0]
    assert '<audio class="tx-audio__player" controls preload="none" aria-labelledby="ban-tin-nghe">' in player
    assert '<source src="../../files/truyen-thanh/tuan-48.mp3" type="audio/mpeg">' in player
    assert 'Thời lượng: <time datetime="PT3S">0:03</time>' in player
    size = (built.root / "files/truyen-thanh/tuan-48.mp3").stat().st_size
    assert f"Tải về (MP3, {size / 1024:.1f} KB)".replace(".", ",") in player
    # Near the top: after the header, before the body.
    assert text.index("</header>") < text.index('class="tx-audio"') < text.index('class="tx-post__body"')
    assert (built.root / "site/files/truyen-thanh/tuan-48.mp3").read_bytes() == (
        built.root / "files/truyen-thanh/tuan-48.mp3"
    ).read_bytes()
    assert 'class="tx-audio"' not in built.html("tin-tuc/2023-12-10-tin")
    article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text)[1])
    assert article["audio"] == {
        "@type": "AudioObject",
        "contentUrl": SITE_URL + "files/truyen-thanh/tuan-48.mp3",
        "encodingFormat": "audio/mpeg",
        "duration": "PT3S",
        "contentSize": f"{size} B",
    }


def test_the_listing_has_the_bulletins_newest_first_paginated_with_their_durations(built):
    first, second = built.html("truyen-thanh"), built.html("truyen-thanh/trang-2")
    assert "<h1>Truyền thanh</h1>" in first and "2 bài viết · trang 1/2" in first
    assert "Bản tin truyền thanh tuần 49" in first and "tuần 48" not in first
    assert "Bản tin truyền thanh tuần 48" in second and "Tin không có bản tin" not in first + second
    assert 'Nghe: <time datetime="PT2S">2 giây</time>' in first
    # The podcast: linked for feed readers, and its address shown to residents on the first page.
    assert (
        '<link rel="alternate " type="application/rss+xml" title="Xã Thử Nghiệm – Truyền thanh" href="../truyen-thanh/feed.xml">'
        in first
    )
    assert "Nghe trên ứng dụng podcast:" in first
    assert f'<p class="tx-podcast__address">{SITE_URL}truyen-thanh/feed.xml</p>' in first
    assert f'data-copy="{SITE_URL}truyen-thanh/feed.xml" hidden>Sao chép địa chỉ</button>' in first  # shown by its script
    assert "Nghe trên ứng dụng podcast:" not in second


def test_every_link_resolves_the_sound_files_too(built):
    assert broken_links(built.root / "site", "/xa-thu/") == []


def test_the_menu_has_truyen_thanh_under_tin_tuc(built):
    nav = built.html("")
    assert nav.index("Tin tức") < nav.index('href="truyen-thanh/"') < nav.index('href="luu-tru/"')
    assert re.search(r'href="truyen-thanh/"[^>]*>\s*<span class="md-ellipsis">\s*Truyền thanh', nav)


def test_the_podcast_feed(built):
    raw = (built.root / "site/truyen-thanh/feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Xã Thử Nghiệm – Truyền thanh" and feed.feed.language == "vi"
    assert feed.feed.link == SITE_URL + "truyen-thanh/" and feed.feed.author == "Xã Thử Nghiệm"
    assert not feed.feed.itunes_explicit and feed.feed.tags[0].term == "Government"
    assert [entry.title for entry in feed.entries] == ["Bản tin truyền thanh tuần 49", "Bản tin truyền thanh tuần 48"]
    for entry, name in zip(feed.entries, ("tuan-49", "tuan-48"), strict=True):
        audio = read_audio(f"files/truyen-thanh/{name}.mp3", built.root)
        (enclosure,) = entry.enclosures
        assert enclosure.href == f"{SITE_URL}files/truyen-thanh/{name}.mp3" and enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == audio.bytes == (built.root / "site/files/truyen-thanh" / f"{name}.mp3").stat().st_size
        assert entry.itunes_duration == audio.podcast_duration() == f"00:00:0{round(audio.seconds)}"
        assert entry.guid == entry.link and entry.published.endswith("17:00:00 +0700")
    # Apple asks for a square JPEG or PNG of 1400 px at least; the site card (1200×630) would not do.
    channel = ElementTree.fromstring(raw).find("channel")
    assert channel.findtext(f"{{{ITUNES}}}explicit") == "false"  # what Apple asks for; feedparser knows only yes/clean
    image = channel.find(f"{{{ITUNES}}}image").get("href")
    assert image == feed.feed.image.href and image.startswith(SITE_URL + "anh/")
    with Image.open(built.root / "site" / image.removeprefix(SITE_URL)) as cover:
        assert cover.format == "JPEG" and cover.size == (1400, 1400)


def test_no_bulletin_no_section(site):
    site.post("2023-12-10-tin.md", post_text(title="Tin thường", date="2023-12-10"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert not (site.root / "site/truyen-thanh").exists()
    assert "truyen-thanh" not in site.html("")


def test_without_site_url_the_listing_has_no_podcast(site):
    (site.root / "mkdocs.yml").write_text(
        (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", ""), encoding="utf-8"
    )
    mp3(site.root, "files/truyen-thanh/tuan-48.mp3")
    site.post("2023-12-01-ban-tin.md", post_text(title="Bản tin", date="2023-12-01", audio="files/truyen-thanh/tuan-48.mp3"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "<h1>Truyền thanh</h1>" in site.html("truyen-thanh") and "tx-podcast" not in site.html("truyen-thanh")
    assert not (site.root / "site/truyen-thanh/feed.xml").exists()


def test_broken_bulletins_stop_the_build_all_reported(site):
    (site.root / "files").mkdir()
    (site.root / "files/ghi-chu.mp3").write_text("Ghi chú, không phải âm thanh", encoding="utf-8")
    site.post("a.md", post_text(audio="files/truyen-thanh/khong-co.mp3"))
    site.post("b.md", post_text(audio="files/ghi-chu.mp3"))
    site.post("c.md", post_text(audio="../images/a.mp3"))
    result = site.build()
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "Không thể dựng trang: có 3 lỗi trong 3 tệp." in output
    for name in "abc":
        assert f"posts/{name}.md:5 [trường “audio”]" in output


def test_an_officer_attaches_a_bulletin_in_the_web_editor_and_it_builds(editor, browser, tmp_path):  # noqa: F811
    site, admin = editor
    sound = tmp_path / "tai-len/Bản tin tuần 50.mp3"
    sound.parent.mkdir(parents=True)
    sound.write_bytes(encode_mp3(tone(2.0)))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        open_signed_in(page, admin, "#/collections/posts/entries/2024-01-05-tin-cu")
        page.wait_for_function("() => document.querySelector('input[id^=title-field]')?.value === 'Tin cũ'")
        page.locator("label", has_text="Bản tin truyền thanh").wait_for()
        page.get_by_role("button", name="Chọn một tập tin").click()
        # Over the limit: Decap's media library refuses it before uploading (a sparse file: nothing on disk).
        with (tmp_path / "tai-len/qua-lon.mp3").open("wb") as large:
            large.truncate(AUDIO_MAX_BYTES + 1)
        with page.expect_event("dialog") as refused:
            page.locator("input[type=file]").set_input_files(str(tmp_path / "tai-len/qua-lon.mp3"))
        assert f"{AUDIO_MAX_BYTES // 1000} kB" in refused.value.message
        refused.value.dismiss()
        page.locator("input[type=file]").set_input_files(str(sound))
        page.get_by_role("button", name="Dùng ảnh này").click()
        _publish(page, "Mục đã được lưu")
    finally:
        page.screenshot(path=str(tmp_path / "editor.png"))
        page.close()
    # Into files/truyen-thanh/ with an ASCII name, as it was uploaded; the post names it as the build reads it.
    assert sorted(p.name for p in (site.root / "files/truyen-thanh").iterdir()) == ["ban-tin-tuan-50.mp3"]
    assert (site.root / "files/truyen-thanh/ban-tin-tuan-50.mp3").read_bytes() == sound.read_bytes()
    meta = load_yaml((site.root / "posts/2024-01-05-tin-cu.md").read_text(encoding="utf-8").split("---\n")[1]).data
    assert meta["audio"] == "/files/truyen-thanh/ban-tin-tuan-50.mp3"
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert 'src="../../files/truyen-thanh/ban-tin-tuan-50.mp3"' in site.html("tin-tuc/2024-01-05-tin-cu")
