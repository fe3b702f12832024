"""plan_data.reminder_rules: which reminders fall in a window (start, end], computed with fixed datetimes."""

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.policy import Policy
from plan_data.reminder_rules import DueReminder, OccurrenceState, due_reminders, latest_per_occurrence
from plan_data.workdays import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar(years=[2025, 2026, 2027])
POLICY = Policy()
YEAR_START = datetime(2026, 1, 1, 0, 0, tzinfo=VN)
YEAR_END = datetime(2027, 3, 1, 0, 0, tzinfo=VN)  # past the overdue cut-off of 31/1/2027
QUARTER_REPORTS = (date(2026, 3, 4), date(2026, 6, 4), date(2026, 9, 4), date(2026, 12, 4))


def d(month_day: str, year: int = 2026) -> date:
    return date.fromisoformat(f"{year}-{month_day}")


def at8(month_day: str, year: int = 2026) -> datetime:
    return datetime.combine(d(month_day, year), time(8, 0), tzinfo=VN)


def state(
    due: str | None, *, id: int = 1, kind: str = "deadline", unit: str = "hcc", opens: str | None = None,
    done: str | None = None, report: bool = False, task: str = "17",
) -> OccurrenceState:  # fmt: skip
    return OccurrenceState(
        id, task, unit, kind, *(d(day) if day else None for day in (opens, due, done)), is_report=report
    )


def run(
    *states: OccurrenceState, start: datetime = YEAR_START, end: datetime = YEAR_END, **kw
) -> list[DueReminder]:
    return due_reminders(states, start, end, kw.pop("policy", POLICY), CAL, **kw)


def seen(reminders: list[DueReminder]) -> list[tuple[str, str, str]]:
    """(kind, local date, chat) of the occurrences' reminders, digests and meetings left out."""
    return [(r.kind, r.at.date().isoformat()[5:], r.chat) for r in reminders if r.occurrence_id is not None]


# ---------------------------------------------------------------- the policy


def test_policy_from_the_plan_files_policy_section() -> None:
    section = yaml.safe_load(
        """
        remind_days_before: [10, 2]
        send_at: "08:30"
        office_close: "17:00"
        escalate_to: [chutich]
        escalate_after_working_days: [4]
        digest_weekday: 4
        """
    )
    policy = Policy.from_mapping(section)
    assert policy == replace(
        POLICY,
        remind_days_before=(10, 2),
        send_at=time(8, 30),
        office_close=time(17),
        escalate_to=("chutich",),
        escalate_after_working_days=(4,),
        digest_weekday=4,
    )
    assert Policy.from_mapping({}) == POLICY


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"remind_days": [7]}, "unknown key 'remind_days'"),
        ({"send_at": "8h"}, 'policy.send_at: write the time in quotes as "HH:MM"'),
        (yaml.safe_load("send_at: 8:00"), "policy.send_at: write the time in quotes"),  # YAML reads 480
        ({"send_at": "18:00"}, "send_at must be within office hours"),
        ({"remind_days_before": 7}, "remind_days_before must be a list"),
        ({"remind_days_before": [7, 0]}, "at least 1"),
        ({"remind_days_before": ["7"]}, "is not a number"),
        ({"overdue_every_working_days": True}, "is not a number"),
        ({"overdue_every_working_days": 0}, "between 1 and 366"),
        ({"digest_weekday": 7}, "between 0 and 6"),
        ({"nudge_day_of_month": 31}, "between 1 and 28"),
        ({"digest_to": ["vhxh", 3]}, "is not a text"),
        ({"timezone": "Asia/Hanoi_City"}, "unknown time zone"),
    ],
)
def test_policy_refuses_what_it_cannot_read(section: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Policy.from_mapping(section)


def test_an_occurrence_of_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind 'weekly'"):
        OccurrenceState(1, "1", "hcc", "weekly", None, d("03-31"), None)


# ---------------------------------------------------------------- before-N and due


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        # Tuesday: before-3 falls on Saturday 28/3 and moves to Friday.
        ("03-31", [("before-7", "03-24"), ("before-3", "03-27"), ("before-1", "03-30"), ("due", "03-31")]),
        # Monday after Tết: before-7 (16/2), before-3 (20/2) and before-1 (Sunday) all move to Friday
        # 13/2, before Tết; only the one nearest the deadline is kept.
        ("02-23", [("before-1", "02-13"), ("due", "02-23")]),
        # Monday: before-1 (Sunday) moves onto before-3's Friday and wins it.
        ("03-09", [("before-7", "03-02"), ("before-1", "03-06"), ("due", "03-09")]),
        # Saturday 2/5 after 30/4 and 1/5: the due reminder moves to Wednesday 29/4 and wins the day.
        ("05-02", [("before-7", "04-24"), ("due", "04-29")]),
        # Monday 24/8: before-1 (Sunday) goes back to the worked Saturday 22/8.
        ("08-24", [("before-7", "08-17"), ("before-3", "08-21"), ("before-1", "08-22"), ("due", "08-24")]),
        # Thursday 3/9 after National Day: before-3 (31/8, swapped day off) and before-1 (2/9) both
        # move to Friday 28/8; before-1 wins.
        ("09-03", [("before-7", "08-27"), ("before-1", "08-28"), ("due", "09-03")]),
    ],
)
def test_before_and_due_reminders(due: str, expected: list[tuple[str, str]]) -> None:
    end = datetime.combine(d(due), time(23, 59), tzinfo=VN)
    assert seen(run(state(due), end=end)) == [(kind, day, "hcc") for kind, day in expected]


