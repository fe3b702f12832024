"""Issue 22's phrase classes as properties: phrases composed at random from their parts (labels, anchors,
periods, separators, years, remarks, references) are read as the parts say, or refused; never a wrong date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.grammar.frame import Kind, NotUnderstood, Schedule, parse_timeframe

ROMAN = ("I", "II", "III", "IV")
LABELS = st.sampled_from(["", "Hoàn thành ", "Báo cáo kết quả ", "Tổ chức thực hiện ", "Trình UBND xã "])
REMARKS = st.sampled_from(["", " (đối với các xã chưa hoàn thành)", " (nếu có)", " (Sở Tư pháp tổng hợp)",
                           " (báo cáo theo quy định)"])
SEPARATORS = st.sampled_from([", ", " và ", ", và "])
PLAN_YEARS = st.integers(2024, 2030)
YEARS = st.integers(2025, 2028)


def read_or_none(text: str, year: int) -> Schedule | None:
    try:
        return parse_timeframe(text, year)
    except NotUnderstood as refused:
        assert refused.expression == text.strip()
        return None


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    last = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
    return date(year, 3 * q - 2, 1), last


def month_bounds(year: int, m: int) -> tuple[date, date]:
    return date(year, m, 1), date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


def written_year(year: int, style: str) -> str:
    return f"/{year}" if style == "/" else f" năm {year}"


@st.composite
def quarter_lists(draw) -> tuple[str, int, list[int]]:
    quarters = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4, unique=True).map(sorted))
    year, style = draw(YEARS), draw(st.sampled_from(["/", " năm"]))
    every_year = draw(st.booleans())  # a year on every item, or only on the last
    items = []
    for i, q in enumerate(quarters):
        name = draw(st.sampled_from([ROMAN[q - 1], str(q)]))
        head = "Quý " if i == 0 else draw(st.sampled_from(["", "quý ", "Quý "]))
        tail = written_year(year, style) if every_year or i == len(quarters) - 1 else ""
        items.append(f"{head}{name}{tail}")
    text = items[0] + "".join(draw(SEPARATORS) + item for item in items[1:])
    return draw(LABELS) + text + draw(REMARKS), year, quarters


@settings(deadline=None)
@given(quarter_lists(), PLAN_YEARS)
def test_every_composed_list_of_quarters_gives_exactly_those_quarters(case, plan_year: int) -> None:
    text, year, quarters = case
    schedule = parse_timeframe(text, plan_year)
    assert schedule.kind is Kind.RECURRING
    assert [(o.opens, o.due) for o in schedule.occurrences] == [quarter_bounds(year, q) for q in quarters]
    assert [o.label for o in schedule.occurrences] == [f"Quý {ROMAN[q - 1]}/{year}" for q in quarters]


@st.composite
def month_lists(draw) -> tuple[str, int | None, list[int]]:
    months = draw(st.lists(st.integers(1, 12), min_size=2, max_size=5, unique=True).map(sorted))
    year = draw(st.none() | YEARS)
    items = [("Tháng " if i == 0 else draw(st.sampled_from(["", "tháng "]))) + str(m) for i, m in enumerate(months)]
    if year is not None:
        items[-1] += written_year(year, draw(st.sampled_from(["/", " năm"])))
    text = items[0] + "".join(draw(SEPARATORS) + item for item in items[1:])
    yearly = year is None and draw(st.booleans())
    return draw(LABELS) + text + (" hằng năm" if yearly else "") + draw(REMARKS), year, months


@settings(deadline=None)
@given(month_lists(), PLAN_YEARS)
def test_every_composed_list_of_months_gives_exactly_those_months(case, plan_year: int) -> None:
    text, year, months = case
    schedule = parse_timeframe(text, plan_year)
    assert schedule.kind is Kind.RECURRING
    assert [(o.opens, o.due) for o in schedule.occurrences] == [month_bounds(year or plan_year, m) for m in months]


ANCHORS = {"trước ngày ": -1, "chậm nhất ngày ": 0, "ngày ": 0, "": 0, "hạn ": 0, "đến ngày ": 0}
INHERITED = ("", "ngày ")  # a date with no anchor word of its own takes the one before it


@st.composite
def date_lists(draw) -> tuple[str, list[date]]:
    year = draw(YEARS)
    days = draw(st.lists(st.dates(date(year, 1, 2), date(year, 12, 31)), min_size=2, max_size=4, unique=True)
                .map(sorted).filter(lambda ds: all((b - a).days > 1 for a, b in zip(ds, ds[1:], strict=False))))
    due, parts, anchor = [], [], ""
    for i, day in enumerate(days):
        written = ""  # the anchor before holds
        if i == 0 or draw(st.booleans()):
            written = draw(st.sampled_from(sorted(ANCHORS)))
            anchor = written if i == 0 or written not in INHERITED else anchor
        shown = f"{day.day:02d}/{day.month:02d}" if draw(st.booleans()) else f"{day.day}/{day.month}"
        parts.append(f"{written}{shown}" + (f"/{year}" if i == len(days) - 1 else ""))
        due.append(day + timedelta(days=ANCHORS[anchor]))
    return draw(LABELS) + parts[0] + "".join(draw(SEPARATORS) + p for p in parts[1:]) + draw(REMARKS), due


@settings(deadline=None)
@given(date_lists(), PLAN_YEARS)
def test_every_composed_list_of_dates_is_due_on_exactly_those_days(case, plan_year: int) -> None:
    text, due = case
    schedule = parse_timeframe(text, plan_year)
    assert schedule.kind is Kind.RECURRING and list(schedule.due) == due


# ---------------------------------------------------------------- references are never deadlines

TIMES = st.sampled_from([
    "Quý II/2026", "Tháng 9/2026", "Trước ngày 15/6/2026", "Chậm nhất ngày 20/10", "Quý I, III/2026",
    "Tháng 3 và tháng 9 hằng năm", "Thường xuyên", "Trước ngày 10 tháng 7 hằng năm", "Năm 2026 và hằng năm",
    "Từ quý III/2026, thường xuyên", "Hằng quý", "Đã ban hành", "Khi có hướng dẫn", "Kỳ họp HĐND xã",
    "Trong năm nay", "15/4 và 15/10/2026", "Tháng cuối của mỗi quý",
])
DOCUMENTS = st.sampled_from(["Kế hoạch", "Quyết định", "Công văn", "Thông báo", "Nghị quyết", "Chỉ thị",
                             "Hướng dẫn", "Báo cáo"])


@st.composite
def references(draw) -> tuple[str, list[date]]:
    """A citation whose signing date is a day no time phrase above uses (27 or 28 February, a 2019 date)."""
    day, month = draw(st.sampled_from([(27, 2), (28, 2)]))
    number = draw(st.sampled_from(["12/KH-UBND", "345/QĐ-UBND", "7/UBND-VP", "/KH-UBND", "12-NQ/TW"]))
    doc = draw(DOCUMENTS)
    year = draw(st.sampled_from([2019, None]))
    signed = draw(st.sampled_from([
        f"ngày {day:02d}/{month:02d}" + (f"/{year}" if year else ""),
        f"ngày {day} tháng {month:02d}" + (f" năm {year}" if year else ""),
    ]))
    issuer = draw(st.sampled_from(["", " của UBND xã", " của Chủ tịch UBND tỉnh"]))
    shape = draw(st.sampled_from(["{doc} số {number} {signed}", "{doc} số {number}{issuer} {signed}",
                                  "{doc} {number} {signed}"]))
    cited = shape.format(doc=doc, number=number, signed=signed, issuer=issuer)
    return cited, [date(y, month, day) for y in ([year] if year else range(2024, 2031))]


@settings(deadline=None, max_examples=300)
@given(TIMES, references(), st.sampled_from(["{t} (theo {r})", "{t} theo {r}", "Theo {r}, {t}", "{t} ({r})",
                                             "Thực hiện {r}; {t}", "{t}, theo {r}", "Theo {r}"]), PLAN_YEARS)
def test_no_reference_date_ever_becomes_a_date_of_the_task(time: str, reference, shape: str, plan_year: int) -> None:
    cited, signed = reference
    schedule = read_or_none(shape.format(t=time, r=cited), plan_year)
    if schedule is None:
        return
    days = {o.due for o in schedule.occurrences} | {o.opens for o in schedule.occurrences}
    assert not days & ({d for d in signed} | {d - timedelta(days=1) for d in signed})
    alone = read_or_none(time, plan_year)
    if alone is not None and "{t}" in shape:  # a citation adds no date to those the time phrase gives
        assert set(schedule.due) <= set(alone.due)


# ---------------------------------------------------------------- remarks, relative years, yearly repeats

REMARK_TEXTS = st.sampled_from(["đối với các xã chưa hoàn thành", "nếu có", "Sở Tư pháp chủ trì tổng hợp",
                                "dự kiến", "báo cáo định kỳ theo quy định", "trình Chủ tịch UBND xã"])


@settings(deadline=None)
@given(TIMES, REMARK_TEXTS, PLAN_YEARS)
def test_a_parenthesis_without_a_time_changes_no_date_and_is_kept(time: str, remark: str, plan_year: int) -> None:
    alone = read_or_none(time, plan_year)
    with_remark = read_or_none(f"{time} ({remark})", plan_year)
    assert (alone is None) == (with_remark is None)
    if alone is not None:
        assert (with_remark.kind, with_remark.occurrences, with_remark.state) == (
            alone.kind, alone.occurrences, alone.state)
        assert remark in with_remark.note


@settings(deadline=None)
@given(st.sampled_from(["Quý {q} {y}", "Tháng 10 {y}", "Trong {y}", "Trước ngày 31/3 {y}", "Tháng 6 và tháng 12 {y}",
                        "{y}", "Quý {q} {y} và các năm tiếp theo"]),
       st.sampled_from(ROMAN), st.sampled_from([("năm nay", 0), ("năm sau", 1), ("năm tới", 1)]), PLAN_YEARS)
def test_this_year_and_next_year_read_as_the_years_they_name(shape: str, q: str, relative, plan_year: int) -> None:
    words, ahead = relative
    said = read_or_none(shape.format(q=q, y=words), plan_year)
    written = read_or_none(shape.format(q=q, y=f"năm {plan_year + ahead}"), plan_year)
    assert (said is None) == (written is None)
    if said is not None:
        assert (said.kind, said.occurrences) == (written.kind, written.occurrences)


@settings(deadline=None)
@given(st.dates(date(2026, 1, 2), date(2026, 12, 31)), st.sampled_from(["trước ngày ", "chậm nhất ngày ", "ngày "]),
       st.sampled_from(["{a}{d} tháng {m} hằng năm", "{a}{d}/{m} hàng năm", "Hằng năm, {a}{d}/{m}"]), PLAN_YEARS)
def test_a_yearly_day_is_that_day_of_the_plan_year(day: date, anchor: str, shape: str, plan_year: int) -> None:
    text = shape.format(a=anchor, d=day.day, m=day.month)
    schedule = read_or_none(text, plan_year)
    once = read_or_none(f"{anchor}{day.day}/{day.month}", plan_year)
    assert once is not None
    if schedule is None:  # 29/02 in a year without it
        assert (day.month, day.day) == (2, 29)
        return
    assert schedule.kind is Kind.DEADLINE and schedule.due == once.due


@given(st.sampled_from(["Đã", "đã được", "Đang"]),
       st.sampled_from(["ban hành", "hoàn thành", "triển khai", "thực hiện", "xây dựng", "tổ chức"]),
       st.sampled_from(["", " Kế hoạch số 12/KH-UBND ngày 27/02/2026", " (Quyết định số 5/QĐ-UBND ngày 28/02/2026)",
                        " việc rà soát"]), PLAN_YEARS)
def test_a_state_has_no_date(word: str, verb: str, rest: str, plan_year: int) -> None:
    schedule = parse_timeframe(f"{word} {verb}{rest}", plan_year)
    assert schedule.kind is Kind.UNDATED and schedule.due == () and schedule.start is None
    assert schedule.state == ("under-way" if word == "Đang" else "done")
