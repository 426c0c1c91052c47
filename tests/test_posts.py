import unicodedata

import pytest
from conftest import post_text

from hooks.posts import read_post, read_posts


def read(site, name, text):
    return read_post(site.post(name, text), site.settings())


def only_notice(site, name, text):
    """A post that publishes, with one thing the officer is told to fix."""
    post, problems = read(site, name, text)
    assert problems == [] and post is not None, [p.format() for p in problems]
    assert len(post.notices) == 1, [p.format() for p in post.notices]
    return post.notices[0]


def only_problem(site, name, text):
    post, problems = read(site, name, text)
    assert post is None
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_a_complete_post(site):
    site.photo("2023-12-13-tong-ket/01.jpg")
    site.photo("2023-12-13-tong-ket/02.jpg")
    text = """---
title: "Đảng ủy xã tổng kết năm 2023"
date: 2023-12-13 14:30
category: xây dựng đảng
tags: [hội nghị, Hội nghị, tổng kết]
author: Ban Tuyên giáo
cover: images/2023-12-13-tong-ket/01.jpg
gallery:
  - src: images/2023-12-13-tong-ket/01.jpg
    caption: "Quang cảnh hội nghị"
  - 02.jpg
featured: true
---
**Sáng ngày 13/12/2023**, Đảng ủy xã tổ chức hội nghị. Diện tích gieo trồng đạt 282,66 ha.

## Kết quả
"""
    post, problems = read(site, "2023-12-13-tong-ket.md", text)
    assert problems == []
    assert post.title == "Đảng ủy xã tổng kết năm 2023"
    assert post.slug == "2023-12-13-tong-ket"
    assert post.category.name == "Xây dựng Đảng"
    assert [t.name for t in post.tags] == ["hội nghị", "tổng kết"]
    assert post.date.display() == "Thứ Tư, 13/12/2023, 14:30"
    assert post.cover.path == "2023-12-13-tong-ket/01.jpg"
    assert [(p.path, p.caption) for p in post.gallery] == [
        ("2023-12-13-tong-ket/01.jpg", "Quang cảnh hội nghị"),
        ("2023-12-13-tong-ket/02.jpg", ""),
    ]
    assert post.featured and not post.draft
    assert post.summary == "Sáng ngày 13/12/2023, Đảng ủy xã tổ chức hội nghị. Diện tích gieo trồng đạt 282,66 ha."
    assert post.body.startswith("**Sáng ngày")
    assert post.body_line == 14


def test_slug_override_and_single_tag_string(site):
    post, problems = read(site, "x.md", post_text(slug="Tổng kết 2023", tags="hội nghị"))
    assert problems == []
    assert post.slug == "tong-ket-2023"
    assert [t.slug for t in post.tags] == ["hoi-nghi"]


def test_bom_crlf_and_nfd_are_accepted(site):
    text = post_text(title="Hòa Bình Đảng ủy", category="Văn hoá - Xã hội").replace("\n", "\r\n")
    data = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode()
    post, problems = read(site, "x.md", data)
    assert problems == []
    assert post.title == unicodedata.normalize("NFC", "Hòa Bình Đảng ủy")
    assert post.category.name == "Văn hóa - Xã hội"
    assert "\r" not in post.body


def test_summary_is_cut_at_a_word_boundary(site):
    body = "Hội nghị " * 60
    post, _ = read(site, "x.md", post_text(body=body))
    assert post.summary.endswith("…") and len(post.summary) <= 201
    assert post.summary[:-1].split() == ("Hội nghị " * 60).split()[: len(post.summary[:-1].split())]


def test_title_is_cleaned_of_invisible_characters(site):
    post, _ = read(site, "x.md", post_text(title="Tổng\u200b kết\u202e"))
    assert post.title == "Tổng kết"


@pytest.mark.parametrize(
    ("text", "field", "line", "words"),
    [
        (post_text(date="31/02/2024"), "date", 3, "31/02/2024 không tồn tại"),
        (post_text(category="Thể thao"), "category", 4, "Xây dựng Đảng"),
        (post_text(featured="có"), "featured", 5, "true hoặc false"),
        (post_text(tags="5"), "tags", 5, "danh sách thẻ"),
        (post_text(catgory="Kinh tế"), "catgory", 5, "“category”"),
        ("---\ndate: 2023-12-13\ncategory: Kinh tế\n---\nNội dung", "title", 1, "thiếu trường bắt buộc"),
        (post_text(tags="{a: 1}"), "tags", 5, "danh sách thẻ"),
        (post_text(cover="../../etc/passwd"), "cover", 5, "nằm ngoài thư mục images/"),
        (post_text(cover="images/khong-co.jpg"), "cover", 5, "không tìm thấy ảnh"),
        (post_text(gallery="images/khong-co-thu-muc"), "gallery", 5, "không tìm thấy thư mục ảnh"),
        (post_text(slug='"???"'), "slug", 5, "không có chữ cái"),
    ],
)
def test_field_problems_name_file_line_field_and_fix(site, text, field, line, words):
    problem = only_problem(site, "bai.md", text)
    assert problem.file == "posts/bai.md"
    assert problem.field == field
    assert problem.line == line
    assert words in problem.format()
    assert problem.fix


