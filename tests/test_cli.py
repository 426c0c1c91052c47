"""The officers' commands: new post from the template, check without building, the local editor."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from browser import free_port, wait_for
from conftest import ROOT, new_site, post_text

from hooks import cli, preview

BROKEN = Path(__file__).parent / "broken"


def run(site, capsys, *args):
    code = cli.main(["--root", str(site.root), *args])
    return code, capsys.readouterr().out


def test_new_check_build_round_trip(site, capsys):
    code, out = run(site, capsys, "new", "Đảng ủy xã tổng kết: năm 2024 “thắng lợi”")
    assert code == 0 and "Đã tạo bài" in out and "Tiếp theo" in out
    [post] = (site.root / "posts").glob("*.md")
    assert post.name.endswith("-dang-uy-xa-tong-ket-nam-2024-thang-loi.md")
    assert (site.root / "images" / post.stem).is_dir()
    text = post.read_text(encoding="utf-8")
    assert 'title: "Đảng ủy xã tổng kết: năm 2024 “thắng lợi”"' in text and "draft: true" in text
    assert "# Chuyên mục (bắt buộc), một trong: Tin tức - Sự kiện, Xây dựng Đảng" in text

    code, out = run(site, capsys, "check")
    assert code == 0 and "0 bài sẽ được đăng, 1 bản nháp" in out

    post.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    code, out = run(site, capsys, "check")
    assert code == 0 and "1 bài sẽ được đăng" in out
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "Đảng ủy xã tổng kết: năm 2024 “thắng lợi”" in site.html(f"tin-tuc/{post.stem}")


def test_new_never_overwrites(site, capsys):
    assert run(site, capsys, "new", "Thông báo lịch tiêm chủng")[0] == 0
    [post] = (site.root / "posts").glob("*.md")
    post.write_text("bài đã sửa", encoding="utf-8")
    code, out = run(site, capsys, "new", "Thông báo lịch tiêm chủng")
    assert code == 1 and "đã có bài" in out
    assert post.read_text(encoding="utf-8") == "bài đã sửa"
    assert run(site, capsys, "new", "???")[0] == 1


def test_check_reports_exactly_what_the_build_reports(site, capsys):
    for path in BROKEN.glob("*.md"):
        shutil.copy(path, site.root / "posts" / path.name)
    shutil.copytree(BROKEN / "images", site.root / "images", dirs_exist_ok=True)
    site.post("nhap.md", post_text(date="30/02/2024", draft="true"))  # drafts are checked too
    site.page("the.md", "# Trùng địa chỉ\n")
    code, out = run(site, capsys, "check")
    result = site.build()
    assert code == 1 and result.returncode == 1
    errors = out.split("\n⚠")[0]  # photos not yet shrunk follow as warnings; the build does not check those
    checked = [line for line in errors.splitlines() if line.startswith(("✗", "    →", "Không thể"))]
    built = [line for line in result.stderr.splitlines() if line.startswith(("✗", "    →", "Không thể"))]
    assert checked == built and len(checked) > 30


def test_admin_says_in_vietnamese_when_its_port_is_taken(site, capsys):
    """`make admin` twice, or another program on the port: a clear message, not Node's English error."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        site.configure(extra=f"extra:\n  tinxa:\n    editor:\n      local_port: {port}\n")
        (site.root / "node_modules/.bin").mkdir(parents=True)
        (site.root / "node_modules/.bin/decap-server").symlink_to(ROOT / "node_modules/.bin/decap-server")
        code, out = run(site, capsys, "admin", "--port", str(free_port()))
    assert code == preview.EXPLAINED
    assert f"cổng {port}" in out and "local_port" in out and "✓" not in out


