"""The sections a commune portal must have (Decree 42/2022/NĐ-CP), each fed by one data file.

    data/van-ban.yml        legal and administrative documents, with their PDF under files/
    data/thu-tuc.yml        administrative procedures: links to the National Public Service Portal
    data/lich-cong-tac.yml  the leaders' work schedule, day by day

A missing file means the section is not published; a broken one is reported like a broken post.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.dates import ACCEPTED_FORMS, WEEKDAYS, DateError, PostDate, parse_date
from hooks.frontmatter import YamlError, load_yaml
from hooks.photos import inside
from hooks.problems import Problem
from hooks.slug import slugify
from hooks.text import clean_line, normalize

DATA_DIR = "data"
FILES_DIR = "files"
DOCUMENTS_FILE = "van-ban.yml"
PROCEDURES_FILE = "thu-tuc.yml"
SCHEDULE_FILE = "lich-cong-tac.yml"


@dataclass(frozen=True)
class Document:
    number: str  # "125/QĐ-UBND"
    kind: str  # Quyết định, Kế hoạch, Thông báo...
    issuer: str
    issued: PostDate
    summary: str
    file: str = ""  # path under the site root, e.g. files/van-ban/125-qd-ubnd.pdf
    effective: PostDate | None = None

    @property
    def anchor(self) -> str:
        # Document numbers restart every year: the year keeps 125/QĐ-UBND of 2022 and 2023 apart.
        return slugify(f"{self.kind} {self.number} {self.issued.moment.year}")


@dataclass(frozen=True)
class Procedure:
    name: str
    url: str


@dataclass(frozen=True)
class Appointment:
    time: str
    content: str
    lead: str = ""
    place: str = ""


@dataclass(frozen=True)
class ScheduleDay:
    date: PostDate
    items: tuple[Appointment, ...]

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.moment.weekday()]


@dataclass
class Portal:
    documents: list[Document] = field(default_factory=list)  # newest first
    procedures: dict[str, list[Procedure]] = field(default_factory=dict)  # by area
    weeks: list[tuple[str, list[ScheduleDay]]] = field(default_factory=list)  # ("Tuần 51 (18/12 – 24/12/2023)", days)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # attachments to publish, under the site root


def read_portal(root: Path) -> Portal:
    portal = Portal()
    documents = _Records(root, DOCUMENTS_FILE, portal.problems)
    for record in documents.items():
        document = record.document()
        if document:
            portal.documents.append(document)
            if document.file and document.file not in portal.files:
                portal.files.append(document.file)
    portal.documents.sort(key=lambda d: (d.issued, d.number), reverse=True)
    seen: set[str] = set()
    for document in portal.documents:
        if document.anchor in seen:
            message = f"văn bản {document.kind} số {document.number} năm {document.issued.moment.year} được ghi hai lần"
            portal.problems.append(Problem(documents.name, message, "xoá một trong hai mục", field="number"))
        seen.add(document.anchor)

    procedures: dict[str, list[Procedure]] = defaultdict(list)
    for record in _Records(root, PROCEDURES_FILE, portal.problems).items():
        name, area, url = record.text("name"), record.text("area", required=False) or "Khác", record.text("url")
        if name and url and (not url.startswith("https://") or len(url) <= len("https://") or " " in url):
            message = f"địa chỉ “{url}” không đúng (phải bắt đầu bằng https://, không có dấu cách)"
            record.problem("url", message, "chép nguyên địa chỉ thủ tục từ Cổng Dịch vụ công quốc gia")
        elif name and url:
            procedures[area].append(Procedure(name, url))
    portal.procedures = dict(sorted(procedures.items()))

    days: dict[PostDate, list[Appointment]] = defaultdict(list)  # a date written twice is one day
    for record in _Records(root, SCHEDULE_FILE, portal.problems).items():
        date = record.date("date")
        items = record.appointments()
        if date and items is not None:
            days[date].extend(items)
    portal.weeks = _by_week([ScheduleDay(date, tuple(items)) for date, items in days.items()])
    return portal


def _by_week(days: list[ScheduleDay]) -> list[tuple[str, list[ScheduleDay]]]:
    weeks: dict[tuple[int, int], list[ScheduleDay]] = defaultdict(list)
    for day in days:
        year, week, _weekday = day.date.day.isocalendar()
        weeks[(year, week)].append(day)
    result = []
    for (year, week), members in sorted(weeks.items(), reverse=True):
        monday = dt.date.fromisocalendar(year, week, 1)
        sunday = monday + dt.timedelta(days=6)
        label = f"Tuần {week} ({monday:%d/%m} – {sunday:%d/%m/%Y})"
        result.append((label, sorted(members, key=lambda d: d.date)))
    return result


class _Records:
    """The list of records in one data file, each checked field by field with line numbers."""

    def __init__(self, root: Path, name: str, problems: list[Problem]) -> None:
        self.root = root
        self.name = f"{DATA_DIR}/{name}"
        self.problems = problems
        self.data: list[Any] = []
        self.lines: dict[str, int] = {}
        path = root / DATA_DIR / name
        if not path.is_file():
            return
        try:
            document = load_yaml(normalize(path.read_bytes().decode("utf-8-sig")))
        except UnicodeDecodeError:
            problems.append(Problem(self.name, "tệp không được lưu theo bảng mã UTF-8", "lưu lại tệp với mã hoá UTF-8"))
            return
        except YamlError as error:
            problems.append(
                Problem(self.name, f"lỗi cú pháp: {error.reason}", "xem lại dòng này và dòng trước nó", line=error.line)
            )
            return
        if document.data is None:  # an empty file (or only comments): the section is simply empty
            return
        if not isinstance(document.data, list):
            problems.append(
                Problem(self.name, "tệp phải là một danh sách, mỗi mục bắt đầu bằng “- ”", "xem tệp mẫu trong README", line=1)
            )
            return
        self.data = document.data
        self.lines = document.lines

    def items(self) -> list[_Record]:
        return [_Record(self, index, item) for index, item in enumerate(self.data)]


class _Record:
    def __init__(self, records: _Records, index: int, value: Any) -> None:
        self.records = records
        self.index = index
        self.value = value if isinstance(value, dict) else {}
        if not isinstance(value, dict):
            self.problem(None, f"mục thứ {index + 1} phải là các dòng “tên: giá trị”", "xem tệp mẫu trong README")

    def problem(self, key: str | None, message: str, fix: str) -> None:
        line = self.records.lines.get(f"[{self.index}]")
        self.records.problems.append(
            Problem(self.records.name, f"mục thứ {self.index + 1}: {message}", fix, line=line, field=key)
        )

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.value.get(key)
        if value is None or value == "":
            if required and self.value:
                self.problem(key, f"thiếu trường “{key}”", f"thêm dòng {key}: ...")
            return ""
        if isinstance(value, dict | list):
            self.problem(key, f"“{key}” phải là một dòng chữ", f'ghi {key}: "..." trên một dòng')
            return ""
        return clean_line(str(value))

    def date(self, key: str, *, required: bool = True) -> PostDate | None:
        value = self.value.get(key)
        if value in (None, ""):
            if required and self.value:
                self.problem(key, f"thiếu ngày “{key}”", f"thêm dòng {key}: 15/12/2023")
            return None
        try:
            return parse_date(value if isinstance(value, str) else str(value))
        except DateError as error:
            self.problem(key, f"ngày không hợp lệ: {error}", f"ghi ngày theo một trong các dạng {ACCEPTED_FORMS}")
            return None

    def document(self) -> Document | None:
        number, kind, issuer, summary = self.text("number"), self.text("type"), self.text("issuer"), self.text("summary")
        issued = self.date("issued")
        effective = self.date("effective", required=False)
        file = self.text("file", required=False).lstrip("/")
        root = self.records.root
        if file and not (file.startswith(f"{FILES_DIR}/") and inside(root / file, root / FILES_DIR) and (root / file).is_file()):
            self.problem(
                "file",
                f"không tìm thấy tệp “{file}” trong thư mục {FILES_DIR}/",
                f"chép tệp PDF vào {FILES_DIR}/van-ban/ và ghi đường dẫn tới nó",
            )
            return None
        if not (number and kind and issuer and summary and issued):
            return None
        if effective and effective < issued:
            self.problem("effective", "ngày hiệu lực trước ngày ban hành", "kiểm tra lại hai ngày issued và effective")
            return None
        return Document(number, kind, issuer, issued, summary, file, effective)

    def appointments(self) -> tuple[Appointment, ...] | None:
        items = self.value.get("items")
        if not isinstance(items, list) or not items:
            self.problem("items", "mỗi ngày cần danh sách công việc “items”", "xem tệp mẫu trong README")
            return None
        result = []
        for item in items:
            values = item if isinstance(item, dict) else {}
            if not values.get("content") or not all(isinstance(v, str | int | float | None) for v in values.values()):
                example = 'ví dụ: - time: "7h30"\n        content: "Giao ban"'
                self.problem("items", "mỗi công việc cần “content”, mỗi trường là một dòng chữ", example)
                return None
            result.append(Appointment(*(clean_line(str(values.get(k) or "")) for k in ("time", "content", "lead", "place"))))
        return tuple(result)
