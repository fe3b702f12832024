"""The file commands of the chat: «báo cáo», the Word report and its workbook, and the meeting's agenda («lịch»,
the calendar, is bot.core.boards', beside its feed). The files themselves are built in bot/files, for the chat
and the command line alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.core import texts
from bot.core.commands import Report
from bot.core.context import Context, Reply
from bot.files.builders import cutoff_day, meeting_file, report_caption, report_files
from plan_data.figures import ReportingPeriod, reporting_period
from plan_data.permissions import Action
from plan_data.policy import meeting_day, policy_of
from storage.models import Plan, Task


def report(ctx: Context, command: Report) -> Reply:
    if not ctx.may(Action.REPORT):
        return Reply(texts.OVERSEERS_ONLY.format(what="lấy báo cáo"))
    plan = ctx.store.plan(ctx.plan.id)
    if command.meeting:
        tasks = ctx.store.plan_tasks(plan)
        return meeting(plan, tasks, ctx.today, ctx.store.explanations([o.id for t in tasks for o in t.occurrences]))
    period = asked_period(plan, ctx.today, command)
    tasks = ctx.store.plan_tasks(plan, with_history=True)
    asked = ctx.store.explanations([o.id for task in tasks for o in task.occurrences])
    book, document = report_files(plan, tasks, period, ctx.today, asked)
    return Reply(report_caption(period), files=(book, document))


def meeting(plan: Plan, tasks: list[Task], today: date, explanations: Sequence[Any] = ()) -> Reply:
    """«báo cáo giao ban»: the monthly meeting's agenda as of today, the file the focal point gets on the day."""
    held = meeting_day(policy_of(plan), today.year, today.month)
    text = texts.MEETING_REPLY.format(month=f"{today.month}/{today.year}", today=texts.day(today),
                                      held=texts.day_with_weekday(held),
                                      tense="đã họp" if held < today else "họp")
    return Reply(text, files=(meeting_file(plan, tasks, today, explanations),))


def asked_period(plan: Plan, today: date, command: Report) -> ReportingPeriod:
    """The reporting period a «báo cáo» asks for, with the plan's cut-off (Nghị định 09/2019/NĐ-CP)."""
    if command.yearly:
        return reporting_period(plan.year, today, "year", None, cutoff_day(plan))
    if command.six_months:
        return reporting_period(plan.year, today, "half", command.half, cutoff_day(plan))
    return reporting_period(plan.year, today, "quarter", command.quarter, cutoff_day(plan))
