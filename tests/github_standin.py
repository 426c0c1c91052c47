"""A stand-in for GitHub's REST API, as far as Decap CMS's GitHub backend uses it, on a real git repository.

Decap CMS 3.16.3 (``backend: {name: github}``, ``use_graphql`` off, ``publish_mode`` simple) calls only these
(class ``pD`` and the backend class ``cF`` in the vendored ``decap-cms.js``):

* ``GET /user``: signing in and the status check (``currentUser``, ``status``).
* ``GET /repos/{owner}/{name}``: ``permissions.push`` says whether the user may save (``hasWriteAccess``).
* ``GET /repos/{owner}/{name}/git/trees/{branch}:{folder}[?recursive=1]``: listing a folder (``listFiles``,
  ``getFileSha``; the folder is sometimes percent-encoded, ``main:images%2F2024-...``, sometimes not).
* ``GET /repos/{owner}/{name}/git/blobs/{sha}``: a file's content, base64 (``fetchBlobContent``).
* ``GET /repos/{owner}/{name}/commits?path=&sha=``: who last changed a file, and when (``readFileMetadata``).
* ``GET /repos/{owner}/{name}/branches/{branch}``: the branch's head before a save (``getDefaultBranch``).
* ``POST /repos/{owner}/{name}/git/blobs`` ``{content, encoding: "base64"}`` (``uploadBlob``),
  ``POST .../git/trees`` ``{base_tree: <commit sha>, tree: [{path, mode, type, sha}]}``, ``sha: null`` deleting
  (``createTree``), ``POST .../git/commits`` ``{message, tree, parents}`` (``createCommit``) and
  ``PATCH .../git/refs/heads/{branch}`` ``{sha, force: false}`` (``patchRef``): one save, or one deletion.

Everything else GitHub offers (contents, pulls, compare, refs for the editorial workflow, forks for open
authoring, collaborators) is answered 404, as GitHub answers an unknown address. Tokens come as
``Authorization: token <t>`` (or ``Bearer``); every answer allows any origin, so a page served from another
127.0.0.1 port can call it. The server moves the branch with ``git update-ref``: in a non-bare repository the
checked-out files are not updated (read with ``StandIn.read`` or ``git show``).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import threading
import traceback
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from browser import serve_directory

from hooks.editor import editor_page
from hooks.settings import read_config

DOCS = "https://docs.github.com/rest"
SHA = re.compile(r"^[0-9a-f]{40}$")
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
# What api.github.com allows and shows a page from another origin (its own preflight answer).
ALLOW_HEADERS = (
    "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, "
    "X-GitHub-OTP, X-Requested-With, User-Agent, GraphQL-Features, X-Github-Next-Global-ID, X-GitHub-Api-Version"
)
EXPOSE_HEADERS = (
    "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, "
    "X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type"
)
ROLES = {"read": (False, False), "write": (True, False), "admin": (True, True)}  # role -> (push, admin)
_GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}


class Logged(NamedTuple):
    method: str
    path: str  # percent-decoded, without the query
    status: int


@dataclass(frozen=True)
class Account:
    """The GitHub user a token belongs to."""

    login: str
    name: str
    email: str
    role: str  # "read", "write" or "admin"
    id: int = 1

    @property
    def push(self) -> bool:
        return ROLES[self.role][0]


@dataclass(frozen=True)
class Commit:
    sha: str
    message: str
    author: str  # "Name <email>"
    parents: tuple[str, ...]
    changed: dict[str, str]  # path -> "A", "M" or "D", against the first parent


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def git(repo: Path, *args: str, data: bytes | None = None, env: Mapping[str, str] | None = None) -> bytes:
    """Run ``git -C repo args`` without the machine's or the user's git configuration; its stdout."""
    result = subprocess.run(
        ["git", "-C", str(repo), *args], input=data, capture_output=True, env={**os.environ, **_GIT_ENV, **(env or {})}
    )
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, ["git", *args], result.stdout, result.stderr)
    return result.stdout


class Repository:
    """The git plumbing behind the API: objects in, objects out, one branch moved at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ref_lock = threading.Lock()

    def git(self, *args: str, data: bytes | None = None, env: Mapping[str, str] | None = None) -> bytes:
        return git(self.path, *args, data=data, env=env)

    def object_type(self, sha: str) -> str | None:
        if not SHA.match(sha):
            return None
        try:
            return self.git("cat-file", "-t", sha).decode().strip()
        except subprocess.CalledProcessError:
            return None

    def branch_head(self, branch: str) -> str | None:
        if not branch or branch.startswith("-"):
            return None
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}").decode().strip()
        except subprocess.CalledProcessError:
            return None

    def commit_or_branch(self, ref: str) -> str | None:
        """A commit named by its SHA or by a branch name, as GitHub's ``sha`` and ``ref`` parameters take it."""
        if self.object_type(ref) == "commit":
            return ref
        return self.branch_head(ref)

    def tree_of(self, sha: str) -> str | None:
        kind = self.object_type(sha)
        if kind == "tree":
            return sha
        if kind == "commit":
            return self.git("rev-parse", f"{sha}^{{tree}}").decode().strip()
        return None

    def ls_tree(self, tree: str, recursive: bool = False) -> list[dict[str, Any]]:
        """A tree's entries as GitHub lists them: path, mode, type, sha, and size for files."""
        args = ["ls-tree", "-z", "-l", *(["-r", "-t"] if recursive else []), tree]
        entries = []
        for record in self.git(*args).split(b"\0"):
            if not record:
                continue
            meta, path = record.split(b"\t", 1)
            mode, kind, sha, size = meta.decode().split()
            entry: dict[str, Any] = {"path": path.decode("utf-8", "surrogateescape"), "mode": mode, "type": kind, "sha": sha}
            if kind == "blob":
                entry["size"] = int(size)
            entries.append(entry)
        return entries

    def hash_blob(self, data: bytes) -> str:
        return self.git("hash-object", "-w", "--stdin", data=data).decode().strip()

    def mktree(self, entries: Mapping[str, tuple[str, str, str]]) -> str:
        """Write a tree of ``name -> (mode, type, sha)``; its SHA."""
        lines = b"".join(f"{mode} {kind} {sha}\t{name}".encode() + b"\0" for name, (mode, kind, sha) in sorted(entries.items()))
        return self.git("mktree", "-z", data=lines).decode().strip()

    def update_tree(self, base: str | None, changes: Mapping[str, tuple[str, str, str] | None]) -> str:
        """``base`` with each path set to ``(mode, type, sha)``, or removed for None; only touched folders are rewritten."""
        return self._update(base, dict(changes)) or self.mktree({})

    def _update(self, tree: str | None, changes: dict[str, tuple[str, str, str] | None]) -> str | None:
        entries = {e["path"]: (e["mode"], e["type"], e["sha"]) for e in self.ls_tree(tree)} if tree else {}
        deeper: dict[str, dict[str, tuple[str, str, str] | None]] = {}
        for path, entry in changes.items():
            name, _, rest = path.partition("/")
            if rest:
                deeper.setdefault(name, {})[rest] = entry
            elif entry is not None:
                entries[name] = entry
            elif entries.pop(name, None) is None:
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "GitRPC::BadObjectState")  # nothing there to delete
        for name, below in deeper.items():
            current = entries.get(name)
            subtree = current[2] if current and current[1] == "tree" else None
            if subtree is None and all(entry is None for entry in below.values()):
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "GitRPC::BadObjectState")
            new = self._update(subtree, below)
            if new is None:
                entries.pop(name, None)  # git keeps no empty folders
            else:
                entries[name] = ("040000", "tree", new)
        return self.mktree(entries) if entries else None

    def commit_tree(self, tree: str, parents: list[str], message: str, author: dict[str, str], committer: dict[str, str]) -> str:
        env = {
            "GIT_AUTHOR_NAME": author["name"],
            "GIT_AUTHOR_EMAIL": author["email"],
            "GIT_AUTHOR_DATE": author["date"],
            "GIT_COMMITTER_NAME": committer["name"],
            "GIT_COMMITTER_EMAIL": committer["email"],
            "GIT_COMMITTER_DATE": committer["date"],
        }
        args = ["commit-tree", tree, *[arg for parent in parents for arg in ("-p", parent)]]
        return self.git(*args, data=message.encode(), env=env).decode().strip()

    def read_commit(self, sha: str) -> dict[str, Any]:
        """A commit's tree, parents, author, committer (as name, email, UTC date) and message."""
        raw = self.git("cat-file", "commit", sha).decode("utf-8", "replace")
        header, _, message = raw.partition("\n\n")
        commit: dict[str, Any] = {"parents": [], "message": message}
        for line in header.splitlines():
            key, _, value = line.partition(" ")
            if key == "tree":
                commit["tree"] = value
            elif key == "parent":
                commit["parents"].append(value)
            elif key in ("author", "committer"):
                person = re.match(r"^(.*) <(.*)> (\d+) ([+-]\d{4})$", value)
                if person:
                    when = dt.datetime.fromtimestamp(int(person[3]), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    commit[key] = {"name": person[1], "email": person[2], "date": when}
        return commit

    def move_ref(self, ref: str, new: str, force: bool) -> None:
        with self._ref_lock:
            try:
                old = self.git("rev-parse", "--verify", "--quiet", ref).decode().strip()
            except subprocess.CalledProcessError:
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Reference does not exist") from None
            if not force and old != new:
                try:
                    self.git("merge-base", "--is-ancestor", old, new)
                except subprocess.CalledProcessError:
                    raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Update is not a fast forward") from None
            self.git("update-ref", ref, new, old)


@dataclass
class StandIn:
    """A running stand-in: ``api_root`` goes into Decap's ``backend.api_root``."""

    repo: Path
    owner: str
    name: str
    branch: str
    accounts: dict[str, Account]  # token -> account
    api_root: str = ""
    requests: list[Logged] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # tracebacks of answers that failed with 500

    def __post_init__(self) -> None:
        self.git_repo = Repository(self.repo)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def git(self, *args: str) -> str:
        return self.git_repo.git(*args).decode()

    def head(self, branch: str | None = None) -> str:
        head = self.git_repo.branch_head(branch or self.branch)
        if head is None:
            raise KeyError(branch or self.branch)
        return head

    def read(self, path: str, ref: str | None = None) -> bytes:
        """A file's bytes on the branch (or at ``ref``)."""
        return self.git_repo.git("cat-file", "blob", f"{ref or self.head()}:{path}")

    def files(self, ref: str | None = None) -> list[str]:
        """Every file path on the branch (or at ``ref``)."""
        return [e["path"] for e in self.git_repo.ls_tree(ref or self.head(), recursive=True) if e["type"] == "blob"]

    def commits(self, branch: str | None = None) -> list[Commit]:
        """The branch's history, newest first, each with the files it changed."""
        out = []
        for sha in self.git("rev-list", self.head(branch)).split():
            commit = self.git_repo.read_commit(sha)
            diff = self.git_repo.git("diff-tree", "-r", "-z", "--no-commit-id", "--name-status", "--root", sha).split(b"\0")
            changed = {diff[i + 1].decode(): diff[i].decode() for i in range(0, len(diff) - 1, 2)}
            author = commit["author"]
            out.append(
                Commit(
                    sha,
                    commit["message"].rstrip("\n"),
                    f"{author['name']} <{author['email']}>",
                    tuple(commit["parents"]),
                    changed,
                )
            )
        return out


def account_for(token: str, role: str | Account, number: int) -> Account:
    if isinstance(role, Account):
        return role
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: {sorted(ROLES)}")
    login = re.sub(r"[^A-Za-z0-9-]", "-", token)
    return Account(login, f"Cán bộ {login}", f"{login}@users.noreply.github.com", role, number)


@contextmanager
def github_standin(
    repo: Path,
    *,
    owner: str = "ubnd-tanhuong",
    name: str = "tin-xa",
    branch: str = "main",
    tokens: Mapping[str, str | Account] | None = None,
) -> Iterator[StandIn]:
    """Serve GitHub's API for ``owner/name`` from the git repository ``repo`` on 127.0.0.1, a free port.

    ``tokens`` maps each accepted token to a role ("read", "write", "admin") or an ``Account``; by default
    ``tok-write`` may save and ``tok-read`` may only read.
    """
    tokens = {"tok-write": "write", "tok-read": "read"} if tokens is None else tokens
    accounts = {token: account_for(token, role, number) for number, (token, role) in enumerate(tokens.items(), 1)}
    standin = StandIn(Path(repo), owner, name, branch, accounts)
    if standin.git_repo.branch_head(branch) is None:
        raise ValueError(f"{repo} has no branch {branch!r}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.standin = standin  # type: ignore[attr-defined]
    standin.api_root = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()


def new_repository(path: Path, files: Mapping[str, bytes | str], *, branch: str = "main", message: str = "Khởi tạo") -> str:
    """A bare git repository at ``path`` whose ``branch`` holds ``files`` in one commit; the commit's SHA."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "--quiet", "--bare", f"--initial-branch={branch}")
    repo = Repository(path)
    blobs = {p: ("100644", "blob", repo.hash_blob(c.encode() if isinstance(c, str) else c)) for p, c in files.items()}
    person = {"name": "Văn phòng UBND xã", "email": "vanphong@example.invalid", "date": "2024-01-01T08:00:00+07:00"}
    sha = repo.commit_tree(repo.update_tree(None, blobs), [], message, person, person)
    repo.git("update-ref", f"refs/heads/{branch}", sha)
    return sha


# -- the HTTP side ---------------------------------------------------------------------------------

_REPO = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
Route = tuple[str, re.Pattern[str], str]
ROUTES: list[Route] = [
    ("GET", re.compile(r"/user"), "get_user"),
    ("GET", re.compile(_REPO), "get_repo"),
    ("GET", re.compile(_REPO + r"/branches/(?P<branch>.+)"), "get_branch"),
    ("GET", re.compile(_REPO + r"/git/trees/(?P<treeish>.+)"), "get_tree"),
    ("POST", re.compile(_REPO + r"/git/trees"), "post_tree"),
    ("GET", re.compile(_REPO + r"/git/blobs/(?P<sha>[^/]+)"), "get_blob"),
    ("POST", re.compile(_REPO + r"/git/blobs"), "post_blob"),
    ("POST", re.compile(_REPO + r"/git/commits"), "post_commit"),
    ("PATCH", re.compile(_REPO + r"/git/refs/(?P<ref>.+)"), "patch_ref"),
    ("GET", re.compile(_REPO + r"/commits"), "list_commits"),
]
AVATAR = re.compile(r"/avatars/(?P<login>[^/]+)")
_AVATAR_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="20" fill="#2b6cb0"/>'
    '<text x="20" y="26" font-size="18" text-anchor="middle" fill="#fff">{}</text></svg>'
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GitHubStandIn/1"

    @property
    def standin(self) -> StandIn:
        return self.server.standin  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_OPTIONS(self) -> None:
        self._read_body()
        self._log(HTTPStatus.NO_CONTENT)
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE")
        self.send_header("Access-Control-Allow-Headers", ALLOW_HEADERS)
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PATCH(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    # -- dispatch

    def _answer(self) -> None:
        raw = self._read_body()
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
        avatar = AVATAR.fullmatch(url.path)
        if avatar and self.command == "GET":
            initial = urllib.parse.unquote(avatar["login"])[:1].upper()
            self._send(HTTPStatus.OK, _AVATAR_SVG.format(initial).encode(), "image/svg+xml")
            return
        try:
            account = self._account()
            handler, params = self._route(url.path)
            if "owner" in params and (params["owner"].lower(), params["name"].lower()) != (
                self.standin.owner.lower(),
                self.standin.name.lower(),
            ):
                raise ApiError(HTTPStatus.NOT_FOUND, "Not Found")
            if self.command != "GET" and not account.push:
                raise ApiError(HTTPStatus.FORBIDDEN, "Resource not accessible by personal access token")
            body = self._json(raw) if self.command in ("POST", "PATCH", "PUT") else {}
            status, payload = handler(account, params, query, body)
        except ApiError as error:
            status, payload = error.status, {"message": error.message, "documentation_url": DOCS, "status": str(error.status)}
        except Exception:
            self.standin.errors.append(traceback.format_exc())
            status, payload = HTTPStatus.INTERNAL_SERVER_ERROR, {"message": "Server Error"}
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _account(self) -> Account:
        scheme, _, token = (self.headers.get("Authorization") or "").strip().partition(" ")
        if not scheme:
            raise ApiError(HTTPStatus.UNAUTHORIZED, "Requires authentication")
        account = self.standin.accounts.get(token.strip()) if scheme.lower() in ("token", "bearer") else None
        if account is None:
            raise ApiError(HTTPStatus.UNAUTHORIZED, "Bad credentials")
        return account

    def _route(self, path: str) -> tuple[Callable[..., tuple[int, Any]], dict[str, str]]:
        for method, pattern, name in ROUTES:
            match = pattern.fullmatch(path)
            if match and method == self.command:
                return getattr(self, name), {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
        raise ApiError(HTTPStatus.NOT_FOUND, "Not Found")

    @staticmethod
    def _json(raw: bytes) -> dict[str, Any]:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise ApiError(HTTPStatus.BAD_REQUEST, "Problems parsing JSON") from None
        if not isinstance(body, dict):
            raise ApiError(HTTPStatus.BAD_REQUEST, "Problems parsing JSON")
        return body

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        # Logged before answering: the client may read the log as soon as it has the answer.
        self._log(status)
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", EXPOSE_HEADERS)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _log(self, status: int) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        self.standin.requests.append(Logged(self.command, path, int(status)))

    # -- JSON shaped like GitHub's

    def _url(self, tail: str) -> str:
        return f"{self.standin.api_root}/repos/{self.standin.full_name}{tail}"

    def _user(self, account: Account) -> dict[str, Any]:
        return {
            "login": account.login,
            "id": account.id,
            "node_id": f"U_{account.id}",
            "avatar_url": f"{self.standin.api_root}/avatars/{urllib.parse.quote(account.login)}",
            "url": f"{self.standin.api_root}/users/{account.login}",
            "type": "User",
            "site_admin": False,
        }

    def _person(self, email: str) -> dict[str, Any] | None:
        account = next((a for a in self.standin.accounts.values() if a.email == email), None)
        return self._user(account) if account else None

    def _commit(self, sha: str) -> dict[str, Any]:
        """A commit as GitHub's commits and branches endpoints list it."""
        commit = self.standin.git_repo.read_commit(sha)
        return {
            "sha": sha,
            "node_id": f"C_{sha}",
            "commit": {
                "author": commit["author"],
                "committer": commit["committer"],
                "message": commit["message"].rstrip("\n"),
                "tree": {"sha": commit["tree"], "url": self._url(f"/git/trees/{commit['tree']}")},
                "url": self._url(f"/git/commits/{sha}"),
                "comment_count": 0,
            },
            "url": self._url(f"/commits/{sha}"),
            "author": self._person(commit["author"]["email"]),
            "committer": self._person(commit["committer"]["email"]),
            "parents": [{"sha": p, "url": self._url(f"/commits/{p}")} for p in commit["parents"]],
        }

    def _git_commit(self, sha: str) -> dict[str, Any]:
        """A commit as the git database endpoints give it."""
        commit = self.standin.git_repo.read_commit(sha)
        return {
            "sha": sha,
            "node_id": f"C_{sha}",
            "url": self._url(f"/git/commits/{sha}"),
            "author": commit["author"],
            "committer": commit["committer"],
            "message": commit["message"].rstrip("\n"),
            "tree": {"sha": commit["tree"], "url": self._url(f"/git/trees/{commit['tree']}")},
            "parents": [{"sha": p, "url": self._url(f"/git/commits/{p}")} for p in commit["parents"]],
            "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None},
        }

    def _tree(self, sha: str, recursive: bool = False) -> dict[str, Any]:
        entries = self.standin.git_repo.ls_tree(sha, recursive)
        for entry in entries:
            entry["url"] = self._url(f"/git/{entry['type']}s/{entry['sha']}")
        return {"sha": sha, "url": self._url(f"/git/trees/{sha}"), "tree": entries, "truncated": False}

    # -- the endpoints: (account, path parameters, query, JSON body) -> (status, payload)

    def get_user(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        return HTTPStatus.OK, {**self._user(account), "name": account.name, "email": account.email}

    def get_repo(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        push, admin = ROLES[account.role]
        s = self.standin
        return HTTPStatus.OK, {
            "id": 1,
            "node_id": "R_1",
            "name": s.name,
            "full_name": s.full_name,
            "owner": {"login": s.owner, "id": 100, "type": "Organization"},
            "private": True,
            "visibility": "private",
            "fork": False,
            "url": f"{s.api_root}/repos/{s.full_name}",
            "default_branch": s.branch,
            "permissions": {"admin": admin, "maintain": admin, "push": push, "triage": push, "pull": True},
        }

    def get_branch(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        head = self.standin.git_repo.branch_head(params["branch"])
        if head is None:
            raise ApiError(HTTPStatus.NOT_FOUND, "Branch not found")
        return HTTPStatus.OK, {"name": params["branch"], "commit": self._commit(head), "protected": False}

    def get_tree(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        repo = self.standin.git_repo
        ref, colon, path = params["treeish"].partition(":")
        start = repo.tree_of(ref) if SHA.match(ref) else None
        if start is None:
            head = repo.branch_head(ref)
            start = repo.tree_of(head) if head else None
        tree = start
        if start and colon and path.strip("/"):
            parts = path.strip("/").split("/")
            if any(part in ("", ".", "..") for part in parts):
                raise ApiError(HTTPStatus.NOT_FOUND, "Not Found")
            for part in parts:
                entry = next((e for e in repo.ls_tree(tree) if e["path"] == part), None) if tree else None
                tree = entry["sha"] if entry and entry["type"] == "tree" else None
        if tree is None:
            raise ApiError(HTTPStatus.NOT_FOUND, "Not Found")
        return HTTPStatus.OK, self._tree(tree, recursive=query.get("recursive", "") not in ("", "0", "false"))

    def get_blob(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        sha = params["sha"]
        if self.standin.git_repo.object_type(sha) != "blob":
            raise ApiError(HTTPStatus.NOT_FOUND, "Not Found")
        data = self.standin.git_repo.git("cat-file", "blob", sha)
        encoded = base64.b64encode(data).decode()
        content = "".join(encoded[i : i + 60] + "\n" for i in range(0, len(encoded), 60))  # as GitHub wraps it
        return HTTPStatus.OK, {
            "sha": sha,
            "node_id": f"B_{sha}",
            "size": len(data),
            "url": self._url(f"/git/blobs/{sha}"),
            "content": content,
            "encoding": "base64",
        }

    def post_blob(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        content, encoding = body.get("content"), body.get("encoding", "utf-8")
        if not isinstance(content, str):
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, 'Invalid request.\n\n"content" wasn\'t supplied.')
        if encoding == "base64":
            try:
                data = base64.b64decode(re.sub(r"\s+", "", content), validate=True)
            except ValueError:
                raise ApiError(HTTPStatus.BAD_REQUEST, "Problems parsing JSON") from None
        elif encoding in ("utf-8", "utf8"):
            data = content.encode()
        else:
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, f"encoding must be utf-8 or base64, not {encoding}")
        sha = self.standin.git_repo.hash_blob(data)
        return HTTPStatus.CREATED, {"sha": sha, "url": self._url(f"/git/blobs/{sha}")}

    def post_tree(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        repo = self.standin.git_repo
        entries, base = body.get("tree"), body.get("base_tree")
        if not isinstance(entries, list):
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, 'Invalid request.\n\n"tree" wasn\'t supplied.')
        base_tree = None
        if base:
            base_tree = repo.tree_of(str(base))  # GitHub takes a commit's SHA here too, as Decap sends it
            if base_tree is None:
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Invalid tree info")
        changes: dict[str, tuple[str, str, str] | None] = {}
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str) or not path or any(p in ("", ".", "..", ".git") for p in path.split("/")):
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "tree.path contains a malformed path component")
            mode, kind = entry.get("mode", "100644"), entry.get("type", "blob")
            if mode not in ("100644", "100755", "040000", "160000", "120000") or kind not in ("blob", "tree", "commit"):
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Invalid tree info")
            if "content" in entry:
                changes[path] = (mode, "blob", repo.hash_blob(str(entry["content"]).encode()))
            elif entry.get("sha") is None:
                if "sha" not in entry:
                    raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Must supply either tree.sha or tree.content")
                changes[path] = None
            elif repo.object_type(str(entry["sha"])) != kind and kind != "commit":
                raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, f"tree.sha {entry['sha']} is not a valid {kind}")
            else:
                changes[path] = (mode, kind, entry["sha"])
        if base_tree is None and any(entry is None for entry in changes.values()):
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "GitRPC::BadObjectState")
        sha = repo.update_tree(base_tree, changes)
        return HTTPStatus.CREATED, self._tree(sha)

    def post_commit(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        repo = self.standin.git_repo
        message, tree, parents = body.get("message"), body.get("tree"), body.get("parents", [])
        if not isinstance(message, str) or not isinstance(tree, str):
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, 'Invalid request.\n\n"message" and "tree" are required.')
        if repo.object_type(tree) != "tree":
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Tree SHA does not exist")
        if not isinstance(parents, list) or any(repo.object_type(str(p)) != "commit" for p in parents):
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Parent SHA does not exist or is not a commit object")
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        user = {"name": account.name, "email": account.email, "date": now}
        author = {**user, **(body.get("author") or {})}  # as GitHub: the token's user, now
        committer = {**author, **(body.get("committer") or {})}
        sha = repo.commit_tree(tree, parents, message, author, committer)
        return HTTPStatus.CREATED, self._git_commit(sha)

    def patch_ref(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        repo = self.standin.git_repo
        ref, sha = f"refs/{params['ref']}", body.get("sha")
        if not isinstance(sha, str):
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if ".." in ref or ref.endswith("/") or repo.object_type(sha) != "commit":
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, "Object does not exist")
        repo.move_ref(ref, sha, bool(body.get("force", False)))
        return HTTPStatus.OK, {
            "ref": ref,
            "node_id": f"REF_{ref}",
            "url": self._url(f"/git/{ref}"),
            "object": {"sha": sha, "type": "commit", "url": self._url(f"/git/commits/{sha}")},
        }

    def list_commits(self, account: Account, params: dict, query: dict, body: dict) -> tuple[int, Any]:
        repo = self.standin.git_repo
        start = repo.commit_or_branch(query.get("sha") or self.standin.branch)
        if start is None:
            raise ApiError(HTTPStatus.NOT_FOUND, f"No commit found for SHA: {query.get('sha')}")
        try:
            per_page = max(1, min(100, int(query.get("per_page", 30))))
            page = max(1, int(query.get("page", 1)))
        except ValueError:
            raise ApiError(HTTPStatus.BAD_REQUEST, "Invalid pagination") from None
        args = ["rev-list", f"--max-count={per_page}", f"--skip={per_page * (page - 1)}", start]
        if query.get("path"):
            args += ["--", query["path"].strip("/")]
        return HTTPStatus.OK, [self._commit(sha) for sha in repo.git(*args).decode().split()]


@contextmanager
def editor_online(site_root: Path, repository: Path) -> Iterator[tuple[StandIn, str]]:
    """A built site's /admin/ as on the published site: the site's files (not site/ or .cache/) in a
    bare repository at ``repository``, a stand-in GitHub over it, and Decap's config pointed at that
    stand-in with no `make admin` service. Yields (the stand-in, the /admin/ address)."""
    files = {
        path.relative_to(site_root).as_posix(): path.read_bytes()
        for path in site_root.rglob("*")
        if path.is_file() and path.relative_to(site_root).parts[0] not in ("site", ".cache")
    }
    new_repository(repository, files)
    with github_standin(repository) as standin:
        config_file = site_root / "site/admin/config.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config["backend"].update(repo=standin.full_name, branch="main", api_root=standin.api_root)
        del config["local_backend"]  # or Decap would look for `make admin`'s save service first
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        # The page's security policy lets it reach the stand-in, as a build with that api_root writes it.
        settings = read_config(site_root)
        settings = dataclasses.replace(settings, editor=dataclasses.replace(settings.editor, api_root=standin.api_root))
        (site_root / "site/admin/index.html").write_text(editor_page(settings), encoding="utf-8")
        with serve_directory(site_root / "site") as base:
            yield standin, base + "admin/"
