"""Databases seeded once per worker process and copied for each test, for fixtures: a fresh database of the
kind, at head, holding what `build` wrote (tests/support/seeded_rows.py keeps the rows and copies them).
Loading a plan costs about half a CPU-second, a copy of its rows a few milliseconds; a copy holds the same
rows, ids and sequences as a database seeded in the test itself."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, make_sessions
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
