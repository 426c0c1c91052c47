"""``make xa-moi``: the bundled sample commune becomes a commune's own, empty site.

    make xa-moi TEN="Xã Sơn Trà" TINH="Thành phố Đà Nẵng" [XAC_NHAN=1]

The sample's posts, photos, documents, data files and pages are removed, exactly the files that
``tinxa.manifest`` lists under ``[xa-mau]`` and nothing found by guessing; the commune's
``mkdocs.yml`` and three starter pages in ``docs/`` are written. It refuses to run, changing
nothing, when the repository holds anything of a real commune (a file of ``posts/``,
``images/``, ``files/``, ``data/`` or ``docs/`` that the manifest does not list), or when it
has run already. A sample file an officer edited is still sample: it is removed too, and the
listing shown before the confirmation says which ones have edits not yet committed to git.

Names: "Xã Sơn Trà", "Phường Hải Châu", "Thị trấn ...", "Đặc khu ..." are taken as written; a
bare "Sơn Trà" becomes "Xã Sơn Trà" (a ward must say "Phường"); a leading "Ủy ban nhân dân" or
"UBND" is dropped (the copyright line adds it). Straight double quotes become “ ”, because the
theme prints the site name unescaped inside HTML attributes; < > $ ` \\ are refused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from hooks.audio import SUFFIXES as AUDIO_SUFFIXES
from hooks.dates import LOCAL_ZONE
from hooks.manifest import MANIFEST_FILE, Manifest, ManifestError, parse_manifest
from hooks.output import replace_file
from hooks.photos import PHOTO_SUFFIXES
from hooks.portal import DATA_DIR, DOCUMENTS_FILE, FILES_DIR, PROCEDURES_FILE, SCHEDULE_FILE
from hooks.problems import SiteError
from hooks.settings import DEFAULT_CATEGORIES, read_config, read_mkdocs_yml
from hooks.text import clean_line, fold

POSTS_DIR, IMAGES_DIR, DOCS_DIR = "posts", "images", "docs"
COMMUNE_FOLDERS = (POSTS_DIR, IMAGES_DIR, FILES_DIR, DATA_DIR, DOCS_DIR)
CONFIG_FILE = "mkdocs.yml"
# Written into the header comment of the commune's mkdocs.yml: seeing it, a second run refuses.
MADE_MARK = "tạo bằng make xa-moi"
# Files the operating system leaves in folders: never the officers' work, never removed either.
SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"})
EXAMPLE = 'make xa-moi TEN="Xã Sơn Trà" TINH="Thành phố Đà Nẵng"'
MAX_NAME = 80
SHOWN_OWN_FILES = 20  # a refusal names at most this many of the commune's files
GIT_TIMEOUT = 30

# Commune-level units: (how a name starts, lower case; as the site name writes it; in English).
UNITS = (
    ("thị trấn", "Thị trấn", "township"),
    ("phường", "Phường", "ward"),
    ("đặc khu", "Đặc khu", "special zone"),
    ("xã", "Xã", "commune"),
)
# The villages of a unit, as the starter "Giới thiệu" page names them.
VILLAGES = {"Xã": "thôn", "Phường": "tổ dân phố", "Thị trấn": "tổ dân phố", "Đặc khu": "thôn, tổ dân phố"}
# Higher units a province line may start with: (lower case; mid-sentence; in English, after the name: "Da Nang City").
PROVINCE_UNITS = (
    ("thành phố", "thành phố", "City"),
    ("tp.", "thành phố", "City"),
    ("tp", "thành phố", "City"),
    ("tỉnh", "tỉnh", "Province"),
    ("thị xã", "thị xã", "Town"),
    ("huyện", "huyện", "District"),
    ("quận", "quận", "District"),
)
_AUTHORITY = re.compile(r"^(?:(?:ủy|uỷ) ban nhân dân|ubnd)\s+", re.IGNORECASE)
_REFUSED_CHARACTERS = "<>$`\\"

_DATA_FILES = {SCHEDULE_FILE: "lịch công tác", PROCEDURES_FILE: "thủ tục hành chính", DOCUMENTS_FILE: "danh sách văn bản"}


class InvalidName(ValueError):
    """A commune or province name that cannot be used; the message is for the commune's IT staff."""


