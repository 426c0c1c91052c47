"""The web editor at /admin/: Decap CMS, its form generated from the post schema the build checks.

Officers fill a form; Decap writes ``posts/<date>-<slug>.md`` and uploads photos into
``images/<date>-<slug>/``, the same layout ``make new`` creates, so the build reads the result
like any hand-written post. Everything here is plain data: the files are written by the pipeline.
"""

from __future__ import annotations

import html
from typing import Any

import yaml

from hooks.audio import MAX_BYTES as AUDIO_MAX_BYTES
from hooks.audio import RADIO_DIR
from hooks.intake import JPEG_QUALITY
from hooks.listings import NEWS_URL
from hooks.policy import editor_policy, with_policy
from hooks.posts import FIELDS, MAX_HIGHLIGHTS, PostField
from hooks.settings import EditorSettings, Settings

EDITOR_URL = "admin/"
TOKEN_GUIDE = "huong-dan/ma-truy-cap/"  # the officers' steps to make a GitHub personal access token
DECAP_SCRIPT = "assets/vendor/decap-cms/decap-cms.js"  # vendored by scripts/vendor_decap.sh
EDITOR_SCRIPT = "assets/javascripts/tinxa-admin.js"
EDITOR_STYLE = "assets/stylesheets/tinxa-admin.css"  # a few changes to Decap's own look
# Decap's sign-in page shows this picture instead of Decap's logo: the commune's name.
LOGIN_PICTURE = "ten-xa.svg"
# Signs an officer in with a GitHub personal access token when there is no login service.
SIGN_IN_SCRIPT = "assets/javascripts/tinxa-sign-in.js"
# Shrinks and cleans photos in the browser before upload, by the rule of hooks/intake.py.
PHOTO_SCRIPT = "assets/javascripts/tinxa-photo-intake.js"
PHOTO_QUALITY = JPEG_QUALITY / 100  # a master made in the browser: the quality `make anh` writes
YAML_SCRIPT = "assets/vendor/js-yaml/js-yaml.min.js"  # for the post format below
POST_FORMAT = "tinxa-bai-viet"  # registered in tinxa-admin.js: opens hand-written galleries too
DATE_WIDGET = "tinxa-ngay"  # registered in tinxa-admin.js
# The file name `make new` gives a post. The day comes from the post's own date, read in the
# officer's time zone: Decap's {{year}}-{{month}}-{{day}} are UTC, a day early before 07:00 here.
# Long titles are cut (as `make new` cuts file names): a very long name breaks on some disks.
POST_FILE = "{{fields.date | date('YYYY-MM-DD')}}-{{slug | truncate(60, '')}}"
# The forms hooks.video reads; the build checks the address again and names what is wrong.
YOUTUBE_ADDRESS = [
    r"^\s*https?://((www\.|m\.|music\.)?youtube(-nocookie)?\.com/(watch\?(.*&)?v=|shorts/|live/|embed/|v/)|youtu\.be/)"
    r"(?!videoseries)[A-Za-z0-9_-]{11}([?&#/].*)?\s*$",
    "Dán địa chỉ một video YouTube, ví dụ https://www.youtube.com/watch?v=…",
]
# The sound files hooks.audio publishes; the build reads each one again and names what is wrong.
# Decap compiles the pattern with JavaScript's RegExp, which has no inline (?i): letter case by classes.
AUDIO_FILE = [
    r"\.([Mm][Pp]3|[Mm]4[Aa])$",  # hooks.audio.SUFFIXES
    "Chọn tệp âm thanh MP3 hoặc M4A",
]
# The build keeps "trang-2" for listing pages, so the form refuses it as a post's own address.
NOT_A_PAGE_NUMBER = [r"^(?!\s*[Tt]rang-\d+\s*$)", "Không dùng dạng trang-2, trang-3: đó là địa chỉ trang danh sách"]


def _photo() -> dict[str, Any]:
    return {"widget": "image", "choose_url": False}


