"""The calendar feeds over real HTTP: a Starlette app holding bot.web.feeds' routes, served by uvicorn on a free
port (one server for the module), fetched as Google Calendar and Outlook fetch a subscription. The feed holds
the chat's .ics file's events, read by another library than the one that wrote it (`ical`); it answers 304 to
its own ETag, and an extension or a task assigned in the chat shows at the next fetch with a new ETag; a link
made up, revoked or meant for the board gets the one refusal."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import httpx
import pytest
import uvicorn
from ical.calendar_stream import IcsCalendarStream
from starlette.applications import Starlette

from bot.ops.settings import Settings
from bot.web import feeds, texts
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support.chat import Chat, seeded_chat

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
SETTINGS = Settings(_env_file=None, NHACVIEC_PUBLIC_URL="https://nhacviec.example.vn",
                    NHACVIEC_BOARD_SECRET="khoa-ky-bang-theo-doi-cua-xa")
FEED_LINK = re.compile(r"https://nhacviec\.example\.vn(/lich/[^/\s]+\.ics)")


@dataclass
class Served:
    chat: Chat
    client: httpx.Client
    moment: list[datetime]  # the server's clock reads moment[0]

    def feed_path(self, unit: str) -> str:
        found = FEED_LINK.search(self.chat.text(unit, "lịch"))
        assert found
        return found[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('feeds') / 'feeds.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    chat = replace(seeded_chat(sessions, NOW), access=SETTINGS.access())
    moment = [NOW]
    app = Starlette(routes=feeds.routes(sessions, SETTINGS, lambda: moment[0]))
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    for _ in range(500):  # a moment: uvicorn starts in its own thread and loop
        if server.started:
            break
        time.sleep(0.01)
    with httpx.Client(base_url=f"http://127.0.0.1:{listening.getsockname()[1]}", timeout=10) as client:
        yield Served(chat, client, moment)
    server.should_exit = True
    thread.join(10)
    engine.dispose()


def events(ics: bytes) -> dict[str, tuple[date, str]]:
    """uid -> (start day, summary), read by `ical` (not icalendar, which wrote it)."""
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return {event.uid: (event.dtstart, event.summary) for event in calendar.events}


def test_a_units_feed_holds_its_calendar_files_events_and_revalidates(served: Served) -> None:
    path = served.feed_path("kt")
    answer = served.client.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["cache-control"] == "private, no-cache"
    [file] = served.chat.say("kt", "lịch").files
    assert events(answer.content) == events(file.data) and len(events(file.data)) > 3
    tag = answer.headers["etag"]
    for asked in (tag, f"W/{tag}", f'"khac", {tag}', "*"):
        again = served.client.get(path, headers={"If-None-Match": asked})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    assert served.client.get(path, headers={"If-None-Match": '"khac"'}).status_code == 200
    served.moment[0] = NOW + timedelta(hours=8)  # later the same day: the same bytes, not a new ETag each fetch
    assert served.client.get(path, headers={"If-None-Match": tag}).status_code == 304
    served.moment[0] = NOW
    commune = served.client.get(served.feed_path("vhxh"))
    assert set(events(answer.content)) < set(events(commune.content))  # the commune's holds every unit's


def test_an_extension_and_a_new_task_show_at_the_next_fetch(served: Served) -> None:
    path = served.feed_path("kt")
    before = served.client.get(path)
    dated = {uid: (day, summary) for uid, (day, summary) in events(before.content).items()
             if NOW.date() < day < date(2026, 11, 1) and "thường xuyên" not in summary}
    uid, (day, summary) = sorted(dated.items())[0]
    number = re.match(r"\[kt\] NV (\S+?)[:( ]", summary)[1]
    served.chat.text("chutich", f"gia hạn {number} 15/12/2026 chờ hướng dẫn của thành phố")
    after = served.client.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert events(after.content)[uid][0] == date(2026, 12, 15)
    served.chat.text("chutich", "giao kt: Rà soát thủ tục cấp phép xây dựng, hạn 20/11/2026, theo CV 45/UBND-VP")
    now = events(served.client.get(path).content)
    assert [now[uid][0] for uid in set(now) - set(events(after.content))] == [date(2026, 11, 20)]


def test_a_link_that_does_not_open_gets_the_one_refusal(served: Served) -> None:
    revoked = served.feed_path("vp")
    board = re.search(r"/b/([^/\s]+)/", served.chat.text("vp", "bảng"))[1]
    served.chat.text("vp", "thu hồi bảng")
    alive = served.feed_path("hcc")
    for path in (revoked, f"/lich/{board}.ics", "/lich/khong-phai-ma.ics", f"{revoked[:-12]}AAAAAAAA.ics"):
        answer = served.client.get(path)
        assert (answer.status_code, answer.text) == (404, texts.LINK_REFUSED), path
        assert "etag" not in answer.headers
    assert served.client.get(alive).status_code == 200
