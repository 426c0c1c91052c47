"""Photo intake: the one rule a photo meets before it is kept in the repository (a "master").

Phones write 3–6 MB files with the GPS position and the camera's serial. The repository is public
and keeps its history forever, so what enters it is a master: turned upright from its EXIF
orientation, long side at most ``max_side`` px (never upscaled), sRGB, no metadata of any kind.
Opaque pictures become JPEG (quality 85, progressive); a PNG with transparency stays PNG. A photo
already within the rule is left byte-identical, so intake can run any number of times.

This module decides and writes one photo at a time; ``run`` applies it to many in parallel and
keeps every post and ``captions.yml`` pointing at photos whose name changed (HEIC -> .jpg).
The build never calls it: publishing derivatives (``images``) reads masters and changes nothing.
"""

from __future__ import annotations

import io
import math
import os
import re
import signal
import stat
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from PIL import Image, ImageCms, ImageOps

from hooks import gallery
from hooks.images import PhotoError, as_photo_error, draft_size, fit, open_photo, to_srgb
from hooks.output import replace_file
from hooks.photos import PHOTO_SUFFIXES, PhotoPathError, resolve_photo
from hooks.posts import read_posts
from hooks.settings import Settings

JPEG_QUALITY = 85
DRAFT_SHARE = 0.9
JPEG_SUFFIXES = frozenset({".jpg", ".jpeg"})
# Segments a master JPEG may carry: JFIF (APP0) and Adobe's colour transform (APP14) say how to
# decode the pixels and nothing about who took them or where. Any other APPn (EXIF, XMP, ICC,
# IPTC, maker data) or a comment makes the photo a candidate for intake.
_DECODING_MARKERS = frozenset({"APP0", "APP14"})
_PNG_KEYS = frozenset({"transparency", "dpi", "aspect", "gamma", "srgb", "chromaticity"})
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
# Hidden names (galleries and intake skip dot files): an original kept aside until the posts are
# checked, and a renamed master waiting for its posts. A run cut short leaves them; the next one
# puts originals back and drops waiting masters (they are made again).
BACKUP_SUFFIX = ".tinxa-goc"
WAITING_SUFFIX = ".tinxa-moi"


@dataclass(frozen=True)
class Inspection:
    """What stands between a photo and the rule: Vietnamese reasons (none: it is a master)."""

    reasons: tuple[str, ...] = ()
    gps: bool = False
    transparent: bool = False

    @property
    def is_master(self) -> bool:
        return not self.reasons


def inspect(path: Path, max_side: int, name: str, *, keep_format: bool = False) -> Inspection:
    """Check ``path`` against the rule, reading only its header (and the alpha of a PNG).

    ``keep_format``: a PNG may stay PNG though opaque (a page in docs/ names it as it is).
    Raises ``PhotoError`` for a file that cannot be read as a photo.
    """
    try:
        with open_photo(path, name) as image:
            return _inspect(image, path, max_side, keep_format)
    except Exception as error:  # reported to the officer; unexpected errors still propagate
        raise as_photo_error(error, name) from None


def _inspect(image: Image.Image, path: Path, max_side: int, keep_format: bool) -> Inspection:
    reasons = []
    long_side = max(image.size)
    if long_side > max_side:
        reasons.append(f"cạnh dài {long_side} điểm ảnh, quá {max_side}")
    exif = image.getexif()
    gps = bool(exif.get_ifd(_GPS_IFD)) or _GPS_IFD in exif
    if gps:
        reasons.append("có vị trí GPS")
    transparent = _transparent(image)
    suffix = path.suffix.lower()
    if image.format == "JPEG" and suffix in JPEG_SUFFIXES:
        markers = {marker for marker, _data in getattr(image, "applist", [])}
        if markers - _DECODING_MARKERS or "comment" in image.info:
            reasons.append("có thông tin kèm theo ảnh: EXIF, hồ sơ màu, ghi chú…")
        if image.mode not in ("RGB", "L"):
            reasons.append(f"hệ màu {image.mode}, không phải sRGB")
        elif not _ends_cleanly(path):
            image.load()  # a file copied only in part ends early too: that is damage, not extra data
            reasons.append("có dữ liệu ẩn sau ảnh: ảnh động, ảnh xem trước")
    elif image.format == "PNG" and suffix == ".png" and (transparent or keep_format):
        if set(image.info) - _PNG_KEYS or exif:
            reasons.append("có thông tin kèm theo ảnh: EXIF, hồ sơ màu, ghi chú…")
    else:
        kind = "HEIC" if image.format == "HEIF" else image.format or suffix.lstrip(".").upper()  # as iPhones name it
        reasons.append(f"định dạng {kind}, cần chuyển sang {'PNG' if transparent else 'JPG'}")
    return Inspection(tuple(reasons), gps, transparent)


