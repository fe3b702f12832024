"""Issue 22's phrase classes, each as a table in our own wording (lists and yearly repeats: test_time_lists):
«từ X, thường xuyên», parentheses, «năm nay/năm sau», months of each quarter, events of any body, what the
work's state says, and references to other documents. Whatever is not exact is refused, never guessed."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from plan_data.grammar.frame import Kind, NotUnderstood, Schedule, parse_timeframe

YEAR = 2026


def slots(schedule: Schedule) -> list[tuple[str, str | None, str | None]]:
    return [(o.label, o.opens and o.opens.isoformat(), o.due and o.due.isoformat()) for o in schedule.occurrences]


def read(expression: str, year: int = YEAR) -> tuple[str, list[tuple[str, str | None, str | None]]]:
    schedule = parse_timeframe(expression, year)
    return schedule.kind.value, slots(schedule)


def refused(expression: str, year: int = YEAR) -> bool:
    try:
        parse_timeframe(expression, year)
    except NotUnderstood as refusal:
        assert refusal.expression == expression.strip()
        return True
    return False


# ---------------------------------------------------------------- the first or last month of each quarter

LAST_MONTHS = [(f"Quý {r}/2026", f"2026-{m:02d}-01", f"2026-{m:02d}-{e}")
               for r, m, e in (("I", 3, 31), ("II", 6, 30), ("III", 9, 30), ("IV", 12, 31))]
FIRST_MONTHS = [(f"Quý {r}/2026", f"2026-{m:02d}-01", f"2026-{m:02d}-{e}")
                for r, m, e in (("I", 1, 31), ("II", 4, 30), ("III", 7, 31), ("IV", 10, 31))]


@pytest.mark.parametrize(("expression", "expected"), [
    ("Tháng cuối của mỗi quý", LAST_MONTHS),
    ("trong tháng cuối cùng của các quý", LAST_MONTHS),
    ("Hằng quý, vào tháng cuối quý", LAST_MONTHS),
    ("tháng đầu tiên của quý", FIRST_MONTHS),
    ("Tháng đầu mỗi quý", FIRST_MONTHS),
])
def test_a_month_of_each_quarter_is_that_month_each_quarter(expression: str, expected) -> None:
    assert read(expression) == ("recurring", expected)


@pytest.mark.parametrize(("expression", "months", "day"), [
    ("Trước ngày 10 của tháng cuối cùng mỗi quý", (3, 6, 9, 12), 9),
    ("chậm nhất ngày 25 tháng cuối cùng của hằng quý", (3, 6, 9, 12), 25),
    ("Trước ngày 08 của tháng đầu tiên mỗi quý", (1, 4, 7, 10), 7),
    ("Định kỳ hằng quý, chậm nhất ngày 12 của tháng đầu quý", (1, 4, 7, 10), 12),
])
def test_a_day_of_a_month_of_each_quarter(expression: str, months: tuple[int, ...], day: int) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert schedule.due == tuple(date(YEAR, m, day) for m in months)
    assert [o.opens for o in schedule.occurrences] == [date(YEAR, m, 1) for m in (1, 4, 7, 10)]


@pytest.mark.parametrize(("expression", "expected"), [  # one quarter named: that quarter's month, not each
    ("Trước ngày 10 của tháng cuối quý II", ("deadline", [("", None, "2026-06-09")])),
    ("chậm nhất ngày 20 tháng đầu quý 3/2027", ("deadline", [("", None, "2027-07-20")])),
    ("tháng cuối quý 3/2026", ("window", [("", "2026-09-01", "2026-09-30")])),
    ("Trong tháng đầu tiên của quý IV", ("window", [("", "2026-10-01", "2026-10-31")])),
])
def test_a_month_of_one_named_quarter_is_that_month(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize("expression", [
    "Hằng tháng, trước ngày 10 của tháng cuối quý",  # monthly or quarterly: not said
    "Tháng cuối quý, hằng tháng",
    "Quý IV, tháng đầu",
    "đầu tháng cuối quý",
])
def test_a_month_of_a_quarter_that_is_not_exact_is_refused(expression: str) -> None:
    assert refused(expression)


# ---------------------------------------------------------------- «từ X, thường xuyên»: ongoing from X's start


@pytest.mark.parametrize(("expression", "start"), [
    ("Từ quý III/2026, thường xuyên", "2026-07-01"),
    ("từ tháng 9/2026; thường xuyên", "2026-09-01"),
    ("Từ quý 2/2027, thường xuyên, liên tục", "2027-04-01"),
    ("Triển khai từ tháng 5/2026, thực hiện thường xuyên", "2026-05-01"),
    ("Từ năm 2027, hằng năm", "2027-01-01"),
    ("từ 01/8/2026; liên tục", "2026-08-01"),
])
def test_from_a_start_then_continuously_is_ongoing_from_that_start(expression: str, start: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.ONGOING and schedule.due == ()
    assert schedule.start == date.fromisoformat(start)
    assert schedule.note  # «thường xuyên», «hằng năm» kept as written


@pytest.mark.parametrize("expression", [
    "Từ quý III/2026, quý IV/2026",  # a second date after the start: not «thường xuyên»
    "Từ tháng 9/2026, hằng tháng",  # from a start, then a repeat of its own: which one is not said
    "Từ đầu quý III/2026, thường xuyên",
    "hằng quý, hằng tháng",
    "Quý IV/2026, tháng đầu",  # a follow-up that narrows the period
])
def test_a_start_with_more_than_continuity_after_it_is_refused(expression: str) -> None:
    assert refused(expression)


# ---------------------------------------------------------------- parentheses: a remark, or a time of its own


@pytest.mark.parametrize(("expression", "expected", "remark"), [
    ("Quý III/2026 (áp dụng cho các xã chưa triển khai)", ("window", [("", "2026-07-01", "2026-09-30")]),
     "áp dụng cho các xã chưa triển khai"),
    ("Thường xuyên (báo cáo theo yêu cầu của cấp trên)", ("ongoing", [("", "2026-01-01", None)]),
     "báo cáo theo yêu cầu của cấp trên"),
    ("Trước ngày 20/9/2026 (Sở Tư pháp tổng hợp)", ("deadline", [("", None, "2026-09-19")]), "Sở Tư pháp tổng hợp"),
    ("Tháng 8/2026 (dự kiến)", ("window", [("", "2026-08-01", "2026-08-31")]), "dự kiến"),
    ("Quý IV/2026 (theo Quyết định số 77/QĐ-UBND ngày 21/02/2026)", ("window", [("", "2026-10-01", "2026-12-31")]),
     "theo Quyết định số 77/QĐ-UBND ngày 21/02/2026"),
])
def test_a_parenthesis_without_a_time_is_a_remark_kept_in_the_note(expression: str, expected, remark: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert (schedule.kind.value, slots(schedule)) == expected
    assert remark in schedule.note
    assert schedule.expression == expression


@pytest.mark.parametrize(("expression", "expected"), [  # its brackets dropped, it is read with the rest
    ("Tháng 11 (hằng năm)", ("window", [("", "2026-11-01", "2026-11-30")])),
    ("Hằng quý (trước ngày 10 của tháng cuối quý)", ("recurring", [
        (f"Quý {r}/2026", f"2026-{m - 2:02d}-01", f"2026-{m:02d}-09") for r, m in (("I", 3), ("II", 6), ("III", 9),
                                                                                  ("IV", 12))])),
])
def test_a_parenthesis_that_completes_the_time_is_read_with_it(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize("expression", [
    "Quý II/2026 (trước ngày 20/5)",  # which one is due: the quarter or the day?
    "Tháng 9/2026 (Quý III đối với cấp xã)",
    "Quý I/2026 (sau khi có hướng dẫn của tỉnh)",
    "Năm 2026 (đợt 1)",
    "Quý IV/2026 (trình kỳ họp HĐND)",
    "(đối với cấp xã)",
])
def test_a_parenthesis_with_a_time_of_its_own_is_refused(expression: str) -> None:
    assert refused(expression)


# ---------------------------------------------------------------- «năm nay», «năm sau», «năm tới»


@pytest.mark.parametrize(("expression", "expected"), [
    ("Quý III năm nay", ("window", [("", "2026-07-01", "2026-09-30")])),
    ("Trong năm nay", ("ongoing", [("", "2026-01-01", "2026-12-31")])),
    ("Tháng 10 năm sau", ("window", [("", "2027-10-01", "2027-10-31")])),
    ("quý 1 năm tới", ("window", [("", "2027-01-01", "2027-03-31")])),
    ("Trước ngày 31/3 năm sau", ("deadline", [("", None, "2027-03-30")])),
    ("Năm nay và các năm sau", ("ongoing", [("", "2026-01-01", None)])),
])
def test_this_year_is_the_plan_year_and_next_year_the_one_after(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize("expression", [
    "Đầu năm sau", "cuối năm nay", "giữa năm tới",  # no exact date
    "Tháng 10 năm sau nữa", "2 năm sau", "Các năm sau",
])
def test_a_relative_year_without_an_exact_date_is_refused(expression: str) -> None:
    assert refused(expression)


# ---------------------------------------------------------------- events of any body or meeting


@pytest.mark.parametrize("expression", [
    "Theo lịch của Sở Tài chính", "Theo lịch công tác của UBND thành phố", "Kỳ họp HĐND phường",
    "Tại kỳ họp thường lệ giữa năm của HĐND xã", "Kỳ họp thứ 3 HĐND xã khóa I, nhiệm kỳ 2026 - 2031",
    "Khi có văn bản hướng dẫn của Bộ", "Sau khi Sở Nội vụ ban hành Kế hoạch số 45/KH-SNV",
    "Theo thời gian tổ chức của Trung ương", "Phiên họp thường kỳ của UBND xã", "Hội nghị sơ kết",
    "Theo lịch công tác năm 2026 của UBND tỉnh",  # a year that names what is followed or awaited
    "Sau khi UBND xã ban hành Kế hoạch phát triển năm 2026",
])
def test_an_event_of_any_body_has_no_date(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.EVENT and schedule.due == ()


def test_a_meeting_on_a_named_day_is_due_that_day() -> None:
    assert read("Trình Kỳ họp HĐND xã ngày 18/12/2026") == ("deadline", [("", None, "2026-12-18")])


@pytest.mark.parametrize("expression", [
    "Kỳ họp HĐND tháng 7/2026",  # the meeting is somewhere in July and the work due before it
    "Trước kỳ họp HĐND ngày 18/12/2026",
    "Kỳ họp cuối năm 2026",
    "Quý IV/2026; báo cáo tại kỳ họp HĐND",
    "Theo kế hoạch của tỉnh trước ngày 15/3/2026",  # whose date: the task's or the plan's?
    "Khi có văn bản, chậm nhất ngày 15/3/2026",  # an event reading would drop the task's own date
    "Khi có hướng dẫn trong quý II/2026",
    "Sau khi Bộ ban hành hướng dẫn trước ngày 15/3/2026",
])
def test_an_event_beside_a_date_that_is_not_its_day_is_refused(expression: str) -> None:
    assert refused(expression)


def test_a_followed_plan_before_a_dated_clause_is_kept_as_a_note() -> None:
    schedule = parse_timeframe("Theo kế hoạch, hoàn thành trước ngày 15/3/2026", YEAR)
    assert slots(schedule) == [("", None, "2026-03-14")] and schedule.note == "Theo kế hoạch"


# ---------------------------------------------------------------- what the work's state says


@pytest.mark.parametrize(("expression", "state"), [
    ("Đã ban hành", "done"), ("Đã hoàn thành", "done"), ("Đã thực hiện xong", "done"), ("đã được phê duyệt", "done"),
    ("Đã ban hành Quyết định số 12/QĐ-UBND ngày 03/01/2026", "done"), ("Đã tổ chức", "done"),
    ("Đang triển khai", "under-way"), ("Đang thực hiện", "under-way"), ("Đang xây dựng dự thảo", "under-way"),
])
def test_a_state_instead_of_a_date(expression: str, state: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.UNDATED and schedule.state == state
    assert slots(schedule) == [("", None, None)] and schedule.expression == expression


def test_a_done_cell_keeps_its_reference_as_a_note_and_its_date_is_no_deadline() -> None:
    schedule = parse_timeframe("Đã ban hành (Quyết định số 12/QĐ-UBND ngày 03/01/2026)", YEAR)
    assert (schedule.kind, schedule.state, schedule.due) == (Kind.UNDATED, "done", ())
    assert schedule.note == "Quyết định số 12/QĐ-UBND ngày 03/01/2026"


@pytest.mark.parametrize(("expression", "expected"), [  # a state with more to say is read by the grammar
    ("Hoàn thành năm 2026", ("ongoing", [("", "2026-01-01", "2026-12-31")])),  # no «đã»: a deadline year
    ("Đang triển khai, dự kiến hoàn thành Quý IV/2026", ("window", [("", "2026-10-01", "2026-12-31")])),
    ("Đã ban hành, tiếp tục triển khai thường xuyên", ("ongoing", [("", "2026-01-01", None)])),
])
def test_a_state_that_says_more_is_read_for_its_time(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize("expression", ["Đã hoàn thành năm 2025", "Đã ban hành tháng 3/2026", "Đã có"])
def test_a_date_beside_done_is_no_deadline(expression: str) -> None:
    assert refused(expression)


@pytest.mark.parametrize("expression", [
    "Quý I, III/2026", "trước ngày 10 tháng 7 hằng năm", "Đã ban hành (Quyết định số 12/QĐ-UBND ngày 03/01/2026)",
    "Quý II năm nay", "Từ quý II/2026, thường xuyên", "Kỳ họp HĐND xã", "Quý II/2026 (đối với các xã chưa hoàn thành)",
    "tháng cuối cùng của mỗi quý",
])
def test_decomposed_and_capitalised_spellings_read_the_same(expression: str) -> None:
    expected = parse_timeframe(expression, YEAR)
    for variant in (unicodedata.normalize("NFD", expression), expression.upper(), f"  {expression}\t\n"):
        got = parse_timeframe(variant, YEAR)
        assert (got.kind, got.occurrences, got.state) == (expected.kind, expected.occurrences, expected.state)
