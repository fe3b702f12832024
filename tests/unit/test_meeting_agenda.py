"""The monthly meeting's agenda: which tasks it lists (plan_data.agenda.meeting_agenda, pure, on the seed plan
loaded into the in-memory store) and «báo cáo giao ban» in the chat (bot.core.reports), with no database."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from docx import Document
from sqlalchemy import Engine

from bot.core import texts
from bot.core.context import Incoming, Reply
from bot.core.service import handle, understood
from plan_data import assigned
from plan_data.agenda import meeting_agenda, next_month
from plan_data.lifecycle import State
from plan_data.light import Light, Risk, light_of
from plan_data.policy import Policy, meeting_day, work_calendar
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.status import Status, is_closed, status_of
from plan_data.zone import VN
from tests.support.memory_store import MemoryStore, Task

SPEC = read_plan(BUNDLED_PLAN)
CAL = work_calendar()
RISK = Risk(5, CAL, date(2026, 1, 1))  # the seed plan's amber rule: plan_data.light.risk_of, its defaults
MEETING = date(2026, 3, 27)  # the last Friday of March 2026
NOW = datetime(2026, 3, 27, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("asked for a database connection")

    monkeypatch.setattr(Engine, "connect", refused)


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    plan = store.load(SPEC, datetime(2026, 1, 1, tzinfo=VN))
    for code in ("vhxh", "kt", "chutich"):
        store.bind(plan, code, "telegram", f"chat-{code}")
    return store


def tasks(store: MemoryStore) -> list[Task]:
    return store.plans[0].tasks


def keys(lines) -> set[tuple[str, int]]:
    return {(line.task.number, line.occurrence.id) for line in lines}


MEETINGS_2026 = [meeting_day(Policy(), 2026, month) for month in range(1, 13)]


@pytest.mark.parametrize("day", MEETINGS_2026, ids=str)
def test_each_open_task_is_in_the_first_group_it_fits(store: MemoryStore, day: date) -> None:
    agenda = meeting_agenda(tasks(store), day, RISK)
    month_after = next_month(day)

    def light(line) -> Light:
        return light_of(line.occurrence, line.task.kind, day, RISK)

    assert all(status_of(line.occurrence, line.task.kind, day) is Status.OVERDUE for line in agenda.overdue)
    assert all(light(line) is Light.AMBER for line in agenda.at_risk)  # the one amber decision, plan_data.light
    assert all(line.occurrence.due.month == month_after.month and light(line) is Light.GREEN
               for line in agenda.due_next_month)
    groups = [keys(agenda.overdue), keys(agenda.at_risk), keys(agenda.due_next_month)]
    assert sum(map(len, groups)) == len(set().union(*groups))  # no task twice
    # every open occurrence overdue, amber, or due next month is in one of them
    wanted = {(t.number, o.id) for t in tasks(store) for o in t.occurrences
              if not o.retired and not is_closed(o) and o.due
              and (o.due < day or light_of(o, t.kind, day, RISK) is Light.AMBER
                   or (o.due.year, o.due.month) == (month_after.year, month_after.month))}
    assert wanted == set().union(*groups)
    dues = [line.occurrence.due for line in agenda.overdue]
    assert dues == sorted(dues)


def test_over_a_year_every_group_has_tasks_some_month(store: MemoryStore) -> None:
    agendas = [meeting_agenda(tasks(store), day, RISK) for day in MEETINGS_2026]
    assert all(any(getattr(a, group) for a in agendas) for group in ("overdue", "at_risk", "due_next_month"))


def test_a_task_done_is_not_on_the_agenda(store: MemoryStore) -> None:
    day = date(2026, 9, 25)
    before = meeting_agenda(tasks(store), day, RISK)
    finished = [before.overdue[0], before.at_risk[0], before.due_next_month[0]]
    for line in finished:
        line.occurrence.status, line.occurrence.done_at = State.DONE.value, NOW - timedelta(days=1)
    after = meeting_agenda(tasks(store), day, RISK)
    listed = keys(after.overdue) | keys(after.at_risk) | keys(after.due_next_month)
    assert not keys(finished) & listed


def test_progress_ahead_of_its_time_takes_a_task_off_the_amber_list(store: MemoryStore) -> None:
    """Amber is plan_data.light's decision: a task reported far enough along is not at risk, though as near."""
    amber = meeting_agenda(tasks(store), MEETING, RISK).at_risk
    assert amber
    amber[0].occurrence.progress = 100  # reported, not closed: in term and on track
    assert keys(amber[:1]).isdisjoint(keys(meeting_agenda(tasks(store), MEETING, RISK).at_risk))


