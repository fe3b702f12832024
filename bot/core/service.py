"""The core every channel shares: a message -> a Reply, in one database transaction.

Channels (telegram.py, console.py, zalo.py) only turn their updates into an Incoming and send back what
comes out of `respond`. Commands are understood once, here, for all of them. Each command runs once, on the
store its registry entry declares (bot.core.store.ChatStore): a status command on one Connection, on the
event loop; any other on the ORM Session, in a worker thread. The one command run a second time is one the
loop gave up (another writer held the database: nothing written), which a worker thread then runs.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.core import city, registry, texts
from bot.core.access import OFF, Access
from bot.core.commands import Command, Done, MaybeDone, Undo, Unknown, Unread
from bot.core.context import Context, Incoming, Reply
from bot.core.registry import FAST, parse
from bot.core.sql import ConnectionChatStore, SessionChatStore
from bot.core.store import ChatStore, UnitRow
from plan_data.permissions import Role, is_own, role_of
from plan_data.tenants import in_tenant
from plan_data.zone import local_day
from storage.stores import Busy, on_connection

log = logging.getLogger(__name__)
MAX_MESSAGE = 8000  # over Telegram's 4,096 (a console paste), far under what would slow the parser


# FAST: the status commands, on one Connection (bot.core.sql.ConnectionChatStore), as bot.core.registry marks them
LIGHT = FAST  # answered in a moment: run where the message arrives, not in a worker thread
LOOP_TEXT = 1000  # a longer message is read in a worker thread too: the event loop serves every chat
MESSAGE_BUDGET = 20.0  # seconds a message may take, all in (a report, a chart): then the error reply


class OverBudget(Exception):  # noqa: N818 - a signal: the work is rolled back, the person told
    """The message took longer than its budget: what it did is rolled back, not committed late."""


class Heavy:
    """`respond(..., light_only=True)` for a command that takes a while (a list, a report, a file), not run
    here; or for one the loop gave up, having written nothing: run it off the event loop."""


HEAVY = Heavy()


def respond(incoming: Incoming, sessions: sessionmaker[Session], now: datetime,
            bot_username: str | None = None, *, light_only: bool = False, fast: bool = True,
            deadline: float | None = None, access: Access = OFF) -> Reply | Heavy | None:
    """The reply to one message, or None when it was group talk not meant for the bot. Any failure is
    logged and becomes the short error reply, with the transaction rolled back: whatever the channel,
    nobody is left in silence, and channels only deliver. `fast`: status commands on one Connection (False:
    every command on the Session, as the differential test compares). `deadline` (time.monotonic()): past
    it, nothing is committed and the reply is the error reply, which the channel has given already. `access`:
    where the board's and the feeds' links point, and their secret (bot.core.access; OFF: «bảng» says what to set)."""
    try:
        if light_only and len(incoming.text) + len(incoming.quoted or "") > LOOP_TEXT:
            return HEAVY
        return _respond(incoming, sessions, now, bot_username, light_only, fast, deadline, access)
    except OverBudget:
        log.warning("message from %s:%s over its time budget: rolled back", incoming.platform, incoming.chat_id)
        return Reply(texts.ERROR_REPLY)
    except Exception:
        log.exception("message from %s:%s failed", incoming.platform, incoming.chat_id)
        return Reply(texts.ERROR_REPLY)


def _respond(incoming: Incoming, sessions: sessionmaker[Session], now: datetime, bot_username: str | None,
             light_only: bool, fast: bool, deadline: float | None, access: Access) -> Reply | Heavy | None:
    read = understood(incoming, now, bot_username, light_only)
    if not isinstance(read, tuple):
        return read
    command, incoming = read
    if light_only and not isinstance(command, LIGHT):
        return HEAVY
    opener = registry.OPENERS.get(type(command))
    if opener is not None:  # «liên kết»: what makes a chat a unit's, on the invites' rows (storage.invites)
        with sessions.begin() as session:
            return _in_time(opener(command, incoming, now, session), deadline)
    # The command's store, chosen once, before it runs, as the registry declares it: it runs there to the end
    if fast and isinstance(command, FAST) and sessions.kw.get("bind") is not None:
        return _on_connection(command, incoming, now, sessions, quick=light_only, deadline=deadline, access=access)
    if light_only:
        return HEAVY  # the loop runs no Session: a worker thread does
    with sessions.begin() as session:
        return _in_time(handle(command, incoming, now, SessionChatStore(session), access), deadline)


def understood(incoming: Incoming, now: datetime, bot_username: str | None = None,
               light_only: bool = False) -> tuple[Command, Incoming] | Reply | Heavy | None:
    """The command a message gives, with the message cleaned as it may be stored; or the reply it gets
    without one (malformed, too long), None (talk), HEAVY (too long to read on the loop). No store."""
    if not incoming.well_formed:
        log.warning("message refused: malformed chat or user id from %s", incoming.platform)
        return Reply(texts.MALFORMED_CHAT) if incoming.addressed else None
    incoming = incoming.cleaned()
    if len(incoming.text) > MAX_MESSAGE:
        return Reply(texts.MESSAGE_TOO_LONG.format(length=len(incoming.text), limit=MAX_MESSAGE)) \
            if incoming.addressed else None
    command = parse(incoming.text, bot_username=bot_username, addressed=incoming.addressed,
                    today=local_day(now), quick=light_only)
    if command is None:
        return None
    if isinstance(command, Unread):
        return HEAVY
    return _confirmed(command, incoming, bot_username), incoming


def _in_time(reply: Reply | None, deadline: float | None) -> Reply | None:
    """The reply, if there is still time to commit what it did; else OverBudget, and all is rolled back."""
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget
    return reply


def _confirmed(command: Command, incoming: Incoming, bot_username: str | None) -> Command:
    """A ✅ under the bot's question records the report asked about with its note, as its author typed it."""
    if not (incoming.quoted and isinstance(command, Done)):
        return command
    asked = parse(incoming.quoted, bot_username=bot_username)
    note = asked.note if isinstance(asked, Done | MaybeDone) else ""
    return Done(command.tasks, note)


