"""Deterministic phone-like photos: 4000×3000 JPEG with natural-looking detail, EXIF Orientation and GPS.

Flat synthetic pictures compress far better than real photos and would flatter the image
pipeline, so these mix smooth gradients with detail at every scale (1/f noise), like foliage,
crowds and sensor noise in real phone shots.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

SIZE = (4000, 3000)


def _noise_layer(rng: random.Random, cells: tuple[int, int], size: tuple[int, int]) -> Image.Image:
    small = Image.frombytes("RGB", cells, rng.randbytes(cells[0] * cells[1] * 3))
    return small.resize(size, Image.Resampling.BICUBIC)


def phone_photo(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    rng = random.Random(seed)
    top = tuple(rng.randint(60, 200) for _ in range(3))
    bottom = tuple(rng.randint(20, 160) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    # Octaves from large blobs to fine texture, each weaker than the last (roughly 1/f).
    for cells, weight in ((6, 0.45), (24, 0.3), (96, 0.2), (400, 0.14), (1400, 0.08)):
        layer = _noise_layer(rng, (cells, cells * size[1] // size[0] or 1), size)
        image = Image.blend(image, layer, weight)
    grain = Image.effect_noise(size, 10).convert("RGB")
    image = ImageChops.add(image, grain, scale=1.0, offset=-8)
    return image.filter(ImageFilter.UnsharpMask(radius=2, percent=60))


def write_phone_photo(path: Path, seed: int, *, orientation: int = 6, size: tuple[int, int] = SIZE) -> Path:
    """Save as a phone does: JPEG quality 90, EXIF with camera, GPS position and orientation."""
    image = phone_photo(seed, size)
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.5), 3: "E", 4: (105.0, 50.0, 12.0)}
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=90, exif=exif)
    return path
