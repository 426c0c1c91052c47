"""Publishing photos: web derivatives from an officer's originals, cached by content.

An original is never published, moved or changed. Each referenced photo becomes a few
WebP files at fixed widths: turned upright from its EXIF orientation, converted to sRGB,
stripped of every piece of metadata (GPS above all). Derivatives live in a cache folder
keyed by the photo's bytes and the settings, so unchanged photos cost nothing to rebuild.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from hooks.photos import CONVERTIBLE_SUFFIXES, PHOTO_SUFFIXES

WIDTHS = (480, 960, 1600)
QUALITY = 72
# Phones reach 50-200 MP; beyond this a file is more likely a decompression bomb than a photo.
MAX_PIXELS = 120_000_000
PUBLIC_FOLDER = "anh"
# Bump when the output of ``_render`` changes, so stale cached derivatives are not reused.
PIPELINE_VERSION = "1"

ORIENTATION_TAG = 0x0112
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Rendition:
    """One published derivative: its name under the site root and its pixel size."""

    name: str
    width: int
    height: int


@dataclass(frozen=True)
class PublishedPhoto:
    """The derivatives of one original, smallest first, and its dominant colour."""

    renditions: tuple[Rendition, ...]
    colour: str

    @property
    def width(self) -> int:
        return self.renditions[-1].width

    @property
    def height(self) -> int:
        return self.renditions[-1].height

    def closest(self, width: int) -> Rendition:
        """The smallest rendition at least ``width`` wide (or the largest there is)."""
        return next((r for r in self.renditions if r.width >= width), self.renditions[-1])


class PhotoError(Exception):
    """A photo that cannot be published; the message and fix are for the officer."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


@dataclass
class PublishReport:
    photos: dict[str, PublishedPhoto]  # by path relative to the images folder
    errors: dict[str, PhotoError]
    cache_hits: int
    processed: int

    def files(self, cache_dir: Path) -> Iterable[tuple[str, Path]]:
        """(name under the site root, file in the cache) for every derivative to publish."""
        for photo in self.photos.values():
            for rendition in photo.renditions:
                yield rendition.name, cache_dir / rendition.name


def cache_key(data: bytes) -> str:
    settings = f"{PIPELINE_VERSION}|{WIDTHS}|{QUALITY}".encode()
    return hashlib.sha256(settings + data).hexdigest()[:20]


def publish(paths: Iterable[str], images_root: Path, cache_dir: Path, *, workers: int | None = None) -> PublishReport:
    """Make sure every photo in ``paths`` has derivatives in ``cache_dir``; process misses in parallel."""
    photos: dict[str, PublishedPhoto] = {}
    errors: dict[str, PhotoError] = {}
    misses: dict[str, tuple[str, Path]] = {}
    hits = 0
    for path in sorted(set(paths)):
        source = images_root / path
        suffix = source.suffix.lower()
        if suffix in CONVERTIBLE_SUFFIXES:
            errors[path] = PhotoError(
                f"ảnh “{path}” ở định dạng HEIC của iPhone, trình duyệt không hiển thị được",
                "trên iPhone chọn Cài đặt → Camera → Định dạng → Tương thích nhất, hoặc chuyển ảnh sang JPG rồi chép lại",
            )
            continue
        if suffix not in PHOTO_SUFFIXES:
            errors[path] = PhotoError(f"“{path}” không phải tệp ảnh .jpg, .png hoặc .webp", "chọn một tệp ảnh JPG")
            continue
        key = cache_key(source.read_bytes())
        manifest = cache_dir / PUBLIC_FOLDER / f"{key}.json"
        cached = _load_manifest(manifest, cache_dir)
        if cached:
            photos[path] = cached
            hits += 1
        else:
            misses[path] = (key, source)
    if misses:
        cache_dir.joinpath(PUBLIC_FOLDER).mkdir(parents=True, exist_ok=True)
        jobs = [(str(source), key, str(cache_dir)) for key, source in misses.values()]
        workers = workers or min(len(jobs), os.cpu_count() or 1)
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                results = list(pool.map(_process, jobs))
        else:
            results = [_process(job) for job in jobs]
        for path, result in zip(misses, results, strict=True):
            if isinstance(result, PhotoError):
                errors[path] = result
            else:
                photos[path] = result
    return PublishReport(photos, errors, cache_hits=hits, processed=len(misses))


