"""The questions the rest of the program asks of the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from plan_data.folding import fold
from plan_data.tasknumbers import Match, PlanTask, resolve
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


class Found(dict[str, list[Any]]):
    """Each asked number -> the tasks it names: one, or a heading's rows ("24" -> 24.1, 24.2), or [] when it
    names none for sure; `unsure` holds, for those that may mean something, what (plan_data.tasknumbers.Match:
    the sections a restarting number is in, the nearest numbers)."""

    def __init__(self, found: dict[str, list[Any]], unsure: dict[str, Match] | None = None) -> None:
        super().__init__(found)
        self.unsure = unsure or {}


def tasks_by_number(session: Session, plan_id: int, numbers: list[str], with_history: bool = False) -> Found:
    """Each asked number -> its task (by the plan's numbering rules: plan_data.tasknumbers), one query for
    numbers as stored; the plan's numbers are read only for those that are not."""
    occurrences = joinedload(Task.occurrences)  # one or two tasks: one query, rows joined
    if with_history:  # "nv 17" shows the history: load it with the rest rather than one query per occurrence
        occurrences = occurrences.selectinload(Occurrence.changes)

    def load(asked: list[str]) -> list[Task]:
        query = (select(Task).where(numbered(plan_id, asked))
                 .options(occurrences, joinedload(Task.responsible))  # only those asked: the hot path
                 .order_by(Task.position))
        return list(session.scalars(query).unique())

    return found_by_number(numbers, load, lambda: plan_numbers(session, plan_id))


def found_by_number(numbers: list[str], load: Callable[[list[str]], list[Any]],
                    plan: Callable[[], list[PlanTask]]) -> Found:
    """tasks_by_number, whatever loads the tasks: the numbers as stored first; only those not found are
    resolved against the plan's numbers (`plan`, read only then), and what they name loaded."""
    tasks = load(numbers)
    matches = resolved(missing(tasks, numbers), plan)
    wanted = [number for match in matches.values() for number in match.numbers]
    if wanted:
        tasks = sorted({t.id: t for t in tasks + load(wanted)}.values(), key=lambda t: t.position)
    return by_number(tasks, numbers, matches)


def plan_numbers(session: Session, plan_id: int) -> list[PlanTask]:
    """The plan's current tasks as numbers resolve them: number, section and the section's title."""
    titles = session.scalar(select(Plan.sections).where(Plan.id == plan_id)) or {}
    rows = session.execute(select(Task.number, Task.section).where(Task.plan_id == plan_id, Task.retired.is_(False))
                           .order_by(Task.position))
    return [PlanTask(number, section, str(titles.get(section, ""))) for number, section in rows]


def missing(tasks: list[Any], numbers: list[str]) -> list[str]:
    """The asked numbers no task has as its number."""
    have = {t.number for t in tasks}
    return [n for n in numbers if n not in have]


def resolved(numbers: list[str], plan: Callable[[], list[PlanTask]]) -> dict[str, Match]:
    """What each of `numbers` names in the plan (read only when there is something to resolve)."""
    if not numbers:
        return {}
    tasks = plan()
    return {n: resolve(n, tasks) for n in numbers}


def by_number(tasks: list[Any], numbers: list[str], matches: dict[str, Match] | None = None) -> Found:
    """Each number -> its task, or the tasks `matches` resolved it to; `tasks` in the plan's order."""
    matches = matches or {}
    found: dict[str, list[Any]] = {}
    for n in numbers:
        named = set(matches[n].numbers) if n in matches else set()
        found[n] = [t for t in tasks if t.number == n] or [t for t in tasks if t.number in named]
    return Found(found, {n: m for n, m in matches.items() if not m.found and m.candidates})


def numbered(plan_id: Any, numbers: Sequence[Any]) -> ColumnElement[bool]:
    """The plan's current tasks of these numbers (values, or bindparams: storage.stores prebuilds it)."""
    tasks = Task.__table__
    return and_(tasks.c.plan_id == plan_id, tasks.c.retired.is_(False), tasks.c.number.in_(numbers))


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
