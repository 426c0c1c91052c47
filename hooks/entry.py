"""MkDocs entry hook: wires MkDocs events to the Tin Xã pipeline, and nothing more.

Listed under ``hooks:`` in mkdocs.yml. All logic lives in the plain modules beside it.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from html import unescape
from pathlib import Path
from typing import Any, NoReturn

# MkDocs loads this file by path; make the ``hooks`` package importable from the project root.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import jinja2  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from hooks.dates import LOCAL_ZONE  # noqa: E402
from hooks.editor import editor_files  # noqa: E402
from hooks.listings import LIBRARY_URL, RADIO_URL, default_nav  # noqa: E402
from hooks.output import discard, replace_site, staging_dir, write_if_changed  # noqa: E402
from hooks.pipeline import CACHE_DIR, Site, prepare, site_size_report  # noqa: E402
from hooks.policy import secure_page, theme_feature_problems  # noqa: E402
from hooks.portal import DATA_DIR, FILES_DIR  # noqa: E402
from hooks.preview import allow_live_reload, show_problems  # noqa: E402
from hooks.problems import Problem, SiteError  # noqa: E402
from hooks.raw_html import guard_body  # noqa: E402
from hooks.render import problems_page, valid_markup  # noqa: E402
from hooks.search import SearchIndex, index_posts  # noqa: E402
from hooks.settings import GUIDE_DIR, Settings, load_settings  # noqa: E402
from hooks.slug import heading_id  # noqa: E402

log = logging.getLogger("mkdocs.tinxa")
# What the officer should know but what must not stop a deploy (`mkdocs build --strict` stops on WARNING).
NOTICE = 25
logging.addLevelName(NOTICE, "CHÚ Ý")
ERROR_PAGE = "index.md"
ENGLISH_PAGE = "en.md"

_command = "build"
_dirty = False
_site_dir: Path | None = None  # where the finished site goes; the build itself writes to a staging folder
_settings: Settings | None = None
_site: Site | None = None
_error: SiteError | None = None  # under `mkdocs serve`: the problems shown instead of the site
_writing = threading.Lock()  # search index and feeds, written after the pages
_rendered: dict[str, tuple[str, str, str]] = {}  # src_uri -> (url, title, body HTML), for the search index
_search: tuple[ProcessPoolExecutor, Future[SearchIndex]] | None = None  # posts indexed beside the page rendering
_fragments: dict[tuple[str, str], str] = {}  # (menu partial, parent folder) -> its HTML, for pages outside the menu


def _stop(report: str) -> NoReturn:
    """End the build with the officer's report only.

    A PluginError would make MkDocs add "Aborted with a BuildError!" in English; SystemExit
    passes through MkDocs untouched, so the staging folder is discarded here.
    """
    log.error("\n" + report)
    if _site_dir is not None:
        discard(staging_dir(_site_dir))
    raise SystemExit(1)


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command, _dirty = command, dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    root = Path(config.config_file_path).resolve().parent
    if problems := theme_feature_problems(config.theme.get("features") or []):
        _stop(str(SiteError(problems)))
    try:
        _settings = load_settings(
            root,
            config.site_name,
            config.extra,
            site_url=config.site_url,
            show_drafts=_command == "serve",
            logo=config.theme.get("logo"),
        )
    except SiteError as error:
        _stop(str(error))
    if not config.site_url:
        log.info("Tin Xã: mkdocs.yml chưa có site_url nên không tạo RSS, robots.txt và ảnh khi chia sẻ.")
    # The header script registers the offline reader's worker (hooks/offline.py) in a published site
    # only; in the preview it removes one left from a visit to a built site on the same address.
    config.extra["tinxa_worker"] = _command != "serve"
    if not config.use_directory_urls:
        _stop("mkdocs.yml: Tin Xã cần use_directory_urls: true.\n    → Cách sửa: xoá dòng use_directory_urls.")
    # Markdown's default heading ids drop "đ" ("Điều kiện" -> "ieu-kien"); use our folding instead.
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_id)
    if _command != "serve" and not _dirty:
        global _site_dir
        _site_dir = Path(config.site_dir)
        config.site_dir = str(staging_dir(_site_dir))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site, _error
    assert _settings is not None
    now = dt.datetime.now(LOCAL_ZONE).replace(tzinfo=None)
    if _command != "serve":
        _rendered.clear()
    # Under serve the texts of pages not rebuilt (`--dirty`) are kept; pages gone are dropped below.
    guide = _settings.root / GUIDE_DIR
    for page in sorted(guide.rglob("*.md")) if guide.is_dir() else ():
        src_path = page.relative_to(_settings.root).as_posix()
        if files.get_file_from_path(src_path) is None:  # a page the commune edited in docs/huong-dan/ wins
            files.append(File(src_path, str(_settings.root), config.site_dir, True, inclusion=InclusionLevel.NOT_IN_NAV))
    docs = Path(config.docs_dir).name
    static = {f.url: _label(f, docs) for f in files.documentation_pages()}
    recovering = _error is not None
    try:
        _site, _error = prepare(_settings, now, _settings.root / CACHE_DIR, static, _progress), None
    except SiteError as error:
        if _command != "serve":
            _stop(str(error))
        # The preview keeps running and shows the problems; it recovers when the files are fixed.
        log.error(str(error))
        _site, _error = None, error
        if files.get_file_from_path(ERROR_PAGE) is None:
            files.append(File.generated(config, ERROR_PAGE, content=""))
        config.nav = [ERROR_PAGE]
        return files
    if recovering:
        # The problems page took the home page's place, and pages built meanwhile have a menu without
        # the hand-written pages' titles: with `--dirty` they would stay. Every page is built again.
        for built in Path(config.site_dir).rglob("*.html"):
            built.unlink(missing_ok=True)
    # Each generated page is backed by a small file holding its signature: MkDocs then sees by
    # its date whether the page changed, and `mkdocs serve --dirty` rebuilds only those pages.
    signatures = _settings.root / CACHE_DIR / "trang"
    current = {f.src_uri for f in files.documentation_pages()} | {page.src_uri for page in _site.plan.pages.values()}
    for src_uri in set(_rendered) - current:
        del _rendered[src_uri]
    for page in _site.plan.pages.values():
        source = write_if_changed(signatures / page.src_uri, _site.renderer.signature(page))
        files.append(File.generated(config, page.src_uri, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV))
    for name, path in _site.photos.files(_site.cache_dir):
        files.append(File.generated(config, name, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV))
    for name in _site.attachments:
        files.append(File.generated(config, name, abs_src_path=str(_settings.root / name), inclusion=InclusionLevel.NOT_IN_NAV))
    english = files.get_file_from_path(ENGLISH_PAGE)
    config.extra["tinxa_english"] = english.url if english else ""  # the footer links it
    if config.nav is None:
        static_pages = sorted(
            f.src_uri for f in files.documentation_pages() if f.generated_by is None and f.inclusion.is_in_nav()
        )
        static_pages = [p for p in static_pages if p != "index.md"]
        plan = _site.plan
        config.nav = default_nav(
            _settings, static_pages, _site.portal, albums=plan.has_posts_at(LIBRARY_URL), radio=plan.has_posts_at(RADIO_URL)
        )
    if _command != "serve":
        _start_search(config)
    for notice in _site.notices:
        _notice(notice)
    log.info(_site.summary())
    return files


def _label(file: File, docs: str) -> str:
    """How messages name a page: from the site root (docs/…, or huong-dan/… for the guide we add)."""
    guide = _settings is not None and file.src_dir == str(_settings.root)
    return file.src_uri if guide else f"{docs}/{file.src_uri}"


def _start_search(config: MkDocsConfig) -> None:
    """Index the posts in a second process while this one renders the pages (2 cores, half the wait)."""
    global _search
    if _site is None or "fork" not in multiprocessing.get_all_start_methods():
        return  # the index is then built from the rendered pages after the build
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
    _search = pool, pool.submit(index_posts, _site.search_sources(), extensions, dict(config.mdx_configs))


def _indexed_posts() -> SearchIndex | None:
    global _search
    if _search is None:
        return None
    (pool, job), _search = _search, None
    try:
        return job.result()
    except Exception as error:  # a lost helper process costs time, not the build
        log.info("Tin Xã: lập chỉ mục tìm kiếm song song không được (%s); lập lại từ các trang đã dựng.", error)
        return None
    finally:
        pool.shutdown(cancel_futures=True)


def _progress(done: int, total: int) -> None:
    if total >= 20 and (done == total or done % 20 == 0):
        log.info(f"Tin Xã: đang xử lý ảnh {done}/{total}…")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _error is not None and page.file.src_uri == ERROR_PAGE:
        page.meta.update({"title": "Có lỗi cần sửa", "hide": ["navigation", "toc"]})
        return ""
    if _site is None:
        return markdown
    page.update_date = _site.updated(page.file.src_uri) or page.update_date
    planned = _site.page(page.file.src_uri)
    if planned is None:
        page.meta = _site.renderer.escaped_front_matter(page.meta)
        return markdown
    page.meta.update(_site.renderer.meta(planned))
    return _site.renderer.body_markdown(planned)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _error is not None and page.file.src_uri == ERROR_PAGE:
        return problems_page(_error.problems)
    planned = _site.page(page.file.src_uri) if _site else None
    search_meta = page.meta.get("search")  # front matter `search: {exclude: true}`, as in Material
    excluded = isinstance(search_meta, dict) and bool(search_meta.get("exclude"))
    if (planned is None and not excluded) or (planned and planned.post):
        _rendered[page.file.src_uri] = (page.url, unescape(page.title or ""), html)  # titles reach the theme escaped
    html = _guarded_body(html, page, config)
    if planned is None:
        if _site is not None and "tinxa_head" not in page.meta:
            page.meta.update(_site.renderer.static_meta(page.url, unescape(page.title or ""), config.site_description or ""))
        return html
    return _site.renderer.content(planned, html)


def _guarded_body(body_html: str, page: Page, config: MkDocsConfig) -> str:
    """The body with its videos and defused for the pages' policy; what was stopped is told to the officer."""
    planned = _site.page(page.file.src_uri) if _site else None
    post = planned.post if planned else None
    guarded = _site.renderer.guarded_body(body_html, page.url, post) if _site else guard_body(body_html)
    if guarded.blocked and _settings is not None:
        path = _settings.root / post.source if post else Path(page.file.abs_src_path or "")
        label = post.source if post else _label(page.file, Path(config.docs_dir).name)
        source = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        for problem in guarded.problems(label, source):
            _notice(problem)
    return guarded.html


