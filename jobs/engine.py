"""The reminder engine: APScheduler wakes it, the database decides what goes out.

Every 30 seconds the tick writes the day's reminders ahead as rows (when a plan's watermark is behind:
jobs.planning) and, in office hours on a working day, claims the rows whose time has come (jobs.claims) and
sends them: a batch checked and written from one load (jobs.preload, jobs.validity), then sent in groups, each
group's slots in the shared pace (jobs.pace) taken in one transaction.

Each message is marked sent as soon as the platform has taken it, by one statement that is its own
transaction, whose commit does not wait for the disk (jobs.outcomes.delivered): a process killed at any
instant repeats at most the one message in flight. Under faults: a claim is a lease of LEASE, renewed while
the tick works, so a crashed worker's rows are taken again within about a minute, and a clean stop gives them
back at once. The pace is read from the database, so restarts and other workers share it. Only a delivery
error counts as an attempt (jobs.dispatch says what each error means).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from time import perf_counter

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from jobs import planning
from jobs.backlog import Backlog
from jobs.claims import LEASE, Job, claim, mark, mark_all, release, renew, still_ours
from jobs.dispatch import ChatGone, ChatMoved, DeliveryError, RetryLater, Sender, Transient
from jobs.messages import Message
from jobs.notices import AgendaFile, message_of
from jobs.outcomes import delivered, fail, marking, retry_later
from jobs.pace import Pace, Slots, prune
from jobs.preload import load
from jobs.quota import QuotaSpent, combine_where_short
from jobs.validity import CHAT_INACTIVE, check
from plan_data.policy import Policy, in_office_hours, in_widest_office_hours, policy_of
from plan_data.zone import local_day
from storage import commune_figures
from storage.models import Plan
from storage.queries import migrate_chat

log = logging.getLogger(__name__)
TICK_SECONDS = 30
TICK_BUDGET = timedelta(seconds=20)  # no new send after this: the tick ends before the next one is due
HEARTBEAT = LEASE / 4  # claims are renewed this often while a tick works
SEND_GROUP = 30  # slots taken together in the shared pace, at most: Telegram's second
GROUP_SENDING = 0.1  # seconds: a group of slots is sent within this, as the pace needs
GROUP_LATE = timedelta(seconds=0.15)  # … and none of it later than this after its slots were stamped (jobs.pace)
LOCKED_WAIT = timedelta(seconds=0.02)  # a bot whose slots another worker is taking: tried again after this
BACKLOG = 1000  # claimed rows waiting for their bot's or chat's second, at most, before the tick claims more


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0


class ReminderEngine:
    """The tick: plans the day ahead, claims what is due, sends it within the pace, settles every row."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 senders: Mapping[str, Sender], pace: Pace | None = None, batch: int = 100,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, agenda: AgendaFile | None = None,
                 backlog: int = BACKLOG) -> None:
        """`agenda`: the maker of the monthly meeting's file (bot.files.builders.meeting_file), which the
        composition root hands in: files are built above this floor. `batch`: rows claimed at a time;
        `backlog`: claimed rows waiting for their second, at most, before the tick claims more."""
        self.sessions, self.clock, self.senders = sessions, clock, senders
        self.agenda = agenda
        self.pace = pace or Pace()
        self.sleep = sleep
        self.batch, self.backlog = batch, backlog
        self.policies: dict[int, Policy] = {}
        self._worked_days: tuple[object, list[int]] = (None, [])  # (the day, the plans with worked Saturdays)
        self._claims: dict[int, datetime] = {}  # this tick's unsettled claims: row id -> the claim's stamp
        self._send_seconds = GROUP_SENDING / 4  # a send's recent duration (moving average): sets the group size
        self._gone: set[tuple[str, str]] = set()  # chats this tick found gone: (platform, chat id)
        self._paused: dict[str, datetime] = {}  # route -> until when its bot was asked to wait (429)
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()
        never = datetime.min.replace(tzinfo=UTC)
        self._started = self._renewed = self._confirmed = never

    def plan_ahead(self, now: datetime) -> int:
        """Writes ahead the rows of every plan whose watermark is behind (jobs.planning)."""
        return self._plan(planning.plans_behind(self.sessions, now), now)

    def _plan(self, behind: list[int], now: datetime) -> int:
        planned, written = planning.plan_ahead(self.sessions, behind, now)
        for plan_id in written:
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
        self._gone.clear()
        behind = planning.plans_behind(self.sessions, now)
        # planning the day takes seconds at national scale: in a worker thread, so replies and the loop go on
        report = TickReport(planned=await asyncio.to_thread(self._plan, behind, now) if behind else 0)
        if behind:  # a new day for these plans: their figures moved at midnight, counted now for the city's page
            await asyncio.to_thread(commune_figures.refresh, self.sessions, behind, local_day(now))
        if self._stopping or not (in_widest_office_hours(now) or self._some_plan_open(now)):
            return report
        await asyncio.to_thread(self._prune, now)  # thousands of slots a tick at national scale: off the loop
        held: list[int] = []  # rows that cannot go now (no channel, quota, pace): given back when the tick ends
        backlog = Backlog()  # claimed and ready, or waiting for their bot's or chat's second (jobs.backlog)
        try:
            while not self._stopping:
                before = len(held)
                jobs: list[Job] = []
                if len(backlog) < self.backlog:  # database work, off the loop: a batch claimed, checked and written
                    jobs, ready = await asyncio.to_thread(self._claim_ready, now, report, held)
                    backlog.add(ready)
                if not jobs and not backlog:
                    return report
                if not await self._send(backlog, now, report, held, more=bool(jobs)):
                    return report  # the rest is given back below, for this or another worker's next tick
                if jobs and len(held) - before >= len(jobs) and not backlog:
                    return report  # nothing here could go out now: the rest waits for a later tick
                now = self.clock()
                if self._out_of_time() or not in_widest_office_hours(now):
                    return report
            return report
        finally:  # also when cancelled: only the message in flight then may have gone, and may repeat
            # a backlog's thousand claims given back: off the loop. The thread finishes even if this task is
            # cancelled again meanwhile (a lost release would only wait out its lease)
            await asyncio.shield(asyncio.to_thread(self._release))

    def _claim_ready(self, now: datetime, report: TickReport, held: list[int]
                     ) -> tuple[list[Job], list[tuple[Job, Message]]]:
        """The next batch's claims, and what is to be sent of them with its messages (jobs.quota may combine a
        chat's reminders first; _prepare checks and writes them)."""
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

    def _prune(self, now: datetime) -> None:
        with self.sessions.begin() as session:
            prune(session, now)

    def _release(self) -> None:
        """Unsent claims are pending again for a later tick; holding them was not an attempt."""
        if self._claims:
            with self.sessions.begin() as session:
                release(session, self._claims)
            self._claims.clear()

    def _may_send_now(self, sender: Sender, job: Job, now: datetime) -> bool:
        if self._paused.get(job.route, now) > now:
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
        return message_of(load(session, [job]), job, now, self.agenda)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        """The tick every 30 s; a late tick still runs (no misfire grace limit) and missed ones coalesce. A tick
        ends within TICK_BUDGET (plus one send's timeout), so the next one is never skipped."""
        scheduler.add_job(self.tick, IntervalTrigger(seconds=TICK_SECONDS), id="reminder-tick", coalesce=True,
                          max_instances=1, misfire_grace_time=None, replace_existing=True,
                          next_run_time=self.clock() + timedelta(seconds=1))

    # ---------------------------------------------------------------- sending a batch

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
        await asyncio.to_thread(self._heartbeat)  # a thousand claims renewed: off the loop
        return self.clock() > before and not self._stopping and not self._out_of_time()

    def _settled(self, job: Job, outcome: str) -> None:
        """A reminder settled (sent, failed, retried or skipped): its claim is no longer this tick's to give back,
        and a log line says what became of it (a held one is logged when it goes)."""
        self._claims.pop(job.id, None)
        level = logging.WARNING if outcome == "failed" else logging.INFO
        if log.isEnabledFor(level):  # the fields are built only for a line that is written
            log.log(level, "reminder %d to %s:%s %s", job.id, job.platform, job.chat_id, outcome,
                    extra={"event": "reminder", "plan": job.plan_id, "platform": job.platform, "bot": job.bot,
                           "chat": job.chat_id, "reminder": job.id, "kind": job.kind, "outcome": outcome})

    async def _send(self, backlog: Backlog, now: datetime, report: TickReport, held: list[int], more: bool
                    ) -> bool:
        """Sends what the backlog has ready, checked and written (_prepare), in groups of SEND_GROUP: each group's
        slots taken in one transaction. When all that is left waits for its bot's or its chat's second, returns
        to claim the next batch meanwhile (`more`: the last claim found some) unless the backlog is full, else
        waits. False when the tick should stop (stopping, out of time)."""
        while backlog:
            if self._stopping or self._out_of_time():
                return False
            group = backlog.group(self.clock(), self._group_size())
            if not group:
                if more and len(backlog) < self.backlog:
                    return True
                until = backlog.next_at() or self.clock()
                if not await self._pause(max((until - self.clock()).total_seconds(), 0.001)):
                    return False
                continue
            go, stamped = await asyncio.to_thread(self._slots, group, held, backlog)  # off the loop (its waits)
            late = await self._send_group(go, stamped, now, report, held)
            if late is None:
                return False  # this group's rest is given back with the other claims
            backlog.again(late)  # late for its slots: new slots, first
        return True

    async def _send_group(self, go: list[tuple[Job, Message]], stamped: datetime, now: datetime,
                          report: TickReport, held: list[int]) -> list[tuple[Job, Message]] | None:
        """A group's messages, each while its slot is fresh: from the first that would leave GROUP_LATE after
        the slots were stamped (a slow platform, a stalled process), the rest are returned for new slots, as
        the pace's window holds that much guard and no more. None when the tick should stop."""
        with marking(self.sessions.kw["bind"]) as marks:
            for index, (job, message) in enumerate(go):
                if self._stopping or self._out_of_time():
                    return None
                if self.clock() - stamped > GROUP_LATE:
                    return go[index:]
                if (job.platform, job.chat_id) in self._gone:
                    self._settle_inactive(job, report)  # found gone by this batch's earlier send: not tried
                elif not self._may_send_now(self.senders[job.route], job, now):
                    held.append(job.id)  # a 429 or a spent quota since the batch was prepared
                else:
                    await self._deliver(job, message, report, held, marks)
        return []

    def _group_size(self) -> int:
        """As many messages as go out in GROUP_SENDING at the platform's recent speed: a group's slots are
        stamped when taken, so its last message must leave soon after (the pace's window has 0.2 s of
        guard), however slow the platform answers. At most SEND_GROUP."""
        return max(1, min(SEND_GROUP, int(GROUP_SENDING / max(self._send_seconds, 1e-6))))

    def _prepare(self, jobs: list[Job], now: datetime, report: TickReport, held: list[int]
                 ) -> list[tuple[Job, Message]]:
        """The batch's reminders that go, with their messages. Checked at the last moment, since the rows
        were written at midnight: is the claim still ours (confirmed again only when held up since it was
        taken), the chat still there, the reminder still due? The others are settled here, together."""
        ready: list[tuple[Job, Message]] = []
        verdicts: dict[str, list[Job]] = {}
        with self.sessions.begin() as session:
            loaded = load(session, jobs)
            for plan_id, facts in loaded.plans.items():
                self.policies.setdefault(plan_id, facts.policy)
            ours = {job.id for job in jobs}
            if self.clock() - self._confirmed >= HEARTBEAT:
                ours = still_ours(session, {job.id: job.claimed_at for job in jobs}, self.clock())
                self._confirmed = self.clock()  # … and their leases renewed: ours for another LEASE
            for job in jobs:
                sender = self.senders.get(job.route)
                if job.id not in ours:
                    verdicts.setdefault("taken", []).append(job)
                elif sender is None or not self._may_send_now(sender, job, now):
                    held.append(job.id)  # no channel here, a spent quota, a 429, or outside the plan's hours
                else:
                    verdict, message = check(loaded, job, now, self.agenda)
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

    def _slots(self, group: list[tuple[Job, Message]], held: list[int], backlog: Backlog
               ) -> tuple[list[tuple[Job, Message]], datetime]:
        """The group's slots in the shared pace taken, in one transaction, each bot's apart: (what goes now, the
        slots' stamp), the claims renewed first when due (the heartbeat). Run in a worker thread, off the loop. A bot whose lock another worker holds just now
        (busy with its slots) is not waited for: its entries wait LOCKED_WAIT in the backlog. What waits for
        its bot's second or its chat's goes back to the backlog until then; a chat whose minute is full is
        held. The slots are stamped once the locks are held. The batch was confirmed ours, its leases
        renewed, when it was prepared; a group sent later than HEARTBEAT after that is confirmed again first."""
        self._heartbeat()
        with self.sessions.begin() as session:
            routes = self.pace.take(session, [job.route for job, _ in group])
            stamped = self.clock()
            ours = {job.id for job, _ in group}
            if stamped - self._confirmed >= HEARTBEAT:  # held up since the batch was confirmed ours
                ours = still_ours(session, {job.id: job.claimed_at for job, _ in group}, stamped)
            mine: dict[str, list[tuple[Job, Message]]] = {}
            for entry in group:
                if entry[0].id not in ours:
                    self._settled(entry[0], "skipped")  # lost to another worker while waiting: it is theirs to send
                elif entry[0].route not in routes:
                    backlog.wait(entry, stamped + LOCKED_WAIT)
                else:
                    mine.setdefault(entry[0].route, []).append(entry)
            if not mine:
                return [], stamped
            slots = self.pace.reserve_routes(
                session, {route: [f"{job.platform}:{job.chat_id}" for job, _ in entries] for route, entries in mine.items()},
                stamped)
        return [entry for route, entries in mine.items() for entry in _allotted(entries, slots[route], stamped,
                                                                                   held, backlog, route)], stamped

    async def _deliver(self, job: Job, message: Message, report: TickReport, held: list[int], marks: Connection
                       ) -> None:
        """One message, its slot taken; its outcome is written at once, a "sent" before the next message
        leaves."""
        sender = self.senders[job.route]
        while True:
            started = perf_counter()  # a stopwatch, not the calendar: how fast the platform answers
            try:
                try:
                    await sender.send(job.chat_id, message.text, message.buttons, message.mentions, message.files)
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
                self._delivered(job, report, marks)
            return

    def _settle_inactive(self, job: Job, report: TickReport) -> None:
        with self.sessions.begin() as session:
            mark(session, job.id, "failed", self.clock(), CHAT_INACTIVE)
        report.failed += 1
        self._settled(job, "failed")

    def _delivered(self, job: Job, report: TickReport, marks: Connection) -> None:
        """Marked sent as soon as the platform took it, before anything else is sent: a kill from here on
        repeats nothing, and one before this commit repeats this message only."""
        started = perf_counter()
        delivered(marks, job, self.clock())
        # the mark is part of a message's time: a group's size (its slots' stamps) counts it too
        self._send_seconds += 0.2 * (perf_counter() - started)
        report.sent += 1
        self._settled(job, "sent")

    async def _take_slot(self, job: Job) -> bool:
        """A slot in the shared pace for one message: waits (briefly) for the platform's second; False if the
        chat's minute is full, or the tick should stop."""
        while True:
            with self.sessions.begin() as session:
                self.pace.hold(session, [job.route])  # first: the slot is stamped after any wait for the lock
                wait = self.pace.reserve(session, job.route, f"{job.platform}:{job.chat_id}", self.clock(),
                                         held=True)
            if wait is None:
                return False
            if wait <= 0:
                return True
            if not await self._pause(wait):
                return False

    async def _wait_as_asked(self, job: Job, seconds: float) -> bool:
        """A 429: waited out here when it fits in the tick, else the platform is paused for this worker."""
        log.warning("rate limited by %s: waiting %.1fs", job.route, seconds)
        if self.clock() + timedelta(seconds=seconds) - self._started < TICK_BUDGET:
            return await self._pause(seconds)
        self._paused[job.route] = self.clock() + timedelta(seconds=seconds)
        return False

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


