"""An occurrence's life: its states, and what each change does to it or why it is refused.  (pure)

An occurrence (one due date of a task: a deadline, a quarter of a report, a period of an ongoing task) is open,
awaiting the focal point's confirmation, or done. Every change a person makes is one of the Acts below, and
each is a function here: it takes the occurrence as it stands and what the person asked, and returns the
fields to set (a Step) or the reason it is refused (a Refusal). The chat's handlers say the result in words;
the stores write it with its audit row (storage.changes). No state or act is spelt as a bare string
anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol


class State(StrEnum):
    OPEN = "open"
    AWAITING = "awaiting"  # a unit said "xong"; the focal point has not confirmed it (plans that ask for it)
    DONE = "done"


CLOSED = (State.AWAITING, State.DONE)  # the unit's part is finished: no reminder, not overdue, not open


class Act(StrEnum):
    DONE = "done"
    AWAITING = "awaiting"  # a "xong" that waits for the focal point's "duyệt"
    APPROVE = "approve"
    REOPEN = "reopen"
    EXTEND = "extend"
    SET_DATE = "set-date"
    PROGRESS = "progress"
    UNDO = "undo"
    END = "end"  # «kết thúc»: the focal point ends an ongoing task; its periods not yet begun are dropped
    # «giải trình» (plan_data.explanations): recorded in the history, setting no field of the occurrence
    EXPLAIN_ASK = "explain-ask"  # the chairman or the focal point asks why it is late
    EXPLAIN = "explain-answer"  # the unit says why, and may propose a new date
    TAKE = "take"  # «nhận 17»: an officer of the unit puts themself on the task (the task's person_id)
    ASSIGN = "assign"  # «giao 17 @lan»: the chairman or the focal point puts an officer on it
    # a coordinating unit's part (plan_data.parts): recorded in the history, setting no field of the occurrence
    PART_DONE = "part-done"  # «xong phần 17»
    PART_PROGRESS = "part-progress"  # «td phần 17 50%»


PERSON_ACTS = (Act.TAKE, Act.ASSIGN)  # changes of the task's person, not of the occurrence's state
PART_ACTS = (Act.PART_DONE, Act.PART_PROGRESS)  # a coordinator's part (plan_data.parts): no field of the occurrence
UNDO_NOTE = "hoàn tác «{action}» #{id}"  # an undo's note names the change it took back, by its id
_UNDID = re.compile(r"#(\d+)$")


def undid_id(note: str | None) -> int | None:
    """The id of the change an undo took back, as its note (UNDO_NOTE) names it; None for a note without one."""
    found = _UNDID.search(note or "")
    return int(found[1]) if found else None


DATE_ACTS = (Act.SET_DATE, Act.EXTEND)  # changes that move a due date: the day's reminders are planned again
REPORTING_ACTS = (Act.DONE, Act.PROGRESS, Act.APPROVE)  # a unit telling how its part went
EXPLAIN_ACTS = (Act.EXPLAIN_ASK, Act.EXPLAIN)  # their undo also withdraws the request or its answer


class Why(StrEnum):
    """Why a change is refused; the chat says each in its own sentence."""

    DONE = "done"  # already done
    AWAITING = "awaiting"  # already reported, waiting for confirmation
    NOT_OPEN_YET = "not-open-yet"  # a later period of a report or an ongoing task: not begun
    NOT_CLOSED = "not-closed"  # reopen of what is open
    NOTHING_TO_APPROVE = "nothing-to-approve"
    NO_DATE = "no-date"  # extend what has no date yet
    NOT_LATER = "not-later"  # extend to a date not after the current one
    PLAN_DATE = "plan-date"  # «hạn N» on a task the plan dates itself: extend it instead
    NOT_ONGOING = "not-ongoing"  # «kết thúc» of a task that is not done "Thường xuyên", "Cả năm"
    NOTHING_TO_END = "nothing-to-end"  # every period of it has begun: report them instead


class OccurrenceLike(Protocol):
    status: str
    progress: int
    opens: date | None
    due: date | None


@dataclass(frozen=True)
class Step:
    act: Act
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    why: Why


Outcome = Step | Refusal


def state_of(occurrence: OccurrenceLike) -> State:
    return State(occurrence.status)


def is_closed(occurrence: OccurrenceLike) -> bool:
    return state_of(occurrence) in CLOSED


def report_done(occurrence: OccurrenceLike, today: date, when: datetime, by: str, note: str, confirm: bool,
                periods: int = 1) -> Outcome:
    """«xong»: done, or awaiting the focal point when the plan asks for it. A period that has not begun (of a
    task with several) is refused: a second tap on an old ✅ must not tick next quarter."""
    if state_of(occurrence) is State.DONE:
        return Refusal(Why.DONE)
    if state_of(occurrence) is State.AWAITING:
        return Refusal(Why.AWAITING)
    if periods > 1 and occurrence.opens is not None and occurrence.opens > today:
        return Refusal(Why.NOT_OPEN_YET)
    status = State.AWAITING if confirm else State.DONE
    return Step(Act.AWAITING if confirm else Act.DONE, {"status": status.value, "progress": 100, "done_at": when,
                                                        "done_by": by, **({"note": note} if note else {})})


def approve(occurrence: OccurrenceLike) -> Outcome:
    """«duyệt»: the focal point confirms a unit's «xong»."""
    if state_of(occurrence) is not State.AWAITING:
        return Refusal(Why.NOTHING_TO_APPROVE)
    return Step(Act.APPROVE, {"status": State.DONE.value})


