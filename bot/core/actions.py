"""Answers that change something: xong, tiến độ, hoàn tác, hạn, gia hạn, duyệt. Each change is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bot.core import texts
from bot.core.commands import Approve, Done, End, Extend, Progress, Reopen, SetDate, Snooze, Undo
from bot.core.context import Button, Context, Reply
from bot.core.dates import parse_user_date
from bot.core.history import quoted, timing_text
from bot.core.store import OccurrenceRow, TaskRow
from plan_data import lifecycle
from plan_data.chaining import chained_due, waits_for
from plan_data.lifecycle import EXPLAIN_ACTS, PART_ACTS, Act, Refusal, Step, Why
from plan_data.permissions import Action, Role
from plan_data.policy import policy_of, work_calendar
from plan_data.status import DATED_IN_CHAT, current, current_open, done_on, is_closed, is_done, status_of
from storage import changes
from storage.queries import Found


def _name(task: TaskRow) -> str:
    return texts.task_name(task.number, task.content)


def _label(occurrence: OccurrenceRow) -> str:
    return f" ({occurrence.label})" if occurrence.label else ""


def each_task(ctx: Context, numbers: tuple[str, ...], action: Action, act: Callable[[Context, TaskRow], str],
               found: Found | None = None, word: str = "xong", what: str = "", also: Action | None = None) -> list[str]:
    """Runs `act` on every task named that this chat may touch (`action`, or `also`); a line per task, refusals
    included. A number that names no task for sure is never acted on: its line asks which, or names the
    nearest (`word`: the command for the example)."""
    lines = []
    found = found if found is not None else ctx.store.tasks_by_number(ctx.plan.id, list(numbers))
    for number in numbers:
        if not found[number]:
            lines.append(texts.not_found(number, found.unsure.get(number), word))
        refused: dict[str, list[TaskRow]] = {}  # the parts refused, by the unit they belong to
        for task in found[number]:
            if ctx.may(action, task) or (also is not None and ctx.may(also, task)):
                lines.append(act(ctx, task))
            else:
                refused.setdefault(task.responsible.name, []).append(task)
        lines += _refusals(ctx, action, refused, what, part_form=word in PART_FORMS)
    return lines


PART_FORMS = ("xong", "td")  # the lead's reports: typed by a coordinator, it is pointed to its part's form


def _refusals(ctx: Context, action: Action, refused: dict[str, list[TaskRow]], what: str = "",
              part_form: bool = False) -> list[str]:
    """One line for what one number names and this chat may not touch, however many parts it has: a line
    per unit the parts belong to, or one for a change only an overseer makes."""
    if not refused:
        return []
    every = [task for tasks in refused.values() for task in tasks]
    if action is Action.PART or (part_form and any(ctx.may(Action.PART, task) for task in every)):
        return _part_refusals(ctx, action, every)
    if action not in (Action.UPDATE, Action.EXPLAIN):  # what only an overseer does; else, the unit's own
        return [texts.OVERSEERS_ONLY.format(what=what or texts.ACTION_NAMES[action.value])]
    return [texts.NOT_YOURS.format(number=texts.numbers_of([t.number for t in tasks]), unit=unit, me=ctx.unit.name)
            for unit, tasks in refused.items()]


def _part_refusals(ctx: Context, action: Action, tasks: list[TaskRow]) -> list[str]:
    """The parts a coordinator was refused, one line per lead unit however many parts one number names
    («xong 24»: 24.1 and 24.2), then a line for each task refused for another reason."""
    coordinated: dict[str, list[TaskRow]] = {}
    for task in tasks:
        if ctx.may(Action.PART, task):
            coordinated.setdefault(task.responsible.name, []).append(task)
    lines = [texts.PART_USE_FORM.format(numbers=texts.numbers_of([t.number for t in group]), number=group[0].number,
                                        unit=unit, me=ctx.unit.name) for unit, group in coordinated.items()]
    return lines + [_part_refusal(ctx, action, task) for task in tasks if not ctx.may(Action.PART, task)]


def _part_refusal(ctx: Context, action: Action, task: TaskRow) -> str:
    """A coordinator typing the lead's «xong 17» is pointed to its part («xong phần 17»), never taken as the
    task done; a part typed by the lead's chat, or by a unit that does not coordinate the task, says why not."""
    fields = {"number": task.number, "me": ctx.unit.name, "unit": task.responsible.name}
    if action is Action.UPDATE:
        return texts.NOT_YOURS.format(**fields)
    return (texts.PART_IS_LEAD if ctx.responsible_for(task) else texts.PART_NOT_COORDINATING).format(**fields)


