"""Each commune's figures kept (table commune_figures): the city's page reads every commune of its reach in one
query instead of counting 3,321 communes' tasks at each look.

The figures are only ever the domain's one count (plan_data.figures.plan_figures, the plan's year, as of a day,
with the plan's amber rule): this module stores what that count said, never counts anything itself.

A row is current when it was counted at the plan's version and as of the day asked:
- every change that can move a plan's figures bumps its row's `version`, in the change's own transaction and
  just before its commit (`bump`): the ORM's writers through the Session's events below (a status change,
  progress, an extension, an undo, an assigned task, an import or re-import, a retirement: whatever the Session
  flushes of a plan, its tasks or their occurrences), the chat's ConnectionStore through storage.stores;
- the figures move at midnight (items fall overdue, come in term): a row counted as of another day is not
  current. The engine counts the day's figures again as it plans the day (jobs.engine), and a reader counts
  whatever is not current, so the page is never wrong, only sometimes slower.

A reader counts from data read after the version it saw, and keeps its figures only if the version is still
that one (`_keep`): a change committed meanwhile leaves the row not current, counted again at the next look.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, event, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from plan_data.access import Reach
from plan_data.figures import Counts, Period, plan_figures
from plan_data.light import risk_of
from storage.models import CommuneFigures, Occurrence, Plan, Task
from storage.overview import CommuneRow, communes_overview, in_reach

log = logging.getLogger(__name__)

_f = CommuneFigures.__table__
FIELDS = tuple(f.name for f in fields(Counts))
TOUCHED = "commune_figures.touched"  # Session.info: ("plan" | "task", id) of what this transaction changed

Figures = list[tuple[CommuneRow, Counts]]


# ---------------------------------------------------------------- the writers' side: a change bumps the version


def bump(connection: Connection, plan_ids: Iterable[int] = (), task_ids: Iterable[int] = ()) -> None:
    """These plans' rows (and those of these tasks' plans) are no longer current: their version + 1, a row made
    if there was none. In plan order, so that two transactions never wait on each other's rows."""
    plans, tasks = sorted(set(plan_ids)), sorted(set(task_ids))
    if not plans and not tasks:
        return
    chosen = select(Plan.id, literal(1, Integer)).where(
        or_(Plan.id.in_(plans), Plan.id.in_(select(Task.plan_id).where(Task.id.in_(tasks))))).order_by(Plan.id)
    statement = _insert(connection).from_select(["plan_id", "version"], chosen)
    connection.execute(statement.on_conflict_do_update(index_elements=[_f.c.plan_id],
                                                       set_={"version": _f.c.version + 1}))


def _insert(connection: Connection) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(_f)


def touched(session: Session) -> tuple[set[int], set[int]]:
    """What the Session flushed of plans (their ids) and occurrences (their tasks' ids), taken (bumped by
    its caller: the ConnectionStore's own commit)."""
    marks = session.info.pop(TOUCHED, set())
    return {i for kind, i in marks if kind == "plan"}, {i for kind, i in marks if kind == "task"}


@event.listens_for(Session, "after_flush")
def _note(session: Session, _context: Any) -> None:
    marks = session.info.setdefault(TOUCHED, set())
    for thing in (*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))):
        if isinstance(thing, Occurrence) and thing.task_id is not None:
            marks.add(("task", thing.task_id))
        elif isinstance(thing, Task) and thing.plan_id is not None:
            marks.add(("plan", thing.plan_id))
        elif isinstance(thing, Plan) and thing.id is not None:
            marks.add(("plan", thing.id))


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session: Session) -> None:
    session.flush()  # what is still pending is noted first
    plans, tasks = touched(session)
    if plans or tasks:
        bump(session.connection(), plans, tasks)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)


# ---------------------------------------------------------------- the readers' side


