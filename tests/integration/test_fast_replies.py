"""The status commands' fast path (storage.connection_store.ConnectionStore) against the Session's: the same
random conversation on two copies of one database, one answered as the channels answer it (status commands
on one Connection, inline) and one with every command on the Session. Every reply and every row of the
occurrences, the audit trail, the reminders and the bindings must be the same, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.core import actions, service, texts
from bot.core.access import OFF, Access
from bot.core.context import Incoming, Reply
from bot.core.registry import parse
from bot.core.service import HEAVY, respond
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage import bindings
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.queries import migrate_chat
from tests.conftest import VN
from tests.support.chat import CHATS, Chat, seeded_chat
from tests.support.seeded import seeded_url

SPEC = read_plan(BUNDLED_PLAN)
NUMBERS = [task.number for task in SPEC.tasks]
HEADINGS = sorted({n.split(".")[0] for n in NUMBERS if "." in n})  # "24" names 24.1 and 24.2
NOTES = ("", " đã nộp", " đã gửi Báo cáo số 12/BC-UBND ngày 05/3", " 100%_xong /ok")
START = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
TABLES = {"occurrences": "*", "status_changes": "*, evidence IS NULL AS no_evidence", "reminders": "*",
          "chat_bindings": "*"}


@pytest.fixture(params=["sqlite", "postgresql"])
def twins(request: pytest.FixtureRequest) -> Iterator[Callable[[bool], tuple[sessionmaker[Session], ...]]]:
    """Two databases of one kind, each the seed plan with a chat for every unit (seeded_chat on START): copies
    of one seeded once per worker for each setting of require_confirmation, as seeding each costs more than
    the copy."""
    engines: list[Engine] = []

    def make(require_confirmation: bool = False) -> tuple[sessionmaker[Session], ...]:
        made = [make_engine(seeded_copy(request, request.param, require_confirmation)) for _ in ("old", "new")]
        engines.extend(made)
        return tuple(make_sessions(engine) for engine in made)

    yield make
    for engine in engines:
        engine.dispose()


def seeded_copy(request: pytest.FixtureRequest, kind: str = "sqlite", require_confirmation: bool = False) -> str:
    """A fresh database, at head, that seeded_chat(…, START) made: a copy of one seeded once per worker."""
    return seeded_url(request, kind, f"fast_chat_{int(require_confirmation)}",
                      lambda sessions: seeded_chat(sessions, START, require_confirmation=require_confirmation))


def conversation(rng: random.Random, count: int) -> Iterator[tuple[str, str, bool, dict | None]]:
    """(chat's unit, text, addressed, evidence): status commands on own and other units' tasks, headings,
    unknown numbers, notes, a file as evidence, report-shaped group talk, reports in doubt (asked about)
    and numbers in forms this plan does not use ("2.4")."""
    for _ in range(count):
        number = rng.choice(NUMBERS * 3 + HEADINGS + ["999", "0"])
        note = rng.choice(NOTES)
        day = START.date() + timedelta(days=rng.randint(-5, 120))
        said = rng.choice([
            f"xong {number}{note}", f"xong {number}", f"hoàn tác {number}", f"hoàn tác {number}",
            f"td {number} {rng.choice([0, 30, 50, 100])}%{note}", f"duyệt {number}",
            f"gia hạn {number} {day:%d/%m/%Y} chờ hướng dẫn", f"xong {number} {rng.choice(NUMBERS)}",
            f"duyệt {number} {rng.choice(NUMBERS)}", f"hạn {number} {day:%d/%m}",
            f"Lan xong {number} rồi", f"xong {number} nhé", f"xong {number} chưa?", f"xong {number[:1]}.{number[-1:]}"])
        unit = rng.choice([*CHATS, "chutich", "vhxh", "nobody"])
        addressed = rng.random() > 0.15  # else group talk: "xong 17 đã nộp" is a report only for own open tasks
        evidence = {"type": "photo", "file_id": "AgAD", "file_unique_id": "u1"} if rng.random() < 0.1 else None
        yield unit, said, addressed, evidence


def incoming(unit: str, said: str, addressed: bool, evidence: dict | None, index: int) -> Incoming:
    return Incoming("telegram", f"chat-{unit}", f"user-{unit}", f"Cán bộ {unit}", said, chat_title=f"Tổ {unit}",
                    message_id=str(index), addressed=addressed, evidence=evidence)


def as_channels_do(message: Incoming, sessions: sessionmaker[Session], now: datetime) -> Reply | None:
    """bot.channels.telegram.answered without the event loop: light first, the rest as a worker would."""
    reply = respond(message, sessions, now, light_only=True)
    return respond(message, sessions, now) if reply is HEAVY else reply


def rows(sessions: sessionmaker[Session]) -> dict[str, list[tuple]]:
    with sessions.begin() as session:
        return {table: [tuple(row) for row in session.execute(text(f"SELECT {columns} FROM {table} ORDER BY id"))]
                for table, columns in TABLES.items()}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_fast_path_answers_and_writes_as_the_session_does(twins, seed: int) -> None:
    old, new = twins(seed % 2 == 0)  # even seeds: units' «xong» waits for the focal point's «duyệt»
    rng = random.Random(seed)
    now = START
    for index, (unit, said, addressed, evidence) in enumerate(conversation(rng, 150)):
        now += timedelta(minutes=rng.choice([1, 7, 60, 600, 1440]))
        message = incoming(unit, said, addressed, evidence, index)
        expected = respond(message, old, now, fast=False)
        got = as_channels_do(message, new, now)
        assert got == expected, f"{said!r} from {unit} at {now:%d/%m %H:%M}"
    assert rows(new) == rows(old)


@pytest.mark.parametrize("said", ["xong 17", "xong 17 đã nộp kế hoạch", "td 17 50%", "hoàn tác 17", "xong 17",
                                  "duyệt 17", "hoàn tác 17"])
def test_the_common_commands_stay_on_the_connection(sqlite_chat, said: str) -> None:
    """«xong 17», with a note, a ✅ button's "xong 17", «hoàn tác 17»: answered without the Session."""
    message = incoming("chutich", said, True, None, 1).cleaned()
    command = parse(message.text, addressed=True, today=sqlite_chat.now.date())
    reply = service._on_connection(command, message, sqlite_chat.now, sqlite_chat.sessions)
    assert reply is not HEAVY and reply is not None


def test_on_the_loop_a_held_database_sends_the_command_to_a_thread(request: pytest.FixtureRequest) -> None:
    """Another writer holds SQLite (a long job): the loop does not wait it out; the command goes, untouched,
    to a worker thread, which waits as usual and answers."""
    url = seeded_copy(request)
    engine = make_engine(url)
    upgrade(engine)
    chat = Chat(make_sessions(engine), START)
    before = rows(chat.sessions)
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    message = incoming("chutich", "xong 17", True, None, 1)
    assert respond(message, chat.sessions, START, light_only=True) is HEAVY
    holder.execute("ROLLBACK")
    assert rows(chat.sessions) == before
    reply = respond(message, chat.sessions, START)
    assert reply is not None and reply.text.startswith("✅")
    holder.close()
    engine.dispose()


def test_a_chat_moved_or_removed_is_seen_at_once_here_and_within_the_ttl_elsewhere(twins) -> None:
    """The binding is kept per process: a migration here is seen at once; a chat another worker marked
    removed (its own process, its own cache: here, a plain UPDATE) is seen once the TTL has run out."""
    sessions, _ = twins()
    said = incoming("vp", "td 9 10%", True, None, 1)
    assert respond(said, sessions, START).text != texts.UNBOUND  # read, and kept
    with sessions.begin() as session:
        assert migrate_chat(session, "telegram", "chat-vp", "chat-vp-2")
    assert respond(said, sessions, START).text == texts.UNBOUND
    moved = incoming("vp-2", "td 9 20%", True, None, 2)
    assert respond(moved, sessions, START).text != texts.UNBOUND
    with sessions.begin() as session:
        session.execute(text("UPDATE chat_bindings SET active = :no WHERE chat_id = 'chat-vp-2'"), {"no": False})
    time.sleep(bindings.TTL + 0.1)
    assert respond(moved, sessions, START).text == texts.UNBOUND


def test_on_the_loop_a_row_held_in_postgresql_sends_the_command_to_a_thread(request: pytest.FixtureRequest) -> None:
    """The same on PostgreSQL: another transaction holds the task's rows (a worker's change); the loop's
    lock_timeout gives way, nothing is written; once the rows are free, the loop answers it itself."""
    engine = make_engine(seeded_copy(request, "postgresql"))
    upgrade(engine)
    chat = Chat(make_sessions(engine), START)
    before = rows(chat.sessions)
    message = incoming("chutich", "td 17 50%", True, None, 1)
    with engine.connect() as holder:
        holder.execute(text("SELECT id FROM occurrences FOR UPDATE"))
        assert respond(message, chat.sessions, START, light_only=True) is HEAVY
        holder.rollback()
    assert rows(chat.sessions) == before
    reply = respond(message, chat.sessions, START, light_only=True)
    assert isinstance(reply, Reply) and "50%" in reply.text
    engine.dispose()


def test_the_loops_own_connection_goes_back_to_the_pool_with_the_usual_busy_wait(request: pytest.FixtureRequest
                                                                                 ) -> None:
    """The loop keeps its connection between replies (storage.loop_connection) with SQLite's short busy wait; once it
    serves another engine, the first goes back to its pool waiting the usual 30 s again, for the Session."""
    engines = [make_engine(seeded_copy(request)) for _name in ("one", "two")]
    chats = []
    for engine in engines:
        upgrade(engine)
        chats.append(Chat(make_sessions(engine), START))
    for index, chat in enumerate(chats):
        reply = respond(incoming("chutich", "td 17 50%", True, None, index), chat.sessions, START, light_only=True)
        assert isinstance(reply, Reply) and "50%" in reply.text
    with engines[0].connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    for engine in engines:
        engine.dispose()


def test_each_command_runs_once_on_the_store_its_entry_declares(request: pytest.FixtureRequest,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The store is chosen before the command runs, and the command runs there to the end: the first «xong»
    of a process (the plan's triggers worked out), a task other tasks wait for, the undo of a date with
    today's reminders written again, all on the Connection; lists and dates on the Session. Once each."""
    engine = make_engine(seeded_copy(request))
    upgrade(engine)
    chat = Chat(make_sessions(engine), START)
    with chat.sessions.begin() as session:
        session.execute(text("UPDATE plans SET reminders_until = :until"), {"until": START + timedelta(hours=15)})
    monkeypatch.setattr(actions, "_TRIGGERS", {})
    runs: list[str] = []
    handled = service.handle

    def counted(command: object, message: Incoming, now: datetime, store: object, access: Access = OFF) -> Reply | None:
        runs.append(type(store).__name__)
        return handled(command, message, now, store, access)

    monkeypatch.setattr(service, "handle", counted)
    connection, session = "ConnectionChatStore", "SessionChatStore"
    for said, store in [("xong 1", connection), ("hoàn tác 1", connection), ("hạn 7 2/3", session),
                        ("hoàn tác 7", connection), ("td 17 50%", connection), ("việc", session), ("nv 17", session)]:
        runs.clear()
        reply = as_channels_do(incoming("vhxh", said, True, None, 1), chat.sessions, START)
        assert reply is not None and reply.text != texts.ERROR_REPLY, said
        assert runs == [store], said
    engine.dispose()
