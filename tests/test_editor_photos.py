"""Photos picked in the web editor are made masters in the browser (tinxa-photo-intake.js).

The rule is hooks/intake.py's: upright, long side at most ``photo_max_side``, sRGB, no metadata;
see-through pictures stay PNG, others become JPEG; a JPEG within the rule goes up byte-identical.
Here the script runs alone in Chromium, then wired into /admin/ (without Decap's save service);
tests/test_editor.py uploads through Decap itself.
"""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import pytest
from browser import serve_directory
from conftest import ROOT, make_photo
from masters import assert_master, phone_photo
from PIL import Image

from hooks.editor import editor_files
from hooks.intake import inspect as inspect_for_make_anh
from hooks.settings import load_settings

SCRIPT = ROOT / "overrides/assets/javascripts/tinxa-photo-intake.js"


def red_side(image: Image.Image) -> str:
    """Which side of the picture is red: "top", "bottom", "left" or "right"."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    points = {"top": (w // 2, 5), "bottom": (w // 2, h - 6), "left": (5, h // 2), "right": (w - 6, h // 2)}
    red = [side for side, point in points.items() if rgb.getpixel(point)[0] > 180 and rgb.getpixel(point)[1] < 90]
    assert len(red) == 1, red
    return red[0]


def transparent_png(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    """A logo-like PNG: its left half see-through, a text chunk and an ICC profile riding along."""
    from PIL import ImageCms, PngImagePlugin

    image = Image.new("RGBA", size, (200, 30, 30, 255))
    image.paste((0, 0, 255, 0), (0, 0, size[0] // 2, size[1]))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "secret author")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, pnginfo=text, icc_profile=icc)
    return path


# -- the script alone --------------------------------------------------------------------------

_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Ảnh</title></head>
<body><input type="file" multiple><script src="tinxa-photo-intake.js"></script></body></html>"""
_MASTER = """async ({options}) => {
  const out = [];
  for (const file of document.querySelector("input").files) {
    const result = await TinXaPhotos.master(file, options);
    const bytes = new Uint8Array(await result.file.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    out.push({name: result.file.name, type: result.file.type, changed: result.changed, notice: result.notice, data: btoa(text)});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def intake(browser, tmp_path_factory):
    """A blank page with only tinxa-photo-intake.js; ``intake(paths, **options)`` gives the masters."""
    folder = tmp_path_factory.mktemp("intake")
    (folder / "index.html").write_text(_PAGE, encoding="utf-8")
    shutil.copyfile(SCRIPT, folder / SCRIPT.name)
    with serve_directory(folder) as base:
        page = browser.new_page()
        page.goto(base)

        def run(paths: list[Path], **options) -> list[dict]:
            page.locator("input").set_input_files([str(p) for p in paths])
            results = page.evaluate(_MASTER, {"options": options})
            for result in results:
                result["data"] = base64.b64decode(result["data"])
            return results

        yield run
        page.close()


def test_phone_photos_come_out_upright_small_and_without_metadata(intake, tmp_path):
    # Stored 4000×3000 with the left half red; upright, red is where the orientation puts it.
    expected = {1: ((2048, 1536), "left"), 3: ((2048, 1536), "right"), 6: ((1536, 2048), "top"), 8: ((1536, 2048), "bottom")}
    photos = [phone_photo(tmp_path / f"IMG_{n}.JPG", orientation=n) for n in expected]
    for (orientation, (size, side)), photo, result in zip(expected.items(), photos, intake(photos), strict=True):
        assert result["changed"] and result["notice"] == ""
        assert result["name"] == photo.name and result["type"] == "image/jpeg"
        image = assert_master(result["data"])
        assert image.size == size, orientation
        assert red_side(image) == side, orientation
        assert len(result["data"]) < photo.stat().st_size


def test_a_clean_jpeg_within_the_rule_goes_up_byte_identical_and_masters_stay_masters(intake, tmp_path):
    small = make_photo(tmp_path / "trao-thuong.jpeg", size=(1200, 900))  # Pillow: JFIF only
    exact = make_photo(tmp_path / "vua-du.jpg", size=(2048, 1000), subsampling=0)
    made = intake([phone_photo(tmp_path / "dien-thoai.jpg")])[0]["data"]
    (tmp_path / "ban-chinh.jpg").write_bytes(made)
    results = intake([small, exact, tmp_path / "ban-chinh.jpg"])
    for path, result in zip([small, exact, tmp_path / "ban-chinh.jpg"], results, strict=True):
        assert not result["changed"] and result["notice"] == "", path.name
        assert result["name"] == path.name and result["data"] == path.read_bytes()


@pytest.mark.parametrize(
    ("name", "save", "why"),
    [
        ("to.jpg", {"size": (2049, 900)}, "one pixel too long"),
        ("ghi-chu.jpg", {"comment": b"secret comment"}, "a COM segment"),
        ("exif.jpg", {"exif": Image.Exif()}, "an empty EXIF segment"),
        ("cmyk.jpg", {"mode": "CMYK"}, "CMYK"),
        ("anh-dong.jpg", {"trailer": b"ftypmp42" + bytes(2000)}, "a motion photo's video after EOI"),
        ("jpeg-ten-png.png", {"format": "JPEG"}, "a JPEG named .png"),
    ],
)
def test_a_jpeg_outside_the_rule_is_made_again(intake, tmp_path, name, save, why):
    path = tmp_path / name
    size, mode, trailer = save.pop("size", (1200, 900)), save.pop("mode", "RGB"), save.pop("trailer", b"")
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "CMYK" else (30, 90, 200))
    image.save(path, **({"format": "JPEG"} | save))
    path.write_bytes(path.read_bytes() + trailer)
    result = intake([path])[0]
    assert result["changed"], why
    out = assert_master(result["data"])
    assert out.size == (min(size[0], 2048), round(size[1] * min(1, 2048 / size[0]))), why
    assert result["name"] == (name if name.endswith(".jpg") else "jpeg-ten-png.jpg")


def test_transparent_pictures_stay_png_opaque_ones_become_jpg(intake, tmp_path):
    see_through = transparent_png(tmp_path / "logo.png", size=(3000, 1500))
    opaque = tmp_path / "ban-do.png"
    Image.new("RGB", (3000, 1000), (0, 128, 0)).save(opaque)
    palette = tmp_path / "bieu-tuong.png"  # transparency through a tRNS chunk, no alpha channel
    indexed = Image.new("P", (300, 200), 0)
    indexed.putpalette([0, 0, 0, 200, 30, 30])
    indexed.paste(1, (150, 0, 300, 200))
    indexed.save(palette, transparency=0)
    webp = tmp_path / "anh-mang.webp"
    Image.new("RGB", (1000, 3000), (0, 0, 128)).save(webp, quality=80)
    webp_alpha = tmp_path / "nhan-dan.webp"
    Image.open(see_through).save(webp_alpha, lossless=True)
    tiny = tmp_path / "nho.png"
    Image.new("RGB", (100, 50), (10, 10, 10)).save(tiny)
    results = intake([see_through, opaque, palette, webp, webp_alpha, tiny])
    expected = [
        ("logo.png", (2048, 1024)),
        ("ban-do.jpg", (2048, 683)),
        ("bieu-tuong.png", (300, 200)),
        ("anh-mang.jpg", (683, 2048)),
        ("nhan-dan.png", (2048, 1024)),
        ("nho.jpg", (100, 50)),  # never upscaled
    ]
    for (name, size), result in zip(expected, results, strict=True):
        assert result["changed"] and result["name"] == name
        image = assert_master(result["data"])
        assert image.size == size, name
        if name.endswith(".png"):
            alpha = image.getchannel("A")
            assert alpha.getextrema()[0] == 0, name  # still see-through
            assert b"secret author" not in result["data"] and b"iCCP" not in result["data"]
    logo = Image.open(io.BytesIO(results[0]["data"])).convert("RGBA")
    assert logo.getpixel((10, 10))[3] == 0 and logo.getpixel((2000, 10)) == (200, 30, 30, 255)


def test_the_long_side_follows_the_setting(intake, tmp_path):
    result = intake([phone_photo(tmp_path / "a.jpg", orientation=None)], maxSide=1024, quality=0.5)[0]
    assert assert_master(result["data"], max_side=1024).size == (1024, 768)


def test_what_the_browser_cannot_decode_goes_up_unchanged_with_a_notice(intake, tmp_path):
    heic = tmp_path / "IMG_0001.HEIC"  # Chromium here cannot decode HEIC; neither this nor a real one
    heic.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(range(256)) * 40)
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\0\0" + b"\x12" * 5000)
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải ảnh", encoding="utf-8")
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0\0\0\x18ftypisom" + bytes(3000))
    heic_result, broken_result, *others = intake([heic, broken, text, video])
    for path, result in ((heic, heic_result), (broken, broken_result)):
        assert not result["changed"] and result["data"] == path.read_bytes() and result["name"] == path.name
        assert f"“{path.name}”" in result["notice"] and "make anh" in result["notice"] and "công bố" in result["notice"]
    for result in others:  # not photos: left as they are, the build explains
        assert not result["changed"] and result["notice"] == ""


def test_masters_made_in_the_browser_are_masters_for_make_anh_too(intake, tmp_path):
    cmyk = tmp_path / "in-an.jpg"
    Image.new("CMYK", (900, 600), (0, 80, 80, 0)).save(cmyk)
    opaque = tmp_path / "ban-do.png"
    Image.new("RGB", (3000, 1000), (0, 128, 0)).save(opaque)
    sources = [phone_photo(tmp_path / "dien-thoai.jpg"), cmyk, opaque, transparent_png(tmp_path / "logo.png")]
    assert not any(inspect_for_make_anh(path, 2048, path.name).is_master for path in sources)
    made = tmp_path / "da-lam"
    made.mkdir()
    for result in intake(sources):
        (made / result["name"]).write_bytes(result["data"])
        inspection = inspect_for_make_anh(made / result["name"], 2048, result["name"])
        assert inspection.is_master, (result["name"], inspection.reasons)


# -- wired into /admin/: the change event Decap's media library listens to -----------------------


@pytest.fixture(scope="module")
def admin_page(browser, tmp_path_factory):
    """/admin/ as built (Decap, its config, our scripts), served without Decap's save service."""
    root = tmp_path_factory.mktemp("admin")
    for name, data in editor_files(load_settings(root, "Xã Thử", {"tinxa": {"photo_max_side": 1600}})).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "assets").symlink_to(ROOT / "overrides/assets")
    with serve_directory(root) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "admin/")
        page.wait_for_function("() => window.CMS && window.TinXaPhotos")
        page.requests = requests
        yield page
        page.close()