def test_before_n_is_sent_even_before_the_window_opens() -> None:
    reminders = run(state("03-31", kind="window", opens="03-30"), end=at8("03-31"))
    assert seen(reminders)[0] == ("before-7", "03-24", "hcc")


def test_reminders_are_at_send_at_in_vietnam_time() -> None:
    policy = Policy(send_at=time(9, 15))
    [first, *_] = [r for r in run(state("03-31"), policy=policy) if r.occurrence_id is not None]
    assert first.at == datetime(2026, 3, 24, 9, 15, tzinfo=VN)
    assert first.at.utcoffset() == timedelta(hours=7)
    assert first.subject == "occurrence:1" and first.task == "17" and first.occurrence_id == 1
    assert first.key == ("occurrence:1", "before-7", first.at, "hcc")


# ---------------------------------------------------------------- windows


@pytest.mark.parametrize(
    ("opens", "due", "opens_day"),
    [
        ("07-01", "09-30", "07-01"),
        ("08-01", "09-30", "08-03"),  # Saturday -> Monday
        ("02-16", "03-31", "02-23"),  # during Tết -> after it
        ("03-31", "03-31", None),  # the due reminder says it all
        ("03-28", "03-30", None),  # Saturday; next working day is the due day
        ("03-28", "03-29", None),  # opens on a weekend after the due reminder (Friday) went out
        ("03-24", "03-31", None),  # before-7 wins the day
    ],
)
def test_a_window_gets_an_opens_notice(opens: str, due: str, opens_day: str | None) -> None:
    reminders = seen(run(state(due, kind="window", opens=opens), end=at8(due)))
    assert [day for kind, day, _ in reminders if kind == "opens"] == ([opens_day] if opens_day else [])


def test_only_windows_get_an_opens_notice() -> None:
    reminders = seen(run(state("03-31", kind="recurring", opens="03-01"), end=at8("03-31")))
    assert "opens" not in {kind for kind, _, _ in reminders}


# ---------------------------------------------------------------- overdue and escalation

OVERDUE_AFTER_03_31 = [
    ("overdue", "04-01", "hcc"),  # 1st overdue working day: day 0
    ("escalate", "04-03", "vhxh"),  # 2 working days after day 0: the focal point, once
    ("overdue", "04-06", "hcc"),  # 4th: every 3 working days, to the unit alone
    ("escalate", "04-08", "chutich"),  # 5 working days after day 0: the chairman, once
    ("overdue", "04-09", "hcc"),  # 7th
]


