"""An ongoing task's reporting periods: what it is reported for, and when.  (pure)

A task done "Thường xuyên" or "Cả năm 2026" is never finished once: a unit reports its part each reporting
period (quarterly by default, as Nghị định 09/2019 has CCHC reports), and each period's report is due with
the unit's periodic report of that period (the plan's report tasks, "Trước ngày 05 của tháng cuối quý"), else
the day before the period's cut-off (the 15th of its last month: the report's facts end the 14th), else its
last day. A period's part opens the day after the report before it: what was done since. So an ongoing task
has one occurrence a period, as a recurring report does; a period reported late is late, and a period missed
stays open, overdue, until someone reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

from plan_data.grammar.frame import Kind, Schedule, Slot

ROMAN = ("I", "II", "III", "IV")
PERIODS = ("quarter", "half", "year")  # how often an ongoing task is reported (Policy.ongoing_periods)


@lru_cache(maxsize=4096)  # plans made from one appendix repeat their products, occurrence after occurrence
def is_report(kind: str, product: str) -> bool:
    """A recurring report (task 3, BC-*): its due dates are the plan's report dates, and it gets "report"
    reminders rather than before-N."""
    return kind == Kind.RECURRING.value and product.strip().lower().startswith("báo cáo")


def report_dates(tasks: Sequence[tuple[str, str, Sequence[date | None]]]) -> list[date]:
    """The plan's report dates from (kind, product, due dates) of its tasks."""
    return report_dates_of((is_report(kind, product), due) for kind, product, dues in tasks for due in dues)


def report_dates_of(occurrences: Iterable[tuple[bool, date | None]]) -> list[date]:
    """The plan's report dates from (is it a report's (is_report), due date) of its current occurrences."""
    return sorted({due for report, due in occurrences if report and due})


def occurrence_slots(schedule: Schedule, year: int, reports: Sequence[date] = (), every: str = "quarter",
                     cutoff_day: int = 15) -> tuple[Slot, ...]:
    """The occurrences a task has: its schedule's own, or for an ongoing task one per reporting period of the
    plan year that it runs in (from its start to its end, if it has one), each labelled "Quý II/2026"."""
    if schedule.kind is not Kind.ONGOING:
        return schedule.occurrences
    start = schedule.occurrences[0].opens or date(year, 1, 1)
    end = schedule.occurrences[0].due or date(year, 12, 31)
    slots: list[Slot] = []
    opens = date(year, 1, 1)  # a period's part is what was done since the last report: it opens the day after
    for label, first, last in _periods(year, every):
        due = _period_due(first, last, reports, cutoff_day)
        if due >= start and opens <= end:
            slots.append(Slot(min(due, end), max(opens, start), label))
        opens = due + timedelta(days=1)
    return tuple(slots) or schedule.occurrences


def _periods(year: int, every: str) -> list[tuple[str, date, date]]:
    if every == "year":
        return [(f"Năm {year}", date(year, 1, 1), date(year, 12, 31))]
    if every == "half":
        return [(f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30)),
                (f"6 tháng cuối năm {year}", date(year, 7, 1), date(year, 12, 31))]
    return [(f"Quý {ROMAN[q]}/{year}", date(year, 3 * q + 1, 1), _month_end(year, 3 * q + 3)) for q in range(4)]


def _period_due(first: date, last: date, reports: Sequence[date], cutoff_day: int) -> date:
    """The period's report date: the plan's own report date in its last month, else the cut-off's eve, else
    its last day."""
    own = [d for d in reports if first <= d <= last and d.month == last.month]
    if own:
        return own[0]
    if cutoff_day:
        return last.replace(day=cutoff_day) - timedelta(days=1)
    return last


def _month_end(year: int, month: int) -> date:
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)