def _transparent(image: Image.Image) -> bool:
    """Whether any pixel is see-through; only then is a picture kept as PNG."""
    if image.mode not in ("RGBA", "LA", "PA", "P") and "transparency" not in image.info:
        return False
    image.load()
    alpha = image.convert("RGBA").getchannel("A")
    return alpha.getextrema()[0] < 255


def _ends_cleanly(path: Path) -> bool:
    """A JPEG ends with its EOI marker; Samsung and Google motion photos append a video after it."""
    with path.open("rb") as file:
        file.seek(max(0, path.stat().st_size - 16))
        return file.read().rstrip(b"\0").endswith(b"\xff\xd9")


def master_suffix(path: Path, transparent: bool) -> str:
    """The suffix the master of ``path`` has: its own for a JPEG or a transparent PNG, else .jpg/.png."""
    suffix = path.suffix.lower()
    if transparent:
        return path.suffix if suffix == ".png" else ".png"
    return path.suffix if suffix in JPEG_SUFFIXES else ".jpg"


class Job(NamedTuple):
    source: str
    name: str  # as the officer knows it: images/...
    max_side: int
    renamed_jpeg: str  # the free name to use if the master must be a JPEG under a new name
    renamed_png: str
    write: bool  # False: only inspect
    keep_name: bool = False  # a photo in docs/: its page names it, so it keeps its name and format


@dataclass(frozen=True)
class Outcome:
    """What intake did (or, when only checking, would do) to one photo."""

    name: str
    inspection: Inspection = field(default_factory=Inspection)
    bytes_before: int = 0
    bytes_after: int = 0
    written: str = ""  # the master's path relative to the site root, when it was written
    error: PhotoError | None = None

    @property
    def renamed(self) -> bool:
        return bool(self.written) and self.written != self.name


def process(job: Job) -> Outcome:
    """Worker: inspect one photo and, if asked, write its master. Never raises for a bad photo."""
    source = Path(job.source)
    try:
        size = source.stat().st_size
        inspection = inspect(source, job.max_side, job.name, keep_format=job.keep_name)
        if inspection.is_master or not job.write:
            return Outcome(job.name, inspection, size, size)
        if not source.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise PhotoError(
                f"ảnh “{job.name}” đang để chỉ đọc (read-only) nên không thu nhỏ được",
                "bỏ đánh dấu chỉ đọc (Windows: chuột phải vào ảnh → Properties → bỏ Read-only; "
                "máy Mac: Get Info → Sharing & Permissions → Read & Write), rồi chạy lại make anh",
            )
        transparent = inspection.transparent
        if job.keep_name and source.suffix.lower() not in (*JPEG_SUFFIXES, ".png"):
            raise PhotoError(
                f"ảnh “{job.name}” trong {Path(job.name).parts[0]}/ ở dạng {source.suffix}, không thu nhỏ được mà giữ tên",
                "mở ảnh bằng ứng dụng Ảnh, lưu thành JPG, sửa tên ảnh trong trang, rồi xoá ảnh cũ",
            )
        target = (
            source
            if job.keep_name or master_suffix(source, transparent) == source.suffix
            else Path(job.renamed_png if transparent else job.renamed_jpeg)
        )
        output = write_master(source, target if target == source else staging_name(target), job.max_side, job.name)
        written = str(PurePosixPath(job.name).with_name(target.name))
        return Outcome(job.name, inspection, size, output.stat().st_size, written)
    except PhotoError as error:
        return Outcome(job.name, error=error)
    except OSError as error:  # the disk refused: full, read-only folder, file vanished
        reason = error.strerror or str(error)
        return Outcome(
            job.name,
            error=PhotoError(
                f"không ghi được ảnh “{job.name}” ({reason})", "kiểm tra quyền ghi và chỗ trống trên ổ đĩa, rồi chạy lại"
            ),
        )