@pytest.mark.parametrize(
    ("data", "words", "line"),
    [
        (b"", "tệp trống", None),
        ("Chỉ có nội dung".encode(), "không bắt đầu bằng phần thông tin", 1),
        (b"---\ntitle: x\n", "không có dòng --- kết thúc", 1),
        ('---\ntitle: "Hội nghị\ndate: 2023-12-13\n---\n'.encode(), "lỗi cú pháp", None),
        ("---\ntitle: Hội nghị: tổng kết\ndate: 2023-12-13\n---\n".encode(), "dấu hai chấm", 2),
        (b"---\n- a\n- b\n---\n", "“tên: giá trị”", 2),
        ('---\ntitle: "Đà Nẵng"\n---\n'.encode("cp1258", errors="replace"), "UTF-8", 2),
    ],
)
def test_file_level_problems(site, data, words, line):
    problem = only_problem(site, "bai.md", data)
    assert words in problem.message + problem.fix
    if line:
        assert problem.line == line


def test_every_problem_of_a_post_is_reported_at_once(site):
    _post, problems = read(site, "bai.md", post_text(date="30/02/2023", category="Không có", colour="đỏ"))
    assert {p.field for p in problems} == {"date", "category", "colour"}


def test_duplicate_keys_are_reported(site):
    text = '---\ntitle: "A"\ntitle: "B"\ndate: 2023-12-13\ncategory: Kinh tế\n---\n'
    problem = only_problem(site, "bai.md", text)
    assert problem.line == 3 and "hai lần" in problem.message


def test_gallery_folder_takes_photos_by_name_with_captions(site):
    for name in ("02.jpg", "01.jpg", "10.png"):
        site.photo(f"hoi-nghi/{name}")
    (site.root / "images/hoi-nghi/ghi-chu.txt").write_text("không phải ảnh")
    (site.root / "images/hoi-nghi/captions.yml").write_text('01.jpg: "Đại biểu dự hội nghị"\n', encoding="utf-8")
    post, problems = read(site, "x.md", post_text(gallery="images/hoi-nghi/"))
    assert problems == []
    assert [(p.path, p.caption) for p in post.gallery] == [
        ("hoi-nghi/01.jpg", "Đại biểu dự hội nghị"),
        ("hoi-nghi/02.jpg", ""),
        ("hoi-nghi/10.png", ""),
    ]


def test_body_images_are_found_and_checked(site):
    site.photo("x/01.jpg")
    post, problems = read(
        site, "x.md", post_text(body="Đoạn đầu.\n\n![Ảnh](../images/x/01.jpg)\n\n![](https://example.com/a.jpg)")
    )
    assert problems == []
    assert post.body_photos[0][0] == "../images/x/01.jpg"
    assert post.body_photos[0][1].path == "x/01.jpg"
    _post, problems = read(site, "y.md", post_text(body="Đoạn đầu.\n\n![Ảnh](../images/x/khong-co.jpg)"))
    assert problems[0].line == 8


def test_read_posts_reads_every_file_and_collects_every_problem(site):
    site.post("a.md", post_text())
    site.post("sub/b.md", post_text(date="32/01/2024"))
    site.post("c.md", b"")
    site.post(".an/d.md", b"")
    result = read_posts(site.settings())
    assert [p.source for p in result.posts] == ["posts/a.md"]
    assert sorted(p.file for p in result.problems) == ["posts/c.md", "posts/sub/b.md"]


# -- held-out cases that once crashed or misled -----------------------------------------------


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2024-02-30", "30/02/2024 không tồn tại"),
        ("2023-02-29", "29/02/2023 không tồn tại"),
        ("2023-12-13 24:00:00", "giờ từ 0 đến 23"),
        ("[2024-04-01]", "một danh sách"),
        ("0001-01-01T00:00:00+07:00", "không hợp lệ"),
    ],
)
def test_impossible_iso_dates_are_field_problems_not_crashes(site, date, words):
    problem = only_problem(site, "bai.md", post_text(date=date))
    assert problem.field == "date" and problem.line == 3
    assert words in problem.message and "datetime" not in problem.message