@dataclass(frozen=True)
class CommuneName:
    unit: str  # "Xã", "Phường", "Thị trấn", "Đặc khu"
    proper: str  # "Sơn Trà"

    @property
    def full(self) -> str:
        """The site name, as the header shows it: "Xã Sơn Trà"."""
        return f"{self.unit} {self.proper}"

    @property
    def inline(self) -> str:
        """Inside a sentence: "xã Sơn Trà"."""
        return f"{self.unit[0].lower()}{self.unit[1:]} {self.proper}"

    @property
    def unit_english(self) -> str:
        return next(english for _key, unit, english in UNITS if unit == self.unit)

    @property
    def english(self) -> str:
        """ "Son Tra Commune": the proper name without diacritics, then the unit ("Ward 7" for a number)."""
        if self.proper.isdigit():
            return f"{self.unit_english.title()} {self.proper}"
        return f"{ascii_name(self.proper)} {self.unit_english.title()}"


def ascii_name(text: str) -> str:
    """Vietnamese without tone marks and hats, case kept: "Đà Nẵng" -> "Da Nang"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _clean_name(text: str, what: str) -> str:
    """One line, NFC, straight double quotes made typographic; refused when it cannot be a name."""
    name = clean_line(text)
    for character in _REFUSED_CHARACTERS:
        if character in name:
            raise InvalidName(f"{what} không được có các ký tự < > $ ` \\ (“{name}”)")
    if name and not any(ch.isalpha() for ch in name):
        raise InvalidName(f"“{name}” không phải {what}: tên cần có chữ, ví dụ {EXAMPLE}")
    if len(name) > MAX_NAME:
        raise InvalidName(f"{what} dài quá ({len(name)} ký tự, tối đa {MAX_NAME}): chỉ ghi tên đơn vị, ví dụ {EXAMPLE}")
    parts = name.split('"')
    return "".join(part + ("“" if index % 2 == 0 else "”") for index, part in enumerate(parts[:-1])) + parts[-1]


def parse_name(text: str) -> CommuneName:
    """The commune's name as an officer typed it: "Xã Sơn Trà", "phường Hải Châu", "Sơn Trà"."""
    name = _AUTHORITY.sub("", _clean_name(text, "tên xã"))
    if not name:
        raise InvalidName(f"hãy ghi tên xã (phường), ví dụ {EXAMPLE}")
    lowered = name.lower()
    for key, unit, _english in UNITS:
        if lowered == key:
            raise InvalidName(f"“{name}” chưa có tên riêng của {key}: ví dụ {EXAMPLE}")
        if lowered.startswith(key + " "):
            return CommuneName(unit, name[len(key) :].strip())  # "Phường 7" is a name too
    return CommuneName("Xã", name)


def parse_province(text: str) -> str:
    """The province line (optional): "Thành phố Đà Nẵng", "Tỉnh Quảng Nam"; "" when not given."""
    return _clean_name(text, "tên tỉnh")


def _province_parts(province: str) -> list[tuple[str, str, str]]:
    """(unit mid-sentence, name, English unit) of each comma-separated part; units "" when unknown."""
    parts = []
    for part in (p.strip() for p in province.split(",")):
        if not part:
            continue
        lowered = part.lower()
        match = next(
            ((inline, english, len(key)) for key, inline, english in PROVINCE_UNITS if lowered.startswith(key + " ")), None
        )
        if match is None:
            parts.append(("", part, ""))
        else:
            inline, english, length = match
            parts.append((inline, part[length:].strip(), english))
    return parts


def province_inline(province: str) -> str:
    """Inside a sentence: "Thành phố Đà Nẵng" -> "thành phố Đà Nẵng"."""
    return ", ".join(f"{unit} {name}" if unit else name for unit, name, _english in _province_parts(province))


def province_english(province: str) -> str:
    """ "Thành phố Đà Nẵng" -> "Da Nang City"; "Huyện A, tỉnh B" -> "A District, B Province"."""
    return ", ".join(
        f"{ascii_name(name)} {english}" if english else ascii_name(name) for _unit, name, english in _province_parts(province)
    )


# -- What is in the repository --------------------------------------------------------------------


