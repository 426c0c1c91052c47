"""Radio bulletins: an MP3 or M4A file from the site's ``files/`` folder, attached to a post (``audio:``).

The file is published as it is (no re-encoding at build time); the build reads its header with
mutagen for the duration a player, a listing and a podcast feed show, and refuses what is not a
sound file of an allowed type, or what is too large for the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from mutagen import MutagenError
from mutagen.mp3 import MP3, BitrateMode
from mutagen.mp4 import MP4

from hooks.photos import is_file, locate
from hooks.portal import FILES_DIR
from hooks.text import format_size

RADIO_DIR = f"{FILES_DIR}/truyen-thanh"  # where officers put bulletins; any folder under files/ is accepted
EXAMPLE = f"{RADIO_DIR}/2023-12-01-ban-tin-tuan-48.mp3"  # as the officers' guide names them
# GitHub warns on a push of a file over 50 MiB and refuses one over 100 MiB (its large-files documentation),
# and the whole Pages site must stay under 1 GB: a 15-minute bulletin at 64 kbit/s mono is about 7 MB.
MAX_BYTES = 50 * 1024 * 1024
# By suffix: the mutagen reader, the type a browser is told in <source>, and the one podcast apps
# expect in <enclosure> (Apple's podcast RSS guide lists audio/mpeg and audio/x-m4a).
_KINDS = {
    ".mp3": (MP3, "MP3", "audio/mpeg", "audio/mpeg"),
    ".m4a": (MP4, "M4A", "audio/mp4", "audio/x-m4a"),
}
SUFFIXES = tuple(_KINDS)
ENCODING_HINT = "xuất lại thành MP3 (mono, 64 kbps là đủ cho giọng đọc) bằng Audacity hoặc phần mềm ghi âm"


@dataclass(frozen=True)
class Audio:
    """A published sound file: ``path`` from the site root (``files/truyen-thanh/tuan-48.mp3``)."""

    path: str
    bytes: int
    seconds: float
    modified: int  # the file's mtime (ns): a post read earlier is read again when its sound file changed

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix.lower()

    @property
    def label(self) -> str:
        """The format as a resident knows it: "MP3", "M4A"."""
        return _KINDS[self.suffix][1]

    @property
    def mime(self) -> str:
        return _KINDS[self.suffix][2]

    @property
    def enclosure_type(self) -> str:
        return _KINDS[self.suffix][3]

    @property
    def url(self) -> str:
        """Site-relative address of the file, safe in an attribute whatever the file's name."""
        return quote(self.path)

    @property
    def whole_seconds(self) -> int:
        return round(self.seconds)

    def clock(self) -> str:
        """ "12:05", "1:02:09": how players show a duration."""
        return clock(self.whole_seconds)

    def spoken(self) -> str:
        """ "12 phút 5 giây": the duration in words."""
        return spoken(self.whole_seconds)

    def iso(self) -> str:
        """ "PT12M5S": the duration for <time datetime>."""
        hours, minutes, seconds = _parts(self.whole_seconds)
        return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{seconds}S"

    def podcast_duration(self) -> str:
        """ "00:12:05": ``itunes:duration`` as HH:MM:SS."""
        return "{:02d}:{:02d}:{:02d}".format(*_parts(self.whole_seconds))

    def size(self) -> str:
        """ "3,4 MB" the Vietnamese way (one decimal, decimal comma)."""
        return format_size(self.bytes)

    def unchanged(self, root: Path) -> bool:
        try:
            stat = (root / self.path).stat()
        except OSError:
            return False
        return stat.st_size == self.bytes and stat.st_mtime_ns == self.modified


def _parts(total: int) -> tuple[int, int, int]:
    minutes, seconds = divmod(total, 60)
    return (*divmod(minutes, 60), seconds)


def clock(total: int) -> str:
    hours, minutes, seconds = _parts(total)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def spoken(total: int) -> str:
    """ "12 phút 5 giây", "5 phút", "1 giờ 2 phút": no zero is padded or said ("không năm giây")."""
    hours, minutes, seconds = _parts(total)
    parts = [f"{value} {unit}" for value, unit in ((hours, "giờ"), (minutes, "phút"), (seconds, "giây")) if value]
    return " ".join(parts) or "0 giây"


