"""Which tasks a list shows: what is open, overdue or coming, for one unit or for every unit.  (pure)

The chat's «việc», «quá hạn» and «sắp tới», the city's overdue list, Monday's digest and the monthly
meeting's agenda («giao ban», meeting_agenda) all select here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from plan_data.permissions import is_own
from plan_data.status import Status, current, current_open, is_closed, status_of
from plan_data.workdays import WorkCalendar
from plan_data.zone import local_day

Item = tuple[Any, Any]  # (task, occurrence)


def open_items(tasks: Iterable[Any], unit: Any | None = None) -> list[Item]:
    """(task, its open occurrence) of every task not closed; `unit`: only that unit's own tasks."""
    items = []
    for task in tasks:
        if unit is not None and not is_own(task, unit):
            continue
        occurrence = current_open(task.occurrences)
        if occurrence is not None:
            items.append((task, occurrence))
    return sorted(items, key=soonest_first)


def overdue_items(tasks: Iterable[Any], today: date, unit: Any | None = None) -> list[Item]:
    """Every occurrence overdue today, of every task (two missed quarters of a report are two): the items the
    figures count as overdue (plan_data.figures), so that «quá hạn» and «tổng hợp» always agree."""
    items = [(task, o) for task in tasks if unit is None or is_own(task, unit)
             for o in task.occurrences if not o.retired and status_of(o, task.kind, today) is Status.OVERDUE]
    return sorted(items, key=soonest_first)


def by_task(items: Iterable[Item]) -> list[tuple[Any, list[Any]]]:
    """Items grouped under their task, in the order the items come: a task with two overdue periods is one
    line naming both."""
    grouped: dict[int, tuple[Any, list[Any]]] = {}
    for task, occurrence in items:
        grouped.setdefault(id(task), (task, []))[1].append(occurrence)
    return list(grouped.values())


def upcoming_items(tasks: Iterable[Any], today: date, days: int, unit: Any | None = None) -> list[Item]:
    """Every open occurrence due from today to `days` days ahead."""
    until = today + timedelta(days=days)
    items = [(task, o) for task in tasks if unit is None or is_own(task, unit)
             for o in task.occurrences if not o.retired and not is_closed(o) and o.due and today <= o.due <= until]
    return sorted(items, key=soonest_first)


def soonest_first(item: Item) -> tuple[int, str, int]:
    task, occurrence = item
    return (occurrence.due.toordinal() if occurrence.due else 10**9, task.responsible.code, task.position)


# ---------------------------------------------------------------- the monthly meeting («giao ban»)

AT_RISK_WORKING_DAYS = 5  # until the amber light (issue 26, point 3) is wired: due within this, not done


@dataclass(frozen=True)
class AgendaLine:
    task: Any
    occurrence: Any
    note: str = ""  # overdue: its explanation («giải trình»); assigned: its source document


@dataclass(frozen=True)
class MeetingAgenda:
    """What the meeting goes through, each group in the order the tasks fall due; a task is in one group, the
    first it fits (overdue, at risk, due next month), and in «assigned this month» as well when it was."""

    day: date
    overdue: list[AgendaLine] = field(default_factory=list)
    at_risk: list[AgendaLine] = field(default_factory=list)
    due_next_month: list[AgendaLine] = field(default_factory=list)
    assigned: list[AgendaLine] = field(default_factory=list)


AtRisk = Callable[[Any, Any, date], bool]  # (task, open occurrence, today) -> amber
Explanation = Callable[[Any, Any], str | None]  # (task, overdue occurrence) -> its «giải trình», if any
Assigned = Callable[[Any], tuple[date | None, str] | None]  # task -> (the day it was assigned, its source)


def due_soon(calendar: WorkCalendar, working_days: int = AT_RISK_WORKING_DAYS) -> AtRisk:
    """The stand-in for the amber light: open, not overdue, due within `working_days` working days."""
    def at_risk(task: Any, occurrence: Any, today: date) -> bool:
        return occurrence.due is not None and today <= occurrence.due <= calendar.add_working_days(today, working_days)
    return at_risk


def assigned_of(task: Any) -> tuple[date | None, str] | None:
    """A task assigned in the chat (issue 26, point 1: Task.source == "assigned", with its source document),
    read defensively until those columns land: (the day it was assigned, its source), or None for a plan task."""
    if getattr(task, "source", None) != "assigned":
        return None
    when = getattr(task, "assigned_at", None) or getattr(task, "created_at", None)
    day = local_day(when) if isinstance(when, datetime) and when.tzinfo else when if isinstance(when, date) else None
    return day, str(getattr(task, "source_document", None) or "")


def meeting_agenda(tasks: Iterable[Any], day: date, calendar: WorkCalendar, *, at_risk: AtRisk | None = None,
                   explanation: Explanation | None = None, assigned: Assigned = assigned_of) -> MeetingAgenda:
    """The agenda of the meeting held on `day`. `at_risk`: the amber decision (default due_soon);
    `explanation`: an overdue task's «giải trình»; `assigned`: which tasks were assigned, when, from what."""
    tasks = list(tasks)
    amber = at_risk or due_soon(calendar)
    agenda = MeetingAgenda(day, [AgendaLine(t, o, (explanation(t, o) if explanation else None) or "")
                                 for t, o in overdue_items(tasks, day)])
    month_after = next_month(day)
    for task, occurrence in _open_not_overdue(tasks, day):
        if amber(task, occurrence, day):
            agenda.at_risk.append(AgendaLine(task, occurrence))
        elif (occurrence.due.year, occurrence.due.month) == (month_after.year, month_after.month):
            agenda.due_next_month.append(AgendaLine(task, occurrence))
    for task in tasks:
        found = assigned(task)
        if found is not None and (found[0] is None or (found[0].year, found[0].month) == (day.year, day.month)):
            occurrence = current(task.occurrences)  # a day unknown: listed rather than left out
            if occurrence is not None:
                agenda.assigned.append(AgendaLine(task, occurrence, found[1]))
    return agenda


def _open_not_overdue(tasks: list[Any], today: date) -> list[Item]:
    items = [(t, o) for t in tasks for o in t.occurrences if not o.retired and not is_closed(o) and o.due
             and status_of(o, t.kind, today) is not Status.OVERDUE]
    return sorted(items, key=soonest_first)


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)
