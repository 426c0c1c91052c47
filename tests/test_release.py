"""Releases: a commune made from one tag updates to the next; only the engine's files change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SampleSite, make_photo, post_text

from hooks.manifest import ManifestError, parse_manifest
from hooks.release import changes_since, current_version, migrations

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Cán bộ CNTT",
    "GIT_AUTHOR_EMAIL": "cntt@example.org",
    "GIT_COMMITTER_NAME": "Cán bộ CNTT",
    "GIT_COMMITTER_EMAIL": "cntt@example.org",
    "NO_MKDOCS_2_WARNING": "1",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True).stdout


def tinxa(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m hooks.cli`` as `make` runs it in ``repo``: with that repository's own engine."""
    return subprocess.run([sys.executable, "-m", "hooks.cli", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "--no-verify", "-m", message)


@pytest.fixture(scope="module")
def upstream(tmp_path_factory) -> Path:
    """Tin Xã's repository with two releases: v0.2.0 (this tree) and v0.2.1, which changes an
    engine file, adds one and removes one."""
    repo = tmp_path_factory.mktemp("tin-xa")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    (repo / "pyproject.toml").write_text(
        (repo / "pyproject.toml").read_text().replace(f'version = "{current_version(ROOT)}"', 'version = "0.2.0"')
    )
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "Tin Xã 0.2.0")
    git(repo, "tag", "v0.2.0")
    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text().replace('version = "0.2.0"', 'version = "0.2.1"'))
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nBản 0.2.1.\n", encoding="utf-8")
    (repo / "hooks/greeting.py").write_text('"""Added in 0.2.1."""\n\nGREETING = "Xin chào"\n', encoding="utf-8")
    (repo / "scripts/vendor_glightbox.sh").unlink()
    changelog = repo / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    first = text.index("\n## ")
    entry = "\n## 0.2.1 – 2026-12-08\n\n### Tiếng Việt\n- Sửa lỗi hiển thị ngày.\n\n**Xã cần làm:** không.\n"
    changelog.write_text(text[:first] + entry + text[first:], encoding="utf-8")
    commit_all(repo, "Tin Xã 0.2.1")
    git(repo, "tag", "v0.2.1")
    return repo


def commune_from(upstream: Path, target: Path, tag: str = "v0.2.0") -> SampleSite:
    """A commune's repository made from the template at ``tag``, its own site made with make xa-moi."""
    subprocess.run(["git", "clone", "--quiet", "--branch", tag, str(upstream), str(target)], check=True, capture_output=True)
    (target / ".venv").symlink_to(ROOT / ".venv")
    made = tinxa(target, "xa-moi", "Xã Sơn Trà", "--tinh", "Thành phố Đà Nẵng", "--xac-nhan")
    assert made.returncode == 0, made.stdout + made.stderr
    site = SampleSite(target)
    make_photo(target / "images/2026-11-25-hop-dan/01.jpg")
    site.post("2026-11-25-hop-dan.md", post_text(title="Họp dân thôn Đông", date="2026-11-25", cover="01.jpg"))
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page: 10", "per_page: 12"), encoding="utf-8")
    commit_all(target, "Trang của xã Sơn Trà")
    return site


def files_of(repo: Path, ref: str) -> dict[str, bytes]:
    names = git(repo, "ls-tree", "-r", "--name-only", "-z", ref).split("\0")
    return {
        name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=repo, capture_output=True).stdout for name in names if name
    }


def content_of(root: Path) -> dict[str, bytes]:
    folders = [root / name for name in ("posts", "images", "docs", "data", "files")]
    files = [path for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file()]
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in [*files, root / "mkdocs.yml"]}