def test_overdue_every_three_working_days_and_each_escalation_step_once() -> None:
    reminders = run(state("03-31"), start=at8("03-31"), end=at8("04-30"))
    assert sorted(seen(reminders))[:5] == sorted(OVERDUE_AFTER_03_31)
    assert [(kind, chat) for kind, _, chat in seen(reminders) if kind == "escalate"] == [
        ("escalate", "vhxh"), ("escalate", "chutich")]


def test_overdue_skips_holidays() -> None:
    reminders = run(state("04-23"), start=at8("04-23"), end=at8("05-08"))
    # Overdue working days: 24/4 (1), 28/4 (2), 29/4 (3), 4/5 (4), 5/5 (5), 6/5 (6), 7/5 (7).
    assert [day for kind, day, _ in seen(reminders) if kind == "overdue"] == ["04-24", "05-04", "05-07"]
    assert [(day, chat) for kind, day, chat in seen(reminders) if kind == "escalate"] == [
        ("04-29", "vhxh"), ("05-06", "chutich")]  # days 0 + 2 and 0 + 5, Giỗ Tổ and 30/4–1/5 skipped


@pytest.mark.parametrize(
    ("due", "focal", "chairman"),
    [
        ("03-06", "03-11", "03-16"),  # due on a Friday: day 0 is Monday 9/3, the weekend counts for nothing
        ("03-07", "03-11", "03-16"),  # due on a Saturday: the same working days
        ("02-13", "02-25", "03-02"),  # due the Friday before Tết: day 0 is Monday 23/2, after the 9 days off
        ("02-11", "02-23", "02-26"),  # due before Tết: day 0 the 12th, 2 working days on is after the 9 days off
        ("08-28", "09-07", "09-10"),  # due before Quốc khánh (31/8–2/9 off)
    ],
)
def test_escalation_steps_count_working_days_from_day_0(due: str, focal: str, chairman: str) -> None:
    reminders = run(state(due), start=at8(due), end=at8(due) + timedelta(days=40))
    assert [(day, chat) for kind, day, chat in seen(reminders) if kind == "escalate"] == [
        (focal, "vhxh"), (chairman, "chutich")]


def test_escalation_is_not_sent_to_the_lead_unit_itself() -> None:
    reminders = run(state("03-31", unit="vhxh"), start=at8("03-31"), end=at8("04-30"))
    assert [(kind, day, chat) for kind, day, chat in seen(reminders) if kind == "escalate"] == [
        ("escalate", "04-08", "chutich")]
    assert {chat for _, _, chat in seen(reminders)} == {"vhxh", "chutich"}


def test_an_ongoing_tasks_missed_period_is_not_escalated() -> None:
    reminders = run(state("03-31", kind="ongoing"), start=at8("03-31"), end=at8("04-30"))
    assert "escalate" not in {kind for kind, _, _ in seen(reminders)}


@pytest.mark.parametrize(
    ("done", "steps"),
    [
        ("04-02", []),  # done before the focal point's day: no step
        ("04-03", ["vhxh"]),  # done on its day: the row is written; the claim skips it if done before 08:00
        ("04-07", ["vhxh"]),  # done before the chairman's day
        (None, ["vhxh", "chutich"]),
    ],
)
def test_done_before_a_step_means_no_step(done: str | None, steps: list[str]) -> None:
    reminders = run(state("03-31", done=done), start=at8("03-31"), end=at8("04-30"))
    assert [chat for kind, _, chat in seen(reminders) if kind == "escalate"] == steps


def test_escalation_steps_set_per_plan() -> None:
    policy = Policy(overdue_every_working_days=1, escalate_to=("chutich", "vhxh"), escalate_after_working_days=(1, 0))
    reminders = run(state("03-31"), start=at8("03-31"), end=at8("04-03"), policy=policy)
    assert seen(reminders) == [
        ("overdue", "04-01", "hcc"),
        ("escalate", "04-01", "vhxh"),
        ("escalate", "04-02", "chutich"),
        ("overdue", "04-02", "hcc"),
        ("overdue", "04-03", "hcc"),
    ]
    assert "escalate" not in {r.kind for r in run(state("03-31"), policy=Policy(escalate_to=(),
                                                                                 escalate_after_working_days=()))}