def test_the_explanations_are_the_callers(store: MemoryStore) -> None:
    explained = meeting_agenda(tasks(store), MEETING, RISK,
                               explanation=lambda task, occurrence: "Chờ hướng dẫn của Sở" if task.number == "BC-kt"
                               else None)
    notes = {line.task.number: line.note for line in explained.overdue}
    assert notes["BC-kt"] == "Chờ hướng dẫn của Sở" and notes["BC-hcc"] == ""


@pytest.mark.parametrize(
    ("assigned_at", "listed"),
    [
        (datetime(2026, 3, 10, 9, 0, tzinfo=VN), True),  # this month
        (datetime(2026, 2, 28, 23, 30, tzinfo=VN), False),  # last month
        (datetime(2026, 3, 1, 0, 10, tzinfo=VN), True),  # the month's first minutes, local time
    ],
)
def test_tasks_assigned_this_month_come_with_their_source(store: MemoryStore, assigned_at, listed: bool) -> None:
    """A task assigned in the chat or from a directive (plan_data.assigned): Task.source "assigned", when, from
    which document."""
    task = tasks(store)[5]
    task.source, task.assigned_at, task.source_document = assigned.SOURCE, assigned_at, "CV 123/UBND-VP"
    agenda = meeting_agenda(tasks(store), MEETING, RISK)
    assert [(line.task.number, line.note) for line in agenda.assigned] == (
        [(task.number, "CV 123/UBND-VP")] if listed else [])


def test_a_plan_task_is_never_listed_as_assigned(store: MemoryStore) -> None:
    assert "assigned" not in {t.source for t in tasks(store)}  # the appendix, or where in the plan it came from
    assert meeting_agenda(tasks(store), MEETING, RISK).assigned == []


# ---------------------------------------------------------------- «báo cáo giao ban» in the chat


def say(store: MemoryStore, unit: str, text: str) -> Reply:
    command, incoming = understood(Incoming("telegram", f"chat-{unit}", f"user-{unit}", f"Cán bộ {unit}", text,
                                            message_id="7", addressed=True), NOW)
    reply = handle(command, incoming, NOW, store)
    assert reply is not None
    return reply


@pytest.mark.parametrize("text", ["báo cáo giao ban", "bao cao giao ban", "Báo cáo giao ban giúp em ạ",
                                  "/baocao giao ban", "bao cao giao ban nhe", "báo cáo giao ban nhé"])
@pytest.mark.parametrize("unit", ["vhxh", "chutich"])
def test_the_chairman_and_the_focal_point_get_the_agenda_on_demand(store: MemoryStore, text: str, unit: str) -> None:
    reply = say(store, unit, text)
    assert reply.text.startswith("📋 Chương trình giao ban CCHC tháng 3/2026, số liệu đến 27/03/2026")
    assert "27/03/2026 (Thứ Sáu)" in reply.text
    [file] = reply.files
    assert file.name == "giao-ban-cchc-nam-an-phu-20260327.docx"
    document = Document(io.BytesIO(file.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    overdue = meeting_agenda(tasks(store), MEETING, RISK).overdue
    assert f"NV {overdue[0].task.number}" in " ".join(cells)


def test_a_unit_is_told_who_may_ask_for_it(store: MemoryStore) -> None:
    reply = say(store, "kt", "báo cáo giao ban ạ")
    assert reply.files == () and reply.text == texts.OVERSEERS_ONLY.format(what="lấy báo cáo")
