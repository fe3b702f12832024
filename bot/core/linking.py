"""«liên kết MÃ»: a chat joins its unit with a code from the focal point. The one command a chat not linked
yet may use: bot.core.service runs it before it looks for the chat's unit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.core import texts
from bot.core.context import Incoming, Reply
from bot.core.intents import Link
from jobs.validity import chat_linked
from storage.invites import redeem


def link(command: Link, incoming: Incoming, now: datetime, session: Session) -> Reply:
    """Redeems the code for this chat, in the tenant of the bot it was typed to: linked, moved, asked to
    confirm a move, or refused."""
    done = redeem(session, command.code, incoming.platform, incoming.chat_id, incoming.chat_title,
                  incoming.user_name, now, tenant=incoming.tenant, bot=incoming.bot, private=incoming.private)
    if done.outcome == "limited":
        return Reply(texts.LINK_LIMITED)
    if done.outcome == "elsewhere":
        return Reply(texts.OTHER_TENANT)
    if done.outcome == "bad":
        return Reply(texts.LINK_BAD.format(code=command.code))
    if done.outcome in ("group", "full"):  # a code for people typed in a group, or all its places taken
        template = texts.LINK_PEOPLE_GROUP if done.outcome == "group" else texts.LINK_PEOPLE_FULL
        return Reply(template.format(code=command.code, unit=done.target.name))
    if done.outcome == "asked":
        return Reply(texts.LINK_CONFIRM.format(current=done.current.name, commune=done.current.plan.commune,
                                               target=done.target.name, target_commune=done.target.plan.commune,
                                               code=command.code))
    binding = done.binding
    chat_linked(session, binding, now)  # the unit's day, written or not yet: a link never loses a day
    return Reply(_linked(done.outcome == "moved", incoming.private).format(unit=binding.unit.name,
                                                                          commune=binding.unit.plan.commune))


def _linked(moved: bool, private: bool) -> str:
    """The reply to a chat now linked: a person's own chat is told the unit's reminders will come there."""
    if private:
        return texts.LINK_PERSONAL_MOVED if moved else texts.LINK_PERSONAL
    return texts.LINK_MOVED if moved else texts.LINK_DONE
