"""The columns of the figures, declared once: every view of the counts reads this list.  (pure)

The chat's «tổng hợp» (a commune's and the city's), the progress chart, the workbook's «Tổng hợp» sheet, the
city's workbook and the Word report's table all show plan_data.figures' Counts through these columns. A
column is its key, its words, the rule that computes it from a row's Counts, its role, and its place: its
place in COLUMNS. A view names the roles it shows, in its own order (a Selection); within a role, the
columns keep COLUMNS' order, the asides after the rest where the view asks for that.

A figure is added to every view by one entry here; a new share of the items also needs its status in
Counts.add (plan_data.figures), the one count.

The parts are the Government's four states and the asides. Amber («có nguy cơ chậm») is a share of «trong
hạn»: an AMONG column, «trong đó», that every view shows right after it (the chat as «12 (🟠 3)»). A bar of
the chart cannot draw a share inside a segment, so a Selection that `splits` draws a part with `parts` as
those parts instead (trong hạn as its green and its amber), each item still in exactly one segment.
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
    AMONG = "among"  # «trong đó»: a share of the part named by its `of`, shown right after it
    SEGMENT = "segment"  # one of the pieces a splitting view draws a part as (the part's `parts`)


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
    of: str = ""  # an AMONG column: the key of the part it is a share of
    parts: tuple[str, ...] = ()  # a part a splitting view draws as these SEGMENT/AMONG columns
    mark: str = ""  # the chat's sign before an AMONG figure: «(🟠 3)»

    @property
    def chart_label(self) -> str:
        return self.chart or self.long

    @property
    def sheet_label(self) -> str:
        return self.sheet or self.long


def done_rate(counts: Counts) -> float:
    """The share of the items done, in per cent to one decimal; 0 with no item."""
    return round(100 * counts.done / counts.total, 1) if counts.total else 0.0


def on_time_rate(counts: Counts) -> float | None:
    """Of the items done or past their date, the share done on time, in per cent to one decimal: what the city
    ranks its communes by. None while no item is either (nothing to judge yet)."""
    judged = counts.done + counts.overdue
    return round(100 * counts.done_on_time / judged, 1) if judged else None


# the order in which work moves: done (on time, late), awaiting the focal point, in term (amber among it), late,
# no date
COLUMNS = (
    FigureColumn("done_on_time", "đúng hạn", "Hoàn thành đúng hạn", attrgetter("done_on_time"), colour="#2e7d32",
                 chart="Đúng hạn", sheet="Đúng hạn"),
    FigureColumn("done_late", "trễ hạn", "Hoàn thành trễ hạn", attrgetter("done_late"), colour="#9ccc65",
                 chart="Trễ hạn", sheet="Trễ hạn"),
    FigureColumn("awaiting", "chờ duyệt", "Chờ duyệt", attrgetter("awaiting"), colour="#00838f", aside=True),
    FigureColumn("in_term", "trong hạn", "Trong hạn", attrgetter("in_term"), colour="#1976d2",
                 parts=("on_track", "at_risk")),
    FigureColumn("on_track", "trong hạn, đúng tiến độ", "Trong hạn, đúng tiến độ", attrgetter("on_track"),
                 Role.SEGMENT, colour="#1976d2", chart="Trong hạn"),
    FigureColumn("at_risk", "có nguy cơ chậm", "Trong đó: có nguy cơ chậm", attrgetter("at_risk"), Role.AMONG,
                 colour="#fb8c00", chart="Có nguy cơ chậm", of="in_term", mark="🟠"),
    FigureColumn("overdue", "quá hạn", "Quá hạn", attrgetter("overdue"), colour="#c62828"),
    FigureColumn("waiting", "chưa có hạn", "Chưa có hạn", attrgetter("waiting"), colour="#8e24aa", aside=True),
    FigureColumn("total", "tổng", "Tổng", attrgetter("total"), Role.SUM),
    FigureColumn("done_rate", "tỷ lệ hoàn thành", "Tỷ lệ hoàn thành (%)", done_rate, Role.RATE),
)
BY_KEY = {column.key: column for column in COLUMNS}


@dataclass(frozen=True)
class Selection:
    """The columns a view shows: those of the roles it names, role by role in its order; within a role in
    COLUMNS' order, the asides last when `asides_last`. An AMONG column comes right after the part it is a
    share of, when the view names Role.AMONG; `splits`: a part with `parts` is drawn as them instead."""

    roles: tuple[Role, ...]
    asides_last: bool = False
    splits: bool = False

    def columns(self) -> tuple[FigureColumn, ...]:
        chosen: list[FigureColumn] = []
        for role in (r for r in self.roles if r is not Role.AMONG):
            of_role = [column for column in COLUMNS if column.role is role]
            for column in sorted(of_role, key=lambda column: column.aside) if self.asides_last else of_role:
                chosen += self._shown_as(column)
        return tuple(chosen)

    def _shown_as(self, column: FigureColumn) -> list[FigureColumn]:
        if self.splits and column.parts:
            return [BY_KEY[key] for key in column.parts]
        among = [c for c in COLUMNS if c.role is Role.AMONG and c.of == column.key] if Role.AMONG in self.roles else []
        return [column, *among]

    def values(self, counts: Counts) -> list[int | float]:
        return [column.value(counts) for column in self.columns()]


CHAT = Selection((Role.PART, Role.AMONG), asides_last=True)  # «tổng hợp», a commune's and the city's
CHART = Selection((Role.PART,), splits=True)  # a bar's segments: each item in one
SHEET = Selection((Role.PART, Role.AMONG, Role.SUM), asides_last=True)  # the workbook's «Tổng hợp»
CITY_SHEET = Selection((Role.PART, Role.AMONG, Role.SUM, Role.RATE), asides_last=True)  # the city's, per commune
BOARD = Selection((Role.PART, Role.AMONG, Role.SUM), asides_last=True)  # the leaders' board on the web
DOCUMENT = Selection((Role.SUM, Role.PART, Role.AMONG))  # the Word report's table: how many, then how they stand