def test_overdue_stops_31_days_after_the_year_of_the_due_date() -> None:
    days = [r.at.date() for r in run(state("12-15")) if r.kind == "overdue"]
    assert days[0] == d("12-16")
    assert max(days) <= date(2027, 1, 31)
    assert max(days) >= date(2027, 1, 25)  # it does go on into January


# ---------------------------------------------------------------- reports, check-ins, nudges


def test_report_occurrence() -> None:
    reminders = run(state("06-04", report=True, task="BC-hcc"), end=at8("06-09"))
    assert seen(reminders) == [
        ("report", "05-28", "hcc"),
        ("report", "06-03", "hcc"),
        ("due", "06-04", "hcc"),
        ("overdue", "06-05", "hcc"),
        ("escalate", "06-09", "vhxh"),  # day 0 (5/6) + 2 working days
    ]


def test_ongoing_without_due_date_checks_in_before_each_quarterly_report() -> None:
    reports = (*QUARTER_REPORTS, d("02-27"))  # 20/2 is Tết: the check-in moves to 13/2
    reminders = run(state(None, kind="ongoing"), report_dues=reports)
    assert seen(reminders) == [
        ("checkin", day, "hcc") for day in ("02-13", "02-25", "05-28", "08-28", "11-27")
    ]


def test_an_ongoing_period_is_checked_in_once_then_nagged_only_to_its_unit() -> None:
    """A period of an ongoing task (plan_data.periods): a check-in before its report, no count-down, and once
    missed, overdue reminders to the unit alone (the overseers read missed periods in the digest)."""
    reminders = run(state("06-04", kind="ongoing", opens="03-05"), end=at8("06-16"), report_dues=QUARTER_REPORTS)
    assert seen(reminders) == [
        ("checkin", "05-28", "hcc"),
        ("overdue", "06-05", "hcc"),
        ("overdue", "06-10", "hcc"),
        ("overdue", "06-15", "hcc"),
    ]


def test_undated_event_is_nudged_on_the_first_working_day_of_each_month() -> None:
    reminders = run(state(None, kind="event"), end=datetime(2026, 12, 31, 18, tzinfo=VN))
    assert [day for kind, day, _ in seen(reminders) if kind == "nudge"] == [
        "01-02", "02-02", "03-02", "04-01", "05-04", "06-01",
        "07-01", "08-03", "09-03", "10-01", "11-02", "12-01",
    ]  # fmt: skip


def test_an_event_with_a_date_is_reminded_like_a_deadline() -> None:
    assert seen(run(state("03-31", kind="event"), end=at8("03-31")))[-1] == ("due", "03-31", "hcc")


# ---------------------------------------------------------------- done


@pytest.mark.parametrize(
    ("done", "kinds"),
    [
        ("03-27", ["before-7", "before-3"]),  # what was sent up to that day stays
        ("03-01", []),
        ("04-06", ["before-7", "before-3", "before-1", "due", "overdue", "overdue", "escalate"]),
    ],
)
def test_done_stops_everything_after_it(done: str, kinds: list[str]) -> None:
    reminders = run(state("03-31", done=done))
    assert sorted(kind for kind, _, _ in seen(reminders)) == sorted(kinds)
    assert all(r.at.date() <= d(done) for r in reminders if r.occurrence_id is not None)


# ---------------------------------------------------------------- digest


def test_weekly_digest_on_mondays_or_the_next_working_day() -> None:
    reminders = [r for r in run(start=datetime(2026, 2, 1, tzinfo=VN), end=datetime(2026, 3, 1, tzinfo=VN))
                 if r.subject == "digest"]
    # Monday 16/2 is Tết: its digest moves to 23/2, onto the next week's, and is sent once.
    assert [(r.at.date().isoformat()[5:], r.chat) for r in reminders] == [
        (day, chat) for day in ("02-02", "02-09", "02-23") for chat in ("chutich", "vhxh")
    ]
    assert {(r.subject, r.kind, r.task, r.occurrence_id) for r in reminders} == {
        ("digest", "digest", None, None)
    }


