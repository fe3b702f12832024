"""How the product writes dates, statuses and lists of tasks, for every floor that speaks.  (pure)

Officers read dates as dd/mm/yyyy with the weekday; a phone screen is narrow. The chat core and the
reminder engine each keep their own sentences, and write dates and task lists with these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from plan_data.agenda import Item, by_task
from plan_data.figure_columns import CHAT, FigureColumn, Role
from plan_data.figures import Counts
from plan_data.light import Light
from plan_data.status import OPEN_STATES

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

STATUS_NAMES = {
    "in-term": "trong hạn",
    "done": "đã hoàn thành",
    "overdue": "quá hạn",
    "waiting": "chờ sự kiện để có hạn",
    "undated": "chưa rõ thời hạn",
    "awaiting-confirmation": "chờ đầu mối duyệt",
}
STATUS_ICONS = {"in-term": "🟢", "done": "✅", "overdue": "🔴", "waiting": "⏳", "undated": "❔",
                "awaiting-confirmation": "🔵"}

LIGHT_ICONS = {"red": "🔴", "amber": "🟠", "green": "🟢"}
LIGHT_NAMES = {"red": "quá hạn", "amber": "có nguy cơ chậm", "green": "đúng tiến độ"}

NOTHING_OVERDUE = "Không có nhiệm vụ nào quá hạn. 👍"
NOTHING_UPCOMING = "Không có hạn nào trong {days} ngày tới."
OVERDUE_HEADER = "🔴 Quá hạn (tính đến {today}): {items} mục, {tasks} nhiệm vụ"
UPCOMING_HEADER = "📅 Hạn trong {days} ngày tới (đến {until}):"


def state_name(status: str, light: str) -> str:
    """«trong hạn», «trong hạn, có nguy cơ chậm», «quá hạn»: the state, and amber where it is."""
    return f"{STATUS_NAMES[status]}, {LIGHT_NAMES[light]}" if light == Light.AMBER else STATUS_NAMES[status]


def state_icon(status: str, light: str) -> str:
    """An open item's light (🔴 🟠 🟢); a closed or dateless one's own sign (✅ 🔵 ⏳ ❔)."""
    return LIGHT_ICONS[light] if status in OPEN_STATES else STATUS_ICONS[status]


def day(d: date | None) -> str:
    """20/11/2026"""
    return d.strftime("%d/%m/%Y") if d else "—"


def day_with_weekday(d: date | None) -> str:
    """20/11/2026 (Thứ Sáu)"""
    return f"{day(d)} ({WEEKDAYS[d.weekday()]})" if d else "chưa có ngày"


def short_title(content: str, limit: int = 60) -> str:
    """A task's content cut to fit one line of a phone screen, on a word boundary."""
    text = " ".join(content.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def task_name(number: str, content: str) -> str:
    """Every task is named by its number and a short title: «NV 17 (Xây dựng Kế hoạch công tác…)»."""
    return f"NV {number} «{short_title(content, 48)}»"


def days_phrase(delta: int) -> str:
    """delta = due - today in days."""
    if delta < 0:
        return f"quá hạn {-delta} ngày"
    if delta == 0:
        return "hạn hôm nay"
    return "hạn ngày mai" if delta == 1 else f"còn {delta} ngày"


def counts_header() -> str:
    """The words of counts_line's figures: «đúng hạn / trễ hạn / trong hạn (🟠 có nguy cơ chậm) / quá hạn»."""
    return " / ".join(column.short + "".join(f" ({among.mark} {among.short})" for among in shares)
                      for column, shares in _main(CHAT.columns()))


def counts_line(counts: Counts) -> str:
    """The chat's figures in the order of counts_header, «3 / 0 / 12 (🟠 3) / 27» (amber always said: a share
    of trong hạn), then each aside that is not 0, «(+1 chờ duyệt)», so that every row adds up to its items."""
    line = " / ".join(str(column.value(counts)) + "".join(f" ({among.mark} {among.value(counts)})" for among in shares)
                      for column, shares in _main(CHAT.columns()))
    asides = ((column.short, column.value(counts)) for column in CHAT.columns() if column.aside)
    return line + "".join(f" (+{value} {words})" for words, value in asides if value)


def _main(columns: Sequence[FigureColumn]) -> list[tuple[FigureColumn, list[FigureColumn]]]:
    """The columns that are not asides, each with the AMONG columns that follow it."""
    found: list[tuple[FigureColumn, list[FigureColumn]]] = []
    for column in columns:
        if column.role is Role.AMONG:
            found[-1][1].append(column)
        elif not column.aside:
            found.append((column, []))
    return found


def item_line(item: Item, today: date, with_unit: bool = False) -> str:
    """🟠 [hcc] 17 Xây dựng Kế hoạch… (Quý I/2026) — 31/03/2026 · còn 3 ngày: led by its light."""
    task, occurrence, light = item
    unit = f"[{task.responsible.code}] " if with_unit else ""
    label = f" ({occurrence.label})" if occurrence.label else ""
    if occurrence.due:
        when = f"{day(occurrence.due)} · {days_phrase((occurrence.due - today).days)}"
    else:
        when = {"event": "chờ sự kiện", "undated": "chưa rõ thời hạn"}.get(task.kind, "thường xuyên")
    return f"{LIGHT_ICONS[light]} {unit}{task.number} {short_title(task.content, 44)}{label} — {when}"


def overdue_list(items: Sequence[Item], today: date, everyone: bool) -> str:
    """Every overdue item, oldest first, a line per task (its overdue periods on that line); the header counts
    the items as «tổng hợp» counts them. For someone who sees every unit, grouped by unit."""
    if not items:
        return NOTHING_OVERDUE
    tasks = by_task(items)
    lights = {id(item.task): item.light for item in items}  # every overdue item is red (plan_data.light)
    lines = [OVERDUE_HEADER.format(today=day(today), items=len(items), tasks=len(tasks))]
    by_unit: dict[str, list[tuple[Any, list[Any]]]] = {}
    for task, occurrences in tasks:
        by_unit.setdefault(task.responsible.name, []).append((task, occurrences))
    for unit_name, unit_tasks in by_unit.items():
        if everyone:
            lines.append(f"\n{unit_name} ({sum(len(o) for _t, o in unit_tasks)}):")
        lines += [overdue_line(task, occurrences, today, lights[id(task)]) for task, occurrences in unit_tasks]
    return "\n".join(lines)


def overdue_line(task: Any, occurrences: Sequence[Any], today: date, light: Light) -> str:
    """🔴 3 Xây dựng Báo cáo… (Quý I/2026: 04/03/2026, quá hạn 93 ngày; Quý II/2026: 04/06/2026, quá hạn 1 ngày)"""
    if len(occurrences) == 1:
        return item_line(Item(task, occurrences[0], light), today)
    parts = "; ".join(f"{o.label or day(o.due)}: {day(o.due)} · {days_phrase((o.due - today).days)}"
                      for o in occurrences)
    return f"{LIGHT_ICONS[light]} {task.number} {short_title(task.content, 44)} — {len(occurrences)} kỳ quá hạn ({parts})"


def upcoming_list(items: Sequence[Item], today: date, days: int, everyone: bool) -> str:
    if not items:
        return NOTHING_UPCOMING.format(days=days)
    lines = [UPCOMING_HEADER.format(days=days, until=day(today + timedelta(days=days)))]
    lines += [item_line(item, today, everyone) for item in items]
    return "\n".join(lines)
