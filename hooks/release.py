"""Tin Xã's releases in a commune's repository: the version, the changelog, and the update.

An update (``make cap-nhat``) fetches a release tag from the upstream repository, replaces
exactly the files the manifest says are the engine's (adding new ones, removing ones the new
manifest dropped), runs the release's migrations, commits the lot as one commit (so ``git
revert`` undoes it), then runs ``make check`` with the new code and reports it. The commune's files are never
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

from hooks.git import GitError, git, identity
from hooks.git import names as _names
from hooks.manifest import COMMUNE_OWNED, MANIFEST_FILE, Manifest, ManifestError, parse_manifest
from hooks.output import replace_file
from hooks.settings import read_mkdocs_yml

VERSION_FILE = "pyproject.toml"
CHANGELOG_FILE = "CHANGELOG.md"
_TAG = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
_HEADING = re.compile(r"^## (?:\[)?v?(\d+\.\d+\.\d+)", re.MULTILINE)
# Used when the computer has no git identity yet (a fresh machine, an Actions runner).
IDENTITY = identity("Tin Xã", "tinxa@localhost")


class ReleaseError(Exception):
    """The update cannot go on; nothing was changed. The message is for the commune's IT staff."""


def version_key(version: str) -> tuple[int, int, int]:
    match = _TAG.match(version.strip())
    if not match:
        raise ReleaseError(f"“{version}” không phải số phiên bản dạng 1.2.3")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def current_version(root: Path) -> str:
    """The version of the engine in ``root``: ``[project] version`` in pyproject.toml, the one place it is written."""
    try:
        return _version_in((root / VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ReleaseError):
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
    kept: list[str] = field(default_factory=list)  # the commune's own files and changes the release leaves alone
    overwritten: list[str] = field(default_factory=list)  # our files the commune had changed
    notes: str = ""  # the changelog since the old version

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        return git(root, *args, check=check)
    except GitError as error:
        raise ReleaseError(str(error)) from None
    except subprocess.CalledProcessError:
        raise ReleaseError(
            f"git không làm được “git {' '.join(args[:2])}”: kho git có vấn đề? (chạy git status để xem)"
        ) from None


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
    _refuse_uncommitted_engine(root, manifest)
    source = source or upstream(root)
    if not source:
        raise ReleaseError("chưa biết lấy bản mới ở đâu: ghi TU=<địa chỉ kho Tin Xã> hoặc extra.tinxa.upstream trong tinxa.yml")
    if source.startswith("-"):
        raise ReleaseError(f"“{source}” không phải địa chỉ kho: ghi TU=https://… hoặc đường dẫn tới thư mục kho")
    old_version = current_version(root)
    tag, commit = _fetch(root, source, tag) if tag else _fetch(root, source, latest_tag(root, source))
    tree = _tree(root, commit)
    if VERSION_FILE not in tree or MANIFEST_FILE not in tree:
        raise ReleaseError(
            f"phiên bản “{tag}” của “{source}” không phải bản Tin Xã có thể cập nhật (thiếu {VERSION_FILE} hoặc {MANIFEST_FILE})"
        )
    new_version = _version_in(_git(root, "show", f"{commit}:{VERSION_FILE}").stdout.decode("utf-8"))
    if version_key(new_version) < version_key(old_version):
        raise ReleaseError(
            f"phiên bản {new_version} ({tag}) cũ hơn phiên bản đang dùng {old_version}. "
            "Muốn quay lại bản cũ, hoàn tác commit cập nhật: git revert <commit “Cập nhật Tin Xã …”>"
        )
    pending = [path for path in tree if _is_migration(path, old_version, new_version)]
    if pending:
        _refuse_uncommitted_content(root, new_version)
    old_release = _old_release(root, source, old_version)
    new_manifest = _read_manifest(_git(root, "show", f"{commit}:{MANIFEST_FILE}").stdout.decode("utf-8"))
    engine_now = manifest.engine_files(_names(_git(root, "ls-files", "-z").stdout))
    engine_new = new_manifest.engine_files(tree)
    result = Update(old_version, new_version, tag, source)
    writes: list[tuple[str, bytes, int]] = []  # everything is read before anything is written
    for path in engine_new:
        data = _git(root, "cat-file", "blob", f"{commit}:{path}").stdout
        target = root / path
        before = target.read_bytes() if target.is_file() else None
        if before == data:
            continue
        customised = old_release is not None and before is not None and old_release.get(path) not in (None, before)
        if customised and old_release.get(path) == data:
            result.kept.append(path)  # changed by the commune, not by this release: theirs stays
            continue
        if customised:
            result.overwritten.append(path)  # changed by both: ours wins, theirs stays in git's history
        writes.append((path, data, 0o755 if tree[path] == "100755" else 0o644))
        (result.changed if before is not None else result.added).append(path)
    removals = []
    for path in sorted(set(engine_now) - set(engine_new)):
        if old_release is not None and path not in old_release:
            result.kept.append(path)  # added by the commune in one of our folders: not ours to remove
        else:
            removals.append(path)
    try:
        for path, data, mode in writes:
            replace_file(root / path, data, mode)
        for path in removals:
            (root / path).unlink(missing_ok=True)
            result.removed.append(path)
    except BaseException as error:
        restore(root, result)
        if isinstance(error, OSError):
            raise ReleaseError(
                f"không ghi được tệp của phần mềm ({error.strerror or error}): kiểm tra quyền ghi và chỗ trống"
            ) from None
        raise
    changelog = root / CHANGELOG_FILE
    if changelog.is_file():
        result.notes = changes_since(changelog.read_text(encoding="utf-8"), result.old_version, result.new_version)
    return result


def _refuse_uncommitted_engine(root: Path, manifest: Manifest) -> None:
    entries = _names(_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *manifest.engine).stdout)
    dirty = [(entry[:2], entry[3:]) for entry in entries if len(entry) > 3 and manifest.is_engine(entry[3:])]
    if not dirty:
        return
    listed = ", ".join(path for _state, path in dirty)
    untracked = any(state == "??" for state, _path in dirty)
    raise ReleaseError(
        f"có thay đổi chưa commit trong tệp của phần mềm: {listed}. Cập nhật sẽ thay các tệp này bằng bản mới.\n"
        "    → Cách sửa: bỏ các thay đổi đó (git checkout -- <tệp>"
        + (", tệp mới thì xoá đi" if untracked else "")
        + "), rồi chạy lại. Tệp của phần mềm không phải chỗ để tuỳ biến: xem README, phần “Cập nhật Tin Xã”"
    )


