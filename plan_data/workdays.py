"""Vietnamese working days: which days a reminder may go out on.  (pure)

The `holidays` package supplies the public holidays because Tết and Giỗ Tổ Hùng Vương follow the
lunar calendar and the compensatory days off ("nghỉ bù") follow rules that change with the Labour
Code. Each year the government also swaps days: in 2026 Monday 31/08 is off and Saturday 22/08 is
worked instead. holidays 0.109 lists the day off as a holiday ("Ngày nghỉ (thay cho ngày
22/08/2026)") and the worked Saturday in the entity's `weekend_workdays` set, which its own
`is_working_day` honours; we honour it too. Swaps announced after the package was released can be
given as `extra_days_off` / `extra_working_days`.

Each year is turned once into a table of working-day flags and running counts, so that the
thousands of look-ups made while simulating a year are list indexing, not holiday rule evaluation.
"""

from __future__ import annotations

import calendar as _gregorian
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

import holidays

_ONE_DAY = timedelta(days=1)
_EXTRA_DAY_OFF = "Ngày nghỉ bổ sung"
_SATURDAY = 5


@dataclass(frozen=True)
class _Year:
    number: int
    base: int  # ordinal of 1 January, so a day's index is d.toordinal() - base
    working: bytes  # 1 for each day of the year that is a working day
    before: tuple[int, ...]  # before[i]: working days among the year's first i days
    names: dict[date, str]  # the holidays of this year, by date

    @property
    def total(self) -> int:
        return self.before[-1]

    def through(self, d: date) -> int:
        """Working days from 1 January to d, both included."""
        return self.before[d.toordinal() - self.base + 1]


class WorkCalendar:
    """Vietnamese working days: not Saturday/Sunday, not a public holiday or a compensatory day off;
    a weekend day the government declares a make-up working day counts as working."""

    def __init__(
        self,
        years: Iterable[int] | None = None,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._extra_off = frozenset(extra_days_off)
        self._extra_working = frozenset(extra_working_days)
        both = sorted(self._extra_off & self._extra_working)
        if both:
            raise ValueError(f"{both[0].isoformat()} is given both as a day off and as a working day")
        self._years: dict[int, _Year] = {}
        for year in years or ():
            self._year(year)

    # ------------------------------------------------------------ per-year tables

    def _year(self, number: int) -> _Year:
        cached = self._years.get(number)
        if cached is None:
            cached = self._years[number] = self._load(number)
        return cached

    def _load(self, number: int) -> _Year:
        found = holidays.country_holidays("VN", years=number, language="vi")
        # The package also lists swaps of neighbouring years; each year keeps only its own days.
        names = {d: str(name) for d, name in found.items() if d.year == number}
        worked_weekend = {d for d in found.weekend_workdays if d.year == number}
        jan1 = date(number, 1, 1)
        length = 366 if _gregorian.isleap(number) else 365
        working = bytearray(length)
        for i in range(length):
            d = jan1 + timedelta(days=i)
            if d in self._extra_off:
                names.setdefault(d, _EXTRA_DAY_OFF)
            elif d in self._extra_working:
                working[i] = 1
            elif d.weekday() >= _SATURDAY:
                working[i] = d in worked_weekend
            else:
                working[i] = d not in names
        before = tuple(accumulate(working, initial=0))
        return _Year(number, jan1.toordinal(), bytes(working), before, names)

    # ------------------------------------------------------------ queries

    def is_working_day(self, d: date) -> bool:
        year = self._year(d.year)
        return year.working[d.toordinal() - year.base] == 1

    def holiday_name(self, d: date) -> str | None:
        """The holiday that makes d a day off; None on a working day or a plain weekend."""
        if self.is_working_day(d):
            return None
        return self._year(d.year).names.get(d)

    def previous_working_day(self, d: date) -> date:
        """d itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def next_working_day(self, d: date) -> date:
        """d itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (d itself not counted); d itself when n is 0."""
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        if n == 0:
            return d
        year = self._year(d.year)
        wanted = year.through(d) + n  # the answer is the wanted-th working day counted from 1 January
        while wanted > year.total:
            wanted -= year.total
            year = self._year(year.number + 1)
        # The first prefix reaching `wanted` ends exactly on that working day.
        return date.fromordinal(year.base + bisect_left(year.before, wanted) - 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end is not after start."""
        if end <= start:
            return 0
        whole_years = sum(self._year(y).total for y in range(start.year, end.year))
        return self._year(end.year).through(end) - self._year(start.year).through(start) + whole_years
