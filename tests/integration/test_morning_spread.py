"""The national morning's order (issue 28): two provinces' plans, each bound through its own bot, written ahead
one province after the other, go out together at 08:00. Rows are claimed in order and a worker holds only
so many at a time (its backlog): had one province's rows come first, the second bot would have waited for the
first bot's whole morning. Here each bot's first message leaves in its first second, and both keep their pace.
The pace and the backlog are made small (parameters, not mocks) so that two communes show what 34 provinces do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from jobs.engine import ReminderEngine
from jobs.pace import Pace
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.db import make_sessions
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Plan, Reminder
from storage.queries import unit_by_code
from tests.conftest import VN
from tests.integration.test_pace_per_bot import Recorder
from tests.support.engine import VirtualClock
from tests.support.pace import over

SEEDED = datetime(2026, 1, 1, tzinfo=VN)
MORNING = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
# the first province's communes are loaded first (lower ids), the second's after: as provinces are imported
PROVINCES = {"tinh-a": ("111", ("Nam An Phụ", "An Lão")), "tinh-b": ("222", ("Đông Anh",))}
UNITS = ("vhxh", "vp", "kt", "hcc", "dvsn", "chutich")
PER_SECOND = 2  # each bot's second, made small: a province's dozens of rows take it many seconds


def seed(sessions: sessionmaker[Session]) -> None:
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        for tenant, (bot, communes) in PROVINCES.items():
            for n, commune in enumerate(communes):
                plan_id = load_plan(session, spec.for_commune(commune), SEEDED).plan_id
                session.get(Plan, plan_id).tenant = tenant
                for code in UNITS:
                    binding = bind_directly(session, unit_by_code(session, plan_id, code), "telegram",
                                            f"-{bot}{n}{UNITS.index(code)}", "", SEEDED)
                    binding.bot = bot


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    from tests.support.seeded import seeded_sessions

    yield from seeded_sessions(request, database_kind, "two-provinces", seed)


async def test_two_provinces_written_one_after_the_other_are_sent_together(sessions) -> None:
    clock = VirtualClock(MORNING)
    senders = {f"telegram/{bot}": Recorder(clock) for bot, _ in PROVINCES.values()}
    engine = ReminderEngine(sessions, clock, senders, pace=Pace(per_second=PER_SECOND), sleep=clock.sleep,
                            batch=4, backlog=8)
    engine.plan_ahead(MORNING)
    with sessions() as session:
        due = session.scalar(select(func.count()).where(Reminder.state == "pending", Reminder.due_at <= MORNING))
    await engine.tick()
    a, b = (senders[f"telegram/{bot}"].sent for bot, _ in PROVINCES.values())
    assert len(a) > 4 * PER_SECOND and len(b) > 4 * PER_SECOND  # a morning of several seconds for each bot
    assert len(a) + len(b) <= due
    for sent in (a, b):
        offsets = [(at - MORNING).total_seconds() for _chat, at in sent]
        assert min(offsets) < Pace().second.total_seconds()  # each bot's first second is its own, at once
        assert over(offsets, PER_SECOND, 1.0) == 0  # … and its pace is kept


def test_the_first_rows_claimed_hold_every_province(sessions) -> None:
    """Written ahead, the rows' order (the claim's) deals the provinces' rows in turn: in any stretch of the
    day's 08:00 rows as long as there are provinces, each province has one, but for a commune's own tail."""
    ReminderEngine(sessions, lambda: MORNING, {}).plan_ahead(MORNING)
    with sessions() as session:
        rows = session.execute(select(Reminder.plan_id, Plan.tenant).join(Plan, Plan.id == Reminder.plan_id)
                               .where(Reminder.due_at == MORNING, Reminder.state == "pending")
                               .order_by(Reminder.id)).all()
    tenants = [tenant for _plan, tenant in rows]
    assert set(tenants) == set(PROVINCES)
    head = tenants[: len(tenants) // 2]  # the plans' rows differ in number: the longest plan's tail is its own
    assert all(set(head[i:i + len(PROVINCES) + 1]) == set(PROVINCES) for i in range(len(head) - len(PROVINCES)))



@pytest.mark.parametrize("database_kind", ["postgresql"])  # SQLite has one writer: its write lock holds every bot
def test_a_worker_taking_one_bots_slots_holds_up_no_other_bot(engine) -> None:
    """Two workers' slot transactions: the bot the first holds is not waited for by the second, which takes
    its other bot's slots at once; once the first commits, the bot is free again (a single message's slot
    waits for its bot's lock: hold), and its slots counted."""
    pace, sessions = Pace(), make_sessions(engine)
    with sessions.begin() as first:
        assert pace.take(first, ["telegram/111"]) == {"telegram/111"}
        assert pace.reserve_routes(first, {"telegram/111": ["telegram:-1"] * 2}, MORNING)["telegram/111"].taken == [0]
        with sessions.begin() as second:
            assert pace.take(second, ["telegram/222", "telegram/111"]) == {"telegram/222"}
            slots = pace.reserve_routes(second, {"telegram/222": ["telegram:-2", "telegram:-3"]}, MORNING)
            assert slots["telegram/222"].taken == [0, 1]
    with sessions.begin() as third:
        pace.hold(third, ["telegram/222", "telegram/111"])  # waited for, in one order: both free now
        with sessions.begin() as fourth:
            assert pace.take(fourth, ["telegram/111", "telegram/222"]) == set()
        again = pace.reserve_routes(third, {"telegram/111": ["telegram:-1", "telegram:-4"]}, MORNING)["telegram/111"]
        assert again.taken == [1] and 0 in again.busy  # the chat's second, taken by the first worker
