"""Đọc cột «Thời gian thực hiện/hoàn thành» của kế hoạch CCHC thành lịch cho năm kế hoạch.

Pure: no clock, no I/O, no framework. The grammar is hand-written regexes over a normalised form
of the text (lowercase, no diacritics, "đ" -> "d") because general date parsers misread
administrative phrasings ("Tháng 10/2026" becomes 10/10/2026). Anything outside the grammar raises
NotUnderstood: a reminder bot must never invent a deadline.
"""

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from plan_data.phrasescan import Starts
from plan_data.text import fold


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


# ---------------------------------------------------------------- normalisation


# A date inside a reference to another document is when that document was signed, never a deadline.
_REFERENCE = re.compile(
    r"\b(?P<doc>ke hoach|quyet dinh|nghi quyet|cong van|thong bao|nghi dinh|thong tu|chi thi|van ban"
    r"|thong tri|ket luan|huong dan|chuong trinh|de an|to trinh)(?: so)?(?: [^\s\d/]*[\d/]\S*)? ngay(?: \d{1,2})?"
    r"(?:\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?| thang(?: \d{1,2})?(?: nam(?: \d{4})?)?)",
    re.ASCII,
)
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


# ---------------------------------------------------------------- calendar helpers

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN = ("I", "II", "III", "IV")


def _year_of(written: str | None, default: int) -> int:
    year = int(written) if written else default
    if not 1900 <= year <= 2999:  # a typo, and keeps date arithmetic far from date.min/max
        raise ValueError(f"year {year} out of range")
    return year


def _date_of(m: re.Match[str], p: str, year: int) -> date:
    return date(_year_of(m[p + "y"], year), int(m[p + "m"]), int(m[p + "d"]))


def _has(m: re.Match[str], group: str) -> bool:
    return bool(m.groupdict().get(group))


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _quarter_bounds(year: int, q: int) -> tuple[date, date]:
    return date(year, 3 * q - 2, 1), _month_bounds(year, 3 * q)[1]


def _day_of(year: int, month: int, m: re.Match[str]) -> date:
    """Day N of a month ("trước ngày N": the day before). A day the month lacks means its last day."""
    n = int(m["n"])
    if not 1 <= n <= 31:
        raise ValueError(f"day {n}")
    day = n - 1 if _has(m, "before") else n  # "trước ngày 01" gives day 0 and is rejected by date()
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------- builders

Builder = Callable[[re.Match[str], int], Schedule]


def _one(kind: Kind, due: date | None, opens: date | None = None, offset: int | None = None) -> Schedule:
    return Schedule(kind, (Slot(due, opens),), "", offset)


def _window(opens: date, due: date, kind: Kind = Kind.WINDOW) -> Schedule:
    if opens > due:
        raise ValueError("window ends before it opens")
    return _one(kind, due, opens)


def _recurring(occurrences: Iterable[Slot]) -> Schedule:
    return Schedule(Kind.RECURRING, tuple(occurrences), "")


def _deadline(m: re.Match[str], year: int) -> Schedule:
    day = _date_of(m, "", year)
    return _one(Kind.DEADLINE, day - timedelta(days=1) if _has(m, "before") else day)


def _date_range(m: re.Match[str], year: int) -> Schedule:
    due = _date_of(m, "b", year)
    return _window(_date_of(m, "a", due.year), due)


def _quarters(m: re.Match[str], year: int) -> Schedule:
    """«Quý II/2026» or a run of quarters «Quý II-III/2026»."""
    if m[0].startswith("tu ") and not m["q2"]:
        raise ValueError("«từ quý …» with no end is open: plan_data.timecompose reads it")
    y = _year_of(m["y"], year)
    first, last = _QUARTERS[m["q1"]], _QUARTERS[m["q2"] or m["q1"]]
    return _window(_quarter_bounds(y, first)[0], _quarter_bounds(y, last)[1])


