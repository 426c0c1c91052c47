"""Commands for officers, in Vietnamese, without building the site.

    python -m hooks.cli new "Tiêu đề bài viết"    (make new TITLE="...", make bai-moi TEN="...")
    python -m hooks.cli check                      (make check, make kiem-tra)
    python -m hooks.cli serve [--port 8000]        (make serve [PORT=8001])
    python -m hooks.cli build                      (make build: mkdocs build --strict, told in Vietnamese)
    python -m hooks.cli admin [--port 8000]        (make admin, make soan-bai [PORT=8001])
    python -m hooks.cli anh [--kiem-tra|--staged|--commit]   (make anh; the pre-commit hook; the workflow)
    python -m hooks.cli dung-luong                 (make dung-luong)
    python -m hooks.cli phien-ban | cap-nhat [--tu URL] [--ban TAG]   (make phien-ban, make cap-nhat)
    python -m hooks.cli xa-moi "Xã …" [--tinh "…"] [--xac-nhan]        (make xa-moi TEN=… TINH=… XAC_NHAN=1)

``check`` runs the same stages as the build (posts, photos, plan), so it reports exactly
what the build would, and exits 1 when something needs fixing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from hooks import intake, newsite, precommit, preview, release, storage
from hooks.dates import ACCEPTED_FORMS, LOCAL_ZONE, DateError, PostDate, parse_date
from hooks.editor import EDITOR_URL
from hooks.git import GitError, git, identity
from hooks.pipeline import CACHE_DIR, prepare
from hooks.problems import SiteError
from hooks.settings import GUIDE_DIR, Settings, read_config, read_mkdocs_yml
from hooks.slug import slugify
from hooks.text import format_number, format_size

DOCS_DIR = "docs"

TEMPLATE = """\
---
# Tiêu đề bài (bắt buộc). Luôn đặt trong ngoặc kép.
title: "{title}"
# Ngày đăng (bắt buộc): 2023-12-13, 2023-12-13 14:30 hoặc 13/12/2023.
# Ngày ở tương lai nghĩa là hẹn giờ: bài chỉ hiện sau ngày đó.
date: {date}
# Ngày cập nhật (không bắt buộc): chỉ ghi khi sửa nội dung bài sau khi đã đăng.
# updated: {date}
# Chuyên mục (bắt buộc), một trong: {categories}
category: {category}
# Thẻ (không bắt buộc), cách nhau bằng dấu phẩy, ví dụ: [hội nghị, tổng kết]
tags: []
# Tóm tắt hiện ở trang chủ và khi chia sẻ (không bắt buộc; bỏ trống thì lấy đoạn đầu bài).
# summary: "..."
# Người viết hoặc đơn vị (không bắt buộc).
# author: Ban Văn hóa – Thông tin
# Ảnh đại diện (không bắt buộc): tên ảnh trong thư mục images/{folder}/
# cover: 01.jpg
# Bộ ảnh cuối bài (không bắt buộc): mỗi ảnh một dòng, chú thích trong ngoặc kép.
# gallery:
#   - src: 01.jpg
#     caption: "Quang cảnh hội nghị"
# Hoặc lấy cả thư mục ảnh (chú thích để trong tệp captions.yml của thư mục):
# gallery: images/{folder}
# Video YouTube (không bắt buộc): hiện đầu bài, ảnh đại diện làm ảnh chờ; chỉ tải khi người đọc bấm phát.
# video: https://www.youtube.com/watch?v=...
# Bản tin truyền thanh (không bắt buộc): tệp MP3 chép vào files/truyen-thanh/, tối đa 50 MB.
# audio: files/truyen-thanh/{folder}.mp3
# Số liệu nổi bật (không bắt buộc), hiện thành ô số liệu đầu bài:
# highlights:
#   - label: "Diện tích gieo trồng"
#     value: "282,66 ha"
# Ghim lên đầu trang chủ (không bắt buộc):
# featured: true
# Bản nháp: chỉ hiện khi xem thử. XOÁ DÒNG NÀY khi bài đã sẵn sàng đăng.
draft: true
---
**Sáng ngày {day}**, ... (viết nội dung bài ở đây)

