"""A loaded seed plan with a chat bound to every unit and role, and a way to talk in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.access import OFF, Access
from bot.core.context import Incoming, Reply
from bot.core.service import respond
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Occurrence, Task
from storage.queries import pick_plan, unit_by_code
from tests.support.seeded_rows import seed_once

CHATS = ("vhxh", "vp", "kt", "hcc", "dvsn", "chutich")


@dataclass
class Chat:
    sessions: sessionmaker[Session]
    now: datetime
    platform: str = "telegram"
    access: Access = OFF  # the board's and the feeds' links (bot.core.access): off unless a test sets them

    def say(self, unit: str, text: str, at: datetime | None = None, user: str = "Nguyễn Văn A",
            evidence: dict | None = None, message_id: str = "77") -> Reply | None:
        incoming = Incoming(self.platform, f"chat-{unit}", f"user-{unit}", user, text, chat_title=f"Tổ {unit}",
                            message_id=message_id, addressed=True, evidence=evidence)
        return respond(incoming, self.sessions, at or self.now, access=self.access)

    def text(self, unit: str, text: str, at: datetime | None = None) -> str:
        reply = self.say(unit, text, at)
        assert reply is not None
        return reply.text

    def occurrence(self, number: str, seq: int = 0) -> Occurrence:
        with self.sessions.begin() as session:
            query = select(Occurrence).join(Task).where(Task.number == number, Occurrence.seq == seq)
            return session.scalar(query)


def seeded_chat(sessions: sessionmaker[Session], now: datetime, require_confirmation: bool = False) -> Chat:
    def seed() -> None:
        spec = read_plan(BUNDLED_PLAN)
        with sessions.begin() as session:
            load_plan(session, spec, now)
            plan = pick_plan(session)
            plan.require_confirmation = require_confirmation
            for code in CHATS:
                bind_directly(session, unit_by_code(session, plan.id, code), "telegram", f"chat-{code}", code, now)

    seed_once(sessions.kw["bind"], ("seeded_chat", now, require_confirmation), seed)
    return Chat(sessions, now)
