"""What a chat command reads and writes (bot.core.store.ChatStore), two ways, one set of rules.

SessionStore asks through the ORM Session: lists, files, the city's look, whatever a worker thread answers.
ConnectionStore (storage.connection_store) asks on one Connection with prebuilt Core statements and plain rows, and writes
its changes in one go with the commit, as the Session's flush would: the same rows, at a fraction of the
cost, for the status commands answered on the event loop. Which of the two a command runs on is decided
before it runs (bot.core.registry), and it runs there to the end: what only the ORM does, the Connection's
store does on a Session joined to its own transaction. The rules (what a change sets, what it records, which
change an undo takes back) are storage.changes' own, used by both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from plan_data.access import Reach
from plan_data.model import TaskSpec
from storage import assigning, changes, commune_figures, loop_connection, people, queries
from storage.changes import Author
from storage.connection_store import QUICK_WAIT_MS, ConnectionStore
from storage.db import SQLITE_WAIT_MS
from storage.models import ChatBinding, Occurrence, Plan, StatusChange, Task
from storage.overview import CommuneRow, TaskRow, communes_overview

__all__ = ["QUICK_WAIT_MS", "Busy", "ConnectionStore", "SessionStore", "on_connection"]


class Busy(Exception):  # noqa: N818 - a signal to the caller, not a failure
    """On the event loop (`quick`), another writer held the database longer than a moment: nothing was
    written, and the command goes, untouched, to a worker thread, which waits as usual."""


class SessionStore:
    """The ORM way."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def binding_for(self, platform: str, chat_id: str) -> ChatBinding | None:
        return queries.binding_for(self.session, platform, chat_id)

    def plan(self, plan_id: int) -> Plan:
        found = self.session.get(Plan, plan_id)
        assert found is not None, plan_id
        return found

    def tasks_by_number(self, plan_id: int, numbers: list[str], with_history: bool = False) -> queries.Found:
        return queries.tasks_by_number(self.session, plan_id, numbers, with_history)

    def plan_tasks(self, plan: Any, with_history: bool = False) -> list[Task]:
        return queries.plan_tasks(self.session, plan, with_history)

    def event_tasks(self, plan_id: int) -> list[Task]:
        return queries.event_tasks(self.session, plan_id)

    def commune_figures(self, reach: Reach, today: date) -> commune_figures.Figures:
        return commune_figures.of_reach(self.session, reach, today, keeping=False)

    def communes(self, reach: Reach, only: Collection[int]) -> list[tuple[CommuneRow, list[TaskRow]]]:
        return communes_overview(self.session, reach, only)

    def change(self, occurrence: Occurrence, action: str, author: Author, now: datetime, **fields: Any) -> None:
        changes.change(self.session, occurrence, action, author, now, **fields)

    def last_change(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                    message: str | None = None) -> StatusChange | None:
        return changes.last_change(self.session, occurrence_ids, chat, message)

    def last_closing(self, occurrence_id: int) -> StatusChange | None:
        return changes.last_closing(self.session, occurrence_id)

    def undo(self, target: StatusChange, author: Author, now: datetime) -> None:
        changes.undo(self.session, target, author, now)

    def numbers_given(self, plan_id: int) -> list[str]:
        return assigning.numbers_given(self.session, plan_id)

    def assign(self, plan: Any, task: TaskSpec, document: str, author: Author, now: datetime) -> Task:
        return assigning.add_assigned(self.session, self.plan(plan.id), task, document, author, now)

    def meet(self, unit_id: int, platform: str, user_id: str, name: str, handle: str, now: datetime) -> int:
        return people.meet(self._connection(), unit_id, platform, user_id, name, handle, now)

    def people(self, unit_id: int) -> list[Any]:
        return people.people_of(self._connection(), unit_id)

    def person(self, person_id: int) -> Any | None:
        return people.person(self._connection(), person_id)

    def people_ids(self, plan_id: int, platform: str, user_id: str) -> set[int]:
        return people.people_ids(self._connection(), plan_id, platform, user_id)

    def _connection(self) -> Connection:
        self.session.flush()  # a task's person set by this command, read back
        return self.session.connection()


@contextmanager
def on_connection(engine: Engine, quick: bool = False, undoing: bool = False,
                  kind: type[ConnectionStore] = ConnectionStore) -> Iterator[ConnectionStore]:
    """One transaction on one Connection: the command runs on the store, then its writes go out together (on
    PostgreSQL in one round trip, psycopg's pipeline) and commit. `quick`: the caller is the event loop,
    which must not wait out another writer (SQLite's 30 s busy timeout, PostgreSQL's unbounded lock wait):
    past QUICK_WAIT_MS it gives way with Busy, having written nothing, and the command goes to a worker
    thread; its connection is the loop's own (storage.loop_connection). `undoing`: the command is «hoàn tác»
    (ConnectionStore). `kind`: the store's class (bot.core.sql completes it with the reminder engine's rows)."""
    connection = loop_connection.take(engine, _quick_wait) if quick else engine.connect()
    try:
        with connection.begin():
            store = kind(connection, undoing, quick)
            try:
                yield store
                store.flush()
                store.bump_figures()
            finally:
                store.close()
    except Exception as problem:  # through SQLAlchemy, or from the driver (Prepared, the pipeline)
        if quick and _gave_up_waiting(problem):
            raise Busy from problem
        raise
    finally:
        if not quick:
            connection.close()
        elif connection.invalidated or connection.in_transaction():  # broken, or not cleanly ended
            loop_connection.give_back(connection, _quick_wait)
        else:
            loop_connection.keep(engine, connection)


def _quick_wait(connection: Connection, quick: bool) -> None:
    """SQLite's busy wait, short on the loop's connection and as usual back in the pool (PostgreSQL's
    lock_timeout is set per transaction: ConnectionStore)."""
    if connection.dialect.name == "sqlite":  # on the driver's own connection: no statement of SQLAlchemy's
        connection.connection.driver_connection.execute(
            f"PRAGMA busy_timeout = {QUICK_WAIT_MS if quick else SQLITE_WAIT_MS}")


def _gave_up_waiting(problem: BaseException) -> bool:
    """Another writer held what the command needed for longer than the quick wait: SQLite's "database is
    locked", PostgreSQL's lock_timeout (SQLSTATE 55P03)."""
    cause = getattr(problem, "orig", None) or problem
    if isinstance(cause, sqlite3.OperationalError):
        return "locked" in str(cause)
    return getattr(cause, "sqlstate", None) == "55P03"
