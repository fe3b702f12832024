"""Issue 22's lists and yearly repeats as tables in our own wording: each item of a list of one kind of period
or date is its own occurrence; «hằng năm» gives the plan year's occurrence. Whatever is not exact is refused."""

from __future__ import annotations

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


# ---------------------------------------------------------------- lists: each item its own occurrence


def q(roman: str, year: int = YEAR) -> tuple[str, str, str]:
    n = ("I", "II", "III", "IV").index(roman) + 1
    last = date(year + (n == 4), 1 if n == 4 else 3 * n + 1, 1).toordinal() - 1
    return f"Quý {roman}/{year}", date(year, 3 * n - 2, 1).isoformat(), date.fromordinal(last).isoformat()


def mo(month: int, year: int = YEAR) -> tuple[str, str, str]:
    last = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
    return f"Tháng {month}/{year}", date(year, month, 1).isoformat(), date.fromordinal(last).isoformat()


@pytest.mark.parametrize(("expression", "expected"), [
    ("Quý II, IV/2026", [q("II"), q("IV")]),
    ("Quý I và Quý III năm 2027", [q("I", 2027), q("III", 2027)]),
    ("quý 1, quý 2 và quý 4", [q("I"), q("II"), q("IV")]),
    ("Trong các quý II, III/2026", [q("II"), q("III")]),
    ("Quý IV/2026, quý I/2027", [q("IV"), q("I", 2027)]),
    ("tháng 3 và tháng 9", [mo(3), mo(9)]),
    ("Tháng 5, tháng 11/2026", [mo(5), mo(11)]),
    ("Vào tháng 1, 7 năm 2027", [mo(1, 2027), mo(7, 2027)]),
    ("Báo cáo trong các tháng 3, 6, 9 và 12", [mo(3), mo(6), mo(9), mo(12)]),
])
def test_a_list_of_periods(expression: str, expected) -> None:
    assert read(expression) == ("recurring", expected)


@pytest.mark.parametrize(("expression", "due"), [
    ("20/5 và 20/11/2026", ["2026-05-20", "2026-11-20"]),
    ("trước ngày 20/5 và 20/11", ["2026-05-19", "2026-11-19"]),
    ("Chậm nhất ngày 10/4, 10/7 và 10/10", ["2026-04-10", "2026-07-10", "2026-10-10"]),
    ("Gửi báo cáo trước ngày 01/6 và chậm nhất ngày 30/11/2026", ["2026-05-31", "2026-11-30"]),
    ("ngày 5 tháng 3 và ngày 5 tháng 9 năm 2027", ["2027-03-05", "2027-09-05"]),
    ("15/12/2026, 15/01/2027", ["2026-12-15", "2027-01-15"]),
])
def test_a_list_of_dates(expression: str, due: list[str]) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert [d.isoformat() for d in schedule.due] == due
    assert [o.label for o in schedule.occurrences] == [f"Đợt {i}" for i in range(1, len(due) + 1)]


@pytest.mark.parametrize("expression", [
    "Quý II/2026, báo cáo ngày 15/7",  # a comma between different things: neither dropped nor invented
    "Quý III, I/2026",  # out of the calendar's order
    "Quý IV/2026 và quý I",  # the first quarter of which year is not said
    "tháng 9, 15/12/2026",
    "Tháng 4, tháng 13",
    "31/02 và 31/03",
    "Quý I, 2026",
    "Quý I, II/2026 hoặc khi có hướng dẫn",
    "Sau ngày 15/6 và 15/12",
])
def test_what_is_not_a_list_of_one_kind_is_refused(expression: str) -> None:
    assert refused(expression)


# ---------------------------------------------------------------- yearly repeats: the plan year's occurrences


@pytest.mark.parametrize(("expression", "expected"), [
    ("trước ngày 20 tháng 3 hằng năm", ("deadline", [("", None, "2026-03-19")])),
    ("Ngày 30/9 hàng năm", ("deadline", [("", None, "2026-09-30")])),
    ("Hằng năm, chậm nhất ngày 25/10", ("deadline", [("", None, "2026-10-25")])),
    ("Tháng 9 hằng năm", ("window", [("", "2026-09-01", "2026-09-30")])),
    ("Quý III hằng năm", ("window", [("", "2026-07-01", "2026-09-30")])),
    ("Tháng 3 và tháng 9 hằng năm", ("recurring", [mo(3), mo(9)])),
    ("Định kỳ hằng năm, trước ngày 15/4 và 15/10", ("recurring", [("Đợt 1", None, "2026-04-14"),
                                                                   ("Đợt 2", None, "2026-10-14")])),
    ("hằng năm", ("ongoing", [("", "2026-01-01", "2026-12-31")])),
])
def test_a_yearly_repeat_is_the_plan_years_occurrence(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize(("expression", "plan_year", "whole_year"), [
    ("Năm 2026 và hằng năm", 2026, 2026),
    ("2026, hằng năm", 2026, 2026),
    ("Năm 2025 và hàng năm", 2026, 2026),  # a year past: this plan's year is the one that counts
    ("Năm 2027, hằng năm", 2026, 2027),  # a year to come: nothing before it
])
def test_a_year_then_a_yearly_repeat(expression: str, plan_year: int, whole_year: int) -> None:
    schedule = parse_timeframe(expression, plan_year)
    assert slots(schedule) == [("", f"{whole_year}-01-01", f"{whole_year}-12-31")]
    assert schedule.kind is Kind.ONGOING and "năm" in schedule.note


@pytest.mark.parametrize("expression", [
    "ngày 15/12/2026 hằng năm",  # a year beside «hằng năm»: which year's occurrence?
    "Quý I/2026, quý III hằng năm",
    "Đầu năm, hằng năm",
])
def test_a_yearly_repeat_beside_a_written_year_is_refused(expression: str) -> None:
    assert refused(expression)
