"""What the board's pages show, as plain data for the templates: every figure from the domain's one count
(plan_data.figures.plan_figures), every light from plan_data.light, every column from plan_data.figure_columns.
Nothing here reads the database or the clock: tasks and today are passed in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from plan_data.agenda import soonest_first
from plan_data.figure_columns import BOARD, Role, on_time_rate
from plan_data.figures import Counts, Period, ReportRow, plan_figures
from plan_data.light import Light, Risk
from plan_data.status import OPEN_STATES, Status, days_late
from plan_data.wording import day, short_title, state_icon, state_name

# how a page draws the sign plan_data.wording.state_icon gives (a page cannot count on an emoji font): a class
MARKS = {"🔴": "red", "🟠": "amber", "🟢": "green", "✅": "done", "🔵": "awaiting", "⏳": "waiting", "❔": "undated"}
Url = Callable[[str], str]  # a path inside the link's scope ("viec/17") -> the link's own URL


@dataclass(frozen=True)
class Figure:
    """One figure of a group: its column's key (the page's data-figure), words and value; `among`, its share
    shown with it («trong đó: có nguy cơ chậm»)."""

    key: str
    label: str
    short: str
    value: int | float
    aside: bool = False
    among: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Group:
    """A line of a table of counts: a commune, a section or a unit, its light, its figures, its link."""

    name: str
    counts: Counts
    figures: tuple[Figure, ...]
    link: str = ""
    key: str = ""

    @property
    def light(self) -> str:
        return self.counts.light.value

    @property
    def on_time(self) -> str:
        rate = on_time_rate(self.counts)
        return "—" if rate is None else f"{rate:g}%"


@dataclass(frozen=True)
class Line:
    """An item of a list: a task's period that counts, its state and light, its link."""

    number: str
    title: str
    unit: str
    period: str
    due: str
    mark: str  # the CSS class of its sign: red, amber, green, done, awaiting, waiting, undated
    state: str
    light: str
    link: str


_BOARD_COLUMNS = BOARD.columns()  # chosen once: the city's page draws 3,321 lines of them


def figures_of(counts: Counts) -> tuple[Figure, ...]:
    """The board's columns (plan_data.figure_columns.BOARD) for one group's counts, each AMONG column with the
    part it is a share of."""
    shown: list[Figure] = []
    for column in _BOARD_COLUMNS:
        figure = Figure(column.key, column.long, column.short, column.value(counts), column.aside)
        if column.role is Role.AMONG:
            last = shown.pop()
            shown.append(Figure(last.key, last.label, last.short, last.value, last.aside, (*last.among, figure)))
        else:
            shown.append(figure)
    return tuple(shown)


def group(name: str, counts: Counts, link: str = "", key: str = "") -> Group:
    return Group(name, counts, figures_of(counts), link, key)


def state_words(status: Status, light: Light, occurrence: Any, today: date) -> str:
    """«quá hạn 8 ngày, 40%», «trong hạn, có nguy cơ chậm», «đã hoàn thành»: the state and light the domain
    decided (plan_data.wording.state_name), how late, and the progress of an open one."""
    state = state_name(status.value, light.value)
    if status is Status.OVERDUE:
        state += f" {days_late(occurrence, today)} ngày"
    if status in OPEN_STATES and occurrence.progress:
        state += f", {occurrence.progress}%"
    return state


def line(row: ReportRow, url: Url, today: date) -> Line:
    task, occurrence = row.task, row.occurrence
    state = state_words(row.status, row.light, occurrence, today)
    return Line(task.number, short_title(task.content, 90), task.responsible.name, occurrence.label,
                day(occurrence.due), MARKS[state_icon(row.status.value, row.light.value)], state, row.light.value,
                url(task_path(task.number)))


def task_path(number: str) -> str:
    return f"viec/{quote(number, safe='')}"


@dataclass(frozen=True)
class TaskLine:
    """A task in the whole list: its number, title, unit, and each of its items that counts, as icons."""

    number: str
    title: str
    unit: str
    items: tuple[Line, ...]
    link: str


@dataclass(frozen=True)
class Board:
    """A commune's (or a unit's) page: the whole, by section, by unit, the red and amber lists, every task."""

    today: date
    tasks: int
    whole: Group
    sections: tuple[Group, ...]
    units: tuple[Group, ...]
    overdue: tuple[Line, ...]
    amber: tuple[Line, ...]
    every: tuple[tuple[str, tuple[TaskLine, ...]], ...]  # by section: «I. Title», its tasks


def board(tasks: Sequence[Any], today: date, year: int, risk: Risk, url: Url, sections: dict[str, str],
          unit_links: bool = True) -> Board:
    """A commune's page (every task), or a unit's (its own tasks, given): the counts are plan_figures', the
    lists its items (so a list always holds as many items as its figure says)."""
    rows, figures = plan_figures(tasks, today, Period.year(year), risk=risk)
    names = {t.responsible.code: t.responsible.name for t in tasks}
    by_section = tuple(group(f"{key}. {sections.get(key, '')}".rstrip(". "), counts, key=key)
                       for key, counts in figures.by_section.items())
    by_unit = tuple(group(names[code], counts, url(f"don-vi/{code}") if unit_links else "", code)
                    for code, counts in figures.by_unit.items())
    return Board(today, figures.tasks, group("", figures.total), by_section, by_unit,
                 _lines(rows, url, today, lambda r: r.status is Status.OVERDUE),
                 _lines(rows, url, today, lambda r: r.light is Light.AMBER),
                 _every(rows, url, today, sections))


def _lines(rows: Iterable[ReportRow], url: Url, today: date, chosen: Callable[[ReportRow], bool]) -> tuple[Line, ...]:
    picked = sorted((r for r in rows if chosen(r)), key=lambda r: soonest_first((r.task, r.occurrence)))
    return tuple(line(r, url, today) for r in picked)


def _every(rows: Sequence[ReportRow], url: Url, today: date, sections: dict[str, str]) -> tuple[tuple[str, tuple[TaskLine, ...]], ...]:
    """Every task once, in the plan's order, under its section, with its items that count."""
    by_task: dict[int, list[ReportRow]] = {}
    for row in rows:
        by_task.setdefault(id(row.task), []).append(row)
    grouped: dict[str, list[TaskLine]] = {}
    for items in by_task.values():
        task = items[0].task
        grouped.setdefault(task.section, []).append(
            TaskLine(task.number, short_title(task.content, 90), task.responsible.name,
                     tuple(line(r, url, today) for r in items), url(task_path(task.number))))
    return tuple((f"{key}. {sections.get(key, '')}".rstrip(". "), tuple(lines)) for key, lines in grouped.items())

