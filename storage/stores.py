"""The few questions and changes a status command («xong», «hoàn tác», «td», «duyệt») needs, two ways.

SessionStore asks them through the ORM Session, as every other command does. ConnectionStore asks them on
one Connection with prebuilt Core statements and plain rows, and writes its changes in one go with the
commit, as the Session's flush would: the same rows, at a fraction of the cost. Whatever it does not cover
reaches for `session`, which raises NeedsSession: nothing has been written yet, and the caller runs the command
again on the Session. The rules (what a change sets, what it records, which change an undo takes back)
are storage.changes' own, used by both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from plan_data.tasknumbers import PlanTask
from storage import changes, held, queries
from storage.bindings import BindingRef, cached_binding
from storage.changes import Author
from storage.db import SQLITE_WAIT_MS
from storage.models import ChatBinding, Occurrence, Plan, StatusChange, Task, Unit
from storage.prepared import Prepared


class NeedsSession(Exception):  # noqa: N818 - a signal to the caller, not a failure
    """The command needs the ORM Session: the fast path gives way, having written nothing."""


class SessionStore:
    """The ORM way: every other command's."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def binding_for(self, platform: str, chat_id: str) -> ChatBinding | None:
        return queries.binding_for(self.session, platform, chat_id)

    def tasks_by_number(self, plan_id: int, numbers: list[str]) -> queries.Found:
        return queries.tasks_by_number(self.session, plan_id, numbers)

    def change(self, occurrence: Occurrence, action: str, author: Author, now: datetime, **fields: Any) -> None:
        changes.change(self.session, occurrence, action, author, now, **fields)

    def last_change(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                    message: str | None = None) -> StatusChange | None:
        return changes.last_change(self.session, occurrence_ids, chat, message)

    def undo(self, target: StatusChange, author: Author, now: datetime) -> None:
        changes.undo(self.session, target, author, now)


_t, _o, _u, _c, _p = Task.__table__, Occurrence.__table__, Unit.__table__, StatusChange.__table__, Plan.__table__
_TASK = tuple(column.name for column in _t.columns)
_OCCURRENCE = tuple(column.name for column in _o.columns)
_SET_OCCURRENCE = Prepared(update(_o).where(_o.c.id == bindparam("o_id"))
                           .values({name: bindparam(f"v_{name}") for name in changes.TRACKED}))
_UNDONE = Prepared(update(_c).where(_c.c.id == bindparam("c_id")).values(undone=True))


_NUMBERS = Prepared(select(_t.c.number, _t.c.section).where(_t.c.plan_id == bindparam("plan_id"), _t.c.retired.is_(False))
                    .order_by(_t.c.position))
_SECTIONS = Prepared(select(_p.c.sections).where(_p.c.id == bindparam("plan_id")))
_LATEST, _SIBLING = _c.alias("latest"), _o.alias("sibling")
_CHANGE = tuple(column.name for column in _c.columns)


@lru_cache(maxsize=32)
def _tasks_statement(count: int, undoing: bool) -> Prepared:
    """storage.queries.tasks_by_number's question for `count` numbers, rows joined: the tasks of these
    numbers (an index lookup). `undoing`: each task comes with the newest change to its occurrences still
    standing (storage.changes.standing), on that occurrence's row, so that «hoàn tác» asks one question."""
    asked = queries.numbered(bindparam("plan_id"), [bindparam(f"n{i}") for i in range(count)])
    columns = [*[_t.c[name].label(f"t_{name}") for name in _TASK], _u.c.name.label("u_name"),
               *[_o.c[name].label(f"o_{name}") for name in _OCCURRENCE]]
    joined = _t.join(_u, _u.c.id == _t.c.responsible_id).outerjoin(_o, _o.c.task_id == _t.c.id)
    if undoing:
        siblings = select(_SIBLING.c.id).where(_SIBLING.c.task_id == _t.c.id).correlate(_t)
        newest = select(func.max(_LATEST.c.id)).where(*changes.standing(_LATEST.c, siblings)).scalar_subquery()
        columns += [_c.c[name].label(f"c_{name}") for name in _CHANGE]
        joined = joined.outerjoin(_c, (_c.c.id == newest) & (_c.c.occurrence_id == _o.c.id))
    return Prepared(select(*columns).select_from(joined).where(asked).order_by(_t.c.position, _o.c.seq))


