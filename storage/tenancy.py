"""The tenants as the database holds them (plan_data.tenants): each tenant's plans and bound chats, and plans
moved to a tenant (`nhacviec tenant assign`, `plan import --tenant`). A tenant's bots are the settings', never
the database's: here a bot is only the key a chat was bound through (chat_bindings.bot)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.bindings import forget
from storage.models import ChatBinding, Plan


@dataclass(frozen=True)
class Held:
    """What a tenant holds in the database."""

    plans: int = 0
    chats: int = 0  # active bindings to units of its plans


def held(session: Session) -> dict[str, Held]:
    """Each tenant with a plan: how many plans and bound chats."""
    plans = dict(session.execute(select(Plan.tenant, func.count()).group_by(Plan.tenant)).tuples().all())
    chats = dict(session.execute(select(Plan.tenant, func.count()).join(ChatBinding, ChatBinding.plan_id == Plan.id)
                                 .where(ChatBinding.active.is_(True)).group_by(Plan.tenant)).tuples().all())
    return {tenant: Held(count, chats.get(tenant, 0)) for tenant, count in plans.items()}


def chosen(session: Session, *, province: str | None = None, commune: str | None = None,
           year: int | None = None) -> list[Plan]:
    """The plans of a province, or of a commune (by its name as imported), of a year or of every year."""
    query = select(Plan).order_by(Plan.commune, Plan.year)
    if province is not None:
        query = query.where(Plan.province == province)
    if commune is not None:
        query = query.where(Plan.commune == commune)
    if year is not None:
        query = query.where(Plan.year == year)
    return list(session.scalars(query))


def assign(session: Session, plans: Collection[Plan], tenant: str, bots: Collection[str]) -> int:
    """The plans join the tenant (their figures' rows bumped by the Session's events). Their chats bound through
    a bot that is not one of `bots` (the tenant's keys) are set inactive, as a chat that removed the bot: that bot
    no longer speaks for these plans (their updates through it are refused), so it must not remind them either;
    each is linked again through the tenant's bot (a new code), which makes it active. Returns how many."""
    for plan in plans:
        plan.tenant = tenant
    session.flush()
    ids = [plan.id for plan in plans]
    if not ids:
        return 0
    stranded = list(session.scalars(select(ChatBinding).where(
        ChatBinding.plan_id.in_(ids), ChatBinding.active.is_(True), ChatBinding.bot.not_in(list(bots)))))
    for binding in stranded:
        forget(session, binding.platform, binding.chat_id)
        binding.active = False
    session.flush()
    return len(stranded)
