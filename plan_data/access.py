"""What a chat's link shows, and whether a link still opens.  (pure)

A chat's board (`bảng`) and calendar feed (`lịch`) show what the chat itself may look at, by the rule the
chat's lists follow (plan_data.permissions.sees_every_unit): the chairman and the focal point, their commune;
any other unit, its own tasks (permissions.is_own); the city's chat, every commune of its province, as its
chat's «tổng hợp» picks them (bot.core.city). A link opens until it expires or is revoked, whichever is first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from plan_data.permissions import Role, sees_every_unit

BOARD, FEED = "board", "feed"  # a link's kind: the board's pages (/b/…), or a calendar feed (/lich/….ics)
KINDS = (BOARD, FEED)
COMMUNE, UNIT, CITY = "commune", "unit", "city"
BOARD_DAYS = 30  # a board link's life by default (NHACVIEC_BOARD_DAYS)
# A feed is subscribed to once, in Google Calendar or Outlook, and fetched by their servers for months: one that
# stopped after 30 days would leave the calendar stale without a word. A year by default (NHACVIEC_FEED_DAYS).
FEED_DAYS = 365


@dataclass(frozen=True)
class Scope:
    """What a link shows: a commune's plan, one unit's own tasks in it, or every commune of a province."""

    kind: str  # "commune" | "unit" | "city"
    plan_id: int | None  # the commune's plan (commune, unit); None for city
    unit_code: str | None  # unit only
    province: str | None  # city only (as the city view picks its communes)


def scope_of(role: Role, plan_id: int, unit_code: str, province: str) -> Scope:
    """What a chat of this role, bound to this unit of this plan, may see."""
    if role is Role.CITY:
        return Scope(CITY, None, None, province)
    if sees_every_unit(role):
        return Scope(COMMUNE, plan_id, None, None)
    return Scope(UNIT, plan_id, unit_code, None)


def has_calendar(scope: Scope) -> bool:
    """A feed holds one commune's dates (the whole plan, or a unit's own tasks): the city has none of its own."""
    return scope.kind != CITY


def lifetime(kind: str, board_days: int = BOARD_DAYS, feed_days: int = FEED_DAYS) -> timedelta:
    return timedelta(days=feed_days if kind == FEED else board_days)


def opens(expires_at: datetime, revoked_at: datetime | None, now: datetime) -> bool:
    """A link opens before its expiry, unless it was revoked."""
    return revoked_at is None and now < expires_at
