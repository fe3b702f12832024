"""Escalation set per plan (plan_data.policy, plan_data.reminder_rules): how a plan writes its steps, how an old
plan's key still reads, and that a step survives downtime once, never twice."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.policy import Policy
from plan_data.reminder_rules import OccurrenceState, due_reminders, latest_per_occurrence
from plan_data.workdays import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar(years=[2026, 2027])


def at8(day: date) -> datetime:
    return datetime.combine(day, time(8), tzinfo=VN)


def steps(policy: Policy, due: date, start: datetime, end: datetime, unit: str = "kt") -> list[tuple[date, str]]:
    one = OccurrenceState(1, "17", unit, "deadline", None, due, None)
    return [(r.at.date(), r.chat) for r in due_reminders([one], start, end, policy, CAL) if r.kind == "escalate"]


# ---------------------------------------------------------------- how a plan writes it


@pytest.mark.parametrize(
    ("section", "chats", "after"),
    [
        ("{}", ("vhxh", "chutich"), (2, 5)),  # the defaults: the focal point after 2 working days, the chairman 5
        ("{escalate_to: [chutich], escalate_after_working_days: [3]}", ("chutich",), (3,)),
        ("{escalate_to: [], escalate_after_working_days: []}", (), ()),  # no escalation at all
        # the old key, as every stored plan wrote it: each chat once, on that overdue working day
        ("{escalate_from_working_day: 3, escalate_to: [chutich, vhxh]}", ("chutich", "vhxh"), (2, 2)),
        ("{escalate_from_working_day: 1}", ("vhxh", "chutich"), (0, 0)),
        ("{escalate_from_working_day: 6, escalate_to: [chutich]}", ("chutich",), (5,)),
    ],
)
def test_a_plans_escalation_steps_are_read(section: str, chats: tuple, after: tuple) -> None:
    policy = Policy.from_mapping(yaml.safe_load(section))
    assert (policy.escalate_to, policy.escalate_after_working_days) == (chats, after)
    assert Policy.from_mapping(policy.as_mapping()) == policy  # what is stored reads back, in the new shape
    assert "escalate_from_working_day" not in policy.as_mapping()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("{escalate_to: [chutich, vhxh]}", "are given together"),  # never paired with the default by position
        ("{escalate_after_working_days: [1, 2]}", "are given together"),
        ("{escalate_to: [vhxh, chutich], escalate_after_working_days: [2]}", "(2 chats, 1 numbers)"),
        ("{escalate_to: [vhxh, vhxh], escalate_after_working_days: [2, 5]}", "names 'vhxh' twice"),
        ("{escalate_to: [vhxh], escalate_after_working_days: [-1]}", "between 0 and 366"),
        ("{escalate_to: [vhxh], escalate_after_working_days: [two]}", "is not a number"),
        ("{escalate_to: vhxh, escalate_after_working_days: [2]}", "escalate_to must be a list"),
        ("{escalate_from_working_day: 3, escalate_after_working_days: [2, 5]}", "is its old form"),
        ("{escalate_from_working_day: 0}", "between 1 and 366"),
        ("{escalate_from_working_day: yes}", "between 1 and 366"),
        ("{meeting_weekday: 7}", "meeting_weekday must be between 0 and 6"),
        ("{meeting_to: vhxh}", "meeting_to must be a list"),
    ],
)
def test_a_plans_escalation_it_cannot_read_is_refused_saying_why(section: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Policy.from_mapping(yaml.safe_load(section))


def test_the_old_key_keeps_the_day_it_meant() -> None:
    """Until issue 26, `escalate_from_working_day: 3` first escalated on the 3rd overdue working day: it still
    does, once per chat now (a repetition every 3 working days was the unit's nag's, not the overseers')."""
    old = Policy.from_mapping({"escalate_from_working_day": 3, "escalate_to": ["chutich", "vhxh"]})
    due = date(2026, 3, 31)  # Tuesday: overdue working days 1/4, 2/4, 3/4 …
    assert steps(old, due, at8(due), at8(date(2026, 5, 29))) == [(date(2026, 4, 3), "chutich"),
                                                                 (date(2026, 4, 3), "vhxh")]


def test_the_bundled_plan_is_in_the_new_shape() -> None:
    with open("plan_data/nam_an_phu_2026.yaml", encoding="utf-8") as file:
        section = yaml.safe_load(file)["policy"]
    assert "escalate_from_working_day" not in section
    policy = Policy.from_mapping(section)
    assert dict(zip(policy.escalate_to, policy.escalate_after_working_days, strict=True)) == {"vhxh": 2, "chutich": 5}
    assert (policy.meeting_weekday, policy.meeting_to) == (4, ("vhxh",))


# ---------------------------------------------------------------- after downtime

DUE = date(2026, 3, 31)  # day 0: 1/4; the focal point 3/4, the chairman 8/4
FOCAL, CHAIRMAN = (date(2026, 4, 3), "vhxh"), (date(2026, 4, 8), "chutich")


@pytest.mark.parametrize(
    ("down_from", "back_at"),
    [
        (date(2026, 3, 30), date(2026, 4, 10)),  # down over both steps
        (date(2026, 4, 2), date(2026, 4, 6)),  # down over the focal point's step only
        (date(2026, 4, 7), date(2026, 4, 20)),  # down over the chairman's step, long after it
    ],
)
def test_a_step_missed_in_downtime_is_caught_up_once(down_from: date, back_at: date) -> None:
    """The engine, back, writes the missed days as rows and sends the newest per task and chat: a step is its
    chat's only reminder of the task, so it is that newest one, and its key keeps it from going twice."""
    policy = Policy()
    one = OccurrenceState(1, "17", "kt", "deadline", None, DUE, None)
    before = due_reminders([one], at8(DUE), at8(down_from), policy, CAL)
    missed = latest_per_occurrence(due_reminders([one], at8(down_from), at8(back_at), policy, CAL))
    after = due_reminders([one], at8(back_at), at8(date(2026, 6, 30)), policy, CAL)
    sent = [(r.at.date(), r.chat) for part in (before, missed, after) for r in part if r.kind == "escalate"]
    assert sorted(sent) == [FOCAL, CHAIRMAN]
    assert [r.kind for r in missed if r.chat == "kt"] == ["overdue"]  # the unit's own nags still one, the newest


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(0, 60 * 1440), max_size=12), downs=st.lists(st.booleans(), min_size=13, max_size=13))
def test_any_windows_any_downtime_each_step_once(cuts: list[int], downs: list[bool]) -> None:
    """Windows cut anywhere, some of them catch-ups after downtime (latest_per_occurrence): each step once."""
    start = at8(DUE) - timedelta(days=1)
    instants = [start, *sorted(start + timedelta(minutes=m) for m in cuts), start + timedelta(days=61)]
    one = OccurrenceState(1, "17", "kt", "deadline", None, DUE, None)
    sent = []
    for (a, b), down in zip(zip(instants, instants[1:], strict=False), downs, strict=False):
        found = due_reminders([one], a, b, Policy(), CAL)
        sent += [(r.at.date(), r.chat) for r in (latest_per_occurrence(found) if down else found) if r.kind == "escalate"]
    assert sorted(sent) == [FOCAL, CHAIRMAN]
