"""Reminder rows, written ahead: the rules' reminders for the rest of the day become rows with a unique key,
one per chat of the unit (an "unbound" one for a unit with no chat), so that each is claimed, then sent or
failed, and goes out once; a row that exists already is left alone.

Rows are written ahead for the rest of the day (materialize, from each plan's watermark), and the 30-second
tick only claims the rows whose instant has come: the tick grows with the reminders due, not with the tasks
of every plan.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from itertools import zip_longest
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from jobs.due import PlanWindow, reminders_between
from jobs.explaining import raise_unanswered
from plan_data.policy import policy_of, work_calendar
from plan_data.reminder_rules import DueReminder
from plan_data.zone import next_midnight
from storage.models import ChatBinding, Occurrence, Plan, Unit
from storage.models import Reminder as ReminderRow


def materialize(session: Session, plan: Plan, now: datetime) -> int:
    """Writes the plan's reminders from its watermark to the end of today as pending rows (a row that
    exists already is left alone), then moves the watermark. Returns how many reminders were computed."""
    return materialize_plans(session, [plan], now)


def materialize_plans(session: Session, plans: list[Plan], now: datetime) -> int:
    """materialize for a group of plans in one transaction: their tasks and chats read in one load, their
    rows written in bulk inserts."""
    behind = []
    for plan in plans:
        zone = ZoneInfo(policy_of(plan).timezone)
        start = plan.reminders_until or datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
        if start < next_midnight(now, zone):
            behind.append(PlanWindow(plan, start, next_midnight(now, zone)))
    if not behind:
        return 0
    found = reminders_between(session, behind)
    chats = _chats_by_unit(session, set(found))
    _insert_ignoring_existing(session, interleaved([[row for r in found[plan.id]
                                                     for row in _rows(plan, r, chats.get((plan.id, r.chat), []))]
                                                    for plan, _, _ in behind]))
    raise_unanswered(session, behind)  # «giải trình» not answered by its due day: to the chairman, once
    _move_watermarks(session, [(plan, until) for plan, _, until in behind])
    return sum(len(reminders) for reminders in found.values())


def interleaved(rows_by_plan: list[list[dict[str, object]]]) -> list[dict[str, object]]:
    """The plans' rows dealt one at a time, plan after plan (ids follow this order): the claim takes rows
    by due time then id, so rows of one due time come out of every plan of the group in turn, and of every
    tenant when the plans were spread (jobs.planning.spread), not a province's thousands one after another."""
    return [row for round_ in zip_longest(*rows_by_plan) for row in round_ if row is not None]


def _move_watermarks(session: Session, moves: list[tuple[Plan, datetime]]) -> None:
    """Each plan's watermark to its instant: one UPDATE per instant (a group's plans share it), not one per
    plan as a flush sends them; the loaded plans hold the new value as if it had been flushed."""
    plans_until: dict[datetime, list[Plan]] = {}
    for plan, until in moves:
        plans_until.setdefault(until, []).append(plan)
    for until, plans in plans_until.items():
        session.execute(update(Plan).where(Plan.id.in_([plan.id for plan in plans])).values(reminders_until=until)
                        .execution_options(synchronize_session=False))
        for plan in plans:
            set_committed_value(plan, "reminders_until", until)


def write_rows(session: Session, plan: Plan, reminders: list[DueReminder]) -> None:
    """A row per reminder and chat of its unit; a row that exists already is left alone."""
    chats = _chats_by_unit(session, {plan.id})
    _insert_ignoring_existing(session, [row for r in reminders for row in _rows(plan, r, chats.get((plan.id, r.chat), []))])