def _widget(field: PostField, settings: Settings) -> dict[str, Any]:
    """How the form asks for ``field``: the widget and the limits the build enforces."""
    categories = [c.name for c in settings.categories]
    widgets: dict[str, dict[str, Any]] = {
        "title": {"widget": "string"},
        # tinxa-admin.js: shown dd/mm/yyyy HH:mm whatever the browser's language, saved as
        # "YYYY-MM-DD HH:mm", one of the forms hooks.dates accepts.
        "date": {"widget": DATE_WIDGET, "default": "{{now}}"},
        "updated": {"widget": DATE_WIDGET},  # optional: empty unless the officer sets it
        "category": {"widget": "select", "options": categories, "default": categories[0]},
        "tags": {"widget": "list", "allow_add": True},
        "summary": {"widget": "text"},
        "author": {"widget": "string"},
        "cover": _photo(),
        "gallery": {
            "widget": "list",
            "label_singular": "ảnh",
            "summary": "{{fields.caption}}",
            "fields": [
                {"name": "src", "label": "Ảnh", **_photo()},
                {"name": "caption", "label": "Chú thích", "widget": "string", "required": False},
            ],
        },
        "highlights": {
            "widget": "list",
            "label_singular": "số liệu",
            "max": MAX_HIGHLIGHTS,
            "summary": "{{fields.label}}: {{fields.value}}",
            "fields": [
                {"name": "label", "label": "Nội dung", "widget": "string", "hint": "ví dụ: Diện tích gieo trồng"},
                {"name": "value", "label": "Số liệu", "widget": "string", "hint": "ví dụ: 282,66 ha"},
            ],
        },
        "video": {"widget": "string", "pattern": YOUTUBE_ADDRESS},
        # Bulletins go to files/truyen-thanh/, not beside the post's photos; the value is "/files/truyen-thanh/…",
        # a form hooks.audio reads. Decap's media library refuses a larger file before uploading it.
        "audio": {
            "widget": "file",
            "choose_url": False,
            "media_folder": f"/{RADIO_DIR}",
            "public_folder": f"/{RADIO_DIR}",
            "media_library": {"config": {"max_file_size": AUDIO_MAX_BYTES}},
            "pattern": AUDIO_FILE,
        },
        "featured": {"widget": "boolean", "default": False},
        "draft": {"widget": "boolean", "default": False},
        "slug": {"widget": "string", "pattern": NOT_A_PAGE_NUMBER},
    }
    return widgets[field.name]


def editor_config(settings: Settings) -> dict[str, Any]:
    """Decap CMS's config.yml as data: one collection, the posts, with a field per schema entry."""
    fields = [{"name": f.name, "label": f.label, "hint": f.hint, "required": f.required, **_widget(f, settings)} for f in FIELDS]
    # Only our photo block in the body toolbar: Decap's own image and code blocks are in English,
    # and code fences are not enabled in mkdocs.yml (see tinxa-admin.js).
    # The preview pane runs on the page that holds the token: raw HTML in a body is cleaned there (DOMPurify).
    body = {"name": "body", "label": "Nội dung bài", "widget": "markdown", "editor_components": ["tinxa-anh"]}
    fields.append({**body, "sanitize_preview": True})
    photos = f"/{settings.images_dir}/{{{{filename}}}}"
    editor = settings.editor
    backend: dict[str, Any] = {
        "name": "github",
        "repo": editor.repo or "ten-tai-khoan/ten-kho",
        "branch": editor.branch,
        "commit_messages": {
            "create": "Thêm bài {{slug}} (soạn trên web)",
            "update": "Sửa bài {{slug}} (soạn trên web)",
            "delete": "Xoá bài {{slug}} (soạn trên web)",
            "uploadMedia": "Tải tệp {{path}} lên (soạn trên web)",
            "deleteMedia": "Xoá tệp {{path}} (soạn trên web)",
        },
    }
    if editor.login_url:
        backend["base_url"] = editor.login_url
    if editor.api_root != EditorSettings.api_root:
        backend["api_root"] = editor.api_root
    config: dict[str, Any] = {
        "locale": "vi",
        "logo_url": LOGIN_PICTURE,
        "backend": backend,
        # `make admin` runs Decap's save service on this machine; Decap uses it only when the page
        # itself is opened from this machine, and falls back to GitHub elsewhere.
        "local_backend": {
            "url": f"http://127.0.0.1:{editor.local_port}/api/v1",
            "allowed_hosts": ["127.0.0.1", "localhost"],
        },
        "media_folder": settings.images_dir,
        "public_folder": f"/{settings.images_dir}",
        # Vietnamese titles make ASCII file names: "Đảng ủy" -> "dang-uy", as hooks.slug does.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "posts",
                "label": "Bài viết",
                "label_singular": "bài viết",
                "description": "Tin bài của trang. Bấm “+ bài viết” để soạn; bấm “Công bố → Công bố ngay” để đưa lên trang.",
                "folder": settings.posts_dir,
                "extension": "md",
                "format": POST_FORMAT,
                "create": True,
                "slug": POST_FILE,
                "media_folder": photos,
                # Bare names: the build reads "01.jpg" as images/<post file name>/01.jpg. Decap
                # cannot yet know {{filename}} when a new post's photo is picked.
                "public_folder": "",
                "identifier_field": "title",
                # "Xem bản hoàn chỉnh" opens the post; tinxa-admin.js puts in the post's own slug if it has one.
                "preview_path": f"{NEWS_URL}{{{{filename}}}}/",
                # tinxa-admin.js gives each post its date in ISO form, for dates written dd/mm/yyyy too.
                "summary": "{{title}} ({{tinxa_ngay_danh_sach | date('DD/MM/YYYY')}})",
                "sortable_fields": ["date", "title", "category"],
                "fields": fields,
            }
        ],
    }
    if settings.site_url:
        config["site_url"] = settings.site_url
        config["display_url"] = settings.site_url
    return config


