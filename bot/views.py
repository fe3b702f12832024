"""Answers that only read: a task in full, a unit's open tasks, what is overdue or coming, the summary."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.commands import Help, MyTasks, Overdue, Show, Summary, Upcoming
from bot.context import Button, Context, Reply
from bot.permissions import Action, Role
from bot.report_data import plan_figures
from bot.reports import chart_file
from bot.status import Status, current, days_late, status_of
from storage.models import Occurrence, Task
from storage.queries import plan_tasks, tasks_by_number

HISTORY_SHOWN = 8


def show(ctx: Context, command: Show) -> Reply:
    tasks = tasks_by_number(ctx.session, ctx.plan.id, [command.task], with_history=True)[command.task]
    if not tasks:
        return Reply(texts.NO_SUCH_TASK.format(number=command.task))
    visible = [t for t in tasks if ctx.may(Action.VIEW, t)]
    if not visible:
        return Reply(texts.NOT_VISIBLE.format(number=command.task, me=ctx.unit.name))
    blocks = [task_detail(ctx, task) for task in visible]
    buttons = ()
    if len(visible) == 1 and ctx.may(Action.UPDATE, visible[0]):
        task = visible[0]
        done = status_of(current(task.occurrences), task.kind, ctx.today) is Status.DONE
        buttons = (Button(texts.BUTTON_UNDO, f"hoàn tác {task.number}"),) if done else (
            Button(texts.BUTTON_DONE, f"xong {task.number}"),)
    return Reply("\n\n".join(blocks), buttons)


def task_detail(ctx: Context, task: Task) -> str:
    lines = [f"📋 Nhiệm vụ {task.number} (mục {task.section})"]
    if task.group_title:
        lines.append(f"Thuộc: {task.group_title}")
    lines += [task.content, f"• Chủ trì: {task.lead_text}"]
    if task.coordinators_text:
        lines.append(f"• Phối hợp: {task.coordinators_text}")
    lines.append(f"• Thời gian (theo kế hoạch): {task.time_expression}")
    if task.product:
        lines.append(f"• Sản phẩm: {task.product}")
    lines.append(f"• Đơn vị được nhắc: {task.responsible.name}")
    for occurrence in (o for o in task.occurrences if not o.retired):
        lines.append("• " + occurrence_line(ctx, task, occurrence))
    history = [c for o in task.occurrences for c in o.changes]
    if history:
        lines.append("Lịch sử:")
        for change in sorted(history, key=lambda c: c.id)[-HISTORY_SHOWN:]:
            at = change.at.astimezone(ctx.now.tzinfo).strftime("%H:%M %d/%m/%Y")
            undone = " (đã hoàn tác)" if change.undone else ""
            note = f": {change.note}" if change.note else ""
            lines.append(f"  {at} — {change.user_name} ({change.platform}) "
                         f"{texts.ACTION_NAMES.get(change.action, change.action)}{undone}{note}")
    return "\n".join(lines)


def occurrence_line(ctx: Context, task: Task, occurrence: Occurrence) -> str:
    status = status_of(occurrence, task.kind, ctx.today)
    label = f"{occurrence.label}: " if occurrence.label else ""
    due = f"hạn {texts.day_with_weekday(occurrence.due)}" if occurrence.due else "chưa có ngày"
    if occurrence.due and occurrence.planned_due and occurrence.due != occurrence.planned_due:
        due += f" (gia hạn; hạn gốc {texts.day(occurrence.planned_due)})"
    state = f"{texts.STATUS_ICONS[status]} {texts.STATUS_NAMES[status]}"
    if status is Status.IN_PROGRESS:
        state += f" {occurrence.progress}%"
    if status is Status.DONE and occurrence.done_at:
        state += f" ngày {texts.day(occurrence.done_at.astimezone(ctx.now.tzinfo).date())} ({occurrence.done_by})"
    return f"{label}{due} — {state}"


def _open_items(ctx: Context, everyone: bool) -> list[tuple[Task, Occurrence]]:
    """(task, its current occurrence) not yet done, of this chat's unit or of every unit."""
    items = []
    for task in plan_tasks(ctx.session, ctx.plan):
        if not everyone and task.responsible_id != ctx.unit.id:
            continue
        occurrence = current(task.occurrences)
        if occurrence is not None and occurrence.status != "done":
            items.append((task, occurrence))
    return items


def _soonest_first(item: tuple[Task, Occurrence]) -> tuple[int, str, int]:
    task, occurrence = item
    return (occurrence.due.toordinal() if occurrence.due else 10**9, task.responsible.code, task.position)


