"""Site settings: the ``extra.tinxa`` block of ``mkdocs.yml``, with defaults that work."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hooks.problems import Problem, SiteError
from hooks.slug import slugify

# The officers' guide belongs to Tin Xã, not to the commune's docs/: updates replace it, and the
# entry hook adds its pages to the site.
GUIDE_DIR = "huong-dan"

DEFAULT_CATEGORIES = (
    "Tin tức - Sự kiện",
    "Xây dựng Đảng",
    "Chính quyền",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Quốc phòng - An ninh",
    "Thông báo",
)


@dataclass(frozen=True)
class Category:
    name: str
    slug: str


@dataclass(frozen=True)
class EditorSettings:
    """Where the web editor at /admin/ saves posts: ``extra.tinxa.editor`` in mkdocs.yml."""

    repo: str = ""  # "owner/name" on GitHub; GitHub Actions gives it as GITHUB_REPOSITORY
    branch: str = "main"
    login_url: str = ""  # the OAuth login service; without one, officers sign in with a personal access token
    local_port: int = 8081  # `make admin`: the local save service, on 127.0.0.1 only
    api_root: str = "https://api.github.com"  # GitHub's REST API (a stand-in in tests, GitHub Enterprise elsewhere)


@dataclass(frozen=True)
class Settings:
    """Everything the pipeline needs to know about the site, independent of MkDocs."""

    root: Path
    site_name: str
    site_url: str = ""  # absolute, ending in "/"; empty when mkdocs.yml has none
    tagline: str = ""
    categories: tuple[Category, ...] = field(default_factory=tuple)
    posts_dir: str = "posts"
    images_dir: str = "images"
    docs_dir: str = "docs"
    per_page: int = 10
    home_latest: int = 6
    home_per_category: int = 4
    related: int = 4
    show_drafts: bool = False
    # Photos kept in the repository ("masters", see hooks.intake): longest side in pixels.
    photo_max_side: int = 2048
    editor: EditorSettings = field(default_factory=EditorSettings)
    # The sharing card of pages without a photo: drawn from the logo (``theme.logo``, a path from the
    # site root) and the name on ``card_colour``, or the commune's own picture ``card_image``.
    logo: str = ""
    card_colour: str = "#b71c1c"
    card_image: str = ""
    # Other sites a post may show in a frame (a map, a video platform), as origins "https://host":
    # the IT staff's choice, added to the pages' security policy (hooks/policy.py).
    frame_hosts: tuple[str, ...] = ()

    @property
    def posts_path(self) -> Path:
        return self.root / self.posts_dir

    @property
    def images_path(self) -> Path:
        return self.root / self.images_dir

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    def category(self, name: str) -> Category | None:
        """The configured category ``name`` means, whatever its case, Unicode form or tone placement."""
        wanted = slugify(name)
        return next((c for c in self.categories if c.slug == wanted), None)


def load_settings(
    root: Path,
    site_name: str,
    extra: dict[str, Any],
    *,
    site_url: str | None = None,
    show_drafts: bool = False,
    logo: str | None = None,
) -> Settings:
    """Read ``extra.tinxa`` from mkdocs.yml; a wrong value stops the build with a clear message."""
    raw = extra.get("tinxa") or {}
    problems: list[Problem] = []

    def bad(key: str, message: str, fix: str) -> None:
        problems.append(Problem("mkdocs.yml", message, fix, field=f"extra.tinxa.{key}"))

    names = raw.get("categories", DEFAULT_CATEGORIES)
    if not isinstance(names, list | tuple) or not names or not all(isinstance(n, str) and slugify(n) for n in names):
        bad("categories", "danh sách chuyên mục không hợp lệ", "ghi mỗi chuyên mục một dòng, bắt đầu bằng “- ”")
        names = DEFAULT_CATEGORIES
    categories = tuple(Category(n.strip(), slugify(n)) for n in names)
    if len({c.slug for c in categories}) != len(categories):
        bad("categories", "có hai chuyên mục trùng tên", "xoá chuyên mục bị lặp")

    numbers = {}
    for key in ("per_page", "home_latest", "home_per_category", "related"):
        value = raw.get(key, Settings.__dataclass_fields__[key].default)
        if not _whole(value, 1, 100):
            bad(key, f"“{value}” không phải là số từ 1 đến 100", "ghi một số nguyên, ví dụ 10")
            value = Settings.__dataclass_fields__[key].default
        numbers[key] = value
    photo_max_side = raw.get("photo_max_side", Settings.photo_max_side)
    if not _whole(photo_max_side, 1024, 8192):
        bad("photo_max_side", f"“{photo_max_side}” không phải số từ 1024 đến 8192", "xoá dòng này để dùng 2048 điểm ảnh")
        photo_max_side = Settings.photo_max_side
    editor = _editor_settings(raw.get("editor") or {}, bad)
    card_colour = str(raw.get("card_colour") or Settings.card_colour).strip()
    if not _COLOUR.match(card_colour):
        bad("card_colour", f"“{card_colour}” không phải mã màu", 'ghi mã màu dạng "#b71c1c" (trong ngoặc kép), hoặc xoá dòng này')
        card_colour = Settings.card_colour
    card_image = str(raw.get("card_image") or "").strip().lstrip("/")
    if card_image and not (root / card_image).is_file():
        bad("card_image", f"không tìm thấy ảnh “{card_image}”", "ghi đường dẫn từ thư mục gốc, ví dụ docs/assets/the-chia-se.jpg")
        card_image = ""
    frame_hosts = _frame_hosts(raw.get("frame_hosts"), bad)
    # theme.logo is a path inside docs/; an icon or a web address is no picture to draw from.
    logo_path = f"{Settings.docs_dir}/{str(logo).strip().lstrip('/')}" if isinstance(logo, str) and logo.strip() else ""
    if problems:
        raise SiteError(problems)
    return Settings(
        root=root,
        site_name=site_name,
        site_url=(site_url.rstrip("/") + "/") if site_url else "",
        tagline=str(raw.get("tagline") or ""),
        categories=categories,
        show_drafts=show_drafts,
        photo_max_side=photo_max_side,
        editor=editor,
        logo=logo_path if logo_path and (root / logo_path).is_file() else "",
        card_colour=card_colour,
        card_image=card_image,
        frame_hosts=frame_hosts,
        **numbers,
    )


_ORIGIN = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(:\d+)?$")


def _frame_hosts(value: object, bad: Callable[[str, str, str], None]) -> tuple[str, ...]:
    """``frame_hosts``: a list of "https://host" origins, nothing looser (no "*", no keyword, no path)."""
    if value in (None, "", []):
        return ()
    written = value if isinstance(value, list) else [value]
    hosts = []
    for item in written:
        origin = str(item).strip().rstrip("/").lower()
        if not _ORIGIN.match(origin):
            bad("frame_hosts", f"“{item}” không phải địa chỉ trang dạng https://tên-miền", "ví dụ: - https://www.google.com")
            continue
        hosts.append(origin)
    return tuple(dict.fromkeys(hosts))


def _whole(value: object, low: int, high: int) -> bool:
    """A whole number from ``low`` to ``high`` as YAML gives it (``true`` is not 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def _editor_settings(raw: object, bad: Callable[[str, str, str], None]) -> EditorSettings:
    if not isinstance(raw, dict):
        bad("editor", "mục editor phải gồm các dòng “tên: giá trị”", "xem ví dụ trong README, phần “Soạn bài trên trình duyệt”")
        return EditorSettings()
    repo = str(raw.get("repo") or "").strip().removeprefix("https://github.com/").strip("/")
    if repo and not _REPO.match(repo):
        bad("editor.repo", f"“{repo}” không phải tên kho GitHub", "ghi dạng tên-tài-khoản/tên-kho, ví dụ ubnd-tanhuong/tin-xa")
        repo = ""
    login_url = str(raw.get("login_url") or "").strip().rstrip("/")
    if login_url and not login_url.startswith("https://"):
        bad(
            "editor.login_url",
            f"“{login_url}” không phải địa chỉ https://",
            "ghi địa chỉ dịch vụ đăng nhập, bắt đầu bằng https://",
        )
        login_url = ""
    api_root = str(raw.get("api_root") or EditorSettings.api_root).strip().rstrip("/")
    if not api_root.startswith(("https://", "http://127.0.0.1:", "http://localhost:")):
        bad(
            "editor.api_root", f"“{api_root}” không phải địa chỉ https://", "xoá dòng này để dùng GitHub (https://api.github.com)"
        )
        api_root = EditorSettings.api_root
    port = raw.get("local_port", EditorSettings.local_port)
    if not _whole(port, 1024, 65535):
        bad("editor.local_port", f"“{port}” không phải cổng từ 1024 đến 65535", "xoá dòng này để dùng cổng 8081")
        port = EditorSettings.local_port
    branch = str(raw.get("branch") or "main").strip()
    return EditorSettings(repo=repo, branch=branch, login_url=login_url, local_port=port, api_root=api_root)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!ENV [NAME, default]` gives the variable or the default."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[name] for name in variables if os.environ.get(name)), default)


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """``root/mkdocs.yml`` as MkDocs reads it, ``INHERIT:`` included: the parent file (Tin Xã's
    ``tinxa.yml``) deep-merged under the commune's, dicts merged, lists and values replaced."""
    config = _load_yaml(root / "mkdocs.yml")
    parent = config.pop("INHERIT", None)
    if parent:
        config = _merged(_load_yaml(root / str(parent)), config)  # a relative path is from root, as in MkDocs
    return config


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError):
        config = None
    if not isinstance(config, dict):
        raise SiteError([Problem(path.name, "không đọc được tệp cấu hình", f"kiểm tra tệp {path.name} ở thư mục gốc")])
    return config


def _merged(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_config(root: Path, *, show_drafts: bool = False) -> Settings:
    """Settings from ``root/mkdocs.yml``, for tools that run without MkDocs (``hooks.cli``)."""
    config = read_mkdocs_yml(root)
    name, extra = str(config.get("site_name", "")), config.get("extra") or {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    return load_settings(root, name, extra, site_url=config.get("site_url"), show_drafts=show_drafts, logo=theme.get("logo"))
