"""The light of an item that counts: 🔴 overdue, 🟠 «có nguy cơ chậm», 🟢 the rest.  (pure: today passed in)

Ho Chi Minh City groups its tasks red, amber and green; the product decides each item's light here, once, and
every list, count and page uses that decision.

- 🔴 RED: overdue (plan_data.status: open, past its due date).
- 🟠 AMBER: in term (open, its due date not passed) AND due within the plan's `at_risk_days` working days
  (Policy.at_risk_days, 5 by default; counted by the plan's working calendar, today not counted: due today
  is 0 working days away) AND its reported progress (0–100) is below the share of its window already spent.
  Equal is not behind.
- 🟢 GREEN: everything else: in term and on track, not yet near its date, with no date (an ongoing task, an
  event waiting, an undated one), closed (done, or awaiting the focal point's confirmation: never amber).

The window of an occurrence is from its start to its due date, in calendar days: its start is its `opens`
date where it has one (a window task «từ tháng 3 đến tháng 6», an ongoing task's reporting period), else the
first day of the plan's year (a deadline task, a recurring report: the plan gives them the year). The share
spent is the days from the start to today over the days from the start to the due date; before its start
nothing is spent, and a window of no days (start on the due date) is all spent once it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from plan_data.policy import policy_of, work_calendar
from plan_data.status import Status, status_of
from plan_data.workdays import WorkCalendar


class Light(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


LIGHT_ORDER = (Light.RED, Light.AMBER, Light.GREEN)  # how every list sorts: red first, then amber, then the rest


@dataclass(frozen=True)
class Risk:
    """What the amber rule needs of a plan: its `at_risk_days`, its working calendar, its year's first day."""

    days: int
    calendar: WorkCalendar
    year_start: date


class PlanLike(Protocol):
    year: int
    policy: Any


def risk_of(plan: PlanLike) -> Risk:
    """The plan's amber rule: its policy's at_risk_days and calendar (plan_data.policy), its year."""
    policy = policy_of(plan)
    return Risk(policy.at_risk_days, work_calendar(policy), date(plan.year, 1, 1))


def light_of(occurrence: Any, task_kind: str, today: date, risk: Risk) -> Light:
    """The item's light on `today` (the one decision; plan_data.status decides its state)."""
    status = status_of(occurrence, task_kind, today)
    if status is Status.OVERDUE:
        return Light.RED
    if status is Status.IN_TERM and at_risk(occurrence, today, risk):
        return Light.AMBER
    return Light.GREEN


def at_risk(occurrence: Any, today: date, risk: Risk) -> bool:
    """Due within risk.days working days and behind its time: what makes an occurrence in term amber (light_of
    asks it of those only; a closed one is never amber, whatever this says)."""
    due = occurrence.due
    if due is None or today > due:
        return False
    if risk.calendar.working_days_between(today, due) > risk.days:
        return False
    return behind(occurrence.progress, occurrence.opens or risk.year_start, today, due)


def behind(progress: int, start: date, today: date, due: date) -> bool:
    """Progress (per cent) below the share of the window start..due spent by today (in whole numbers: no
    rounding decides it)."""
    if today < start:
        return False
    window = (due - start).days
    if window <= 0:
        return progress < 100
    spent = min((today - start).days, window)
    return progress * window < 100 * spent


def sort_key(light: Light) -> int:
    return LIGHT_ORDER.index(light)
