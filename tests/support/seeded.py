"""Seeded databases for fixtures and tests, each a copy of one seeded once per worker process: the rows are
kept and copied by tests/support/seeded_rows.py, the one way a seeded database is copied here.

- `seeded_url`/`seeded_sessions`: a fresh database of a kind, at head, holding what `build` wrote;
- `seed_copy(url, now)`: the empty database at `url` migrated and seeded as tests/support/chat.seeded_chat
  seeds it at `now`;
- `init_copy(url)`: the empty database at `url` as `nhacviec init` leaves it (the real command, forked from the
  warm parent, ran once per worker; its exit code is checked).

Loading a plan costs half a second to a second per test; copying its rows a few milliseconds, with the same
rows, ids and sequences as a database seeded in the test itself."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support import warm_cli
from tests.support.chat import seeded_chat
from tests.support.seeded_rows import seed_once

Seed = Callable[[sessionmaker[Session]], object]
_names = itertools.count()


def seeded_url(request: pytest.FixtureRequest, kind: str, key: str, build: Seed) -> str:
    """A fresh database, at head, holding what `build` seeds (run once per worker process, per kind and key)."""
    if kind == "sqlite":
        copy = request.getfixturevalue("tmp_path") / f"{key}-{next(_names)}.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)  # migrated once for the worker
        url = f"sqlite:///{copy}"
    else:
        url = request.getfixturevalue("postgres").migrated_database(f"{key}_{next(_names)}")
    engine = make_engine(url)
    try:
        seed_once(engine, ("seeded", key), lambda: build(make_sessions(engine)))
    finally:
        engine.dispose()
    return url


def seeded_sessions(request: pytest.FixtureRequest, kind: str, key: str, build: Seed
                    ) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh seeded database (seeded_url); for a fixture to yield from."""
    engine = make_engine(seeded_url(request, kind, key, build))
    try:
        yield make_sessions(engine)
    finally:
        engine.dispose()


def seed_copy(url: str, now: datetime) -> None:
    """The empty database at `url` migrated, then seeded as seeded_chat seeds it at `now` (rows copied)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        seeded_chat(make_sessions(engine), now)
    finally:
        engine.dispose()


def init_copy(url: str) -> None:
    """The empty database at `url` as `nhacviec init` leaves it: migrated, then the rows of the bundled plan
    that one real `init` of this worker wrote."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        seed_once(engine, ("init",), lambda: _init(url))
    finally:
        engine.dispose()


def _init(url: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": "",
               "NHACVIEC_TODAY": "", "NHACVIEC_FILES_DIR": f"{folder}/files", "NHACVIEC_BACKUP_DIR": f"{folder}/backups"}
        done = warm_cli.nhacviec("init", env=env, cwd=Path(folder))
    assert done.returncode == 0, done.stderr
