"""The core every channel shares: a message -> a Reply, in one database transaction.

Channels (telegram.py, console.py, later zalo.py) only turn their updates into an Incoming and send
back what comes out of `respond`. Commands are understood once, here, for all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.core import actions, city, reports, texts, views
from bot.core.commands import (
    Approve,
    Calendar,
    Command,
    Done,
    Extend,
    Help,
    Link,
    MyTasks,
    Overdue,
    Progress,
    Report,
    SetDate,
    Show,
    Snooze,
    Summary,
    Undo,
    Unknown,
    Upcoming,
    parse,
)
from bot.core.context import Context, Incoming, Reply
from jobs.validity import refresh_today
from plan_data.permissions import Role, role_of
from plan_data.zone import local_day
from storage.invites import redeem
from storage.queries import binding_for

Handler = Callable[[Context, Any], Reply]
log = logging.getLogger(__name__)


def respond(incoming: Incoming, sessions: sessionmaker[Session], now: datetime,
            bot_username: str | None = None) -> Reply | None:
    """The reply to one message, or None when it was group talk not meant for the bot. Any failure is
    logged and becomes the short error reply, with the transaction rolled back: whatever the channel,
    nobody is left in silence, and channels only deliver."""
    try:
        command = parse(incoming.text, bot_username=bot_username, addressed=incoming.addressed,
                        today=local_day(now))
        if command is None:
            return None
        with sessions.begin() as session:
            return handle(command, incoming, now, session)
    except Exception:
        log.exception("message from %s:%s failed", incoming.platform, incoming.chat_id)
        return Reply(texts.ERROR_REPLY)


def handle(command: Command, incoming: Incoming, now: datetime, session: Session) -> Reply:
    if isinstance(command, Link):
        return link(command, incoming, now, session)
    binding = binding_for(session, incoming.platform, incoming.chat_id)
    if binding is None or not binding.active:
        return Reply(texts.UNBOUND)
    unit = binding.unit
    ctx = Context(session, incoming, now, unit.plan, unit, role_of(unit.kind, unit.focal, unit.code))
    handlers = city.HANDLERS if ctx.role is Role.CITY else HANDLERS
    handler: Handler = handlers.get(type(command), city.only_overview if ctx.role is Role.CITY else _unknown)
    return handler(ctx, command)


def link(command: Link, incoming: Incoming, now: datetime, session: Session) -> Reply:
    binding = redeem(session, command.code, incoming.platform, incoming.chat_id, incoming.chat_title,
                     incoming.user_name, now)
    if binding is None:
        return Reply(texts.LINK_BAD.format(code=command.code))
    refresh_today(session, binding.unit.plan, now)  # a chat bound at 07:55 still gets today's 08:00 reminders
    return Reply(texts.LINK_DONE.format(unit=binding.unit.name, commune=binding.unit.plan.commune))


def _unknown(ctx: Context, command: Unknown) -> Reply:
    if command.hint:
        return Reply(command.hint)
    suggestion = texts.UNKNOWN_SUGGESTION.format(word=command.suggestion) if command.suggestion else ""
    return Reply(texts.UNKNOWN_COMMAND.format(text=texts.short_title(command.text, 40), suggestion=suggestion))


HANDLERS: dict[type[Command], Handler] = {
    Done: actions.done,
    Progress: actions.progress,
    Undo: actions.undo_last,
    SetDate: actions.set_date,
    Extend: actions.extend,
    Approve: actions.approve,
    Show: views.show,
    MyTasks: views.my_tasks,
    Overdue: views.overdue,
    Upcoming: views.upcoming,
    Summary: views.summary,
    Help: views.help_reply,
    Report: reports.report,
    Calendar: reports.calendar,
    Snooze: actions.snooze,
    Unknown: _unknown,
}
