"""`nhacviec doctor`: checks what a running bot needs and says, in Vietnamese, what is wrong and how to fix it.

The tenants' file first (bot.ops.tenants), then each channel's checks, its own (bot.channels.channel: the
platform over the network, for each of its bots, named by tenant and key, and what it keeps in the database,
after the plans); the command line hands the channels in. The rest reads the
database and this machine. Nothing here changes anything.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol, TextIO
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.ops import texts as t
from bot.ops.findings import Finding
from plan_data.units.spec import CITY_ROLE

ZONE = "Asia/Ho_Chi_Minh"
CLOCK_TOLERANCE = 5.0  # seconds: a reminder at 08:00:05 is still on time


class ChannelChecks(Protocol):
    """A channel's own checks (bot.channels.channel.Channel), whether or not it is configured."""

    async def remote_findings(self, settings) -> list[Finding]: ...

    def stored_findings(self, session: Session, now: datetime, settings) -> list[Finding]: ...


def run_doctor(settings, clock: Callable[[], datetime], commune: str | None, out: TextIO,
               channels: Sequence[ChannelChecks]) -> int:
    """Every check, printed as it is found; 1 when any is an error."""
    now = clock()
    print(t.DOCTOR_HEAD.format(now=now.strftime("%H:%M %d/%m/%Y")), file=out)
    findings = tenants_findings(settings) + asyncio.run(remote_findings(settings, channels))
    findings += local_findings(settings, now, commune, channels)
    for finding in findings:
        print(f"{t.DOCTOR_MARK[finding.level]} {finding.text}", file=out)
        if finding.fix:
            print(t.DOCTOR_FIX.format(fix=finding.fix), file=out)
    counts = {level: sum(1 for f in findings if f.level == level) for level in ("ok", "warn", "error")}
    print(t.DOCTOR_SUMMARY.format(**counts), file=out)
    return 1 if counts["error"] else 0


def tenants_findings(settings) -> list[Finding]:
    """The tenants' file (NHACVIEC_TENANTS_FILE), when one is named: every problem of a broken one, one a line
    (`nhacviec run` refuses to start with them), else how many tenants and bots it gives."""
    from bot.ops.tenants import TenantsError

    if not settings.tenants_file.strip():
        return []
    try:
        tenants = settings.tenants()
    except TenantsError as problem:
        return [Finding("error", str(problem), t.TENANTS_BROKEN_FIX)]
    bots = sum(len(tenant.bots) for tenant in tenants)
    return [Finding("ok", t.TENANTS_OK.format(count=len(tenants), bots=bots))]


async def remote_findings(settings, channels: Sequence[ChannelChecks]) -> list[Finding]:
    """The channels' network checks, one channel after the other, in one event loop."""
    found: list[Finding] = []
    for channel in channels:
        found += await channel.remote_findings(settings)
    return found


def local_findings(settings, now: datetime, commune: str | None, channels: Sequence[ChannelChecks] = ()
                   ) -> list[Finding]:
    from storage.db import make_engine, make_sessions

    found = [timezone_data()]
    engine = make_engine(settings.database_url)
    try:
        database = database_findings(engine)
        found += database
        if any(f.level == "error" for f in database):
            return found
        with make_sessions(engine)() as session:
            found.append(clock_offset(session, now))
            found += plan_findings(session, now, commune, settings, channels)
    finally:
        engine.dispose()
    return found


def timezone_data() -> Finding:
    try:
        ZoneInfo(ZONE)
    except Exception as problem:  # ZoneInfoNotFoundError, or a broken tzdata
        return Finding("error", t.TZ_MISSING.format(zone=ZONE, error=problem), t.TZ_MISSING_FIX)
    return Finding("ok", f"Múi giờ {ZONE}: có dữ liệu.")


def database_findings(engine) -> list[Finding]:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config
    from storage.revisions import shown
    from storage.schema import known_revisions

    url = engine.url.render_as_string(hide_password=True)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
            server_zone = (connection.scalar(text("SHOW TimeZone"))
                           if engine.dialect.name == "postgresql" else None)
    except Exception as problem:  # any driver error: the text names it, the URL hides the password
        error = type(problem).__name__
        return [Finding("error", t.DB_UNREACHABLE.format(error=error), t.DB_UNREACHABLE_FIX)]
    if current is not None and current not in known_revisions():
        return [Finding("error", t.DB_UNKNOWN.format(revision=shown(current), head=head), t.DB_UNKNOWN_FIX)]
    if current != head:
        return [Finding("error", t.DB_BEHIND.format(revision=current or "trống", head=head), t.DB_BEHIND_FIX)]
    found = [Finding("ok", t.DB_OK.format(url=url, revision=current)), schema_finding(engine, head)]
    if server_zone is not None:
        found.append(Finding("info", t.DB_TZ.format(server=server_zone, zone=ZONE)))
    return found


