"""The reminder engine: APScheduler wakes it, the database decides what goes out.

Every 30 seconds the tick writes the day's reminders ahead as rows (when a plan's watermark is behind)
and, in office hours on a working day, claims the rows whose time has come and sends them.

Under faults: a claim is a lease of LEASE, renewed while the tick works, so a crashed worker's rows are
taken again within about a minute, and a clean stop gives them back at once. The pace (jobs.pace) is read
from the database, so restarts and other workers share it. Only a delivery error counts as an attempt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from jobs.dispatch import ChatGone, ChatMoved, DeliveryError, RetryLater, Sender, Transient
from jobs.messages import Message
from jobs.notices import reminder_message
from jobs.outcomes import fail, retry_later
from jobs.pace import Pace, prune
from jobs.quota import QuotaSpent, combine_where_short
from jobs.reminders import (
    LEASE,
    Job,
    calendar,
    claim,
    mark,
    materialize,
    policy_of,
    release,
    renew,
    still_ours,
)
from jobs.validity import still_due
from plan_data.policy import Policy
from plan_data.zone import local_day
from storage.models import ChatBinding, Plan, Reminder
from storage.queries import migrate_chat

log = logging.getLogger(__name__)
TICK_SECONDS = 30
TICK_BUDGET = timedelta(seconds=20)  # no new send after this: the tick ends before the next one is due
HEARTBEAT = LEASE / 4  # claims are renewed this often while a tick works


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0


class ReminderEngine:
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
        self._paused: dict[str, datetime] = {}  # platform -> until when it asked us to wait (429)
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._started = self._renewed = datetime.min.replace(tzinfo=UTC)

    def plan_ahead(self, now: datetime) -> int:
        """Materializes every plan whose watermark is behind, one transaction per plan so that locks stay
        short; a plan another worker holds (SKIP LOCKED) is left to it."""
        with self.sessions.begin() as session:
            behind = list(session.scalars(select(Plan.id).where(_behind(now))))
        planned = 0
        for plan_id in behind:
            with self.sessions.begin() as session:
                plan = session.scalar(select(Plan).where(Plan.id == plan_id, _behind(now))
                                      .with_for_update(skip_locked=True))
                if plan is not None:
                    planned += materialize(session, plan, now)
                    self.policies.pop(plan_id, None)  # a new day: read the plan's policy again
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
        report = TickReport(planned=self.plan_ahead(now))
        if self._stopping or not (in_office_hours(now, DEFAULT_POLICY, widest=True) or self._some_plan_open(now)):
            return report
        with self.sessions.begin() as session:
            prune(session, now)
        held: list[int] = []  # rows that cannot go now (no channel, quota, pace): given back when the tick ends
        try:
            while not self._stopping:
                with self.sessions.begin() as session:
                    jobs = claim(session, now, self.batch, exclude_chats=self.pace.full_chats(now))
                if not jobs:
                    return report
                self._claims.update((job.id, job.claimed_at) for job in jobs)
                before = len(held)
                batch = combine_where_short(self.sessions, self.senders, jobs, now, self._message)
                self._claims.update((job.id, job.claimed_at) for job in batch)
                for job in batch:
                    if self._stopping or self._out_of_time():
                        return report  # the rest is given back below, for this or another worker's next tick
                    await self._send(job, now, report, held)
                if len(held) - before == len(jobs):
                    return report  # nothing here could go out now: the rest waits for a later tick
                now = self.clock()
                if self._out_of_time() or not in_office_hours(now, DEFAULT_POLICY, widest=True):
                    return report
            return report
        finally:  # also when cancelled: only the message in flight then may have gone, and may repeat
            self._release()

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

    def _out_of_time(self) -> bool:
        return self.clock() - self._started >= TICK_BUDGET

    def _heartbeat(self) -> None:
        now = self.clock()
        if self._claims and now - self._renewed >= HEARTBEAT:
            with self.sessions.begin() as session:
                renew(session, self._claims, now)
            self._renewed = now

    async def _pause(self, seconds: float) -> bool:
        """Waits, renewing the claims; False when the tick should not go on (stopping, out of time, or a clock
        that did not move)."""
        before = self.clock()
        await self.sleep(seconds)
        self._heartbeat()
        return self.clock() > before and not self._stopping and not self._out_of_time()

    def _settled(self, job: Job) -> None:
        self._claims.pop(job.id, None)

    async def _send(self, job: Job, now: datetime, report: TickReport, held: list[int]) -> None:
        sender = self.senders.get(job.platform)
        if sender is None or not self._may_send_now(sender, job, now):
            held.append(job.id)  # no channel here, a spent quota, a 429, or outside this plan's office hours
            return
        self._heartbeat()
        with self.sessions.begin() as session:
            verdict, reply = self._prepare(session, job, now)
        if verdict is not None:
            if verdict != "taken":
                self._settle(job, now, verdict, report)
            self._settled(job)
            return
        while True:
            if not await self._take_slot(job):
                held.append(job.id)  # this chat's minute is full (or the tick is over): the others go on
                return
            try:
                await sender.send(job.chat_id, reply.text, reply.buttons)
            except RetryLater as busy:
                if await self._wait_as_asked(job, busy.seconds):
                    continue
                held.append(job.id)
                return
            except ChatMoved as moved:
                with self.sessions.begin() as session:
                    migrate_chat(session, job.platform, job.chat_id, moved.new_chat_id)
                await self._send(replace(job, chat_id=moved.new_chat_id), now, report, held)
                return
            except QuotaSpent:  # Zalo's month is used up: the row waits for next month
                held.append(job.id)
                return
            except Transient as problem:
                self._retry(job, problem, report)
            except ChatGone as gone:
                self._fail(job, now, f"chat gone: {gone}", report, deactivate=True)
            except DeliveryError as problem:
                self._fail(job, now, str(problem), report)
            else:
                with self.sessions.begin() as session:
                    mark(session, job.id, "sent", self.clock())
                report.sent += 1
            self._settled(job)
            return

    async def _take_slot(self, job: Job) -> bool:
        """A slot in the shared pace: waits (briefly) for the platform's second; False if the chat's minute
        is full, so that the tick goes on with other chats."""
        while True:
            with self.sessions.begin() as session:
                wait = self.pace.reserve(session, job.platform, f"{job.platform}:{job.chat_id}", self.clock())
            if wait is None:
                return False
            if wait <= 0:
                return True
            if not await self._pause(wait):
                return False

    async def _wait_as_asked(self, job: Job, seconds: float) -> bool:
        """A 429: waited out here when it fits in the tick, else the platform is paused for this worker."""
        log.warning("rate limited by %s: waiting %.1fs", job.platform, seconds)
        if self.clock() + timedelta(seconds=seconds) - self._started < TICK_BUDGET:
            return await self._pause(seconds)
        self._paused[job.platform] = self.clock() + timedelta(seconds=seconds)
        return False

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

    def _prepare(self, session: Session, job: Job, now: datetime) -> tuple[str | None, Message | None]:
        """(why not to send, or None; the message). Checked at the last moment, since the row was written at
        midnight: is the claim still ours (its lease renewed), the chat still there, the reminder still due?"""
        if not still_ours(session, job, self.clock()):
            return "taken", None
        active = session.scalar(select(ChatBinding.active).where(ChatBinding.platform == job.platform,
                                                                 ChatBinding.chat_id == job.chat_id))
        if active is False:  # the chat blocked the bot after this row was written; the focal point knows
            return "chat inactive", None
        if not still_due(session, job.kind, job.occurrence_id, job.due_at, job.platform, job.chat_id):
            return "no longer due (changed since the day was planned)", None
        reply = self._message(session, job, now)
        return (None if reply else "the task is no longer in the plan"), reply

    def _settle(self, job: Job, now: datetime, verdict: str, report: TickReport) -> None:
        with self.sessions.begin() as session:
            mark(session, job.id, "failed" if verdict == "chat inactive" else "skipped", now, verdict)
        if verdict == "chat inactive":
            report.failed += 1

    def _message(self, session: Session, job: Job, now: datetime) -> Message | None:
        if job.kind == "notice":
            return Message(session.scalar(select(Reminder.text).where(Reminder.id == job.id)))
        return reminder_message(session, job.kind, job.occurrence_id, job.plan_id, now)

    def _retry(self, job: Job, problem: Transient, report: TickReport) -> None:
        with self.sessions.begin() as session:
            retry_later(session, job, problem, self.clock())
        report.retried += 1

    def _fail(self, job: Job, now: datetime, error: str, report: TickReport, deactivate: bool = False) -> None:
        """A final failure is recorded and told (jobs.outcomes): nothing is dropped silently."""
        report.failed += 1
        with self.sessions.begin() as session:
            fail(session, job, now, error, gone=deactivate)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        """The tick every 30 s; a late tick still runs (no misfire grace limit) and missed ones coalesce. A tick
        ends within TICK_BUDGET (plus one send's timeout), so the next one is never skipped."""
        scheduler.add_job(self.tick, IntervalTrigger(seconds=TICK_SECONDS), id="reminder-tick", coalesce=True,
                          max_instances=1, misfire_grace_time=None, replace_existing=True,
                          next_run_time=self.clock() + timedelta(seconds=1))


DEFAULT_POLICY = Policy()


def _behind(now: datetime):
    """Plans whose reminders are not yet written up to now."""
    return or_(Plan.reminders_until.is_(None), Plan.reminders_until <= now)


def in_office_hours(now: datetime, policy: Policy, widest: bool = False) -> bool:
    """A working day, within the policy's office hours; `widest`: the engine's own gate, which only keeps
    nights and days off quiet (each plan's own hours are checked per reminder)."""
    zone = ZoneInfo(policy.timezone)
    local = now.astimezone(zone)
    if not calendar(None if widest else policy).is_working_day(local.date()):
        return False
    if widest:
        return time(6, 0) <= local.time() <= time(20, 0)
    return policy.office_open <= local.time() <= policy.office_close
