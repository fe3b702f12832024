"""The monthly «giao ban» (plan_data.policy.meeting_day) and its agenda's reminder (plan_data.reminder_rules)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from plan_data.policy import Policy, meeting_day, work_calendar
from plan_data.reminder_rules import due_reminders

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# the last Friday of each month of 2026, read off a wall calendar; none of them is a public holiday
LAST_FRIDAYS_2026 = ["01-30", "02-27", "03-27", "04-24", "05-29", "06-26",
                     "07-31", "08-28", "09-25", "10-30", "11-27", "12-25"]  # fmt: skip


def d(month_day: str) -> date:
    return date.fromisoformat(f"2026-{month_day}")


def test_by_default_the_last_working_friday_of_each_month() -> None:
    assert [meeting_day(Policy(), 2026, month) for month in range(1, 13)] == [d(md) for md in LAST_FRIDAYS_2026]


@pytest.mark.parametrize(
    ("policy", "month", "expected"),
    [
        # a Friday given off by the plan (a bridge day): the Friday before
        (Policy(days_off=(d("03-27"),)), 3, "03-20"),
        # every Friday of February off: the last working day before the last one (Thursday 26/2)
        (Policy(days_off=(d("02-06"), d("02-13"), d("02-27"))), 2, "02-26"),  # 20/2 is Tết already
        # on Mondays: 31/8/2026 is a day off (for Saturday 22/8), so the Monday before
        (Policy(meeting_weekday=0), 8, "08-24"),
        # on Mondays: 27/4/2026 is Giỗ Tổ's day off
        (Policy(meeting_weekday=0), 4, "04-20"),
        # on Saturdays, none worked: the last working day before the month's last Saturday (28/3)
        (Policy(meeting_weekday=5), 3, "03-27"),
        # … and a Saturday worked counts
        (Policy(meeting_weekday=5, working_days=(d("03-21"),)), 3, "03-21"),
        # Wednesday 2/9 is Quốc khánh: the month's last Wednesday is 30/9 all the same
        (Policy(meeting_weekday=2), 9, "09-30"),
    ],
)
def test_the_meeting_day_follows_the_plans_calendar(policy: Policy, month: int, expected: str) -> None:
    day = meeting_day(policy, 2026, month)
    assert day == d(expected)
    assert work_calendar(policy).is_working_day(day)


@pytest.mark.parametrize("weekday", range(7))
def test_a_year_of_meetings_on_any_weekday_is_one_working_day_a_month(weekday: int) -> None:
    policy = Policy(meeting_weekday=weekday)
    calendar = work_calendar(policy)
    for month in range(1, 13):
        day = meeting_day(policy, 2026, month)
        assert calendar.is_working_day(day) and day.month in (month, month - 1)
        later = [day + timedelta(days=n) for n in range(1, 32) if (day + timedelta(days=n)).month == month]
        # no later day of the month has the weekday and is worked
        assert not [x for x in later if x.weekday() == weekday and calendar.is_working_day(x)]


def test_the_agenda_goes_once_a_month_at_send_at_to_the_focal_point() -> None:
    policy = Policy(send_at=time(8, 30))
    start, end = datetime(2026, 1, 1, tzinfo=VN), datetime(2027, 1, 1, tzinfo=VN)
    found = [r for r in due_reminders([], start, end, policy, work_calendar(policy)) if r.kind == "meeting"]
    assert [(r.at.date(), r.at.time(), r.chat) for r in found] == [
        (d(md), time(8, 30), "vhxh") for md in LAST_FRIDAYS_2026]
    assert {(r.subject, r.task, r.occurrence_id) for r in found} == {("meeting", None, None)}
    halves = [r for cut in ((start, datetime(2026, 3, 27, 8, 30, tzinfo=VN)),
                            (datetime(2026, 3, 27, 8, 30, tzinfo=VN), end))
              for r in due_reminders([], *cut, policy, work_calendar(policy)) if r.kind == "meeting"]
    assert halves == found  # a window ending on its instant takes it; the next one does not take it again


def test_a_plan_may_send_the_agenda_to_the_chairman_too() -> None:
    policy = Policy(meeting_to=("vhxh", "chutich"))
    found = due_reminders([], datetime(2026, 3, 1, tzinfo=VN), datetime(2026, 4, 1, tzinfo=VN), policy,
                          work_calendar(policy))
    assert [(r.at.date(), r.chat) for r in found if r.kind == "meeting"] == [(d("03-27"), "chutich"),
                                                                             (d("03-27"), "vhxh")]