def _change(ctx: Context, occurrence: OccurrenceRow, action: str, *args: Any, **kwargs: Any) -> None:
    ctx.store.change(occurrence, action, *args, **kwargs)
    ctx.changed += 1
    ctx.changed_tasks.add(occurrence.task_id)
    if action in DATE_CHANGES:
        _replan_today(ctx, occurrence)


DATE_CHANGES = lifecycle.DATE_ACTS


def _replan_today(ctx: Context, occurrence: OccurrenceRow) -> None:
    """The day's reminders were written at midnight: a new date today brings today's reminders for it."""
    ctx.store.replan_today(ctx.plan, ctx.now, [occurrence.id])


def _undo_button(ctx: Context, numbers: tuple[str, ...], found: Found) -> tuple[Button, ...]:
    """One number changed: offer to take it back, since a wrong "xong" is a serious matter. The button names
    the task as stored ("2.3" typed, "II.3" stored), or the heading typed for its rows."""
    if len(numbers) != 1 or not ctx.changed:
        return ()
    tasks = found[numbers[0]]
    message = ctx.incoming.message_id
    exact = f" #{message}" if message and message.isdigit() else ""  # the change of this very message
    return (Button(texts.BUTTON_UNDO, f"hoàn tác {tasks[0].number if len(tasks) == 1 else numbers[0]}{exact}"),)


def _live(task: TaskRow) -> list[OccurrenceRow]:
    return [o for o in task.occurrences if not o.retired]


def open_one(task: TaskRow) -> tuple[OccurrenceRow | None, str]:
    """The occurrence a change is about: the earliest not closed. When every one is closed, None and what
    to say: done (when, by whom), or reported and awaiting the focal point's confirmation."""
    occurrence = current_open(task.occurrences)
    if occurrence is not None:
        return occurrence, ""
    awaiting = next((o for o in task.occurrences if not o.retired and is_closed(o) and not is_done(o)), None)
    if awaiting is not None:
        return None, texts.ALREADY_AWAITING.format(task=_name(task), label=_label(awaiting), number=task.number)
    return None, _already_done(task, current(task.occurrences))


def done(ctx: Context, command: Done) -> Reply:
    def act(ctx: Context, task: TaskRow) -> str:
        occurrence, refusal = open_one(task)
        if occurrence is None:
            return refusal
        waits = ctx.plan.require_confirmation and ctx.role is Role.UNIT
        outcome = lifecycle.report_done(occurrence, ctx.today, ctx.now, ctx.incoming.user_name, command.note, waits,
                                        len(_live(task)))
        if isinstance(outcome, Refusal):  # a second tap on an old "✅ Xong": next quarter's is not begun
            return texts.NOT_OPEN_YET.format(task=_name(task), label=occurrence.label,
                                             opens=texts.day(occurrence.opens))
        _apply(ctx, occurrence, outcome, remark=command.note, evidence=ctx.incoming.evidence)
        early = _early(ctx, task, occurrence) + "".join(_chain_from(ctx, task, occurrence)) + _still_open(ctx, task)
        if waits:
            return texts.DONE_AWAITING.format(task=_name(task), label=_label(occurrence), number=task.number) + early
        return texts.DONE_OK.format(task=_name(task), label=_label(occurrence),
                                    timing=timing_text(done_on(occurrence), occurrence.planned_due)) + early

    found = ctx.store.tasks_by_number(ctx.plan.id, list(command.tasks))
    lines = each_task(ctx, command.tasks, Action.UPDATE, act, found)
    lines += _group_notes(ctx, found)
    return Reply("\n".join(lines), _undo_button(ctx, command.tasks, found))


def _apply(ctx: Context, occurrence: OccurrenceRow, step: Step, **record: Any) -> None:
    """A change the life cycle allowed, written with its audit row."""
    _change(ctx, occurrence, step.act.value, ctx.incoming.author, ctx.now, **record, **step.fields)


