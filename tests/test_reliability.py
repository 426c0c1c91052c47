"""Bad input never crashes, never leaks script, never loses anything; builds are reproducible."""

import html
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import new_site, post_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.posts import read_post

BROKEN = Path(__file__).parent / "broken"
EXPECTED = yaml.safe_load((BROKEN / "expected.yml").read_text(encoding="utf-8"))


def expected_line(name: str) -> tuple[str, str]:
    """The start of the report line for ``name``, and the words it must contain."""
    case = EXPECTED[name]
    where = f"posts/{name}" + (f":{case['line']}" if case["line"] else "")
    field = f" [trường “{case['field']}”]" if case["field"] else ""
    return f"✗ {where}{field}: ", case["says"]


def test_every_broken_post_is_reported_in_one_build(tmp_path):
    site = new_site(tmp_path)
    for path in BROKEN.glob("*.md"):
        shutil.copy(path, site.root / "posts" / path.name)
    shutil.copytree(BROKEN / "images", site.root / "images", dirs_exist_ok=True)
    result = site.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    # Each problem: its "✗ file:line [field]: message" line and the "→ Cách sửa" line under it.
    report = [line + " " + lines[n + 1].strip() for n, line in enumerate(lines[:-1]) if line.startswith("✗ ")]
    for name in EXPECTED:
        start, words = expected_line(name)
        matching = [line for line in report if line.startswith(start)]
        assert matching, f"{name}: no line starting {start!r} in\n" + "\n".join(report)
        assert any(words in line for line in matching), f"{name}: {words!r} not in {matching}"
    assert f"có {len(report)} lỗi trong" in result.stderr
    reported = {line.split(":")[0].split(" [")[0][2:] for line in report}
    assert reported == {f"posts/{p.name}" for p in BROKEN.glob("*.md")} - {"posts/same-url-a.md"}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            ["title", "date", "updated", "category", "tags", "summary", "author", "cover", "gallery", "featured", "draft", "slug"]
        )
        | st.text(max_size=8),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.dates().map(str),
            lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
            max_leaves=6,
        ),
        max_size=8,
    ),
    st.text(max_size=40),
)
def test_random_front_matter_never_crashes_the_reader(tmp_path, fields, noise):
    """Only the project's own validation problems may come out, whatever the officer wrote."""
    site_root = tmp_path
    (site_root / "posts").mkdir(exist_ok=True)
    (site_root / "images").mkdir(exist_ok=True)
    documents = [yaml.safe_dump(fields, allow_unicode=True), noise, yaml.safe_dump(fields)[:-3] + noise]
    from hooks.settings import load_settings

    settings_ = load_settings(site_root, "Xã", {})
    for number, front in enumerate(documents):
        path = site_root / "posts" / f"bai-{number}.md"
        path.write_text(f"---\n{front}\n---\nNội dung {noise}\n", encoding="utf-8")
        post, problems = read_post(path, settings_)
        assert (post is None) == bool(problems)
        for problem in problems:
            assert problem.message and problem.file == f"posts/bai-{number}.md"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">"\'&'


def test_nothing_typed_in_front_matter_becomes_markup_anywhere(tmp_path):
    site = new_site(tmp_path)
    site.photo("x/01.jpg")
    quoted = json.dumps(HOSTILE, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    fields = f"title: {quoted}\nsummary: {quoted}\nauthor: {quoted}\ntags: [{quoted}]"
    gallery = f"gallery:\n  - src: 01.jpg\n    caption: {quoted}"
    site.post("x.md", f"---\n{fields}\ndate: 2024-01-05\ncategory: Kinh tế\n{gallery}\n---\nThân bài.\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    files = [p for p in (site.root / "site").rglob("*") if p.suffix in (".html", ".xml")]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(text)
        for tag, attrs in parser.tags:
            assert tag != "img" or dict(attrs).get("src") != "x", path
            assert not any(name.startswith("on") for name, _value in attrs), (path, tag, attrs)
        assert "window.pwned=1</script>" not in text.replace("&lt;/script&gt;", ""), path
    page = (site.root / "site/tin-tuc/x/index.html").read_text(encoding="utf-8")
    assert html.escape(HOSTILE, quote=False) in page or html.escape(HOSTILE) in page


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    site = new_site(tmp_path)
    post = site.post("x.md", post_text(title="Bản đang chạy"))
    assert site.build().returncode == 0
    before = {p: p.read_bytes() for p in (site.root / "site").rglob("*") if p.is_file()}
    post.write_text(post_text(title="Bản lỗi", date="31/02/2024"), encoding="utf-8")
    assert site.build().returncode == 1
    after = {p: p.read_bytes() for p in (site.root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".")) == [".cache"]  # no staging left


def test_building_the_same_tree_twice_gives_identical_bytes(tmp_path):
    site = new_site(tmp_path)
    site.photo("a/01.jpg")
    site.post("a.md", post_text(title="Một", tags="[b, a]", gallery="[01.jpg]"))
    site.post("b.md", post_text(title="Hai", date="2024-01-02", tags="[a]"))
    site.page("gioi-thieu.md", "# Giới thiệu\n")
    outputs = []
    for run in range(2):
        assert site.build("-d", str(tmp_path / f"out{run}")).returncode == 0
        outputs.append(
            {p.relative_to(tmp_path / f"out{run}"): p.read_bytes() for p in (tmp_path / f"out{run}").rglob("*") if p.is_file()}
        )
    assert outputs[0] == outputs[1]
    assert b"<lastmod>2024-01-02</lastmod>" in outputs[0][Path("sitemap.xml")]


@pytest.mark.parametrize("command", ["build"])
def test_site_dir_is_restored_for_gh_deploy(tmp_path, command):
    """gh-deploy publishes config.site_dir after the build: it must be the real folder again."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = new_site(tmp_path)
    site.post("x.md", post_text())
    config = load_config(str(site.root / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    build(config)
    assert Path(config.site_dir) == site.root / "site" and (site.root / "site/index.html").is_file()
