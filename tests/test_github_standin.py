"""The stand-in GitHub (tests/github_standin.py), driven over HTTP the way Decap CMS's GitHub backend drives GitHub."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import post_text
from github_standin import Logged, git, github_standin, new_repository

REPO = "/repos/ubnd-tanhuong/tin-xa"
OLD_POST = "posts/2024-01-05-tin-cu.md"
PHOTO = bytes(range(256)) * 3  # not text: every byte value
FILES = {
    OLD_POST: post_text(title="Tin cũ", date="2024-01-05"),
    "posts/2024-01-07-ten-anh.md": post_text(title="Tên ảnh", date="2024-01-07", gallery="\n  - 01.jpg"),
    "images/2024-01-07-ten-anh/01.jpg": PHOTO,
    "mkdocs.yml": "site_name: Xã Tân Hương\n",
}


@pytest.fixture
def standin(tmp_path):
    new_repository(tmp_path / "kho.git", FILES)
    with github_standin(tmp_path / "kho.git") as running:
        yield running
    assert running.errors == []


def call(
    standin, method: str, path: str, body: Any = None, token: str | None = "tok-write", scheme: str = "token"
) -> tuple[int, Any, Any]:
    """(status, parsed JSON, headers) of one request, as Decap sends it: JSON body, token in Authorization."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if token is not None:
        headers["Authorization"] = f"{scheme} {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(standin.api_root + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read()), error.headers


def b64(data: str | bytes) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def save(standin, files: dict[str, str | bytes | None], message: str, token: str = "tok-write") -> dict:
    """Decap's persistFiles/deleteFiles: a blob per file, the branch's head, a tree on it, a commit, the branch moved."""
    entries = []
    for path, content in files.items():
        sha = None
        if content is not None:
            status, blob, _ = call(standin, "POST", f"{REPO}/git/blobs", {"content": b64(content), "encoding": "base64"}, token)
            assert status == 201, blob
            sha = blob["sha"]
        entries.append({"path": path, "mode": "100644", "type": "blob", "sha": sha})
    status, branch, _ = call(standin, "GET", f"{REPO}/branches/main", token=token)
    assert status == 200, branch
    head = branch["commit"]["sha"]
    status, tree, _ = call(standin, "POST", f"{REPO}/git/trees", {"base_tree": head, "tree": entries}, token)
    assert status == 201, tree
    status, commit, _ = call(
        standin, "POST", f"{REPO}/git/commits", {"message": message, "tree": tree["sha"], "parents": [head]}, token
    )
    assert status == 201, commit
    status, ref, _ = call(standin, "PATCH", f"{REPO}/git/refs/heads/main", {"sha": commit["sha"], "force": False}, token)
    assert status == 200, ref
    assert ref["object"]["sha"] == commit["sha"] and ref["ref"] == "refs/heads/main"
    return commit


def git_out(repo: Path, *args: str) -> str:
    return git(repo, *args).decode()


# -- tokens -------------------------------------------------------------------------------------


def test_no_token_or_an_unknown_token_gets_401_with_githubs_message(standin):
    status, body, _ = call(standin, "GET", "/user", token=None)
    assert (status, body["message"]) == (401, "Requires authentication")
    for path in ("/user", REPO, f"{REPO}/git/trees/main:posts", f"{REPO}/branches/main"):
        status, body, _ = call(standin, "GET", path, token="ghp_khong-co-that")
        assert (status, body["message"]) == (401, "Bad credentials"), path
    status, body, _ = call(standin, "POST", f"{REPO}/git/blobs", {"content": "x"}, token="ghp_khong-co-that")
    assert (status, body["message"]) == (401, "Bad credentials")
    assert call(standin, "GET", "/user", token="tok-write", scheme="Bearer")[0] == 200
    assert call(standin, "GET", "/user", token="tok-write", scheme="Basic")[0] == 401


