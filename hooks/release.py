"""Tin Xã's releases in a commune's repository: the version, the changelog, and the update.

An update (``make cap-nhat``) fetches a release tag from the upstream repository, replaces
exactly the files the manifest says are the engine's (adding new ones, removing ones the new
manifest dropped), runs the release's migrations and ``make check`` with the new code, and
commits the lot as one commit, so ``git revert`` undoes it. The commune's files are never
written: the manifest may not name them (``hooks.manifest``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hooks.manifest import MANIFEST_FILE, Manifest, ManifestError, parse_manifest
from hooks.output import replace_file
from hooks.settings import read_mkdocs_yml

VERSION_FILE = "pyproject.toml"
CHANGELOG_FILE = "CHANGELOG.md"
GIT_TIMEOUT = 300
_TAG = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
_HEADING = re.compile(r"^## (?:\[)?v?(\d+\.\d+\.\d+)", re.MULTILINE)
# Used when the computer has no git identity yet (a fresh machine, an Actions runner).
IDENTITY = {
    f"GIT_{who}_{key}": value
    for who in ("AUTHOR", "COMMITTER")
    for key, value in (("NAME", "Tin Xã"), ("EMAIL", "tinxa@localhost"))
}


class ReleaseError(Exception):
    """The update cannot go on; nothing was changed. The message is for the commune's IT staff."""


