"""A plan with open points, from its file to the chat: nothing is refused for one cell, nothing is guessed, and
what was left open reaches the person who can close it (issue 22)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.main import main as nhacviec
from jobs.due import reminders_between
from plan_data.readers.importer import read_plan
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.migrate import upgrade
from storage.models import Occurrence, Reminder, StatusChange, Task
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import Chat
from tests.support.hand_typed import UNREAD, write_docx

DECEMBER = datetime(2026, 12, 1, 9, 0, tzinfo=VN)


@pytest.fixture
def ward(tmp_path: Path):
    return read_plan(write_docx(tmp_path / "ke-hoach.docx"))


def test_the_hand_typed_ward_plan_reads_whole_with_its_open_points_named(ward) -> None:
    tasks = {t.number: t for t in ward.tasks}
    assert sorted(tasks) == [str(n) for n in range(1, 8)] and ward.year == 2026 and ward.commune == "Hải An"
    units = {u.code: u for u in ward.units}
    assert units["kthtdt"].name == "Phòng Kinh tế, Hạ tầng và Đô thị"  # a comma of its own, kept
    assert set(tasks["3"].coordinators) == {"kthtdt", "vhxh"}  # two units on two lines, never glued
    assert [t for t in tasks if tasks[t].undated] == list(UNREAD)
    warned = {w.task: w.message for w in ward.warnings}
    assert set(warned) == set(UNREAD) and all("chưa hiểu" in m for m in warned.values())
    assert tasks["5"].schedule.state == "done"
    [proposed] = [u for u in ward.units if u.proposed]
    assert proposed.name == "Đoàn Thanh niên phường" and tasks["4"].leads == (proposed.code,)
    assert ward.sections == {"I": "Công tác chỉ đạo, điều hành", "II": "Cải cách thủ tục hành chính",
                             "III": "Xây dựng chính quyền số"}


def _loaded(sessions, spec, now: datetime) -> Chat:
    with sessions.begin() as session:
        load_plan(session, replace(spec, units=tuple(replace(u, proposed=False) for u in spec.units)), now)
        plan = pick_plan(session)
        for code in ("vhxh", "vp", "hcc", "chutich"):
            bind_directly(session, unit_by_code(session, plan.id, code), "telegram", f"chat-{code}", code, now)
    return Chat(sessions, now)


def _reminded_tasks(sessions, start: datetime, end: datetime) -> set[str]:
    with sessions.begin() as session:
        plan = pick_plan(session)
        return {r.task for r in reminders_between(session, [(plan, start, end)])[plan.id]}


def test_undated_tasks_wait_for_the_chat_and_are_reminded_only_once_dated(sessions, ward) -> None:
    talk = _loaded(sessions, ward, DECEMBER)
    month = (DECEMBER, datetime(2026, 12, 31, 18, 0, tzinfo=VN))
    assert not set(UNREAD) & _reminded_tasks(sessions, *month)
    listed = talk.text("vhxh", "việc tất cả")
    assert listed.count("chưa rõ thời hạn") == len(UNREAD)
    assert "hạn 15/12/2026" in talk.text("vhxh", "hạn 7 15/12/2026")
    assert "7" in _reminded_tasks(sessions, *month) and "4" not in _reminded_tasks(sessions, *month)
    with sessions.begin() as session:
        dated = session.scalar(select(Occurrence).join(Task).where(Task.number == "7"))
        assert (dated.due.isoformat(), dated.planned_due.isoformat(), dated.date_set_in_chat) == (
            "2026-12-15", "2026-12-15", True)


def test_a_task_the_plan_says_is_done_is_done_by_the_import_and_can_be_undone(sessions, ward) -> None:
    talk = _loaded(sessions, ward, DECEMBER)
    with sessions.begin() as session:
        done = session.scalar(select(Occurrence).join(Task).where(Task.number == "5"))
        [change] = session.scalars(select(StatusChange).where(StatusChange.occurrence_id == done.id)).all()
        assert (done.status, done.note, change.user_name, change.platform) == (
            "done", "Đã ban hành", "Nạp kế hoạch", "cli")
    # «hoàn tác» takes back this chat's own changes: the import's is another's, and the reply says how to reopen
    assert "«mở lại 5»" in talk.text("vhxh", "hoàn tác 5") and talk.occurrence("5").status == "done"
    assert "đã mở lại" in talk.text("vhxh", "mở lại 5")
    assert talk.occurrence("5").status == "open"


def test_the_focal_point_hears_which_tasks_wait_for_a_date_after_import(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'ward.db'}"
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", url)
    plan = write_docx(tmp_path / "ke-hoach.docx")
    assert nhacviec(["plan", "import", str(plan), "--accept-units", "--no-backup"], clock=lambda: DECEMBER) == 0
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        bind_directly(session, unit_by_code(session, pick_plan(session).id, "vhxh"), "zalo", "focal", "vhxh",
                      DECEMBER)
    assert nhacviec(["plan", "import", str(plan), "--accept-units", "--no-backup"], clock=lambda: DECEMBER) == 0
    with sessions.begin() as session:
        [notice] = session.scalars(select(Reminder).where(Reminder.kind == "notice")).all()
        assert notice.chat == "zalo:focal" and notice.state == "pending"
        assert "2 nhiệm vụ chưa rõ thời hạn" in notice.text
        assert all(f"• {n} «" in notice.text for n in UNREAD) and "hạn 4 30/6/2026" in notice.text
    engine.dispose()