def schema_finding(engine, revision: str) -> Finding:
    """The live schema against the migrations' own: a trigger or a view nobody made is an error, by name."""
    from storage.schema_live import live_problems

    try:
        problems = live_problems(engine, revision)
    except Exception as problem:  # e.g. PostgreSQL without CREATE on the database: the check is only skipped
        return Finding("info", t.DB_SCHEMA_UNCHECKED.format(error=type(problem).__name__))
    if problems:
        return Finding("error", t.DB_SCHEMA_BAD.format(problems=t.schema_differences(problems)), t.DB_SCHEMA_BAD_FIX)
    return Finding("ok", t.DB_SCHEMA_OK)


def plan_findings(session: Session, now: datetime, commune: str | None, settings,
                  channels: Sequence[ChannelChecks] = ()) -> list[Finding]:
    """Every plan in the database is checked (or the one --commune names), then what each channel keeps
    (the month's Zalo budget)."""
    from storage.models import Plan
    from storage.queries import PlanNotChosen, pick_plan

    every = list(session.scalars(select(Plan).order_by(Plan.commune, Plan.year)))
    if not every:
        return [Finding("error", t.NO_PLAN, t.NO_PLAN_FIX)]
    try:
        plans = [pick_plan(session, commune)] if commune else every
    except PlanNotChosen as problem:
        return [Finding("error", t.PLAN_PICK.format(error=problem))]
    found: list[Finding] = []
    for plan in plans:  # named when there are several: their fixes need --commune
        found += [f for f in one_plan_findings(session, plan, named=len(every) > 1) if f not in found]
    return found + [f for channel in channels for f in channel.stored_findings(session, now, settings)]


def one_plan_findings(session: Session, plan, named: bool) -> list[Finding]:
    """A plan's time zone, its year's days off (said once for plans that share them) and its chats, each
    chat line named with the plan when there are several."""
    from plan_data.policy import policy_of

    try:
        policy = policy_of(plan)
        ZoneInfo(plan.timezone)
    except Exception:
        return [Finding("error", t.TZ_PLAN_BAD.format(commune=plan.commune, year=plan.year, zone=plan.timezone),
                        t.TZ_PLAN_BAD_FIX)]
    prefix = t.PLAN_NAMED.format(commune=plan.commune, year=plan.year) if named else ""
    option = t.COMMUNE_OPTION.format(commune=plan.commune) if named else ""
    chats = [replace(f, text=prefix + f.text) for f in chat_findings(session, plan, option)]
    return holiday_findings(plan.year, policy.days_off, policy.working_days) + chats


def holiday_findings(year: int, days_off=(), working_days=()) -> list[Finding]:
    """The year's public holidays, and the swapped days: the package's, and the plan's own."""
    known = holidays.country_holidays("VN", years=year, language="vi")
    own = {d: str(n) for d, n in known.items() if d.year == year}
    if not own:
        return [Finding("error", t.HOLIDAYS_UNKNOWN.format(year=year), t.HOLIDAYS_UNKNOWN_FIX)]
    swapped_off = {d for d, name in own.items() if "thay cho" in name.lower()} | set(days_off)
    worked = {d for d in known.weekend_workdays if d.year == year} | set(working_days)
    swaps = sorted(swapped_off | worked)
    if not swaps:
        return [Finding("warn", t.HOLIDAYS_NO_SWAPS.format(year=year, count=len(own)),
                        t.HOLIDAYS_NO_SWAPS_FIX.format(year=year))]
    described = ", ".join(f"{d:%d/%m} ({'làm bù' if d in worked else 'nghỉ'})" for d in swaps)
    return [Finding("ok", t.HOLIDAYS_OK.format(year=year, count=len(own), swaps=described))]


def chat_findings(session: Session, plan, option: str = "") -> list[Finding]:
    from storage.models import ChatBinding

    bindings = list(session.scalars(select(ChatBinding).where(ChatBinding.plan_id == plan.id)
                                    .order_by(ChatBinding.id)))
    found: list[Finding] = []
    without: list[str] = []
    for unit in plan.units:
        if unit.kind == "external" or (unit.code == CITY_ROLE and not any(b.unit_id == unit.id for b in bindings)):
            continue  # the city's chat is optional: many communes have none
        mine = [b for b in bindings if b.unit_id == unit.id]
        active = [b for b in mine if b.active]
        for gone in (b for b in mine if not b.active):
            found.append(Finding("warn", t.CHATS_INACTIVE.format(title=gone.title or gone.chat_id, unit=unit.name),
                                 t.CHATS_INACTIVE_FIX.format(code=unit.code, option=option)))
        if active:
            chats = ", ".join(f"{b.platform} «{b.title or b.chat_id}»" for b in active)
            found.append(Finding("ok", t.CHATS_OK.format(unit=unit.name, code=unit.code, chats=chats)))
        else:
            without.append(f"{unit.name} ({unit.code})")
    if without:
        found.append(Finding("warn", t.CHATS_NONE.format(names="; ".join(without)),
                             t.CHATS_NONE_FIX.format(option=option)))
    return found


