"""A small checker: every relative link, image and stylesheet in a built site points to a file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.targets.append(value)
            elif name == "srcset":
                self.targets.extend(part.strip().split(" ")[0] for part in value.split(","))


def broken_links(site_dir: Path, base_path: str = "/") -> list[str]:
    """Relative targets resolve from the page; absolute ones ("/repo/...") from ``base_path``."""
    broken = []
    for page in sorted(site_dir.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith("#"):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(f"{page.relative_to(site_dir)} -> {target} (outside {base_path})")
                    continue
                resolved = site_dir / path[len(base_path) :]
            else:
                resolved = page.parent / path
            if path.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.resolve().is_file():
                broken.append(f"{page.relative_to(site_dir)} -> {target}")
    return broken
