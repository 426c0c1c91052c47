"""The size report (make dung-luong): figures measured from files and git history, and their forecast."""

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from hooks.storage import (
    WINDOW_WEEKS,
    Growth,
    StorageFigures,
    YearOfPhotos,
    date_after,
    format_storage_report,
    measure_storage,
    storage_report,
    weeks_to_reach,
)

TODAY = dt.date(2026, 12, 1)
MB = 1024**2


def git(root: Path, *args: str, when: dt.date | None = None) -> None:
    """Run git as an officer would, backdating the commit to ``when``."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when.isoformat()}T10:00:00+07:00"
    identity = ["-c", "user.name=Cán bộ xã", "-c", "user.email=can-bo@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=root, env=env, check=True, capture_output=True)


def write(root: Path, path: str, size: int) -> int:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(os.urandom(size))  # random bytes: git cannot compress them, like JPEGs
    return size


def set_file_date(file: Path, day: dt.date) -> None:
    moment = dt.datetime.combine(day, dt.time(12)).timestamp()
    os.utime(file, (moment, moment))


def commit(root: Path, when: dt.date, message: str = "Thêm ảnh") -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message, when=when)


@pytest.fixture
def repository(tmp_path):
    """A commune's history: old photos, photos of the last 12 weeks, a shrunk photo, a rename, a future commit."""
    git(tmp_path, "init", "--quiet")
    write(tmp_path, "images/logo.png", 7_000)  # no date in its folder: dated by the commit that added it
    set_file_date(tmp_path / "images/logo.png", dt.date(2022, 1, 1))  # ...or without git, by the file's date
    commit(tmp_path, dt.date(2024, 3, 5))
    write(tmp_path, "images/2025-06-01-cu/01.jpg", 300_000)
    commit(tmp_path, dt.date(2025, 6, 2))
    write(tmp_path, "images/2026-10-01-a/01.jpg", 200_000)
    write(tmp_path, "images/2026-10-01-a/02.jpg", 100_000)
    write(tmp_path, "images/2026-10-01-a/captions.yml", 50)
    commit(tmp_path, dt.date(2026, 10, 2))
    write(tmp_path, "images/2026-10-01-a/02.jpg", 40_000)  # shrunk in place: its old blob stays in the history
    commit(tmp_path, dt.date(2026, 11, 1), "Thu nhỏ ảnh")
    (tmp_path / "images/2025-06-01-cu").rename(tmp_path / "images/2025-06-01-da-doi-ten")  # stores nothing new
    commit(tmp_path, dt.date(2026, 11, 10), "Đổi tên thư mục")
    write(tmp_path, "images/2026-12-20-sau/01.jpg", 500_000)  # after "today": not in the window
    commit(tmp_path, dt.date(2026, 12, 20))
    return tmp_path


ON_DISK = 7_000 + 300_000 + 200_000 + 40_000 + 50 + 500_000  # the fixture's files now


def test_weekly_rate_from_git_history(repository):
    figures = measure_storage(repository, today=TODAY)
    added = 200_000 + 100_000 + 50 + 40_000
    assert figures.growth == Growth(bytes=added, photos=2, from_git=True)
    assert figures.growth.bytes_per_week == added / WINDOW_WEEKS
    assert figures.history_starts == dt.date(2024, 3, 5)
    assert "theo lịch sử git" in format_storage_report(figures)


def test_images_by_year_and_repository_size(repository):
    figures = measure_storage(repository, today=TODAY)
    assert figures.years == (
        YearOfPhotos(2024, 1, 7_000),  # the year of its commit, not of the file's date (2022)
        YearOfPhotos(2025, 1, 300_000),
        YearOfPhotos(2026, 3, 200_000 + 40_000 + 50 + 500_000),
    )
    assert (figures.photos, figures.image_bytes) == (5, ON_DISK)
    assert figures.working_tree == ON_DISK
    assert figures.history is not None and figures.history >= ON_DISK + 100_000  # the shrunk photo's first version
    assert figures.repository == figures.history and not figures.shallow
    report = format_storage_report(figures)
    assert "Năm 2024: 1 ảnh, 6,8 KB" in report and "Tổng cộng: 5 ảnh, 1.022,5 KB" in report


def test_built_site_is_counted_apart_from_the_repository(repository):
    write(repository, "site/index.html", 1_000)
    write(repository, "site/anh/2026-10-01-a-01-480.webp", 60_000)
    write(repository, ".cache/tinxa/x.webp", 9_000)
    figures = measure_storage(repository, today=TODAY)
    assert (figures.site, figures.site_photos) == (61_000, 60_000)
    assert figures.working_tree == ON_DISK  # site/ and .cache/ are never committed
    # Derivatives per photo in the site, times the photos added per week.
    assert figures.site_bytes_per_week == pytest.approx(60_000 / 5 * 2 / WINDOW_WEEKS)
    report = storage_report(repository, today=TODAY)
    assert "59,6 KB, bằng 0,0% giới hạn 1 GB của GitHub Pages" in report
    assert "Chưa dựng trang" not in report
    assert "Trang đăng lên đạt 1 GB (giới hạn của GitHub Pages, vượt thì không đăng được): hơn 20 năm nữa" in report


