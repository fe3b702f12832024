"""One builder per file a reply carries: the progress chart, the quarterly workbook, the calendar. The
chat and the command line both call these, with the domain's figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.files import texts
from bot.files.heading import Heading, meeting_heading, report_heading, short_period
from bot.files.names import calendar_name, chart_name, meeting_name, report_name
from bot.files.outfile import OutFile
from plan_data.agenda import Explanation, meeting_agenda
from plan_data.explanations import answers_by_occurrence
from plan_data.figures import Figures, ReportingPeriod, ReportRow, plan_figures, reporting_period
from plan_data.light import risk_of
from plan_data.policy import policy_of, work_calendar
from storage.models import Plan, Task, Unit
from storage.queries import plan_tasks


def _unit_names(plan: Plan) -> dict[str, str]:
    return {u.code: u.name for u in plan.units}


# matplotlib, openpyxl and icalendar are imported when a file is asked for, not when the bot starts:
# together they are half of the start-up time and memory, and most messages never need them.


def chart_file(plan: Plan, summary: Figures, unit: Unit | None = None) -> OutFile:
    """The whole plan's chart, or (a unit's chat) the unit's own tasks."""
    from bot.files.chart import progress_chart

    whose = f"{plan.commune} " if unit is None else ""  # a unit's chart names the unit over its bars
    title = f"Tiến độ CCHC {whose}{plan.year} — đến {texts.day(summary.as_of)}"
    png = progress_chart(summary, title, _unit_names(plan), plan.sections, unit.code if unit else None)
    name = chart_name(plan.commune, summary.as_of, unit.code if unit else "")
    return OutFile(name, png, texts.CHART_CAPTION, kind="photo")


def report_file(session: Session, plan: Plan, as_of: date, quarter: int | None) -> OutFile:
    """The workbook for a quarter (None: the whole year), as of a cut-off day."""
    period = reporting_period(plan.year, as_of, "quarter" if quarter else "year", quarter, cutoff_day(plan),
                              as_of=as_of)
    return report_workbook(plan, plan_tasks(session, plan, with_history=True), period, as_of)


def report_caption(period: ReportingPeriod) -> str:
    """What the report covers and its cut-off, in the chat's words."""
    return texts.REPORT_CAPTION.format(period=short_period(period), start=texts.day(period.period.start),
                                       end=texts.day(period.period.end), facts_start=texts.day(period.facts.start),
                                       as_of=texts.day(period.as_of))


def cutoff_day(plan: Plan) -> int:
    """The plan's reporting cut-off (policy.report_cutoff_day; the 15th by Nghị định 09/2019/NĐ-CP)."""
    return policy_of(plan).report_cutoff_day


def report_files(plan: Plan, tasks: list[Task], period: ReportingPeriod, today: date,
                 explanations: Sequence[Any] = ()) -> tuple[OutFile, OutFile]:
    """The workbook and the Word report for a reporting period, as of its cut-off; both state the cut-off.
    `tasks`: the plan's current tasks with their history (storage.queries.plan_tasks); `explanations`: the
    «giải trình» of their occurrences (storage.explanations), whose answers the report's lines say."""
    from bot.files.document import report_document

    report = _Report.of(plan, tasks, period, today)
    data = report_document(report.heading, plan.title, plan.decision, report.rows, report.summary, period,
                           plan.sections, report.names, answers_by_occurrence(explanations, period.as_of))
    return report.workbook(plan), OutFile(report_name(plan.commune, period, ".docx"), data,
                                          texts.REPORT_DOCUMENT_CAPTION)


def report_workbook(plan: Plan, tasks: list[Task], period: ReportingPeriod, today: date) -> OutFile:
    """The workbook alone, as report_files writes it."""
    return _Report.of(plan, tasks, period, today).workbook(plan)


@dataclass(frozen=True)
class _Report:
    """What the workbook and the Word report are both written from: the figures, the heading, unit names."""

    period: ReportingPeriod
    rows: list[ReportRow]
    summary: Figures
    heading: Heading
    names: dict[str, str]

    @classmethod
    def of(cls, plan: Plan, tasks: list[Task], period: ReportingPeriod, today: date) -> _Report:
        rows, summary = plan_figures(tasks, period.as_of, period.period, history=True, risk=risk_of(plan))
        return cls(period, rows, summary, report_heading(plan.commune, plan.title, period, today), _unit_names(plan))

    def workbook(self, plan: Plan) -> OutFile:
        from bot.files.workbook import quarterly_workbook

        book = quarterly_workbook(plan, self.rows, self.summary, self.period, self.heading, self.names)
        return OutFile(report_name(plan.commune, self.period, ".xlsx"), book, texts.REPORT_TABLE_CAPTION)


def calendar_file(plan: Plan, tasks: list[Task], now: datetime, unit: Unit | None = None) -> OutFile:
    """The calendar of the whole plan (its current tasks), or of one unit's own tasks."""
    from bot.files.ics import plan_calendar

    data = plan_calendar(plan, tasks, now, unit, cutoff_day(plan))
    return OutFile(calendar_name(plan.commune, plan.year, unit.code if unit else ""), data, texts.CALENDAR_CAPTION)


def meeting_file(plan: Plan, tasks: list[Task], day: date, explanations: Iterable[Any] = ()) -> OutFile:
    """The monthly meeting's one-page agenda for the meeting held on `day` (or asked for that day), from the
    plan's current tasks; `explanations`: the «giải trình» requests of their occurrences (storage.explanations),
    each overdue line saying its unit's latest answer."""
    from bot.files.meeting import meeting_document

    policy = policy_of(plan)
    calendar = work_calendar(policy)
    agenda = meeting_agenda(tasks, day, risk_of(plan), explanation=_explained(explanations, day))
    when = texts.MEETING_WHEN.format(time=policy.send_at.strftime("%H:%M"), day=texts.day_with_weekday(day))
    data = meeting_document(meeting_heading(plan.commune, plan.title, day), agenda, when, _unit_names(plan), calendar)
    return OutFile(meeting_name(plan.commune, day), data, texts.MEETING_CAPTION.format(month=f"{day.month}/{day.year}"))


def _explained(explanations: Iterable[Any], day: date) -> Explanation:
    """An overdue task's «giải trình» as the agenda's note says it: the reason, and the date proposed."""
    answers = answers_by_occurrence(explanations, day)

    def explanation(task: Any, occurrence: Any) -> str | None:
        answer = answers.get(occurrence.id)
        if answer is None:
            return None
        proposed = texts.EXPLAINED_PROPOSED.format(proposed=texts.day(answer.proposed_due)) if answer.proposed_due else ""
        return answer.reason.strip() + proposed
    return explanation