def editor_page(settings: Settings) -> str:
    """/admin/index.html: loads the vendored Decap CMS; kept out of search engines.

    The photo rule and the sign-in page's texts reach the scripts as data attributes on <body>, not
    as inline script. Without a login service (``login_url``) officers sign in with a personal access
    token, checked against the config's ``api_root`` (tinxa-sign-in.js).
    """
    title = html.escape(f"Soạn bài – {settings.site_name}")
    data = {
        "photo-max-side": str(int(settings.photo_max_side)),
        "photo-quality": str(PHOTO_QUALITY),
        "site-name": settings.site_name,
        "guide": f"../{TOKEN_GUIDE}",
        "news": NEWS_URL,  # where the posts are: tinxa-admin.js warns before a second post of the same name
    }
    attributes = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in data.items())
    page = f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link href="../{EDITOR_STYLE}" rel="stylesheet">
</head>
<body {attributes}>
<noscript>Trình soạn bài cần bật JavaScript trong trình duyệt.</noscript>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="../{DECAP_SCRIPT}"></script>
<script src="../{YAML_SCRIPT}"></script>
<script src="../{PHOTO_SCRIPT}"></script>
<script src="../{SIGN_IN_SCRIPT}"></script>
<script src="../{EDITOR_SCRIPT}"></script>
</body>
</html>
"""
    editor = settings.editor
    return with_policy(page, editor_policy(page, editor.api_root, editor.login_url, editor.local_port))


def login_picture(settings: Settings) -> str:
    """The commune's name as a picture, for Decap's sign-in page (``logo_url`` takes only a picture)."""
    name = settings.site_name
    size = max(18, min(44, int(1000 / max(len(name), 1))))  # long names in smaller letters, on one line
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 100" width="600" height="100" role="img">'
        f"<title>{html.escape(name)}</title>"
        f'<text x="300" y="62" text-anchor="middle" font-family="system-ui, sans-serif" font-size="{size}" '
        f'font-weight="700" fill="#1f2933">{html.escape(name)}</text></svg>\n'
    )


def editor_files(settings: Settings) -> dict[str, bytes]:
    """The files of /admin/, by their path in the built site."""
    config = yaml.safe_dump(editor_config(settings), allow_unicode=True, sort_keys=False)
    header = "# Tạo tự động từ mkdocs.yml và mẫu bài viết (hooks/editor.py). Đừng sửa tay.\n"
    return {
        f"{EDITOR_URL}index.html": editor_page(settings).encode(),
        f"{EDITOR_URL}config.yml": (header + config).encode(),
        f"{EDITOR_URL}{LOGIN_PICTURE}": login_picture(settings).encode(),
    }
