"""Photo intake (make anh): masters small, upright and without metadata; posts follow renamed photos."""

import hashlib
import io
import os
import struct
import zlib

import pytest
from conftest import make_photo, post_text
from masters import assert_master, heic_photo, phone_photo
from PIL import Image

from hooks import intake


def run(site, **kwargs):
    return intake.run(site.settings(**kwargs), workers=2)


def test_phone_photos_become_small_upright_masters_without_metadata(site):
    phone_photo(site.root / "images/a/01.jpg")
    report = run(site)
    [outcome] = report.changed
    assert outcome.inspection.gps and outcome.bytes_after < outcome.bytes_before
    master = assert_master(site.root / "images/a/01.jpg")
    kind, size, pixels = master.format, master.size, master.convert("RGB")
    # Orientation 6 turns the 4000×3000 picture upright, red half on top. Decoded at half scale
    # (intake.DRAFT_SHARE): 1500×2000, within the 2048 limit.
    assert kind == "JPEG" and size == (1500, 2000)
    assert pixels.getpixel((750, 100))[0] > 180 and pixels.getpixel((750, 100))[1] < 80
    assert pixels.getpixel((750, 1900))[1] > 200
    assert not any(p.name.startswith(".") for p in (site.root / "images/a").iterdir())  # no temporary left


def test_limit_comes_from_mkdocs_yml_and_small_photos_are_never_upscaled(site):
    phone_photo(site.root / "images/a/01.jpg", orientation=1)
    phone_photo(site.root / "images/a/02.jpg", size=(800, 600), orientation=1)
    run(site, photo_max_side=1600)
    assert assert_master(site.root / "images/a/01.jpg", 1600).size == (1600, 1200)
    assert assert_master(site.root / "images/a/02.jpg").size == (800, 600)  # cleaned, same size


def test_a_master_is_left_byte_identical_and_a_second_run_changes_nothing(site):
    small = make_photo(site.root / "images/a/small.jpg", size=(1200, 900), quality=80)
    phone_photo(site.root / "images/a/01.jpg")
    before = hashlib.sha256(small.read_bytes()).hexdigest()
    first = run(site)
    assert [o.name for o in first.changed] == ["images/a/01.jpg"]
    assert hashlib.sha256(small.read_bytes()).hexdigest() == before
    snapshot = {p.name: p.read_bytes() for p in (site.root / "images/a").iterdir()}
    second = run(site)
    assert second.changed == [] and second.pending == [] and second.failed == []
    assert {p.name: p.read_bytes() for p in (site.root / "images/a").iterdir()} == snapshot


def test_png_with_transparency_stays_png_and_an_opaque_png_becomes_jpeg(site):
    logo = site.root / "images/a/logo.png"
    logo.parent.mkdir(parents=True)
    Image.new("RGBA", (3000, 1000), (0, 80, 160, 0)).save(logo, pnginfo=_text_chunk())
    Image.new("RGBA", (3000, 1000), (0, 80, 160, 255)).save(site.root / "images/a/chart.png")
    site.post("a.md", post_text(cover="chart.png", gallery="\n  - src: logo.png"))
    report = run(site)
    master = assert_master(logo)
    assert master.format == "PNG" and master.size == (2048, 683) and master.convert("RGBA").getpixel((10, 10))[3] == 0
    assert b"secret" not in logo.read_bytes()
    assert report.renames == {"images/a/chart.png": "images/a/chart.jpg"}
    assert assert_master(site.root / "images/a/chart.jpg").format == "JPEG"
    assert not (site.root / "images/a/chart.png").exists()
    assert "cover: chart.jpg" in (site.root / "posts/a.md").read_text(encoding="utf-8")


def _text_chunk():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret")
    return info


