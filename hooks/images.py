"""Publishing photos: web derivatives from an officer's originals, cached by content.

An original is never published, moved or changed. Each referenced photo becomes a few
WebP files bounded by a long side (480, 960, 1440 px): turned upright from its EXIF
orientation, converted to sRGB, stripped of every piece of metadata (GPS above all).
Photos used as a post's cover also get a 1200×630 JPEG crop for Facebook and Zalo cards.
Derivatives live in a cache folder keyed by the photo's bytes and the settings, so
unchanged photos cost nothing to rebuild; misses are processed in parallel.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import math
import os
import time
import warnings
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import pillow_heif
from PIL import Image, ImageCms, ImageColor, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from hooks.photos import CONVERTIBLE_SUFFIXES, PHOTO_SUFFIXES

# (long side in px, WebP quality): small renditions need a higher quality to look as good.
RENDITIONS = ((480, 68), (960, 60), (1440, 50))
SOCIAL_SIZE = (1200, 630)
PODCAST_SIZE = (1400, 1400)  # Apple Podcasts asks for a square cover of 1400 to 3000 px
SOCIAL_QUALITY = 72
MIN_CARD_WIDTH = 600  # Facebook shows smaller pictures as a thumbnail, not a card
# Phones reach 50-200 MP; beyond this a file is more likely a decompression bomb than a photo.
MAX_PIXELS = 120_000_000
PUBLIC_FOLDER = "anh"
INDEX_FILE = "index.json"
# Bump when the output of ``_render`` changes, so stale cached derivatives are not reused.
PIPELINE_VERSION = "3"

# iPhones save HEIC by default: read it rather than turn the officer away.
pillow_heif.register_heif_opener()
# Pillow warns from ~89 MP; 108 MP phone photos are real, so our own limit decides instead.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Rendition:
    """One published derivative: its name under the site root, pixel size and bytes."""

    name: str
    width: int
    height: int
    bytes: int


@dataclass(frozen=True)
class PublishedPhoto:
    """The derivatives of one original, smallest first; its dominant colour; its social crop."""

    renditions: tuple[Rendition, ...]
    colour: str
    social: Rendition | None = None

    @property
    def width(self) -> int:
        return self.renditions[-1].width

    @property
    def height(self) -> int:
        return self.renditions[-1].height

    @property
    def files(self) -> tuple[Rendition, ...]:
        return self.renditions + ((self.social,) if self.social else ())

    def closest(self, width: int) -> Rendition:
        """The smallest rendition at least ``width`` wide (or the largest there is)."""
        return next((r for r in self.renditions if r.width >= width), self.renditions[-1])


class PhotoError(Exception):
    """A photo that cannot be published; the message and fix are for the officer."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message, fix)  # both in args, so the error survives the trip back from a worker
        self.fix = fix

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class PublishReport:
    photos: dict[str, PublishedPhoto]  # by path relative to the images folder
    errors: dict[str, PhotoError]
    cache_hits: int
    processed: int
    seconds: float
    site_card: Rendition | None = None  # the picture pages without a photo of their own share
    podcast_cover: Rendition | None = None  # the same, square, for podcast apps (made when there are bulletins)

    def files(self, cache_dir: Path) -> Iterable[tuple[str, Path]]:
        """(name under the site root, file in the cache) for every derivative to publish, once each."""
        names = sorted({rendition.name for photo in self.photos.values() for rendition in photo.files})
        names += [card.name for card in (self.site_card, self.podcast_cover) if card]
        for name in names:
            yield name, cache_dir / name

    @property
    def bytes_out(self) -> int:
        return sum(r.bytes for photo in self.photos.values() for r in photo.files)


Progress = Callable[[int, int], None]


def cache_key(data: bytes, social: bool) -> str:
    settings = f"{PIPELINE_VERSION}|{RENDITIONS}|{SOCIAL_SIZE if social else ''}|{SOCIAL_QUALITY}".encode()
    return hashlib.sha256(settings + data).hexdigest()[:20]


