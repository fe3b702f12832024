"""plan_data.grammar.frame: deadlines as written in the CCHC plan -> schedules for the plan year."""

import ast
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import plan_data.grammar.frame as timeframe
from plan_data.grammar.frame import Kind, NotUnderstood, Schedule, Slot, parse_timeframe

YEAR = 2026


def d(month_day: str, year: int = YEAR) -> date:
    return date.fromisoformat(f"{year}-{month_day}")


def spans(schedule: Schedule) -> list[tuple[date | None, date | None]]:
    return [(o.opens, o.due) for o in schedule.occurrences]


# ---------------------------------------------------------------- real phrasings, exact dates

DEADLINES = [
    ("Trước ngày 15/01/2026", "01-14"),
    ("trước ngày 30/6", "06-29"),
    ("chậm nhất ngày 20/11/2026", "11-20"),
    ("chậm nhất là ngày 20/11", "11-20"),
    ("đến ngày 20/11/2026", "11-20"),
    ("hạn 20/11/2026", "11-20"),
    ("trong ngày 20/11/2026", "11-20"),
    # beyond the plan's own rows
    ("Hoàn thành trước ngày 5/3", "03-04"),
    ("trước ngày 05/03/2026", "03-04"),
    ("Trước ngày 15 tháng 01 năm 2026", "01-14"),
    ("đến hết ngày 31/12/2026", "12-31"),
    ("hạn chót là ngày 20/11", "11-20"),
    ("chậm nhất 20/11/2026", "11-20"),
    ("20/11/2026", "11-20"),
    ("Ngày 20/11/2026", "11-20"),
    ("Trước ngày 15/3/2026 theo Kế hoạch số 310/KH-UBND ngày 24/11/2025", "03-14"),
]


