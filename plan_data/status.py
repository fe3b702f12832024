"""Where an occurrence of a task stands on a given day: one decision every view, report and reminder uses.  (pure)

The Government's four states of an item that counts (the task-tracking of Văn phòng Chính phủ) are decided
here, once: đúng hạn and trễ hạn are DONE split by `on_time`; trong hạn is IN_TERM (open, not past its due
date: one with no date that needs none, "thường xuyên", is in term too); quá hạn is OVERDUE. Three asides are
kept apart, never folded into a state: WAITING and UNDATED (no date yet: nothing can be on time or late
before there is one) and AWAITING (a unit said "xong"; until the focal point confirms it, it is neither done
nor open). FOUR_STATES and ASIDES name them. The light (🔴 🟠 🟢) of an open item is plan_data.light's.

Works on anything shaped like an occurrence (the ORM row, an as-of snapshot, a test's stand-in).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from plan_data.lifecycle import CLOSED, State
from plan_data.zone import local_day

CLOSED_STATES = tuple(state.value for state in CLOSED)  # finished: no reminder, not overdue, not open
# kinds whose date is given in the chat («hạn N …»): an event ("Khi thành phố tổ chức"), or a time cell that
# could not be read ("chưa rõ thời hạn"); until then nothing is due, nothing is overdue
DATED_IN_CHAT = ("event", "undated")


class Status(StrEnum):
    IN_TERM = "in-term"  # trong hạn: open, not past its due date (or needing none)
    DONE = "done"  # đúng hạn or trễ hạn, by on_time
    OVERDUE = "overdue"
    WAITING = "waiting"  # an event task whose date is not known yet
    UNDATED = "undated"  # a task whose time the plan's cell did not give readably: the focal point dates it
    AWAITING = "awaiting-confirmation"  # a unit said "xong"; the focal point has not confirmed it


FOUR_STATES = (Status.DONE, Status.IN_TERM, Status.OVERDUE)  # DONE is two of them: đúng hạn, trễ hạn (on_time)
ASIDES = (Status.WAITING, Status.UNDATED, Status.AWAITING)  # not one of the four: counted and said apart
OPEN_STATES = (Status.IN_TERM, Status.OVERDUE)  # open, with a light of its own (plan_data.light) and a progress


class OccurrenceLike(Protocol):
    status: str
    progress: int
    due: date | None
    planned_due: date | None
    done_at: datetime | None
    retired: bool


def is_closed(occurrence: OccurrenceLike) -> bool:
    """Done, or reported done and awaiting the focal point's confirmation: reminders stop, it is not
    overdue and no list of open tasks shows it. The one answer to "is it closed?" (plan_data.lifecycle)."""
    return occurrence.status in CLOSED_STATES


def is_done(occurrence: OccurrenceLike) -> bool:
    """Done and, where the plan asks for it, confirmed: what counts as finished in a report."""
    return occurrence.status == State.DONE


def status_of(occurrence: OccurrenceLike, task_kind: str, today: date) -> Status:
    if is_done(occurrence):
        return Status.DONE
    if is_closed(occurrence):
        return Status.AWAITING
    if occurrence.due is None and task_kind in DATED_IN_CHAT:
        return Status.WAITING if task_kind == "event" else Status.UNDATED
    if occurrence.due is not None and today > occurrence.due:
        return Status.OVERDUE
    return Status.IN_TERM


def done_on(occurrence: OccurrenceLike) -> date | None:
    return local_day(occurrence.done_at) if occurrence.done_at else None


def days_after(finished: date, planned_due: date | None) -> int | None:
    """How many days after the plan's own date something was finished: 0 when on time, None when the plan
    sets no date. An extension does not move the plan's own date."""
    if planned_due is None:
        return None
    return max((finished - planned_due).days, 0)


def on_time(occurrence: OccurrenceLike) -> bool | None:
    """Done by the plan's own date? An extension does not make a late task on time. None: not done."""
    finished = done_on(occurrence)
    if finished is None or not is_done(occurrence):
        return None
    return not days_after(finished, occurrence.planned_due)


def days_late(occurrence: OccurrenceLike, today: date) -> int:
    """Days past the due date of an occurrence still open; 0 when closed or not yet due."""
    if is_closed(occurrence) or not occurrence.due or today <= occurrence.due:
        return 0
    return (today - occurrence.due).days


def current(occurrences: Sequence[OccurrenceLike]) -> OccurrenceLike | None:
    """The occurrence "xong" refers to: the earliest not yet done; the last one once all are done."""
    live = [o for o in occurrences if not o.retired]
    return next((o for o in live if not is_done(o)), live[-1] if live else None)


def current_open(occurrences: Sequence[OccurrenceLike]) -> OccurrenceLike | None:
    """The occurrence a list of open tasks shows: the earliest not closed; None once all are closed."""
    return next((o for o in occurrences if not o.retired and not is_closed(o)), None)
