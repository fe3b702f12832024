"""A task assigned in the chat (issue 26, point 1), on SQLite and PostgreSQL: given by the chairman or the focal
point, then reported, undone and counted like any task of the plan — the summary, the workbook, the day's
reminders — and kept as it is when the yearly plan is imported again."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.files.builders import report_file
from jobs.engine import ReminderEngine
from plan_data import assigned
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.loader import load_plan
from storage.models import Occurrence, Reminder, Task
from storage.queries import pick_plan
from tests.conftest import VN
from tests.support.chat import seeded_chat

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=VN)  # a Tuesday
GIVEN = "giao kt: Báo cáo tình hình thu ngân sách quý IV, hạn 15/12/2026, theo CV 123/UBND-VP"


@pytest.fixture
def chat(sessions):
    return seeded_chat(sessions, NOW)


def _task(sessions, number: str) -> Task | None:
    with sessions.begin() as session:
        task = session.scalar(select(Task).where(Task.number == number))
        if task is not None:
            session.expunge(task)
        return task


def _tasks(sessions) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Task))


def _counted(reply_text: str) -> int:
    return int(re.search(r"Cả kế hoạch \((\d+) nhiệm vụ\)", reply_text)[1])


def _section_g(reply_text: str) -> list[int]:
    line = next(line for line in reply_text.splitlines() if line.startswith(f"G. {assigned.SECTION_TITLE}"))
    return [int(n) for n in re.findall(r"\d+", line.split(":", 1)[1])]


def test_assigned_then_reported_undone_and_counted_like_any_task(chat, sessions) -> None:
    before = _counted(chat.text("chutich", "tổng hợp"))
    reply = chat.text("chutich", GIVEN)
    assert "G1" in reply and "Phòng Kinh tế" in reply and "15/12/2026 (Thứ Ba)" in reply and "CV 123/UBND-VP" in reply
    task = _task(sessions, "G1")
    assert (task.source, task.section, task.source_document) == (assigned.SOURCE, assigned.SECTION, "CV 123/UBND-VP")
    assert (task.assigned_by, task.assigned_at, task.assigned_from) == ("Nguyễn Văn A", NOW, "telegram:chat-chutich")
    assert task.leads == ["kt"] and chat.occurrence("G1").due == date(2026, 12, 15)
    summary = chat.text("vhxh", "tổng hợp")
    assert _counted(summary) == before + 1 and _section_g(summary) == [0, 0, 1, 0, 0]  # đúng hạn / trễ / trong hạn (🟠 0) / quá hạn

    assert "hoàn thành" in chat.text("kt", "xong g1")
    assert chat.occurrence("G1").status == "done"
    assert _section_g(chat.text("chutich", "tổng hợp")) == [1, 0, 0, 0, 0]  # done on time
    assert "hoàn tác" in chat.text("kt", "hoàn tác G1")
    assert chat.occurrence("G1").status == "open"
    detail = chat.text("kt", "nv G1")
    assert "CV 123/UBND-VP" in detail and "Nguyễn Văn A" in detail


def test_the_workbook_lists_it_and_the_lead_is_told(chat, sessions) -> None:
    chat.text("vhxh", "giao vp: Rà soát TTHC, hạn Quý I/2027, phối hợp hcc, dvsn")
    with sessions.begin() as session:
        book = openpyxl.load_workbook(io.BytesIO(report_file(session, pick_plan(session), NOW.date(), None).data))
        notices = list(session.scalars(select(Reminder.text).where(Reminder.kind == "notice",
                                                                    Reminder.chat == "telegram:chat-vp")))
    rows = [row for row in book["Nhiệm vụ"].iter_rows(values_only=True) if "G1" in row]
    assert rows and any(cell == "Rà soát TTHC" for cell in rows[0])
    assert len(notices) == 1 and "G1" in notices[0] and "Phòng Văn hóa - Xã hội" in notices[0]


def test_only_the_chairman_and_the_focal_point_assign(chat, sessions) -> None:
    count = _tasks(sessions)
    for unit in ("kt", "hcc", "vp"):
        assert "Chỉ Chủ tịch UBND xã và đầu mối CCHC" in chat.text(unit, GIVEN)
    assert _tasks(sessions) == count
    assert "G1" in chat.text("vhxh", GIVEN) and "G2" in chat.text("chutich", GIVEN.replace("kt:", "hcc:"))


def test_an_unknown_unit_is_asked_and_nothing_is_added(chat, sessions) -> None:
    count = _tasks(sessions)
    reply = chat.text("chutich", "giao Phòng Tư pháp: Rà soát văn bản, hạn 15/12/2026")
    assert "«Phòng Tư pháp»" in reply and "kt (Phòng Kinh tế)" in reply
    assert _tasks(sessions) == count and _task(sessions, "G1") is None


def test_a_deadline_not_read_is_asked_at_once_and_set_with_han(chat, sessions) -> None:
    reply = chat.text("chutich", "giao kt: Kiểm tra hồ sơ, hạn khi có hướng dẫn của tỉnh nhé")
    assert "«hạn G1" in reply
    assert _task(sessions, "G1").kind in ("undated", "event") and chat.occurrence("G1").due is None
    assert "20/12/2026" in chat.text("vhxh", "hạn G1 20/12/2026")
    assert chat.occurrence("G1").due == date(2026, 12, 20)


def test_the_reminders_of_the_day_are_written_at_once(sessions) -> None:
    midnight = datetime.combine(NOW.date(), time(0, 0, 30), tzinfo=VN)
    chat = seeded_chat(sessions, midnight)
    ReminderEngine(sessions, lambda: midnight, {}).plan_ahead(midnight)  # the day written before the task existed
    chat.text("chutich", "giao kt: Nộp báo cáo thu ngân sách, hạn 01/12/2026", at=NOW.replace(hour=7))
    with sessions.begin() as session:
        kinds = list(session.scalars(select(Reminder.kind).join(Occurrence, Reminder.occurrence_id == Occurrence.id)
                                     .join(Task).where(Task.number == "G1", Reminder.chat == "telegram:chat-kt")))
    assert kinds == ["due"]


def test_importing_the_plan_again_keeps_assigned_tasks_their_numbers_and_history(chat, sessions) -> None:
    chat.text("chutich", GIVEN)
    chat.text("chutich", "giao hcc: Số hóa hồ sơ một cửa, hạn 20/12/2026")
    chat.text("kt", "xong G1")
    with sessions.begin() as session:
        summary = load_plan(session, read_plan(BUNDLED_PLAN), NOW)
    assert not {"G1", "G2"} & {*summary.retired, *summary.detached, *(old for old, _new in summary.renumbered)}
    with sessions.begin() as session:
        plan = pick_plan(session)
        given = list(session.scalars(select(Task).where(Task.source == assigned.SOURCE).order_by(Task.position)))
        last = session.scalar(select(func.max(Task.position)).where(Task.source != assigned.SOURCE))
        assert [t.number for t in given] == ["G1", "G2"] and not any(t.retired for t in given)
        assert all(t.position > last for t in given) and plan.sections[assigned.SECTION] == assigned.SECTION_TITLE
    assert chat.occurrence("G1").status == "done"
    assert "G3" in chat.text("chutich", "giao vp: Rà soát TTHC, hạn 30/12/2026")
