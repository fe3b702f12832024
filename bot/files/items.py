"""One report line per item that counts, as the workbook and the Word report both write it.

The status is the figures' own (plan_data.figures): these only say it in words, group the items by the
plan's sections, and, for an ongoing task, say whether this period's part was reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core import texts
from plan_data.figures import ReportingPeriod, ReportRow, reported_in
from plan_data.model import SECTIONS
from plan_data.status import Status
from plan_data.zone import local_day

DUTIES = "NV"  # the duties the plan's body sets (BC-*, KH-*, KP-*): a section of their own, after VII
DUTIES_TITLE = "Nhiệm vụ theo nội dung Kế hoạch (báo cáo định kỳ, kế hoạch của đơn vị, kinh phí)"
DUTIES_NUMBER = "VIII"
NOTE_LIMIT = 300  # characters of a note a cell shows; the whole note is on a sheet of its own


@dataclass(frozen=True)
class Item:
    row: ReportRow
    section: str  # I … VII, or DUTIES
    status: str  # as the report writes it
    done: date | None
    timing: str  # Đúng hạn | Trễ hạn | ""
    note: str
    evidence: str
    period_part: str  # ongoing tasks: this period's part; "" for the others

    @property
    def task(self):
        return self.row.task


def section_of(row: ReportRow) -> str:
    return row.task.section if getattr(row.task, "source", "appendix") == "appendix" else DUTIES


def section_title(key: str, sections: dict[str, str]) -> str:
    if key == DUTIES:
        return f"{DUTIES_NUMBER}. {DUTIES_TITLE}"
    return f"{key}. {sections.get(key, '')}"


def grouped(rows: Sequence[ReportRow], period: ReportingPeriod) -> dict[str, list[Item]]:
    """Items by section, I–VII in order and the plan body's duties last; the plan's order within each."""
    groups: dict[str, list[Item]] = {}
    for row in rows:
        groups.setdefault(section_of(row), []).append(item(row, period))
    order = [*SECTIONS, DUTIES]
    return dict(sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else len(order)))


def item(row: ReportRow, period: ReportingPeriod) -> Item:
    occurrence = row.occurrence
    done = local_day(occurrence.done_at) if occurrence.done_at and row.status is Status.DONE else None
    timing = "" if row.on_time is None else ("Đúng hạn" if row.on_time else "Trễ hạn")
    part = _period_part(row, period) if row.task.kind == "ongoing" else ""
    status = texts.STATUS_NAMES[row.status.value].capitalize()
    if part and row.status is Status.NOT_STARTED:
        status = "Thường xuyên"  # a year-long task is not "not started" at the end of Q1: see its period's part
    return Item(row, section_of(row), status, done, timing, occurrence.note, ", ".join(occurrence.evidence), part)


def _period_part(row: ReportRow, period: ReportingPeriod) -> str:
    """Whether the unit reported this period's part of an ongoing task, within the report's facts."""
    stored = next((o for o in row.task.occurrences if o.id == row.occurrence.id), None)
    changes = reported_in(stored, period.facts) if stored is not None else []
    if not changes:
        return "Kỳ này chưa báo cáo kết quả"
    last = changes[-1]
    progress = f", {row.occurrence.progress}%" if row.occurrence.progress and row.status is not Status.DONE else ""
    return f"Kỳ này đã báo cáo ngày {texts.day(local_day(last.at))}{progress}"


def cut(note: str, limit: int = NOTE_LIMIT) -> tuple[str, bool]:
    """A note cut at a readable length on a word boundary; True when something was cut."""
    text = " ".join(note.split())
    if len(text) <= limit:
        return note, False
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…", True
