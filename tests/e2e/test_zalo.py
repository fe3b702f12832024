"""The Zalo channel end to end: the real channel and its httpx client, long-polling (or taking webhook
posts) over real HTTP against the local Zalo Bot API stand-in, on a real database."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_api import ZaloApi
from bot.core import texts
from bot.web.server import WebServer
from jobs.quota import MonthlyBudget
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.migrate import upgrade
from storage.models import Occurrence, Reminder, StatusChange, Task, ZaloQuota
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.chat import seeded_chat
from tests.support.fake_zalo_api import FakeZaloApi

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
BOT = "@Nhắc việc CCHC"
PRIVATE = {"chat_id": "p-binh", "chat_type": "PRIVATE", "user_id": "p-binh"}


@dataclass
class Rig:
    api: FakeZaloApi
    channel: ZaloChannel
    sessions: sessionmaker[Session]

    def invite(self, unit: str) -> str:
        with self.sessions.begin() as session:
            return create_invite(session, unit_by_code(session, pick_plan(session).id, unit), NOW).code

    async def say(self, text: str, **kwargs) -> dict:
        """Sends a message and returns the bot's first answer to it."""
        start = len(self.api.sent)
        self.api.push_message(text, **kwargs)
        return await self.api.wait_for("sendMessage", start=start)

    async def settle(self) -> None:
        """Every message pushed so far has been taken and handled (its answer, if any, sent)."""
        await self.api.wait_until(self.api.all_taken)
        await asyncio.wait_for(self.channel.updates.join(), 10)


@pytest.fixture
async def sessions(tmp_path) -> AsyncIterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'zalo.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    seeded_chat(sessions, NOW)  # every unit has a Telegram chat already: a Zalo chat comes beside it
    yield sessions
    engine.dispose()


async def start_rig(sessions, webhook_url: str | None = None,
                    port: int = 0) -> tuple[FakeZaloApi, ZaloChannel, WebServer]:
    """The channel, and the bot's web server with its webhook's route (none when it polls)."""
    api = await FakeZaloApi().__aenter__()
    channel = ZaloChannel(ZaloApi(api.token, api.base_url, poll_timeout=0.2), sessions, lambda: NOW,
                          MonthlyBudget(sessions, lambda: NOW, 3000))
    web = WebServer()
    await channel.start(webhook_url, "s3cret-webhook-token", web, "127.0.0.1", port)
    await web.start()
    return api, channel, web


@pytest.fixture
async def rig(sessions) -> AsyncIterator[Rig]:
    api, channel, web = await start_rig(sessions)
    assert web.routes == [] and channel.port is None  # polling, without files' links: nothing to serve
    yield Rig(api, channel, sessions)
    await channel.stop()
    await api.__aexit__()


async def test_idle_polls_are_quiet_and_a_private_chat_binds_and_marks_done(rig: Rig, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    await rig.api.wait_until(lambda: rig.api.idle_polls >= 3)  # nothing to say for a while: 408s
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith("bot.channels.zalo")]
    linked = await rig.say(f"/lienket {rig.invite('hcc')}", **PRIVATE)  # a 1:1 chat: told the reminders come here
    assert "Đã liên kết chat riêng này với Trung tâm Phục vụ hành chính công" in linked["text"]
    assert "nhắc việc của đơn vị sẽ đến đây" in linked["text"]
    done = await rig.say("xong 17 đã ban hành kế hoạch", **PRIVATE)
    assert "NV 17" in done["text"] and "đúng hạn" in done["text"]
    assert done["text"].endswith("Gõ: hoàn tác 17")  # Telegram's ↩️ button, as the command to type
    await rig.settle()
    with rig.sessions.begin() as session:
        change = session.scalar(select(StatusChange))
        assert (change.platform, change.chat_id, change.user_name) == ("zalo", "p-binh", "Bình")
        status = session.scalar(select(Occurrence.status).join(Task).where(Task.number == "17"))
        assert status == "done"
        assert session.scalar(select(ZaloQuota.sent)) == 2  # both answers counted against the month


