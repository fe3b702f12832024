"""An empty database filled with a copy of one made once per test process, instead of migrating and loading
the bundled plan again in each test: seeded as tests/support/chat.seeded_chat seeds it (`seed_copy`), or as
`nhacviec init` leaves it (`init_copy`).

Migrating and loading the plan costs half a second to a second and more per test; copying the file (SQLite)
or cloning the database (PostgreSQL's CREATE DATABASE … TEMPLATE) gives the same rows and schema in a few
milliseconds. A seeded copy is made at the same instant `now`, so its rows are those seeded_chat would have
written; an initialised one by the real command (forked from the warm parent), whose check it keeps."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support import warm_cli
from tests.support.chat import seeded_chat
from tests.support.postgres import worker_prefix

_made: dict[tuple[str, datetime | None], str] = {}  # (kind, now; None: by init) -> the original's URL
_folder: Path | None = None


def seed_copy(url: str, now: datetime) -> None:
    """Fill the empty database at `url` (nobody connected to it) with the migrated, seeded one for `now`."""
    _copy(_made.get((_kind(url), now)) or _make(_kind(url), url, now), url)


def init_copy(url: str) -> None:
    """Fill the empty database at `url` (nobody connected to it) with one `nhacviec init` made."""
    _copy(_made.get((_kind(url), None)) or _make(_kind(url), url, None), url)


def _kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _copy(original: str, url: str) -> None:
    if url.startswith("sqlite"):
        shutil.copyfile(original.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
        return
    source, target = sa.engine.make_url(original), sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}" TEMPLATE "{source.database}"'))
    finally:
        admin.dispose()


def _make(kind: str, like: str, now: datetime | None) -> str:
    """The original, made as the tests did it: migrated, then seeded_chat at `now`, or by `nhacviec init`; no
    connection left open (PostgreSQL copies a template nobody is connected to; SQLite's last close folds its
    WAL into the file, which is then copied alone)."""
    global _folder
    if kind == "sqlite":
        if _folder is None:
            _folder = Path(tempfile.mkdtemp(prefix="nhacviec-seeded-"))
            atexit.register(shutil.rmtree, _folder, True)
        url = f"sqlite:///{_folder / f'seeded-{len(_made)}.db'}"
    else:
        name = f"{worker_prefix()}seeded_{len(_made)}"
        parsed = sa.engine.make_url(like)
        admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        url = parsed.set(database=name).render_as_string(hide_password=False)
    if now is None:
        env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": ""}
        done = warm_cli.nhacviec("init", env=env, cwd=_folder or Path(tempfile.gettempdir()))
        assert done.returncode == 0, done.stderr
    else:
        engine = make_engine(url)
        try:
            upgrade(engine)
            seeded_chat(make_sessions(engine), now)
        finally:
            engine.dispose()
    if kind == "sqlite":
        last = sqlite3.connect(url.removeprefix("sqlite:///"))  # the last connection folds the WAL in on closing
        last.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        last.close()
        assert not Path(url.removeprefix("sqlite:///") + "-wal").exists()
    _made[(kind, now)] = url
    return url
