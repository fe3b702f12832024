"""A message that may report work done ("Lan xong 17 rồi", "@bot xong 17 chưa?"): asked about once, never
acted on until someone says yes (issue 23: no report lost, no guess made)."""

from __future__ import annotations

from bot.core import texts
from bot.core.actions import each_task, open_one
from bot.core.commands import MaybeDone
from bot.core.context import Button, ConfirmButton, Context, Reply
from bot.core.store import TaskRow
from plan_data.permissions import Action
from plan_data.status import current_open


def maybe_done(ctx: Context, command: MaybeDone) -> Reply | None:
    """A message that may report work done: one short question about the tasks it could record (this chat's
    own, still open), answered with ✅ or ✗, or by typing the command; nothing recorded until then. Nothing
    to ask about: silence in a group, what stands in the way when said to the bot."""
    found = ctx.store.tasks_by_number(ctx.plan.id, list(command.tasks))
    askable = [t for n in command.tasks for t in found[n] if _askable(ctx, t, command.addressed)]
    numbers = list(dict.fromkeys(t.number for t in askable))
    if numbers:
        report = f"xong {', '.join(numbers)}"
        return Reply(texts.ASK_DONE.format(numbers=", ".join(numbers)),
                     (ConfirmButton(texts.BUTTON_YES, report), Button(texts.BUTTON_NO, "")))
    if command.addressed:  # said to the bot: what stands in the way
        lines = each_task(ctx, command.tasks, Action.UPDATE, lambda ctx, task: open_one(task)[1], found)
        return Reply("\n".join(line for line in lines if line))
    which = [texts.not_found(n, found.unsure[n], "xong") for n in command.tasks if n in found.unsure]
    return Reply("\n".join(which)) if which else None  # "Lan xong 3": which 3? never a guess


def _askable(ctx: Context, task: TaskRow, addressed: bool) -> bool:
    return ctx.may(Action.UPDATE, task) and (addressed or ctx.responsible_for(task)) \
        and current_open(task.occurrences) is not None
