"""Radio bulletins: reading and checking the sound file a post names with ``audio:``."""

import struct
import unicodedata

import pytest
from conftest import post_text
from mutagen.mp3 import MP3

from hooks.audio import AudioError, AudioMissing, clock, mp3_seconds, read_audio, resolve_audio, spoken
from hooks.posts import read_post, read_posts
from scripts.make_sample_audio import encode_mp3, tone

BULLETIN = "files/truyen-thanh/tuan-48.mp3"


def mp3(site_root, relative=BULLETIN, seconds=3.0):
    path = site_root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_mp3(tone(seconds)))
    return path


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def m4a(seconds: int, timescale: int = 44100) -> bytes:
    """The boxes of an M4A that say what it holds: an AAC sound track of ``seconds``.

    No encoder here writes AAC (mutagen only reads it, lameenc writes MP3), so the file is put together
    by hand: the header mutagen and players read, followed by an empty sample table.
    """
    full = b"\x00\x00\x00\x00"  # version 0, no flags
    mdhd = _box(b"mdhd", full + struct.pack(">IIII", 0, 0, timescale, seconds * timescale) + b"\x55\xc4\x00\x00")
    hdlr = _box(b"hdlr", full + b"\x00" * 4 + b"soun" + b"\x00" * 12 + b"Sound\x00")
    esds = _box(b"esds", full + bytes.fromhex("03190000000411401500000000000000000000000502121006010102"))
    entry = b"\x00" * 6 + b"\x00\x01" + b"\x00" * 8 + struct.pack(">HHHHI", 1, 16, 0, 0, timescale << 16) + esds
    stsd = _box(b"stsd", full + struct.pack(">I", 1) + _box(b"mp4a", entry))
    empty_tables = b"".join(_box(kind, full + b"\x00" * 4) for kind in (b"stts", b"stsc", b"stco"))
    stsz = _box(b"stsz", full + b"\x00" * 8)
    minf = _box(b"minf", _box(b"smhd", full + b"\x00" * 4) + _box(b"stbl", stsd + empty_tables + stsz))
    mvhd = _box(b"mvhd", full + struct.pack(">IIII", 0, 0, timescale, seconds * timescale) + b"\x00" * 80)
    moov = _box(b"moov", mvhd + _box(b"trak", _box(b"mdia", mdhd + hdlr + minf)))
    return _box(b"ftyp", b"M4A \x00\x00\x02\x00M4A mp42isom") + moov + _box(b"mdat", b"")


def test_an_mp3_is_measured(tmp_path):
    mp3(tmp_path, seconds=3.0)
    audio = read_audio(BULLETIN, tmp_path)
    assert audio.path == BULLETIN and audio.bytes == (tmp_path / BULLETIN).stat().st_size
    assert audio.seconds == pytest.approx(3.0, abs=0.1)  # the encoder pads the last frame
    assert (audio.mime, audio.enclosure_type, audio.label) == ("audio/mpeg", "audio/mpeg", "MP3")
    assert (audio.clock(), audio.podcast_duration(), audio.iso(), audio.spoken()) == ("0:03", "00:00:03", "PT3S", "3 giây")


def test_an_m4a_is_measured(tmp_path):
    path = tmp_path / "files/truyen-thanh/tuan-49.m4a"
    path.parent.mkdir(parents=True)
    path.write_bytes(m4a(725))
    audio = read_audio("/files/truyen-thanh/tuan-49.m4a", tmp_path)  # as the web editor writes it
    assert audio.seconds == 725 and audio.clock() == "12:05" and audio.spoken() == "12 phút 5 giây"
    assert (audio.mime, audio.enclosure_type, audio.label) == ("audio/mp4", "audio/x-m4a", "M4A")


@pytest.mark.parametrize(
    ("seconds", "shown", "words"),
    [
        (0, "0:00", "0 giây"),
        (59, "0:59", "59 giây"),
        (725, "12:05", "12 phút 5 giây"),
        (3729, "1:02:09", "1 giờ 2 phút 9 giây"),
        (300, "5:00", "5 phút"),  # no "0 giây", no zero padded: a screen reader says "không năm"
    ],
)
def test_durations_read_as_a_player_and_a_person_say_them(seconds, shown, words):
    assert clock(seconds) == shown and spoken(seconds) == words


def test_sizes_and_addresses(tmp_path):
    path = mp3(tmp_path, "files/truyen-thanh/bản tin 48.mp3", seconds=1.0)
    audio = read_audio("../files/truyen-thanh/bản tin 48.mp3", tmp_path)  # from a post in posts/
    assert audio.url == "files/truyen-thanh/b%E1%BA%A3n%20tin%2048.mp3"
    assert audio.size() == f"{path.stat().st_size / 1024:.1f} KB".replace(".", ",")


