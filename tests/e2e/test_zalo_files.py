"""Files on Zalo, end to end over HTTP on 127.0.0.1: the real Zalo channel long-polls the local Zalo Bot
API stand-in; its own server serves each reply's files at signed links. A right link gives the file; a
wrong signature, an expired link or another unit's link gets 403 and the same short body."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
import openpyxl
import pytest
from docx import Document
from icalendar import Calendar
from PIL import Image

from bot.channels.links import FileLinks
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_api import ZaloApi
from bot.core import texts
from bot.web.server import WebServer
from jobs.quota import MonthlyBudget
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.migrate import upgrade
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.chat import seeded_chat
from tests.support.fake_zalo_api import FakeZaloApi

NOW = datetime(2026, 3, 31, 9, 0, tzinfo=VN)
SECRET = "a-files-secret-for-the-tests-only"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/files/\S+")


class Clock:
    """The channel's clock; a test moves it on (no sleeping)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Rig:
    def __init__(self, api: FakeZaloApi, channel: ZaloChannel, sessions, clock: Clock) -> None:
        self.api, self.channel, self.sessions, self.clock = api, channel, sessions, clock

    async def bind(self, unit: str, chat: str) -> None:
        with self.sessions.begin() as session:
            code = create_invite(session, unit_by_code(session, pick_plan(session).id, unit), NOW).code
        await self.say(f"/lienket {code}", chat)

    async def say(self, text: str, chat: str) -> list[dict]:
        """Sends a message as a private chat; returns every call the answer made (photos and texts)."""
        start = len(self.api.sent)
        self.api.push_message(text, chat_id=chat, chat_type="PRIVATE", user_id=chat)
        await self.api.wait_until(self.api.all_taken)
        await self.channel.updates.join()
        return [c for c in self.api.sent[start:] if c.get("chat_id") == chat]


async def start(tmp_path, links: bool) -> tuple[FakeZaloApi, ZaloChannel, Clock, WebServer]:
    engine = make_engine(f"sqlite:///{tmp_path / 'zalo.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    seeded_chat(sessions, NOW)
    clock = Clock(NOW)
    api = await FakeZaloApi().__aenter__()
    file_links = FileLinks("http://127.0.0.1:0", SECRET, tmp_path / "links", clock) if links else None
    channel = ZaloChannel(ZaloApi(api.token, api.base_url, poll_timeout=0.2), sessions, clock,
                          MonthlyBudget(sessions, clock, 3000), file_links)
    web = WebServer()
    await channel.start(None, "", web, "127.0.0.1", 0)
    await web.start()
    if file_links is not None:
        file_links.base_url = f"http://127.0.0.1:{channel.port}"  # the public URL, here the loopback
    return api, channel, clock, web


@pytest.fixture
async def rig(tmp_path) -> AsyncIterator[Rig]:
    api, channel, clock, web = await start(tmp_path, links=True)
    yield Rig(api, channel, channel.sessions, clock)
    await web.stop()
    await channel.stop()
    await api.__aexit__()


def links_in(calls: list[dict]) -> list[str]:
    return [url for c in calls if c["method"] == "sendMessage" for url in LINK.findall(c["text"])]


async def fetch(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(url)


async def test_a_report_comes_as_links_that_open_for_24_hours(rig: Rig) -> None:
    await rig.bind("vhxh", "z-vhxh")
    calls = await rig.say("báo cáo quý 1", "z-vhxh")
    xlsx_url, docx_url = links_in(calls)
    assert docx_url.endswith(".docx") and xlsx_url.endswith(".xlsx")
    assert "mở được đến 09:00 01/04/2026" in calls[-1]["text"]
    document = await fetch(docx_url)
    assert document.status_code == 200 and "attachment" in document.headers["content-disposition"]
    assert any("Kết quả thực hiện công tác cải cách hành chính quý I năm 2026" in p.text
               for p in Document(io.BytesIO(document.content)).paragraphs)
    book = await fetch(xlsx_url)
    assert openpyxl.load_workbook(io.BytesIO(book.content))["Nhiệm vụ"]
    rig.clock.now = NOW + timedelta(hours=23, minutes=59)
    assert (await fetch(docx_url)).status_code == 200


async def test_wrong_expired_and_another_units_links_get_403_and_say_nothing(rig: Rig) -> None:
    await rig.bind("vhxh", "z-vhxh")
    await rig.bind("hcc", "z-hcc")
    [_book, report] = links_in(await rig.say("báo cáo quý 1", "z-vhxh"))
    [calendar] = links_in(await rig.say("lịch", "z-hcc"))
    assert Calendar.from_ical((await fetch(calendar)).content).walk("VEVENT")
    head, signature, name = report.rsplit("/", 2)
    wrong = f"{head}/{signature[:-2]}{'AA' if not signature.endswith('AA') else 'BB'}/{name}"
    other_unit = report.replace("-vhxh/", "-hcc/")  # vhxh's signed link, pointed at unit hcc
    hcc_unit, hcc_rest = calendar.split("/files/")[1].split("/", 1)
    borrowed = report.split("/files/")[0] + f"/files/{hcc_unit}/" + "/".join(
        hcc_rest.split("/")[:2] + report.rsplit("/", 2)[1:2] + hcc_rest.split("/")[-1:])  # hcc's file, vhxh's signature
    answers = [await fetch(url) for url in (wrong, other_unit, borrowed, report.replace(".docx", ".xlsx"))]
    rig.clock.now = NOW + timedelta(hours=24)
    answers.append(await fetch(report))  # expired
    assert [a.status_code for a in answers] == [403] * 5
    assert {a.content for a in answers} == {b"Forbidden\n"}
    assert all("content-disposition" not in a.headers for a in answers)


async def test_the_chart_goes_as_a_photo_by_its_link(rig: Rig) -> None:
    await rig.bind("hcc", "z-hcc")
    calls = await rig.say("tổng hợp", "z-hcc")
    [photo] = [c for c in calls if c["method"] == "sendPhoto"]
    picture = await fetch(photo["photo"])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(picture.content)).size[0] >= 1080


async def test_without_a_public_url_the_reply_says_how_to_get_the_file(tmp_path) -> None:
    api, channel, clock, web = await start(tmp_path, links=False)
    try:
        rig = Rig(api, channel, channel.sessions, clock)
        await rig.bind("vhxh", "z-vhxh")
        calls = await rig.say("báo cáo quý 1", "z-vhxh")
        text = "\n".join(c["text"] for c in calls if c["method"] == "sendMessage")
        assert not LINK.search(text) and texts.ZALO_FILE.split(":", 1)[1].strip()[:40] in text
        assert "nhóm Telegram" in text and "NHACVIEC_PUBLIC_URL" in text
        assert web.routes == [] and web.sockets == [] and channel.port is None  # no server for nothing
    finally:
        await channel.stop()
        await api.__aexit__()
