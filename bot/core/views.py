"""Answers that only read: a task in full, a unit's open tasks, what is overdue or coming, the summary."""

from __future__ import annotations

from datetime import timedelta

from bot.core import people, texts
from bot.core.commands import MyTasks, Overdue, Show, Summary, Upcoming
from bot.core.context import Button, Context, Reply
from bot.core.history import history_lines
from bot.core.parts import part_line
from bot.core.store import OccurrenceRow, TaskRow
from bot.files.builders import chart_file
from plan_data.agenda import Item, open_items, overdue_items, upcoming_items
from plan_data.figures import Period, plan_figures
from plan_data.light import Light, light_of, risk_of
from plan_data.people import display
from plan_data.permissions import Action, Role, is_own
from plan_data.status import DATED_IN_CHAT, OPEN_STATES, Status, current, done_on, status_of
from plan_data.wording import counts_line, item_line, overdue_list, upcoming_list

HISTORY_SHOWN = 8
SHORT_LIST = 12  # a longer list is shortened to what needs doing soon; «việc tất cả» shows all
SOON_DAYS = 14
LATE_SHOWN = 10  # the oldest overdue first; «quá hạn» lists them all


def show(ctx: Context, command: Show) -> Reply:
    found = ctx.store.tasks_by_number(ctx.plan.id, [command.task], with_history=True)
    tasks = found[command.task]
    if not tasks:
        return Reply(texts.not_found(command.task, found.unsure.get(command.task), "nv"))
    visible = [t for t in tasks if ctx.may(Action.VIEW, t)]
    if not visible:
        shown = tasks[0].number if len(tasks) == 1 else command.task  # as stored: "2.3" typed is II.3
        return Reply(texts.NOT_VISIBLE.format(number=shown, me=ctx.unit.name))
    blocks = [task_detail(ctx, task) for task in visible]
    buttons = ()
    if len(visible) == 1 and ctx.may(Action.UPDATE, visible[0]):
        task = visible[0]
        done = status_of(current(task.occurrences), task.kind, ctx.today) is Status.DONE
        buttons = (Button(texts.BUTTON_UNDO, f"hoàn tác {task.number}"),) if done else (
            Button(texts.BUTTON_DONE, f"xong {task.number}"),)
    return Reply("\n\n".join(blocks), buttons)


def task_detail(ctx: Context, task: TaskRow) -> str:
    lines = [f"📋 Nhiệm vụ {task.number} (mục {task.section})"]
    if task.group_title:
        lines.append(f"Thuộc: {task.group_title}")
    lines += [task.content, f"• Chủ trì: {task.lead_text or texts.NO_LEAD_WRITTEN}"]
    if task.coordinators_text:
        lines.append(f"• Phối hợp: {task.coordinators_text}")
    parts = part_line(ctx, task)
    if parts:
        lines.append(parts)
    lines.append(f"• Thời gian (theo kế hoạch): {task.time_expression or texts.NO_TIME_WRITTEN}")
    if task.product:
        lines.append(f"• Sản phẩm: {task.product}")
    lines += [f"• {label}: {text}" for label, text in task.notes or ()]  # the columns the plan adds
    lines.append(f"• Đơn vị được nhắc: {task.responsible.name}")
    if task.assigned_at is not None:  # a task assigned in the chat or from a directive: by whom, when, after what
        at = task.assigned_at.astimezone(ctx.now.tzinfo).strftime("%H:%M %d/%m/%Y")
        lines.append(texts.ASSIGNED_BY.format(by=task.assigned_by, at=at,
                                              source=task.source_document or texts.ASSIGN_NO_SOURCE))
    person = ctx.store.person(task.person_id) if task.person_id is not None else None
    if person is not None:
        lines.append(texts.PERSON_LINE.format(person=display(person)))
    for occurrence in (o for o in task.occurrences if not o.retired):
        lines.append("• " + occurrence_line(ctx, task, occurrence))
    history = [c for o in task.occurrences for c in o.changes]
    if history:
        lines.append("Lịch sử:")
        lines += history_lines(history, ctx.now.tzinfo, HISTORY_SHOWN)
    return "\n".join(lines)