def _months(m: re.Match[str], year: int) -> Schedule:
    """«Tháng 10/2026» or a run «Tháng 01/2026 đến tháng 5/2026»; a missing year is the run's last one."""
    if m[0].startswith("tu ") and not m["m2"]:
        raise ValueError("«từ tháng …» with no end is open: plan_data.timecompose reads it")
    last_year = _year_of(m["y2"] or m["y1"], year)
    opens = _month_bounds(_year_of(m["y1"], last_year), int(m["m1"]))[0]
    return _window(opens, _month_bounds(last_year, int(m["m2"] or m["m1"]))[1])


def _half(m: re.Match[str], year: int) -> Schedule:
    y = _year_of(m["y"], year)
    if m["half"] == "dau":
        return _window(date(y, 1, 1), date(y, 6, 30))
    return _window(date(y, 7, 1), date(y, 12, 31))


def _whole_year(m: re.Match[str], year: int) -> Schedule:
    y = _year_of(m.groupdict().get("y") or m.groupdict().get("y2"), year)
    return _window(date(y, 1, 1), date(y, 12, 31), Kind.ONGOING)


def _period(m: re.Match[str], year: int) -> Schedule:
    return _window(date(_year_of(m["y1"], year), 1, 1), date(_year_of(m["y2"], year), 12, 31))


def _ongoing(m: re.Match[str], year: int) -> Schedule:
    return _one(Kind.ONGOING, None, date(year, 1, 1))


def _event(m: re.Match[str], year: int) -> Schedule:
    return _one(Kind.EVENT, None)


def _offset(m: re.Match[str], year: int) -> Schedule:
    days = int(m["n"])
    if days < 1:
        raise ValueError("offset of 0 days")
    return _one(Kind.EVENT, None, offset=days)


def _monthly(m: re.Match[str], year: int) -> Schedule:
    windows = (_month_bounds(year, k) for k in range(1, 13))
    return _recurring(Slot(due, opens, f"Tháng {opens.month}/{year}") for opens, due in windows)


def _quarterly(m: re.Match[str], year: int) -> Schedule:
    windows = (_quarter_bounds(year, q) for q in range(1, 5))
    return _recurring(Slot(d, o, f"Quý {_ROMAN[i]}/{year}") for i, (o, d) in enumerate(windows))


def _semiannual(m: re.Match[str], year: int) -> Schedule:
    halves = ((date(year, 1, 1), date(year, 6, 30), "đầu"), (date(year, 7, 1), date(year, 12, 31), "cuối"))
    return _recurring(Slot(due, opens, f"6 tháng {part} năm {year}") for opens, due, part in halves)


def _day_monthly(m: re.Match[str], year: int) -> Schedule:
    return _recurring(
        Slot(_day_of(year, k, m), date(year, k, 1), f"Tháng {k}/{year}") for k in range(1, 13)
    )


def _day_quarterly(m: re.Match[str], year: int) -> Schedule:
    shift = 0 if m["which"] == "dau" else 2  # first or last month of the quarter
    return _recurring(
        Slot(
            _day_of(year, 3 * q - 2 + shift, m), date(year, 3 * q - 2, 1), f"Quý {_ROMAN[q - 1]}/{year}"
        )
        for q in range(1, 5)
    )


# ---------------------------------------------------------------- grammar


def _y(name: str) -> str:  # "/2026" or " năm 2026"
    return rf"(?:\s*/\s*|\s+nam\s+)(?P<{name}>\d{{4}})"


def _d(p: str) -> str:  # day/month[/year], also "15 tháng 01 năm 2026"; always day first
    sep = r"(?:\s*[/.-]\s*|\s+thang\s+)"
    return rf"(?P<{p}d>\d{{1,2}}){sep}(?P<{p}m>\d{{1,2}})(?:(?:\s*[/.-]\s*|\s+nam\s+)(?P<{p}y>\d{{4}}))?"


def _q(name: str) -> str:
    return rf"(?P<{name}>iv|iii|ii|i|[1-4])"


