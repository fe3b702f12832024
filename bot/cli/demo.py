"""The demo: any command that reads or changes a plan, run as on a day of the plan's year (`--date`, or
NHACVIEC_TODAY), on the demo's own database.

The rules, as a user reads them in the README:
- the demo database sits beside the real one (var/nhacviec.db -> var/nhacviec-thu.db; with PostgreSQL, a
  SQLite file var/nhacviec-thu.db in the data folder); it is set up with the bundled plan the first time;
- every command with --date (init, run, simulate, plan, schedule, status, report, calendar, chart, when) uses
  it, so a plan imported with --date is the one the console with --date finds;
- the console's files go to a folder of their own (var/files/thu/), never over the real ones;
- nothing reaches a real chat: the bots refuse a demo date, and the commands of real chats and of the server
  (invite, doctor, backup, restore) refuse NHACVIEC_TODAY.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.channels.registry import served
from bot.cli import texts
from bot.core.texts import day_with_weekday
from bot.ops.settings import Settings
from storage.db import demo_url, make_engine, make_sessions

DEMO_FILES = "thu"  # the console's files of a demo, under NHACVIEC_FILES_DIR


def demo_moment(args: argparse.Namespace, settings: Settings) -> datetime | None:
    """The moment the command is run as: --date, else NHACVIEC_TODAY, else None (the real clock)."""
    return getattr(args, "date", None) or settings.demo_now


def demo_refusal(args: argparse.Namespace, settings: Settings) -> str | None:
    """Why this command cannot run on a demo date, or None."""
    if not getattr(args, "takes_demo", False):
        return texts.DEMO_NOT_HERE.format(command=args.command)
    if args.command == "run" and served(settings) and not args.console:
        return texts.DEMO_NOT_FOR_BOTS
    if shown_database(demo_database(settings)) == shown_database(settings.database_url):
        return texts.DEMO_SAME_DATABASE
    return None


def demo_database(settings: Settings) -> str:
    """NHACVIEC_DEMO_DATABASE_URL, or the file beside the real SQLite database (storage.db.demo_url)."""
    return settings.demo_database_url or demo_url(settings.database_url)


def demo_settings(settings: Settings) -> Settings:
    """The settings of a demo: its own database and its own files' folder."""
    return settings.model_copy(update={"database_url": demo_database(settings),
                                       "files_dir": str(Path(settings.files_dir) / DEMO_FILES)})


def shown_database(url: str) -> str:
    """A SQLite database as its file's path (what a person looks for); any other as its URL, no password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return str(Path(parsed.database).resolve())
    return parsed.render_as_string(hide_password=True)


def moment_text(moment: datetime) -> str:
    return f"{day_with_weekday(moment.date())} {moment:%H:%M}"


def announce(args: argparse.Namespace, settings: Settings, moment: datetime) -> None:
    """One line on stderr (JSON on stdout stays clean): the demo's moment and database. The console says it
    in its own welcome."""
    if args.command != "run":
        print(texts.DEMO_NOTE.format(moment=moment_text(moment), url=shown_database(settings.database_url)),
              file=sys.stderr)


def ensure_demo_database(settings: Settings, clock: Callable[[], datetime]) -> None:
    """The demo's own database, set up with the bundled plan the first time it is used."""
    from plan_data.readers.importer import BUNDLED_PLAN, read_plan
    from storage.loader import load_plan
    from storage.migrate import upgrade
    from storage.models import Plan

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with make_sessions(engine).begin() as session:
            if session.scalars(select(Plan).limit(1)).first() is None:
                load_plan(session, read_plan(BUNDLED_PLAN), clock())
    finally:
        engine.dispose()


def missing_plan(settings: Settings, commune: str | None) -> str | None:
    """When a demo command names a commune the demo database does not have: where the demo database is, what
    it has, and how to load the plan into it. None otherwise."""
    from storage.models import Plan
    from storage.queries import commune_key

    if not commune:
        return None
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine).begin() as session:
            plans = list(session.execute(select(Plan.commune, Plan.year).order_by(Plan.commune, Plan.year)))
    finally:
        engine.dispose()
    if any(commune_key(name) == commune_key(commune) for name, _ in plans):
        return None
    return texts.DEMO_NO_PLAN.format(url=shown_database(settings.database_url), commune=commune.strip(),
                                     plans=", ".join(f"{name} {year}" for name, year in plans) or "—")
