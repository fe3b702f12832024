"""One report line per item, as the workbook and the Word report both write it.

The status is the figures' own (plan_data.figures) and when the work was done is plan_data.periodic's: these
only say them in words, and group the items by the plan's sections. Each line is about one occurrence (an
ongoing task's or a recurring report's part of a period is named by its label, "Quý II/2026"). Besides the
items that count, a section lists the earlier periods' parts reported late within the report's facts, which
count in no figure of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from bot.files import texts
from plan_data.figures import ReportingPeriod, ReportRow
from plan_data.light import Light
from plan_data.model import SECTIONS
from plan_data.periodic import When, finished_when, late_for_earlier, reports_within
from plan_data.status import Status, days_after, done_on
from plan_data.zone import local_day

DUTIES = "NV"  # the duties the plan's body sets (BC-*, KH-*, KP-*): a section of their own, after VII
DUTIES_TITLE = "Nhiệm vụ theo nội dung Kế hoạch (báo cáo định kỳ, kế hoạch của đơn vị, kinh phí)"
DUTIES_NUMBER = "VIII"
NOTE_LIMIT = 300  # characters of a note a cell shows; the whole note is on a sheet of its own
LATE = "late"  # the list of earlier periods' parts reported late: no status of the figures


@dataclass(frozen=True)
class Item:
    row: ReportRow
    section: str  # I … VII, or DUTIES
    status: str  # the figures' status as the report writes it (an earlier part reported late: as at the cut-off)
    done: date | None
    timing: str  # Đúng hạn | Trễ hạn (as the figures count it) | ""
    note: str
    evidence: str
    result: str  # what was done in the report's period: «Kết quả trong kỳ»
    listed: str  # the Word report's list: a status, When.THIS_PERIOD / When.EARLIER for what is done, or LATE

    @property
    def task(self):
        return self.row.task

    @property
    def counted(self) -> bool:
        return self.listed != LATE


def section_of(row: ReportRow) -> str:
    return row.task.section if getattr(row.task, "source", "appendix") == "appendix" else DUTIES


def section_title(key: str, sections: dict[str, str]) -> str:
    if key == DUTIES:
        return f"{DUTIES_NUMBER}. {DUTIES_TITLE}"
    return f"{key}. {sections.get(key, '')}"


def full_name(task) -> str:
    """The task as the plan writes it, whole: its group's title before its own words, as the appendix has them."""
    return f"{task.group_title}: {task.content}" if task.group_title else task.content


def grouped(rows: Sequence[ReportRow], period: ReportingPeriod) -> dict[str, list[Item]]:
    """Items by section, I–VII in order and the plan body's duties last; the plan's order within each, the
    earlier periods' parts reported late after the items that count."""
    groups: dict[str, list[Item]] = {}
    for row in rows:
        groups.setdefault(section_of(row), []).append(item(row, period))
    for row in late_for_earlier(rows, period):
        groups.setdefault(section_of(row), []).append(late_item(row))
    order = [*SECTIONS, DUTIES]
    return dict(sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else len(order)))


def item(row: ReportRow, period: ReportingPeriod) -> Item:
    occurrence = row.occurrence
    when = finished_when(row, period.facts)
    done = done_on(occurrence) if row.status is Status.DONE else None
    timing = ("Trễ hạn" if row.on_time is False else "Đúng hạn") if row.status is Status.DONE else ""
    status = texts.state_name(row.status.value, row.light.value).capitalize()
    listed = when.value if row.status is Status.DONE and when else (
        Light.AMBER.value if row.light is Light.AMBER else row.status.value)
    return Item(row, section_of(row), status, done, timing, occurrence.note, ", ".join(occurrence.evidence),
                _result(row, period, when), listed)


def late_item(row: ReportRow) -> Item:
    """An earlier period's part finished within the facts: its own line, counted in no figure of this report."""
    occurrence = row.occurrence
    finished = done_on(occurrence)
    label = occurrence.label or texts.EARLIER_PART.format(due=texts.day(occurrence.due))
    late = row.on_time is False or bool(days_after(finished, occurrence.planned_due))  # awaiting: on_time is None
    result = (texts.RESULT_LATE if late else texts.RESULT_EARLIER_PART).format(label=label, day=texts.day(finished))
    if row.status is Status.AWAITING:
        result += texts.RESULT_LATE_AWAITING
    timing = {False: "Trễ hạn", True: "Đúng hạn"}.get(row.on_time, "") if row.status is Status.DONE else ""
    status = texts.STATUS_NAMES[row.status.value].capitalize()
    return Item(row, section_of(row), status, finished, timing, occurrence.note, ", ".join(occurrence.evidence),
                result, LATE)