def test_yaml_alias_bomb_is_refused_quickly(site):
    anchors = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    anchors += [f"{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    text = "---\n" + "\n".join(anchors) + "\nslug: *i\n---\n"
    problem = only_problem(site, "bai.md", text)
    assert "neo" in problem.message


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ('title: "A"\ntags:\n\t- a', 4, "Tab"),
        ("title: 'Chưa đóng nháy đơn\ndate: 2023-12-13", 2, "nháy đóng"),
        ("title:Không có dấu cách\ndate: 2023-12-13", 2, "thiếu dấu cách sau dấu hai chấm"),
        ("title: *Thông báo khẩn*", 2, "dấu “*”"),
        ('title: "A"\ntags: [a, b', None, "“]”"),
    ],
)
def test_yaml_mistakes_are_explained_in_vietnamese(site, front, line, words):
    problem = only_problem(site, "bai.md", f"---\n{front}\n---\nNội dung")
    assert words in problem.message
    if line:
        assert problem.line == line


def test_photo_folder_and_names_match_whatever_the_unicode_form(site):
    nfd_folder = unicodedata.normalize("NFD", "hội-nghị")
    site.photo(f"{nfd_folder}/{unicodedata.normalize('NFD', 'ảnh-01.jpg')}")
    post, problems = read(site, "x.md", post_text(cover="images/hội-nghị/ảnh-01.jpg"))
    assert problems == [] and post.cover.path == f"{nfd_folder}/{unicodedata.normalize('NFD', 'ảnh-01.jpg')}"
    nfd_post = unicodedata.normalize("NFD", "hội-nghị") + ".md"
    post, problems = read(site, nfd_post, post_text(gallery="[ảnh-01.jpg]"))
    assert problems == []


