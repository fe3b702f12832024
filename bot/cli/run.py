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

from bot.channels.console import ask_name, choose_commune, choose_unit, run_console
from bot.cli import texts as cli_texts
from bot.cli.demo import shown_database
from bot.core import texts
from bot.ops.logs import setup_logging
from bot.ops.settings import Settings, webhook_secret_ok
from jobs.dispatch import Sender
from jobs.due import reminders_between
from jobs.notices import reminder_message
from plan_data.figures import Period, plan_figures
from plan_data.status import current, on_time, status_of
from plan_data.zone import VN, local_day
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.models import Task
from storage.queries import pick_plan, plan_tasks, unit_by_code

Clock = Callable[[], datetime]


def cmd_run(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    setup_logging(settings.log_level, settings.secrets(), settings.log_format)
    sessions = make_sessions(make_engine(settings.database_url))
    if (settings.has_telegram or settings.has_zalo) and not args.console:
        return run_channels(settings, sessions, clock)  # a demo date was refused before (bot/cli/demo.py)
    try:
        return console(args, settings, sessions, clock)
    except KeyboardInterrupt:  # Ctrl+C at any prompt ends the chat as «thoát» does: no traceback, no make error
        print()
        return 0


def console(args: argparse.Namespace, settings: Settings, sessions, clock: Clock) -> int:
    """The console chat: which commune and unit, who types, then the chat until «thoát» or end of input."""
    url = settings.database_url
    print(texts.CONSOLE_DATABASE.format(url=shown_database(url)), file=sys.stderr)
    if getattr(args, "demo", False):
        moment = clock()
        print(cli_texts.CONSOLE_DEMO.format(day=texts.day_with_weekday(moment.date()), time=f"{moment:%H:%M}",
                                            url=shown_database(url)))
    commune = choose_commune(sessions, args.commune, input, sys.stdout)
    code = None if commune is None else choose_unit(sessions, commune, args.as_unit, input, sys.stdout)
    if code is None:  # end of input (Ctrl+D) before a unit was chosen: the person left
        print()
        return 0
    user = ask_name(input) if sys.stdin.isatty() else None
    return run_console(sessions, clock, commune, code, files_dir=Path(settings.files_dir), user=user)


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
    """Starts the channels, then one reminder engine that sends through all of them, and the HTTP server
    (Telegram's webhook, /healthz, /readyz, /metrics: bot.ops.health)."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.channels import zalo
    from bot.ops.health import Channel, Health, ObservedEngine, watch_loop
    from bot.ops.http_server import HttpServer
    from jobs.engine import settle_heap

    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    health = Health(sessions, clock, settings.zalo_monthly_budget if settings.has_zalo else None)
    server = HttpServer(health.routes())
    async with AsyncExitStack() as stack:
        senders: dict[str, Sender] = {}
        if settings.has_telegram:
            senders["telegram"] = await stack.enter_async_context(
                telegram_running(settings, sessions, clock, server, health))
        if settings.has_zalo:
            senders["zalo"] = await stack.enter_async_context(zalo.running(settings, sessions, clock))
            api = senders["zalo"].api
            health.channels.append(Channel("zalo", "webhook" if settings.zalo_webhook_url else "polling",
                                           lambda: api.last_answer))
        await _start_http(settings, server, stack)
        watcher = asyncio.create_task(watch_loop())
        stack.callback(watcher.cancel)
        scheduler = AsyncIOScheduler(timezone=VN)
        engine = ObservedEngine(sessions, clock, senders, health=health)
        engine.schedule(scheduler)
        scheduler.start()
        stack.callback(scheduler.shutdown, wait=False)
        settle_heap()
        await stop.wait()
        await engine.stop()  # the message in flight is finished and every other claim given back, before the channels close


async def _start_http(settings: Settings, server, stack: AsyncExitStack) -> None:
    """On the webhook's address with a Telegram webhook; else on NHACVIEC_HEALTH_PORT, if set."""
    if settings.has_telegram and settings.webhook_url:
        host, port = settings.webhook_listen, settings.webhook_port
    elif settings.health_port is not None:
        host, port = settings.health_listen, settings.health_port
    else:
        return
    bound = await server.start(host, port)
    stack.push_async_callback(server.stop)
    logging.getLogger(__name__).info("HTTP server on %s:%d (%s)", host, bound, ", ".join(sorted(server.routes)))


@asynccontextmanager
async def telegram_running(settings: Settings, sessions, clock: Clock, server=None,
                           health=None) -> AsyncIterator[Sender]:
    """The Telegram application started by hand rather than by run_polling, which would take the whole
    loop for itself; yields the reminder engine's sender. A webhook is served by `server` (bot.ops.http_server),
    beside /healthz and /readyz."""
    from telegram import Update

    from bot.channels.telegram import TelegramSender, build_application
    from bot.channels.telegram_webhook import PATH, WatchedRequest, WebhookInbox, set_webhook
    from bot.channels.zalo import SetupError
    from bot.ops.health import Channel

    if settings.webhook_url and not webhook_secret_ok(
            settings.webhook_secret.get_secret_value() if settings.webhook_secret else None):
        raise SetupError(texts.TELEGRAM_SECRET_NEEDED)
    polls = WatchedRequest(connection_pool_size=1)
    app = build_application(settings, sessions, clock, updates_request=polls)
    async with app:
        await app.post_init(app)  # the command menu (set_menu)
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        if settings.webhook_url and server is not None:
            inbox = WebhookInbox(app, secret)
            server.routes[PATH] = inbox.route()
            await set_webhook(app, settings.webhook_url, secret)
            seen = lambda: inbox.last_post  # noqa: E731
        elif settings.webhook_url:  # no server of ours (a caller of this function alone): PTB's own
            await app.updater.start_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                                            url_path="telegram", webhook_url=settings.webhook_url,
                                            secret_token=secret, allowed_updates=Update.ALL_TYPES)
            seen = lambda: None  # noqa: E731
        else:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            seen = lambda: polls.last_answer  # noqa: E731
        if health is not None:
            health.channels.append(Channel("telegram", "webhook" if settings.webhook_url else "polling", seen))
        await app.start()
        try:
            yield TelegramSender(app.bot)
        finally:
            if app.updater.running:
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
    today = local_day(clock())
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        rows = [status_row(t, today, plan.year) for t in plan_tasks(session, plan)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(texts.STATUS_HEADER)
    for row in rows:
        done = ""
        if row["done_at"]:
            done = f" · xong {texts.day(datetime.fromisoformat(row['done_at']).date())} ({row['by']})"
        print(f"{row['task']:>8}  {row['lead']:<6} {texts.STATUS_NAMES[row['status']]}"
              f"{' ' + str(row['progress']) + '%' if row['status'] == 'in-progress' else ''}{done}")
    return 0


def cmd_simulate(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """Every message the real policy would send between two dates, on a virtual clock: each with its text
    as it would read then (`--brief`: one line each; `--json`: one JSON object each)."""
    if args.end < args.start:
        print(texts.SIMULATE_REVERSED.format(start=texts.day(args.start), end=texts.day(args.end)), file=sys.stderr)
        return 2
    start = datetime.combine(args.start, time(0), tzinfo=VN)
    end = datetime.combine(args.end + timedelta(days=1), time(0), tzinfo=VN)
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        found = reminders_between(session, [(plan, start, end)],
                                  assume=lambda s: replace(s, done_on=s.due if args.done_on_due else None))[plan.id]
        for reminder in found:
            row = {"at": reminder.at.isoformat(), "chat": reminder.chat, "task": reminder.task, "kind": reminder.kind}
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            elif args.brief:
                print(f"{reminder.at:%d/%m/%Y %H:%M}  {reminder.chat:<8} {reminder.task or '—':<8} {reminder.kind}")
            else:
                message = reminder_message(session, reminder.kind, reminder.occurrence_id, plan.id, reminder.at)
                print(f"── {reminder.at:%H:%M} {texts.day_with_weekday(reminder.at.date())} → {reminder.chat}")
                print(message.text if message else "—")
    if not args.json:
        print(texts.SIMULATED.format(count=len(found), start=texts.day(args.start), end=texts.day(args.end)))
    return 0
