"""MkDocs entry hook: wires MkDocs events to the Tin Xã pipeline, and nothing more.

Listed under ``hooks:`` in mkdocs.yml. All logic lives in the plain modules beside it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

# MkDocs loads this file by path; make the ``hooks`` package importable from the project root.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from hooks.dates import LOCAL_ZONE  # noqa: E402
from hooks.listings import default_nav  # noqa: E402
from hooks.pipeline import Site, prepare  # noqa: E402
from hooks.problems import SiteError  # noqa: E402
from hooks.render import page_meta  # noqa: E402
from hooks.settings import Settings, load_settings  # noqa: E402
from hooks.slug import heading_id  # noqa: E402

log = logging.getLogger("mkdocs.tinxa")
CACHE_DIR = ".cache/tinxa"

_command = "build"
_settings: Settings | None = None
_site: Site | None = None


def _fail(error: SiteError) -> PluginError:
    return PluginError("\n" + str(error))


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    root = Path(config.config_file_path).resolve().parent
    try:
        _settings = load_settings(root, config.site_name, config.extra, show_drafts=_command == "serve")
    except SiteError as error:
        raise _fail(error) from None
    # Markdown's default heading ids drop "đ" ("Điều kiện" -> "ieu-kien"); use our folding instead.
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_id)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site
    assert _settings is not None
    now = dt.datetime.now(LOCAL_ZONE).replace(tzinfo=None)
    try:
        _site = prepare(_settings, now, _settings.root / CACHE_DIR)
    except SiteError as error:
        raise _fail(error) from None
    for page in _site.plan.pages.values():
        taken = files.get_file_from_path(page.src_uri) or files.get_file_from_path(page.url.rstrip("/") + ".md")
        if taken is not None and taken.generated_by is None:
            raise PluginError(
                f"\nTệp docs/{taken.src_uri} trùng địa chỉ /{page.url} với trang “{page.title}” do Tin Xã tạo."
                "\n    → Cách sửa: đổi tên hoặc chuyển tệp đó sang thư mục khác trong docs/."
            )
        files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    if config.nav is None:
        static = sorted(f.src_uri for f in files.documentation_pages() if f.generated_by is None)
        config.nav = default_nav(_settings, [p for p in static if p != "index.md"])
    for name, path in _site.photos.files(_site.cache_dir):
        files.append(File.generated(config, name, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV))
    log.info(_site.summary())
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    planned = _site.page(page.file.src_uri) if _site else None
    if planned is None:
        return markdown
    page.meta.update(page_meta(planned))
    return _site.renderer.body_markdown(planned)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    planned = _site.page(page.file.src_uri) if _site else None
    if planned is None:
        return html
    return _site.renderer.content(planned, html)


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001, ANN201 - MkDocs' livereload types
    if _settings is not None:
        for folder in (_settings.posts_path, _settings.images_path):
            if folder.is_dir():
                server.watch(str(folder))
    return server
