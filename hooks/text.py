"""Vietnamese text handling: normalisation, folding and number formatting."""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width and bidi controls pasted from Word or web pages; invisible but they break
# matching, slugs and sometimes layout.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return ``text`` in NFC with Unix newlines: how every input is stored internally."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """A one-line value (title, tag, caption): NFC, no invisible characters, single spaces."""
    text = _INVISIBLE.sub("", normalize(text))
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII skeleton of Vietnamese text: no tone marks, no hats, đ -> d.

    "Văn hoá" and "Văn hóa" (old and new tone placement), NFD input and any letter case all
    fold to "van hoa", which makes this the key for matching what an officer typed.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def format_number(value: float, decimals: int = 0) -> str:
    """Vietnamese number format: "." groups thousands, "," marks decimals (1.313; 282,66)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_size(size: int) -> str:
    """ "1,5 MB" the Vietnamese way."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{format_number(size / scale, 1)} {unit}"
    return f"{size} byte"


def truncate_words(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so it fits in ``limit`` characters, adding "…"."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


# The five Vietnamese tone marks as combining characters: grave, acute, tilde, hook above, dot below.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def legacy_encoding(data: bytes) -> str:
    """Name the old Vietnamese encoding a non-UTF-8 file most likely uses, for the officer."""
    text = data.decode("cp1258", errors="replace")
    # Windows-1258 stores tone marks as separate bytes after the letter; they decode to combining marks.
    tones = sum(1 for ch in text if ch in TONE_MARKS)
    if tones and tones * 20 >= sum(1 for byte in data if byte >= 0x80):
        return "Windows-1258"
    return "TCVN3 (ABC) hoặc VNI"


_NOT_TEXT = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|em|i|mark|small|span|strong|sub|sup|u)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """The readable text of an HTML fragment, on one line (inline tags join, block tags separate)."""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", _NOT_TEXT.sub(" ", markup)))
    return _SPACES.sub(" ", html.unescape(text)).strip()