async def test_when_the_core_fails_the_zalo_chat_gets_the_error_reply(rig: Rig, caplog) -> None:
    """A failure inside the core (here the audit table is gone, so «xong» cannot be recorded) comes back as
    the short error reply, as on Telegram and the console: the person is not left in silence."""
    linked = await rig.say(f"/lienket {rig.invite('hcc')}", **PRIVATE)
    assert "Đã liên kết" in linked["text"]
    with rig.sessions.begin() as session:
        session.execute(text("DROP TABLE status_changes"))
    answer = await rig.say("xong 17", **PRIVATE)
    assert answer["text"] == texts.ERROR_REPLY
    assert any(r.levelno == logging.ERROR and "failed" in r.getMessage() for r in caplog.records)
    with rig.sessions.begin() as session:
        assert session.scalar(select(Occurrence.status).join(Task).where(Task.number == "17")) == "open"


async def test_in_a_group_the_bot_answers_mentions_and_quotes_not_talk(rig: Rig) -> None:
    linked = await rig.say(f"{BOT} /lienket {rig.invite('kt')}", chat_id="g-kt")
    assert "Phòng Kinh tế" in linked["text"]
    start = len(rig.api.sent)
    rig.api.push_message("chào cả nhà, chiều nay họp lúc 14h", chat_id="g-kt")
    rig.api.push_message("17 người tham dự", chat_id="g-kt")
    overdue = await rig.say(f"{BOT} quá hạn", chat_id="g-kt")
    assert "quá hạn" in overdue["text"].lower()
    # updates are handled in order, so by now the two lines of talk were seen and left unanswered
    assert [c["method"] for c in rig.api.sent[start:]] == ["sendMessage"]
    unclear = await rig.say(f"{BOT} chào bot", chat_id="g-kt")
    assert "Chưa hiểu" in unclear["text"]
    quoted = await rig.say("cảm ơn", chat_id="g-kt", quote_bot=True)  # a reply quoting the bot's message
    assert "Chưa hiểu" in quoted["text"]
    done = await rig.say(f"{BOT} xong 28", chat_id="g-kt")
    assert "NV 28" in done["text"]
    stranger = await rig.say(f"{BOT} việc", chat_id="g-other")
    assert "chưa được liên kết" in stranger["text"]


async def test_a_question_about_a_report_shows_the_command_to_type(rig: Rig) -> None:
    """Issue 23: Zalo has no buttons, so a message that may be a report gets the question with the command
    that records it; nothing is recorded until it is typed."""
    await rig.say(f"{BOT} /lienket {rig.invite('hcc')}", chat_id="g-hcc")
    asked = await rig.say(f"{BOT} xong 17 chưa?", chat_id="g-hcc")
    assert asked["text"] == "Ghi nhận NV 17 xong?\nGõ: xong 17"
    with rig.sessions.begin() as session:
        assert session.scalar(select(StatusChange)) is None
    done = await rig.say(f"{BOT} xong 17 nhé", chat_id="g-hcc")
    assert "đã ghi nhận hoàn thành" in done["text"]


async def test_a_long_answer_comes_in_messages_of_at_most_2000_characters(rig: Rig) -> None:
    await rig.say(f"/lienket {rig.invite('chutich')}", **PRIVATE)
    start = len(rig.api.sent)
    rig.api.push_message("sắp tới 366 ngày", **PRIVATE)
    await rig.settle()
    parts = [c["text"] for c in rig.api.sent[start:]]
    assert len(parts) >= 3 and all(len(p) <= 2000 for p in parts)
    assert parts[0].startswith("📅 Hạn trong 366 ngày tới")
    assert all(not p.startswith(("\n", " ")) and not p.endswith("\n") for p in parts)  # cut between lines


def quick_pauses(rig: Rig) -> list[float]:
    """The channel's backoff pauses, recorded instead of slept (30 s of real waiting would teach nothing)."""
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    rig.channel.sleep = pause
    return pauses


async def test_a_reply_that_meets_a_429_is_tried_again_and_arrives(rig: Rig) -> None:
    await rig.say(f"/lienket {rig.invite('hcc')}", **PRIVATE)
    pauses = quick_pauses(rig)
    rig.api.fail_next("sendMessage", status=429)
    answer = await rig.say("xong 17", **PRIVATE)
    assert "đã ghi nhận hoàn thành" in answer["text"]
    assert len(rig.api.rejected) == 1 and pauses == [1.0]
    assert rig.channel.replies_given_up == 0
    with rig.sessions.begin() as session:
        assert session.scalar(select(ZaloQuota)).spent_at is None  # one 429 is Zalo being busy


