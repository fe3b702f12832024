"""Which tasks a list shows: what is open, overdue or coming, for one unit or for every unit.  (pure)

The chat's «việc», «quá hạn» and «sắp tới», the city's overdue list and Monday's digest all select here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from plan_data.light import Light, Risk, light_of, sort_key
from plan_data.permissions import is_own
from plan_data.status import Status, current_open, is_closed, status_of


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


def soonest_first(item: Item) -> tuple[int, str, int]:
    task, occurrence = item.task, item.occurrence
    return (occurrence.due.toordinal() if occurrence.due else 10**9, task.responsible.code, task.position)
