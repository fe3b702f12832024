"""The year as officers live it (issue 23): what a season of use brought out, each as it was seen. Every view
reads the same occurrences: «quá hạn», «tổng hợp», the digest, the city, the workbook."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli.run import status_row
from bot.files.builders import report_file
from jobs.notices import digest
from plan_data.light import risk_of
from plan_data.zone import VN
from storage.loader import load_plan
from storage.models import Occurrence, Plan, Task
from storage.queries import pick_plan, plan_tasks
from tests.support.chat import BUNDLED_PLAN, Chat, read_plan, seeded_chat
from tests.support.seeded import seeded_sessions


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


SEEDED = at(date(2026, 1, 5))


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    """The seed plan with a chat for every unit (seeded_chat on 05/01): a copy of a database seeded once per
    worker, as seeding costs more than the copy. Each test talks in it through Chat(sessions, SEEDED)."""
    yield from seeded_sessions(request, database_kind, "season_chat", lambda made: seeded_chat(made, SEEDED))


def _occurrences(talk, number: str) -> list[tuple[str, str, bool]]:
    """(label, status, retired) of the task's occurrences, in order."""
    with talk.sessions.begin() as session:
        rows = session.scalars(select(Occurrence).join(Task).where(Task.number == number).order_by(Occurrence.seq))
        return [(o.label, o.status, o.retired) for o in rows]


def _states(talk, number: str) -> list[tuple[str, str]]:
    return [(label, status) for label, status, _retired in _occurrences(talk, number)]


def _q1_workbook(sessions):
    """The Q1 workbook as of its cut-off (14/03/2026)."""
    with sessions.begin() as session:
        return openpyxl.load_workbook(io.BytesIO(report_file(session, pick_plan(session), date(2026, 3, 14), 1).data))


def test_an_ongoing_task_is_reported_each_quarter_not_closed_for_the_year(sessions) -> None:
    """«xong 18» on 15/01 reports its first quarter; on 04/06 «xong 18» reports the second, and records it."""
    talk = Chat(sessions, SEEDED)
    assert "(Quý I/2026)" in talk.text("hcc", "xong 18", at=at(date(2026, 1, 15)))
    second = talk.text("hcc", "xong 18", at=at(date(2026, 6, 4)))
    assert "(Quý II/2026)" in second and "đã ghi nhận" in second and "15/01/2026" not in second
    assert _states(talk, "18")[:3] == [("Quý I/2026", "done"), ("Quý II/2026", "done"), ("Quý III/2026", "open")]