def _on_connection(command: Command, incoming: Incoming, now: datetime, sessions: sessionmaker[Session],
                   quick: bool = False, deadline: float | None = None, access: Access = OFF) -> Reply | Heavy | None:
    """The command on one Connection, no Session of its own (bot.core.sql.ConnectionChatStore). `quick` (on
    the event loop): when another writer holds the database longer than a moment, HEAVY, nothing written,
    and the worker thread the command goes to runs it on a Connection again, waiting as usual."""
    try:
        with on_connection(sessions.kw["bind"], quick, isinstance(command, Undo), ConnectionChatStore) as store:
            return _in_time(handle(command, incoming, now, store, access), deadline)
    except Busy:
        return HEAVY


def handle(command: Command, incoming: Incoming, now: datetime, store: ChatStore, access: Access = OFF) -> Reply | None:
    """The reply of a chat bound to a unit (or the reason it has none), on the store the command was given. A
    chat bound in another tenant than the bot's the update arrived on is refused before anything is read."""
    binding = store.binding_for(incoming.platform, incoming.chat_id)
    from_talk = (isinstance(command, Done) and command.tentative) or \
        (isinstance(command, MaybeDone) and not command.addressed)
    if binding is None or not binding.active:
        return None if from_talk else Reply(texts.UNBOUND)
    if not in_tenant(binding.unit.plan.tenant, incoming.tenant):  # bound through another tenant's bot
        return None if from_talk else Reply(texts.OTHER_TENANT)
    unit = binding.unit
    role = role_of(unit.kind, unit.focal, unit.code)
    if from_talk and (role is Role.CITY or isinstance(command, Done) and not _names_own_task(store, unit, command.tasks)):
        return None  # talk shaped like a report: taken when it names the chat's own tasks, else left alone
    ctx = Context(store, incoming, now, unit.plan, unit, role, access=access)
    if ctx.role is Role.CITY:  # the city's chat looks across its communes: bot.core.city's own table
        return city.HANDLERS.get(type(command), city.only_overview)(ctx, command)
    return registry.HANDLERS.get(type(command), _unknown)(ctx, command)


def _names_own_task(store: ChatStore, unit: UnitRow, numbers: tuple[str, ...]) -> bool:
    """Group talk that reads as a report ("xong 27, 31 đã ban hành", not addressed to the bot) is one when it
    names a task this chat's unit answers for, or a number that may be one (then the chat is asked which).
    Each task is then answered for: taken, or why not ("31 was done on …"). "xong 29 đã nộp" in another
    unit's chat, "xong 99 cho em" are talk about something else."""
    found = store.tasks_by_number(unit.plan_id, list(numbers))
    return bool(found.unsure) or any(is_own(task, unit) for tasks in found.values() for task in tasks)


def _unknown(ctx: Context, command: Unknown) -> Reply:
    if command.hint:
        return Reply(command.hint)
    suggestion = texts.UNKNOWN_SUGGESTION.format(word=command.suggestion) if command.suggestion else ""
    return Reply(texts.UNKNOWN_COMMAND.format(text=texts.short_title(command.text, 40), suggestion=suggestion))
