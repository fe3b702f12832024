"""As officers use it (issue 12): undo and reopen, history in words, short lists for the chairman, warnings
where a person wants one, the report a quarter just ended, and a unit plan dated by the commune plan."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.core.history import NOTE_SHOWN
from tests.conftest import VN
from tests.support.chat import seeded_chat


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def test_undo_says_which_change_it_undid(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "td 17 50%")
    undone = talk.text("hcc", "hoàn tác 17", at=now + timedelta(minutes=5))
    assert "đã hoàn tác «cập nhật tiến độ» 50%" in undone
    assert talk.occurrence("17").progress == 0


def test_reopen_on_an_open_task_changes_nothing_and_says_it_is_open(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "td 17 50%")  # two months later, someone types «mở lại 17» on a task still open
    answer = talk.text("hcc", "mở lại 17", at=now + timedelta(days=60))
    assert "đang mở, chưa báo xong" in answer and "hoàn tác 17" in answer
    assert talk.occurrence("17").progress == 50  # the progress update is still there


def test_reopen_reopens_a_done_task_and_can_itself_be_undone(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "td 17 40%")
    talk.text("hcc", "xong 17")
    reopened = talk.text("hcc", "mở lại 17", at=now + timedelta(hours=1))
    assert "đã mở lại" in reopened
    occurrence = talk.occurrence("17")
    assert (occurrence.status, occurrence.progress, occurrence.done_at) == ("open", 40, None)
    assert "«mở lại»" in talk.text("hcc", "hoàn tác 17", at=now + timedelta(hours=2))
    assert talk.occurrence("17").status == "done"


def test_history_is_sentences_with_the_percent_and_lateness(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "td 17 50%")
    talk.text("hcc", "xong 17 đã trình ký", at=at(date(2026, 4, 3)))  # due 31/03
    talk.text("hcc", "hoàn tác 17", at=at(date(2026, 4, 3), 10))
    detail = talk.text("hcc", "nv 17", at=at(date(2026, 4, 3), 11))
    history = detail.split("Lịch sử:")[1]
    assert "cập nhật tiến độ 50%" in history
    assert "báo xong (đã hoàn tác): đã trình ký · trễ 3 ngày so với hạn 31/03/2026" in history
    assert "hoàn tác «báo xong»" in history
    assert "#" not in history and "«done»" not in history and "(telegram)" not in history
    assert "(Telegram)" in history


def test_long_notes_are_cut_in_views_and_kept_whole(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    note = "đã nộp " + "rất dài " * 200
    talk.text("hcc", f"xong 17: {note}")
    detail = talk.text("hcc", "nv 17")
    line = next(line for line in detail.splitlines() if "báo xong" in line)
    assert "…" in line and len(line) < NOTE_SHOWN + 120
    assert talk.occurrence("17").note == note.strip()


def test_the_chairmans_list_fits_a_phone_and_the_whole_list_is_one_word_away(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    day = at(date(2026, 3, 20))
    short = talk.text("chutich", "việc", at=day)
    assert len(short) < 2500 and len(short.splitlines()) <= 25
    overdue_at = short.index("Quá hạn")
    assert overdue_at < short.index("Hạn trong 14 ngày") < short.rindex("… và ")
    assert "nhiệm vụ chờ sự kiện" in short and "việc tất cả" in short
    everything = talk.text("chutich", "việc tất cả", at=day)
    assert len(everything.splitlines()) > len(short.splitlines())
    assert "«việc tất cả»" not in everything
    assert "việc tất cả" not in talk.text("hcc", "việc", at=day)  # a unit's own list is short already


def test_extending_a_done_task_is_refused_with_the_way_out(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "xong 17")
    answer = talk.text("chutich", "gia hạn 17 30/4 chờ ý kiến")
    assert "đã hoàn thành ngày 02/03/2026; không gia hạn" in answer and "mở lại 17" in answer
    assert talk.occurrence("17").due == date(2026, 3, 31)


def test_xong_long_before_the_window_is_taken_with_a_word_that_it_is_early(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    answer = talk.text("dvsn", "xong 8", at=at(date(2026, 3, 5)))  # "Tháng 11"
    assert "đã ghi nhận hoàn thành" in answer
    assert "kỳ thực hiện bắt đầu từ 01/11/2026" in answer and "hoàn tác 8" in answer


def test_a_date_on_a_sunday_or_a_holiday_is_kept_with_a_warning(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    sunday = talk.text("vhxh", "hạn 7 22/3/2026")
    assert "22/03/2026 là Chủ nhật" in sunday
    holiday = talk.text("vhxh", "hạn 15 30/4/2026")
    assert "30/04/2026 là" in holiday and "không phải ngày làm việc" in holiday
    assert "Lưu ý" not in talk.text("vhxh", "hạn KH-vp 23/3/2026")


def test_xong_on_a_heading_says_it_closed_both_sub_items(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    answer = talk.text("vhxh", "xong 24")
    assert "NV 24.1" in answer and "NV 24.2" in answer and "gồm 24.1, 24.2: đã ghi nhận cả 2" in answer


def test_the_report_asked_for_just_after_a_quarter_is_that_quarter(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    reply = talk.say("vhxh", "báo cáo", at=at(date(2026, 4, 6)))
    assert reply.files[0].name == "bao-cao-cchc-nam-an-phu-q1-2026.xlsx" and "31/03/2026" in reply.text
    later = talk.say("vhxh", "báo cáo", at=at(date(2026, 5, 6)))
    assert later.files[0].name == "bao-cao-cchc-nam-an-phu-q2-2026.xlsx"


def test_unit_plans_are_dated_by_the_commune_plan_once_it_is_done(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    answer = talk.text("vhxh", "xong 1", at=at(date(2026, 1, 12)))
    assert re.search(r"KH-vp, KH-kt, KH-hcc, KH-dvsn chờ việc này nên nay có hạn 27/01/2026", answer)
    for code in ("vp", "kt", "hcc", "dvsn"):
        assert talk.occurrence(f"KH-{code}").due == date(2026, 1, 27)
    detail = talk.text("hcc", "nv KH-hcc", at=at(date(2026, 1, 12), 10))
    assert "theo NV 1 hoàn thành ngày 12/01/2026" in detail
    assert talk.occurrence("7").due is None  # "Khi thành phố tổ chức" waits for no task of the plan


def test_awaiting_confirmation_dates_nothing_until_confirmed(sessions, now) -> None:
    talk = seeded_chat(sessions, now, require_confirmation=True)
    talk.text("vhxh", "xong 1", at=at(date(2026, 1, 12)))  # the focal point's own «xong» is final
    assert talk.occurrence("KH-hcc").due == date(2026, 1, 27)


def test_with_confirmation_a_second_xong_takes_the_next_period_not_the_awaiting_one(sessions, now) -> None:
    talk = seeded_chat(sessions, now, require_confirmation=True)
    first = talk.text("hcc", "xong BC-hcc", at=at(date(2026, 3, 2)))  # Q1, due 04/03: awaiting
    assert "chờ đầu mối CCHC duyệt" in first
    again = talk.text("hcc", "xong BC-hcc", at=at(date(2026, 3, 3)))
    assert "các kỳ trước đã xong" in again or "đang chờ đầu mối CCHC duyệt" in again
    q1 = talk.occurrence("BC-hcc", 0)
    assert q1.status == "awaiting" and q1.done_at == at(date(2026, 3, 2))  # not re-dated, not made late
    progress = talk.text("hcc", "td 17 30%", at=at(date(2026, 3, 3)))
    assert "30%" in progress


def test_a_heading_note_only_when_both_sub_items_were_closed_now(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("vhxh", "xong 24.1")
    answer = talk.text("vhxh", "xong 24")
    assert "đã hoàn thành ngày" in answer and "đã ghi nhận cả 2" not in answer


def test_undoing_the_trigger_takes_back_the_dates_it_gave(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("vhxh", "xong 1", at=at(date(2026, 1, 12)))
    assert talk.occurrence("KH-kt").due == date(2026, 1, 27)
    undone = talk.text("vhxh", "hoàn tác 1", at=at(date(2026, 1, 12), 10))
    assert "KH-vp, KH-kt, KH-hcc, KH-dvsn lại chờ NV 1 xong" in undone
    assert talk.occurrence("KH-kt").due is None
    talk.text("vhxh", "xong 1", at=at(date(2026, 1, 14)))
    assert talk.occurrence("KH-kt").due == date(2026, 1, 29)  # done again: dated again, from the new day


def test_a_closed_event_task_gets_no_new_date(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("vhxh", "hạn 7 20/3/2026")
    talk.text("vhxh", "xong 7")
    assert "mở lại 7" in talk.text("vhxh", "hạn 7 30/4/2026")
    assert talk.occurrence("7").due == date(2026, 3, 20)


def test_the_short_list_shows_the_oldest_ten_overdue(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    short = talk.text("chutich", "việc", at=at(date(2026, 10, 20)))
    # every ongoing task's Q1 part is overdue too (nobody reported it: plan_data.periods), each counted once
    assert short.count("· quá hạn ") == 10 and "và 24 việc quá hạn khác (gõ «quá hạn»)" in short
