"""Phone photos as phones write them, and what a master must be (hooks/intake.py's rule).

Shared by the intake, commit-hook, build and web editor tests.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms

RED = (220, 20, 20)
# Segments a master JPEG may carry before its scan; everything else is metadata.
DECODING = {"APP0", "APP14", "DQT", "DHT", "DAC", "DRI", "SOF0", "SOF1", "SOF2"}
_NAMES = {0xE0: "APP0", 0xEE: "APP14", 0xDB: "DQT", 0xC4: "DHT", 0xCC: "DAC", 0xDD: "DRI", 0xFE: "COM"}
_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def phone_photo(path: Path, size: tuple[int, int] = (4000, 3000), orientation: int | None = 6, **save) -> Path:
    """A JPEG as a phone writes it: stored with its left half red; camera, GPS and orientation in
    EXIF, a colour profile, XMP and a comment."""
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), RED), (0, 0))
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.5), 3: "E", 4: (105.0, 50.0, 12.0)}
    if orientation:
        exif[0x0112] = orientation
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=90, exif=exif, icc_profile=icc, xmp=_XMP, comment=b"secret comment", **save)
    return path


def heic_photo(path: Path, size: tuple[int, int] = (3024, 4032)) -> Path:
    """An iPhone photo: HEIC with the GPS position."""
    image = Image.new("RGB", size, (30, 160, 60))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.5)}
    path.parent.mkdir(parents=True, exist_ok=True)
    pillow_heif.from_pillow(image).save(path, exif=exif.tobytes(), quality=60)
    return path


def jpeg_segments(data: bytes) -> list[str]:
    """The names of a JPEG's segments before its first scan: ["APP0", "DQT", "SOF0", ...]."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    names, at = [], 2
    while data[at + 1] != 0xDA:
        marker = data[at + 1]
        if 0xE0 <= marker <= 0xEF:
            name = f"APP{marker - 0xE0}"
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            name = f"SOF{marker - 0xC0}"
        else:
            name = _NAMES.get(marker, hex(marker))
        names.append(name)
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return names


def assert_master(source: bytes | Path, max_side: int = 2048) -> Image.Image:
    """``source`` (a file or its bytes) meets the rule of a master; returns it decoded."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    image = Image.open(io.BytesIO(data))
    image.load()
    assert max(image.size) <= max_side, image.size
    assert "exif" not in image.info and "icc_profile" not in image.info and "xmp" not in image.info, sorted(image.info)
    assert not image.getexif()
    for secret in (b"Exif", b"PhoneMaker", b"http://ns.adobe.com/xap", b"xmpmeta", b"ICC_PROFILE", b"iCCP", b"secret"):
        assert secret not in data, secret
    if image.format == "JPEG":
        segments = jpeg_segments(data)
        assert set(segments) <= DECODING and segments[0] == "APP0", segments
        assert image.mode in ("RGB", "L") and data.rstrip(b"\0").endswith(b"\xff\xd9")
    else:
        assert image.format == "PNG", image.format  # see-through, or kept as PNG in docs/
    return image
