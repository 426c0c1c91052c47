"""Problems found in an officer's files, reported all at once and in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, with what to do about it."""

    file: str
    message: str
    fix: str = ""
    line: int | None = None
    field: str | None = None

    def format(self, mark: str = "✗") -> str:
        """The problem as the officer reads it; ``mark`` is "⚠" for what does not stop the build."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [trường “{self.field}”]" if self.field else ""
        text = f"{mark} {where}{field}: {self.message}"
        return f"{text}\n    → Cách sửa: {self.fix}" if self.fix else text

    def annotation(self, level: str = "warning") -> str:
        """The problem as a GitHub Actions workflow command: shown on the run's summary page and in the file."""
        where = f"file={self.file}" + (f",line={self.line}" if self.line else "")
        text = self.message + (f" → Cách sửa: {self.fix}" if self.fix else "")
        escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} {where}::{escaped}"


class SiteError(Exception):
    """The build cannot go on: carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    files = len({p.file for p in problems})
    heading = f"Không thể dựng trang: có {len(problems)} lỗi trong {files} tệp."
    return "\n".join([heading, *(p.format() for p in problems)])
