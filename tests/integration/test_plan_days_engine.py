"""A plan's own days off and worked Saturdays (policy.days_off / working_days) move its reminders, through
the real engine, a real database and the Bot API stand-in, on a virtual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import pytest
from telegram import Bot

from storage.queries import pick_plan
from tests.conftest import VN
from tests.support.engine import EngineRig, VirtualClock, run_until, seed
from tests.support.fake_bot_api import FakeBotApi

SATURDAY = datetime(2026, 3, 28, 7, 0, tzinfo=VN)  # before the end of Quý I (Tuesday 31/03)


@pytest.fixture
async def rig(sessions) -> AsyncIterator[EngineRig]:
    seed(sessions, datetime(2026, 1, 1, tzinfo=VN))
    async with FakeBotApi() as api:
        bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            yield EngineRig(api, bot, sessions, VirtualClock(SATURDAY))


def _set_policy(rig: EngineRig, **days: list[str]) -> None:
    with rig.sessions.begin() as session:
        pick_plan(session).policy = days


async def _run_day(rig: EngineRig) -> None:
    await run_until(rig, rig.clock.now.astimezone(VN).replace(hour=18, minute=0, second=0, microsecond=0))


async def test_a_saturday_is_quiet_unless_the_plan_works_it(rig: EngineRig) -> None:
    await _run_day(rig)
    assert rig.api.messages() == []


async def test_a_worked_saturday_gets_its_reminders(rig: EngineRig) -> None:
    _set_policy(rig, working_days=["2026-03-28"])
    await _run_day(rig)
    sent = rig.rows("sent")
    assert sent and len(rig.api.messages()) == len(sent)
    assert {r.sent_at.astimezone(VN).date() for r in sent} == {date(2026, 3, 28)}


async def test_a_plan_day_off_sends_nothing(rig: EngineRig) -> None:
    _set_policy(rig, days_off=["2026-03-31"])
    rig.clock.now = datetime(2026, 3, 31, 7, 0, tzinfo=VN)
    await _run_day(rig)
    assert rig.api.messages() == []
