"""Đọc cột «Thời gian thực hiện/hoàn thành» của kế hoạch CCHC thành lịch cho năm kế hoạch.  (pure)

The reading is in two parts: whole phrases as officers and plans write them (plan_data.timephrases), then
a grammar that composes a phrase from its parts for what no whole phrase matches (plan_data.timecompose,
built on the first). Anything outside both raises NotUnderstood: a reminder bot must never invent a deadline.
"""

from plan_data.timecompose import compose
from plan_data.timeparts import Kind, NotUnderstood, Schedule, Slot
from plan_data.timephrases import parse_whole

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
    """Read one «thời gian thực hiện/hoàn thành» cell for the plan of `year`: a whole phrase first, then
    the composed reading of its clauses for what no whole phrase matches."""
    if len(expression) > MAX_PHRASE:
        raise PhraseTooLong(expression)
    try:
        return parse_whole(expression, year)
    except NotUnderstood:
        return compose(expression, year)
