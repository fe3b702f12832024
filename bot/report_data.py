"""The figures of every summary, chart and report, computed in one place from the same rows.

A report is "as of" a cut-off day: a task finished after that day counts as not finished on it.
For a quarterly report, a recurring task is represented by its occurrence of that quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.status import VN, Status, Summary, current, on_time, status_of, summarize
from plan_data.model import SECTIONS
from storage.models import Occurrence, Task

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


@dataclass(frozen=True)
class OccurrenceAsOf:
    """An occurrence as it stood at the end of a day (shaped like the ORM row for bot.status)."""

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
    retired: bool = False


@dataclass(frozen=True)
class ReportRow:
    task: Task
    occurrence: OccurrenceAsOf
    status: Status
    on_time: bool | None


def as_of(occurrence: Occurrence, day: date, history: bool = False) -> OccurrenceAsOf:
    """The occurrence as it stood at the end of `day`. With its history, everything done after that day
    (a "xong", progress, an extension) is taken back: the state then is the `before` of the first later
    change. Without it (the chat's "tổng hợp", which is about today), the current state."""
    if not history:
        return _view(occurrence, _snapshot_now(occurrence), ())
    changes = sorted(occurrence.changes, key=lambda c: c.id)
    known = [c for c in changes if _local_day(c.at) <= day]
    later = [c for c in changes if _local_day(c.at) > day]
    evidence = tuple(_evidence_name(c.evidence) for c in known if c.evidence and not c.undone)
    return _view(occurrence, later[0].before if later else _snapshot_now(occurrence), evidence)


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN).date()


def _snapshot_now(occurrence: Occurrence) -> dict:
    return {"status": occurrence.status, "progress": occurrence.progress, "due": occurrence.due,
            "planned_due": occurrence.planned_due, "done_at": occurrence.done_at, "done_by": occurrence.done_by,
            "note": occurrence.note}


def _view(occurrence: Occurrence, state: dict, evidence: tuple[str, ...]) -> OccurrenceAsOf:
    def day_of(value):
        return date.fromisoformat(value) if isinstance(value, str) else value

    done_at = state.get("done_at")
    return OccurrenceAsOf(occurrence.id, occurrence.label, state.get("status", "open"), state.get("progress") or 0,
                          day_of(state.get("due")), day_of(state.get("planned_due")),
                          datetime.fromisoformat(done_at) if isinstance(done_at, str) else done_at,
                          state.get("done_by"), state.get("note") or "", evidence)


def _evidence_name(evidence: dict) -> str:
    return evidence.get("file_name") or {"photo": "ảnh", "document": "tệp"}.get(evidence.get("type", ""), "tệp")


def representative(task: Task, day: date, quarter: int | None, history: bool = False) -> OccurrenceAsOf | None:
    """The occurrence that stands for the task: that quarter's one for a recurring task, else the current."""
    live = [as_of(o, day, history) for o in task.occurrences if not o.retired]
    if quarter and len(live) > 1:
        first, last = QUARTER_MONTHS[quarter]
        in_quarter = [o for o in live if o.due and first <= o.due.month <= last]
        if in_quarter:
            return in_quarter[-1]
    return current(live)


def plan_figures(tasks: Sequence[Task], day: date, quarter: int | None = None,
                 history: bool = False) -> tuple[list[ReportRow], Summary]:
    """Every task's row and the counts per plan, section and unit: the chat, the chart and the
    spreadsheet all read these, so they always agree."""
    rows = []
    for task in tasks:
        occurrence = representative(task, day, quarter, history)
        if occurrence is not None:
            rows.append(ReportRow(task, occurrence, status_of(occurrence, task.kind, day), on_time(occurrence)))
    summary = summarize(((r.task.section, r.task.responsible.code, r.task.kind, r.occurrence) for r in rows), day)
    unit_order = {r.task.responsible.code: r.task.responsible.id for r in rows}  # the plan file's order
    summary.by_unit = dict(sorted(summary.by_unit.items(), key=lambda item: unit_order[item[0]]))
    summary.by_section = dict(sorted(summary.by_section.items(), key=lambda item: _section_order(item[0])))
    return rows, summary


def _section_order(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    month = QUARTER_MONTHS[quarter][1]
    return date(year, month, 31 if month in (3, 12) else 30)
