"""Phrases that repeat within the plan year: every month, every quarter, every half year, a day of each month,
a day or the whole of the first or last month of each quarter.  (pure)

Each occurrence is labelled by its period («Tháng 3/2026», «Quý II/2026»), which is how the chat and the
reports name it. «tháng cuối quý II» names one quarter, not each: these rules never read it.
"""

from __future__ import annotations

import re
from datetime import date

from plan_data.timeparts import (
    EVERY,
    NTH,
    REL,
    Schedule,
    Slot,
    day_of,
    month_bounds,
    month_label,
    quarter_bounds,
    quarter_label,
    recurring,
    rule,
)

# «tháng cuối quý», «tháng cuối cùng của mỗi quý», «tháng đầu tiên của các quý»; never «… quý II», one quarter
WHICH_MONTH = r"thang (?P<which>dau(?: tien)?|cuoi(?: cung)?) (?:cua )?"
_OF_EACH_QUARTER = rf"{WHICH_MONTH}(?:moi |hang |cac )?quy(?!\s*(?:iv|iii|ii|i|[1-4])(?![a-z0-9]))"


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


def month_in_quarter(m: re.Match[str], q: int) -> int:
    return 3 * q - 2 if m["which"].startswith("dau") else 3 * q  # the first or the last month of quarter q


def _day_quarterly(m: re.Match[str], year: int) -> Schedule:
    return recurring(
        Slot(day_of(year, month_in_quarter(m, q), m), quarter_bounds(year, q)[0], quarter_label(year, q))
        for q in range(1, 5)
    )


def _month_quarterly(m: re.Match[str], year: int) -> Schedule:
    """The whole first or last month of each quarter: opens on its first day, due on its last."""
    months = (month_bounds(year, month_in_quarter(m, q)) for q in range(1, 5))
    return recurring(Slot(due, opens, quarter_label(year, q)) for q, (opens, due) in enumerate(months, 1))


# A day of a period comes before anything that reads the day alone (plan_data.timephrases puts these first).
DAY_RULES = (
    rule(rf"(?:{EVERY}quy,? )?(?:{REL} )?{NTH}{_OF_EACH_QUARTER}", _day_quarterly),
    rule(rf"(?:{EVERY}thang,? )?(?:{REL} )?{NTH}(?:hang|moi) thang", _day_monthly),
)
# The periods themselves, after the single periods they contain («6 tháng đầu năm» before «định kỳ 6 tháng»).
PERIOD_RULES = (
    rule(rf"(?:{EVERY}quy,? )?(?:(?:trong|vao) )?(?:cac )?{_OF_EACH_QUARTER}", _month_quarterly),
    rule(r"(?:dinh ky |hang |moi )6 thang(?: (?:mot|1) lan)?|6 thang (?:mot|1) lan", _semiannual),
    rule(r"(?:dinh ky )?(?:hang|moi) thang|dinh ky thang", _monthly),
    rule(r"(?:dinh ky )?(?:hang|moi) quy|dinh ky quy", _quarterly),
)
