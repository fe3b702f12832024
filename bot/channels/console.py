"""The console chat: the same commands on the same database, typed in a terminal as one unit or role.

What a newcomer tries first (`make run` without a Telegram token). Thin, like every channel; the terminal
kind of channel (bot.channels.channel.Terminal): it runs alone, in the foreground, never in the event loop
of the served channels, as a person's Ctrl+C at a prompt must end it at once.
"""

from __future__ import annotations

import getpass
import logging
import sys
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.channel import Clock, Limits
from bot.channels.outbox import with_commands
from bot.core import texts
from bot.core.access import OFF, Access
from bot.core.context import Incoming, Reply
from bot.core.service import respond
from bot.files.builders import meeting_file
from bot.ops.findings import Finding
from bot.ops.settings import ChannelSettings, Settings
from jobs.due import reminders_between
from jobs.messages import Message
from jobs.notices import reminder_message
from plan_data.zone import VN, local_day
from storage.db import data_home
from storage.invites import bind_directly
from storage.models import Plan, Unit
from storage.queries import commune_key, pick_plan, unit_by_code

log = logging.getLogger(__name__)
PLATFORM = "console"
QUIT = {"thoat", "thoát", "exit", "quit", "q"}
FILES_DIR = data_home() / "files"  # where the console chat puts the files a reply carries (NHACVIEC_FILES_DIR)


def choose_commune(sessions: sessionmaker[Session], commune: str | None, read: Callable[[str], str],
                   out: TextIO) -> str | None:
    """The commune to chat in: the one asked for, the only one, or one the person picks from the list."""
    with sessions.begin() as session:
        names = list(session.scalars(select(Plan.commune).order_by(Plan.commune)))
    if commune:
        return commune
    if len(names) <= 1:
        return names[0] if names else ""  # "": no plan yet; the chat says how to load one
    print(texts.CONSOLE_PICK_COMMUNE, file=out)
    for index, name in enumerate(names, 1):
        print(f"  {index:>3}. {name}", file=out)
    while True:
        try:
            typed = read("> ").strip()
        except EOFError:
            return None
        if typed.isdigit() and 1 <= int(typed) <= len(names):
            return names[int(typed) - 1]
        wanted = commune_key(typed)
        found = [name for name in names if commune_key(name) == wanted]
        if found:
            return found[0]
        print(texts.CONSOLE_BAD_COMMUNE.format(name=typed), file=out)


def ask_name(read: Callable[[str], str]) -> str:
    """Who is typing: their name goes into every change they make (the account name if they skip it)."""
    default = getpass.getuser()
    try:
        return read(texts.CONSOLE_ASK_NAME.format(default=default)).strip() or default
    except EOFError:
        return default


def choose_unit(sessions: sessionmaker[Session], commune: str | None, wanted: str | None,
                read: Callable[[str], str], out: TextIO) -> str | None:
    """The unit or role code to chat as: the one asked for, or one the person picks from the list."""
    with sessions.begin() as session:
        plan = pick_plan(session, commune)
        units = [u for u in plan.units if u.kind != "external"]
        codes = {u.code for u in units}
        while wanted not in codes:
            if wanted is not None:
                print(texts.CONSOLE_BAD_UNIT.format(code=wanted), file=out)
            print(texts.CONSOLE_PICK, file=out)
            for unit in units:
                print(f"  {unit.code:<8} {unit.name}", file=out)
            try:
                wanted = read("> ").strip().lower()
            except EOFError:
                return None
        return wanted


