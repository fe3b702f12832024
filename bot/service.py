"""The core every channel shares: a message -> a Reply, in one database transaction.

Channels (telegram.py, console.py, later zalo.py) only turn their updates into an Incoming and send
back what comes out of `respond`. Commands are understood once, here, for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot import actions, city, reports, texts, views
from bot.commands import (
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
from bot.context import VN, Context, Incoming, Reply
from bot.permissions import Role, role_of
from jobs.validity import refresh_today
from storage.invites import redeem
from storage.queries import binding_for

Handler = Callable[[Context, Any], Reply]


def respond(incoming: Incoming, sessions: sessionmaker[Session], now: datetime,
            bot_username: str | None = None) -> Reply | None:
    """The reply to one message, or None when it was group talk not meant for the bot."""
    command = parse(incoming.text, bot_username=bot_username, addressed=incoming.addressed,
                    today=now.astimezone(VN).date())
    if command is None:
        return None
    with sessions.begin() as session:
        return handle(command, incoming, now, session)


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
