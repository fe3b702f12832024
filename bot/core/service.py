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
    Reopen,
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
from plan_data.permissions import Role, is_own, role_of
from plan_data.status import current_open
from plan_data.zone import local_day
from storage.invites import redeem
from storage.queries import binding_for, tasks_by_number

Handler = Callable[[Context, Any], Reply]
log = logging.getLogger(__name__)
MAX_MESSAGE = 8000  # over Telegram's 4,096 (a console paste), far under what would slow the parser


def respond(incoming: Incoming, sessions: sessionmaker[Session], now: datetime,
            bot_username: str | None = None) -> Reply | None:
    """The reply to one message, or None when it was group talk not meant for the bot. Any failure is
    logged and becomes the short error reply, with the transaction rolled back: whatever the channel,
    nobody is left in silence, and channels only deliver."""
    try:
        if not incoming.well_formed:
            log.warning("message refused: malformed chat or user id from %s", incoming.platform)
            return Reply(texts.MALFORMED_CHAT) if incoming.addressed else None
        incoming = incoming.cleaned()
        if len(incoming.text) > MAX_MESSAGE:
            return Reply(texts.MESSAGE_TOO_LONG.format(length=len(incoming.text), limit=MAX_MESSAGE)) \
                if incoming.addressed else None
        command = parse(incoming.text, bot_username=bot_username, addressed=incoming.addressed,
                        today=local_day(now))
        if command is None:
            return None
        with sessions.begin() as session:
            return handle(command, incoming, now, session)
    except Exception:
        log.exception("message from %s:%s failed", incoming.platform, incoming.chat_id)
        return Reply(texts.ERROR_REPLY)


def handle(command: Command, incoming: Incoming, now: datetime, session: Session) -> Reply | None:
    if isinstance(command, Link):
        return link(command, incoming, now, session)
    binding = binding_for(session, incoming.platform, incoming.chat_id)
    tentative = isinstance(command, Done) and command.tentative
    if binding is None or not binding.active:
        return None if tentative else Reply(texts.UNBOUND)
    if tentative and not _reports_own_open_tasks(session, binding.unit, command.tasks):
        return None  # talk shaped like a report: taken only for the chat's own open tasks, else left alone
    unit = binding.unit
    ctx = Context(session, incoming, now, unit.plan, unit, role_of(unit.kind, unit.focal, unit.code))
    handlers = city.HANDLERS if ctx.role is Role.CITY else HANDLERS
    handler: Handler = handlers.get(type(command), city.only_overview if ctx.role is Role.CITY else _unknown)
    return handler(ctx, command)


def _reports_own_open_tasks(session: Session, unit, numbers: tuple[str, ...]) -> bool:
    """Group talk that reads as a report ("xong 17 đã nộp kế hoạch", not addressed to the bot) is one only
    when every number is a task of this plan that this chat's unit answers for and that is still open."""
    found = tasks_by_number(session, unit.plan_id, list(numbers))
    return all(found.values()) and all(is_own(task, unit) and current_open(task.occurrences) is not None
                                       for tasks in found.values() for task in tasks)


def link(command: Link, incoming: Incoming, now: datetime, session: Session) -> Reply:
    done = redeem(session, command.code, incoming.platform, incoming.chat_id, incoming.chat_title,
                  incoming.user_name, now)
    if done.outcome == "limited":
        return Reply(texts.LINK_LIMITED)
    if done.outcome == "bad":
        return Reply(texts.LINK_BAD.format(code=command.code))
    if done.outcome == "asked":
        return Reply(texts.LINK_CONFIRM.format(current=done.current.name, commune=done.current.plan.commune,
                                               target=done.target.name, target_commune=done.target.plan.commune,
                                               code=command.code))
    binding = done.binding
    refresh_today(session, binding.unit.plan, now)  # a chat bound at 07:55 still gets today's 08:00 reminders
    template = texts.LINK_MOVED if done.outcome == "moved" else texts.LINK_DONE
    return Reply(template.format(unit=binding.unit.name, commune=binding.unit.plan.commune))


def _unknown(ctx: Context, command: Unknown) -> Reply:
    if command.hint:
        return Reply(command.hint)
    suggestion = texts.UNKNOWN_SUGGESTION.format(word=command.suggestion) if command.suggestion else ""
    return Reply(texts.UNKNOWN_COMMAND.format(text=texts.short_title(command.text, 40), suggestion=suggestion))


HANDLERS: dict[type[Command], Handler] = {
    Done: actions.done,
    Progress: actions.progress,
    Undo: actions.undo_last,
    Reopen: actions.reopen,
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
