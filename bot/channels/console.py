"""The console chat: the same commands on the same database, typed in a terminal as one unit or role.

What a newcomer tries first (`make run` without a Telegram token). Thin, like every channel.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from bot.channels.outbox import with_commands
from bot.core import texts
from bot.core.context import Incoming, Reply
from bot.core.service import respond
from storage.invites import bind_directly
from storage.models import Unit
from storage.queries import pick_plan, unit_by_code

log = logging.getLogger(__name__)
PLATFORM = "console"
QUIT = {"thoat", "thoát", "exit", "quit", "q"}
FILES_DIR = Path("var/files")  # where the console chat puts the files a reply carries (NHACVIEC_FILES_DIR)


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
                read: Callable[[str], str] = input, out: TextIO | None = None, files_dir: Path = FILES_DIR) -> int:
    """Reads lines until «thoát» or end of input; every line gets the core's answer."""
    with sessions.begin() as session:
        plan = pick_plan(session, commune)
        unit: Unit = unit_by_code(session, plan.id, code)
        bind_directly(session, unit, PLATFORM, f"{plan.id}:{code}", f"Cửa sổ lệnh — {unit.name}", clock())
        chat_id, name = f"{plan.id}:{code}", unit.name
    user = getpass.getuser()
    print(texts.CONSOLE_WELCOME.format(unit=name), file=out)
    while True:
        try:
            line = read(f"{code}> ")
        except (EOFError, KeyboardInterrupt):
            break
        if line.strip().lower() in QUIT:
            break
        if not line.strip():
            continue
        incoming = Incoming(PLATFORM, chat_id, user, f"{user} ({name})", line, chat_title=name, addressed=True)
        reply = respond(incoming, sessions, clock())  # a failure comes back as the core's error reply
        if reply is not None:
            print(console_text(reply, files_dir), file=out, flush=True)
    return 0


def console_text(reply: Reply, files_dir: Path = FILES_DIR) -> str:
    """Buttons cannot be tapped in a terminal: each is shown with the command to type instead; files
    (chart, spreadsheet, calendar) are written to a folder and their paths shown."""
    lines = [with_commands(reply, per_button=True)]
    for file in reply.files:
        files_dir.mkdir(parents=True, exist_ok=True)
        path = files_dir / file.name
        path.write_bytes(file.data)
        lines.append(f"  📎 {file.caption or file.name}: {path.resolve()}")
    return "\n".join(lines)
