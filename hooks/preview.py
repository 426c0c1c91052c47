"""The preview officers run (`make serve`, `make admin`): MkDocs' own server, told in Vietnamese.

- The port is checked before anything is built or printed; a busy one is named, with the fix.
- MkDocs' English lines are translated or left out ("Cleaning site directory", the ``--dirty``
  warning, the nav notice...); warnings and errors still pass, so nothing real is hidden.
- While a post is broken, every page of the preview shows the problems (``show_problems``), so the
  reload after a broken save lands on the report, whatever page the officer had open.
- The temporary site folder MkDocs serves from is removed however the preview ends: Ctrl+C, a
  closed terminal (SIGHUP) or SIGTERM.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hooks.editor import EDITOR_URL
from hooks.policy import REFERRER_POLICY, allow_added_scripts

DEFAULT_PORT = 8000
HOST = "127.0.0.1"
# The exit code after a failure already explained to the officer: the Makefile then adds no English line.
EXPLAINED = 3
ERRORS_FILE = ".cache/tinxa/loi-xem-thu.txt"  # an unexpected error's traceback, for whoever helps the officer


def port_free(port: int, host: str = HOST) -> bool:
    """Whether a server could listen on ``host:port`` now.

    SO_REUSEADDR as the servers themselves set it (Python's http.server, Node): a port left in
    TIME-WAIT by a server stopped a moment ago is free for them, and so it is here.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        if os.name != "nt":  # on Windows it would let the probe share a port in use; TIME-WAIT never blocks there
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def busy_message(port: int, command: str) -> str:
    """A busy preview port, named, with the two ways out."""
    return (
        f"✗ Không mở được trang xem thử: cổng {port} đang bận (có thể make serve hoặc make admin đang chạy ở cửa sổ khác,"
        " hoặc một chương trình khác đang dùng cổng này).\n"
        f"    → Cách sửa: đóng cửa sổ kia (bấm Ctrl+C trong đó) rồi chạy lại, hoặc dùng cổng khác: make {command} PORT={port + 1}"
    )


# MkDocs' lines, by the start of their message: None leaves the line out, a text replaces it ({0}
# is the rest of the line, after the start). Anything not listed passes unchanged.
_LINES: dict[str, dict[str, str | None]] = {
    "mkdocs.commands.serve": {"Building documentation...": None, "Shutting down...": None},
    "mkdocs.commands.build": {
        "Cleaning site directory": None,
        "A 'dirty' build is being performed": None,
        "Building documentation to directory": "Đang dựng trang…",
        "The directory contains stale files": None,
        "Documentation built in ": "✓ Đã dựng xong trang ({0}).",
    },
    "mkdocs.structure.nav": {"The following pages exist in the docs directory, but are not included": None},
    "mkdocs.livereload": {
        "Watching paths for changes": None,
        "Browser connected": None,
        "Serving on ": "✓ Trang xem thử: {0}\n  Sửa bài, ảnh hay tệp trong data/, lưu lại là trang tự tải lại. Ctrl+C để dừng.",
        "Detected file changes": "Có tệp vừa được sửa, đang dựng lại…",
        "Reloading browsers": None,
        "An error happened during the rebuild": "✗ Trang xem thử chưa dựng lại được: sửa lỗi ở trên rồi lưu lại.",
    },
}
_STAMP = re.compile(r"^\[\d\d:\d\d:\d\d\] ")  # mkdocs.livereload puts the time first
_SECONDS = re.compile(r"^([\d.]+) seconds$")
_BROKEN_LINK = re.compile(
    r"^Doc file '(.+?)' contains a link '(.+?)', but the target(?: '.+?')? is not found among documentation"
)
_REQUEST = re.compile(r'^"(?:GET|HEAD) (\S+) [^"]*" code (\d+)$')


class OfficerLines(logging.Filter):
    """Leaves out or translates MkDocs' English lines; everything else passes.

    ``ready``: said once the preview is up (``make admin``: where the editor is).
    """

    def __init__(self, ready: str = "") -> None:
        super().__init__()
        self.ready = ready
        self.failed = False  # the last build stopped on problems: the preview shows them

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.failed = True
        if record.name == "mkdocs.structure.pages" and (link := _BROKEN_LINK.match(record.getMessage())):
            page, target = link.groups()
            record.msg = (
                f"Trang {page} có liên kết tới “{target}” nhưng không có trang đó.\n"
                "    → Cách sửa: sửa liên kết theo đúng tên tệp .md, hoặc xoá liên kết."
            )
            record.args = ()
            return True
        table = _LINES.get(record.name)
        if table is None:
            return True
        message = _STAMP.sub("", record.getMessage())
        if record.name == "mkdocs.livereload" and (request := _REQUEST.match(message)):
            address, code = request.groups()
            if code != "404":
                return not code.startswith("3")  # a redirect ("folder" to "folder/") is no problem
            if address.startswith(("/favicon.ico", "/.well-known/")):
                return False  # asked for by browsers on their own
            record.msg, record.args = f"Không có trang {address} (mã 404): liên kết hỏng hoặc trang đã bị xoá.", ()
            return True
        for start, text in table.items():
            if message.startswith(start):
                if text is None:
                    return False
                rest = message[len(start) :].strip()
                if seconds := _SECONDS.match(rest):
                    rest = f"{seconds.group(1).replace('.', ',')} giây"
                    if self.failed:
                        text = "✗ Trang xem thử đang hiện các lỗi trên, ở mọi trang: sửa rồi lưu lại là trang tự tải lại."
                elif start == "Serving on " and self.ready:
                    text += "\n" + self.ready
                elif start == "Detected file changes":
                    self.failed = False
                record.msg, record.args = text.format(rest), ()
                return True
        return True


_HANDLER = "TinXaOfficer"


class OfficerFormat(logging.Formatter):
    """No English level names: a warning starts with ⚠; Tin Xã's reports already say what they are."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().strip("\n")
        if record.levelno >= logging.ERROR and not message.startswith(("✗", "Không thể")):
            return f"✗ {message}"
        if record.levelno == logging.WARNING and not message.startswith("⚠"):
            return f"⚠ {message}"
        return message


def officer_logging(stream: Any = None, ready: str = "") -> logging.Handler:
    """MkDocs' log, as the officer's terminal shows it (one handler on the "mkdocs" logger)."""
    from mkdocs import utils
    from mkdocs.commands import build

    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if handler.name == _HANDLER:
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.name = _HANDLER
    handler.addFilter(OfficerLines(ready))
    handler.setFormatter(OfficerFormat())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    build.log.addFilter(utils.DuplicateFilter())  # as `mkdocs serve` does
    return handler


def show_problems(server: Any, failing: Callable[[], bool]) -> None:
    """While ``failing()``, every page of the preview answers with the problems page.

    The entry hook writes the problems page at the site's home address; here any other page's
    address gets it too, with a <base> so its styles load from there. MkDocs' live reload stays in
    it, so the page shows the site again as soon as the post is fixed.
    """
    original = server._serve_request
    mount: str = server.mount_path

    def serve_request(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO", "")
        # The web editor keeps working: an officer fixes the broken post there, and loses nothing typed.
        editor = path.startswith(mount + EDITOR_URL)
        if editor or not (path.startswith(mount) and path != mount and path.endswith(("/", ".html")) and failing()):
            return original(environ, start_response)
        answer: list[Any] = []
        body = original({**environ, "PATH_INFO": mount}, lambda status, headers, *_: answer.extend((status, headers)))
        if body is None or not answer or not answer[0].startswith("200"):
            return original(environ, start_response)
        data = b"".join(body)
        # After the page's policy (hooks/policy.py), which base-uri 'self' then governs.
        referrer = f'<meta name="referrer" content="{REFERRER_POLICY}">'.encode()
        anchor = referrer if referrer in data else b"<head>"
        data = data.replace(anchor, anchor + b'<base href="' + mount.encode() + b'">', 1)
        headers = [(k, str(len(data)) if k.lower() == "content-length" else v) for k, v in answer[1]]
        start_response(answer[0], headers)
        return [data]

    server._serve_request = serve_request


def allow_live_reload(server: Any) -> None:
    """MkDocs adds its live-reload script to each page as it serves it: the page's policy lets it run."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        return

    def inject_allowed(content: bytes, epoch: int) -> bytes:
        served = inject(content, epoch)
        return allow_added_scripts(content.decode(errors="replace"), served.decode(errors="replace")).encode()

    server._inject_js_into_html = inject_allowed


class _RebuildErrors:
    """Stands in for the ``traceback`` module in mkdocs.livereload, which prints a failed rebuild's
    exception as a traceback: the officer gets one line, the traceback goes to a file for whoever helps."""

    def __init__(self, root: Path) -> None:
        self.log_file = root / ERRORS_FILE

    def print_exc(self) -> None:
        import traceback

        error = sys.exc_info()[1]
        try:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            self.log_file.write_text(traceback.format_exc(), encoding="utf-8")
            details = f" (chi tiết cho người hỗ trợ kỹ thuật: {ERRORS_FILE})"
        except OSError:
            details = ""
        print(f"✗ Dựng lại không được: {_describe(error)}{details}", flush=True)


def _describe(error: BaseException | None) -> str:
    from mkdocs.exceptions import ConfigurationError

    if isinstance(error, ConfigurationError):
        if line := re.search(r"mkdocs\.yml\", line (\d+)", str(error)):
            return (
                f"mkdocs.yml có lỗi ở dòng {line.group(1)} (hoặc ngay trên đó).\n"
                "    → Cách sửa: kiểm tra dấu hai chấm, ngoặc, dấu nháy và thụt lề ở đó, rồi lưu lại"
            )
        return f"mkdocs.yml có lỗi: {error}"
    return f"{type(error).__name__}: {error}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """SIGTERM and a closed terminal (SIGHUP) stop the preview as Ctrl+C does, so it cleans up after itself."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)


def parse_port(text: str) -> int | None:
    """The port in ``make serve PORT=…``, or None when it is not one."""
    text = text.strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 65535 else None


def bad_port_message(text: str, command: str) -> str:
    return (
        f"✗ Cổng “{text}” không dùng được: cổng là một số từ 1 đến 65535.\n"
        f"    → Cách sửa: ví dụ make {command} PORT=8001 (bỏ PORT= thì dùng cổng {DEFAULT_PORT})"
    )


def _errnos(error: BaseException | None) -> set[int]:
    """The errno of an error and of those it happened while handling (a failed cleanup hides a busy port)."""
    found = set()
    while error is not None:
        if isinstance(error, OSError) and error.errno:
            found.add(error.errno)
        error = error.__context__
    return found


def serve(root: Path, port: int, host: str = HOST, command: str = "serve", ready: str = "") -> int:
    """``mkdocs serve --livereload --dirty`` in this process, with the officer's terminal; ``ready`` is
    said once the preview is up.

    Returns 0 when stopped with Ctrl+C, EXPLAINED after a problem it has explained.
    """
    from mkdocs import livereload
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    if not port_free(port, host):
        print(busy_message(port, command), flush=True)
        return EXPLAINED
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    officer_logging(ready=ready)
    livereload.traceback = _RebuildErrors(root)  # type: ignore[assignment]
    stop_on_signals()
    # MkDocs builds into a new folder under the temporary folder; ours holds it, so it goes even when
    # MkDocs' own clean-up fails (a file still being written when the server stops).
    scratch = Path(tempfile.mkdtemp(prefix="tinxa-xem-thu-"))
    before, tempfile.tempdir = tempfile.tempdir, str(scratch)
    try:
        mkdocs_serve.serve(config_file=str(root / "mkdocs.yml"), livereload=True, build_type="dirty", dev_addr=f"{host}:{port}")
    except KeyboardInterrupt:
        pass
    except SystemExit:  # the entry hook stopped the build; its report is above
        print("✗ Trang xem thử đã dừng: sửa lỗi ở trên rồi chạy lại.", flush=True)
        return EXPLAINED
    except OSError as error:
        if errno.EADDRINUSE in _errnos(error):
            print(busy_message(port, command), flush=True)
            return EXPLAINED
        if not _errnos(error) & {errno.ENOTEMPTY, errno.ENOENT}:  # not just MkDocs' clean-up
            print(f"✗ Trang xem thử đã dừng vì lỗi: {error}", flush=True)
            return EXPLAINED
    except MkDocsException as error:
        print(f"✗ Không mở được trang xem thử: {error}\n    → Cách sửa: sửa mkdocs.yml theo thông báo trên rồi chạy lại.")
        return EXPLAINED
    except Exception:  # a fault of Tin Xã's, not the officer's: one line here, the traceback in a file
        _RebuildErrors(root).print_exc()
        print(f"✗ Trang xem thử đã dừng. Chạy lại make {command}; nếu vẫn vậy, gửi tệp {ERRORS_FILE} cho người hỗ trợ kỹ thuật.")
        return EXPLAINED
    finally:
        tempfile.tempdir = before
        for _ in range(20):  # the search data is written a moment after each build
            shutil.rmtree(scratch, ignore_errors=True)
            if not scratch.exists():
                break
            time.sleep(0.1)
    print("Đã dừng trang xem thử.", flush=True)
    return 0


def build(root: Path, strict: bool = True) -> int:
    """``mkdocs build --strict`` (``make build``) in this process, with the officer's terminal.

    The entry hook reports an officer's problems and ends the build itself (SystemExit); a warning
    under ``strict`` ends it too. Returns 0 when the site was built, 1 otherwise.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    officer_logging()
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as error:  # a SystemExit too, so first
        if "strict mode" in str(error):  # the warnings (⚠) are above
            print("✗ Trang không được dựng vì các cảnh báo ⚠ ở trên.\n    → Cách sửa: sửa theo từng cảnh báo rồi chạy lại.")
        else:  # a plugin's BuildError, logged above
            print("✗ Trang không được dựng vì lỗi ở trên.")
        return 1
    except SystemExit as stop:  # the entry hook's report is above
        return int(stop.code or 0) if isinstance(stop.code, int) else 1
    except MkDocsException as error:
        print(f"✗ Không dựng được trang: {_describe(error)}")
        return 1
    return 0
