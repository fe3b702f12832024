"""The chat core against a real database: status changes, their audit trail, undo, dates, bindings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.cli.run import status_row
from bot.core.context import Incoming
from bot.core.service import respond
from plan_data.light import risk_of
from plan_data.zone import VN
from storage.invites import create_invite
from storage.models import ChatBinding, StatusChange
from storage.queries import pick_plan, plan_tasks, unit_by_code
from tests.support.chat import seeded_chat


def test_done_records_who_when_and_where_and_undo_restores(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    reply = talk.say("hcc", "xong 17 đã ban hành kế hoạch", user="Trần Thị B")
    assert "NV 17" in reply.text and "đúng hạn" in reply.text
    assert [b.command for b in reply.buttons] == ["hoàn tác 17 #77"]  # the change of this very message
    done = talk.occurrence("17")
    assert (done.status, done.progress, done.done_by, done.done_at) == ("done", 100, "Trần Thị B", now)
    with sessions.begin() as session:
        [change] = session.scalars(select(StatusChange)).all()
        assert (change.action, change.platform, change.user_id, change.user_name, change.chat_id, change.message_id) \
            == ("done", "telegram", "user-hcc", "Trần Thị B", "chat-hcc", "77")
        assert change.before["status"] == "open" and change.after["status"] == "done"
        assert change.note == "đã ban hành kế hoạch" and change.at == now
    later = now + timedelta(hours=1)
    assert "đã hoàn tác «báo xong» của Trần Thị B" in talk.text("hcc", "hoàn tác 17", at=later)
    undone = talk.occurrence("17")
    assert (undone.status, undone.progress, undone.done_by, undone.done_at) == ("open", 0, None, None)
    detail = talk.text("hcc", "17")
    assert "báo xong (đã hoàn tác): đã ban hành kế hoạch" in detail and "hoàn tác" in detail


def test_recurring_task_marks_its_current_occurrence(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("vhxh", "xong 3")  # 2 March: the Q1 report, due 4 March
    talk.text("vhxh", "xong 3", at=now + timedelta(days=100))  # mid-June, late for the Q2 report
    q1, q2, q3 = (talk.occurrence("3", seq) for seq in range(3))
    assert (q1.status, q2.status, q3.status) == ("done", "done", "open")
    with sessions.begin() as session:
        plan = pick_plan(session)
        task = next(t for t in plan_tasks(session, plan) if t.number == "3")
        row = status_row(task, date(2026, 6, 20), 2026, risk_of(plan))
    assert (row["status"], row["on_time"], row["light"]) == ("in-term", None, "green")  # Q3 is now current


def test_extension_keeps_the_original_deadline_for_on_time_counts(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    assert "hạn gốc 31/03/2026" in talk.text("chutich", "gia hạn 17 30/4 chờ hướng dẫn thành phố")
    assert "gia hạn đến" not in talk.text("chutich", "gia hạn 17 1/4")  # not later than the current due
    assert "trễ 10 ngày" in talk.text("hcc", "xong 17", at=datetime(2026, 4, 10, 9, tzinfo=VN))
    occurrence = talk.occurrence("17")
    assert (occurrence.planned_due, occurrence.due) == (date(2026, 3, 31), date(2026, 4, 30))


def test_event_task_gets_its_date_in_chat(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    assert "hạn 20/11/2026 (Thứ Sáu)" in talk.text("vhxh", "han 7 ngay 20 thang 11")
    assert talk.occurrence("7").due == date(2026, 11, 20)
    assert "đã có hạn theo kế hoạch" in talk.text("hcc", "hạn 17 20/11")
    assert "Không hiểu ngày" in talk.text("vhxh", "hạn 7 hôm nào đó")


def test_confirmation_mode_waits_for_the_focal_point(sessions, now) -> None:
    talk = seeded_chat(sessions, now, require_confirmation=True)
    assert "chờ đầu mối CCHC duyệt" in talk.text("hcc", "xong 17")
    with sessions.begin() as session:
        plan = pick_plan(session)
        task = next(t for t in plan_tasks(session, plan) if t.number == "17")
        assert status_row(task, now.date(), 2026, risk_of(plan))["status"] == "awaiting-confirmation"
    assert "Chỉ Chủ tịch" in talk.text("hcc", "duyệt 17")
    assert "đã duyệt hoàn thành" in talk.text("vhxh", "duyệt 17")
    assert talk.occurrence("17").status == "done"
    assert "đã ghi nhận hoàn thành" in talk.text("vhxh", "xong 2")  # the focal point does not wait for itself
    assert talk.occurrence("2").status == "done"


def test_several_tasks_ranges_and_sub_items(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    reply = talk.text("vp", "xong 10-12, 16")
    assert all(f"NV {n}" in reply for n in ("10", "11", "12", "16"))
    assert "không có nhiệm vụ 99" in talk.text("vp", "xong 99").lower()
    assert "24.1" in talk.text("vhxh", "xong 24") and talk.occurrence("24.2").status == "done"


def test_evidence_is_kept_with_the_change(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    evidence = {"type": "document", "file_id": "F1", "file_name": "ke-hoach.pdf"}
    talk.say("hcc", "xong 17 kèm kế hoạch", evidence=evidence)
    with sessions.begin() as session:
        assert session.scalar(select(StatusChange.evidence)) == evidence


def test_invite_code_binds_a_chat_once(sessions, now) -> None:
    seeded_chat(sessions, now)
    with sessions.begin() as session:
        code = create_invite(session, unit_by_code(session, pick_plan(session).id, "kt"), now).code

    def link(chat: str, text: str, at: datetime = now):
        return respond(Incoming("zalo", chat, "5", "Lê C", text, addressed=True), sessions, at).text

    assert "chưa được liên kết" in link("g1", "việc")
    assert "Đã liên kết nhóm này với Phòng Kinh tế" in link("g1", f"/lienket {code.lower()}")
    assert "Nhiệm vụ đang mở của Phòng Kinh tế" in link("g1", "việc")
    assert "đã dùng hoặc đã hết hạn" in link("g2", f"/lienket {code}")
    with sessions.begin() as session:
        late = create_invite(session, unit_by_code(session, pick_plan(session).id, "vp"), now).code
    assert "hết hạn" in link("g3", f"liên kết {late}", at=now + timedelta(days=7, seconds=1))
    with sessions.begin() as session:
        assert [b.chat_id for b in session.scalars(select(ChatBinding).where(ChatBinding.platform == "zalo"))] == ["g1"]


def test_unknown_command_names_the_closest(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    assert "«xong»" in talk.text("hcc", "xomg 17")
    assert "Thiếu số nhiệm vụ" in talk.text("hcc", "xong")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_no_message_crashes_the_core(sqlite_chat, text: str) -> None:
    reply = sqlite_chat.say("hcc", text)
    assert reply is None or reply.text.strip()


def test_a_unit_cannot_undo_the_chairmans_extension(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("chutich", "gia hạn 17 30/4 chờ hướng dẫn")
    refused = talk.text("hcc", "hoàn tác 17")  # «hoàn tác» takes back this chat's own changes only
    assert "nhóm này chưa thay đổi gì" in refused and "«gia hạn»" in refused
    assert talk.occurrence("17").due == date(2026, 4, 30)
    assert "đã hoàn tác «gia hạn»" in talk.text("chutich", "hoàn tác 17")
    assert talk.occurrence("17").due == date(2026, 3, 31)


def test_a_second_xong_does_not_mark_next_quarters_report(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    assert "đã ghi nhận hoàn thành" in talk.text("hcc", "xong BC-hcc")
    again = talk.text("hcc", "xong BC-hcc")  # a double tap on the ✅ button
    assert "bắt đầu từ 01/04/2026" in again
    assert (talk.occurrence("BC-hcc", 0).status, talk.occurrence("BC-hcc", 1).status) == ("done", "open")


def test_undo_takes_back_this_chats_own_newest_change_and_says_which(sessions, now) -> None:
    """«hoàn tác 1» in one chat never takes back a change another chat made later, on that task or another."""
    talk = seeded_chat(sessions, now)
    talk.text("vhxh", "xong 1")
    talk.text("chutich", "td 2 50%", at=now + timedelta(minutes=5))  # later, from another chat, another task
    undone = talk.text("vhxh", "hoàn tác 1", at=now + timedelta(minutes=10))
    assert "«báo xong»" in undone and talk.occurrence("1").status == "open"
    assert talk.occurrence("2").progress == 50


def test_the_history_names_what_each_undo_took_back_when_chats_interleave(sessions, now) -> None:
    """hcc sets 17's progress, the chairman extends 17 later, hcc takes back its own change: the history says the
    undo took back hcc's progress (its chat's newest), not the chairman's newer extension."""
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "td 17 30%")
    talk.text("chutich", "gia hạn 17 30/06/2026 chờ số liệu", at=now + timedelta(minutes=1))
    assert "tiến độ" in talk.text("hcc", "hoàn tác 17", at=now + timedelta(minutes=2))
    history = talk.text("hcc", "nv 17", at=now + timedelta(minutes=3))
    [line] = [line for line in history.splitlines() if ": hoàn tác" in line]
    assert "hoàn tác «cập nhật tiến độ» 30%" in line and "gia hạn" not in line, history


