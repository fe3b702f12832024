"""«giao kt: …»: the chairman or the focal point assigns a task; it joins the plan as G1, G2 … (plan_data.assigned).

What the plan does not know is asked, never guessed: an unknown unit is named back and nothing is added; a
deadline that cannot be read leaves the task undated (never reminded) and the reply asks for «hạn Gn …» at once.
The lead unit's chats are told at the next tick; a deadline that falls today gets today's reminders at once.
"""

from __future__ import annotations

from bot.core import texts
from bot.core.context import Context, Reply
from bot.core.intents import Assign
from bot.core.store import PlanInFull, TaskRow
from plan_data.assigned import Assignment, Deadline, Understood, next_number, understand, unit_named
from plan_data.model import TaskSpec
from plan_data.permissions import Action
from plan_data.units.spec import UnitDirectory, UnitKind, UnitSpec


def assign(ctx: Context, command: Assign) -> Reply:
    """«giao kt: Báo cáo …, hạn 15/12/2026, theo CV 123/UBND-VP»."""
    if not ctx.may(Action.ASSIGN):
        return Reply(texts.ASSIGN_REFUSED.format(me=ctx.unit.name))
    plan = ctx.store.plan(ctx.plan.id)
    directory = directory_of(plan)
    choice = next((c for c in command.choices if unit_named(c.lead, directory)), command.choices[0])
    number = next_number(ctx.store.numbers_given(plan.id))
    understood = understand(choice, directory, plan.year, number, ctx.today)
    if understood.task is None:
        return Reply(_asked(understood, directory, plan.year))
    task = ctx.store.assign(ctx.plan, understood.task, choice.source, ctx.incoming.author, ctx.now)
    ctx.changed += 1
    ctx.changed_tasks.add(task.id)
    if understood.deadline == Deadline.READ:
        ctx.store.replan_today(ctx.plan, ctx.now, [o.id for o in task.occurrences])
    said = _said(task, understood.task, choice, directory)
    ctx.store.tell_unit(plan.id, understood.task.responsible, f"assigned:{task.id}",
                        texts.ASSIGN_TOLD.format(by=_who(ctx), **said), ctx.now)
    asks = texts.ASSIGN_ASK_DATE.get(understood.deadline, "")
    ask = "\n" + asks.format(number=task.number, written=choice.deadline, year=plan.year) if asks else ""
    return Reply(texts.ASSIGN_OK.format(**said) + ask)


def _who(ctx: Context) -> str:
    """«Chủ tịch UBND xã (Nguyễn Văn A)»: the role that assigned, and the person."""
    name = ctx.incoming.user_name
    return f"{ctx.unit.name} ({name})" if name and name != ctx.unit.name else ctx.unit.name


def directory_of(plan: PlanInFull) -> UnitDirectory:
    """The plan's units as the domain matches names against them."""
    return UnitDirectory([UnitSpec(u.code, u.name, UnitKind(u.kind), u.focal, tuple(getattr(u, "aliases", ()) or ()))
                          for u in plan.units])


def _said(task: TaskRow, spec: TaskSpec, choice: Assignment, directory: UnitDirectory) -> dict[str, str]:
    """What the confirmation and the lead's notice say: number, work, lead, coordinators, deadline, source."""
    names = [u.name for code in spec.coordinators if (u := directory.get(code)) is not None]
    coordinators = texts.ASSIGN_COORDINATORS.format(names=", ".join(names)) if names else ""
    return {"number": task.number, "content": spec.content, "lead": spec.lead_text, "coordinators": coordinators,
            "due": _due(task, choice.deadline), "source": choice.source or texts.ASSIGN_NO_SOURCE}


def _due(task: TaskRow, written: str) -> str:
    """The first due date read as «Thứ Ba, 15/12/2026», with the deadline as typed when it was not a date."""
    dues = [o.due for o in task.occurrences if o.due is not None and not o.retired]
    if not dues:
        return texts.ASSIGN_NO_DATE
    first = texts.day_with_weekday(dues[0])
    if len(dues) > 1:
        return texts.ASSIGN_DUE_MORE.format(due=first, count=len(dues) - 1, written=written)
    return first if texts.day(dues[0]) in written else texts.ASSIGN_DUE_AS_WRITTEN.format(due=first, written=written)


def _asked(understood: Understood, directory: UnitDirectory, year: int) -> str:
    """What must be said before anything is assigned: the units not known, or a lead that cannot lead."""
    codes = ", ".join(f"{u.code} ({u.name})" for u in directory.internal())
    if understood.not_a_lead:
        return texts.ASSIGN_NOT_A_LEAD.format(name=understood.not_a_lead, codes=codes)
    names = ", ".join(f"«{name}»" for name in understood.unknown)
    return texts.ASSIGN_UNKNOWN_UNITS.format(names=names, codes=codes, year=year)
