"""ConnectionStore: a chat command's reads and writes on one Connection, with prebuilt Core statements
(storage.compiled) and plain rows, its writes held until `flush` (storage.stores.on_connection's, with the
commit; or earlier, when a read must see them). Like the ORM's identity map, a task or occurrence is one
object however often it is read: what the command changed is what it reads back."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from plan_data.access import Reach
from plan_data.tasknumbers import PlanTask
from storage import changes, commune_figures, people, queries
from storage.bindings import BindingRef, cached_binding
from storage.changes import Author
from storage.compiled import Prepared
from storage.models import Occurrence, Plan, StatusChange, Task, Unit
from storage.overview import CommuneRow, TaskRow, communes_overview

QUICK_WAIT_MS = 100  # on the event loop, another writer's lock is waited for this long, no more

_t, _o, _u, _c, _p = Task.__table__, Occurrence.__table__, Unit.__table__, StatusChange.__table__, Plan.__table__
_TASK = tuple(column.name for column in _t.columns)
_OCCURRENCE = tuple(column.name for column in _o.columns)
_CHANGE = tuple(column.name for column in _c.columns)
_UNIT = ("id", "code", "name")
_SET_OCCURRENCE = Prepared(update(_o).where(_o.c.id == bindparam("o_id"))
                           .values({name: bindparam(f"v_{name}") for name in changes.TRACKED}))
_SET_TASK = Prepared(update(_t).where(_t.c.id == bindparam("t_id"))
                     .values({name: bindparam(f"v_{name}") for name in changes.TASK_TRACKED}))
_UNDONE = Prepared(update(_c).where(_c.c.id == bindparam("c_id")).values(undone=True))
_NUMBERS = Prepared(select(_t.c.number, _t.c.section).where(_t.c.plan_id == bindparam("plan_id"), _t.c.retired.is_(False))
                    .order_by(_t.c.position))
_SECTIONS = Prepared(select(_p.c.sections).where(_p.c.id == bindparam("plan_id")))
_LATEST, _SIBLING = _c.alias("latest"), _o.alias("sibling")


def _which(tasks: str, count: int) -> ColumnElement[bool]:
    """"numbers": the plan's current tasks of `count` numbers (an index lookup); "events": its event tasks;
    "plan": all its current tasks."""
    if tasks == "numbers":
        return queries.numbered(bindparam("plan_id"), [bindparam(f"n{i}") for i in range(count)])
    current = and_(_t.c.plan_id == bindparam("plan_id"), _t.c.retired.is_(False))
    return and_(current, _t.c.kind == "event") if tasks == "events" else current


@lru_cache(maxsize=32)
def _tasks_statement(tasks: str, count: int, undoing: bool) -> Prepared:
    """The tasks (_which), each with its unit and occurrences, rows joined. `undoing`: each task comes with the
    newest change to its occurrences still standing (storage.changes.standing), on that occurrence's row, so
    that «hoàn tác» asks one question."""
    columns = [*[_t.c[name].label(f"t_{name}") for name in _TASK], *[_u.c[name].label(f"u_{name}") for name in _UNIT],
               *[_o.c[name].label(f"o_{name}") for name in _OCCURRENCE]]
    joined = _t.join(_u, _u.c.id == _t.c.responsible_id).outerjoin(_o, _o.c.task_id == _t.c.id)
    if undoing:
        siblings = select(_SIBLING.c.id).where(_SIBLING.c.task_id == _t.c.id).correlate(_t)
        newest = select(func.max(_LATEST.c.id)).where(*changes.standing(_LATEST.c, siblings)).scalar_subquery()
        columns += [_c.c[name].label(f"c_{name}") for name in _CHANGE]
        joined = joined.outerjoin(_c, (_c.c.id == newest) & (_c.c.occurrence_id == _o.c.id))
    return Prepared(select(*columns).select_from(joined).where(_which(tasks, count)).order_by(_t.c.position, _o.c.seq))


@lru_cache(maxsize=16)
def _last_change_statement(count: int, chat: bool = False, message: bool = False) -> Prepared:
    """storage.changes.last_change's question for `count` occurrences (made from a chat, by a message)."""
    ids = [bindparam(f"i{i}") for i in range(count)]
    asked = (bindparam("platform"), bindparam("chat_id")) if chat else None
    made = changes.made_from(_c.c, asked, bindparam("message_id") if message else None)
    return Prepared(select(_c).where(*changes.standing(_c.c, ids), *made).order_by(_c.c.id.desc()).limit(1))


