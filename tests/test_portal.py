"""Portal sections fed by data files: documents, procedures, work schedule."""

import json
import re
import textwrap

import pytest
from conftest import post_text

from hooks.portal import read_portal


def write(site, name, text):
    path = site.root / "data" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def portal_site(site):
    (site.root / "files/van-ban").mkdir(parents=True)
    (site.root / "files/van-ban/125.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    write(
        site,
        "van-ban.yml",
        """\
        - number: "125/QĐ-UBND"
          type: Quyết định
          issuer: UBND xã
          issued: 15/12/2023
          summary: "Ban hành kế hoạch <năm 2024>"
          file: files/van-ban/125.pdf
        - number: "07/KH-UBND"
          type: Kế hoạch
          issuer: UBND xã
          issued: 2024-01-08
          summary: "Huấn luyện dân quân"
        """,
    )
    write(
        site,
        "thu-tuc.yml",
        """\
        - {name: Đăng ký khai sinh, area: Hộ tịch, url: "https://dichvucong.gov.vn/a"}
        - {name: Chứng thực bản sao, area: Chứng thực, url: "https://dichvucong.gov.vn/b"}
        """,
    )
    write(
        site,
        "lich-cong-tac.yml",
        """\
        - date: 18/12/2023
          items:
            - {time: "7h30", content: "Giao ban", lead: "Đ/c Hùng", place: "Phòng họp"}
        - date: 26/12/2023
          items:
            - {time: "8h00", content: "Tiếp dân"}
        """,
    )
    return site


def test_reading_the_data_files(portal_site):
    portal = read_portal(portal_site.root)
    assert portal.problems == []
    assert [d.number for d in portal.documents] == ["07/KH-UBND", "125/QĐ-UBND"]  # newest first
    assert portal.files == ["files/van-ban/125.pdf"]
    assert list(portal.procedures) == ["Chứng thực", "Hộ tịch"]
    assert [label for label, _days in portal.weeks] == ["Tuần 52 (25/12 – 31/12/2023)", "Tuần 51 (18/12 – 24/12/2023)"]
    assert portal.weeks[1][1][0].weekday == "Thứ Hai"


def test_broken_data_files_are_reported_with_line_and_field(site):
    write(
        site,
        "van-ban.yml",
        """\
        - number: "1/QĐ"
          type: Quyết định
          issuer: UBND xã
          issued: 31/02/2024
          summary: "A"
        - number: "2/QĐ"
          type: Quyết định
          summary: "B"
          file: files/khong-co.pdf
        """,
    )
    write(site, "thu-tuc.yml", "- {name: Khai sinh, url: dichvucong.gov.vn}\n")
    write(site, "lich-cong-tac.yml", "date: 18/12/2023\n")
    problems = read_portal(site.root).problems
    found = {(p.file, p.line, p.field) for p in problems}
    assert ("data/van-ban.yml", 1, "issued") in found
    assert ("data/van-ban.yml", 6, "file") in found
    assert ("data/thu-tuc.yml", 1, "url") in found
    assert ("data/lich-cong-tac.yml", 1, None) in found
    assert all(p.fix for p in problems)


def test_sections_are_built_searchable_and_in_the_menu(portal_site):
    portal_site.post("a.md", post_text())
    result = portal_site.build("--strict")
    assert result.returncode == 0, result.stderr
    documents = portal_site.html("van-ban")
    assert 'href="../files/van-ban/125.pdf" download>125/QĐ-UBND</a>' in documents
    assert "Ban hành kế hoạch &lt;năm 2024&gt;" in documents and "tinxa-filter.js" in documents
    assert (portal_site.root / "site/files/van-ban/125.pdf").is_file()
    procedures = portal_site.html("thu-tuc-hanh-chinh")
    assert procedures.index("<h2>Chứng thực</h2>") < procedures.index("<h2>Hộ tịch</h2>")
    assert 'href="https://dichvucong.gov.vn/a"' in procedures
    schedule = portal_site.html("lich-cong-tac")
    assert "Tuần 51 (18/12 – 24/12/2023)" in schedule and "Thứ Hai<br>18/12/2023" in schedule
    home = portal_site.html("")
    menu = home[home.index('class="md-nav md-nav--primary"') :]
    links = re.findall(r'href="(van-ban|thu-tuc-hanh-chinh|lich-cong-tac|tin-tuc)/"', menu)
    assert list(dict.fromkeys(links)) == ["tin-tuc", "van-ban", "thu-tuc-hanh-chinh", "lich-cong-tac"]
    index = json.loads((portal_site.root / "site/tim-kiem/index.json").read_text())
    docs = [json.loads((portal_site.root / f"site/tim-kiem/d/{n}.json").read_text()) for n in range(index["documents"])]
    assert any(d["t"].startswith("Quyết định số 125/QĐ-UBND") and d["u"].startswith("van-ban/#") for d in docs)


def test_documents_with_the_same_number_in_different_years_have_distinct_anchors(site):
    write(
        site,
        "van-ban.yml",
        """\
        - {number: "125/QĐ-UBND", type: Quyết định, issuer: UBND xã, issued: 15/12/2022, summary: "A"}
        - {number: "125/QĐ-UBND", type: Quyết định, issuer: UBND xã, issued: 15/12/2023, summary: "B"}
        """,
    )
    anchors = [d.anchor for d in read_portal(site.root).documents]
    assert anchors == ["quyet-dinh-125-qd-ubnd-2023", "quyet-dinh-125-qd-ubnd-2022"]
