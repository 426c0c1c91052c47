"""Draw the sample site's photos (scenes of fields, halls and crowds) with Pillow.

Run once to (re)create images/ for the bundled sample commune:
    .venv/bin/python -m scripts.make_sample_photos   (make photos)
The photos are committed, so a fresh clone builds without running this. They are drawn as a
phone writes them (GPS position, one stored sideways with an EXIF Orientation tag), then go
through photo intake like any officer's photo (`make anh`), so what is committed are masters.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from hooks import intake
from hooks.settings import read_config

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1600, 1200)

# folder -> (scene, number of photos)
PHOTOS = {
    "2023-12-13-tong-ket-dang-uy": ("hall", 6),
    "2023-12-20-tong-ket-kinh-te-xa-hoi": ("hall", 4),
    "2023-11-05-ngay-hoi-dai-doan-ket": ("crowd", 4),
    "2023-10-18-thu-hoach-lua-mua": ("field", 4),
    "2024-01-08-ra-quan-huan-luyen": ("crowd", 3),
    "2024-01-25-chuong-trinh-nong-thon-moi": ("field", 3),
    "2024-02-02-tet-vi-nguoi-ngheo": ("crowd", 3),
    "2023-09-05-khai-giang-nam-hoc-moi": ("crowd", 3),
}


def _sky(draw: ImageDraw.ImageDraw, rng: random.Random, top: tuple[int, int, int], horizon: int) -> None:
    for y in range(horizon):
        shade = y / horizon
        draw.line([(0, y), (SIZE[0], y)], fill=tuple(int(c + (235 - c) * shade) for c in top))


def _field(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    _sky(draw, rng, (90, 150, 220), 420)
    for band in range(12):
        y = 420 + band * 70
        green = (60 + rng.randint(0, 60), 140 + rng.randint(0, 60), 40 + rng.randint(0, 30))
        if rng.random() < 0.4:
            green = (200 + rng.randint(0, 40), 170 + rng.randint(0, 30), 60)  # ripe rice
        draw.polygon([(0, y), (SIZE[0], y - 30), (SIZE[0], y + 80), (0, y + 110)], fill=green)
    for _ in range(6):
        x = rng.randint(100, 1500)
        draw.ellipse([x, 700, x + 40, 740], fill=(240, 230, 200))  # conical hats
        draw.rectangle([x + 10, 740, x + 30, 820], fill=(60, 80, 140))


def _hall(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    draw.rectangle([0, 0, *SIZE], fill=(120, 30, 30))
    draw.rectangle([200, 80, 1400, 380], fill=(180, 20, 20))
    draw.rectangle([220, 100, 1380, 360], outline=(250, 210, 60), width=8)
    draw.polygon(
        [(800, 130), (830, 220), (920, 220), (850, 270), (880, 350), (800, 300), (720, 350), (750, 270), (680, 220), (770, 220)],
        fill=(250, 210, 60),
    )
    draw.rectangle([0, 420, SIZE[0], 520], fill=(230, 230, 220))  # presidium table
    for row in range(4):
        for seat in range(14):
            x = 60 + seat * 110 + (row % 2) * 50
            y = 620 + row * 150
            draw.ellipse([x, y, x + 60, y + 60], fill=(40 + rng.randint(0, 30), 30, 25))
            draw.rectangle([x - 5, y + 60, x + 65, y + 150], fill=(255, 255, 255) if rng.random() < 0.7 else (40, 60, 110))


def _crowd(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    _sky(draw, rng, (120, 170, 230), 500)
    draw.rectangle([0, 500, *SIZE], fill=(150, 130, 100))
    for _ in range(10):
        x = rng.randint(0, 1500)
        draw.rectangle([x, 200, x + 12, 500], fill=(90, 70, 50))
        draw.rectangle([x + 12, 200, x + 120, 270], fill=(220, 30, 30))  # flags
    for _ in range(90):
        x, y = rng.randint(0, 1560), rng.randint(560, 1150)
        r = 18 + (y - 560) // 25
        colour = rng.choice([(255, 255, 255), (30, 70, 160), (200, 40, 40), (40, 120, 60), (230, 200, 60)])
        draw.rectangle([x - r, y + r, x + r, y + 4 * r], fill=colour)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(50, 35, 30))


SCENES = {"field": _field, "hall": _hall, "crowd": _crowd}


def _gps_exif(image: Image.Image, sideways: bool) -> Image.Exif:
    exif = image.getexif()
    exif[0x010F] = "Phone"
    if sideways:
        exif[0x0112] = 6  # the camera was held upright: show the stored pixels turned 90° clockwise
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.5), 3: "E", 4: (105.0, 50.0, 12.0)}  # GPS position
    return exif


def main() -> None:
    for folder, (scene, count) in PHOTOS.items():
        target = ROOT / "images" / folder
        target.mkdir(parents=True, exist_ok=True)
        for number in range(1, count + 1):
            rng = random.Random(f"{folder}/{number}")
            image = Image.new("RGB", SIZE)
            SCENES[scene](ImageDraw.Draw(image), rng)
            image = image.filter(ImageFilter.GaussianBlur(1.2))
            sideways = folder == "2023-10-18-thu-hoach-lua-mua" and number == 2
            if sideways:
                image = image.rotate(90, expand=True)  # stored as a phone stores a portrait shot
            image.save(target / f"{number:02d}.jpg", quality=80, exif=_gps_exif(image, sideways))
    report = intake.run(read_config(ROOT))
    print("Đã tạo ảnh mẫu trong", ROOT / "images", f"({len(report.changed)} ảnh đã qua make anh)")


if __name__ == "__main__":
    main()
