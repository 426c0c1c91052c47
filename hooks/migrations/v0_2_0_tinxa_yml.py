"""0.2.0: mkdocs.yml inherits Tin Xã's base configuration; the officers' guide leaves docs/.

Before 0.2.0 a commune's mkdocs.yml held everything. It now starts with ``INHERIT: tinxa.yml``
and loses the top-level blocks that only repeat the base (hooks, plugins, extensions, styles),
so later releases can change them; everything else, comments included, stays as the commune
wrote it. The guide's pages move to the engine's ``huong-dan/``: copies in ``docs/huong-dan/``
identical to the 0.1.0 guide are removed, edited ones are kept (they then take precedence).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

DESCRIPTION = "mkdocs.yml kế thừa cấu hình chung tinxa.yml; hướng dẫn cán bộ chuyển sang huong-dan/"
# Blocks that were the same in every commune's mkdocs.yml and now live in tinxa.yml.
BASE_BLOCKS = ("hooks", "plugins", "markdown_extensions", "extra_css")
GUIDE_0_1_0 = {
    "anh.md": "79f8f80a05b1f3b2eaa2db865b5e6e530890858058ae5bd8bdcaa2efdfe99c70",
    "dang-bai.md": "40bc942f5b676cc0ab057a322833f4535ab9ea627bdeada0c9b314f0bd860f86",
    "index.md": "3e0e682fa626e203e182daa3aae784a78f69b7882944dec8443dbbff864ec47e",
    "loi-thuong-gap.md": "8e2faf54c545d38261bcf41c267f258808de2cec0400c33ab58e2c8c7109b32b",
    "nhap-va-hen-gio.md": "b6361e850a6bfa7c9663af4a9f16db865604bc19b0007714fee965756af85843",
    "soan-tren-web.md": "c52d893f11ae4da33af747c5152da6d62ab2e88518e09e1670f1d0f5c196582f",
    "viet-bai.md": "dc8b4fcf4b1fcbe595f462181d3dc392dbcfcd0a7eca513945efbbecd00b71ca",
}
_TOP_LEVEL = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """Reads tags such as !ENV as plain values: only the shape of the file matters here."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def migrate(root: Path) -> list[str]:
    changed = []
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if not re.search(r"^INHERIT\s*:", text, re.MULTILINE):
        base = yaml.load((root / "tinxa.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
        _replace(config, "INHERIT: tinxa.yml\n" + _without_repeats(text, base))
        changed.append("mkdocs.yml")
    guide = root / "docs" / "huong-dan"
    for name, digest in GUIDE_0_1_0.items():
        page = guide / name
        if page.is_file() and hashlib.sha256(page.read_bytes()).hexdigest() == digest:
            page.unlink()
            changed.append(f"docs/huong-dan/{name}")
    if guide.is_dir() and not any(guide.iterdir()):
        guide.rmdir()
    return changed


def _without_repeats(text: str, base: dict[str, Any]) -> str:
    """``text`` without the top-level blocks whose value equals the base's."""
    own = yaml.load(text, Loader=_Loader) or {}
    # A block ends where the comments introducing the next key begin.
    starts = [(_comments_start(text, match.start()), match[1]) for match in _TOP_LEVEL.finditer(text)]
    kept, previous = [], 0
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        if key in BASE_BLOCKS and key in base and own.get(key) == base[key]:
            kept.append(text[previous:start])
            previous = end
    kept.append(text[previous:])
    return "".join(kept)


def _comments_start(text: str, start: int) -> int:
    """Where the run of comment (and blank) lines right above ``start`` begins."""
    lines = text[:start].splitlines(keepends=True)
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        start -= len(lines.pop())
    return start


def _replace(path: Path, text: str) -> None:
    """Write ``text`` through a temporary file renamed over ``path`` once complete."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)
