"""The figures of every summary, chart, report and city view: which items count, and their counts.  (pure)

A figure is always for a period (a quarter, a half-year, a year) as of a day. The items that count are
decided once, in `counted`: a task with one occurrence counts once; a recurring task counts each of its
occurrences of the period that is due by then, or closed by then, so that a quarterly report done late in
March is still "done late" on 31/03 and after. The chat's «tổng hợp», the chart, `nhacviec status`, the
workbook and the city's figures all come from `plan_figures`, so they always agree.

A figure "as of" a past day takes back what was done after it, from the tasks' change history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from plan_data.lifecycle import REPORTING_ACTS, Act, State
from plan_data.light import Light, Risk, light_of
from plan_data.model import SECTIONS
from plan_data.status import OccurrenceLike, Status, current, is_closed, on_time, status_of
from plan_data.zone import local_day

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


@dataclass(frozen=True)
class Period:
    """The days a figure is about, both included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first, _last = QUARTER_MONTHS[quarter]
        return cls(date(year, first, 1), quarter_end(year, quarter))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        return cls(date(year, 1, 1), date(year, 6, 30)) if half == 1 else cls(date(year, 7, 1), date(year, 12, 31))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    month = QUARTER_MONTHS[quarter][1]
    return date(year, month, 31 if month in (3, 12) else 30)


# ---------------------------------------------------------------- an occurrence as it stood on a day


class ChangeLike(Protocol):
    id: int
    at: datetime
    before: dict[str, Any]
    evidence: dict[str, Any] | None
    undone: bool


@dataclass(frozen=True)
class OccurrenceAsOf:
    """An occurrence as it stood at the end of a day (shaped like the ORM row for plan_data.status)."""

    id: int
    label: str
    status: str
    progress: int
    due: date | None
    planned_due: date | None
    done_at: datetime | None
    done_by: str | None
    note: str
    evidence: tuple[str, ...]
    opens: date | None = None
    retired: bool = False


def as_of(occurrence: Any, day: date, history: bool = False) -> OccurrenceAsOf:
    """The occurrence as it stood at the end of `day`. With its history, everything done after that day
    (a "xong", progress, an extension) is taken back: the state then is the `before` of the first later
    change still standing. Without it (a figure about today), the current state."""
    if not history:
        return _view(occurrence, _current_state(occurrence), ())
    # an undone change counts nowhere, not even in a report of a day before it was undone: it was a mistake
    changes: list[ChangeLike] = sorted((c for c in occurrence.changes if _standing(c)), key=lambda c: c.id)
    known = [c for c in changes if local_day(c.at) <= day]
    later = [c for c in changes if local_day(c.at) > day]
    evidence = tuple(_evidence_name(c.evidence) for c in known if c.evidence)
    return _view(occurrence, later[0].before if later else _current_state(occurrence), evidence)


def _standing(change: ChangeLike) -> bool:
    return not change.undone and getattr(change, "action", "") != Act.UNDO


def _current_state(occurrence: Any) -> dict[str, Any]:
    return {"status": occurrence.status, "progress": occurrence.progress, "due": occurrence.due,
            "planned_due": occurrence.planned_due, "done_at": occurrence.done_at, "done_by": occurrence.done_by,
            "note": occurrence.note}


def _view(occurrence: Any, state: dict[str, Any], evidence: tuple[str, ...]) -> OccurrenceAsOf:
    def day_of(value: Any) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else value

    done_at = state.get("done_at")
    return OccurrenceAsOf(occurrence.id, occurrence.label, state.get("status", State.OPEN.value),
                          state.get("progress") or 0,
                          day_of(state.get("due")), day_of(state.get("planned_due")),
                          datetime.fromisoformat(done_at) if isinstance(done_at, str) else done_at,
                          state.get("done_by"), state.get("note") or "", evidence, occurrence.opens,
                          occurrence.retired)


def _evidence_name(evidence: dict[str, Any]) -> str:
    return evidence.get("file_name") or {"photo": "ảnh", "document": "tệp"}.get(evidence.get("type", ""), "tệp")


# ---------------------------------------------------------------- the items that count


