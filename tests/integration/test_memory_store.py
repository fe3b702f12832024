"""The in-memory ChatStore (tests/support/memory_store.py) against the database's: the same random conversation
(status changes, dates, extensions, approvals, undos, reopenings, look-ups with their history) answered on
SQLite as the channels answer it and on the memory store. Every reply, every occurrence and every audited
change (who, when, from where, before and after, undone or not) must be the same: the handlers' unit tests
on the memory store test what the database would do."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming, Reply
from bot.core.service import HEAVY, handle, respond, understood
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.changes import TRACKED
from storage.models import Occurrence, StatusChange, Task
from tests.conftest import VN
from tests.support.chat import CHATS, seeded_chat
from tests.support.memory_store import MemoryStore

SPEC = read_plan(BUNDLED_PLAN)
NUMBERS = [task.number for task in SPEC.tasks]
START = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
AUDITED = ("at", "action", "platform", "user_id", "user_name", "chat_id", "message_id", "before", "after", "note",
           "evidence", "undone")


def conversation(rng: random.Random, count: int) -> Iterator[tuple[str, str]]:
    for _ in range(count):
        number = rng.choice(NUMBERS * 2 + ["24", "999"])
        day = START.date() + timedelta(days=rng.randint(-5, 90))
        said = rng.choice([
            f"xong {number}", f"xong {number} đã nộp", f"hoàn tác {number}", f"hoàn tác {number}",
            f"td {number} {rng.choice([10, 50, 100])}%", f"duyệt {number}", f"mở lại {number}",
            f"gia hạn {number} {day:%d/%m/%Y} chờ hướng dẫn", f"hạn {number} {day:%d/%m}", f"kết thúc {number}",
            f"nv {number}", f"nhắc lại {number}", "việc", "quá hạn", "sắp tới 30 ngày", f"xong {number} chưa?"])
        yield rng.choice([*CHATS, "nobody"]), said


def as_channels_do(message: Incoming, sessions: sessionmaker[Session], now: datetime) -> Reply | None:
    reply = respond(message, sessions, now, light_only=True)
    return respond(message, sessions, now) if reply is HEAVY else reply


def in_memory(message: Incoming, store: MemoryStore, now: datetime) -> Reply | None:
    read = understood(message, now)
    return handle(*read, now, store) if isinstance(read, tuple) else read


def stored(sessions: sessionmaker[Session]) -> tuple[list[tuple], list[tuple]]:
    """(task, seq, tracked fields) of every occurrence; (task, seq, audited columns) of every change, in order."""
    with sessions.begin() as session:
        occurrences = session.execute(select(Task.number, Occurrence).join(Occurrence).order_by(Occurrence.id))
        audit = session.execute(select(Task.number, Occurrence.seq, StatusChange).join(Occurrence, Task.occurrences)
                                .join(StatusChange, Occurrence.changes).order_by(StatusChange.id))
        return ([(n, o.seq, *[getattr(o, name) for name in TRACKED]) for n, o in occurrences],
                [(n, seq, *[getattr(c, name) for name in AUDITED]) for n, seq, c in audit])


def remembered(store: MemoryStore) -> tuple[list[tuple], list[tuple]]:
    tasks = {o.id: (t.number, o) for t in store.plans[0].tasks for o in t.occurrences}
    return ([(n, o.seq, *[getattr(o, name) for name in TRACKED]) for n, o in tasks.values()],
            [(tasks[c.occurrence_id][0], c.occurrence.seq, *[getattr(c, name) for name in AUDITED])
             for c in store.changes])


@pytest.mark.parametrize("database_kind", ["sqlite"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_memory_store_answers_and_records_as_the_database_does(sessions, seed: int) -> None:
    confirmation = seed == 2  # units' «xong» waits for the focal point's «duyệt»
    seeded_chat(sessions, START, require_confirmation=confirmation)
    store = MemoryStore()
    plan = store.load(SPEC, START)
    plan.require_confirmation = confirmation
    for code in CHATS:
        store.bind(plan, code, "telegram", f"chat-{code}")
    rng = random.Random(seed)
    now = START
    for index, (unit, said) in enumerate(conversation(rng, 120)):
        now += timedelta(minutes=rng.choice([1, 7, 60, 600, 1440]))
        message = Incoming("telegram", f"chat-{unit}", f"user-{unit}", f"Cán bộ {unit}", said,
                           chat_title=f"Tổ {unit}", message_id=str(index), addressed=True)
        assert in_memory(message, store, now) == as_channels_do(message, sessions, now), \
            f"{said!r} from {unit} at {now:%d/%m %H:%M}"
    assert remembered(store) == stored(sessions)
