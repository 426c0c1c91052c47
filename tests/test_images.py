import hashlib

import pytest
from conftest import make_photo
from masters import phone_photo
from PIL import Image

from hooks import images


def publish_one(tmp_path, relative="a/01.jpg"):
    return images.publish([relative], tmp_path / "images", tmp_path / "cache", workers=1)


def test_derivatives_are_webp_at_fixed_widths_never_upscaled(tmp_path):
    make_photo(tmp_path / "images/a/01.jpg", size=(1200, 900))
    report = publish_one(tmp_path)
    photo = report.photos["a/01.jpg"]
    assert [(r.width, r.height) for r in photo.renditions] == [(480, 360), (960, 720), (1200, 900)]
    for rendition in photo.renditions:
        with Image.open(tmp_path / "cache" / rendition.name) as out:
            assert out.format == "WEBP"
            assert out.size == (rendition.width, rendition.height)


def test_sideways_photo_comes_out_upright(tmp_path):
    # Stored 1200 wide x 1600 high, red on the left; Orientation 6 means "turn 90° clockwise",
    # so upright it is landscape (1440 x 1080 at most) with red at the top.
    phone_photo(tmp_path / "images/a/01.jpg", size=(1200, 1600), orientation=6)
    photo = publish_one(tmp_path).photos["a/01.jpg"]
    assert (photo.width, photo.height) == (1440, 1080)
    with Image.open(tmp_path / "cache" / photo.renditions[0].name) as out:
        out = out.convert("RGB")
        top, bottom = out.getpixel((out.width // 2, 10)), out.getpixel((out.width // 2, out.height - 10))
    assert top[0] > 180 and top[1] < 80  # red
    assert bottom[1] > 200  # white


def test_no_metadata_survives(tmp_path):
    phone_photo(tmp_path / "images/a/01.jpg", size=(1600, 1200), orientation=3)
    photo = publish_one(tmp_path).photos["a/01.jpg"]
    for rendition in photo.renditions:
        data = (tmp_path / "cache" / rendition.name).read_bytes()
        assert b"EXIF" not in data and b"Exif" not in data and b"XMP" not in data and b"ICCP" not in data
        assert b"PhoneMaker" not in data and b"secret" not in data
        with Image.open(tmp_path / "cache" / rendition.name) as out:
            assert not out.getexif()
            assert "exif" not in out.info and "icc_profile" not in out.info


def test_original_is_never_modified(tmp_path):
    original = phone_photo(tmp_path / "images/a/01.jpg", size=(1600, 1200), orientation=6)
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    publish_one(tmp_path)
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before


def test_second_run_is_all_cache_hits(tmp_path):
    make_photo(tmp_path / "images/a/01.jpg")
    make_photo(tmp_path / "images/a/02.jpg", colour=(10, 200, 10))
    first = images.publish(["a/01.jpg", "a/02.jpg"], tmp_path / "images", tmp_path / "cache", workers=2)
    assert (first.processed, first.cache_hits) == (2, 0)
    second = images.publish(["a/01.jpg", "a/02.jpg"], tmp_path / "images", tmp_path / "cache")
    assert (second.processed, second.cache_hits) == (0, 2)
    assert second.photos == first.photos


def test_a_changed_photo_is_processed_again(tmp_path):
    make_photo(tmp_path / "images/a/01.jpg")
    first = publish_one(tmp_path)
    make_photo(tmp_path / "images/a/01.jpg", colour=(0, 0, 255))
    second = publish_one(tmp_path)
    assert second.processed == 1
    assert second.photos["a/01.jpg"] != first.photos["a/01.jpg"]


def test_corrupt_truncated_and_fake_photos_are_errors_not_crashes(tmp_path):
    good = make_photo(tmp_path / "images/a/good.jpg").read_bytes()
    (tmp_path / "images/a/truncated.jpg").write_bytes(good[: len(good) // 3])
    (tmp_path / "images/a/text.jpg").write_text("không phải ảnh")
    (tmp_path / "images/a/iphone.heic").write_bytes(b"\0\0\0\x18ftypheic")
    (tmp_path / "images/a/doc.pdf").write_bytes(b"%PDF-1.4")
    names = ["a/truncated.jpg", "a/text.jpg", "a/iphone.heic", "a/doc.pdf"]
    report = images.publish(names, tmp_path / "images", tmp_path / "cache", workers=2)  # errors cross processes
    assert set(report.errors) == set(names)
    assert "bị hỏng" in str(report.errors["a/truncated.jpg"])
    assert "bị hỏng" in str(report.errors["a/iphone.heic"])
    assert "không phải tệp ảnh" in str(report.errors["a/doc.pdf"])
    assert report.photos == {}


def test_decompression_bomb_is_refused_without_decoding(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    make_photo(tmp_path / "images/a/01.jpg", size=(100, 100))
    report = publish_one(tmp_path)
    assert "quá lớn" in str(report.errors["a/01.jpg"])


def test_png_with_transparency_keeps_it(tmp_path):
    path = tmp_path / "images/a/logo.png"
    path.parent.mkdir(parents=True)
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(path)
    photo = images.publish(["a/logo.png"], tmp_path / "images", tmp_path / "cache", workers=1).photos["a/logo.png"]
    with Image.open(tmp_path / "cache" / photo.renditions[0].name) as out:
        assert out.mode == "RGBA"


def test_portrait_renditions_are_bounded_by_the_long_side(tmp_path):
    make_photo(tmp_path / "images/a/01.jpg", size=(900, 1200))
    photo = publish_one(tmp_path).photos["a/01.jpg"]
    assert [(r.width, r.height) for r in photo.renditions] == [(360, 480), (720, 960), (900, 1200)]


def test_iphone_heic_is_published_like_a_jpeg(tmp_path):
    image = Image.new("RGB", (1600, 1200), (30, 160, 60))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.5)}
    (tmp_path / "images/a").mkdir(parents=True)
    image.save(tmp_path / "images/a/IMG_0001.HEIC", format="HEIF", exif=exif.tobytes())
    report = images.publish(["a/IMG_0001.HEIC"], tmp_path / "images", tmp_path / "cache", workers=1)
    photo = report.photos["a/IMG_0001.HEIC"]
    assert (photo.width, photo.height) == (1440, 1080)
    with Image.open(tmp_path / "cache" / photo.renditions[-1].name) as out:
        assert out.format == "WEBP" and not out.getexif()


def test_cover_photos_get_a_social_card_crop(tmp_path):
    phone_photo(tmp_path / "images/a/01.jpg", size=(1200, 1600), orientation=6)
    make_photo(tmp_path / "images/a/02.jpg")
    report = images.publish(["a/01.jpg", "a/02.jpg"], tmp_path / "images", tmp_path / "cache", social={"a/01.jpg"})
    card = report.photos["a/01.jpg"].social
    assert report.photos["a/02.jpg"].social is None
    assert (card.width, card.height) == (1200, 630) and card.name.endswith("-og.jpg")
    with Image.open(tmp_path / "cache" / card.name) as out:
        assert out.format == "JPEG" and out.size == (1200, 630)
        assert not out.getexif() and "icc_profile" not in out.info
        assert out.convert("RGB").getpixel((600, 5))[1] < 80  # upright: red across the top


def test_warm_run_reads_no_photo_bytes(tmp_path, monkeypatch):
    make_photo(tmp_path / "images/a/01.jpg")
    publish_one(tmp_path)

    def no_hashing(*args):
        raise AssertionError("photo bytes were read again")

    monkeypatch.setattr(images, "cache_key", no_hashing)
    report = publish_one(tmp_path)
    assert (report.cache_hits, report.processed) == (1, 0)


def test_report_counts_bytes_and_progress(tmp_path):
    for n in range(3):
        make_photo(tmp_path / f"images/a/{n}.jpg", colour=(n * 80, 10, 10))
    seen = []
    report = images.publish(
        [f"a/{n}.jpg" for n in range(3)], tmp_path / "images", tmp_path / "cache", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (3, 3) and len(seen) == 3
    assert report.bytes_out == sum(path.stat().st_size for _name, path in report.files(tmp_path / "cache"))


def test_a_108_megapixel_phone_photo_is_published(tmp_path):
    # Above Pillow's own warning threshold (~89 MP), below our limit.
    make_photo(tmp_path / "images/a/01.jpg", size=(12000, 9000), quality=50)
    report = publish_one(tmp_path)
    assert report.errors == {}
    assert report.photos["a/01.jpg"].width == 1440


def test_sixteen_bit_greyscale_keeps_its_tones(tmp_path):
    path = tmp_path / "images/a/grey.png"
    path.parent.mkdir(parents=True)
    Image.new("I;16", (600, 400), 32768).save(path)
    photo = images.publish(["a/grey.png"], tmp_path / "images", tmp_path / "cache", workers=1).photos["a/grey.png"]
    with Image.open(tmp_path / "cache" / photo.renditions[0].name) as out:
        assert 110 < out.convert("L").getpixel((10, 10)) < 145


def test_photo_errors_name_the_photo_by_its_path(tmp_path):
    (tmp_path / "images/a").mkdir(parents=True)
    (tmp_path / "images/a/hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a jpeg")
    report = publish_one(tmp_path, "a/hong.jpg")
    assert "images/a/hong.jpg" in str(report.errors["a/hong.jpg"])


def test_comments_and_text_chunks_never_reach_any_output(tmp_path):
    phone_photo(tmp_path / "images/a/01.jpg", size=(1600, 1200), orientation=None)  # carries a JPEG comment
    png = Image.new("RGB", (900, 700), (20, 90, 200))
    from PIL import PngImagePlugin

    chunks = PngImagePlugin.PngInfo()
    chunks.add_text("comment", "secret comment")
    png.save(tmp_path / "images/a/02.png", pnginfo=chunks)
    report = images.publish(["a/01.jpg", "a/02.png"], tmp_path / "images", tmp_path / "cache", social={"a/01.jpg", "a/02.png"})
    for _name, path in report.files(tmp_path / "cache"):
        assert b"secret" not in path.read_bytes(), path


def test_transparent_png_gets_a_white_card_and_no_placeholder_colour(tmp_path):
    image = Image.new("RGBA", (1600, 1200), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (400, 400), (250, 200, 40, 255)), (600, 400))
    (tmp_path / "images/a").mkdir(parents=True)
    image.save(tmp_path / "images/a/logo.png")
    photo = images.publish(["a/logo.png"], tmp_path / "images", tmp_path / "cache", social={"a/logo.png"}).photos["a/logo.png"]
    assert photo.colour == "transparent"
    with Image.open(tmp_path / "cache" / photo.social.name) as card:
        assert card.convert("RGB").getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(("size", "card"), [((200, 150), None), ((800, 600), (800, 420)), ((4000, 3000), (1200, 630))])
def test_sharing_card_is_never_upscaled(tmp_path, size, card):
    make_photo(tmp_path / "images/a/01.jpg", size=size)
    photo = images.publish(["a/01.jpg"], tmp_path / "images", tmp_path / "cache", social={"a/01.jpg"}).photos["a/01.jpg"]
    assert (photo.social and (photo.social.width, photo.social.height)) == (card or None)


@pytest.mark.parametrize(
    "damage", ["manifest-null", "manifest-list", "manifest-empty", "index-list", "index-bad-entry", "empty-webp"]
)
def test_damaged_cache_is_rebuilt_not_fatal(tmp_path, damage):
    make_photo(tmp_path / "images/a/01.jpg")
    first = publish_one(tmp_path).photos["a/01.jpg"]
    anh = tmp_path / "cache/anh"
    manifest = next(p for p in anh.glob("*.json") if p.name != "index.json")
    if damage == "manifest-null":
        manifest.write_text("null")
    elif damage == "manifest-list":
        manifest.write_text("[1, 2]")
    elif damage == "manifest-empty":
        manifest.write_text('{"renditions": [], "colour": "#000000", "social": null}')
    elif damage == "index-list":
        (anh / "index.json").write_text("[]")
    elif damage == "index-bad-entry":
        (anh / "index.json").write_text('{"a/01.jpg": 5}')
    else:
        (tmp_path / "cache" / first.renditions[0].name).write_bytes(b"")
    report = publish_one(tmp_path)
    assert report.errors == {} and report.photos["a/01.jpg"] == first
    assert all((tmp_path / "cache" / r.name).stat().st_size == r.bytes for r in first.renditions)


def test_formats_we_do_not_publish_say_how_to_convert(tmp_path):
    (tmp_path / "images/a").mkdir(parents=True)
    Image.new("RGB", (50, 50)).save(tmp_path / "images/a/anim.gif")
    report = publish_one(tmp_path, "a/anim.gif")
    assert ".gif" in str(report.errors["a/anim.gif"]) and "JPEG" in report.errors["a/anim.gif"].fix


def test_the_site_card_is_drawn_once_from_the_logo_and_name_never_touching_the_logo(tmp_path, monkeypatch):
    logo = make_photo(tmp_path / "docs/assets/logo.png", size=(400, 400))
    before = logo.read_bytes()
    design = images.CardDesign("Xã Tân Hương", "Cổng thông tin điện tử", logo=logo)
    card = images.site_card(design, tmp_path / "cache")
    assert logo.read_bytes() == before
    path = tmp_path / "cache" / card.name
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (1200, 630) == (card.width, card.height)
        assert not image.info.get("exif") and image.getpixel((5, 5)) == pytest.approx((183, 28, 28), abs=6)
    stamp = path.stat().st_mtime_ns
    assert images.site_card(design, tmp_path / "cache") == card and path.stat().st_mtime_ns == stamp  # cached
    renamed = images.site_card(images.CardDesign("Xã Sơn Trà", logo=logo), tmp_path / "cache")
    assert renamed.name != card.name
    monkeypatch.setattr(images, "card_font", lambda: None)  # no font: the logo alone
    alone = images.site_card(images.CardDesign("Xã Khác", logo=logo), tmp_path / "cache")
    assert (tmp_path / "cache" / alone.name).is_file()


def test_the_site_card_font_has_every_vietnamese_letter():
    from PIL import ImageFont

    from hooks.images import card_font

    face = ImageFont.truetype(str(card_font()), 40)
    missing = face.getmask("\uffff").getbbox()
    for letter in "ĐđăâêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ":
        mask = face.getmask(letter)
        assert mask.getbbox() != missing or bytes(mask) != bytes(face.getmask("\uffff")), letter


def test_a_broken_logo_leaves_the_name_and_a_broken_own_card_is_reported(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"not a picture")
    card = images.site_card(images.CardDesign("Xã A", logo=tmp_path / "logo.png"), tmp_path / "cache")
    assert (tmp_path / "cache" / card.name).is_file()
    with pytest.raises(images.PhotoError):
        images.site_card(images.CardDesign("Xã A", picture=tmp_path / "logo.png"), tmp_path / "cache")