def test_heic_becomes_jpeg_and_every_reference_follows(site):
    heic_photo(site.root / "images/2024-01-05-hop/IMG_0001.HEIC")
    heic_photo(site.root / "images/2024-01-05-hop/IMG 0002.heic", size=(1200, 900))
    make_photo(site.root / "images/2024-01-05-hop/IMG_0001.jpg")  # the name a plain conversion would take
    make_photo(site.root / "images/khac/01.jpg")
    site.post(
        "2024-01-05-hop.md",
        post_text(
            date="2024-01-05",
            cover="IMG_0001.HEIC",
            gallery='\n  - src: "images/2024-01-05-hop/IMG 0002.heic"\n    caption: "Hai"\n  - src: IMG_0001.jpg',
            body="Ảnh: ![Hội trường](../images/2024-01-05-hop/IMG_0001.HEIC) và ![x](<IMG 0002.heic>)",
        ),
    )
    site.post("2024-01-06-thu-muc.md", post_text(date="2024-01-06", gallery="images/2024-01-05-hop"))
    (site.root / "images/2024-01-05-hop/captions.yml").write_text(
        '"IMG 0002.heic": "Hai"\nIMG_0001.HEIC: "Một"\n', encoding="utf-8"
    )
    report = run(site)
    assert report.refused == [] and report.failed == []
    assert report.renames == {
        "images/2024-01-05-hop/IMG_0001.HEIC": "images/2024-01-05-hop/IMG_0001-2.jpg",
        "images/2024-01-05-hop/IMG 0002.heic": "images/2024-01-05-hop/IMG 0002.jpg",
    }
    folder = site.root / "images/2024-01-05-hop"
    assert sorted(p.name for p in folder.iterdir()) == ["IMG 0002.jpg", "IMG_0001-2.jpg", "IMG_0001.jpg", "captions.yml"]
    assert assert_master(folder / "IMG_0001-2.jpg").size == (1536, 2048)
    text = (site.root / "posts/2024-01-05-hop.md").read_text(encoding="utf-8")
    assert "cover: IMG_0001-2.jpg" in text and '"images/2024-01-05-hop/IMG 0002.jpg"' in text
    assert "- src: IMG_0001.jpg" in text  # the other photo is untouched
    assert "(../images/2024-01-05-hop/IMG_0001-2.jpg)" in text and "(<IMG 0002.jpg>)" in text
    assert (folder / "captions.yml").read_text(encoding="utf-8") == '"IMG 0002.jpg": "Hai"\nIMG_0001-2.jpg: "Một"\n'
    assert sorted(report.edited) == ["images/2024-01-05-hop/captions.yml", "posts/2024-01-05-hop.md"]
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "Hai" in site.html("tin-tuc/2024-01-06-thu-muc")


def test_a_rename_the_posts_cannot_follow_is_undone_and_reported(site):
    heic_photo(site.root / "images/a/01.heic", size=(800, 600))
    original = (site.root / "images/a/01.heic").read_bytes()
    # An HTML-escaped name is a reference the build reads but a plain text edit cannot follow.
    site.post("b.md", post_text(body='<img src="../images/a/01&#46;heic" alt="x">'))
    report = run(site)
    assert report.renames == {} and len(report.refused) == 1
    assert "posts/b.md" in str(report.refused[0])
    assert (site.root / "images/a/01.heic").read_bytes() == original
    assert sorted(p.name for p in (site.root / "images/a").iterdir()) == ["01.heic"]
    assert (site.root / "posts/b.md").read_text(encoding="utf-8").count("01&#46;heic") == 1


def test_check_only_writes_nothing_and_lists_what_would_change(site):
    phone_photo(site.root / "images/a/01.jpg")
    before = (site.root / "images/a/01.jpg").read_bytes()
    report = intake.run(site.settings(), write=False, workers=1)
    [pending] = report.pending
    assert pending.name == "images/a/01.jpg" and pending.inspection.gps
    assert any("4000" in reason for reason in pending.inspection.reasons)
    assert (site.root / "images/a/01.jpg").read_bytes() == before