def publish(
    paths: Iterable[str],
    images_root: Path,
    cache_dir: Path,
    *,
    social: Collection[str] = (),
    workers: int | None = None,
    progress: Progress | None = None,
) -> PublishReport:
    """Make sure every photo in ``paths`` has derivatives in ``cache_dir``; process misses in parallel.

    ``social`` names the photos that also need a card crop (covers and teaser photos).
    """
    started = time.perf_counter()
    photos: dict[str, PublishedPhoto] = {}
    errors: dict[str, PhotoError] = {}
    misses: dict[str, tuple[str, Path, bool]] = {}
    index = _Index(cache_dir / PUBLIC_FOLDER / INDEX_FILE)
    hits = 0
    for path in sorted(set(paths)):
        source = images_root / path
        suffix = source.suffix.lower()
        if suffix in CONVERTIBLE_SUFFIXES:
            message = f"ảnh “{images_root.name}/{path}” ở định dạng {suffix}, trang chưa hỗ trợ định dạng này"
            errors[path] = PhotoError(message, "mở ảnh bằng Paint hoặc ứng dụng Ảnh, chọn Lưu thành (Save as) JPEG rồi chép lại")
            continue
        if suffix not in PHOTO_SUFFIXES:
            message = f"“{images_root.name}/{path}” không phải tệp ảnh (.jpg, .png, .webp, .heic)"
            errors[path] = PhotoError(message, "chọn một tệp ảnh JPG")
            continue
        wants_social = path in social
        if not source.is_file():  # deleted since the post was read (the preview keeps posts it read)
            errors[path] = PhotoError(f"không tìm thấy ảnh “{images_root.name}/{path}”", "chép lại ảnh vào đúng thư mục")
            continue
        key = index.key(path, source, wants_social)
        cached = _load_manifest(cache_dir, key)
        if cached:
            photos[path] = cached
            hits += 1
        else:
            misses[path] = (key, source, wants_social)
    if misses:
        cache_dir.joinpath(PUBLIC_FOLDER).mkdir(parents=True, exist_ok=True)
        jobs = [
            Job(str(source), f"{images_root.name}/{path}", key, str(cache_dir), wants_social)
            for path, (key, source, wants_social) in misses.items()
        ]
        for path, result in zip(misses, _run(jobs, workers, progress), strict=True):
            if isinstance(result, PhotoError):
                errors[path] = result
            else:
                photos[path] = result
    index.save()
    return PublishReport(photos, errors, hits, len(misses), time.perf_counter() - started)


class Job(NamedTuple):
    source: str
    name: str  # as the officer knows it: images/...
    key: str
    cache_dir: str
    social: bool


def _run(jobs: list[Job], workers: int | None, progress: Progress | None) -> list[PublishedPhoto | PhotoError]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        results = []
        for done, job in enumerate(jobs, start=1):
            results.append(_process(job))
            if progress:
                progress(done, len(jobs))
        return results
    with ProcessPoolExecutor(workers) as pool:
        futures: list[Future[PublishedPhoto | PhotoError]] = [pool.submit(_process, job) for job in jobs]
        for done, _future in enumerate(as_completed(futures), start=1):
            if progress:
                progress(done, len(jobs))
        return [future.result() for future in futures]