_WATCH = """() => {
  const input = document.createElement("input");
  input.type = "file";
  input.multiple = true;
  input.id = "thu-anh";
  document.body.appendChild(input);
  window.seen = [];
  window.statuses = [];
  // What Decap's React onChange would get: change events reaching the document.
  document.addEventListener("change", (event) => window.seen.push([...event.target.files]));
  new MutationObserver(() => {
    const box = document.querySelector(".tinxa-anh-trang-thai");
    if (box && box.style.display !== "none") window.statuses.push(box.firstChild.textContent);
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
_SEEN = """async () => Promise.all(window.seen.map((files) => Promise.all(files.map(async (file) => {
  const bitmap = await createImageBitmap(file).catch(() => null);
  const [width, height] = bitmap ? [bitmap.width, bitmap.height] : [0, 0];
  return {name: file.name, type: file.type, size: file.size, width, height};
}))))"""


def test_admin_page_passes_the_rule_as_data_and_loads_the_script_before_the_wiring(tmp_path):
    page = editor_files(load_settings(tmp_path, "Xã Thử", {"tinxa": {"photo_max_side": 3000}}))["admin/index.html"].decode()
    assert '<body data-photo-max-side="3000" data-photo-quality="0.85" ' in page
    assert page.index("tinxa-photo-intake.js") < page.index("tinxa-admin.js")
    assert "TinXaPhotos" not in page and "maxSide" not in page  # no inline script carries it


def test_picked_files_reach_the_page_as_masters_once_with_a_status_line(admin_page, tmp_path):
    page = admin_page
    page.evaluate(_WATCH)
    big = phone_photo(tmp_path / "Hội trường.jpg", orientation=6)
    small = make_photo(tmp_path / "trao-thuong.jpg", size=(800, 600))
    page.locator("#thu-anh").set_input_files([str(big), str(small)])
    page.wait_for_function("() => window.seen.length > 0")
    seen = page.evaluate(_SEEN)
    # The officer's own change event was held back (it would have arrived first, with the
    # originals); the one fired after processing carries the masters.
    assert len(seen) == 1, seen
    first, second = seen[0]
    assert (first["name"], first["type"], first["width"], first["height"]) == ("Hội trường.jpg", "image/jpeg", 1200, 1600)
    assert first["size"] < big.stat().st_size
    assert second["size"] == small.stat().st_size and second["name"] == "trao-thuong.jpg"
    statuses = list(dict.fromkeys(page.evaluate("window.statuses")))
    assert statuses == ["Đang thu nhỏ ảnh… (1/2)", "Đang thu nhỏ ảnh… (2/2)"], statuses
    assert page.locator(".tinxa-anh-trang-thai").is_hidden()  # gone once done: nothing to tell

    heic = tmp_path / "IMG_0002.heic"
    heic.write_bytes(b"\0\0\0\x18ftypheic" + bytes(3000))
    page.evaluate("window.seen = []")
    page.locator("#thu-anh").set_input_files(str(heic))
    page.wait_for_function("() => window.seen.length > 0")
    assert page.evaluate(_SEEN)[0][0]["size"] == heic.stat().st_size
    notice = page.locator(".tinxa-anh-trang-thai")
    assert "“IMG_0002.heic”" in notice.inner_text() and "make anh" in notice.inner_text()
    notice.get_by_role("button", name="Đóng").click()
    assert notice.is_hidden()
    assert all(url.startswith(("http://127.0.0.1", "blob:", "data:")) for url in page.requests), page.requests
