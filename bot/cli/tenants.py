"""`nhacviec tenant list | assign` and the tenant of `plan import --tenant` and `invite`: the tenants of the
file NHACVIEC_TENANTS_FILE (bot.ops.tenants) beside those the database holds (storage.tenancy). A bot is shown
by its key only (plan_data.tenants.bot_key), never by its token."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.cli import texts
from bot.ops.settings import Settings
from bot.ops.tenants import Tenant, TenantsError
from plan_data.tenants import DEFAULT
from storage import tenancy
from storage.db import make_engine, make_sessions
from storage.models import Plan

Clock = Callable[[], datetime]


def add_tenant_commands(commands: argparse._SubParsersAction) -> None:
    tenant = commands.add_parser("tenant", help="các tỉnh (tenant) dùng bot riêng: xem, chuyển kế hoạch sang")
    jobs = tenant.add_subparsers(required=True, metavar="VIỆC")
    jobs.add_parser("list", help="mỗi tỉnh: tên, số kế hoạch, số nhóm đã liên kết, các bot (theo số bot)") \
        .set_defaults(handler=cmd_tenant_list)
    assign = jobs.add_parser("assign", help="chuyển các kế hoạch của một tỉnh hoặc một xã sang một tenant")
    assign.add_argument("key", metavar="MÃ", help="mã tenant trong tệp NHACVIEC_TENANTS_FILE, ví dụ hai-phong")
    which = assign.add_mutually_exclusive_group(required=True)
    which.add_argument("--province", metavar="TỈNH", help="mọi kế hoạch của tỉnh (tên như khi nạp)")
    which.add_argument("--commune", metavar="XÃ", help="kế hoạch của một xã")
    assign.add_argument("--year", type=int, metavar="NĂM", help="chỉ kế hoạch năm này (mặc định: mọi năm)")
    assign.set_defaults(handler=cmd_tenant_assign)


def file_tenants(settings: Settings) -> list[Tenant] | None:
    """The file's tenants; None (said on stderr) when the file cannot be used."""
    try:
        return settings.tenants()
    except TenantsError as problem:
        print(problem, file=sys.stderr)
        return None


def known(settings: Settings, key: str) -> Tenant | None:
    """The file's tenant of this key; None, the known keys said, otherwise."""
    tenants = file_tenants(settings)
    if tenants is None:
        return None
    found = next((t for t in tenants if t.key == key.strip().lower()), None)
    if found is None:
        print(texts.TENANT_UNKNOWN.format(key=key, known=", ".join(t.key for t in tenants) or "—"), file=sys.stderr)
    return found


def bots_shown(tenant: Tenant | None) -> str:
    if tenant is None:
        return texts.TENANT_DEFAULT_BOTS
    return ", ".join(f"bot {bot.ref.platform} {bot.ref.key}" for bot in tenant.bots) or texts.TENANT_NO_BOT


def cmd_tenant_list(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    tenants = file_tenants(settings)
    if tenants is None:
        return 2
    with make_sessions(make_engine(settings.database_url))() as session:
        held = tenancy.held(session)
    named = {t.key: t for t in tenants}
    keys = sorted(set(named) | set(held), key=lambda k: (k != DEFAULT, k))
    if keys == [DEFAULT] or not keys:
        print(texts.TENANT_NONE)
    for key in keys:
        tenant, have = named.get(key), held.get(key, tenancy.Held())
        print(texts.TENANT_LINE.format(key=key or "(chung)", name=tenant.name if tenant else texts.TENANT_DEFAULT_NAME,
                                       plans=have.plans, chats=have.chats, bots=bots_shown(tenant)))
    return 0


def cmd_tenant_assign(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    tenant = known(settings, args.key)
    if tenant is None:
        return 2
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plans = tenancy.chosen(session, province=args.province, commune=args.commune, year=args.year)
        if not plans:
            what = args.province or args.commune
            print(texts.TENANT_NO_PLAN.format(what=f"«{what}»" + (f" năm {args.year}" if args.year else "")),
                  file=sys.stderr)
            return 2
        names = ", ".join(f"{p.commune} {p.year}" for p in plans)
        relink = join(session, plans, tenant)
    print(texts.TENANT_ASSIGNED.format(count=len(plans), name=tenant.name, key=tenant.key, plans=names))
    say_relink(relink, tenant)
    return 0


def join(session: Session, plans: list[Plan], tenant: Tenant) -> int:
    """The plans join the tenant: how many of their chats must be linked again through its bots."""
    return tenancy.assign(session, plans, tenant.key, [bot.ref.key for bot in tenant.bots])


def say_relink(count: int, tenant: Tenant) -> None:
    if count:
        print(texts.TENANT_RELINK.format(count=count, name=tenant.name))


def invite_line(settings: Settings, plan_tenant: str) -> str | None:
    """Which tenant's bot an invite of a plan of this tenant is typed to; None when the deployment has no
    tenants (the only bots are its own, as before)."""
    tenants = file_tenants(settings) or []
    if not tenants:
        return None
    tenant = next((t for t in tenants if t.key == plan_tenant), None)
    name = tenant.name if tenant else texts.TENANT_DEFAULT_NAME
    return texts.INVITE_TENANT.format(name=name, bots=bots_shown(tenant))