@pytest.mark.parametrize(("monday", "sent"), [("04-27", "04-28"), ("08-31", "09-03"), ("03-02", "03-02")])
def test_digest_on_a_monday_off(monday: str, sent: str) -> None:
    reminders = run(start=at8(monday) - timedelta(days=1), end=at8(monday) + timedelta(days=5))
    assert {r.at for r in reminders} == {at8(sent)}


# ---------------------------------------------------------------- the window (start, end]


def test_window_is_open_at_start_and_closed_at_end() -> None:
    assert seen(run(state("03-31"), start=at8("03-24"), end=at8("03-27"))) == [("before-3", "03-27", "hcc")]
    assert run(state("03-31"), start=at8("03-27"), end=at8("03-27")) == []
    assert run(state("03-31"), start=at8("03-30"), end=at8("03-24")) == []


def test_window_in_another_time_zone_is_the_same_instants() -> None:
    utc = ZoneInfo("UTC")
    local = run(state("03-31"), start=at8("03-24"), end=at8("03-31"))
    assert run(state("03-31"), start=at8("03-24").astimezone(utc), end=at8("03-31").astimezone(utc)) == local


def test_naive_datetimes_and_repeated_occurrences_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_reminders([], datetime(2026, 1, 1), YEAR_END, POLICY, CAL)  # noqa: DTZ001
    with pytest.raises(ValueError, match="occurrence 1 is given twice"):
        run(state("03-31"), state("04-30"))


def test_sorted_by_instant_chat_and_task() -> None:
    reminders = run(state("03-31", id=1, task="9", unit="vp"), state("03-31", id=2, task="10", unit="hcc"))
    assert reminders == sorted(reminders, key=lambda r: (r.at, r.chat, r.task or ""))
    monday = [(r.chat, r.task) for r in reminders if r.at == at8("03-30")]
    assert monday == [("chutich", None), ("hcc", "10"), ("vhxh", None), ("vp", "9")]


# ---------------------------------------------------------------- a whole year

YEAR_STATES = (
    state("01-14", id=1, task="1"),
    state("03-31", id=2, task="2", kind="window", opens="01-01"),
    state("02-20", id=3, task="3", kind="recurring", unit="vp"),  # due during Tết
    state("05-02", id=4, task="4", kind="recurring", unit="vp"),
    state("06-04", id=5, task="BC-hcc", kind="recurring", report=True),
    state("12-04", id=6, task="BC-vp", kind="recurring", unit="vp", report=True),
    state(None, id=7, task="7", kind="ongoing", unit="kt"),
    state("12-31", id=8, task="8", kind="ongoing", opens="01-01", unit="kt"),
    state(None, id=9, task="9", kind="event", unit="dvsn"),
    state("11-24", id=10, task="10", kind="event", unit="dvsn"),  # a holiday
    state("09-30", id=11, task="11", kind="window", opens="07-01", done="08-15"),
    state("08-31", id=12, task="12", unit="vhxh"),  # the swapped day off
    state("12-31", id=13, task="13", unit="vp"),
    state("04-30", id=14, task="14", unit="kt", done="05-20"),  # done late
)
OFFICE = (time(7, 30), time(17, 30))  # what the commune's offices keep, whatever the policy says


def check_invariants(states: tuple[OccurrenceState, ...], reminders: list[DueReminder]) -> None:
    keys = [r.key for r in reminders]
    assert len(keys) == len(set(keys)), "duplicate keys"
    per_day = [(r.subject, r.chat, r.at.date()) for r in reminders]
    assert len(per_day) == len(set(per_day)), "two reminders of one subject to one chat on one day"
    for r in reminders:
        assert CAL.is_working_day(r.at.date()), r
        assert OFFICE[0] <= r.at.time() <= OFFICE[1], r
        assert r.at.utcoffset() == timedelta(hours=7)
    by_id = {s.occurrence_id: s for s in states}
    for r in reminders:
        if r.occurrence_id is not None:
            done = by_id[r.occurrence_id].done_on
            assert done is None or r.at.date() <= done, r


