"""The questions the rest of the program asks of the database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Plan, Task


class PlanNotChosen(LookupError):
    """No plan, or several and none named: the message says which communes there are."""


def pick_plan(session: Session, commune: str | None = None, year: int | None = None) -> Plan:
    """The plan asked for, or the only one there is."""
    query = select(Plan).order_by(Plan.commune, Plan.year)
    if commune:
        query = query.where(func.lower(Plan.commune) == commune.strip().lower())
    if year:
        query = query.where(Plan.year == year)
    plans = list(session.scalars(query))
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise PlanNotChosen("Chưa có kế hoạch nào" + (f" của «{commune}»" if commune else "") +
                            ". Chạy: nhacviec init, hoặc nhacviec plan import TỆP")
    names = ", ".join(f"{p.commune} {p.year}" for p in plans)
    raise PlanNotChosen(f"Có nhiều kế hoạch ({names}); chọn một bằng --commune")


def plan_tasks(session: Session, plan: Plan) -> list[Task]:
    """The plan's current tasks in the plan's order, with their occurrences and responsible unit loaded."""
    query = (
        select(Task)
        .where(Task.plan_id == plan.id, Task.retired.is_(False))
        .options(selectinload(Task.occurrences), selectinload(Task.responsible))
        .order_by(Task.position)
    )
    return list(session.scalars(query))