class _Index:
    """Remembers each photo's cache key by (size, mtime), so a warm build reads no photo bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            entries = json.loads(path.read_text())
        except (OSError, ValueError):
            entries = None
        # A damaged index only costs re-reading the photos: keep the entries that look right.
        self.entries: dict[str, list] = {
            name: entry
            for name, entry in (entries.items() if isinstance(entries, dict) else ())
            if isinstance(entry, list) and len(entry) == 4 and isinstance(entry[3], str)
        }
        self.changed = False

    def key(self, name: str, source: Path, social: bool) -> str:
        stat = source.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, social]
        entry = self.entries.get(name)
        if entry and entry[:3] == stamp:
            return entry[3]
        key = cache_key(source.read_bytes(), social)
        self.entries[name] = [*stamp, key]
        self.changed = True
        return key

    def save(self) -> None:
        if self.changed and self.path.parent.is_dir():
            self.path.write_text(json.dumps(self.entries, sort_keys=True))


def _load_manifest(cache_dir: Path, key: str) -> PublishedPhoto | None:
    """The cached derivatives of ``key``, or None when anything about them is missing or damaged."""
    try:
        data = json.loads((cache_dir / PUBLIC_FOLDER / f"{key}.json").read_text())
        social = Rendition(**data["social"]) if data.get("social") else None
        photo = PublishedPhoto(tuple(Rendition(**r) for r in data["renditions"]), str(data["colour"]), social)
        intact = photo.renditions and all((cache_dir / r.name).stat().st_size == r.bytes > 0 for r in photo.files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return photo if intact else None


def _process(job: Job) -> PublishedPhoto | PhotoError:
    """Worker: decode once, write every rendition and the manifest. Never raises."""
    try:
        photo = _render(Path(job.source), job.key, Path(job.cache_dir), job.social, job.name)
    except Exception as error:  # a worker reports; unexpected errors still propagate from here
        return as_photo_error(error, job.name)
    manifest = {"renditions": [asdict(r) for r in photo.renditions], "colour": photo.colour}
    manifest["social"] = asdict(photo.social) if photo.social else None
    Path(job.cache_dir, PUBLIC_FOLDER, f"{job.key}.json").write_text(json.dumps(manifest))
    return photo


# What Pillow and the codecs raise on a file that is damaged, truncated or not a picture at all.
DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, RuntimeError, EOFError)


def as_photo_error(error: Exception, name: str) -> PhotoError:
    """The officer's message for whatever reading ``name`` raised; unexpected errors propagate."""
    if isinstance(error, PhotoError):
        return error
    if isinstance(error, Image.DecompressionBombError | Image.DecompressionBombWarning | MemoryError):
        return too_big(name)
    if isinstance(error, DECODE_ERRORS):
        return PhotoError(
            f"ảnh “{name}” bị hỏng hoặc không phải tệp ảnh (có thể chép chưa hết)",
            "chép lại ảnh từ điện thoại hoặc máy ảnh, rồi mở thử trên máy tính trước khi đăng",
        )
    raise error


def too_big(name: str) -> PhotoError:
    return PhotoError(
        f"ảnh “{name}” có số điểm ảnh quá lớn (trên {MAX_PIXELS // 1_000_000} triệu)",
        "thu nhỏ ảnh xuống khoảng 4000 điểm ảnh chiều rộng rồi chép lại",
    )


def open_photo(source: Path, name: str) -> Image.Image:
    """Open a photo lazily (header only), refusing sizes that are more likely a decompression bomb."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(source)
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise too_big(name)
    return image


def _render(source: Path, key: str, cache_dir: Path, social: bool, name: str) -> PublishedPhoto:
    with open_photo(source, name) as image:
        # Decoding a JPEG at 1/2, 1/4 or 1/8 scale is Pillow's biggest speed-up for phone photos.
        image.draft("RGB", draft_size(image, RENDITIONS[-1][0]))
        image.load()
        pixels = to_srgb(ImageOps.exif_transpose(image))
    # Comments and other text chunks ride along in .info and JPEG saving would write them out.
    pixels.info = {}
    renditions = []
    current = pixels
    # Largest first, each from the previous one: cheaper than resizing the full photo each time.
    for long_side, quality in reversed(RENDITIONS):
        current = fit(current, long_side)
        if not renditions or current.width < renditions[-1].width:  # a small photo yields fewer sizes
            renditions.append(_save(current, f"{PUBLIC_FOLDER}/{key}-{current.width}.webp", cache_dir, "WEBP", quality))
    renditions.reverse()
    opaque = _on_white(pixels)
    card = None
    card_size = _card_size(pixels)
    if social and card_size:
        crop = ImageOps.fit(opaque, card_size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
        card = _save(crop, f"{PUBLIC_FOLDER}/{key}-og.jpg", cache_dir, "JPEG", SOCIAL_QUALITY)
    # The placeholder colour shows while loading; behind transparent pixels it would stay visible.
    red, green, blue = opaque.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    colour = "transparent" if pixels.mode == "RGBA" else f"#{red:02x}{green:02x}{blue:02x}"
    return PublishedPhoto(tuple(renditions), colour, card)


def _on_white(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _card_size(image: Image.Image) -> tuple[int, int] | None:
    """The sharing card's size: 1200×630, smaller for a small photo (never upscaled), none under 600 px."""
    width = min(SOCIAL_SIZE[0], image.width, round(image.height * SOCIAL_SIZE[0] / SOCIAL_SIZE[1]))
    if width < MIN_CARD_WIDTH:
        return None
    return width, round(width * SOCIAL_SIZE[1] / SOCIAL_SIZE[0])