@pytest.mark.parametrize(("expression", "due"), DEADLINES)
def test_deadline(expression: str, due: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.DEADLINE
    assert schedule.occurrences == (Slot(d(due)),)
    assert schedule.due == (d(due),)
    assert schedule.start is None
    assert schedule.expression == expression


WINDOWS = [
    ("Quý I/2026", "01-01", "03-31"),
    ("Quý I năm 2026", "01-01", "03-31"),
    ("Quý 1/2026", "01-01", "03-31"),
    ("Quý 1 năm 2026", "01-01", "03-31"),
    ("quý I", "01-01", "03-31"),
    ("Quý IV/2026", "10-01", "12-31"),
    ("Tháng 11", "11-01", "11-30"),
    ("Tháng 10 hàng năm", "10-01", "10-31"),
    ("Tháng 10/2026", "10-01", "10-31"),
    ("Tháng 10 năm 2026", "10-01", "10-31"),
    ("Tháng 7-9/2026", "07-01", "09-30"),
    ("Tháng 01/2026 đến tháng 5/2026", "01-01", "05-31"),
    ("Từ tháng 01 đến tháng 5/2026", "01-01", "05-31"),
    ("6 tháng đầu năm", "01-01", "06-30"),
    ("6 tháng cuối năm", "07-01", "12-31"),
    ("trong quý 2/2026", "04-01", "06-30"),
    ("Trong Quý II/2026", "04-01", "06-30"),
    # beyond the plan's own rows
    ("Quý III", "07-01", "09-30"),
    ("Quý 4 năm 2026", "10-01", "12-31"),
    ("Quý II-III/2026", "04-01", "09-30"),
    ("Tháng 2", "02-01", "02-28"),
    ("Tháng 7 - 9 năm 2026", "07-01", "09-30"),
    ("6 tháng đầu năm 2026", "01-01", "06-30"),
    ("Từ ngày 01/3/2026 đến ngày 15/3/2026", "03-01", "03-15"),
    ("*trong Quý I/2026*", "01-01", "03-31"),
    ("Quý I/2026 (trình UBND xã)", "01-01", "03-31"),
]


@pytest.mark.parametrize(("expression", "opens", "due"), WINDOWS)
def test_window(expression: str, opens: str, due: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.WINDOW
    assert schedule.occurrences == (Slot(d(due), d(opens)),)
    assert schedule.start == d(opens)
    assert schedule.due == (d(due),)


def test_window_across_years() -> None:
    schedule = parse_timeframe("giai đoạn 2026-2027", YEAR)
    assert schedule.kind is Kind.WINDOW
    assert spans(schedule) == [(date(2026, 1, 1), date(2027, 12, 31))]
    months = parse_timeframe("Tháng 11/2026 - 2/2027", YEAR)
    assert spans(months) == [(date(2026, 11, 1), date(2027, 2, 28))]
    days = parse_timeframe("Từ ngày 15/12/2026 đến ngày 15/01/2027", YEAR)
    assert spans(days) == [(date(2026, 12, 15), date(2027, 1, 15))]


def test_written_year_wins_over_plan_year() -> None:
    assert spans(parse_timeframe("Quý I/2027", YEAR)) == [(date(2027, 1, 1), date(2027, 3, 31))]
    assert parse_timeframe("Trước ngày 01/01/2026", YEAR).due == (date(2025, 12, 31),)


WHOLE_YEAR = [
    "Cả năm 2026",
    "Cả năm 2026/theo thời gian đánh giá của Bộ Y tế",
    "Năm 2026",
    "Trong năm 2026",
    "hằng năm",
    "hàng năm",
    "cả năm",
]


@pytest.mark.parametrize("expression", WHOLE_YEAR)
def test_whole_year_is_ongoing(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.ONGOING
    assert schedule.occurrences == (Slot(d("12-31"), d("01-01")),)
    assert schedule.start == d("01-01")


@pytest.mark.parametrize(
    "expression", ["Thường xuyên", "Thường xuyên, liên tục", "thường xuyên liên tục", "Hằng ngày"]
)
def test_continuous_work_has_no_due_date(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.ONGOING
    assert schedule.occurrences == (Slot(None, d("01-01")),)
    assert schedule.due == ()
    assert schedule.start == d("01-01")


EVENTS = [
    "Khi thành phố tổ chức",
    "Ngay sau khi thành phố ban hành Kế hoạch",
    "Khi có hướng dẫn",
    "Sau khi …",
    "Sau khi UBND thành phố phê duyệt",
    "Theo hướng dẫn của Trung ương và Kế hoạch số 310/KH-UBND ngày 24/11/2025 của UBND thành phố",
    "Theo chỉ đạo của UBND thành phố",
    "Theo kế hoạch của Sở Nội vụ",
    "Theo Kế hoạch số 12/KH-UBND ngày 15 tháng 01 năm 2026",
]


@pytest.mark.parametrize("expression", EVENTS)
def test_event(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.EVENT
    assert schedule.occurrences == (Slot(None),)
    assert schedule.due == ()
    assert schedule.start is None
    assert schedule.event_offset_days is None


@pytest.mark.parametrize(
    ("expression", "days"),
    [
        ("không quá 30 ngày kể từ ngày Quyết định được ban hành", 30),
        ("Không quá 30 ngày kể từ ngày Kế hoạch số 12/KH-UBND ngày 05/3/2026 ban hành", 30),
        ("không quá 30 ngày kể từ ngày … ban hành", 30),
        ("trong vòng 15 ngày kể từ ngày …", 15),
        ("Trong vòng 15 ngày kể từ ngày nhận được văn bản", 15),
    ],
)
def test_event_with_offset(expression: str, days: int) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.EVENT
    assert schedule.event_offset_days == days
    assert schedule.occurrences == (Slot(None),)


# ---------------------------------------------------------------- recurring

QUARTER_LABELS = ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]
QUARTER_OPENS = [d("01-01"), d("04-01"), d("07-01"), d("10-01")]
MONTH_OPENS = [date(YEAR, m, 1) for m in range(1, 13)]


@pytest.mark.parametrize(
    ("expression", "day"),
    [
        ("Trước ngày 05 của tháng cuối quý", 4),
        ("trước ngày 05 tháng cuối của quý", 4),
        ("chậm nhất ngày 20 của tháng cuối quý", 20),
        ("báo cáo Quý, báo cáo 6 tháng gửi trước ngày 05 tháng cuối của quý", 4),
        ("hằng quý trước ngày 05 của tháng cuối quý", 4),
        ("Định kỳ hằng quý, chậm nhất ngày 20 của tháng cuối quý", 20),
    ],
)
def test_day_of_last_month_of_each_quarter(expression: str, day: int) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert schedule.due == tuple(date(YEAR, m, day) for m in (3, 6, 9, 12))
    assert [o.opens for o in schedule.occurrences] == QUARTER_OPENS
    assert [o.label for o in schedule.occurrences] == QUARTER_LABELS
    assert schedule.start is None


@pytest.mark.parametrize(
    "expression", ["trước ngày 15 hằng tháng", "trước ngày 15 hàng tháng", "Trước ngày 15 của mỗi tháng"]
)
def test_day_of_each_month(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert schedule.due == tuple(date(YEAR, m, 14) for m in range(1, 13))
    assert [o.opens for o in schedule.occurrences] == MONTH_OPENS
    assert schedule.occurrences[2].label == "Tháng 3/2026"


def test_day_the_month_lacks_means_its_last_day() -> None:
    schedule = parse_timeframe("chậm nhất ngày 30 hằng tháng", YEAR)
    assert schedule.due[:3] == (d("01-30"), d("02-28"), d("03-30"))


@pytest.mark.parametrize("expression", ["hằng tháng", "hàng tháng", "Định kỳ hằng tháng", "mỗi tháng"])
def test_monthly(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert len(schedule.occurrences) == 12
    assert schedule.occurrences[1] == Slot(d("02-28"), d("02-01"), "Tháng 2/2026")
    assert schedule.occurrences[-1] == Slot(d("12-31"), d("12-01"), "Tháng 12/2026")
    assert [o.opens for o in schedule.occurrences] == MONTH_OPENS


@pytest.mark.parametrize("expression", ["hằng quý", "hàng quý", "định kỳ hằng quý"])
def test_quarterly(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert spans(schedule) == [
        (d("01-01"), d("03-31")),
        (d("04-01"), d("06-30")),
        (d("07-01"), d("09-30")),
        (d("10-01"), d("12-31")),
    ]
    assert [o.label for o in schedule.occurrences] == QUARTER_LABELS


@pytest.mark.parametrize("expression", ["định kỳ 6 tháng", "6 tháng một lần", "Định kỳ 6 tháng 1 lần"])
def test_semiannual(expression: str) -> None:
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert schedule.occurrences == (
        Slot(d("06-30"), d("01-01"), "6 tháng đầu năm 2026"),
        Slot(d("12-31"), d("07-01"), "6 tháng cuối năm 2026"),
    )


# ---------------------------------------------------------------- "A; B"


def test_parts_union_merges_duplicate_dates() -> None:
    expression = "Trước ngày 05 của tháng cuối quý; báo cáo năm trước ngày 05/12/2026"
    schedule = parse_timeframe(expression, YEAR)
    assert schedule.kind is Kind.RECURRING
    assert schedule.due == (d("03-04"), d("06-04"), d("09-04"), d("12-04"))
    assert schedule.occurrences[-1].label == "Quý IV/2026"
    assert schedule.expression == expression


def test_parts_union_sorts_dates() -> None:
    schedule = parse_timeframe("Quý IV/2026; trước ngày 15/01/2026", YEAR)
    assert schedule.kind is Kind.RECURRING
    assert schedule.due == (d("01-14"), d("12-31"))


def test_parts_with_one_date_left_give_that_parts_schedule() -> None:
    schedule = parse_timeframe("Thường xuyên; Quý I/2026", YEAR)
    assert schedule.kind is Kind.WINDOW
    assert spans(schedule) == [(d("01-01"), d("03-31"))]
    assert schedule.expression == "Thường xuyên; Quý I/2026"
    assert parse_timeframe("Quý I/2026;", YEAR).kind is Kind.WINDOW


def test_one_unreadable_part_makes_the_whole_unreadable() -> None:
    with pytest.raises(NotUnderstood):
        parse_timeframe("Quý I/2026; sớm", YEAR)


# ---------------------------------------------------------------- refusals

NOT_UNDERSTOOD = [
    "",
    "   ",
    "abc",
    "sớm",
    "Quý V/2026",
    "Quý 5",
    "Quý 12",
    "Tháng 13",
    "Tháng 0",
    "Trước ngày 31/02/2026",
    "Trước ngày 15/13/2026",
    "ngày mai",
    ";",
    "Kế hoạch số 310/KH-UBND ngày 24/11/2025",  # a signing date is not a deadline
    "Quyết định số /QĐ-UBND ngày tháng 01 năm 2026",
    "Sau ngày 15/3/2026",
    "Từ ngày 15/3/2026",
    "Đầu tháng 3",
    "Cuối quý II",
    "Quý I/2026, nộp báo cáo ngày 15/7",  # a second date in a remark must not be dropped silently
    # («Quý I/2026, quý II/2026» is a list of quarters, each its own occurrence: test_time_classes)
    "Trước ngày 15/3 hoặc khi có hướng dẫn",
    "Tháng 10 năm sau nữa",  # «năm sau» is the plan year + 1 (test_time_classes); «năm sau nữa» is not said
    "trong vòng 10 ngày làm việc kể từ ngày nhận hồ sơ",  # working days are not calendar days
    "trước ngày 01 hằng tháng",
    "Tháng 5 - 2/2026",
    "Quý III-II/2026",
    "hằng tháng trước ngày 05 của tháng cuối quý",
    "Quý I/2026 theo Kế hoạch; abc",
    "Trước ngày 15/3/0001",
]


@pytest.mark.parametrize("expression", NOT_UNDERSTOOD)
def test_not_understood(expression: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        parse_timeframe(expression, YEAR)
    assert caught.value.expression == expression.strip()
    assert str(caught.value).startswith("Không hiểu thời hạn «")
    assert "Quý I/2026" in str(caught.value)


def test_not_understood_is_a_value_error() -> None:
    assert issubclass(NotUnderstood, ValueError)


# ---------------------------------------------------------------- spelling variants

ALL_READABLE = (
    [row[0] for row in DEADLINES]
    + [row[0] for row in WINDOWS]
    + WHOLE_YEAR
    + EVENTS
    + ["Trước ngày 05 của tháng cuối quý", "hằng tháng", "hằng quý", "định kỳ 6 tháng", "Thường xuyên"]
)


def _same(a: Schedule, b: Schedule) -> bool:
    return (a.kind, a.occurrences, a.event_offset_days) == (b.kind, b.occurrences, b.event_offset_days)


@pytest.mark.parametrize("expression", ALL_READABLE)
def test_decomposed_and_capitalised_spellings_read_the_same(expression: str) -> None:
    expected = parse_timeframe(expression, YEAR)
    for variant in (unicodedata.normalize("NFD", expression), expression.upper(), f"  {expression}\t\n"):
        assert _same(parse_timeframe(variant, YEAR), expected), variant


def test_accent_placement_does_not_matter() -> None:
    # "hoá" (old style) and "hóa" (new style) are different code points but the same word.
    old = parse_timeframe("Chuẩn hoá quy trình trước ngày 15/3", YEAR)
    new = parse_timeframe("Chuẩn hóa quy trình trước ngày 15/3", YEAR)
    assert old.due == new.due == (d("03-14"),)


@pytest.mark.parametrize(
    ("roman", "arabic", "opens", "due"),
    [
        ("I", "1", "01-01", "03-31"),
        ("II", "2", "04-01", "06-30"),
        ("III", "3", "07-01", "09-30"),
        ("IV", "4", "10-01", "12-31"),
    ],
)
def test_roman_and_arabic_quarters(roman: str, arabic: str, opens: str, due: str) -> None:
    for expression in (
        f"Quý {roman}/2026",
        f"Quý {arabic}/2026",
        f"quý {roman.lower()} năm 2026",
        f"Quý {arabic}",
    ):
        assert spans(parse_timeframe(expression, YEAR)) == [(d(opens), d(due))], expression


def test_dashes_and_spacing_variants() -> None:
    for expression in ("Tháng 7–9/2026", "Tháng 7—9/2026", "Tháng 7 - 9 / 2026", "Tháng  7-9/2026"):
        assert spans(parse_timeframe(expression, YEAR)) == [(d("07-01"), d("09-30"))], expression


def test_dates_are_day_first() -> None:
    assert parse_timeframe("trước ngày 5/3", YEAR).due == (d("03-04"),)
    assert parse_timeframe("chậm nhất ngày 05/03/2026", YEAR).due == (d("03-05"),)


def test_plan_year_fills_dates_without_year() -> None:
    assert parse_timeframe("trước ngày 30/6", 2027).due == (date(2027, 6, 29),)
    assert spans(parse_timeframe("Tháng 2", 2028)) == [(date(2028, 2, 1), date(2028, 2, 29))]


# ---------------------------------------------------------------- properties

VOCABULARY = [
    "trước",
    "ngày",
    "chậm nhất",
    "là",
    "đến",
    "hạn",
    "tháng",
    "quý",
    "năm",
    "hằng",
    "hàng",
    "cuối",
    "đầu",
    "của",
    "6",
    "I",
    "IV",
    "V",
    "1",
    "05",
    "15",
    "31",
    "13",
    "0",
    "2026",
    "9999",
    "/",
    "-",
    ";",
    ",",
    "từ",
    "khi",
    "sau",
    "theo",
    "hướng dẫn",
    "Kế hoạch số 1/KH",
    "không quá",
    "trong vòng",
    "kể từ",
    "giai đoạn",
    "thường xuyên",
    "định kỳ",
    "một lần",
    "cả",
    "trong",
    "báo cáo",
    "…",
    "05/12/2026",
    "31/02",
    "7-9/2026",
]


@given(st.text())
@example("Trước ngày 15/3/0001")
@example("trước ngày 01/01/1900")
def test_any_text_is_read_or_refused(text: str) -> None:
    _check_read_or_refused(text)


@given(st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join))
def test_any_mix_of_plan_words_is_read_or_refused(text: str) -> None:
    _check_read_or_refused(text)


def _check_read_or_refused(text: str) -> None:
    try:
        schedule = parse_timeframe(text, YEAR)
    except NotUnderstood as refused:
        assert refused.expression == text.strip()
        return
    assert isinstance(schedule, Schedule)
    assert schedule.occurrences
    assert list(schedule.due) == sorted(schedule.due)
    for occurrence in schedule.occurrences:
        if occurrence.opens and occurrence.due:
            assert occurrence.opens <= occurrence.due


@given(st.dates(min_value=date(2026, 1, 2), max_value=date(2026, 12, 31)))
def test_truoc_ngay_is_due_the_day_before(day: date) -> None:
    schedule = parse_timeframe(f"Trước ngày {day:%d/%m/%Y}", YEAR)
    assert schedule.kind is Kind.DEADLINE
    assert schedule.due == (day - timedelta(days=1),)


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
def test_cham_nhat_ngay_is_due_that_day(day: date) -> None:
    assert parse_timeframe(f"chậm nhất ngày {day.day}/{day.month}", YEAR).due == (day,)


# ---------------------------------------------------------------- purity


GRAMMAR = sorted(Path(timeframe.__file__).parent.glob("*.py"))


def test_the_grammar_package_is_all_found() -> None:
    assert {p.stem for p in GRAMMAR} >= {"frame", "rules", "phrases", "compose", "lists", "parts", "qualify"}


@pytest.mark.parametrize("module", GRAMMAR, ids=lambda p: p.stem)
def test_module_is_pure(module: Path) -> None:
    """The entry point and every module of the grammar behind it (parts, phrases, lists, …)."""
    source = module.read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "bisect", "calendar", "re", "unicodedata", "collections", "dataclasses",
                        "datetime", "enum", "plan_data"}
    assert "now(" not in source
    assert "today(" not in source
