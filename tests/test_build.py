"""Real MkDocs builds of small sites, checked on the HTML they produce."""

import hashlib
import html
import json
import re
import shutil

import pytest
from conftest import ROOT, SampleSite, new_site, post_text
from linkcheck import broken_links
from PIL import Image


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("built"))
    site.photo("2023-12-13-tong-ket/01.jpg", size=(2000, 1500))
    site.photo("2023-12-13-tong-ket/02.jpg", size=(900, 1200), colour=(20, 120, 200))
    site.post(
        "2023-12-13-tong-ket.md",
        post_text(
            title="Đảng ủy xã tổng kết <script>alert('x')</script> năm 2023",
            date="13/12/2023",
            category="Xây dựng Đảng",
            tags="[hội nghị, tổng kết]",
            author="Ban Tuyên giáo & Văn phòng",
            featured="true",
            highlights='\n  - {label: "Chỉ tiêu đạt", value: "14/15"}\n  - {label: "Sản lượng", value: "<b>1.313</b> tấn"}',
            gallery='\n  - src: 01.jpg\n    caption: "Quang cảnh <b>hội nghị</b>"\n  - src: 02.jpg',
            body="**Sáng ngày 13/12/2023**, hội nghị đạt 14/15 chỉ tiêu, 282,66 ha.\n\n"
            "![Đại biểu](../images/2023-12-13-tong-ket/02.jpg)",
        ),
    )
    site.post(
        "2023-12-20-kinh-te.md",
        post_text(title="Thu hoạch lúa mùa", date="2023-12-20 07:45", category="Kinh tế", tags="[hội nghị]"),
    )
    site.post("2024-01-02-thong-bao.md", post_text(title="Thông báo lịch tiêm chủng", date="2024-01-02", category="thông báo"))
    site.post("2024-01-03-nhap.md", post_text(title="Bài nháp chưa duyệt", date="2024-01-03", category="Kinh tế", draft="true"))
    site.page("gioi-thieu.md", "# Giới thiệu\n\nXã Thử Nghiệm.\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def test_home_page_lists_featured_latest_and_category_blocks(built):
    home = built.html("")
    assert '<html lang="vi"' in home
    featured = home.index("Tin nổi bật")
    assert featured < home.index("Đảng ủy xã tổng kết &lt;script&gt;")
    assert "Thông báo lịch tiêm chủng" in home and "Thu hoạch lúa mùa" in home
    assert 'href="chuyen-muc/kinh-te/"' in home
    assert "13/12/2023" in home
    # Teaser thumbnails: published derivatives only, with intrinsic size.
    thumbs = re.findall(r"<img [^>]*>", home)
    assert thumbs and all('width="' in t and 'height="' in t and "anh/" in t for t in thumbs)


def test_post_page(built):
    page = built.html("tin-tuc/2023-12-13-tong-ket")
    title = "Đảng ủy xã tổng kết <script>alert('x')</script> năm 2023"
    assert "<script>alert" not in page
    assert html.unescape(re.search(r"<h1>(.*?)</h1>", page)[1]) == title
    assert html.unescape(re.search(r"<title>(.*?)</title>", page)[1]) == f"{title} - Xã Thử Nghiệm"
    assert "Thứ Tư, 13/12/2023" in page
    assert '<a href="../../chuyen-muc/xay-dung-dang/">Xây dựng Đảng</a>' in page
    assert 'href="../../the/hoi-nghi/"' in page and 'href="../../the/tong-ket/"' in page
    assert "Ban Tuyên giáo &amp; Văn phòng" in page
    assert '<h2 id="hinh-anh">Hình ảnh</h2>' in page
    assert '<figcaption class="tx-caption-1">Quang cảnh &lt;b&gt;hội nghị&lt;/b&gt;</figcaption>' in page
    assert "Tin liên quan" in page and "Thu hoạch lúa mùa" in page
    assert "Bài cũ hơn" not in page and "Bài mới hơn" in page
    body_photo, *gallery = re.findall(r'<img [^>]*srcset="[^"]+"[^>]*>', page)
    assert len(gallery) == 2
    # No cover: the body's first photo is on screen early, so it is not lazy; the gallery is.
    assert 'loading="lazy"' not in body_photo and 'decoding="async"' in body_photo
    assert all('loading="lazy"' in img and 'decoding="async"' in img for img in gallery)
    assert all('sizes="(min-width: 45em) 15rem, 50vw"' in img for img in gallery)
    assert page.count('class="tx-lightbox"') == 2 and "glightbox.min.js" in page
    assert 'width="900" height="1200"' in page


def test_listings_archive_and_tags(built):
    category = built.html("chuyen-muc/xay-dung-dang")
    assert "<h1>Xây dựng Đảng</h1>" in category and "1 bài viết" in category
    tag = built.html("the/hoi-nghi")
    assert "Thẻ: hội nghị" in tag and "2 bài viết" in tag
    archive = built.html("luu-tru")
    assert "Năm 2024" in archive and "Tháng 12/2023" in archive
    month = built.html("luu-tru/2023/12")
    assert "Tháng 12 năm 2023" in month
    assert "Giới thiệu" in built.html("gioi-thieu")


def test_drafts_never_reach_the_built_site(built):
    for path in (built.root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js"):
            assert "Bài nháp chưa duyệt" not in path.read_text(encoding="utf-8", errors="ignore"), path


def test_originals_are_not_published_and_derivatives_carry_no_metadata(built):
    site_dir = built.root / "site"
    originals = {hashlib.sha256(p.read_bytes()).digest() for p in (built.root / "images").rglob("*.jpg")}
    published = [p for p in site_dir.rglob("*") if p.is_file()]
    assert not originals & {hashlib.sha256(p.read_bytes()).digest() for p in published}
    photos = list((site_dir / "anh").iterdir())
    assert {p.suffix for p in photos} == {".webp", ".jpg"}
    assert [p for p in published if p.suffix == ".jpg"] == [p for p in photos if p.name.endswith(("-og.jpg", "-the.jpg"))]
    for path in photos:
        with Image.open(path) as image:
            assert not image.getexif() and "icc_profile" not in image.info
            assert max(image.size) <= 1600


def test_every_internal_link_resolves(built):
    assert broken_links(built.root / "site", "/xa-thu/") == []


def test_broken_posts_stop_the_build_with_every_problem_in_vietnamese(site):
    site.post("a.md", post_text(date="31/02/2024"))
    site.post("b.md", post_text(category="Thể thao", cover="images/khong-co.jpg"))
    site.post("c.md", "Chỉ có nội dung, không có phần đầu.")
    result = site.build()
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Aborted" not in output
    assert "Không thể dựng trang: có 4 lỗi trong 3 tệp." in output
    assert "posts/a.md:3 [trường “date”]" in output
    assert "posts/b.md:4 [trường “category”]" in output
    assert "posts/b.md:5 [trường “cover”]" in output
    assert "posts/c.md:1" in output
    assert not (site.root / "site" / "index.html").exists()


def test_corrupt_photo_stops_the_build_naming_post_and_photo(site):
    (site.root / "images/x").mkdir()
    (site.root / "images/x/hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    site.post("x.md", post_text(gallery="[hong.jpg]"))
    result = site.build()
    assert result.returncode == 1
    assert "posts/x.md" in result.stderr and "hong.jpg" in result.stderr and "bị hỏng" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_docs_page_cannot_take_a_generated_url(site):
    site.page("tin-tuc.md", "# Trùng\n")
    result = site.build()
    assert result.returncode == 1
    assert "docs/tin-tuc.md" in result.stderr and "Traceback" not in result.stderr


def test_bundled_sample_site_builds_strict(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".cache", ".git", "tests"))
    sample = SampleSite(project)
    result = sample.build("--strict")
    assert result.returncode == 0, result.stderr
    home = sample.html("")
    assert home.count('class="tx-teaser') >= 6
    assert broken_links(project / "site", "/tin-xa/") == []


def preview(site):
    """Build as `mkdocs serve` does (in-process), and return the home page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(site.root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_startup(command="build", dirty=False)  # the hook module is shared in-process
    return site.html("")


def test_preview_marks_drafts_and_scheduled_posts(site):
    site.post("nhap.md", post_text(title="Bài nháp", draft="true"))
    site.post("hen-gio.md", post_text(title="Bài hẹn giờ", date="2099-01-01"))
    home = preview(site)
    assert "BẢN NHÁP" in home and "HẸN GIỜ" in home
    assert "bài sẽ được đăng từ Thứ Năm, 01/01/2099" in site.html("tin-tuc/hen-gio")
    assert "BẢN NHÁP – bài này chỉ hiện khi xem thử" in site.html("tin-tuc/nhap")


def test_preview_shows_problems_and_recovers_when_the_post_is_fixed(site):

    broken = site.post("bai.md", post_text(title="Tin <b>mới</b>", date="31/02/2024"))
    page = preview(site)
    assert "Có 1 lỗi cần sửa" in page and "posts/bai.md:3" in page and "31/02/2024 không tồn tại" in page
    broken.write_text(post_text(title="Tin <b>mới</b>", date="29/02/2024"), encoding="utf-8")
    page = preview(site)
    assert "lỗi cần sửa" not in page and "Tin &lt;b&gt;mới&lt;/b&gt;" in page


def test_field_and_photo_problems_and_every_clash_come_in_one_run(site):
    (site.root / "images/x").mkdir()
    (site.root / "images/x/01.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    site.post("x.md", post_text(category="Thể thao", cover="01.jpg"))
    site.page("the.md", "# Thẻ\n")
    site.page("luu-tru.md", "# Lưu trữ\n")
    result = site.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "posts/x.md:4 [trường “category”]" in result.stderr
    assert "posts/x.md:5 [trường “cover”]: ảnh “images/x/01.jpg” bị hỏng" in result.stderr
    assert "docs/the.md" in result.stderr and "docs/luu-tru.md" in result.stderr


def test_sharing_cards_for_facebook_and_zalo(built):
    page = built.html("tin-tuc/2023-12-13-tong-ket")
    tags = dict(re.findall(r'<meta property="(og:[\w:]+)" content="([^"]*)"', page))
    assert tags["og:type"] == "article" and tags["og:locale"] == "vi_VN"
    assert html.unescape(tags["og:title"]) == "Đảng ủy xã tổng kết <script>alert('x')</script> năm 2023"
    assert tags["og:url"] == "https://example.github.io/xa-thu/tin-tuc/2023-12-13-tong-ket/"
    assert tags["og:image"].startswith("https://example.github.io/xa-thu/anh/") and tags["og:image"].endswith("-og.jpg")
    card = built.root / "site" / tags["og:image"].removeprefix("https://example.github.io/xa-thu/")
    with Image.open(card) as image:
        assert image.size == (1200, 630) == (int(tags["og:image:width"]), int(tags["og:image:height"]))
    home = dict(re.findall(r'<meta property="(og:[\w:]+)" content="([^"]*)"', built.html("")))
    assert home["og:type"] == "website" and home["og:image"] == tags["og:image"]  # the featured post leads


def test_every_page_shares_a_picture_the_site_card_when_it_has_no_photo(built):
    pages = sorted(p for p in (built.root / "site").rglob("index.html") if "admin" not in p.parts)  # not the editor
    assert len(pages) >= 20
    without = [
        str(p.relative_to(built.root)) for p in pages if '<meta property="og:image" content="https://' not in p.read_text()
    ]
    assert without == []
    page = built.html("tin-tuc/2024-01-02-thong-bao")  # a post without photos
    tags = dict(re.findall(r'<meta property="(og:[\w:]+)" content="([^"]*)"', page))
    assert tags["og:image"].endswith("-the.jpg") and tags["og:image:alt"] == "Xã Thử Nghiệm"
    for listing in ("tin-tuc", "chuyen-muc/kinh-te", "the", "gioi-thieu"):
        assert f'content="{tags["og:image"]}"' in built.html(listing), listing
    with Image.open(built.root / "site" / tags["og:image"].removeprefix("https://example.github.io/xa-thu/")) as image:
        assert image.format == "JPEG" and image.size == (1200, 630)
    article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)[1])
    assert article["publisher"]["logo"] == {"@type": "ImageObject", "url": tags["og:image"], "width": 1200, "height": 630}


def test_key_figures_box_on_the_post_and_the_home_page(built):
    for page in (built.html("tin-tuc/2023-12-13-tong-ket"), built.html("")):
        box = page[page.index('<aside class="tx-figures"') : page.index("</aside>")]
        assert "<dt>Chỉ tiêu đạt</dt><dd>14/15</dd>" in box and "<dd>&lt;b&gt;1.313&lt;/b&gt; tấn</dd>" in box
