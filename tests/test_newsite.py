"""make xa-moi: the bundled sample commune becomes a commune's own, empty site (hooks/newsite.py)."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SampleSite, make_photo, new_site, post_text
from linkcheck import broken_links
from test_build import preview

from hooks.manifest import MANIFEST_FILE, parse_manifest
from hooks.newsite import InvalidName, make_commune, parse_name, parse_province, province_english, yaml_scalar
from hooks.settings import DEFAULT_CATEGORIES, read_config

SAMPLE = ("mkdocs.yml", "tinxa.yml", MANIFEST_FILE, "posts", "images", "docs", "data", "files")
SITE_URL = "https://ubnd-sontra.github.io/tin-xa/"
EMPTY_HOME = "Trang tin đang được chuẩn bị: chưa có bài viết nào."
PREVIEW_HINT = 'make new TITLE="Tiêu đề bài"'


def sample_copy(root: Path) -> SampleSite:
    """The repository's sample commune in ``root``; code (hooks, theme, guide) linked, not copied."""
    root.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    for name in ("hooks", "overrides", "huong-dan"):
        (root / name).symlink_to(ROOT / name)
    return SampleSite(root)


def run(root: Path, name: str, province: str = "", **kwargs) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = make_commune(root, name, province, **kwargs)
    return code, out.getvalue()


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the commune (and mkdocs.yml) with a digest of its bytes."""
    files = [root / "mkdocs.yml", *(p for folder in SAMPLE[3:] for p in (root / folder).rglob("*") if p.is_file())]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def sample_marks() -> list[str]:
    """Text that only the sample commune has: its name, post titles and files, photo folders, documents."""
    marks = ["Tân Hương", "Tan Huong", "tanhuong"]
    for post in sorted((ROOT / "posts").glob("*.md")):
        marks += [post.stem, yaml.safe_load(post.read_text(encoding="utf-8").split("---")[1])["title"]]
    marks += [folder.name for folder in (ROOT / "images").iterdir() if folder.is_dir()]
    marks += [attachment.name for attachment in (ROOT / "files").rglob("*") if attachment.suffix in (".pdf", ".mp3")]
    marks += [str(document["number"]) for document in yaml.safe_load((ROOT / "data/van-ban.yml").read_text(encoding="utf-8"))]
    return marks


def site_texts(site_dir: Path) -> dict[str, str]:
    """Every text file of a built site as a reader would see it (entities and JSON escapes undone)."""
    texts = {}
    for path in site_dir.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json", ".txt", ".yml", ".gz", ".js"):
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        texts[path.relative_to(site_dir).as_posix()] = html.unescape(text)
    return texts


@pytest.fixture(autouse=True)
def _no_site_url_from_outside(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)  # a build here makes feeds only when a test asks


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> tuple[SampleSite, str]:
    """The sample made into Xã Sơn Trà (confirmed beforehand) and built as GitHub Actions builds it."""
    site = sample_copy(tmp_path_factory.mktemp("xa-moi") / "kho")
    code, output = run(site.root, "Xã Sơn Trà", "Thành phố Đà Nẵng", confirmed=True)
    assert code == 0, output
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site, output


def test_every_sample_file_is_gone_and_empty_folders_with_it(commune):
    site, _output = commune
    manifest = parse_manifest((ROOT / MANIFEST_FILE).read_text(encoding="utf-8"))
    starters = {"docs/gioi-thieu.md", "docs/lien-he.md", "docs/en.md"}
    assert [path for path in manifest.sample if (site.root / path).exists() and path not in starters] == []
    assert list((site.root / "images").iterdir()) == [] and list((site.root / "files").iterdir()) == []
    assert sorted(p.name for p in (site.root / "docs").iterdir()) == ["en.md", "gioi-thieu.md", "lien-he.md"]
    assert "Tân Hương" not in "".join((site.root / page).read_text(encoding="utf-8") for page in starters)


def test_nothing_of_the_sample_reaches_the_built_site(commune):
    site, _output = commune
    texts = site_texts(site.root / "site")
    assert {"index.html", "feed.xml", "sitemap.xml", "tim-kiem/index.json"} <= set(texts)
    # The officers' guide is Tin Xã's own and takes its examples from the sample on purpose.
    marks = re.compile("|".join(re.escape(mark) for mark in sample_marks()))
    found = {(name, mark) for name, text in texts.items() if not name.startswith("huong-dan/") for mark in marks.findall(text)}
    assert found == set()
    published = [p.name for p in (site.root / "site").rglob("*") if p.suffix.lower() in (".pdf", ".jpg", ".jpeg", ".webp")]
    # Only the site card, drawn from the new commune's own name.
    assert len(published) == 1 and published[0].endswith("-the.jpg")
    assert not (site.root / "site/van-ban").exists() and not (site.root / "site/lich-cong-tac").exists()


def test_the_commune_name_is_in_the_header_the_title_and_the_feed(commune):
    site, _output = commune
    home = site.html("")
    assert "<title>Xã Sơn Trà</title>" in home
    header = home[home.index("<header") : home.index("</header>")]
    assert "Xã Sơn Trà" in header
    assert "© Ủy ban nhân dân xã Sơn Trà" in home
    assert 'content="Cổng thông tin điện tử xã Sơn Trà, thành phố Đà Nẵng"' in site.html("gioi-thieu")
    feed = (site.root / "site/feed.xml").read_text(encoding="utf-8")
    assert "<title>Xã Sơn Trà – Tin mới</title>" in feed and f"<link>{SITE_URL}</link>" in feed


def test_the_empty_home_says_so_and_the_menu_has_the_starter_pages(commune):
    site, _output = commune
    home = site.html("")
    assert EMPTY_HOME in home and PREVIEW_HINT not in home  # the hint is for the preview only
    assert "Chưa có bài viết nào." in site.html("tin-tuc")
    tabs = home[home.index('class="md-tabs"') :]
    assert "Giới thiệu xã Sơn Trà" in tabs and "Liên hệ" in tabs and "Văn bản" not in tabs
    assert 'href="en/" hreflang="en"' in home  # the footer's English link
    assert "About Son Tra Commune" in site.html("en") and "Son Tra is a commune of Da Nang City, Viet Nam." in site.html("en")
    assert "Đang cập nhật." in site.html("gioi-thieu") and "113" in site.html("lien-he")
    assert broken_links(site.root / "site", "/tin-xa/") == []


def test_the_written_config_is_the_communes_own(commune, monkeypatch):
    site, _output = commune
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    settings = read_config(site.root)
    assert settings.site_name == "Xã Sơn Trà" and settings.site_url == "" and settings.per_page == 10
    assert [c.name for c in settings.categories] == list(DEFAULT_CATEGORIES)
    assert settings.tagline.startswith("Cổng thông tin điện tử xã Sơn Trà – ")
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count("INHERIT: tinxa.yml") == 1 and 'site_url: !ENV [SITE_URL, ""]' in text and "primary: red" in text


def test_the_listing_counts_by_kind_and_the_next_steps_follow(commune):
    _site, output = commune
    assert "Sẽ xoá 57 tệp của xã mẫu (Xã Tân Hương) và thay 3 trang" in output
    assert "17 bài viết trong posts/" in output and "2023-12-13-tong-ket-dang-uy.md" in output
    assert "30 ảnh và 1 tệp chú thích ảnh trong images/" in output and "2023-12-13-tong-ket-dang-uy/ (6 ảnh)" in output
    assert "2 bản tin truyền thanh trong files/" in output and "2023-12-01-ban-tin-tuan-48.mp3" in output
    assert "4 tệp văn bản trong files/" in output and "lịch công tác, thủ tục hành chính, danh sách văn bản" in output
    assert "Đã đồng ý trước (XAC_NHAN=1)" in output
    assert "✓ Đã tạo trang tin của Xã Sơn Trà" in output and "make serve" in output and "make new" in output
    assert "README, phần “Đăng lên mạng bằng GitHub Pages”" in output


def test_a_second_run_refuses(commune):
    site, _output = commune
    before = snapshot(site.root)
    code, output = run(site.root, "Xã Khác", confirmed=True)
    assert code == 1 and "kho này đã là trang của xã" in output
    assert snapshot(site.root) == before


@pytest.mark.parametrize(
    ("own", "noun"),
    [
        ("posts/2024-03-01-hop-dan.md", "bài"),
        ("images/2024-03-01-hop-dan/01.jpg", "ảnh"),
        ("data/lich-truc.yml", "tệp dữ liệu"),
        ("docs/lich-su.md", "trang"),
        ("files/van-ban/01-qd-ubnd.pdf", "tệp"),
    ],
)
def test_the_communes_own_content_stops_it_and_nothing_changes(tmp_path, own, noun):
    site = sample_copy(tmp_path / "kho")
    path = site.root / own
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(post_text(title="Họp dân thôn Đông"), encoding="utf-8")
    (site.root / "images/2023-12-13-tong-ket-dang-uy/.DS_Store").write_bytes(b"\0")  # the system's, not the commune's
    before = snapshot(site.root)
    code, output = run(site.root, "Xã Sơn Trà", confirmed=True)
    assert code == 1
    assert f"✗ {own}: đây là {noun} của xã, không phải {noun} mẫu" in output
    assert "make xa-moi chỉ dùng cho kho vừa tạo từ mẫu" in output and "Không có gì bị thay đổi." in output
    assert ".DS_Store" not in output
    assert snapshot(site.root) == before


def test_a_logo_put_in_first_neither_stops_it_nor_goes(tmp_path):
    site = sample_copy(tmp_path / "kho")
    logo = make_photo(site.root / "docs/assets/logo.png")
    code, output = run(site.root, "Xã Sơn Trà", confirmed=True)
    assert code == 0, output
    assert logo.is_file()


@pytest.mark.parametrize(("answer", "done"), [("c", True), ("C ", True), ("có", True), ("k", False), ("", False), (None, False)])
def test_it_asks_before_removing(tmp_path, answer, done):
    site = sample_copy(tmp_path / "kho")
    before = snapshot(site.root)
    prompts = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        if answer is None:
            raise EOFError  # no terminal: make run by a script
        return answer

    code, output = run(site.root, "Sơn Trà", ask=ask)
    assert prompts and "Gõ c rồi Enter để đồng ý" in prompts[0]
    assert code == (0 if done else 1)
    assert (snapshot(site.root) != before) is done
    if answer is None:
        assert 'XAC_NHAN=1: make xa-moi TEN="Xã Sơn Trà" XAC_NHAN=1' in output
    elif not done:
        assert "Đã huỷ. Không có gì bị thay đổi." in output


def test_a_sample_file_edited_but_not_committed_is_named(tmp_path):
    site = sample_copy(tmp_path / "kho")
    git = ["git", "-c", "user.name=Cán bộ", "-c", "user.email=canbo@example.vn", "-c", "core.hooksPath=/dev/null"]
    subprocess.run([*git, "init", "-q"], cwd=site.root, check=True)
    subprocess.run([*git, "add", "."], cwd=site.root, check=True)
    subprocess.run([*git, "commit", "-qm", "Mẫu"], cwd=site.root, check=True)
    with (site.root / "docs/gioi-thieu.md").open("a", encoding="utf-8") as page:
        page.write("\nThêm một đoạn.\n")
    code, output = run(site.root, "Phường Hải Châu", ask=lambda prompt: "k")
    assert code == 1
    assert "gioi-thieu.md (đã sửa, chưa commit)" in output and "⚠ 1 tệp mẫu đã bị sửa mà chưa commit" in output


def test_a_sample_list_reaching_outside_the_communes_folders_is_refused(tmp_path):
    site = sample_copy(tmp_path / "kho")
    manifest = site.root / MANIFEST_FILE
    manifest.write_text(manifest.read_text(encoding="utf-8") + "requirements.txt\n", encoding="utf-8")
    before = snapshot(site.root)
    code, output = run(site.root, "Xã Sơn Trà", confirmed=True)
    assert code == 1 and "ngoài thư mục của xã: requirements.txt" in output
    assert snapshot(site.root) == before


@pytest.mark.parametrize(
    ("typed", "site_name"),
    [
        ("Xã Sơn Trà", "Xã Sơn Trà"),
        ("  xã   Sơn Trà ", "Xã Sơn Trà"),
        ("Sơn Trà", "Xã Sơn Trà"),
        ("Phường Hải Châu", "Phường Hải Châu"),
        ("Phường 7", "Phường 7"),
        ("thị trấn Phong Điền", "Thị trấn Phong Điền"),
        ("UBND xã Sơn Trà", "Xã Sơn Trà"),
        ("Ủy ban nhân dân phường Hải Châu", "Phường Hải Châu"),
        ('Xã "Hòa Bình"', "Xã “Hòa Bình”"),
        ("Xã Ea H'Ding", "Xã Ea H'Ding"),
    ],
)
def test_names_as_officers_type_them(typed, site_name):
    assert parse_name(typed).full == site_name


@pytest.mark.parametrize("typed", ["", "   ", "123", "Xã", " phường ", "Xã <b>A</b>", "Xã $HOME", "X" * 90])
def test_names_that_cannot_be_a_commune_are_refused(typed):
    with pytest.raises(InvalidName):
        parse_name(typed)


def test_an_invalid_name_changes_nothing(tmp_path):
    site = sample_copy(tmp_path / "kho")
    before = snapshot(site.root)
    code, output = run(site.root, "", confirmed=True)
    assert code == 1 and 'make xa-moi TEN="Xã Sơn Trà"' in output
    assert snapshot(site.root) == before


def test_names_in_english_for_the_english_page():
    assert parse_name("Xã Sơn Trà").english == "Son Tra Commune"
    assert parse_name("Phường 7").english == "Ward 7"
    assert parse_name("Đặc khu Phú Quốc").english == "Phu Quoc Special Zone"


def test_provinces_mid_sentence_and_in_english():
    assert parse_province("") == ""
    assert province_english("Thành phố Đà Nẵng") == "Da Nang City"
    assert province_english("huyện Thanh Sơn, tỉnh Phú Lâm") == "Thanh Son District, Phu Lam Province"


@pytest.mark.parametrize(
    "value", ["Xã Sơn Trà", "Xã A: B", "Xã #1", "'Xã'", 'Xã "A"', "- Xã", "yes", "null", "123", "@x", "Xã A & B", "a: b #c"]
)
def test_yaml_scalars_read_back_as_written(value):
    assert yaml.safe_load(f"k: {yaml_scalar(value)}") == {"k": value}


def test_a_name_with_quotes_a_colon_and_a_hash_builds(tmp_path):
    site = sample_copy(tmp_path / "kho")
    code, output = run(site.root, 'Xã Ea H\'Ding: "Hòa" #1 & 2', "Tỉnh Đắk Lắk", confirmed=True)
    assert code == 0, output
    name = "Xã Ea H'Ding: “Hòa” #1 & 2"
    assert read_config(site.root).site_name == name
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    home = site.html("")
    assert f"<title>{name}</title>" in home and EMPTY_HOME in home
    assert "Giới thiệu xã Ea H'Ding: “Hòa” #1 &amp; 2</h1>" in site.html("gioi-thieu")
    assert "About Ea H'Ding: “Hoa” #1 &amp; 2 Commune</h1>" in site.html("en")


def test_the_preview_of_an_empty_site_tells_the_officer_how_to_write_the_first_post(tmp_path):
    home = preview(new_site(tmp_path))
    assert EMPTY_HOME in home and PREVIEW_HINT in html.unescape(home)


def test_the_home_of_featured_posts_only_does_not_say_it_is_empty(site):
    site.post("2024-01-02-ghim.md", post_text(title="Tin được ghim", featured="true"))
    assert site.build().returncode == 0
    home = site.html("")
    assert "Tin được ghim" in home and EMPTY_HOME not in home and "Chưa có bài viết nào" not in home
