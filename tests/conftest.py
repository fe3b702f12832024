"""Shared fixtures: a fixed clock, and databases on SQLite and on a real PostgreSQL server the tests start."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support.postgres import ThrowawayPostgres

_names = itertools.count()


@pytest.fixture
def now() -> datetime:
    """A fixed instant: a working Monday morning in 2026."""
    return datetime(2026, 3, 2, 9, 0, tzinfo=VN)


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty database of each kind the product supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nhacviec.db'}"
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    return server.new_database(f"t{next(_names)}")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
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
