"""Running git for the commands that need it (the pre-commit hook, updates, the workflow's commit).

One place for how git is called: no prompt for a password (a wrong address fails instead of
waiting), a time limit, NUL-separated names, and failures said in Vietnamese.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TIMEOUT = 300  # seconds: fetching a release over a rural connection


class GitError(Exception):
    """git is missing or did not answer in time; the message is for the officer."""


def git(root: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    quiet = {**os.environ, **(env or {}), "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=check, timeout=TIMEOUT, env=quiet)
    except FileNotFoundError:
        raise GitError("máy chưa cài git: cài git (https://git-scm.com) rồi chạy lại") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git chạy quá {TIMEOUT} giây (mạng chậm?): chạy lại sau") from None


def names(output: bytes) -> list[str]:
    """Paths from git's ``-z`` output."""
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def identity(name: str, email: str) -> dict[str, str]:
    """Environment naming the author and committer of a commit made by a tool."""
    return {f"GIT_{who}_{key}": value for who in ("AUTHOR", "COMMITTER") for key, value in (("NAME", name), ("EMAIL", email))}
