"""Zalo's monthly quota, counted in the database so that every process and restart sees the same count.

The free plan allows a few thousand outgoing messages a month, per bot: each Zalo bot (a tenant's, or the
deployment's own, bot key "") has its own count, its own warnings and its own chats. Replies to people always go while Zalo
accepts them; reminders go one by one while the budget lasts, combined (one message per chat) once it runs
short, and wait for next month once it is spent (a 429 from Zalo, or the count reaching the budget).
The focal point of the bot's communes is told at 80 % used, as the reminders start going combined and before
any waits, and when it is spent. The rules themselves are in jobs/budget.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from jobs import texts
from jobs.budget import Usage, combine, is_short, warning_due
from jobs.claims import LEASE, Job
from jobs.dispatch import DeliveryError
from jobs.messages import Message
from jobs.notify import notify_focal
from plan_data.reminder_rules import MEETING
from plan_data.tenants import DEFAULT
from plan_data.zone import VN, next_midnight
from storage.models import ChatBinding, Reminder, ZaloQuota

PLATFORM = "zalo"
Render = Callable[[Session, Job, datetime], Message | None]


class QuotaSpent(DeliveryError):
    """The month's Zalo messages are used up: the reminder waits for next month, nothing is lost."""


def month_of(now: datetime) -> str:
    return now.astimezone(VN).strftime("%Y-%m")


class MonthlyBudget:
    """The outgoing Zalo messages of one bot (`bot`: its key, "" the deployment's own) in the current calendar
    month (Asia/Ho_Chi_Minh)."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime], limit: int,
                 bot: str = DEFAULT) -> None:
        self.sessions, self.clock, self.limit, self.bot = sessions, clock, limit, bot

    def usage(self, session: Session, now: datetime) -> Usage:
        return usage_of(session, self.bot, now, self.limit)

    def replies_allowed(self) -> bool:
        """Someone asked: answer while Zalo has not said the month is spent, whatever our count."""
        with self.sessions.begin() as session:
            return not self.usage(session, self.clock()).spent

    def reminders_allowed(self) -> bool:
        with self.sessions.begin() as session:
            return self.usage(session, self.clock()).remaining > 0

    def short(self, now: datetime) -> bool:
        with self.sessions.begin() as session:
            return is_short(self.usage(session, now), _due_today(session, now, self.bot))

    def spend(self, count: int = 1) -> None:
        """Counts messages Zalo accepted; crossing 80 % or the whole budget warns the focal point."""
        now = self.clock()
        with self.sessions.begin() as session:
            session.execute(update(ZaloQuota).where(*self._this_month(session, now))
                            .values(sent=ZaloQuota.sent + count))
            self._warn(session, now)

    def mark_spent(self) -> None:
        """Zalo answered 429: the month is over for Zalo, whatever our count said."""
        now = self.clock()
        with self.sessions.begin() as session:
            session.execute(update(ZaloQuota).where(*self._this_month(session, now), ZaloQuota.spent_at.is_(None))
                            .values(spent_at=now))
            self._warn(session, now)

    def _warn(self, session: Session, now: datetime) -> None:
        """Each warning once a month (the row is claimed with a conditional update, so two processes
        cannot both send it), to the focal point of every plan that has a Zalo chat."""
        usage = self.usage(session, now)
        level = warning_due(usage)
        if level is None:
            return
        column = ZaloQuota.warned_spent_at if level == "spent" else ZaloQuota.warned_near_at
        claimed = session.execute(update(ZaloQuota).where(*self._this_month(session, now), column.is_(None))
                                  .values({column: now}))
        if claimed.rowcount != 1:
            return
        template = texts.ZALO_BUDGET_SPENT if level == "spent" else texts.ZALO_BUDGET_NEAR
        text = template.format(sent=usage.sent, limit=usage.limit, month=now.astimezone(VN).strftime("%m/%Y"))
        subject = f"zalo-quota:{month_of(now)}:{level}" if self.bot == DEFAULT else \
            f"zalo-quota:{self.bot}:{month_of(now)}:{level}"
        plans = select(ChatBinding.plan_id).where(ChatBinding.platform == PLATFORM, ChatBinding.active.is_(True),
                                                  ChatBinding.bot == self.bot)
        for plan_id in session.scalars(plans.distinct()):
            notify_focal(session, plan_id, subject, text, now)
        if level == "spent":  # a Zalo chat could only hear it next month, when it no longer matters
            session.execute(update(Reminder).where(Reminder.subject == subject, Reminder.chat.like(f"{PLATFORM}:%"))
                            .values(state="skipped", error="Zalo quota spent"))


    def _this_month(self, session: Session, now: datetime) -> tuple:
        """The bot's row of the month, made if it is the first message of the month: its WHERE."""
        month = month_of(now)
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(ZaloQuota).values(bot=self.bot, month=month, sent=0).on_conflict_do_nothing())
        return ZaloQuota.bot == self.bot, ZaloQuota.month == month