def version_key(version: str) -> tuple[int, int, int]:
    match = _TAG.match(version.strip())
    if not match:
        raise ValueError(version)
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def current_version(root: Path) -> str:
    """The version of the engine in ``root``: ``[project] version`` in pyproject.toml, the one place it is written."""
    try:
        return str(tomllib.loads((root / VERSION_FILE).read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0.0.0"


def changes_since(changelog: str, old: str, new: str) -> str:
    """The changelog's sections for the versions after ``old`` up to ``new``, newest first."""
    sections = []
    starts = list(_HEADING.finditer(changelog))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(changelog)
        if version_key(old) < version_key(match[1]) <= version_key(new):
            sections.append(changelog[match.start() : end].strip())
    return "\n\n".join(sections)


@dataclass
class Update:
    """What an update did: the versions, the engine files it added, changed and removed."""

    old_version: str
    new_version: str
    tag: str
    source: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: str = ""  # the changelog since the old version

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=check, timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise ReleaseError("máy chưa cài git: cài git (https://git-scm.com) rồi chạy lại") from None
    except subprocess.TimeoutExpired:
        raise ReleaseError(f"git chạy quá {GIT_TIMEOUT} giây (mạng chậm?): chạy lại sau") from None


def _names(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def upstream(root: Path) -> str:
    """The repository updates come from: ``extra.tinxa.upstream`` of the (inherited) configuration."""
    tinxa = (read_mkdocs_yml(root).get("extra") or {}).get("tinxa") or {}
    return str(tinxa.get("upstream") or "")


def latest_tag(root: Path, source: str) -> str:
    """The highest release tag (``v1.2.3`` or ``1.2.3``) in ``source``."""
    listed = _git(root, "ls-remote", "--tags", "--refs", source, check=False)
    if listed.returncode != 0:
        raise ReleaseError(f"không kết nối được tới kho “{source}”: kiểm tra mạng và địa chỉ kho (TU=...)")
    tags = [line.rsplit("refs/tags/", 1)[-1] for line in listed.stdout.decode().splitlines() if "refs/tags/" in line]
    releases = [tag for tag in tags if _TAG.match(tag)]
    if not releases:
        raise ReleaseError(f"kho “{source}” chưa có phiên bản nào (thẻ dạng v1.2.3)")
    return max(releases, key=version_key)


def update(root: Path, source: str | None = None, tag: str | None = None) -> Update:
    """Bring the engine in ``root`` to release ``tag`` of ``source`` (default: upstream's latest)."""
    root = root.resolve()
    if _git(root, "rev-parse", "--show-toplevel", check=False).returncode != 0:
        raise ReleaseError("thư mục này chưa phải kho git: cập nhật cần git để có thể hoàn tác")
    manifest = _read_manifest((root / MANIFEST_FILE).read_text(encoding="utf-8") if (root / MANIFEST_FILE).is_file() else "")
    tracked = _names(_git(root, "ls-files", "-z").stdout)
    engine_now = manifest.engine_files(tracked)
    dirty = _names(_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *manifest.engine).stdout)
    dirty = [entry[3:] for entry in dirty if len(entry) > 3 and manifest.is_engine(entry[3:])]
    if dirty:
        listed = ", ".join(dirty[:10]) + (f" và {len(dirty) - 10} tệp khác" if len(dirty) > 10 else "")
        raise ReleaseError(
            f"có thay đổi chưa commit trong tệp của phần mềm: {listed}. Cập nhật sẽ ghi đè các tệp này.\n"
            "    → Cách sửa: commit các thay đổi đó (git commit), hoặc bỏ chúng (git checkout -- <tệp>), rồi chạy lại"
        )
    source = source or upstream(root)
    if not source:
        raise ReleaseError("chưa biết lấy bản mới ở đâu: ghi TU=<địa chỉ kho Tin Xã> hoặc extra.tinxa.upstream trong tinxa.yml")
    tag = tag or latest_tag(root, source)
    fetched = _git(root, "fetch", "--quiet", "--no-tags", source, f"refs/tags/{tag}", check=False)
    if fetched.returncode != 0:
        reason = fetched.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReleaseError(
            f"không lấy được phiên bản “{tag}” từ “{source}” ({reason[-1] if reason else 'lỗi git'}): "
            "kiểm tra tên phiên bản (BAN=...) và địa chỉ kho (TU=...)"
        )
    commit = _git(root, "rev-parse", "FETCH_HEAD^{commit}").stdout.decode().strip()
    new_manifest = _read_manifest(_git(root, "show", f"{commit}:{MANIFEST_FILE}").stdout.decode("utf-8"))
    modes = {}
    for entry in _names(_git(root, "ls-tree", "-r", "-z", commit).stdout):
        meta, path = entry.split("\t", 1)
        modes[path] = meta.split()[0]
    engine_new = new_manifest.engine_files(modes)
    result = Update(current_version(root), "", tag, source)
    for path in engine_new:
        data = _git(root, "cat-file", "blob", f"{commit}:{path}").stdout
        target = root / path
        before = target.read_bytes() if target.is_file() else None
        if before != data:
            replace_file(target, data, 0o755 if modes[path] == "100755" else 0o644)
            (result.changed if before is not None else result.added).append(path)
    for path in sorted(set(engine_now) - set(engine_new)):
        (root / path).unlink(missing_ok=True)
        result.removed.append(path)
    result.new_version = current_version(root)
    changelog = root / CHANGELOG_FILE
    if changelog.is_file():
        result.notes = changes_since(changelog.read_text(encoding="utf-8"), result.old_version, result.new_version)
    return result


def _read_manifest(text: str) -> Manifest:
    try:
        return parse_manifest(text)
    except ManifestError as error:
        raise ReleaseError(str(error)) from None


MIGRATIONS_DIR = "hooks/migrations"
_MIGRATION = re.compile(r"^v(\d+)_(\d+)_(\d+)_\w+\.py$")


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path

    def run(self, root: Path) -> tuple[str, list[str]]:
        """(description, files changed): the module is loaded from disk, so it is the new release's."""
        spec = importlib.util.spec_from_file_location(f"tinxa_migration_{self.path.stem}", self.path)
        if spec is None or spec.loader is None:
            raise ReleaseError(f"không đọc được bước chuyển đổi {self.path.name}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return str(module.DESCRIPTION), list(module.migrate(root))


def migrations(root: Path, old: str, new: str) -> list[Migration]:
    """The migrations after version ``old`` up to ``new``, oldest first."""
    found = []
    folder = root / MIGRATIONS_DIR
    for path in sorted(folder.glob("v*.py")) if folder.is_dir() else ():
        match = _MIGRATION.match(path.name)
        if match:
            version = ".".join(match.groups())
            if version_key(old) < version_key(version) <= version_key(new):
                found.append(Migration(version, path))
    return sorted(found, key=lambda migration: (version_key(migration.version), migration.path.name))


def run_new_code(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m hooks.cli ARGS`` with the engine now on disk, not the one this process loaded."""
    return subprocess.run([sys.executable, "-m", "hooks.cli", *args], cwd=root, capture_output=True, text=True)


def commit(root: Path, result: Update, paths: list[str]) -> None:
    """One commit for the whole update, so ``git revert HEAD`` undoes it."""
    _git(root, "add", "-A", "--", *paths)
    if _git(root, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return
    known = _git(root, "config", "user.email", check=False).stdout.strip() or os.environ.get("GIT_AUTHOR_EMAIL")
    env = {**os.environ} if known else {**os.environ, **IDENTITY}
    message = f"Cập nhật Tin Xã {result.old_version} → {result.new_version} ({result.tag})"
    subprocess.run(["git", "commit", "--quiet", "--no-verify", "-m", message], cwd=root, env=env, check=True, capture_output=True)


def restore(root: Path, result: Update) -> None:
    """Put the engine back as committed after an update that could not finish."""
    if result.changed or result.removed:
        _git(root, "checkout", "--quiet", "HEAD", "--", *result.changed, *result.removed, check=False)
    for path in result.added:
        (root / path).unlink(missing_ok=True)


def command(root: Path, source: str | None, tag: str | None) -> int:
    """``make cap-nhat``: update, migrate, check, commit; every step said in Vietnamese."""
    try:
        result = update(root, source, tag)
    except ReleaseError as error:
        print(f"✗ Không cập nhật được: {error}\n  Chưa có gì thay đổi.")
        return 1
    if not result.touched:
        print(f"✓ Tin Xã đã ở phiên bản {result.new_version} ({result.tag} của {result.source}): không có gì để cập nhật.")
        return 0
    migrated: list[str] = []
    try:
        for migration in migrations(root, result.old_version, result.new_version):
            description, paths = migration.run(root)
            print(f"  • Chuyển đổi {migration.version}: {description}")
            migrated += paths
    except Exception as error:  # a migration of the new release failed: the commune's site must stay as it was
        restore(root, result)
        print(f"✗ Bước chuyển đổi của bản mới bị lỗi ({error}); phần mềm đã được trả về phiên bản {result.old_version}.")
        print("  Xem git status: nếu tệp của xã bị sửa dở, chạy git checkout -- <tệp>. Báo lỗi cho nhóm Tin Xã.")
        return 1
    commit(root, result, [*result.added, *result.changed, *result.removed, *migrated])
    print(f"✓ Đã cập nhật Tin Xã {result.old_version} → {result.new_version} ({result.tag}, từ {result.source}).")
    for label, paths in (("Thêm", result.added), ("Thay", result.changed), ("Xoá", result.removed)):
        if paths:
            shown = ", ".join(paths[:8]) + (f" và {len(paths) - 8} tệp khác" if len(paths) > 8 else "")
            print(f"  {label} {len(paths)} tệp: {shown}")
    if result.notes:
        print("\nNhững gì thay đổi (CHANGELOG.md):\n" + result.notes)
    checked = run_new_code(root, "check")
    print("\nKiểm tra bài viết và ảnh với phiên bản mới (make check):")
    print(checked.stdout.rstrip() or checked.stderr.rstrip())
    print("\nBản cập nhật nằm trong một commit. Muốn quay lại phiên bản cũ: git revert HEAD")
    return 0 if checked.returncode == 0 else 1


def show_version(root: Path) -> int:
    """``make phien-ban``."""
    print(f"Tin Xã phiên bản {current_version(root)}")
    source = upstream(root)
    if source:
        print(f"Bản mới lấy từ: {source} (make cap-nhat)")
    return 0
