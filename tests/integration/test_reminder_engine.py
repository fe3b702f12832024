"""The reminder engine end to end: rows in a real database, messages through the real PTB Bot over HTTP
to the local Bot API stand-in, time on a virtual clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming
from bot.core.service import respond
from jobs.backlog import Backlog
from jobs.claims import claim
from jobs.engine import TickReport
from storage.invites import bind_directly, create_invite
from storage.models import ChatBinding, Occurrence, Task
from storage.models import Reminder as ReminderRow
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, engine_rig, run_until, seeded

BUSY_DAY = datetime(2026, 3, 31, 7, 0, tzinfo=VN)  # Quý I ends: due tasks, overdue reports, escalations


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    """The seeded database (seed, on 01/01), copied rather than loaded again for each test."""
    yield from seeded(request, database_kind)


@pytest.fixture
async def rig(sessions) -> AsyncIterator[EngineRig]:
    async with engine_rig(sessions, BUSY_DAY) as rig:
        yield rig


async def run_day(rig: EngineRig, until_hour: int = 18) -> None:
    await run_until(rig, rig.clock.now.astimezone(VN).replace(hour=until_hour, minute=0, second=0, microsecond=0))


async def test_a_busy_day_goes_out_once_in_office_hours(rig: EngineRig) -> None:
    await run_day(rig)
    sent = rig.rows("sent")
    assert sent and not rig.rows("pending") and not rig.rows("claimed") and not rig.rows("failed")
    assert len(rig.api.messages()) == len(sent)  # every row exactly one message
    assert all(r.sent_at.astimezone(VN).hour == 8 for r in sent)  # due at 08:00, sent at 08:00
    kinds = {r.kind for r in sent}
    assert {"due", "overdue"} <= kinds  # the escalation steps: tests/integration/test_escalation_steps.py
    due = next(m for m in rig.api.messages(CHAT_OF["hcc"]) if m["text"].startswith("⏰ Hôm nay đến hạn: NV 17"))
    buttons = [b["callback_data"] for row in due["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["xong 17", "nv 17", "nhắc lại 17"]
    await run_day(rig)  # the same day again: nothing more
    assert len(rig.api.messages()) == len(sent)


async def test_nothing_outside_office_hours_or_on_a_day_off(rig: EngineRig) -> None:
    rig.clock.now = datetime(2026, 2, 17, 8, 0, tzinfo=VN)  # Tết
    await rig.engine.tick()
    rig.clock.now = datetime(2026, 3, 3, 22, 0, tzinfo=VN)  # a working day, but at 22:00
    await rig.engine.tick()
    assert rig.api.messages() == []
    rig.clock.now = datetime(2026, 3, 4, 7, 45, tzinfo=VN)
    await rig.engine.tick()
    assert rig.api.messages()  # 3 March's missed 08:00 reminders go out the next morning


async def test_after_downtime_only_the_latest_per_occurrence_is_sent(rig: EngineRig) -> None:
    rig.clock.now = datetime(2026, 3, 4, 8, 0, tzinfo=VN)
    await rig.engine.tick()
    first = len(rig.rows("sent"))
    rig.clock.now = datetime(2026, 3, 23, 9, 0, tzinfo=VN)  # down for a fortnight: many reminders missed
    await rig.engine.tick()
    later = [r for r in rig.rows("sent") if r.sent_at.astimezone(VN).day == 23]
    assert len({(r.subject, r.chat) for r in later}) == len(later)  # one per occurrence and chat, not a flood
    assert rig.rows("skipped") and first > 0
    assert len(rig.api.messages()) == first + len(later)


async def test_429_timeouts_and_5xx_are_survived_with_nothing_lost(rig: EngineRig) -> None:
    rig.api.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 3", retry_after=3)
    rig.api.fail_next("sendMessage", status=502, description="Bad Gateway", count=2)
    rig.api.fail_next("sendMessage", status=500, description="Internal Server Error", count=6)
    rig.api.delay_next("sendMessage", 7.0)  # longer than PTB's read timeout: TimedOut
    await run_day(rig)
    sent = rig.rows("sent")
    assert not rig.rows("failed") and not rig.rows("pending") and not rig.rows("claimed")
    delivered = rig.api.messages()
    # the delayed message was accepted by the server but timed out at the client: it may repeat, once
    assert len(sent) <= len(delivered) <= len(sent) + 1
    assert rig.clock.slept >= 3  # RetryAfter was honoured


async def test_a_chat_that_removed_the_bot_is_marked_and_the_focal_point_told(rig: EngineRig) -> None:
    def kicked(params):
        if str(params.get("chat_id")) == str(CHAT_OF["kt"]):
            from tests.support.fake_bot_api import ApiError
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        return None

    original = rig.api._send_message

    async def send(params):
        kicked(params)
        return await original(params)

    rig.api.on("sendMessage", send)
    await run_day(rig)
    with rig.sessions.begin() as session:
        binding = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == str(CHAT_OF["kt"])))
        assert binding.active is False
    failed = rig.rows("failed")
    assert failed and all("chat gone" in r.error or r.error == "chat inactive" for r in failed)
    assert sum("chat gone" in r.error for r in failed) == 1  # one attempt found it gone; the rest were not tried
    notices = [m for m in rig.api.messages(CHAT_OF["vhxh"]) if "đã chặn hoặc xóa bot" in m["text"]]
    assert len(notices) == 1 and "Phòng Kinh tế" in notices[0]["text"]


async def test_done_tasks_get_nothing_more(rig: EngineRig) -> None:
    with rig.sessions.begin() as session:
        occurrence = session.scalar(select(Occurrence).join(Task).where(Task.number == "BC-hcc",
                                                                         Occurrence.seq == 0))
        occurrence.status, occurrence.done_at = "done", BUSY_DAY
    await run_day(rig)
    assert rig.api.messages(CHAT_OF["hcc"])
    assert not [m for m in rig.api.messages(CHAT_OF["hcc"]) if "BC-hcc" in m["text"]]


async def test_snooze_reminds_on_the_next_working_day_and_monday_brings_the_digest(rig: EngineRig) -> None:
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=VN)
    incoming = Incoming("telegram", str(CHAT_OF["hcc"]), "7", "Bình", "nhắc lại 17", addressed=True)
    reply = respond(incoming, rig.sessions, friday)
    assert "08:00 09/03/2026 (Thứ Hai)" in reply.text
    rig.clock.now = datetime(2026, 3, 9, 8, 0, tzinfo=VN)
    await rig.engine.tick()
    snoozed = [m for m in rig.api.messages(CHAT_OF["hcc"]) if m["text"].startswith("⏰ Nhắc lại: NV 17")]
    assert len(snoozed) == 1
    digest = [m for m in rig.api.messages(CHAT_OF["chutich"]) if m["text"].startswith("📋 Tổng hợp tuần")]
    assert len(digest) == 1 and "Quá hạn" in digest[0]["text"]


def _texts(rig: EngineRig, unit: str) -> list[str]:
    return [m["text"] for m in rig.api.messages(CHAT_OF[unit])]


async def test_changes_made_before_08_00_change_that_morning(rig: EngineRig) -> None:
    rig.clock.now = datetime(2026, 3, 31, 7, 30, tzinfo=VN)
    await rig.engine.tick()  # the day is planned: 08:00 rows for every due, overdue and escalation
    def say(unit: str, text: str) -> str:
        incoming = Incoming("telegram", str(CHAT_OF[unit]), "7", "Cán bộ", text, addressed=True)
        return respond(incoming, rig.sessions, datetime(2026, 3, 31, 7, 40, tzinfo=VN)).text

    assert "gia hạn đến" in say("chutich", "gia hạn BC-hcc 30/4 chờ số liệu")  # it was overdue since 04/03
    assert "hạn 31/03/2026" in say("vhxh", "hạn 7 hôm nay")  # an event dated today, after the day was planned
    rig.clock.now = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    await rig.engine.tick()
    assert not [t for t in _texts(rig, "hcc") + _texts(rig, "chutich") if "BC-hcc" in t and "Quá hạn" in t]
    assert [t for t in _texts(rig, "vhxh") if t.startswith("⏰ Hôm nay đến hạn: NV 7 ")]
    skipped = [r for r in rig.rows("skipped") if r.error.startswith("no longer due")]
    assert skipped and all(r.kind in ("overdue", "escalate") for r in skipped)


async def test_a_chat_bound_at_07_55_gets_that_mornings_reminders(rig: EngineRig) -> None:
    with rig.sessions.begin() as session:
        session.execute(delete(ChatBinding).where(ChatBinding.chat_id == str(CHAT_OF["hcc"])))
        code = create_invite(session, unit_by_code(session, pick_plan(session).id, "hcc"), rig.clock()).code
    rig.clock.now = datetime(2026, 3, 31, 7, 30, tzinfo=VN)
    await rig.engine.tick()
    linked = respond(Incoming("telegram", "-2004", "9", "Bình", f"/lienket {code}", addressed=True), rig.sessions,
                     datetime(2026, 3, 31, 7, 55, tzinfo=VN))
    assert "Đã liên kết" in linked.text
    rig.clock.now = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    await rig.engine.tick()
    assert [m for m in rig.api.messages(-2004) if m["text"].startswith("⏰ Hôm nay đến hạn: NV 17")]


async def test_a_plans_own_office_hours_and_no_rows_for_the_console(rig: EngineRig) -> None:
    with rig.sessions.begin() as session:
        plan = pick_plan(session)
        plan.policy = {**plan.policy, "office_open": "09:00", "send_at": "09:00"}
        bind_directly(session, unit_by_code(session, plan.id, "kt"), "console", "1:kt", "console", rig.clock())
    rig.clock.now = datetime(2026, 3, 31, 8, 30, tzinfo=VN)
    await rig.engine.tick()
    assert rig.api.messages() == []  # before this plan's office opens
    rig.clock.now = datetime(2026, 3, 31, 9, 0, tzinfo=VN)
    await rig.engine.tick()
    assert rig.api.messages() and not [r for r in rig.rows() if r.chat.startswith("console:")]


def taken_over(rig: EngineRig, job_id: int) -> None:
    """This worker stalled past its lease; another re-claimed the row (and sent it)."""
    rig.clock.advance(minutes=11)
    with rig.sessions.begin() as session:
        session.execute(update(ReminderRow).where(ReminderRow.id == job_id).values(claimed_at=rig.clock.now))


@pytest.mark.parametrize("stalled", ["before it was checked", "after it was checked, before its group"])
async def test_a_claim_taken_over_by_another_worker_is_not_sent_twice(rig: EngineRig, stalled: str) -> None:
    rig.clock.now = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    rig.engine.plan_ahead(rig.clock.now)
    with rig.sessions.begin() as session:
        [job] = claim(session, rig.clock.now, limit=1)
    rig.engine._confirmed = rig.clock.now  # as the tick notes a claim it has just taken
    report, held = TickReport(), []
    if stalled == "before it was checked":
        taken_over(rig, job.id)
    ready = rig.engine._prepare([job], job.claimed_at, report, held)
    if stalled == "before it was checked":
        assert ready == []  # confirmed again, since the claim is older than a heartbeat: not ours any more
    else:
        assert [j.id for j, _message in ready] == [job.id]
        taken_over(rig, job.id)
    rig.engine._started = rig.clock.now  # a tick in progress, with time left
    backlog = Backlog()
    backlog.add(ready)
    assert await rig.engine._send(backlog, job.claimed_at, report, held, more=False)
    assert rig.api.messages() == [] and report.sent == 0 and held == []
    [row] = [r for r in rig.rows() if r.id == job.id]
    assert row.state == "claimed" and row.claimed_at == rig.clock.now  # left to the worker that holds it


async def test_a_tick_that_can_send_nothing_ends_and_gives_every_row_back(rig: EngineRig) -> None:
    from jobs.engine import ReminderEngine

    idle = ReminderEngine(rig.sessions, rig.clock, {}, batch=5)  # this process runs no channel at all
    rig.clock.now = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    await asyncio.wait_for(idle.tick(), 30)
    rows = rig.rows()
    assert rows and {r.state for r in rows} <= {"pending", "unbound"}
    assert all(r.attempts == 0 for r in rows)  # holding a row is not an attempt
    for _minute in range(10):  # a process with the channel then sends them, each group 20 a minute at most
        await rig.engine.tick()
        if not rig.rows("pending"):
            break
        rig.clock.now += timedelta(seconds=61)
    assert rig.rows("sent") and not rig.rows("pending")


async def test_an_error_that_echoes_the_token_leaves_no_token_anywhere(rig: EngineRig) -> None:
    """A Bot API (or a proxy in front of it) may put the token into its error text: it never reaches the
    database, the rows' errors, the focal point's notices or what they say."""
    token = rig.bot.token
    rig.api.fail_next("sendMessage", status=400, count=200,
                      description=f"Bad Request: can't parse entities at https://api.telegram.org/bot{token}/x")
    await run_day(rig)
    failed = rig.rows("failed")
    assert failed
    with rig.sessions.begin() as session:
        stored = [f"{r.error} {r.text or ''}" for r in session.scalars(select(ReminderRow))]
    secret = token.split(":", 1)[1].lower()  # python-telegram-bot lowers most of an error's text
    assert not [s for s in stored if secret in s.lower()]
    assert any("***" in s for s in stored), stored[:3]