@lru_cache(maxsize=16)
def _last_change_statement(count: int, chat: bool = False, message: bool = False) -> Prepared:
    """storage.changes.last_change's question for `count` occurrences (made from a chat, by a message)."""
    ids = [bindparam(f"i{i}") for i in range(count)]
    asked = (bindparam("platform"), bindparam("chat_id")) if chat else None
    made = changes.made_from(_c.c, asked, bindparam("message_id") if message else None)
    return Prepared(select(_c).where(*changes.standing(_c.c, ids), *made).order_by(_c.c.id.desc()).limit(1))


@lru_cache(maxsize=4)
def _insert_statement(names: tuple[str, ...]) -> Prepared:
    """An audit row with these columns (a change's has its evidence, an undo's none: NULL, as the ORM
    leaves it), and undone false as the column's default."""
    return Prepared(insert(_c).values({**{name: bindparam(f"v_{name}", type_=_c.c[name].type) for name in names},
                                       "undone": False}))


QUICK_WAIT_MS = 100  # on the event loop, another writer's lock is waited for this long, no more


@contextmanager
def on_connection(engine: Engine, quick: bool = False, undoing: bool = False) -> Iterator[ConnectionStore]:
    """One transaction on one Connection: the command runs on the store, then its writes go out together (on
    PostgreSQL in one round trip, psycopg's pipeline) and commit. `quick`: the caller is the event loop,
    which must not wait out another writer (SQLite's 30 s busy timeout, PostgreSQL's unbounded lock wait):
    past QUICK_WAIT_MS it gives way with NeedsSession, having written nothing, and the command runs again
    in a worker thread; its connection is the loop's own (storage.held). `undoing`: the command is «hoàn
    tác» (ConnectionStore)."""
    connection = held.take(engine, _quick_wait) if quick else engine.connect()
    try:
        with connection.begin():
            store = ConnectionStore(connection, undoing)
            yield store
            with _pipelined(connection):
                if quick and connection.dialect.name == "postgresql":  # the writes' row locks may be held
                    _lock_timeout(connection, QUICK_WAIT_MS)
                store.flush()
    except Exception as problem:  # through SQLAlchemy, or from the driver (Prepared, the pipeline)
        if quick and _gave_up_waiting(problem):
            raise NeedsSession from problem
        raise
    finally:
        if not quick:
            connection.close()
        elif connection.invalidated or connection.in_transaction():  # broken, or not cleanly ended
            held.give_back(connection, _quick_wait)
        else:
            held.keep(engine, connection)


def _quick_wait(connection: Connection, quick: bool) -> None:
    """SQLite's busy wait, short on the loop's connection and as usual back in the pool (PostgreSQL's
    lock_timeout is set per transaction: on_connection)."""
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


def _lock_timeout(connection: Connection, milliseconds: int) -> None:
    """For the rest of this transaction (its reads wait only for a migration's exclusive lock)."""
    connection.connection.driver_connection.execute(f"SET LOCAL lock_timeout = '{milliseconds}ms'")


def _pipelined(connection: Connection) -> AbstractContextManager[Any]:
    """psycopg's pipeline: the statements queued, sent at once, answered together at its end. Elsewhere
    (SQLite, in the process) there is no round trip to save."""
    driver = connection.connection.driver_connection
    return driver.pipeline() if connection.dialect.driver == "psycopg" else nullcontext()


def _from(change: SimpleNamespace, chat: tuple[str, str], message: str | None) -> bool:
    return (change.platform, change.chat_id) == chat and (message is None or change.message_id == message)


