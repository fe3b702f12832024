"""A schema revision the code does not know, and how to print one that came from a file or a database.
Kept apart from storage.migrate so that catching it does not load Alembic."""

from __future__ import annotations


class UnknownRevision(Exception):
    """The database records a revision this code has no migration for: made by a newer version, or edited."""

    def __init__(self, revision: str, head: str) -> None:
        super().__init__(f"unknown revision {revision!r} (head {head})")
        self.revision, self.head = revision, head


def shown(value: str, limit: int = 40) -> str:
    """A value read from a file or a database, fit to be printed: printable characters only, cut short."""
    clean = "".join(c if c.isprintable() else "?" for c in value)
    return clean if len(clean) <= limit else clean[:limit] + "…"
