"""The progress chart of `tổng hợp`, as a PNG a person reads on a phone without zooming.

A chat shows a photo about 390 pt wide on a phone. The PNG is 1080 px wide, so 1 px on the phone is
about 2.8 px of the picture: a label of 14 px on the phone needs 39 px here, 19 pt at 150 dpi. Nothing
smaller is drawn. Bars carry their names above them, on a line of their own that no bar reaches (a name
beside a bar would leave the bar no room): the picture grows taller with the rows rather than squeeze them.
Every segment carries its count, a segment worth 1 too: a segment is drawn at least as wide as its number
needs, so small segments are a little wider than their share; each bar ends with "xong/tổng".

- The chairman's and the focal point's chat: one question per panel, "how is each unit doing?" over
  "how is each reform area (I–VII) doing?".
- A unit's chat: its own tasks only (the figures it is given are its own, as the text beside it), one bar per
  status.
The figures the bars show are kept as JSON in the PNG's Description, so a test or a script can check the
picture against the other views.
"""

from __future__ import annotations

import io
import json
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from plan_data.figure_columns import CHART
from plan_data.figures import Counts, Figures

LIGHT = 150  # a colour this light or lighter (0–255) carries its number in black, a darker one in white
WIDTH_IN, HEIGHT_IN, DPI = 7.2, 9.6, 150  # 1080 × 1440 px
LABEL_PT = 19  # 40 px in the picture, 14 px on a 390 pt wide phone screen
TITLE_PT = 21
WIDTH_PX, HEIGHT_PX = WIDTH_IN * DPI, HEIGHT_IN * DPI
MARGIN, HEADING_PX, LEGEND_PX = 30, 58, 205  # px
LABEL_PX = LABEL_PT / 72 * DPI * 1.3  # a line of a label, with room for "ạ"'s dot and "g"'s tail
BAR_PX, ROW_GAP_PX = 46, 14  # a bar's thickness, and the space under it before the next row's name
ROW_PX = LABEL_PX + BAR_PX + ROW_GAP_PX
DIGIT_PX = LABEL_PT / 72 * DPI * 0.62  # one digit's width at LABEL_PT


