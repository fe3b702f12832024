"""One-time codes that bind a chat to a unit: `nhacviec invite hcc`, then `/lienket CODE` in the group."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from plan_data.tenants import DEFAULT, in_tenant
from storage.bindings import forget
from storage.models import ChatBinding, ChatLink, Invite, Plan, Unit

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed on phones
CODE_LENGTH = 8
VALID_FOR = timedelta(days=7)


def create_invite(session: Session, unit: Unit, now: datetime) -> Invite:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invite = Invite(code=code, unit_id=unit.id, created_at=now, expires_at=now + VALID_FOR)
    session.add(invite)
    session.flush()
    return invite


MAX_FAILED = 5  # wrong codes a chat may try in FAILED_WINDOW before it must wait
FAILED_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Redeemed:
    """What a /lienket did: bound (a new chat), moved (a bound chat, confirmed), asked (a bound chat and a
    code of another unit: confirm by typing it again), bad (unknown, used, expired, or of another tenant:
    never said apart), elsewhere (the chat is bound in another tenant: not moved through this one's bot),
    limited (too many wrong codes lately)."""

    outcome: str
    binding: ChatBinding | None = None
    current: Unit | None = None  # the unit a bound chat has now
    target: Unit | None = None  # the invite's unit


def redeem(session: Session, code: str, platform: str, chat_id: str, title: str, by: str,
           now: datetime, *, tenant: str = DEFAULT, bot: str = DEFAULT) -> Redeemed:
    """Binds the chat to the invite's unit, through `bot` of `tenant` (the bot the code was typed to). A code
    of another tenant's plan is answered as an unknown one, and counts as a wrong try; a chat bound in another
    tenant is not moved. A chat already bound to another unit or commune is only moved when the same code is
    typed again from it; every attempt is recorded (chat_links), and a chat that tried MAX_FAILED wrong codes
    within the hour is refused without looking. The code is locked while it is used, so two chats cannot both
    take it."""
    if _recent_failures(session, platform, chat_id, now) >= MAX_FAILED:
        _record(session, now, platform, chat_id, by, "limited")
        return Redeemed("limited")
    query = (select(Invite).where(Invite.code == code.strip().upper())
             .options(selectinload(Invite.unit)).with_for_update())
    invite = session.scalar(query)
    if invite is None or invite.used_at is not None or invite.expires_at <= now or \
            not in_tenant(invite.unit.plan.tenant, tenant):
        _record(session, now, platform, chat_id, by, "bad-code")
        return Redeemed("bad")
    binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == platform,
                                                       ChatBinding.chat_id == chat_id))
    if binding is not None and not in_tenant(_tenant_of(session, binding.plan_id), tenant):  # another's bot's chat
        _record(session, now, platform, chat_id, by, "elsewhere", binding.unit_id, invite.unit_id)
        return Redeemed("elsewhere", binding, None, invite.unit)
    moving = binding is not None and binding.unit_id != invite.unit_id  # even a chat the bot was removed from
    if moving and invite.used_by_chat != f"confirm:{binding.id}":
        invite.used_by_chat = f"confirm:{binding.id}"  # the same code again from this chat confirms
        _record(session, now, platform, chat_id, by, "asked", binding.unit_id, invite.unit_id)
        return Redeemed("asked", binding, binding.unit, invite.unit)
    previous = binding.unit_id if binding is not None else None
    forget(session, platform, chat_id)
    invite.used_at, invite.used_by_chat = now, f"{platform}:{chat_id}"
    if binding is None:
        binding = ChatBinding(platform=platform, chat_id=chat_id)
        session.add(binding)
    binding.plan_id, binding.unit_id, binding.title = invite.unit.plan_id, invite.unit_id, title
    binding.active, binding.bound_at, binding.bound_by, binding.bot = True, now, by, bot
    _record(session, now, platform, chat_id, by, "moved" if moving else "bound", previous, invite.unit_id)
    session.flush()
    return Redeemed("moved" if moving else "bound", binding, None, invite.unit)


def _tenant_of(session: Session, plan_id: int) -> str:
    """The plan's tenant, read without loading the binding's unit (which a move then sets by its id)."""
    return session.scalar(select(Plan.tenant).where(Plan.id == plan_id)) or DEFAULT


def _recent_failures(session: Session, platform: str, chat_id: str, now: datetime) -> int:
    query = select(func.count()).select_from(ChatLink).where(
        ChatLink.platform == platform, ChatLink.chat_id == chat_id, ChatLink.outcome == "bad-code",
        ChatLink.at > now - FAILED_WINDOW)
    return session.scalar(query) or 0


def _record(session: Session, now: datetime, platform: str, chat_id: str, by: str, outcome: str,
            from_unit: int | None = None, to_unit: int | None = None) -> None:
    session.add(ChatLink(at=now, platform=platform, chat_id=chat_id, user_name=by, outcome=outcome,
                         from_unit_id=from_unit, to_unit_id=to_unit))


def bind_directly(session: Session, unit: Unit, platform: str, chat_id: str, title: str, now: datetime) -> ChatBinding:
    """A binding made by whoever runs the program on the server (the console chat): no code needed."""
    binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == platform,
                                                       ChatBinding.chat_id == chat_id))
    forget(session, platform, chat_id)
    if binding is None:
        binding = ChatBinding(platform=platform, chat_id=chat_id, bound_at=now)
        session.add(binding)
    binding.plan_id, binding.unit_id, binding.title, binding.active = unit.plan_id, unit.id, title, True
    binding.bound_by = binding.bound_by or "console"
    session.flush()
    return binding