def test_the_user_and_the_repositorys_push_permission_follow_the_token(standin):
    status, user, _ = call(standin, "GET", "/user")
    assert status == 200 and user["login"] == "tok-write" and user["name"] and "@" in user["email"]
    assert user["avatar_url"].startswith(standin.api_root)
    with urllib.request.urlopen(user["avatar_url"], timeout=10) as avatar:  # no token needed, like GitHub's avatars
        assert avatar.headers["Content-Type"] == "image/svg+xml"
    status, repo, _ = call(standin, "GET", REPO)
    assert status == 200 and repo["full_name"] == "ubnd-tanhuong/tin-xa" and repo["owner"]["login"] == "ubnd-tanhuong"
    assert repo["default_branch"] == "main" and repo["permissions"]["push"] is True
    status, repo, _ = call(standin, "GET", REPO, token="tok-read")
    assert status == 200 and repo["permissions"] == {
        "admin": False,
        "maintain": False,
        "push": False,
        "triage": False,
        "pull": True,
    }
    assert call(standin, "GET", "/user", token="tok-read")[1]["login"] == "tok-read"
    assert call(standin, "GET", "/repos/ubnd-tanhuong/kho-khac")[0] == 404


def test_a_read_only_token_reads_but_every_write_is_refused_with_403(standin):
    head = standin.head()
    assert call(standin, "GET", f"{REPO}/git/trees/main:posts", token="tok-read")[0] == 200
    tree = call(standin, "GET", f"{REPO}/git/trees/{head}", token="tok-read")[1]["sha"]
    writes = [
        ("POST", f"{REPO}/git/blobs", {"content": b64("x"), "encoding": "base64"}),
        (
            "POST",
            f"{REPO}/git/trees",
            {"base_tree": head, "tree": [{"path": OLD_POST, "mode": "100644", "type": "blob", "sha": None}]},
        ),
        ("POST", f"{REPO}/git/commits", {"message": "Xoá hết", "tree": tree, "parents": []}),
        ("PATCH", f"{REPO}/git/refs/heads/main", {"sha": head, "force": True}),
    ]
    for method, path, body in writes:
        status, answer, _ = call(standin, method, path, body, token="tok-read")
        assert (status, answer["message"]) == (403, "Resource not accessible by personal access token"), path
    assert standin.head() == head and len(standin.commits()) == 1


# -- reading, as Decap lists the posts, opens one and shows its photos -----------------------------


def test_a_folder_listing_and_a_files_blob_are_what_the_repository_holds(standin):
    status, tree, _ = call(standin, "GET", f"{REPO}/git/trees/main:posts")
    assert status == 200 and tree["truncated"] is False
    posts = {e["path"]: e for e in tree["tree"]}
    assert sorted(posts) == ["2024-01-05-tin-cu.md", "2024-01-07-ten-anh.md"]
    entry = posts["2024-01-05-tin-cu.md"]
    assert entry["type"] == "blob" and entry["mode"] == "100644" and entry["size"] == len(FILES[OLD_POST].encode())
    status, blob, _ = call(standin, "GET", f"{REPO}/git/blobs/{entry['sha']}")
    assert status == 200 and blob["encoding"] == "base64" and blob["size"] == entry["size"]
    assert base64.b64decode(blob["content"]).decode() == FILES[OLD_POST]

    # A photo's folder, named both ways Decap names it (getFileSha encodes the slash, listFiles does not).
    for path in ("main:images%2F2024-01-07-ten-anh", "main:images/2024-01-07-ten-anh"):
        status, tree, _ = call(standin, "GET", f"{REPO}/git/trees/{path}")
        assert status == 200 and [e["path"] for e in tree["tree"]] == ["01.jpg"], path
    photo = call(standin, "GET", f"{REPO}/git/blobs/{tree['tree'][0]['sha']}")[1]
    assert base64.b64decode(photo["content"]) == PHOTO  # bytes intact; GitHub's 60-column lines included
    assert "\n" in photo["content"]

    status, everything, _ = call(standin, "GET", f"{REPO}/git/trees/main:images?recursive=1")
    assert status == 200
    assert [(e["path"], e["type"]) for e in everything["tree"]] == [
        ("2024-01-07-ten-anh", "tree"),
        ("2024-01-07-ten-anh/01.jpg", "blob"),
    ]
    root = call(standin, "GET", f"{REPO}/git/trees/{standin.head()}")[1]  # a commit's SHA names its tree too
    assert sorted(e["path"] for e in root["tree"]) == ["images", "mkdocs.yml", "posts"]
    # A post without photos yet: Decap expects 404 and lists nothing.
    assert call(standin, "GET", f"{REPO}/git/trees/main:images/2024-01-05-tin-cu")[:2] == (404, {**_not_found(), "status": "404"})
    assert call(standin, "GET", f"{REPO}/git/trees/nhanh-khac:posts")[0] == 404
    assert call(standin, "GET", f"{REPO}/git/blobs/{'0' * 40}")[0] == 404
    assert call(standin, "GET", f"{REPO}/git/blobs/{standin.head()}")[0] == 404  # a commit is no blob