def _allotted(entries: list[tuple[Job, Message]], slots: Slots, stamped: datetime, held: list[int],
              backlog: Backlog, route: str) -> list[tuple[Job, Message]]:
    """One bot's part of a group after its slots were taken: what goes now. A chat whose minute is full is
    held; one that had its message of the second, and what found no room in the bot's second, wait in the
    backlog until there is room."""
    held.extend(entries[i][0].id for i in slots.full)
    for i, seconds in slots.busy.items():  # the chat had its message of the second
        backlog.wait(entries[i], stamped + timedelta(seconds=seconds))
    if slots.wait:
        backlog.room_at[route] = stamped + timedelta(seconds=slots.wait)
    settled = {*slots.taken, *slots.full, *slots.busy}
    for entry in (entry for i, entry in enumerate(entries) if i not in settled):
        backlog.wait(entry, backlog.room_at[route])  # no room in the bot's second
    return [entries[i] for i in slots.taken]


def settle_heap() -> None:
    """Once the process has started, before it serves: what it holds by then (modules, the ORM's mappers,
    compiled statements) is put out of the garbage collector's reach. A full collection otherwise walks all
    of it while holding the interpreter, and the loop stood still 60–150 ms at a time while the day was
    planned in its worker thread (make bench, section b); with the start-up heap frozen, about 12 ms."""
    gc.collect()
    gc.freeze()
