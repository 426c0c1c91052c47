"""The pre-commit hook's plan: no photo outside the intake rule enters a commit made on a computer.

It judges what is staged, not what is on disk: an officer may run `git add`, then `make anh`,
then commit. A staged photo that is on disk as staged is shrunk there and staged again; one
whose master is already on disk has that master staged; anything else stops the commit with
what to do. Posts that follow a renamed photo are staged only when the rename is their only
change, so text the officer did not stage never rides along.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hooks import intake
from hooks.git import git as run_git
from hooks.git import names as _names
from hooks.images import PhotoError
from hooks.photos import PHOTO_SUFFIXES
from hooks.settings import Settings


def git(root: Path, *args: str) -> bytes:
    return run_git(root, *args).stdout


@dataclass
class StagedPhotos:
    """What the commit being made holds that is not a master, and what to do about each."""

    shrink: list[Path] = field(default_factory=list)  # on disk as staged: make the master there
    stage: list[str] = field(default_factory=list)  # a master is on disk already: stage it
    problems: list[str] = field(default_factory=list)  # Vietnamese lines: the commit stops

    @property
    def empty(self) -> bool:
        return not (self.shrink or self.stage or self.problems)


def plan(settings: Settings) -> StagedPhotos:
    root = settings.root
    staged = [
        name
        for name in _names(
            git(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", settings.images_dir, settings.docs_dir)
        )
        if Path(name).suffix.lower() in PHOTO_SUFFIXES and not Path(name).name.startswith(".")
    ]
    result = StagedPhotos()
    if not staged:
        return result
    changed_since = set(_names(git(root, "diff", "--name-only", "-z", "--", *staged)))
    for name in staged:
        on_disk = root / name
        try:
            if _is_master(settings, name, changed_since, keep_format=name.startswith(f"{settings.docs_dir}/")):
                continue
        except PhotoError as error:
            result.problems.append(f"✗ {error}\n    → Cách sửa: {error.fix}")
            continue
        in_docs = name.startswith(f"{settings.docs_dir}/")
        if name not in changed_since:
            result.shrink.append(on_disk)
        elif on_disk.is_file() and _master_on_disk(on_disk, settings.photo_max_side, name, in_docs):
            result.stage.append(name)
        else:
            result.problems.append(
                f"✗ ảnh “{name}” đã đổi (hoặc đổi tên, xoá) sau khi git add, bản sắp commit chưa thu nhỏ\n"
                "    → Cách sửa: chạy make anh, rồi git add -A images posts và commit lại"
            )
    if (result.shrink or result.stage) and _partial_commit():
        result.problems.append(
            "✗ commit kèm tên tệp (git commit <tệp>) không thu nhỏ ảnh được\n"
            "    → Cách sửa: chạy make anh, git add các tệp cần đưa lên, rồi git commit (không ghi tên tệp)"
        )
    return result


def _is_master(settings: Settings, name: str, changed_since: set[str], *, keep_format: bool) -> bool:
    """Whether the staged version of ``name`` is a master (read from disk when it is the same)."""
    if name not in changed_since:
        return intake.inspect(settings.root / name, settings.photo_max_side, name, keep_format=keep_format).is_master
    with tempfile.TemporaryDirectory() as folder:
        staged = Path(folder) / Path(name).name
        staged.write_bytes(git(settings.root, "show", f":{name}"))
        return intake.inspect(staged, settings.photo_max_side, name, keep_format=keep_format).is_master


def _master_on_disk(path: Path, max_side: int, name: str, in_docs: bool) -> bool:
    try:
        return intake.inspect(path, max_side, name, keep_format=in_docs).is_master
    except PhotoError:
        return False  # broken since it was staged: the commit stops with what to do


def _partial_commit() -> bool:
    """`git commit <paths>` commits a temporary index: what the hook stages there is lost after."""
    return Path(os.environ.get("GIT_INDEX_FILE", "index")).name.startswith("next-index")


def stage(settings: Settings, report: intake.IntakeReport, planned: StagedPhotos, unstaged_before: set[str]) -> list[str]:
    """Stage the masters, renames and the posts that follow them; or, if any post cannot be staged
    as it is, nothing at all (a half-staged rename would commit a post naming a photo not there)."""
    root = settings.root
    photos = [o.name for o in report.changed] + list(report.renames.values()) + planned.stage
    problems, posts = [], []
    for name in report.edited:
        if name in unstaged_before:
            problems.append(
                f"✗ “{name}” đã được sửa theo tên ảnh mới nhưng còn có thay đổi khác chưa git add\n"
                f"    → Cách sửa: xem lại “{name}”, rồi git add -A {settings.images_dir} {name} và commit lại"
            )
        elif git(root, "ls-files", "-z", "--", name):
            posts.append(name)
        # An untracked post is not in this commit: the rename stays on disk for when it is added.
    if (photos or posts) and not problems:
        git(root, "add", "-A", "--", *photos, *posts)
    return problems


def unstaged_files(settings: Settings) -> set[str]:
    """Tracked files under posts/, images/ and docs/ whose working copy differs from what is staged."""
    folders = (settings.posts_dir, settings.images_dir, settings.docs_dir)
    return set(_names(git(settings.root, "diff", "--name-only", "-z", "--", *folders)))
