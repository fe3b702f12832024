"""Đọc cột «Thời gian thực hiện/hoàn thành» của kế hoạch CCHC thành lịch cho năm kế hoạch.  (pure)

The reading is in two parts: whole phrases as officers and plans write them (plan_data.timephrases), then
a grammar that composes a phrase from its parts for what no whole phrase matches (plan_data.timecompose,
built on the first). Anything outside both raises NotUnderstood: a reminder bot must never invent a deadline.
"""

from plan_data.timecompose import compose
from plan_data.timephrases import Kind, NotUnderstood, Schedule, Slot, parse_whole

__all__ = ["Kind", "NotUnderstood", "Schedule", "Slot", "parse_timeframe"]


def parse_timeframe(expression: str, year: int) -> Schedule:
    """Read one «thời gian thực hiện/hoàn thành» cell for the plan of `year`: a whole phrase first, then
    the composed reading of its clauses for what no whole phrase matches."""
    try:
        return parse_whole(expression, year)
    except NotUnderstood:
        return compose(expression, year)
