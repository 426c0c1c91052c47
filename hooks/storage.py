"""How big the repository, its photos and the published site are, and when they reach GitHub's limits.

``storage_report`` is the text of ``make dung-luong``, in Vietnamese for officers and commune IT staff.
``measure_storage`` gives the figures and ``format_storage_report`` words them, so tests check numbers.
Git is asked through subprocess and may be missing, fail or hang: the report then falls back, never crashes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from hooks.dates import LOCAL_ZONE
from hooks.images import PUBLIC_FOLDER
from hooks.output import staging_dir
from hooks.photos import CONVERTIBLE_SUFFIXES, PHOTO_SUFFIXES
from hooks.pipeline import PAGES_LIMIT
from hooks.text import format_number, format_size

# GitHub's documentation: repositories "ideally less than 1 GB, and less than 5 GB is strongly recommended".
REPO_IDEAL = 1024**3
REPO_STRONGLY_RECOMMENDED = 5 * 1024**3
WINDOW_WEEKS = 12  # the current rate: what images/ gained over this many weeks
GIT_TIMEOUT = 60  # seconds; a large history answers well within it, a hung git must not hang the report
# Local or regenerated folders at the root: never committed, so not the repository's size.
NOT_COMMITTED = (".git", ".venv", "node_modules", "site", ".cache")
PICTURE_SUFFIXES = PHOTO_SUFFIXES | CONVERTIBLE_SUFFIXES
TYPICAL_DERIVATIVES = 120 * 1024  # one photo's three web sizes, as huong-dan/anh.md tells officers
GUIDE = "huong-dan/anh.md"
_FOLDER_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # photo folders are named like posts: 2023-12-13-slug
_FAR_WEEKS = 20 * 52  # beyond 20 years a forecast says nothing useful
_WEEKS_PER_MONTH = 365.25 / 12 / 7


@dataclass(frozen=True)
class YearOfPhotos:
    year: int
    photos: int  # picture files; other files in images/ (captions.yml...) only add bytes
    bytes: int


@dataclass(frozen=True)
class Growth:
    """What images/ gained over the last ``WINDOW_WEEKS`` weeks."""

    bytes: int
    photos: int
    from_git: bool  # False: estimated from the dates in the photo folders' names (or the files' dates)

    @property
    def bytes_per_week(self) -> float:
        return self.bytes / WINDOW_WEEKS

    @property
    def photos_per_week(self) -> float:
        return self.photos / WINDOW_WEEKS


@dataclass(frozen=True)
class StorageFigures:
    today: dt.date
    images_dir: str
    working_tree: int  # files on disk outside NOT_COMMITTED, committed or not
    history: int | None  # git's objects in .git; None when the folder is not a git repository
    shallow: bool  # a shallow clone holds part of the history only: GitHub's copy is bigger
    years: tuple[YearOfPhotos, ...]  # oldest year first
    site: int | None  # the built site; None when it has not been built
    site_photos: int  # the photo derivatives in the built site
    growth: Growth
    history_starts: dt.date | None = None  # the first commit; a young history's rate includes the initial import

    @property
    def repository(self) -> int:
        """The size GitHub's advice is about: the history (what GitHub stores), else the files themselves."""
        return self.working_tree if self.history is None else self.history

    @property
    def image_bytes(self) -> int:
        return sum(year.bytes for year in self.years)

    @property
    def photos(self) -> int:
        return sum(year.photos for year in self.years)

    @property
    def site_bytes_per_week(self) -> float:
        """How fast the published site grows.

        The site holds a fixed set of small derivatives per photo whatever the master's size, so it grows with
        the number of photos, not with their bytes: photos added per week times the derivatives' bytes per photo,
        measured in the built site (``TYPICAL_DERIVATIVES`` before any is published). Theme and editor files
        do not grow; new pages add little beside their photos and are left out.
        """
        measured = self.site_photos and self.photos
        per_photo = self.site_photos / self.photos if measured else TYPICAL_DERIVATIVES
        return per_photo * self.growth.photos_per_week


def storage_report(
    root: Path,
    images_dir: str = "images",
    site_dir: Path | None = None,
    today: dt.date | None = None,
    *,
    photo_max_side: int = 2048,
) -> str:
    """The whole report for ``make dung-luong``; ``site_dir`` defaults to ``root/site``."""
    return format_storage_report(measure_storage(root, images_dir, site_dir, today), photo_max_side)


