"""The national morning's instruments (bench/shared_clock.py, bench/tenant_figures.py): a virtual clock shared by
several workers moves only when all of them wait, and the peaks count what a window holds, no more, no less."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from multiprocessing import Pipe

import pytest

from bench.shared_clock import SharedClock, coordinate
from bench.tenant_figures import most_within, peaks
from plan_data.zone import VN

START = datetime(2026, 3, 31, 8, 0, tzinfo=VN)


def _worker(conn, steps: list[float], seen: list[tuple[str, float]], name: str) -> None:
    """Sleeps each of `steps` in turn on the shared clock, recording the virtual instant it woke at."""
    async def run() -> None:
        clock = SharedClock(conn, START)
        clock.attach()
        for seconds in steps:
            await clock.sleep(seconds)
            seen.append((name, (clock() - START).total_seconds()))
        clock.detach()
        clock.done(name)

    asyncio.run(run())


@pytest.mark.parametrize("steps_a, steps_b", [
    ([1.0, 1.0, 1.0], [2.5]),  # one sleeps often, the other once, in the middle
    ([0.0, 5.0], [0.5, 0.5, 0.5]),  # a zero wait, and waits that end before the other's
    ([3.0], [3.0]),  # both due at the same instant
])
def test_workers_wake_in_virtual_order_at_the_instants_they_asked(steps_a, steps_b) -> None:
    seen: list[tuple[str, float]] = []
    pipes = [Pipe(), Pipe()]
    threads = [threading.Thread(target=_worker, args=(child, steps, seen, name))
               for (_, child), steps, name in zip(pipes, (steps_a, steps_b), "ab", strict=True)]
    for thread in threads:
        thread.start()
    assert coordinate([parent for parent, _ in pipes], START) == ["a", "b"]
    for thread in threads:
        thread.join()
    expected = sorted([("a", sum(steps_a[:i + 1])) for i in range(len(steps_a))]
                      + [("b", sum(steps_b[:i + 1])) for i in range(len(steps_b))], key=lambda e: e[1])
    assert [at for _, at in seen] == sorted(at for _, at in seen)  # nobody woke before an earlier instant
    assert sorted(seen) == sorted(expected)


@pytest.mark.parametrize("instants, window, most", [
    ([], 1.0, 0),
    ([0.0], 1.0, 1),
    ([0.0, 0.5, 0.99], 1.0, 3),
    ([0.0, 1.0, 2.0], 1.0, 1),  # a second apart: never in the same second
    ([0.0, 0.0, 0.0, 1.2, 1.2], 1.0, 3),  # a group stamped at one instant
    ([float(s) for s in range(0, 130, 3)], 60.0, 20),  # every 3 s: 20 in a minute
])
def test_most_within_a_window(instants, window, most) -> None:
    assert most_within(instants, window) == most


def test_peaks_are_per_bot_and_per_chat() -> None:
    sends = sorted([(i / 40, "telegram/1", f"c{i}") for i in range(40)]  # 40 chats, one bot, one second
                   + [(i / 40, "telegram/2", "g") for i in range(0, 40, 20)]  # one group twice, another bot
                   + [(float(t), "telegram/2", "h") for t in range(0, 60, 2)])
    assert peaks(sends) == (40, 30, 2)
    assert peaks([(0.0, "telegram", "g"), (1.5, "telegram", "g")]) == (1, 2, 1)
