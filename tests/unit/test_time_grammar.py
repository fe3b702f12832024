"""The composed time grammar: each kind of phrase real plans write, as a table; never a wrong date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.grammar.frame import Kind, NotUnderstood, Schedule, parse_timeframe


def shown(schedule: Schedule) -> tuple[str, str | None, list[str]]:
    start = schedule.start
    return schedule.kind.value, start.isoformat() if start else None, [d.isoformat() for d in schedule.due]


def read(expression: str, year: int = 2025) -> tuple[str, str | None, list[str]]:
    return shown(parse_timeframe(expression, year))


WHOLE_YEAR_2025 = ("ongoing", "2025-01-01", ["2025-12-31"])


@pytest.mark.parametrize(
    ("expression", "expected"),
    [  # a period: a bare year, a range of years, "giai đoạn", a quarter written with a dash or "Quí"
        ("2025", WHOLE_YEAR_2025),
        ("Năm 2026", ("ongoing", "2026-01-01", ["2026-12-31"])),
        ("2025 - 2030", ("window", "2025-01-01", ["2030-12-31"])),
        ("2026-2028", ("window", "2026-01-01", ["2028-12-31"])),
        ("Giai đoạn 2026 - 2030", ("window", "2026-01-01", ["2030-12-31"])),
        ("Từ năm 2026 - 2030.", ("window", "2026-01-01", ["2030-12-31"])),
        ("Quí IV-2025", ("window", "2025-10-01", ["2025-12-31"])),
        ("Quý IV/2025- Quý II/2026", ("window", "2025-10-01", ["2026-06-30"])),
        ("Quý III Năm 2026", ("window", "2026-07-01", ["2026-09-30"])),
        ("Tháng 11 - 12/2025", ("window", "2025-11-01", ["2025-12-31"])),
    ],
)
def test_periods(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [  # anchors: before a year, to the end of a year, from … with no end, from … until an event
        ("Trước năm 2030", ("deadline", None, ["2029-12-31"])),
        ("Từ nay đến hết năm 2025", ("deadline", None, ["2025-12-31"])),
        ("Từ 01/7/2025", ("ongoing", "2025-07-01", [])),
        ("Từ tháng 3/2026", ("ongoing", "2026-03-01", [])),
        ("Từ quý II/2026", ("ongoing", "2026-04-01", [])),
        ("Triển khai từ năm 2026", ("ongoing", "2026-01-01", [])),
        ("Bắt đầu triển khai từ năm 2026", ("ongoing", "2026-01-01", [])),
        ("Từ tháng 10/2025 đến khi kết thúc kiểm kê", ("ongoing", "2025-10-01", [])),
        ("Sau năm 2028", ("ongoing", "2029-01-01", [])),
    ],
)
def test_anchors_and_open_ranges(expression: str, expected) -> None:
    assert read(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [  # qualifiers: the following years, "(nếu có)", a follow-up clause kept as text
        ("Năm 2025 và các năm tiếp theo", ("ongoing", "2025-01-01", [])),
        ("Quý IV năm 2025 và các năm tiếp theo", ("ongoing", "2025-10-01", [])),
        ("Giai đoạn 2026-2030 và những năm tiếp theo", ("ongoing", "2026-01-01", [])),
        ("Thực hiện trong năm 2026 và có rà soát, bổ sung, điều chỉnh (nếu có)", ("ongoing", "2026-01-01", ["2026-12-31"])),
        ("Giai đoạn 2026 - 2027. Thực hiện rà soát, cập nhật các hướng dẫn kỹ thuật (nếu có)",
         ("window", "2026-01-01", ["2027-12-31"])),
        ("Hoàn thành đầu tư giai đoạn 2026 - 2027, vận hành thường xuyên, liên tục, hiệu quả",
         ("window", "2026-01-01", ["2027-12-31"])),
        ("Triển khai từ năm 2026 và thực hiện thường xuyên, liên tục", ("ongoing", "2026-01-01", [])),
        ("Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành", ("event", None, [])),
    ],
)
def test_qualifiers_and_follow_ups(expression: str, expected) -> None:
    assert read(expression, 2026 if "2026" in expression else 2025) == expected


def test_a_follow_up_is_kept_as_text() -> None:
    schedule = parse_timeframe("Hoàn thành trong quý I năm 2026 và có rà soát, sửa đổi, bổ sung trong các năm "
                               "tiếp theo (nếu có)", 2026)
    assert shown(schedule) == ("window", "2026-01-01", ["2026-03-31"])
    assert "có rà soát" in schedule.note and "các năm tiếp theo" in schedule.note


@pytest.mark.parametrize(
    ("expression", "due"),
    [  # lists joined by "và" or a comma: each its own occurrence, a missing year taken from the part that has one
        ("Quý II và Quý IV/2026", ["2026-06-30", "2026-12-31"]),
        ("Quý I/2026, quý II/2026", ["2026-03-31", "2026-06-30"]),  # refused before lists were read
        ("Quý II, Quý IV/2026", ["2026-06-30", "2026-12-31"]),
        ("Tháng 6 và tháng 12/2026", ["2026-06-30", "2026-12-31"]),
        ("tháng 6 và 12/2026", ["2026-06-30", "2026-12-31"]),
        ("Trước ngày 15/6 và 15/12", ["2025-06-14", "2025-12-14"]),
    ],
)
def test_lists(expression: str, due: list[str]) -> None:
    assert read(expression)[0] == "recurring" and read(expression)[2] == due


@pytest.mark.parametrize(
    "expression",
    [  # what it cannot read is still said, and nothing is guessed
        "Quý I/2026, báo cáo ngày 15/7",  # two dated parts of different kinds joined by a bare comma
        "Từ ngày 15/3/2026",
        "Đầu năm 2026",
        "Cuối quý II",
        "Sau ngày 15/3/2026",
        "Hằng tháng trước ngày 05 của tháng cuối quý",
        "Quý I/2026 và abc 5",
        "Trước ngày 15/3 hoặc khi có hướng dẫn",
        "Quý II, tháng 11/2026",  # a quarter, then a month: no list
        "trong vòng 10 ngày làm việc kể từ ngày nhận hồ sơ",
    ],
)
def test_refused_rather_than_guessed(expression: str) -> None:
    with pytest.raises(NotUnderstood):
        parse_timeframe(expression, 2026)


@pytest.mark.parametrize(
    ("expression", "latest"),
    [  # meaning uncertain: whatever it reads, no date later than the plan allows
        ("Thí điểm trong giai đoạn 2026 - 2027 và thực hiện mở rộng sau năm 2028", date(2027, 12, 31)),
        ("Mạng lưới quan trắc được đầu tư, hoàn thành trước năm 2027 và vận hành thường xuyên, liên tục.",
         date(2026, 12, 31)),
        ("Hoàn thành kiểm kê lần đầu trong năm 2026. Định kỳ cập nhật kết quả kiểm kê (nếu có)", date(2026, 12, 31)),
    ],
)
def test_uncertain_phrases_give_no_wrong_date(expression: str, latest: date) -> None:
    try:
        schedule = parse_timeframe(expression, 2026)
    except NotUnderstood:
        return
    assert all(d <= latest for d in schedule.due)


def test_the_seed_forms_read_as_before() -> None:
    assert read("Trước ngày 05 của tháng cuối quý", 2026)[2] == ["2026-03-04", "2026-06-04", "2026-09-04", "2026-12-04"]
    assert read("Tháng 7-9/2026", 2026) == ("window", "2026-07-01", ["2026-09-30"])
    assert parse_timeframe("Cả năm 2026", 2026).kind is Kind.ONGOING


CLAUSES = st.sampled_from(["Quý I/2026", "Quí IV-2025", "2026", "2025 - 2030", "từ năm 2026", "trước năm 2030",
                           "và", ",", ".", "các năm tiếp theo", "(nếu có)", "thường xuyên", "đến khi", "hằng năm",
                           "đầu", "sau", "tháng 13", "ngày 31/02", "Triển khai", "hoặc", "15/6", "theo lộ trình"])


@settings(deadline=None)
@given(st.lists(CLAUSES, max_size=9).map(" ".join))
def test_any_mix_of_clauses_is_read_or_refused(text: str) -> None:
    try:
        schedule = parse_timeframe(text, 2026)
    except NotUnderstood as refused:
        assert refused.expression == text.strip()
        return
    assert schedule.occurrences and list(schedule.due) == sorted(schedule.due)
    for occurrence in schedule.occurrences:
        assert not (occurrence.opens and occurrence.due) or occurrence.opens <= occurrence.due


@settings(deadline=None)
@given(st.text(alphabet="0123456789/.- quýthángnămtừđếnvàcác,()IVX", max_size=60))
def test_long_runs_of_digits_and_separators_are_read_or_refused(text: str) -> None:
    """The patterns nest no quantifiers, so such runs end (a backtracking blow-up would hang the suite)."""
    try:
        parse_timeframe(text * 3, 2026)
    except NotUnderstood as refused:
        assert refused.expression == (text * 3).strip()
