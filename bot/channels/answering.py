"""How every channel answers a message: a status command where it arrives, on the event loop (a few
statements on one connection: bot.core.service), anything heavier in a worker thread, and the whole within
a time budget. Past the budget the person gets the core's error reply, nothing is committed (the core
checks its deadline before committing), and the loop has gone on serving every other chat meanwhile. Who
spoke is recorded as a person of the chat's unit (bot.core.speakers), off the loop."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.core import speakers, texts
from bot.core.access import OFF, Access
from bot.core.context import Incoming, Reply
from bot.core.service import HEAVY, MESSAGE_BUDGET, Heavy, respond

log = logging.getLogger(__name__)
GRACE = 2.0  # seconds the channel waits past the budget: the core's own check comes first


async def answered(incoming: Incoming, sessions: sessionmaker[Session], now: datetime, bot_username: str | None,
                   budget: float = MESSAGE_BUDGET, access: Access = OFF) -> Reply | None:
    """The core's reply to one message, or None for talk; the error reply when it takes over `budget` s.
    `access`: the board's and the feeds' links (bot.ops.settings.Settings.access)."""
    reply = respond(incoming, sessions, now, bot_username, light_only=True, access=access)
    if reply is HEAVY:
        deadline = time.monotonic() + budget  # set here: a thread that starts late has less of it, not more
        work = asyncio.to_thread(respond, incoming, sessions, now, bot_username, deadline=deadline, access=access)
        try:
            reply = await asyncio.wait_for(work, budget + GRACE)
        except TimeoutError:
            log.warning("message from %s:%s not answered in %.0f s: error reply given, its work rolls back",
                        incoming.platform, incoming.chat_id, budget)
            return Reply(texts.ERROR_REPLY)
    assert not isinstance(reply, Heavy)
    if speakers.unheard(incoming, sessions):  # who speaks in a unit's chat, for «giao 17 @lan»: once an hour a process
        await asyncio.to_thread(speakers.remember, incoming, sessions, now)
    return reply
