"""The plan's dates as an iCalendar file, for Google Calendar and Outlook: one all-day event per due date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

from bot.core import texts
from storage.models import Plan, Task


def plan_calendar(plan: Plan, tasks: Sequence[Task], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Nhac viec CCHC//nhacviec//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Kế hoạch CCHC {plan.commune} {plan.year}")
    calendar.add("x-wr-timezone", plan.timezone)
    for task in tasks:
        for occurrence in task.occurrences:
            if occurrence.retired or occurrence.due is None:
                continue
            calendar.add_component(_event(plan, task, occurrence, now))
    return calendar.to_ical()


def _event(plan: Plan, task: Task, occurrence, now: datetime) -> Event:
    event = Event()
    label = f" ({occurrence.label})" if occurrence.label else ""
    event.add("uid", f"nhacviec-{plan.id}-{task.number}-{occurrence.seq}@{plan.commune.replace(' ', '-')}")
    event.add("dtstamp", now)
    event.add("summary", f"[{task.responsible.code}] NV {task.number}{label}: {texts.short_title(task.content, 70)}")
    event.add("dtstart", occurrence.due)
    event.add("dtend", occurrence.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [f"CCHC {plan.commune}", task.responsible.name])
    lines = [task.content, f"Chủ trì: {task.lead_text}", f"Đơn vị được nhắc: {task.responsible.name}",
             f"Thời gian (theo kế hoạch): {task.time_expression}", f"Hạn: {texts.day_with_weekday(occurrence.due)}"]
    if occurrence.planned_due and occurrence.planned_due != occurrence.due:
        lines.append(f"Hạn gốc: {texts.day(occurrence.planned_due)} (đã gia hạn)")
    if task.product:
        lines.append(f"Sản phẩm: {task.product}")
    lines.append(f"Báo xong trong nhóm chat: xong {task.number}")
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"NV {task.number}: còn 3 ngày")
    alarm.add("trigger", timedelta(days=-3))
    event.add_component(alarm)
    return event