@pytest.mark.parametrize(
    "written", ["images/tuan-48.mp3", "/etc/passwd", "files/../posts/a.mp3", "https://a.vn/a.mp3", "tuan-48.mp3"]
)
def test_a_path_outside_files_is_refused(tmp_path, written):
    with pytest.raises(AudioError) as error:
        resolve_audio(written, tmp_path)
    assert "không nằm trong thư mục files/" in str(error.value) and "files/truyen-thanh/" in error.value.fix


def test_a_link_out_of_files_is_refused(tmp_path):
    secret = mp3(tmp_path, "secret/a.mp3")
    (tmp_path / "files").mkdir()
    (tmp_path / "files/a.mp3").symlink_to(secret)
    with pytest.raises(AudioError, match="không nằm trong thư mục files/"):
        read_audio("files/a.mp3", tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("tuan-48.mp3", b"Day la ban tin, khong phai am thanh.\n" * 50, "không phải tệp MP3 đọc được"),
        ("tuan-48.mp3", b"%PDF-1.4\n" + bytes(range(256)) * 40, "không phải tệp MP3 đọc được"),
        ("tuan-48.m4a", encode_mp3(tone(1.0)), "không phải tệp M4A đọc được"),  # an MP3 renamed .m4a
        ("tuan-48.txt", b"ban tin", "không phải tệp âm thanh MP3 hoặc M4A"),
        ("tuan-48.wav", b"RIFF....WAVEfmt ", "không phải tệp âm thanh MP3 hoặc M4A"),
    ],
)
def test_what_is_not_an_allowed_sound_file_is_refused(tmp_path, name, content, says):
    path = tmp_path / "files/truyen-thanh" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(AudioError, match=says) as error:
        read_audio(f"files/truyen-thanh/{name}", tmp_path)
    assert "MP3" in error.value.fix


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / BULLETIN
    path.parent.mkdir(parents=True)
    with path.open("wb") as sparse:  # 60 MiB on paper, nothing on disk
        sparse.truncate(60 * 1024 * 1024)
    with pytest.raises(AudioError) as error:
        read_audio(BULLETIN, tmp_path)
    assert str(error.value) == f"tệp âm thanh “{BULLETIN}” nặng 60,0 MB, quá giới hạn 50,0 MB"
    assert "64 kbps" in error.value.fix
    mp3(tmp_path, seconds=2.0)
    with pytest.raises(AudioError, match="quá giới hạn 1,0 KB"):
        read_audio(BULLETIN, tmp_path, max_bytes=1024)


def test_a_missing_file_says_where_it_was_looked_for(tmp_path):
    (tmp_path / "files").mkdir()
    with pytest.raises(AudioMissing) as error:
        read_audio(BULLETIN, tmp_path)
    assert error.value.target == tmp_path / BULLETIN and "không tìm thấy tệp âm thanh" in str(error.value)


# -- in a post: the officer's report ----------------------------------------------------------------


def only_problem(site, text):
    post, problems = read_post(site.post("2023-12-01-ban-tin.md", text), site.settings())
    assert post is None and len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_a_post_with_a_bulletin(site):
    mp3(site.root)
    post, problems = read_post(site.post("2023-12-01-ban-tin.md", post_text(audio=BULLETIN)), site.settings())
    assert problems == [] and post.audio.path == BULLETIN and post.audio.clock() == "0:03"


def test_a_name_in_the_wrong_letter_case_is_suggested(site):
    mp3(site.root, "files/truyen-thanh/Tuan-48.MP3")
    problem = only_problem(site, post_text(audio=BULLETIN))
    assert (problem.file, problem.line, problem.field) == ("posts/2023-12-01-ban-tin.md", 5, "audio")
    assert problem.message == f"không tìm thấy tệp âm thanh “{BULLETIN}”"
    assert problem.fix.startswith("có phải là “files/truyen-thanh/Tuan-48.MP3”?")  # the whole value to write


def test_a_missing_bulletin_is_never_taken_for_last_weeks(site):
    mp3(site.root, "files/truyen-thanh/2023-12-01-ban-tin-tuan-48.mp3")  # last week's, a very close name
    problem = only_problem(site, post_text(audio="files/truyen-thanh/2023-12-08-ban-tin-tuan-49.mp3"))
    assert "tuan-48" not in problem.fix
    assert problem.fix.startswith("chép tệp vào thư mục files/truyen-thanh/")


