"""The log line of each chat event: which plan, which chat, which update, and whether it was answered."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming, Reply
from storage.models import ChatBinding

log = logging.getLogger("nhacviec.events")


def plan_of_chat(sessions: sessionmaker[Session], platform: str, chat_id: str) -> int | None:
    with sessions() as session:
        return session.scalar(select(ChatBinding.plan_id).where(ChatBinding.platform == platform,
                                                                ChatBinding.chat_id == chat_id))


def log_update(sessions: sessionmaker[Session], incoming: Incoming, update_id: object, reply: Reply | None) -> None:
    """One line per update: answered at INFO; ignored (group talk not meant for the bot) at DEBUG."""
    level = logging.INFO if reply is not None else logging.DEBUG
    if not log.isEnabledFor(level):
        return
    fields = {"event": "update", "platform": incoming.platform, "chat": incoming.chat_id, "update": update_id,
              "plan": plan_of_chat(sessions, incoming.platform, incoming.chat_id),
              "outcome": "replied" if reply is not None else "ignored"}
    log.log(level, "update %s from %s:%s %s", update_id, incoming.platform, incoming.chat_id, fields["outcome"],
            extra=fields)
