"""Which tasks a list shows: what is open, overdue or coming, for one unit or for every unit.  (pure)

The chat's «việc», «quá hạn» and «sắp tới», the city's overdue list, Monday's digest and the monthly
meeting's agenda («giao ban», meeting_agenda) all select here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from plan_data.assigned import SOURCE as ASSIGNED
from plan_data.light import Light, Risk, light_of, sort_key
from plan_data.permissions import is_own
from plan_data.status import Status, current, current_open, is_closed, status_of
from plan_data.zone import local_day


class Item(NamedTuple):
    """A line of a list: a task, one of its occurrences, and its light (plan_data.light)."""

    task: Any
    occurrence: Any
    light: Light


def open_items(tasks: Iterable[Any], today: date, risk: Risk, unit: Any | None = None) -> list[Item]:
    """Every task not closed, by its open occurrence; `unit`: only that unit's own tasks. Red, amber, then
    the rest, each soonest first."""
    items = []
    for task in tasks:
        if unit is not None and not is_own(task, unit):
            continue
        occurrence = current_open(task.occurrences)
        if occurrence is not None:
            items.append(Item(task, occurrence, light_of(occurrence, task.kind, today, risk)))
    return sorted(items, key=lit_first)


def overdue_items(tasks: Iterable[Any], today: date, risk: Risk, unit: Any | None = None) -> list[Item]:
    """Every occurrence overdue today, of every task (two missed quarters of a report are two): the items the
    figures count as overdue (plan_data.figures), so that «quá hạn» and «tổng hợp» always agree. All red."""
    items = [Item(task, o, light_of(o, task.kind, today, risk)) for task in tasks if unit is None or is_own(task, unit)
             for o in task.occurrences if not o.retired and status_of(o, task.kind, today) is Status.OVERDUE]
    return sorted(items, key=lit_first)


def by_task(items: Iterable[Item]) -> list[tuple[Any, list[Any]]]:
    """Items grouped under their task, in the order the items come: a task with two overdue periods is one
    line naming both."""
    grouped: dict[int, tuple[Any, list[Any]]] = {}
    for task, occurrence, _light in items:
        grouped.setdefault(id(task), (task, []))[1].append(occurrence)
    return list(grouped.values())


def upcoming_items(tasks: Iterable[Any], today: date, days: int, risk: Risk, unit: Any | None = None) -> list[Item]:
    """Every open occurrence due from today to `days` days ahead: amber first, then the rest, soonest first."""
    until = today + timedelta(days=days)
    items = [Item(task, o, light_of(o, task.kind, today, risk)) for task in tasks if unit is None or is_own(task, unit)
             for o in task.occurrences if not o.retired and not is_closed(o) and o.due and today <= o.due <= until]
    return sorted(items, key=lit_first)


def lit_first(item: Item) -> tuple[int, int, str, int]:
    """The order of every list: red, amber, then the rest (plan_data.light.LIGHT_ORDER); within each, soonest
    first, then by unit and the plan's order."""
    return (sort_key(item.light), *soonest_first(item))


def soonest_first(item: Item | tuple[Any, Any]) -> tuple[int, str, int]:
    task, occurrence = item[0], item[1]
    return (occurrence.due.toordinal() if occurrence.due else 10**9, task.responsible.code, task.position)


# ---------------------------------------------------------------- the monthly meeting («giao ban»)

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


Explanation = Callable[[Any, Any], str | None]  # (task, overdue occurrence) -> its «giải trình», if any


def assigned_on(task: Any) -> date | None:
    """The day a task assigned in the chat or from a directive (plan_data.assigned) was assigned; None for a
    task of the plan itself."""
    if task.source != ASSIGNED:
        return None
    return local_day(task.assigned_at) if task.assigned_at is not None else None


def meeting_agenda(tasks: Iterable[Any], day: date, risk: Risk, *,
                   explanation: Explanation | None = None) -> MeetingAgenda:
    """The agenda of the meeting held on `day`: overdue (with `explanation`, an overdue task's «giải trình»),
    amber (plan_data.light, the one decision), due next month, and the tasks assigned this month."""
    tasks = list(tasks)
    agenda = MeetingAgenda(day, [AgendaLine(item.task, item.occurrence,
                                            (explanation(item.task, item.occurrence) if explanation else None) or "")
                                 for item in sorted(overdue_items(tasks, day, risk), key=soonest_first)])
    month_after = next_month(day)
    for task, occurrence in _open_not_overdue(tasks, day):
        if light_of(occurrence, task.kind, day, risk) is Light.AMBER:
            agenda.at_risk.append(AgendaLine(task, occurrence))
        elif (occurrence.due.year, occurrence.due.month) == (month_after.year, month_after.month):
            agenda.due_next_month.append(AgendaLine(task, occurrence))
    for task in tasks:
        on = assigned_on(task)
        if on is not None and (on.year, on.month) == (day.year, day.month):
            occurrence = current(task.occurrences)
            if occurrence is not None:
                agenda.assigned.append(AgendaLine(task, occurrence, task.source_document))
    return agenda


def _open_not_overdue(tasks: list[Any], today: date) -> list[tuple[Any, Any]]:
    items = [(t, o) for t in tasks for o in t.occurrences if not o.retired and not is_closed(o) and o.due
             and status_of(o, t.kind, today) is not Status.OVERDUE]
    return sorted(items, key=soonest_first)


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)