_STANDING = Prepared(select(_c).where(*changes.standing(_c.c, [bindparam("i0")])).order_by(_c.c.id.desc()))


@lru_cache(maxsize=4)
def _insert_statement(names: tuple[str, ...]) -> Prepared:
    """An audit row with these columns (a change's has its evidence, an undo's none: NULL, as the ORM
    leaves it), and undone false as the column's default."""
    return Prepared(insert(_c).values({**{name: bindparam(f"v_{name}", type_=_c.c[name].type) for name in names},
                                       "undone": False}))


def _task(row: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**{name: row[f"t_{name}"] for name in _TASK}, occurrences=[],
                           responsible=SimpleNamespace(**{name: row[f"u_{name}"] for name in _UNIT}))


class ConnectionStore:
    """The fast way: one Connection, prebuilt Core statements, plain rows, writes held until `flush`."""

    def __init__(self, connection: Connection, undoing: bool = False, quick: bool = False) -> None:
        self.connection = connection
        self.undoing = undoing  # «hoàn tác»: the tasks are loaded with their occurrences' standing changes
        self.quick = quick  # on the event loop: a row lock is waited for QUICK_WAIT_MS at most (PostgreSQL)
        self._tasks: dict[int, SimpleNamespace] = {}
        self._occurrences: dict[int, SimpleNamespace] = {}
        # a task's occurrences -> their newest change still standing, as loaded (dropped once one changes)
        self._standing: dict[frozenset[int], SimpleNamespace | None] = {}
        self._rows: dict[int, Any] = {}  # occurrences changed: written by flush
        self._task_rows: dict[int, Any] = {}  # tasks whose own fields a change set (their person)
        self._undone: list[int] = []
        self._records: list[dict[str, Any]] = []
        self._plans: set[int] = set()  # plans whose occurrences this command changed: their kept figures bumped
        self._session: Session | None = None
        self._waits_set = False

    @property
    def session(self) -> Session:
        """An ORM Session joined to this Connection and its transaction, for what only the ORM does (a plan in
        full, the city's communes, the reminder engine's rows): what this store holds is written first."""
        self.flush()
        if self._session is None:
            self._short_waits()
            self._session = Session(bind=self.connection)  # commits nothing: on_connection does
        return self._session

    def binding_for(self, platform: str, chat_id: str) -> BindingRef | None:
        return cached_binding(self.connection, platform, chat_id)

    def plan(self, plan_id: int) -> Plan:
        found = self.session.get(Plan, plan_id)
        assert found is not None, plan_id
        return found


    def commune_figures(self, reach: Reach, today: date) -> commune_figures.Figures:
        return commune_figures.of_reach(self.session, reach, today, keeping=False)

    def communes(self, reach: Reach, only: Collection[int]) -> list[tuple[CommuneRow, list[TaskRow]]]:
        return communes_overview(self.session, reach, only)

    def tasks_by_number(self, plan_id: int, numbers: list[str], with_history: bool = False) -> queries.Found:
        def load(asked: list[str]) -> list[SimpleNamespace]:
            values = {"plan_id": plan_id, **{f"n{i}": value for i, value in enumerate(asked)}}
            return self._load(_tasks_statement("numbers", len(asked), self.undoing), values)

        found = queries.found_by_number(numbers, load, lambda: self._plan_numbers(plan_id))
        if with_history:
            self._with_history([t for tasks in found.values() for t in tasks])
        return found

    def plan_tasks(self, plan: Any, with_history: bool = False) -> list[SimpleNamespace]:
        tasks = self._load(_tasks_statement("plan", 0, self.undoing), {"plan_id": plan.id})
        if with_history:
            self._with_history(tasks)
        return tasks

    def event_tasks(self, plan_id: int) -> list[SimpleNamespace]:
        return self._load(_tasks_statement("events", 0, self.undoing), {"plan_id": plan_id})

    def _plan_numbers(self, plan_id: int) -> list[PlanTask]:
        sections = _SECTIONS.run(self.connection, {"plan_id": plan_id})
        titles = (sections[0]["sections"] if sections else None) or {}
        return [PlanTask(row["number"], row["section"], str(titles.get(row["section"], "")))
                for row in _NUMBERS.run(self.connection, {"plan_id": plan_id})]

    def _load(self, statement: Prepared, values: dict[str, Any]) -> list[SimpleNamespace]:
        """The tasks the statement reads, in its order: one this store holds already is the one it holds (as
        this command left it: "xong 24 24.1" reads 24.1 twice), the others made from the rows."""
        loaded: dict[int, SimpleNamespace] = {}
        fresh: dict[int, SimpleNamespace | None] = {}  # tasks read now -> their newest standing change (undoing)
        for row in statement.run(self.connection, values):
            task_id = row["t_id"]
            if task_id not in loaded:
                if task_id not in self._tasks:
                    self._tasks[task_id], fresh[task_id] = _task(row), None
                loaded[task_id] = self._tasks[task_id]
            if task_id not in fresh or row["o_id"] is None:
                continue
            occurrence = SimpleNamespace(**{name: row[f"o_{name}"] for name in _OCCURRENCE}, task=loaded[task_id])
            self._occurrences[occurrence.id] = occurrence
            loaded[task_id].occurrences.append(occurrence)
            if self.undoing and row["c_id"] is not None:
                fresh[task_id] = SimpleNamespace(**{name: row[f"c_{name}"] for name in _CHANGE}, occurrence=occurrence)
        if self.undoing:
            for task_id, newest in fresh.items():
                self._standing[frozenset(o.id for o in self._tasks[task_id].occurrences)] = newest
        return list(loaded.values())

    def _with_history(self, tasks: Iterable[SimpleNamespace]) -> None:
        """Each occurrence of these tasks with its changes, oldest first (`changes`, as the ORM's relation)."""
        occurrences = {o.id: o for task in tasks for o in task.occurrences}
        if not occurrences:
            return
        self.flush()
        for occurrence in occurrences.values():
            occurrence.changes = []
        query = select(_c).where(_c.c.occurrence_id.in_(list(occurrences))).order_by(_c.c.id)
        for row in self.connection.execute(query).mappings():
            occurrence = occurrences[row["occurrence_id"]]
            occurrence.changes.append(SimpleNamespace(**row, occurrence=occurrence))

    def change(self, occurrence: Any, action: str, author: Author, now: datetime, *,
               remark: str = "", evidence: dict[str, Any] | None = None, **fields: Any) -> None:
        self._record(occurrence, changes.applied(occurrence, action, author, now, remark, evidence, fields))

    def last_change(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                    message: str | None = None) -> SimpleNamespace | None:
        asked = frozenset(occurrence_ids)
        loaded = self._standing.get(asked)
        if asked in self._standing and (loaded is None or changes.is_from(loaded, chat, message)):
            return loaded  # a task's newest, loaded with it, and not changed since: most often this chat's own
        values: dict[str, Any] = {f"i{i}": value for i, value in enumerate(occurrence_ids)}
        if chat is not None:
            values.update(platform=chat[0], chat_id=chat[1], **({"message_id": message} if message else {}))
        self.flush()  # what this command did is read back
        rows = _last_change_statement(len(occurrence_ids), chat is not None, message is not None).run(
            self.connection, values)
        return self._change_row(rows[0]) if rows else None

    def last_closing(self, occurrence_id: int) -> SimpleNamespace | None:
        self.flush()
        return changes.closing(self._change_row(row) for row in _STANDING.run(self.connection, {"i0": occurrence_id}))

    def _change_row(self, row: dict[str, Any]) -> SimpleNamespace:
        return SimpleNamespace(**row, occurrence=self._occurrences[row["occurrence_id"]])

    def undo(self, target: Any, author: Author, now: datetime) -> None:
        self._record(target.occurrence, changes.undone(target.occurrence, target, author, now))
        self._undone.append(target.id)

    def meet(self, unit_id: int, platform: str, user_id: str, name: str, handle: str, now: datetime) -> int:
        return people.meet(self._read(), unit_id, platform, user_id, name, handle, now)

    def people(self, unit_id: int) -> list[Any]:
        return people.people_of(self._read(), unit_id)

    def person(self, person_id: int) -> Any | None:
        return people.person(self._read(), person_id)

    def people_ids(self, plan_id: int, platform: str, user_id: str) -> set[int]:
        return people.people_ids(self._read(), plan_id, platform, user_id)

    def _read(self) -> Connection:
        self.flush()
        return self.connection

    def _record(self, occurrence: Any, columns: dict[str, Any]) -> None:
        self._standing = {ids: c for ids, c in self._standing.items() if occurrence.id not in ids}
        self._rows[occurrence.id] = occurrence
        self._plans.add(occurrence.task.plan_id)
        if any(name in columns["before"] for name in changes.TASK_TRACKED):
            self._task_rows[occurrence.task.id] = occurrence.task
        self._records.append({"occurrence_id": occurrence.id, **columns})

    def flush(self) -> None:
        """What the changes did, written: each occurrence once, the undone marks, then the audit rows in order,
        together (psycopg's pipeline); then what the joined Session holds."""
        if self._rows or self._undone or self._records or self._task_rows:
            with _pipelined(self.connection):
                self._short_waits()
                for o in self._rows.values():
                    _SET_OCCURRENCE.run(self.connection, {"o_id": o.id, **{f"v_{name}": getattr(o, name)
                                                                           for name in changes.TRACKED}})
                for t in self._task_rows.values():
                    _SET_TASK.run(self.connection, {"t_id": t.id, **{f"v_{name}": getattr(t, name)
                                                                      for name in changes.TASK_TRACKED}})
                for change_id in self._undone:
                    _UNDONE.run(self.connection, {"c_id": change_id})
                for record in self._records:  # an undo's row has no evidence column, a change's has one
                    _insert_statement(tuple(record)).run(self.connection,
                                                         {f"v_{name}": v for name, v in record.items()})
            self._rows, self._undone, self._records, self._task_rows = {}, [], [], {}
        if self._session is not None:
            self._session.flush()

    def bump_figures(self) -> None:
        """Last before the commit: the kept figures of the plans this command changed (its own writes and its
        Session's) are no longer current (storage.commune_figures), their rows locked for the commit only."""
        plans, tasks = commune_figures.touched(self._session) if self._session is not None else (set(), set())
        commune_figures.bump(self.connection, self._plans | plans, tasks)
        self._plans = set()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def _short_waits(self) -> None:
        """On the loop, before the first write: PostgreSQL waits QUICK_WAIT_MS for a row lock, for the rest of
        the transaction (its reads wait only for a migration's exclusive lock; SQLite's wait is the
        connection's own: storage.stores)."""
        if self.quick and not self._waits_set and self.connection.dialect.name == "postgresql":
            self.connection.connection.driver_connection.execute(f"SET LOCAL lock_timeout = '{QUICK_WAIT_MS}ms'")
        self._waits_set = True


def _pipelined(connection: Connection) -> AbstractContextManager[Any]:
    """psycopg's pipeline: the statements queued, sent at once, answered together at its end. Elsewhere
    (SQLite, in the process) there is no round trip to save."""
    driver = connection.connection.driver_connection
    return driver.pipeline() if connection.dialect.driver == "psycopg" else nullcontext()
