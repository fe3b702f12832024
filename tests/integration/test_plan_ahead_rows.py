"""plan_ahead's batched path writes what the plain one would: several communes planned in groups (one plan a
groups of two here, so that plans share a group and, on PostgreSQL, both planning lanes are used), with shared computation
across plans (plan_data.reminder_rules' `alike`) and one bulk insert per group, give exactly the rows that each plan's
reminders computed on their own from its ORM objects and written one chat at a time would give: every
column, and in the same order within a plan (the claim sends rows of one instant in id order)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

import jobs.planning
from jobs.due import report_due_dates
from jobs.engine import ReminderEngine
from plan_data.policy import policy_of
from plan_data.policy import work_calendar as calendar
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.reminder_rules import due_reminders, state_of
from plan_data.workdays import WorkCalendar
from plan_data.zone import next_midnight
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import ChatBinding, Occurrence, Plan, Task, Unit
from storage.models import Reminder as ReminderRow
from storage.queries import unit_by_code
from tests.conftest import VN

LOADED = datetime(2026, 1, 1, tzinfo=VN)
# check-ins and reports; a Monday digest; Q1 ends; a day off (Giỗ Tổ, nghỉ bù); a day after Reunification Day
DAYS = (date(2026, 2, 25), date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 27), date(2026, 5, 4))
WORKING = WorkCalendar()
OTHER_POLICY = {"remind_days_before": [5, 2], "days_off": ["2026-03-30"], "send_at": "09:15",
                "overdue_every_working_days": 2}


@pytest.fixture
def communes(sessions) -> list[int]:
    """Three communes of one appendix, made different: chats bound twice, unbound, inactive and on the
    console; occurrences done, awaiting confirmation and extended; one commune with a policy of its own."""
    spec = read_plan(BUNDLED_PLAN)
    plans = []
    with sessions.begin() as session:
        for commune in range(3):
            plan_id = load_plan(session, replace(spec, commune=f"Xã {commune}"), LOADED).plan_id
            plans.append(plan_id)
            for k, unit in enumerate(("vhxh", "vp", "kt", "hcc", "chutich")[commune:]):
                bind_directly(session, unit_by_code(session, plan_id, unit), "telegram",
                              str(-(3000 + 10 * commune + k)), unit, LOADED)
        bind_directly(session, unit_by_code(session, plans[0], "vhxh"), "zalo", "z-vhxh", "vhxh", LOADED)
        bind_directly(session, unit_by_code(session, plans[1], "dvsn"), "console", "local", "dvsn", LOADED)
        session.execute(update(ChatBinding).where(ChatBinding.chat_id == "-3012").values(active=False))
        session.execute(update(Plan).where(Plan.id == plans[2]).values(policy=OTHER_POLICY))
        for commune, plan_id in enumerate(plans):  # each commune's done ones are the others' open ones
            occurrences = session.scalars(select(Occurrence).join(Task).where(Task.plan_id == plan_id)
                                          .order_by(Occurrence.id))
            for j, occurrence in enumerate(occurrences):
                if j % 3 == commune:
                    occurrence.status, occurrence.done_at = "done", datetime(2026, 2, 10 + j % 9, 10, tzinfo=VN)
                elif j % 6 == (commune + 1) % 3:
                    occurrence.status, occurrence.done_at = "awaiting", datetime(2026, 3, 30, 16, tzinfo=VN)
                elif j % 5 == 4 and occurrence.due is not None and occurrence.task.kind != "recurring":
                    occurrence.due += timedelta(days=4)  # not a report's: the communes keep one report calendar
    return plans


def test_the_batched_plan_ahead_writes_the_rows_of_each_plan_computed_alone(sessions, communes, monkeypatch) -> None:
    monkeypatch.setattr(jobs.planning, "PLAN_GROUP", 2)
    for day in DAYS:
        now = datetime.combine(day, time(0, 0, 30), tzinfo=VN)
        with sessions.begin() as session:
            session.query(ReminderRow).delete()
            session.execute(update(Plan).values(reminders_until=None))
            # a plan behind by days writes them all
            session.execute(update(Plan).where(Plan.id == communes[2]).values(reminders_until=now - timedelta(days=3)))
            expected = {plan_id: alone(session, plan_id, now) for plan_id in communes}
        ReminderEngine(sessions, lambda now=now: now, {}).plan_ahead(now)
        with sessions.begin() as session:
            for plan_id in communes:
                written = session.scalars(select(ReminderRow).where(ReminderRow.plan_id == plan_id)
                                          .order_by(ReminderRow.id))
                assert [columns(row) for row in written] == expected[plan_id], (day, plan_id)
                assert session.get(Plan, plan_id).reminders_until == next_midnight(now, VN)
        if WORKING.is_working_day(day):
            assert any(expected.values()), day  # a day with something to compare
        else:  # a day off: nothing is due on it, by either path
            assert not [row for rows in expected.values() for row in rows if row[4].date() == day], day


def alone(session, plan_id: int, now: datetime) -> list[tuple]:
    """The plan's rows the plain way: its ORM objects, its reminders on their own, a row per active chat."""
    plan = session.get(Plan, plan_id)
    policy = policy_of(plan)
    start = plan.reminders_until or datetime.combine(now.astimezone(VN).date(), time(0), tzinfo=VN)
    tasks = session.scalars(select(Task).where(Task.plan_id == plan_id, Task.retired.is_(False)))
    states = [state_of(task, occurrence) for task in tasks for occurrence in task.occurrences
              if not occurrence.retired]
    reminders = due_reminders(states, start, next_midnight(now, VN), policy, calendar(policy),
                              report_due_dates(session, {plan_id}).get(plan_id, []))
    rows = []
    for reminder in reminders:
        bindings = session.scalars(select(ChatBinding).join(Unit, Unit.id == ChatBinding.unit_id)
                                   .where(Unit.plan_id == plan_id, Unit.code == reminder.chat).order_by(ChatBinding.id))
        chats = [f"{b.platform}:{b.chat_id}" for b in bindings if b.active and b.platform != "console"]
        base = (plan_id, reminder.occurrence_id, reminder.subject, reminder.kind, reminder.at.astimezone(VN))
        rows += [(*base, chat, "pending") for chat in chats] or [(*base, f"unit:{reminder.chat}", "unbound")]
    return [(*row, 0, None, None, None, 0, None, "", "") for row in rows]


def columns(row: ReminderRow) -> tuple:
    return (row.plan_id, row.occurrence_id, row.subject, row.kind, row.due_at.astimezone(VN), row.chat, row.state,
            row.attempts, row.claimed_at, row.lease_until, row.retry_at, row.timeouts, row.sent_at, row.error,
            row.text)