def clock_offset(session: Session, now: datetime) -> Finding:
    """Without the internet: the database server's clock (PostgreSQL on another machine), else what the
    Linux kernel knows of its own synchronisation (adjtimex)."""
    if session.bind.dialect.name == "postgresql":
        server = session.scalar(text("SELECT now()"))
        offset = (server - now).total_seconds()
        detail = t.CLOCK_DB.format(offset=offset)
        if abs(offset) > CLOCK_TOLERANCE:
            return Finding("warn", t.CLOCK_BAD.format(detail=detail), t.CLOCK_BAD_FIX)
        return Finding("ok", t.CLOCK_OK.format(detail=detail))
    synced = kernel_clock()
    if synced is None:
        return Finding("info", t.CLOCK_UNKNOWN)
    ok, error = synced
    if not ok:
        return Finding("warn", t.CLOCK_BAD.format(detail=t.CLOCK_UNSYNCED), t.CLOCK_BAD_FIX)
    if error > CLOCK_TOLERANCE:
        return Finding("warn", t.CLOCK_BAD.format(detail=t.CLOCK_SYNCED.format(error=error)), t.CLOCK_BAD_FIX)
    return Finding("ok", t.CLOCK_OK.format(detail=t.CLOCK_SYNCED.format(error=error)))


class _Timex(ctypes.Structure):
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long), ("freq", ctypes.c_long),
                ("maxerror", ctypes.c_long), ("esterror", ctypes.c_long), ("status", ctypes.c_int),
                ("constant", ctypes.c_long), ("precision", ctypes.c_long), ("tolerance", ctypes.c_long),
                ("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long), ("tick", ctypes.c_long),
                ("ppsfreq", ctypes.c_long), ("jitter", ctypes.c_long), ("shift", ctypes.c_int),
                ("stabil", ctypes.c_long), ("jitcnt", ctypes.c_long), ("calcnt", ctypes.c_long),
                ("errcnt", ctypes.c_long), ("stbcnt", ctypes.c_long), ("tai", ctypes.c_int),
                ("reserved", ctypes.c_int * 11)]


TIME_ERROR = 5  # adjtimex: the clock is not synchronised


def kernel_clock() -> tuple[bool, float] | None:
    """(synchronised?, estimated error in seconds) from adjtimex(2) in read-only mode; None off Linux."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        timex = _Timex()
        state = libc.adjtimex(ctypes.byref(timex))
    except (OSError, AttributeError):
        return None
    if state < 0:
        return None
    return state != TIME_ERROR, timex.esterror / 1_000_000


def zalo_quota_findings(session: Session, now: datetime, bots: Sequence[tuple[str, int]]) -> list[Finding]:
    """Each Zalo bot's month (its key, "" the deployment's own, and its monthly budget): the messages sent
    against the budget, and how many days what is left lasts at this month's rate (jobs.budget)."""
    import calendar

    from jobs.budget import NEAR_SHARE, days_it_lasts
    from jobs.quota import month_of, usage_of

    local = now.astimezone(ZoneInfo(ZONE))
    month_days = calendar.monthrange(local.year, local.month)[1]
    found: list[Finding] = []
    for bot, limit in bots:
        usage, month = usage_of(session, bot, now, limit), month_of(now)
        named = "Zalo: " + (t.ZALO_BOT_NAMED.format(bot=bot) if bot else "")
        if usage.remaining == 0:
            found.append(Finding("error", named + t.ZALO_BUDGET_SPENT.format(month=month).removeprefix("Zalo: "),
                                 t.ZALO_BUDGET_SPENT_FIX))
            continue
        lasts = days_it_lasts(usage, local.day, month_days - local.day)
        text_ = named + t.ZALO_BUDGET.format(month=month, sent=usage.sent, limit=limit,
                                             share=100 * usage.sent / limit).removeprefix("Zalo: ")
        text_ += t.ZALO_BUDGET_LASTS_MONTH if lasts is None else t.ZALO_BUDGET_LASTS.format(days=lasts)
        short = usage.sent >= limit * NEAR_SHARE or lasts is not None
        found.append(Finding("warn", text_, t.ZALO_BUDGET_NEAR_FIX) if short else Finding("ok", text_))
    return found

