"""«giải trình»: the leader asks the lead unit why an overdue task is late, and the unit answers with a reason
and, perhaps, a new date it proposes.  (pure: the day and the instant are passed in)

Which occurrence a request is about, when its answer is due (policy.explain_working_days working days after
it was asked), when an unanswered request is raised to the chairman, and where a request stands: each is
decided here once, for the chat, the reminder engine and the report alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from plan_data.policy import Policy
from plan_data.status import Status, status_of
from plan_data.workdays import WorkCalendar
from plan_data.zone import local_day


class Standing(StrEnum):
    ASKED = "asked"  # waiting for the unit's answer, within its due day
    LATE = "late"  # not answered by its due day: raised to the chairman
    ANSWERED = "answered"


class ExplanationLike(Protocol):
    occurrence_id: int
    due: date
    answered_at: datetime | None
    withdrawn: bool


def overdue_occurrence(task: Any, today: date) -> Any | None:
    """The occurrence a request is about: the task's earliest one overdue today; None when none is."""
    return next((o for o in task.occurrences if not o.retired and status_of(o, task.kind, today) is Status.OVERDUE),
                None)


def answer_due(asked_on: date, policy: Policy, calendar: WorkCalendar) -> date:
    """The day the answer is due: the plan's explain_working_days working days after the day it was asked."""
    return calendar.add_working_days(asked_on, policy.explain_working_days)


def raise_at(due: date, policy: Policy, calendar: WorkCalendar) -> datetime:
    """When a request still unanswered is raised to the chairman: the first working day after its due day,
    at the plan's send time."""
    day = calendar.add_working_days(due, 1)
    return datetime.combine(day, policy.send_at, tzinfo=ZoneInfo(policy.timezone))


def standing(request: ExplanationLike, today: date) -> Standing:
    if request.answered_at is not None:
        return Standing.ANSWERED
    return Standing.LATE if today > request.due else Standing.ASKED


def pending(requests: Iterable[ExplanationLike], occurrence_id: int) -> ExplanationLike | None:
    """The request of this occurrence still waiting for its answer (one at a time), or None."""
    return next((r for r in requests if r.occurrence_id == occurrence_id and not r.withdrawn
                 and r.answered_at is None), None)


def latest_answer(requests: Sequence[ExplanationLike], as_of: date | None = None) -> ExplanationLike | None:
    """The newest answer still standing (given by `as_of`, a report's cut-off): what the report says of it."""
    answered = [r for r in requests if not r.withdrawn and r.answered_at is not None
                and (as_of is None or local_day(r.answered_at) <= as_of)]
    return max(answered, key=lambda r: r.answered_at) if answered else None


def answers_by_occurrence(requests: Iterable[ExplanationLike], as_of: date | None = None) -> dict[int, Any]:
    """Occurrence id -> its latest answer (latest_answer), for the occurrences that have one."""
    by_occurrence: dict[int, list[ExplanationLike]] = {}
    for request in requests:
        by_occurrence.setdefault(request.occurrence_id, []).append(request)
    found = {key: latest_answer(group, as_of) for key, group in by_occurrence.items()}
    return {key: answer for key, answer in found.items() if answer is not None}
