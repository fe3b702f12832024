"""The figures of every summary, chart and report, computed in one place from the same rows.

A report is "as of" a cut-off day: a task finished after that day counts as not finished on it.
For a quarterly report, a recurring task is represented by its occurrence of that quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.status import VN, Status, Summary, current, done_on, on_time, status_of, summarize
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


def as_of(occurrence: Occurrence, day: date, with_evidence: bool = False) -> OccurrenceAsOf:
    """What was known at the end of `day`: a later "xong" is not counted, nor later progress.
    The history is read only when it matters (a report with evidence, or a cut-off in the past)."""
    finished = done_on(occurrence)
    rewind = occurrence.status in ("done", "awaiting") and finished is not None and finished > day
    known = [c for c in occurrence.changes if not c.undone and c.at.astimezone(VN).date() <= day] \
        if rewind or with_evidence else []
    evidence = tuple(_evidence_name(c.evidence) for c in known if c.evidence)
    if rewind:
        progress = max((c.after.get("progress", 0) or 0 for c in known if c.action == "progress"), default=0)
        return OccurrenceAsOf(occurrence.id, occurrence.label, "open", progress, occurrence.due,
                              occurrence.planned_due, None, None, "", evidence)
    return OccurrenceAsOf(occurrence.id, occurrence.label, occurrence.status, occurrence.progress, occurrence.due,
                          occurrence.planned_due, occurrence.done_at, occurrence.done_by, occurrence.note, evidence)


def _evidence_name(evidence: dict) -> str:
    return evidence.get("file_name") or {"photo": "ảnh", "document": "tệp"}.get(evidence.get("type", ""), "tệp")


def representative(task: Task, day: date, quarter: int | None, with_evidence: bool = False) -> OccurrenceAsOf | None:
    """The occurrence that stands for the task: that quarter's one for a recurring task, else the current."""
    live = [as_of(o, day, with_evidence) for o in task.occurrences if not o.retired]
    if quarter and len(live) > 1:
        first, last = QUARTER_MONTHS[quarter]
        in_quarter = [o for o in live if o.due and first <= o.due.month <= last]
        if in_quarter:
            return in_quarter[-1]
    return current(live)


def plan_figures(tasks: Sequence[Task], day: date, quarter: int | None = None,
                 with_evidence: bool = False) -> tuple[list[ReportRow], Summary]:
    """Every task's row and the counts per plan, section and unit: the chat, the chart and the
    spreadsheet all read these, so they always agree."""
    rows = []
    for task in tasks:
        occurrence = representative(task, day, quarter, with_evidence)
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