def _result(row: ReportRow, period: ReportingPeriod, when: When | None) -> str:
    """«Kết quả trong kỳ»: when it was finished, else what the unit reported within the facts, else nothing."""
    occurrence = row.occurrence
    if when is not None:
        wording = (texts.RESULT_DONE if row.status is Status.DONE else texts.RESULT_AWAITING)[when.value]
        finished = done_on(occurrence)
        if finished is None:  # closed with no day known (an import of "Đã ban hành"): when is not said
            return wording.replace(", ngày {day}", "")
        return wording.format(day=texts.day(finished))
    reports = reports_within(row, period.facts)
    if not reports:
        return texts.RESULT_NONE
    day = texts.day(local_day(reports[-1].at))
    if occurrence.progress:
        return texts.RESULT_PROGRESS.format(day=day, progress=occurrence.progress)
    return texts.RESULT_REPORTED.format(day=day)


def explained_part(entry: Item, explained: Mapping[int, Any]) -> str:
    """". Giải trình của đơn vị (ngày …): …; đề xuất hạn mới …" for a line not done on time whose unit answered
    «giải trình» (explained: occurrence id -> its answer, plan_data.explanations.answers_by_occurrence)."""
    answer = explained.get(entry.row.occurrence.id) if entry.timing != "Đúng hạn" else None
    if answer is None:
        return ""
    text = texts.EXPLAINED.format(day=texts.day(local_day(answer.answered_at)), reason=answer.reason.strip())
    if answer.proposed_due:
        text += texts.EXPLAINED_PROPOSED.format(proposed=texts.day(answer.proposed_due))
    return text


def note_cell(entry: Item) -> str:
    """The note as its cell shows it: whole, or cut with a pointer to the sheet that has it whole."""
    note, was_cut = cut(entry.note)
    return f"{note} (xem đủ ở trang «Ghi chú»)" if was_cut else entry.note


def content_cell(entry: Item) -> str:
    """The task's whole name, and the period its line is about: «…: Báo cáo kết quả … (Quý I/2026)»."""
    label = entry.row.occurrence.label
    return f"{full_name(entry.task)} ({label})" if label else full_name(entry.task)


@dataclass(frozen=True)
class TaskColumn:
    """A column of the report's table of items: its header, its cell for an item, its width (in Excel's
    characters), and whether the cell is centred (a number, a date, a short word)."""

    key: str
    header: str
    cell: Callable[[Item], object]
    width: float
    centred: bool = False


# the appendix's own columns, then what the report adds
TASK_COLUMNS = (
    TaskColumn("number", "TT", lambda entry: entry.task.number, 7, centred=True),
    TaskColumn("content", "Nội dung công việc", content_cell, 42),
    TaskColumn("lead", "Cơ quan chủ trì", lambda entry: entry.task.lead_text, 15),
    TaskColumn("coordinators", "Cơ quan phối hợp", lambda entry: entry.task.coordinators_text, 15),
    TaskColumn("time", "Thời gian thực hiện/hoàn thành", lambda entry: entry.task.time_expression, 14),
    TaskColumn("product", "Sản phẩm", lambda entry: entry.task.product, 15),
    TaskColumn("status", "Trạng thái", attrgetter("status"), 13, centred=True),
    TaskColumn("done", "Ngày hoàn thành", lambda entry: texts.day(entry.done) if entry.done else "", 12, centred=True),
    TaskColumn("timing", "Đúng/trễ hạn", attrgetter("timing"), 9, centred=True),
    TaskColumn("progress", "Tiến độ (%)", lambda entry: entry.row.occurrence.progress, 8, centred=True),
    TaskColumn("note", "Ghi chú", note_cell, 26),
    TaskColumn("evidence", "Minh chứng", attrgetter("evidence"), 13),
    TaskColumn("result", "Kết quả trong kỳ", attrgetter("result"), 15),
)


def cut(note: str, limit: int = NOTE_LIMIT) -> tuple[str, bool]:
    """A note cut at a readable length on a word boundary; True when something was cut."""
    text = " ".join(note.split())
    if len(text) <= limit:
        return note, False
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…", True
