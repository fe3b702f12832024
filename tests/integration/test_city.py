"""One deployment, many communes: the city's chat sees every commune of its city and changes nothing."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import openpyxl
from sqlalchemy import select

from bot.core.context import Incoming
from bot.core.service import respond
from plan_data.figures import plan_figures
from plan_data.importer import BUNDLED_PLAN, read_plan
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
    assert all(f"• {c}:" in overdue for c in COMMUNES) and "Đông Anh" not in overdue
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
            total = plan_figures(plan_tasks(session, pick_plan(session, commune)), NOW.date())[1].total
            assert rows[commune][2:10] == (total.done_on_time, total.done_late, total.in_progress, total.not_started,
                                           total.overdue, total.waiting, total.awaiting, total.total)
    assert rows["Tổng cộng"][2] == sum(rows[c][2] for c in COMMUNES)