def reopen(occurrence: OccurrenceLike, progress_before: int) -> Outcome:
    """«mở lại»: open again what was closed, with the progress it had before it was closed."""
    if not is_closed(occurrence):
        return Refusal(Why.NOT_CLOSED)
    return Step(Act.REOPEN, {"status": State.OPEN.value, "done_at": None, "done_by": None,
                             "progress": progress_before if progress_before < 100 else 0})


def extend(occurrence: OccurrenceLike, day: date) -> Outcome:
    """«gia hạn»: a later due date; the plan's own date still decides on time or late."""
    if is_closed(occurrence):
        return Refusal(Why.DONE if state_of(occurrence) is State.DONE else Why.AWAITING)
    if occurrence.due is None:
        return Refusal(Why.NO_DATE)
    if day <= occurrence.due:
        return Refusal(Why.NOT_LATER)
    return Step(Act.EXTEND, {"due": day})


def set_date(occurrence: OccurrenceLike, dated_in_chat: bool, day: date) -> Outcome:
    """«hạn N NGÀY»: the date of a task the plan leaves to an event or writes unreadably."""
    if not dated_in_chat:
        return Refusal(Why.PLAN_DATE)
    if is_closed(occurrence):
        return Refusal(Why.DONE)
    return Step(Act.SET_DATE, {"due": day, "planned_due": day, "date_set_in_chat": True})


def progress(occurrence: OccurrenceLike, percent: int, note: str) -> Outcome:
    """«td N P%»: how far an open occurrence is; nothing is recorded on one already closed."""
    if is_closed(occurrence):
        return Refusal(Why.DONE if state_of(occurrence) is State.DONE else Why.AWAITING)
    return Step(Act.PROGRESS, {"progress": percent, **({"note": note} if note else {})})


def end(kind: str, occurrence: OccurrenceLike, today: date) -> Outcome:
    """«kết thúc»: the focal point closes an ongoing task as a whole. Each period not yet begun is dropped
    (no reminder, counted nowhere); a period begun stays, to be reported or shown overdue, as it is owed."""
    if kind != "ongoing":
        return Refusal(Why.NOT_ONGOING)
    if is_closed(occurrence) or occurrence.opens is None or occurrence.opens <= today:
        return Refusal(Why.NOTHING_TO_END)
    return Step(Act.END, {"retired": True})
