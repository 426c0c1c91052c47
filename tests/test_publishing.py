"""Publishing: GitHub Pages workflow, feeds, sitemap, sharing cards, print, any site address."""

import html
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import yaml
from conftest import ROOT, new_site, post_text
from linkcheck import broken_links

HOSTILE_TITLE = "Tin </script><script>alert(1)</script> & “trích dẫn”"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("publishing"))
    site.photo("a/01.jpg", size=(1600, 1200))
    title = HOSTILE_TITLE.replace('"', '\\"')
    site.post(
        "2024-01-05-a.md",
        post_text(
            title=title,
            date="2024-01-05 08:30",
            category="Kinh tế",
            cover="images/a/01.jpg",
            summary='"Tóm tắt <b>ngắn</b>"',
            updated="10/01/2024 09:15",
        ),
    )
    site.post(
        "2024-01-06-b.md", post_text(title="Thông báo lịch tiếp dân", date="2024-01-06", category="Thông báo", tags="[tiếp dân]")
    )
    site.post("2024-01-07-nhap.md", post_text(title="Bản nháp", date="2024-01-07", draft="true"))
    site.page("gioi-thieu.md", "# Giới thiệu\n\nXã Thử Nghiệm.\n")
    (site.root / "huong-dan").mkdir()  # the officers' guide, added by the entry hook as in a real site
    (site.root / "huong-dan/index.md").write_text("# Hướng dẫn cho cán bộ\n\nViết bài.\n", encoding="utf-8")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def test_site_and_category_feeds_parse_newest_first(built):
    feed = feedparser.parse((built.root / "site/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Xã Thử Nghiệm – Tin mới" and feed.feed.language == "vi"
    assert [entry.link for entry in feed.entries] == [
        "https://example.github.io/xa-thu/tin-tuc/2024-01-06-b/",
        "https://example.github.io/xa-thu/tin-tuc/2024-01-05-a/",
    ]
    first = feed.entries[1]
    assert first.published == "Fri, 05 Jan 2024 08:30:00 +0700"
    assert first.tags[0].term == "Kinh tế"
    assert first.enclosures[0].href.endswith("-og.jpg") and first.enclosures[0].type == "image/jpeg"
    # Escaped by the XML writer: the raw XML carries exactly what the officer typed.
    raw = ElementTree.parse(built.root / "site/feed.xml").getroot()
    titles = [item.findtext("title") for item in raw.iter("item")]
    assert HOSTILE_TITLE in titles
    assert [item.findtext("description") for item in raw.iter("item")][1] == "Tóm tắt &lt;b&gt;ngắn&lt;/b&gt;"
    assert feed.entries[1].summary == "Tóm tắt &lt;b&gt;ngắn&lt;/b&gt;"  # shown as typed, not as bold
    category = feedparser.parse((built.root / "site/chuyen-muc/kinh-te/feed.xml").read_bytes())
    assert [entry.link for entry in category.entries] == ["https://example.github.io/xa-thu/tin-tuc/2024-01-05-a/"]


def test_every_page_links_its_feed_and_shows_it(built):
    for page in ("", "gioi-thieu", "tin-tuc/2024-01-06-b", "chuyen-muc/kinh-te"):
        text = built.html(page)
        assert 'type="application/rss+xml"' in text and "feed.xml" in text
        assert "Theo dõi tin mới qua RSS" in text
    assert 'href="../../chuyen-muc/kinh-te/feed.xml"' in built.html("chuyen-muc/kinh-te")


def test_sitemap_and_robots(built):
    sitemap = (built.root / "site/sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    base = "https://example.github.io/xa-thu/"
    for url in ("", "tin-tuc/", "tin-tuc/2024-01-05-a/", "chuyen-muc/thong-bao/", "luu-tru/2024/01/", "gioi-thieu/"):
        assert base + url in locations
    assert not any("nhap" in url for url in locations)
    assert not any("admin" in url for url in locations)  # the web editor
    robots = (built.root / "site/robots.txt").read_text()
    assert robots == f"User-agent: *\nDisallow: /xa-thu/admin/\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


def test_post_meta_tags_and_news_article(built):
    page = built.html("tin-tuc/2024-01-05-a")
    assert '<link rel="canonical" href="https://example.github.io/xa-thu/tin-tuc/2024-01-05-a/">' in page
    assert html.unescape(re.search(r'<meta name="description" content="([^"]*)"', page)[1]) == "Tóm tắt <b>ngắn</b>"
    assert '<meta property="og:type" content="article">' in page and 'name="twitter:card" content="summary_large_image"' in page
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(scripts) == 1 and "</" not in scripts[0]
    article = json.loads(scripts[0])
    assert article["@type"] == "NewsArticle" and article["headline"] == HOSTILE_TITLE
    assert article["datePublished"] == "2024-01-05T08:30:00+07:00" and article["image"][0].endswith("-og.jpg")
    assert "<script>alert(1)" not in page


def test_a_post_without_a_time_is_dated_midnight_in_vietnam_everywhere(built):
    page = built.html("tin-tuc/2024-01-06-b")
    midnight = "2024-01-06T00:00:00+07:00"
    article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)[1])
    assert article["datePublished"] == midnight
    assert f'<meta property="article:published_time" content="{midnight}">' in page
    assert f'<time datetime="{midnight}">' in page
    assert f'<time datetime="{midnight}">' in built.html("tin-tuc")  # the teaser in the list
    assert 'datetime="2024-01-06"' not in built.html("tin-tuc")


def test_the_updated_date_reaches_json_ld_open_graph_the_sitemap_and_the_feed(built):
    def article(url):
        page = built.html(url)
        return page, json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)[1])

    page, data = article("tin-tuc/2024-01-05-a")
    assert data["dateModified"] == "2024-01-10T09:15:00+07:00" and data["datePublished"] == "2024-01-05T08:30:00+07:00"
    assert '<meta property="article:modified_time" content="2024-01-10T09:15:00+07:00">' in page
    page, data = article("tin-tuc/2024-01-06-b")  # never updated: modified when published
    assert data["dateModified"] == data["datePublished"] == "2024-01-06T00:00:00+07:00"
    assert '<meta property="article:modified_time" content="2024-01-06T00:00:00+07:00">' in page
    sitemap = (built.root / "site/sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmod["https://example.github.io/xa-thu/tin-tuc/2024-01-05-a/"] == "2024-01-10"
    assert lastmod["https://example.github.io/xa-thu/chuyen-muc/kinh-te/"] == "2024-01-10"
    items = {item.findtext("link"): item for item in ElementTree.parse(built.root / "site/feed.xml").getroot().iter("item")}
    atom = "{http://www.w3.org/2005/Atom}updated"
    assert items["https://example.github.io/xa-thu/tin-tuc/2024-01-05-a/"].findtext(atom) == "2024-01-10T09:15:00+07:00"
    assert items["https://example.github.io/xa-thu/tin-tuc/2024-01-06-b/"].find(atom) is None
    assert not feedparser.parse((built.root / "site/feed.xml").read_bytes()).bozo


def test_the_officers_guide_is_kept_out_of_search_engines_and_the_sitemap(built):
    assert '<meta name="robots" content="noindex, follow">' in built.html("huong-dan")
    for page in ("", "gioi-thieu", "tin-tuc/2024-01-06-b", "the"):
        assert 'name="robots"' not in built.html(page), page
    sitemap = (built.root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "huong-dan" not in sitemap and "https://example.github.io/xa-thu/gioi-thieu/" in sitemap


def test_the_tag_index_is_linked_from_tag_lists_and_the_footer(built):
    assert 'href="../../the/">Tất cả các thẻ</a>' in built.html("tin-tuc/2024-01-06-b")
    assert 'href="../../the/">Tất cả các thẻ</a>' in built.html("the/tiep-dan")
    for page, link in (("", "the/"), ("gioi-thieu", "../the/"), ("tin-tuc/2024-01-05-a", "../../the/")):
        assert f'<a href="{link}">Các thẻ</a>' in built.html(page), page


def test_share_buttons_are_plain_links(built):
    page = built.html("tin-tuc/2024-01-06-b")
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=https%3A//example.github.io/xa-thu/tin-tuc/2024-01-06-b/"' in page
    assert "tx-share__zalo" in page and "Sao chép liên kết" in page
    assert not re.findall(r'<script[^>]+src="https?://', page)  # no third-party scripts


def test_print_stylesheet_keeps_the_article_and_drops_navigation():
    css = (ROOT / "overrides/assets/stylesheets/tinxa.css").read_text(encoding="utf-8")
    rules = css[css.index("@media print") :]
    for hidden in (".md-header", ".md-sidebar", ".md-footer", ".tx-share", ".tx-search"):
        assert hidden in rules.split("display: none")[0]
    assert "break-inside: avoid" in rules


def test_not_found_page_in_vietnamese(built):
    page = (built.root / "site/404.html").read_text(encoding="utf-8")
    assert "<h1>Không tìm thấy trang</h1>" in page and 'action="/xa-thu/tim-kiem/"' in page
    assert "Về trang chủ" in page and "Not found" not in page


@pytest.mark.parametrize(
    ("site_url", "base"), [("https://xa-tan-huong.example.vn/", "/"), ("https://nguoi-dung.github.io/xa-thu/", "/xa-thu/")]
)
def test_links_resolve_at_a_custom_domain_and_a_project_path(tmp_path, site_url, base):
    site = new_site(tmp_path)
    site.photo("a/01.jpg")
    site.post("a.md", post_text(gallery="[images/a/01.jpg]"))
    site.page("gioi-thieu.md", "# Giới thiệu\n")
    text = (site.root / "mkdocs.yml").read_text().replace("https://example.github.io/xa-thu/", site_url)
    (site.root / "mkdocs.yml").write_text(text)
    assert site.build("--strict").returncode == 0
    assert broken_links(site.root / "site", base) == []
    assert f"<link>{site_url}tin-tuc/a/</link>" in (site.root / "site/feed.xml").read_text()


def test_deploy_workflow_uses_the_official_pages_actions():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers and "pull_request" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]] + [step.get("uses", "") for step in deploy["steps"]]
    for action in (
        "actions/checkout@v",
        "actions/setup-python@v",
        "actions/cache@v",
        "actions/upload-pages-artifact@v",
        "actions/deploy-pages@v",
    ):
        assert any(u.startswith(action) for u in uses), action
    assert any("mkdocs build --strict" in step.get("run", "") for step in build["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name != 'pull_request'"
    cache = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/tinxa"
    assert Path(ROOT / "requirements.txt").read_text().count("mkdocs==1.6") == 1