def _not_found() -> dict:
    return {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}


def test_last_change_of_a_file_comes_from_the_commits_list(standin):
    save(standin, {OLD_POST: FILES[OLD_POST] + "Thêm một dòng.\n"}, "Sửa bài tin-cu (soạn trên web)")
    status, commits, _ = call(standin, "GET", f"{REPO}/commits?path={OLD_POST.replace('/', '%2F')}&sha=main")
    assert status == 200 and len(commits) == 2
    newest = commits[0]
    assert newest["sha"] == standin.head() and newest["commit"]["message"] == "Sửa bài tin-cu (soạn trên web)"
    assert newest["commit"]["author"]["name"] == "Cán bộ tok-write" and newest["commit"]["author"]["date"].endswith("Z")
    assert newest["author"]["login"] == "tok-write" and newest["parents"][0]["sha"] == commits[1]["sha"]
    status, commits, _ = call(standin, "GET", f"{REPO}/commits?path=posts%2F2024-01-07-ten-anh.md&sha=main")
    assert status == 200 and len(commits) == 1 and commits[0]["commit"]["author"]["name"] == "Văn phòng UBND xã"
    assert call(standin, "GET", f"{REPO}/commits?path=posts%2Fkhong-co.md&sha=main")[:2] == (200, [])


# -- writing: one save is one commit on main ---------------------------------------------------------


def test_a_new_post_with_two_photos_is_one_commit_of_exactly_those_files(standin, tmp_path):
    before = standin.head()
    post = post_text(title="Hội nghị tổng kết", date="2026-11-28", gallery="\n  - src: hoi-truong.jpg\n  - src: trao-thuong.jpg")
    first, second = b"\xff\xd8\xff\xe0 anh 1" + PHOTO, b"\xff\xd8\xff\xe0 anh 2" + PHOTO[::-1]
    files = {
        "posts/2026-11-28-hoi-nghi-tong-ket.md": post,
        "images/2026-11-28-hoi-nghi-tong-ket/hoi-truong.jpg": first,
        "images/2026-11-28-hoi-nghi-tong-ket/trao-thuong.jpg": second,
    }
    commit = save(standin, files, "Thêm bài hoi-nghi-tong-ket (soạn trên web)")
    assert commit["parents"] == [{"sha": before, "url": commit["parents"][0]["url"]}]
    assert commit["author"]["name"] == commit["committer"]["name"] == "Cán bộ tok-write"

    repo = tmp_path / "kho.git"
    log = git_out(repo, "log", "--format=%H %an <%ae>%n%s", "main").splitlines()
    assert log == [
        f"{commit['sha']} Cán bộ tok-write <tok-write@users.noreply.github.com>",
        "Thêm bài hoi-nghi-tong-ket (soạn trên web)",
        f"{before} Văn phòng UBND xã <vanphong@example.invalid>",
        "Khởi tạo",
    ]
    changed = git_out(repo, "show", "--format=", "--name-status", "main").splitlines()
    assert sorted(changed) == sorted(f"A\t{path}" for path in files)
    assert git_out(repo, "show", "main:posts/2026-11-28-hoi-nghi-tong-ket.md") == post
    assert git(repo, "show", "main:images/2026-11-28-hoi-nghi-tong-ket/trao-thuong.jpg") == second
    assert standin.read("images/2026-11-28-hoi-nghi-tong-ket/hoi-truong.jpg") == first
    assert set(standin.files()) == set(FILES) | set(files)


