"""Codes that bind a chat to a unit: `nhacviec invite hcc`, then `/lienket CODE` in the group (once).

A code for people (`nhacviec invite hcc --people 10`) is handed to the whole unit: each officer types it in
their own 1:1 chat with the bot, and up to N distinct such chats join the unit within its validity (the unit's
reminders then reach each of them, and the group: one row per chat, jobs.rows). A group chat still needs a
one-use code: a code passed round a unit must not bind any group it is pasted into."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from plan_data.tenants import DEFAULT, in_tenant
from storage.bindings import forget
from storage.db import hold_writer
from storage.models import ChatBinding, ChatLink, Invite, Plan, Unit

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed on phones
CODE_LENGTH = 8
VALID_FOR = timedelta(days=7)


def create_invite(session: Session, unit: Unit, now: datetime, people: int = 0) -> Invite:
    """A one-use code for any chat of the unit; with `people`, a code for that many officers' own chats."""
    if people < 0:
        raise ValueError("people: 0 (a one-use code) or the number of officers' chats")
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    invite = Invite(code=code, unit_id=unit.id, created_at=now, expires_at=now + VALID_FOR, people=people)
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
    limited (too many wrong codes lately); a code for people also: group (typed in a group chat), full (its N
    chats bound)."""

    outcome: str
    binding: ChatBinding | None = None
    current: Unit | None = None  # the unit a bound chat has now
    target: Unit | None = None  # the invite's unit


def redeem(session: Session, code: str, platform: str, chat_id: str, title: str, by: str,
           now: datetime, *, tenant: str = DEFAULT, bot: str = DEFAULT, private: bool = False) -> Redeemed:
    """Binds the chat to the invite's unit, through `bot` of `tenant` (the bot the code was typed to). A code
    of another tenant's plan is answered as an unknown one, and counts as a wrong try; a chat bound in another
    tenant is not moved. A chat already bound to another unit or commune is only moved when the same code is
    typed again from it; every attempt is recorded (chat_links), and a chat that tried MAX_FAILED wrong codes
    within the hour is refused without looking. The code is locked while it is used, so two chats cannot both
    take it. `private`: the chat is a person's own 1:1 chat with the bot (Incoming.private), the only kind a
    code for people binds."""
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
        _record(session, now, platform, chat_id, by, "elsewhere", binding.unit_id, invite.unit_id, invite.id)
        return Redeemed("elsewhere", binding, None, invite.unit)
    if invite.people:
        return _redeem_for_person(session, invite, binding, platform, chat_id, title, by, now, private, bot)
    moving = binding is not None and binding.unit_id != invite.unit_id  # even a chat the bot was removed from
    if moving and invite.used_by_chat != f"confirm:{binding.id}":
        invite.used_by_chat = f"confirm:{binding.id}"  # the same code again from this chat confirms
        _record(session, now, platform, chat_id, by, "asked", binding.unit_id, invite.unit_id, invite.id)
        return Redeemed("asked", binding, binding.unit, invite.unit)
    invite.used_at, invite.used_by_chat = now, f"{platform}:{chat_id}"
    return _bind(session, invite, binding, platform, chat_id, title, by, now, bot)


def _bind(session: Session, invite: Invite, binding: ChatBinding | None, platform: str, chat_id: str, title: str,
          by: str, now: datetime, bot: str) -> Redeemed:
    """The chat bound (or moved) to the invite's unit, and the attempt recorded."""
    moving = binding is not None and binding.unit_id != invite.unit_id
    previous = binding.unit_id if binding is not None else None
    forget(session, platform, chat_id)
    if binding is None:
        binding = ChatBinding(platform=platform, chat_id=chat_id)
        session.add(binding)
    binding.plan_id, binding.unit_id, binding.title = invite.unit.plan_id, invite.unit_id, title
    binding.active, binding.bound_at, binding.bound_by, binding.bot = True, now, by, bot
    _record(session, now, platform, chat_id, by, "moved" if moving else "bound", previous, invite.unit_id, invite.id)
    session.flush()
    return Redeemed("moved" if moving else "bound", binding, None, invite.unit)


def _tenant_of(session: Session, plan_id: int) -> str:
    """The plan's tenant, read without loading the binding's unit (which a move then sets by its id)."""
    return session.scalar(select(Plan.tenant).where(Plan.id == plan_id)) or DEFAULT


def _redeem_for_person(session: Session, invite: Invite, binding: ChatBinding | None, platform: str, chat_id: str,
                       title: str, by: str, now: datetime, private: bool, bot: str) -> Redeemed:
    """A code for people binds only 1:1 chats, only to its own unit, up to invite.people distinct chats (a chat
    it bound before may type it again). A bound chat is moved only when it types the code again right after
    being asked, as with a one-use code. Counted under the invite's lock (hold_writer on SQLite), so two
    officers typing it at once cannot both take the last place."""
    if not private:
        _record(session, now, platform, chat_id, by, "group", None, invite.unit_id, invite.id)
        return Redeemed("group", target=invite.unit)
    hold_writer(session)
    chats = code_chats(session, invite.id)
    if (platform, chat_id) not in chats and len(chats) >= invite.people:
        _record(session, now, platform, chat_id, by, "full", None, invite.unit_id, invite.id)
        return Redeemed("full", target=invite.unit)
    if binding is not None and binding.unit_id != invite.unit_id and not _asked_just_now(session, invite, platform, chat_id):
        _record(session, now, platform, chat_id, by, "asked", binding.unit_id, invite.unit_id, invite.id)
        return Redeemed("asked", binding, binding.unit, invite.unit)
    return _bind(session, invite, binding, platform, chat_id, title, by, now, bot)


def code_chats(session: Session, invite_id: int) -> set[tuple[str, str]]:
    """The chats a code bound or moved: (platform, chat id)."""
    query = select(ChatLink.platform, ChatLink.chat_id).where(ChatLink.invite_id == invite_id,
                                                             ChatLink.outcome.in_(("bound", "moved")))
    return {(platform, chat_id) for platform, chat_id in session.execute(query)}


def _asked_just_now(session: Session, invite: Invite, platform: str, chat_id: str) -> bool:
    """This chat's last attempt asked to confirm a move with this code: typing it again confirms."""
    query = (select(ChatLink.outcome, ChatLink.invite_id).where(ChatLink.platform == platform, ChatLink.chat_id == chat_id)
             .order_by(ChatLink.at.desc(), ChatLink.id.desc()).limit(1))
    last = session.execute(query).first()
    return last is not None and tuple(last) == ("asked", invite.id)


def _recent_failures(session: Session, platform: str, chat_id: str, now: datetime) -> int:
    query = select(func.count()).select_from(ChatLink).where(
        ChatLink.platform == platform, ChatLink.chat_id == chat_id, ChatLink.outcome == "bad-code",
        ChatLink.at > now - FAILED_WINDOW)
    return session.scalar(query) or 0


def _record(session: Session, now: datetime, platform: str, chat_id: str, by: str, outcome: str,
            from_unit: int | None = None, to_unit: int | None = None, invite_id: int | None = None) -> None:
    session.add(ChatLink(at=now, platform=platform, chat_id=chat_id, user_name=by, outcome=outcome,
                         from_unit_id=from_unit, to_unit_id=to_unit, invite_id=invite_id))


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
