"""Consistent copies of the database while the bot runs, and putting one back only once it is checked.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the pages under one read transaction,
so a copy taken during writes holds each transaction whole or not at all; the copy is a SQLite file with
its manifest inside and beside it (storage.backup_sqlite, storage.manifest).
PostgreSQL: `pg_dump --format=custom` of one snapshot, its manifest beside it, and a restore checked in a
scratch database first (storage.backup_pg); both tools must be installed (package postgresql-client, the
same major version as the server).

A restore is refused, with nothing written, when the copy is not whole, holds anything the migrations do
not make (a trigger, a view, an index, a table), lacks what they make, has a revision this code does not
know, or differs from its manifest.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from storage.backup_error import BackupError
from storage.manifest import sidecar, write_sidecar

__all__ = ["BackupError", "Copy", "backup", "copy_kind", "filled_tables", "restore"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
KEPT_TABLES = {"alembic_version"}


@dataclass(frozen=True)
class Copy:
    path: Path
    kind: str  # sqlite | postgresql
    size: int
    manifest: Path | None = None  # the manifest beside the copy; on restore, None for an old copy without one
    revision: str = ""


def backup(url: str, out: Path) -> Copy:
    """A consistent copy of the database at `url` written to `out` (replaced if it exists), with its manifest
    at `out`.manifest.json."""
    from storage.backup_pg import backup_postgres
    from storage.backup_sqlite import backup_sqlite

    parsed = make_url(url)
    out.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        manifest, kind = backup_sqlite(_sqlite_path(parsed), out), "sqlite"
    elif parsed.get_backend_name() == "postgresql":
        manifest, kind = backup_postgres(parsed, out), "postgresql"
        write_sidecar(out, manifest)
    else:
        raise BackupError("unsupported", backend=parsed.get_backend_name())
    return Copy(out, kind, out.stat().st_size, sidecar(out), manifest.revision)


def restore(url: str, source: Path, engine: Engine, force: bool = False) -> Copy:
    """Checks the copy in `source`, then puts it into the database at `url`; refuses a database with rows
    unless `force`. Any refusal (BackupError) comes before the first write to the live database."""
    from storage.backup_pg import restore_postgres
    from storage.backup_sqlite import copy_pages, verify_sqlite
    from storage.pg_tools import replace_public

    parsed = make_url(url)
    kind = copy_kind(source)
    backend = parsed.get_backend_name()
    if kind != backend:
        raise BackupError("wrong_kind", file=str(source), kind=kind, backend=backend)
    live = _sqlite_path(parsed) if kind == "sqlite" else None
    with tempfile.TemporaryDirectory(prefix="nhacviec-khoiphuc-") as folder:
        if live is not None:
            verified = verify_sqlite(source, Path(folder) / "kiemtra.db")
            revision, with_manifest = verified.revision, verified.manifest
        else:
            checked, revision, with_manifest = restore_postgres(parsed, source, Path(folder))
        if not force and (live is None or live.exists()) and (filled := filled_tables(engine)):
            raise BackupError("not_empty", tables=", ".join(filled))
        engine.dispose()  # no pooled connection may hold the old database open
        if live is not None:
            copy_pages(Path(folder) / "kiemtra.db", live)
        else:
            replace_public(parsed, checked)
    return Copy(source, kind, source.stat().st_size, sidecar(source) if with_manifest else None, revision)


def copy_kind(path: Path) -> str:
    """sqlite or postgresql, from the file's first bytes (what follows them is checked by restore)."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError("missing", file=str(path)) from None
    except IsADirectoryError:
        raise BackupError("folder", file=str(path)) from None
    except PermissionError:
        raise BackupError("not_allowed", file=str(path)) from None
    except OSError as problem:
        raise BackupError("unreadable", file=str(path), error=problem.strerror or str(problem)) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError("not_a_copy", file=str(path))


def filled_tables(engine: Engine) -> list[str]:
    """The tables that hold at least one row (Alembic's own bookkeeping aside)."""
    with engine.connect() as connection:
        names = [n for n in inspect(connection).get_table_names() if n not in KEPT_TABLES]
        return [n for n in sorted(names)
                if connection.execute(select(text("1")).select_from(text(f'"{n}"')).limit(1)).first()]


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("unsupported", backend=f"sqlite {url.database or ':memory:'}")
    return Path(url.database)
