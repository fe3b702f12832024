"""The focal point's deliverables (issue 13), each opened with its own library against a database in a
known state: the Word report (python-docx), the workbook (openpyxl), the calendar (icalendar, and the
`ical` package's strict RFC 5545 reader) and the chart (Pillow)."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from PIL import Image

from bot.files.heading import BLANK, MOTTO, NATION
from plan_data.figures import Period, plan_figures
from plan_data.light import risk_of
from plan_data.permissions import is_own
from storage.queries import pick_plan, plan_tasks, unit_by_code
from tests.conftest import VN
from tests.support.chat import seeded_chat

REPORT_DAY = date(2026, 3, 31)  # «báo cáo quý 1» asked on the quarter's last day
CUTOFF = date(2026, 3, 14)  # Nghị định 09/2019/NĐ-CP: the 14th of the quarter's last month
LONG_NOTE = " ".join(f"Đã rà soát văn bản số {n}/VB, cập nhật vào hệ thống, báo cáo kết quả;" for n in range(90))


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@pytest.fixture
def known(sessions):
    talk = seeded_chat(sessions, at(date(2026, 1, 5)))
    talk.text("vhxh", "xong 1 đã ban hành", at=at(date(2026, 1, 10)))  # on time (due 14/01)
    talk.text("hcc", "td 18 40% đang cập nhật", at=at(date(2026, 3, 1)))  # ongoing: this period's part reported
    talk.text("vp", f"td 10 30% {LONG_NOTE}", at=at(date(2026, 2, 2)))  # ongoing, with a note of 5,000 characters
    talk.say("dvsn", "xong BC-dvsn kèm báo cáo", at=at(date(2026, 3, 3)),
             evidence={"type": "document", "file_id": "F9", "file_name": "bc-quy1.docx"})
    talk.text("hcc", "xong 17 đã ban hành kế hoạch", at=at(date(2026, 3, 20)))  # after the cut-off
    return talk


@pytest.fixture(scope="module")
def asked() -> dict[str, tuple]:
    """«báo cáo quý 1» asked once per database kind for the module: the tests that read it write nothing, so
    the known state (most of a test's time) is not built again for each."""
    return {}


@pytest.fixture
def quarter_one(database_kind, asked, request):
    """The chat's «báo cáo quý 1» on 31/03, and the figures as the domain counts them for that report."""
    if database_kind not in asked:
        known, sessions = request.getfixturevalue("known"), request.getfixturevalue("sessions")
        reply = known.say("vhxh", "báo cáo quý 1", at=at(REPORT_DAY, 16))
        with sessions.begin() as session:
            plan = pick_plan(session)
            rows, figures = plan_figures(plan_tasks(session, plan, with_history=True), CUTOFF,
                                         Period.quarter(2026, 1), history=True, risk=risk_of(plan))
        asked[database_kind] = reply, figures
    reply, figures = asked[database_kind]
    book, document = reply.files  # each test opens the files afresh
    return reply, Document(io.BytesIO(document.data)), openpyxl.load_workbook(io.BytesIO(book.data)), figures


def texts_of(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_report_states_its_period_and_the_decrees_cut_off(quarter_one) -> None:
    reply, document, book, _ = quarter_one
    assert "quý 1/2026 (01/01/2026–31/03/2026)" in reply.text and "từ 15/12/2025 đến 14/03/2026" in reply.text
    cutoff = "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)"
    assert cutoff in texts_of(document)
    assert cutoff in book["Nhiệm vụ"]["A2"].value and cutoff in book["Tổng hợp"]["A2"].value


def test_the_word_report_has_the_decrees_heading_block_and_layout(quarter_one) -> None:
    _, document, _, _ = quarter_one
    heading = document.tables[0].rows[0].cells
    left, right = [[p.text for p in cell.paragraphs if p.text.strip("―")] for cell in heading]
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ NAM AN PHỤ", f"Số: {BLANK}/BC-UBND"]
    number = heading[0].paragraphs[-1]
    assert [r.text for r in number.runs if r.font.highlight_color] == [BLANK]  # the blank to fill is marked
    assert right == [NATION, MOTTO, "Nam An Phụ, ngày 31 tháng 3 năm 2026"]
    assert heading[1].paragraphs[-1].runs[0].italic and heading[0].paragraphs[1].runs[0].bold
    paragraphs = texts_of(document)
    title = paragraphs.index("BÁO CÁO")
    assert paragraphs[title + 1] == "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026"
    section = document.sections[0]
    mm = [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                          section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]  # A4; Nghị định 30/2020, Phụ lục I: 20–25, 20–25, 30–35, 15–20
    assert document.styles["Normal"].font.name == "Times New Roman"
    body = document.styles["Normal"].font.size  # what a run that sets no size of its own shows
    sizes = {run.font.size or body for p in document.paragraphs for run in p.runs if run.text.strip("―")}
    assert sizes == {Pt(14)}  # the body: 14 pt; the heading block 13–14, the tables 11–12
    closing = document.tables[-1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:" and "- Lưu: VT, VHXH." in closing[0].text
    assert [p.text for p in closing[1].paragraphs if p.text][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_the_word_report_goes_section_by_section_and_task_by_task(quarter_one) -> None:
    _, document, _, _ = quarter_one
    paragraphs = texts_of(document)
    parts = [p for p in paragraphs if re.match(r"^(I|II|III|IV|V)\. [A-ZĐ]", p)]
    assert parts == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
                     "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM KỲ TIẾP THEO",
                     "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    areas = [p for p in paragraphs if re.match(r"^\d\. ", p)]
    assert [a.split(" (mục")[0] for a in areas[:7]] == [
        "1. Chỉ đạo điều hành, kiểm tra và tuyên truyền", "2. Cải cách thể chế", "3. Cải cách thủ tục hành chính",
        "4. Cải cách tổ chức bộ máy", "5. Cải cách chế độ công vụ", "6. Cải cách tài chính công",
        "7. Xây dựng Chính quyền điện tử, Chính quyền số"]
    assert areas[7].startswith("8. Nhiệm vụ theo nội dung Kế hoạch") and areas[8] == "9. Số liệu tổng hợp"
    line = next(p for p in paragraphs if p.startswith("- Nhiệm vụ 1 "))
    assert "hoàn thành ngày 10/01/2026, đúng hạn. Ghi chú: đã ban hành." in line
    bc = next(p for p in paragraphs if p.startswith("- Nhiệm vụ BC-dvsn"))
    assert "hoàn thành ngày 04/03/2026" not in bc and "Minh chứng: bc-quy1.docx" in bc
    task17 = next(p for p in paragraphs if p.startswith("- Nhiệm vụ 17 "))
    assert "hạn 31/03/2026" in task17 and "hoàn thành" not in task17  # done on 20/03, after the cut-off
    ongoing = next(p for p in paragraphs if p.startswith("- Nhiệm vụ 18 "))  # its Q1 part, due with Q1's reports
    assert ongoing.startswith("- Nhiệm vụ 18 (Quý I/2026) (Trung tâm Phục vụ hành chính công): Cập nhật, công khai")
    assert "hạn 04/03/2026, chưa hoàn thành; báo cáo trong kỳ ngày 01/03/2026: đạt 40%" in ongoing
    assert "Kỳ báo cáo: quý I năm 2026 (từ ngày 01/01/2026 đến ngày 31/03/2026)" in paragraphs[paragraphs.index(
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH") + 1]
    lists = [p for p in paragraphs if re.match(r"^[a-zđ]\) ", p)]
    assert lists[0] == "a) Hoàn thành trong kỳ: 1 nhiệm vụ"  # task 1 in area 1
    placeholders = [r for p in document.paragraphs for r in p.runs if r.text.startswith("[Phần do cán bộ")]
    assert len(placeholders) == 5 and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in placeholders)


def test_the_word_reports_figures_are_the_domains(quarter_one) -> None:
    _, document, book, figures = quarter_one
    table = document.tables[1]
    header = [c.text for c in table.rows[0].cells]
    total = [c.text for c in table.rows[-1].cells]
    t = figures.total
    assert header[:4] == ["Nội dung", "Tổng", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn"] and total[0] == "Tổng cộng"
    assert header[5:7] == ["Trong hạn", "Trong đó: có nguy cơ chậm"]  # amber, a share of trong hạn, beside it
    assert [int(n) for n in total[1:]] == [t.total, t.done_on_time, t.done_late, t.awaiting, t.in_term,
                                           t.at_risk, t.overdue, t.waiting]
    sentence = next(p for p in texts_of(document) if p.startswith("Tổng số nhiệm vụ phải thực hiện trong kỳ"))
    assert f"kỳ: {t.total}; đã hoàn thành {t.done_on_time + t.done_late} (đúng hạn {t.done_on_time}" in sentence
    assert f"trong hạn {t.in_term} (trong đó có nguy cơ chậm {t.at_risk}); quá hạn {t.overdue};" in sentence
    sheet_total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert list(sheet_total[1:9]) == [t.done_on_time, t.done_late, t.in_term, t.at_risk, t.overdue,
                                      t.awaiting, t.waiting, t.total]
    # 1 and BC-dvsn done; the Q1 parts of 18 and 10, due 04/03, reported in part only: overdue
    assert (t.done_on_time, t.done_late) == (2, 0) and t.overdue >= 2


def test_the_workbook_has_its_sections_in_order_and_the_plans_own_duties_apart(quarter_one) -> None:
    _, _, book, _ = quarter_one
    sheet = book["Nhiệm vụ"]
    values = list(sheet.iter_rows(min_row=5, values_only=True))
    headings = [r[0] for r in values if isinstance(r[0], str) and re.match(r"^[IVX]+\. ", r[0])]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert "số liệu tính vào mục I, VI" in headings[-1]
    duties_start = next(i for i, r in enumerate(values) if r[0] == headings[-1])
    numbers = [r[0] for r in values[duties_start + 1:] if r[1]]
    assert numbers and all(re.match(r"^(BC|KH|KP)-", n) for n in numbers if not n.startswith("Nơi"))
    assert not any(str(r[0]).startswith(("BC-", "KH-", "KP-")) for r in values[:duties_start])
    assert "ỦY BAN NHÂN DÂN" in sheet["A1"].value and NATION in sheet.cell(1, sheet.max_column - 3).value
    assert any(isinstance(r[0], str) and r[0].startswith("Nơi nhận:") for r in values)


def test_the_workbook_reports_ongoing_tasks_per_period_and_prints_its_rows(quarter_one) -> None:
    _, _, book, _ = quarter_one
    sheet = book["Nhiệm vụ"]
    assert sheet.cell(4, 13).value == "Kết quả trong kỳ"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=5) if isinstance(r[0].value, str) and r[1].value}
    assert rows["18"][1].value.endswith("(Quý I/2026)") and rows["18"][6].value == "Quá hạn"
    assert rows["18"][12].value == "Báo cáo trong kỳ ngày 01/03/2026: đạt 40%"
    assert rows["13"][6].value == "Quá hạn" and rows["13"][12].value == "Chưa có kết quả trong kỳ"
    assert rows["1"][12].value == "Hoàn thành trong kỳ, ngày 10/01/2026"
    assert rows["17"][6].value == "Trong hạn"  # done on 20/03, after the cut-off; due 31/03, far from 14/03
    assert all(sheet.row_dimensions[r[0].row].height for r in rows.values())  # every row has a printed height
    assert sheet.row_dimensions[rows["2"][0].row].height >= 2 * 15  # a long task wraps on several lines
    note = rows["10"][10].value
    assert len(note) < 400 and note.endswith("(xem đủ ở trang «Ghi chú»)")
    notes = book["Ghi chú"]
    kept = " ".join(r[2] for r in notes.iter_rows(min_row=4, values_only=True) if r[2])
    assert kept == " ".join(LONG_NOTE.split()).rstrip(";")  # the note as stored: its closing mark dropped
    assert all(notes.row_dimensions[n].height <= 409 for n in range(4, notes.max_row + 1))


def test_each_chats_calendar_holds_its_own_units_tasks(known, sessions) -> None:
    known.text("vhxh", "hạn 7 20/11", at=at(date(2026, 4, 1)))
    chats = {code: known.say(code, "lịch", at=at(date(2026, 4, 1))).files[0].data for code in ("hcc", "vhxh", "chutich")}
    with sessions.begin() as session:
        plan = pick_plan(session)
        tasks = plan_tasks(session, plan)
        hcc = unit_by_code(session, plan.id, "hcc")
        every = {t.number for t in tasks if t.kind != "event" or any(o.due for o in t.occurrences)}
        own = {t.number for t in tasks if is_own(t, hcc)} & every
    numbers = {code: {re.search(r"NV (\S+?)[: (]", str(e["SUMMARY"]))[1] for e in Calendar.from_ical(data).walk("VEVENT")}
               for code, data in chats.items()}
    assert numbers["hcc"] == own and numbers["vhxh"] == numbers["chutich"] == every
    assert "7" in every and "15" not in every  # an event task once it has a date; 15 has none yet
    assert "— Trung tâm Phục vụ hành chính công" in Calendar.from_ical(chats["hcc"])["X-WR-CALNAME"]


def test_the_calendar_is_worth_importing(known) -> None:
    data = known.say("chutich", "lịch", at=at(date(2026, 4, 1))).files[0].data
    events = Calendar.from_ical(data).walk("VEVENT")
    on_new_years_eve = [e for e in events if e.decoded("DTSTART") == date(2026, 12, 31)]
    assert len(on_new_years_eve) <= 3  # not the 18 "Cả năm 2026" tasks
    ongoing = sorted(e.decoded("DTSTART") for e in events if "NV 18 (thường xuyên, Quý" in str(e["SUMMARY"]))
    # each quarter's part, due with the units' quarterly report ("Trước ngày 05 của tháng cuối quý")
    assert ongoing == [date(2026, 3, 4), date(2026, 6, 4), date(2026, 9, 4), date(2026, 12, 4)]
    for event in events:
        description = str(event["DESCRIPTION"])
        assert description.startswith("Nhiệm vụ ") and "\nChủ trì: " in description
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("TRIGGER").days == -3
    task17 = next(e for e in events if "NV 17:" in str(e["SUMMARY"]))
    assert "Chủ trì: Trung tâm Phục vụ hành chính công" in str(task17["DESCRIPTION"])
    assert b"\\, " in data  # commas in names and wording are escaped (RFC 5545 §3.3.11)
    strict = IcsCalendarStream.calendar_from_ics(data.decode())  # RFC 5545, read strictly (the `ical` package)
    assert len(strict.events) == len(events) and all(e.uid and e.dtstamp for e in strict.events)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines, as RFC 5545 §3.1 asks


def test_a_units_chat_gets_its_own_chart_and_the_chairman_the_whole_plan(known) -> None:
    day = at(date(2026, 4, 1))
    whole = Image.open(io.BytesIO(known.say("chutich", "tổng hợp", at=day).files[0].data))
    own = Image.open(io.BytesIO(known.say("hcc", "tổng hợp", at=day).files[0].data))
    assert own.size == (1080, 1440) and whole.width == 1080
    assert 1440 <= whole.height <= 2560  # taller with its rows, still a photo a chat shows whole (ratio < 1:2.4)
    assert set(json.loads(whole.info["Description"])["units"]) == {"vhxh", "vp", "kt", "hcc", "dvsn"}
    mine = json.loads(own.info["Description"])
    assert set(mine["units"]) == {"hcc"} and mine["sections"] == {}