def test_gallery_folder_refuses_links_that_leave_images(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "bi-mat.jpg"
    site.photo("hop/01.jpg")
    from conftest import make_photo

    make_photo(outside)
    (site.root / "images/hop/02.jpg").symlink_to(outside)
    _post, problems = read(site, "x.md", post_text(gallery="images/hop"))
    assert len(problems) == 1 and "ngoài thư mục images/" in problems[0].message


def test_body_images_in_every_written_form(site):
    site.photo("x/ảnh 1.jpg")
    site.photo("x/02.jpg")
    body = 'Mở đầu.\n\n![Một](<../images/x/ảnh 1.jpg>)\n\n<img src="../../images/x/02.jpg" alt="Hai">'
    post, problems = read(site, "2024/x.md", post_text(body=body))
    assert problems == []
    assert [ref.path for _src, ref in post.body_photos] == ["x/ảnh 1.jpg", "x/02.jpg"]


def test_internal_notes_in_html_comments_are_removed(site):
    post, _ = read(site, "x.md", post_text(body="Tin chính thức.\n\n<!-- Còn thiếu: lịch trực Công an xã -->\n\nHết."))
    assert "Còn thiếu" not in post.body


def test_a_backslash_line_break_from_the_web_editor_becomes_a_markdown_break(site):
    body = "Đoạn một.\\\nDòng hai.\n\n    lệnh \\\n\nHai dấu \\\\\n"
    post, _ = read(site, "x.md", post_text(body=body))
    assert post.body.startswith("Đoạn một.  \nDòng hai.")
    assert "    lệnh \\\n" in post.body and post.body.endswith("Hai dấu \\\\")  # code, an escaped backslash stay
    assert post.summary == "Đoạn một. Dòng hai."


def test_summary_reads_like_the_rendered_text(site):
    body = "Giá lúa&nbsp;tăng &amp; giảm, đạt 1\\.313 tấn, xem [báo cáo][bc] và a_b_c.\n\n[bc]: https://example.com"
    post, _ = read(site, "x.md", post_text(body=body))
    assert post.summary == "Giá lúa tăng & giảm, đạt 1.313 tấn, xem báo cáo và a_b_c."


def test_utf16_from_notepad_is_read(site):
    post, problems = read(site, "x.md", post_text(title="Đảng ủy").encode("utf-16"))
    assert problems == [] and post.title == "Đảng ủy"


def test_odd_files_in_posts(site):
    site.post("a.MD", post_text(title="Viết hoa đuôi"))
    site.post("b.markdown", post_text(title="Đuôi dài"))
    site.post("c.md.txt", post_text())
    (site.root / "posts/thu-muc.md").mkdir()
    (site.root / "posts/hong.md").symlink_to(site.root / "khong-co.md")
    result = read_posts(site.settings())
    assert sorted(p.title for p in result.posts) == ["Viết hoa đuôi", "Đuôi dài"]
    assert {p.file: p.message[:20] for p in result.problems} == {
        "posts/c.md.txt": "tệp bị lưu thành .md",
        "posts/hong.md": "không đọc được tệp (",
    }


def test_photos_of_a_rejected_post_are_still_listed_for_checking(site):
    site.photo("x/01.jpg")
    site.post("x.md", post_text(category="Thể thao", cover="01.jpg"))
    result = read_posts(site.settings())
    assert [(source, ref.path, ref.field) for source, ref in result.unpublished_photos] == [("posts/x.md", "x/01.jpg", "cover")]


def test_gallery_folder_reports_formats_it_cannot_publish(site):
    site.photo("hop/01.jpg")
    site.photo("hop/02.bmp", format="BMP")
    _post, problems = read(site, "x.md", post_text(gallery="images/hop"))
    assert len(problems) == 1 and "02.bmp" in problems[0].message and ".bmp" in problems[0].message


def test_a_folder_named_like_a_photo_is_explained(site):
    (site.root / "images/x/anh.jpg").mkdir(parents=True)
    problem = only_problem(site, "x.md", post_text(cover="anh.jpg"))
    assert "là một thư mục" in problem.message


def test_yaml_reads_times_and_yes_no_as_text():
    from hooks.frontmatter import load_yaml

    data = load_yaml("time: 7:30\ntitle: 10:45\ntags: [yes, no, 2023]\nflag: true").data
    assert data == {"time": "7:30", "title": "10:45", "tags": ["yes", "no", 2023], "flag": True}


def test_body_image_titles_in_any_quotes(site):
    site.photo("x/01.jpg")
    site.photo("x/02.jpg")
    body = "Mở đầu.\n\n![A](../images/x/01.jpg 'Ảnh một')\n\n![B](../images/x/02.jpg (Ảnh hai))"
    post, problems = read(site, "x.md", post_text(body=body))
    assert problems == [] and len(post.body_photos) == 2


def test_pagination_addresses_are_reserved(site):
    problem = only_problem(site, "x.md", post_text(slug="trang-2"))
    assert problem.field == "slug" and "trang danh sách" in problem.message


def test_gallery_folder_ignores_hidden_mac_files(site):
    site.photo("hop/01.jpg")
    (site.root / "images/hop/._01.jpg").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    post, problems = read(site, "x.md", post_text(gallery="images/hop"))
    assert problems == [] and [p.path for p in post.gallery] == ["hop/01.jpg"]


def test_one_photo_written_two_ways_is_one_photo(site):
    site.photo("a/01.jpg")
    post, problems = read(site, "x.md", post_text(cover="images/a/../a/01.jpg", gallery="[images/a/01.jpg]"))
    assert problems == [] and post.cover.path == post.gallery[0].path == "a/01.jpg"


def test_highlights_are_read_and_checked(site):
    good = '\n  - label: "Diện tích gieo trồng"\n    value: "282,66 ha"\n  - {label: "Chỉ tiêu đạt", value: 14/15}'
    post, problems = read(site, "x.md", post_text(highlights=good))
    assert problems == [] and [(h.label, h.value) for h in post.highlights] == [
        ("Diện tích gieo trồng", "282,66 ha"),
        ("Chỉ tiêu đạt", "14/15"),
    ]
    problem = only_problem(site, "y.md", post_text(highlights="\n  - {label: Thiếu giá trị}"))
    assert problem.field == "highlights" and problem.line == 6 and "label và value" in problem.message


def test_an_unquoted_hash_that_cuts_a_title_is_told_with_its_line_and_the_quotes(site):
    text = "---\ntitle: Hội nghị lần #1 của UBND\ndate: 2023-12-13\ncategory: Kinh tế\n---\nNội dung"
    problem = only_notice(site, "bai.md", text)
    assert (problem.field, problem.line) == ("title", 2)
    assert "bị cắt ở dấu “#”" in problem.message and "“Hội nghị lần”" in problem.message
    assert 'title: "Hội nghị lần #1 của UBND"' in problem.fix


@pytest.mark.parametrize(
    ("extra", "field", "line", "fix"),
    [
        ("author: Tổ #3 thôn Đông", "author", 5, 'author: "Tổ #3 thôn Đông"'),
        ("summary: Hội nghị lần #2", "summary", 5, 'summary: "Hội nghị lần #2"'),
        ("tags:\n  - hội nghị #1", "tags", 6, '- "hội nghị #1"'),
        ("highlights:\n  - label: Số hộ #nghèo\n    value: 12", "highlights", 6, 'label: "Số hộ #nghèo"'),
    ],
)
def test_every_unquoted_text_field_cut_by_a_hash_is_told(site, extra, field, line, fix):
    problem = only_notice(site, "bai.md", post_text().replace("---\nNội", f"{extra}\n---\nNội", 1))
    assert (problem.field, problem.line) == (field, line)
    assert fix in problem.fix


def test_notes_after_values_are_still_notes(site):
    text = post_text().replace("category: Kinh tế", "category: Kinh tế      # bắt buộc\nauthor: Ban Tuyên giáo  # không bắt buộc")
    post, problems = read(site, "bai.md", text)
    assert problems == [] and post.author == "Ban Tuyên giáo"


def test_a_hash_inside_a_list_of_tags_is_explained(site):
    problem = only_problem(site, "bai.md", post_text().replace("---\nNội", "tags: [hội nghị #1, tổng kết]\n---\nNội", 1))
    assert "“#”" in problem.message and problem.line == 5
    assert '"hội nghị lần #1"' in problem.fix


def test_a_tab_gets_the_tab_fix_not_the_colons_and_quotes_one(site):
    problem = only_problem(site, "bai.md", '---\ntitle: "A"\ntags:\n\t- a\n---\nNội dung')
    assert problem.line == 4 and "Tab" in problem.message
    assert "dấu cách" in problem.fix and "Tab" in problem.fix and "ngoặc kép" not in problem.fix


def test_a_near_miss_category_gets_a_suggestion(site):
    problem = only_problem(site, "bai.md", post_text(category="Chính quền"))
    assert problem.field == "category" and problem.line == 4
    assert problem.fix.startswith("có phải là “Chính quyền”?")


def test_an_unrelated_category_gets_the_list_only(site):
    problem = only_problem(site, "bai.md", post_text(category="Thể thao"))
    assert "có phải" not in problem.fix and "Chính quyền" in problem.fix


@pytest.mark.parametrize(("on_disk", "written"), [("05.jpg", "05.JPG"), ("05.JPG", "05.jpg"), ("05.jpeg", "05.jpg")])
def test_a_photo_name_in_the_wrong_case_gets_a_suggestion(site, on_disk, written):
    site.photo(f"bai/{on_disk}")
    problem = only_problem(site, "bai.md", post_text(cover=written))
    assert problem.field == "cover" and problem.line == 5
    assert f"có phải là “{on_disk}”?" in problem.fix


def test_an_updated_date_is_read_like_the_date(site):
    post, problems = read(site, "bai.md", post_text(date="2023-12-13", updated="15/12/2023 09:00"))
    assert problems == [] and post.updated.iso() == "2023-12-15T09:00:00+07:00"
    assert post.modified == post.updated
    post, problems = read(site, "khong.md", post_text(date="2023-12-13 14:30", updated="2023-12-13"))
    assert problems == [] and post.updated.day == post.date.day  # the same day, without a time: not "before"
    post, _problems = read(site, "trong.md", post_text())
    assert post.updated is None and post.modified == post.date


@pytest.mark.parametrize(
    ("updated", "words"),
    [("31/02/2024", "ngày cập nhật không hợp lệ: ngày 31/02/2024 không tồn tại"), ("hôm qua", "ngày cập nhật không hợp lệ")],
)
def test_an_impossible_updated_date_is_a_field_problem(site, updated, words):
    problem = only_problem(site, "bai.md", post_text(updated=updated))
    assert (problem.field, problem.line) == ("updated", 5)
    assert words in problem.message and "2023-12-13" in problem.fix


def test_an_updated_date_before_publication_is_refused(site):
    problem = only_problem(site, "bai.md", post_text(date="2023-12-13", updated="2023-12-01"))
    assert (problem.field, problem.line) == ("updated", 5)
    assert "trước ngày đăng" in problem.message


def test_tags_written_without_brackets_are_still_separate_tags(site):
    post, problems = read(site, "x.md", post_text(tags="hội nghị, tổng kết"))
    assert problems == [] and [tag.name for tag in post.tags] == ["hội nghị", "tổng kết"]


def test_the_first_words_of_a_long_category_get_a_suggestion(site):
    problem = only_problem(site, "bai.md", post_text(category="Quốc phòng"))
    assert problem.fix.startswith("có phải là “Quốc phòng - An ninh”?")