def figures(history: int, added_per_week: int, site: int | None = None, **changes) -> StorageFigures:
    values = {
        "today": TODAY,
        "images_dir": "images",
        "working_tree": history,
        "history": history,
        "shallow": False,
        "years": (YearOfPhotos(2026, 4000, 3000 * MB),),
        "site": site,
        "site_photos": 480 * MB,
        "growth": Growth(bytes=added_per_week * WINDOW_WEEKS, photos=24 * WINDOW_WEEKS, from_git=True),
    }
    return StorageFigures(**{**values, **changes})


def test_forecast_dates():
    assert weeks_to_reach(400 * MB, 1024 * MB, 100 * MB) == pytest.approx(6.24)
    assert date_after(TODAY, 6.24) == dt.date(2027, 1, 14)
    report = format_storage_report(figures(400 * MB, 100 * MB, site=500 * MB))
    assert "Kho đạt 1 GB (GitHub khuyên kho nên nhỏ hơn mức này): khoảng 6 tuần nữa, vào khoảng tháng 1/2027." in report
    assert "khoảng 11 tháng nữa, vào khoảng tháng 10/2027." in report  # 5 GB after 47,2 weeks
    # The site: 120 KB of derivatives per photo, 24 photos a week, 524 MB to go: 182 weeks.
    assert "Trang đăng lên đạt 1 GB" in report and "khoảng 3 năm nữa, vào khoảng tháng 5/2030." in report
    assert "trung bình 100,0 MB mỗi tuần" in report


def test_forecast_when_past_stable_or_young():
    past = format_storage_report(figures(6 * 1024 * MB, 100 * MB, site=1100 * MB))
    assert past.count("ĐÃ VƯỢT") == 3 and "git filter-repo" in past and "huong-dan/anh.md" in past
    still = figures(10 * MB, 0, site=20 * MB, growth=Growth(0, 0, from_git=True))
    assert format_storage_report(still).count("dung lượng đang ổn định") == 3
    young = format_storage_report(figures(10 * MB, MB, history_starts=dt.date(2026, 11, 30)))
    assert "Kho mới có từ 30/11/2026" in young


def test_folder_dates_when_not_a_git_repository(tmp_path):
    write(tmp_path, "images/2026-11-20-hop/01.jpg", 120_000)
    write(tmp_path, "images/2025-01-01-cu/01.jpg", 50_000)
    write(tmp_path, "images/le.jpg", 30_000)  # no folder date: its file date, ten days ago, counts
    moment = dt.datetime(2026, 11, 21, 12).timestamp()
    os.utime(tmp_path / "images/le.jpg", (moment, moment))
    figures = measure_storage(tmp_path, today=TODAY)
    assert figures.growth == Growth(bytes=150_000, photos=2, from_git=False)
    assert figures.history is None and figures.repository == 200_000
    report = format_storage_report(figures)
    assert "không phải kho git" in report and "vì không đọc được lịch sử git" in report


def test_folder_inside_another_repository_is_not_one(tmp_path):
    git(tmp_path, "init", "--quiet")
    write(tmp_path, "trang/images/2026-11-20-hop/01.jpg", 1_000)
    figures = measure_storage(tmp_path / "trang", today=TODAY)
    assert figures.history is None and not figures.growth.from_git


def test_without_git_installed(repository, monkeypatch):
    monkeypatch.setenv("PATH", "")
    figures = measure_storage(repository, today=TODAY)
    assert figures.history is not None and figures.history > 0  # the .git folder on disk
    # Folders dated 2026-10-01 (240 KB on disk now) are in the window; 2026-12-20 is after today.
    assert figures.growth == Growth(bytes=240_050, photos=2, from_git=False)
    assert figures.years[0] == YearOfPhotos(2022, 1, 7_000)  # the logo's file date


def test_shallow_clone_uses_folder_dates(repository, tmp_path_factory):
    clone = tmp_path_factory.mktemp("clone") / "ban-sao"
    git(repository, "clone", "--quiet", "--depth", "1", repository.as_uri(), str(clone))
    set_file_date(clone / "images/logo.png", dt.date(2022, 1, 1))
    figures = measure_storage(clone, today=TODAY)
    assert figures.shallow and not figures.growth.from_git and figures.growth.bytes == 240_050
    assert "bản sao rút gọn" in format_storage_report(figures)


@pytest.mark.parametrize("git_init", [False, True], ids=["plain", "git-without-commits"])
def test_empty_folder(tmp_path, git_init):
    if git_init:
        git(tmp_path, "init", "--quiet")
    report = storage_report(tmp_path, today=TODAY)
    assert "Chưa có ảnh nào trong images/." in report
    assert "chạy make build trước" in report
    assert report.count("dung lượng đang ổn định") == 2


def test_history_leaves_out_originals_the_hook_replaced_and_names_the_configured_limit(tmp_path):
    from hooks import storage

    env = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    photo = tmp_path / "images/a/01.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(os.urandom(3_000_000))  # staged, then replaced by its master before the commit
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    photo.write_bytes(os.urandom(300_000))
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=tmp_path, check=True, env={**os.environ, **env})
    figures = storage.measure_storage(tmp_path)
    assert 300_000 <= figures.history < 1_000_000
    assert "cạnh dài nhất 1600 điểm ảnh" in storage.format_storage_report(figures, photo_max_side=1600)