def run_console(sessions: sessionmaker[Session], clock: Callable[[], datetime], commune: str | None, code: str,
                read: Callable[[str], str] = input, out: TextIO | None = None, files_dir: Path = FILES_DIR,
                user: str | None = None, access: Access = OFF) -> int:
    """Reads lines until «thoát» or end of input; every line gets the core's answer. Today's reminders for
    the unit come first, as its group chat would have had them this morning."""
    with sessions.begin() as session:
        plan = pick_plan(session, commune)
        unit: Unit = unit_by_code(session, plan.id, code)
        bind_directly(session, unit, PLATFORM, f"{plan.id}:{code}", f"Cửa sổ lệnh — {unit.name}", clock())
        chat_id, name = f"{plan.id}:{code}", unit.name
        tenant = plan.tenant  # whoever runs the program on the server speaks in the plan's own tenant
    user = user or getpass.getuser()
    print(texts.CONSOLE_WELCOME.format(unit=name), file=out)
    reminders = todays_reminders(sessions, plan.id, code, clock(), files_dir)
    if reminders:
        print("\n".join([texts.CONSOLE_TODAY.format(unit=name), *reminders]), file=out)
    while True:
        try:
            line = read(f"{code}> ")
        except (EOFError, KeyboardInterrupt):  # Ctrl+D, Ctrl+C: the chat ends as with «thoát», on a line of its own
            print(file=out)
            break
        if line.strip().lower() in QUIT:
            break
        if not line.strip():
            continue
        incoming = Incoming(PLATFORM, chat_id, user, f"{user} – {name}", line, chat_title=name, addressed=True,
                            tenant=tenant)
        reply = respond(incoming, sessions, clock(), access=access)  # a failure comes back as the core's error reply
        if reply is not None:
            print(console_text(reply, files_dir), file=out, flush=True)
    return 0


def todays_reminders(sessions: sessionmaker[Session], plan_id: int, code: str, now: datetime,
                     files_dir: Path = FILES_DIR) -> list[str]:
    """What the reminder engine would have sent this unit's chat today up to now, as it reads now."""
    with sessions.begin() as session:
        start = datetime.combine(local_day(now), time(0), tzinfo=VN)
        found = reminders_between(session, [(session.get(Plan, plan_id), start, now)])[plan_id]
        due = [r for r in found if r.chat == code]
        messages = [reminder_message(session, r.kind, r.occurrence_id, plan_id, now, code, meeting_file) for r in due]
        return [console_text(m, files_dir) for m in messages if m is not None]


def console_text(reply: Reply | Message, files_dir: Path = FILES_DIR) -> str:
    """Buttons cannot be tapped in a terminal: each is shown with the command to type instead; files
    (chart, spreadsheet, calendar) are written to a folder and their paths shown."""
    lines = [with_commands(reply, per_button=True)]
    for file in getattr(reply, "files", ()):
        files_dir.mkdir(parents=True, exist_ok=True)
        path = files_dir / file.name
        path.write_bytes(file.data)
        lines.append(f"  📎 {file.caption or file.name}: {path.resolve()}")
    return "\n".join(lines)


class Console:
    """Which commune and unit, who types, then the chat until «thoát» or the end of input."""

    name = PLATFORM
    Section = ChannelSettings  # nothing of its own: the files a reply carries go to NHACVIEC_FILES_DIR
    served = False
    limits = Limits(None)  # any length; no button to tap, no upload: commands to type, files in a folder

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions, self.clock, self.files_dir = sessions, clock, Path(settings.files_dir)
        self.access = settings.access()  # «bảng», «lịch»: the board's and the feeds' links

    def converse(self, commune: str | None, unit: str | None) -> int:
        """`commune`, `unit`: as the command line named them, else asked."""
        commune = choose_commune(self.sessions, commune, input, sys.stdout)
        code = None if commune is None else choose_unit(self.sessions, commune, unit, input, sys.stdout)
        if code is None:  # end of input (Ctrl+D) before a unit was chosen: the person left
            print()
            return 0
        user = ask_name(input) if sys.stdin.isatty() else None
        return run_console(self.sessions, self.clock, commune, code, files_dir=self.files_dir, user=user,
                           access=self.access)

    @staticmethod
    async def remote_findings(settings: Settings) -> list[Finding]:
        """Nothing: a terminal reaches nothing over the network."""
        return []

    @staticmethod
    def stored_findings(session: Session, now: datetime, settings: Settings) -> list[Finding]:
        """Nothing: the console binds its chat as it opens, and keeps nothing else."""
        return []
