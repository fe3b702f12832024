"""The day written ahead: every plan whose reminders are not yet written up to now (its watermark is behind)
gets the rest of its day as rows (jobs.rows.materialize_plans), PLAN_GROUP plans per transaction so that locks
stay short; a plan another worker holds (SKIP LOCKED) is left to it, for the next tick. The reminder engine
(jobs.engine) does this at each tick, in a worker thread.

The rows are written with the tenants interleaved (`spread`, jobs.rows.interleaved): a claim takes rows in
order (due time, then id), and a province's rows written together would fill a worker's batch and backlog
with one bot's rows, which then waits out its second while the other provinces' bots are idle.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, sessionmaker

from jobs.rows import materialize_plans
from storage.db import hold_writer, refresh_statistics
from storage.models import Plan, Reminder

PLAN_GROUP = 50  # plans written ahead per transaction


def plans_behind(sessions: sessionmaker[Session], now: datetime) -> list[int]:
    """The plans whose reminders are not yet written up to now, the tenants interleaved (spread)."""
    with sessions.begin() as session:
        return spread(session.execute(select(Plan.id, Plan.tenant).where(_behind(now)).order_by(Plan.id)))


def spread(plans: Iterable[tuple[int, str]]) -> list[int]:
    """Plan ids (id, tenant) in an order that deals each tenant's plans evenly over the list: the k-th of a
    tenant's n plans at (k + 1/2) / n of the way, so that any stretch of the list (a group of PLAN_GROUP,
    the rows a claim takes) holds every tenant in proportion to its plans. One tenant: by id, as before."""
    by_tenant: dict[str, list[int]] = {}
    for plan_id, tenant in plans:
        by_tenant.setdefault(tenant, []).append(plan_id)
    placed = [((rank + 0.5) / len(ids), tenant, plan_id)
              for tenant, ids in by_tenant.items() for rank, plan_id in enumerate(sorted(ids))]
    return [plan_id for _, _, plan_id in sorted(placed)]


def plan_ahead(sessions: sessionmaker[Session], behind: list[int], now: datetime) -> tuple[int, list[int]]:
    """Writes the plans' rows group by group, or `planning_lanes` groups at a time: while one waits for the
    database (psycopg lets go of the interpreter then), the next is computed. Returns how many reminders were
    computed, and the plans written."""
    groups = [behind[start:start + PLAN_GROUP] for start in range(0, len(behind), PLAN_GROUP)]
    lanes = min(planning_lanes(sessions), len(groups))
    if lanes <= 1:
        done = [_plan_group(sessions, group, now) for group in groups]
    else:
        with ThreadPoolExecutor(lanes, thread_name_prefix="plan-ahead") as pool:
            done = list(pool.map(lambda group: _plan_group(sessions, group, now), groups))
    if len(behind) >= PLAN_GROUP:
        # a day written for many communes at once: without fresh statistics PostgreSQL still counts the
        # few pending rows it saw last, and reads and sorts the whole day at each claim (42 ms a claim
        # of 100 at 3,321 communes, instead of 0.2 ms down the pending rows' index)
        with sessions.begin() as session:
            refresh_statistics(session, Reminder.__tablename__)
    return sum(planned for planned, _ in done), [plan_id for _, written in done for plan_id in written]


def planning_lanes(sessions: sessionmaker[Session]) -> int:
    """How many groups of plans plan_ahead writes at a time: two on PostgreSQL, whose transactions go on
    side by side; one on SQLite, which has one writer at a time."""
    return 2 if sessions.kw["bind"].dialect.name == "postgresql" else 1


def _plan_group(sessions: sessionmaker[Session], group: list[int], now: datetime) -> tuple[int, list[int]]:
    """One transaction: the plans locked (a plan locked elsewhere is skipped, for the next tick), then their
    chats read and their rows written. A link (jobs.validity.chat_linked) takes the same lock, so a chat
    linked meanwhile is either read here or takes over the unbound rows written here."""
    with sessions.begin() as session:
        hold_writer(session)  # SQLite's lock: taken before the first read
        plans = list(session.scalars(select(Plan).where(Plan.id.in_(group), _behind(now))
                                     .with_for_update(skip_locked=True)))
        order = {plan_id: index for index, plan_id in enumerate(group)}
        plans.sort(key=lambda plan: order[plan.id])  # the group's spread order: the rows are interleaved in it
        planned = materialize_plans(session, plans, now)
    return planned, [plan.id for plan in plans]


def _behind(now: datetime) -> ColumnElement[bool]:
    """Plans whose reminders are not yet written up to now."""
    return or_(Plan.reminders_until.is_(None), Plan.reminders_until <= now)
