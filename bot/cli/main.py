"""The `nhacviec` command: set up the database, read and load plans, show the schedule, run the bot.

The entry point only: the commands are listed in bot/cli/commands.py, the demo's rules are in
bot/cli/demo.py, and every problem a person can cause ends here as one Vietnamese sentence.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.channels.registry import read_settings
from bot.cli.clock import demo_clock, system_clock
from bot.cli.commands import build_parser
from bot.cli.demo import (
    announce,
    demo_moment,
    demo_refusal,
    demo_settings,
    ensure_demo_database,
    missing_plan,
)
from bot.cli.plans import schedule_row
from bot.core import texts
from bot.ops.settings import Settings
from storage.queries import PlanNotChosen
from storage.revisions import UnknownRevision, shown

__all__ = ["build_parser", "main", "schedule_row"]


def main(argv: Sequence[str] | None = None, clock: Callable[[], datetime] = system_clock) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = read_settings()
    except ValidationError as problem:  # a value in the environment or .env that cannot be read
        fields = ", ".join(str(e["loc"][0]) for e in problem.errors() if e.get("loc"))
        print(texts.BAD_SETTING.format(fields=fields or "?"), file=sys.stderr)
        return 2
    moment = demo_moment(args, settings)
    args.demo = moment is not None
    if args.demo:
        refused = demo_refusal(args, settings)
        if refused:
            print(refused, file=sys.stderr)
            return 2
        # a demo's changes and reminders never reach the database real chats are served from
        clock, settings = demo_clock(moment, clock), demo_settings(settings)
        announce(args, settings, moment)
    return run_command(args, settings, clock)


def run_command(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    """The command's handler; what a person can get wrong is said in one sentence, never a traceback."""
    try:
        if args.demo and args.command != "init":
            ensure_demo_database(settings, clock)
        return args.handler(args, settings, clock)
    except PlanNotChosen as problem:
        hint = missing_plan(settings, getattr(args, "commune", None)) if args.demo else None
        print(hint or problem, file=sys.stderr)
        return 2
    except UnknownRevision as problem:  # a database from a newer nhacviec, or a restored copy of one
        print(texts.DATABASE_UNKNOWN_REVISION.format(revision=shown(problem.revision), head=problem.head),
              file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as problem:  # `init` never run on it, or not since an update
        said = database_not_ready(settings.database_url, str(problem))
        if said is None:  # the schema is the code's: the problem is not the person's to mend
            raise
        print(said, file=sys.stderr)
        return 2
    except BrokenPipeError:  # `nhacviec schedule | head`
        return 0
    except KeyboardInterrupt:  # Ctrl+C during a long command: stopped, without a traceback
        print(file=sys.stderr)
        return 130


def database_not_ready(url: str, error: str) -> str | None:
    """Why a command could not read the database, when it is its schema: never set up, or older than this
    code (a missing table or column); None when the error is something else."""
    from storage.db import make_engine
    from storage.migrate import revisions

    engine = make_engine(url)
    try:
        current, head = revisions(engine)
    except (OperationalError, ProgrammingError):
        return None
    finally:
        engine.dispose()
    shown_url = make_url(url).render_as_string(hide_password=True)
    if current is not None and current != head:
        return texts.DATABASE_BEHIND.format(url=shown_url, revision=shown(current), head=head)
    if current is None or "no such table" in error or "does not exist" in error:  # as before: a table missing
        return texts.DATABASE_EMPTY.format(url=shown_url)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
