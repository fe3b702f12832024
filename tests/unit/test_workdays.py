"""plan_data.workdays: Vietnamese working days, holidays and swapped days."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.workdays import WorkCalendar

CAL = WorkCalendar(years=[2026])


def d(month_day: str, year: int = 2026) -> date:
    return date.fromisoformat(f"{year}-{month_day}")


DAYS_OFF_2026 = [
    ("01-01", "Tết Dương lịch"),
    ("02-16", "Giao thừa Tết Nguyên Đán"),
    ("02-17", "Tết Nguyên Đán"),
    ("02-18", "Mùng hai Tết Nguyên Đán"),
    ("02-19", "Mùng ba Tết Nguyên Đán"),
    ("02-20", "Mùng bốn Tết Nguyên Đán"),
    ("04-27", "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),  # Giỗ Tổ falls on Sunday 26/4
    ("04-30", "Ngày Chiến thắng"),
    ("05-01", "Ngày Quốc tế Lao động"),
    ("08-31", "Ngày nghỉ (thay cho ngày 22/08/2026)"),  # swapped with Saturday 22/8
    ("09-01", "Quốc khánh"),
    ("09-02", "Quốc khánh"),
    ("11-24", "Ngày Văn hóa Việt Nam"),
]


@pytest.mark.parametrize(("month_day", "name"), DAYS_OFF_2026)
def test_public_holidays_of_2026_are_days_off(month_day: str, name: str) -> None:
    assert not CAL.is_working_day(d(month_day))
    assert CAL.holiday_name(d(month_day)) == name


@pytest.mark.parametrize(
    ("month_day", "working"),
    [
        ("03-02", True),  # an ordinary Monday
        ("02-13", True),  # the Friday before Tết
        ("02-23", True),  # the Monday after Tết
        ("03-07", False),  # Saturday
        ("03-08", False),  # Sunday
        ("04-26", False),  # Giỗ Tổ on a Sunday
        ("08-22", True),  # the make-up Saturday for 31/8
        ("08-23", False),  # the Sunday after it is still off
    ],
)
def test_is_working_day(month_day: str, working: bool) -> None:
    assert CAL.is_working_day(d(month_day)) is working


def test_holiday_name_is_none_on_working_days_and_plain_weekends() -> None:
    assert CAL.holiday_name(d("03-02")) is None
    assert CAL.holiday_name(d("03-07")) is None
    assert CAL.holiday_name(d("08-22")) is None  # worked, though a Saturday
    assert CAL.holiday_name(d("04-26")) == "Ngày Giỗ Tổ Hùng Vương"  # a holiday on a Sunday


def test_working_days_in_2026() -> None:
    # 261 weekdays, 13 of them public holidays or days off, plus the worked Saturday 22/8.
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 249


def test_swapped_saturdays_of_other_years() -> None:
    cal = WorkCalendar()
    assert cal.is_working_day(date(2025, 4, 26))  # worked for Friday 2/5/2025
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.is_working_day(date(2024, 5, 4))  # worked for Monday 29/4/2024
    assert not cal.is_working_day(date(2024, 4, 29))


@pytest.mark.parametrize("year", range(2015, 2036))
def test_agrees_with_the_holidays_package_for_every_day(year: int) -> None:
    # The package's own is_working_day (weekends, holidays, swapped Saturdays) is the oracle.
    cal = WorkCalendar()
    oracle = holidays.country_holidays("VN", years=year)
    day = date(year, 1, 1)
    while day.year == year:
        assert cal.is_working_day(day) is oracle.is_working_day(day), day
        day += timedelta(days=1)


def test_lunar_new_year_moves_with_the_lunar_calendar() -> None:
    cal = WorkCalendar()
    assert cal.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert cal.holiday_name(date(2025, 1, 29)) == "Tết Nguyên Đán"
    assert cal.is_working_day(date(2026, 1, 29))  # the 2025 date is an ordinary day in 2026


@pytest.mark.parametrize(
    ("day", "previous", "following"),
    [
        ("03-02", "03-02", "03-02"),  # a working day is its own answer
        ("02-18", "02-13", "02-23"),  # inside Tết
        ("02-14", "02-13", "02-23"),  # the weekend before Tết
        ("05-02", "04-29", "05-04"),  # 30/4, 1/5 and a weekend
        ("08-30", "08-28", "09-03"),  # Sunday, swapped Monday 31/8, then 1-2/9
        ("08-23", "08-22", "08-24"),  # back to the worked Saturday
    ],
)
def test_previous_and_next_working_day(day: str, previous: str, following: str) -> None:
    assert CAL.previous_working_day(d(day)) == d(previous)
    assert CAL.next_working_day(d(day)) == d(following)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (d("03-02"), 0, d("03-02")),
        (d("03-07"), 0, d("03-07")),  # zero days after a Saturday is that Saturday
        (d("03-02"), 1, d("03-03")),
        (d("03-06"), 1, d("03-09")),  # Friday -> Monday
        (d("02-13"), 1, d("02-23")),  # over Tết
        (d("02-13"), 6, d("03-02")),
        (d("12-31"), 1, date(2027, 1, 4)),  # over New Year and a weekend
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert WorkCalendar().add_working_days(start, n) == expected


def _nth_working_day_by_hand(cal: WorkCalendar, start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= cal.is_working_day(day)
    return day


def test_add_working_days_refuses_negative_n() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_working_days(d("03-02"), -1)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("02-13", "02-23", 1),  # (Fri, Mon after Tết]
        ("02-13", "02-13", 0),
        ("02-23", "02-13", 0),  # an empty interval
        ("03-01", "03-31", 22),
        ("08-21", "08-24", 2),  # the worked Saturday counts
    ],
)
def test_working_days_between(start: str, end: str, count: int) -> None:
    assert CAL.working_days_between(d(start), d(end)) == count


DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=DATES, end=DATES)
def test_working_days_between_counts_day_by_day(start: date, end: date) -> None:
    expected = sum(CAL.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert CAL.working_days_between(start, end) == expected


@settings(max_examples=300, deadline=None)
@given(start=DATES, n=st.integers(0, 600))
def test_add_working_days_is_the_inverse_of_counting(start: date, n: int) -> None:
    result = CAL.add_working_days(start, n)
    assert result == _nth_working_day_by_hand(CAL, start, n)
    assert CAL.working_days_between(start, result) == n
    if n:
        assert CAL.is_working_day(result)


def test_extra_days_off_and_working_days() -> None:
    cal = WorkCalendar(extra_days_off=[d("03-03")], extra_working_days=[d("03-07"), d("02-17")])
    assert not cal.is_working_day(d("03-03"))
    assert cal.holiday_name(d("03-03")) == "Ngày nghỉ bổ sung"
    assert cal.is_working_day(d("03-07"))
    assert cal.is_working_day(d("02-17"))  # declared worked, though Tết
    assert cal.holiday_name(d("02-17")) is None
    assert cal.add_working_days(d("03-02"), 1) == d("03-04")
    assert cal.next_working_day(d("03-07")) == d("03-07")


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(ValueError, match="2026-03-03"):
        WorkCalendar(extra_days_off=[d("03-03")], extra_working_days=[d("03-03")])


def test_years_are_loaded_lazily_and_cached() -> None:
    cal = WorkCalendar()
    assert cal._years == {}
    cal.is_working_day(date(2031, 6, 2))
    first = cal._years[2031]
    cal.next_working_day(date(2031, 6, 1))
    assert cal._years[2031] is first
    assert set(cal._years) == {2031}
