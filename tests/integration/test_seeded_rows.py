"""The seeded database copied row for row (tests/support/seeded_rows.py) is the database the seed writes: every
row of every table the same, and the next row of each table gets the id it would have got."""

from __future__ import annotations

import itertools
import shutil
from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.invites import bind_directly
from storage.models import Base, StatusChange
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import Chat, seeded_chat
from tests.support.seeded_rows import seed_once

_names = itertools.count()


def fresh(database_kind: str, request: pytest.FixtureRequest, tmp_path) -> Engine:
    if database_kind == "sqlite":
        copy = tmp_path / f"copy{next(_names)}.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), copy)
        return make_engine(f"sqlite:///{copy}")
    return make_engine(request.getfixturevalue("postgres").migrated_database(f"seeded{next(_names)}"))


def contents(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {table.name: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{table.name}"'))), key=repr)
                for table in Base.metadata.sorted_tables}


def next_ids(engine: Engine, now: datetime) -> tuple[int, int]:
    """The ids the next rows get: a chat bound (a table the seed wrote to), a change recorded (one it did not)."""
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        binding = bind_directly(session, unit_by_code(session, pick_plan(session).id, "kt"), "telegram", "chat-new",
                                "Nhóm mới", now)
        session.flush()
        bound = binding.id
    chat = Chat(sessions, now)
    chat.say("hcc", "xong 17")
    with sessions.begin() as session:
        return bound, max(change.id for change in session.query(StatusChange))


def test_a_copied_seed_is_the_seed_row_for_row(database_kind: str, request: pytest.FixtureRequest, tmp_path) -> None:
    now = datetime(2026, 5, 4, 10, 17, tzinfo=VN)  # a key no other test uses: the first call seeds
    key = ("test", now)
    seeded, copied = fresh(database_kind, request, tmp_path), fresh(database_kind, request, tmp_path)
    calls = []
    for engine in (seeded, copied):
        seed_once(engine, key, lambda engine=engine: (calls.append(engine), seeded_chat(make_sessions(engine), now)))
    assert calls == [seeded]  # the second database was not seeded, it was copied
    assert contents(copied) == contents(seeded)
    assert any(contents(seeded).values())
    assert next_ids(copied, now) == next_ids(seeded, now)
    for engine in (seeded, copied):
        engine.dispose()


def test_a_database_that_is_not_empty_is_seeded_as_before(database_kind: str, request: pytest.FixtureRequest,
                                                          tmp_path) -> None:
    now = datetime(2026, 5, 4, 10, 18, tzinfo=VN)
    engine = fresh(database_kind, request, tmp_path)
    seeded_chat(make_sessions(engine), now)  # the plan is there already
    calls = []
    seed_once(engine, ("test", now), lambda: calls.append(1))
    assert calls == [1]
    engine.dispose()
