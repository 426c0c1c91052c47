"""Which files are Tin Xã's and which are the commune's: ``tinxa.manifest`` at the site root.

Updates (``release``) replace exactly the engine's files; a new commune (``newsite``) removes
exactly the sample commune's files. Nothing is ever decided by guessing from a path: a file is
the engine's only when the manifest names it (or a folder holding it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

MANIFEST_FILE = "tinxa.manifest"
ENGINE_SECTION = "phan-mem"
SAMPLE_SECTION = "xa-mau"
# The commune's own: an engine entry here would let an update overwrite an officer's work.
COMMUNE_OWNED = ("posts/", "images/", "docs/", "data/", "files/", "mkdocs.yml")


class ManifestError(ValueError):
    """A manifest that cannot be trusted; the message is for the commune's IT staff."""


@dataclass(frozen=True)
class Manifest:
    engine: tuple[str, ...]  # files, or folders ending in "/"
    sample: tuple[str, ...]  # files of the sample commune

    def engine_files(self, files: Iterable[str]) -> list[str]:
        """Those of ``files`` (paths relative to the root, POSIX) that belong to the engine."""
        return sorted(path for path in files if self.is_engine(path))

    def is_engine(self, path: str) -> bool:
        return any(path == entry or (entry.endswith("/") and path.startswith(entry)) for entry in self.engine)


def parse_manifest(text: str) -> Manifest:
    """Read a manifest: ``[section]`` headings, one path per line, ``#`` comments."""
    sections: dict[str, list[str]] = {ENGINE_SECTION: [], SAMPLE_SECTION: []}
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            if line[1:-1] not in sections:
                raise ManifestError(f"{MANIFEST_FILE}:{number}: mục lạ “{line}”")
            current = sections[line[1:-1]]
            continue
        path = PurePosixPath(line)
        if current is None or path.is_absolute() or ".." in path.parts:
            raise ManifestError(f"{MANIFEST_FILE}:{number}: dòng “{line}” không hợp lệ")
        current.append(line)
    # Case-blind: "Posts/" is posts/ on the disks of Windows and macOS.
    owned = [entry for entry in sections[ENGINE_SECTION] if entry.lower().startswith(COMMUNE_OWNED)]
    if owned:
        raise ManifestError(f"{MANIFEST_FILE}: phần mềm không được ghi đè tệp của xã: {', '.join(owned)}")
    return Manifest(tuple(sections[ENGINE_SECTION]), tuple(sections[SAMPLE_SECTION]))
