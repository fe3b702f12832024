"""The four states and the light of an item (plan_data.status, plan_data.light), on classes of inputs.

- the working-day boundary: due exactly `at_risk_days` working days ahead is near, one more is not; a weekend
  or Tết between today and the due date does not count;
- behind or not: progress below the share of the window spent is behind, equal is not; a window opens on its
  `opens` date, or on the plan year's first day; before it opens nothing is spent;
- a recurring task: each occurrence has its own light;
- closed, waiting, undated: never amber; overdue: always red;
- random occurrences (a generator): every item is in exactly one state, the four states and the asides add
  up to the items, amber is a share of «trong hạn», red is «quá hạn».
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.agenda import open_items, overdue_items, upcoming_items
from plan_data.figures import Counts, Period, plan_figures
from plan_data.light import LIGHT_ORDER, Light, Risk, behind, light_of, risk_of
from plan_data.policy import Policy, work_calendar
from plan_data.status import ASIDES, FOUR_STATES, Status
from plan_data.wording import item_line
from plan_data.zone import VN

YEAR = 2026
RISK = Risk(5, work_calendar(), date(YEAR, 1, 1))
_IDS = iter(range(1, 10**9))


@dataclass
class Occ:
    due: date | None
    progress: int = 0
    opens: date | None = None
    status: str = "open"
    planned_due: date | None = None
    done_at: datetime | None = None
    done_by: str | None = None
    note: str = ""
    label: str = ""
    retired: bool = False
    changes: list = field(default_factory=list)
    id: int = field(default_factory=lambda: next(_IDS))


@dataclass
class Unit:
    code: str
    id: int


@dataclass
class Task:
    occurrences: list[Occ]
    kind: str = "deadline"
    section: str = "I"
    responsible: Unit = field(default_factory=lambda: Unit("vp", 1))
    number: str = "1"
    position: int = 1
    content: str = "Xây dựng Kế hoạch công tác cải cách thủ tục hành chính"


def light(occurrence: Occ, today: date, kind: str = "deadline", risk: Risk = RISK) -> Light:
    return light_of(occurrence, kind, today, risk)


# ---------------------------------------------------------------- how near: working days, not calendar days

NEAR = [  # (today, due, working days from today to the due date, as the Vietnamese calendar has them)
    (date(2026, 3, 2), date(2026, 3, 9), 5),  # Mon to the next Mon: exactly 5, the weekend not counted
    (date(2026, 2, 27), date(2026, 3, 9), 6),  # a Friday: 6, one too many
    (date(2026, 2, 13), date(2026, 2, 25), 3),  # across Tết (14–22/02): 12 days, 3 of them working
    (date(2026, 12, 24), date(2026, 12, 31), 5),
    (date(2026, 3, 9), date(2026, 3, 9), 0),  # due today
    (date(2026, 3, 6), date(2026, 3, 8), 0),  # due on a Sunday, today Friday: no working day before it
]


@pytest.mark.parametrize(("today", "due", "working"), NEAR)
def test_near_is_counted_in_working_days_and_the_boundary_is_in(today: date, due: date, working: int) -> None:
    late_start = Occ(due, progress=0, opens=today - timedelta(days=1))  # behind: a day of its window spent
    for days in (working, working + 1, max(working - 1, 1)):
        expected = Light.AMBER if working <= days else Light.GREEN
        assert light(late_start, today, risk=replace(RISK, days=days)) is expected, (today, due, days)


def test_a_holiday_keeps_a_date_near_that_the_calendar_puts_far() -> None:
    today, due = date(2026, 2, 13), date(2026, 2, 25)
    assert (due - today).days > 5
    assert light(Occ(due), today) is Light.AMBER
    extra_off = Risk(5, work_calendar(Policy(days_off=(date(2026, 3, 3), date(2026, 3, 4)))), date(YEAR, 1, 1))
    # a plan's own days off count too: 6 working days (27/02 to 09/03) become 4
    assert light(Occ(date(2026, 3, 9)), date(2026, 2, 27)) is Light.GREEN
    assert light(Occ(date(2026, 3, 9)), date(2026, 2, 27), risk=extra_off) is Light.AMBER


# ---------------------------------------------------------------- how far behind: progress against time spent


@pytest.mark.parametrize(("progress", "expected"), [(0, Light.AMBER), (49, Light.AMBER), (50, Light.GREEN),
                                                    (51, Light.GREEN), (100, Light.GREEN)])
def test_progress_equal_to_the_share_spent_is_on_track(progress: int, expected: Light) -> None:
    # a window of 10 days from its opens date, 5 spent: 50 %
    occurrence = Occ(date(2026, 3, 12), progress=progress, opens=date(2026, 3, 2))
    assert light(occurrence, date(2026, 3, 7)) is expected


@pytest.mark.parametrize(("progress", "expected"), [(97, Light.AMBER), (98, Light.AMBER), (99, Light.GREEN)])
def test_with_no_opens_date_the_window_starts_on_the_plan_years_first_day(progress: int, expected: Light) -> None:
    # 01/01 to 31/12: 364 days, 357 spent on 24/12: 98.08 %
    assert light(Occ(date(2026, 12, 31), progress=progress), date(2026, 12, 24)) is expected


def test_the_plan_year_is_the_plans_not_the_due_dates() -> None:
    plan = type("Plan", (), {"year": 2025, "policy": {"at_risk_days": 5}})()
    risk = risk_of(plan)
    assert risk.year_start == date(2025, 1, 1) and risk.days == 5
    # due 09/01/2026 in a 2025 plan: a year and a week of window, nearly all spent
    assert light(Occ(date(2026, 1, 9), progress=90), date(2026, 1, 5), risk=risk) is Light.AMBER
    assert light(Occ(date(2026, 1, 9), progress=90), date(2026, 1, 5)) is Light.GREEN  # from 01/01/2026: 50 %


@pytest.mark.parametrize(("start", "today", "due", "progress", "expected"), [
    (date(2026, 3, 10), date(2026, 3, 9), date(2026, 3, 12), 0, False),  # not opened yet: nothing spent
    (date(2026, 3, 12), date(2026, 3, 12), date(2026, 3, 12), 99, True),  # a window of no days: all spent
    (date(2026, 3, 12), date(2026, 3, 12), date(2026, 3, 12), 100, False),
    (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 12), 0, False),  # opens today: nothing spent yet
    (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 12), 0, True),
    (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 12), 10, False),
])
def test_behind(start: date, today: date, due: date, progress: int, expected: bool) -> None:
    assert behind(progress, start, today, due) is expected


def test_an_open_item_far_from_its_date_is_green_however_behind() -> None:
    assert light(Occ(date(2026, 6, 30)), date(2026, 6, 1)) is Light.GREEN


# ---------------------------------------------------------------- states that are never amber


@pytest.mark.parametrize(("status", "kind", "due", "expected"), [
    ("done", "deadline", date(2026, 3, 9), Light.GREEN),
    ("awaiting", "deadline", date(2026, 3, 9), Light.GREEN),  # reported done: closed, never amber
    ("done", "deadline", date(2026, 3, 1), Light.GREEN),  # done late: closed, not red
    ("open", "deadline", date(2026, 3, 6), Light.RED),  # overdue
    ("open", "event", None, Light.GREEN),  # waiting for its event
    ("open", "undated", None, Light.GREEN),
    ("open", "ongoing", None, Light.GREEN),  # no date needed
])
def test_closed_and_dateless_items_are_never_amber_and_overdue_is_red(status, kind, due, expected) -> None:
    occurrence = Occ(due, progress=0, status=status, planned_due=due,
                     done_at=datetime(2026, 3, 2, 9, tzinfo=VN) if status != "open" else None)
    assert light(occurrence, date(2026, 3, 9), kind) is expected


def test_each_occurrence_of_a_recurring_task_has_its_own_light() -> None:
    dues = [date(2026, 3, 5), date(2026, 6, 5), date(2026, 9, 4), date(2026, 12, 4)]
    occurrences = [Occ(due, opens=date(2026, 1, 1) if n == 0 else dues[n - 1] + timedelta(days=1))
                   for n, due in enumerate(dues)]
    today = date(2026, 6, 1)  # Q1's is past, Q2's is 4 working days away, Q3's and Q4's are far
    assert [light(o, today, "recurring") for o in occurrences] == [Light.RED, Light.AMBER, Light.GREEN, Light.GREEN]
    occurrences[0].status, occurrences[0].done_at = "done", datetime(2026, 3, 20, tzinfo=VN)
    assert light(occurrences[0], today, "recurring") is Light.GREEN


# ---------------------------------------------------------------- the setting


@pytest.mark.parametrize(("value", "ok"), [(1, True), (5, True), (366, True), (0, False), (367, False),
                                           ("5", False), (True, False)])
def test_at_risk_days_is_checked_like_every_setting(value, ok) -> None:
    if ok:
        assert Policy.from_mapping({"at_risk_days": value}).at_risk_days == value
    else:
        with pytest.raises(ValueError, match="at_risk_days"):
            Policy.from_mapping({"at_risk_days": value})
    assert Policy().at_risk_days == 5


# ---------------------------------------------------------------- a generator: every item in one state

days = st.dates(date(2026, 1, 1), date(2026, 12, 31))


@st.composite
def occurrences(draw) -> Occ:
    due = draw(st.none() | days)
    status = draw(st.sampled_from(["open", "open", "open", "awaiting", "done"]))
    done_day = draw(days)
    return Occ(due, progress=draw(st.integers(0, 100)), opens=draw(st.none() | days), status=status,
               planned_due=due, done_at=datetime(done_day.year, done_day.month, done_day.day, 10, tzinfo=VN)
               if status != "open" else None)


tasks = st.builds(Task, st.lists(occurrences(), min_size=1, max_size=4),
                  kind=st.sampled_from(["deadline", "window", "recurring", "ongoing", "event", "undated"]))


@settings(max_examples=100, deadline=None)  # nested plans are costly to draw: 100 plans of up to 48 items
@given(st.lists(tasks, min_size=1, max_size=12), days, st.integers(1, 20))
def test_every_item_is_in_exactly_one_state_and_the_states_add_up(plan: list[Task], today: date, near: int) -> None:
    risk = replace(RISK, days=near)
    rows, figures = plan_figures(plan, today, Period.year(YEAR), risk=risk)
    total = figures.total
    assert total.total == len(rows)
    four = total.done_on_time + total.done_late + total.in_term + total.overdue
    assert four + total.awaiting + total.waiting == total.total  # the four states and the asides
    assert total.in_term == total.on_track + total.at_risk  # amber is a share of trong hạn
    for row in rows:
        assert (row.status in FOUR_STATES) != (row.status in ASIDES)
        assert row.light is light_of(row.occurrence, row.task.kind, today, risk)
        assert (row.light is Light.RED) == (row.status is Status.OVERDUE)
        if row.light is Light.AMBER:
            assert row.status is Status.IN_TERM and row.occurrence.due is not None
    assert total.at_risk == sum(row.light is Light.AMBER for row in rows)
    assert total.overdue == sum(row.light is Light.RED for row in rows)
    recount = Counts()
    for row in rows:
        recount.add(row.status, row.on_time, row.light)
        assert sum(recount.as_tuple()) == rows.index(row) + 1  # each item adds one, to one field


@settings(max_examples=50, deadline=None)
@given(st.lists(tasks, min_size=1, max_size=12), days)
def test_every_list_goes_red_then_amber_then_the_rest_each_soonest_first(plan: list[Task], today: date) -> None:
    for position, task in enumerate(plan):
        task.number, task.position = str(position + 1), position
    for items in (open_items(plan, today, RISK), upcoming_items(plan, today, 30, RISK),
                  overdue_items(plan, today, RISK)):
        ranks = [LIGHT_ORDER.index(item.light) for item in items]
        assert ranks == sorted(ranks)
        for item in items:
            assert item.light is light_of(item.occurrence, item.task.kind, today, RISK)
        for rank in set(ranks):
            dues = [item.occurrence.due or date.max for item in items if LIGHT_ORDER.index(item.light) == rank]
            assert dues == sorted(dues)
    assert all(item.light is Light.RED for item in overdue_items(plan, today, RISK))
    lines = [item_line(item, today) for item in open_items(plan, today, RISK)]
    assert all(line[0] in ("🔴", "🟠", "🟢") and line[1] == " " for line in lines)
