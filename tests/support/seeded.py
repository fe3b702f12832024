"""An empty database filled with a copy of one migrated and seeded once per test process (the bundled plan,
a chat bound to every unit: tests/support/chat.seeded_chat), instead of migrating and loading it again.

Migrating and loading the plan costs a second or more per test; copying the file (SQLite) or cloning the
database (PostgreSQL's CREATE DATABASE … TEMPLATE) gives the same rows and schema in a few milliseconds.
The copy is made at the same instant `now`, so its rows are those seeded_chat would have written."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support.chat import seeded_chat
from tests.support.postgres import worker_prefix

_made: dict[tuple[str, datetime], str] = {}  # (kind, now) -> the seeded original's URL
_folder: Path | None = None


def seed_copy(url: str, now: datetime) -> None:
    """Fill the empty database at `url` (nobody connected to it) with the migrated, seeded one for `now`."""
    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    original = _made.get((kind, now)) or _make(kind, url, now)
    if kind == "sqlite":
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


def _make(kind: str, like: str, now: datetime) -> str:
    """The original, seeded as the tests did it: migrated, then seeded_chat at `now`; no connection left open
    (PostgreSQL copies a template nobody is connected to; SQLite's last close folds its WAL into the file)."""
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
    engine = make_engine(url)
    try:
        upgrade(engine)
        seeded_chat(make_sessions(engine), now)
    finally:
        engine.dispose()
    _made[(kind, now)] = url
    return url
