"""Migrations: what a release changes in a commune's own files when a format changes.

A release that renames a front matter field, moves a data file or changes ``mkdocs.yml``'s form
ships a module here named ``v<major>_<minor>_<patch>_<what>.py`` with::

    DESCRIPTION = "Vietnamese sentence for the commune's IT staff"

    def migrate(root: Path) -> list[str]:
        ...  # rewrite files (through a temporary file, renamed when complete); return the paths changed

``make cap-nhat`` runs, oldest first, those newer than the version it updates from, after the
new engine is in place; the changed files go into the update's commit. A migration uses only the
standard library and PyYAML: the process that runs it still holds the previous release's
``hooks`` modules. It writes through a temporary file renamed over the target when complete.
"""
