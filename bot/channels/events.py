"""The log line of each chat event: which plan, which chat, which bot of which tenant (never its token), which
update, and whether it was answered."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming, Reply
from storage.bindings import binding_of

log = logging.getLogger("nhacviec.events")


def plan_of_chat(sessions: sessionmaker[Session], platform: str, chat_id: str) -> int | None:
    """The chat's plan, from the bindings every message reads (storage.bindings): no query of its own."""
    binding = binding_of(sessions.kw["bind"], platform, chat_id)
    return binding.unit.plan_id if binding is not None else None


def log_update(sessions: sessionmaker[Session], incoming: Incoming, update_id: object, reply: Reply | None) -> None:
    """One line per update: answered at INFO; ignored (group talk not meant for the bot) at DEBUG."""
    level = logging.INFO if reply is not None else logging.DEBUG
    if not log.isEnabledFor(level):
        return
    fields = {"event": "update", "platform": incoming.platform, "chat": incoming.chat_id, "update": update_id,
              "tenant": incoming.tenant or None, "bot": incoming.bot or None,  # a tenant's bot; none for the own
              "plan": plan_of_chat(sessions, incoming.platform, incoming.chat_id),
              "outcome": "replied" if reply is not None else "ignored"}
    log.log(level, "update %s from %s:%s %s", update_id, incoming.platform, incoming.chat_id, fields["outcome"],
            extra=fields)
