"""Make the sample site's radio bulletins: short speech-like MP3s (no real voice, nothing to license).

Run once to (re)create files/truyen-thanh/ for the bundled sample commune:
    .venv/bin/python -m scripts.make_sample_audio   (make audio)
The files are committed, so a fresh clone builds without running this. A chime opens each bulletin,
then "syllables" (a voice-like buzz through two vowel formants, five a second, with pauses between
phrases) stand in for the announcer. Mono 32 kbit/s keeps each file near 100 KB; the same seed gives
the same bytes. Tests make their MP3s with ``encode_mp3`` too.
"""

from __future__ import annotations

import array
import math
import random
from pathlib import Path

import lameenc

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RATE = 16000  # telephone-quality speech: enough for a bulletin, and small
BITRATE = 32  # kbit/s

# file under files/truyen-thanh/ -> (seconds, seed)
BULLETINS = {
    "2023-12-01-ban-tin-tuan-48.mp3": (32, 48),
    "2023-12-08-ban-tin-tuan-49.mp3": (26, 49),
}

# (first, second) formant frequencies of a, e, i, o, u: what makes a buzz sound like a vowel.
_VOWELS = ((800, 1200), (500, 1800), (300, 2300), (500, 900), (350, 800))


def encode_mp3(samples: list[float], sample_rate: int = SAMPLE_RATE, bitrate: int = BITRATE) -> bytes:
    """Mono samples in -1…1 as an MP3."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    pcm = array.array("h", (round(max(-1.0, min(1.0, s)) * 32000) for s in samples))
    return bytes(encoder.encode(pcm.tobytes()) + encoder.flush())


def tone(seconds: float, frequency: float = 440.0, sample_rate: int = SAMPLE_RATE) -> list[float]:
    """A plain sine tone at half volume, for tests that need any real sound."""
    return [0.5 * math.sin(2 * math.pi * frequency * n / sample_rate) for n in range(round(seconds * sample_rate))]


def _chime(sample_rate: int) -> list[float]:
    """Three falling notes, as a commune loudspeaker opens its bulletin."""
    out: list[float] = []
    for frequency in (784.0, 659.3, 523.3):
        length = int(0.45 * sample_rate)
        out += [0.4 * math.exp(-4 * n / length) * math.sin(2 * math.pi * frequency * n / sample_rate) for n in range(length)]
    return out + [0.0] * int(0.4 * sample_rate)


def _loudness(frequency: float, first: int, second: int) -> float:
    return math.exp(-(((frequency - first) / 180) ** 2)) + 0.6 * math.exp(-(((frequency - second) / 250) ** 2))


def _syllable(rng: random.Random, pitch: float, sample_rate: int) -> list[float]:
    length = int(rng.uniform(0.14, 0.26) * sample_rate)
    first, second = rng.choice(_VOWELS)
    glide = rng.uniform(-0.25, 0.25)  # Vietnamese tones: the pitch rises or falls through the syllable
    out, phase = [], 0.0
    for n in range(length):
        t = n / length
        phase += 2 * math.pi * pitch * (1 + glide * t) / sample_rate
        # Harmonics near a formant are loud: a crude vocal tract.
        value = sum(math.sin(k * phase) / k * _loudness(k * pitch, first, second) for k in range(1, 24))
        out.append(0.9 * value * math.sin(math.pi * t) ** 0.6)
    return out + [0.0] * int(rng.uniform(0.02, 0.06) * sample_rate)


def bulletin(seconds: float, seed: int, sample_rate: int = SAMPLE_RATE) -> list[float]:
    """A chime, then phrases of syllables with breaths between them, ``seconds`` long."""
    rng = random.Random(seed)
    out = _chime(sample_rate)
    end = int(seconds * sample_rate)
    while len(out) < end:
        pitch = rng.uniform(110, 150)
        for _ in range(rng.randint(6, 14)):
            out += _syllable(rng, pitch, sample_rate)
        out += [0.0] * int(rng.uniform(0.3, 0.6) * sample_rate)
    return out[:end]


def main() -> None:
    folder = ROOT / "files" / "truyen-thanh"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (seconds, seed) in BULLETINS.items():
        data = encode_mp3(bulletin(seconds, seed))
        (folder / name).write_bytes(data)
        print(f"{folder / name}: {len(data)} bytes, {seconds} s")


if __name__ == "__main__":
    main()
