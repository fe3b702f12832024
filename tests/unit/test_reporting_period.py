"""The reporting period and its cut-off (Nghị định 09/2019/NĐ-CP, điều 12): facts from the 15th of the
previous period's last month to the 14th of this one's, never after the day asked; a plan may change it."""

from __future__ import annotations

from datetime import date

import pytest

from plan_data.figures import Period, reporting_period
from plan_data.policy import Policy

D = date


@pytest.mark.parametrize(
    ("today", "kind", "number", "cutoff", "period", "facts"),
    [
        (D(2026, 3, 31), "quarter", 1, 15, (D(2026, 1, 1), D(2026, 3, 31)), (D(2025, 12, 15), D(2026, 3, 14))),
        (D(2026, 7, 2), "quarter", 2, 15, (D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 3, 15), D(2026, 6, 14))),
        (D(2026, 12, 20), "quarter", None, 15, (D(2026, 10, 1), D(2026, 12, 31)), (D(2026, 9, 15), D(2026, 12, 14))),
        (D(2026, 3, 10), "quarter", 1, 15, (D(2026, 1, 1), D(2026, 3, 31)), (D(2025, 12, 15), D(2026, 3, 10))),
        (D(2026, 6, 30), "half", 1, 15, (D(2026, 1, 1), D(2026, 6, 30)), (D(2025, 12, 15), D(2026, 6, 14))),
        (D(2026, 12, 31), "half", None, 15, (D(2026, 7, 1), D(2026, 12, 31)), (D(2026, 6, 15), D(2026, 12, 14))),
        (D(2027, 1, 5), "year", None, 15, (D(2026, 1, 1), D(2026, 12, 31)), (D(2025, 12, 15), D(2026, 12, 14))),
        (D(2026, 4, 15), "quarter", 1, 0, (D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 4, 15), "quarter", 2, 20, (D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 3, 20), D(2026, 4, 15))),
    ],
)
def test_the_facts_of_a_report(today, kind, number, cutoff, period, facts) -> None:
    asked = reporting_period(2026, today, kind, number, cutoff)
    assert (asked.period, asked.facts, asked.as_of) == (Period(*period), Period(*facts), facts[1])


def test_an_as_of_day_asked_for_ends_the_facts() -> None:
    asked = reporting_period(2026, D(2026, 4, 15), "quarter", 1, as_of=D(2026, 4, 15))
    assert asked.facts == Period(D(2025, 12, 15), D(2026, 4, 15))


@pytest.mark.parametrize(("value", "ok"), [(15, True), (0, True), (28, True), (29, False), (-1, False)])
def test_the_plan_setting_is_checked(value, ok) -> None:
    if ok:
        assert Policy.from_mapping({"report_cutoff_day": value}).report_cutoff_day == value
    else:
        with pytest.raises(ValueError, match="report_cutoff_day"):
            Policy.from_mapping({"report_cutoff_day": value})