def measure_storage(
    root: Path, images_dir: str = "images", site_dir: Path | None = None, today: dt.date | None = None
) -> StorageFigures:
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    today = today or dt.datetime.now(LOCAL_ZONE).date()
    repository = _is_repository(root)
    shallow = repository and _git(root, "rev-parse", "--is-shallow-repository") == "true\n"
    # A shallow clone's history starts at its cut, where every photo looks newly added: no use for dates.
    full_history = repository and not shallow
    files = _image_files(root, images_dir)
    undated = any(file.folder_date is None for file in files)
    arrivals = _arrival_dates(root, images_dir) if full_history and undated else {}
    growth = _growth_from_git(root, images_dir, today) if full_history else None
    first_commit = _git(root, "log", "--max-parents=0", "--date=short", "--format=%cd") if growth else None
    leave_out = {root / name for name in NOT_COMMITTED} | {site_dir, staging_dir(site_dir)}
    return StorageFigures(
        today=today,
        images_dir=images_dir,
        working_tree=folder_size(root, leave_out),
        history=_history_size(root, repository),
        shallow=shallow,
        years=photos_by_year(files, arrivals),
        site=folder_size(site_dir) if site_dir.is_dir() else None,
        site_photos=folder_size(site_dir / PUBLIC_FOLDER),
        growth=growth or _growth_from_folders(files, today),
        history_starts=min(map(dt.date.fromisoformat, first_commit.split())) if first_commit else None,
    )