def staging_name(path: Path) -> Path:
    """Where a renamed master waits, hidden, until the posts that use it are rewritten."""
    return path.with_name(f".{path.name}{WAITING_SUFFIX}")


def recover(images_path: Path) -> None:
    """Undo what a run cut short left: originals moved aside go back, waiting masters are dropped."""
    for leftover in images_path.rglob(".*.tinxa-*") if images_path.is_dir() else ():
        if leftover.name.endswith(BACKUP_SUFFIX):
            original = leftover.with_name(leftover.name[1 : -len(BACKUP_SUFFIX)])
            if original.exists():
                leftover.unlink()  # a photo of that name was put back since: the officer's copy wins
            else:
                os.replace(leftover, original)
        elif leftover.name.endswith(WAITING_SUFFIX):
            leftover.unlink()


def write_master(source: Path, target: Path, max_side: int, name: str) -> Path:
    """Decode ``source`` and write its master to ``target`` through a temporary file renamed over
    it once complete (``output.replace_file``): an interrupted run leaves the original as it was."""
    stripped = None
    try:
        with open_photo(source, name) as image:
            if _only_metadata_to_drop(image, max_side):
                stripped = strip_jpeg(source.read_bytes())
            if stripped is None:
                if image.format == "JPEG":
                    # Decoding at 1/2 or 1/4 scale is ~3x faster than decoding and resizing; it is
                    # taken when it gives at least DRAFT_SHARE of the limit (12 MP 4000 px -> 2000 px).
                    image.draft("RGB", draft_size(image, math.floor(max_side * DRAFT_SHARE)))
                image.load()
                pixels = to_srgb(ImageOps.exif_transpose(image))
    except Exception as error:  # reported to the officer; unexpected errors still propagate
        raise as_photo_error(error, name) from None
    mode = stat.S_IMODE(source.stat().st_mode)
    if stripped is not None:  # written outside the try: a full disk is the disk's fault, not the photo's
        return replace_file(target, stripped, mode)
    pixels = fit(pixels, max_side)
    pixels.info = {}  # comments, text chunks and profiles ride along in .info and would be written
    buffer = io.BytesIO()
    if target.suffix.lower() == ".png":
        pixels.save(buffer, "PNG", optimize=True)
    else:
        pixels.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return replace_file(target, buffer.getvalue(), mode)


def _only_metadata_to_drop(image: Image.Image, max_side: int) -> bool:
    """A JPEG already small, upright and sRGB: dropping its metadata segments is all it needs, and
    that keeps its pixels exactly (photos forwarded by Zalo, already resized ones)."""
    if image.format != "JPEG" or max(image.size) > max_side or image.mode not in ("RGB", "L"):
        return False
    if image.getexif().get(_ORIENTATION, 1) != 1:
        return False
    profile = image.info.get("icc_profile")
    if not profile:
        return True
    try:
        return "srgb" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile))).lower()
    except (ImageCms.PyCMSError, OSError):
        return False


def strip_jpeg(data: bytes) -> bytes | None:
    """``data`` without its metadata segments (APP1–APP13, APP15, comments; APP0 unless JFIF) and
    without anything after the image, the compressed pixels untouched. None if ``data`` is not a
    JPEG this reader can follow to its end."""
    if data[:2] != b"\xff\xd8":
        return None
    kept, at, size = [b"\xff\xd8"], 2, len(data)
    while at + 1 < size:
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker == 0xD9:
            return b"".join([*kept, b"\xff\xd9"])
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        end = at + 2 + length
        if length < 2 or end > size:
            return None
        segment = data[at:end]
        metadata = 0xE0 <= marker <= 0xEF or marker == 0xFE
        if not metadata or (marker == 0xE0 and segment[4:9] == b"JFIF\0") or (marker == 0xEE and segment[4:9] == b"Adobe"):
            kept.append(segment)
        at = end
        if marker == 0xDA:  # a scan: compressed data up to the next marker (FF 00 and restarts are data)
            start = at
            while True:
                at = data.find(b"\xff", at)
                if at < 0 or at + 1 >= size:
                    return None
                if data[at + 1] == 0x00 or 0xD0 <= data[at + 1] <= 0xD7:
                    at += 2
                    continue
                break
            kept.append(data[start:at])
    return None


