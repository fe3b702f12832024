"""«giải trình» in the chat, on SQLite and PostgreSQL: the chairman (or the focal point) asks why an overdue task
is late, the lead unit's chat gets the request as a row of its own, the unit answers with its reason and a
proposed date, the answer is in the task's history and goes to the chairman; who may do which; what is asked
about instead of guessed; «hoàn tác»; the quarterly report's line of the task."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from docx import Document
from sqlalchemy import select, update

from jobs.planning import plan_ahead, plans_behind
from plan_data.zone import VN
from storage.models import Explanation, Plan, Reminder
from tests.support.chat import Chat, seeded_chat

MONDAY = datetime(2026, 4, 6, 9, 0, tzinfo=VN)  # task 17 (hcc) was due 31/03: overdue 6 days; 28 (kt) is due 31/05
ANSWER = "giai trinh 17: ly do cho huong dan cua thanh pho, de xuat han moi 30/4"


def _requests(talk: Chat) -> list[Explanation]:
    with talk.sessions.begin() as session:
        found = list(session.scalars(select(Explanation).order_by(Explanation.id)))
        session.expunge_all()
        return found


def _rows(talk: Chat, kind: str) -> list[Reminder]:
    with talk.sessions.begin() as session:
        found = list(session.scalars(select(Reminder).where(Reminder.kind == kind).order_by(Reminder.id)))
        session.expunge_all()
        return found


@pytest.fixture
def talk(sessions) -> Chat:
    return seeded_chat(sessions, MONDAY)


@pytest.mark.parametrize("asker, typed", [("chutich", "giải trình 17"), ("chutich", "giai trinh 17 a"),
                                          ("vhxh", "yêu cầu giải trình 17 nhé"), ("chutich", "/yeucaugiaitrinh 17")])
def test_a_request_is_recorded_and_written_for_the_units_chat(talk: Chat, asker: str, typed: str) -> None:
    reply = talk.text(asker, typed)
    assert "đã yêu cầu Trung tâm Phục vụ hành chính công giải trình (quá hạn 6 ngày)" in reply
    assert "hạn trả lời 09/04/2026 (Thứ Năm)" in reply  # three working days after Monday 06/04
    [request] = _requests(talk)
    assert (request.asked_by, request.asked_platform, request.asked_chat) == ("Nguyễn Văn A", "telegram",
                                                                              f"chat-{asker}")
    assert request.due == date(2026, 4, 9) and request.answered_at is None
    [row] = _rows(talk, "explain")
    assert (row.chat, row.state, row.due_at) == ("telegram:chat-hcc", "pending", MONDAY)
    assert "yêu cầu giải trình: NV 17" in row.text and "giải trình 17: lý do" in row.text
    assert "yêu cầu giải trình: hạn trả lời 09/04/2026" in talk.text("hcc", "nv 17")  # in the history


def test_the_units_answer_is_recorded_shown_in_the_history_and_sent_to_the_chairman(talk: Chat) -> None:
    talk.text("vhxh", "giải trình 17")  # the focal point asks: it hears the answer as well as the chairman
    reply = talk.text("hcc", ANSWER)
    assert "đã ghi nhận giải trình, đề xuất hạn mới 30/04/2026 và gửi Chủ tịch UBND xã" in reply
    [request] = _requests(talk)
    assert request.reason == "cho huong dan cua thanh pho" and request.proposed_due == date(2026, 4, 30)
    assert request.answered_by == "Nguyễn Văn A" and request.answered_chat == "chat-hcc"
    rows = _rows(talk, "explain-answer")
    assert {row.chat for row in rows} == {"telegram:chat-chutich", "telegram:chat-vhxh"}
    assert all("gia hạn 17 30/04/2026" in row.text and "cho huong dan cua thanh pho" in row.text for row in rows)
    history = talk.text("chutich", "nv 17")
    assert "giải trình: cho huong dan cua thanh pho; đề xuất hạn mới 30/04/2026" in history
    assert "30/04/2026 (Thứ Năm)" in talk.text("chutich", "gia hạn 17 30/4")  # accepted as today


@pytest.mark.parametrize("chat, typed, refusal", [
    ("hcc", "giải trình 17", "Chỉ Chủ tịch UBND xã và đầu mối CCHC yêu cầu giải trình"),
    ("kt", "yêu cầu giải trình 17", "Chỉ Chủ tịch UBND xã và đầu mối CCHC yêu cầu giải trình"),
    ("kt", "giải trình 17: thiếu người", "do Trung tâm Phục vụ hành chính công phụ trách"),
    ("chutich", "giải trình 17: thiếu người", "do Trung tâm Phục vụ hành chính công phụ trách"),
    ("vhxh", "giải trình 17: thiếu người", "do Trung tâm Phục vụ hành chính công phụ trách"),
])
def test_only_overseers_ask_and_only_the_tasks_unit_answers(talk: Chat, chat: str, typed: str, refusal: str) -> None:
    talk.text("chutich", "giải trình 17")
    assert refusal in talk.text(chat, typed)
    [request] = _requests(talk)
    assert request.answered_at is None and not _rows(talk, "explain-answer")


@pytest.mark.parametrize("typed, asked", [
    ("giải trình 17: thiếu người, đề xuất hạn mới abc", "Không hiểu hạn mới đề xuất «abc»"),
    ("giải trình 17: thiếu người, đề xuất hạn mới", "Không hiểu hạn mới đề xuất «…»"),
    ("giai trinh 17: thieu nguoi, de nghi gia han den 32/13", "Không hiểu hạn mới đề xuất «32/13»"),
    ("giải trình 17: thiếu người, đề xuất hạn mới 1/4/2026", "phải sau hôm nay"),
])
def test_a_proposed_date_that_is_not_a_date_is_asked_about_and_nothing_recorded(talk: Chat, typed: str,
                                                                                asked: str) -> None:
    talk.text("chutich", "giải trình 17")
    reply = talk.text("hcc", typed)
    assert asked in reply and "chưa ghi nhận giải trình" in reply and "ví dụ: giải trình 17: thi" in reply
    assert _requests(talk)[0].answered_at is None


def test_what_cannot_be_asked_says_why(talk: Chat) -> None:
    assert "không quá hạn (trong hạn) nên không cần giải trình" in talk.text("chutich", "giải trình 28")
    assert "chưa có yêu cầu giải trình nào đang chờ trả lời" in talk.text("hcc", ANSWER)
    talk.text("chutich", "giải trình 17")
    assert "đã yêu cầu giải trình ngày 06/04/2026" in talk.text("vhxh", "yêu cầu giải trình 17")
    talk.text("hcc", "xong 17")
    assert "không quá hạn" in talk.text("chutich", "giải trình 17", at=MONDAY.replace(hour=10))
    assert len(_requests(talk)) == 1


def test_undo_takes_back_an_answer_then_the_request(talk: Chat) -> None:
    talk.text("chutich", "giải trình 17")
    talk.text("hcc", ANSWER)
    assert "đã hoàn tác «giải trình»" in talk.text("hcc", "hoàn tác 17")
    [request] = _requests(talk)
    assert request.answered_at is None and request.reason == "" and not request.withdrawn
    assert {row.state for row in _rows(talk, "explain-answer")} == {"skipped"}  # not sent: it was taken back
    assert "đã ghi nhận giải trình" in talk.text("hcc", "giải trình 17: chờ ký")  # it waits again


def test_the_chairman_undoes_a_request_made_by_mistake(talk: Chat) -> None:
    talk.text("chutich", "giải trình 17")
    assert "đã hoàn tác «yêu cầu giải trình»" in talk.text("chutich", "hoàn tác 17")
    [request] = _requests(talk)
    assert request.withdrawn
    assert {row.state for row in _rows(talk, "explain")} == {"skipped"}
    assert "chưa có yêu cầu giải trình nào đang chờ trả lời" in talk.text("hcc", ANSWER)
    assert "đã yêu cầu" in talk.text("chutich", "giải trình 17")  # asked again, anew


def test_the_quarterly_report_lists_the_explanation_with_the_proposed_date(sessions) -> None:
    asked = datetime(2026, 6, 1, 9, 0, tzinfo=VN)
    talk = seeded_chat(sessions, asked)
    talk.text("chutich", "giải trình 17")
    talk.text("hcc", "giải trình 17: chờ hướng dẫn của thành phố, đề xuất hạn mới 30/6", at=asked.replace(day=2))
    reply = talk.say("chutich", "báo cáo quý 2", at=asked.replace(day=20))
    document = next(f for f in reply.files if f.name.endswith(".docx"))
    lines = [p.text for p in Document(io.BytesIO(document.data)).paragraphs]
    at = next(i for i, line in enumerate(lines) if line.startswith("- Nhiệm vụ 17 "))
    heading = next(line for line in reversed(lines[:at]) if re.match(r"[a-mđ]\) ", line))
    assert "Quá hạn, chưa hoàn thành" in heading  # the list of tasks not done on time
    line = lines[at]
    assert ("Giải trình của đơn vị (ngày 02/06/2026): chờ hướng dẫn của thành phố; đề xuất hạn mới 30/06/2026"
            in line)
    others = [line for line in lines if line.startswith("- Nhiệm vụ ") and not line.startswith("- Nhiệm vụ 17 ")]
    assert others and not any("Giải trình" in line for line in others)


def _plan_ahead(talk: Chat, now: datetime) -> None:
    plan_ahead(talk.sessions, plans_behind(talk.sessions, now), now)


def test_only_requests_unanswered_past_their_due_day_and_still_late_are_raised_once(talk: Chat) -> None:
    for number in ("17", "29", "KP-kt"):  # all three were due 31/03
        talk.text("chutich", f"giải trình {number}")
    talk.text("kt", "giải trình KP-kt: chờ Sở Tài chính, đề xuất hạn mới 30/4", at=MONDAY.replace(day=8))
    talk.text("hcc", "xong 17", at=MONDAY.replace(day=8))  # done late, without a word: nothing left to chase
    _plan_ahead(talk, datetime(2026, 4, 9, 0, 5, tzinfo=VN))  # Thursday: the answers are due today, not raised
    assert not _rows(talk, "explain-late")
    friday = datetime(2026, 4, 10, 0, 5, tzinfo=VN)
    _plan_ahead(talk, friday)
    [row] = _rows(talk, "explain-late")
    assert "Phòng Kinh tế chưa trả lời yêu cầu giải trình NV 29" in row.text and row.chat == "telegram:chat-chutich"
    assert row.due_at == datetime(2026, 4, 10, 8, 0, tzinfo=VN)
    with talk.sessions.begin() as session:  # the day planned again, as after a restart that lost its watermark
        session.execute(update(Plan).values(reminders_until=None))
    _plan_ahead(talk, friday)
    _plan_ahead(talk, datetime(2026, 4, 13, 0, 5, tzinfo=VN))
    assert len(_rows(talk, "explain-late")) == 1
    assert [r.raised_at for r in _requests(talk)] == [None, row.due_at, None]