def _load_manifest(manifest: Path, cache_dir: Path) -> PublishedPhoto | None:
    try:
        data = json.loads(manifest.read_text())
        photo = PublishedPhoto(tuple(Rendition(**r) for r in data["renditions"]), data["colour"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if all((cache_dir / r.name).is_file() for r in photo.renditions):
        return photo
    return None


def _process(job: tuple[str, str, str]) -> PublishedPhoto | PhotoError:
    """Worker: decode once, write every rendition and the manifest. Never raises."""
    source, key, cache_dir = job
    name = Path(source).name
    try:
        photo = _render(Path(source), key, Path(cache_dir))
    except PhotoError as error:
        return error
    except Image.DecompressionBombError:
        return _too_big(name)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return PhotoError(
            f"ảnh “{name}” bị hỏng hoặc không phải tệp ảnh (có thể chép chưa hết)",
            "chép lại ảnh từ điện thoại hoặc máy ảnh, rồi mở thử trên máy tính trước khi đăng",
        )
    except MemoryError:
        return _too_big(name)
    manifest = Path(cache_dir) / PUBLIC_FOLDER / f"{key}.json"
    manifest.write_text(json.dumps({"renditions": [asdict(r) for r in photo.renditions], "colour": photo.colour}))
    return photo


def _too_big(name: str) -> PhotoError:
    return PhotoError(
        f"ảnh “{name}” có số điểm ảnh quá lớn (trên {MAX_PIXELS // 1_000_000} triệu)",
        "thu nhỏ ảnh xuống khoảng 4000 điểm ảnh chiều rộng rồi chép lại",
    )


def _render(source: Path, key: str, cache_dir: Path) -> PublishedPhoto:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(source)
    with image:
        if image.width * image.height > MAX_PIXELS:
            raise _too_big(source.name)
        # Decoding a JPEG at 1/2, 1/4 or 1/8 scale is Pillow's biggest speed-up for phone photos.
        image.draft("RGB", _draft_size(image))
        image.load()
        upright = ImageOps.exif_transpose(image)
        pixels = _to_srgb(upright)
    renditions = []
    for width in WIDTHS:
        # The last rendition is the photo's own width when that is below the widest: never upscale.
        size = (width, round(pixels.height * width / pixels.width)) if width < pixels.width else pixels.size
        resized = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0) if size != pixels.size else pixels
        name = f"{PUBLIC_FOLDER}/{key}-{size[0]}.webp"
        buffer = io.BytesIO()
        # No exif= and no icc_profile=: Pillow then writes no metadata at all.
        resized.save(buffer, "WEBP", quality=QUALITY, method=4)
        (cache_dir / name).write_bytes(buffer.getvalue())
        renditions.append(Rendition(name, *size))
        if size == pixels.size:
            break
    colour = pixels.resize((1, 1), Image.Resampling.BOX).convert("RGB").getpixel((0, 0))
    return PublishedPhoto(tuple(renditions), "#{:02x}{:02x}{:02x}".format(*colour))


def _draft_size(image: Image.Image) -> tuple[int, int]:
    """The smallest decode size that still gives the widest rendition, upright."""
    sideways = image.getexif().get(ORIENTATION_TAG) in (5, 6, 7, 8)
    upright_width = image.height if sideways else image.width
    scale = min(1.0, WIDTHS[-1] / upright_width)
    return math.ceil(image.width * scale), math.ceil(image.height * scale)


def _to_srgb(image: Image.Image) -> Image.Image:
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=output_mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: the pixels are still usable as they are
    return image.convert(mode)