<!-- Ghi chú nội bộ viết trong dấu này sẽ không hiện trên trang. -->
"""


def new_post(settings: Settings, title: str, when: dt.date | PostDate) -> tuple[Path, Path]:
    """Create posts/<date>-<slug>.md and images/<date>-<slug>/; never overwrite anything.

    ``when`` is the day of the post (``make new DATE=…``, else today), with its time if the officer gave one.
    """
    if not isinstance(when, PostDate):
        when = PostDate(dt.datetime(when.year, when.month, when.day))
    today = when.day
    slug = slugify(title)
    if not slug:
        raise ValueError("tiêu đề cần có ít nhất một chữ cái hoặc chữ số")
    stem = f"{today.isoformat()}-{slug}"[:80].rstrip("-")
    post = settings.posts_path / f"{stem}.md"
    if post.exists():
        raise FileExistsError(f"đã có bài {post.relative_to(settings.root)}: đặt tiêu đề khác hoặc sửa bài đó")
    folder = settings.images_path / stem
    post.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(
        title=title.replace("\\", "").replace('"', "'"),
        date=f"{when.moment:%Y-%m-%d %H:%M}" if when.has_time else today.isoformat(),
        day=f"{today:%d/%m/%Y}",
        categories=", ".join(c.name for c in settings.categories),
        category=settings.categories[0].name,
        folder=stem,
    )
    with post.open("x", encoding="utf-8") as file:  # "x": fail rather than overwrite
        file.write(text)
    folder.mkdir(parents=True, exist_ok=True)
    return post, folder


def _post_date(text: str, now: dt.datetime) -> PostDate:
    """The day ``make new DATE=…`` names, in any form a post's ``date:`` accepts; today without it."""
    if not text.strip():
        return PostDate(dt.datetime(now.year, now.month, now.day))
    return parse_date(text)


def check(settings: Settings, now: dt.datetime) -> int:
    """Every problem the build would report; what would be published when all is well.

    ``settings`` should include drafts, so their problems are found before they are published.
    Photos not yet made masters are warnings: the site builds, the repository grows.
    """
    reported = ""
    try:
        site = prepare(settings, now, settings.root / CACHE_DIR, static_pages(settings.root))
    except SiteError as error:
        print(error)
        site, reported = None, str(error)
    photos = intake.run(settings, write=False)
    # Broken photos no post uses (yet): the build skips them, the publishing check would not.
    unused = [o for o in photos.failed if str(o.error) not in reported]
    extensions = read_mkdocs_yml(settings.root).get("markdown_extensions") or []
    found = [*site.notices, *site.raw_html_notices(extensions)] if site else []
    notices = [notice.format("⚠") for notice in sorted(found, key=lambda n: (n.file, n.line or 0))]
    warnings = [*notices, *_pending_lines(photos.pending, "⚠"), *_failed_lines(unused, "⚠")]
    if warnings:
        print("\n".join(warnings))
    if site is None:
        return 1
    posts = site.plan.newest
    waiting = sum(1 for post in posts if post.draft or post.source in site.plan.scheduled)
    print(
        f"✓ Không có lỗi: {len(posts) - waiting} bài sẽ được đăng, {waiting} bản nháp hoặc hẹn giờ, "
        f"{len(site.photos.photos)} ảnh đều hợp lệ."
    )
    return 0


PHOTO_FIX = "chạy make anh (thu nhỏ ảnh, xoá vị trí GPS) trước khi đưa lên GitHub"
# The workflow's commit of shrunk photos is signed as GitHub's own bot, so officers see it is automatic.
BOT = ("github-actions[bot]", "41898780+github-actions[bot]@users.noreply.github.com")


def photos(settings: Settings, mode: str) -> int:
    """``make anh``: every photo under images/ becomes a master (see hooks.intake).

    ``mode``: "write" (make anh), "check" (list, write nothing, exit 1 if any: pull requests),
    "staged" (the pre-commit hook: staged photos only, then staged again), "commit" (the publishing
    workflow on main: write and commit the masters).
    """
    if mode == "staged":
        return _staged(settings)
    root = settings.root
    report = intake.run(settings, write=mode != "check", progress=_progress if sys.stdout.isatty() else None)
    print("\n".join(_photo_summary(report, mode)))
    _write_job_summary(report, mode)
    if mode == "check":
        return 1 if report.pending or report.failed else 0
    if report.changed and mode == "commit":
        # A fresh checkout in the workflow: whatever changed under these folders is intake's work.
        folders = [settings.images_dir, settings.docs_dir, settings.posts_dir]
        git(root, "add", "-A", "--", *folders)
        message = f"Thu nhỏ ảnh: {len(report.changed)} ảnh (tự động khi đăng)"
        git(root, "commit", "--quiet", "--no-verify", "-m", message, env=identity(*BOT))
    return 1 if report.failed or report.refused else 0