def test_editing_one_post_then_deleting_another_touch_only_those_files(standin, tmp_path):
    edited = FILES[OLD_POST].replace("Nội dung bài.", "Nội dung đã sửa.")
    save(standin, {OLD_POST: edited}, "Sửa bài tin-cu (soạn trên web)")
    save(standin, {"posts/2024-01-07-ten-anh.md": None}, "Xoá bài ten-anh (soạn trên web)")
    newest, edit, first = standin.commits()
    assert newest.changed == {"posts/2024-01-07-ten-anh.md": "D"} and newest.message == "Xoá bài ten-anh (soạn trên web)"
    assert edit.changed == {OLD_POST: "M"} and first.changed == {p: "A" for p in FILES}
    assert standin.read(OLD_POST).decode() == edited
    assert set(standin.files()) == set(FILES) - {"posts/2024-01-07-ten-anh.md"}  # its photo stays, as on GitHub
    assert git_out(tmp_path / "kho.git", "rev-list", "--count", "main").strip() == "3"


def test_the_last_file_of_a_folder_goes_with_the_folder_and_a_missing_file_cannot_be_deleted(standin):
    save(standin, {"images/2024-01-07-ten-anh/01.jpg": None}, "Xoá ảnh images/2024-01-07-ten-anh/01.jpg")
    assert not any(path.startswith("images/") for path in standin.files())
    assert call(standin, "GET", f"{REPO}/git/trees/main:images")[0] == 404
    head = standin.head()
    for path in ("posts/khong-co.md", "khong-co/bai.md"):
        entries = [{"path": path, "mode": "100644", "type": "blob", "sha": None}]
        status, body, _ = call(standin, "POST", f"{REPO}/git/trees", {"base_tree": head, "tree": entries})
        assert (status, body["message"]) == (422, "GitRPC::BadObjectState"), path


def test_a_tree_entry_may_carry_its_content_and_a_tree_without_base_starts_empty(standin):
    entries = [{"path": "a/b.md", "mode": "100644", "type": "blob", "content": "Xin chào\n"}]
    status, tree, _ = call(standin, "POST", f"{REPO}/git/trees", {"tree": entries})
    assert status == 201 and [(e["path"], e["type"]) for e in tree["tree"]] == [("a", "tree")]
    status, commit, _ = call(standin, "POST", f"{REPO}/git/commits", {"message": "Gốc mới", "tree": tree["sha"]})
    assert status == 201 and commit["parents"] == [] and commit["tree"]["sha"] == tree["sha"]
    assert standin.read("a/b.md", commit["sha"]) == "Xin chào\n".encode()
    status, blob, _ = call(standin, "POST", f"{REPO}/git/blobs", {"content": "văn bản"})  # utf-8 by default
    assert (
        status == 201
        and base64.b64decode(call(standin, "GET", f"{REPO}/git/blobs/{blob['sha']}")[1]["content"]) == "văn bản".encode()
    )


def test_the_branch_only_moves_forward_unless_forced_and_only_to_a_commit(standin):
    head = standin.head()
    tree = call(standin, "GET", f"{REPO}/git/trees/{head}")[1]["sha"]
    orphan = call(standin, "POST", f"{REPO}/git/commits", {"message": "Lịch sử khác", "tree": tree, "parents": []})[1]["sha"]
    status, body, _ = call(standin, "PATCH", f"{REPO}/git/refs/heads/main", {"sha": orphan, "force": False})
    assert (status, body["message"]) == (422, "Update is not a fast forward") and standin.head() == head
    assert call(standin, "PATCH", f"{REPO}/git/refs/heads/main", {"sha": tree})[0] == 422  # a tree is no commit
    assert call(standin, "PATCH", f"{REPO}/git/refs/heads/khong-co", {"sha": head})[1]["message"] == "Reference does not exist"
    bad = {"message": "x", "tree": "0" * 40, "parents": [head]}
    assert call(standin, "POST", f"{REPO}/git/commits", bad)[0] == 422
    assert call(standin, "POST", f"{REPO}/git/commits", {**bad, "tree": tree, "parents": ["1" * 40]})[0] == 422
    assert call(standin, "GET", f"{REPO}/branches/khong-co")[1]["message"] == "Branch not found"
    assert call(standin, "PATCH", f"{REPO}/git/refs/heads/main", {"sha": orphan, "force": True})[0] == 200
    assert standin.head() == orphan