def test_the_second_quarters_workbook_says_how_the_second_quarter_went(sessions) -> None:
    talk = Chat(sessions, SEEDED)
    talk.text("hcc", "xong 18", at=at(date(2026, 2, 13)))  # its Q1 part, on time
    with sessions.begin() as session:
        book = openpyxl.load_workbook(io.BytesIO(report_file(session, pick_plan(session), date(2026, 6, 14), 2).data))
    rows = {r[0]: r for r in book["Nhiệm vụ"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["18"][1].endswith("(Quý II/2026)") and rows["18"][6] == "Quá hạn"  # Q2's part was never reported
    assert "13/02/2026" not in " ".join(str(c) for c in rows["18"] if c)


def _overdue_count(text: str) -> int:
    found = re.search(r"Quá hạn \(tính đến [^)]*\): (\d+) mục", text)
    return int(found[1]) if found else 0


def test_every_overdue_period_is_listed_and_every_view_counts_the_same(sessions) -> None:
    """On 05/06 BC-hcc's first two quarters are both overdue: «quá hạn» lists both on one line, and its count,
    the digest's, the city's and «tổng hợp»'s are one figure."""
    talk = Chat(sessions, SEEDED)
    day = date(2026, 6, 5)
    text = talk.text("chutich", "quá hạn", at=at(day))
    line = next(line for line in text.splitlines() if line.startswith("🔴 BC-hcc "))
    assert "Quý I/2026" in line and "Quý II/2026" in line
    with sessions.begin() as session:
        plan = pick_plan(session)
        items = [i for t in plan_tasks(session, plan) for i in status_row(t, day, 2026, risk_of(plan))["items"]]
        weekly = digest(session, plan, at(day)).text
    overdue = sum(1 for i in items if i["status"] == "overdue")
    assert _overdue_count(text) == overdue == _overdue_count(weekly)
    whole = next(line for line in talk.text("chutich", "tổng hợp", at=at(day)).splitlines()
                 if line.startswith("Cả kế hoạch"))
    assert re.search(rf"\) / {overdue}( \(\+|$)", whole)  # quá hạn: after «trong hạn (🟠 n)», before the asides


def test_an_undone_report_counts_nowhere_not_even_before_it_was_undone(sessions) -> None:
    talk = Chat(sessions, SEEDED)
    talk.text("vhxh", "xong 24", at=at(date(2026, 2, 10)))
    talk.text("vhxh", "hoàn tác 24.1", at=at(date(2026, 4, 20)))
    book = _q1_workbook(sessions)
    rows = {r[0]: r for r in book["Nhiệm vụ"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["24.1"][6] != "Đã hoàn thành" and rows["24.1"][7] is None
    assert rows["24.2"][6] == "Đã hoàn thành"  # its own «xong» stands


def test_the_workbooks_two_sheets_reconcile(sessions) -> None:
    """The task sheet's statuses, counted, are the summary sheet's figures."""
    talk = Chat(sessions, SEEDED)
    talk.text("hcc", "xong 18", at=at(date(2026, 2, 1)))
    talk.text("vhxh", "xong 1", at=at(date(2026, 2, 1)))
    book = _q1_workbook(sessions)
    statuses = [r[6] for r in book["Nhiệm vụ"].iter_rows(min_row=5, values_only=True) if r[0] and r[6]]
    total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
    overdue, amber = statuses.count("Quá hạn"), statuses.count("Trong hạn, có nguy cơ chậm")
    assert (total[5], total[4], total[3]) == (overdue, amber, statuses.count("Trong hạn") + amber)
    assert total[-1] == len(statuses)


def test_the_citys_overdue_line_counts_what_the_communes_own_summary_counts(sessions) -> None:
    """The city's «quá hạn» for a commune says as many as that commune's own «tổng hợp»."""
    talk = Chat(sessions, SEEDED)
    with sessions.begin() as session:
        plan = session.scalar(select(Plan))
        from storage.invites import bind_directly
        from storage.queries import unit_by_code

        bind_directly(session, unit_by_code(session, plan.id, "thanhpho"), "telegram", "chat-thanhpho", "tp",
                      at(date(2026, 1, 5)))
    day = date(2026, 6, 5)
    own = next(line for line in talk.text("chutich", "tổng hợp", at=at(day)).splitlines()
               if line.startswith("Cả kế hoạch")).split(":", 1)[1].split(" / ")
    city = next(line for line in talk.text("thanhpho", "quá hạn", at=at(day)).splitlines() if line.startswith("🔴 Nam"))
    assert int(re.search(r": (\d+) quá hạn", city)[1]) == int(own[3].split(" (")[0])  # the fourth: quá hạn


def test_a_number_with_several_parts_refused_says_so_once(sessions) -> None:
    """«xong 24» from a unit that leads none of 24's parts: one line naming the parts, not one per part."""
    talk = Chat(sessions, SEEDED)
    with sessions.begin() as session:
        tasks = plan_tasks(session, pick_plan(session))
        units = sorted({t.responsible.code for t in tasks})
        parents = {}
        for task in tasks:
            if "." in task.number and task.number.split(".")[0].isdigit():
                parents.setdefault(task.number.split(".")[0], []).append(task)
        cases = [(parent, [t.number for t in parts], {t.responsible.name for t in parts},
                  [u for u in units if all(t.responsible.code != u and u not in t.leads for t in parts)])
                 for parent, parts in parents.items() if len(parts) > 1]
    assert cases
    for parent, numbers, owners, strangers in cases:
        for unit in strangers:
            lines = talk.text(unit, f"xong {parent}", at=at(date(2026, 2, 3))).splitlines()
            assert len(lines) == len(owners) and all(", ".join(numbers) in line or "nhiệm vụ khác" in line
                                                     for line in lines), lines


def _live_labels(talk, number: str) -> list[str]:
    return [label for label, _status, retired in _occurrences(talk, number) if not retired]


def test_the_focal_point_closes_an_ongoing_task_as_a_whole_and_can_take_it_back(sessions) -> None:
    """«kết thúc 18» on 10/02: the quarters not begun are dropped (no reminder, counted nowhere), the one
    begun is still owed; a unit may not do it; «hoàn tác 18» brings every dropped quarter back."""
    talk = Chat(sessions, SEEDED)
    refused = talk.text("hcc", "kết thúc 18", at=at(date(2026, 2, 10)))
    assert "Chủ tịch UBND xã và đầu mối CCHC" in refused and len(_live_labels(talk, "18")) == 4
    ended = talk.text("vhxh", "kết thúc 18", at=at(date(2026, 2, 10)))
    assert "Quý II/2026, Quý III/2026, Quý IV/2026" in ended and "Quý I/2026 đã bắt đầu" in ended
    assert _live_labels(talk, "18") == ["Quý I/2026"]
    assert "(Quý I/2026)" in talk.text("hcc", "xong 18", at=at(date(2026, 2, 12)))
    assert "đã ghi nhận" not in talk.text("hcc", "xong 18", at=at(date(2026, 6, 4)))  # nothing left to report
    with sessions.begin() as session:
        plan = pick_plan(session)
        items = next(status_row(t, date(2026, 12, 31), 2026, risk_of(plan))["items"]
                     for t in plan_tasks(session, plan) if t.number == "18")
    assert [i["status"] for i in items] == ["done"]  # the year counts the quarter it had, done
    assert "không phải nhiệm vụ thường xuyên" in talk.text("vhxh", "kết thúc 17", at=at(date(2026, 2, 10)))
    with sessions.begin() as session:  # the plan imported again (a fix in another cell): what was ended stays so
        load_plan(session, read_plan(BUNDLED_PLAN), at(date(2026, 6, 1)))
    assert _live_labels(talk, "18") == ["Quý I/2026"]
    taken = talk.text("vhxh", "hoàn tác 18", at=at(date(2026, 6, 5)))
    assert "kết thúc nhiệm vụ" in taken
    assert _live_labels(talk, "18") == ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]
