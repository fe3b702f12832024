"""A person on a task: «nhận 17» (the officer who types it), «giao 17 @lan» (the chairman or the focal
point names one), «việc của tôi» (the tasks of the person who types it). The person is a field of the task,
changed through the store like any change: who, when, from where, undone with «hoàn tác 17»."""

from __future__ import annotations

from typing import Any

from bot.core import texts
from bot.core.actions import each_task
from bot.core.context import Button, Context, Reply
from bot.core.intents import AssignPerson, MyTasks, Take
from bot.core.store import TaskRow
from plan_data.agenda import open_items
from plan_data.lifecycle import Act
from plan_data.light import risk_of
from plan_data.people import Named, candidates, display, given_name, is_theirs
from plan_data.permissions import Action, may_take
from plan_data.status import current, current_open
from plan_data.wording import item_line

KNOWN_SHOWN = 8  # people listed when a name is not found


def _name(task: TaskRow) -> str:
    return texts.task_name(task.number, task.content)


def _set_person(ctx: Context, task: TaskRow, act: Act, person: Any) -> None:
    """The task's person, recorded on its current occurrence (the one its history shows) with who and where."""
    occurrence = current_open(task.occurrences) or current(task.occurrences)
    ctx.store.change(occurrence, act.value, ctx.incoming.author, ctx.now, remark=person.name, person_id=person.id)
    ctx.changed += 1
    ctx.changed_tasks.add(task.id)


def _undo_button(ctx: Context, task: str) -> tuple[Button, ...]:
    message = ctx.incoming.message_id
    exact = f" #{message}" if message and message.isdigit() else ""
    return (Button(texts.BUTTON_UNDO, f"hoàn tác {task}{exact}"),) if ctx.changed else ()


def take(ctx: Context, command: Take) -> Reply:
    """«nhận 17»: the author goes on a task of the chat's own unit."""
    def act(ctx: Context, task: TaskRow) -> str:
        if not may_take(task, ctx.unit):
            return texts.TAKE_NOT_OWN.format(number=task.number, unit=task.responsible.name, me=ctx.unit.name)
        if not task.occurrences:  # the person is recorded on an occurrence's change row
            return texts.PERSON_NO_PERIOD.format(task=_name(task))
        incoming = ctx.incoming
        person_id = ctx.store.meet(ctx.unit.id, incoming.platform, incoming.user_id, incoming.user_name,
                                   incoming.user_handle, ctx.now)
        if task.person_id == person_id:
            return texts.TAKE_ALREADY.format(task=_name(task), person=incoming.user_name)
        previous = ctx.store.person(task.person_id) if task.person_id is not None else None
        person = ctx.store.person(person_id)
        _set_person(ctx, task, Act.TAKE, person)
        over = texts.TAKE_OVER.format(previous=previous.name) if previous is not None else ""
        return texts.TAKE_OK.format(person=person.name, task=_name(task) + over, given=given_name(person.name))

    found = ctx.store.tasks_by_number(ctx.plan.id, [command.task])
    lines = each_task(ctx, (command.task,), Action.UPDATE, act, found, word="nhận")
    return Reply("\n".join(lines), _undo_button(ctx, command.task))


def assign(ctx: Context, command: AssignPerson) -> Reply:
    """«giao 17 @lan»: the person named, known in the task's unit; none or several, the chat is asked."""
    named = Named(command.person, command.at)

    def act(ctx: Context, task: TaskRow) -> str:
        known = ctx.store.people(task.responsible_id)
        found = candidates(named, known)
        fields = {"task": _name(task), "unit": task.responsible.name, "named": texts.short_title(named.shown, 40),
                  "number": task.number}
        if not task.occurrences:
            return texts.PERSON_NO_PERIOD.format(task=_name(task))
        if not known:
            return texts.PERSON_ASSIGN_NOBODY.format(**fields)
        if len(found) != 1:
            shown = found or known
            listed = ", ".join(display(p) for p in shown[:KNOWN_SHOWN]) + (" …" if len(shown) > KNOWN_SHOWN else "")
            example = f"@{shown[0].handle}" if shown[0].handle else shown[0].name
            wording = texts.PERSON_ASSIGN_AMBIGUOUS if found else texts.PERSON_ASSIGN_UNKNOWN
            return wording.format(**fields, known=listed, count=len(found), example=example)
        person = found[0]
        if task.person_id == person.id:
            return texts.PERSON_ASSIGN_ALREADY.format(task=_name(task), person=person.name)
        _set_person(ctx, task, Act.ASSIGN, person)
        return texts.PERSON_ASSIGN_OK.format(task=_name(task), person=display(person), given=given_name(person.name))

    found = ctx.store.tasks_by_number(ctx.plan.id, [command.task])
    lines = each_task(ctx, (command.task,), Action.ASSIGN, act, found, word="giao",
                      what=texts.PERSON_ASSIGN_WHAT)
    return Reply("\n".join(lines), _undo_button(ctx, command.task))


def mine(ctx: Context, command: MyTasks) -> Reply:
    """«việc của tôi»: the open tasks of the person who types it, in any chat of the plan."""
    incoming = ctx.incoming
    ids = ctx.store.people_ids(ctx.plan.id, incoming.platform, incoming.user_id)
    tasks = [t for t in ctx.store.plan_tasks(ctx.plan) if is_theirs(t, ids)]
    items = open_items(tasks, ctx.today, risk_of(ctx.plan))
    who = incoming.user_name or texts.YOU
    if not items:
        return Reply(texts.MINE_NONE.format(who=who))
    lines = [texts.MINE_HEADER.format(who=who)]
    lines += [item_line(item, ctx.today, True) for item in items]
    return Reply("\n".join(lines))