@dataclass(frozen=True)
class Inventory:
    sample: tuple[str, ...]  # the sample's files still present, relative POSIX paths
    own: tuple[str, ...]  # files of the commune folders the manifest does not list
    edited: frozenset[str]  # sample files with changes not committed to git


def commune_files(root: Path) -> list[str]:
    """Every file (and link) under the commune folders, folder by folder (posts first), without the
    operating system's own files."""
    found = []
    for folder in COMMUNE_FOLDERS:
        top = root / folder
        if top.is_symlink() or top.is_file():
            found.append(folder)
            continue
        inside = []
        for directory, folders, files in os.walk(top):
            here = Path(directory)
            links = [name for name in folders if (here / name).is_symlink()]  # never followed: listed as they are
            inside += [(here / name).relative_to(root).as_posix() for name in [*files, *links] if name not in SYSTEM_FILES]
        found += sorted(inside)
    return found


def take_inventory(root: Path, manifest: Manifest) -> Inventory:
    listed = set(manifest.sample)
    present = commune_files(root)
    sample = tuple(path for path in present if path in listed)
    # Pictures and other files a page may use (docs/assets/logo.png) are neither removed nor
    # overwritten here, so they do not stop it; a page or a post is the commune's own writing.
    own = tuple(path for path in present if path not in listed and not _kept_asset(path))
    return Inventory(sample, own, frozenset(uncommitted(root) & set(sample)))


def _kept_asset(path: str) -> bool:
    return path.startswith(f"{DOCS_DIR}/") and not path.endswith(".md")


