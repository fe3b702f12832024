"""bot/dates.py: the dates officers type, read against a fixed Monday."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.dates import parse_user_date, split_date_prefix
from plan_data.folding import fold

TODAY = date(2026, 11, 23)  # a Monday
D = date

READ = [
    # numbers, day before month
    ("20/11", D(2026, 11, 20)),
    ("20/11/2026", D(2026, 11, 20)),
    ("20-11-2026", D(2026, 11, 20)),
    ("20.11", D(2026, 11, 20)),
    ("20 / 11", D(2026, 11, 20)),
    ("1/1/27", D(2027, 1, 1)),
    ("20/1", D(2026, 1, 20)),  # already past, still this year: the plan is yearly
    ("20/11/2025", D(2025, 11, 20)),
    ("20/11/2028", D(2028, 11, 20)),
    ("20/11.", D(2026, 11, 20)),
    # words
    ("ngày 20 tháng 11", D(2026, 11, 20)),
    ("ngay 20 thang 11 nam 2026", D(2026, 11, 20)),
    ("NGÀY 20 THÁNG 11 NĂM 2027", D(2027, 11, 20)),
    ("20 tháng 11 2026", D(2026, 11, 20)),
    ("15 tháng sáu", D(2026, 6, 15)),
    ("ngày 2 tháng mười hai", D(2026, 12, 2)),
    ("đến 30/6", D(2026, 6, 30)),
    ("trước ngày 30/6/2027", D(2027, 6, 30)),
    # weekdays
    ("thứ hai tuần sau", D(2026, 11, 30)),
    ("thu 2 tuan sau", D(2026, 11, 30)),
    ("Thứ Hai tuần tới", D(2026, 11, 30)),
    ("thứ sáu", D(2026, 11, 27)),
    ("thu 6", D(2026, 11, 27)),
    ("t6 tuần sau", D(2026, 12, 4)),
    ("thứ hai", D(2026, 11, 23)),  # today is Monday: the coming Monday is today
    ("thứ tư", D(2026, 11, 25)),
    ("thứ bảy tuần này", D(2026, 11, 28)),
    ("chủ nhật", D(2026, 11, 29)),
    ("CN", D(2026, 11, 29)),
    ("vào thứ năm", D(2026, 11, 26)),
    # relative
    ("3 ngày nữa", D(2026, 11, 26)),
    ("1 tuần nữa", D(2026, 11, 30)),
    ("hai ngày nữa", D(2026, 11, 25)),
    ("sau 10 ngày", D(2026, 12, 3)),
    ("2 tháng nữa", D(2027, 1, 23)),
    ("ngày mai", D(2026, 11, 24)),
    ("mai", D(2026, 11, 24)),
    ("hôm nay", D(2026, 11, 23)),
    ("ngày kia", D(2026, 11, 25)),
    # edges of months, quarters, years
    ("cuối tháng 12", D(2026, 12, 31)),
    ("cuối tháng", D(2026, 11, 30)),
    ("cuối tháng sau", D(2026, 12, 31)),
    ("cuối tháng sáu", D(2026, 6, 30)),  # with its accent "sáu" is June, not "next"
    ("đầu tháng 12", D(2026, 12, 1)),
    ("dau thang sau", D(2026, 12, 1)),
    ("giữa tháng 12", D(2026, 12, 15)),
    ("cuối tháng 2 năm 2028", D(2028, 2, 29)),
    ("cuối quý", D(2026, 12, 31)),
    ("cuối quý 2", D(2026, 6, 30)),
    ("cuối quý II", D(2026, 6, 30)),
    ("đầu quý sau", D(2027, 1, 1)),
    ("cuối năm", D(2026, 12, 31)),
    ("đầu năm sau", D(2027, 1, 1)),
    # left to dateparser
    ("tuần sau", D(2026, 11, 30)),
]


@pytest.mark.parametrize(("text", "expected"), READ)
def test_reads_what_officers_type(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY) == expected


@pytest.mark.parametrize(("text", "expected"), READ)
def test_reads_it_decomposed_unaccented_and_in_capitals(text: str, expected: date) -> None:
    assert parse_user_date(unicodedata.normalize("NFD", text), TODAY) == expected
    if "sáu" not in text.lower():  # folded, "sáu" (June) becomes "sau" (next): a different date
        assert parse_user_date(fold(text), TODAY) == expected
        assert parse_user_date(fold(text).upper(), TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02", "29/2", "30/2/2028", "00/11", "32/1", "20/13", "0/0",
        "20/11/2024", "20/11/2035", "20 tháng 11 năm 2035",  # far from the plan's year: a typo
        "tháng 12 năm 2035",  # dateparser reads it, the year window refuses it
        "thứ 8", "abc", "", "   ", "17", "xong 17", "chờ hướng dẫn", "30/6 chờ hướng dẫn", "x" * 500,
    ],
)
def test_refuses_what_is_not_a_date(text: str) -> None:
    assert parse_user_date(text, TODAY) is None


def test_year_window_can_be_switched_off_for_syntax_checks() -> None:
    assert parse_user_date("20/11/2035", TODAY, check_year=False) == D(2035, 11, 20)


def test_cuoi_thang_follows_today() -> None:
    assert parse_user_date("cuối tháng", D(2028, 2, 10)) == D(2028, 2, 29)
    assert parse_user_date("cuối quý", D(2026, 2, 10)) == D(2026, 3, 31)
    assert parse_user_date("cuối tháng sau", D(2026, 12, 5)) == D(2027, 1, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/6 chờ hướng dẫn của thành phố", ("30/6", "chờ hướng dẫn của thành phố")),
        ("thứ 6 tuần sau, do bận", ("thứ 6 tuần sau", "do bận")),
        ("ngày 20 tháng 11 năm 2026 lý do", ("ngày 20 tháng 11 năm 2026", "lý do")),
        ("cuối tháng 12 để tổng hợp", ("cuối tháng 12", "để tổng hợp")),
        ("30/6", ("30/6", "")),
        ("3 ngày nữa - chờ ký", ("3 ngày nữa", "chờ ký")),
    ],
)
def test_split_takes_the_longest_date_prefix(text: str, expected: tuple[str, str]) -> None:
    assert split_date_prefix(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "chờ hướng dẫn", "lý do 30/6", "31/02 chờ"])
def test_split_without_a_leading_date(text: str) -> None:
    assert split_date_prefix(text, TODAY) is None


DATE_WORDS = ["ngày", "ngay", "tháng", "thang", "năm", "nam", "thứ", "thu", "tuần", "tuan", "sau", "sáu",
              "tới", "nữa", "cuối", "đầu", "quý", "mai", "hôm", "nay", "cn", "t6", "/", "-", ".", "20", "11",
              "31", "2", "2026", "99", "0", "chờ", "xong", "II", "iv"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(DATE_WORDS), max_size=7).map(" ".join)))
def test_never_raises(text: str) -> None:
    found = parse_user_date(text, TODAY)
    assert found is None or TODAY.year - 1 <= found.year <= TODAY.year + 2
    split = split_date_prefix(text, TODAY)
    if split is not None:
        assert parse_user_date(split[0], TODAY) is not None


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.lists(st.sampled_from(DATE_WORDS), max_size=6).map(" ".join))
def test_never_raises_whatever_today_is(today: date, text: str) -> None:
    parse_user_date(text, today)
    parse_user_date(text, today, check_year=False)


def test_edges_of_the_calendar() -> None:
    assert parse_user_date("3 ngày nữa", date.max) is None
    assert parse_user_date("hôm nay", date.max) == date.max


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_any_written_date_round_trips(day: date, sep: str) -> None:
    assert parse_user_date(f"{day.day}{sep}{day.month}{sep}{day.year}", TODAY) == day
    assert parse_user_date(f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", TODAY) == day


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)), st.integers(0, 6))
def test_weekday_is_the_coming_one(today: date, weekday: int) -> None:
    names = ["thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật"]
    found = parse_user_date(names[weekday], today)
    assert found is not None and found.weekday() == weekday and 0 <= (found - today).days < 7
    next_week = parse_user_date(f"{names[weekday]} tuần sau", today)
    assert next_week == today - timedelta(days=today.weekday()) + timedelta(days=7 + weekday)
