"""The focal point's and the chairman's files: the progress chart, the quarterly workbook, the calendar.

One builder per file, used by the chat and by the command line alike.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from bot import texts
from bot.commands import Calendar, Report
from bot.context import Context, OutFile, Reply
from bot.permissions import Action
from bot.report_data import plan_figures, quarter_end, quarter_of
from bot.status import Summary
from storage.models import Plan
from storage.queries import plan_tasks


def _unit_names(plan: Plan) -> dict[str, str]:
    return {u.code: u.name for u in plan.units}


# matplotlib, openpyxl and icalendar are imported when a file is asked for, not when the bot starts:
# together they are half of the start-up time and memory, and most messages never need them.


def chart_file(plan: Plan, summary: Summary) -> OutFile:
    from bot.chart import progress_chart

    title = f"Tiến độ kế hoạch CCHC {plan.commune} năm {plan.year} — đến {texts.day(summary.as_of)}"
    png = progress_chart(summary, title, _unit_names(plan), plan.sections)
    return OutFile(f"tien-do-cchc-{summary.as_of:%Y%m%d}.png", png, texts.CHART_CAPTION, kind="photo")


def report_file(session: Session, plan: Plan, as_of: date, quarter: int | None) -> OutFile:
    """The workbook for a quarter (None: the whole year), as of a cut-off day."""
    from bot.workbook import quarterly_workbook

    rows, summary = plan_figures(plan_tasks(session, plan, with_history=True), as_of, quarter, history=True)
    data = quarterly_workbook(plan, rows, summary, as_of, quarter, _unit_names(plan))
    name = f"bao-cao-cchc-quy-{quarter}-{plan.year}.xlsx" if quarter else f"bao-cao-cchc-nam-{plan.year}.xlsx"
    period = f"quý {quarter}/{plan.year}" if quarter else f"năm {plan.year}"
    return OutFile(name, data, texts.REPORT_CAPTION.format(period=period, as_of=texts.day(as_of)))


def calendar_file(session: Session, plan: Plan, now: datetime) -> OutFile:
    from bot.ics import plan_calendar

    data = plan_calendar(plan, plan_tasks(session, plan), now)
    return OutFile(f"lich-cchc-{plan.year}.ics", data, texts.CALENDAR_CAPTION)


def report_period(plan: Plan, today: date, quarter: int | None, yearly: bool) -> tuple[int | None, date]:
    """(quarter or None for the year, cut-off day): a period that has ended is reported as of its end."""
    if yearly:
        return None, min(today, date(plan.year, 12, 31))
    quarter = quarter or (quarter_of(today) if today.year == plan.year else 4)
    return quarter, min(today, quarter_end(plan.year, quarter))


def report(ctx: Context, command: Report) -> Reply:
    if not ctx.may(Action.REPORT):
        return Reply(texts.OVERSEERS_ONLY.format(what="lấy báo cáo"))
    quarter, as_of = report_period(ctx.plan, ctx.today, command.quarter, command.yearly)
    file = report_file(ctx.session, ctx.plan, as_of, quarter)
    return Reply(file.caption, files=(file,))


def calendar(ctx: Context, command: Calendar) -> Reply:
    file = calendar_file(ctx.session, ctx.plan, ctx.now)
    return Reply(texts.CALENDAR_REPLY, files=(file,))