def counted(occurrences: Sequence[OccurrenceLike], period: Period, day: date) -> list[OccurrenceLike]:
    """The occurrences of one task that count for `period` as of `day`: the one rule behind every figure.

    - A task with one occurrence (a deadline, a window, "thường xuyên", an event) counts once.
    - A recurring task counts each occurrence due in the period that is due by `day` or already closed.
    - Before any is, it counts once, by the period's next occurrence (or, with none in the period, by the
      occurrence "xong" would close), so that every task of the plan appears in every figure.
    """
    live = [o for o in occurrences if not o.retired]
    if len(live) <= 1:
        return live
    in_period = [o for o in live if o.due is not None and o.due in period]
    reached = [o for o in in_period if o.due <= day or is_closed(o)]
    if reached:
        return reached
    if in_period:
        return in_period[:1]
    standing = current(live)
    return [standing] if standing is not None else []


# ---------------------------------------------------------------- counts


@dataclass
class Counts:
    """The figures of a CCHC progress report: the Government's four states (đúng hạn, trễ hạn, trong hạn, quá
    hạn) and the asides kept apart (plan_data.status), every item in one field. Trong hạn is two fields, by
    its light (plan_data.light): `on_track` 🟢 and `at_risk` 🟠, «có nguy cơ chậm»; `in_term` is both.
    How each view shows them is plan_data.figure_columns'."""

    done_on_time: int = 0
    done_late: int = 0
    on_track: int = 0  # trong hạn, 🟢
    at_risk: int = 0  # trong hạn, 🟠 có nguy cơ chậm
    overdue: int = 0
    waiting: int = 0  # no date yet: an event's, or one the plan did not give readably
    awaiting: int = 0

    @property
    def total(self) -> int:
        return sum(self.as_tuple())  # every item counts in one field

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def in_term(self) -> int:
        """Trong hạn: open and not past its due date, amber or not."""
        return self.on_track + self.at_risk

    def add(self, status: Status, timely: bool | None, light: Light) -> None:
        if status is Status.DONE:
            if timely is False:
                self.done_late += 1
            else:
                self.done_on_time += 1
            return
        if status is Status.IN_TERM:
            name = "at_risk" if light is Light.AMBER else "on_track"
        else:
            name = {Status.OVERDUE: "overdue", Status.WAITING: "waiting", Status.UNDATED: "waiting",
                    Status.AWAITING: "awaiting"}[status]
        setattr(self, name, getattr(self, name) + 1)

    def as_tuple(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    @property
    def light(self) -> Light:
        """A group's light (a commune, a section, a unit): its worst item's (plan_data.light decides each)."""
        return Light.RED if self.overdue else Light.AMBER if self.at_risk else Light.GREEN


def summed(many: Iterable[Counts]) -> Counts:
    """The counts of several groups together (the city's, of its communes): every item still in one field."""
    total = Counts()
    for counts in many:
        for name in (f.name for f in fields(Counts)):
            setattr(total, name, getattr(total, name) + getattr(counts, name))
    return total


@dataclass
class Figures:
    """Counts for the whole plan, per section (I–VII) and per responsible unit, for a period as of a day."""

    as_of: date
    period: Period | None = None
    total: Counts = field(default_factory=Counts)
    by_section: dict[str, Counts] = field(default_factory=dict)
    by_unit: dict[str, Counts] = field(default_factory=dict)
    tasks: int = 0  # distinct tasks; total.total counts items (a recurring task once per period reached)


class TaskLike(Protocol):
    section: str
    kind: str
    occurrences: Sequence[Any]

    @property
    def responsible(self) -> Any: ...


@dataclass(frozen=True)
class ReportRow:
    """One item that counts: a task, its occurrence as of the day, and where it stands."""

    task: Any
    occurrence: OccurrenceAsOf
    status: Status
    on_time: bool | None
    light: Light


def plan_figures(tasks: Iterable[TaskLike], day: date, period: Period | None = None,
                 history: bool = False, *, risk: Risk) -> tuple[list[ReportRow], Figures]:
    """Every item that counts, and the counts per plan, section and unit. `period` None: the year of `day`.
    `history`: take back what was done after `day` (a report as of a past cut-off; the tasks' changes
    must be loaded). `risk`: the plan's amber rule (plan_data.light.risk_of)."""
    period = period or Period.year(day.year)
    rows = []
    for task in tasks:
        snapshots = [as_of(o, day, history) for o in task.occurrences if not o.retired]
        for occurrence in counted(snapshots, period, day):
            rows.append(ReportRow(task, occurrence, status_of(occurrence, task.kind, day), on_time(occurrence),
                                  light_of(occurrence, task.kind, day, risk)))
    return rows, tally(rows, day, period)


def tally(rows: Sequence[ReportRow], day: date, period: Period | None = None) -> Figures:
    figures = Figures(day, period, tasks=len({id(row.task) for row in rows}))
    for row in rows:
        section = figures.by_section.setdefault(row.task.section, Counts())
        unit = figures.by_unit.setdefault(row.task.responsible.code, Counts())
        for counts in (figures.total, section, unit):
            counts.add(row.status, row.on_time, row.light)
    unit_order = {r.task.responsible.code: r.task.responsible.id for r in rows}  # the plan file's order
    figures.by_unit = dict(sorted(figures.by_unit.items(), key=lambda item: unit_order[item[0]]))
    figures.by_section = dict(sorted(figures.by_section.items(), key=lambda item: _section_order(item[0])))
    return figures


def _section_order(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)


# ---------------------------------------------------------------- the reporting period and its cut-off

REPORTING_ACTIONS = REPORTING_ACTS  # a unit telling how its part went; not a date change
CUTOFF_DAY = 15  # Nghị định 09/2019/NĐ-CP, điều 12: from the 15th of the last month of the period before


@dataclass(frozen=True)
class ReportingPeriod:
    """A periodic report: the period it is named after, and the days its facts are taken from.

    `kind` is quarter | half | year, `number` the quarter (1–4) or half (1–2). By the decree's default the
    facts run from the 15th of the previous period's last month to the 14th of this one's last month;
    `cutoff_day` 0 takes the period's own days. `facts.end` is the cut-off day, never after the day asked."""

    kind: str
    number: int | None
    year: int
    period: Period
    facts: Period
    cutoff_day: int = CUTOFF_DAY

    @property
    def as_of(self) -> date:
        return self.facts.end


def reporting_period(year: int, today: date, kind: str = "quarter", number: int | None = None,
                     cutoff_day: int = CUTOFF_DAY, as_of: date | None = None) -> ReportingPeriod:
    """The report of `kind` asked for on `today` (the current quarter or half when `number` is None). Its
    facts end at the cut-off, or on `today` if that comes first, or on `as_of` when one is asked for."""
    if kind == "quarter":
        number = number or default_quarter(year, today)
        first, last = QUARTER_MONTHS[number]
        period = Period.quarter(year, number)
    elif kind == "half":
        number = number or (1 if today.year == year and today.month <= 6 else 2)
        first, last = (1, 6) if number == 1 else (7, 12)
        period = Period.half(year, number)
    else:
        number, first, last, period = None, 1, 12, Period.year(year)
    if cutoff_day:
        before = (year - 1, 12) if first == 1 else (year, first - 1)
        start, end = date(*before, cutoff_day), date(year, last, cutoff_day) - timedelta(days=1)
    else:
        start, end = period.start, period.end
    end = as_of or min(today, end)
    return ReportingPeriod(kind, number, year, period, Period(min(start, end), end), cutoff_day)


def reported_in(occurrence: Any, facts: Period) -> list[ChangeLike]:
    """What a unit reported on an ongoing task within the report's facts (its changes, not undone): "was
    this period's part done?" is answered by these, not by the task's year-long status."""
    return [c for c in getattr(occurrence, "changes", ())
            if not c.undone and getattr(c, "action", Act.DONE) in REPORTING_ACTIONS and local_day(c.at) in facts]


def default_quarter(year: int, today: date) -> int:
    """The quarter a report asked for today is about: asked in the first month of a quarter (06/04), the
    quarter that just ended, not the nearly empty one just begun."""
    if today.year != year:
        return 4 if today.year > year else 1
    current_quarter = quarter_of(today)
    just_began = today.month == QUARTER_MONTHS[current_quarter][0]
    return current_quarter - 1 if just_began and current_quarter > 1 else current_quarter
