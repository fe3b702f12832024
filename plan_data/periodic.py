"""What a periodic report says of its period besides the counts: when each item's work was done.  (pure)

The figures (plan_data.figures) count the items of a period as of its cut-off: a task with one date counts
in every report of the year, so the Q2 report counts task 1, done on 10/01, as done. A report must also say
when, or it mixes periods without saying so:
- an item finished within the report's facts was done in this period; one finished before them, in an
  earlier period (and already reported then);
- what a unit reported within the facts on an item still open (its progress);
- an earlier period's part finished within the facts (the Q1 report of a unit sent on 05/06) is late for
  that period. Q1's figures were taken at Q1's cut-off and counted it overdue, and the Q2 figures count
  Q2's part: it counts in neither as done, so a report lists it apart, as late, and counts it nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from plan_data.figures import ChangeLike, Period, ReportingPeriod, ReportRow, as_of, reported_in
from plan_data.light import Light
from plan_data.status import done_on, is_closed, on_time, status_of


class When(StrEnum):
    """When an item was finished, for a report of a period."""

    THIS_PERIOD = "this-period"  # within the report's facts
    EARLIER = "earlier"  # before them: an earlier report said it already


def finished_when(row: ReportRow, facts: Period) -> When | None:
    """When a finished item (done, or reported done and awaiting) was finished; None for an open one. One
    closed with no day (none is known) was not finished within the facts, as far as anyone can tell."""
    if not is_closed(row.occurrence):
        return None
    finished = done_on(row.occurrence)
    return When.EARLIER if finished is None or finished < facts.start else When.THIS_PERIOD


def reports_within(row: ReportRow, facts: Period) -> list[ChangeLike]:
    """What the unit reported on this item within the report's facts («xong», «td», «duyệt»), not undone."""
    stored = next((o for o in row.task.occurrences if o.id == row.occurrence.id), None)
    return reported_in(stored, facts) if stored is not None else []


def late_for_earlier(rows: Sequence[ReportRow], period: ReportingPeriod) -> list[ReportRow]:
    """The parts of earlier periods finished within the report's facts, of the tasks its rows are about: each
    as it stood at the cut-off, in the plan's order. They are counted in no figure of this report."""
    counted_ids = {row.occurrence.id for row in rows}
    tasks = list({id(row.task): row.task for row in rows}.values())
    found = []
    for task in tasks:
        for stored in task.occurrences:
            if stored.retired or stored.id in counted_ids:
                continue
            row = _earlier_part(task, stored, period)
            if row is not None:
                found.append(row)
    return found


def _earlier_part(task: Any, stored: Any, period: ReportingPeriod) -> ReportRow | None:
    """The occurrence as of the cut-off, when it is due before the period and was finished within the facts."""
    snapshot = as_of(stored, period.as_of, history=True)
    due: date | None = snapshot.due
    finished = done_on(snapshot) if is_closed(snapshot) else None
    if due is None or due >= period.period.start or finished is None or finished not in period.facts:
        return None
    # closed by then, so green (plan_data.light); it counts in no figure
    return ReportRow(task, snapshot, status_of(snapshot, task.kind, period.as_of), on_time(snapshot), Light.GREEN)
