"""Consistent copies of the database while the bot runs, and putting one back.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the pages under one read transaction,
so a copy taken during writes holds each transaction whole or not at all; the copy is a SQLite file.
PostgreSQL: `pg_dump --format=custom` (one snapshot) and `pg_restore --clean`; both must be installed
(package postgresql-client, the same major version as the server). The password goes to them through
the environment (PGPASSWORD), never on the command line, where `ps` would show it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
KEPT_TABLES = {"alembic_version"}


class BackupError(Exception):
    """Why a backup or a restore was not done: `reason` is a key of the CLI's texts, `details` fill it in."""

    def __init__(self, reason: str, **details: str) -> None:
        super().__init__(f"{reason}: {details}")
        self.reason, self.details = reason, details


@dataclass(frozen=True)
class Copy:
    path: Path
    kind: str  # sqlite | postgresql
    size: int


def backup(url: str, out: Path) -> Copy:
    """A consistent copy of the database at `url` written to `out` (replaced if it exists)."""
    parsed = make_url(url)
    out.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_path(parsed), out)
        kind = "sqlite"
    elif parsed.get_backend_name() == "postgresql":
        partial = out.with_name(out.name + ".partial")
        _run_pg("pg_dump", parsed, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}")
        partial.replace(out)  # a dump cut short never takes the name of a finished one
        kind = "postgresql"
    else:
        raise BackupError("unsupported", backend=parsed.get_backend_name())
    return Copy(out, kind, out.stat().st_size)


def restore(url: str, source: Path, engine: Engine, force: bool = False) -> Copy:
    """Puts the copy in `source` into the database at `url`; refuses a database with rows unless `force`."""
    parsed = make_url(url)
    kind = copy_kind(source)
    backend = parsed.get_backend_name()
    if kind != backend:
        raise BackupError("wrong_kind", file=str(source), kind=kind, backend=backend)
    if not force and (filled := filled_tables(engine)):
        raise BackupError("not_empty", tables=", ".join(filled))
    engine.dispose()  # no pooled connection may hold the old database open
    if kind == "sqlite":
        _sqlite_backup(source, _sqlite_path(parsed))
    else:
        _run_pg("pg_restore", parsed, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                "--single-transaction", "--exit-on-error", str(source), database_flag=True)
    return Copy(source, kind, source.stat().st_size)


def copy_kind(path: Path) -> str:
    """sqlite or postgresql, from the file's first bytes."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
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


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError("unreadable", file=str(source), error="không có tệp")
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, so one consistent state
    finally:
        dst.close()
        src.close()


def _run_pg(program: str, url: URL, *args: str, database_flag: bool = False) -> None:
    found = shutil.which(program)
    if found is None:
        raise BackupError("no_tool", program=program)
    env = {**os.environ, "PGHOST": url.host or "", "PGPORT": str(url.port or 5432), "PGUSER": url.username or "",
           "PGDATABASE": url.database or ""}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [found, *args]
    if database_flag:
        command.insert(1, f"--dbname={url.database}")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        error = done.stderr.strip()[-500:]
        if url.password:
            error = error.replace(str(url.password), "***")
        raise BackupError("tool_failed", program=program, error=error)