def of_reach(session: Session, reach: Reach, today: date, keeping: bool = True) -> Figures:
    """Every commune of the city's reach (plan_data.access.city_reach: its tenant, that year) with current
    tasks, by name, with its figures as of `today`: the kept rows in one query; the communes whose row is not
    current counted now (the domain's one count) and, `keeping`, kept: then it commits the Session, and a write
    refused (SQLite: another writer came first) is let go: they are counted again at the next look. A chat's
    command, in its own unit of work, reads without keeping."""
    kept = session.execute(select(Plan.id, Plan.commune, Plan.year, Plan.policy, _f).outerjoin(_f, _f.c.plan_id == Plan.id)
                           .where(*in_reach(reach)).order_by(Plan.commune)).mappings().all()
    stale = {row["id"]: row["version"] for row in kept if not _current(row, today)}
    counted = count(session, reach, today, stale) if stale else {}
    if counted and keeping:
        _keep_or_let_go(session, counted, stale, today)
    lines: Figures = []
    for row in kept:
        tasks, counts = counted.get(row["id"]) or (row["tasks"], Counts(**{name: row[name] for name in FIELDS}))
        if tasks:
            lines.append((CommuneRow(row["id"], row["commune"], row["year"], row["policy"]), counts))
    return lines


def _current(row: Any, today: date) -> bool:
    return row["counted"] is not None and row["counted"] == row["version"] and row["as_of"] == today


def count(session: Session, reach: Reach, today: date,
          only: Collection[int] | None = None) -> dict[int, tuple[int, Counts]]:
    """The plans' current tasks and figures as of `today` (plan_data.figures.plan_figures over the plan's
    year, with its amber rule: as bot.core.city counts a commune), each plan of `only` answered (none: 0)."""
    found: dict[int, tuple[int, Counts]] = {plan_id: (0, Counts()) for plan_id in only or ()}
    risks: dict[str, Any] = {}
    for plan, tasks in communes_overview(session, reach, only):
        key = json.dumps(plan.policy, sort_keys=True, default=str)
        risk = risks.get(key) or risks.setdefault(key, risk_of(plan))  # most communes keep the default policy
        found[plan.id] = (len(tasks), plan_figures(tasks, today, Period.year(reach.year), risk=risk)[1].total)
    return found


def _keep_or_let_go(session: Session, counted: dict[int, tuple[int, Counts]], seen: dict[int, int | None],
                    today: date) -> None:
    try:
        keep(session.connection(), counted, seen, today)
        session.commit()
    except OperationalError as problem:  # SQLite's snapshot behind another writer's: the figures shown still hold
        session.rollback()
        log.info("commune figures not kept (%s): counted again at the next look", problem.orig)


def keep(connection: Connection, counted: dict[int, tuple[int, Counts]], seen: dict[int, int | None],
         today: date) -> None:
    """Writes the figures counted, each only if its plan's version is still the one seen before the count
    (None: no row then, made now unless a change made one meanwhile)."""
    values = [{"p": plan_id, "v": seen.get(plan_id) or 0, "t": tasks, **{f"n_{k}": n for k, n in asdict(counts).items()}}
              for plan_id, (tasks, counts) in sorted(counted.items())]
    figures = {"counted": bindparam("v"), "as_of": today, "tasks": bindparam("t"),
               **{name: bindparam(f"n_{name}") for name in FIELDS}, "computed_at": func.now()}
    new = [v for v in values if seen.get(v["p"]) is None]
    old = [v for v in values if seen.get(v["p"]) is not None]
    if new:
        made = {"plan_id": bindparam("p"), "version": bindparam("v"), **figures}
        connection.execute(_insert(connection).values(made).on_conflict_do_nothing(index_elements=[_f.c.plan_id]), new)
    if old:
        connection.execute(update(_f).where(_f.c.plan_id == bindparam("p"), _f.c.version == bindparam("v"))
                           .values(figures), old)


REFRESH_GROUP = 200  # plans counted and kept per transaction: each row's lock held briefly


def refresh(sessions: sessionmaker[Session], plan_ids: Collection[int], today: date) -> int:
    """The figures of these plans counted as of `today` and kept, REFRESH_GROUP plans per transaction (the
    engine, as it writes their day: the first look of the day then reads them current). Returns how many."""
    ids = sorted(set(plan_ids))
    for start in range(0, len(ids), REFRESH_GROUP):
        with sessions.begin() as session:
            places: dict[Reach, dict[int, int | None]] = {}
            for plan_id, tenant, year, version in session.execute(
                    select(Plan.id, Plan.tenant, Plan.year, _f.c.version).outerjoin(_f, _f.c.plan_id == Plan.id)
                    .where(Plan.id.in_(ids[start:start + REFRESH_GROUP]))):
                places.setdefault(Reach(tenant, None, year), {})[plan_id] = version
            for reach, seen in places.items():
                keep(session.connection(), count(session, reach, today, seen), seen, today)
    return len(ids)
