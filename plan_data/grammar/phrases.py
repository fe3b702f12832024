"""Whole time cells: the first rule of plan_data.grammar.rules that reads the cell, a harmless label before it
and a harmless remark after it allowed; several parts joined by «;» each read so.  (pure)

The rules themselves (every form a cell may take, and what it gives) are plan_data.grammar.rules' table: a new
form goes there, not here. This module is one of its two readers (the other is plan_data.grammar.compose): it
says where in a cell a rule may begin (after a label such as «Hoàn thành», never after «trước», «sau»,
«đầu»…) and what may follow it. The grammar is hand-written regexes over a normalised form of the text
(lowercase, no diacritics, "đ" -> "d") because general date parsers misread administrative phrasings
("Tháng 10/2026" becomes 10/10/2026). Anything outside the grammar raises NotUnderstood: a reminder bot must
never invent a deadline.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from plan_data.folding import fold
from plan_data.grammar.parts import Kind, NotUnderstood, Schedule, Slot
from plan_data.grammar.rules import WHOLE_RULES, event_only
from plan_data.grammar.scan import Starts

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


def _parse_part(text: str, year: int) -> Schedule:
    if _THEO.match(text):
        return event_only(text)
    starts = _starts(text)
    for row in WHOLE_RULES:
        if match := _find(row.pattern, starts):
            return row.build(match, year)
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
