"""«giải trình»: the chairman or the focal point asks the lead unit why an overdue task is late; the unit
answers with its reason and perhaps a new date. Which occurrence, when the answer is due and where a request
stands are plan_data.explanations'; the store writes each with its change (history, undo) and its reminder
row (the request to the unit's chats, the answer to the chairman's)."""

from __future__ import annotations

from datetime import date

from bot.core import texts
from bot.core.actions import each_task
from bot.core.commands import AskExplanation, Explain
from bot.core.context import Context, Reply
from bot.core.dates import parse_user_date
from bot.core.store import TaskRow
from jobs.notify import CHAIRMAN
from plan_data.explanations import answer_due, overdue_occurrence, pending
from plan_data.permissions import Action
from plan_data.policy import policy_of, work_calendar
from plan_data.status import current, days_late, status_of


def _name(task: TaskRow) -> str:
    return texts.task_name(task.number, task.content)


def _label(occurrence) -> str:
    return f" ({occurrence.label})" if occurrence.label else ""


def ask(ctx: Context, command: AskExplanation) -> Reply:
    """«yêu cầu giải trình 17», or «giải trình 17» alone from the chairman's or the focal point's chat."""
    if not ctx.may(Action.ASK_EXPLANATION):
        return Reply(texts.EXPLAIN_UNITS_ANSWER.format(number=command.task))
    return Reply("\n".join(each_task(ctx, (command.task,), Action.ASK_EXPLANATION, _ask_one, word="giải trình",
                                     what=texts.ACTION_NAMES[Action.ASK_EXPLANATION.value])))


def _ask_one(ctx: Context, task: TaskRow) -> str:
    occurrence = overdue_occurrence(task, ctx.today)
    if occurrence is None:
        status = status_of(current(task.occurrences), task.kind, ctx.today) if task.occurrences else None
        return texts.EXPLAIN_NOT_OVERDUE.format(task=_name(task), status=texts.STATUS_NAMES[status.value]
                                                if status else "không có kỳ nào")
    waiting = pending(ctx.store.explanations([occurrence.id]), occurrence.id)
    if waiting is not None:
        return texts.EXPLAIN_ALREADY_ASKED.format(task=_name(task), label=_label(occurrence), by=waiting.asked_by,
                                                  asked=texts.day(waiting.asked_at.astimezone(ctx.now.tzinfo).date()),
                                                  due=texts.day(waiting.due))
    policy = policy_of(ctx.plan)
    due = answer_due(ctx.today, policy, work_calendar(policy))
    chats = ctx.store.ask_explanation(ctx.plan, occurrence, ctx.incoming.author, ctx.now, due,
                                      texts.EXPLAIN_ASK_REMARK.format(due=texts.day(due)))
    ctx.changed += 1
    ctx.changed_tasks.add(task.id)
    unit = task.responsible
    no_chat = "" if chats else texts.EXPLAIN_NO_CHAT.format(unit=unit.name, code=unit.code)
    return texts.EXPLAIN_ASK_OK.format(task=_name(task), label=_label(occurrence), unit=unit.name, no_chat=no_chat,
                                       days=days_late(occurrence, ctx.today), due=texts.day_with_weekday(due),
                                       number=task.number)


def explain(ctx: Context, command: Explain) -> Reply:
    """«giải trình 17: lý do …, đề xuất hạn mới 30/12»: the task's own unit answers the request waiting."""
    proposed, refusal = _proposed(ctx, command)
    if refusal is not None:
        return refusal

    def act(ctx: Context, task: TaskRow) -> str:
        occurrences = {o.id: o for o in task.occurrences}
        requests = ctx.store.explanations(list(occurrences))
        waiting = next((r for r in reversed(requests) if pending([r], r.occurrence_id)), None)
        if waiting is None:
            return texts.EXPLAIN_NOT_ASKED.format(task=_name(task), number=task.number)
        occurrence = occurrences[waiting.occurrence_id]
        remark = (texts.EXPLAIN_REMARK_PROPOSED.format(reason=command.reason, day=texts.day(proposed)) if proposed
                  else texts.EXPLAIN_REMARK.format(reason=command.reason))
        chats = ctx.store.answer_explanation(ctx.plan, waiting, occurrence, ctx.incoming.author, ctx.now,
                                             command.reason, proposed, remark)
        ctx.changed += 1
        ctx.changed_tasks.add(task.id)
        said = texts.EXPLAIN_OK_PROPOSED.format(day=texts.day(proposed)) if proposed else ""
        no_chat = "" if chats else texts.EXPLAIN_NO_CHAT.format(unit=texts.CHAIRMAN_NAME, code=CHAIRMAN)
        return texts.EXPLAIN_OK.format(task=_name(task), label=_label(occurrence), proposed=said, no_chat=no_chat,
                                       number=task.number)

    return Reply("\n".join(each_task(ctx, (command.task,), Action.EXPLAIN, act, word="giải trình",
                                     what=texts.ACTION_NAMES[Action.EXPLAIN.value])))


def _proposed(ctx: Context, command: Explain) -> tuple[date | None, Reply | None]:
    """The date the answer proposes, or the reply that asks again: what is not a date, or not after today,
    is never guessed."""
    if command.date_text is None:
        return None, None
    day = parse_user_date(command.date_text, ctx.today) if command.date_text else None
    example = {"number": command.task, "reason": texts.short_title(command.reason, 40)}
    if day is None:
        return None, Reply(texts.EXPLAIN_BAD_DATE.format(text=command.date_text or "…", **example))
    if day <= ctx.today:
        return None, Reply(texts.EXPLAIN_PAST_DATE.format(day=texts.day(day), **example))
    return day, None
