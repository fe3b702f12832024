"""The deadline grammar's rules, in one ordered table: every form of a time cell a plan writes, and the
schedule each one gives.  (pure)

A NEW FORM GOES HERE, and only here: one row of RULES (a pattern over the folded cell, built from
plan_data.grammar.parts' fragments, and a builder `(match, plan year) -> Schedule` written below, beside the
others), and one row in the table of cases of tests/unit/test_time_grammar.py (`read(expression)` gives
(kind, start, due dates)). Run that file and tests/unit/test_timeframe.py. Nothing else changes:
- the first row that matches wins, so a row goes before every row whose pattern matches a part of it (a date
  range before a date, «trước ngày N hằng tháng» before «hằng tháng»);
- both readers consult this table in its order: plan_data.grammar.phrases reads a whole cell (a harmless label
  and remark allowed around the match), and plan_data.grammar.compose each clause of a cell no whole phrase
  reads, its follow-up text kept as a note. A row with `whole=False` is read in a clause only, where what
  follows it is kept: keep the default unless a whole reading would drop a note the clause reading keeps.
What is not a form is not here: the stages around the rules (qualify.py: references, remarks, relative
years; outcomes.py: «Đã ban hành», a meeting's day; lists.py: lists of periods or dates, yearly repeats),
and the readers' label and remark words. Dates typed in chat are another grammar (bot.core.dates: one day,
counted from today), which shares only the calendar arithmetic of plan_data.grammar.parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from plan_data.grammar.parts import (
    EVERY,
    NTH,
    QUARTERS,
    REL,
    TO,
    Builder,
    Kind,
    OpenStart,
    Schedule,
    Slot,
    date_of,
    date_re,
    day_of,
    has,
    month_bounds,
    month_label,
    one,
    quarter_bounds,
    quarter_label,
    quarter_re,
    recurring,
    rule,
    window,
    year_of,
    year_re,
)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    build: Builder
    whole: bool = True  # read as a whole cell too (plan_data.grammar.phrases); False: in a composed clause only


def _row(core: str, build: Builder, whole: bool = True) -> Rule:
    return Rule(*rule(core, build), whole)


# ---------------------------------------------------------------- a date, a period, a span


def _deadline(m: re.Match[str], year: int) -> Schedule:
    day = date_of(m, "", year)
    return one(Kind.DEADLINE, day - timedelta(days=1) if has(m, "before") else day)


def _date_range(m: re.Match[str], year: int) -> Schedule:
    due = date_of(m, "b", year)
    return window(date_of(m, "a", due.year), due)


def _quarters(m: re.Match[str], year: int) -> Schedule:
    """«Quý II/2026» or a run of quarters «Quý II-III/2026»."""
    if m[0].startswith("tu ") and not m["q2"]:
        raise OpenStart("«từ quý …» with no end is open: plan_data.grammar.compose reads it")
    written = year_of(m["y"], year)
    first, last = QUARTERS[m["q1"]], QUARTERS[m["q2"] or m["q1"]]
    return window(quarter_bounds(written, first)[0], quarter_bounds(written, last)[1])


def _quarter_span(m: re.Match[str], year: int) -> Schedule:
    """«Quý IV/2025 - Quý II/2026»: quarters of two years."""
    opens = quarter_bounds(year_of(m["y1"], year), QUARTERS[m["q1"]])[0]
    return window(opens, quarter_bounds(year_of(m["y2"], year), QUARTERS[m["q2"]])[1])


def _months(m: re.Match[str], year: int) -> Schedule:
    """«Tháng 10/2026» or a run «Tháng 01/2026 đến tháng 5/2026»; a missing year is the run's last one."""
    if m[0].startswith("tu ") and not m["m2"]:
        raise OpenStart("«từ tháng …» with no end is open: plan_data.grammar.compose reads it")
    last_year = year_of(m["y2"] or m["y1"], year)
    opens = month_bounds(year_of(m["y1"], last_year), int(m["m1"]))[0]
    return window(opens, month_bounds(last_year, int(m["m2"] or m["m1"]))[1])


def _month_of_quarter(m: re.Match[str], year: int) -> Schedule:
    """«tháng đầu quý II/2026»: that one month; «trước ngày 10 của tháng cuối quý II»: that day of it."""
    written = year_of(m["y"], year)
    month = _month_in_quarter(m, QUARTERS[m["q1"]])
    if m["n"]:
        return one(Kind.DEADLINE, day_of(written, month, m))
    return window(*month_bounds(written, month))


def _half(m: re.Match[str], year: int) -> Schedule:
    written = year_of(m["y"], year)
    if m["half"] == "dau":
        return window(date(written, 1, 1), date(written, 6, 30))
    return window(date(written, 7, 1), date(written, 12, 31))