def _still_open(ctx: Context, task: TaskRow) -> str:
    """After a late period is reported, the periods after it that are due too: they need their own «xong»."""
    due = [o for o in _live(task) if not is_closed(o) and o.due is not None and o.due < ctx.today]
    return texts.STILL_OPEN.format(labels=", ".join(o.label for o in due), number=task.number) if due else ""


def _early(ctx: Context, task: TaskRow, occurrence: OccurrenceRow) -> str:
    """"xong" before the task's window opens ("Tháng 11" on 05/03) is taken, with a word that it is early."""
    if occurrence.opens is None or occurrence.opens <= ctx.today:
        return ""
    return texts.EARLY_DONE.format(opens=texts.day(occurrence.opens), days=(occurrence.opens - ctx.today).days,
                                   number=task.number)


def _chain_from(ctx: Context, trigger: TaskRow, occurrence: OccurrenceRow) -> list[str]:
    """A task done is the event other tasks wait for (task 1, the commune's plan, for every unit's own plan):
    each of them still without a date gets one, from this completion plus the plan's offset, and says so."""
    if not is_done(occurrence):
        return []  # awaiting confirmation: the event has not happened until the focal point confirms it
    if trigger.id not in _triggers(ctx):
        return []
    days = policy_of(ctx.plan).days_after_trigger
    notes = []
    for task in ctx.store.event_tasks(ctx.plan.id):
        waiting = current_open(task.occurrences)
        if waiting is None or waiting.due is not None or not waits_for(task.time_expression, trigger):
            continue
        due = chained_due(done_on(occurrence), task.event_offset_days, days)
        _apply(ctx, waiting, lifecycle.set_date(waiting, True, due),
               remark=texts.CHAINED_REMARK.format(number=trigger.number, day=texts.day(done_on(occurrence))))
        notes.append((task.number, due))
    if not notes:
        return []
    if len({due for _, due in notes}) == 1:
        return [texts.CHAINED.format(numbers=", ".join(n for n, _ in notes), number=trigger.number,
                                     due=texts.day_with_weekday(notes[0][1]))]
    return [texts.CHAINED_EACH.format(items=", ".join(f"{n} ({texts.day(due)})" for n, due in notes),
                                      number=trigger.number)]


def _unchain(ctx: Context, trigger: TaskRow) -> str:
    """The trigger is no longer done (undone, reopened): the dates its completion gave are taken back, with
    an undo each, for the tasks still open and dated by it alone."""
    if trigger.id not in _triggers(ctx) or any(is_done(o) for o in _live(trigger)):
        return ""
    marker = texts.CHAINED_REMARK.format(number=trigger.number, day="")
    taken = []
    for task in ctx.store.event_tasks(ctx.plan.id):
        waiting = current_open(task.occurrences)
        standing = ctx.store.last_change([waiting.id]) if waiting is not None else None
        if standing is not None and standing.action == Act.SET_DATE and standing.note.startswith(marker):
            ctx.store.undo(standing, ctx.incoming.author, ctx.now)
            taken.append(task.number)
    return texts.UNCHAINED.format(numbers=", ".join(taken), number=trigger.number) if taken else ""


_TRIGGERS: dict[tuple[int, object], frozenset[int]] = {}  # (plan, imported at) -> ids of tasks others wait for


def _triggers(ctx: Context) -> frozenset[int]:
    """The tasks of the plan that event tasks wait for. The wording of a plan changes only with an import,
    so this is worked out once per plan and import, not on every «xong»."""
    key = (ctx.plan.id, ctx.plan.imported_at)
    if key not in _TRIGGERS:
        events = ctx.store.event_tasks(ctx.plan.id)
        _TRIGGERS[key] = frozenset(t.id for t in ctx.store.plan_tasks(ctx.plan) if events and
                                   any(waits_for(e.time_expression, t) for e in events))
    return _TRIGGERS[key]


def _group_notes(ctx: Context, found: dict[str, list[TaskRow]]) -> list[str]:
    """"xong 24" closes 24.1 and 24.2: say so, so nobody thinks only a heading was ticked (only when this
    message did close them all)."""
    notes = []
    for number, tasks in found.items():
        if len(tasks) > 1 and all(t.number != number and t.id in ctx.changed_tasks for t in tasks):
            notes.append(texts.GROUP_DONE.format(number=number, parts=", ".join(t.number for t in tasks),
                                                 count=len(tasks)))
    return notes


