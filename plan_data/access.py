"""What a chat's link shows, and whether a link still opens.  (pure)

A chat's board (`bảng`) and calendar feed (`lịch`) show what the chat itself may look at, by the rule the
chat's lists follow (plan_data.permissions.sees_every_unit): the chairman and the focal point, their commune;
any other unit, its own tasks (permissions.is_own); the city's chat, the communes of its reach (`city_reach`:
every commune of its tenant, as its chat's «tổng hợp» picks them, bot.core.city). A link opens until it expires or
is revoked, whichever is first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from plan_data.permissions import Role, sees_every_unit
from plan_data.tenants import DEFAULT, in_tenant

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
    province: str | None  # city only: the city chat's own province (its reach in the deployment's own tenant)
    tenant: str = DEFAULT  # the tenant of the chat's plan: the city's sees its communes (city_reach)


def scope_of(role: Role, plan_id: int, unit_code: str, province: str, tenant: str = DEFAULT) -> Scope:
    """What a chat of this role, bound to this unit of this plan (of this province and tenant), may see."""
    if role is Role.CITY:
        return Scope(CITY, None, None, province, tenant)
    if sees_every_unit(role):
        return Scope(COMMUNE, plan_id, None, None, tenant)
    return Scope(UNIT, plan_id, unit_code, None, tenant)


@dataclass(frozen=True)
class Reach:
    """The communes the city's role oversees: the plans of one tenant that year, and of one province when
    `province` is set. What the city's chat, its board page and the commune pages under it show, and nothing else."""

    tenant: str
    province: str | None  # None: every province of the tenant
    year: int

    def holds(self, tenant: str | None, province: str, year: int) -> bool:
        """Whether a plan of this tenant, province and year is one of the reach's communes."""
        return in_tenant(tenant, self.tenant) and year == self.year and self.province in (None, province)


def city_reach(tenant: str, province: str | None, year: int) -> Reach:
    """The province role's reach: every commune of its tenant, none of another's. The deployment's own tenant
    keeps the rule of before tenants, its own province: its plans may span provinces that no operator grouped."""
    return Reach(tenant, province if tenant == DEFAULT else None, year)


def has_calendar(scope: Scope) -> bool:
    """A feed holds one commune's dates (the whole plan, or a unit's own tasks): the city has none of its own."""
    return scope.kind != CITY


def lifetime(kind: str, board_days: int = BOARD_DAYS, feed_days: int = FEED_DAYS) -> timedelta:
    return timedelta(days=feed_days if kind == FEED else board_days)


def opens(expires_at: datetime, revoked_at: datetime | None, now: datetime) -> bool:
    """A link opens before its expiry, unless it was revoked."""
    return revoked_at is None and now < expires_at
