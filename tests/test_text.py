import unicodedata

from hooks.slug import slugify
from hooks.text import clean_line, fold, format_number, normalize, truncate_words


def test_normalize_gives_nfc_and_unix_newlines():
    nfd = unicodedata.normalize("NFD", "Hòa Bình\r\nĐảng ủy\r")
    assert normalize(nfd) == "Hòa Bình\nĐảng ủy\n"


def test_fold_ignores_case_tone_placement_and_unicode_form():
    assert fold("Văn hoá") == fold("Văn hóa") == fold("VĂN HÓA") == "van hoa"
    assert fold(unicodedata.normalize("NFD", "Thuỷ lợi")) == fold("Thủy lợi") == "thuy loi"
    assert fold("Đảng ủy") == "dang uy"


def test_clean_line_strips_invisible_and_control_characters():
    assert clean_line("Hội\u200b nghị\u00ad  tổng\x07 kết\ufeff ") == "Hội nghị tổng kết"


def test_format_number_uses_vietnamese_separators():
    assert format_number(1313) == "1.313"
    assert format_number(282.66, 2) == "282,66"
    assert format_number(1234567.5, 1) == "1.234.567,5"


def test_truncate_words_cuts_at_word_boundary():
    text = "Hội nghị tổng kết công tác xây dựng Đảng năm 2023 của Đảng bộ xã"
    cut = truncate_words(text, 30)
    assert cut.endswith("…") and len(cut) <= 31
    assert text.startswith(cut[:-1])
    assert cut[:-1].split()[-1] in text.split()
    assert truncate_words("ngắn", 30) == "ngắn"


def test_slugify_vietnamese():
    assert slugify("Đảng ủy xã Sơn Trà") == "dang-uy-xa-son-tra"
    assert slugify("Văn hoá - Xã hội") == slugify("Văn hóa – Xã hội") == "van-hoa-xa-hoi"
    assert slugify(unicodedata.normalize("NFD", "Quốc phòng")) == "quoc-phong"
    assert slugify("  2023-12-13 Tổng kết!! ") == "2023-12-13-tong-ket"
    assert slugify("???") == ""