def test_a_whole_year() -> None:
    reminders = run(*YEAR_STATES, report_dues=QUARTER_REPORTS)
    check_invariants(YEAR_STATES, reminders)
    holidays_2026 = {d(md) for md in ("01-01", "02-16", "02-17", "02-18", "02-19", "02-20", "04-27", "04-30")}
    holidays_2026 |= {d(md) for md in ("05-01", "08-31", "09-01", "09-02", "11-24")}
    assert not {r.at.date() for r in reminders} & holidays_2026
    dues = {(r.occurrence_id, r.at.date()) for r in reminders if r.kind == "due"}
    for s in YEAR_STATES:
        if s.due is not None and s.kind != "ongoing" and (s.done_on is None or s.done_on >= s.due):
            assert (s.occurrence_id, CAL.previous_working_day(s.due)) in dues, s
    all_kinds = {"before-7", "before-3", "before-1", "due", "opens", "overdue", "escalate", "digest", "meeting"}
    assert {r.kind for r in reminders} == all_kinds | {"report", "checkin", "nudge"}


CUTS = st.lists(
    st.one_of(
        st.integers(0, 430 * 1440),  # any minute from 1/1/2026 to early March 2027
        st.integers(0, 430).map(lambda day: day * 1440 + 8 * 60),  # exactly at send_at
    ),
    max_size=25,
)


def split_run(states: tuple[OccurrenceState, ...], cuts: list[int], **kw) -> list[DueReminder]:
    inside = sorted(min(YEAR_START + timedelta(minutes=m), YEAR_END) for m in cuts)
    instants = [YEAR_START, *inside, YEAR_END]
    found: list[DueReminder] = []
    for start, end in zip(instants, instants[1:], strict=False):
        found.extend(run(*states, start=start, end=end, **kw))
    return found


@settings(max_examples=60, deadline=None)
@given(cuts=CUTS)
def test_consecutive_windows_give_the_same_reminders_as_one(cuts: list[int]) -> None:
    whole = run(*YEAR_STATES, report_dues=QUARTER_REPORTS)
    assert split_run(YEAR_STATES, cuts, report_dues=QUARTER_REPORTS) == whole


DAYS_2026 = st.integers(0, 364).map(lambda n: date(2026, 1, 1) + timedelta(days=n))


@st.composite
def states(draw: st.DrawFn, occurrence_id: int) -> OccurrenceState:
    kind = draw(st.sampled_from(["deadline", "window", "recurring", "ongoing", "event"]))
    due = draw(st.none() | DAYS_2026) if kind in ("ongoing", "event") else draw(DAYS_2026)
    opens = draw(st.none() | DAYS_2026.filter(lambda o: due is None or o <= due))
    done = draw(st.none() | DAYS_2026)
    unit = draw(st.sampled_from(["hcc", "vp", "vhxh", "chutich"]))
    report = kind == "recurring" and draw(st.booleans())
    return OccurrenceState(occurrence_id, str(occurrence_id), unit, kind, opens, due, done, report)


@settings(max_examples=60, deadline=None)
@given(
    drawn=st.lists(st.integers(1, 10**6), min_size=1, max_size=6, unique=True).flatmap(
        lambda ids: st.tuples(*(states(i) for i in ids))
    ),
    cuts=CUTS,
)
def test_invariants_hold_for_any_states(drawn: tuple[OccurrenceState, ...], cuts: list[int]) -> None:
    whole = run(*drawn, report_dues=QUARTER_REPORTS)
    check_invariants(drawn, whole)
    assert split_run(drawn, cuts, report_dues=QUARTER_REPORTS) == whole
    dues = {(r.occurrence_id, r.at.date()) for r in whole if r.kind == "due"}
    for s in drawn:
        if s.due is None or s.kind == "ongoing":  # an ongoing period is checked in on, not counted down to
            continue
        due_day = CAL.previous_working_day(s.due)
        if due_day >= YEAR_START.date() and (s.done_on is None or s.done_on >= due_day):
            assert (s.occurrence_id, due_day) in dues


def overdue_by_hand(due: date, every: int, after: tuple[int, int]) -> list[tuple[str, date]]:
    """The overdue rule walked day by day, as an oracle for the arithmetic in plan_data.reminder_rules."""
    found, k, day = [], 0, due
    while day < date(due.year + 1, 1, 31):
        day += timedelta(days=1)
        if CAL.is_working_day(day):
            k += 1
            if (k - 1) % every == 0:
                found.append(("overdue", day))
            found.extend(("escalate", day) for n in after if k == 1 + n)
    return found


