"""A coordinating unit's part of a task: «xong phần 17», «phần 17 xong», «td phần 17 50%» from the chat of a
unit that coordinates task 17. The part gets its own state (plan_data.parts), recorded as a change of the
occurrence (who, when, from where; «hoàn tác 17» from the same chat takes it back). The task stays the lead's:
its state and every count are never changed by a part. «nv 17» shows the parts (part_line); «hỏi phần 17»
from the lead's, the focal point's or the chairman's chat asks the coordinators whose part is not done."""

from __future__ import annotations

from typing import Any

from bot.core import texts
from bot.core.actions import each_task
from bot.core.context import Context, Reply
from bot.core.intents import AskParts, Part
from bot.core.store import TaskRow
from plan_data.lifecycle import Act
from plan_data.parts import PartRefused, PartState, coordinators_of, occurrence_of, report, tally
from plan_data.permissions import Action


def _name(task: TaskRow) -> str:
    return texts.task_name(task.number, task.content)


def _label(occurrence: Any) -> str:
    return f" ({occurrence.label})" if occurrence.label else ""


def report_part(ctx: Context, command: Part) -> Reply:
    """The chat's unit's own part of the task: never another unit's, never the task itself."""
    return Reply("\n".join(each_task(ctx, (command.task,), Action.PART, lambda c, t: _report_one(c, t, command),
                                     word="xong phần", what=texts.ACTION_NAMES[Action.PART.value])))


def _report_one(ctx: Context, task: TaskRow, command: Part) -> str:
    occurrence = occurrence_of(task.occurrences)
    if occurrence is None:
        return texts.PART_NO_PERIOD.format(task=_name(task))
    code = ctx.unit.code
    before = next((p for p in ctx.store.parts([occurrence.id]) if p.unit_code == code), None)
    step = report(before, command.done, command.percent)
    if isinstance(step, PartRefused):
        return texts.PART_ALREADY_DONE.format(task=_name(task), unit=ctx.unit.name, number=task.number)
    done = step.status is PartState.DONE
    remark = texts.PART_REMARK.format(unit=ctx.unit.name) + (f" — {command.note}" if command.note else "")
    action = Act.PART_DONE if done else Act.PART_PROGRESS
    ctx.store.report_part(occurrence, code, step, action.value, ctx.incoming.author, ctx.now, remark)
    ctx.changed += 1
    ctx.changed_tasks.add(task.id)
    count = tally(coordinators_of(task), ctx.store.parts([occurrence.id]))
    fields = {"task": _name(task), "label": _label(occurrence), "unit": ctx.unit.name, "done": count.done,
              "total": count.total, "number": task.number, "percent": step.progress, "lead": task.responsible.name}
    return (texts.PART_DONE_OK if done else texts.PART_PROGRESS_OK).format(**fields)


def part_line(ctx: Context, task: TaskRow) -> str | None:
    """«nv 17»'s line of the parts of the occurrence a part is reported on: each coordinator's state."""
    codes = coordinators_of(task)
    occurrence = occurrence_of(task.occurrences) if codes else None
    if occurrence is None:
        return None
    found = {p.unit_code: p for p in ctx.store.parts([occurrence.id])}
    names = {unit.code: unit.name for unit in ctx.store.plan(ctx.plan.id).units}
    count = tally(codes, found.values())
    return texts.PART_LINE.format(done=count.done, total=count.total,
                                  parts=" · ".join(_state(found.get(code), names.get(code, code), ctx) for code in codes))


def _state(part: Any, unit: str, ctx: Context) -> str:
    if part is None:
        return texts.PART_STATE_NONE.format(unit=unit)
    if part.status == PartState.DONE:
        return texts.PART_STATE_DONE.format(unit=unit, by=part.by, day=texts.day(part.at.astimezone(ctx.now.tzinfo).date()))
    return texts.PART_STATE_PROGRESS.format(unit=unit, percent=part.progress)


def ask_parts(ctx: Context, command: AskParts) -> Reply:
    """«hỏi phần 17»: the lead's chat, the focal point's or the chairman's asks each coordinator whose part is
    not done, by a notice to its chats (jobs.notify, sent by the next tick). Not a change of the task: nothing
    to undo. A coordinator with no chat is named, never skipped silently."""
    return Reply("\n".join(each_task(ctx, (command.task,), Action.UPDATE, _ask_one, word="hỏi phần")))


def _ask_one(ctx: Context, task: TaskRow) -> str:
    codes = coordinators_of(task)
    occurrence = occurrence_of(task.occurrences) if codes else None
    if occurrence is None:
        return texts.PART_ASK_NONE.format(task=_name(task))
    done = {p.unit_code for p in ctx.store.parts([occurrence.id]) if p.status == PartState.DONE}
    waiting = [code for code in codes if code not in done]
    if not waiting:
        return texts.PART_ASK_ALL_DONE.format(task=_name(task), total=len(codes))
    names = {unit.code: unit.name for unit in ctx.store.plan(ctx.plan.id).units}
    told, unbound = [], []
    for code in waiting:
        text = texts.PART_REQUEST.format(by=ctx.unit.name, unit=names.get(code, code), task=_name(task),
                                         lead=task.responsible.name, number=task.number)
        chats = ctx.store.tell_unit(ctx.plan.id, code, f"part:{occurrence.id}", text, ctx.now)
        (told if chats else unbound).append(names.get(code, code))
    no_chat = texts.PART_ASK_NO_CHAT.format(units=", ".join(unbound)) if unbound else ""
    return texts.PART_ASK_OK.format(task=_name(task), units=", ".join(told) or "không đơn vị nào", no_chat=no_chat)