@dataclass
class IntakeReport:
    """Every photo looked at, what changed, and what could not be done."""

    outcomes: list[Outcome] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)  # old -> new, relative to the site root
    edited: list[str] = field(default_factory=list)  # posts and captions.yml that follow a rename
    refused: list[PhotoError] = field(default_factory=list)  # renames undone to keep posts whole

    @property
    def changed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.written]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def pending(self) -> list[Outcome]:
        """Photos outside the rule that were not (or, when only checking, would be) made masters."""
        return [o for o in self.outcomes if not o.error and not o.inspection.is_master and not o.written]


Progress = Callable[[int, int, str], None]


def photo_files(*folders: Path) -> list[Path]:
    """Every photo under ``folders``, skipping hidden files (macOS "._01.jpg", our temporaries)."""
    return sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix.lower() in PHOTO_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and path.is_file()
    )


def run(
    settings: Settings,
    paths: Iterable[Path] | None = None,
    *,
    write: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
) -> IntakeReport:
    """Apply the rule to ``paths`` (default: every photo under images/ and docs/), in parallel.

    With ``write=False`` nothing is written: the report lists what would change.
    """
    root = settings.root
    if write:
        recover(settings.images_path)
    files = photo_files(settings.images_path, settings.docs_path) if paths is None else sorted(set(paths))
    names = {path: path.relative_to(root).as_posix() for path in files}
    taken = {unicodedata.normalize("NFC", str(p)).lower() for p in files}
    in_docs = {path for path in files if path.is_relative_to(settings.docs_path)}
    jobs = [
        Job(str(path), names[path], settings.photo_max_side, *_free_names(path, taken), write, path in in_docs) for path in files
    ]

    report = IntakeReport()
    count = min(workers or os.cpu_count() or 1, len(jobs))
    pool = ProcessPoolExecutor(count, initializer=_ignore_interrupts) if count > 1 else None
    try:
        results = pool.map(process, jobs, chunksize=1) if pool else map(process, jobs)
        for done, outcome in enumerate(results, start=1):
            report.outcomes.append(outcome)
            if progress:
                progress(done, len(jobs), outcome.name)
    except KeyboardInterrupt:
        # Ctrl+C: photos already done are masters, the rest untouched; renamed masters that
        # wait for their posts are dropped, since the posts were not rewritten.
        if pool:
            pool.shutdown(cancel_futures=True)
            pool = None
        recover(settings.images_path)
        raise
    finally:
        if pool:
            pool.shutdown()
    renamed = {o.name: o.written for o in report.outcomes if o.renamed}
    if renamed:
        # Renamed masters still wait under hidden names, which galleries skip: the posts read
        # now show what they showed before intake.
        with _interrupts_deferred():  # half-followed renames would leave posts and photos out of step
            _follow_renames(settings, renamed, _references(settings), report)
    return report


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl+C until the block is done, then stop as asked."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    asked: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: asked.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if asked:
        raise KeyboardInterrupt