async def test_a_429_that_lasts_ends_the_month_for_replies_and_warns_the_focal_point(rig: Rig, caplog) -> None:
    await rig.say(f"/lienket {rig.invite('hcc')}", **PRIVATE)
    pauses = quick_pauses(rig)
    rig.api.fail_next("sendMessage", status=429, count=6)
    rig.api.push_message("xong 17", **PRIVATE)
    rig.api.push_message("việc", **PRIVATE)
    await rig.settle()
    assert len(rig.api.rejected) == 6 and sum(pauses) == 30.0  # tried for 30 s, then given up
    assert [c["method"] for c in rig.api.calls if c["method"] == "sendMessage"] == ["sendMessage"] * 7
    assert rig.channel.replies_given_up == 2  # "việc" found the month spent: given up too, and counted
    assert any("given up" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    with rig.sessions.begin() as session:  # the change was made; only its answer could not go
        assert session.scalar(select(Occurrence.status).join(Task).where(Task.number == "17")) == "done"
        quota = session.scalar(select(ZaloQuota))
        assert quota.spent_at is not None and quota.warned_spent_at is not None
        warning = session.scalar(select(Reminder).where(Reminder.kind == "notice"))
        assert warning.chat == "telegram:chat-vhxh" and "hết lượt gửi" in warning.text


@pytest.mark.parametrize(("idle_in_body", "error_key"), [(True, "error_code"), (True, "errorCode"),
                                                          (False, "errorCode")])
async def test_idle_polls_in_every_shape_zalo_answers_them(sessions, idle_in_body: bool, error_key: str,
                                                           caplog) -> None:
    """An idle long poll may come as HTTP 408, or as HTTP 200 with 408 in the body only, under error_code or
    errorCode: all are idle, none is an error, and a message after them is answered."""
    caplog.set_level(logging.WARNING)
    api = await FakeZaloApi(idle_in_body=idle_in_body, error_key=error_key).__aenter__()
    channel = ZaloChannel(ZaloApi(api.token, api.base_url, poll_timeout=0.2), sessions, lambda: NOW,
                          MonthlyBudget(sessions, lambda: NOW, 3000))
    await channel.start(None, "s3cret-webhook-token")
    try:
        await api.wait_until(lambda: api.idle_polls >= 2)
        rig = Rig(api, channel, sessions)
        linked = await rig.say(f"/lienket {rig.invite('hcc')}", **PRIVATE)
        assert "Đã liên kết" in linked["text"]
        assert not [r for r in caplog.records if r.name.startswith("bot.channels.zalo")]
    finally:
        await channel.stop()
        await api.__aexit__()


async def test_the_webhook_takes_only_requests_with_the_secret(sessions) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/zalo"
    api, channel, web = await start_rig(sessions, webhook_url=url, port=port)
    try:
        assert (api.webhook_url, api.webhook_secret) == (url, "s3cret-webhook-token")
        with sessions.begin() as session:
            code = create_invite(session, unit_by_code(session, pick_plan(session).id, "hcc"), NOW).code
        link = api.message_update(f"/lienket {code}", **PRIVATE)
        assert await api.deliver_webhook(link, secret="wrong-secret-123") == 403
        assert await api.deliver_webhook(link, secret="") == 403
        await asyncio.wait_for(channel.updates.join(), 10)
        assert api.messages() == [] and channel.updates.empty()
        with sessions.begin() as session:
            assert session.scalar(select(StatusChange)) is None
            assert session.scalar(select(Reminder)) is None
        assert await api.deliver_webhook(link) == 200
        linked = await api.wait_for("sendMessage")
        assert "Đã liên kết" in linked["text"]
        assert await api.deliver_webhook(link) == 200  # Zalo sent it again: handled once
        done = api.message_update("xong 17", **PRIVATE)
        assert await api.deliver_webhook(done, wrapped=False) == 200  # an update may come unwrapped too
        await asyncio.wait_for(channel.updates.join(), 10)
        assert [m["text"][:5] for m in api.messages()] == ["Đã li", "✅ NV "]
        assert api.polls == 0  # no getUpdates while the webhook is set
    finally:
        await web.stop()
        await channel.stop()
        await api.__aexit__()