def test_a_title_cut_by_a_hash_is_told_by_check_and_the_build_and_still_publishes(site, capsys):
    # A commune's existing posts keep publishing after an update that starts noticing this.
    text = "---\ntitle: Hội nghị lần #1 của UBND\ndate: 2024-01-05\ncategory: Kinh tế\n---\nNội dung\n"
    site.post("2024-01-05-hoi-nghi.md", text)
    told = "⚠ posts/2024-01-05-hoi-nghi.md:2 [trường “title”]: giá trị “Hội nghị lần #1 của UBND” bị cắt ở dấu “#”"
    code, out = run(site, capsys, "check")
    assert code == 0 and told in out and 'title: "Hội nghị lần #1 của UBND"' in out
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert told in result.stderr and "CHÚ Ý" in result.stderr


def test_new_takes_the_date_the_officer_gives(site, capsys):
    """`make new TITLE="…" DATE=20/12/2024`: the file name, the photo folder and `date:` follow that day."""
    code, out = run(site, capsys, "new", "Hội nghị tổng kết", "--ngay", "20/12/2024")
    assert code == 0, out
    post = site.root / "posts/2024-12-20-hoi-nghi-tong-ket.md"
    assert post.is_file() and (site.root / "images/2024-12-20-hoi-nghi-tong-ket").is_dir()
    text = post.read_text(encoding="utf-8")
    assert "\ndate: 2024-12-20\n" in text and "**Sáng ngày 20/12/2024**" in text

    code, out = run(site, capsys, "new", "Tiếp xúc cử tri", "--ngay", "2024-12-21 14:30")
    assert code == 0 and "\ndate: 2024-12-21 14:30\n" in (site.root / "posts/2024-12-21-tiep-xuc-cu-tri.md").read_text()

    code, out = run(site, capsys, "new", "Ngày không có", "--ngay", "31/02/2024")
    assert code == 1 and "31/02/2024 không tồn tại" in out and "DATE=20/12/2024" in out
    assert not list((site.root / "posts").glob("*ngay-khong-co*"))


@contextmanager
def port_in_use():
    """A port another program listens on, as when `make serve` already runs."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def test_serve_says_in_vietnamese_when_its_port_is_taken(site, capsys):
    """`make serve` with 8000 taken: the port and the fix (make serve PORT=…), before anything is built."""
    with port_in_use() as port:
        code, out = run(site, capsys, "serve", "--port", str(port))
    assert code == preview.EXPLAINED
    assert f"cổng {port} đang bận" in out and f"make serve PORT={port + 1}" in out and "Traceback" not in out
    assert not (site.root / ".cache").exists()  # nothing was built

    code, out = run(site, capsys, "serve", "--port", "80o1")
    assert code == preview.EXPLAINED and "Cổng “80o1” không dùng được" in out and "make serve PORT=8001" in out


def test_make_serve_and_admin_take_the_port_and_say_it_in_the_readme():
    for target in ("serve", "admin"):
        dry = subprocess.run(["make", "-n", target, "PORT=8001"], cwd=ROOT, capture_output=True, text=True, check=True)
        assert f'hooks.cli {target} --port "8001"' in dry.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make serve PORT=8001" in readme and "make admin PORT=8001" in readme


def test_admin_while_the_preview_runs_says_so_before_anything_else(site, capsys):
    """`make admin` while `make serve` holds the preview's port: one Vietnamese message, no ✓, no save service left."""
    (site.root / "node_modules/.bin").mkdir(parents=True)
    (site.root / "node_modules/.bin/decap-server").symlink_to(ROOT / "node_modules/.bin/decap-server")
    save_port = free_port()
    site.configure(extra=f"extra:\n  tinxa:\n    editor:\n      local_port: {save_port}\n")
    with port_in_use() as port:
        code, out = run(site, capsys, "admin", "--port", str(port))
    assert code == preview.EXPLAINED
    assert f"cổng {port} đang bận" in out and f"make admin PORT={port + 1}" in out
    assert "✓" not in out and "Traceback" not in out
    assert preview.port_free(save_port)  # the save service was never started


def _time_wait(port: int) -> bool:
    """Whether a connection on 127.0.0.1:``port`` is in TIME-WAIT (Linux's /proc/net/tcp)."""
    local = f"0100007F:{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return any(line.split()[1] == local and line.split()[3] == "06" for line in lines)


