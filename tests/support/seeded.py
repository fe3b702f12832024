"""Databases seeded once per worker process and copied for each test: loading a plan costs about half a
CPU-second, a copy of the loaded database a few milliseconds. A copy holds the same rows, ids and sequences
as a database seeded in the test itself, since the seeding is deterministic (its instant is fixed)."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support.postgres import ThrowawayPostgres, worker_prefix

Seed = Callable[[sessionmaker[Session]], object]
_templates: dict[tuple[str, str], str] = {}  # (database kind, key) -> the seeded template: a file or a database
_names = itertools.count()


def _sqlite_template(request: pytest.FixtureRequest, key: str, build: Seed) -> str:
    path = request.getfixturevalue("tmp_path_factory").mktemp(f"seeded-{key}") / "seeded.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)  # migrated once for the worker
    engine = make_engine(f"sqlite:///{path}")
    try:
        build(make_sessions(engine))
    finally:
        engine.dispose()  # the last connection closed: the WAL is folded into the file, which is then whole
    return str(path)


def _postgres_template(server: ThrowawayPostgres, key: str, build: Seed) -> str:
    name = f"seeded_{key}"
    engine = make_engine(server.migrated_database(name))
    try:
        build(make_sessions(engine))
    finally:
        engine.dispose()  # a template must have no connection when it is copied
    return worker_prefix() + name


def seeded_url(request: pytest.FixtureRequest, kind: str, key: str, build: Seed) -> str:
    """A fresh copy of the database `build` seeds (once per worker process, per kind and key), at head."""
    server: ThrowawayPostgres | None = request.getfixturevalue("postgres") if kind == "postgresql" else None
    if (kind, key) not in _templates:
        _templates[kind, key] = (_sqlite_template(request, key, build) if server is None
                                 else _postgres_template(server, key, build))
    template = _templates[kind, key]
    if server is None:
        copy = request.getfixturevalue("tmp_path") / f"{key}-{next(_names)}.db"
        shutil.copyfile(template, copy)
        return f"sqlite:///{copy}"
    name = f"{worker_prefix()}{key}_{next(_names)}"
    server._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return server.url.rsplit("/", 1)[0] + f"/{name}"


def seeded_sessions(request: pytest.FixtureRequest, kind: str, key: str, build: Seed
                    ) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh copy of a seeded database (seeded_url); for a fixture to yield from."""
    engine = make_engine(seeded_url(request, kind, key, build))
    upgrade(engine)  # at head already: as the conftest's `engine` fixture does, a check that it is
    try:
        yield make_sessions(engine)
    finally:
        engine.dispose()