def occurrence_line(ctx: Context, task: TaskRow, occurrence: OccurrenceRow) -> str:
    """Quý I/2026: hạn 31/03/2026 (Thứ Ba) — 🟠 trong hạn, có nguy cơ chậm, 20%: an open one led by its light."""
    status = status_of(occurrence, task.kind, ctx.today)
    light = light_of(occurrence, task.kind, ctx.today, risk_of(ctx.plan))
    label = f"{occurrence.label}: " if occurrence.label else ""
    due = f"hạn {texts.day_with_weekday(occurrence.due)}" if occurrence.due else "chưa có ngày"
    if occurrence.due and occurrence.planned_due and occurrence.due != occurrence.planned_due:
        due += f" (gia hạn; hạn gốc {texts.day(occurrence.planned_due)})"
    state = f"{texts.state_icon(status, light)} {texts.state_name(status, light)}"
    if status in OPEN_STATES and occurrence.progress:
        state += f", {occurrence.progress}%"
    if status is Status.DONE and occurrence.done_at:
        state += f" ngày {texts.day(done_on(occurrence))} ({occurrence.done_by})"
    return f"{label}{due} — {state}"


def _own(ctx: Context):
    """None when the chat sees every unit, else the chat's unit: what the lists select by."""
    return None if ctx.sees_every_unit else ctx.unit


def my_tasks(ctx: Context, command: MyTasks) -> Reply:
    """«việc»: the chat's own unit's tasks — the focal point's too, though it sees every unit; «việc tất cả»
    from the chairman's or the focal point's chat: every unit's, whole."""
    if command.mine:
        return people.mine(ctx, command)
    everyone = ctx.role is Role.LEADER or (ctx.sees_every_unit and command.everything)
    items = open_items(ctx.store.plan_tasks(ctx.plan), ctx.today, risk_of(ctx.plan), None if everyone else ctx.unit)
    who = "các đơn vị" if everyone else ctx.unit.name
    if not items:
        return Reply(texts.NOTHING_OPEN.format(who=who))
    if command.everything or len(items) <= SHORT_LIST:
        lines = [texts.MY_TASKS_HEADER.format(who=who)]
        lines += [item_line(item, ctx.today, everyone) for item in items]
        return Reply("\n".join(lines))
    return Reply(_short_list(ctx, items, who, everyone))


def _short_list(ctx: Context, items: list[Item], who: str, everyone: bool) -> str:
    """A long list on a phone: red (overdue) first, then amber, then what else is due within two weeks (the
    lists' order, plan_data.agenda), then the rest counted."""
    soon = ctx.today + timedelta(days=SOON_DAYS)
    late = [item for item in items if item.light is Light.RED]
    amber = [item for item in items if item.light is Light.AMBER]
    coming = [item for item in items if item.light is Light.GREEN and item.occurrence.due
              and ctx.today <= item.occurrence.due <= soon]
    rest = [item for item in items if item.light is Light.GREEN and item not in coming]
    lines = [texts.MY_TASKS_SHORT_HEADER.format(who=who, count=len(items))]
    if late:
        lines.append(texts.MY_TASKS_LATE.format(count=len(late)))
        lines += [item_line(item, ctx.today, everyone) for item in late[:LATE_SHOWN]]
        if len(late) > LATE_SHOWN:
            lines.append(texts.MY_TASKS_MORE_LATE.format(count=len(late) - LATE_SHOWN))
    for header, group in ((texts.MY_TASKS_AT_RISK, amber), (texts.MY_TASKS_SOON, coming)):
        if group:
            lines.append(header.format(days=SOON_DAYS, count=len(group)))
            lines += [item_line(item, ctx.today, everyone) for item in group]
    if rest:
        lines.append(texts.MY_TASKS_REST.format(parts=_rest_counts(rest)))
    lines.append(texts.MY_TASKS_ALL_HINT)
    return "\n".join(lines)