class AudioError(ValueError):
    """A sound file the site cannot publish; the message and the fix are for the officer."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


class AudioMissing(AudioError):
    """The path is inside ``files/`` but nothing is there: ``target`` is where the file was looked for."""

    def __init__(self, message: str, fix: str, target: Path) -> None:
        super().__init__(message, fix)
        self.target = target


def resolve_audio(written: str, root: Path) -> str:
    """What the officer wrote as a path from the site root inside ``files/``: ``files/…``, ``/files/…``
    (what the web editor writes) and ``../files/…`` (from a post in ``posts/``) all mean the same file."""
    text = written.strip().replace("\\", "/")
    example = f"ví dụ: audio: {EXAMPLE}"
    if not text or any(ord(ch) < 32 for ch in text) or len(text) > 1000:
        raise AudioError(f"“audio” phải là đường dẫn tới một tệp âm thanh trong thư mục {FILES_DIR}/", example)
    outside = AudioError(
        f"“{text}” không nằm trong thư mục {FILES_DIR}/",
        f"chép tệp âm thanh vào {RADIO_DIR}/ và ghi đường dẫn bắt đầu bằng {FILES_DIR}/, {example}",
    )
    if "://" in text:
        raise outside
    parts = [part for part in PurePosixPath(text).parts if part not in ("/", ".")]
    while parts[:1] == [".."]:
        parts.pop(0)
    if parts[:1] != [FILES_DIR] or len(parts) < 2:
        raise _near_miss(parts, root) or outside
    folder = (root / FILES_DIR).resolve()
    try:
        resolved = (root / Path(*parts)).resolve()
    except (OSError, RuntimeError):  # a link loop, a name too long for the disk
        raise outside from None
    if not resolved.is_relative_to(folder):
        raise outside
    return os.path.normpath(Path(*parts)).replace(os.sep, "/")


def _near_miss(parts: list[str], root: Path) -> AudioError | None:
    """A path written without its ``files/`` (``truyen-thanh/tuan-48.mp3``, or the name alone) or with
    ``Files/``: when such a file is there, the fix names the path to write."""
    if not parts:
        return None
    tail = parts[1:] if parts[0].casefold() == FILES_DIR else parts
    for candidate in (Path(FILES_DIR, *tail), Path(RADIO_DIR, *tail)):
        if tail and is_file(root / candidate):
            written = candidate.as_posix()
            return AudioError(f"đường dẫn “{'/'.join(parts)}” thiếu phần đầu {FILES_DIR}/", f"ghi audio: {written}")
    return None


def mp3_seconds(data: bytes) -> float | None:
    """The exact length of MPEG-1/2/2.5 Layer III audio, by counting its frames; None when ``data``
    holds no run of frames. An MP3 cut from a stream often lacks the Xing/VBRI header that gives the
    frame count, and mutagen then guesses from the first frame's bit rate (1:04 for a 3:20 VBR file)."""
    position = 0
    if data[:3] == b"ID3" and len(data) >= 10:  # an ID3v2 tag: 10 bytes, then a "syncsafe" size
        size = (data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F)
        position = 10 + size + (10 if data[5] & 0x10 else 0)
    samples, rate, frames, synced = 0, 0, 0, False
    while position + 4 <= len(data):
        # Out of step (the start, or a damaged frame), a header counts only when the next frame's follows it.
        frame = _mp3_frame(data[position : position + 4])
        if frame and not synced:
            following = position + frame[0]
            frame = frame if following + 4 > len(data) or _mp3_frame(data[following : following + 4]) else None
        if frame is None:
            if frames and data.startswith((b"TAG", b"APETAGEX", b"LYRICS"), position):  # tags after the audio
                break
            position, synced = position + 1, False
            continue
        length, frame_samples, rate = frame
        samples, frames, position, synced = samples + frame_samples, frames + 1, position + length, True
    return samples / rate if frames >= 2 and rate else None