def _staged(settings: Settings) -> int:
    """The pre-commit hook: the commit being made holds only masters, or it stops and says why."""
    planned = precommit.plan(settings)
    if planned.empty:
        return 0  # every staged photo is a master already: the commit goes on quietly
    problems = planned.problems
    if not problems:
        unstaged = precommit.unstaged_files(settings)
        report = intake.run(settings, planned.shrink) if planned.shrink else intake.IntakeReport()
        if planned.shrink:
            print("\n".join(_photo_summary(report, "write")))
        problems = precommit.stage(settings, report, planned, unstaged)
        if report.failed or report.refused:
            problems.append("")  # listed in the summary above
    if not problems:
        return 0
    print("\n".join(line for line in problems if line))
    print("Commit đã dừng để không đưa ảnh gốc (có vị trí GPS) hoặc ảnh lỗi vào kho: làm như trên rồi commit lại.")
    return 1


def _progress(done: int, total: int, name: str) -> None:
    end = "\n" if done == total else ""
    print(f"\r\033[K  [{done}/{total}] {name}"[:120], end=end, flush=True)


def _photo_summary(report: intake.IntakeReport, mode: str) -> list[str]:
    """What ``make anh`` did, or in check mode would do, in Vietnamese."""
    looked = len(report.outcomes)
    kept = sum(1 for o in report.outcomes if not o.error and o.inspection.is_master)
    if mode == "check":
        heading = f"{len(report.pending)} ảnh chưa đạt chuẩn" if report.pending else "✓ Mọi ảnh đều đạt chuẩn"
        lines = [f"{heading} (đã kiểm tra {looked} ảnh).", *_pending_lines(report.pending, "✗")]
    else:
        changed = report.changed
        before, after = sum(o.bytes_before for o in changed), sum(o.bytes_after for o in changed)
        gps = sum(1 for o in changed if o.inspection.gps)
        lines = [f"✓ Đã kiểm tra {looked} ảnh" + (f": {kept} ảnh đã đạt chuẩn, giữ nguyên." if kept else ".")]
        if changed:
            share = format_number(after / before * 100, 0) if before else "0"
            removed = f"; đã xoá vị trí GPS khỏi {gps} ảnh" if gps else ""
            sizes = f"{format_size(before)} → {format_size(after)} (còn {share}%)"
            lines.append(f"✓ Đã thu nhỏ {len(changed)} ảnh: {sizes}{removed}.")
        for old, new in report.renames.items():
            lines.append(f"  Đổi tên {old} → {Path(new).name}")
        if report.edited:
            lines.append(f"  Đã sửa tên ảnh theo trong: {', '.join(report.edited)}")
        for error in report.refused:
            lines.append(f"✗ {error}\n    → Cách sửa: {error.fix}")
    return lines + _failed_lines(report.failed, "✗")


def _failed_lines(failed: list[intake.Outcome], mark: str) -> list[str]:
    return [f"{mark} {o.error}\n    → Cách sửa: {o.error.fix}" for o in failed if o.error]


def _pending_lines(pending: list[intake.Outcome], mark: str) -> list[str]:
    """A line per photo not yet a master, then the one fix for all of them."""
    if not pending:
        return []
    lines = [f"{mark} {o.name}: chưa thu nhỏ — {'; '.join(o.inspection.reasons)}" for o in pending]
    return [*lines, f"    → Cách sửa: {PHOTO_FIX}"]