class ConnectionStore:
    """The fast way: one Connection, prebuilt Core statements, plain rows, writes held until `flush`
(on_connection's, with the commit)."""

    def __init__(self, connection: Connection, undoing: bool = False) -> None:
        self.connection = connection
        self.undoing = undoing  # «hoàn tác»: the tasks are loaded with their occurrences' standing changes
        self._occurrences: dict[int, SimpleNamespace] = {}
        # a task's occurrences -> their newest change still standing, as loaded (dropped once one changes)
        self._standing: dict[frozenset[int], SimpleNamespace | None] = {}
        self._rows: dict[int, SimpleNamespace] = {}  # occurrences changed: written by flush
        self._undone: list[int] = []
        self._records: list[dict[str, Any]] = []

    @property
    def session(self) -> Session:
        raise NeedsSession

    def binding_for(self, platform: str, chat_id: str) -> BindingRef | None:
        return cached_binding(self.connection, platform, chat_id)

    def tasks_by_number(self, plan_id: int, numbers: list[str]) -> queries.Found:
        """The numbers as stored first; only those not found are resolved against the plan's numbers
        (a heading, a Roman section typed in Arabic: plan_data.tasknumbers), and what they name loaded."""
        tasks: dict[int, SimpleNamespace] = {}
        self._load(tasks, plan_id, numbers)
        matches = queries.resolved(queries.missing(list(tasks.values()), numbers), lambda: self._plan(plan_id))
        wanted = [number for match in matches.values() for number in match.numbers]
        if wanted:
            self._load(tasks, plan_id, wanted)
        return queries.by_number(sorted(tasks.values(), key=lambda t: t.position), numbers, matches)

    def _plan(self, plan_id: int) -> list[PlanTask]:
        sections = _SECTIONS.run(self.connection, {"plan_id": plan_id})
        titles = (sections[0]["sections"] if sections else None) or {}
        return [PlanTask(row["number"], row["section"], str(titles.get(row["section"], "")))
                for row in _NUMBERS.run(self.connection, {"plan_id": plan_id})]

    def _load(self, tasks: dict[int, SimpleNamespace], plan_id: int, asked: list[str]) -> None:
        values: dict[str, Any] = {"plan_id": plan_id, **{f"n{i}": value for i, value in enumerate(asked)}}
        seen = set(tasks)  # "xong 24 24.1": 24.1 comes twice, and is kept once
        standing: dict[int, SimpleNamespace] = {}  # task -> its newest standing change, when undoing
        for row in _tasks_statement(len(asked), self.undoing).run(self.connection, values):
            if row["t_id"] in seen:
                continue
            task = tasks.get(row["t_id"])
            if task is None:
                task = tasks[row["t_id"]] = SimpleNamespace(**{name: row[f"t_{name}"] for name in _TASK},
                                                            responsible=SimpleNamespace(name=row["u_name"]),
                                                            occurrences=[])
            if row["o_id"] is not None:
                occurrence = SimpleNamespace(**{name: row[f"o_{name}"] for name in _OCCURRENCE})
                self._occurrences[occurrence.id] = occurrence
                task.occurrences.append(occurrence)
                if self.undoing and row["c_id"] is not None:
                    standing[task.id] = SimpleNamespace(**{name: row[f"c_{name}"] for name in _CHANGE},
                                                        occurrence=occurrence)
        if self.undoing:
            for task_id in set(tasks) - seen:
                occurrences = frozenset(o.id for o in tasks[task_id].occurrences)
                self._standing[occurrences] = standing.get(task_id)

    def change(self, occurrence: SimpleNamespace, action: str, author: Author, now: datetime, *,
               remark: str = "", evidence: dict[str, Any] | None = None, **fields: Any) -> None:
        self._record(occurrence, changes.applied(occurrence, action, author, now, remark, evidence, fields))

    def last_change(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                    message: str | None = None) -> SimpleNamespace | None:
        asked = frozenset(occurrence_ids)
        loaded = self._standing.get(asked)
        if asked in self._standing and (loaded is None or chat is None or _from(loaded, chat, message)):
            return loaded  # a task's newest, loaded with it, and not changed since: most often this chat's own
        values: dict[str, Any] = {f"i{i}": value for i, value in enumerate(occurrence_ids)}
        if chat is not None:
            values.update(platform=chat[0], chat_id=chat[1], **({"message_id": message} if message else {}))
        rows = _last_change_statement(len(occurrence_ids), chat is not None, message is not None).run(
            self.connection, values)
        if not rows:
            return None
        return SimpleNamespace(**rows[0], occurrence=self._occurrences[rows[0]["occurrence_id"]])

    def undo(self, target: SimpleNamespace, author: Author, now: datetime) -> None:
        self._record(target.occurrence, changes.undone(target.occurrence, target, author, now))
        self._undone.append(target.id)

    def _record(self, occurrence: SimpleNamespace, columns: dict[str, Any]) -> None:
        self._standing = {ids: c for ids, c in self._standing.items() if occurrence.id not in ids}
        self._rows[occurrence.id] = occurrence
        self._records.append({"occurrence_id": occurrence.id, **columns})

    def flush(self) -> None:
        """What the changes did, written: each occurrence once, the undone marks, then the audit rows in order."""
        for o in self._rows.values():
            _SET_OCCURRENCE.run(self.connection, {"o_id": o.id, **{f"v_{name}": getattr(o, name)
                                                                   for name in changes.TRACKED}})
        for change_id in self._undone:
            _UNDONE.run(self.connection, {"c_id": change_id})
        for record in self._records:  # one or two: an undo's row has no evidence column, a change's has one
            _insert_statement(tuple(record)).run(self.connection, {f"v_{name}": v for name, v in record.items()})
        self._rows, self._undone, self._records = {}, [], []