def usage_of(session: Session, bot: str, now: datetime, limit: int) -> Usage:
    """One Zalo bot's month so far (the doctor reads it too)."""
    row = session.scalar(select(ZaloQuota).where(ZaloQuota.bot == bot, ZaloQuota.month == month_of(now)))
    return Usage(limit, row.sent if row else 0, bool(row and row.spent_at))


def _due_today(session: Session, now: datetime, bot: str) -> int:
    """The bot's Zalo reminders still to go today: as many messages, if each went on its own. The deployment's
    own bot's are those of every Zalo chat not bound through a tenant's bot (so, before tenants, all)."""
    tenants_chats = (select(literal(f"{PLATFORM}:") + ChatBinding.chat_id)
                     .where(ChatBinding.platform == PLATFORM, ChatBinding.bot != DEFAULT))
    own = Reminder.chat.not_in(tenants_chats) if bot == DEFAULT else \
        Reminder.chat.in_(tenants_chats.where(ChatBinding.bot == bot))
    query = (select(func.count()).select_from(Reminder)
             .where(Reminder.chat.like(f"{PLATFORM}:%"), Reminder.state.in_(("pending", "claimed")),
                    Reminder.due_at < next_midnight(now, VN), own))
    return session.scalar(query) or 0


def combine_where_short(sessions: sessionmaker[Session], senders: Mapping[str, Any], jobs: list[Job],
                        now: datetime, render: Render) -> list[Job]:
    """The reminder engine's hook. Where a sender keeps a budget (Zalo) and it runs short, one batch's
    reminders to one chat become one notice row, and the rows it replaces are marked skipped ("combined
    into N"); everything else passes as it is, so Telegram never notices."""
    passed: list[Job] = []
    by_chat: dict[tuple[str, str], list[Job]] = {}
    for job in jobs:
        # a message that carries a file (the meeting's agenda) goes as itself: a combined text would lose it
        if getattr(senders.get(job.route), "budget", None) is None or job.kind == MEETING:
            passed.append(job)
        else:
            by_chat.setdefault((job.route, job.chat_id), []).append(job)
    short: dict[str, bool] = {}  # route -> its bot's budget runs short
    for (route, _chat), group in by_chat.items():
        budget: MonthlyBudget = senders[route].budget
        if route not in short:
            short[route] = budget.reminders_allowed() and budget.short(now)
        if len(group) < 2 or not short[route]:
            passed.extend(group)
            continue
        with sessions.begin() as session:
            passed.extend(_combined(session, group, now, render))
    return passed


def _combined(session: Session, group: list[Job], now: datetime, render: Render) -> list[Job]:
    rendered = [(job, render(session, job, now)) for job in group]
    replies = [reply for _job, reply in rendered if reply is not None]
    if not replies:
        return group  # nothing left to say: the engine skips them as it always does
    numbers = [b.command.split(" ", 1)[1] for r in replies for b in r.buttons[:1] if " " in b.command]
    first = group[0]
    row = Reminder(plan_id=first.plan_id, occurrence_id=None, subject=f"combined:{first.id}", kind="notice",
                   due_at=now, chat=f"{first.platform}:{first.chat_id}", state="claimed", claimed_at=now,
                   lease_until=now + LEASE, attempts=0, error="", text=combine([r.text for r in replies], numbers[0] if numbers else None))
    session.add(row)
    session.flush()
    for job, reply in rendered:
        error = f"combined into reminder {row.id}" if reply else "the task is no longer in the plan"
        session.execute(update(Reminder).where(Reminder.id == job.id).values(state="skipped", error=error))
    return [Job(row.id, row.plan_id, "notice", row.subject, None, now, first.platform, first.chat_id, now, first.bot)]