@settings(max_examples=80, deadline=None)
@given(due=DAYS_2026, every=st.integers(1, 7), after=st.tuples(st.integers(0, 10), st.integers(0, 30)), cuts=CUTS)
def test_overdue_and_escalation_match_a_day_by_day_walk(
    due: date, every: int, after: tuple[int, int], cuts: list[int]
) -> None:
    """However the time is cut into windows, each step comes once, on its day: never lost, never repeated."""
    policy = Policy(overdue_every_working_days=every, escalate_after_working_days=after)
    one = OccurrenceState(1, "1", "hcc", "deadline", None, due, None)
    reminders = split_run((one,), cuts, policy=policy)
    got = [(r.kind, r.at.date()) for r in reminders if r.kind in ("overdue", "escalate")]
    assert sorted(got) == sorted(overdue_by_hand(due, every, after))


# ---------------------------------------------------------------- after downtime


def test_latest_per_occurrence_keeps_the_newest_per_subject_and_chat() -> None:
    missed = run(state("03-31"), start=at8("03-20"), end=at8("04-10"))
    kept = latest_per_occurrence(missed)
    assert [(r.subject, r.kind, r.at.date().isoformat()[5:], r.chat) for r in kept] == [
        ("meeting", "meeting", "03-27", "vhxh"),
        ("occurrence:1", "escalate", "04-03", "vhxh"),  # a missed step is kept: the chat's only one of the task
        ("digest", "digest", "04-06", "chutich"),
        ("digest", "digest", "04-06", "vhxh"),
        ("occurrence:1", "escalate", "04-08", "chutich"),
        ("occurrence:1", "overdue", "04-09", "hcc"),
    ]


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(0, 430 * 1440), min_size=2, max_size=2))
def test_latest_per_occurrence_of_any_window(cuts: list[int]) -> None:
    start, end = (YEAR_START + timedelta(minutes=m) for m in sorted(cuts))
    missed = run(*YEAR_STATES, start=start, end=end, report_dues=QUARTER_REPORTS)
    kept = latest_per_occurrence(missed)
    assert {(r.subject, r.chat) for r in kept} == {(r.subject, r.chat) for r in missed}
    assert len(kept) == len({(r.subject, r.chat) for r in kept})
    for r in kept:
        assert r in missed
        assert r.at == max(m.at for m in missed if (m.subject, m.chat) == (r.subject, r.chat))
    assert latest_per_occurrence([]) == []


# ---------------------------------------------------------------- cost


class CountingCalendar(WorkCalendar):
    def __init__(self) -> None:
        super().__init__(years=[2025, 2026, 2027])
        self.calls = 0

    def is_working_day(self, d: date) -> bool:
        self.calls += 1
        return super().is_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        self.calls += 1
        return super().add_working_days(d, n)

    def working_days_between(self, start: date, end: date) -> int:
        self.calls += 1
        return super().working_days_between(start, end)


def calendar_calls(count: int) -> int:
    cal = CountingCalendar()
    many = [replace(s, occurrence_id=i) for i, s in enumerate(YEAR_STATES * (count // len(YEAR_STATES) + 1))]
    due_reminders(many[:count], YEAR_START, YEAR_END, POLICY, cal, QUARTER_REPORTS)
    return cal.calls


def test_cost_grows_with_the_occurrences_not_with_days_times_occurrences() -> None:
    fifty, hundred = calendar_calls(50), calendar_calls(100)
    assert hundred <= 2.2 * fifty  # linear in the states
    assert fifty < 50 * 120  # a few dozen calendar calls per occurrence, not one per day of the year


def test_an_event_dated_by_another_task_is_never_nudged_to_be_dated_by_hand() -> None:
    waiting = OccurrenceState(1, "KH-hcc", "hcc", "event", None, None, None, chained=True)
    assert not [r for r in run(waiting, end=datetime(2026, 12, 31, 18, tzinfo=VN)) if r.kind == "nudge"]