def _already_done(task: TaskRow, occurrence: OccurrenceRow) -> str:
    return texts.DONE_ALREADY.format(task=_name(task), day=texts.day(done_on(occurrence)), by=occurrence.done_by)


def progress(ctx: Context, command: Progress) -> Reply:
    def act(ctx: Context, task: TaskRow) -> str:
        occurrence, refusal = open_one(task)
        if occurrence is None:  # nothing open: say that nothing was recorded, and why
            return texts.PROGRESS_NOT_RECORDED.format(why=refusal, number=task.number)
        outcome = lifecycle.progress(occurrence, command.percent, command.note)
        if isinstance(outcome, Refusal):
            return texts.PROGRESS_NOT_RECORDED.format(why=_name(task), number=task.number)
        _apply(ctx, occurrence, outcome, remark=command.note, evidence=ctx.incoming.evidence)
        hint = texts.PROGRESS_FULL_HINT.format(number=task.number) if command.percent == 100 else ""
        return texts.PROGRESS_OK.format(task=_name(task), label=_label(occurrence), percent=command.percent) + hint

    return Reply("\n".join(each_task(ctx, (command.task,), Action.UPDATE, act, word="td")))


UNDO_NEEDS = {Act.EXTEND: Action.EXTEND, Act.APPROVE: Action.APPROVE, Act.END: Action.APPROVE,
              Act.EXPLAIN_ASK: Action.ASK_EXPLANATION, Act.EXPLAIN: Action.EXPLAIN,
              Act.ASSIGN: Action.ASSIGN, Act.PART_DONE: Action.PART, Act.PART_PROGRESS: Action.PART}


def undo_last(ctx: Context, command: Undo) -> Reply:
    """«hoàn tác N»: the newest change to task N made from this chat; the ↩️ button («hoàn tác N #812»):
    exactly the change that message made. Only what that change set is put back, and never over a later
    change to the same fields."""
    chat = (ctx.incoming.platform, ctx.incoming.chat_id)

    def act(ctx: Context, task: TaskRow) -> str:
        ids = [o.id for o in task.occurrences]
        target = ctx.store.last_change(ids, chat, command.message)
        if target is None and not ctx.may(Action.UPDATE, task):  # a coordinator with no part of its own to undo
            return texts.NOT_YOURS.format(number=task.number, unit=task.responsible.name, me=ctx.unit.name)
        if target is None:
            return _nothing_to_undo(ctx, task, ids, command)
        needed = UNDO_NEEDS.get(target.action, Action.UPDATE)
        if not ctx.may(needed, task):  # a unit cannot take back the chairman's extension or approval
            return texts.OVERSEERS_ONLY.format(what=f"hoàn tác {texts.ACTION_NAMES[target.action]}")
        if changes.changed_since(target.occurrence, target):
            later = ctx.store.last_change([target.occurrence.id])
            return texts.UNDO_CHANGED_SINCE.format(task=_name(task), action=quoted(target), later=quoted(later),
                                                   by=later.user_name, number=task.number)
        at = target.at.astimezone(ctx.now.tzinfo).strftime("%H:%M %d/%m/%Y")
        ctx.store.undo(target, ctx.incoming.author, ctx.now)
        if target.action in EXPLAIN_ACTS:  # the request withdrawn, or its answer taken back: it waits again
            ctx.store.withdraw_explanation(target.id)
        if target.action in PART_ACTS:  # a coordinator's part put back as it was
            ctx.store.undo_part(target)
        restored = [target.occurrence, *_undo_same_end(ctx, ids, chat, command, target)]
        if target.action in (*DATE_CHANGES, Act.END):
            ctx.store.replan_today(ctx.plan, ctx.now, [o.id for o in restored])
        status = texts.STATUS_NAMES[status_of(target.occurrence, task.kind, ctx.today).value]
        return texts.UNDO_OK.format(task=_name(task), action=quoted(target), by=target.user_name, at=at,
                                    status=status) + _unchain(ctx, task)

    return Reply("\n".join(each_task(ctx, (command.task,), Action.UPDATE, act, word="hoàn tác", also=Action.PART)))


