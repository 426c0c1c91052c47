"""Site search for residents: Vietnamese-aware, sharded, fetched only when someone searches.

Matching is on the folded form of each word ("Đảng" -> "dang", "hoá"/"hóa" -> "hoa"), so
queries typed without diacritics, in NFD or with old-style tone marks all match; the weight
of the exact spelling typed counts twice, so "đường" ranks a title with "đường" above one
with "dương". The index is split into small
JSON shards by the first letters of the folded word, so a query downloads only the shards
of its own words, plus one small file per result shown.

Files (under ``tim-kiem/`` in the site):
  index.json          shard tables (words, pairs) and document count
  s/<prefix>.json     {folded word: [[spellings], [doc, spelling, weight, spelling, weight...], ...]}
  p/<prefix>.json     {"folded folded": [doc, weight, doc, weight...]}: two words next to each other
  d/<doc>.json        one result: title, url, date, category, text for the snippet
Document numbers follow newest-first order, so a lower number wins ties.

Ranking, in order: posts with every query word before posts missing one; then posts where words
adjacent in the query are adjacent in the text ("tổng kết", not "tổng ... đoàn kết"); then weight.
Pair shards are fetched only for queries of two words or more, so one-word queries cost no more.

``tinxa-search.js`` applies the same ``canonical_word``/``fold`` rules in the browser.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

import markdown

from hooks.text import TONE_MARKS, fold, html_to_text

SEARCH_FOLDER = "tim-kiem/"
SHARD_LIMIT = 24_000  # bytes of JSON; a larger shard is split on one more letter
SNIPPET_TEXT = 4_000  # characters of a document kept for snippets
FIELD_WEIGHTS = {"title": 12, "tags": 6, "category": 3, "body": 1}
BODY_CAP = 6  # more repetitions of a word in one field stop adding weight

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A final "y" straight after consonants is the same sound as "i" (kỹ/kĩ thuật, quản lý/lí).
_FINAL_Y = re.compile(r"^([bcdghklmnprstvx]+)y$")


@dataclass(frozen=True)
class SearchDocument:
    url: str
    title: str
    text: str
    date: str = ""  # as shown, "13/12/2023"
    category: str = ""
    tags: tuple[str, ...] = ()


@lru_cache(maxsize=200_000)
def canonical_word(word: str) -> str:
    """Lower-case NFC with one tone placement: "hoá" and "hòa" style pairs become "hóa"/"hòa".

    Vietnamese writes the tone of a final "oa", "oe", "uy" either on the first vowel
    (hòa, khỏe, thủy) or on the second (hoà, khoẻ, thuỷ); both are correct and common.
    We keep the first-vowel form. "qu" + "y" is left alone (quý: "u" belongs to "qu").
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", decomposed)
    bare = unicodedata.normalize("NFC", decomposed.replace(tones[0], ""))
    if len(bare) >= 2 and bare[-2:] in ("oa", "oe", "uy") and not bare.endswith("quy"):
        place = len(bare) - 2  # the tone goes on the first vowel of the pair
        return unicodedata.normalize("NFC", bare[: place + 1] + tones[0] + bare[place + 1 :])
    return unicodedata.normalize("NFC", decomposed)


@lru_cache(maxsize=200_000)
def folded_word(word: str) -> str:
    """The matching key of a word: folded, and with "kỹ"/"kĩ", "lý"/"lí" spelt alike (final y -> i)."""
    return _FINAL_Y.sub(r"\1i", fold(word.lower()))


