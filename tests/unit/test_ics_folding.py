"""bot.files.ics.folded: a calendar's bytes exactly as icalendar writes them, long lines folded a slice at a time.

The classes of text a plan puts in a calendar: Vietnamese with its multi-byte letters (precomposed or not),
ASCII, what iCalendar escapes (commas, semicolons, backslashes, line breaks), carets, emoji (four bytes),
and lines that end just before, at and after a fold."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from bot.files.ics import folded
from plan_data.zone import VN

PIECES = st.sampled_from(["Xây dựng kế hoạch", "rà soát", "TTHC", " ", ", ", "; ", "\\", "^", "\n", "a" * 60,
                          "ệ" * 30, "e\u0302\u0301", "🙂", "Phòng Văn hóa - Xã hội", "17", "n", "ữ"])


def calendar_of(summary: str, description: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Nhac viec CCHC//nhacviec//VI")
    calendar.add("x-wr-calname", "Kế hoạch CCHC Nam An Phụ 2026 — Phòng Kinh tế")
    event = Event()
    event.add("uid", "nhacviec-1-17-0@nam-an-phu.nhacviec")
    event.add("dtstamp", datetime(2026, 3, 2, tzinfo=VN))
    event.add("dtstart", date(2026, 6, 30))
    event.add("summary", summary)
    event.add("description", description)
    calendar.add_component(event)
    return calendar


@settings(max_examples=200, deadline=None)
@given(summary=st.lists(PIECES, max_size=12).map("".join), description=st.lists(PIECES, max_size=40).map("".join))
def test_the_bytes_are_icalendars_own(summary: str, description: str) -> None:
    calendar = calendar_of(summary, description)
    assert folded(calendar) == calendar.to_ical()


def test_every_length_around_a_fold() -> None:
    for letter in ("a", "ệ", "🙂", "\\", ","):
        for count in range(50, 160):
            calendar = calendar_of("NV 17", letter * count)
            assert folded(calendar) == calendar.to_ical(), (letter, count)
