"""One deployment, many communes: the city's chat sees every commune of its city and changes nothing."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import openpyxl
from sqlalchemy import select, update

from bot.core import city, texts
from bot.core.commands import Board, Calendar, Help, Overdue, Report, RevokeBoard, Summary
from bot.core.context import Incoming
from bot.core.service import respond
from plan_data.agenda import overdue_items
from plan_data.figures import Period, plan_figures
from plan_data.light import risk_of
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Occurrence, Plan, Task
from storage.queries import pick_plan, plan_tasks, unit_by_code
from tests.conftest import VN

NOW = datetime(2026, 4, 15, 9, tzinfo=VN)
COMMUNES = ("An Lão", "Nam An Phụ", "Tiên Lãng")


def seed_city(sessions) -> None:
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        for commune in COMMUNES:
            plan_id = load_plan(session, spec.for_commune(commune), NOW).plan_id
            bind_directly(session, unit_by_code(session, plan_id, "hcc"), "zalo", f"hcc-{commune}", "", NOW)
        other = load_plan(session, replace(spec.for_commune("Đông Anh"), province="Hà Nội"), NOW).plan_id
        bind_directly(session, unit_by_code(session, other, "hcc"), "zalo", "hcc-Đông Anh", "", NOW)
        city = unit_by_code(session, pick_plan(session, "Nam An Phụ").id, "thanhpho")
        bind_directly(session, city, "telegram", "city", "Sở Nội vụ", NOW)


def say(sessions, chat: str, text: str, platform: str = "telegram"):
    return respond(Incoming(platform, chat, "1", "Cán bộ", text, addressed=True), sessions, NOW)


def test_city_sees_every_commune_of_its_city_and_changes_nothing(sessions) -> None:
    seed_city(sessions)
    assert "đã ghi nhận hoàn thành" in say(sessions, "hcc-An Lão", "xong 17", "zalo").text
    overdue = say(sessions, "city", "quá hạn").text
    assert all(f"🔴 {c}:" in overdue for c in COMMUNES) and "Đông Anh" not in overdue
    summary = say(sessions, "city", "tổng hợp").text
    assert "3 xã, Hải Phòng" in summary and summary.count("• ") == 3
    assert "chỉ xem được" in say(sessions, "city", "xong 17").text
    done = select(Plan.commune).join(Task, Task.plan_id == Plan.id).join(Occurrence).where(Occurrence.status == "done")
    with sessions.begin() as session:
        assert session.scalars(done).all() == ["An Lão"]  # only the commune's own "xong" changed anything


def test_city_report_has_a_row_per_commune_with_the_same_figures(sessions) -> None:
    seed_city(sessions)
    say(sessions, "hcc-Tiên Lãng", "xong 17", "zalo")
    reply = say(sessions, "city", "báo cáo")
    [file] = reply.files
    sheet = openpyxl.load_workbook(io.BytesIO(file.data))["Các xã"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]}
    assert sorted(set(rows) - {"Tổng cộng"}) == sorted(COMMUNES)
    with sessions.begin() as session:
        for commune in COMMUNES:
            plan = pick_plan(session, commune)
            total = plan_figures(plan_tasks(session, plan), NOW.date(), risk=risk_of(plan))[1].total
            assert rows[commune][2:10] == (total.done_on_time, total.done_late, total.in_term, total.at_risk,
                                           total.overdue, total.awaiting, total.waiting, total.total)
    assert rows["Tổng cộng"][2] == sum(rows[c][2] for c in COMMUNES)


# Every view the city's chat has, typed as an officer types it; a view added to city.HANDLERS fails the test
# below until it is typed here too.
CITY_WORDS = {Overdue: "quá hạn", Summary: "tổng hợp", Report: "báo cáo", Help: "hướng dẫn", Board: "bảng",
              RevokeBoard: "thu hồi bảng", Calendar: "lịch"}
EARLY = datetime(2026, 1, 5, 9, tzinfo=VN)  # before the first deadline of the year: nothing overdue anywhere
LATE = datetime(2027, 1, 20, 9, tzinfo=VN)  # the year over and nothing done: everything with a date overdue


def city_says(sessions, text: str, at: datetime):
    reply = respond(Incoming("telegram", "city", "1", "Sở Nội vụ", text, addressed=True), sessions, at)
    assert reply is not None and reply.text != texts.ERROR_REPLY, text
    return reply


def test_every_city_view_is_typed_here() -> None:
    assert set(CITY_WORDS) == set(city.HANDLERS)


def test_city_views_with_nothing_overdue(sessions) -> None:
    seed_city(sessions)
    replies = {word: city_says(sessions, word, EARLY) for word in CITY_WORDS.values()}
    assert replies["quá hạn"].text == texts.CITY_NOTHING_OVERDUE.format(province="Hải Phòng", count=3,
                                                                         today="05/01/2026")
    assert replies["tổng hợp"].text.count("• ") == 3 and "3 xã, Hải Phòng" in replies["tổng hợp"].text
    [file] = replies["báo cáo"].files
    assert _workbook_rows(file)["Tổng cộng"][6] == 0  # the overdue column
    assert "chỉ xem được" in city_says(sessions, "việc", EARLY).text


def test_city_views_with_everything_overdue(sessions) -> None:
    seed_city(sessions)
    replies = {word: city_says(sessions, word, LATE) for word in CITY_WORDS.values()}
    rows = _workbook_rows(replies["báo cáo"].files[0])
    with sessions.begin() as session:
        for commune in COMMUNES:
            plan = pick_plan(session, commune)
            tasks = plan_tasks(session, plan)
            late = len(overdue_items(tasks, LATE.date(), risk_of(plan)))
            assert f"🔴 {commune}: {late} quá hạn" in replies["quá hạn"].text
            total = plan_figures(tasks, LATE.date(), Period.year(2026), risk=risk_of(plan))[1].total
            assert total.overdue and total.done_on_time == total.done_late == total.in_term == total.at_risk == 0
            assert rows[commune][6] == total.overdue
    assert replies["quá hạn"].text.startswith("🔴 Quá hạn ở các xã của Hải Phòng (đến 20/01/2027)")


def test_city_views_with_no_commune_at_all(sessions) -> None:
    """The city's chat bound in a plan whose tasks were all retired: no commune follows a plan."""
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        plan_id = load_plan(session, spec.for_commune("Nam An Phụ"), NOW).plan_id
        bind_directly(session, unit_by_code(session, plan_id, "thanhpho"), "telegram", "city", "Sở Nội vụ", NOW)
        session.execute(update(Task).where(Task.plan_id == plan_id).values(retired=True))
    nobody = texts.CITY_NO_COMMUNE.format(province="Hải Phòng", year=2026)
    for word in ("quá hạn", "tổng hợp", "báo cáo"):
        reply = city_says(sessions, word, NOW)
        assert reply.text == nobody and not reply.files, word
    assert "cấp thành phố" in city_says(sessions, "hướng dẫn", NOW).text


def _workbook_rows(file) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(file.data))["Các xã"]
    return {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]}