def _item_line(ctx: Context, task: Task, occurrence: Occurrence, with_unit: bool = False) -> str:
    unit = f"[{task.responsible.code}] " if with_unit else ""
    label = f" ({occurrence.label})" if occurrence.label else ""
    if occurrence.due:
        when = f"{texts.day(occurrence.due)} · {texts.days_phrase((occurrence.due - ctx.today).days)}"
    else:
        when = "chờ sự kiện" if task.kind == "event" else "thường xuyên"
    return f"• {unit}{task.number} {texts.short_title(task.content, 44)}{label} — {when}"


def my_tasks(ctx: Context, command: MyTasks) -> Reply:
    everyone = ctx.role is Role.LEADER
    items = sorted(_open_items(ctx, everyone), key=_soonest_first)
    who = "các đơn vị" if everyone else ctx.unit.name
    if not items:
        return Reply(texts.NOTHING_OPEN.format(who=who))
    lines = [texts.MY_TASKS_HEADER.format(who=who)]
    lines += [_item_line(ctx, task, occurrence, everyone) for task, occurrence in items]
    return Reply("\n".join(lines))


def overdue(ctx: Context, command: Overdue) -> Reply:
    everyone = ctx.may(Action.OVERSEE)
    items = [(t, o) for t, o in _open_items(ctx, everyone) if days_late(o, ctx.today) > 0]
    if not items:
        return Reply(texts.NOTHING_OVERDUE)
    lines = [texts.OVERDUE_HEADER.format(today=texts.day(ctx.today))]
    by_unit: dict[str, list[tuple[Task, Occurrence]]] = {}
    for task, occurrence in sorted(items, key=_soonest_first):
        by_unit.setdefault(task.responsible.name, []).append((task, occurrence))
    for unit_name, unit_items in by_unit.items():
        if everyone:
            lines.append(f"\n{unit_name} ({len(unit_items)}):")
        lines += [_item_line(ctx, task, occurrence) for task, occurrence in unit_items]
    return Reply("\n".join(lines))


def upcoming(ctx: Context, command: Upcoming) -> Reply:
    until = ctx.today + timedelta(days=command.days)
    items = []
    for task in plan_tasks(ctx.session, ctx.plan):
        if not ctx.may(Action.OVERSEE) and task.responsible_id != ctx.unit.id:
            continue
        items += [(task, o) for o in task.occurrences
                  if not o.retired and o.status != "done" and o.due and ctx.today <= o.due <= until]
    if not items:
        return Reply(texts.NOTHING_UPCOMING.format(days=command.days))
    lines = [texts.UPCOMING_HEADER.format(days=command.days, until=texts.day(until))]
    everyone = ctx.may(Action.OVERSEE)
    lines += [_item_line(ctx, task, occurrence, everyone) for task, occurrence in sorted(items, key=_soonest_first)]
    return Reply("\n".join(lines))


def summary(ctx: Context, command: Summary) -> Reply:
    tasks = plan_tasks(ctx.session, ctx.plan)
    _rows, figures = plan_figures(tasks, ctx.today)
    names = {t.responsible.code: t.responsible.name for t in tasks}
    lines = [texts.SUMMARY_HEADER.format(commune=ctx.plan.commune, year=ctx.plan.year, today=texts.day(ctx.today)),
             f"({texts.SUMMARY_COLUMNS})", f"Cả kế hoạch ({figures.total.total} nhiệm vụ): {_counts(figures.total)}"]
    lines.append("\nTheo mục:")
    for section, counts in figures.by_section.items():
        lines.append(f"{section}. {texts.short_title(ctx.plan.sections.get(section, ''), 34)}: {_counts(counts)}")
    lines.append("\nTheo đơn vị:")
    for code, counts in figures.by_unit.items():
        lines.append(f"{names[code]}: {_counts(counts)}")
    if figures.total.awaiting:
        lines.append(f"\nChờ duyệt: {figures.total.awaiting}")
    return Reply("\n".join(lines), files=(chart_file(ctx.plan, figures),))


def _counts(c) -> str:
    return f"{c.done_on_time} / {c.done_late} / {c.in_progress} / {c.not_started} / {c.overdue} / {c.waiting}"


def help_reply(ctx: Context, command: Help) -> Reply:
    lines = [texts.HELP_HEADER.format(unit=ctx.unit.name, commune=ctx.plan.commune)]
    lines += [f"• {line}" for line in texts.HELP_UNIT]
    if ctx.may(Action.OVERSEE):
        lines += [f"• {line}" for line in texts.HELP_OVERSEER]
    return Reply("\n".join(lines))