def _notice(problem: Problem) -> None:
    """What the officer should fix though the site builds: a CHÚ Ý line, and on GitHub an annotation
    that shows on the run's summary page, where officers look."""
    log.log(NOTICE, problem.format("⚠"))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(problem.annotation(), flush=True)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return secure_page(valid_markup(output), _settings.frame_hosts if _settings else ())


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return secure_page(valid_markup(output_content)) if template_name.endswith(".html") else output_content  # 404.html


def _write_generated(
    site: Site, rendered: dict[str, tuple[str, str, str]], site_dir: Path, posts: SearchIndex | None = None
) -> None:
    _write_files(site.generated_files(rendered, posts), site_dir)


def _write_files(files: dict[str, bytes], site_dir: Path) -> None:
    with _writing:
        for name, data in files.items():
            target = site_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


@jinja2.pass_context
def cached_fragment(context: Any, name: str, caller: Any) -> str:
    """A menu partial rendered once per folder for the pages outside the menu (posts, later listing
    pages, tags, months). Nothing in it is active there, and MkDocs' relative links are the same
    from every page in one folder (tin-tuc/a/ and tin-tuc/b/ both reach chuyen-muc/ as ../../chuyen-muc/)."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or page in nav.pages:
        return caller()
    key = (name, page.url.rstrip("/").rpartition("/")[0])
    if key not in _fragments:
        _fragments[key] = caller()
    return _fragments[key]


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    _fragments.clear()  # a rebuild may have a new menu
    env.globals["cached_fragment"] = cached_fragment
    # MkDocs makes a new theme environment per build; keep compiled templates between builds.
    if _settings is not None:
        cache = _settings.root / CACHE_DIR / "jinja"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_post_build(config: MkDocsConfig) -> None:
    global _site_dir
    if _site is None and _settings is not None:
        # While the preview shows problems, the web editor stays: it is where they are fixed.
        _write_files(editor_files(_settings), Path(config.site_dir))
    if _site is not None and _command == "serve":
        # The preview shows the edited page at once; search data follows a second later.
        threading.Thread(target=_write_generated, args=(_site, dict(_rendered), Path(config.site_dir)), daemon=True).start()
        return
    if _site is not None:
        _write_generated(_site, _rendered, Path(config.site_dir), _indexed_posts())
        _write_files(_site.offline_files(Path(config.site_dir)), Path(config.site_dir))  # last: its version covers the rest
    _rendered.clear()
    if _site_dir is not None:
        replace_site(Path(config.site_dir), _site_dir)
        config.site_dir, _site_dir = str(_site_dir), None  # gh-deploy reads it after the build
    if _site is not None:  # a preview showing problems has built no site to weigh
        near_limit, message = site_size_report(Path(config.site_dir))
        (log.warning if near_limit else log.info)(message)


def on_build_error(error: Exception) -> None:
    global _site_dir, _search
    if _search is not None:
        _search[0].shutdown(cancel_futures=True)
        _search = None
    if _site_dir is not None:
        discard(staging_dir(_site_dir))
        _site_dir = None


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    if _settings is not None:
        root = _settings.root
        for folder in (_settings.posts_path, _settings.images_path, root / DATA_DIR, root / FILES_DIR, root / GUIDE_DIR):
            if folder.is_dir():
                server.watch(str(folder))
    show_problems(server, lambda: _error is not None)  # on every page of the preview, not just the home page
    allow_live_reload(server)  # under the pages' security policy
    return server
