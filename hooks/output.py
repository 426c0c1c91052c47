"""Where a build writes: a staging folder beside the site, swapped in only when the build succeeds.

A failed build then leaves the previous site as it was, never half-written pages that look
complete (which ``mkdocs gh-deploy`` or a web server would happily publish).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-dang-dung")


def replace_site(staging: Path, site_dir: Path) -> None:
    """Put the finished build in place of the old site with two renames."""
    old = site_dir.with_name(f".{site_dir.name}-cu")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def replace_file(path: Path, data: bytes, mode: int | None = None) -> Path:
    """Write ``data`` to a hidden temporary file beside ``path`` and rename it over ``path`` once
    complete, so an interrupted write never leaves half a file. ``mode`` defaults to the old file's."""
    if mode is None:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_if_changed(path: Path, text: str) -> Path:
    """Write ``text`` unless the file already holds it, so its modification time means "changed"."""
    if _written.get(path) == text and path.exists():
        return path
    try:
        unchanged = path.read_text(encoding="utf-8") == text
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
        unchanged = False
    if not unchanged:
        path.write_text(text, encoding="utf-8")
    _written[path] = text
    return path


# What this process last wrote or saw in each file: `mkdocs serve` rebuilds skip re-reading them.
_written: dict[Path, str] = {}


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
