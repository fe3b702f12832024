"""Figures: the runs behind each number, their median, and whether a target was met.

The machine is shared and noisy, so every figure is the median of several runs, and speed targets are
also read as ratios against a baseline measured in the same rounds. Nothing here asserts a timing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figure:
    section: str  # a, b, c, d
    name: str
    unit: str  # "updates/s", "ms", "MB", "×"
    runs: list[float]
    target: str = ""  # as the issue states it, e.g. "≥ 1000"
    met: bool | None = None  # None: no target for this figure
    note: str = ""

    @property
    def value(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    @property
    def spread(self) -> str:
        """min–max of the runs, so a reader can tell a steady figure from a noisy one."""
        if len(self.runs) < 2:
            return ""
        return f"{fmt(min(self.runs))}–{fmt(max(self.runs))}"


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # findings written under the table
    profiles: dict[str, str] = field(default_factory=dict)  # title -> top frames

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure


def at_least(figure: Figure, limit: float) -> Figure:
    figure.target, figure.met = f"≥ {fmt(limit)}", figure.value >= limit
    return figure


def at_most(figure: Figure, limit: float) -> Figure:
    figure.target, figure.met = f"≤ {fmt(limit)}", figure.value <= limit
    return figure


def ratio(numerator: list[float], denominator: list[float]) -> list[float]:
    """Per-round ratios: each round's two measurements shared the same noise."""
    return [a / b for a, b in zip(numerator, denominator, strict=True)]


def fmt(value: float) -> str:
    if value != value:  # NaN
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def timed(action: Callable[[], object]) -> float:
    """Seconds one call took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def missed_by(figure: Figure, limit: float, higher_is_better: bool) -> str:
    """How far a missed figure is from its target, as a factor."""
    if figure.met or figure.met is None:
        return ""
    factor = limit / figure.value if higher_is_better else figure.value / limit
    return f"missed by {factor:.1f}×"