def _whole_year(m: re.Match[str], year: int) -> Schedule:
    written = year_of(m.groupdict().get("y") or m.groupdict().get("y2"), year)
    return window(date(written, 1, 1), date(written, 12, 31), Kind.ONGOING)


def _years(m: re.Match[str], year: int) -> Schedule:
    """«2026 - 2030», «giai đoạn 2026-2030», «từ năm 2026 đến năm 2030»."""
    return window(date(year_of(m["y1"], year), 1, 1), date(year_of(m["y2"], year), 12, 31))


def _before_year(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.DEADLINE, date(year_of(m["y"], year) - 1, 12, 31))


def _after_year(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.ONGOING, None, date(year_of(m["y"], year) + 1, 1, 1))


def _end_of_year(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.DEADLINE, date(year_of(m["y"], year), 12, 31))


def _ongoing(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.ONGOING, None, date(year, 1, 1))


# ---------------------------------------------------------------- what repeats within the plan year
# Each occurrence is labelled by its period («Tháng 3/2026», «Quý II/2026»), as the chat and the reports name it.

# «tháng cuối quý», «tháng cuối cùng của mỗi quý», «tháng đầu tiên của các quý»; never «… quý II», one quarter
_WHICH_MONTH = r"thang (?P<which>dau(?: tien)?|cuoi(?: cung)?) (?:cua )?"
_OF_EACH_QUARTER = rf"{_WHICH_MONTH}(?:moi |hang |cac )?quy(?!\s*(?:iv|iii|ii|i|[1-4])(?![a-z0-9]))"


def _month_in_quarter(m: re.Match[str], q: int) -> int:
    return 3 * q - 2 if m["which"].startswith("dau") else 3 * q  # the first or the last month of quarter q


def _monthly(m: re.Match[str], year: int) -> Schedule:
    windows = (month_bounds(year, k) for k in range(1, 13))
    return recurring(Slot(due, opens, month_label(year, opens.month)) for opens, due in windows)


def _quarterly(m: re.Match[str], year: int) -> Schedule:
    windows = (quarter_bounds(year, q) for q in range(1, 5))
    return recurring(Slot(due, opens, quarter_label(year, q)) for q, (opens, due) in enumerate(windows, 1))


def _semiannual(m: re.Match[str], year: int) -> Schedule:
    halves = ((date(year, 1, 1), date(year, 6, 30), "đầu"), (date(year, 7, 1), date(year, 12, 31), "cuối"))
    return recurring(Slot(due, opens, f"6 tháng {part} năm {year}") for opens, due, part in halves)


def _day_monthly(m: re.Match[str], year: int) -> Schedule:
    return recurring(Slot(day_of(year, k, m), date(year, k, 1), month_label(year, k)) for k in range(1, 13))


def _day_quarterly(m: re.Match[str], year: int) -> Schedule:
    return recurring(
        Slot(day_of(year, _month_in_quarter(m, q), m), quarter_bounds(year, q)[0], quarter_label(year, q))
        for q in range(1, 5)
    )


def _month_quarterly(m: re.Match[str], year: int) -> Schedule:
    """The whole first or last month of each quarter: opens on its first day, due on its last."""
    months = (month_bounds(year, _month_in_quarter(m, q)) for q in range(1, 5))
    return recurring(Slot(due, opens, quarter_label(year, q)) for q, (opens, due) in enumerate(months, 1))


# ---------------------------------------------------------------- an event, a meeting


# After «khi …» or «theo …», a number may name what is awaited or followed («sau khi ban hành Kế hoạch CCHC năm
# 2026», «theo Kế hoạch bồi dưỡng công chức, viên chức năm 2026»); after an anchor or a clause's end it may be
# a date of the task's own («khi có hướng dẫn, chậm nhất ngày 15/3», «theo kế hoạch, quý II/2026»), which an
# event reading would drop: plan_data.grammar.compose reads such cells clause by clause, or refuses them.
_OWN_DATE = re.compile(r"(?:[,;]|\.\s|\b(?:truoc|cham nhat|muon nhat|den|han|trong|vao|tu|qua|toi da|ke tu)\b)"
                       r"[^0-9]*[0-9]", re.ASCII)


def event_only(text: str) -> Schedule:
    """A task dated by an event the plan does not date («khi có hướng dẫn»), unless a date of its own follows."""
    if _OWN_DATE.search(text):
        raise ValueError("a date of the task's own after the event")
    return one(Kind.EVENT, None)


def _event(m: re.Match[str], year: int) -> Schedule:
    return event_only(m[0])