def test_endpoints_decap_does_not_use_are_not_found_and_bad_json_is_400(standin):
    for method, path in (
        ("GET", f"{REPO}/contents/{OLD_POST}"),
        ("GET", f"{REPO}/pulls"),
        ("DELETE", f"{REPO}/git/refs/heads/main"),
    ):
        assert call(standin, method, path)[:2] == (404, {**_not_found(), "status": "404"}), path
    request = urllib.request.Request(
        standin.api_root + f"{REPO}/git/blobs",
        data=b"{khong phai json",
        method="POST",
        headers={"Authorization": "token tok-write"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 400 and json.loads(raised.value.read())["message"] == "Problems parsing JSON"
    raised.value.close()


# -- a page from another port ------------------------------------------------------------------------


def test_a_page_from_another_port_passes_the_preflight_and_reads_every_answer(standin):
    preflight = urllib.request.Request(
        standin.api_root + f"{REPO}/git/refs/heads/main",
        method="OPTIONS",
        headers={
            "Origin": "http://127.0.0.1:8000",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.status == 204 and response.headers["Access-Control-Allow-Origin"] == "*"
        assert "PATCH" in response.headers["Access-Control-Allow-Methods"]
        allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "if-none-match", "x-requested-with", "x-github-otp"} <= allowed
    for token in ("tok-write", "sai"):  # errors too, or the page could not read "Bad credentials"
        status, _, headers = call(standin, "GET", "/user", token=token)
        assert headers["Access-Control-Allow-Origin"] == "*" and "json" in headers["Content-Type"], status


def test_every_request_is_logged_with_its_status(standin):
    call(standin, "GET", "/user", token="sai")
    save(standin, {"posts/moi.md": "---\ntitle: Mới\n---\n"}, "Thêm bài moi")
    call(standin, "GET", f"{REPO}/git/trees/main:images%2Fkhong-co")
    assert standin.requests == [
        Logged("GET", "/user", 401),
        Logged("POST", f"{REPO}/git/blobs", 201),
        Logged("GET", f"{REPO}/branches/main", 200),
        Logged("POST", f"{REPO}/git/trees", 201),
        Logged("POST", f"{REPO}/git/commits", 201),
        Logged("PATCH", f"{REPO}/git/refs/heads/main", 200),
        Logged("GET", f"{REPO}/git/trees/main:images/khong-co", 404),  # logged percent-decoded
    ]


def test_a_non_bare_repository_works_too_and_its_checkout_is_left_alone(tmp_path):
    work = tmp_path / "xa"
    (work / "posts").mkdir(parents=True)
    (work / "posts/a.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    env = {
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.invalid",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@x",
    }
    git(work, "init", "--quiet", "--initial-branch=chinh")
    git(work, "add", "posts")
    git(work, "commit", "--quiet", "-m", "Đầu tiên", env=env)
    with github_standin(work, owner="xa", name="kho", branch="chinh", tokens={"bi-mat": "admin"}) as standin:
        status, repo, _ = call(standin, "GET", "/repos/xa/kho", token="bi-mat")
        assert status == 200 and repo["permissions"]["admin"] is True and repo["default_branch"] == "chinh"
        status, blob, _ = call(
            standin, "POST", "/repos/xa/kho/git/blobs", {"content": b64("B\n"), "encoding": "base64"}, "bi-mat"
        )
        head = call(standin, "GET", "/repos/xa/kho/branches/chinh", token="bi-mat")[1]["commit"]["sha"]
        entries = [{"path": "posts/b.md", "mode": "100644", "type": "blob", "sha": blob["sha"]}]
        tree = call(standin, "POST", "/repos/xa/kho/git/trees", {"base_tree": head, "tree": entries}, "bi-mat")[1]
        commit = call(
            standin, "POST", "/repos/xa/kho/git/commits", {"message": "B", "tree": tree["sha"], "parents": [head]}, "bi-mat"
        )[1]
        assert call(standin, "PATCH", "/repos/xa/kho/git/refs/heads/chinh", {"sha": commit["sha"]}, "bi-mat")[0] == 200
        assert standin.errors == []
    assert git_out(work, "log", "--format=%s", "chinh").splitlines() == ["B", "Đầu tiên"]
    assert git_out(work, "show", "chinh:posts/b.md") == "B\n" and not (work / "posts/b.md").exists()


def test_the_stand_in_refuses_a_repository_without_the_branch(tmp_path):
    new_repository(tmp_path / "kho.git", {"a.md": "a"}, branch="master")
    with pytest.raises(ValueError, match="main"), github_standin(tmp_path / "kho.git"):
        pass
