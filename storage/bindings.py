"""Which unit a chat speaks for, asked on every message: kept per process for a few seconds.

A chat's binding changes when it is linked (storage.invites), when the bot is removed from it (jobs.outcomes)
and when a Telegram group becomes a supergroup (storage.queries.migrate_chat). Those forget the chat here,
at once and again once their transaction commits (another thread may have read the old row meanwhile).
Other processes sharing the database see the change within TTL seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, bindparam, event, select
from sqlalchemy.orm import Session

from storage.models import ChatBinding, Plan, Unit

TTL = 5.0  # seconds another worker's link, removal or migration may go unseen here
_STALE = "nhacviec.stale_chats"

_b, _u, _p = ChatBinding.__table__, Unit.__table__, Plan.__table__
_PLAN = ("id", "commune", "province", "year", "require_confirmation", "imported_at", "policy", "timezone", "tenant")
_UNIT = ("id", "plan_id", "code", "name", "kind", "focal")
_BINDING = (select(_b.c.id.label("b_id"), _b.c.active.label("b_active"), _b.c.bot.label("b_bot"),
                   *[_u.c[name].label(f"u_{name}") for name in _UNIT],
                   *[_p.c[name].label(f"p_{name}") for name in _PLAN])
            .join_from(_b, _u, _u.c.id == _b.c.unit_id).join(_p, _p.c.id == _u.c.plan_id)
            .where(_b.c.platform == bindparam("platform"), _b.c.chat_id == bindparam("chat_id")))


@dataclass(frozen=True)
class PlanRef:
    """The plan's own settings a status command reads (no tasks, no units)."""

    id: int
    commune: str
    province: str
    year: int
    require_confirmation: bool
    imported_at: datetime
    policy: dict[str, Any]
    timezone: str
    tenant: str = ""  # plan_data.tenants: the tenant whose bots serve the plan


@dataclass(frozen=True)
class UnitRef:
    id: int
    plan_id: int
    code: str
    name: str
    kind: str
    focal: bool
    plan: PlanRef


@dataclass(frozen=True)
class BindingRef:
    id: int
    active: bool
    unit: UnitRef
    bot: str = ""  # the bot the chat was bound through (plan_data.tenants.bot_key)


_cache: WeakKeyDictionary[Engine, dict[tuple[str, str], tuple[float, BindingRef | None]]] = WeakKeyDictionary()


def cached_binding(connection: Connection, platform: str, chat_id: str) -> BindingRef | None:
    """The chat's binding (active or not) with its unit and plan; None when the chat was never linked."""
    chats = _cache.setdefault(connection.engine, {})
    key = (platform, chat_id)
    held = chats.get(key)
    moment = time.monotonic()  # clock: a cache's age, not a time of the plan
    if held is not None and held[0] > moment:
        return held[1]
    row = connection.execute(_BINDING, {"platform": platform, "chat_id": chat_id}).mappings().first()
    binding = None if row is None else _binding(row)
    chats[key] = (moment + TTL, binding)
    return binding


def binding_of(engine: Engine, platform: str, chat_id: str) -> BindingRef | None:
    """The same, for a caller without a connection (a log line): none is taken while the cache holds it."""
    held = _cache.get(engine, {}).get((platform, chat_id))
    if held is not None and held[0] > time.monotonic():  # clock: a cache's age
        return held[1]
    with engine.connect() as connection:
        return cached_binding(connection, platform, chat_id)


def _binding(row: Any) -> BindingRef:
    plan = PlanRef(**{name: row[f"p_{name}"] for name in _PLAN})
    unit = UnitRef(**{name: row[f"u_{name}"] for name in _UNIT}, plan=plan)
    return BindingRef(row["b_id"], row["b_active"], unit, row["b_bot"])


def forget(session: Session, platform: str, chat_id: str) -> None:
    """The chat's binding is changing in this session: forgotten now and when the session commits."""
    _drop((platform, chat_id))
    session.info.setdefault(_STALE, set()).add((platform, chat_id))


def forget_all(session: Session) -> None:
    """A plan is loaded again (its units, its settings): every binding is read afresh."""
    forget(session, "*", "*")


def _drop(key: tuple[str, str]) -> None:
    for chats in list(_cache.values()):
        if key == ("*", "*"):
            chats.clear()
        chats.pop(key, None)


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    for key in session.info.pop(_STALE, ()):
        _drop(key)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_STALE, None)
