"""(f) Every reader bounded at its entrance and linear in its input: a ladder of input lengths per reader
(a chat message, a time cell, a plan's data file, a published .txt plan), each step twice the last. The
figure is the time of the longest step over the shortest; linear growth over the ladder is its length ratio."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from bench.stats import Figure, Results
from bot.core.commands import parse
from bot.core.service import MAX_MESSAGE
from plan_data import datafile
from plan_data.importer import BUNDLED_PLAN, BUNDLED_TEXT, parse_text
from plan_data.model import PlanError
from plan_data.timeframe import MAX_PHRASE, NotUnderstood, parse_timeframe

# Time cells in the shapes that made the grammar quadratic: a rule that matches at every word with a tail
# that spoils it, a «từ» that looks for its «đến khi» again and again, labels that turn harmful early.
TIME_CELLS = ("Quý I/2026 và quý III/2026, ", "thường xuyên ", "hằng tháng trước ", "từ a ", "từ a, ", "quý i ",
              "1 ", "báo cáo 6 tháng ", "tháng 6 và ", "triển khai thực hiện ",
              # issue 22: lists, yearly repeats, parentheses, references, relative years, states, meetings
              "quý I, ", "tháng 6, tháng ", "15/6 và ", "trước ngày 10 tháng 7 hằng năm, ", "2026, hằng năm ",
              "(đối với xã) ", "(trước ngày 15/6) ", "(", "theo Kế hoạch số 12/KH-UBND ", "ngày 03/01/2026 của ",
              "năm nay ", "Đã ban hành ", "kỳ họp thứ 5 ", "tháng cuối của mỗi quý ")


def _best(work: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        with suppress(NotUnderstood, PlanError, ValueError):  # refusing is a reader's right: only time counts
            work()
        best = min(best, time.perf_counter() - started)
    return best


def _ladder(results: Results, name: str, make: Callable[[int], Callable[[], object]], lengths: list[int],
            runs: int) -> None:
    times = [_best(make(n), runs) for n in lengths]
    ratio, growth = times[-1] / max(times[0], 1e-9), lengths[-1] / lengths[0]
    steps = ", ".join(f"{n:,}: {t * 1000:.2f} ms" for n, t in zip(lengths, times, strict=True))
    results.add(Figure("f", f"{name}: time at {lengths[-1]:,} over {lengths[0]:,} (linear: {growth:.0f}×)", "×",
                       [ratio], target=f"≤ {growth * 2:.0f} (linear, with noise)", met=ratio <= growth * 2,
                       note=steps))


def run(results: Results, runs: int = 5) -> None:
    words = "xong 17 đã nộp bản kế hoạch, ký số ngày 12/01 "
    _ladder(results, "chat message (bot.core.commands.parse)",
            lambda n: lambda: parse((words * (n // len(words) + 1))[:n], addressed=True),
            [MAX_MESSAGE // 8, MAX_MESSAGE // 4, MAX_MESSAGE // 2, MAX_MESSAGE], runs)
    for shape in TIME_CELLS:
        # whole repetitions only: a cell cut mid-word ends differently at each length and may be refused early at
        # one and read clause by clause at another, which is no measure of growth
        whole = len(shape) * max(1, MAX_PHRASE // (8 * len(shape)))
        _ladder(results, f"time cell «{shape.strip()}» repeated (plan_data.timeframe.parse_timeframe)",
                lambda n, shape=shape: lambda: parse_timeframe(shape * (n // len(shape)), 2026),
                [whole, 2 * whole, 4 * whole, 8 * whole], runs)
    seed = BUNDLED_PLAN.read_text(encoding="utf-8")
    head, _, tasks = seed.partition("\ntasks:\n")
    entries = tasks.split("\n- tt: ")
    _ladder(results, "plan data file, tasks repeated (plan_data.datafile.parse)",
            lambda n: lambda: datafile.parse(head + "\ntasks:\n" + "\n- tt: ".join(
                [entries[0]] + [e.replace("'", f"'{k}-", 1) if k else e for k in range(n) for e in entries[1:]])),
            [1, 2, 4, 8], max(2, runs // 2))
    text = Path(BUNDLED_TEXT).read_text(encoding="utf-8")
    _ladder(results, "published .txt plan, appendix repeated (plan_data.importer.parse_text)",
            lambda n: lambda: parse_text(text + ("\n" + text.split("\n", 1)[1]) * (n - 1)),
            [1, 2, 4, 8], max(2, runs // 2))
