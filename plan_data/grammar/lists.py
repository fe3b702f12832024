"""Lists of periods or dates, each its own occurrence, and what repeats every year.  (pure)

A list is items of one kind written one after another, joined by «,», «và» or «, và»: quarters («Quý I,
III/2026», «Quý II và Quý IV năm 2026»), months («tháng 4 và tháng 10», «Tháng 6, tháng 12/2026») or dates
(«15/6 và 15/12/2026», «trước ngày 15/6 và 15/12»). Each item is one occurrence labelled by its period («Quý
I/2026», «Tháng 4/2026», «Đợt 1»). An item without a year takes the next year written after it, else the plan
year; a date's anchor («trước» is the day before, «chậm nhất» the day) holds until another is written. The
items must follow the calendar: «Quý IV/2026, quý I» may mean either year's first quarter, and is refused.
Items of different kinds («Quý II/2026, báo cáo ngày 15/7») are no list: the composed grammar refuses them.

«hằng năm» before or after items with no year gives the plan year's occurrences: «trước ngày 10 tháng 7 hằng
năm» is due 09/07 of the plan year, «Tháng 6 và tháng 12 hằng năm» two windows, as «Tháng 12 hằng năm» is one.
A year then a yearly repeat («Năm 2026 và hằng năm», «2026, hằng năm») is that year, or the plan year if later,
and keeps «hằng năm» in the note.

Around the list only a label and a remark that hold no digit and no time word, as for whole phrases. The list
is found by one regex search and cut into items by one split, so reading stays linear in the cell.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from plan_data.grammar.parts import (
    ON,
    QUARTERS,
    Kind,
    Schedule,
    Slot,
    month_bounds,
    month_label,
    one,
    quarter_bounds,
    quarter_label,
    recurring,
    window,
    year_of,
)
from plan_data.grammar.phrases import _LABEL_STOP, _ROMAN_QUARTER, _TAIL_STOP
from plan_data.grammar.scan import harms

_SEP = r"(?:\s*,\s*(?:va\s+)?|\s+va\s+)"
_SEP_RE = re.compile(_SEP, re.ASCII)
_YEAR = r"(?:\s*/\s*|\s+nam\s+)\d{4}(?![0-9])"
_IN = r"(?:(?:trong|vao) (?:cac )?|cac )?"
_QUARTER = rf"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])(?:{_YEAR})?(?!\s*[/.-]\s*\d)"
_MONTH = rf"(?<![0-9])\d{{1,2}}(?![0-9])(?:{_YEAR})?(?!\s*[/.-]\s*\d)"
_DAY = r"(?<![0-9])\d{1,2}(?:\s*[/.-]\s*|\s+thang\s+)\d{1,2}(?:(?:\s*[/.-]\s*|\s+nam\s+)\d{4})?(?![0-9])"
_ANCHOR = rf"(?:truoc|{ON})"
_DATE = rf"(?:{_ANCHOR} )?(?:ngay )?{_DAY}"
_YEARLY = r"(?:dinh ky )?(?:hang|moi) nam"
_LIST = re.compile(
    rf"(?P<before>{_YEARLY},? )?"
    rf"(?P<items>(?P<quy>{_IN}quy {_QUARTER}(?:{_SEP}(?:quy )?{_QUARTER})*)"
    rf"|(?P<thang>{_IN}thang {_MONTH}(?:{_SEP}(?:thang )?{_MONTH})*)"
    rf"|{_DATE}(?:{_SEP}{_DATE})*)"
    rf"(?P<after>,? {_YEARLY})?(?![a-z0-9])",
    re.ASCII,
)
_ITEM = re.compile(
    rf"(?:{_IN}(?P<kind>quy|thang) )?(?:(?P<anchor>{_ANCHOR}) )?(?:ngay )?(?P<value>\d{{1,2}}|iv|iii|ii|i)"
    r"(?:(?:\s*[/.-]\s*|\s+thang\s+)(?P<month>\d{1,2}))?(?:(?:\s*/\s*|\s+nam\s+)(?P<year>\d{4}))?",
    re.ASCII,
)
_YEARLY_ONLY = re.compile(_YEARLY, re.ASCII)
_YEAR_THEN_YEARLY = re.compile(rf"(?<![0-9/])(?:nam )?(?P<year>\d{{4}}){_SEP}{_YEARLY}(?![a-z0-9])", re.ASCII)


def _around_is_harmless(text: str, m: re.Match[str]) -> bool:
    return not harms(text[: m.start()], _LABEL_STOP, _ROMAN_QUARTER) and not harms(
        text[m.end():], _TAIL_STOP, _ROMAN_QUARTER
    )


def read_list(text: str, year: int) -> Schedule | None:
    """The list or yearly phrase the folded part is, or None; ValueError for one that cannot be dated."""
    if (m := _YEAR_THEN_YEARLY.search(text)) and _around_is_harmless(text, m):
        return replace(year_then_yearly(int(m["year"]), year), note="hang nam")
    m = _LIST.search(text)
    if m is None or not _around_is_harmless(text, m):
        return None
    yearly = bool(m["before"] or m["after"])
    items = [_ITEM.fullmatch(piece.strip()) for piece in _SEP_RE.split(m["items"])]
    if len(items) < 2 and not yearly:
        return None  # one period or date: the whole phrases read it
    if any(item is None for item in items):
        raise ValueError("an item of a list that is not like the others")
    if yearly and any(item["year"] for item in items):
        raise ValueError("a year written beside «hằng năm»: which year's occurrence is meant is not said")
    return _occurrences("quy" if m["quy"] else "thang" if m["thang"] else "ngay", items, year)


def year_then_yearly(written: int, year: int) -> Schedule:
    """A year, then every year: the plan year's whole if the written year is past, else the written year's."""
    first = max(year_of(str(written), year), year)
    return window(date(first, 1, 1), date(first, 12, 31), Kind.ONGOING)


def is_yearly(clause: str) -> bool:
    return _YEARLY_ONLY.fullmatch(clause) is not None


def is_whole_year(schedule: Schedule) -> bool:
    """«Năm 2025», «trong năm 2025»: a year's whole, which a «hằng năm» beside it turns into the plan year's."""
    first = schedule.occurrences[0]
    return schedule.kind is Kind.ONGOING and first.opens is not None and first.due is not None and (
        (first.opens.month, first.opens.day, first.due.month, first.due.day, first.due.year)
        == (1, 1, 12, 31, first.opens.year))


def _occurrences(kind: str, items: list[re.Match[str]], year: int) -> Schedule:
    years = _years(items, year)
    slots: list[Slot] = []
    anchor = None
    for number, (item, written) in enumerate(zip(items, years, strict=True), 1):
        anchor = item["anchor"] or anchor
        slots.append(_slot(kind, item, written, anchor, number))
    starts = [s.opens or s.due for s in slots]
    if any(a >= b for a, b in zip(starts, starts[1:], strict=False)):
        raise ValueError("items out of the calendar's order: which year each one is in is not said")
    if len(slots) == 1:
        return one(Kind.WINDOW if slots[0].opens else Kind.DEADLINE, slots[0].due, slots[0].opens)
    return recurring(slots)


def _years(items: list[re.Match[str]], year: int) -> list[int]:
    """Each item's year: its own, else the next one written after it, else the plan year."""
    out: list[int] = []
    later = year
    for item in reversed(items):
        later = year_of(item["year"], later) if item["year"] else later
        out.append(later)
    return out[::-1]


def _slot(kind: str, item: re.Match[str], written: int, anchor: str | None, number: int) -> Slot:
    value = item["value"]
    if kind == "quy":
        q = QUARTERS.get(value)
        if q is None:
            raise ValueError(f"quarter {value}")
        opens, due = quarter_bounds(written, q)
        return Slot(due, opens, quarter_label(written, q))
    if not value.isdigit():
        raise ValueError(f"«{value}» is no month or day")
    if kind == "thang":
        opens, due = month_bounds(written, int(value))
        return Slot(due, opens, month_label(written, int(value)))
    day = date(written, int(item["month"]), int(value))  # ValueError for 31/02 or month 13
    # what is due is the day, or the one before it; the order of the items is that of the days written
    due = day - timedelta(days=1) if anchor == "truoc" else day
    return Slot(due, None, f"Đợt {number}")
