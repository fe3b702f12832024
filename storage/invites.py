"""One-time codes that bind a chat to a unit: `nhacviec invite hcc`, then `/lienket CODE` in the group."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import ChatBinding, Invite, Unit

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed on phones
CODE_LENGTH = 8
VALID_FOR = timedelta(days=7)


def create_invite(session: Session, unit: Unit, now: datetime) -> Invite:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invite = Invite(code=code, unit_id=unit.id, created_at=now, expires_at=now + VALID_FOR)
    session.add(invite)
    session.flush()
    return invite


def redeem(session: Session, code: str, platform: str, chat_id: str, title: str, by: str,
           now: datetime) -> ChatBinding | None:
    """Binds the chat to the invite's unit (replacing an earlier binding of that chat); None if the code
    is unknown, used or expired. The code is locked while it is used, so two chats cannot both take it."""
    query = (select(Invite).where(Invite.code == code.strip().upper())
             .options(selectinload(Invite.unit)).with_for_update())
    invite = session.scalar(query)
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    invite.used_at, invite.used_by_chat = now, f"{platform}:{chat_id}"
    binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == platform,
                                                       ChatBinding.chat_id == chat_id))
    if binding is None:
        binding = ChatBinding(platform=platform, chat_id=chat_id)
        session.add(binding)
    binding.plan_id, binding.unit_id, binding.title = invite.unit.plan_id, invite.unit_id, title
    binding.active, binding.bound_at, binding.bound_by = True, now, by
    session.flush()
    return binding


def bind_directly(session: Session, unit: Unit, platform: str, chat_id: str, title: str, now: datetime) -> ChatBinding:
    """A binding made by whoever runs the program on the server (the console chat): no code needed."""
    binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == platform,
                                                       ChatBinding.chat_id == chat_id))
    if binding is None:
        binding = ChatBinding(platform=platform, chat_id=chat_id, bound_at=now)
        session.add(binding)
    binding.plan_id, binding.unit_id, binding.title, binding.active = unit.plan_id, unit.id, title, True
    binding.bound_by = binding.bound_by or "console"
    session.flush()
    return binding
