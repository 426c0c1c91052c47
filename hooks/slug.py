"""ASCII URL slugs from Vietnamese text ("Đảng ủy" -> "dang-uy")."""

from __future__ import annotations

import re

from hooks.text import fold

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by "-"; empty when ``text`` has no Latin letter or digit."""
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


def heading_id(value: str, separator: str = "-") -> str:
    """Anchor ids for headings (Markdown's ``toc`` slugify hook): "Điều kiện" -> "dieu-kien"."""
    return slugify(value).replace("-", separator)
