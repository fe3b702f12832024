"""The calendar feeds and the board's links over real HTTP: the product's web server with the site's routes
(bot.web.site: the board and the feeds, as `nhacviec run` mounts them) on a free port, one for the module. A
feed is fetched as Google Calendar and Outlook fetch a subscription. The feed holds
the chat's .ics file's events, read by another library than the one that wrote it (`ical`); it answers 304 to
its own ETag, and an extension or a task assigned in the chat shows at the next fetch with a new ETag; a link
made up, revoked or meant for the board gets the one refusal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import httpx
import pytest
from ical.calendar_stream import IcsCalendarStream

from bot.ops.settings import Settings
from bot.web import texts
from bot.web.site import site_routes
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support.chat import Chat, seeded_chat
from tests.support.web import forgeries, served

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
SETTINGS = Settings(_env_file=None, NHACVIEC_PUBLIC_URL="https://nhacviec.example.vn",
                    NHACVIEC_BOARD_SECRET="khoa-ky-bang-theo-doi-cua-xa")
FEED_LINK = re.compile(r"https://nhacviec\.example\.vn(/lich/[^/\s]+\.ics)")


@dataclass
class Site:
    chat: Chat
    client: httpx.Client
    moment: list[datetime]  # the server's clock reads moment[0]

    def feed_path(self, unit: str) -> str:
        found = FEED_LINK.search(self.chat.text(unit, "lịch"))
        assert found
        return found[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('feeds') / 'feeds.db'}")
    upgrade(engine)
    sessions = make_sessions(engine)
    chat = replace(seeded_chat(sessions, NOW), access=SETTINGS.access())
    moment = [NOW]
    with served(site_routes(sessions, SETTINGS, lambda: moment[0])) as base, \
            httpx.Client(base_url=base, timeout=10) as client:
        yield Site(chat, client, moment)
    engine.dispose()


def events(ics: bytes) -> dict[str, tuple[date, str]]:
    """uid -> (start day, summary), read by `ical` (not icalendar, which wrote it)."""
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return {event.uid: (event.dtstart, event.summary) for event in calendar.events}


def test_a_units_feed_holds_its_calendar_files_events_and_revalidates(site: Site) -> None:
    path = site.feed_path("kt")
    answer = site.client.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["cache-control"] == "private, no-cache"
    [file] = site.chat.say("kt", "lịch").files
    assert events(answer.content) == events(file.data) and len(events(file.data)) > 3
    tag = answer.headers["etag"]
    for asked in (tag, f"W/{tag}", f'"khac", {tag}', "*"):
        again = site.client.get(path, headers={"If-None-Match": asked})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    assert site.client.get(path, headers={"If-None-Match": '"khac"'}).status_code == 200
    site.moment[0] = NOW + timedelta(hours=8)  # later the same day: the same bytes, not a new ETag each fetch
    assert site.client.get(path, headers={"If-None-Match": tag}).status_code == 304
    site.moment[0] = NOW
    commune = site.client.get(site.feed_path("vhxh"))
    assert set(events(answer.content)) < set(events(commune.content))  # the commune's holds every unit's


def test_an_extension_and_a_new_task_show_at_the_next_fetch(site: Site) -> None:
    path = site.feed_path("kt")
    before = site.client.get(path)
    dated = {uid: (day, summary) for uid, (day, summary) in events(before.content).items()
             if NOW.date() < day < date(2026, 11, 1) and "thường xuyên" not in summary}
    uid, (day, summary) = sorted(dated.items())[0]
    number = re.match(r"\[kt\] NV (\S+?)[:( ]", summary)[1]
    site.chat.text("chutich", f"gia hạn {number} 15/12/2026 chờ hướng dẫn của thành phố")
    after = site.client.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert events(after.content)[uid][0] == date(2026, 12, 15)
    site.chat.text("chutich", "giao kt: Rà soát thủ tục cấp phép xây dựng, hạn 20/11/2026, theo CV 45/UBND-VP")
    now = events(site.client.get(path).content)
    assert [now[uid][0] for uid in set(now) - set(events(after.content))] == [date(2026, 11, 20)]


def test_a_link_that_does_not_open_gets_the_one_refusal(site: Site) -> None:
    revoked = site.feed_path("vp")
    board = re.search(r"/b/([^/\s]+)/", site.chat.text("vp", "bảng"))[1]
    site.chat.text("vp", "thu hồi bảng")
    alive = site.feed_path("hcc")
    for path in (revoked, f"/lich/{board}.ics", "/lich/khong-phai-ma.ics", f"{revoked[:-12]}AAAAAAAA.ics"):
        answer = site.client.get(path)
        assert (answer.status_code, answer.text) == (404, texts.LINK_REFUSED), path
        assert "etag" not in answer.headers
    assert site.client.get(alive).status_code == 200


BOARD_LINK = re.compile(r"https://nhacviec\.example\.vn(/b/[^/\s]+/)")


def board_path(site: Site, unit: str) -> str:
    found = BOARD_LINK.search(site.chat.text(unit, "bảng"))
    assert found
    return found[1]


def test_a_board_link_opens_its_page_until_it_expires_and_a_forged_one_never(site: Site) -> None:
    path = board_path(site, "hcc")
    page = site.client.get(path)
    assert page.status_code == 200 and "Trung tâm Phục vụ hành chính công" in page.text
    assert site.client.get(path + "viec/17").status_code == 200  # its own task
    token = path.split("/")[2]
    for forged in forgeries(token):
        assert site.client.get(f"/b/{forged}/").status_code == 404, forged
    site.moment[0] = NOW + timedelta(days=31)  # a board link opens for 30 days
    try:
        assert site.client.get(path).status_code == 404
    finally:
        site.moment[0] = NOW


def test_thu_hoi_bang_closes_the_chats_board_and_feed_and_no_other_chats(site: Site) -> None:
    mine, feed, other = board_path(site, "vp"), site.feed_path("vp"), board_path(site, "kt")
    assert [site.client.get(p).status_code for p in (mine, feed, other)] == [200, 200, 200]
    assert "Đã thu hồi 2" in site.chat.text("vp", "thu hồi bảng")
    assert [site.client.get(p).status_code for p in (mine, feed, other)] == [404, 404, 200]