def _leave_in_time_wait() -> int:
    """A port whose server just closed a connection first, as the save service does when stopped."""
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        connection, _ = server.accept()
        connection.close()  # the server's side closes first: its port is the one kept in TIME-WAIT
        client.recv(1)
        client.close()
    return port


@contextmanager
def stopped_by_sigterm(site, tmp_path, command: str, port: int):
    """`make serve` / `make admin` running, stopped by SIGTERM as a closed terminal stops it; yields the
    process, its own temporary folder (TMPDIR) and a list that holds its output once stopped."""
    scratch = tmp_path / "tam"
    scratch.mkdir()
    argv = [sys.executable, "-m", "hooks.cli", "--root", str(site.root), command, "--port", str(port)]
    env = {**os.environ, "TMPDIR": str(scratch), "NO_MKDOCS_2_WARNING": "1"}
    output: list[str] = []
    with subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        try:
            yield process, scratch, output
        finally:
            process.send_signal(signal.SIGTERM)
            output.append(process.communicate(timeout=60)[0])


def test_admin_starts_again_at_once_after_a_stop(site, tmp_path):
    """Stopping `make admin` and starting it again at once: a port in TIME-WAIT is free, nothing is said busy.

    Stopped by SIGTERM (a closed terminal), the preview leaves no temporary folder behind.
    """
    (site.root / "node_modules/.bin").mkdir(parents=True)
    (site.root / "node_modules/.bin/decap-server").symlink_to(ROOT / "node_modules/.bin/decap-server")
    save_port = _leave_in_time_wait()
    assert _time_wait(save_port)
    site.configure(extra=f"extra:\n  tinxa:\n    editor:\n      local_port: {save_port}\n")
    port = free_port()
    with stopped_by_sigterm(site, tmp_path, "admin", port) as (admin, scratch, output):
        wait_for(f"http://127.0.0.1:{port}/xa-thu/admin/config.yml", str(save_port))
    out = output[0]
    assert admin.returncode == 0, out
    assert "đang bận" not in out and f"✓ Soạn bài ở http://127.0.0.1:{port}/xa-thu/admin/" in out
    assert "Traceback" not in out and "INFO" not in out and "WARNING" not in out
    assert list(scratch.iterdir()) == []  # MkDocs' site folder (mkdocs_*) is gone


def test_a_broken_mkdocs_yml_while_the_preview_runs_is_one_vietnamese_line_not_a_traceback(tmp_path):
    """And the preview, stopped by SIGTERM as a test or a closed terminal stops it, leaves no /tmp/mkdocs_* behind."""
    site = new_site(tmp_path / "xa")
    port = free_port()
    with stopped_by_sigterm(site, tmp_path, "serve", port) as (serve, scratch, output):
        wait_for(f"http://127.0.0.1:{port}/xa-thu/", "Xã Thử Nghiệm")
        config = site.root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "theme: [\n", encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (site.root / preview.ERRORS_FILE).exists():
            time.sleep(0.2)
    out = output[0]
    assert "✗ Dựng lại không được: mkdocs.yml có lỗi ở dòng 12" in out and preview.ERRORS_FILE in out, out
    assert "Traceback" not in out and "An error happened" not in out
    assert "Traceback" in (site.root / preview.ERRORS_FILE).read_text(encoding="utf-8")
    assert serve.returncode == 0 and list(scratch.iterdir()) == []


