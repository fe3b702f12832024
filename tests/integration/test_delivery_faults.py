"""Delivery under faults (issue 14), in one process: the real engine, the real PTB Bot over HTTP to the
Bot API stand-in, SQLite and PostgreSQL, time on a virtual clock. The processes (kills, SIGTERM, several
workers) are in tests/e2e/test_delivery_faults.py."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from telegram import Bot

from bot.channels.telegram import TelegramSender
from jobs.claims import claim
from jobs.notify import notify_focal
from storage.invites import bind_directly
from storage.models import ChatBinding
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, VirtualClock, run_until, seed
from tests.support.fake_bot_api import ApiError, FakeBotApi
from tests.support.pace import repeats

BUSY_DAY = datetime(2026, 3, 31, 7, 0, tzinfo=VN)


@pytest.fixture
async def rig(sessions) -> AsyncIterator[EngineRig]:
    clock = VirtualClock(BUSY_DAY)
    seed(sessions, datetime(2026, 1, 1, tzinfo=VN))
    async with FakeBotApi() as api, Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        yield EngineRig(api, bot, sessions, clock)


async def run_to(rig: EngineRig, hour: int, minute: int = 0) -> None:
    """Ticks every 30 s of the virtual clock up to hour:minute (tests.support.engine.run_until); each tick must
    end (no tick that never returns)."""
    await run_until(rig, rig.clock.now.astimezone(VN).replace(hour=hour, minute=minute))


def refuse(rig: EngineRig, chats: set[str], status: int, description: str, until: datetime | None = None) -> None:
    """The stand-in answers every sendMessage to `chats` (all chats when empty) with an error, until `until`."""
    original = rig.api._send_message

    async def send(params):
        if (not chats or str(params.get("chat_id")) in chats) and (until is None or rig.clock.now < until):
            raise ApiError(status, description)
        return await original(params)

    rig.api.on("sendMessage", send)


def nothing_lost(rig: EngineRig) -> None:
    assert not rig.rows("pending") and not rig.rows("claimed") and not rig.rows("failed")
    assert len({(str(m["chat_id"]), m["text"]) for m in rig.api.messages()}) == len(rig.rows("sent"))


async def test_crashed_claims_then_an_outage_fail_nothing(rig: EngineRig) -> None:
    """Six workers claimed the 08:00 rows and died; then Telegram answered 500 for 15 s. Claims are not
    attempts, and an outage is waited out: every reminder arrives, none ends in "failed"."""
    rig.clock.now = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    rig.engine.plan_ahead(rig.clock.now)
    for _ in range(6):
        with rig.sessions.begin() as session:
            assert claim(session, rig.clock.now, limit=1000)
        rig.clock.advance(minutes=11)  # the crashed worker's claims lapse
    refuse(rig, set(), 500, "Internal Server Error", until=rig.clock.now + timedelta(seconds=15))
    await run_to(rig, 11)
    nothing_lost(rig)
    assert max(r.attempts for r in rig.rows("sent")) <= 3  # the outage's errors, not the crashes


async def test_a_chat_at_its_minute_is_skipped_and_the_others_go_on(rig: EngineRig) -> None:
    rig.clock.now = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    rig.engine.plan_ahead(rig.clock.now)
    with rig.sessions.begin() as session:
        plan_id = pick_plan(session).id
        for number in range(45):
            notify_focal(session, plan_id, f"test:{number}", f"Thông báo {number}", rig.clock.now)
    for _ in range(2):  # 08:00 and 08:00:30: one a second into a chat, the focal point's 20 go within the minute
        await asyncio.wait_for(rig.engine.tick(), 60)
        rig.clock.now = max(rig.clock.now, datetime(2026, 3, 31, 8, 0, 30, tzinfo=VN))
    focal = str(CHAT_OF["vhxh"])
    assert len(rig.api.messages(focal)) == 20  # its minute is full
    waiting = [r for r in rig.rows("pending") if r.due_at <= rig.clock.now]
    assert waiting and {r.chat for r in waiting} == {f"telegram:{focal}"}  # every other chat got all of its own
    assert rig.clock.slept < 60  # nobody waited out the full chat's minute
    await run_to(rig, 8, 10)
    nothing_lost(rig)
    sent = sorted(r.sent_at for r in rig.rows("sent") if r.chat == f"telegram:{focal}")
    assert all(later - earlier >= timedelta(seconds=60) for earlier, later in zip(sent, sent[20:], strict=False))
    assert all(later - earlier >= timedelta(seconds=1) for earlier, later in itertools.pairwise(sent))


def _by_moment(rig: EngineRig) -> dict[str, set[tuple[str, str]]]:
    moments: dict[str, set[tuple[str, str]]] = {}
    for row in rig.rows("sent"):
        moments.setdefault(row.sent_at.astimezone(VN).strftime("%H:%M"), set()).add((row.subject, row.chat))
    return moments


async def test_catch_up_at_07_30_after_a_weekend_down_is_not_sent_again_at_08_00(rig: EngineRig) -> None:
    rig.clock.now = datetime(2026, 3, 27, 7, 0, tzinfo=VN)  # Friday: the day is planned, then the bot stops
    await rig.engine.tick()
    rig.clock.now = datetime(2026, 3, 30, 7, 30, tzinfo=VN)  # back on Monday, as sending opens
    await run_to(rig, 9)
    moments = _by_moment(rig)
    assert not moments.get("07:30", set()) & moments.get("08:00", set())  # nothing twice in one morning
    assert max(Counter((str(m["chat_id"]), m["text"]) for m in rig.api.messages()).values()) == 1
    assert [m for m in rig.api.messages(CHAT_OF["hcc"]) if m["text"].startswith("⏰ Còn 1 ngày: NV 17")]


async def test_catch_up_after_a_start_at_21_00_says_what_is_true_when_sent(rig: EngineRig) -> None:
    rig.clock.now = datetime(2026, 3, 30, 21, 0, tzinfo=VN)  # Monday's 08:00 reminders never went
    await rig.engine.tick()
    rig.clock.now = datetime(2026, 3, 31, 7, 30, tzinfo=VN)
    await run_to(rig, 9)
    moments = _by_moment(rig)
    assert not moments.get("07:30", set()) & moments.get("08:00", set())
    texts = [m["text"] for m in rig.api.messages()]
    assert not [t for t in texts if t.startswith("⏰ Còn 0 ngày")]
    assert [t for t in rig.api.messages(CHAT_OF["hcc"]) if t["text"].startswith("⏰ Hôm nay đến hạn: NV 17")]


async def test_a_failed_notice_never_produces_a_notice(rig: EngineRig) -> None:
    """The focal point has two chats and both refuse, as does kt's: each failed reminder to kt is told to the
    focal point once, and the failed notices end there (no chain of notices about notices)."""
    with rig.sessions.begin() as session:
        vhxh = unit_by_code(session, pick_plan(session).id, "vhxh")
        bind_directly(session, vhxh, "telegram", "-1011", "Nhóm vhxh 2", BUSY_DAY)
    refuse(rig, {str(CHAT_OF["kt"]), str(CHAT_OF["vhxh"]), "-1011"}, 400,
           "Bad Request: not enough rights to send text messages to the chat")
    await run_to(rig, 18)
    rows = rig.rows()
    notices = {r.id for r in rows if r.kind == "notice"}
    about = [int(r.subject.split(":")[1]) for r in rows if r.kind == "notice" and r.subject.startswith("reminder:")]
    assert not [target for target in about if target in notices]  # a notice never about a notice
    focal = {f"telegram:{CHAT_OF['vhxh']}", "telegram:-1011"}
    failed = [r for r in rows if r.state == "failed" and r.kind != "notice"]
    assert any(r.chat == f"telegram:{CHAT_OF['kt']}" for r in failed)
    assert len(notices) == sum(len(focal - {r.chat}) for r in failed)  # each failed reminder told once per chat
    assert rig.api.messages(CHAT_OF["hcc"])  # the others are unaffected


async def test_when_the_focal_points_own_chat_is_gone_the_chairman_is_told(rig: EngineRig, caplog) -> None:
    refuse(rig, {str(CHAT_OF["vhxh"])}, 403, "Forbidden: bot was kicked from the supergroup chat")
    with caplog.at_level(logging.WARNING, logger="jobs.outcomes"):
        await run_to(rig, 18)
    with rig.sessions.begin() as session:
        assert session.scalar(select(ChatBinding.active).where(ChatBinding.chat_id == str(CHAT_OF["vhxh"]))) is False
    told = [m["text"] for m in rig.api.messages(CHAT_OF["chutich"]) if "đã chặn hoặc xóa bot" in m["text"]]
    assert len(told) == 1 and "Phòng Văn hóa" in told[0]
    gone = [r for r in caplog.records if "is gone" in r.getMessage()]
    assert len(gone) == 1 and str(CHAT_OF["vhxh"]) in gone[0].getMessage()


# the sender's timeout in the tests of "maybe sent": long enough that an answer on time is never late on a busy
# machine (at 0.3 s, a loaded test worker saw one), the late answers twice as long
SEND_TIMEOUT = 1.0


async def test_timeouts_that_did_post_repeat_at_most_once_each_and_are_counted(rig: EngineRig) -> None:
    """The stand-in posts the message, then answers after the sender's timeout: a "maybe sent". Each such
    timeout may repeat its message once, and is counted on the row."""
    rig.engine.senders = {"telegram": TelegramSender(rig.bot, timeout=SEND_TIMEOUT)}
    rig.api.delay_next("sendMessage", 2 * SEND_TIMEOUT, count=5)
    await run_to(rig, 18)
    assert not rig.rows("pending") and not rig.rows("claimed") and not rig.rows("failed")
    timeouts = sum(r.timeouts for r in rig.rows())
    assert timeouts == 5 and repeats(rig.api) <= timeouts
    repeated = {text for text, seen in Counter(m["text"] for m in rig.api.messages()).items() if seen > 1}
    assert len({(str(m["chat_id"]), m["text"]) for m in rig.api.messages()}) == len(rig.rows("sent"))
    print(f"timeouts={timeouts} repeats={repeats(rig.api)} repeated={len(repeated)}")


async def test_a_message_whose_sends_timed_out_twice_repeats_once_per_timeout(rig: EngineRig) -> None:
    """The intended "maybe sent" trade-off, pinned: each timeout that did post repeats its message once, no
    more. hcc's "hôm nay đến hạn" is posted and answered too late twice: it arrives three times, its row
    counts two timeouts, and every other message arrives once."""
    rig.engine.senders = {"telegram": TelegramSender(rig.bot, timeout=SEND_TIMEOUT)}
    original, late = rig.api._send_message, [2]

    async def send(params):
        if str(params.get("chat_id")) == str(CHAT_OF["hcc"]) and params["text"].startswith("⏰ Hôm nay đến hạn: NV 17") \
                and late[0]:
            late[0] -= 1
            rig.api.delay_next("sendMessage", 2 * SEND_TIMEOUT)  # posted now, answered after the sender's timeout
        return await original(params)

    rig.api.on("sendMessage", send)
    await run_to(rig, 18)
    nothing_lost(rig)
    arrivals = Counter((str(m["chat_id"]), m["text"]) for m in rig.api.messages())
    [(chat, text)] = [key for key, seen in arrivals.items() if seen > 1]
    assert chat == str(CHAT_OF["hcc"]) and text.startswith("⏰ Hôm nay đến hạn: NV 17") and arrivals[chat, text] == 3
    assert [r.timeouts for r in rig.rows() if r.timeouts] == [2] and repeats(rig.api) == 2
