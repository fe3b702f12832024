"""The progress chart of `tổng hợp`: task status per unit and per section, as a PNG readable on a phone."""

from __future__ import annotations

import io
import json
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from plan_data.figures import Counts, Figures

# (field of Counts, legend, colour): the order of the report's columns
SERIES = (
    ("done_on_time", "Xong đúng hạn", "#2e7d32"),
    ("done_late", "Xong trễ hạn", "#9ccc65"),
    ("awaiting", "Chờ duyệt", "#00838f"),
    ("in_progress", "Đang thực hiện", "#1976d2"),
    ("not_started", "Chưa bắt đầu", "#bdbdbd"),
    ("overdue", "Quá hạn", "#c62828"),
    ("waiting", "Chờ sự kiện", "#8e24aa"),
)


def progress_chart(summary: Figures, title: str, unit_names: dict[str, str], section_names: dict[str, str]) -> bytes:
    """1080 × 1440 px: units on top, sections I–VII below, one stacked bar each."""
    figure = Figure(figsize=(7.2, 9.6), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(textwrap.fill(title, 48), fontsize=12, fontweight="bold")
    top, bottom = figure.subplots(2, 1, height_ratios=[len(summary.by_unit) + 1, len(summary.by_section) + 1])
    _bars(top, "Theo đơn vị", [(unit_names.get(code, code), counts) for code, counts in summary.by_unit.items()])
    _bars(bottom, "Theo mục", [(f"{key}. {section_names.get(key, '')}", counts)
                               for key, counts in summary.by_section.items()])
    handles = [bar for bar in top.containers]
    figure.legend(handles, [label for _, label, _ in SERIES], loc="outside lower center", ncols=3, fontsize=8,
                  frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white", metadata={"Title": title, "Description": chart_data(summary)})
    return buffer.getvalue()


def chart_data(summary: Figures) -> str:
    """The figures the bars show, as JSON, kept in the PNG's Description: a reader (or a test) can check
    the picture against the other views without measuring bars."""
    fields = [field for field, _label, _colour in SERIES]

    def row(counts: Counts) -> list[int]:
        return [getattr(counts, field) for field in fields]

    return json.dumps({"series": fields, "units": {code: row(c) for code, c in summary.by_unit.items()},
                       "sections": {key: row(c) for key, c in summary.by_section.items()}})


def _bars(axes, heading: str, rows: list[tuple[str, Counts]]) -> None:
    labels = [textwrap.fill(name, 26) for name, _ in rows][::-1]
    counts = [c for _, c in rows][::-1]
    left = [0] * len(rows)
    for field, _label, colour in SERIES:
        values = [getattr(c, field) for c in counts]
        bars = axes.barh(labels, values, left=left, color=colour, edgecolor="white", height=0.7)
        axes.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=8,
                       color="white" if colour not in ("#bdbdbd", "#9ccc65") else "black")
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_title(heading, loc="left", fontsize=11, fontweight="bold")
    axes.tick_params(axis="y", labelsize=8)
    axes.set_xlabel("Số nhiệm vụ", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # tasks are counted, never halved
