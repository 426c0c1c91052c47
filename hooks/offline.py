"""Reading without a connection: what the service worker (``sw.js`` at the site root) keeps on a phone.

Residents on weak mobile data and workers far from home open the pages they read before, and the
newest posts, without a connection. This module decides, from the finished site, everything the
worker knows: this deploy's version, the page shell, the newest posts saved ahead of time, and the
budget. It fills ``hooks/templates/sw.js``, whose code only carries those decisions out.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hooks.search import SEARCH_FOLDER

OFFLINE_URL = "ngoai-tuyen/"  # the page shown for a page not saved on this phone
WORKER_FILE = "sw.js"  # at the site root, so its scope is the whole site (also under /<repo>/)
WORKER_TEMPLATE = Path(__file__).parent / "templates" / WORKER_FILE
CACHE_BUDGET = 5 * 1024 * 1024  # bytes the site keeps on one phone, all caches together
PRECACHE_BUDGET = 3 * 512 * 1024  # of which the shell and the newest posts, saved ahead of time
# On one bar of signal a page may take minutes: past this, a saved copy is shown (and updated meanwhile).
PATIENCE_MS = 4000
NEWEST_POSTS = 10  # posts saved ahead of time, at most: about 90 KB gzipped to download per deploy
# Never served or kept by the worker: the web editor (Decap must reach the network as it expects).
# JSON is the search index: a big site's would take the whole budget, and search needs all of it.
PASS_THROUGH = ("admin/",)
PASS_THROUGH_SUFFIXES = (".json",)
# Published photos are named by their content (hooks/images.py): the name stands for the bytes.
_NAMED_BY_CONTENT = ("anh/",)
# Documents and sound files (files/): the worker never keeps them, so their name and size are enough for the
# version (a page that links a changed one changes too); reading a commune's years of bulletins at every
# build would cost more than the rest of the site.
_NEVER_KEPT = ("files/",)
_ASSET = re.compile(r"""<(?:script\b[^>]*?\bsrc|link\b[^>]*?\brel="(?:stylesheet|icon)"[^>]*?\bhref)="([^"#?]+)""")


@dataclass(frozen=True)
class BuiltFile:
    """One file of the finished site: its size and a digest of what it holds."""

    size: int
    digest: str


@dataclass(frozen=True)
class Precache:
    """What a new worker saves when it installs: ``shell`` at once, ``posts`` afterwards unless the
    connection saves data. Each as (site-relative URL, digest), so an unchanged page is not downloaded again."""

    shell: list[tuple[str, str]]
    posts: list[tuple[str, str]]
    shell_bytes: int
    posts_bytes: int


def fingerprint(site_dir: Path) -> dict[str, BuiltFile]:
    """Every file of the built site by its path under the site root (the worker itself left out)."""
    files = {}
    for path in sorted(site_dir.rglob("*")):
        name = path.relative_to(site_dir).as_posix()
        if not path.is_file() or name == WORKER_FILE:
            continue
        size = path.stat().st_size
        if name.startswith(_NAMED_BY_CONTENT):
            content = name.encode()
        elif name.startswith(_NEVER_KEPT):
            content = f"{name}\0{size}".encode()
        else:
            content = path.read_bytes()
        files[name] = BuiltFile(size, hashlib.blake2b(content, digest_size=8).hexdigest())
    return files


def site_version(files: Mapping[str, BuiltFile]) -> str:
    """Changes whenever any published file changes, so each deploy ships a new ``sw.js``."""
    digest = hashlib.blake2b(digest_size=8)
    for name in sorted(files):
        digest.update(f"{name}\0{files[name].digest}\0".encode())
    return digest.hexdigest()


def page_file(url: str) -> str:
    """The file behind a site-relative directory URL ("" is the home page)."""
    return f"{url}index.html"


def shell_assets(page_url: str, page_html: str) -> list[str]:
    """Our stylesheets, scripts and icon a page loads, as site-relative paths."""
    base = posixpath.dirname(page_file(page_url))
    found = []
    for link in _ASSET.findall(page_html):
        if "://" in link or link.startswith("//"):
            continue
        path = posixpath.normpath(posixpath.join(base, link))
        if not path.startswith("..") and path not in found:
            found.append(path)
    return found


def plan_precache(files: Mapping[str, BuiltFile], shell_pages: Mapping[str, str], newest_posts: Sequence[str]) -> Precache:
    """The shell (``shell_pages``: URL -> HTML, the home, offline and newest post pages, with what they load) and the
    newest posts that fit in ``PRECACHE_BUDGET``, newest first, at most ``NEWEST_POSTS``."""
    shell: list[tuple[str, str]] = []
    shell_bytes = 0
    for url, page_html in shell_pages.items():
        for path, name in [(url, page_file(url)), *((p, p) for p in shell_assets(url, page_html))]:
            if name in files and path not in (entry[0] for entry in shell):
                shell.append((path, files[name].digest))
                shell_bytes += files[name].size
    posts: list[tuple[str, str]] = []
    posts_bytes = 0
    for url in newest_posts:
        built = files.get(page_file(url))
        if built is None:
            continue
        if len(posts) == NEWEST_POSTS or shell_bytes + posts_bytes + built.size > PRECACHE_BUDGET:
            break
        posts.append((url, built.digest))
        posts_bytes += built.size
    return Precache(shell, posts, shell_bytes, posts_bytes)


def worker_script(version: str, precache: Precache) -> bytes:
    """``sw.js`` for this deploy: the template with its settings in place of ``/* SITE */ {}``."""
    site = {
        "version": version,
        "offline": OFFLINE_URL,
        "search": SEARCH_FOLDER,
        "immutable": list(_NAMED_BY_CONTENT),
        "patience": PATIENCE_MS,
        "budget": CACHE_BUDGET,
        "shell": precache.shell,
        "posts": precache.posts,
        "passThrough": list(PASS_THROUGH),
        "passThroughSuffixes": list(PASS_THROUGH_SUFFIXES),
    }
    settings = json.dumps(site, ensure_ascii=False, separators=(",", ":"))
    return WORKER_TEMPLATE.read_text(encoding="utf-8").replace("/* SITE */ {}", settings, 1).encode()


def worker_file(site_dir: Path, newest_posts: Iterable[str]) -> bytes:
    """``sw.js`` for the site built in ``site_dir``, whose newest public posts are at ``newest_posts``."""
    files = fingerprint(site_dir)
    newest = list(newest_posts)
    # The shell: what the home page, the offline page and a post load (a saved post's text-size and
    # listen buttons need their scripts offline too).
    shown = ("", OFFLINE_URL, *newest[:1])
    pages = {url: (site_dir / page_file(url)).read_text(encoding="utf-8") for url in shown if page_file(url) in files}
    return worker_script(site_version(files), plan_precache(files, pages, newest))