def test_a_commune_updates_to_the_next_release_and_keeps_everything_of_its_own(upstream, tmp_path):
    site = commune_from(upstream, tmp_path / "son-tra")
    before = content_of(site.root)
    result = tinxa(site.root, "cap-nhat", "--tu", str(upstream))  # the latest release: v0.2.1
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Đã cập nhật Tin Xã 0.2.0 → 0.2.1 (v0.2.1" in out
    assert "Thêm 1 tệp: hooks/greeting.py" in out and "Xoá 1 tệp: scripts/vendor_glightbox.sh" in out
    assert "Sửa lỗi hiển thị ngày." in out and "Xã cần làm:** không." in out  # the changelog since 0.2.0
    assert "✓ Không có lỗi: 1 bài sẽ được đăng" in out
    manifest = parse_manifest((upstream / "tinxa.manifest").read_text(encoding="utf-8"))
    release = files_of(upstream, "v0.2.1")
    for name in manifest.engine_files(release):
        assert (site.root / name).read_bytes() == release[name], name
    assert not (site.root / "scripts/vendor_glightbox.sh").exists()
    assert content_of(site.root) == before  # posts, photos, pages, data, files and mkdocs.yml untouched
    assert git(site.root, "log", "-1", "--format=%s").startswith("Cập nhật Tin Xã 0.2.0 → 0.2.1")
    assert git(site.root, "status", "--porcelain") == ""
    assert tinxa(site.root, "phien-ban").stdout.startswith("Tin Xã phiên bản 0.2.1")
    built = site.build("--strict")
    assert built.returncode == 0, built.stderr
    assert "Họp dân thôn Đông" in site.html("") and "Xã Sơn Trà" in site.html("")
    again = tinxa(site.root, "cap-nhat", "--tu", str(upstream))
    assert again.returncode == 0 and "không có gì để cập nhật" in again.stdout
    git(site.root, "revert", "--no-edit", "HEAD~0")  # undone with git, as the command says
    assert tinxa(site.root, "phien-ban").stdout.startswith("Tin Xã phiên bản 0.2.0")


def test_uncommitted_engine_edits_stop_the_update_and_nothing_changes(upstream, tmp_path):
    site = commune_from(upstream, tmp_path / "son-tra")
    text = site.root / "hooks/text.py"
    text.write_text(text.read_text(encoding="utf-8") + "\n# sửa tay\n", encoding="utf-8")
    head = git(site.root, "rev-parse", "HEAD")
    result = tinxa(site.root, "cap-nhat", "--tu", str(upstream), "--ban", "v0.2.1")
    assert result.returncode == 1
    assert (
        "có thay đổi chưa commit trong tệp của phần mềm: hooks/text.py" in result.stdout
        and "Chưa có gì thay đổi" in result.stdout
    )
    assert git(site.root, "rev-parse", "HEAD") == head and git(site.root, "status", "--porcelain") == " M hooks/text.py\n"


@pytest.mark.parametrize(
    ("source", "tag", "said"),
    [
        (None, "v9.9.9", "không lấy được phiên bản “v9.9.9”"),
        ("/khong/co/kho/nay", None, "không kết nối được tới kho “/khong/co/kho/nay”"),
        ("/khong/co/kho/nay", "v0.2.1", "không lấy được phiên bản “v0.2.1” từ “/khong/co/kho/nay”"),
    ],
)
def test_a_missing_release_or_an_unreachable_source_changes_nothing(upstream, tmp_path, source, tag, said):
    site = commune_from(upstream, tmp_path / "son-tra")
    head = git(site.root, "rev-parse", "HEAD")
    args = ["cap-nhat", "--tu", source or str(upstream), *(["--ban", tag] if tag else [])]
    result = tinxa(site.root, *args)
    assert result.returncode == 1 and said in result.stdout and "Chưa có gì thay đổi" in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert git(site.root, "rev-parse", "HEAD") == head and git(site.root, "status", "--porcelain") == ""


def release_0_3_0(upstream: Path, tmp_path: Path, migrations: dict[str, str]) -> Path:
    """Tin Xã 0.3.0, tagged v0.3.0: 0.2.1 plus the given migration modules."""
    release = tmp_path / "tin-xa-0.3.0"
    subprocess.run(["git", "clone", "--quiet", str(upstream), str(release)], check=True)
    (release / "pyproject.toml").write_text((release / "pyproject.toml").read_text().replace("0.2.1", "0.3.0"))
    for name, code in migrations.items():
        (release / "hooks/migrations" / name).write_text(code, encoding="utf-8")
    commit_all(release, "Tin Xã 0.3.0")
    git(release, "tag", "v0.3.0")
    return release


def test_migrations_newer_than_the_old_version_run_in_order_and_are_committed(upstream, tmp_path):
    site = commune_from(upstream, tmp_path / "son-tra")
    # A release 0.3.0 whose migration writes a default author into the commune's posts; an older
    # migration (0.1.0) is not run again (it would fail the update).
    release = release_0_3_0(
        upstream,
        tmp_path,
        {
            "v0_3_0_tac_gia.py": '"""0.3.0: a test migration."""\n\nfrom pathlib import Path\n\n'
            'DESCRIPTION = "ghi tác giả mặc định"\n\n\n'
            "def migrate(root: Path) -> list[str]:\n"
            '    post = root / "posts/2026-11-25-hop-dan.md"\n'
            '    text = post.read_text(encoding="utf-8").replace("---\\n", "---\\nauthor: UBND xã\\n", 1)\n'
            '    post.write_text(text, encoding="utf-8")\n'
            '    return ["posts/2026-11-25-hop-dan.md"]\n',
            "v0_1_0_cu.py": 'DESCRIPTION = "cũ"\n\n\ndef migrate(root):\n    raise AssertionError("already applied")\n',
        },
    )
    result = tinxa(site.root, "cap-nhat", "--tu", str(release), "--ban", "v0.3.0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Chuyển đổi 0.3.0: ghi tác giả mặc định" in result.stdout
    assert "author: UBND xã" in git(site.root, "show", "HEAD:posts/2026-11-25-hop-dan.md")
    assert git(site.root, "status", "--porcelain") == ""


def test_a_0_1_0_site_migrates_to_0_2_0(tmp_path):
    """0.2.0's own migration on 0.1.0's mkdocs.yml and guide (tests/fixtures/tin-xa-0.1.0):
    INHERIT added, base blocks dropped, the same settings; unedited guide copies removed."""
    from hooks.settings import read_mkdocs_yml

    shutil.copytree(Path(__file__).parent / "fixtures/tin-xa-0.1.0", tmp_path, dirs_exist_ok=True)
    shutil.copy(ROOT / "tinxa.yml", tmp_path / "tinxa.yml")
    guide = tmp_path / "docs/huong-dan"
    (guide / "index.md").write_text((guide / "index.md").read_text(encoding="utf-8") + "\nGhi chú của xã.\n", encoding="utf-8")
    old = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    before = yaml.load(old.replace("!ENV", ""), Loader=yaml.SafeLoader)
    [migration] = migrations(ROOT, "0.1.0", "0.2.0")
    _description, changed = migration.run(tmp_path)
    assert changed == ["mkdocs.yml", "docs/huong-dan/anh.md"]
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith("INHERIT: tinxa.yml\n") and "\nhooks:" not in text and "markdown_extensions" not in text
    assert "# Trình soạn bài trên web" in text and "# Menu: khi không có mục" in text  # the commune's comments stay
    merged = read_mkdocs_yml(tmp_path)
    assert (
        merged["hooks"] == ["hooks/entry.py"] and merged["extra"]["tinxa"]["categories"] == before["extra"]["tinxa"]["categories"]
    )
    assert merged["site_name"] == "Xã Tân Hương" and (guide / "index.md").exists() and not (guide / "anh.md").exists()


def test_changelog_excerpt_and_migration_order():
    changelog = "# Nhật ký\n\n## 0.3.0 – x\nba\n\n## 0.2.1 – y\nhai\n\n## 0.2.0 – z\nmột\n"
    assert changes_since(changelog, "0.2.0", "0.3.0") == "## 0.3.0 – x\nba\n\n## 0.2.1 – y\nhai"
    assert changes_since(changelog, "0.3.0", "0.3.0") == ""
    assert [m.version for m in migrations(ROOT, "0.0.0", "9.9.9")] == ["0.2.0"]


def test_the_manifest_never_gives_the_engine_a_communes_files():
    manifest = parse_manifest((ROOT / "tinxa.manifest").read_text(encoding="utf-8"))
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for path in tracked:
        owned = path.startswith(("posts/", "images/", "docs/", "data/", "files/")) or path == "mkdocs.yml"
        assert manifest.is_engine(path) != owned, path  # every file is one or the other
        assert path in manifest.sample or not owned or path == "mkdocs.yml", path  # sample content is listed
    for bad in ("[phan-mem]\nposts/\n", "[phan-mem]\nmkdocs.yml\n", "[phan-mem]\n../ngoai\n", "lạc\n", "[khac]\n"):
        with pytest.raises(ManifestError):
            parse_manifest(bad)


def test_the_update_workflow_opens_a_pull_request_with_no_more_rights_than_that():
    workflow = yaml.safe_load((ROOT / ".github/workflows/cap-nhat.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    steps = workflow["jobs"]["update"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "python -m hooks.cli cap-nhat" in runs and "mkdocs build --strict" in runs and "gh pr create" in runs
    assert "Cập nhật Tin Xã lên phiên bản" in runs
    assert "secrets." not in runs  # secrets only reach steps through env, never printed
    text = (ROOT / ".github/workflows/cap-nhat.yml").read_text(encoding="utf-8")
    assert text.count("secrets.") == 1 and "GH_TOKEN: ${{ secrets.TINXA_PR_TOKEN || github.token }}" in text
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False  # the release's code runs before review: no token on disk
    [with_token] = [step for step in steps if "GH_TOKEN" in step.get("env", {})]
    assert with_token is steps[-1] and "--force" not in with_token["run"]  # an existing branch keeps IT's fixes


def test_what_the_commune_staged_or_changed_itself_is_never_lost_to_an_update(upstream, tmp_path):
    site = commune_from(upstream, tmp_path / "son-tra")
    css = site.root / "overrides/assets/stylesheets/tinxa.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* màu của xã */\n", encoding="utf-8")
    own = site.root / "overrides/partials/rieng.html"
    own.write_text("<p>Riêng của xã</p>\n", encoding="utf-8")
    readme = site.root / "README.md"  # changed by the commune and by the release
    readme.write_text(readme.read_text(encoding="utf-8") + "\nGhi chú của xã.\n", encoding="utf-8")
    commit_all(site.root, "Tuỳ biến của xã")
    draft = site.post("2026-11-26-dang-viet.md", post_text(title="Đang viết dở", date="2026-11-26"))
    git(site.root, "add", str(draft))  # staged, not committed
    result = tinxa(site.root, "cap-nhat", "--tu", str(upstream), "--ban", "0.2.1")  # the tag without "v" works
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Giữ nguyên 2 tệp" in result.stdout and "overrides/partials/rieng.html" in result.stdout
    assert "⚠ Xã đã tự sửa 1 tệp của phần mềm" in result.stdout and "README.md" in result.stdout
    assert "màu của xã" in css.read_text(encoding="utf-8") and own.exists()
    assert "posts/2026-11-26-dang-viet.md" not in git(site.root, "show", "--stat", "--format=", "HEAD")
    assert git(site.root, "status", "--porcelain") == "A  posts/2026-11-26-dang-viet.md\n"  # still staged, still the officer's


def test_an_older_release_is_refused_and_a_missing_one_lists_what_exists(upstream, tmp_path):
    site = commune_from(upstream, tmp_path / "son-tra")
    assert tinxa(site.root, "cap-nhat", "--tu", str(upstream)).returncode == 0
    older = tinxa(site.root, "cap-nhat", "--tu", str(upstream), "--ban", "v0.2.0")
    assert older.returncode == 1 and "phiên bản 0.2.0 (v0.2.0) cũ hơn phiên bản đang dùng 0.2.1" in older.stdout
    missing = tinxa(site.root, "cap-nhat", "--tu", str(upstream), "--ban", "9.9.9")
    assert missing.returncode == 1 and "các phiên bản: v0.2.0, v0.2.1" in missing.stdout and "fatal" not in missing.stdout


def test_a_release_with_migrations_waits_for_the_communes_files_and_undoes_a_failed_one(upstream, tmp_path):
    site = commune_from(upstream, tmp_path / "son-tra")
    broken = (
        'DESCRIPTION = "hỏng giữa chừng"\n\n\ndef migrate(root):\n'
        '    (root / "mkdocs.yml").write_text("site_name: hỏng một nửa\\n")\n'
        '    raise KeyError("categories")\n'
    )
    release = release_0_3_0(upstream, tmp_path, {"v0_3_0_hong.py": broken})
    config = site.root / "mkdocs.yml"
    committed = config.read_text(encoding="utf-8")
    config.write_text(committed.replace("per_page: 12", "per_page: 20  # đang thử"), encoding="utf-8")
    waiting = tinxa(site.root, "cap-nhat", "--tu", str(release))
    assert waiting.returncode == 1 and "đang sửa dở chưa commit: mkdocs.yml" in waiting.stdout
    config.write_text(committed, encoding="utf-8")
    head = git(site.root, "rev-parse", "HEAD")
    failed = tinxa(site.root, "cap-nhat", "--tu", str(release))
    assert failed.returncode == 1 and "v0_3_0_hong.py của phiên bản 0.3.0 bị lỗi" in failed.stdout
    assert config.read_text(encoding="utf-8") == committed  # the commune's file is back as it was
    assert git(site.root, "rev-parse", "HEAD") == head and git(site.root, "status", "--porcelain") == ""
