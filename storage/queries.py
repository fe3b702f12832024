"""The questions the rest of the program asks of the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from plan_data.text import fold
from storage.bindings import forget
from storage.models import ChatBinding, Occurrence, Plan, Task, Unit


class PlanNotChosen(LookupError):
    """No plan, or several and none named: the message says which communes there are."""


def pick_plan(session: Session, commune: str | None = None, year: int | None = None) -> Plan:
    """The plan asked for, or the only one there is. The commune's name is matched folded: "an lao", "AN LÃO"
    and "An Lão" are one commune (a city holds a few hundred plans: they are compared in Python)."""
    query = select(Plan).order_by(Plan.commune, Plan.year)
    if year:
        query = query.where(Plan.year == year)
    plans = list(session.scalars(query))
    if commune:
        wanted = commune_key(commune)
        plans = [p for p in plans if commune_key(p.commune) == wanted]
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise PlanNotChosen("Chưa có kế hoạch nào" + (f" của «{commune}»" if commune else "") +
                            ". Chạy: nhacviec init, hoặc nhacviec plan import TỆP")
    names = ", ".join(f"{p.commune} {p.year}" for p in plans)
    raise PlanNotChosen(f"Có nhiều kế hoạch ({names}); chọn một bằng --commune")


def event_tasks(session: Session, plan_id: int) -> list[Task]:
    """The plan's event tasks ("Khi…", "Sau khi…") with their occurrences: a handful of rows."""
    query = (select(Task).where(Task.plan_id == plan_id, Task.kind == "event", Task.retired.is_(False))
             .options(selectinload(Task.occurrences)).order_by(Task.position))
    return list(session.scalars(query))


def commune_key(name: str) -> str:
    """"Xã An Lão", "an lao", "AN LÃO" -> "an lao"."""
    key = fold(name)
    for prefix in ("xa ", "phuong ", "thi tran "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key


def plan_tasks(session: Session, plan: Plan, with_history: bool = False) -> list[Task]:
    """The plan's current tasks in the plan's order, with their occurrences and responsible unit loaded
    (and every change of every occurrence, for a report)."""
    return plans_tasks(session, {plan.id}, with_history)[plan.id]


def plans_tasks(session: Session, plan_ids: set[int], with_history: bool = False) -> dict[int, list[Task]]:
    """plan_tasks for several plans at once (the reminder engine's batches): plan id -> its tasks."""
    occurrences = selectinload(Task.occurrences)
    if with_history:
        occurrences = occurrences.selectinload(Occurrence.changes)
    query = (
        select(Task)
        .where(Task.plan_id.in_(plan_ids), Task.retired.is_(False))
        .options(occurrences, selectinload(Task.responsible))
        .order_by(Task.plan_id, Task.position)
    )
    tasks: dict[int, list[Task]] = {plan_id: [] for plan_id in plan_ids}
    for task in session.scalars(query):
        tasks[task.plan_id].append(task)
    return tasks


def binding_for(session: Session, platform: str, chat_id: str) -> ChatBinding | None:
    """The active binding of a chat, with its unit and plan."""
    query = (select(ChatBinding)
             .where(ChatBinding.platform == platform, ChatBinding.chat_id == chat_id)
             .options(joinedload(ChatBinding.unit).joinedload(Unit.plan)))  # one query on every message
    return session.scalar(query)


def tasks_by_number(session: Session, plan_id: int, numbers: list[str],
                    with_history: bool = False) -> dict[str, list[Task]]:
    """Each asked number -> its task, or the sub-items of a heading ("24" -> 24.1, 24.2); [] if unknown."""
    occurrences = joinedload(Task.occurrences)  # one or two tasks: one query, rows joined
    if with_history:  # "nv 17" shows the history: load it with the rest rather than one query per occurrence
        occurrences = occurrences.selectinload(Occurrence.changes)
    query = (select(Task)
             .where(or_(numbered(plan_id, numbers), under(plan_id, [sub_items(n) for n in numbers])))
             .options(occurrences, joinedload(Task.responsible))  # only those asked: the hot path
             .order_by(Task.position))
    return by_number(list(session.scalars(query).unique()), numbers)


def by_number(tasks: list[Any], numbers: list[str]) -> dict[str, list[Any]]:
    """Each number -> the task of that number, or else the tasks under it; `tasks` in the plan's order."""
    return {n: [t for t in tasks if t.number == n] or [t for t in tasks if t.number.startswith(f"{n}.")]
            for n in numbers}


def numbered(plan_id: Any, numbers: Sequence[Any]) -> ColumnElement[bool]:
    """The plan's current tasks of these numbers (values, or bindparams: storage.stores prebuilds it)."""
    tasks = Task.__table__
    return and_(tasks.c.plan_id == plan_id, tasks.c.retired.is_(False), tasks.c.number.in_(numbers))


def under(plan_id: Any, patterns: Sequence[Any]) -> ColumnElement[bool]:
    """The plan's current tasks under these headings (`patterns`: sub_items of each number)."""
    tasks = Task.__table__
    return and_(tasks.c.plan_id == plan_id, tasks.c.retired.is_(False),
                or_(*[tasks.c.number.like(pattern, escape="/") for pattern in patterns]))


def sub_items(number: str) -> str:
    """"24" -> LIKE "24.%", its own LIKE characters escaped (as SQLAlchemy's autoescape does)."""
    return number.replace("/", "//").replace("%", "/%").replace("_", "/_") + ".%"


def unit_by_code(session: Session, plan_id: int, code: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.plan_id == plan_id, Unit.code == code))


def migrate_chat(session: Session, platform: str, old_chat_id: str, new_chat_id: str) -> bool:
    """A Telegram group upgraded to a supergroup changes id: its binding moves to the new id."""
    binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == platform,
                                                       ChatBinding.chat_id == old_chat_id))
    if binding is None or session.scalar(select(ChatBinding).where(ChatBinding.platform == platform,
                                                                   ChatBinding.chat_id == new_chat_id)):
        return False
    forget(session, platform, old_chat_id)
    forget(session, platform, new_chat_id)
    binding.chat_id = new_chat_id
    return True


def tasks_of_plans(session: Session, plan_ids: list[int]) -> dict[int, list[Task]]:
    """The current tasks of many plans in one query (the city's view), grouped by plan."""
    query = (select(Task).where(Task.plan_id.in_(plan_ids), Task.retired.is_(False))
             .options(selectinload(Task.occurrences), selectinload(Task.responsible))
             .order_by(Task.plan_id, Task.position))
    grouped: dict[int, list[Task]] = {}
    for task in session.scalars(query):
        grouped.setdefault(task.plan_id, []).append(task)
    return grouped