# MPEG version bits -> (bit rates in kbit/s by index, sample rates by index, samples per frame), Layer III.
_MPEG1_RATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_RATES = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_MPEG_VERSIONS = {
    0b11: (_MPEG1_RATES, (44100, 48000, 32000), 1152),
    0b10: (_MPEG2_RATES, (22050, 24000, 16000), 576),
    0b00: (_MPEG2_RATES, (11025, 12000, 8000), 576),
}


def _mp3_frame(header: bytes) -> tuple[int, int, int] | None:
    """(frame length in bytes, samples, sample rate) of a Layer III frame header, or None."""
    if header[0] != 0xFF or header[1] & 0xE0 != 0xE0 or (header[1] >> 1) & 0b11 != 0b01:
        return None
    version = _MPEG_VERSIONS.get((header[1] >> 3) & 0b11)
    bitrate_index, rate_index = header[2] >> 4, (header[2] >> 2) & 0b11
    if version is None or bitrate_index in (0, 15) or rate_index == 3:
        return None
    rates, sample_rates, samples = version
    rate = sample_rates[rate_index]
    length = (samples // 8) * rates[bitrate_index] * 1000 // rate + ((header[2] >> 1) & 1)
    return length, samples, rate


def read_audio(written: str, root: Path, max_bytes: int = MAX_BYTES) -> Audio:
    """The sound file ``written`` names, checked and measured; raises ``AudioError`` saying what is wrong."""
    path = resolve_audio(written, root)
    target = locate(root, list(PurePosixPath(path).parts))  # names stored decomposed (a Mac's) found as typed
    path = target.relative_to(root).as_posix()
    suffix = PurePosixPath(path).suffix.lower()
    allowed = " hoặc ".join(s.removeprefix(".").upper() for s in SUFFIXES)
    if target.is_dir():
        raise AudioError(f"“{path}” là một thư mục, không phải tệp âm thanh", "ghi tên một tệp MP3 trong thư mục đó")
    try:
        stat = target.stat()
    except OSError:
        folder = PurePosixPath(path).parent
        fix = f"chép tệp vào thư mục {folder}/, hoặc sửa tên tệp cho đúng từng chữ (cả chữ hoa, chữ thường và đuôi .mp3)"
        raise AudioMissing(f"không tìm thấy tệp âm thanh “{path}”", fix, target) from None
    if suffix not in _KINDS:
        raise AudioError(f"“{path}” không phải tệp âm thanh {allowed}", f"chỉ dùng tệp {allowed}: {ENCODING_HINT}")
    if stat.st_size > max_bytes:
        raise AudioError(
            f"tệp âm thanh “{path}” nặng {format_size(stat.st_size)}, quá giới hạn {format_size(max_bytes)}",
            f"GitHub không nhận tệp quá lớn: {ENCODING_HINT}; bản tin 15 phút khi đó chỉ khoảng 7 MB",
        )
    reader, label = _KINDS[suffix][:2]
    if stat.st_size == 0:
        raise AudioError(f"tệp “{path}” trống (0 byte)", "chép lại tệp từ máy ghi âm hoặc máy tính; tệp chép dở thường trống")
    try:
        info = reader(target).info
    except (MutagenError, OSError, ValueError):
        info = None
    # mutagen marks an MP3 "sketchy" when it found only a stray frame-like header in other data.
    if info is None or getattr(info, "sketchy", False) or not info.length or info.length <= 0:
        raise AudioError(
            f"tệp “{path}” không phải tệp {label} đọc được (có thể là tệp khác bị đổi đuôi, hoặc tệp hỏng)",
            f"mở thử tệp trên máy tính; nếu nghe được thì {ENCODING_HINT}",
        )
    seconds = float(info.length)
    if reader is MP3 and info.bitrate_mode == BitrateMode.UNKNOWN:  # no header with the frame count
        seconds = mp3_seconds(target.read_bytes()) or seconds
    return Audio(path, stat.st_size, seconds, stat.st_mtime_ns)
