"""One builder per file a reply carries: the progress chart, the quarterly workbook, the calendar. The
chat and the command line both call these, with the domain's figures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.core import texts
from bot.core.context import OutFile
from plan_data.figures import Figures, Period, plan_figures
from storage.models import Plan
from storage.queries import plan_tasks


def _unit_names(plan: Plan) -> dict[str, str]:
    return {u.code: u.name for u in plan.units}


# matplotlib, openpyxl and icalendar are imported when a file is asked for, not when the bot starts:
# together they are half of the start-up time and memory, and most messages never need them.


def chart_file(plan: Plan, summary: Figures) -> OutFile:
    from bot.files.chart import progress_chart

    title = f"Tiến độ kế hoạch CCHC {plan.commune} năm {plan.year} — đến {texts.day(summary.as_of)}"
    png = progress_chart(summary, title, _unit_names(plan), plan.sections)
    return OutFile(f"tien-do-cchc-{summary.as_of:%Y%m%d}.png", png, texts.CHART_CAPTION, kind="photo")


def report_file(session: Session, plan: Plan, as_of: date, quarter: int | None) -> OutFile:
    """The workbook for a quarter (None: the whole year), as of a cut-off day."""
    from bot.files.workbook import quarterly_workbook

    period = Period.quarter(plan.year, quarter) if quarter else Period.year(plan.year)
    rows, summary = plan_figures(plan_tasks(session, plan, with_history=True), as_of, period, history=True)
    data = quarterly_workbook(plan, rows, summary, as_of, quarter, _unit_names(plan))
    name = f"bao-cao-cchc-quy-{quarter}-{plan.year}.xlsx" if quarter else f"bao-cao-cchc-nam-{plan.year}.xlsx"
    period = f"quý {quarter}/{plan.year}" if quarter else f"năm {plan.year}"
    return OutFile(name, data, texts.REPORT_CAPTION.format(period=period, as_of=texts.day(as_of)))


def calendar_file(session: Session, plan: Plan, now: datetime) -> OutFile:
    from bot.files.ics import plan_calendar

    data = plan_calendar(plan, plan_tasks(session, plan), now)
    return OutFile(f"lich-cchc-{plan.year}.ics", data, texts.CALENDAR_CAPTION)