def fit(image: Image.Image, long_side: int) -> Image.Image:
    """``image`` scaled down so its longer side is at most ``long_side``; never scaled up."""
    scale = long_side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, name: str, cache_dir: Path, kind: str, quality: int) -> Rendition:
    buffer = io.BytesIO()
    # No exif=, icc_profile= or xmp=: Pillow then writes no metadata at all.
    if kind == "JPEG":
        image.save(buffer, kind, quality=quality, optimize=True, progressive=True)
    else:
        # method 1 encodes ~3x faster than the default 4 for ~3 % more bytes (measured in benchmarks/).
        image.save(buffer, kind, quality=quality, method=1)
    data = buffer.getvalue()
    (cache_dir / name).write_bytes(data)
    return Rendition(name, image.width, image.height, len(data))


def draft_size(image: Image.Image, long_side: int) -> tuple[int, int]:
    """The smallest decode size that still gives ``long_side`` (for ``Image.draft``)."""
    scale = min(1.0, long_side / max(image.size))
    return math.ceil(image.width * scale), math.ceil(image.height * scale)


def to_srgb(image: Image.Image) -> Image.Image:
    if image.mode.startswith("I"):
        # 16-bit greyscale (0-65535): scale into 8 bits, else convert() clips everything to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
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


# -- the site's sharing card ----------------------------------------------------------------
# Pages without a photo of their own (listings, static pages, posts without photos) share this
# picture: the commune's logo and name on its colour, drawn at build time and cached by its inputs.

CARD_VERSION = "1"
CARD_MARGIN = 80
# Lato Bold (SIL Open Font License) has every Vietnamese letter and ships inside MkDocs, which the
# site installs anyway: nothing is downloaded. Without it the card shows the logo alone.
CARD_FONT = ("themes", "readthedocs", "css", "fonts", "lato-bold.woff")


@dataclass(frozen=True)
class CardDesign:
    """What the site card is drawn from (``extra.tinxa`` and ``theme.logo`` in mkdocs.yml)."""

    name: str
    tagline: str = ""
    colour: str = "#b71c1c"  # background, "#rrggbb"
    logo: Path | None = None  # the theme's logo, if it is a picture file
    picture: Path | None = None  # a card the commune made itself: used (cropped to 1200×630) instead


def card_font() -> Path | None:
    """The bundled font the card's text is written in, or None when it cannot be found."""
    spec = importlib.util.find_spec("mkdocs")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, *CARD_FONT)
        if path.is_file():
            return path
    return None


