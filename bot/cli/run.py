"""`nhacviec run`, `invite` and `status`: the commands that deal with chats rather than plan files."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from bot.channels.channel import Served, SetupError, engine_pace
from bot.channels.registry import served, terminal
from bot.cli import texts as cli_texts
from bot.cli.demo import shown_database
from bot.cli.tenants import invite_line
from bot.core import texts
from bot.files.builders import meeting_file
from bot.ops.logs import setup_logging
from bot.ops.settings import Settings
from bot.ops.tenants import TenantsError
from jobs.due import reminders_between
from jobs.notices import reminder_message
from plan_data.figures import Period, plan_figures
from plan_data.light import Risk, light_of, risk_of
from plan_data.status import OPEN_STATES, current, on_time, status_of
from plan_data.zone import VN, local_day
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.models import Task
from storage.queries import pick_plan, plan_tasks, unit_by_code

Clock = Callable[[], datetime]


def cmd_run(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    setup_logging(settings.log_level, settings.secrets(), settings.log_format)
    try:
        chosen = [] if args.console else served(settings)
    except TenantsError as problem:  # nothing is served with a broken tenants' file: every problem is named
        print(problem, file=sys.stderr)
        return 2
    sessions = make_sessions(make_engine(settings.database_url))
    if chosen:  # a demo date was refused before (bot/cli/demo.py)
        return run_channels([channel(settings, sessions, clock) for channel in chosen], settings, sessions, clock)
    try:
        return console(args, settings, sessions, clock)
    except KeyboardInterrupt:  # Ctrl+C at any prompt ends the chat as «thoát» does: no traceback, no make error
        print()
        return 0


def console(args: argparse.Namespace, settings: Settings, sessions, clock: Clock) -> int:
    """The terminal's chat (bot.channels.registry.terminal), after which database it works on."""
    url = settings.database_url
    print(texts.CONSOLE_DATABASE.format(url=shown_database(url)), file=sys.stderr)
    if getattr(args, "demo", False):
        moment = clock()
        print(cli_texts.CONSOLE_DEMO.format(day=texts.day_with_weekday(moment.date()), time=f"{moment:%H:%M}",
                                            url=shown_database(url)))
    chat = terminal()(settings, sessions, clock)
    with _board_beside(settings, sessions, clock):  # «bảng» and «lịch» give links that open meanwhile
        return chat.converse(args.commune, args.as_unit)


@contextmanager
def _board_beside(settings: Settings, sessions, clock: Clock) -> Iterator[None]:
    """The board and the feeds served from a thread while the console's chat runs, when their links are on."""
    from bot.web.server import WebServer, in_thread
    from bot.web.site import add_site

    server = WebServer()
    try:
        on = add_site(server, sessions, settings, clock)
    except OSError as problem:  # the port is taken: the chat works without its board
        print(texts.BOARD_PORT_TAKEN.format(port=settings.web_port, problem=problem.strerror), file=sys.stderr)
        on = False
    if not on:
        yield
        return
    with in_thread(server):
        print(texts.BOARD_SERVED.format(url=settings.public_url.rstrip("/")), file=sys.stderr)
        yield


def run_channels(channels: list[Served], settings: Settings, sessions, clock: Clock) -> int:
    """The served channels in one asyncio loop, with the reminder engine, until Ctrl+C or SIGTERM."""
    try:
        asyncio.run(serve(channels, settings, sessions, clock))
    except SetupError as problem:
        print(problem, file=sys.stderr)
        return 2
    except Exception:  # e.g. InvalidToken, whose text holds the token: only the redacting log may print it
        logging.getLogger(__name__).exception("the bot stopped")
        return 1
    return 0


