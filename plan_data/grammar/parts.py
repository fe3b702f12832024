"""What every rule of the deadline grammar is built from: the schedule it returns, calendar arithmetic, the
regex fragments of dates and anchors.  (pure)

The grammar's modules (rules, phrases, lists, compose, …) import from here and from each other only
downwards; plan_data.grammar.frame is the one entry point, plan_data.grammar.rules the one table of rules.
Text is read in its folded form (lower case, no diacritics, "đ" -> "d": plan_data.folding.fold), so every
pattern here is plain ASCII.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    DEADLINE = "deadline"
    WINDOW = "window"
    RECURRING = "recurring"
    ONGOING = "ongoing"
    EVENT = "event"
    UNDATED = "undated"  # no date can be read from the cell: waits for the focal point's «hạn N …», never guessed


@dataclass(frozen=True)
class Slot:
    due: date | None
    opens: date | None = None
    label: str = ""


@dataclass(frozen=True)
class Schedule:
    kind: Kind
    occurrences: tuple[Slot, ...]
    expression: str
    event_offset_days: int | None = None
    note: str = ""  # the cell's follow-up text that carries no date ("… và vận hành thường xuyên"), kept as text
    # what the cell says of the work instead of a date: "done" («Đã ban hành»: imports as done, the cell kept as
    # a note), "under-way" («Đang triển khai»: imports with no date yet); "" for a cell that gives a time
    state: str = ""

    @property
    def start(self) -> date | None:
        if self.kind in (Kind.WINDOW, Kind.ONGOING):
            return self.occurrences[0].opens
        return None

    @property
    def due(self) -> tuple[date, ...]:
        return tuple(o.due for o in self.occurrences if o.due is not None)


class NotUnderstood(ValueError):
    """The expression matches no known form, or names a date that does not exist."""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        super().__init__(
            f"Không hiểu thời hạn «{expression}». "
            "Ví dụ cách viết: «Quý I/2026», «Trước ngày 15/01/2026», «Hằng tháng»."
        )


class OpenStart(ValueError):
    """«từ quý II/2026» matched a closed period's rule: it is open, and plan_data.grammar.compose reads it."""


# ---------------------------------------------------------------- calendar

QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
ROMAN = ("I", "II", "III", "IV")


def year_of(written: str | None, default: int) -> int:
    year = int(written) if written else default
    if not 1900 <= year <= 2999:  # a typo, and keeps date arithmetic far from date.min/max
        raise ValueError(f"year {year} out of range")
    return year


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    return date(year, 3 * q - 2, 1), month_bounds(year, 3 * q)[1]


def date_of(m: re.Match[str], p: str, year: int) -> date:
    return date(year_of(m[p + "y"], year), int(m[p + "m"]), int(m[p + "d"]))


def has(m: re.Match[str], group: str) -> bool:
    return bool(m.groupdict().get(group))


def day_of(year: int, month: int, m: re.Match[str]) -> date:
    """Day N of a month ("trước ngày N": the day before). A day the month lacks means its last day."""
    n = int(m["n"])
    if not 1 <= n <= 31:
        raise ValueError(f"day {n}")
    day = n - 1 if has(m, "before") else n  # "trước ngày 01" gives day 0 and is rejected by date()
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def quarter_label(year: int, q: int) -> str:
    return f"Quý {ROMAN[q - 1]}/{year}"


def month_label(year: int, month: int) -> str:
    return f"Tháng {month}/{year}"


# ---------------------------------------------------------------- schedules

Builder = Callable[[re.Match[str], int], Schedule]


def one(kind: Kind, due: date | None, opens: date | None = None, offset: int | None = None) -> Schedule:
    return Schedule(kind, (Slot(due, opens),), "", offset)


def window(opens: date, due: date, kind: Kind = Kind.WINDOW) -> Schedule:
    if opens > due:
        raise ValueError("window ends before it opens")
    return one(kind, due, opens)


def recurring(occurrences: Iterable[Slot]) -> Schedule:
    return Schedule(Kind.RECURRING, tuple(occurrences), "")


def undated(state: str) -> Schedule:
    """A cell that says what became of the work instead of when it is due."""
    return Schedule(Kind.UNDATED, (Slot(None),), "", state=state)


def rule(core: str, build: Builder) -> tuple[re.Pattern[str], Builder]:
    # The core must end where a word ends; what follows is a harmless remark (plan_data.grammar.scan).
    return re.compile(rf"(?:{core})(?=[^a-z0-9]|\Z)", re.ASCII | re.DOTALL), build


# ---------------------------------------------------------------- fragments


def year_re(name: str) -> str:  # "/2026" or " năm 2026"
    return rf"(?:\s*/\s*|\s+nam\s+)(?P<{name}>\d{{4}})"


def date_re(p: str) -> str:  # day/month[/year], also "15 tháng 01 năm 2026"; always day first
    sep = r"(?:\s*[/.-]\s*|\s+thang\s+)"
    return rf"(?P<{p}d>\d{{1,2}}){sep}(?P<{p}m>\d{{1,2}})(?:(?:\s*[/.-]\s*|\s+nam\s+)(?P<{p}y>\d{{4}}))?"


QUARTER = r"(?:iv|iii|ii|i|[1-4])"  # a quarter's number, Roman or not


def quarter_re(name: str) -> str:
    return rf"(?P<{name}>iv|iii|ii|i|[1-4])"


ON = r"cham nhat(?: la)?(?: vao)?|muon nhat(?: la)?|den(?: het)?|han(?: chot| cuoi)?(?: la)?|trong|vao"
REL = rf"(?:(?P<before>truoc)|{ON})"
TO = r"(?:-|den)"  # «7-9», «từ … đến …»
NTH = r"ngay (?P<n>\d{1,2}) (?:cua )?"
EVERY = r"(?:dinh ky )?(?:hang|moi) "  # «hằng quý, trước ngày 05 …» repeats the period
