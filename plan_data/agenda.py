"""Which tasks a list shows: what is open, overdue or coming, for one unit or for every unit.  (pure)

The chat's «việc», «quá hạn» and «sắp tới», the city's overdue list and Monday's digest all select here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from plan_data.permissions import is_own
from plan_data.status import Status, current_open, is_closed, status_of

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