def _undo_same_end(ctx: Context, ids: list[int], chat: tuple[str, str], command: Undo, target: Any) -> list[Any]:
    """One «kết thúc» dropped several periods, a change each: the others come back with the one undone (the
    store reads the undo back: the next newest change is the next one). Returns the periods brought back."""
    taken, restored = {target.id}, []
    while target.action == Act.END:
        sibling = ctx.store.last_change(ids, chat, command.message)
        if sibling is None or sibling.id in taken or sibling.action != Act.END or sibling.at != target.at:
            break
        ctx.store.undo(sibling, ctx.incoming.author, ctx.now)
        taken.add(sibling.id)
        restored.append(sibling.occurrence)
    return restored


def _nothing_to_undo(ctx: Context, task: TaskRow, ids: list[int], command: Undo) -> str:
    """Why there is nothing this chat can take back: the button's change is gone, another chat made the last
    change, or nobody changed anything."""
    if command.message is not None:
        return texts.UNDO_GONE.format(task=_name(task))
    elsewhere = ctx.store.last_change(ids)
    if elsewhere is None:
        return texts.UNDO_NOTHING.format(task=_name(task))
    return texts.UNDO_NOTHING_HERE.format(task=_name(task), action=quoted(elsewhere), by=elsewhere.user_name,
                                          number=task.number)


def _typed_date(ctx: Context, text: str) -> tuple[date | None, Reply | None]:
    """The date an officer typed, or the reply that says it was not understood."""
    day = parse_user_date(text, ctx.today)
    return (day, None) if day else (None, Reply(texts.DATE_NOT_UNDERSTOOD.format(text=text)))


def set_date(ctx: Context, command: SetDate) -> Reply:
    day, refusal = _typed_date(ctx, command.date_text)
    if refusal:
        return refusal

    def act(ctx: Context, task: TaskRow) -> str:
        occurrence = current(task.occurrences)
        due = day + timedelta(days=task.event_offset_days or 0)
        outcome = lifecycle.set_date(occurrence, task.kind in DATED_IN_CHAT, due)
        if isinstance(outcome, Refusal) and outcome.why is Why.PLAN_DATE:
            return texts.SET_DATE_NOT_EVENT.format(task=_name(task), number=task.number,
                                                   due=texts.day(occurrence.due) if occurrence.due else "—")
        if isinstance(outcome, Refusal):
            return texts.SET_DATE_DONE.format(task=_name(task), number=task.number)
        _apply(ctx, occurrence, outcome, remark=command.date_text)
        return texts.SET_DATE_OK.format(task=_name(task), due=texts.day_with_weekday(due)) + _day_off(ctx, due)

    return Reply("\n".join(each_task(ctx, (command.task,), Action.UPDATE, act, word="hạn")))


def extend(ctx: Context, command: Extend) -> Reply:
    day, refusal = _typed_date(ctx, command.date_text)
    if refusal:
        return refusal

    def act(ctx: Context, task: TaskRow) -> str:
        occurrence = current_open(task.occurrences)
        if occurrence is None:
            closed = current(task.occurrences)
            return texts.EXTEND_DONE.format(task=_name(task), label=_label(closed), day=texts.day(done_on(closed)),
                                            number=task.number)
        outcome = lifecycle.extend(occurrence, day)
        if isinstance(outcome, Refusal):
            return (texts.EXTEND_NO_DATE.format(task=_name(task), number=task.number) if outcome.why is Why.NO_DATE
                    else texts.EXTEND_NOT_LATER.format(due=texts.day(occurrence.due)))
        _apply(ctx, occurrence, outcome, remark=command.reason)
        return texts.EXTEND_OK.format(task=_name(task), label=_label(occurrence), due=texts.day_with_weekday(day),
                                      planned=texts.day(occurrence.planned_due)) + _day_off(ctx, day)

    return Reply("\n".join(each_task(ctx, (command.task,), Action.EXTEND, act, word="gia hạn")))


def _day_off(ctx: Context, day: date) -> str:
    """A date set on a Sunday or a holiday is kept (the plan's date is the plan's), with a word about it."""
    work = work_calendar(policy_of(ctx.plan))
    if work.is_working_day(day):
        return ""
    why = work.holiday_name(day) or ("Chủ nhật" if day.weekday() == 6 else "Thứ Bảy")
    return texts.DAY_OFF_WARNING.format(day=texts.day(day), why=why)


