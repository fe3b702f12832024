"""Reminders as database rows: the plan's state is read, the policy says what is due, and each reminder
becomes a row with a unique key that is claimed, then sent or failed, so it goes out once.

Rows are written ahead for the rest of the day (materialize), and the 30-second tick only claims the
rows whose instant has come: the tick grows with the reminders due, not with the tasks of every plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from jobs.policy import DueReminder, OccurrenceState, due_reminders
from plan_data.periods import is_report as report_kind
from plan_data.policy import Policy
from plan_data.status import done_on, is_closed
from plan_data.workdays import WorkCalendar
from storage.models import ChatBinding, Occurrence, Plan, Task, Unit
from storage.models import Reminder as ReminderRow

CHAIRMAN = "chutich"  # the role told when the focal point itself cannot be reached
LEASE = timedelta(seconds=60)  # a claim not renewed for this long was lost with its worker: send it again
STALE_CLAIM = LEASE  # the name before leases (a claim had 10 minutes, renewed only just before sending)


def calendar(policy: Policy | None = None) -> WorkCalendar:
    """The working days, with the plan's own days off and worked Saturdays (policy.days_off,
    policy.working_days) when a policy is given; one calendar per set of extras, so that the holidays of
    each year are loaded once."""
    return _calendar(policy.days_off, policy.working_days) if policy else _calendar((), ())


@lru_cache(maxsize=32)
def _calendar(days_off: tuple, working_days: tuple) -> WorkCalendar:
    return WorkCalendar(extra_days_off=days_off, extra_working_days=working_days)


def policy_of(plan: Plan) -> Policy:
    return Policy.from_mapping(plan.policy or {})


def is_report(task: Task) -> bool:
    """A recurring report (task 3, BC-*): it gets "report" reminders rather than before-N."""
    return _is_report(task.kind, task.product)


@lru_cache(maxsize=4096)  # plans made from one appendix repeat their products, occurrence after occurrence
def _is_report(kind: str, product: str) -> bool:
    return report_kind(kind, product)


def state_of(task: Task, occurrence: Occurrence) -> OccurrenceState:
    """An occurrence as the policy sees it; a "xong" awaiting confirmation already stops the reminders."""
    return _state(task.number, task.responsible.code, task.kind, task.product, occurrence, bool(task.trigger))


def _state(number: str, unit: str, kind: str, product: str, occurrence, chained: bool = False) -> OccurrenceState:
    """`occurrence`: an Occurrence, or a row with its columns (id, opens, due, status, done_at)."""
    finished = done_on(occurrence) if is_closed(occurrence) else None
    return OccurrenceState(occurrence.id, number, unit, kind, occurrence.opens, occurrence.due, finished,
                           _is_report(kind, product), chained)


def _report_dates(occurrences: Iterable[tuple[bool, date | None, bool]]) -> list[date]:
    """The quarterly report dates (the due dates of report occurrences) that check-ins lead up to, from
    (is a report (_is_report), due, retired) of a plan's current tasks' occurrences."""
    return sorted({due for report, due, retired in occurrences if due and not retired and report})


def report_due_dates(session: Session, plan_ids: set[int]) -> dict[int, list[date]]:
    """report_dates of several plans, in one statement that reads only their recurring tasks' dates."""
    query = (select(Task.plan_id, Task.kind, Task.product, Occurrence.due, Occurrence.retired)
             .join(Occurrence, Occurrence.task_id == Task.id)
             .where(Task.plan_id.in_(plan_ids), Task.kind == "recurring", Task.retired.is_(False),
                    Occurrence.due.is_not(None)))
    rows: dict[int, list[tuple[bool, date | None, bool]]] = {}
    for plan_id, kind, product, due, retired in session.execute(query):
        rows.setdefault(plan_id, []).append((_is_report(kind, product), due, retired))
    return {plan_id: _report_dates(found) for plan_id, found in rows.items()}


def occurrence_states(session: Session, plan: Plan) -> tuple[list[OccurrenceState], list[date]]:
    """The plan as the policy sees it, and its report dates."""
    return plans_states(session, {plan.id})[plan.id]


def plans_states(session: Session, plan_ids: set[int]) -> dict[int, tuple[list[OccurrenceState], list[date]]]:
    """occurrence_states for several plans, from one statement of plain rows (plan_ahead plans them in
    groups: no ORM objects for tens of thousands of occurrences)."""
    # Unit.plan_id as well (a task's unit is its own plan's): with it PostgreSQL sees how few rows a group
    # joins, and reaches occurrences through their index instead of scanning the whole table once per group
    # (45 ms a group at 3,321 communes, growing with the table; 9 ms so)
    query = (select(Task.plan_id, Task.number, Task.kind, Task.product, Task.trigger, Unit.code, Occurrence.id,
                    Occurrence.opens, Occurrence.due, Occurrence.status, Occurrence.done_at)
             .join(Occurrence, Occurrence.task_id == Task.id).join(Unit, Unit.id == Task.responsible_id)
             .where(Task.plan_id.in_(plan_ids), Unit.plan_id.in_(plan_ids), Task.retired.is_(False),
                    Occurrence.retired.is_(False)))
    states: dict[int, list[OccurrenceState]] = {plan_id: [] for plan_id in plan_ids}
    for row in session.execute(query):
        states[row.plan_id].append(_state(row.number, row.code, row.kind, row.product, row, bool(row.trigger)))
    return {plan_id: (found, _report_dates((state.is_report, state.due, False) for state in found))
            for plan_id, found in states.items()}


