"""Đọc cột «Thời gian thực hiện/hoàn thành» của kế hoạch CCHC thành lịch cho năm kế hoạch.

Pure: no clock, no I/O, no framework. The grammar is hand-written regexes over a normalised form
of the text (lowercase, no diacritics, "đ" -> "d") because general date parsers misread
administrative phrasings ("Tháng 10/2026" becomes 10/10/2026). Anything outside the grammar raises
NotUnderstood: a reminder bot must never invent a deadline.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from plan_data.phrasescan import Starts
from plan_data.text import fold
from plan_data.timeparts import (
    NTH,
    QUARTERS,
    REL,
    TO,
    Kind,
    NotUnderstood,
    OpenStart,
    Schedule,
    Slot,
    date_of,
    date_re,
    day_of,
    has,
    month_bounds,
    one,
    quarter_bounds,
    quarter_re,
    rule,
    window,
    year_of,
    year_re,
)
from plan_data.timerecurring import DAY_RULES, PERIOD_RULES, WHICH_MONTH, month_in_quarter

__all__ = ["Kind", "NotUnderstood", "Schedule", "Slot", "parse_whole"]


# ---------------------------------------------------------------- normalisation


_THEO = re.compile(
    r"[^a-z0-9]*theo (?:huong dan|chi dao|ke hoach|quy dinh|yeu cau|van ban|thong bao|lich|thoi gian"
    r"|tien do|de nghi|cong van|quyet dinh|nghi quyet|chuong trinh|lo trinh)\b",
    re.ASCII,
)

# Words that change what a date means ("sau", "từ", "kể từ", "chậm", "đầu/cuối"...): a leading
# label containing one is not a harmless label, and a trailing remark containing a time word may
# carry a second date we would silently drop.
_LABEL_STOP = frozenset({
    "truoc", "sau", "tu", "den", "toi", "han", "chot", "cham", "muon", "nhat", "khi", "hoac", "tru",
    "ngoai", "khong", "chua", "cuoi", "dau", "giua", "lui", "som", "tre", "so", "hang", "moi",
    "va",  # «Quý II và Quý IV/2026»: what comes before «và» is another part, not a label
    "theo",  # «theo kế hoạch năm 2026»: the year is the plan's, not the task's
})  # fmt: skip
_TAIL_STOP = frozenset({
    "quy", "thang", "ngay", "nam", "tuan", "truoc", "sau", "den", "tu", "han", "hang", "dau", "cuoi",
    "giua", "ky", "lan", "khi", "hoac", "tru", "ngoai", "lui", "dot", "moi", "hom", "mai", "toi",
})  # fmt: skip
_REPORT_NAME = re.compile(r"\bbao cao (?:6|sau) thang\b", re.ASCII)  # «báo cáo 6 tháng» is a name
_ROMAN_QUARTER = re.compile(r"\bquy (?:iv|iii|ii|i)\b", re.ASCII)  # «Quý II, Quý IV/2026»: a quarter, not a label


def _starts(text: str) -> Starts:
    """The phrase may follow a label («báo cáo năm gửi …», a report's name excused) and precede a remark
    («…/theo …») that holds no digit, no time word and no quarter."""
    return Starts.of(text, _LABEL_STOP, _TAIL_STOP, _ROMAN_QUARTER, quarter_in_tail=True, excused=_REPORT_NAME)


def _find(pattern: re.Pattern[str], starts: Starts) -> re.Match[str] | None:
    for start in starts.starts:
        if match := starts.match(pattern, start):
            return match
    return None


# ---------------------------------------------------------------- builders


def _deadline(m: re.Match[str], year: int) -> Schedule:
    day = date_of(m, "", year)
    return one(Kind.DEADLINE, day - timedelta(days=1) if has(m, "before") else day)


def _date_range(m: re.Match[str], year: int) -> Schedule:
    due = date_of(m, "b", year)
    return window(date_of(m, "a", due.year), due)


def _quarters(m: re.Match[str], year: int) -> Schedule:
    """«Quý II/2026» or a run of quarters «Quý II-III/2026»."""
    if m[0].startswith("tu ") and not m["q2"]:
        raise OpenStart("«từ quý …» with no end is open: plan_data.timecompose reads it")
    written = year_of(m["y"], year)
    first, last = QUARTERS[m["q1"]], QUARTERS[m["q2"] or m["q1"]]
    return window(quarter_bounds(written, first)[0], quarter_bounds(written, last)[1])


def _months(m: re.Match[str], year: int) -> Schedule:
    """«Tháng 10/2026» or a run «Tháng 01/2026 đến tháng 5/2026»; a missing year is the run's last one."""
    if m[0].startswith("tu ") and not m["m2"]:
        raise OpenStart("«từ tháng …» with no end is open: plan_data.timecompose reads it")
    last_year = year_of(m["y2"] or m["y1"], year)
    opens = month_bounds(year_of(m["y1"], last_year), int(m["m1"]))[0]
    return window(opens, month_bounds(last_year, int(m["m2"] or m["m1"]))[1])


def _month_of_quarter(m: re.Match[str], year: int) -> Schedule:
    """«tháng đầu quý II/2026»: that one month; «trước ngày 10 của tháng cuối quý II»: that day of it."""
    written = year_of(m["y"], year)
    month = month_in_quarter(m, QUARTERS[m["q1"]])
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


def _period(m: re.Match[str], year: int) -> Schedule:
    return window(date(year_of(m["y1"], year), 1, 1), date(year_of(m["y2"], year), 12, 31))


def _ongoing(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.ONGOING, None, date(year, 1, 1))


# After «khi …» or «theo …», a number may name what is awaited or followed («sau khi ban hành Kế hoạch CCHC năm
# 2026», «theo Kế hoạch bồi dưỡng công chức, viên chức năm 2026»); after an anchor or a clause's end it may be
# a date of the task's own («khi có hướng dẫn, chậm nhất ngày 15/3», «theo kế hoạch, quý II/2026»), which an
# event reading would drop: plan_data.timecompose reads such cells clause by clause, or refuses them.
_OWN_DATE = re.compile(r"(?:[,;]|\.\s|\b(?:truoc|cham nhat|muon nhat|den|han|trong|vao|tu|qua|toi da|ke tu)\b)"
                       r"[^0-9]*[0-9]", re.ASCII)


def _event_only(text: str) -> Schedule:
    if _OWN_DATE.search(text):
        raise ValueError("a date of the task's own after the event")
    return one(Kind.EVENT, None)


def _event(m: re.Match[str], year: int) -> Schedule:
    return _event_only(m[0])


def _meeting(m: re.Match[str], year: int) -> Schedule:
    return one(Kind.EVENT, None)


def _offset(m: re.Match[str], year: int) -> Schedule:
    days = int(m["n"])
    if days < 1:
        raise ValueError("offset of 0 days")
    return one(Kind.EVENT, None, offset=days)


# ---------------------------------------------------------------- grammar


# First match wins: the specific forms come before the general ones they contain (a date range
# before a single date, «trước ngày N hằng tháng» before «hằng tháng»).
_RULES = (
    # a body's meeting, whatever else the cell says of it (plan_data.timestatus refused or read the dated ones)
    rule(r"(?:ky hop|phien hop|hoi nghi|cuoc hop|dai hoi)\b.*", _meeting),
    rule(
        r"(?:khong qua|trong vong|trong thoi han|trong|toi da|cham nhat(?: la)?) (?P<n>\d{1,3}) ngay"
        r" (?:ke tu|tinh tu|sau khi|tu khi|sau)\b.*",
        _offset,
    ),
    *DAY_RULES,
    rule(rf"(?:(?:{REL} )?{NTH}|(?:trong |vao )?){WHICH_MONTH}quy {quarter_re('q1')}(?:{year_re('y')})?",
         _month_of_quarter),
    rule(rf"(?:tu )?ngay {date_re('a')}\s*{TO}\s*(?:ngay )?{date_re('b')}", _date_range),
    rule(rf"(?:{REL} )?ngay {date_re('')}", _deadline),
    rule(rf"{REL} {date_re('')}", _deadline),
    rule(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", _deadline),
    rule(rf"(?:tu |ca )?quy {quarter_re('q1')}(?:\s*{TO}\s*(?:quy )?{quarter_re('q2')})?(?:{year_re('y')})?", _quarters),
    rule(
        rf"(?:tu |ca )?thang (?P<m1>\d{{1,2}})(?:{year_re('y1')})?"
        rf"(?:\s*{TO}\s*(?:thang )?(?P<m2>\d{{1,2}}))?(?:{year_re('y2')}|\s+hang nam)?",
        _months,
    ),
    rule(r"6 thang (?P<half>dau|cuoi) nam(?:\s*/?\s*(?P<y>\d{4}))?", _half),
    *PERIOD_RULES,
    rule(r"(?:dinh ky )?(?:hang|moi) nam", _whole_year),
    rule(r"(?:ca|trong(?: ca)?|suot) nam(?: (?P<y>\d{4}))?|nam (?P<y2>\d{4})", _whole_year),
    rule(r"(?:giai doan |thoi ky )?(?P<y1>\d{4})\s*-\s*(?P<y2>\d{4})", _period),
    rule(r"thuong xuyen(?: lien tuc)?|lien tuc|hang ngay|moi ngay", _ongoing),
    rule(r"(?:ngay )?(?:sau )?khi\b.*", _event),
)


def _parse_part(text: str, year: int) -> Schedule:
    if _THEO.match(text):
        return _event_only(text)
    starts = _starts(text)
    for pattern, build in _RULES:
        if match := _find(pattern, starts):
            return build(match, year)
    raise ValueError("no known form")


def _combine(parts: list[Schedule], expression: str) -> Schedule:
    """«A; B»: the union of the due dates; a recurring schedule only if several dates remain."""
    by_due: dict[date, Slot] = {}
    for part in parts:
        for occurrence in part.occurrences:
            if occurrence.due is not None:
                by_due.setdefault(occurrence.due, occurrence)
    if len(by_due) > 1:
        return Schedule(Kind.RECURRING, tuple(by_due[day] for day in sorted(by_due)), expression)
    carrier = next((part for part in parts if part.due), parts[0])
    return replace(carrier, expression=expression)


def parse_whole(expression: str, year: int) -> Schedule:
    if not 1900 <= year <= 2999:
        raise ValueError(f"plan year {year} out of range")
    text = expression.strip()
    parts = [part.strip() for part in fold(text).split(";") if part.strip()]
    if not parts:
        raise NotUnderstood(text)
    try:
        schedules = [_parse_part(part, year) for part in parts]
    except ValueError as exc:  # includes date() rejecting 31/02 or month 13
        raise NotUnderstood(text) from exc
    return _combine(schedules, text)
