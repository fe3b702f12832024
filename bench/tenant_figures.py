"""(h) The national morning's figures, from what its workers recorded: the virtual instant each message left,
by which bot, to which chat; the workers' real seconds of work; their loops' worst stall."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from bench.morning_workers import Send, Worked


@dataclass
class Morning:
    rows: int  # the day's rows pending at 08:00
    engines: list[Worked]
    floor: list[Worked]
    sent: int  # rows the engine marked sent
    left: int  # rows still pending or claimed when its workers stopped
    real: float = 0.0  # real seconds the engine's workers ran

    @property
    def sends(self) -> list[Send]:
        return sorted(send for worker in self.engines for send in worker.sends)

    @property
    def last(self) -> float:
        return max((send[0] for worker in self.engines for send in worker.sends), default=float("nan"))

    def by(self, seconds: float) -> int:
        """Messages sent by `seconds` of virtual time after 08:00."""
        return sum(1 for worker in self.engines for send in worker.sends if send[0] <= seconds)

    @property
    def engine_ms(self) -> float:
        return _per(sum(w.work for w in self.engines), sum(len(w.sends) for w in self.engines))

    @property
    def engine_cpu_ms(self) -> float:
        return _per(sum(w.cpu for w in self.engines), sum(len(w.sends) for w in self.engines))

    @property
    def floor_ms(self) -> float:
        return _per(sum(w.work for w in self.floor), sum(w.rows for w in self.floor))

    @property
    def floor_cpu_ms(self) -> float:
        return _per(sum(w.cpu for w in self.floor), sum(w.rows for w in self.floor))

    @property
    def stall(self) -> float:
        return max(w.stall for w in self.engines)


def _per(seconds: float, count: int) -> float:
    return seconds / count * 1000 if count else float("nan")


def most_within(instants: list[float], window: float) -> int:
    """The most instants (sorted) inside any window of `window` seconds, (t - window, t]."""
    return max((index - bisect_right(instants, at - window, 0, index) + 1 for index, at in enumerate(instants)),
               default=0)


def peaks(sends: list[Send]) -> tuple[int, int, int]:
    """A bot's most messages in any second; a chat's in any 60 s, and in any second."""
    by_route: dict[str, list[float]] = defaultdict(list)
    by_chat: dict[str, list[float]] = defaultdict(list)
    for at, route, chat in sends:  # sorted: each list is in order
        by_route[route].append(at)
        by_chat[chat].append(at)
    return (max((most_within(v, 1.0) for v in by_route.values()), default=0),
            max((most_within(v, 60.0) for v in by_chat.values()), default=0),
            max((most_within(v, 1.0) for v in by_chat.values()), default=0))


def backlog_finding(day: Morning, tenants: int, workers: int) -> str:
    """Whether the claim's order caps the morning: the bots sending at once, against all of them."""
    per_second: dict[int, set[str]] = defaultdict(set)
    for at, route, _chat in day.sends:
        per_second[int(at)].add(route)
    span = max(day.last, 1.0)
    busy = [len(routes) for routes in per_second.values()]
    rate = len(day.sends) / span
    return (f"(h) At {day.rows:,} rows the morning took {day.last:,.0f} s of virtual time: {rate:,.0f} messages "
            f"a second on average, against {tenants} bots × 30 = {tenants * 30:,} a second. In the "
            f"{len(busy):,} seconds in which anything left, {sum(busy) / max(len(busy), 1):.1f} bots sent on "
            f"average (at most {max(busy, default=0)}); nothing left in {1 - len(busy) / span:.0%} of the "
            f"seconds, with {workers} workers. The day's rows are written with the provinces interleaved "
            "(jobs.planning.spread, jobs.rows.interleaved), so that every claimed batch holds every bot's rows: "
            "bots sending at once near all of them is that order at work, far fewer would say it is lost.")