def reopen(ctx: Context, command: Reopen) -> Reply:
    def act(ctx: Context, task: TaskRow) -> str:
        closed = [o for o in task.occurrences if not o.retired and is_closed(o)]
        if not closed:
            return texts.REOPEN_NOT_DONE.format(task=_name(task), number=task.number)
        occurrence = closed[-1]
        closing = ctx.store.last_closing(occurrence.id)
        if closing is not None and closing.action == Act.APPROVE and not ctx.may(Action.APPROVE, task):
            return texts.OVERSEERS_ONLY.format(what="mở lại nhiệm vụ đã duyệt")
        progress = closing.before.get("progress", 0) if closing is not None and closing.action != Act.APPROVE else 0
        day, by = done_on(occurrence), occurrence.done_by
        _apply(ctx, occurrence, lifecycle.reopen(occurrence, progress))
        status = texts.STATUS_NAMES[status_of(occurrence, task.kind, ctx.today).value]
        return texts.REOPEN_OK.format(task=_name(task), label=_label(occurrence), day=texts.day(day), by=by,
                                      status=status) + _unchain(ctx, task)

    found = ctx.store.tasks_by_number(ctx.plan.id, [command.task])
    return Reply("\n".join(each_task(ctx, (command.task,), Action.UPDATE, act, found, word="mở lại")),
                 _undo_button(ctx, (command.task,), found))


def end_task(ctx: Context, command: End) -> Reply:
    """«kết thúc N»: an ongoing task closed as a whole by the focal point or the chairman. Its periods not yet
    begun are dropped (no reminder, counted nowhere); those begun stay owed. «hoàn tác N» takes it back."""
    def act(ctx: Context, task: TaskRow) -> str:
        outcomes = [(o, lifecycle.end(task.kind, o, ctx.today)) for o in _live(task)]
        steps = [(o, step) for o, step in outcomes if isinstance(step, Step)]
        if not steps:
            refusal = outcomes[0][1] if outcomes else Refusal(Why.NOT_ONGOING)
            wording = texts.END_NOT_ONGOING if refusal.why is Why.NOT_ONGOING else texts.END_NOTHING
            return wording.format(task=_name(task), number=task.number)
        for occurrence, step in steps:
            _apply(ctx, occurrence, step)
        ctx.store.replan_today(ctx.plan, ctx.now, [o.id for o, _step in steps])
        owed = [o.label for o in _live(task) if not is_closed(o)]
        still = texts.END_STILL_OWED.format(labels=", ".join(owed), number=task.number) if owed else ""
        return texts.END_OK.format(task=_name(task), labels=", ".join(o.label for o, _s in steps),
                                   number=task.number) + still

    return Reply("\n".join(each_task(ctx, (command.task,), Action.APPROVE, act, word="kết thúc",
                                 what=texts.ACTION_NAMES[Act.END.value])))


def approve(ctx: Context, command: Approve) -> Reply:
    def act(ctx: Context, task: TaskRow) -> str:
        waiting = next((o for o in task.occurrences if not o.retired and is_closed(o) and not is_done(o)), None)
        if waiting is None:
            return texts.APPROVE_NOTHING.format(task=_name(task))
        _apply(ctx, waiting, lifecycle.approve(waiting))
        return texts.APPROVE_OK.format(task=_name(task), label=_label(waiting), by=waiting.done_by,
                                       day=texts.day(done_on(waiting))) + "".join(_chain_from(ctx, task, waiting))

    return Reply("\n".join(each_task(ctx, command.tasks, Action.APPROVE, act, word="duyệt")))


def snooze(ctx: Context, command: Snooze) -> Reply:
    def act(ctx: Context, task: TaskRow) -> str:
        occurrence, refusal = open_one(task)
        if occurrence is None:
            return refusal
        at = ctx.store.snooze(ctx.plan, occurrence, ctx.incoming.platform, ctx.incoming.chat_id, ctx.now)
        return texts.SNOOZE_OK.format(task=_name(task), at=f"{at:%H:%M} {texts.day_with_weekday(at.date())}")

    return Reply("\n".join(each_task(ctx, (command.task,), Action.UPDATE, act, word="nhắc lại")))