async def serve(channels: list[Served], settings: Settings, sessions, clock: Clock) -> None:
    """Starts the channels, then one reminder engine that sends through all of them, and the web server
    (a channel's webhook, the files' links, /healthz, /readyz, /metrics: bot.web.server)."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.ops.health import Health, ObservedEngine, watch_loop
    from bot.web.server import WebServer
    from bot.web.site import add_site
    from jobs.engine import settle_heap

    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    health = Health(sessions, clock)
    server = WebServer(health.routes())
    async with AsyncExitStack() as stack:
        stack.push_async_callback(server.stop)  # the sockets a channel bound are closed, also after a failed start
        for channel in channels:
            stack.push_async_callback(channel.stop)  # also after a start that failed half-way
            await channel.start(server)
            health.channels.extend(channel.watches())
        if settings.health_port is not None:
            server.listen(settings.health_listen, settings.health_port)
        add_site(server, sessions, settings, clock)  # the board and the feeds, when their links are on
        await server.start()  # on every port asked for: the webhooks', the health port; none asked, no server
        stack.push_async_callback(server.stop)  # and first of all: no post is taken that a stopped channel would drop
        watcher = asyncio.create_task(watch_loop())
        stack.callback(watcher.cancel)
        scheduler = AsyncIOScheduler(timezone=VN)
        engine = ObservedEngine(sessions, clock, senders_by_route(channels),
                                pace=engine_pace(channel.limits for channel in channels), health=health,
                                agenda=meeting_file)
        engine.schedule(scheduler)
        scheduler.start()
        stack.callback(scheduler.shutdown, wait=False)
        settle_heap()
        await stop.wait()
        await engine.stop()  # the message in flight is finished and every other claim given back, before the channels close


def senders_by_route(channels: list[Served]) -> dict:
    """The reminder engine's senders, each bot's by its route (plan_data.tenants.route): "telegram" and "zalo"
    for the deployment's own bots, as before tenants, "telegram/<key>" for a tenant's."""
    return {route: sender for channel in channels for route, sender in channel.senders().items()}


def cmd_invite(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        unit = unit_by_code(session, plan.id, args.unit.strip().lower())
        if unit is None or unit.kind == "external":
            codes = ", ".join(u.code for u in plan.units if u.kind != "external")
            print(f"Không có đơn vị «{args.unit}». Các mã: {codes}", file=sys.stderr)
            return 2
        people = getattr(args, "people", None) or 0
        invite = create_invite(session, unit, clock(), people)
        expires = invite.expires_at.astimezone(clock().tzinfo)
        if args.json:
            print(json.dumps({"code": invite.code, "unit": unit.code, "commune": plan.commune,
                              "expires_at": expires.isoformat(), "people": people}, ensure_ascii=False))
        else:
            print((texts.INVITE_PEOPLE_DONE if people else texts.INVITE_DONE).format(
                unit=unit.name, code=invite.code, people=people, expires=expires.strftime("%H:%M %d/%m/%Y")))
            whose = invite_line(settings, plan.tenant)  # a tenant's code opens only through its own bots
            if whose:
                print(whose)
    return 0


def status_row(task: Task, today: date, year: int, risk: Risk) -> dict[str, object]:
    """A task's state for scripts: for a recurring task, the state of its current occurrence (the one «xong»
    closes) and its light (red, amber, green); `items`: what the task counts for in the year's figures
    (plan_data.figures.counted), the same items, states and lights as «tổng hợp», the chart and the workbook."""
    occurrence = current(task.occurrences)
    status = status_of(occurrence, task.kind, today)
    items, _figures = plan_figures([task], today, Period.year(year), risk=risk)
    return {"task": task.number, "lead": task.responsible.code, "section": task.section, "status": status.value,
            "light": light_of(occurrence, task.kind, today, risk).value,
            "on_time": on_time(occurrence), "progress": occurrence.progress,
            "done_at": occurrence.done_at.astimezone(VN).isoformat() if occurrence.done_at else None,
            "by": occurrence.done_by,
            "items": [{"label": i.occurrence.label, "status": i.status.value, "on_time": i.on_time,
                       "light": i.light.value} for i in items]}


def cmd_status(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    today = local_day(clock())
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        rows = [status_row(t, today, plan.year, risk_of(plan)) for t in plan_tasks(session, plan)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(texts.STATUS_HEADER)
    for row in rows:
        done = ""
        if row["done_at"]:
            done = f" · xong {texts.day(datetime.fromisoformat(row['done_at']).date())} ({row['by']})"
        progress = f" {row['progress']}%" if row["progress"] and row["status"] in OPEN_STATES else ""
        print(f"{row['task']:>8}  {row['lead']:<6} {texts.state_icon(row['status'], row['light'])} "
              f"{texts.state_name(row['status'], row['light'])}{progress}{done}")
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
                message = reminder_message(session, reminder.kind, reminder.occurrence_id, plan.id, reminder.at,
                                           reminder.chat, meeting_file)
                print(f"── {reminder.at:%H:%M} {texts.day_with_weekday(reminder.at.date())} → {reminder.chat}")
                print(message.text if message else "—")
                for file in message.files if message else ():
                    print(f"  📎 {file.caption or file.name} ({file.name})")
    if not args.json:
        print(texts.SIMULATED.format(count=len(found), start=texts.day(args.start), end=texts.day(args.end)))
    return 0
