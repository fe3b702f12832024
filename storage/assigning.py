"""Adding an assigned task to a plan in use (plan_data.assigned): from the chat («giao») or a directive file
(`nhacviec giao`), in the caller's transaction, with who assigned it, when, from where and after which document.

The task is a row like any imported one, placed after every task of the plan, with its occurrences as the plan's
policy sets them (an ongoing one gets a period each reporting period); the plan's sections gain «Nhiệm vụ được
giao». The numbers given are read from every task of the plan, withdrawn ones included, so none is given twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from plan_data import assigned
from plan_data.model import TaskSpec
from plan_data.periods import is_report, occurrence_slots, report_dates_of
from plan_data.policy import policy_of
from storage.changes import Author
from storage.loader import apply_spec, load_occurrences
from storage.models import Occurrence, Plan, Task, Unit


def numbers_given(session: Session, plan_id: int) -> list[str]:
    """Every number the plan's tasks hold or held (retired ones too): what the next «G<n>» must not repeat."""
    return list(session.scalars(select(Task.number).where(Task.plan_id == plan_id)))


def add_assigned(session: Session, plan: Plan, spec: TaskSpec, document: str, author: Author,
                 now: datetime) -> Task:
    """The assigned task `spec` (its number given by plan_data.assigned.next_number) added to the plan."""
    units = {u.code: u for u in session.scalars(select(Unit).where(Unit.plan_id == plan.id))}
    last = session.scalar(select(func.max(Task.position)).where(Task.plan_id == plan.id))
    task = Task(plan_id=plan.id, number=spec.number)
    apply_spec(task, spec, (last if last is not None else -1) + 1, units)
    task.source_document = document.strip()
    task.assigned_by, task.assigned_at = author.user_name, now
    task.assigned_from = f"{author.platform}:{author.chat_id}"[:80]
    session.add(task)
    if assigned.SECTION not in (plan.sections or {}):
        plan.sections = {**(plan.sections or {}), assigned.SECTION: assigned.SECTION_TITLE}
    session.flush()
    policy = policy_of(plan)
    slots = occurrence_slots(spec.schedule, plan.year, _report_dates(session, plan.id), policy.ongoing_periods,
                             policy.report_cutoff_day)
    load_occurrences(session, task, slots)
    session.flush()
    return task


def _report_dates(session: Session, plan_id: int) -> list[date]:
    """The plan's report dates, as its import set them: an ongoing assigned task reports with the plan."""
    rows = session.execute(select(Task.kind, Task.product, Occurrence.due).join(Occurrence)
                           .where(Task.plan_id == plan_id, Task.retired.is_(False), Occurrence.retired.is_(False)))
    return report_dates_of((is_report(kind, product), due) for kind, product, due in rows)
