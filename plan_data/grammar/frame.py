"""Đọc cột «Thời gian thực hiện/hoàn thành» của kế hoạch CCHC thành lịch cho năm kế hoạch.  (pure)

The reading goes in stages, each a module of its own:
1. plan_data.grammar.qualify takes the cell apart: references to other documents lose their numbers and dates,
   parentheses that hold no time become remarks (kept in the note), «năm nay/năm sau» become years;
2. plan_data.grammar.outcomes reads what the work's state says instead of a date («Đã ban hành», «Đang triển
   khai») and a meeting's own day;
3. whole phrases as officers and plans write them (plan_data.grammar.phrases);
4. for what no whole phrase matches, a grammar that composes a phrase from its parts (plan_data.grammar.compose,
   with lists of periods and dates and yearly repeats in plan_data.grammar.lists).
Stages 3 and 4 read one ordered table of rules, plan_data.grammar.rules: a new form of deadline is a row there
(and a case in tests/unit/test_time_grammar.py), nowhere else.
Anything outside them raises NotUnderstood: a reminder bot must never invent a deadline.
"""

from dataclasses import replace

from plan_data.folding import fold
from plan_data.grammar.compose import compose
from plan_data.grammar.outcomes import read_meeting, read_state
from plan_data.grammar.parts import Kind, NotUnderstood, Schedule, Slot
from plan_data.grammar.phrases import parse_whole
from plan_data.grammar.qualify import qualify

__all__ = ["MAX_PHRASE", "Kind", "NotUnderstood", "PhraseTooLong", "Schedule", "Slot", "parse_timeframe"]

MAX_PHRASE = 600  # characters: the longest real cell ("… và có rà soát … các năm tiếp theo") is a few hundred


class PhraseTooLong(NotUnderstood):
    """A time cell far longer than any time phrase: refused at the entrance, before any rule reads it."""

    def __init__(self, expression: str) -> None:
        super().__init__(expression[:60] + "…")
        self.args = (f"Thời hạn dài {len(expression)} ký tự, quá {MAX_PHRASE}: ghi ngắn lại (ví dụ «Quý I/2026»), "
                     "phần giải thích để ở cột Ghi chú.",)

    def __str__(self) -> str:
        return self.args[0]


def parse_timeframe(expression: str, year: int) -> Schedule:
    """Read one «thời gian thực hiện/hoàn thành» cell for the plan of `year`."""
    if len(expression) > MAX_PHRASE:
        raise PhraseTooLong(expression)
    if not 1900 <= year <= 2999:
        raise ValueError(f"plan year {year} out of range")
    text = expression.strip()
    cell = qualify(text, year)
    try:
        schedule = _read(cell.text, year)
    except ValueError as exc:  # NotUnderstood of the qualified text, a date that does not exist, a refusal
        raise NotUnderstood(text) from exc
    note = "; ".join(n for n in (schedule.note, *cell.remarks) if n)
    return replace(schedule, expression=text, note=note)


def _read(text: str, year: int) -> Schedule:
    folded = fold(text)
    if (said := read_state(folded)) is not None or (said := read_meeting(folded, year)) is not None:
        return said
    try:
        return parse_whole(text, year)
    except NotUnderstood:
        return compose(text, year)
