"""A whole year of the seed plan on a virtual clock (`nhacviec simulate`), checked as an officer would."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest

from plan_data.workdays import WorkCalendar
from tests.support.seeded import init_copy

CAL = WorkCalendar()


@pytest.fixture
def year(run, request):
    init_copy(request.getfixturevalue("cli_database"))  # what `nhacviec init` makes, copied
    schedule = json.loads(run("schedule", "--json").stdout)

    def simulate(*flags: str) -> list[dict]:
        out = run("simulate", "--from", "2026-01-01", "--to", "2026-12-31", "--json", *flags).stdout
        return [json.loads(line) for line in out.splitlines()]

    return schedule, simulate


def test_never_on_a_day_off_or_outside_office_hours(year) -> None:
    _, simulate = year
    messages = simulate()
    assert len(messages) > 1000
    for message in messages:
        at = datetime.fromisoformat(message["at"])
        assert at.utcoffset().total_seconds() == 7 * 3600
        assert CAL.is_working_day(at.date()), message
        assert time(7, 30) <= at.time() <= time(17, 30), message
    tet = [m for m in messages if date(2026, 2, 14) <= datetime.fromisoformat(m["at"]).date() <= date(2026, 2, 22)]
    assert tet == []


def test_every_dated_occurrence_is_reminded_on_its_day_or_the_working_day_before(year) -> None:
    schedule, simulate = year
    """A dated occurrence gets its "due" reminder; an ongoing task's period is asked for by its check-in in the
    week before the report it goes with (plan_data.reminder_rules), not by a "due" of its own."""
    due_days, checkins = defaultdict(set), defaultdict(set)
    for message in simulate():
        day = datetime.fromisoformat(message["at"]).date()
        if message["kind"] == "due":
            due_days[message["task"]].add(day)
        elif message["kind"] == "checkin":
            checkins[message["task"]].add(day)
    for row in schedule:
        for due in map(date.fromisoformat, row["due"]):
            if row["kind"] == "ongoing":
                assert any(timedelta(0) <= due - day <= timedelta(days=10) for day in checkins[row["task"]]), (
                    row["task"], due)
            else:
                assert CAL.previous_working_day(due) in due_days[row["task"]], (row["task"], due)


def test_nothing_after_done_and_escalation_follows_overdue(year) -> None:
    _, simulate = year
    done = simulate("--done-on-due")
    assert not [m for m in done if m["kind"] in ("overdue", "escalate")]
    assert {m["kind"] for m in done} >= {"before-7", "before-3", "before-1", "due", "opens", "report", "checkin",
                                         "nudge", "digest"}
    nagging = simulate()
    overdue = {(m["at"], m["task"]) for m in nagging if m["kind"] == "overdue"}
    escalations = [m for m in nagging if m["kind"] == "escalate"]
    assert escalations and all(m["chat"] in ("chutich", "vhxh") for m in escalations)
    assert all((m["at"], m["task"]) in overdue for m in escalations)
    first_overdue = {}
    for m in sorted(nagging, key=lambda m: m["at"]):
        if m["kind"] == "overdue":
            first_overdue.setdefault(m["task"], datetime.fromisoformat(m["at"]).date())
    for m in escalations:  # never before the 3rd overdue working day of that task
        day = datetime.fromisoformat(m["at"]).date()
        assert CAL.working_days_between(first_overdue[m["task"]], day) >= 2, m