def test_a_name_stored_decomposed_is_found_as_typed(tmp_path):
    mp3(tmp_path, unicodedata.normalize("NFD", "files/truyen-thanh/Bản tin tuần 51.mp3"))  # as a Mac stores it
    audio = read_audio("files/truyen-thanh/Bản tin tuần 51.mp3", tmp_path)
    assert audio.seconds == pytest.approx(3.0, abs=0.1)


def test_a_path_without_its_files_folder_names_the_path_to_write(tmp_path):
    mp3(tmp_path, "files/truyen-thanh/tuan-48.mp3")
    for written in ("tuan-48.mp3", "truyen-thanh/tuan-48.mp3", "Files/truyen-thanh/tuan-48.mp3"):
        with pytest.raises(AudioError) as raised:
            read_audio(written, tmp_path)
        assert raised.value.fix == "ghi audio: files/truyen-thanh/tuan-48.mp3", written


def test_an_empty_file_says_so(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files/trong.mp3").write_bytes(b"")
    with pytest.raises(AudioError, match="trống"):
        read_audio("files/trong.mp3", tmp_path)


def test_a_variable_bit_rate_mp3_without_a_frame_count_is_measured_exactly(tmp_path):
    # 2 s at 320 kbit/s, then 20 s at 32 kbit/s, with no header counting the frames (as when cut from a
    # stream): mutagen alone guesses from the first frame's bit rate, about 6 s.
    path = tmp_path / "files/vbr.mp3"
    path.parent.mkdir()
    path.write_bytes(encode_mp3(tone(2.0), bitrate=320) + encode_mp3(tone(20.0), bitrate=32))
    assert MP3(path).info.length < 10
    assert read_audio("files/vbr.mp3", tmp_path).seconds == pytest.approx(22.0, abs=0.25)  # each part's encoder pads


def test_a_damaged_frame_in_the_middle_does_not_cut_the_length(tmp_path):
    path = tmp_path / "files/hong.mp3"
    path.parent.mkdir()
    data = bytearray(encode_mp3(tone(20.0)))
    whole = mp3_seconds(bytes(data))
    middle = data.index(b"\xff\xf3", len(data) // 2)  # a frame header halfway (MPEG-2 Layer III, 16 kHz)
    data[middle : middle + 2] = b"\x00\x00"
    path.write_bytes(data)
    assert whole == pytest.approx(20.0, abs=0.25)
    assert read_audio("files/hong.mp3", tmp_path).seconds == pytest.approx(whole, abs=0.1)  # one frame less at most


def test_an_audio_field_that_is_not_a_path(site):
    problem = only_problem(site, post_text(audio="[a.mp3, b.mp3]"))
    assert problem.field == "audio" and problem.line == 5 and "đường dẫn tới một tệp âm thanh" in problem.message


def test_every_broken_bulletin_is_reported_in_one_run(site):
    (site.root / "files/truyen-thanh").mkdir(parents=True)
    (site.root / "files/truyen-thanh/van-ban.mp3").write_text("không phải âm thanh", encoding="utf-8")
    site.post("a.md", post_text(audio="files/truyen-thanh/khong-co.mp3"))
    site.post("b.md", post_text(title="Bản tin", tags="[truyền thanh]", audio="images/tuan-48.mp3"))
    site.post("c.md", post_text(audio="files/truyen-thanh/van-ban.mp3"))
    mp3(site.root, "files/truyen-thanh/tot.mp3")
    site.post("d.md", post_text(audio="files/truyen-thanh/tot.mp3"))
    result = read_posts(site.settings())
    assert [(p.file, p.line, p.field) for p in result.problems] == [
        ("posts/a.md", 5, "audio"),
        ("posts/b.md", 6, "audio"),
        ("posts/c.md", 5, "audio"),
    ]
    assert [post.source for post in result.posts] == ["posts/d.md"]
    formatted = result.problems[1].format()
    assert formatted.startswith("✗ posts/b.md:6 [trường “audio”]: “images/tuan-48.mp3” không nằm trong thư mục files/")
    assert "→ Cách sửa: chép tệp âm thanh vào files/truyen-thanh/" in formatted


def test_a_replaced_sound_file_is_measured_again(site):
    mp3(site.root, seconds=1.0)
    site.post("a.md", post_text(audio=BULLETIN))
    first = read_posts(site.settings()).posts[0].audio
    mp3(site.root, seconds=4.0)
    again = read_posts(site.settings()).posts[0].audio
    assert round(first.seconds) == 1 and round(again.seconds) == 4 and again.bytes > first.bytes
