import json
import unicodedata

import pytest

from hooks.search import SHARD_LIMIT, SearchDocument, build_index, canonical_word, folded_word, words

CASES = [
    ("hoá", "hóa"),
    ("Hoà", "hòa"),
    ("thuỷ", "thủy"),
    ("khoẻ", "khỏe"),
    ("quý", "quý"),
    ("hoàng", "hoàng"),
    ("tuý", "túy"),
    ("Đảng", "đảng"),
]


@pytest.mark.parametrize(("word", "canonical"), CASES)
def test_canonical_word_unifies_tone_placement(word, canonical):
    assert canonical_word(word) == canonical
    assert canonical_word(unicodedata.normalize("NFD", word)) == canonical


def test_folding_and_words():
    assert folded_word("Đảng") == "dang" and folded_word("hoà") == folded_word("hóa") == "hoa"
    assert words("(Phước) Sơn Trà, 282,66 ha; 14/15!") == ["Phước", "Sơn", "Trà", "282", "66", "ha", "14", "15"]


def load(files, name):
    return json.loads(files[f"tim-kiem/{name}"])


def shard_for(files, term):
    names = load(files, "index.json")["shards"]
    name = next(term[:n] for n in range(len(term), 0, -1) if term[:n] in names)
    return load(files, f"s/{name}.json")


def test_index_layout_weights_and_variants():
    documents = [
        SearchDocument("tin-tuc/b/", "Hội nghị Đảng ủy", "Hoà giải ở cơ sở", "13/12/2023", "Xây dựng Đảng", ("hội nghị",)),
        SearchDocument("tin-tuc/a/", "Văn hóa", "Hòa bình. Đảng ủy xã", "12/12/2023", "Văn hóa - Xã hội"),
    ]
    files = build_index(documents)
    assert load(files, "index.json")["documents"] == 2
    assert load(files, "d/0.json") == {
        "t": "Hội nghị Đảng ủy",
        "u": "tin-tuc/b/",
        "d": "13/12/2023",
        "c": "Xây dựng Đảng",
        "x": "Hoà giải ở cơ sở",
    }
    variants, *postings = shard_for(files, "dang")["dang"]
    assert variants == ["đảng"]
    # [doc, spelling, weight]: title (12) and category (3) outweigh one body word (1).
    assert postings == [[0, 0, 15], [1, 0, 1]]
    variants, *postings = shard_for(files, "hoa")["hoa"]
    assert variants == ["hòa", "hóa"]  # "Hoà" and "Hòa" are one spelling
    # Doc 1 has "Văn hóa" in its title and category, and "Hòa" in its body: weights per spelling.
    assert postings == [[0, 0, 1], [1, 0, 1, 1, 15]]


def test_final_y_after_consonants_matches_i():
    assert folded_word("kỹ") == folded_word("kĩ") == "ki"
    assert folded_word("quý") == "quy" and folded_word("tay") == "tay" and folded_word("Lý") == "li"


def test_big_groups_are_split_into_smaller_shards():
    text = " ".join(f"thon{n} thanh{n}" for n in range(3000))
    files = build_index([SearchDocument("a/", "Tiêu đề", text)])
    sizes = {name: len(data) for name, data in files.items() if "/s/" in name}
    assert max(sizes.values()) <= SHARD_LIMIT * 1.5
    assert len(sizes) > 10
    assert "thon7" in shard_for(files, "thon7")


def test_words_side_by_side_are_indexed_as_pairs():
    documents = [
        SearchDocument("a/", "Công tác cuối năm", "UBND xã tổng kết công tác năm. Tổng kết!"),
        SearchDocument("b/", "Ngày hội đại đoàn kết", "Ông Tổng, cán bộ UBND"),
    ]
    files = build_index(documents)
    names = load(files, "index.json")["pairs"]
    pairs = {}
    for name in names:
        pairs.update(load(files, f"p/{name}.json"))
    # [doc, weight, ...]: in doc 0's body twice; punctuation does not part two words.
    assert pairs["tong ket"] == [0, 2]
    assert pairs["doan ket"] == [1, 12]  # title weight
    assert pairs["ong tong"] == [1, 1]
    assert "ket ubnd" not in pairs and "nam tong" in pairs
    # Shard names follow the pairs' first letters, so the browser finds "tong ket" in "to…".
    assert all(" " not in name for name in names)
    assert any("tong ket".replace(" ", "_").startswith(name) for name in names)
