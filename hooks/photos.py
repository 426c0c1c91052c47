"""Photo references in posts: where a path points, and whether it may be used at all.

Only files under the images folder can be published, and never as they are: ``images``
turns each reference into web derivatives.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# HEIC/HEIF is what iPhones save by default; pillow-heif reads it.
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})
# Pictures we do not publish (animation, old or rare formats): the officer converts them to JPG.
CONVERTIBLE_SUFFIXES = frozenset({".gif", ".bmp", ".tif", ".tiff", ".avif", ".svg", ".jfif"})

# A picture in a post's body: ![alt](src), ![alt](<src with spaces>), ![alt](src "title"),
# or raw HTML <img src="...">, which trusted authors may write.
BODY_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*(?:<(?P<angle>[^>]+)>|(?P<src>[^)\s]+))(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
    r"|<img\b[^>]*?\bsrc=[\"'](?P<html>[^\"']+)[\"'][^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PhotoRef:
    """A photo as a post names it: ``path`` is relative to the images folder, in POSIX form."""

    path: str
    caption: str = ""
    line: int | None = None
    field: str | None = None  # the front matter field (or body) that named it, for messages


class PhotoPathError(ValueError):
    """A reference that cannot be a photo of this site; the message is for the officer."""


def resolve_photo(written: str, post_file: Path, root: Path, images_dir: str) -> str:
    """Turn what the officer wrote into a path inside the images folder.

    ``images/...``, ``/images/...`` and ``../images/...`` (from a post at any depth) all mean the
    site's images folder; a bare name like ``01.jpg`` means the post's photo folder
    ``images/<post file name>/``. Anything that lands outside the images folder is refused.
    """
    text = written.strip().replace("\\", "/")
    if any(ord(ch) < 32 for ch in text) or len(text) > 1000:
        raise PhotoPathError(f"đường dẫn ảnh “{text[:60]}” có ký tự không hợp lệ hoặc quá dài")
    if "://" in text or text.startswith(("data:", "//")):
        raise PhotoPathError(f"“{written}” là địa chỉ trên mạng, không phải ảnh trong thư mục {images_dir}/")
    outside = PhotoPathError(f"“{written}” nằm ngoài thư mục {images_dir}/")
    parts = [part for part in PurePosixPath(text).parts if part not in ("/", ".")]
    climbs = 0
    while parts[:1] == [".."]:
        parts.pop(0)
        climbs += 1
    if parts[:1] == [images_dir]:
        relative = parts[1:]
    elif text.startswith("/") or climbs:
        raise outside
    else:
        relative = [post_file.stem, *parts]
    images_root = (root / images_dir).resolve()
    try:
        target = locate(images_root, relative)
        resolved = target.resolve()
    except (OSError, ValueError, RuntimeError):  # a name too long for the disk, a link loop
        raise PhotoPathError(f"không đọc được đường dẫn ảnh “{written[:60]}”") from None
    if not resolved.is_relative_to(images_root) or resolved == images_root:
        raise outside
    # normpath folds "a/../a/01.jpg" so one photo has one name (links are kept, not followed).
    return Path(os.path.normpath(target)).relative_to(images_root).as_posix()


def locate(folder: Path, parts: list[str]) -> Path:
    """``folder``/``parts``, matching names on disk whatever their Unicode form (photos, sound files).

    A Mac writes file names in NFD; what the officer types is NFC after reading.
    """
    current = folder
    for part in parts:
        candidate = current / part
        if part != ".." and not candidate.exists() and current.is_dir():
            wanted = unicodedata.normalize("NFC", part)
            same = (entry for entry in current.iterdir() if unicodedata.normalize("NFC", entry.name) == wanted)
            candidate = next(same, candidate)
        current = candidate
    return current


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        return False


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (following links) really lies inside ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())