def _rest_counts(rest: list[Item]) -> str:
    """«5 nhiệm vụ hạn sau, 2 nhiệm vụ thường xuyên, …»: the rest of a long list, counted by kind."""
    ongoing = sum(1 for t, o, _light in rest if not o.due and t.kind not in DATED_IN_CHAT)
    waiting = sum(1 for t, o, _light in rest if not o.due and t.kind == "event")
    undated = sum(1 for t, o, _light in rest if not o.due and t.kind == "undated")
    later = len(rest) - ongoing - waiting - undated
    parts = [texts.COUNT_LATER.format(count=later) if later else "",
             texts.COUNT_ONGOING.format(count=ongoing) if ongoing else "",
             texts.COUNT_WAITING.format(count=waiting) if waiting else "",
             texts.COUNT_UNDATED.format(count=undated) if undated else ""]
    return ", ".join(p for p in parts if p)


EXPLAIN_BUTTONS = 3  # «Yêu cầu giải trình» under the overdue list: the oldest few, not one per line


def overdue(ctx: Context, command: Overdue) -> Reply:
    items = overdue_items(ctx.store.plan_tasks(ctx.plan), ctx.today, risk_of(ctx.plan), _own(ctx))
    buttons: tuple[Button, ...] = ()
    if ctx.may(Action.ASK_EXPLANATION):  # the chairman's and the focal point's chats
        numbers = list(dict.fromkeys(task.number for task, _occurrence, _light in items))[:EXPLAIN_BUTTONS]
        buttons = tuple(Button(texts.BUTTON_EXPLAIN.format(number=n), f"yêu cầu giải trình {n}") for n in numbers)
    return Reply(overdue_list(items, ctx.today, ctx.sees_every_unit), buttons)


def upcoming(ctx: Context, command: Upcoming) -> Reply:
    items = upcoming_items(ctx.store.plan_tasks(ctx.plan), ctx.today, command.days, risk_of(ctx.plan), _own(ctx))
    return Reply(upcoming_list(items, ctx.today, command.days, ctx.sees_every_unit))


def summary(ctx: Context, command: Summary) -> Reply:
    """The whole plan for the chairman's and the focal point's chats; a unit's chat: its own tasks (is_own),
    the text and the chart alike."""
    own, plan = _own(ctx), ctx.store.plan(ctx.plan.id)
    tasks = [t for t in ctx.store.plan_tasks(plan) if own is None or is_own(t, own)]
    _rows, figures = plan_figures(tasks, ctx.today, Period.year(plan.year), risk=risk_of(plan))
    names = {t.responsible.code: t.responsible.name for t in tasks}
    whole = plan.commune if own is None else f"{own.name}, {plan.commune}"
    lines = [texts.SUMMARY_HEADER.format(commune=whole, year=plan.year, today=texts.day(ctx.today)),
             f"({texts.SUMMARY_COLUMNS})"]
    everything = "Cả kế hoạch" if own is None else texts.SUMMARY_OWN
    lines.append(f"{everything} ({figures.tasks} nhiệm vụ): {counts_line(figures.total)}")
    if figures.total.total != figures.tasks:
        lines.append(texts.SUMMARY_PERIODS.format(items=figures.total.total))
    lines.append("\nTheo mục:")
    for section, counts in figures.by_section.items():
        lines.append(f"{section}. {texts.short_title(plan.sections.get(section, ''), 34)}: {counts_line(counts)}")
    if own is None:
        lines.append("\nTheo đơn vị:")
        for code, counts in figures.by_unit.items():
            lines.append(f"{names[code]}: {counts_line(counts)}")
    if figures.total.awaiting:
        lines.append(f"\nChờ duyệt: {figures.total.awaiting}")
    return Reply("\n".join(lines), files=(chart_file(plan, figures, own),))
