"""After plan_ahead writes the day for many communes at once, PostgreSQL's planner knows how many reminder
rows there are: with the counts it saw last (none, here) it read and sorted the whole day at each claim of
the 08:00 burst. On SQLite nothing is kept, and the same plan_ahead just works."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select, text

import jobs.planning
from jobs.engine import ReminderEngine
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Reminder
from storage.queries import unit_by_code
from tests.conftest import VN

MORNING = datetime(2026, 3, 31, 7, 0, tzinfo=VN)


def counted_rows(sessions) -> float | None:
    """What the planner believes the reminders table holds (pg_class.reltuples); None on SQLite."""
    with sessions.begin() as session:
        if session.get_bind().dialect.name != "postgresql":
            return None
        return session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'reminders'"))


def test_a_day_planned_for_many_communes_is_counted_for_the_planner(sessions, monkeypatch) -> None:
    monkeypatch.setattr(jobs.planning, "PLAN_GROUP", 2)  # "many": more plans than one group, here three
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        for commune in range(3):
            plan_id = load_plan(session, replace(spec, commune=f"Xã {commune}"), MORNING).plan_id
            bind_directly(session, unit_by_code(session, plan_id, "vhxh"), "telegram", f"-{900 + commune}", "vhxh",
                          MORNING)
    before = counted_rows(sessions)
    planned = ReminderEngine(sessions, lambda: MORNING, {}).plan_ahead(MORNING)
    with sessions.begin() as session:
        rows = session.scalar(select(func.count()).select_from(Reminder))
    assert planned > 0 and rows > 0
    after = counted_rows(sessions)
    if after is not None:  # PostgreSQL: the day's rows are in the planner's count
        assert before != rows and after == rows
