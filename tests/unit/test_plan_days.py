"""A plan's own days off and worked Saturdays (policy.days_off / working_days), for the swaps the
government announces after the `holidays` package was released."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from plan_data.policy import Policy
from plan_data.policy import work_calendar as calendar

SECTION = yaml.safe_load("""
days_off: [2026-11-20, "2026-11-23"]
working_days: ["2026-11-28"]
""")


def test_the_policy_reads_days_as_yaml_dates_or_text_and_writes_them_back() -> None:
    policy = Policy.from_mapping(SECTION)
    assert policy.days_off == (date(2026, 11, 20), date(2026, 11, 23))
    assert policy.working_days == (date(2026, 11, 28),)
    assert policy.as_mapping()["days_off"] == ["2026-11-20", "2026-11-23"]
    assert Policy.from_mapping(policy.as_mapping()) == policy
    assert "days_off" not in Policy().as_mapping()  # most plans list none


def test_the_plan_calendar_honours_them() -> None:
    policy = Policy.from_mapping(SECTION)
    plan, plain = calendar(policy), calendar()
    assert plain.is_working_day(date(2026, 11, 20)) and not plan.is_working_day(date(2026, 11, 20))
    assert not plain.is_working_day(date(2026, 11, 28)) and plan.is_working_day(date(2026, 11, 28))
    assert plan.previous_working_day(date(2026, 11, 23)) == date(2026, 11, 19)
    assert calendar(policy) is plan  # loaded once per set of extras


@pytest.mark.parametrize(("section", "message"), [
    ({"days_off": "2026-11-20"}, "must be a list"),
    ({"days_off": ["20/11/2026"]}, '"YYYY-MM-DD"'),
    ({"days_off": ["2026-11-28"], "working_days": ["2026-11-28"]}, "both"),
])
def test_what_cannot_be_read_is_refused(section: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Policy.from_mapping(section)
