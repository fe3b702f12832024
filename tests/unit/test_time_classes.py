"""Issue 22's phrase classes, each as a table in our own wording: lists of periods or dates, yearly repeats,
«từ X, thường xuyên», parentheses, «năm nay/năm sau», months of each quarter, events of any body, what the
work's state says, and references to other documents. Whatever is not exact is refused, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from plan_data.timeframe import Kind, NotUnderstood, Schedule, parse_timeframe

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
