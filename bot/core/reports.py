"""The file commands of the chat: «báo cáo» (the workbook) and «lịch» (the calendar). The files themselves
are built in bot/files, for the chat and the command line alike."""

from __future__ import annotations

from bot.core import texts
from bot.core.commands import Calendar, Report
from bot.core.context import Context, Reply
from bot.files.build import calendar_file, report_file
from plan_data.figures import report_period
from plan_data.permissions import Action


def report(ctx: Context, command: Report) -> Reply:
    if not ctx.may(Action.REPORT):
        return Reply(texts.OVERSEERS_ONLY.format(what="lấy báo cáo"))
    quarter, as_of = report_period(ctx.plan.year, ctx.today, command.quarter, command.yearly)
    file = report_file(ctx.session, ctx.plan, as_of, quarter)
    return Reply(file.caption, files=(file,))


def calendar(ctx: Context, command: Calendar) -> Reply:
    file = calendar_file(ctx.session, ctx.plan, ctx.now)
    return Reply(texts.CALENDAR_REPLY, files=(file,))
