"""The plan's dates as an iCalendar file (RFC 5545), for Google Calendar and Outlook.

- A task with a date: one all-day event on its due day, with a reminder 3 days before.
- An ongoing task ("Cả năm 2026", "Thường xuyên"): one event for each reporting period's part (plan_data.periods),
  on the day that part is due, named by its period ("NV 18 (thường xuyên, Quý I/2026)"), instead of a pile
  of events on 31/12. A plan stored with one part for the year gets one recurring check-in, on the last day
  of each period's facts (the 14th of the last month of each quarter, by the plan's cut-off).
- An event task ("Khi thành phố tổ chức") appears once it has a date (`hạn N NGÀY`).
A unit's calendar holds its own tasks (plan_data.permissions.is_own); the chairman's and the focal
point's, the whole plan. icalendar escapes commas, semicolons and line breaks in names and wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from bot.files import texts
from plan_data.figures import QUARTER_MONTHS, quarter_end
from plan_data.folding import fold
from plan_data.permissions import is_own
from storage.models import Plan, Task, Unit

REMIND_DAYS = 3


def plan_calendar(plan: Plan, tasks: Sequence[Task], now: datetime, unit: Unit | None = None,
                  cutoff_day: int = 15) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Nhac viec CCHC//nhacviec//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    whose = f" — {unit.name}" if unit is not None else ""
    calendar.add("x-wr-calname", f"Kế hoạch CCHC {plan.commune} {plan.year}{whose}")
    calendar.add("x-wr-timezone", plan.timezone)
    for task in tasks:
        if unit is not None and not is_own(task, unit):
            continue
        for occurrence in task.occurrences:
            if occurrence.retired:
                continue
            if task.kind == "ongoing" and not occurrence.label:
                calendar.add_component(_checkin(plan, task, occurrence, now, cutoff_day))
            elif occurrence.due is not None:
                calendar.add_component(_event(plan, task, occurrence, now))
    return folded(calendar)


FOLD_AT = 75  # octets: RFC 5545 folds longer lines, each piece on a line of its own after a space


def folded(calendar: Calendar) -> bytes:
    """calendar.to_ical(), byte for byte, its long lines folded a slice at a time where icalendar folds them a
    character at a time (which took a third of a feed's time: bot/web/feeds.py computes one at each request)."""
    return b"\r\n".join(_fold(line.encode()) for line in calendar.content_lines() if line) + b"\r\n"


def _fold(line: bytes) -> bytes:
    """Pieces of at most 74 octets, each cut before a character (never inside a UTF-8 sequence) and, as
    icalendar does for older clients, not right after a backslash or a caret that escapes what follows."""
    pieces, start = [], 0
    while len(line) - start >= FOLD_AT:
        end = start + FOLD_AT - 1
        while 0x80 <= line[end] < 0xC0:  # a continuation byte: the character began before
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def _uid(plan: Plan, task: Task, occurrence) -> str:
    commune = "-".join(fold(plan.commune).split()) or "xa"
    return f"nhacviec-{plan.id}-{task.number}-{occurrence.seq}@{commune}.nhacviec"


def _base(plan: Plan, task: Task, occurrence, now: datetime, summary: str) -> Event:
    event = Event()
    event.add("uid", _uid(plan, task, occurrence))
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [f"CCHC {plan.commune}", task.responsible.name])
    return event


def _event(plan: Plan, task: Task, occurrence, now: datetime) -> Event:
    label = ", ".join(p for p in ("thường xuyên" if task.kind == "ongoing" else "", occurrence.label) if p)
    label = f" ({label})" if label else ""
    event = _base(plan, task, occurrence, now,
                  f"[{task.responsible.code}] NV {task.number}{label}: {texts.short_title(task.content, 70)}")
    event.add("dtstart", occurrence.due)
    event.add("dtend", occurrence.due + timedelta(days=1))
    lines = _about(task) + [f"Hạn: {texts.day_with_weekday(occurrence.due)}"]
    if occurrence.planned_due and occurrence.planned_due != occurrence.due:
        lines.append(f"Hạn gốc: {texts.day(occurrence.planned_due)} (đã gia hạn)")
    lines.append(f"Báo xong trong nhóm chat: xong {task.number}")
    event.add("description", "\n".join(lines))
    event.add_component(_alarm(f"NV {task.number}: còn {REMIND_DAYS} ngày đến hạn"))
    return event


def _checkin(plan: Plan, task: Task, occurrence, now: datetime, cutoff_day: int) -> Event:
    """One event that recurs at each quarter's cut-off from the task's start to its end (or the year's)."""
    start = occurrence.opens or date(plan.year, 1, 1)
    end = occurrence.due or date(plan.year, 12, 31)
    days = [d for d in checkin_days(plan.year, cutoff_day) if start <= d <= end] or [end]
    event = _base(plan, task, occurrence, now,
                  f"[{task.responsible.code}] NV {task.number} (thường xuyên): báo kết quả trong kỳ — "
                  f"{texts.short_title(task.content, 60)}")
    event.add("dtstart", days[0])
    event.add("dtend", days[0] + timedelta(days=1))
    if len(days) > 1:
        event.add("rrule", {"freq": "monthly", "interval": 3, "count": len(days)})
    lines = _about(task) + [f"Thực hiện từ {texts.day(start)} đến {texts.day(end)}; mỗi quý báo kết quả của kỳ "
                            f"trước ngày chốt số liệu ({', '.join(texts.day(d) for d in days)})",
                            f"Báo kết quả trong nhóm chat: td {task.number} 50% ghi chú · xong {task.number}"]
    event.add("description", "\n".join(lines))
    event.add_component(_alarm(f"NV {task.number}: còn {REMIND_DAYS} ngày đến ngày chốt số liệu của kỳ"))
    return event


def checkin_days(year: int, cutoff_day: int) -> list[date]:
    """The last day of each quarter's facts: the day before the cut-off in the quarter's last month."""
    if not cutoff_day:
        return [quarter_end(year, quarter) for quarter in QUARTER_MONTHS]
    return [date(year, last, cutoff_day) - timedelta(days=1) for _first, last in QUARTER_MONTHS.values()]


def _about(task: Task) -> list[str]:
    lines = [f"Nhiệm vụ {task.number}: {task.content}", f"Chủ trì: {task.lead_text}"]
    if task.coordinators_text:
        lines.append(f"Phối hợp: {task.coordinators_text}")
    lines += [f"Đơn vị được nhắc: {task.responsible.name}", f"Thời gian (theo kế hoạch): {task.time_expression}"]
    if task.product:
        lines.append(f"Sản phẩm: {task.product}")
    return lines


def _alarm(text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", timedelta(days=-REMIND_DAYS))
    return alarm