def _write_job_summary(report: intake.IntakeReport, mode: str) -> None:
    """The photos in the GitHub Actions job summary (GITHUB_STEP_SUMMARY), as a Vietnamese table."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    listed = report.pending if mode == "check" else report.changed
    if not path or not (listed or report.failed or report.refused):
        return
    if mode == "check":
        heading = "### Ảnh chưa đạt chuẩn\n\nẢnh cần thu nhỏ và xoá vị trí GPS trước khi gộp. Cách sửa: " + PHOTO_FIX + ".\n"
    else:
        heading = (
            "### Ảnh đã được thu nhỏ khi đăng\n\nCác ảnh này được tải lên chưa thu nhỏ; bản thu nhỏ đã được lưu lại vào kho.\n"
        )
    rows = [f"| `{o.name}` | {'; '.join(o.inspection.reasons)} |" for o in listed]
    rows += [f"| `{o.name}` | {o.error} |" for o in report.failed]
    rows += [f"| | {error} |" for error in report.refused]
    with open(path, "a", encoding="utf-8") as summary:
        summary.write("\n".join([heading, "| Ảnh | Lý do |", "| --- | --- |", *rows, ""]) + "\n")


DECAP_SERVER = Path("node_modules/.bin/decap-server")


def admin(settings: Settings, port: int, host: str = preview.HOST) -> int:
    """The web editor against this working copy: Decap's save service plus the live preview.

    The service writes posts and photos straight into posts/ and images/ (no commit); it listens on
    127.0.0.1 only, so nobody else on the office network can change the site. Both ports are checked
    before anything is said: "✓" comes only once both are up.
    """
    server = settings.root / DECAP_SERVER
    if not server.exists():
        print("✗ Chưa cài công cụ soạn bài. Chạy make admin (lệnh này tự cài) hoặc npm ci.")
        return preview.EXPLAINED
    local_port = settings.editor.local_port
    busy = (
        f"✗ Không mở được dịch vụ lưu bài ở cổng {local_port} (cổng đang bận, có thể make admin đang chạy ở cửa sổ khác).\n"
        f"    → Cách sửa: đóng cửa sổ kia (bấm Ctrl+C trong đó) rồi chạy lại, hoặc đổi extra.tinxa.editor.local_port"
        f" trong mkdocs.yml (ví dụ {local_port + 1}) rồi chạy lại."
    )
    if not preview.port_free(port, host):
        print(preview.busy_message(port, "admin"))
        return preview.EXPLAINED
    if not preview.port_free(local_port):
        print(busy)
        return preview.EXPLAINED
    env = {**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(local_port), "MODE": "fs"}
    env["GIT_REPO_DIRECTORY"] = str(settings.root)
    preview.stop_on_signals()  # the save service is stopped too, however the preview is
    service = subprocess.Popen([str(server)], cwd=settings.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _listening(service, local_port):
            print(busy)
            return preview.EXPLAINED
        base = urlsplit(settings.site_url).path or "/"
        ready = (
            f"✓ Soạn bài ở http://{host}:{port}{base}{EDITOR_URL}\n"
            "  Bài và ảnh được lưu thẳng vào posts/ và images/ của thư mục này."
        )
        return preview.serve(settings.root, port, host, command="admin", ready=ready)
    except KeyboardInterrupt:
        return 0
    finally:
        service.terminate()
        try:
            service.wait(timeout=10)
        except subprocess.TimeoutExpired:
            service.kill()


def _listening(service: subprocess.Popen[bytes], port: int, seconds: float = 15) -> bool:
    """Whether the save service came up on 127.0.0.1:``port`` rather than exiting."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and service.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return service.poll() is None
        time.sleep(0.1)
    return False


