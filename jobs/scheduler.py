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
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from jobs.batch import Batch, load
from jobs.dispatch import ChatGone, ChatMoved, DeliveryError, RetryLater, Sender, Transient
from jobs.messages import Message
from jobs.notices import message_of
from jobs.outcomes import fail, retry_later
from jobs.pace import Pace, prune
from jobs.quota import QuotaSpent, combine_where_short
from jobs.reminders import (
    LEASE,
    Job,
    calendar,
    claim,
    mark,
    mark_all,
    materialize_plans,
    policy_of,
    release,
    renew,
    still_ours,
)
from jobs.validity import still_due
from plan_data.policy import Policy
from plan_data.zone import local_day
from storage.models import Plan
from storage.queries import migrate_chat

log = logging.getLogger(__name__)
TICK_SECONDS = 30
TICK_BUDGET = timedelta(seconds=20)  # no new send after this: the tick ends before the next one is due
HEARTBEAT = LEASE / 4  # claims are renewed this often while a tick works
# Sent rows are marked in groups: a crash repeats at most one group, about a second at Telegram's 30 a second
SEND_GROUP = 25
GROUP_SENDING = 0.1  # seconds: a group of slots is sent within this, as the pace needs
MARK_EVERY = timedelta(seconds=1)  # … or what was sent in the last second, when sending is slower than that
PLAN_GROUP = 50  # plans written ahead per transaction
CHAT_INACTIVE = "chat inactive"


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
        self._send_seconds = GROUP_SENDING / 4  # a send's recent duration (moving average): sets the group size
        self._gone: set[tuple[str, str]] = set()  # chats this tick found gone: (platform, chat id)
        self._unmarked: list[Job] = []  # sent, not yet marked: still claims (renewed), never given back
        self._paused: dict[str, datetime] = {}  # platform -> until when it asked us to wait (429)
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._started = self._renewed = self._marked_at = datetime.min.replace(tzinfo=UTC)

    def plan_ahead(self, now: datetime) -> int:
        """Materializes every plan whose watermark is behind, PLAN_GROUP plans per transaction so that locks
        stay short; a plan another worker holds (SKIP LOCKED) is left to it."""
        return self._plan(self._behind(now), now)

    def _behind(self, now: datetime) -> list[int]:
        with self.sessions.begin() as session:
            return list(session.scalars(select(Plan.id).where(_behind(now)).order_by(Plan.id)))

    def _plan(self, behind: list[int], now: datetime) -> int:
        planned = 0
        for start in range(0, len(behind), PLAN_GROUP):
            with self.sessions.begin() as session:
                plans = list(session.scalars(select(Plan).where(Plan.id.in_(behind[start:start + PLAN_GROUP]),
                                                                _behind(now)).with_for_update(skip_locked=True)))
                planned += materialize_plans(session, plans, now)
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
        self._gone.clear()
        behind = self._behind(now)
        # planning the day takes seconds at national scale: in a worker thread, so replies and the loop go on
        report = TickReport(planned=await asyncio.to_thread(self._plan, behind, now) if behind else 0)
        if self._stopping or not (in_office_hours(now, DEFAULT_POLICY, widest=True) or self._some_plan_open(now)):
            return report
        with self.sessions.begin() as session:
            prune(session, now)
        held: list[int] = []  # rows that cannot go now (no channel, quota, pace): given back when the tick ends
        try:
            while not self._stopping:
                jobs, batch = await asyncio.to_thread(self._claim, now)  # database work: off the loop
                if not jobs:
                    return report
                before = len(held)
                if not await self._send(batch, now, report, held):
                    return report  # the rest is given back below, for this or another worker's next tick
                if len(held) - before == len(jobs):
                    return report  # nothing here could go out now: the rest waits for a later tick
                now = self.clock()
                if self._out_of_time() or not in_office_hours(now, DEFAULT_POLICY, widest=True):
                    return report
            return report
        finally:  # also when cancelled: only the group in flight then may have gone, and may repeat
            self._mark_sent()
            self._release()

    def _claim(self, now: datetime) -> tuple[list[Job], list[Job]]:
        """The next batch's claims, and what is to be sent of them (jobs.quota may combine a chat's)."""
        with self.sessions.begin() as session:
            jobs = claim(session, now, self.batch, exclude_chats=self.pace.full_chats(now))
        self._claims.update((job.id, job.claimed_at) for job in jobs)
        batch = combine_where_short(self.sessions, self.senders, jobs, now, self._message) if jobs else []
        self._claims.update((job.id, job.claimed_at) for job in batch)
        return jobs, batch

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
        that did not move). What was sent is marked first: a crash during the wait repeats nothing."""
        self._mark_sent()
        before = self.clock()
        await self.sleep(seconds)
        self._heartbeat()
        return self.clock() > before and not self._stopping and not self._out_of_time()

    def _settled(self, job: Job, outcome: str) -> None:
        self._claims.pop(job.id, None)
        self._outcome(job, outcome)

    def _outcome(self, job: Job, outcome: str) -> None:
        """A reminder settled: sent, failed, retried or skipped (a hook for the bot's log and metrics)."""

    async def _send(self, jobs: list[Job], now: datetime, report: TickReport, held: list[int]) -> bool:
        """Sends a batch of claimed reminders: checked and written from one load, then sent in groups of
        SEND_GROUP, each group confirmed as ours and given its slots in one transaction and marked sent in
        another. False when the tick should stop (stopping, out of time)."""
        queue = deque(await asyncio.to_thread(self._prepare, jobs, now, report, held))
        while queue:
            if self._stopping or self._out_of_time():
                return False
            group = [queue.popleft() for _ in range(min(self._group_size(), len(queue)))]
            self._heartbeat()
            go, later, wait = self._slots(group, held)
            for job, message in go:
                if self._stopping or self._out_of_time():
                    return False  # this group's rest is given back with the other claims
                if (job.platform, job.chat_id) in self._gone:
                    self._settle_inactive(job, report)  # found gone by this batch's earlier send: not tried
                    continue
                if not self._may_send_now(self.senders[job.platform], job, now):
                    held.append(job.id)  # a 429 or a spent quota since the batch was prepared
                    continue
                await self._deliver(job, message, report, held)
            queue.extendleft(reversed(later))  # this group's sent rows are marked with the next group's slots
            if later and not await self._pause(wait):
                return False
        self._mark_sent()
        return True

    def _group_size(self) -> int:
        """As many messages as go out in GROUP_SENDING at the platform's recent speed: a group's slots are
        stamped when taken, so its last message must leave soon after (the pace's window has 0.2 s of
        guard), however slow the platform answers. At most SEND_GROUP."""
        return max(1, min(SEND_GROUP, int(GROUP_SENDING / max(self._send_seconds, 1e-6))))

    def _prepare(self, jobs: list[Job], now: datetime, report: TickReport, held: list[int]
                 ) -> list[tuple[Job, Message]]:
        """The batch's reminders that go, with their messages. Checked at the last moment, since the rows
        were written at midnight: is the claim still ours, the chat still there, the reminder still due?
        The others are settled here, together."""
        ready: list[tuple[Job, Message]] = []
        verdicts: dict[str, list[Job]] = {}
        with self.sessions.begin() as session:
            loaded = load(session, jobs)
            for plan_id, facts in loaded.plans.items():
                self.policies.setdefault(plan_id, facts.policy)
            ours = still_ours(session, {job.id: job.claimed_at for job in jobs}, self.clock())
            for job in jobs:
                sender = self.senders.get(job.platform)
                if job.id not in ours:
                    verdicts.setdefault("taken", []).append(job)
                elif sender is None or not self._may_send_now(sender, job, now):
                    held.append(job.id)  # no channel here, a spent quota, a 429, or outside the plan's hours
                else:
                    verdict, message = self._verdict(loaded, job, now)
                    if message is not None:
                        ready.append((job, message))
                    else:
                        verdicts.setdefault(verdict, []).append(job)
            for verdict, settled in verdicts.items():
                if verdict != "taken":
                    state = "failed" if verdict == CHAT_INACTIVE else "skipped"
                    mark_all(session, [job.id for job in settled], state, now, verdict)
        for verdict, settled in verdicts.items():
            report.failed += len(settled) if verdict == CHAT_INACTIVE else 0
            for job in settled:
                self._settled(job, "failed" if verdict == CHAT_INACTIVE else "skipped")
        return ready

    def _verdict(self, loaded: Batch, job: Job, now: datetime) -> tuple[str, Message | None]:
        chat = loaded.chats.get((job.platform, job.chat_id))
        if chat is not None and not chat.active:  # the chat blocked the bot after this row was written
            return CHAT_INACTIVE, None
        if not still_due(loaded, job):
            return "no longer due (changed since the day was planned)", None
        return "the task is no longer in the plan", message_of(loaded, job, now)

    def _slots(self, group: list[tuple[Job, Message]], held: list[int]
               ) -> tuple[list[tuple[Job, Message]], list[tuple[Job, Message]], float]:
        """The group's claims renewed and its slots in the shared pace taken, in one transaction: (what goes
        now, what waits for the platform's second, how long). A chat whose minute is full is held."""
        go: list[tuple[Job, Message]] = []
        later: list[tuple[Job, Message]] = []
        wait = 0.0
        with self.sessions.begin() as session:
            sent = self._mark_in(session)  # the last group's: one transaction for both
            ours = still_ours(session, {job.id: job.claimed_at for job, _ in group}, self.clock())
            for job, _ in group:
                if job.id not in ours:
                    self._settled(job, "skipped")  # lost to another worker while waiting: it is theirs to send
            for platform in dict.fromkeys(job.platform for job, _ in group):
                mine = [entry for entry in group if entry[0].platform == platform and entry[0].id in ours]
                taken, full, pause = self.pace.reserve_many(
                    session, platform, [f"{job.platform}:{job.chat_id}" for job, _ in mine], self.clock())
                go.extend(mine[i] for i in taken)
                held.extend(mine[i][0].id for i in full)
                later.extend(entry for i, entry in enumerate(mine) if i not in taken and i not in full)
                wait = max(wait, pause)
        for job in sent:
            self._settled(job, "sent")
        return go, later, wait

    async def _deliver(self, job: Job, message: Message, report: TickReport, held: list[int]) -> None:
        """One message, its slot taken; sent rows are marked in groups (_mark_sent), every other outcome
        at once."""
        sender = self.senders[job.platform]
        while True:
            started = perf_counter()  # a stopwatch, not the calendar: how fast the platform answers
            try:
                try:
                    await sender.send(job.chat_id, message.text, message.buttons)
                finally:
                    self._send_seconds = 0.8 * self._send_seconds + 0.2 * (perf_counter() - started)
            except RetryLater as busy:
                if await self._wait_as_asked(job, busy.seconds) and await self._take_slot(job):
                    continue
                held.append(job.id)
                return
            except ChatMoved as moved:
                with self.sessions.begin() as session:
                    migrate_chat(session, job.platform, job.chat_id, moved.new_chat_id)
                job = replace(job, chat_id=moved.new_chat_id)
                if await self._take_slot(job):
                    continue
                held.append(job.id)
                return
            except QuotaSpent:  # Zalo's month is used up: the row waits for next month
                held.append(job.id)
                return
            except Transient as problem:
                self._retry(job, problem, report)
            except ChatGone as gone:
                self._fail(job, self.clock(), f"chat gone: {gone}", report, deactivate=True)
            except DeliveryError as problem:
                self._fail(job, self.clock(), str(problem), report)
            else:
                self._unmarked.append(job)
                report.sent += 1
                if len(self._unmarked) > SEND_GROUP or self.clock() - self._marked_at >= MARK_EVERY:
                    self._mark_sent()
            return

    def _settle_inactive(self, job: Job, report: TickReport) -> None:
        with self.sessions.begin() as session:
            mark(session, job.id, "failed", self.clock(), CHAT_INACTIVE)
        report.failed += 1
        self._settled(job, "failed")

    def _mark_sent(self) -> None:
        """The rows sent since the last mark are marked sent, together: a crash before this repeats them,
        at most a group (SEND_GROUP messages) or MARK_EVERY of sending."""
        if not self._unmarked:
            self._marked_at = self.clock()
            return
        with self.sessions.begin() as session:
            sent = self._mark_in(session)
        for job in sent:
            self._settled(job, "sent")

    def _mark_in(self, session: Session) -> list[Job]:
        self._marked_at = self.clock()
        sent, self._unmarked = self._unmarked, []
        if sent:
            mark_all(session, [job.id for job in sent], "sent", self._marked_at)
        return sent

    async def _take_slot(self, job: Job) -> bool:
        """A slot in the shared pace for one message: waits (briefly) for the platform's second; False if the
        chat's minute is full, or the tick should stop."""
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

    def _message(self, session: Session, job: Job, now: datetime) -> Message | None:
        """One reminder's message on its own (jobs.quota combines a chat's reminders when Zalo runs short)."""
        return message_of(load(session, [job]), job, now)

    def _retry(self, job: Job, problem: Transient, report: TickReport) -> None:
        with self.sessions.begin() as session:
            retry_later(session, job, problem, self.clock())
        report.retried += 1
        self._settled(job, "retried")

    def _fail(self, job: Job, now: datetime, error: str, report: TickReport, deactivate: bool = False) -> None:
        """A final failure is recorded and told (jobs.outcomes): nothing is dropped silently."""
        report.failed += 1
        with self.sessions.begin() as session:
            fail(session, job, now, error, gone=deactivate)
        if deactivate:
            self._gone.add((job.platform, job.chat_id))
        self._settled(job, "failed")

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
