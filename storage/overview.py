"""The city's overview at national scale: the current tasks of every commune of a city's reach in one query, as
plain rows (no ORM objects: 3,321 communes hold some 150,000 tasks and 420,000 occurrences), shaped as the
domain's count reads them (plan_data.figures.plan_figures: a task's kind, section, unit and occurrences)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from plan_data.access import Reach
from plan_data.figures import OccurrenceAsOf
from storage.models import Occurrence, Plan, Task, Unit


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str


@dataclass
class TaskRow:
    id: int
    number: str
    kind: str
    section: str
    responsible: UnitRef
    occurrences: list[OccurrenceAsOf] = field(default_factory=list)
    position: int = 0  # in the plan's order (plan_data.agenda.lit_first: the city's «quá hạn»)


@dataclass(frozen=True)
class CommuneRow:
    """A commune's plan as the overview needs it: its name, year and policy (for its amber rule)."""

    id: int
    commune: str
    year: int
    policy: dict[str, Any]


def in_reach(reach: Reach) -> tuple[ColumnElement[bool], ...]:
    """plan_data.access.Reach.holds said in SQL, for one query: the plans of its tenant, year (and province)."""
    province = () if reach.province is None else (Plan.province == reach.province,)
    return (Plan.tenant == reach.tenant, Plan.year == reach.year, *province)


def communes_overview(session: Session, reach: Reach,
                      only: Collection[int] | None = None) -> list[tuple[CommuneRow, list[TaskRow]]]:
    """The communes of the city's reach with tasks, by name, each with its current tasks (in the plan's order,
    each with its occurrences), in two queries. `only`: these plans of them (storage.commune_figures counts the
    communes whose kept figures are not current; the city's «quá hạn» reads those with overdue tasks)."""
    chosen = (*in_reach(reach), *(() if only is None else (Plan.id.in_(list(only)),)))
    plans = [CommuneRow(*row) for row in session.execute(
        select(Plan.id, Plan.commune, Plan.year, Plan.policy).where(*chosen).order_by(Plan.commune))]
    query = (select(Task.plan_id, Task.id, Task.number, Task.kind, Task.section, Task.position, Unit.id, Unit.code,
                    Occurrence.id, Occurrence.label, Occurrence.status, Occurrence.progress, Occurrence.due,
                    Occurrence.planned_due, Occurrence.done_at, Occurrence.done_by, Occurrence.opens, Occurrence.retired)
             .join(Plan, Plan.id == Task.plan_id).join(Unit, Unit.id == Task.responsible_id)
             .join(Occurrence, Occurrence.task_id == Task.id)
             .where(*chosen, Task.retired.is_(False))
             .order_by(Task.plan_id, Task.position, Occurrence.seq))
    tasks: dict[int, list[TaskRow]] = {}
    units: dict[int, UnitRef] = {}
    last: TaskRow | None = None
    for plan_id, task_id, number, kind, section, position, unit_id, code, *occurrence in session.execute(query):
        if last is None or last.id != task_id:
            unit = units.get(unit_id) or units.setdefault(unit_id, UnitRef(unit_id, code))
            last = TaskRow(task_id, number, kind, section, unit, position=position)
            tasks.setdefault(plan_id, []).append(last)
        *facts, opens, retired = occurrence
        last.occurrences.append(OccurrenceAsOf(*facts, note="", evidence=(), opens=opens, retired=retired))
    return [(plan, tasks[plan.id]) for plan in plans if tasks.get(plan.id)]
