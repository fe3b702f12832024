"""The progress chart of `tổng hợp`, as a PNG a person reads on a phone without zooming.

A chat shows a photo about 390 pt wide on a phone. The PNG is 1080 px wide, so 1 px on the phone is
about 2.8 px of the picture: a label of 14 px on the phone needs 39 px here, 19 pt at 150 dpi. Nothing
smaller is drawn. Bars carry their names above them (a name beside a bar would leave the bar no room),
and only counts that fit inside their segment are written on it; each bar ends with "xong/tổng".

- The chairman's and the focal point's chat: one question per panel, "how is each unit doing?" over
  "how is each reform area (I–VII) doing?".
- A unit's chat: its own tasks only, one bar per status.
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

from plan_data.figures import Counts, Figures

# (field of Counts, legend, colour): the order of the report's columns
SERIES = (
    ("done_on_time", "Xong đúng hạn", "#2e7d32"),
    ("done_late", "Xong trễ hạn", "#9ccc65"),
    ("awaiting", "Chờ duyệt", "#00838f"),
    ("in_progress", "Đang làm", "#1976d2"),
    ("not_started", "Chưa làm", "#bdbdbd"),
    ("overdue", "Quá hạn", "#c62828"),
    ("waiting", "Chưa có hạn", "#8e24aa"),
)
DARK_TEXT = ("#bdbdbd", "#9ccc65")
WIDTH_IN, HEIGHT_IN, DPI = 7.2, 9.6, 150  # 1080 × 1440 px
LABEL_PT = 19  # 40 px in the picture, 14 px on a 390 pt wide phone screen
TITLE_PT = 21
WIDTH_PX, HEIGHT_PX = WIDTH_IN * DPI, HEIGHT_IN * DPI
MARGIN, HEADING_PX, LEGEND_PX = 30, 58, 205  # px


def progress_chart(summary: Figures, title: str, unit_names: dict[str, str], section_names: dict[str, str],
                   unit: str | None = None) -> bytes:
    """The whole plan (unit None): units over sections; a unit's code: that unit's tasks by status."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    lines = textwrap.wrap(title, 36)[:2]
    figure.text(MARGIN / WIDTH_PX, 1 - 12 / HEIGHT_PX, "\n".join(lines), fontsize=TITLE_PT, fontweight="bold",
                va="top")
    top = HEIGHT_PX - 12 - len(lines) * 50 - 10  # px from the bottom where the panels start
    if unit is None:
        units = [(unit_names.get(code, code), counts) for code, counts in summary.by_unit.items()]
        sections = [(f"{key}. {section_names.get(key, '')}", counts) for key, counts in summary.by_section.items()]
        pitch = (top - 2 * HEADING_PX - LEGEND_PX) / max(1, len(units) + len(sections))
        top = _panel(figure, top, pitch, "Theo đơn vị (xong/tổng)", units)
        _panel(figure, top, pitch, "Theo lĩnh vực I–VII (xong/tổng)", sections)
        _legend(figure)
        data = chart_data(summary)
    else:
        _own(figure, top, unit_names.get(unit, unit), summary.by_unit.get(unit, Counts()))
        data = chart_data(summary, unit)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white", metadata={"Title": title, "Description": data})
    return buffer.getvalue()


def chart_data(summary: Figures, unit: str | None = None) -> str:
    """The figures the bars show, as JSON, kept in the PNG's Description: a reader (or a test) can check
    the picture against the other views without measuring bars."""
    fields = [field for field, _label, _colour in SERIES]

    def row(counts: Counts) -> list[int]:
        return [getattr(counts, field) for field in fields]

    units = {code: c for code, c in summary.by_unit.items() if unit is None or code == unit}
    sections = summary.by_section if unit is None else {}
    return json.dumps({"series": fields, "units": {code: row(c) for code, c in units.items()},
                       "sections": {key: row(c) for key, c in sections.items()}})


def _panel(figure: Figure, top: float, pitch: float, heading: str, rows: list[tuple[str, Counts]]) -> float:
    """Under `heading`, one stacked bar per row, its name above it and "xong/tổng" after it. Positions are
    in pixels from the bottom of the picture; returns where the panel ends."""
    figure.text(MARGIN / WIDTH_PX, (top - 8) / HEIGHT_PX, heading, fontsize=TITLE_PT, fontweight="bold", va="top")
    top -= HEADING_PX
    height = pitch * len(rows)
    axes = figure.add_axes((MARGIN / WIDTH_PX, (top - height) / HEIGHT_PX, 1 - 2 * MARGIN / WIDTH_PX,
                            height / HEIGHT_PX))
    most = max((c.total for _, c in rows), default=1) or 1
    axes.set_xlim(0, most * 1.2)
    axes.set_ylim(len(rows), 0)
    for y, (name, counts) in enumerate(rows):
        axes.text(0, y + 0.04, textwrap.shorten(name, 40, placeholder="…"), fontsize=LABEL_PT, va="top")
        left = 0
        for field, _label, colour in SERIES:
            value = getattr(counts, field)
            if value:
                axes.barh(y + 0.7, value, left=left, height=0.46, color=colour, edgecolor="white")
                if value / (most * 1.2) > 0.055:  # room for the number inside its segment
                    axes.text(left + value / 2, y + 0.72, str(value), ha="center", va="center", fontsize=LABEL_PT,
                              color="black" if colour in DARK_TEXT else "white")
            left += value
        done = counts.done_on_time + counts.done_late
        axes.text(left + most * 0.015, y + 0.72, f"{done}/{counts.total}", va="center", fontsize=LABEL_PT)
    axes.axis("off")
    return top - height


def _legend(figure: Figure) -> None:
    figure.legend([Patch(color=colour) for _f, _l, colour in SERIES], [label for _f, label, _c in SERIES],
                  loc="lower left", ncols=3, fontsize=LABEL_PT, frameon=False, handlelength=0.8,
                  columnspacing=0.6, handletextpad=0.3, borderaxespad=0.2, bbox_to_anchor=(0.0, 0.0))


def _own(figure: Figure, top: float, name: str, counts: Counts) -> None:
    """A unit's tasks: one bar per status, its name above it and its count after it."""
    figure.text(MARGIN / WIDTH_PX, (top - 8) / HEIGHT_PX, textwrap.fill(f"{name}: {counts.total} nhiệm vụ", 36),
                fontsize=TITLE_PT, fontweight="bold", va="top")
    top -= 2 * HEADING_PX
    axes = figure.add_axes((MARGIN / WIDTH_PX, 0.03, 1 - 2 * MARGIN / WIDTH_PX, top / HEIGHT_PX - 0.03))
    most = max((getattr(counts, field) for field, _l, _c in SERIES), default=0) or 1
    axes.set_xlim(0, most * 1.2)
    axes.set_ylim(len(SERIES) - 0.4, -0.9)
    for y, (field, label, colour) in enumerate(SERIES):
        value = getattr(counts, field)
        axes.text(0, y - 0.35, label, fontsize=LABEL_PT, va="bottom")
        axes.barh(y, max(value, most * 0.005), height=0.45, color=colour)
        axes.text(value + most * 0.02, y, str(value), va="center", fontsize=LABEL_PT, fontweight="bold")
    axes.axis("off")
