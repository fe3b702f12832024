"""The national morning's workers, each a process of its own as in production (several `nhacviec run` sharing
one PostgreSQL): the reminder engine on the shared virtual clock (bench/shared_clock.py), and the floor, a
bare loop that claims, paces and marks the same rows in plain SQL and sends nothing.

Processes, not threads: a thread's engine would wait for the others' interpreter lock, which no production
worker does, and its loop's stalls would be the lock's. Each worker reports its sends (virtual instant, route,
chat), its real seconds of work and of CPU, and its loop's worst stall.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from time import perf_counter

from sqlalchemy import func, select, text

from bench.shared_clock import SharedClock, coordinate
from bench.ticks import MORNING, PROBE
from jobs.engine import TICK_SECONDS, ReminderEngine, settle_heap
from jobs.pace import Pace
from plan_data.tenants import route
from storage.db import make_engine, make_sessions
from storage.models import Reminder

Send = tuple[float, str, str]  # virtual seconds after 08:00, route, chat


@dataclass
class Worked:
    """What one worker did: its sends, its real seconds of work (waits on the virtual clock left out) and of
    CPU, and the worst lateness of a coroutine sleeping 1 ms on its loop while it ticked."""

    sends: list[Send] = field(default_factory=list)
    work: float = 0.0
    cpu: float = 0.0
    stall: float = 0.0
    rows: int = 0


@dataclass
class StampingSender:
    """Telegram, as far as the engine can tell: each message recorded with the virtual instant it left."""

    route: str
    clock: SharedClock
    sends: list[Send]
    platform: str = "telegram"

    async def send(self, chat_id: str, text: str, buttons=(), mentions=(), files=()) -> None:
        await asyncio.sleep(0)  # a real send awaits the network: the loop runs other work meanwhile
        self.sends.append(((self.clock.now - MORNING).total_seconds(), self.route, chat_id))


def in_processes(target, url: str, workers: int, extra: tuple = ()) -> list[Worked]:
    """`workers` processes running target(url, index, conn, *extra), forked (the children make their own
    engines), coordinated on one virtual clock from 08:00; their results in order."""
    context = multiprocessing.get_context("fork")
    pipes = [context.Pipe() for _ in range(workers)]
    processes = [context.Process(target=target, args=(url, index, child, *extra), daemon=True)
                 for index, (_, child) in enumerate(pipes)]
    for process in processes:
        process.start()
    try:
        return coordinate([parent for parent, _ in pipes], MORNING)
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()


def engine_worker(url: str, index: int, conn, workers: int, routes: list[str], stop: float) -> None:
    """One `nhacviec run`'s engine: its ticks on APScheduler's grid, every TICK_SECONDS (a late one coalesced),
    the first at 08:00 plus its share of the interval (workers started at other moments tick at other phases),
    until no reminder is pending or claimed, or `stop` virtual seconds after 08:00 (the run's real-time budget)."""
    phase = index * TICK_SECONDS / workers
    engine = make_engine(url)
    settle_heap()  # as `nhacviec run` does once started
    clock = SharedClock(conn, MORNING)
    clock.done(asyncio.run(_ticks(make_sessions(engine), clock, phase, routes, MORNING + timedelta(seconds=stop))))


async def _ticks(sessions, clock: SharedClock, phase: float, routes: list[str], stop: datetime) -> Worked:
    worked, ticking = Worked(), False
    clock.attach()
    senders = {name: StampingSender(name, clock, worked.sends) for name in routes}
    engine = ReminderEngine(sessions, clock, senders, pace=Pace(), sleep=clock.sleep)
    loop = asyncio.get_running_loop()

    async def probe() -> None:
        while True:
            asked = loop.time()
            await asyncio.sleep(PROBE)
            if ticking:
                worked.stall = max(worked.stall, loop.time() - asked - PROBE)

    watcher = asyncio.create_task(probe())
    first = MORNING + timedelta(seconds=phase)
    await clock.until(first)
    cpu = time.process_time()
    while True:
        started, waited, ticking = perf_counter(), clock.waited, True
        await engine.tick()
        ticking = False
        worked.work += perf_counter() - started - (clock.waited - waited)
        if clock.now >= stop or not _left(sessions):
            break
        ticks = int((clock.now - first).total_seconds() // TICK_SECONDS) + 1
        await clock.until(first + timedelta(seconds=ticks * TICK_SECONDS))
    worked.cpu = time.process_time() - cpu
    watcher.cancel()
    clock.detach()
    return worked


def _left(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Reminder)
                              .where(Reminder.state.in_(("pending", "claimed")))) or 0


# ---------------------------------------------------------------- the floor: the same rows in plain SQL

_CLAIM = text("""
WITH picked AS (SELECT id FROM reminders WHERE state = 'pending' AND due_at <= :now
                ORDER BY due_at DESC, id LIMIT :batch FOR UPDATE SKIP LOCKED),
claimed AS (UPDATE reminders r SET state = 'claimed', claimed_at = :now, lease_until = :lease
            FROM picked WHERE r.id = picked.id RETURNING r.id, r.chat)
SELECT claimed.id, claimed.chat, coalesce(b.bot, '') FROM claimed LEFT JOIN chat_bindings b
  ON b.platform = split_part(claimed.chat, ':', 1) AND b.chat_id = substr(claimed.chat, strpos(claimed.chat, ':') + 1)
ORDER BY claimed.id""")
_LOCK = text("SELECT pg_advisory_xact_lock(1314279491)")
_COUNTS = text("""SELECT (SELECT count(*) FROM send_slots WHERE route = :route AND at > :second),
  (SELECT count(*) FROM send_slots WHERE chat = ANY(:chats) AND at > :minute)""")
_TAKE = text("INSERT INTO send_slots (route, chat, at) SELECT :route, unnest(CAST(:chats AS text[])), :at")
_SENT = text("UPDATE reminders SET state = 'sent', error = '', sent_at = :at WHERE id = :id")


def floor_worker(url: str, index: int, conn, batch: int, group: int, limit: int) -> None:
    """Claims `batch` rows at a time (one statement), takes a group's slots per bot (the lock, the counts, one
    insert: one transaction) and marks each row sent by a statement of its own whose commit does not wait for
    the disk, as the engine does; never waits, sends nothing; stops after `limit` rows. Its clock moves a second
    per `group` rows."""
    engine = make_engine(url)
    clock = SharedClock(conn, MORNING)
    worked, started, cpu = Worked(), perf_counter(), time.process_time()
    with engine.connect() as claims, engine.connect().execution_options(isolation_level="AUTOCOMMIT") as marks:
        marks.execute(text("SET synchronous_commit = off"))
        while worked.rows < limit:
            now = MORNING + timedelta(seconds=worked.rows / group)
            with claims.begin():
                rows = claims.execute(_CLAIM, {"now": now, "batch": batch, "lease": now + timedelta(minutes=1)}).all()
            if not rows:
                break
            for key, ids, chats in _by_route(rows, group):
                with claims.begin():
                    claims.execute(_LOCK)
                    claims.execute(_COUNTS, {"route": key, "chats": chats, "second": now - timedelta(seconds=1.2),
                                             "minute": now - timedelta(seconds=62)}).one()
                    claims.execute(_TAKE, {"route": key, "chats": chats, "at": now})
                for row_id in ids:
                    marks.execute(_SENT, {"at": now, "id": row_id})
            worked.rows += len(rows)
    worked.work, worked.cpu = perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    clock.done(worked)


def _by_route(rows, group: int) -> list[tuple[str, list[int], list[str]]]:
    routes: dict[str, list[tuple[int, str]]] = {}
    for row_id, chat, bot in rows:
        routes.setdefault(route("telegram", bot), []).append((row_id, chat))
    return [(key, [i for i, _ in entries[k:k + group]], [c for _, c in entries[k:k + group]])
            for key, entries in routes.items() for k in range(0, len(entries), group)]
