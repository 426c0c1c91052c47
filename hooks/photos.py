"""Photo references in posts: where a path points, and whether it may be used at all.

Only files under the images folder can be published, and never as they are: ``images``
turns each reference into web derivatives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# HEIC/HEIF is what iPhones save by default; pillow-heif reads it.
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})

# A Markdown image in a post's body: ![alt](src) or ![alt](src "title").
BODY_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass(frozen=True)
class PhotoRef:
    """A photo as a post names it: ``path`` is relative to the images folder, in POSIX form."""

    path: str
    caption: str = ""
    line: int | None = None


class PhotoPathError(ValueError):
    """A reference that cannot be a photo of this site; the message is for the officer."""


def resolve_photo(written: str, post_file: Path, root: Path, images_dir: str) -> str:
    """Turn what the officer wrote into a path inside the images folder.

    ``images/...`` and ``/images/...`` are taken from the site's root, ``../images/...`` from the
    post's own folder, and a bare name like ``01.jpg`` means the post's photo folder
    ``images/<post file name>/``. Anything that lands outside the images folder is refused.
    """
    text = written.strip().replace("\\", "/")
    if "://" in text or text.startswith("data:"):
        raise PhotoPathError(f"“{written}” là địa chỉ trên mạng, không phải ảnh trong thư mục {images_dir}/")
    images_root = (root / images_dir).resolve()
    if text.startswith("/") or PurePosixPath(text).parts[:1] == (images_dir,):
        target = root / text.lstrip("/")
    elif text.startswith(".."):
        target = post_file.parent / text
    else:
        target = images_root / post_file.stem / text
    target = target.resolve()
    if not target.is_relative_to(images_root) or target == images_root:
        raise PhotoPathError(f"“{written}” nằm ngoài thư mục {images_dir}/")
    return target.relative_to(images_root).as_posix()