def static_pages(root: Path) -> dict[str, str]:
    """URLs of the hand-written pages, as MkDocs gives them (x.md -> x/, a/index.md -> a/): the
    commune's docs/ and the guide the entry hook adds (a page in docs/ wins, as in the build)."""
    pages = {}
    for folder, prefix in ((root / GUIDE_DIR, (GUIDE_DIR,)), (root / DOCS_DIR, ())):
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
            parts = [*prefix, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1].lower() in ("index", "readme"):
                parts.pop()
            pages["".join(f"{part}/" for part in parts)] = path.relative_to(root).as_posix()
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.cli", description="Công cụ cho cán bộ viết bài Tin Xã.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("new", help="tạo bài viết mới từ mẫu")
    create.add_argument("title", help="tiêu đề bài viết, trong ngoặc kép")
    create.add_argument("--ngay", default="", help="ngày đăng, ví dụ 20/12/2024 (mặc định: hôm nay)")
    commands.add_parser("check", help="kiểm tra mọi bài viết và ảnh, không dựng trang")
    shrink = commands.add_parser("anh", help="thu nhỏ ảnh trong images/ và xoá thông tin vị trí (GPS)")
    modes = shrink.add_mutually_exclusive_group()
    modes.add_argument("--kiem-tra", dest="mode", action="store_const", const="check", help="chỉ liệt kê, không sửa")
    modes.add_argument("--staged", dest="mode", action="store_const", const="staged", help=argparse.SUPPRESS)
    modes.add_argument("--commit", dest="mode", action="store_const", const="commit", help=argparse.SUPPRESS)
    commands.add_parser("dung-luong", help="dung lượng kho, ảnh theo năm, trang đăng lên, dự báo")
    commune = commands.add_parser("xa-moi", help="biến kho mẫu thành trang của xã: xoá xã mẫu, ghi mkdocs.yml")
    commune.add_argument("ten", nargs="?", default="", help='tên xã, ví dụ "Xã Sơn Trà"')
    commune.add_argument("--tinh", default="", help='tỉnh, thành phố, ví dụ "Thành phố Đà Nẵng"')
    commune.add_argument("--xac-nhan", action="store_true", help="đồng ý trước, không hỏi lại")
    commands.add_parser("phien-ban", help="phiên bản Tin Xã đang dùng")
    upgrade = commands.add_parser("cap-nhat", help="cập nhật phần mềm Tin Xã lên phiên bản mới, không đụng tới bài và ảnh")
    upgrade.add_argument("--tu", help="địa chỉ hoặc thư mục kho Tin Xã (mặc định: extra.tinxa.upstream)")
    upgrade.add_argument("--ban", help="phiên bản, ví dụ v0.3.0 (mặc định: mới nhất)")
    editor = commands.add_parser("admin", help="mở trình soạn bài trên trình duyệt, lưu vào thư mục này")
    editor.add_argument("--port", default=str(preview.DEFAULT_PORT), help="cổng của trang xem thử (mặc định 8000)")
    commands.add_parser("build", help="dựng trang hoàn chỉnh vào thư mục site/ (như mkdocs build --strict)")
    serve = commands.add_parser("serve", help="mở trang xem thử, tự tải lại khi sửa bài")
    serve.add_argument("--port", default=str(preview.DEFAULT_PORT), help="cổng của trang xem thử (mặc định 8000)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    now = dt.datetime.now(LOCAL_ZONE).replace(tzinfo=None)
    try:
        if args.command == "xa-moi":
            return newsite.make_commune(args.root.resolve(), args.ten, args.tinh, confirmed=args.xac_nhan)
        if args.command == "phien-ban":
            return release.show_version(args.root.resolve())
        if args.command == "cap-nhat":
            return release.command(args.root.resolve(), args.tu or None, args.ban or None)
        settings = read_config(args.root.resolve(), show_drafts=args.command == "check")
        if args.command == "check":
            return check(settings, now)
        if args.command in ("admin", "serve"):
            port = preview.parse_port(args.port)
            if port is None:
                print(preview.bad_port_message(args.port, args.command))
                return preview.EXPLAINED
            return admin(settings, port) if args.command == "admin" else preview.serve(settings.root, port)
        if args.command == "build":
            return preview.build(settings.root)
        if args.command == "anh":
            return photos(settings, args.mode or "write")
        if args.command == "dung-luong":
            print(storage.storage_report(settings.root, settings.images_dir, photo_max_side=settings.photo_max_side))
            return 0
        post, folder = new_post(settings, args.title, _post_date(args.ngay, now))
    except SiteError as error:
        print(error)
        return 1
    except GitError as error:
        print(f"✗ {error}")
        return 1
    except subprocess.CalledProcessError as error:  # git refused: not a repository, a locked index
        print(f"✗ Lệnh git “{' '.join(map(str, error.cmd[:3]))}” không chạy được (kho git có vấn đề?): {args.command} đã dừng.")
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng (Ctrl+C). Ảnh đã xử lý xong vẫn dùng được, ảnh chưa xử lý giữ nguyên; chạy lại để làm tiếp.")
        return 130
    except DateError as error:
        print(f"✗ Không tạo được bài: ngày “{args.ngay}” không dùng được: {error}")
        print(f'    → Cách sửa: ghi ngày theo một trong các dạng {ACCEPTED_FORMS}, ví dụ make new TITLE="…" DATE=20/12/2024')
        return 1
    except (ValueError, FileExistsError) as error:
        print(f"✗ Không tạo được bài: {error}")
        return 1
    root = settings.root
    print(f"✓ Đã tạo bài {post.relative_to(root)} và thư mục ảnh {folder.relative_to(root)}/")
    print("Tiếp theo:")
    print(f"  1. Mở {post.relative_to(root)}, sửa chuyên mục, viết nội dung bài.")
    print(f"  2. Chép ảnh vào {folder.relative_to(root)}/ (01.jpg, 02.jpg...), ghi vào cover/gallery.")
    print("  3. Chạy make serve để xem thử (bài đang là bản nháp), make check để kiểm tra lỗi.")
    print("  4. Khi xong, xoá dòng draft: true rồi đưa bài lên GitHub.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
