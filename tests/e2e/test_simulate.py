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
    escalations = [m for m in nagging if m["kind"] == "escalate"]
    assert {m["chat"] for m in escalations} == {"chutich", "vhxh"}
    overdue_days = defaultdict(set)  # task -> the days it was nagged: each occurrence's day 0 among them
    for m in nagging:
        if m["kind"] == "overdue":
            overdue_days[m["task"]].add(datetime.fromisoformat(m["at"]).date())
    for m in escalations:  # the focal point 2 working days after a day 0 of that task, the chairman 5
        day, after = datetime.fromisoformat(m["at"]).date(), {"vhxh": 2, "chutich": 5}[m["chat"]]
        assert any(CAL.add_working_days(start, after) == day for start in overdue_days[m["task"]]), m
    schedule, _ = year
    periods = {row["task"]: len(row["due"]) for row in schedule}
    steps = defaultdict(int)
    for m in escalations:
        steps[(m["task"], m["chat"])] += 1
    assert all(count <= periods[task] for (task, _), count in steps.items())  # once per occurrence at most


def test_a_month_shows_each_escalation_step_and_the_meeting_on_their_days(run, request) -> None:
    """March 2026 as the focal point reads it: the quarterly reports due on Wednesday 4/3 are overdue from
    Thursday 5/3 (day 0); the focal point hears of each on Monday 9/3, the chairman on Thursday 12/3, with
    how to ask for an explanation; the meeting's agenda comes on the last Friday, 27/3, with its file."""
    init_copy(request.getfixturevalue("cli_database"))
    rows = [json.loads(line) for line in
            run("simulate", "--from", "01/03/2026", "--to", "31/03/2026", "--json").stdout.splitlines()]
    due = date(2026, 3, 4)
    reports = {m["task"] for m in rows if m["kind"] == "overdue" and m["task"].startswith("BC-")}
    assert reports
    for task in reports:
        steps = sorted((m["at"][:10], m["chat"]) for m in rows if m["kind"] == "escalate" and m["task"] == task)
        assert steps == [(CAL.add_working_days(due, 1 + 2).isoformat(), "vhxh"),
                         (CAL.add_working_days(due, 1 + 5).isoformat(), "chutich")], task
    assert [(m["at"][:10], m["chat"]) for m in rows if m["kind"] == "meeting"] == [("2026-03-27", "vhxh")]
    text = run("simulate", "--from", "01/03/2026", "--to", "31/03/2026").stdout
    to_chairman = text.split("→ chutich\n")
    assert any("giải trình BC-hcc" in part.split("\n")[0] for part in to_chairman[1:])
    meeting = text[text.index("📋 Giao ban CCHC tháng 3/2026"):]
    assert "27/03/2026 (Thứ Sáu)" in meeting.split("\n")[0]
    assert "📎" in meeting.split("\n")[1] and "giao-ban-cchc-nam-an-phu-20260327.docx" in meeting.split("\n")[1]