def uncommitted(root: Path) -> set[str]:
    """Files of the commune folders that differ from git's last commit; empty when git cannot tell."""
    command = ["git", "diff", "--name-only", "--relative", "-z", "HEAD", "--", *COMMUNE_FOLDERS]
    try:
        result = subprocess.run(command, cwd=root, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return set()
    if result.returncode != 0:
        return set()
    return {name for name in result.stdout.decode("utf-8", errors="replace").split("\0") if name}


def read_sample_list(root: Path) -> Manifest:
    """The manifest, refused when its sample list could remove anything outside the commune folders."""
    path = root / MANIFEST_FILE
    try:
        manifest = parse_manifest(path.read_text(encoding="utf-8"))
    except OSError:
        raise ManifestError(f"không đọc được {MANIFEST_FILE}: make xa-moi chỉ chạy ở thư mục gốc của kho Tin Xã") from None
    if not manifest.sample:
        raise ManifestError(f"{MANIFEST_FILE} không có mục [xa-mau]: không biết tệp nào là của xã mẫu")
    outside = [path for path in manifest.sample if PurePosixPath(path).parts[0] not in COMMUNE_FOLDERS or path.endswith("/")]
    if outside:
        raise ManifestError(f"{MANIFEST_FILE}: mục [xa-mau] ghi tệp ngoài thư mục của xã: {', '.join(outside)}")
    return manifest


def already_made(root: Path) -> bool:
    """Whether mkdocs.yml is one that make xa-moi wrote (its header comment says so)."""
    try:
        text = (root / CONFIG_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.lstrip().startswith("#") and MADE_MARK in line for line in text.splitlines())


# -- What is written ------------------------------------------------------------------------------


def yaml_scalar(value: str) -> str:
    """``value`` as one YAML scalar: plain when that is safe ("Xã Sơn Trà"), quoted otherwise."""
    text = yaml.safe_dump({"k": value}, allow_unicode=True, width=10**9, default_flow_style=False)
    scalar = text.removeprefix("k: ").rstrip("\n")
    if "\n" in scalar or yaml.safe_load(f"k: {scalar}") != {"k": value}:
        raise InvalidName(f"không ghi được “{value}” vào {CONFIG_FILE}")
    return scalar


def describe(name: CommuneName, province: str) -> str:
    where = province_inline(province)
    return f"Cổng thông tin điện tử {name.inline}" + (f", {where}" if where else "")


CONFIG_TEMPLATE = """\
# Cấu hình riêng của {comment_name}, {mark} ngày {day}.
# Sửa ở đây: tên, mô tả, màu, chuyên mục, trình soạn bài.
# Phần còn lại (giao diện, phần mở rộng) nằm trong tinxa.yml của phần mềm Tin Xã: đừng sửa tệp đó,
# mỗi lần cập nhật (make cap-nhat) nó được thay bằng bản mới; tệp này thì không bao giờ bị đụng tới.
INHERIT: tinxa.yml

site_name: {site_name}
site_description: {site_description}
# Địa chỉ thật của trang. Khi đăng bằng GitHub Actions, địa chỉ được lấy tự động (biến SITE_URL).
# Đăng lên máy chủ khác: ghi địa chỉ vào giữa hai dấu ngoặc kép, ví dụ !ENV [SITE_URL, "https://tenxa.gov.vn/"]
site_url: !ENV [SITE_URL, ""]
copyright: {copyright}

theme:
  # Màu: nền sáng hoặc tối theo cài đặt của điện thoại, có nút chuyển. Đổi màu chủ đạo ở cả hai dòng primary
  # (ví dụ red, indigo, teal, green, blue).
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: red
      accent: red
      toggle:
        icon: material/weather-night
        name: Chuyển sang nền tối
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: red
      accent: red
      toggle:
        icon: material/weather-sunny
        name: Chuyển sang nền sáng

  # Logo: chép ảnh vào docs/assets/logo.png rồi bỏ dấu # ở dòng dưới.
  # logo: assets/logo.png

# Menu: khi không có mục "nav:", Tin Xã tự tạo menu: Trang chủ, Tin tức (Tất cả tin, mọi chuyên mục,
# Lưu trữ, Thư viện ảnh khi có bài có gallery), Văn bản, Thủ tục hành chính, Lịch công tác (khi có dữ liệu),
# rồi các trang trong docs/ theo tên tệp.
# Muốn tự sắp xếp menu thì viết đầy đủ mục "nav:" (xem README).

extra:
  tinxa:
    # Dòng giới thiệu dưới tên xã ở trang chủ.
    tagline: {tagline}
    # Chuyên mục: mỗi chuyên mục một dòng, bắt đầu bằng "- ". Mỗi bài ghi một trong các tên này ở dòng category.
    categories:
{categories}
    # Số bài mỗi trang danh sách tin.
    per_page: 10
    # Trình soạn bài trên web (/admin/), xem README phần “Soạn bài trên trình duyệt”.
    editor:
      repo: !ENV [GITHUB_REPOSITORY, ""]  # tên kho trên GitHub; GitHub Actions tự điền
      branch: main
      login_url: ""  # địa chỉ dịch vụ đăng nhập GitHub (https://...), do cán bộ CNTT cài một lần
"""


def commune_config(name: CommuneName, province: str, today: dt.date) -> str:
    """The commune's mkdocs.yml: its own settings over Tin Xã's tinxa.yml."""
    text = CONFIG_TEMPLATE.format(
        comment_name=name.full,
        mark=MADE_MARK,
        day=f"{today:%d/%m/%Y}",
        site_name=yaml_scalar(name.full),
        site_description=yaml_scalar(describe(name, province)),
        copyright=yaml_scalar(f"© Ủy ban nhân dân {name.inline}"),
        tagline=yaml_scalar(
            f"Cổng thông tin điện tử {name.inline} – tin tức, sự kiện, thông báo của Đảng ủy, HĐND, UBND {name.unit.lower()}"
        ),
        categories="\n".join(f"      - {yaml_scalar(category)}" for category in DEFAULT_CATEGORIES),
    )
    _check_config(text, name, province)
    return text


class _EnvLoader(yaml.SafeLoader):
    """Reads ``!ENV [NAME, default]`` as its default: enough to check what was written."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _check_config(text: str, name: CommuneName, province: str) -> None:
    """The written YAML must say exactly what was meant, whatever the name holds."""
    config: Any = yaml.load(text, Loader=_EnvLoader)  # a SafeLoader with one tag added
    wanted = {"site_name": name.full, "site_description": describe(name, province), "site_url": ""}
    if any(config.get(key) != value for key, value in wanted.items()):
        raise InvalidName(f"không ghi được tên “{name.full}” vào {CONFIG_FILE}")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def markdown_text(text: str) -> str:
    """``text`` shown as written in Markdown (a name with * or # stays a name)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


PENDING = "*Đang cập nhật.*"

ABOUT_PAGE = """\
# Giới thiệu {inline}

<!--
Trang Giới thiệu (Nghị định 42/2022/NĐ-CP). Thay mỗi dòng "Đang cập nhật." bằng nội dung thật,
xoá mục nào chưa cần, thêm mục mới bằng dòng bắt đầu "## ". Ghi chú trong dấu này không hiện trên trang.
-->

## Vị trí địa lý, điều kiện tự nhiên

<!-- Nằm ở đâu, cách trung tâm bao xa; giáp những đâu ở bốn phía; diện tích tự nhiên (km², ha); địa hình, khí hậu. -->

{pending}

## Dân số và các {villages}

<!-- Số hộ, số nhân khẩu, các dân tộc (tính đến ngày nào); danh sách các {villages}, có thể kèm bảng:
| Tên | Số hộ | Số nhân khẩu |
|---|---:|---:|
-->

{pending}

## Lịch sử hình thành

<!-- Năm thành lập, chia tách, sáp nhập; truyền thống cách mạng; di tích, lễ hội, danh hiệu được tặng. -->

{pending}

## Kinh tế

<!-- Ngành nghề chính, sản phẩm chủ lực (OCOP), một vài số liệu của năm gần nhất. -->

{pending}

## Tổ chức bộ máy

<!-- Đảng ủy, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban MTTQ Việt Nam và các đoàn thể:
họ tên và chức vụ của từng đồng chí lãnh đạo, mỗi người một dòng bắt đầu bằng "- ". -->

{pending}
"""

CONTACT_PAGE = """\
# Liên hệ

<!--
Trang Liên hệ. Thay mỗi chữ "đang cập nhật" bằng thông tin thật. Ghi chú trong dấu này không hiện trên trang.
-->

## Ủy ban nhân dân {inline}

- **Địa chỉ:** *đang cập nhật*
- **Văn phòng HĐND-UBND:** *đang cập nhật*
- **Bộ phận Tiếp nhận và trả kết quả (Một cửa):** *đang cập nhật*
- **Thư điện tử:** *đang cập nhật*

## Các số điện thoại cần thiết

<!-- Thêm một dòng cho mỗi đơn vị: Công an, Trạm Y tế, Ban Chỉ huy Quân sự... -->

| Đơn vị | Điện thoại |
|---|---|
| Công an (báo tin khẩn cấp) | 113 |
| Cứu hỏa, cứu nạn, cứu hộ | 114 |
| Cấp cứu y tế | 115 |

## Thời gian làm việc

<!-- Các ngày làm việc trong tuần, giờ sáng và chiều (mùa hè, mùa đông nếu khác nhau); lịch tiếp công dân. -->

{pending}

## Cổng thông tin điện tử

<!-- Người phụ trách trang: họ tên, chức vụ, điện thoại; cách gửi tin, bài, ảnh về trang. -->

{pending}
"""

ENGLISH_PAGE = """\
---
title: {title}
---

<!--
Trang tiếng Anh: chân trang có liên kết "English" tới trang này. Viết bằng tiếng Anh; thay mỗi dòng
"Information coming soon." bằng nội dung thật (vị trí, dân số, tổ chức bộ máy, địa chỉ liên hệ).
-->

<div lang="en" markdown>

# {heading}

{intro}

*Information coming soon.*

## Organisation

- **Party Committee of the {unit}**: *information coming soon.*
- **People's Council**: *information coming soon.*
- **People's Committee**: *information coming soon.*
- **Viet Nam Fatherland Front Committee of the {unit}**: *information coming soon.*

## Contact

People's Committee of {english}{where}.
*Address, telephone, email and office hours: information coming soon.*

News and notices on this site are published in Vietnamese.

</div>
"""


def starter_pages(name: CommuneName, province: str) -> dict[str, str]:
    """The pages a commune fills in, by path: Giới thiệu, Liên hệ and the English page."""
    inline = markdown_text(name.inline)
    english = markdown_text(name.english)
    where_english = province_english(province)
    place = f" of {markdown_text(where_english)}, Viet Nam" if where_english else " in Viet Nam"
    subject = name.english if name.proper.isdigit() else ascii_name(name.proper)
    intro = f"{markdown_text(subject)} is a {name.unit_english}{place}."
    return {
        f"{DOCS_DIR}/gioi-thieu.md": ABOUT_PAGE.format(inline=inline, villages=VILLAGES[name.unit], pending=PENDING),
        f"{DOCS_DIR}/lien-he.md": CONTACT_PAGE.format(inline=inline, pending=PENDING),
        f"{DOCS_DIR}/en.md": ENGLISH_PAGE.format(
            title=yaml_scalar(f"About {name.english}"),
            heading=f"About {english}",
            intro=intro,
            unit=name.unit_english,
            english=english,
            where=f", {markdown_text(where_english)}, Viet Nam" if where_english else ", Viet Nam",
        ),
    }


# -- What is shown --------------------------------------------------------------------------------


def refusal(own: Iterable[str]) -> str:
    """Why nothing was done: the commune's own files, each with what it is."""
    own = list(own)
    lines = [f"✗ Không tạo trang mới: kho này đã có {len(own)} tệp của xã, không phải của xã mẫu."]
    for path in own[:SHOWN_OWN_FILES]:
        noun = _noun(path)
        lines.append(f"  ✗ {path}: đây là {noun} của xã, không phải {noun} mẫu")
    if len(own) > SHOWN_OWN_FILES:
        lines.append(f"  … và {len(own) - SHOWN_OWN_FILES} tệp khác.")
    lines += [
        "make xa-moi chỉ dùng cho kho vừa tạo từ mẫu: nó xoá toàn bộ xã mẫu, và không bao giờ xoá bài, ảnh, tệp của xã.",
        "Không có gì bị thay đổi.",
        "  → Kho này đã là trang của xã: không cần make xa-moi. Đổi tên xã trong mkdocs.yml (site_name, site_description,",
        "    copyright, tagline); tệp nào của xã mẫu còn sót thì xoá bằng tay (danh sách ở tinxa.manifest, mục [xa-mau]).",
        "  → Các tệp trên chỉ là thử: chuyển chúng ra ngoài thư mục kho rồi chạy lại.",
    ]
    return "\n".join(lines)


def _noun(path: str) -> str:
    """What a file of the commune folders is, as a refusal names it."""
    parts, suffix = PurePosixPath(path).parts, PurePosixPath(path).suffix.lower()
    if suffix in PHOTO_SUFFIXES:
        return "ảnh"
    if suffix == ".md" and parts[0] in (POSTS_DIR, DOCS_DIR):
        return "bài" if parts[0] == POSTS_DIR else "trang"
    return "tệp dữ liệu" if parts[0] == DATA_DIR else "tệp"


def _wrapped(names: list[str], indent: str = "      ") -> list[str]:
    return textwrap.wrap(", ".join(names), width=110, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def removal_summary(sample: Iterable[str], replaced: Iterable[str], edited: Iterable[str]) -> list[str]:
    """What will go, by kind, each kind with its files (photos by folder): a screenful at most."""
    replaced, edited = set(replaced), set(edited)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for path in sample:
        by_folder[PurePosixPath(path).parts[0]].append(path)

    def shown(path: str, base: str) -> str:
        return path.removeprefix(base) + (" (đã sửa, chưa commit)" if path in edited else "")

    lines = []
    posts = by_folder.pop(POSTS_DIR, [])
    if posts:
        lines += [f"  • {len(posts)} bài viết trong {POSTS_DIR}/", *_wrapped([shown(p, f"{POSTS_DIR}/") for p in posts])]
    images = by_folder.pop(IMAGES_DIR, [])
    if images:
        photos = [p for p in images if PurePosixPath(p).suffix.lower() in PHOTO_SUFFIXES]
        folders: dict[str, int] = defaultdict(int)
        for path in photos:
            folders[str(PurePosixPath(path).parent.relative_to(IMAGES_DIR))] += 1
        others = len(images) - len(photos)
        kinds = f"{len(photos)} ảnh" + (f" và {others} tệp chú thích ảnh" if others else "")
        lines.append(f"  • {kinds} trong {IMAGES_DIR}/ (thư mục trống sau đó cũng được xoá)")
        lines += _wrapped([f"{folder}/ ({count} ảnh)" for folder, count in sorted(folders.items())])
        lines += [f"      {shown(p, '')}" for p in images if p in edited]
    attachments = by_folder.pop(FILES_DIR, [])
    sounds = [p for p in attachments if PurePosixPath(p).suffix.lower() in AUDIO_SUFFIXES]
    for paths, kind in (([p for p in attachments if p not in sounds], "tệp văn bản"), (sounds, "bản tin truyền thanh")):
        if paths:
            lines += [f"  • {len(paths)} {kind} trong {FILES_DIR}/", *_wrapped([shown(p, f"{FILES_DIR}/") for p in paths])]
    data = by_folder.pop(DATA_DIR, [])
    if data:
        what = [_DATA_FILES.get(PurePosixPath(p).name, PurePosixPath(p).name) for p in data]
        lines += [
            f"  • {len(data)} tệp dữ liệu trong {DATA_DIR}/: {', '.join(what)}",
            *_wrapped([shown(p, f"{DATA_DIR}/") for p in data]),
        ]
    pages = by_folder.pop(DOCS_DIR, [])
    gone = [p for p in pages if p not in replaced]
    if pages and len(gone) < len(pages):
        new = [shown(p, f"{DOCS_DIR}/") for p in pages if p in replaced]
        lines += [f"  • {len(new)} trang trong {DOCS_DIR}/ được thay bằng trang trống để xã tự điền", *_wrapped(new)]
    if gone:
        lines += [f"  • {len(gone)} trang khác trong {DOCS_DIR}/", *_wrapped([shown(p, f"{DOCS_DIR}/") for p in gone])]
    for folder, paths in sorted(by_folder.items()):
        lines += [f"  • {len(paths)} tệp trong {folder}/", *_wrapped([shown(p, f"{folder}/") for p in paths])]
    return lines


def next_steps(name: CommuneName) -> str:
    return "\n".join(
        [
            "Tiếp theo:",
            f"  1. Mở {CONFIG_FILE}, xem lại tên, mô tả (site_description), dòng giới thiệu (tagline), màu (primary)",
            "     và các chuyên mục.",
            f"  2. Điền các trang {DOCS_DIR}/gioi-thieu.md, {DOCS_DIR}/lien-he.md và {DOCS_DIR}/en.md (trang tiếng Anh):",
            "     thay các dòng “Đang cập nhật.” bằng thông tin thật của " + name.inline + ".",
            "  3. make serve để xem thử tại http://127.0.0.1:8000 (trang chủ báo chưa có bài viết).",
            '  4. Viết bài đầu tiên: make new TITLE="Tiêu đề bài" (hoặc make admin để soạn trên trình duyệt).',
            '  5. Lưu và đưa lên GitHub: git add -A, git commit -m "Tạo trang tin của xã từ mẫu", git push.',
            "  6. Đăng lên mạng (làm một lần): README, phần “Đăng lên mạng bằng GitHub Pages”.",
        ]
    )


def confirmed_by(ask: Callable[[str], str]) -> bool | None:
    """True when the answer is "c" (or "có"), False for anything else, None without a terminal."""
    try:
        answer = ask("Gõ c rồi Enter để đồng ý (chữ khác hoặc chỉ Enter: huỷ): ")
    except EOFError:
        return None
    except KeyboardInterrupt:
        print()
        return False
    return fold(answer.strip()) in ("c", "co")


# -- Doing it -------------------------------------------------------------------------------------


def remove_files(root: Path, paths: Iterable[str]) -> tuple[int, list[str]]:
    """Remove ``paths`` and the folders they leave empty (never a commune folder itself).

    Returns how many were removed and a line for each that could not be."""
    removed, failed = 0, []
    for path in paths:
        target = root / path
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            failed.append(f"  ✗ {path}: {error.strerror or error}")
            continue
        removed += 1
        folder = target.parent
        while folder.parent != root and folder != root:
            try:
                folder.rmdir()  # only an empty folder goes
            except OSError:
                break
            folder = folder.parent
    return removed, failed


def make_commune(root: Path, name: str, province: str = "", *, confirmed: bool = False, ask: Callable[[str], str] = input) -> int:
    """``make xa-moi``: remove the sample commune and write the commune's own configuration and pages.

    Prints in Vietnamese and returns the exit code: 0 done, 1 refused or cancelled (nothing changed).
    """
    try:
        commune, province = parse_name(name), parse_province(province)
        manifest = read_sample_list(root)
        pages = starter_pages(commune, province)
        config = commune_config(commune, province, dt.datetime.now(LOCAL_ZONE).date())
    except (InvalidName, ManifestError) as error:
        print(f"✗ Không tạo trang mới: {error}.\nKhông có gì bị thay đổi.")
        return 1
    inventory = take_inventory(root, manifest)
    if inventory.own:
        print(refusal(inventory.own))
        return 1
    if already_made(root) or not any(not path.startswith(f"{DOCS_DIR}/") for path in inventory.sample):
        print(_made_already(root))
        return 1

    print(f"Tạo trang tin của {commune.full}" + (f" ({province_inline(province)})" if province else "") + " từ kho mẫu.")
    replaced = [path for path in inventory.sample if path in pages]
    also = f" và thay {len(replaced)} trang" if replaced else ""
    print(f"\nSẽ xoá {len(inventory.sample) - len(replaced)} tệp của xã mẫu{_current_name(root)}{also}:")
    print("\n".join(removal_summary(inventory.sample, pages, inventory.edited)))
    print(f"\nSẽ ghi mới {CONFIG_FILE}: tên “{commune.full}”, mô tả “{describe(commune, province)}”, chuyên mục mặc định.")
    print(f"Bản cũ của các tệp này vẫn còn trong lịch sử git (git log -- {CONFIG_FILE}).")
    if inventory.edited:
        print(f"⚠ {len(inventory.edited)} tệp mẫu đã bị sửa mà chưa commit: phần sửa đó sẽ mất.")
    if confirmed:
        print("Đã đồng ý trước (XAC_NHAN=1).")
    else:
        answer = confirmed_by(ask)
        if answer is None:
            print("\n✗ Chưa làm gì: lệnh không chạy trong cửa sổ dòng lệnh nên không hỏi được.")
            where = f' TINH="{province}"' if province else ""
            print(f'  → Đồng ý trước bằng XAC_NHAN=1: make xa-moi TEN="{commune.full}"{where} XAC_NHAN=1')
            return 1
        if not answer:
            print("Đã huỷ. Không có gì bị thay đổi.")
            return 1

    try:
        replace_file(root / CONFIG_FILE, config.encode("utf-8"))
        for path, text in pages.items():
            replace_file(root / path, text.encode("utf-8"))
    except OSError as error:
        print(f"✗ Không ghi được {error.filename or CONFIG_FILE}: {error.strerror or error}. Chưa xoá tệp nào của xã mẫu.")
        return 1
    removed, failed = remove_files(root, [path for path in inventory.sample if path not in replaced])
    if failed:
        print(f"✗ Không xoá được {len(failed)} tệp của xã mẫu (xoá bằng tay rồi chạy make check):")
        print("\n".join(failed))
    try:
        read_config(root)
    except SiteError as error:  # never expected: the text was checked before it was written
        print(f"✗ {CONFIG_FILE} vừa ghi có lỗi:\n{error}")
        return 1
    written = f"ghi {CONFIG_FILE} và {len(pages)} trang trong {DOCS_DIR}/"
    print(f"\n✓ Đã tạo trang tin của {commune.full}: xoá {removed} tệp của xã mẫu, {written}.")
    print(next_steps(commune))
    return 1 if failed else 0


def _current_name(root: Path) -> str:
    """ " (Xã Tân Hương)": the sample's name as mkdocs.yml gives it; "" when it cannot be read."""
    try:
        name = str(read_mkdocs_yml(root).get("site_name") or "")
    except SiteError:
        return ""
    return f" ({name})" if name else ""


def _made_already(root: Path) -> str:
    return "\n".join(
        [
            "✗ Không tạo trang mới: kho này đã là trang của xã (make xa-moi đã chạy, hoặc bài, ảnh, văn bản của xã mẫu",
            "  đã được xoá). Chạy lại sẽ ghi đè mkdocs.yml và các trang trong docs/, nên make xa-moi không làm gì cả.",
            f"  → Muốn đổi tên xã: sửa {CONFIG_FILE} (site_name, site_description, copyright, tagline) và các trang trong docs/.",
        ]
    )