def next_midnight(now: datetime, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)


def materialize(session: Session, plan: Plan, now: datetime) -> int:
    """Writes the plan's reminders from its watermark to the end of today as pending rows (a row that
    exists already is left alone), then moves the watermark. Returns how many reminders were computed."""
    return materialize_plans(session, [plan], now)


def materialize_plans(session: Session, plans: list[Plan], now: datetime) -> int:
    """materialize for a group of plans in one transaction: their tasks and chats read in one load, their
    rows written in bulk inserts."""
    behind = []
    for plan in plans:
        policy = policy_of(plan)
        zone = ZoneInfo(policy.timezone)
        start = plan.reminders_until or datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
        if start < next_midnight(now, zone):
            behind.append((plan, policy, start, next_midnight(now, zone)))
    if not behind:
        return 0
    ids = {plan.id for plan, *_ in behind}
    states, chats = plans_states(session, ids), _chats_by_unit(session, ids)
    rows, computed, alike = [], 0, {}
    for plan, policy, start, until in behind:
        plan_states, report_dues = states[plan.id]
        reminders = due_reminders(plan_states, start, until, policy, calendar(policy), report_dues, alike)
        rows.extend(row for r in reminders for row in _rows(plan, r, chats.get((plan.id, r.chat), [])))
        computed += len(reminders)
    _insert_ignoring_existing(session, rows)
    _move_watermarks(session, [(plan, until) for plan, _, _, until in behind])
    return computed


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


def planning_lanes(sessions: sessionmaker[Session]) -> int:
    """How many groups of plans plan_ahead writes at a time: two on PostgreSQL, whose transactions go on
    side by side; one on SQLite, which has one writer at a time."""
    return 2 if _is_postgresql(sessions.kw["bind"]) else 1


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


@dataclass(frozen=True)
class Job:
    """A claimed reminder: what to send, and where."""

    id: int
    plan_id: int
    kind: str
    subject: str
    occurrence_id: int | None
    due_at: datetime
    platform: str
    chat_id: str
    claimed_at: datetime | None = None  # this worker's claim: re-confirmed just before sending


def mark(session: Session, job_id: int, state: str, now: datetime, error: str = "") -> None:
    mark_all(session, [job_id], state, now, error)


def mark_all(session: Session, job_ids: list[int], state: str, now: datetime, error: str = "") -> None:
    """Rows settled together (a group sent, a batch's skipped ones): one UPDATE per 500 rows."""
    values: dict[str, object] = {"state": state, "error": error[:500]}
    if state == "sent":
        values["sent_at"] = now
    connection = session.connection()  # Core: no ORM objects to keep in step with these rows
    for start in range(0, len(job_ids), 500):
        connection.execute(update(ReminderRow).where(ReminderRow.id.in_(job_ids[start:start + 500]))
                           .values(**values))


def snooze(session: Session, plan: Plan, occurrence: Occurrence, platform: str, chat_id: str, now: datetime) -> datetime:
    """"⏰ Nhắc lại": one more reminder to this chat at send time on the next working day."""
    policy = policy_of(plan)
    zone = ZoneInfo(policy.timezone)
    day = calendar(policy).next_working_day(now.astimezone(zone).date() + timedelta(days=1))
    at = datetime.combine(day, policy.send_at, tzinfo=zone)
    _insert_ignoring_existing(session, [{
        "plan_id": plan.id, "occurrence_id": occurrence.id, "subject": f"occurrence:{occurrence.id}",
        "kind": "snooze", "due_at": at, "chat": f"{platform}:{chat_id}", "state": "pending", "attempts": 0,
        "error": ""}])
    return at


def notify_focal(session: Session, plan_id: int, subject: str, text: str, now: datetime,
                 exclude: int | None = None) -> None:
    """A notice to the focal point's chats, sent by the next tick like any reminder."""
    notify(session, [b for b in active_chats(session, plan_id, Unit.focal.is_(True)) if b.id != exclude],
           subject, text, now)


def notify(session: Session, bindings: Iterable[ChatBinding], subject: str, text: str, now: datetime) -> None:
    for binding in bindings:
        session.add(ReminderRow(plan_id=binding.plan_id, occurrence_id=None, subject=subject, kind="notice",
                                due_at=now, chat=f"{binding.platform}:{binding.chat_id}", state="pending", text=text))


def active_chats(session: Session, plan_id: int, which) -> list[ChatBinding]:
    query = (select(ChatBinding).join(Unit, ChatBinding.unit_id == Unit.id)
             .where(Unit.plan_id == plan_id, which, ChatBinding.active.is_(True))
             .order_by(ChatBinding.id))
    return list(session.scalars(query))
