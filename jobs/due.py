"""The reminders due between two instants: how the rest of the code asks the reminder rules.

Whoever asks (the tick writing the day ahead, jobs.rows; a change during the day, jobs.validity; the
console's «what would have come today»; `nhacviec simulate`) asks reminders_between: each plan's current
occurrences are read as the rules see them (plan_data.reminder_rules.OccurrenceState), many plans in one
statement of plain rows, and the rules are given the plan's policy, working calendar and report dates with
them. Nothing here reads the clock: the window's instants are the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_data.periods import is_report, report_dates_of
from plan_data.policy import policy_of, work_calendar
from plan_data.reminder_rules import DueReminder, OccurrenceState, due_reminders, occurrence_state
from storage.models import Occurrence, Plan, Task, Unit

PlanStates = tuple[list[OccurrenceState], list[date]]  # a plan's occurrences as the rules see them; its report dates


class PlanWindow(NamedTuple):
    plan: Plan
    start: datetime  # not included: the instant already covered
    end: datetime  # included


def reminders_between(session: Session, windows: Iterable[PlanWindow | tuple[Plan, datetime, datetime]], *,
                      occurrences: Collection[int] | None = None,
                      assume: Callable[[OccurrenceState], OccurrenceState] | None = None
                      ) -> dict[int, list[DueReminder]]:
    """Plan id -> the reminders whose instant falls in its window (start, end], as the rules give them on the
    plan's rows as they are now, sorted by (at, chat, task). `occurrences`: only these occurrences' (a change
    during the day); `assume`: a what-if applied to each occurrence as read (`nhacviec simulate`: as if none
    were done, or each on its due date). An occurrence shared by plans made from one appendix (the same dates,
    state and unit, policy and window) is worked out once."""
    windows = [PlanWindow(*window) for window in windows]
    if not windows:
        return {}
    states = plans_states(session, {window.plan.id for window in windows})
    alike: dict = {}
    found: dict[int, list[DueReminder]] = {}
    for plan, start, end in windows:
        plan_states, report_dues = states[plan.id]
        if occurrences is not None:
            plan_states = [s for s in plan_states if s.occurrence_id in occurrences]
        if assume is not None:
            plan_states = [assume(s) for s in plan_states]
        policy = policy_of(plan)
        found[plan.id] = due_reminders(plan_states, start, end, policy, work_calendar(policy), report_dues, alike)
    return found


def plans_states(session: Session, plan_ids: set[int]) -> dict[int, PlanStates]:
    """The plans as the rules see them, from one statement of plain rows (the tick plans them in groups: no
    ORM objects for tens of thousands of occurrences); the report dates are those of their occurrences."""
    # Unit.plan_id as well (a task's unit is its own plan's): with it PostgreSQL sees how few rows a group
    # joins, and reaches occurrences through their index instead of scanning the whole table once per group
    # (45 ms a group at 3,321 communes, growing with the table; 9 ms so)
    query = (select(Task.plan_id, Task.number, Task.kind, Task.product, Task.trigger, Unit.code, Occurrence.id,
                    Occurrence.opens, Occurrence.due, Occurrence.status, Occurrence.done_at)
             .join(Occurrence, Occurrence.task_id == Task.id).join(Unit, Unit.id == Task.responsible_id)
             .where(Task.plan_id.in_(plan_ids), Unit.plan_id.in_(plan_ids), Task.retired.is_(False),
                    Occurrence.retired.is_(False)))
    states: dict[int, list[OccurrenceState]] = {plan_id: [] for plan_id in plan_ids}
    for row in session.execute(query):
        states[row.plan_id].append(occurrence_state(row.number, row.code, row.kind, row.product, row,
                                                    bool(row.trigger)))
    return {plan_id: (found, report_dates_of((state.is_report, state.due) for state in found))
            for plan_id, found in states.items()}


def report_due_dates(session: Session, plan_ids: set[int]) -> dict[int, list[date]]:
    """The report dates of several plans, in one statement that reads only their recurring tasks' dates."""
    query = (select(Task.plan_id, Task.kind, Task.product, Occurrence.due, Occurrence.retired)
             .join(Occurrence, Occurrence.task_id == Task.id)
             .where(Task.plan_id.in_(plan_ids), Task.kind == "recurring", Task.retired.is_(False),
                    Occurrence.due.is_not(None)))
    rows: dict[int, list[tuple[bool, date | None]]] = {}
    for plan_id, kind, product, due, retired in session.execute(query):
        rows.setdefault(plan_id, []).append((is_report(kind, product) and not retired, due))
    return {plan_id: report_dates_of(found) for plan_id, found in rows.items()}
