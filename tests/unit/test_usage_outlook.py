"""The busiest day and each month's projection against a monthly budget (plan_data.usage), on tables of days."""

from __future__ import annotations

from datetime import date

import pytest

from plan_data.usage import busiest, days_of, months

D = date


@pytest.mark.parametrize(("per_day", "found"), [
    ({}, None),
    ({D(2026, 3, 30): 0}, None),  # days without a message: no busiest day
    ({D(2026, 3, 29): 4, D(2026, 3, 31): 9, D(2026, 3, 30): 9}, (D(2026, 3, 30), 9)),  # equals: the earliest
    ({D(2026, 4, 1): 1}, (D(2026, 4, 1), 1)),
])
def test_the_busiest_day(per_day, found) -> None:
    assert busiest(per_day) == found


@pytest.mark.parametrize(("per_day", "first", "last", "budget", "seen"), [
    # a whole month counted: projected is what was sent
    ({D(2026, 2, 10): 280}, D(2026, 2, 1), D(2026, 2, 28), 3000, [("2026-02", 28, 280, 280, False)]),
    # 3 counted days of March at 100 a day: 3,100 for the month, over a budget of 3,000
    ({D(2026, 3, d): 100 for d in (29, 30, 31)}, D(2026, 3, 29), D(2026, 3, 31), 3000,
     [("2026-03", 3, 300, 3100, True)]),
    # days across two months, a quiet day among them: each month at its own rate, rounded up
    ({D(2026, 3, 31): 10, D(2026, 4, 2): 7}, D(2026, 3, 30), D(2026, 4, 2), 100,
     [("2026-03", 2, 10, 155, True), ("2026-04", 2, 7, 105, True)]),
    ({}, D(2026, 12, 31), D(2027, 1, 1), 50, [("2026-12", 1, 0, 0, False), ("2027-01", 1, 0, 0, False)]),
])
def test_each_month_projected_at_the_rate_of_its_counted_days(per_day, first, last, budget, seen) -> None:
    found = months(per_day, first, last, budget)
    assert [(m.month, m.days, m.sent, m.projected, m.over) for m in found] == seen
    assert all(m.share == m.projected / budget for m in found)


def test_the_days_asked_end_today() -> None:
    assert days_of(D(2026, 3, 31), 30) == (D(2026, 3, 2), D(2026, 3, 31))
    assert days_of(D(2026, 3, 1), 1) == (D(2026, 3, 1), D(2026, 3, 1))
    with pytest.raises(ValueError):
        days_of(D(2026, 3, 1), 0)
    with pytest.raises(ValueError):
        months({}, D(2026, 3, 1), D(2026, 3, 2), 0)
