"""Every path a photo takes into the repository ends in a master: the git hook, the workflow, make check."""

import os
import shutil
import subprocess
import sys

import yaml
from conftest import ROOT, new_site, post_text
from masters import assert_master, heic_photo, phone_photo

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Cán bộ",
    "GIT_AUTHOR_EMAIL": "canbo@example.org",
    "GIT_COMMITTER_NAME": "Cán bộ",
    "GIT_COMMITTER_EMAIL": "canbo@example.org",
}


def git(repo, *args, **kwargs):
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, check=True, **kwargs)


def tinxa_clone(tmp_path):
    """A commune's clone: our code and hooks, its own site, the pre-commit hook enabled as make does."""
    site = new_site(tmp_path / "xa")
    for folder in ("hooks", ".githooks"):
        shutil.copytree(ROOT / folder, site.root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (site.root / ".venv").symlink_to(ROOT / ".venv")
    (site.root / ".gitignore").write_text(".venv\n")
    git(site.root, "init", "--quiet", "--initial-branch=main")
    git(site.root, "config", "core.hooksPath", ".githooks")
    git(site.root, "add", "-A")
    git(site.root, "commit", "--quiet", "-m", "Trang của xã")
    return site


def committed(repo, path):
    return git(repo, "show", f"HEAD:{path}").stdout


def test_a_photo_committed_from_a_computer_is_a_master_in_the_repository(tmp_path):
    site = tinxa_clone(tmp_path)
    phone_photo(site.root / "images/2024-01-05-hop/01.jpg")
    site.post("2024-01-05-hop.md", post_text(date="2024-01-05", cover="01.jpg"))
    git(site.root, "add", "-A")
    result = git(site.root, "commit", "-m", "Bài họp", text=True)
    said = result.stdout + result.stderr  # git shows what a hook prints on stderr
    assert "Đã thu nhỏ 1 ảnh" in said and "xoá vị trí GPS khỏi 1 ảnh" in said
    blob = committed(site.root, "images/2024-01-05-hop/01.jpg")
    assert b"Exif" not in blob and b"PhoneMaker" not in blob
    photo = tmp_path / "blob.jpg"
    photo.write_bytes(blob)
    assert assert_master(photo).size == (1500, 2000)
    assert git(site.root, "status", "--porcelain").stdout == b""  # what is committed is what is on disk


def test_the_hook_follows_a_heic_renamed_to_jpg_and_stops_a_commit_with_a_broken_photo(tmp_path):
    site = tinxa_clone(tmp_path)
    folder = site.root / "images/2024-01-05-hop"
    heic_photo(folder / "IMG_1.HEIC", size=(3000, 2000))
    site.post("2024-01-05-hop.md", post_text(date="2024-01-05", cover="IMG_1.HEIC"))
    git(site.root, "add", "-A")
    git(site.root, "commit", "-m", "Bài có ảnh iPhone")
    files = git(site.root, "ls-tree", "-r", "--name-only", "HEAD", "images").stdout.decode().split()
    assert files == ["images/2024-01-05-hop/IMG_1.jpg"]
    assert b"cover: IMG_1.jpg" in committed(site.root, "posts/2024-01-05-hop.md")

    (folder / "02.jpg").write_bytes(b"not a photo")
    git(site.root, "add", "-A")
    stopped = subprocess.run(["git", "commit", "-m", "Ảnh hỏng"], cwd=site.root, env=GIT_ENV, capture_output=True, text=True)
    assert stopped.returncode == 1
    said = stopped.stdout + stopped.stderr
    assert "images/2024-01-05-hop/02.jpg" in said and "bị hỏng" in said and "Commit đã dừng" in said


def test_commits_without_photos_never_start_python(tmp_path):
    site = tinxa_clone(tmp_path)
    (site.root / ".venv").unlink()  # a clone where make never ran: only photo commits need it
    site.post("a.md", post_text())
    git(site.root, "add", "-A")
    git(site.root, "commit", "-m", "Bài chữ")
    phone_photo(site.root / "images/a/01.jpg")
    git(site.root, "add", "-A")
    env = {**GIT_ENV, "PATH": "/usr/bin:/bin"}  # python3 here has no Pillow
    stopped = subprocess.run(["git", "commit", "-m", "Ảnh"], cwd=site.root, env=env, capture_output=True, text=True)
    if stopped.returncode == 0:  # this machine's python3 has the packages: the hook used it
        assert b"Exif" not in committed(site.root, "images/a/01.jpg")
    else:
        assert "make anh" in stopped.stdout + stopped.stderr


# -- the publishing workflow: photos uploaded on github.com ----------------------------------------


def workflow_steps():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    return workflow["jobs"]["build"]


def test_the_workflow_checks_photos_on_pull_requests_and_shrinks_them_on_main():
    job = workflow_steps()
    steps = {step.get("name"): step for step in job["steps"]}
    check = steps["Kiểm tra ảnh (thu nhỏ, xoá vị trí GPS)"]
    assert check["if"] == "github.event_name == 'pull_request'" and check["run"] == "python -m hooks.cli anh --kiem-tra"
    shrink = steps["Thu nhỏ ảnh chưa đạt chuẩn và lưu lại vào kho"]
    assert shrink["if"] == "github.event_name == 'push'" and "python -m hooks.cli anh --commit" in shrink["run"]
    assert "git push" in shrink["run"] and job["permissions"]["contents"] == "write"
    names = [step.get("name") for step in job["steps"]]
    assert names.index(shrink["name"]) < names.index("Dựng trang")  # the site is built from the masters


def run_step(repo, *args, summary):
    env = {**GIT_ENV, "GITHUB_STEP_SUMMARY": str(summary)}
    return subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--root", str(repo), "anh", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_pull_request_mode_fails_with_the_list_and_writes_nothing(tmp_path):
    site = tinxa_clone(tmp_path)
    photo = phone_photo(site.root / "images/a/01.jpg")
    before = photo.read_bytes()
    summary = tmp_path / "summary.md"
    result = run_step(site.root, "--kiem-tra", summary=summary)
    assert result.returncode == 1
    assert "images/a/01.jpg: chưa thu nhỏ — cạnh dài 4000 điểm ảnh, quá 2048; có vị trí GPS" in result.stdout
    assert "make anh" in result.stdout
    table = summary.read_text(encoding="utf-8")
    assert "### Ảnh chưa đạt chuẩn" in table and "| `images/a/01.jpg` | cạnh dài 4000 điểm ảnh" in table
    assert photo.read_bytes() == before


def test_push_mode_commits_the_masters_and_the_site_still_builds(tmp_path):
    site = tinxa_clone(tmp_path)
    phone_photo(site.root / "images/2024-01-05-hop/01.jpg")
    site.post("2024-01-05-hop.md", post_text(date="2024-01-05", cover="01.jpg"))
    # Uploaded on github.com: no hook ran.
    git(site.root, "add", "-A")
    git(site.root, "commit", "--no-verify", "-m", "Add files via upload")
    uploaded = git(site.root, "rev-parse", "HEAD").stdout
    summary = tmp_path / "summary.md"
    result = run_step(site.root, "--commit", summary=summary)
    assert result.returncode == 0, result.stdout
    log = git(site.root, "log", "-1", "--format=%an|%s").stdout.decode()
    assert log.startswith("github-actions[bot]|Thu nhỏ ảnh: 1 ảnh")
    assert git(site.root, "rev-parse", "HEAD~1").stdout == uploaded
    assert b"Exif" not in committed(site.root, "images/2024-01-05-hop/01.jpg")
    assert "### Ảnh đã được thu nhỏ khi đăng" in summary.read_text(encoding="utf-8")
    again = run_step(site.root, "--commit", summary=summary)
    assert again.returncode == 0 and git(site.root, "log", "-1", "--format=%s").stdout.decode().startswith("Thu nhỏ")
    assert git(site.root, "rev-list", "--count", "HEAD").stdout.strip() == b"3"  # nothing new to commit
    assert site.build("--strict").returncode == 0


# -- make check -----------------------------------------------------------------------------------


def test_check_warns_about_photos_not_yet_shrunk_but_passes(site, capsys):
    from hooks import cli

    phone_photo(site.root / "images/2024-01-05-hop/01.jpg")
    site.post("2024-01-05-hop.md", post_text(date="2024-01-05", cover="01.jpg"))
    code = cli.main(["--root", str(site.root), "check"])
    out = capsys.readouterr().out
    assert code == 0 and "✓ Không có lỗi" in out
    assert "⚠ images/2024-01-05-hop/01.jpg: chưa thu nhỏ — cạnh dài 4000 điểm ảnh, quá 2048; có vị trí GPS" in out
    assert "→ Cách sửa: chạy make anh" in out


def test_check_warns_about_a_broken_photo_no_post_uses_and_calls_a_half_copied_one_broken(site, capsys):
    from hooks import cli

    good = phone_photo(site.root / "images/a/01.jpg", size=(1200, 900)).read_bytes()
    (site.root / "images/a/02.jpg").write_bytes(good[: len(good) // 2])  # copied only in part
    site.post("a.md", post_text(cover="01.jpg"))
    code = cli.main(["--root", str(site.root), "check"])
    out = capsys.readouterr().out
    assert code == 0
    assert "⚠ ảnh “images/a/02.jpg” bị hỏng" in out and "dữ liệu ẩn" not in out
    assert out.count("images/a/02.jpg") == 1
    site.post("b.md", post_text(cover="02.jpg"))  # now a post uses it: an error, reported once
    code = cli.main(["--root", str(site.root), "check"])
    out = capsys.readouterr().out
    assert code == 1 and out.count("“images/a/02.jpg” bị hỏng") == 1


# -- the hook judges what is staged -----------------------------------------------------------------


def commit(site, *args):
    return subprocess.run(["git", "commit", *args], cwd=site.root, env=GIT_ENV, capture_output=True, text=True)


def test_photos_with_vietnamese_names_are_shrunk_too(tmp_path):
    site = tinxa_clone(tmp_path)
    phone_photo(site.root / "images/2024-01-05-lễ-hội/Đình làng.jpg")
    git(site.root, "add", "-A")
    assert commit(site, "-m", "Ảnh lễ hội").returncode == 0
    assert b"Exif" not in committed(site.root, "images/2024-01-05-lễ-hội/Đình làng.jpg")


def test_git_add_then_make_anh_then_commit_commits_the_master(tmp_path):
    site = tinxa_clone(tmp_path)
    phone_photo(site.root / "images/a/01.jpg")
    git(site.root, "add", "-A")
    subprocess.run([sys.executable, "-m", "hooks.cli", "anh"], cwd=site.root, check=True, capture_output=True)
    assert commit(site, "-m", "Ảnh").returncode == 0
    assert b"Exif" not in committed(site.root, "images/a/01.jpg")
    assert git(site.root, "status", "--porcelain").stdout == b""


def test_a_heic_renamed_after_git_add_stops_the_commit_with_what_to_do(tmp_path):
    site = tinxa_clone(tmp_path)
    heic_photo(site.root / "images/a/IMG_1.HEIC", size=(3000, 2000))
    site.post("a.md", post_text(cover="IMG_1.HEIC"))
    git(site.root, "add", "-A")
    subprocess.run([sys.executable, "-m", "hooks.cli", "anh"], cwd=site.root, check=True, capture_output=True)
    stopped = commit(site, "-m", "Ảnh")
    assert stopped.returncode == 1 and "git add -A images posts" in stopped.stdout + stopped.stderr
    git(site.root, "add", "-A", "images", "posts")
    assert commit(site, "-m", "Ảnh").returncode == 0
    assert git(site.root, "ls-tree", "-r", "--name-only", "HEAD", "images").stdout == b"images/a/IMG_1.jpg\n"


def committed_post_and_a_new_heic(tmp_path, name):
    """A clone with one committed post, and an iPhone photo just copied in."""
    site = tinxa_clone(tmp_path)
    post = site.post("a.md", post_text(body="Đoạn đầu."))
    git(site.root, "add", "-A")
    assert commit(site, "-m", "Bài").returncode == 0
    return site, post, heic_photo(site.root / "images/a" / name, size=(800, 600))


def test_text_the_officer_did_not_stage_never_rides_along(tmp_path):
    site, post, heic = committed_post_and_a_new_heic(tmp_path, "02.heic")
    post.write_text(post.read_text(encoding="utf-8") + "\nĐoạn đang viết dở.\n\n![Hai](02.heic)\n", encoding="utf-8")
    git(site.root, "add", str(heic))  # only the photo
    stopped = commit(site, "-m", "Chỉ ảnh")
    assert stopped.returncode == 1 and "posts/a.md" in stopped.stderr  # git shows a hook's output on stderr
    assert b"dang viet" not in committed(site.root, "posts/a.md") and "dở" not in committed(site.root, "posts/a.md").decode()


def test_a_commit_naming_its_files_stops_rather_than_leave_the_original_staged(tmp_path):
    site = tinxa_clone(tmp_path)
    phone_photo(site.root / "images/a/03.jpg")
    git(site.root, "add", "images/a/03.jpg")
    stopped = commit(site, "-m", "Ảnh", "images/a/03.jpg")
    assert stopped.returncode == 1 and "git commit <tệp>" in stopped.stderr
    assert commit(site, "-m", "Ảnh").returncode == 0  # the plain way works
    assert b"Exif" not in committed(site.root, "images/a/03.jpg")
    assert git(site.root, "status", "--porcelain").stdout == b""


def test_a_refused_commit_stages_nothing_so_committing_again_cannot_break_the_site(tmp_path):
    site, post, _heic = committed_post_and_a_new_heic(tmp_path, "05.heic")
    post.write_text(post.read_text(encoding="utf-8") + '\n<img src="../images/a/05.heic" alt="năm">\n', encoding="utf-8")
    git(site.root, "add", "-A")
    post.write_text(post.read_text(encoding="utf-8") + "\nThêm một dòng chưa git add.\n", encoding="utf-8")
    index = git(site.root, "ls-files", "-s").stdout
    assert commit(site, "-m", "Ảnh").returncode == 1
    assert git(site.root, "ls-files", "-s").stdout == index  # nothing half-staged
    assert commit(site, "-m", "Ảnh").returncode == 1  # and a second try stops too, rather than commit a broken post


def test_photo_names_that_are_not_utf8_and_photos_in_docs_are_caught(tmp_path):
    site = tinxa_clone(tmp_path)
    folder = site.root / "images/a"
    folder.mkdir(parents=True)
    raw = os.fsencode(folder) + b"/\xc2nh l\xea\xb4.jpg"  # a Windows-1258 name, as unzipped on Linux
    phone_photo(tmp_path / "goc.jpg")
    with open(raw, "wb") as out:
        out.write((tmp_path / "goc.jpg").read_bytes())
    phone_photo(site.root / "docs/assets/tru-so.jpg")
    git(site.root, "add", "-A")
    assert commit(site, "-m", "Ảnh").returncode == 0
    for name in git(site.root, "ls-tree", "-r", "-z", "--name-only", "HEAD").stdout.split(b"\0"):
        if name.endswith(b".jpg"):
            assert b"Exif" not in git(site.root, "cat-file", "blob", f"HEAD:{os.fsdecode(name)}").stdout, name


def test_work_files_of_an_interrupted_run_are_never_committed():
    ignored = subprocess.run(
        [
            "git",
            "check-ignore",
            "--no-index",
            "images/a/.01.heic.tinxa-goc",
            "images/a/.01.jpg.tinxa-moi",
            "images/a/.01.jpg.x1.tmp",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert len(ignored.stdout.split()) == 3
