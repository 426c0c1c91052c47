"""Reading posts: Markdown files with YAML front matter, checked field by field.

Every problem in every post is collected, so an officer fixes them all after one build.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from hooks import gallery
from hooks.audio import EXAMPLE as AUDIO_EXAMPLE
from hooks.audio import MAX_BYTES as AUDIO_MAX_BYTES
from hooks.audio import RADIO_DIR, Audio, AudioError, AudioMissing, read_audio
from hooks.dates import ACCEPTED_FORMS, DateError, PostDate, parse_date
from hooks.frontmatter import YamlError, load_yaml
from hooks.photos import BODY_IMAGE, PhotoPathError, PhotoRef, is_file, resolve_photo
from hooks.problems import Problem
from hooks.settings import Category, Settings
from hooks.slug import slugify
from hooks.text import clean_line, html_to_text, legacy_encoding, normalize, truncate_words
from hooks.video import ACCEPTED as VIDEO_ADDRESSES
from hooks.video import Video, parse_video


@dataclass(frozen=True)
class PostField:
    """One front matter field: what the build accepts, and how a form should ask for it."""

    name: str
    label: str  # as an officer sees it in the web editor
    hint: str
    required: bool = False


# The post schema. The build validates against it and the web editor's form is generated from it
# (hooks/editor.py), so the form never offers what the build would reject.
FIELDS = (
    PostField("title", "Tiêu đề", "Tiêu đề đầy đủ của bài, viết có dấu.", required=True),
    PostField("date", "Ngày đăng", "Ngày ở tương lai nghĩa là hẹn giờ: bài chỉ hiện từ ngày đó.", required=True),
    PostField(
        "updated",
        "Ngày cập nhật",
        "Chỉ ghi khi sửa nội dung bài sau khi đã đăng (số liệu, lịch, đính chính). Bỏ trống thì lấy ngày đăng.",
    ),
    PostField("category", "Chuyên mục", "Chọn một chuyên mục của trang.", required=True),
    PostField("tags", "Thẻ", "Các từ khoá, cách nhau bằng dấu phẩy, ví dụ: hội nghị, tổng kết."),
    PostField("summary", "Tóm tắt", "Hiện ở trang chủ và khi chia sẻ lên Facebook, Zalo. Bỏ trống thì lấy đoạn đầu bài."),
    PostField("author", "Người viết", "Người viết hoặc đơn vị, ví dụ: Ban Văn hóa – Thông tin."),
    PostField("cover", "Ảnh đại diện", "Ảnh hiện ở trang chủ và khi chia sẻ. Bỏ trống thì lấy ảnh đầu tiên của bộ ảnh."),
    PostField(
        "gallery",
        "Bộ ảnh cuối bài",
        "Mỗi ảnh kèm một dòng chú thích. Bài lấy cả một thư mục ảnh thì ô này trống: bộ ảnh vẫn giữ nguyên.",
    ),
    PostField(
        "video",
        "Video YouTube",
        "Địa chỉ video trên YouTube, hiện đầu bài với ảnh đại diện (hoặc ảnh đầu bộ ảnh) làm ảnh chờ.",
    ),
    PostField(
        "audio",
        "Bản tin truyền thanh",
        f"Tệp MP3 (hoặc M4A) của bản tin, đặt trong thư mục {RADIO_DIR}/, nặng tối đa {AUDIO_MAX_BYTES // 1024**2} MB. "
        "Bài hiện máy nghe ở đầu bài và có trong mục Truyền thanh.",
    ),
    PostField("highlights", "Số liệu nổi bật", "Ô số liệu đầu bài, ví dụ: Diện tích gieo trồng – 282,66 ha."),
    PostField("featured", "Ghim lên đầu trang chủ", "Bật cho tin quan trọng nhất."),
    PostField("draft", "Bản nháp", "Bật khi bài chưa xong: bản nháp không hiện trên trang."),
    PostField("slug", "Địa chỉ riêng", "Thường để trống. Chỉ chữ không dấu, số và dấu gạch ngang."),
)
REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)
FIELD_NAMES = tuple(f.name for f in FIELDS)
MAX_HIGHLIGHTS = 8
POST_SUFFIXES = (".md", ".markdown")
_PAGE_SLUG = re.compile(r"^trang-\d+$")
SUMMARY_LENGTH = 200


@dataclass(frozen=True)
class Highlight:
    """A key figure of an achievement post: "Diện tích gieo trồng" – "282,66 ha"."""

    label: str
    value: str


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str


@dataclass
class Post:
    """A post as read from ``posts/``: validated, normalised, ready to plan pages from."""

    source: str  # path relative to the site root, for messages
    slug: str
    title: str
    date: PostDate
    category: Category
    body: str
    body_line: int
    tags: tuple[Tag, ...] = ()
    summary: str = ""
    author: str = ""
    cover: PhotoRef | None = None
    gallery: tuple[PhotoRef, ...] = ()
    body_photos: tuple[tuple[str, PhotoRef], ...] = ()  # (path as written in the body, photo)
    featured: bool = False
    draft: bool = False
    highlights: tuple[Highlight, ...] = ()
    video: Video | None = None
    audio: Audio | None = None  # a radio bulletin: listed under Truyền thanh and in the podcast feed
    slug_line: int | None = None  # the line of a written ``slug:``; None when the address comes from the file name
    updated: PostDate | None = None  # when the content last changed after publication, if the officer says so
    # What the officer should fix but what does not stop the build: posts a commune already has
    # must keep publishing after an update of Tin Xã that starts noticing something new.
    notices: tuple[Problem, ...] = ()

    @functools.cached_property
    def digest(self) -> str:
        """Everything this post shows, hashed once: pages that list it compare digests, not posts."""
        return hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()

    @property
    def modified(self) -> PostDate:
        """When the post last changed: ``updated:``, else its publication date."""
        return self.updated or self.date

    @property
    def photos(self) -> tuple[PhotoRef, ...]:
        """Every photo this post publishes, cover first."""
        return ((self.cover,) if self.cover else ()) + self.gallery + tuple(ref for _src, ref in self.body_photos)

    @property
    def teaser_photo(self) -> PhotoRef | None:
        return self.cover or (self.gallery[0] if self.gallery else None)


@dataclass
class ReadResult:
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Photos named by posts that have other problems: still checked, so one build reports all.
    unpublished_photos: list[tuple[str, PhotoRef]] = field(default_factory=list)


def read_posts(settings: Settings, *, reuse: bool = True) -> ReadResult:
    """Read every post file under the posts folder, in a stable order.

    ``reuse=False`` reads every file again even if unchanged, e.g. after photos were renamed.
    """
    result = ReadResult()
    folder = settings.posts_path
    if not folder.is_dir():
        return result
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.is_dir():
            continue
        name = path.relative_to(settings.root).as_posix()
        if path.name.lower().endswith(".md.txt"):
            message = "tệp bị lưu thành .md.txt (Notepad tự thêm đuôi .txt) nên không được đăng"
            result.problems.append(Problem(name, message, "đổi tên tệp, bỏ đuôi .txt"))
            continue
        if path.suffix.lower() not in POST_SUFFIXES:
            continue
        try:
            stat = path.stat()
            key: tuple[Path, int, int, Settings] | None = (path, stat.st_size, stat.st_mtime_ns, settings)
        except OSError:  # a broken link: the checker reports it
            key = None
        post = _unchanged.get(key) if key and reuse else None
        if post and post.audio and not post.audio.unchanged(settings.root):
            post = None  # the sound file was replaced: its length and duration are read again
        if post is None:
            checker = _PostChecker(name, path, settings)
            post = checker.checked()
            result.problems.extend(checker.problems)
            if post is None:
                result.problems.extend(checker.notices)  # the build stops anyway: one list to fix
                result.unpublished_photos.extend((name, ref) for ref in checker.photos)
                continue
            if key:
                _unchanged[key] = post
        result.posts.append(post)
    return result


# Posts read without problems, by (file, size, mtime, settings): under `mkdocs serve` a save
# re-reads only the saved file. Posts with problems are always re-read, since what they point
# at (a photo added meanwhile) may have been fixed without touching the post.
_unchanged: dict[tuple[Path, int, int, Settings], Post] = {}


def read_post(path: Path, settings: Settings) -> tuple[Post | None, list[Problem]]:
    """Read one post file; returns the post (if usable) and every problem found in it."""
    checker = _PostChecker(path.relative_to(settings.root).as_posix(), path, settings)
    return checker.checked(), checker.problems


class _Unreadable(Exception):
    """The file cannot be read far enough to check its fields."""


def shown(value: object) -> str:
    """A value as an officer would recognise it in a message (never Python's repr)."""
    if isinstance(value, list | tuple):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class _PostChecker:
    """Checks one file; each ``_field`` method returns the clean value or records a problem."""

    def __init__(self, name: str, path: Path, settings: Settings) -> None:
        self.name = name
        self.path = path
        self.settings = settings
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []
        self.lines: dict[str, int] = {}
        self.photos: list[PhotoRef] = []

    def problem(self, message: str, fix: str = "", *, key: str | None = None, line: int | None = None) -> None:
        line = line or (self.lines.get(key) if key else None)
        self.problems.append(Problem(self.name, message, fix, line=line, field=key))

    def notice(self, message: str, fix: str, *, key: str, line: int) -> None:
        self.notices.append(Problem(self.name, message, fix, line=line, field=key))

    def checked(self) -> Post | None:
        """The post, or None when it has problems (all of them are in ``self.problems``)."""
        try:
            return self.read()
        except _Unreadable:
            return None

    def read(self) -> Post | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            self.problem("không đọc được tệp (tệp hỏng hoặc là liên kết tới tệp không còn)", "xoá tệp này rồi tạo lại")
            raise _Unreadable from None
        meta, body, body_line = self._split(self._decode(data))
        for key in meta:
            if key not in FIELD_NAMES:
                self._unknown_key(key)
        for key in REQUIRED_FIELDS:
            if meta.get(key) in (None, ""):
                self.problem(f"thiếu trường bắt buộc “{key}”", _EXAMPLES[key], key=key, line=self.lines.get(key, 1))
        body = _with_line_breaks(_without_comments(body))
        post = Post(
            source=self.name,
            slug=self._slug(meta),
            title=self._text(meta, "title"),
            date=self._date(meta),  # type: ignore[arg-type]  # None only when a problem was recorded
            category=self._category(meta),  # type: ignore[arg-type]
            body=body,
            body_line=body_line,
            tags=self._tags(meta),
            summary=self._text(meta, "summary") or summary_from_body(body),
            author=self._text(meta, "author"),
            cover=self._photo(meta["cover"], "cover", self.lines.get("cover")) if meta.get("cover") else None,
            gallery=self._gallery(meta),
            body_photos=self._body_photos(body, body_line),
            featured=self._flag(meta, "featured"),
            highlights=self._highlights(meta),
            draft=self._flag(meta, "draft"),
            video=self._video(meta),
            audio=self._audio(meta),
            notices=tuple(self.notices),
            slug_line=self.lines.get("slug") if meta.get("slug") not in (None, "") else None,
            updated=self._updated(meta),
        )
        return None if self.problems else post

    # -- the file as a whole ---------------------------------------------------------------

    def _decode(self, data: bytes) -> str:
        if not data.strip():
            self.problem("tệp trống", "viết phần thông tin đầu bài (giữa hai dòng ---) rồi nội dung bài")
            raise _Unreadable
        # Notepad's "Unicode" is UTF-16 with a byte-order mark: unambiguous, so read it.
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.problem(
                f"tệp không được lưu theo bảng mã UTF-8 mà có vẻ theo bảng mã cũ {legacy_encoding(data)}",
                "chuyển sang Unicode bằng Unikey (Công cụ chuyển mã, Ctrl+Shift+F6: nguồn là bảng mã cũ, đích là "
                "Unicode), hoặc mở bằng Notepad/VS Code và Lưu thành (Save As) với mã hoá UTF-8",
                line=line,
            )
            raise _Unreadable from None
        return normalize(text)

    def _split(self, text: str) -> tuple[dict[str, Any], str, int]:
        lines = text.split("\n")
        if lines[0].strip() != "---":
            self.problem(
                "bài viết không bắt đầu bằng phần thông tin (front matter)",
                "dòng đầu tiên của tệp phải là ---, tiếp theo là title, date, category, rồi một dòng --- nữa",
                line=1,
            )
            raise _Unreadable
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            self.problem(
                "phần thông tin đầu bài không có dòng --- kết thúc",
                "thêm một dòng chỉ có --- sau trường cuối cùng, trước nội dung bài",
                line=1,
            )
            raise _Unreadable
        meta = self._parse_yaml("\n".join(lines[1:end]))
        body = "\n".join(lines[end + 1 :])
        stripped = body.lstrip("\n")
        return meta, stripped.rstrip("\n"), end + 2 + len(body) - len(stripped)

    def _parse_yaml(self, source: str) -> dict[str, Any]:
        # The front matter starts on the file's second line.
        try:
            document = load_yaml(source)
        except YamlError as error:
            self.problem(
                f"lỗi cú pháp ở phần thông tin đầu bài: {error.reason}",
                error.fix
                or "mỗi dòng dạng “tên: giá trị”, có dấu cách sau dấu hai chấm; giá trị có dấu “:”, “#”, “*” "
                'thì đặt trong ngoặc kép, ví dụ title: "Hội nghị: tổng kết năm"',
                line=error.line + 1 if error.line else None,
            )
            raise _Unreadable from None
        if not isinstance(document.data, dict):
            self.problem(
                "phần thông tin đầu bài phải là các dòng “tên: giá trị”",
                'ví dụ: title: "Tên bài" rồi date: 2023-12-13 rồi category: Kinh tế',
                line=2,
            )
            raise _Unreadable
        self.lines = {key: line + 1 for key, line in document.lines.items()}
        for key, line in document.repeated:
            self.problem(f"trường “{key}” được ghi hai lần", "xoá một trong hai dòng", line=line + 1)
        for cut in document.cut:
            quoted = '"' + cut.written.replace("\\", "\\\\").replace('"', '\\"') + '"'
            self.notice(
                f"giá trị “{shown(cut.written)}” bị cắt ở dấu “#” (phần sau “ #” bị coi là ghi chú), "
                f"trên trang chỉ còn “{shown(cut.kept)}”",
                f"đặt cả giá trị trong ngoặc kép: {cut.name + ': ' if cut.name else '- '}{quoted}",
                key=cut.key,
                line=cut.line + 1,
            )
        return {str(k): v for k, v in document.data.items()}

    def _unknown_key(self, key: str) -> None:
        known = FIELD_NAMES
        guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        fix = f"có phải ý bạn là “{guess[0]}”?" if guess else "các trường dùng được: " + ", ".join(known)
        self.problem(f"trường “{shown(key)}” không được hỗ trợ", fix, key=key)

    # -- fields -----------------------------------------------------------------------------

    def _text(self, meta: dict[str, Any], key: str) -> str:
        value = meta.get(key)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            self.problem(f"“{key}” phải là một dòng chữ, không phải {shown(value)}", f'ghi {key}: "..." trên một dòng', key=key)
            return ""
        return clean_line(str(value))

    def _video(self, meta: dict[str, Any]) -> Video | None:
        address = self._text(meta, "video")
        video = parse_video(address) if address else None
        if address and video is None:
            fix = f"dán địa chỉ video YouTube dạng {VIDEO_ADDRESSES}; video ở trang khác thì viết một liên kết trong bài"
            self.problem(f"“{address}” không phải địa chỉ một video YouTube", fix, key="video")
        return video

    def _audio(self, meta: dict[str, Any]) -> Audio | None:
        written = meta.get("audio")
        if written in (None, ""):
            return None
        if not isinstance(written, str):
            self.problem("“audio” phải là đường dẫn tới một tệp âm thanh", f"ví dụ: audio: {AUDIO_EXAMPLE}", key="audio")
            return None
        try:
            return read_audio(normalize(written), self.settings.root)
        except AudioMissing as error:
            fix = error.fix
            # Only the same name in other letter case: bulletins are named alike week after week
            # ("…-tuan-50.mp3" is close to "…-tuan-49.mp3"), and last week's must never be offered.
            if guess := _near_file(error.target, close=False):
                written = error.target.with_name(guess).relative_to(self.settings.root).as_posix()
                fix = f"có phải là “{written}”? Tên tệp phải ghi đúng từng chữ, cả chữ hoa, chữ thường và đuôi tệp"
            self.problem(str(error), fix, key="audio")
        except AudioError as error:
            self.problem(str(error), error.fix, key="audio")
        return None

    def _date(self, meta: dict[str, Any], key: str = "date") -> PostDate | None:
        value = meta.get(key)
        if value in (None, ""):
            return None
        try:
            if isinstance(value, list | dict):
                raise DateError(f"ghi một ngày, không phải {shown(value)}")
            return parse_date(value)
        except DateError as error:
            what = "ngày đăng" if key == "date" else "ngày cập nhật"
            self.problem(f"{what} không hợp lệ: {error}", f"ghi ngày có thật theo một trong các dạng {ACCEPTED_FORMS}", key=key)
            return None

    def _updated(self, meta: dict[str, Any]) -> PostDate | None:
        updated = self._date(meta, "updated")
        try:
            published = parse_date(meta.get("date"))
        except DateError:
            return updated  # the date's own problem is reported already
        # Without a time, "updated" the day of publication is never before it.
        before = updated.moment < published.moment if updated and updated.has_time else updated and updated.day < published.day
        if updated and before:
            self.problem(
                f"ngày cập nhật {updated.display()} trước ngày đăng {published.display()}",
                "ghi ngày sửa bài (từ ngày đăng trở về sau), hoặc xoá dòng updated nếu bài chưa sửa",
                key="updated",
            )
        return updated

    def _category(self, meta: dict[str, Any]) -> Category | None:
        value = meta.get("category")
        if value in (None, ""):
            return None
        found = self.settings.category(str(value)) if isinstance(value, str) else None
        if found is None:
            names = ", ".join(c.name for c in self.settings.categories)
            fix = f"chọn một trong: {names}"
            if guess := _near_category(value, self.settings):
                fix = f"có phải là “{guess.name}”? Nếu không, {fix}"
            self.problem(f"chuyên mục “{shown(value)}” không có trong danh sách", fix, key="category")
        return found

    def _slug(self, meta: dict[str, Any]) -> str:
        written = meta.get("slug")
        if written not in (None, ""):
            made = slugify(str(written)) if isinstance(written, str | int) else ""
            if _PAGE_SLUG.match(made):
                # Listings use /tin-tuc/trang-2/...: a post there would break once news has two pages.
                fix = "chọn slug khác, ví dụ trang-2-ke-hoach"
                self.problem(f"slug “{made}” trùng dạng địa chỉ trang danh sách", fix, key="slug")
                return ""
            if made:
                return made
            self.problem(
                f"slug “{shown(written)}” không có chữ cái hay chữ số nào",
                "ghi slug bằng chữ không dấu, ví dụ tong-ket-2023",
                key="slug",
            )
            return ""
        made = slugify(self.path.stem)
        if not made:
            self.problem(
                "tên tệp không tạo được địa chỉ trang", "đặt tên tệp bằng chữ không dấu, ví dụ 2023-12-13-tong-ket.md", line=1
            )
        return made

    def _tags(self, meta: dict[str, Any]) -> tuple[Tag, ...]:
        value = meta.get("tags")
        if value in (None, ""):
            return ()
        if isinstance(value, str):
            value = value.split(",")  # "tags: hội nghị, tổng kết" without brackets means two tags
        if not isinstance(value, list) or any(isinstance(v, dict | list) for v in value):
            self.problem("“tags” phải là một danh sách thẻ", "ví dụ: tags: [hội nghị, tổng kết]", key="tags")
            return ()
        tags: dict[str, Tag] = {}
        for item in value:
            name = clean_line(str(item)) if item is not None else ""
            if slugify(name):
                tags.setdefault(slugify(name), Tag(name, slugify(name)))
        return tuple(tags.values())

    def _flag(self, meta: dict[str, Any], key: str) -> bool:
        value = meta.get(key, False)
        if isinstance(value, bool):
            return value
        self.problem(
            f"“{key}” chỉ nhận true hoặc false, không nhận “{shown(value)}”", f"ghi {key}: true hoặc xoá dòng này", key=key
        )
        return False

    def _highlights(self, meta: dict[str, Any]) -> tuple[Highlight, ...]:
        value = meta.get("highlights")
        if value in (None, "", []):
            return ()
        example = 'ví dụ:\n      highlights:\n        - label: "Diện tích gieo trồng"\n          value: "282,66 ha"'
        if not isinstance(value, list):
            self.problem("“highlights” phải là danh sách số liệu", example, key="highlights")
            return ()
        figures = []
        for index, item in enumerate(value):
            line = self.lines.get(f"highlights[{index}]")
            parts = item if isinstance(item, dict) else {}
            label, number = parts.get("label"), parts.get("value")
            if set(parts) != {"label", "value"} or not all(isinstance(v, str | int | float) for v in (label, number)):
                self.problem("mỗi số liệu cần đúng hai trường label và value", example, key="highlights", line=line)
                continue
            figures.append(Highlight(clean_line(str(label)), clean_line(str(number))))
        if len(figures) > MAX_HIGHLIGHTS:
            self.problem(f"nhiều hơn {MAX_HIGHLIGHTS} số liệu nổi bật", "chỉ giữ những số liệu quan trọng nhất", key="highlights")
        return tuple(figures[:MAX_HIGHLIGHTS])

    def _photo(self, written: object, key: str, line: int | None, caption: object = "") -> PhotoRef | None:
        if not isinstance(written, str) or not written.strip():
            self.problem(f"“{key}” phải là đường dẫn tới một ảnh", "ví dụ: images/2023-12-13-hoi-nghi/01.jpg", key=key, line=line)
            return None
        images_dir = self.settings.images_dir
        try:
            path = resolve_photo(normalize(written), self.path, self.settings.root, images_dir)
        except PhotoPathError as error:
            self.problem(str(error), f"đặt ảnh vào thư mục {images_dir}/ và ghi đường dẫn tới nó", key=key, line=line)
            return None
        if (self.settings.images_path / path).is_dir():
            self.problem(
                f"“{shown(written)}” là một thư mục, không phải tệp ảnh",
                "ghi tên một tệp ảnh trong thư mục đó",
                key=key,
                line=line,
            )
            return None
        if not is_file(self.settings.images_path / path):
            fix = "kiểm tra tên tệp ảnh (cả chữ hoa, chữ thường và đuôi .jpg) và thư mục chứa ảnh"
            if guess := _near_file(self.settings.images_path / path):
                fix = f"có phải là “{guess}”? Tên ảnh phải ghi đúng từng chữ, cả chữ hoa, chữ thường và đuôi tệp"
            self.problem(f"không tìm thấy ảnh “{shown(written)}” ({images_dir}/{path})", fix, key=key, line=line)
            return None
        if isinstance(caption, dict | list):
            self.problem("chú thích ảnh phải là một dòng chữ", 'ví dụ: caption: "Quang cảnh hội nghị"', key=key, line=line)
            caption = ""
        ref = PhotoRef(path, clean_line(str(caption or "")), line, key)
        self.photos.append(ref)
        return ref

    def _gallery(self, meta: dict[str, Any]) -> tuple[PhotoRef, ...]:
        value = meta.get("gallery")
        if value in (None, "", []):
            return ()
        if isinstance(value, str):
            return self._gallery_folder(value)
        if not isinstance(value, list):
            self.problem("“gallery” phải là danh sách ảnh hoặc một thư mục ảnh", _EXAMPLES["gallery"], key="gallery")
            return ()
        photos = []
        for index, item in enumerate(value):
            line = self.lines.get(f"gallery[{index}]")
            if isinstance(item, dict):
                unknown = set(item) - {"src", "caption"}
                if unknown:
                    self.problem(
                        f"ảnh trong gallery có trường lạ “{', '.join(shown(k) for k in unknown)}”",
                        "mỗi ảnh chỉ có src và caption",
                        key="gallery",
                        line=line,
                    )
                photo = self._photo(item.get("src"), "gallery", line, item.get("caption"))
            else:
                photo = self._photo(item, "gallery", line)
            if photo:
                photos.append(photo)
        return tuple(photos)

    def _body_photos(self, body: str, body_line: int) -> tuple[tuple[str, PhotoRef], ...]:
        found: dict[str, PhotoRef] = {}
        for match in BODY_IMAGE.finditer(body):
            src = match["src"] or match["angle"] or match["html"]
            if "://" in src or src.startswith(("data:", "//")) or src in found:
                continue  # pictures from other sites stay as they are: the officer chose them
            line = body_line + body.count("\n", 0, match.start())
            photo = self._photo(html.unescape(src), "ảnh trong bài", line)
            if photo:
                found[src] = photo
        return tuple(found.items())

    def _gallery_folder(self, written: str) -> tuple[PhotoRef, ...]:
        line = self.lines.get("gallery")
        try:
            folder = resolve_photo(normalize(written), self.path, self.settings.root, self.settings.images_dir)
        except PhotoPathError as error:
            self.problem(str(error), f"ghi thư mục ảnh nằm trong {self.settings.images_dir}/", key="gallery", line=line)
            return ()
        listing = gallery.read_folder(self.settings.images_path, folder)
        for message, fix in listing.problems:
            self.problem(message, fix, key="gallery", line=line)
        refs = tuple(PhotoRef(path, caption, line, "gallery") for path, caption in listing.photos)
        self.photos.extend(refs)
        return refs


def _near_category(value: object, settings: Settings) -> Category | None:
    """The configured category a misspelt one most likely means ("Chính quền" -> "Chính quyền")."""
    if not isinstance(value, str) or not slugify(value):
        return None
    by_slug = {c.slug: c for c in settings.categories}
    guess = difflib.get_close_matches(slugify(value), list(by_slug), n=1, cutoff=0.75)
    if guess:
        return by_slug[guess[0]]
    # The first words of a long name ("Quốc phòng" for "Quốc phòng - An ninh"), when only one starts so.
    starting = [c for c in settings.categories if c.slug.startswith(slugify(value) + "-")]
    return starting[0] if len(starting) == 1 else None


def _near_file(path: Path, close: bool = True) -> str | None:
    """The file (a photo, a sound file) beside ``path`` that it most likely means: the same name in other
    letter case ("05.JPG" for "05.jpg"), or with ``close`` a close one ("05.jpeg"). The name as the officer
    should write it."""
    try:
        names = [entry.name for entry in path.parent.iterdir() if entry.is_file()]
    except OSError:
        return None
    same = [name for name in names if normalize(name).casefold() == normalize(path.name).casefold()]
    if same or not close:
        return same[0] if same else None
    near = difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    if not near:
        folded = {name.casefold(): name for name in names}
        near = [folded[n] for n in difflib.get_close_matches(path.name.casefold(), list(folded), n=1, cutoff=0.8)]
    return near[0] if near else None


_EXAMPLES = {
    "title": 'thêm dòng title: "Tên bài viết"',
    "date": "thêm dòng date: 2023-12-13",
    "category": "thêm dòng category: Tin tức - Sự kiện (hoặc chuyên mục khác trong mkdocs.yml)",
    "gallery": (
        'ví dụ:\n      gallery:\n        - src: images/2023-12-13-hoi-nghi/01.jpg\n          caption: "Quang cảnh hội nghị"'
    ),
}

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _without_comments(body: str) -> str:
    """Officers leave notes to each other in HTML comments; those never reach the public page."""
    return _COMMENT.sub("", body)


# The web editor (Decap, like CommonMark) ends a line with "\" for a line break inside a paragraph;
# Python-Markdown knows only two trailing spaces and would print the backslash. Code lines are left.
_BACKSLASH_BREAK = re.compile(r"^(?! {4}|\t)(.*[^\s\\])\\$", re.MULTILINE)


def _with_line_breaks(body: str) -> str:
    return _BACKSLASH_BREAK.sub(r"\1  ", body)


_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S.*$", re.MULTILINE)
_summary_markdown = markdown.Markdown()


def summary_from_body(body: str) -> str:
    """The first paragraph of prose as plain text, cut at a word boundary."""
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or block[0] in "#>|!<`=:" or re.match(r"^([-*+]|\d+\.)\s", block) or _REFERENCE.match(block):
            continue
        # Render the paragraph (with the body's link references) so escapes, entities and links read right.
        source = block + "\n\n" + "\n".join(_REFERENCE.findall(body))
        rendered = _summary_markdown.reset().convert(source)
        text = clean_line(html_to_text(rendered))
        if text:
            return truncate_words(text, SUMMARY_LENGTH)
    return ""


def unique_tags(posts: Iterable[Post]) -> dict[str, Tag]:
    """One tag per slug: "Hội nghị" and "hội nghị" are one tag, shown in its most used spelling."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for post in sorted(posts, key=lambda p: (p.date.moment, p.source)):
        for tag in post.tags:
            spellings[tag.slug][tag.name] += 1
    # most_common keeps first-seen order among equal counts, so the oldest spelling wins ties.
    return {slug: Tag(names.most_common(1)[0][0], slug) for slug, names in spellings.items()}