def _refuse_uncommitted_content(root: Path, version: str) -> None:
    """A release with migrations rewrites the commune's files: they must be as committed, so the
    update's commit holds only the migration's changes and a failed migration can be undone."""
    entries = _names(_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--", *COMMUNE_OWNED).stdout)
    dirty = [entry[3:] for entry in entries if len(entry) > 3]
    if dirty:
        raise ReleaseError(
            f"phiên bản {version} có bước chuyển đổi tệp của xã, nhưng các tệp này đang sửa dở chưa commit: "
            f"{', '.join(dirty)}.\n    → Cách sửa: commit các tệp đó (git commit) hoặc cất tạm (git stash), rồi chạy lại"
        )


def _fetch_tag(root: Path, source: str, tag: str) -> tuple[str, str] | None:
    """Fetch release ``tag`` (``v1.2.3`` and ``1.2.3`` both work): (the tag's name, its commit), or None."""
    for name in [tag, f"v{tag}"] if not tag.startswith("v") else [tag, tag[1:]]:
        if _git(root, "fetch", "--quiet", "--no-tags", source, f"refs/tags/{name}", check=False).returncode == 0:
            return name, _git(root, "rev-parse", "FETCH_HEAD^{commit}").stdout.decode().strip()
    return None


def _fetch(root: Path, source: str, tag: str) -> tuple[str, str]:
    fetched = _fetch_tag(root, source, tag)
    if fetched:
        return fetched
    listed = _git(root, "ls-remote", "--tags", "--refs", source, check=False)
    if listed.returncode != 0:
        raise ReleaseError(f"không lấy được phiên bản “{tag}” từ “{source}”: không kết nối được tới kho, kiểm tra mạng và TU=...")
    tags = sorted(
        (line.rsplit("refs/tags/", 1)[-1] for line in listed.stdout.decode().splitlines()),
        key=lambda name: version_key(name) if _TAG.match(name) else (-1, 0, 0),
    )
    known = ", ".join(name for name in tags if _TAG.match(name)) or "chưa có"
    raise ReleaseError(f"không lấy được phiên bản “{tag}” từ “{source}”: kho không có phiên bản này (các phiên bản: {known})")


def _tree(root: Path, commit: str) -> dict[str, str]:
    """Every file of ``commit`` with its mode ("100644", "100755"...)."""
    modes = {}
    for entry in _names(_git(root, "ls-tree", "-r", "-z", commit).stdout):
        meta, path = entry.split("\t", 1)
        modes[path] = meta.split()[0]
    return modes


def _old_release(root: Path, source: str, version: str) -> dict[str, bytes] | None:
    """The files of the release the commune runs now, if ``source`` still has its tag: what tells
    the commune's own changes and additions apart from ours. None when it cannot be had."""
    fetched = _fetch_tag(root, source, f"v{version}")
    if fetched is None:
        return None
    commit = fetched[1]
    return {path: _git(root, "cat-file", "blob", f"{commit}:{path}").stdout for path in _tree(root, commit)}


def _version_in(pyproject: str) -> str:
    try:
        return str(tomllib.loads(pyproject)["project"]["version"])
    except (KeyError, tomllib.TOMLDecodeError):
        raise ReleaseError("bản mới không ghi số phiên bản (pyproject.toml): báo nhóm Tin Xã") from None


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
        """(description, files changed). The module is loaded from disk, so it is the new release's,
        but ``hooks`` in this process is still the old one: migrations use only the standard library
        and PyYAML (hooks/migrations/__init__.py)."""
        spec = importlib.util.spec_from_file_location(f"tinxa_migration_{self.path.stem}", self.path)
        if spec is None or spec.loader is None:
            raise ReleaseError(f"không đọc được bước chuyển đổi {self.path.name}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return str(module.DESCRIPTION), list(module.migrate(root))


def migration_version(path: str) -> str | None:
    """The version a file under hooks/migrations/ belongs to (``v0_3_0_x.py`` -> "0.3.0"), if it is one."""
    folder, _, name = path.rpartition("/")
    match = _MIGRATION.match(name)
    return ".".join(match.groups()) if match and folder == MIGRATIONS_DIR else None


def _is_migration(path: str, old: str, new: str) -> bool:
    version = migration_version(path)
    return version is not None and version_key(old) < version_key(version) <= version_key(new)


def migrations(root: Path, old: str, new: str) -> list[Migration]:
    """The migrations after version ``old`` up to ``new``, oldest first."""
    folder = root / MIGRATIONS_DIR
    found = [
        Migration(str(migration_version(f"{MIGRATIONS_DIR}/{path.name}")), path)
        for path in (folder.glob("v*.py") if folder.is_dir() else ())
        if _is_migration(f"{MIGRATIONS_DIR}/{path.name}", old, new)
    ]
    return sorted(found, key=lambda migration: (version_key(migration.version), migration.path.name))


def run_new_code(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m hooks.cli ARGS`` with the engine now on disk, not the one this process loaded."""
    return subprocess.run([sys.executable, "-m", "hooks.cli", *args], cwd=root, capture_output=True, text=True)


def commit(root: Path, result: Update, paths: list[str]) -> None:
    """One commit for the whole update, so ``git revert HEAD`` undoes it."""
    _git(root, "add", "-A", "--", *paths)
    if _git(root, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
        return
    known = _git(root, "config", "user.email", check=False).stdout.strip() or os.environ.get("GIT_AUTHOR_EMAIL")
    message = f"Cập nhật Tin Xã {result.old_version} → {result.new_version} ({result.tag})"
    # Only these paths: whatever else the officer had staged stays staged, out of the update's commit.
    extra = {} if known else IDENTITY
    try:
        git(root, "commit", "--quiet", "--no-verify", "-m", message, "--", *paths, env=extra)
    except subprocess.CalledProcessError as error:
        said = error.stderr.decode("utf-8", "replace").strip()[:200]
        raise ReleaseError(f"git không tạo được commit cập nhật ({said})") from None


def restore(root: Path, result: Update) -> None:
    """Put the engine back as committed after an update that could not finish, and the commune's
    tracked files too: a release with migrations only starts when they are as committed."""
    if result.changed or result.removed:
        _git(root, "checkout", "--quiet", "HEAD", "--", *result.changed, *result.removed, check=False)
    for path in result.added:
        (root / path).unlink(missing_ok=True)
    touched = _names(_git(root, "diff", "--name-only", "-z", "HEAD", "--", *COMMUNE_OWNED, check=False).stdout)
    if touched:
        _git(root, "checkout", "--quiet", "HEAD", "--", *touched, check=False)


def _install_requirements(root: Path, result: Update) -> str:
    """The new release's Python packages, when it changed them; an error line, or ""."""
    if "requirements.txt" not in result.changed + result.added:
        return ""
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if installed.returncode == 0:
        return ""
    return "✗ Không cài được thư viện mà phiên bản mới cần (requirements.txt): kiểm tra mạng rồi chạy make check."


def _migrate(root: Path, result: Update) -> list[str] | None:
    """Run the release's migrations; the files they changed, or None (said, and undone) if one failed."""
    migrated: list[str] = []
    for migration in migrations(root, result.old_version, result.new_version):
        try:
            description, paths = migration.run(root)
        except Exception as error:  # a migration of the new release failed: the commune's site must stay as it was
            restore(root, result)
            print(
                f"✗ Bước chuyển đổi {migration.path.name} của phiên bản {migration.version} bị lỗi ({error!r}).\n"
                f"  Phần mềm và các tệp của xã đã được trả lại như trước (phiên bản {result.old_version}). "
                "Báo lỗi này cho nhóm Tin Xã."
            )
            return None
        print(f"  • Chuyển đổi {migration.version}: {description}" + (f" ({', '.join(paths)})" if paths else ""))
        migrated += paths
    return migrated


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
    try:
        migrated = _migrate(root, result)
        if migrated is None:
            return 1
        commit(root, result, [*result.added, *result.changed, *result.removed, *migrated])
    except (KeyboardInterrupt, ReleaseError, GitError, OSError) as error:  # nothing half-done stays behind
        restore(root, result)
        stopped = "Đã dừng (Ctrl+C)" if isinstance(error, KeyboardInterrupt) else f"Không cập nhật được: {error}"
        print(f"✗ {stopped}. Phần mềm và các tệp của xã đã được trả lại như trước (phiên bản {result.old_version}).")
        return 1
    print(f"✓ Đã cập nhật Tin Xã {result.old_version} → {result.new_version} ({result.tag}, từ {result.source}).")
    for label, paths in (("Thêm", result.added), ("Thay", result.changed), ("Xoá", result.removed)):
        if paths:
            print(f"  {label} {len(paths)} tệp: {', '.join(paths)}")
    if result.kept:
        print(f"  Giữ nguyên {len(result.kept)} tệp xã tự thêm hoặc tự sửa mà bản mới không đổi: {', '.join(result.kept)}")
    if result.overwritten:
        print(
            f"⚠ Xã đã tự sửa {len(result.overwritten)} tệp của phần mềm; các tệp này đã được thay bằng bản mới: "
            f"{', '.join(result.overwritten)}. Bản của xã vẫn còn trong lịch sử: git show HEAD~1:<tệp>."
        )
    if result.notes:
        print("\nNhững gì thay đổi (CHANGELOG.md):\n" + result.notes)
    problem = _install_requirements(root, result)
    if problem:
        print(problem)
        return 1
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