def words(text: str) -> list[str]:
    """Words of ``text``: letters and digits only, so punctuation never sticks to a word."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


class SearchIndex:
    """The index being built: add documents best-first (a lower number wins ties), then take its files."""

    def __init__(self) -> None:
        self.documents: list[SearchDocument] = []
        self._postings: dict[str, dict[int, dict[int, int]]] = defaultdict(dict)  # folded -> doc -> {variant: weight}
        self._variants: dict[str, dict[str, int]] = defaultdict(dict)  # folded -> exact form -> variant number
        self._forms: dict[str, tuple[str, str]] = {}  # word as written -> (exact, folded)
        self._pairs: dict[str, dict[int, int]] = defaultdict(dict)  # "folded folded" -> doc -> weight

    def add(self, document: SearchDocument) -> None:
        number = len(self.documents)
        self.documents.append(document)
        fields = (
            (FIELD_WEIGHTS["title"], document.title),
            (FIELD_WEIGHTS["tags"], " ".join(document.tags)),
            (FIELD_WEIGHTS["category"], document.category),
            (FIELD_WEIGHTS["body"], document.text),
        )
        for field_weight, text in fields:
            written = words(text)
            for word, count in Counter(written).items():
                form = self._forms.get(word)
                if form is None:
                    form = self._forms[word] = (canonical_word(word), folded_word(word))
                exact, folded = form
                known = self._variants[folded]
                variant = known.setdefault(exact, len(known))
                weights = self._postings[folded].setdefault(number, {})
                weights[variant] = weights.get(variant, 0) + field_weight * (count if count < BODY_CAP else BODY_CAP)
            folded_words = [self._forms[word][1] for word in written]
            for pair, count in Counter(pairwise(folded_words)).items():
                docs = self._pairs[" ".join(pair)]
                docs[number] = docs.get(number, 0) + field_weight * (count if count < BODY_CAP else BODY_CAP)

    def files(self) -> dict[str, bytes]:
        """Every search file, by path under the site root."""
        terms = {
            # [spellings, [doc, variant, weight, variant, weight...], ...]; docs ascend.
            term: [list(self._variants[term]), *([doc, *_flat(weights)] for doc, weights in docs.items())]
            for term, docs in self._postings.items()
        }
        files: dict[str, bytes] = {}
        shards = _shard(terms, {term: len(_json(value)) for term, value in terms.items()}, 2)
        for prefix, content in shards.items():
            files[f"{SEARCH_FOLDER}s/{prefix}.json"] = _json(content)
        pairs = {pair: [number for item in sorted(docs.items()) for number in item] for pair, docs in self._pairs.items()}
        pair_shards = _shard(pairs, {pair: len(_json(value)) for pair, value in pairs.items()}, 2)
        for prefix, content in pair_shards.items():
            files[f"{SEARCH_FOLDER}p/{prefix}.json"] = _json(content)
        for number, document in enumerate(self.documents):
            result = {"t": document.title, "u": document.url, "d": document.date, "c": document.category}
            files[f"{SEARCH_FOLDER}d/{number}.json"] = _json({**result, "x": document.text[:SNIPPET_TEXT]})
        index = {"version": 2, "documents": len(self.documents), "shards": sorted(shards), "pairs": sorted(pair_shards)}
        files[f"{SEARCH_FOLDER}index.json"] = _json(index)
        return files


def build_index(documents: Iterable[SearchDocument]) -> dict[str, bytes]:
    """Every search file for ``documents``, best first."""
    index = SearchIndex()
    for document in documents:
        index.add(document)
    return index.files()


def index_posts(sources: list[tuple[SearchDocument, str]], extensions: list[str], configs: dict[str, Any]) -> SearchIndex:
    """Posts indexed from their Markdown (``sources``: each document without its text, and its body).

    Run in a second process while MkDocs renders the pages on the first, so a build spends no time
    of its own on the posts' search text; ``extensions``/``configs`` are the site's Markdown setup.
    """
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs)
    index = SearchIndex()
    for document, body in sources:
        index.add(replace(document, text=html_to_text(converter.reset().convert(body))))
    return index


def _shard(terms: dict[str, list], sizes: dict[str, int], length: int) -> dict[str, dict[str, list]]:
    """Group terms by their first ``length`` letters, splitting groups that grow too large."""
    groups: dict[str, dict[str, list]] = defaultdict(dict)
    for term, value in terms.items():
        groups[shard_name(term[:length])][term] = value
    shards: dict[str, dict[str, list]] = {}
    for prefix, group in sorted(groups.items()):
        # A term as short as the prefix cannot be split further: it stays in the prefix's shard.
        if sum(sizes[term] + len(term) + 4 for term in group) > SHARD_LIMIT and any(len(term) > length for term in group):
            shards[prefix] = {term: value for term, value in group.items() if len(term) <= length}
            longer = {term: value for term, value in group.items() if len(term) > length}
            shards.update(_shard(longer, sizes, length + 1))
        else:
            shards[prefix] = group
    return {prefix: group for prefix, group in shards.items() if group}


def _flat(weights: dict[int, int]) -> list[int]:
    return [number for pair in sorted(weights.items()) for number in pair]


def shard_name(prefix: str) -> str:
    """File-safe shard name: folded words are ASCII, but other scripts may appear."""
    return re.sub(r"[^a-z0-9]", "_", prefix)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