def _ignore_interrupts() -> None:
    """Workers leave Ctrl+C to the main process, which stops cleanly and says so in Vietnamese."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _free_names(path: Path, taken: set[str]) -> tuple[str, str]:
    """Names for a master that changes format: ``IMG_1.jpg``, or ``IMG_1-2.jpg`` when that exists."""
    names = []
    for suffix in (".jpg", ".png"):
        candidate, number = path.with_suffix(suffix), 1
        while path.suffix.lower() != suffix and (
            unicodedata.normalize("NFC", str(candidate)).lower() in taken or candidate.exists()
        ):
            number += 1
            candidate = path.with_name(f"{path.stem}-{number}{suffix}")
        if candidate != path:
            taken.add(unicodedata.normalize("NFC", str(candidate)).lower())
        names.append(str(candidate))
    return names[0], names[1]


# -- keeping posts whole when a photo's name changes -----------------------------------------------

References = list[tuple[str, str]]  # (post file, photo path in images/), in reading order


def _references(settings: Settings) -> References:
    read = read_posts(settings, reuse=False)  # a cached post would not notice a photo moved away
    named = [(post.source, ref) for post in read.posts for ref in post.photos] + read.unpublished_photos
    return sorted((source, ref.path) for source, ref in named)


def _follow_renames(settings: Settings, renamed: dict[str, str], before: References, report: IntakeReport) -> None:
    """Put renamed masters in place and point posts and captions at them; if any post would then
    show something else, undo every rename. A post that cannot be read but names the photo keeps
    that photo as it is.

    Originals are moved aside (hidden) until the posts read back exactly as before, then deleted.
    """
    root, images = settings.root, settings.images_dir
    moves = {_in_images(old, images): _in_images(new, images) for old, new in renamed.items()}
    edits, unreadable = _post_edits(settings, moves)
    captions, unreadable_captions = _caption_edits(root, renamed)
    edits.update(captions)
    for old, source in _named_in(unreadable + unreadable_captions, renamed).items():
        _refuse(
            report,
            root,
            old,
            renamed.pop(old),
            f"{source} không lưu theo bảng mã UTF-8",
            f"mở {source} bằng Notepad, chọn Lưu thành (Save as), bảng mã (Encoding) UTF-8, rồi chạy lại make anh",
        )
    if not renamed:
        return
    edits = {path: text for path, text in edits.items() if text is not None}
    originals = {path: path.read_bytes() for path in edits}  # as they were, to the byte (CRLF, BOM)
    aside = {root / old: (root / old).with_name(f".{Path(old).name}{BACKUP_SUFFIX}") for old in renamed}
    failure = ""
    try:
        for new in renamed.values():
            os.replace(staging_name(root / new), root / new)
        for path, text in edits.items():
            write_text(path, text)
        for original, backup in aside.items():
            os.replace(original, backup)
        after = _references(settings)
    except OSError as error:
        after, failure = [], error.strerror or str(error)
    expected = sorted((source, moves.get(path, path)) for source, path in before)
    if after == expected:
        for backup in aside.values():
            backup.unlink()
        report.renames.update(renamed)
        report.edited.extend(sorted(path.relative_to(root).as_posix() for path in edits))
        return
    # Undo: originals back, posts as they were, new masters removed.
    for original, backup in aside.items():
        if backup.exists():
            os.replace(backup, original)
    for path, data in originals.items():
        replace_file(path, data)
    broken = sorted({source for source, _path in set(expected) ^ set(after)})
    for old, new in renamed.items():
        _refuse(report, root, old, new, failure or ", ".join(broken))


def _refuse(report: IntakeReport, root: Path, old: str, new: str, where: str, fix: str = "") -> None:
    """Keep ``old`` as it was (its new master is removed) and tell the officer what to do by hand."""
    (root / new).unlink(missing_ok=True)
    staging_name(root / new).unlink(missing_ok=True)
    report.refused.append(
        PhotoError(
            f"ảnh “{old}” cần đổi tên thành “{Path(new).name}” nhưng không sửa tự động được bài viết dùng ảnh ({where})",
            fix or f"mở ảnh bằng ứng dụng Ảnh, lưu thành JPG tên “{Path(new).name}”, sửa tên ảnh trong bài, rồi xoá ảnh cũ",
        )
    )
    report.outcomes = [
        Outcome(o.name, o.inspection, o.bytes_before, o.bytes_before) if o.name == old else o for o in report.outcomes
    ]


def _named_in(files: list[tuple[str, bytes]], renamed: dict[str, str]) -> dict[str, str]:
    """Renamed photos whose name appears in a file we cannot read as text, whatever its encoding."""
    found = {}
    for old in renamed:
        name = Path(old).name
        spellings = set()
        for form in (unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)):
            for encoding in ("utf-8", "utf-16-le", "cp1258"):
                try:
                    spellings.add(form.encode(encoding))
                except UnicodeEncodeError:
                    continue
        for source, data in files:
            if any(spelling in data for spelling in spellings):
                found.setdefault(old, source)
    return found


def _in_images(path: str, images_dir: str) -> str:
    return path.removeprefix(f"{images_dir}/")


_PATH_CHARS = re.compile(r"[^\s\"'(<\[\]=,:|]*$")  # how far left a written path can reach
_NAME_END = re.compile(r"[\w.-]")


def _post_edits(settings: Settings, moves: dict[str, str]) -> tuple[dict[Path, str], list[tuple[str, bytes]]]:
    """New texts for the posts that name a renamed photo, in any form the build accepts; and the
    posts that could not be read as UTF-8 (name, bytes), which may name one all the same."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    for old, new in moves.items():
        by_name.setdefault(Path(old).name, []).append((old, new))
    edits, unreadable = {}, []
    for post in sorted(settings.posts_path.rglob("*.md")) if settings.posts_path.is_dir() else ():
        try:
            data = post.read_bytes()
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            unreadable.append((post.relative_to(settings.root).as_posix(), data))
            continue
        except OSError:
            continue
        edited = text
        for name, pairs in by_name.items():
            edited = _rename_in_text(edited, name, pairs, post, settings)
        if edited != text:
            edits[post] = edited
    return edits, unreadable


