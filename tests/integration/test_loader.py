"""Loading plans into SQLite and PostgreSQL: all or nothing, and reloading never loses a status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from plan_data.grammar.frame import parse_timeframe
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.loader import load_plan
from storage.models import Occurrence, Plan, StatusChange, Task
from storage.queries import pick_plan, plan_tasks


def _occurrence(session, number: str, seq: int = 0) -> Occurrence:
    return session.scalar(select(Occurrence).join(Task).where(Task.number == number, Occurrence.seq == seq))


def test_seed_loads_every_task_and_occurrence(sessions, now) -> None:
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        summary = load_plan(session, spec, now)
    assert len(summary.created) == len(spec.tasks) == 45
    with sessions.begin() as session:
        plan = pick_plan(session)
        tasks = plan_tasks(session, plan)
        assert [t.number for t in tasks] == [t.number for t in spec.tasks]
        by_number = {t.number: t for t in tasks}
        assert [o.due for o in by_number["3"].occurrences] == [date(2026, m, 4) for m in (3, 6, 9, 12)]
        assert [o.label for o in by_number["3"].occurrences][0] == "Quý I/2026"
        assert by_number["5"].responsible.code == "vhxh" and by_number["5"].leads == ["snv", "syt", "sgddt"]
        assert plan.imported_at == now


def test_reimport_updates_texts_and_dates_and_keeps_status_and_history(sessions, now) -> None:
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        load_plan(session, spec, now)
    with sessions.begin() as session:
        occurrence = _occurrence(session, "17")
        occurrence.status, occurrence.progress, occurrence.done_at, occurrence.done_by = "done", 100, now, "An"
        session.add(StatusChange(occurrence=occurrence, at=now, action="done", platform="telegram", user_id="42",
                                 user_name="An", chat_id="-100", message_id="7", before={"status": "open"},
                                 after={"status": "done"}))
        extended = _occurrence(session, "2")
        extended.due = date(2026, 7, 15)  # "gia hạn 2 15/7": later than the amended plan's 30/6
        superseded = _occurrence(session, "17")
        superseded.due = date(2026, 4, 15)  # "gia hạn 17 15/4": the amended plan's 30/6 is later still
    edited = tuple(
        replace(t, content=t.content + " (sửa)", time_expression="Quý II/2026", schedule=parse_timeframe("Quý II/2026", 2026))
        if t.number in ("17", "2") else t
        for t in spec.tasks if t.number != "35"
    )
    with sessions.begin() as session:
        summary = load_plan(session, replace(spec, tasks=edited), now + timedelta(days=1))
    assert sorted(summary.updated) == ["17", "2"] and summary.retired == ["35"] and not summary.created
    with sessions.begin() as session:
        occurrence = _occurrence(session, "17")
        assert occurrence.task.content.endswith("(sửa)")
        assert (occurrence.status, occurrence.progress, occurrence.done_by) == ("done", 100, "An")
        assert occurrence.planned_due == occurrence.due == date(2026, 6, 30)  # the extension was overtaken
        assert [c.action for c in occurrence.changes] == ["done"]
        extended = _occurrence(session, "2")
        assert (extended.planned_due, extended.due) == (date(2026, 6, 30), date(2026, 7, 15))
        retired = session.scalar(select(Task).where(Task.number == "35"))
        assert retired.retired and retired.occurrences
        assert "35" not in [t.number for t in plan_tasks(session, pick_plan(session))]


def test_a_failed_load_writes_nothing(sessions, now) -> None:
    spec = read_plan(BUNDLED_PLAN)
    broken = replace(spec, tasks=(*spec.tasks, replace(spec.tasks[0], responsible="khong-co")))
    with pytest.raises(KeyError), sessions.begin() as session:
        load_plan(session, broken, now)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 0
        assert session.scalar(select(func.count()).select_from(Task)) == 0


def test_two_communes_live_side_by_side(sessions, now) -> None:
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        load_plan(session, spec, now)
        load_plan(session, replace(spec, commune="An Lão"), now)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == 2 * len(spec.tasks)
        assert pick_plan(session, "an lão").commune == "An Lão"


def test_a_number_a_retired_task_held_goes_to_the_task_that_now_has_it(sessions, now) -> None:
    """Task 2 moved up to 1 and task 1 dropped: the moved task takes the number, the dropped one keeps its
    history under another."""
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        load_plan(session, spec, now)
    first, second = spec.tasks[0], spec.tasks[1]
    moved = (replace(second, number=first.number), *spec.tasks[2:])
    with sessions.begin() as session:
        summary = load_plan(session, replace(spec, tasks=moved), now + timedelta(days=1))
    assert summary.renumbered == [(second.number, first.number)] and summary.retired == [first.number]
    with sessions.begin() as session:
        numbers = {t.content: (t.number, t.retired) for t in session.scalars(select(Task))}
    assert numbers[second.content] == (first.number, False)
    assert numbers[first.content][1] and numbers[first.content][0].startswith(f"{first.number}~")


def test_event_tasks_keep_the_task_whose_completion_dates_them(sessions, now) -> None:
    with sessions.begin() as session:
        load_plan(session, read_plan(BUNDLED_PLAN), now)
    with sessions.begin() as session:
        triggers = {t.number: t.trigger for t in plan_tasks(session, pick_plan(session)) if t.kind == "event"}
    assert triggers["KH-hcc"] == "1" and triggers["7"] == ""  # "Khi thành phố tổ chức" waits for no task


def test_an_ongoing_task_has_an_occurrence_a_quarter_due_with_that_quarters_reports(sessions, now) -> None:
    with sessions.begin() as session:
        load_plan(session, read_plan(BUNDLED_PLAN), now)
    with sessions.begin() as session:
        task = next(t for t in plan_tasks(session, pick_plan(session)) if t.number == "18")
        assert [(o.label, o.opens, o.due) for o in task.occurrences] == [
            ("Quý I/2026", date(2026, 1, 1), date(2026, 3, 4)), ("Quý II/2026", date(2026, 3, 5), date(2026, 6, 4)),
            ("Quý III/2026", date(2026, 6, 5), date(2026, 9, 4)), ("Quý IV/2026", date(2026, 9, 5), date(2026, 12, 4))]