def _meeting(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.EVENT, None)


def _offset(m: re.Match[str], year: int) -> Schedule:
    days = int(m["n"])
    if days < 1:
        raise ValueError("offset of 0 days")
    return one(Kind.EVENT, None, offset=days)


# ---------------------------------------------------------------- the table


RULES: tuple[Rule, ...] = (
    # in a composed clause only: an anchor before a year, a span of years or of quarters of two years
    _row(r"truoc nam (?P<y>\d{4})", _before_year, whole=False),
    _row(r"sau nam (?P<y>\d{4})", _after_year, whole=False),
    _row(r"(?:tu nay )?den (?:het )?nam (?P<y>\d{4})", _end_of_year, whole=False),
    _row(r"(?:tu )?nam (?P<y1>\d{4})\s*(?:-|den)\s*(?:nam )?(?P<y2>\d{4})", _years, whole=False),
    _row(rf"(?:tu )?quy {quarter_re('q1')}\s*/\s*(?P<y1>\d{{4}})\s*(?:-|den)\s*"
         rf"quy {quarter_re('q2')}\s*/\s*(?P<y2>\d{{4}})", _quarter_span, whole=False),
    # a body's meeting, whatever else the cell says of it (plan_data.grammar.outcomes refused or read the dated ones)
    _row(r"(?:ky hop|phien hop|hoi nghi|cuoc hop|dai hoi)\b.*", _meeting),
    _row(r"(?:khong qua|trong vong|trong thoi han|trong|toi da|cham nhat(?: la)?) (?P<n>\d{1,3}) ngay"
         r" (?:ke tu|tinh tu|sau khi|tu khi|sau)\b.*", _offset),
    # a day of each period, before anything that reads the day alone
    _row(rf"(?:{EVERY}quy,? )?(?:{REL} )?{NTH}{_OF_EACH_QUARTER}", _day_quarterly),
    _row(rf"(?:{EVERY}thang,? )?(?:{REL} )?{NTH}(?:hang|moi) thang", _day_monthly),
    _row(rf"(?:(?:{REL} )?{NTH}|(?:trong |vao )?){_WHICH_MONTH}quy {quarter_re('q1')}(?:{year_re('y')})?",
         _month_of_quarter),
    _row(rf"(?:tu )?ngay {date_re('a')}\s*{TO}\s*(?:ngay )?{date_re('b')}", _date_range),
    _row(rf"(?:{REL} )?ngay {date_re('')}", _deadline),
    _row(rf"{REL} {date_re('')}", _deadline),
    _row(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", _deadline),
    _row(rf"(?:tu |ca )?quy {quarter_re('q1')}(?:\s*{TO}\s*(?:quy )?{quarter_re('q2')})?(?:{year_re('y')})?",
         _quarters),
    _row(rf"(?:tu |ca )?thang (?P<m1>\d{{1,2}})(?:{year_re('y1')})?"
         rf"(?:\s*{TO}\s*(?:thang )?(?P<m2>\d{{1,2}}))?(?:{year_re('y2')}|\s+hang nam)?", _months),
    _row(r"6 thang (?P<half>dau|cuoi) nam(?:\s*/?\s*(?P<y>\d{4}))?", _half),
    # the repeating periods, after the single periods they contain («6 tháng đầu năm» before «định kỳ 6 tháng»)
    _row(rf"(?:{EVERY}quy,? )?(?:(?:trong|vao) )?(?:cac )?{_OF_EACH_QUARTER}", _month_quarterly),
    _row(r"(?:dinh ky |hang |moi )6 thang(?: (?:mot|1) lan)?|6 thang (?:mot|1) lan", _semiannual),
    _row(r"(?:dinh ky )?(?:hang|moi) thang|dinh ky thang", _monthly),
    _row(r"(?:dinh ky )?(?:hang|moi) quy|dinh ky quy", _quarterly),
    _row(r"(?:dinh ky )?(?:hang|moi) nam", _whole_year),
    _row(r"(?:ca|trong(?: ca)?|suot) nam(?: (?P<y>\d{4}))?|nam (?P<y2>\d{4})", _whole_year),
    _row(r"(?:giai doan |thoi ky )?(?P<y1>\d{4})\s*-\s*(?P<y2>\d{4})", _years),
    _row(r"thuong xuyen(?: lien tuc)?|lien tuc|hang ngay|moi ngay", _ongoing),
    _row(r"(?:ngay )?(?:sau )?khi\b.*", _event),
)
WHOLE_RULES = tuple(r for r in RULES if r.whole)  # what plan_data.grammar.phrases consults, in the same order
