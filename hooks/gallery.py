"""Galleries given as a folder: every photo in it, by file name, captions from ``captions.yml``."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from hooks.frontmatter import YamlError, load_yaml
from hooks.photos import CONVERTIBLE_SUFFIXES, PHOTO_SUFFIXES, inside
from hooks.text import clean_line, normalize

CAPTIONS_FILE = "captions.yml"


@dataclass
class FolderListing:
    photos: list[tuple[str, str]] = field(default_factory=list)  # (path in images/, caption)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, fix)


def read_folder(images_root: Path, folder: str) -> FolderListing:
    """List a gallery folder (``folder`` is relative to ``images_root``)."""
    listing = FolderListing()
    directory = images_root / folder
    if not directory.is_dir():
        listing.problems.append((f"không tìm thấy thư mục ảnh “{folder}”", "tạo thư mục đó trong images/ và chép ảnh vào"))
        return listing
    captions = _read_captions(directory / CAPTIONS_FILE, folder, listing)
    files = sorted(
        # Hidden files (macOS "._01.jpg" copies) are not photos.
        (p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in PHOTO_SUFFIXES),
        key=lambda p: unicodedata.normalize("NFC", p.name),
    )
    if not files:
        listing.problems.append(
            (f"thư mục ảnh “{folder}” không có ảnh nào (.jpg, .png, .webp, .heic)", "chép ảnh vào thư mục này")
        )
    for path in sorted(p for p in directory.iterdir() if not p.name.startswith(".") and p.suffix.lower() in CONVERTIBLE_SUFFIXES):
        listing.problems.append(
            (
                f"ảnh “{folder}/{path.name}” ở định dạng {path.suffix.lower()}, trang chưa hỗ trợ định dạng này",
                "mở ảnh bằng Paint hoặc ứng dụng Ảnh, chọn Lưu thành (Save as) JPEG, rồi xoá tệp cũ",
            )
        )
    for path in files:
        if not inside(path, images_root):
            listing.problems.append((f"“{folder}/{path.name}” là liên kết tới tệp nằm ngoài thư mục images/", "xoá liên kết đó"))
            continue
        listing.photos.append((f"{folder}/{path.name}", captions.get(normalize(path.name), "")))
    return listing


def _read_captions(path: Path, folder: str, listing: FolderListing) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = load_yaml(normalize(path.read_bytes().decode("utf-8-sig"))).data
    except (YamlError, UnicodeDecodeError, OSError):
        data = None
    if not isinstance(data, dict) or not all(isinstance(v, str | int | float | None) for v in data.values()):
        listing.problems.append(
            (
                f"tệp chú thích “{folder}/{CAPTIONS_FILE}” không đọc được",
                'lưu tệp theo mã UTF-8, mỗi dòng dạng  01.jpg: "Chú thích ảnh"',
            )
        )
        return {}
    return {normalize(str(name)): clean_line(str(text)) for name, text in data.items() if text is not None}
