"""Free-form Vietnamese dates typed by commune officers -> datetime.date.  (pure: "today" is passed in)

Officers write the day before the month, often without diacritics: "20/11", "ngay 20 thang 11",
"thu 6 tuan sau", "3 ngay nua", "cuoi thang 12". These forms are matched here by hand because
dateparser gets some of them wrong ("15 tháng sáu" comes back as 15 December); it only sees the rest.

A grammar of its own, not the plan's deadline grammar (plan_data.grammar.rules): a new form typed in chat is a
row of _RULES here, a new form of a plan's time cell a row there. They answer different questions, and the
same words mean other things in each: here one day, counted from today («thứ 6 tuần sau», «3 ngày nữa»,
«tháng sau»), with two-digit years and numbers as words; there a schedule for the plan year (windows,
repeats, events). Here «trước 30/6» and «hạn 30/6» are the day typed (the lead words are dropped) and «cuối
tháng 12» is its last day; in a plan «trước ngày 30/6» is due 29/6, and «cuối» before a period is refused.
What they share is below both: folding (plan_data.folding) and calendar arithmetic (plan_data.grammar.parts).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from plan_data.folding import fold
from plan_data.grammar.parts import QUARTERS, month_bounds, quarter_bounds

_MAX_LEN = 80  # a date is a few words; longer text is a sentence, not a date
_MAX_PREFIX_WORDS = 8  # "ngay 20 thang 11 nam 2026" is the longest form officers use

_NUM_WORDS = {"mot": 1, "gieng": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7,
              "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_NUM = r"(?:[0-9]{1,2}|muoi mot|muoi hai|mot|gieng|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi|chap)"
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_YEAR = r"(?:\s*(?:nam\s*)?(?P<y>[0-9]{4}))?"
_NEXT = ("sau", "toi")  # "tháng sau", "tuần tới": the next one


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word)
    return int(word) if word.isdigit() else _NUM_WORDS.get(word)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # "31/02" is not a date
        return None


def _year(raw: str | None, today: date) -> int:
    if raw is None:
        return today.year  # no year typed: this year, as the plan is yearly
    value = int(raw)
    return 2000 + value if value < 100 else value


def _add_months(day: date, months: int) -> date | None:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _numeric(m: re.Match[str], today: date) -> date | None:
    return _safe(_year(m["y"], today), _num(m["m"]) or 0, int(m["d"]))


def _weekday(m: re.Match[str], today: date) -> date | None:
    word = re.sub(r"^(?:thu|t)\s*", "", m["wd"])
    if word.startswith(("chu", "cn")):
        target = 6
    else:
        target = int(word) - 2 if word.isdigit() else _WEEKDAY_WORDS[word]  # "thứ 2" is Monday
    monday = today - timedelta(days=today.weekday())
    if m["wk"] is None:  # "thứ sáu": the coming one, today included
        return today + timedelta(days=(target - today.weekday()) % 7)
    weeks = 0 if m["wk"].endswith("nay") else 1
    return monday + timedelta(days=7 * weeks + target)


def _relative(m: re.Match[str], today: date) -> date | None:
    count = _num(m["n"]) or 0
    if m["u"] == "thang":
        return _add_months(today, count)
    return today + timedelta(days=count * (7 if m["u"] == "tuan" else 1))


def _named(m: re.Match[str], today: date) -> date | None:
    offsets = {"hom nay": 0, "nay": 0, "mai": 1, "ngay mai": 1, "ngay kia": 2, "hom qua": -1}
    return today + timedelta(days=offsets[m[0]])


def _month_edge(m: re.Match[str], today: date) -> date | None:
    which = m["m"]
    if which is None or which == "nay" or which in _NEXT:  # "cuối tháng", "đầu tháng sau"
        first = _add_months(today.replace(day=1), 1 if which in _NEXT else 0) or today
        year, month = first.year, first.month
    else:
        year, month = _year(m["y"], today), _num(which) or 0
    if not 1 <= month <= 12:
        return None
    first, last = month_bounds(year, month)
    return {"dau": first, "giua": first.replace(day=15)}.get(m["e"], last)


def _quarter_edge(m: re.Match[str], today: date) -> date | None:
    year, quarter = _year(m["y"], today), (today.month - 1) // 3 + 1
    if m["q"] in _NEXT:
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    elif m["q"] not in (None, "nay"):
        quarter = QUARTERS[m["q"]]
    first, last = quarter_bounds(year, quarter)
    return first if m["e"] == "dau" else last


def _year_edge(m: re.Match[str], today: date) -> date | None:
    raw = m["y"]
    year = int(raw) if raw and raw.isdigit() else today.year + (raw in _NEXT)
    month, day = {"dau": (1, 1), "giua": (6, 30)}.get(m["e"], (12, 31))
    return _safe(year, month, day)


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], date | None]]
_RULES: tuple[_Rule, ...] = (
    (re.compile(r"(?:ngay\s*)?(?P<d>[0-9]{1,2})\s*[/.-]\s*(?P<m>[0-9]{1,2})"
                r"(?:\s*[/.-]\s*(?P<y>[0-9]{4}|[0-9]{2}))?"), _numeric),
    (re.compile(rf"(?:ngay\s*)?(?P<d>[0-9]{{1,2}})\s*thang\s*(?P<m>{_NUM}){_YEAR}"), _numeric),
    (re.compile(r"(?P<wd>thu\s*(?:[2-7]|hai|ba|tu|nam|sau|bay)|t[2-7]|chu\s*nhat|cn)"
                r"(?:\s*(?P<wk>tuan\s*(?:sau|toi|nay)))?"), _weekday),
    (re.compile(rf"(?:sau\s*)?(?P<n>[0-9]{{1,3}}|{_NUM})\s*(?P<u>ngay|tuan|thang)(?:\s*(?:nua|toi|sau))?"),
     _relative),
    (re.compile(r"hom nay|nay|ngay mai|mai|ngay kia|hom qua"), _named),
    (re.compile(rf"(?P<e>dau|giua|cuoi)\s*thang(?:\s*(?P<m>{_NUM}|nay|sau|toi))?{_YEAR}"), _month_edge),
    (re.compile(rf"(?P<e>dau|cuoi)\s*quy(?:\s*(?P<q>[1-4]|iv|iii|ii|i|nay|sau|toi))?{_YEAR}"), _quarter_edge),
    (re.compile(r"(?P<e>dau|giua|cuoi)\s*nam(?:\s*(?P<y>nay|sau|toi|[0-9]{4}))?"), _year_edge),
)
# Words put before a deadline that do not change it: "đến 30/6", "trước ngày 30/6", "vào thứ 6".
_LEAD = re.compile(r"^(?:(?:vao|den|toi|truoc|han|la)\s+)+")


def _by_rules(folded: str, today: date) -> date | None:
    for pattern, build in _RULES:
        match = pattern.fullmatch(folded)
        if match:
            try:
                return build(match, today)
            except (ValueError, OverflowError):  # "3 ngày nữa" from date.max: no such date
                return None
    return None


def _by_dateparser(text: str, today: date) -> date | None:
    import dateparser  # a last resort, rarely reached: imported then, not at start-up (it is slow to load)

    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": datetime.combine(today, time(12))}
    try:
        found = dateparser.parse(text, languages=["vi"], settings=settings)
    except Exception:  # dateparser is third-party and our contract is "never raise"
        return None
    return found.date() if found is not None else None


def parse_user_date(text: str, today: date, *, check_year: bool = True) -> date | None:
    """The date an officer means, or None. check_year=False only for telling whether text looks like a date
    when the real today is not known (the year window below would then be measured from the wrong year)."""
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        return None
    # Folded, "sáu" (six) and "sau" (next) are one word; with its accent it is always the number.
    text = re.sub(r"\bsáu\b", "6", unicodedata.normalize("NFC", text), flags=re.IGNORECASE)
    folded = _LEAD.sub("", fold(text)).strip(" .,;:!?")
    if not folded:
        return None
    found = _by_rules(folded, today)
    # dateparser reads a bare number as a day of this month and answers something for most junk, so it only
    # sees text with words in it, and its answer is kept only near the plan's year.
    if found is None and re.search(r"[a-z]", folded):
        found = _by_dateparser(text, today)
    if found is not None and check_year and not today.year - 1 <= found.year <= today.year + 2:
        return None
    return found


def split_date_prefix(text: str, today: date, *, check_year: bool = True) -> tuple[str, str] | None:
    """(date_text, rest) for the longest run of leading words that is a date: "30/6 chờ hướng dẫn"."""
    words = text.split()
    for count in range(min(len(words), _MAX_PREFIX_WORDS), 0, -1):
        head = " ".join(words[:count])
        if parse_user_date(head, today, check_year=check_year) is not None:
            return head.rstrip(",;:"), " ".join(words[count:]).lstrip(",;:-– ")
    return None
