"""Shared fixtures: a fixed clock, and databases on SQLite and on a real PostgreSQL server the tests start.

The session's shared folder (NHACVIEC_TEST_SHARED) is made by the process that starts the session, before
pytest-xdist starts its workers, and removed after them: the one PostgreSQL server lives there.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support.postgres import ThrowawayPostgres, shared_server, stop_shared_server

_names = itertools.count()
SHARED = "NHACVIEC_TEST_SHARED"


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the session's first process, not an xdist worker
        os.environ[SHARED] = tempfile.mkdtemp(prefix="nhacviec-tests-")


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and os.environ.get(SHARED):
        shared = Path(os.environ.pop(SHARED))
        stop_shared_server(shared)
        shutil.rmtree(shared, ignore_errors=True)


@pytest.fixture
def now() -> datetime:
    """A fixed instant: a working Monday morning in 2026."""
    return datetime(2026, 3, 2, 9, 0, tzinfo=VN)


@pytest.fixture(scope="session")
def postgres() -> ThrowawayPostgres:
    """The session's one server (every xdist worker's), stopped by pytest_unconfigure."""
    return shared_server(Path(os.environ[SHARED]))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Each kind of database the product supports."""
    return request.param


@pytest.fixture
def database_url(database_kind: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty database of each kind the product supports."""
    if database_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'nhacviec.db'}"
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    url = server.new_database(f"t{next(_names)}")
    request.addfinalizer(lambda: server.drop_database(url))
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once for the worker, copied for each test that wants a migrated database."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(database_kind: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database at the schema's head: the test's own `database_url` migrated when it names one (it then
    sees that database), otherwise a copy of a template migrated once (the same schema, made faster)."""
    if "database_url" in request.fixturenames:
        engine = make_engine(request.getfixturevalue("database_url"))
        upgrade(engine)
    elif database_kind == "sqlite":  # a copy is at head already: migrating it again would only check so
        copy = tmp_path / "nhacviec.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)
        engine = make_engine(f"sqlite:///{copy}")
    else:
        server: ThrowawayPostgres = request.getfixturevalue("postgres")
        url = server.migrated_database(f"m{next(_names)}")
        request.addfinalizer(lambda: server.drop_database(url))
        engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessions(engine)


@pytest.fixture(scope="module")
def sqlite_chat(tmp_path_factory: pytest.TempPathFactory):
    """A seeded SQLite chat shared by a module's property tests (each example adds to it)."""
    from tests.support.chat import seeded_chat

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('chat') / 'chat.db'}")
    upgrade(engine)
    yield seeded_chat(make_sessions(engine), datetime(2026, 3, 2, 9, 0, tzinfo=VN))
    engine.dispose()