def folder_size(folder: Path, leave_out: Collection[Path] = ()) -> int:
    """Bytes of the files under ``folder``, without the folders in ``leave_out``; links are not followed."""
    total = 0
    pending = [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:  # unreadable or vanished while walking: count what can be read
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if Path(entry.path) not in leave_out:
                    pending.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
    return total


@dataclass(frozen=True)
class ImageFile:
    path: str  # relative to the root with "/", as git names it
    bytes: int
    is_photo: bool
    folder_date: dt.date | None  # from the name of its folder under images/
    modified: dt.date

    def date(self, arrivals: dict[str, dt.date]) -> dt.date:
        """When the photo came: its folder's date, else the commit that added it, else the file's date."""
        return self.folder_date or arrivals.get(self.path) or self.modified


def photos_by_year(files: list[ImageFile], arrivals: dict[str, dt.date]) -> tuple[YearOfPhotos, ...]:
    years: dict[int, tuple[int, int]] = {}
    for file in files:
        year = file.date(arrivals).year
        photos, size = years.get(year, (0, 0))
        years[year] = (photos + file.is_photo, size + file.bytes)
    return tuple(YearOfPhotos(year, photos, size) for year, (photos, size) in sorted(years.items()))


def _image_files(root: Path, images_dir: str) -> list[ImageFile]:
    files = []
    for folder, _dirs, names in os.walk(root / images_dir):
        for name in names:
            path = Path(folder, name)
            try:
                stat = path.lstat()
            except OSError:
                continue
            relative = path.relative_to(root / images_dir)
            files.append(
                ImageFile(
                    path=path.relative_to(root).as_posix(),
                    bytes=stat.st_size,
                    is_photo=path.suffix.lower() in PICTURE_SUFFIXES,
                    folder_date=_folder_date(relative.parts[0]) if len(relative.parts) > 1 else None,
                    modified=dt.date.fromtimestamp(stat.st_mtime),
                )
            )
    return files


def _folder_date(name: str) -> dt.date | None:
    match = _FOLDER_DATE.match(name)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:  # 2023-13-45-...: not a date after all
        return None


def _growth_from_folders(files: list[ImageFile], today: dt.date) -> Growth:
    start = today - dt.timedelta(weeks=WINDOW_WEEKS)
    recent = [file for file in files if start <= (file.folder_date or file.modified) <= today]
    return Growth(sum(file.bytes for file in recent), sum(file.is_photo for file in recent), from_git=False)


def _git(root: Path, *args: str, stdin: str | None = None) -> str | None:
    """git's output, or None when git is missing, fails or takes longer than ``GIT_TIMEOUT``."""
    command = ["git", "-C", str(root), "-c", "core.quotePath=false", "-c", "color.ui=false", *args]
    try:
        done = subprocess.run(
            command, input=stdin, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=GIT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _is_repository(root: Path) -> bool:
    """Whether ``root`` is the top of a git work tree (not merely a folder inside some other repository)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.strip()).resolve() == root


def _history_size(root: Path, repository: bool) -> int | None:
    """What the history holds: objects reachable from a branch or tag, on disk. Objects nothing
    reaches (the originals `git add` stored before the pre-commit hook staged their masters) are
    left out: they are never pushed. Older git: every object, loose and packed; no git: .git."""
    reachable = _git(root, "rev-list", "--disk-usage", "--objects", "--all") if repository else None
    if reachable and reachable.strip().isdigit():
        return int(reachable)
    counts = _git(root, "count-objects", "-v") if repository else None
    if counts:
        fields = dict(line.split(": ", 1) for line in counts.splitlines() if ": " in line)
        return (int(fields.get("size", 0)) + int(fields.get("size-pack", 0))) * 1024  # git counts in KiB
    git_dir = root / ".git"
    return folder_size(git_dir) if git_dir.is_dir() else None


def _growth_from_git(root: Path, images_dir: str, today: dt.date) -> Growth | None:
    """New contents committed under images/ in the window: each added or changed file's new blob, once.

    A pure rename stores nothing new; a photo shrunk in place (``make anh``) stores its new, smaller blob
    while the old one stays in the history, so it counts.
    """
    since = today - dt.timedelta(weeks=WINDOW_WEEKS)
    until = today + dt.timedelta(days=1)
    log = _git(
        root,
        "log",
        f"--since={since} 00:00",
        f"--until={until} 00:00",
        "-M",
        "--raw",
        "--no-abbrev",
        "--format=",
        "--",
        images_dir,
    )
    if log is None:  # no commits yet, or git failed
        return None
    blobs: set[str] = set()
    photos = 0
    for line in log.splitlines():
        if not line.startswith(":"):
            continue
        changes, _, paths = line.partition("\t")
        _old_mode, _new_mode, old_blob, new_blob, status = changes[1:].split()
        if status.startswith("D") or new_blob == old_blob:
            continue
        blobs.add(new_blob)
        if status == "A" and Path(paths.split("\t")[-1].strip('"')).suffix.lower() in PICTURE_SUFFIXES:
            photos += 1
    sizes = _git(root, "cat-file", "--batch-check", stdin="".join(f"{blob}\n" for blob in blobs)) if blobs else ""
    if sizes is None:
        return None
    # "<sha> blob <size>" per line; a submodule's commit answers "<sha> missing" and adds nothing here.
    found = (line.split() for line in sizes.splitlines())
    return Growth(sum(int(parts[2]) for parts in found if parts[1:2] == ["blob"]), photos, from_git=True)


def _arrival_dates(root: Path, images_dir: str) -> dict[str, dt.date]:
    """The date of the commit that added each file under images/ (the latest one, if re-added)."""
    log = _git(
        root, "log", "-z", "--no-renames", "--diff-filter=A", "--name-only", "--date=short", "--format=%x01%cd", "--", images_dir
    )
    arrivals: dict[str, dt.date] = {}
    added = None
    for token in (log or "").split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            added = dt.date.fromisoformat(token[1:])
        elif token and added:
            arrivals.setdefault(token, added)  # newest commit first
    return arrivals


def weeks_to_reach(size: float, limit: int, per_week: float) -> float | None:
    """Weeks until ``size`` grows to ``limit``: 0 when already there, None when it does not grow."""
    if size >= limit:
        return 0.0
    if per_week <= 0:
        return None
    return (limit - size) / per_week


def date_after(today: dt.date, weeks: float) -> dt.date:
    return today + dt.timedelta(days=round(weeks * 7))


def describe_wait(weeks: float) -> str:
    """ "khoảng 5 tuần nữa", "khoảng 14 tháng nữa", "khoảng 3 năm nữa"."""
    months = weeks / _WEEKS_PER_MONTH
    if months < 2:
        return f"khoảng {max(1, round(weeks))} tuần nữa"
    if months < 24:
        return f"khoảng {round(months)} tháng nữa"
    return f"khoảng {round(months / 12)} năm nữa"


@dataclass(frozen=True)
class Limit:
    name: str  # what reaches it, and why it matters
    bytes: int
    fix: str  # what to do once it is passed


REPOSITORY_LIMITS = (
    Limit(
        "Kho đạt 1 GB (GitHub khuyên kho nên nhỏ hơn mức này)",
        REPO_IDEAL,
        f"Từ nay chạy make anh trước khi đưa ảnh lên; nhờ cán bộ CNTT dọn ảnh cũ khỏi lịch sử kho (xem {GUIDE}).",
    ),
    Limit(
        "Kho đạt 5 GB (GitHub rất khuyên không để kho vượt mức này)",
        REPO_STRONGLY_RECOMMENDED,
        f"Cần cán bộ CNTT dọn ảnh cũ khỏi lịch sử kho bằng git filter-repo ngay (xem {GUIDE}).",
    ),
)
SITE_LIMIT = Limit(
    "Trang đăng lên đạt 1 GB (giới hạn của GitHub Pages, vượt thì không đăng được)",
    PAGES_LIMIT,
    "Xoá bớt ảnh của các bài cũ, hoặc chuyển bài cũ sang nơi lưu trữ khác.",
)


def forecast_line(limit: Limit, size: float, per_week: float, today: dt.date) -> str:
    weeks = weeks_to_reach(size, limit.bytes, per_week)
    if weeks == 0:
        return f"{limit.name}: ĐÃ VƯỢT ({format_size(round(size))}). {limit.fix}"
    if weeks is None:
        return f"{limit.name}: chưa cần lo, dung lượng đang ổn định ({WINDOW_WEEKS} tuần qua không thêm ảnh mới)."
    if weeks > _FAR_WEEKS:
        return f"{limit.name}: hơn 20 năm nữa, chưa cần lo."
    reached = date_after(today, weeks)
    return f"{limit.name}: {describe_wait(weeks)}, vào khoảng tháng {reached.month}/{reached.year}."


def format_storage_report(figures: StorageFigures, photo_max_side: int = 2048) -> str:
    images = figures.images_dir
    lines = [f"DUNG LƯỢNG TRANG TIN (đo ngày {figures.today:%d/%m/%Y})", "", "1. Kho (thư mục trang tin trên máy này)"]
    lines.append(f"   Các tệp: {format_size(figures.working_tree)} (không tính {_folders(NOT_COMMITTED)}).")
    if figures.history is None:
        lines.append("   Lịch sử git: không có (thư mục này không phải kho git). Dự báo dưới đây tính theo các tệp.")
    else:
        lines.append(f"   Lịch sử git (.git): {format_size(figures.history)}. GitHub tính dung lượng kho theo phần này.")
    if figures.shallow:
        lines.append("   Đây là bản sao rút gọn (shallow clone), thiếu phần lịch sử cũ: kho thật trên GitHub lớn hơn.")

    lines += ["", f"2. Ảnh trong {images}/, theo năm"]
    lines += [f"   Năm {year.year}: {_photos(year.photos)}, {format_size(year.bytes)}" for year in figures.years]
    if figures.years:
        lines.append(f"   Tổng cộng: {_photos(figures.photos)}, {format_size(figures.image_bytes)}")
    else:
        lines.append(f"   Chưa có ảnh nào trong {images}/.")

    lines += ["", "3. Trang đăng lên (bản dựng bằng make build)"]
    if figures.site is None:
        lines.append("   Chưa dựng trang: chạy make build trước để biết trang đăng lên nặng bao nhiêu.")
    else:
        share = format_number(figures.site / PAGES_LIMIT * 100, 1)
        lines.append(f"   {format_size(figures.site)}, bằng {share}% giới hạn 1 GB của GitHub Pages.")

    growth = figures.growth
    lines += ["", "4. Dự báo theo tốc độ hiện nay"]
    if growth.from_git:
        source = "theo lịch sử git"
    elif figures.shallow:
        source = "theo ngày ghi ở tên thư mục ảnh, vì bản sao rút gọn thiếu lịch sử git"
    else:
        source = "theo ngày ghi ở tên thư mục ảnh, vì không đọc được lịch sử git"
    lines.append(
        f"   {WINDOW_WEEKS} tuần qua có thêm {format_size(growth.bytes)} ảnh ({_photos(growth.photos)} mới), "
        f"trung bình {format_size(round(growth.bytes_per_week))} mỗi tuần ({source})."
    )
    if figures.history_starts and figures.history_starts > figures.today - dt.timedelta(weeks=WINDOW_WEEKS):
        lines += [
            f"   Kho mới có từ {figures.history_starts:%d/%m/%Y}: số trên gồm cả ảnh cũ đưa lên lúc đầu,",
            "   nên dự báo dưới đây sớm hơn thực tế. Chạy lại sau vài tháng để có số đúng hơn.",
        ]
    lines += [
        f"   • {forecast_line(limit, figures.repository, growth.bytes_per_week, figures.today)}" for limit in REPOSITORY_LIMITS
    ]
    if figures.site is None:
        lines.append(f"   • {SITE_LIMIT.name}: chạy make build trước để dự báo.")
    else:
        lines.append(f"   • {forecast_line(SITE_LIMIT, figures.site, figures.site_bytes_per_week, figures.today)}")

    lines += [
        "",
        "Cách giảm dung lượng",
        f"   • Chạy make anh trước khi đưa ảnh lên: ảnh được thu nhỏ còn cạnh dài nhất {photo_max_side} điểm ảnh",
        "     và xoá vị trí GPS, nhẹ hơn nhiều so với ảnh điện thoại (3–6 MB mỗi ảnh).",
        "   • Ảnh đã đưa lên GitHub vẫn nằm trong lịch sử kho dù đã xoá hay thu nhỏ. Muốn xoá hẳn, cán bộ CNTT dùng",
        f"     git filter-repo (xem {GUIDE}).",
        "   • Trang đăng lên chỉ chứa ảnh thu nhỏ nên lớn theo số ảnh, không theo cỡ ảnh: muốn trang nhẹ hơn thì bớt ảnh",
        "     mỗi bài hoặc xoá bớt ảnh của bài cũ.",
    ]
    return "\n".join(lines)


def _folders(names: tuple[str, ...]) -> str:
    return ", ".join(f"{name}/" for name in names)


def _photos(count: int) -> str:
    return f"{format_number(count)} ảnh"
