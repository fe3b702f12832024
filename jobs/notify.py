"""Notices to people, written as reminder rows of kind "notice" that the next tick sends like any reminder:
to the focal point's chats (a send that failed for good, a chat that left, a quota running short), to the
chairman when the focal point itself cannot be reached, or to any chats. What a reminder says is
jobs.notices; this is only who is told.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ChatBinding, Unit
from storage.models import Reminder as ReminderRow

CHAIRMAN = "chutich"  # the role told when the focal point itself cannot be reached


def notify_focal(session: Session, plan_id: int, subject: str, text: str, now: datetime,
                 exclude: int | None = None) -> None:
    """A notice to the focal point's chats, sent by the next tick like any reminder."""
    notify(session, [b for b in active_chats(session, plan_id, Unit.focal.is_(True)) if b.id != exclude],
           subject, text, now)


def notify(session: Session, bindings: Iterable[ChatBinding], subject: str, text: str, now: datetime) -> None:
    for binding in bindings:
        session.add(ReminderRow(plan_id=binding.plan_id, occurrence_id=None, subject=subject, kind="notice",
                                due_at=now, chat=f"{binding.platform}:{binding.chat_id}", state="pending", text=text))


def active_chats(session: Session, plan_id: int, which) -> list[ChatBinding]:
    query = (select(ChatBinding).join(Unit, ChatBinding.unit_id == Unit.id)
             .where(Unit.plan_id == plan_id, which, ChatBinding.active.is_(True))
             .order_by(ChatBinding.id))
    return list(session.scalars(query))