def _chats_by_unit(session: Session, plan_ids: set[int]) -> dict[tuple[int, str], list[str]]:
    """(plan id, unit code) -> the unit's active chats, "telegram:-1001"."""
    query = (select(Unit.plan_id, Unit.code, ChatBinding.platform, ChatBinding.chat_id)
             .join(ChatBinding, ChatBinding.unit_id == Unit.id)
             .where(Unit.plan_id.in_(plan_ids), ChatBinding.active.is_(True),
                    # the console chat is a person at a terminal, now. A literal, not a parameter: PostgreSQL's
                    # generic plan for "platform <> $1" expects no row to pass and walks every binding
                    # (34 ms a group at 3,321 communes, against 3 ms)
                    ChatBinding.platform != literal_column("'console'"))
             .order_by(ChatBinding.id))
    chats: dict[tuple[int, str], list[str]] = {}
    for plan_id, code, platform, chat_id in session.execute(query):
        chats.setdefault((plan_id, code), []).append(f"{platform}:{chat_id}")
    return chats


def _rows(plan: Plan, reminder: DueReminder, chats: list[str]) -> list[dict[str, object]]:
    """One row per chat of the unit; a unit with no chat gets an "unbound" row, so nothing vanishes."""
    base = {"plan_id": plan.id, "occurrence_id": reminder.occurrence_id, "subject": reminder.subject,
            "kind": reminder.kind, "due_at": reminder.at}  # attempts and error: the columns' defaults
    if not chats:
        return [{**base, "chat": f"unit:{reminder.chat}", "state": "unbound"}]
    return [{**base, "chat": chat, "state": "pending"} for chat in chats]


def _is_postgresql(bind) -> bool:
    return bind.dialect.name == "postgresql"


_ROW_COLUMNS = ("plan_id", "occurrence_id", "subject", "kind", "due_at", "chat", "state")


def _insert_ignoring_existing(session: Session, rows: list[dict[str, object]]) -> None:
    """Rows of _ROW_COLUMNS, in their order (ids follow it); a row whose key exists already is left alone."""
    if not rows:
        return
    if _is_postgresql(session.get_bind()):
        # one statement of one array per column: a group's thousand rows are parsed and planned once
        # (insertmanyvalues sends thousands of parameters, which PostgreSQL parses as one VALUES list)
        session.execute(_unnest_insert(), {name: [row[name] for row in rows] for name in _ROW_COLUMNS})
    else:
        # executemany: SQLAlchemy sends it as multi-row INSERTs of a cached statement ("insertmanyvalues")
        session.execute(sqlite_insert(ReminderRow).on_conflict_do_nothing(), rows)


@lru_cache(maxsize=1)
def _unnest_insert():
    """INSERT … SELECT FROM unnest(:plan_id, :occurrence_id, …) WITH ORDINALITY ORDER BY it, ON CONFLICT DO
    NOTHING; the columns left out get their defaults, as in any Core insert."""
    table = ReminderRow.__table__
    arrays = [bindparam(name, type_=ARRAY(table.c[name].type)) for name in _ROW_COLUMNS]
    source = func.unnest(*arrays).table_valued(*_ROW_COLUMNS, with_ordinality="n").render_derived()
    ordered = select(*(source.c[name] for name in _ROW_COLUMNS)).order_by(source.c.n)
    return pg_insert(table).from_select(_ROW_COLUMNS, ordered).on_conflict_do_nothing()


def snooze(session: Session, plan: Plan, occurrence: Occurrence, platform: str, chat_id: str, now: datetime) -> datetime:
    """"⏰ Nhắc lại": one more reminder to this chat at send time on the next working day."""
    policy = policy_of(plan)
    zone = ZoneInfo(policy.timezone)
    day = work_calendar(policy).next_working_day(now.astimezone(zone).date() + timedelta(days=1))
    at = datetime.combine(day, policy.send_at, tzinfo=zone)
    _insert_ignoring_existing(session, [{
        "plan_id": plan.id, "occurrence_id": occurrence.id, "subject": f"occurrence:{occurrence.id}",
        "kind": "snooze", "due_at": at, "chat": f"{platform}:{chat_id}", "state": "pending", "attempts": 0,
        "error": ""}])
    return at