def test_the_undo_button_takes_back_exactly_the_change_it_came_with(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    first = talk.say("hcc", "xong 17", message_id="501")
    [button] = first.buttons
    assert button.command == "hoàn tác 17 #501"
    talk.say("hcc", "xong 18", at=now + timedelta(minutes=1), message_id="502")
    talk.say("hcc", "hoàn tác 18", at=now + timedelta(minutes=2), message_id="503")  # typed: this chat's newest
    talk.say("hcc", "td 19 30%", at=now + timedelta(minutes=3), message_id="504")
    taken = talk.say("hcc", button.command, at=now + timedelta(minutes=4), message_id="505").text  # the old tap
    assert "đã hoàn tác «báo xong»" in taken and talk.occurrence("17").status == "open"
    assert talk.occurrence("19").progress == 30 and talk.occurrence("18").status == "open"
    again = talk.say("hcc", button.command, at=now + timedelta(minutes=5), message_id="506").text
    assert "đã được hoàn tác rồi" in again  # a second tap takes back nothing else


def test_an_undo_puts_back_only_what_the_change_set(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "td 17 40%")
    talk.text("chutich", "gia hạn 17 30/4 chờ số liệu", at=now + timedelta(minutes=1))
    assert "đã hoàn tác" in talk.text("hcc", "hoàn tác 17", at=now + timedelta(minutes=2))
    occurrence = talk.occurrence("17")
    assert (occurrence.progress, occurrence.due) == (0, date(2026, 4, 30))  # the chairman's extension stands
