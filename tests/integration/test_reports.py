"""The chart, the quarterly workbook and the calendar, opened with their own libraries and checked
against a database in a known state."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import matplotlib.image
import openpyxl
import pytest
from icalendar import Calendar

from bot.files.builders import calendar_file, report_file
from plan_data.figures import Period, plan_figures
from plan_data.light import risk_of
from storage.queries import pick_plan, plan_tasks
from tests.conftest import VN
from tests.support.chat import seeded_chat

AS_OF = date(2026, 4, 15)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@pytest.fixture
def known(sessions):
    """A plan where each status appears: done on time and late, in progress, overdue, waiting."""
    talk = seeded_chat(sessions, at(date(2026, 1, 5)))
    talk.text("hcc", "xong 17 đã ban hành kế hoạch", at=at(date(2026, 3, 20)))  # on time (due 31/03)
    talk.text("kt", "xong 29", at=at(date(2026, 4, 10)))  # late (due 31/03)
    talk.text("hcc", "td 18 40% đang cập nhật", at=at(date(2026, 4, 1)))
    talk.text("vhxh", "xong 1", at=at(date(2026, 1, 10)))  # on time (due 14/01)
    talk.text("vp", "xong 15", at=at(date(2026, 5, 2)))  # after the cut-off: not done on 15/04
    talk.text("vhxh", "gia hạn 2 30/5 chờ hướng dẫn", at=at(date(2026, 4, 20)))  # after the cut-off
    talk.text("hcc", "td 18 90%", at=at(date(2026, 4, 20)))  # after the cut-off
    talk.say("dvsn", "xong BC-dvsn kèm báo cáo", at=at(date(2026, 3, 3)),
             evidence={"type": "document", "file_id": "F9", "file_name": "bc-quy1.docx"})
    return talk


def _chat_totals(text: str) -> list[int]:
    line = next(line for line in text.splitlines() if line.startswith("Cả kế hoạch"))
    return [int(n) for n in re.findall(r"\d+", line.split(":", 1)[1])]


def test_workbook_holds_the_appendix_columns_and_the_states_as_of_the_cut_off(known, sessions) -> None:
    with sessions.begin() as session:
        plan = pick_plan(session)
        file = report_file(session, plan, AS_OF, 1)
        _, summary = plan_figures(plan_tasks(session, plan, with_history=True), AS_OF, Period.quarter(2026, 1), history=True,
                                  risk=risk_of(plan))
    assert file.name == "bao-cao-cchc-nam-an-phu-q1-2026.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(file.data))
    sheet = book["Nhiệm vụ"]
    header = [c.value for c in sheet[4]]
    assert header[:6] == ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp",
                          "Thời gian thực hiện/hoàn thành", "Sản phẩm"]
    assert "15/04/2026" in sheet["A2"].value
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] and not r[0].startswith(("I", "V"))}
    assert rows["17"][6:10] == ("Đã hoàn thành", "20/03/2026", "Đúng hạn", 100) and rows["17"][10] == \
        "đã ban hành kế hoạch"
    assert rows["29"][6:9] == ("Đã hoàn thành", "10/04/2026", "Trễ hạn")
    # an ongoing task is reported each quarter: its Q1 part, due with the Q1 reports on 04/03, got 40 % only on
    # 01/04 (plan_data.periods), so as of the Q1 cut-off it stands overdue at 40 %
    assert rows["18"][1].endswith("(Quý I/2026)") and rows["18"][6] == "Quá hạn" and rows["18"][9] == 40
    assert rows["2"][6] == "Quá hạn" and rows["7"][6] == "Chờ sự kiện để có hạn"  # extended only on 20/04
    assert rows["15"][6] == "Chờ sự kiện để có hạn"  # done on 02/05, after the cut-off
    assert rows["BC-dvsn"][11] == "bc-quy1.docx" and "(Quý I/2026)" in rows["BC-dvsn"][1]
    assert rows["24.1"][1].startswith("Tổ chức sắp xếp, kiện toàn các cơ quan")
    assert sheet.freeze_panes == "A5" and sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9 and sheet.print_title_rows == "$4:$4"  # 9: A4
    assert sheet["A4"].font.b and sheet["B6"].border.left.style == "thin" and sheet.column_dimensions["B"].width >= 40
    totals = book["Tổng hợp"]
    total_row = next(r for r in totals.iter_rows(values_only=True) if r[0] == "Tổng cộng")
    t = summary.total
    assert list(total_row[1:]) == [t.done_on_time, t.done_late, t.in_term, t.at_risk, t.overdue, t.awaiting,
                                   t.waiting, t.total]
    assert (t.done_on_time, t.done_late) == (3, 1)  # and 18 is overdue at 40 % (above), not in term


def test_chat_summary_chart_and_workbook_agree(known, sessions) -> None:
    today = date(2026, 5, 5)  # after every change of the fixture, as in life
    reply = known.say("chutich", "tổng hợp", at=at(today))
    [chart] = reply.files
    image = matplotlib.image.imread(io.BytesIO(chart.data), format="png")
    assert image.shape[1] == 1080 and image.shape[0] >= 1440  # as tall as its rows need
    assert len({tuple(px) for px in image.reshape(-1, image.shape[2])[::97]}) > 8  # not blank
    with sessions.begin() as session:
        plan = pick_plan(session)
        _, summary = plan_figures(plan_tasks(session, plan), today, risk=risk_of(plan))
        book = openpyxl.load_workbook(io.BytesIO(report_file(session, plan, today, None).data))
    t = summary.total
    assert f"Cả kế hoạch ({t.total} nhiệm vụ)" in reply.text
    asides = [n for n in (t.awaiting, t.waiting) if n]  # «(+1 chờ duyệt) (+2 chưa có hạn)» when not 0
    assert _chat_totals(reply.text) == [t.done_on_time, t.done_late, t.in_term, t.at_risk, t.overdue, *asides]
    total_row = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert list(total_row[1:8]) == [t.done_on_time, t.done_late, t.in_term, t.at_risk, t.overdue, t.awaiting,
                                    t.waiting]


def test_report_in_chat_is_for_the_chairman_and_the_focal_point(known) -> None:
    reply = known.say("vhxh", "báo cáo quý 1", at=at(AS_OF))
    file, document = reply.files  # issue 13: the Word report comes with its workbook
    assert document.name.endswith(".docx")
    assert file.name.endswith(".xlsx") and openpyxl.load_workbook(io.BytesIO(file.data))["Nhiệm vụ"]
    assert "31/03/2026" in reply.text  # a quarter that has ended is reported as of its last day
    assert not known.say("hcc", "báo cáo", at=at(AS_OF)).files


def test_calendar_has_every_dated_occurrence(known, sessions) -> None:
    with sessions.begin() as session:
        plan = pick_plan(session)
        file = calendar_file(plan, plan_tasks(session, plan), at(AS_OF))
        # issue 13: "Thường xuyên" tasks have no due date but belong in the calendar, as a recurring check-in
        dated = sum(1 for t in plan_tasks(session, plan) for o in t.occurrences if o.due or t.kind == "ongoing")
    calendar = Calendar.from_ical(file.data)
    events = calendar.walk("VEVENT")
    assert len(events) == dated
    task17 = next(e for e in events if "NV 17:" in str(e["SUMMARY"]))
    assert task17.decoded("DTSTART") == date(2026, 3, 31) and task17.decoded("DTEND") == date(2026, 4, 1)
    assert "Quý I năm 2026" in str(task17["DESCRIPTION"]) and "Trung tâm Phục vụ hành chính công" in str(
        task17["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == len(events)
    reports = [e for e in events if "NV BC-hcc" in str(e["SUMMARY"])]
    assert [e.decoded("DTSTART") for e in reports] == [date(2026, m, 4) for m in (3, 6, 9, 12)]
    assert known.say("hcc", "lịch", at=at(AS_OF)).files[0].name == "lich-cchc-nam-an-phu-hcc-2026.ics"  # the unit's own
