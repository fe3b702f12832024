"""One virtual clock for several worker processes: the national morning's workers share the database's pace, so
they must share its instants too.

The clock moves only when every worker waits on it (a discrete-event simulation): a worker's `sleep` sends
"wake me at T" to the coordinator in the parent and awaits the answer on its own event loop (the pipe is one of
the loop's readers, so the loop goes on meanwhile); once all the workers still running wait, the clock jumps
to the earliest instant asked, and the workers due then are woken. So a wait takes no real time, and a worker's
work takes no virtual time: the virtual figures are the pace's and the schedule's, the real ones the engine's.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from multiprocessing.connection import Connection, wait
from time import perf_counter

DEADLINE = 900.0  # real seconds a coordinator waits for any worker's word before it gives up


class SharedClock:
    """A worker's side: the engine's clock (call it), its sleep, and the real seconds spent waiting on it."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.conn, self.now = conn, now
        self.waited = 0.0  # real seconds spent waiting for the other workers to reach the instant asked
        self._woken: asyncio.Future[None] | None = None

    def __call__(self) -> datetime:
        return self.now

    def attach(self) -> None:
        """The coordinator's answers read by the running loop, whenever they come."""
        asyncio.get_running_loop().add_reader(self.conn.fileno(), self._answered)

    def detach(self) -> None:
        asyncio.get_running_loop().remove_reader(self.conn.fileno())

    async def sleep(self, seconds: float) -> None:
        await self.until(self.now + timedelta(seconds=max(seconds, 0.0)))

    async def until(self, at: datetime) -> None:
        self._woken = asyncio.get_running_loop().create_future()
        started = perf_counter()
        self.conn.send(("sleep", at))
        await self._woken
        self.waited += perf_counter() - started

    def done(self, result: object) -> None:
        self.conn.send(("done", result))

    def _answered(self) -> None:
        _, self.now = self.conn.recv()
        if self._woken is not None and not self._woken.done():
            self._woken.set_result(None)


def coordinate(conns: list[Connection], start: datetime) -> list[object]:
    """The parent's side: moves the clock for the workers on `conns` until each is done; returns each one's
    result, in order. A worker that dies, or says nothing for DEADLINE, ends the run with an error."""
    asleep: dict[int, datetime] = {}
    results: dict[int, object] = {}
    live, now = set(range(len(conns))), start
    while live:
        ready = wait([conns[i] for i in live], timeout=DEADLINE)
        if not ready:
            raise RuntimeError(f"the national morning's workers said nothing for {DEADLINE:.0f} s")
        for conn in ready:
            index = conns.index(conn)
            kind, value = conn.recv()  # EOFError: the worker died
            if kind == "sleep":
                asleep[index] = value
            else:
                results[index] = value
                live.discard(index)
        if live and live <= asleep.keys():
            now = max(now, min(asleep[i] for i in live))
            for index in [i for i in live if asleep[i] <= now]:
                del asleep[index]
                conns[index].send(("wake", now))
    return [results[i] for i in range(len(conns))]
