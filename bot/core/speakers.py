"""People recorded as they speak in a bound chat (storage.people), so that «giao 17 @lan» finds Lan though
she never typed a command. Cheaply: each process remembers whom it recorded in the last SEEN_FOR seconds
(with the name and @handle it recorded) in each database, and writes nothing for them; a first word, a new name or a new
@handle is one short transaction, off the event loop (bot.channels.answering)."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming
from plan_data.permissions import Role, role_of
from plan_data.tenants import in_tenant
from storage.bindings import cached_binding
from storage.people import meet

log = logging.getLogger(__name__)
SEEN_FOR = 3600.0  # seconds a person recorded is not recorded again by this process
_MOST = 50_000  # people held per database; past it the memory starts afresh
_seen: WeakKeyDictionary[Any, dict[tuple[str, str, str, str, str], float]] = WeakKeyDictionary()  # by database


def _key(incoming: Incoming) -> tuple[str, str, str, str, str]:
    return incoming.platform, incoming.chat_id, incoming.user_id, incoming.user_name, incoming.user_handle


def _memory(sessions: sessionmaker[Session]) -> dict[tuple[str, str, str, str, str], float]:
    return _seen.setdefault(sessions.kw.get("bind") or sessions, {})


def unheard(incoming: Incoming, sessions: sessionmaker[Session]) -> bool:
    """Not recorded in this database by this process lately, as it now calls itself: worth a transaction."""
    if not incoming.user_id or incoming.platform == "console" or not incoming.well_formed:
        return False
    held = _memory(sessions).get(_key(incoming.cleaned()))
    return held is None or held <= time.monotonic()  # clock: a memory's age, not a time of the plan


def remember(incoming: Incoming, sessions: sessionmaker[Session], now: datetime) -> None:
    """The speaker as a person of the chat's unit (a bound chat of a commune's unit, in the tenant of the bot
    it spoke to; the city's chat has none). Never fails the message: a problem is logged."""
    incoming = incoming.cleaned()
    try:
        with sessions.begin() as session:
            connection = session.connection()
            binding = cached_binding(connection, incoming.platform, incoming.chat_id)
            if binding is not None and binding.active and in_tenant(binding.unit.plan.tenant, incoming.tenant) and \
                    role_of(binding.unit.kind, binding.unit.focal, binding.unit.code) is not Role.CITY:
                meet(connection, binding.unit.id, incoming.platform, incoming.user_id, incoming.user_name,
                     incoming.user_handle, now)
    except Exception:
        log.exception("speaker in %s:%s not recorded", incoming.platform, incoming.chat_id)
        return
    seen = _memory(sessions)
    if len(seen) > _MOST:
        seen.clear()
    seen[_key(incoming)] = time.monotonic() + SEEN_FOR  # clock: a memory's age
