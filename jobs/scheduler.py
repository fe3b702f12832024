"""The reminder engine: APScheduler wakes it, the database decides what goes out.

Every 30 seconds the tick writes the day's reminders ahead as rows (when a plan's watermark is behind)
and, in office hours on a working day, claims the rows whose time has come and sends them.

Under faults: a claim is a lease of LEASE, renewed while the tick works, so a crashed worker's rows are
taken again within about a minute, and a clean stop gives them back at once. The pace (jobs.pace) is read
from the database, so restarts and other workers share it. Only a delivery error counts as an attempt.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from jobs.batch import load
from jobs.claims import Job, claim, release
from jobs.dispatch import Sender
from jobs.messages import Message
from jobs.notices import message_of
from jobs.pace import Pace, prune
from jobs.quota import combine_where_short
from jobs.rows import materialize_plans, planning_lanes
from jobs.sending import GROUP_SENDING, Sending, TickReport
from plan_data.policy import Policy, in_office_hours, in_widest_office_hours, policy_of
from plan_data.zone import local_day
from storage.db import hold_writer, refresh_statistics
from storage.models import Plan, Reminder

log = logging.getLogger(__name__)
TICK_SECONDS = 30
PLAN_GROUP = 50  # plans written ahead per transaction


class ReminderEngine(Sending):
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 senders: Mapping[str, Sender], pace: Pace | None = None, batch: int = 100,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.sessions, self.clock, self.senders = sessions, clock, senders
        self.pace = pace or Pace()
        self.sleep = sleep
        self.batch = batch
        self.policies: dict[int, Policy] = {}
        self._worked_days: tuple[object, list[int]] = (None, [])  # (the day, the plans with worked Saturdays)
        self._claims: dict[int, datetime] = {}  # this tick's unsettled claims: row id -> the claim's stamp
        self._send_seconds = GROUP_SENDING / 4  # a send's recent duration (moving average): sets the group size
        self._gone: set[tuple[str, str]] = set()  # chats this tick found gone: (platform, chat id)
        self._paused: dict[str, datetime] = {}  # platform -> until when it asked us to wait (429)
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()
        never = datetime.min.replace(tzinfo=UTC)
        self._started = self._renewed = self._confirmed = self._room_at = never

    def plan_ahead(self, now: datetime) -> int:
        """Materializes every plan whose watermark is behind, PLAN_GROUP plans per transaction so that locks
        stay short; a plan another worker holds (SKIP LOCKED) is left to it."""
        return self._plan(self._behind(now), now)

    def _behind(self, now: datetime) -> list[int]:
        with self.sessions.begin() as session:
            return list(session.scalars(select(Plan.id).where(_behind(now)).order_by(Plan.id)))

    def _plan(self, behind: list[int], now: datetime) -> int:
        """The groups in turn, or `planning_lanes` of them at a time: while one waits for the database
        (psycopg lets go of the interpreter then), the next is computed."""
        groups = [behind[start:start + PLAN_GROUP] for start in range(0, len(behind), PLAN_GROUP)]
        lanes = min(planning_lanes(self.sessions), len(groups))
        if lanes <= 1:
            planned = sum(self._plan_group(group, now) for group in groups)
        else:
            with ThreadPoolExecutor(lanes, thread_name_prefix="plan-ahead") as pool:
                planned = sum(pool.map(lambda group: self._plan_group(group, now), groups))
        if len(behind) >= PLAN_GROUP:
            # a day written for many communes at once: without fresh statistics PostgreSQL still counts the
            # few pending rows it saw last, and reads and sorts the whole day at each claim (42 ms a claim
            # of 100 at 3,321 communes, instead of 0.2 ms down the pending rows' index)
            with self.sessions.begin() as session:
                refresh_statistics(session, Reminder.__tablename__)
        return planned

    def _plan_group(self, group: list[int], now: datetime) -> int:
        """One transaction: the plans locked (a plan locked elsewhere is skipped, for the next tick), then their
        chats read and their rows written. A link (jobs.validity.chat_linked) takes the same lock, so a chat
        linked meanwhile is either read here or takes over the unbound rows written here."""
        with self.sessions.begin() as session:
            hold_writer(session)  # SQLite's lock: taken before the first read
            plans = list(session.scalars(select(Plan).where(Plan.id.in_(group), _behind(now))
                                         .with_for_update(skip_locked=True)))
            planned = materialize_plans(session, plans, now)
        for plan in plans:
            self.policies.pop(plan.id, None)  # a new day: read the plan's policy again
        return planned

    async def tick(self) -> TickReport:
        self._idle.clear()
        try:
            return await self._tick()
        finally:
            self._idle.set()

    async def stop(self, timeout: float = 30.0) -> None:
        """A clean stop (SIGTERM): the message in flight is finished, every other claim is given back at once,
        and no tick starts after this."""
        self._stopping = True
        with suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout)

    async def _tick(self) -> TickReport:
        now = self._started = self._renewed = self.clock()
        self._room_at = now  # this tick's own wait for the pace's next second (the pace itself is in the database)
        self._gone.clear()
        behind = self._behind(now)
        # planning the day takes seconds at national scale: in a worker thread, so replies and the loop go on
        report = TickReport(planned=await asyncio.to_thread(self._plan, behind, now) if behind else 0)
        if self._stopping or not (in_widest_office_hours(now) or self._some_plan_open(now)):
            return report
        with self.sessions.begin() as session:
            prune(session, now)
        held: list[int] = []  # rows that cannot go now (no channel, quota, pace): given back when the tick ends
        try:
            while not self._stopping:
                before = len(held)
                # database work, off the loop: the batch claimed, then checked and written in the same hop
                jobs, ready = await asyncio.to_thread(self._claim_ready, now, report, held)
                if not jobs:
                    return report
                if not await self._send(ready, now, report, held):
                    return report  # the rest is given back below, for this or another worker's next tick
                if len(held) - before == len(jobs):
                    return report  # nothing here could go out now: the rest waits for a later tick
                now = self.clock()
                if self._out_of_time() or not in_widest_office_hours(now):
                    return report
            return report
        finally:  # also when cancelled: only the message in flight then may have gone, and may repeat
            self._release()

    def _claim_ready(self, now: datetime, report: TickReport, held: list[int]
                     ) -> tuple[list[Job], list[tuple[Job, Message]]]:
        """The next batch's claims, and what is to be sent of them with its messages (jobs.quota may combine a
        chat's reminders first; jobs.sending checks and writes them)."""
        with self.sessions.begin() as session:
            jobs = claim(session, now, self.batch, exclude_chats=self.pace.full_chats(now))
        self._confirmed = self.clock()  # claimed just now: ours, with a fresh lease
        self._claims.update((job.id, job.claimed_at) for job in jobs)
        if not jobs:
            return jobs, []
        batch = combine_where_short(self.sessions, self.senders, jobs, now, self._message)
        self._claims.update((job.id, job.claimed_at) for job in batch)
        return jobs, self._prepare(batch, now, report, held)

    def _some_plan_open(self, now: datetime) -> bool:
        """A day off for the holidays package may be a plan's worked Saturday (policy.working_days). The
        plans that list worked days are read once a day, not on every tick of every night."""
        day = local_day(now)
        if self._worked_days[0] != day:
            with self.sessions.begin() as session:
                rows = session.execute(select(Plan.id, Plan.policy))
                self._worked_days = (day, [plan_id for plan_id, policy in rows if (policy or {}).get("working_days")])
        return any(in_office_hours(now, self._policy(plan_id)) for plan_id in self._worked_days[1])

    def _release(self) -> None:
        """Unsent claims are pending again for a later tick; holding them was not an attempt."""
        if self._claims:
            with self.sessions.begin() as session:
                release(session, self._claims)
            self._claims.clear()

    def _may_send_now(self, sender: Sender, job: Job, now: datetime) -> bool:
        if self._paused.get(job.platform, now) > now:
            return False
        budget = getattr(sender, "budget", None)  # a channel with a monthly quota (Zalo): see jobs.quota
        if budget is not None and not budget.reminders_allowed():
            return False
        return in_office_hours(now, self._policy(job.plan_id))

    def _policy(self, plan_id: int) -> Policy:
        """Each plan's own office hours; read once per plan and process (a new plan file means a restart)."""
        if plan_id not in self.policies:
            with self.sessions.begin() as session:
                self.policies[plan_id] = policy_of(session.get(Plan, plan_id))
        return self.policies[plan_id]

    def _message(self, session: Session, job: Job, now: datetime) -> Message | None:
        """One reminder's message on its own (jobs.quota combines a chat's reminders when Zalo runs short)."""
        return message_of(load(session, [job]), job, now)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        """The tick every 30 s; a late tick still runs (no misfire grace limit) and missed ones coalesce. A tick
        ends within TICK_BUDGET (plus one send's timeout), so the next one is never skipped."""
        scheduler.add_job(self.tick, IntervalTrigger(seconds=TICK_SECONDS), id="reminder-tick", coalesce=True,
                          max_instances=1, misfire_grace_time=None, replace_existing=True,
                          next_run_time=self.clock() + timedelta(seconds=1))


def settle_heap() -> None:
    """Once the process has started, before it serves: what it holds by then (modules, the ORM's mappers,
    compiled statements) is put out of the garbage collector's reach. A full collection otherwise walks all
    of it while holding the interpreter, and the loop stood still 60–150 ms at a time while the day was
    planned in its worker thread (make bench, section b); with the start-up heap frozen, about 12 ms."""
    gc.collect()
    gc.freeze()


def _behind(now: datetime):
    """Plans whose reminders are not yet written up to now."""
    return or_(Plan.reminders_until.is_(None), Plan.reminders_until <= now)
