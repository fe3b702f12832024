"""`nhacviec run`, `invite` and `status`: the commands that deal with chats rather than plan files."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.channels.console import choose_unit, run_console
from bot.cli.logs import setup_logging
from bot.cli.settings import Settings
from bot.core import texts
from bot.files.build import calendar_file, report_file
from jobs.dispatch import Sender
from jobs.policy import due_reminders
from jobs.reminders import calendar, occurrence_states, policy_of
from plan_data.figures import Period, plan_figures, report_period
from plan_data.status import current, on_time, status_of
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.models import Task
from storage.queries import pick_plan, plan_tasks, unit_by_code

Clock = Callable[[], datetime]


def cmd_run(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    setup_logging(settings.log_level, settings.secrets())
    sessions = make_sessions(make_engine(settings.database_url))
    if (settings.has_telegram or settings.has_zalo) and not args.console:
        return run_channels(settings, sessions, clock)
    code = choose_unit(sessions, args.commune, args.as_unit, input, sys.stdout)
    if code is None:
        return 1
    return run_console(sessions, clock, args.commune, code, files_dir=Path(settings.files_dir))


def run_channels(settings: Settings, sessions, clock: Clock) -> int:
    """Telegram and Zalo, whichever have a token, in one asyncio loop, until Ctrl+C or SIGTERM."""
    from bot.channels.zalo import SetupError

    try:
        asyncio.run(serve(settings, sessions, clock))
    except SetupError as problem:
        print(problem, file=sys.stderr)
        return 2
    except Exception:  # e.g. InvalidToken, whose text holds the token: only the redacting log may print it
        logging.getLogger(__name__).exception("the bot stopped")
        return 1
    return 0


async def serve(settings: Settings, sessions, clock: Clock) -> None:
    """Starts the channels, then one reminder engine that sends through all of them."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.channels import zalo
    from jobs.scheduler import ReminderEngine

    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with AsyncExitStack() as stack:
        senders: dict[str, Sender] = {}
        if settings.has_telegram:
            senders["telegram"] = await stack.enter_async_context(telegram_running(settings, sessions, clock))
        if settings.has_zalo:
            senders["zalo"] = await stack.enter_async_context(zalo.running(settings, sessions, clock))
        scheduler = AsyncIOScheduler(timezone=VN)
        engine = ReminderEngine(sessions, clock, senders)
        engine.schedule(scheduler)
        scheduler.start()
        stack.callback(scheduler.shutdown, wait=False)
        await stop.wait()
        await engine.stop()  # the message in flight is finished and every other claim given back, before the channels close


@asynccontextmanager
async def telegram_running(settings: Settings, sessions, clock: Clock) -> AsyncIterator[Sender]:
    """The Telegram application started by hand rather than by run_polling, which would take the whole
    loop for itself; yields the reminder engine's sender."""
    from telegram import Update

    from bot.channels.telegram import TelegramSender, build_application

    app = build_application(settings, sessions, clock)
    async with app:
        await app.post_init(app)  # the command menu (set_menu)
        if settings.webhook_url:
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
            await app.updater.start_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                                            url_path="telegram", webhook_url=settings.webhook_url,
                                            secret_token=secret, allowed_updates=Update.ALL_TYPES)
        else:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        await app.start()
        try:
            yield TelegramSender(app.bot)
        finally:
            await app.updater.stop()
            await app.stop()


def cmd_invite(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        unit = unit_by_code(session, plan.id, args.unit.strip().lower())
        if unit is None or unit.kind == "external":
            codes = ", ".join(u.code for u in plan.units if u.kind != "external")
            print(f"Không có đơn vị «{args.unit}». Các mã: {codes}", file=sys.stderr)
            return 2
        invite = create_invite(session, unit, clock())
        expires = invite.expires_at.astimezone(clock().tzinfo)
        if args.json:
            print(json.dumps({"code": invite.code, "unit": unit.code, "commune": plan.commune,
                              "expires_at": expires.isoformat()}, ensure_ascii=False))
        else:
            print(texts.INVITE_DONE.format(unit=unit.name, code=invite.code,
                                           expires=expires.strftime("%H:%M %d/%m/%Y")))
    return 0


def status_row(task: Task, today: date, year: int | None = None) -> dict[str, object]:
    """A task's state for scripts: for a recurring task, the state of its current occurrence (the one «xong»
    closes); `items`: what the task counts for in the year's figures (plan_data.figures.counted), the same
    items as «tổng hợp», the chart and the workbook."""
    occurrence = current(task.occurrences)
    status = status_of(occurrence, task.kind, today)
    items, _figures = plan_figures([task], today, Period.year(year or today.year))
    return {"task": task.number, "lead": task.responsible.code, "section": task.section, "status": status.value,
            "on_time": on_time(occurrence), "progress": occurrence.progress,
            "done_at": occurrence.done_at.astimezone(VN).isoformat() if occurrence.done_at else None,
            "by": occurrence.done_by,
            "items": [{"label": i.occurrence.label, "status": i.status.value, "on_time": i.on_time} for i in items]}


def cmd_status(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    today = clock().astimezone(VN).date()
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        rows = [status_row(t, today, plan.year) for t in plan_tasks(session, plan)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        done = f" · xong {row['done_at'][:10]} ({row['by']})" if row["done_at"] else ""
        print(f"{row['task']:>8}  {row['lead']:<6} {texts.STATUS_NAMES[row['status']]}"
              f"{' ' + str(row['progress']) + '%' if row['status'] == 'in-progress' else ''}{done}")
    return 0


def cmd_simulate(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """Every message the real policy would send between two dates, on a virtual clock."""
    start = datetime.combine(args.start, time(0), tzinfo=VN)
    end = datetime.combine(args.end + timedelta(days=1), time(0), tzinfo=VN)
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        states, report_dues = occurrence_states(session, plan)
        policy = policy_of(plan)
    states = [replace(s, done_on=s.due if args.done_on_due else None) for s in states]
    found = due_reminders(states, start, end, policy, calendar(), report_dues)
    for reminder in found:
        row = {"at": reminder.at.isoformat(), "chat": reminder.chat, "task": reminder.task, "kind": reminder.kind}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{reminder.at:%d/%m/%Y %H:%M}  {reminder.chat:<8} {reminder.task or '—':<8} {reminder.kind}")
    if not args.json:
        print(texts.SIMULATED.format(count=len(found), start=texts.day(args.start), end=texts.day(args.end)))
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """The quarterly (or yearly) CCHC report as an .xlsx file."""
    today = args.as_of or clock().astimezone(VN).date()
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        quarter, as_of = report_period(plan.year, today, args.quarter, args.whole_year)
        if args.as_of:
            as_of = args.as_of
        file = report_file(session, plan, as_of, quarter)
    out = args.out or Path(file.name)
    out.write_bytes(file.data)
    print(f"{file.caption}: {out}")
    return 0


def cmd_calendar(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """Every deadline and report date as an .ics calendar."""
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        file = calendar_file(session, pick_plan(session, args.commune), clock())
    out = args.out or Path(file.name)
    out.write_bytes(file.data)
    print(f"{file.caption}: {out}")
    return 0
