"""The columns of the figures, declared once: every view of the counts reads this list.  (pure)

The chat's «tổng hợp» (a commune's and the city's), the progress chart, the workbook's «Tổng hợp» sheet, the
city's workbook and the Word report's table all show plan_data.figures' Counts through these columns. A
column is its key, its words, the rule that computes it from a row's Counts, its role, and its place: its
place in COLUMNS. A view names the roles it shows, in its own order (a Selection); within a role, the
columns keep COLUMNS' order, the asides after the rest where the view asks for that.

A figure is added to every view by one entry here; a new share of the items also needs its status in
Counts.add (plan_data.figures), the one count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter

from plan_data.figures import Counts


class Role(Enum):
    PART = "part"  # a share of the items: each item counts in one part, so the parts add up to the total
    SUM = "sum"  # every item
    RATE = "rate"  # a share of the items, in per cent


@dataclass(frozen=True)
class FigureColumn:
    key: str  # the name scripts read (the chart's JSON "series")
    short: str  # the chat's words: «đúng hạn / trễ / …»
    long: str  # the files' words: a header of the Word report's table and of the workbook, the chart's legend
    value: Callable[[Counts], int | float]  # the rule: the column's figure from a row's counts
    role: Role = Role.PART
    colour: str = "#757575"  # its segment of a bar on the chart
    aside: bool = False  # the chat and the workbook put it after the rest; the chat says it only when not 0
    chart: str = ""  # the chart's words, where they are not `long`
    sheet: str = ""  # the workbook's header, where it is not `long`

    @property
    def chart_label(self) -> str:
        return self.chart or self.long

    @property
    def sheet_label(self) -> str:
        return self.sheet or self.long


def done_rate(counts: Counts) -> float:
    """The share of the items done, in per cent to one decimal; 0 with no item."""
    return round(100 * counts.done / counts.total, 1) if counts.total else 0.0


# the order in which work moves: done (on time, late), awaiting the focal point, under way, not begun, late, no date
COLUMNS = (
    FigureColumn("done_on_time", "đúng hạn", "Xong đúng hạn", attrgetter("done_on_time"), colour="#2e7d32",
                 sheet="Đúng hạn"),
    FigureColumn("done_late", "trễ", "Xong trễ hạn", attrgetter("done_late"), colour="#9ccc65", sheet="Trễ hạn"),
    FigureColumn("awaiting", "chờ duyệt", "Chờ duyệt", attrgetter("awaiting"), colour="#00838f", aside=True),
    FigureColumn("in_progress", "đang làm", "Đang thực hiện", attrgetter("in_progress"), colour="#1976d2",
                 chart="Đang làm"),
    FigureColumn("not_started", "chưa làm", "Chưa bắt đầu", attrgetter("not_started"), colour="#bdbdbd",
                 chart="Chưa làm"),
    FigureColumn("overdue", "quá hạn", "Quá hạn", attrgetter("overdue"), colour="#c62828"),
    FigureColumn("waiting", "chưa có hạn", "Chưa có hạn", attrgetter("waiting"), colour="#8e24aa"),
    FigureColumn("total", "tổng", "Tổng", attrgetter("total"), Role.SUM),
    FigureColumn("done_rate", "tỷ lệ hoàn thành", "Tỷ lệ hoàn thành (%)", done_rate, Role.RATE),
)


@dataclass(frozen=True)
class Selection:
    """The columns a view shows: those of the roles it names, role by role in its order; within a role in
    COLUMNS' order, the asides last when `asides_last`."""

    roles: tuple[Role, ...]
    asides_last: bool = False

    def columns(self) -> tuple[FigureColumn, ...]:
        chosen: list[FigureColumn] = []
        for role in self.roles:
            of_role = [column for column in COLUMNS if column.role is role]
            chosen += sorted(of_role, key=lambda column: column.aside) if self.asides_last else of_role
        return tuple(chosen)

    def values(self, counts: Counts) -> list[int | float]:
        return [column.value(counts) for column in self.columns()]


CHAT = Selection((Role.PART,), asides_last=True)  # «tổng hợp», a commune's and the city's
CHART = Selection((Role.PART,))  # a bar's segments
SHEET = Selection((Role.PART, Role.SUM), asides_last=True)  # the workbook's «Tổng hợp»
CITY_SHEET = Selection((Role.PART, Role.SUM, Role.RATE), asides_last=True)  # the city's workbook, a row per commune
DOCUMENT = Selection((Role.SUM, Role.PART))  # the Word report's table: how many, then how they stand