def test_bad_photos_are_reported_by_name_and_the_rest_completes(site):
    folder = site.root / "images/a"
    phone_photo(folder / "01.jpg")
    good = make_photo(folder / "good.jpg").read_bytes()
    (folder / "corrupt.jpg").write_bytes(good[: len(good) // 3])
    (folder / "empty.jpg").write_bytes(b"")
    bomb_png(folder / "bomb.png")
    readonly = phone_photo(folder / "readonly.jpg", size=(2400, 1800))
    readonly.chmod(0o444)
    kept = {name: (folder / name).read_bytes() for name in ("corrupt.jpg", "empty.jpg", "bomb.png", "readonly.jpg")}
    report = intake.run(site.settings(), workers=2)
    errors = {o.name: str(o.error) for o in report.failed}
    assert set(errors) == {f"images/a/{n}" for n in ("corrupt.jpg", "empty.jpg", "bomb.png", "readonly.jpg")}
    assert "bị hỏng" in errors["images/a/corrupt.jpg"] and "bị hỏng" in errors["images/a/empty.jpg"]
    assert "quá lớn" in errors["images/a/bomb.png"] and "chỉ đọc" in errors["images/a/readonly.jpg"]
    assert all(f"“images/a/{name}”" in errors[f"images/a/{name}"] for name in kept)
    assert {name: (folder / name).read_bytes() for name in kept} == kept  # nothing lost
    assert [o.name for o in report.changed] == ["images/a/01.jpg"]
    assert assert_master(folder / "01.jpg")


def bomb_png(path):
    """A 30000×30000 PNG header over a few bytes of data: a decompression bomb, refused unread."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)))
    return path


def test_an_interrupted_write_leaves_the_original_whole(site, monkeypatch):
    photo = phone_photo(site.root / "images/a/01.jpg")
    before = photo.read_bytes()

    def full_disk(self, fp, *args, **kwargs):
        fp.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", full_disk)
    report = intake.run(site.settings(), workers=1)
    [failed] = report.failed
    assert "No space left" in str(failed.error) and "images/a/01.jpg" in str(failed.error)
    assert photo.read_bytes() == before
    assert os.listdir(photo.parent) == ["01.jpg"]


def test_motion_photo_video_after_the_picture_is_dropped(site):
    photo = make_photo(site.root / "images/a/01.jpg", size=(1200, 900))
    photo.write_bytes(photo.read_bytes() + b"\0\0\0\x18ftypmp42" + os.urandom(50_000))
    inspection = intake.inspect(photo, 2048, "images/a/01.jpg")
    assert not inspection.is_master
    run(site)
    assert photo.stat().st_size < 50_000 and photo.read_bytes().endswith(b"\xff\xd9")


@pytest.mark.parametrize("name", ["02.webp", "03.jpeg", "04.JPG"])
def test_other_names_keep_or_take_a_jpeg_suffix(site, name):
    phone_photo(site.root / "images/a/01.jpg")
    image = Image.new("RGB", (3000, 2000), (10, 120, 30))
    image.save(site.root / "images/a" / name, "WEBP" if name.endswith("webp") else "JPEG")
    report = run(site)
    expected = "02.jpg" if name == "02.webp" else name
    assert (site.root / "images/a" / expected).is_file()
    assert assert_master(site.root / "images/a" / expected).size == (2048, 1365)
    assert set(report.renames) == ({"images/a/02.webp"} if name == "02.webp" else set())


def test_a_mac_file_name_is_followed_without_changing_how_the_post_spells_it(site):
    import unicodedata

    typed = "Đồng chí phát biểu"
    on_disk = unicodedata.normalize("NFD", typed) + ".HEIC"
    heic_photo(site.root / "images/a" / on_disk, size=(800, 600))
    (site.root / "images/a/captions.yml").write_text(f'"{typed}.HEIC": "Phát biểu"\n', encoding="utf-8")
    site.post("a.md", post_text(gallery=f'\n  - src: "{typed}.HEIC"'))
    report = run(site)
    assert report.refused == [] and len(report.renames) == 1
    text = (site.root / "posts/a.md").read_text(encoding="utf-8")
    assert f'src: "{typed}.jpg"' in text and unicodedata.is_normalized("NFC", text)
    assert (site.root / "images/a/captions.yml").read_text(encoding="utf-8") == f'"{typed}.jpg": "Phát biểu"\n'


def test_a_post_that_is_not_utf8_keeps_its_photo_as_it_is(site):
    from conftest import to_cp1258

    heic_photo(site.root / "images/a/01.heic", size=(800, 600))
    site.post("a.md", to_cp1258(post_text(title="Hội nghị", body="![Ảnh](01.heic)")))
    report = run(site)
    assert report.renames == {} and "posts/a.md" in str(report.refused[0])
    assert sorted(p.name for p in (site.root / "images/a").iterdir()) == ["01.heic"]


def test_a_run_cut_short_leaves_nothing_behind_for_the_next(site):
    folder = site.root / "images/a"
    heic_photo(folder / "01.heic", size=(800, 600))
    make_photo(folder / ".02.heic.tinxa-goc", format="JPEG")  # moved aside when the run stopped
    (folder / ".01.jpg.tinxa-moi").write_bytes(b"half a master")  # waiting for its posts
    site.post("a.md", post_text(cover="01.heic", gallery="\n  - src: 02.heic"))
    report = run(site)
    assert sorted(p.name for p in folder.iterdir()) == ["01.jpg", "02.jpg"]
    assert set(report.renames) == {"images/a/01.heic", "images/a/02.heic"}
    assert "cover: 01.jpg" in (site.root / "posts/a.md").read_text(encoding="utf-8")


def test_ctrl_c_stops_with_a_vietnamese_message_and_drops_waiting_masters(site, monkeypatch, capsys):
    from hooks import cli

    heic_photo(site.root / "images/a/01.heic", size=(800, 600))
    phone_photo(site.root / "images/a/02.jpg", size=(800, 600))
    calls = []

    def interrupted(job):
        calls.append(job)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return intake.process(job)

    monkeypatch.setattr(intake, "process", interrupted)
    monkeypatch.setattr(intake.os, "cpu_count", lambda: 1)  # in this process, where the stand-in is
    code = cli.main(["--root", str(site.root), "anh"])
    assert code == 130 and "Đã dừng (Ctrl+C)" in capsys.readouterr().out
    assert sorted(p.name for p in (site.root / "images/a").iterdir()) == ["01.heic", "02.jpg"]


def test_photos_in_docs_are_masters_too_and_keep_their_names(site):
    phone_photo(site.root / "docs/assets/tru-so.jpg")
    Image.new("RGB", (3000, 1000), (0, 80, 160)).save(site.root / "docs/assets/so-do.png")  # opaque, named by a page
    heic_photo(site.root / "docs/assets/le-hoi.heic", size=(800, 600))
    site.page("gioi-thieu.md", "# Giới thiệu\n\n![Trụ sở](assets/tru-so.jpg)\n\n![Sơ đồ](assets/so-do.png)\n")
    report = run(site)
    assert sorted(o.name for o in report.changed) == ["docs/assets/so-do.png", "docs/assets/tru-so.jpg"]
    assert assert_master(site.root / "docs/assets/tru-so.jpg").size == (1500, 2000)
    assert assert_master(site.root / "docs/assets/so-do.png").format == "PNG"
    [failed] = report.failed
    assert failed.name == "docs/assets/le-hoi.heic" and "lưu thành JPG" in failed.error.fix
    assert report.renames == {} and run(site).changed == []  # idempotent in docs/ too
    assert site.build("--strict").returncode == 0


def test_ctrl_c_while_posts_follow_a_rename_waits_for_them(monkeypatch):
    import signal

    done = []
    with pytest.raises(KeyboardInterrupt), intake._interrupts_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("posts rewritten")  # reached: the interrupt waited
    assert done == ["posts rewritten"]


def test_a_post_in_another_encoding_gets_the_encoding_fix(site):
    heic_photo(site.root / "images/a/08.heic", size=(800, 600))
    site.post("a.md", post_text(body="![Ảnh](08.heic)").encode("utf-16"))
    [refused] = run(site).refused
    assert "posts/a.md không lưu theo bảng mã UTF-8" in str(refused) and "UTF-8, rồi chạy lại make anh" in refused.fix


def test_a_small_photo_only_loses_its_metadata_and_keeps_every_pixel(site):
    photo = phone_photo(site.root / "images/a/zalo.jpg", size=(1280, 960), orientation=None)
    with Image.open(photo) as original:
        pixels = original.convert("RGB").tobytes()
    before = photo.stat().st_size
    [outcome] = run(site).changed
    master = assert_master(photo)
    assert master.convert("RGB").tobytes() == pixels  # not re-encoded: no generation loss
    assert outcome.bytes_after < before and intake.inspect(photo, 2048, "zalo.jpg").is_master


@pytest.mark.parametrize("progressive", [False, True])
def test_stripping_follows_every_scan_to_the_end_of_the_image(tmp_path, progressive):
    photo = phone_photo(tmp_path / "a.jpg", size=(640, 480), orientation=None, progressive=progressive)
    data = photo.read_bytes() + b"\0\0\0\x18ftypmp42" + b"video" * 100  # a motion photo's tail
    stripped = intake.strip_jpeg(data)
    assert stripped and stripped.endswith(b"\xff\xd9") and b"ftypmp42" not in stripped and b"Exif" not in stripped
    with Image.open(io.BytesIO(stripped)) as out, Image.open(photo) as original:
        assert out.convert("RGB").tobytes() == original.convert("RGB").tobytes()
    assert intake.strip_jpeg(data[: len(data) // 2]) is None  # cut short: not a JPEG to trust
    assert intake.strip_jpeg(b"not a jpeg") is None
