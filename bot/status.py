"""Where a task stands on a given day, and the counts every summary, chart and report uses.  (pure)

One place decides "overdue", "done late" and friends, so the chat, the chart and the spreadsheet
always agree. Works on anything shaped like an occurrence (the ORM row, or a test's stand-in).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class Status(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    OVERDUE = "overdue"
    WAITING = "waiting"  # an event task whose date is not known yet
    AWAITING = "awaiting-confirmation"  # a unit said "xong"; the focal point has not confirmed it


class OccurrenceLike(Protocol):
    status: str
    progress: int
    due: date | None
    planned_due: date | None
    done_at: datetime | None
    retired: bool


def status_of(occurrence: OccurrenceLike, task_kind: str, today: date) -> Status:
    if occurrence.status == "done":
        return Status.DONE
    if occurrence.status == "awaiting":
        return Status.AWAITING
    if occurrence.due is None and task_kind == "event":
        return Status.WAITING
    if occurrence.due is not None and today > occurrence.due:
        return Status.OVERDUE
    return Status.IN_PROGRESS if occurrence.progress > 0 else Status.NOT_STARTED


def done_on(occurrence: OccurrenceLike) -> date | None:
    return occurrence.done_at.astimezone(VN).date() if occurrence.done_at else None


def on_time(occurrence: OccurrenceLike) -> bool | None:
    """Done by the plan's own date? An extension does not make a late task on time. None: not done."""
    finished = done_on(occurrence)
    if finished is None or occurrence.status != "done":
        return None
    return occurrence.planned_due is None or finished <= occurrence.planned_due


def days_late(occurrence: OccurrenceLike, today: date) -> int:
    return (today - occurrence.due).days if occurrence.due and today > occurrence.due else 0


def current(occurrences: Sequence[OccurrenceLike]) -> OccurrenceLike | None:
    """The occurrence "xong" refers to: the earliest not yet done; the last one once all are done."""
    live = [o for o in occurrences if not o.retired]
    return next((o for o in live if o.status != "done"), live[-1] if live else None)


@dataclass
class Counts:
    """The six figures of a CCHC progress report, plus what awaits confirmation."""

    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    waiting: int = 0
    awaiting: int = 0

    @property
    def total(self) -> int:
        return (self.done_on_time + self.done_late + self.in_progress + self.not_started + self.overdue
                + self.waiting + self.awaiting)

    def add(self, occurrence: OccurrenceLike, task_kind: str, today: date) -> None:
        status = status_of(occurrence, task_kind, today)
        if status is Status.DONE:
            if on_time(occurrence) is False:
                self.done_late += 1
            else:
                self.done_on_time += 1
        else:
            name = {Status.IN_PROGRESS: "in_progress", Status.NOT_STARTED: "not_started", Status.OVERDUE: "overdue",
                    Status.WAITING: "waiting", Status.AWAITING: "awaiting"}[status]
            setattr(self, name, getattr(self, name) + 1)


@dataclass
class Summary:
    """Counts for the whole plan, per section (I–VII) and per responsible unit, on one day."""

    as_of: date
    total: Counts = field(default_factory=Counts)
    by_section: dict[str, Counts] = field(default_factory=dict)
    by_unit: dict[str, Counts] = field(default_factory=dict)


def summarize(items: Iterable[tuple[str, str, str, OccurrenceLike]], today: date) -> Summary:
    """Counts (section, unit code, task kind, the occurrence that stands for the task), each once."""
    summary = Summary(today)
    for section, unit, kind, occurrence in items:
        for counts in (summary.total, summary.by_section.setdefault(section, Counts()),
                       summary.by_unit.setdefault(unit, Counts())):
            counts.add(occurrence, kind, today)
    return summary
