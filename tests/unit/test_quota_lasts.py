"""How long a Zalo bot's month lasts at its rate so far (jobs.budget.days_it_lasts): what the doctor says."""

from __future__ import annotations

import pytest

from jobs.budget import Usage, days_it_lasts

# (limit, sent, spent by Zalo, days of the month begun, days after today) -> days it lasts (None: the month)
CASES = [
    ((3000, 0, False, 1, 30), None),  # the first day, nothing sent yet
    ((3000, 0, False, 20, 11), None),  # nothing sent all month
    ((3000, 100, False, 1, 30), 29.0),  # the first day: 100 a day, 2,900 left
    ((3000, 1000, False, 10, 21), 20.0),  # 100 a day, 2,000 left: short of the month's 21 days
    ((3000, 1000, False, 10, 20), None),  # … exactly enough for the 20 days left
    ((3000, 2900, False, 29, 2), 1.0),  # 100 a day, 100 left: one day of the two after today
    ((3000, 3000, False, 15, 15), 0.0),  # our count reached the budget
    ((3000, 10, True, 3, 27), 0.0),  # Zalo said it is spent, whatever our count
    ((3000, 3200, False, 31, 0), 0.0),  # past the budget (replies still go)
]


@pytest.mark.parametrize(("usage", "lasts"), CASES)
def test_days_it_lasts(usage: tuple[int, int, bool, int, int], lasts: float | None) -> None:
    limit, sent, spent, elapsed, left = usage
    assert days_it_lasts(Usage(limit, sent, spent), elapsed, left) == lasts
