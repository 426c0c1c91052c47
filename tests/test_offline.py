"""What the offline reader's worker keeps: version, shell, newest posts, budget (hooks/offline.py)."""

from __future__ import annotations

import json
import re

from conftest import post_text

from hooks.offline import (
    CACHE_BUDGET,
    NEWEST_POSTS,
    OFFLINE_URL,
    PRECACHE_BUDGET,
    WORKER_FILE,
    BuiltFile,
    fingerprint,
    plan_precache,
    shell_assets,
    site_version,
    worker_script,
)

HOME = """<html><head><link rel="icon" href="assets/images/favicon.png">
<link rel="stylesheet" href="assets/stylesheets/main.1.min.css"><link rel="canonical" href="https://x.vn/">
<link rel="alternate " type="application/rss+xml" href="feed.xml"><script src="assets/javascripts/bundle.2.min.js"></script>
<script src="https://other.example/x.js"></script><script>var inline = 1;</script></head></html>"""
OFFLINE = """<link rel="stylesheet" href="../assets/stylesheets/main.1.min.css">
<script src="../assets/javascripts/tinxa-offline.js" defer></script>"""


def files(post_size: int = 30_000, posts: int = 15) -> dict[str, BuiltFile]:
    names = {
        "index.html": 40_000,
        f"{OFFLINE_URL}index.html": 20_000,
        "assets/images/favicon.png": 1_000,
        "assets/stylesheets/main.1.min.css": 140_000,
        "assets/javascripts/bundle.2.min.js": 115_000,
        "assets/javascripts/tinxa-offline.js": 1_500,
        "feed.xml": 9_000,
    }
    names.update({f"tin-tuc/bai-{n:02d}/index.html": post_size for n in range(posts)})
    return {name: BuiltFile(size, f"{name}:{size}") for name, size in names.items()}


def newest(count: int = 15) -> list[str]:
    return [f"tin-tuc/bai-{n:02d}/" for n in range(count)]


def test_shell_assets_are_our_stylesheets_scripts_and_icon_from_the_site_root():
    assert shell_assets("", HOME) == [
        "assets/images/favicon.png",
        "assets/stylesheets/main.1.min.css",
        "assets/javascripts/bundle.2.min.js",
    ]
    assert shell_assets(OFFLINE_URL, OFFLINE) == ["assets/stylesheets/main.1.min.css", "assets/javascripts/tinxa-offline.js"]


def test_precache_has_the_shell_once_then_the_newest_posts_newest_first():
    plan = plan_precache(files(), {"": HOME, OFFLINE_URL: OFFLINE}, newest())
    assert [path for path, _digest in plan.shell] == [
        "",
        "assets/images/favicon.png",
        "assets/stylesheets/main.1.min.css",
        "assets/javascripts/bundle.2.min.js",
        OFFLINE_URL,
        "assets/javascripts/tinxa-offline.js",
    ]
    assert plan.shell_bytes == 40_000 + 1_000 + 140_000 + 115_000 + 20_000 + 1_500
    assert [path for path, _digest in plan.posts] == newest(NEWEST_POSTS)
    assert plan.posts_bytes == NEWEST_POSTS * 30_000
    assert dict(plan.posts)["tin-tuc/bai-00/"] == "tin-tuc/bai-00/index.html:30000"  # a digest per page, to skip unchanged ones


def test_big_posts_are_precached_only_as_far_as_the_budget_allows():
    plan = plan_precache(files(post_size=400_000), {"": HOME, OFFLINE_URL: OFFLINE}, newest())
    assert 0 < len(plan.posts) < NEWEST_POSTS
    assert plan.shell_bytes + plan.posts_bytes <= PRECACHE_BUDGET < CACHE_BUDGET
    assert [path for path, _digest in plan.posts] == newest(len(plan.posts))


def test_a_post_without_a_page_is_skipped_not_the_end_of_the_list():
    site = files()
    del site["tin-tuc/bai-00/index.html"]
    plan = plan_precache(site, {"": HOME, OFFLINE_URL: OFFLINE}, newest())
    assert [path for path, _digest in plan.posts] == newest(NEWEST_POSTS + 1)[1:]


def test_the_version_changes_with_any_file_and_only_then():
    site = files()
    assert site_version(site) == site_version(dict(reversed(site.items())))
    changed = {**site, "feed.xml": BuiltFile(9_000, "other")}
    assert site_version(changed) != site_version(site)
    assert site_version({**site, "tin-tuc/moi/index.html": BuiltFile(1, "x")}) != site_version(site)


def test_fingerprint_reads_contents_but_trusts_photo_names_and_leaves_the_worker_out(tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh/abc-960.jpg").write_bytes(b"photo")
    (tmp_path / "index.html").write_text("<p>một</p>", encoding="utf-8")
    (tmp_path / WORKER_FILE).write_text("old worker", encoding="utf-8")
    before = fingerprint(tmp_path)
    assert sorted(before) == ["anh/abc-960.jpg", "index.html"]
    (tmp_path / "index.html").write_text("<p>hai</p>", encoding="utf-8")
    (tmp_path / WORKER_FILE).write_text("new worker", encoding="utf-8")
    after = fingerprint(tmp_path)
    assert after["index.html"] != before["index.html"] and after["anh/abc-960.jpg"] == before["anh/abc-960.jpg"]


def test_fingerprint_knows_documents_and_sound_files_by_name_and_size_without_reading_them(tmp_path):
    bulletin = tmp_path / "files/truyen-thanh/tuan-48.mp3"
    bulletin.parent.mkdir(parents=True)
    bulletin.write_bytes(b"a" * 1000)
    before = fingerprint(tmp_path)["files/truyen-thanh/tuan-48.mp3"]
    bulletin.write_bytes(b"b" * 1000)  # the worker never keeps it: the same name and size is the same to it
    assert fingerprint(tmp_path)["files/truyen-thanh/tuan-48.mp3"] == before
    bulletin.write_bytes(b"b" * 1200)  # a replaced bulletin still changes the version
    assert fingerprint(tmp_path)["files/truyen-thanh/tuan-48.mp3"] != before


def test_worker_script_carries_the_settings_as_json():
    plan = plan_precache(files(), {"": HOME, OFFLINE_URL: OFFLINE}, newest())
    script = worker_script("abc123", plan).decode()
    settings = json.loads(re.search(r"^const SITE = (\{.*\});$", script, re.MULTILINE)[1])
    assert settings["version"] == "abc123" and settings["budget"] == CACHE_BUDGET and settings["offline"] == OFFLINE_URL
    assert settings["posts"] == [list(entry) for entry in plan.posts]
    assert "admin/" in settings["passThrough"] and ".json" in settings["passThroughSuffixes"]
    assert "/* SITE */" not in script


def test_a_build_writes_the_worker_and_the_offline_page(site):
    site.post("2024-01-02-mot.md", post_text(title="Một", date="2024-01-02"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    worker = (site.root / "site" / WORKER_FILE).read_text(encoding="utf-8")
    assert '["tin-tuc/2024-01-02-mot/",' in worker
    page = site.html(OFFLINE_URL)
    assert "<h1>Không có kết nối mạng</h1>" in page and '<meta name="robots" content="noindex, follow">' in page
    assert OFFLINE_URL not in (site.root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert 'data-worker="../sw.js"' in page and 'data-worker="sw.js"' in site.html("")
