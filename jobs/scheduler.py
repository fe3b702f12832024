"""The reminder engine: APScheduler wakes it, the database decides what goes out.

Every 30 seconds the tick writes the day's reminders ahead as rows (when a plan's watermark is behind)
and, in office hours on a working day, claims the rows whose time has come and sends them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from jobs import texts
from jobs.dispatch import ChatGone, ChatMoved, DeliveryError, RateLimiter, Sender, Transient, deliver
from jobs.messages import Message
from jobs.notices import reminder_message
from jobs.quota import QuotaSpent, combine_where_short
from jobs.reminders import Job, calendar, claim, mark, materialize, notify_focal, policy_of, still_ours
from jobs.validity import still_due
from plan_data.policy import Policy
from storage.models import ChatBinding, Plan, Reminder
from storage.queries import migrate_chat

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5  # ticks that may try one reminder before it is reported as failed
TICK_SECONDS = 30


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0


class ReminderEngine:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 senders: Mapping[str, Sender], limiter: RateLimiter | None = None, batch: int = 100,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.sessions, self.clock, self.senders = sessions, clock, senders
        self.limiter = limiter or RateLimiter()
        self.sleep = sleep
        self.batch = batch
        self.policies: dict[int, Policy] = {}

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
        now = self.clock()
        report = TickReport(planned=self.plan_ahead(now))
        if not in_office_hours(now, DEFAULT_POLICY, widest=True) and not self._some_plan_open(now):
            return report
        held: list[int] = []  # rows no channel can take now: kept claimed till the tick ends, or they come back
        try:
            while True:
                with self.sessions.begin() as session:
                    jobs = claim(session, now, self.batch)
                if not jobs:
                    return report
                before = len(held)
                for job in combine_where_short(self.sessions, self.senders, jobs, now, self._message):
                    await self._send(job, now, report, held)
                if len(held) - before == len(jobs):
                    return report  # nothing here could go out now: the rest waits for a later tick
                now = self.clock()
                if not in_office_hours(now, DEFAULT_POLICY, widest=True):
                    return report
        finally:
            self._release(held)

    def _some_plan_open(self, now: datetime) -> bool:
        """A day off for the holidays package may be a plan's worked Saturday (policy.working_days)."""
        with self.sessions.begin() as session:
            plans = list(session.scalars(select(Plan.id)))
        return any(in_office_hours(now, self._policy(plan_id)) for plan_id in plans)

    def _release(self, held: list[int]) -> None:
        """Held rows are pending again for a later tick; holding them was not an attempt."""
        for start in range(0, len(held), 500):  # in chunks: a driver takes only so many parameters
            with self.sessions.begin() as session:
                session.execute(update(Reminder).where(Reminder.id.in_(held[start:start + 500]),
                                                       Reminder.state == "claimed")
                                .values(state="pending", attempts=Reminder.attempts - 1))

    async def _send(self, job: Job, now: datetime, report: TickReport, held: list[int]) -> None:
        sender = self.senders.get(job.platform)
        if sender is None or not self._may_send_now(sender, job, now):
            held.append(job.id)  # no channel here, a spent quota, or outside this plan's office hours
            return
        with self.sessions.begin() as session:
            verdict, reply, renewed = self._prepare(session, job, now)
        if verdict is not None:
            if verdict != "taken":
                self._settle(job, now, verdict, report)
            return
        try:
            await deliver(sender, self.limiter, job.chat_id, reply.text, reply.buttons, sleep=self.sleep)
        except ChatMoved as moved:
            with self.sessions.begin() as session:
                migrate_chat(session, job.platform, job.chat_id, moved.new_chat_id)
            await self._send(replace(job, chat_id=moved.new_chat_id, claimed_at=renewed), now, report, held)
            return
        except QuotaSpent:  # Zalo's month is used up: the row waits for next month
            held.append(job.id)
            return
        except Transient as problem:
            self._retry_or_fail(job, now, str(problem), report)
            return
        except ChatGone as gone:
            self._fail(job, now, f"chat gone: {gone}", report, deactivate=True)
            return
        except DeliveryError as problem:
            self._fail(job, now, str(problem), report)
            return
        with self.sessions.begin() as session:
            mark(session, job.id, "sent", self.clock())
        report.sent += 1

    def _may_send_now(self, sender: Sender, job: Job, now: datetime) -> bool:
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

    def _prepare(self, session: Session, job: Job, now: datetime) -> tuple[str | None, Message | None, datetime]:
        """(why not to send, or None; the message; the renewed claim). Checked at the last moment, since the
        row was written at midnight: is the claim still ours, the chat still there, the reminder still due?"""
        renewed = self.clock()
        if not still_ours(session, job, renewed):
            return "taken", None, renewed
        active = session.scalar(select(ChatBinding.active).where(ChatBinding.platform == job.platform,
                                                                 ChatBinding.chat_id == job.chat_id))
        if active is False:  # the chat blocked the bot after this row was written; the focal point knows
            return "chat inactive", None, renewed
        if not still_due(session, job.kind, job.occurrence_id, job.due_at, job.platform, job.chat_id):
            return "no longer due (changed since the day was planned)", None, renewed
        reply = self._message(session, job, now)
        return (None if reply else "the task is no longer in the plan"), reply, renewed

    def _settle(self, job: Job, now: datetime, verdict: str, report: TickReport) -> None:
        with self.sessions.begin() as session:
            mark(session, job.id, "failed" if verdict == "chat inactive" else "skipped", now, verdict)
        if verdict == "chat inactive":
            report.failed += 1

    def _message(self, session: Session, job: Job, now: datetime) -> Message | None:
        if job.kind == "notice":
            return Message(session.scalar(select(Reminder.text).where(Reminder.id == job.id)))
        return reminder_message(session, job.kind, job.occurrence_id, job.plan_id, now)

    def _retry_or_fail(self, job: Job, now: datetime, error: str, report: TickReport) -> None:
        with self.sessions.begin() as session:
            attempts = session.scalar(select(Reminder.attempts).where(Reminder.id == job.id))
            if attempts < MAX_ATTEMPTS:  # back to pending: the next tick tries again
                session.execute(update(Reminder).where(Reminder.id == job.id).values(state="pending", error=error))
                report.retried += 1
                return
        self._fail(job, now, error, report)

    def _fail(self, job: Job, now: datetime, error: str, report: TickReport, deactivate: bool = False) -> None:
        """A final failure is recorded and the focal point is told: nothing is dropped silently."""
        report.failed += 1
        with self.sessions.begin() as session:
            mark(session, job.id, "failed", now, error)
            binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == job.platform,
                                                               ChatBinding.chat_id == job.chat_id))
            if binding is None or not binding.active:
                return  # already reported when the chat was first found gone
            if deactivate:
                binding.active = False
            template = texts.CHAT_GONE if deactivate else texts.DELIVERY_FAILED
            text = template.format(title=binding.title or job.chat_id, unit=binding.unit.name,
                                   code=binding.unit.code, error=error[:200])
            notify_focal(session, binding.plan_id, f"reminder:{job.id}", text, now, exclude=binding.id)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        """The tick every 30 s; a late tick still runs (no misfire grace limit) and missed ones coalesce."""
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