def progress_chart(summary: Figures, title: str, unit_names: dict[str, str], section_names: dict[str, str],
                   unit: str | None = None) -> bytes:
    """The whole plan (unit None): units over sections; a unit's code: that unit's tasks by status."""
    lines = textwrap.wrap(title, 36)[:2]
    heading_px = 12 + len(lines) * 50 + 10
    if unit is None:
        units = [(unit_names.get(code, code), counts) for code, counts in summary.by_unit.items()]
        sections = [(f"{key}. {section_names.get(key, '')}", counts) for key, counts in summary.by_section.items()]
        rows_px = (len(units) + len(sections)) * ROW_PX
        height_px = max(HEIGHT_PX, heading_px + 2 * HEADING_PX + rows_px + LEGEND_PX)
    else:
        height_px = HEIGHT_PX
    figure = Figure(figsize=(WIDTH_IN, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.text(MARGIN / WIDTH_PX, 1 - 12 / height_px, "\n".join(lines), fontsize=TITLE_PT, fontweight="bold",
                va="top")
    top = height_px - heading_px  # px from the bottom where the panels start
    if unit is None:
        top = _panel(figure, height_px, top, "Theo đơn vị (xong/tổng)", units)
        _panel(figure, height_px, top, "Theo lĩnh vực I–VII (xong/tổng)", sections)
        _legend(figure)
        data = chart_data(summary)
    else:
        _own(figure, top, unit_names.get(unit, unit), summary.total, summary.tasks)
        data = chart_data(summary, unit)
    buffer = io.BytesIO()
    # zlib's fastest level: a fifth of the chart's time went to compressing it, for a file 10 % smaller
    figure.savefig(buffer, format="png", facecolor="white", metadata={"Title": title, "Description": data},
                   pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def chart_data(summary: Figures, unit: str | None = None) -> str:
    """The figures the bars show, as JSON, kept in the PNG's Description: a reader (or a test) can check
    the picture against the other views without measuring bars."""
    units = summary.by_unit if unit is None else {unit: summary.total}
    sections = summary.by_section if unit is None else {}
    return json.dumps({"series": [column.key for column in CHART.columns()],
                       "units": {code: CHART.values(c) for code, c in units.items()},
                       "sections": {key: CHART.values(c) for key, c in sections.items()}})


def _panel(figure: Figure, height_px: float, top: float, heading: str, rows: list[tuple[str, Counts]]) -> float:
    """Under `heading`, one stacked bar per row, its name on the line above it and "xong/tổng" after it.
    Positions are in pixels from the bottom of a picture `height_px` high; returns where the panel ends."""
    figure.text(MARGIN / WIDTH_PX, (top - 8) / height_px, heading, fontsize=TITLE_PT, fontweight="bold", va="top")
    top -= HEADING_PX
    height = ROW_PX * len(rows)
    width_px = WIDTH_PX - 2 * MARGIN
    axes = figure.add_axes((MARGIN / WIDTH_PX, (top - height) / height_px, width_px / WIDTH_PX, height / height_px))
    drawn = [_segments(counts) for _, counts in rows]
    end_px = max((len(f"{c.total}/{c.total}") + 1) * DIGIT_PX for _, c in rows) if rows else 0
    scale = _scale(drawn, width_px - end_px)
    axes.set_xlim(0, width_px)
    axes.set_ylim(height, 0)  # one data unit is one pixel, from the panel's top down
    for y, ((name, counts), segments) in enumerate(zip(rows, drawn, strict=True)):
        row_top = y * ROW_PX
        axes.text(0, row_top, textwrap.shorten(name, 40, placeholder="…"), fontsize=LABEL_PT, va="top")
        middle = row_top + LABEL_PX + BAR_PX / 2
        left = 0.0
        for _key, colour, value in segments:
            width = _width(value, scale)
            axes.barh(middle, width, left=left, height=BAR_PX, color=colour, edgecolor="white")
            axes.text(left + width / 2, middle, str(value), ha="center", va="center", fontsize=LABEL_PT,
                      color=_number_colour(colour))
            left += width
        axes.text(left + DIGIT_PX / 2, middle, f"{counts.done}/{counts.total}", va="center", fontsize=LABEL_PT)
    axes.axis("off")
    return top - height


def _segments(counts: Counts) -> list[tuple[str, str, int]]:
    """(key, colour, value) of each part a bar shows: the ones with a count."""
    return [(column.key, column.colour, value)
            for column, value in zip(CHART.columns(), CHART.values(counts), strict=True) if value]


def _number_colour(colour: str) -> str:
    """Black on a light segment, white on a dark one: the segment's luma (ITU-R BT.709) from "#rrggbb"."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "black" if 0.2126 * red + 0.7152 * green + 0.0722 * blue >= LIGHT else "white"


def _width(value: int, scale: float) -> float:
    """A segment's width in px at `scale` px per count: never narrower than its number needs."""
    return max(value * scale, (len(str(value)) + 0.8) * DIGIT_PX)


def _scale(bars: list[list[tuple[str, str, int]]], room: float) -> float:
    """The px per count at which the widest bar, its small segments widened, fills `room`."""
    most = max((sum(v for _k, _c, v in bar) for bar in bars), default=1) or 1
    scale = room / most
    for _ in range(30):  # widening the small segments takes room from the others: shrink until it fits
        widest = max((sum(_width(v, scale) for _k, _c, v in bar) for bar in bars), default=0)
        if widest <= room:
            break
        scale *= room / widest * 0.999
    return scale


def _legend(figure: Figure) -> None:
    columns = CHART.columns()
    figure.legend([Patch(color=column.colour) for column in columns], [column.chart_label for column in columns],
                  loc="lower left", ncols=3, fontsize=LABEL_PT, frameon=False, handlelength=0.8,
                  columnspacing=0.6, handletextpad=0.3, borderaxespad=0.2, bbox_to_anchor=(0.0, 0.0))


def _own(figure: Figure, top: float, name: str, counts: Counts, tasks: int) -> None:
    """A unit's tasks: one bar per status, its name above it and its count after it. The count is of items
    (a recurring task's periods due so far each count), as the text's."""
    items = f" ({counts.total} lượt)" if counts.total != tasks else ""
    figure.text(MARGIN / WIDTH_PX, (top - 8) / HEIGHT_PX, textwrap.fill(f"{name}: {tasks} nhiệm vụ{items}", 36),
                fontsize=TITLE_PT, fontweight="bold", va="top")
    top -= 2 * HEADING_PX
    axes = figure.add_axes((MARGIN / WIDTH_PX, 0.03, 1 - 2 * MARGIN / WIDTH_PX, top / HEIGHT_PX - 0.03))
    columns, values = CHART.columns(), CHART.values(counts)
    most = max(values, default=0) or 1
    axes.set_xlim(0, most * 1.2)
    axes.set_ylim(len(columns) - 0.4, -0.9)
    for y, (column, value) in enumerate(zip(columns, values, strict=True)):
        axes.text(0, y - 0.35, column.chart_label, fontsize=LABEL_PT, va="bottom")
        axes.barh(y, max(value, most * 0.005), height=0.45, color=column.colour)
        axes.text(value + most * 0.02, y, str(value), va="center", fontsize=LABEL_PT, fontweight="bold")
    axes.axis("off")