def site_card(design: CardDesign, cache_dir: Path, size: tuple[int, int] = SOCIAL_SIZE) -> Rendition:
    """The 1200×630 JPEG card for pages without a photo, made once per design (name, colour, logo bytes);
    in another ``size`` for another use (the podcast's square cover).

    Raises ``PhotoError`` only for the commune's own ``picture``; an unreadable logo is left out.
    """
    font = card_font()
    parts = [CARD_VERSION, str(size), str(SOCIAL_QUALITY), design.name, design.tagline, design.colour]
    parts += [str(font and font.name)]
    digest = hashlib.sha256("|".join(parts).encode())
    for source in (design.logo, design.picture):
        digest.update(b"|" + (_read(source) or b"") if source else b"|-")
    name = f"{PUBLIC_FOLDER}/{digest.hexdigest()[:20]}-the.jpg"
    target = cache_dir / name
    if target.is_file() and target.stat().st_size > 0:
        return Rendition(name, *size, target.stat().st_size)
    image = _card_picture(design.picture, size) if design.picture else _drawn_card(design, font, size)
    target.parent.mkdir(parents=True, exist_ok=True)
    return _save(image, name, cache_dir, "JPEG", SOCIAL_QUALITY)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _card_picture(path: Path, size: tuple[int, int]) -> Image.Image:
    name = path.name
    try:
        with open_photo(path, name) as image:
            image.load()
            pixels = _on_white(to_srgb(ImageOps.exif_transpose(image)))
    except Exception as error:  # as_photo_error re-raises what is not about the file
        raise as_photo_error(error, name) from None
    return ImageOps.fit(pixels, size, Image.Resampling.LANCZOS)


def _drawn_card(design: CardDesign, font: Path | None, size: tuple[int, int]) -> Image.Image:
    width, height = size

    def scaled(value: int) -> int:  # measures are drawn for the 630 px high card
        return round(value * height / SOCIAL_SIZE[1])

    background = ImageColor.getrgb(design.colour)
    card = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(card)
    # A lighter band at the foot, as on the site's header: the card reads as the site's own.
    draw.rectangle((0, height - 24, width, height), fill=tuple(round(c + (255 - c) * 0.35) for c in background))
    logo = _card_logo(design.logo, scaled(260 if font else 420))
    ink = (255, 255, 255) if _luminance(background) < 0.45 else (20, 20, 20)
    blocks: list[tuple[list[str], ImageFont.FreeTypeFont]] = []
    if font:
        blocks.append(_fitted(design.name, font, width - 2 * CARD_MARGIN, (scaled(88), scaled(40)), 2))
        if design.tagline:
            blocks.append(_fitted(design.tagline, font, width - 2 * CARD_MARGIN, (scaled(34), scaled(26)), 2))
    gap = scaled(36)
    heights = [logo.height] if logo else []
    heights += [sum(_line_height(f) for _line in lines) for lines, f in blocks]
    y = (height - 24 - sum(heights) - gap * (len(heights) - 1)) // 2
    if logo:
        card.paste(logo, ((width - logo.width) // 2, y), logo)
        y += logo.height + gap
    for lines, face in blocks:
        for line in lines:
            draw.text((width // 2, y), line, font=face, fill=ink, anchor="ma")
            y += _line_height(face)
        y += gap
    return card


def _card_logo(path: Path | None, side: int) -> Image.Image | None:
    if path is None:
        return None
    try:
        with open_photo(path, path.name) as image:
            image.load()
            logo = to_srgb(ImageOps.exif_transpose(image)).convert("RGBA")
    except (PhotoError, Image.DecompressionBombError, Image.DecompressionBombWarning, *DECODE_ERRORS):
        return None  # a broken logo leaves the card with the name alone
    logo.thumbnail((side * 2, side), Image.Resampling.LANCZOS)
    return logo


def _fitted(
    text: str, font: Path, width: int, sizes: tuple[int, int], max_lines: int
) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """``text`` in the largest size (from ``sizes[0]`` down to ``sizes[1]``) that fits ``max_lines`` lines."""
    size = sizes[0]
    while True:
        face = ImageFont.truetype(str(font), size)
        lines = _wrapped(text, face, width)
        if len(lines) <= max_lines or size <= sizes[1]:
            if len(lines) > max_lines:
                lines = lines[:max_lines]
                while face.getlength(lines[-1] + "…") > width and " " in lines[-1]:
                    lines[-1] = lines[-1].rsplit(" ", 1)[0]
                lines[-1] += "…"
            return lines, face
        size -= 4


def _wrapped(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _line_height(face: ImageFont.FreeTypeFont) -> int:
    return round(face.size * 1.3)  # room for Vietnamese marks above capitals (Ấ, Ở)


def _luminance(rgb: tuple[int, ...]) -> float:
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255