_ON = r"cham nhat(?: la)?(?: vao)?|muon nhat(?: la)?|den(?: het)?|han(?: chot| cuoi)?(?: la)?|trong|vao"
_REL = rf"(?:(?P<before>truoc)|{_ON})"
_TO = r"(?:-|den)"  # «7-9», «từ … đến …»
_NTH = r"ngay (?P<n>\d{1,2}) (?:cua )?"
_EVERY = r"(?:dinh ky )?(?:hang|moi) "  # «hằng quý, trước ngày 05 …» repeats the period


def _rule(core: str, build: Builder) -> tuple[re.Pattern[str], Builder]:
    # The core must end where a word ends; what follows is a harmless remark (plan_data.phrasescan).
    return re.compile(rf"(?:{core})(?=[^a-z0-9]|\Z)", re.ASCII | re.DOTALL), build


# First match wins: the specific forms come before the general ones they contain (a date range
# before a single date, «trước ngày N hằng tháng» before «hằng tháng»).
_RULES = (
    _rule(
        r"(?:khong qua|trong vong|trong thoi han|trong|toi da|cham nhat(?: la)?) (?P<n>\d{1,3}) ngay"
        r" (?:ke tu|tinh tu|sau khi|tu khi|sau)\b.*",
        _offset,
    ),
    _rule(
        rf"(?:{_EVERY}quy,? )?(?:{_REL} )?{_NTH}thang (?P<which>dau|cuoi) (?:cua )?(?:moi |hang |cac )?quy",
        _day_quarterly,
    ),
    _rule(rf"(?:{_EVERY}thang,? )?(?:{_REL} )?{_NTH}(?:hang|moi) thang", _day_monthly),
    _rule(rf"(?:tu )?ngay {_d('a')}\s*{_TO}\s*(?:ngay )?{_d('b')}", _date_range),
    _rule(rf"(?:{_REL} )?ngay {_d('')}", _deadline),
    _rule(rf"{_REL} {_d('')}", _deadline),
    _rule(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", _deadline),
    _rule(rf"(?:tu |ca )?quy {_q('q1')}(?:\s*{_TO}\s*(?:quy )?{_q('q2')})?(?:{_y('y')})?", _quarters),
    _rule(
        rf"(?:tu |ca )?thang (?P<m1>\d{{1,2}})(?:{_y('y1')})?"
        rf"(?:\s*{_TO}\s*(?:thang )?(?P<m2>\d{{1,2}}))?(?:{_y('y2')}|\s+hang nam)?",
        _months,
    ),
    _rule(r"6 thang (?P<half>dau|cuoi) nam(?:\s*/?\s*(?P<y>\d{4}))?", _half),
    _rule(r"(?:dinh ky |hang |moi )6 thang(?: (?:mot|1) lan)?|6 thang (?:mot|1) lan", _semiannual),
    _rule(r"(?:dinh ky )?(?:hang|moi) thang|dinh ky thang", _monthly),
    _rule(r"(?:dinh ky )?(?:hang|moi) quy|dinh ky quy", _quarterly),
    _rule(r"(?:dinh ky )?(?:hang|moi) nam", _whole_year),
    _rule(r"(?:ca|trong(?: ca)?|suot) nam(?: (?P<y>\d{4}))?|nam (?P<y2>\d{4})", _whole_year),
    _rule(r"(?:giai doan |thoi ky )?(?P<y1>\d{4})\s*-\s*(?P<y2>\d{4})", _period),
    _rule(r"thuong xuyen(?: lien tuc)?|lien tuc|hang ngay|moi ngay", _ongoing),
    _rule(r"(?:ngay )?(?:sau )?khi\b.*", _event),
)


def _parse_part(text: str, year: int) -> Schedule:
    text = _REFERENCE.sub(lambda m: m["doc"], text)
    if _THEO.match(text):
        return _one(Kind.EVENT, None)
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
        return Schedule(Kind.RECURRING, tuple(by_due[d] for d in sorted(by_due)), expression)
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