def _rename_in_text(text: str, name: str, pairs: list[tuple[str, str]], post: Path, settings: Settings) -> str:
    targets = dict(pairs)
    for form in {unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)}:
        out, start = [], 0
        for match in re.finditer(re.escape(form), text):
            end = match.end()
            if end < len(text) and _NAME_END.match(text[end]) and text[end] != ".":
                continue
            prefix = _PATH_CHARS.search(text[: match.start()])
            written = (prefix.group(0) if prefix else "") + form
            try:
                path = resolve_photo(unicodedata.normalize("NFC", written), post, settings.root, settings.images_dir)
            except PhotoPathError:
                continue
            if path in targets:
                out += [text[start : match.start()], renamed_as_written(form, name, Path(targets[path]).name)]
                start = end
        text = "".join(out) + text[start:]
    return text


def renamed_as_written(written: str, old: str, new: str) -> str:
    """``new`` spelt the way the officer wrote ``old``: only the part after the old stem changes.

    A Mac names files in NFD while the post was typed in NFC; rewriting the whole name would
    change the post's letters, not just ".HEIC" -> ".jpg" (or "-2.jpg").
    """
    stem = Path(old).stem
    return written[: len(written) - len(Path(old).suffix)] + new[len(stem) :]


def _caption_edits(root: Path, renamed: dict[str, str]) -> tuple[dict[Path, str], list[tuple[str, bytes]]]:
    """captions.yml files keyed by a renamed photo's file name, with the key renamed; and those
    that could not be read as UTF-8."""
    edits: dict[Path, str] = {}
    unreadable = []
    for old, new in renamed.items():
        captions = (root / old).parent / gallery.CAPTIONS_FILE
        if not captions.is_file():
            continue
        try:
            text = edits.get(captions) or captions.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            unreadable.append((captions.relative_to(root).as_posix(), captions.read_bytes()))
            continue
        except OSError:
            continue
        name, edited = Path(old).name, text
        for form in {unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)}:
            key = re.compile(rf"^(\s*)([\"']?){re.escape(form)}\2(\s*:)", re.MULTILINE)
            new_key = renamed_as_written(form, name, Path(new).name)
            edited = key.sub(lambda m, new_key=new_key: f"{m[1]}{m[2]}{new_key}{m[2]}{m[3]}", edited)
        if edited != text:
            edits[captions] = edited
    return edits, unreadable


def write_text(path: Path, text: str) -> None:
    replace_file(path, text.encode("utf-8"))