def test_make_build_speaks_vietnamese_and_still_fails_on_problems(site):
    """`make build`: MkDocs' English lines left out; an officer's problem or a --strict warning still fails it."""

    def build():
        command = [sys.executable, "-m", "hooks.cli", "--root", str(site.root), "build"]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    site.post("2024-01-05-tin.md", post_text(title="Tin thử", date="2024-01-05"))
    result = build()
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "✓ Đã dựng xong trang" in output and (site.root / "site/index.html").is_file()
    for english in ("INFO", "Cleaning site", "Building documentation", "Documentation built"):
        assert english not in output, output

    broken = site.post("2024-01-06-loi.md", post_text(date="31/02/2024"))
    result = build()
    assert result.returncode == 1 and "✗ posts/2024-01-06-loi.md:3" in result.stdout + result.stderr
    broken.unlink()
    site.page("trang.md", "[hỏng](khong-co.md)\n")  # a warning: --strict stops the build
    result = build()
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "⚠ Trang trang.md có liên kết tới “khong-co.md” nhưng không có trang đó" in output
    assert "✗ Trang không được dựng vì các cảnh báo" in output, output
    assert "Traceback" not in output and "Aborted" not in output


def test_the_officers_terminal_has_mkdocs_lines_in_vietnamese_or_not_at_all():
    """The preview's log filter: English status lines left out or translated, real warnings kept."""
    import logging

    lines = preview.OfficerLines(ready="✓ Soạn bài ở …")

    def said(name, message, level=logging.INFO):
        record = logging.LogRecord(name, level, __file__, 1, message, (), None)
        return preview.OfficerFormat().format(record) if lines.filter(record) else None

    assert said("mkdocs.commands.build", "Cleaning site directory") is None
    assert said("mkdocs.commands.build", "A 'dirty' build is being performed, this will...", logging.WARNING) is None
    nav = 'The following pages exist in the docs directory, but are not included in the "nav" configuration:'
    assert said("mkdocs.structure.nav", nav) is None
    assert said("mkdocs.livereload", "[10:00:00] Serving on http://127.0.0.1:8001/xa/") == (
        "✓ Trang xem thử: http://127.0.0.1:8001/xa/\n"
        "  Sửa bài, ảnh hay tệp trong data/, lưu lại là trang tự tải lại. Ctrl+C để dừng.\n✓ Soạn bài ở …"
    )
    assert said("mkdocs.livereload", '"GET /xa HTTP/1.1" code 302', logging.WARNING) is None
    assert said("mkdocs.livereload", '"GET /xa/cu/ HTTP/1.1" code 404', logging.WARNING).startswith("⚠ Không có trang /xa/cu/")
    assert said("mkdocs.commands.build", "Documentation built in 0.37 seconds") == "✓ Đã dựng xong trang (0,37 giây)."
    assert said("mkdocs.tinxa", "\nKhông thể dựng trang: có 1 lỗi trong 1 tệp.", logging.ERROR).startswith("Không thể")
    assert said("mkdocs.commands.build", "Documentation built in 0.37 seconds").startswith("✗ Trang xem thử đang hiện các lỗi")
    assert said("mkdocs.plugins", "Something real went wrong", logging.WARNING) == "⚠ Something real went wrong"  # passes


def _make(site, *args, **popen):
    """`make …` with this repository's Makefile in the small site, as an officer runs it in a terminal."""
    for name in (".venv", "hooks"):
        if not (site.root / name).exists():
            (site.root / name).symlink_to(ROOT / name)
    command = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", ".venv/.installed", "-o", "git-hooks", *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(command, cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen)


def test_make_serve_adds_no_english_line_when_busy_or_stopped_with_ctrl_c(site):
    """make's own '*** Error 3' or '*** Interrupt' lines stay out of the officer's terminal."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        with _make(site, "serve", f"PORT={busy}") as make:
            out = make.communicate(timeout=60)[0]
    assert make.returncode == 0 and f"cổng {busy} đang bận" in out and "***" not in out, out

    port = free_port()
    with _make(site, "serve", f"PORT={port}", start_new_session=True) as make:  # its own terminal's process group
        try:
            wait_for(f"http://127.0.0.1:{port}/xa-thu/", "Xã Thử Nghiệm")
        finally:
            os.killpg(make.pid, signal.SIGINT)  # Ctrl+C reaches make, the shell and python alike
            out = make.communicate(timeout=60)[0]
    assert "Đã dừng trang xem thử." in out and "***" not in out and "Traceback" not in out, out
