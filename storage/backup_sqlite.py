"""A SQLite copy with its manifest, and the checks a copy passes before it may replace a live database.

Every check runs on a private scratch copy of the file, opened with trusted_schema=OFF, so nothing of the
live database is touched until the copy has passed them all, and the file checked is the file installed.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.backup_error import BackupError
from storage.manifest import Manifest, check, embed, embedded, read_sidecar, sqlite_manifest, write_sidecar
from storage.revisions import shown
from storage.schema import (
    MANIFEST_TABLE,
    head_revision,
    known_revisions,
    sqlite_problems,
    sqlite_revision,
)


@dataclass(frozen=True)
class Verified:
    revision: str
    manifest: bool  # False: an older copy without one, accepted on its structure alone


def open_untrusted(path: Path) -> sqlite3.Connection:
    """A connection on which the schema's own SQL may not call functions with side effects."""
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute("PRAGMA trusted_schema=OFF")  # before anything reads the schema
    connection.execute("PRAGMA foreign_keys=OFF")  # dropping the manifest table must cascade nothing
    return connection


def copy_pages(source: Path, target: Path) -> None:
    """The online backup API: every page under one read transaction, so one consistent state."""
    if not source.exists():
        raise BackupError("unreadable", file=str(source), error="không có tệp")
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup_sqlite(live: Path, out: Path) -> Manifest:
    """A copy of `live` at `out` carrying its manifest inside, and the same manifest beside it."""
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    copy_pages(live, partial)
    connection = open_untrusted(partial)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        manifest = sqlite_manifest(connection, sqlite_revision(connection) or "")
        embed(connection, manifest)
    finally:
        connection.close()
    partial.replace(out)  # a copy cut short never takes the name of a finished one
    write_sidecar(out, manifest)
    return manifest


def verify_sqlite(source: Path, scratch: Path) -> Verified:
    """Copies `source` to `scratch` and checks it; on success the scratch copy is ready to install (its
    manifest table dropped). BackupError says what failed; the live database was never opened."""
    shutil.copyfile(source, scratch)
    origin, connection = str(source), None
    try:
        connection = open_untrusted(scratch)
        _integrity(connection, origin)
        revision = _revision(connection, origin)
        if problems := sqlite_problems(connection, revision, manifest_allowed=True):
            raise BackupError("schema", problems, file=origin)
        _foreign_keys(connection, origin)
        manifest = _manifest(connection, source)
        if manifest is not None:
            check(manifest, sqlite_manifest(connection, revision), origin)
        connection.execute(f"DROP TABLE IF EXISTS {MANIFEST_TABLE}")
    except sqlite3.DatabaseError:  # not a database, malformed schema, text that cannot be read
        raise BackupError("corrupt", file=origin) from None
    finally:
        if connection is not None:
            connection.close()
    return Verified(revision, manifest is not None)


def _integrity(connection: sqlite3.Connection, origin: str) -> None:
    if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        raise BackupError("corrupt", file=origin)


def _revision(connection: sqlite3.Connection, origin: str) -> str:
    """The copy's schema revision, which this code must know; a copy without one is judged by its
    structure against the newest schema, so that what it lacks is named."""
    revision = sqlite_revision(connection)
    if revision is None:
        problems = sqlite_problems(connection, head_revision(), manifest_allowed=True)
        raise BackupError("schema", problems, file=origin) if problems else BackupError("no_revision", file=origin)
    if revision not in known_revisions():
        raise BackupError("unknown_revision", file=origin, revision=shown(revision), head=head_revision())
    return revision


def _foreign_keys(connection: sqlite3.Connection, origin: str) -> None:
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = ", ".join(sorted({str(row[0]) for row in broken}))
        raise BackupError("foreign_keys", file=origin, count=str(len(broken)), tables=tables)


def _manifest(connection: sqlite3.Connection, source: Path) -> Manifest | None:
    """The manifest inside the copy and the one beside it must agree; either alone is enough."""
    inside, beside = embedded(connection, str(source)), read_sidecar(source)
    if inside is not None and beside is not None and inside != beside:
        raise BackupError("manifest_differs", file=str(source))
    return inside or beside

