"""The ChatStore on the database (bot.core.store): storage.stores' two ways of reading and writing the rows,
each completed here with what a change does to the reminder engine's rows (jobs, a floor storage does not
see), on the same Session and transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from jobs import notify, rows, validity
from storage.models import Unit
from storage.stores import ConnectionStore, SessionStore


class _Reminders:
    """Today's reminders after a date changed; a snooze; a notice to a unit (a task assigned to it)."""

    session: Session  # the store's: its own (SessionStore), or one joined to its Connection (ConnectionStore)
    plan: Callable[[int], Any]  # the store's: the plan in full

    def replan_today(self, plan: Any, now: datetime, occurrence_ids: list[int]) -> None:
        session = self.session
        session.flush()  # the change read back by the policy
        validity.refresh_today(session, self.plan(plan.id), now, occurrence_ids)

    def snooze(self, plan: Any, occurrence: Any, platform: str, chat_id: str, now: datetime) -> datetime:
        return rows.snooze(self.session, plan, occurrence, platform, chat_id, now)

    def tell_unit(self, plan_id: int, code: str, subject: str, text: str, now: datetime) -> None:
        notify.notify(self.session, notify.active_chats(self.session, plan_id, Unit.code == code), subject, text, now)


class SessionChatStore(_Reminders, SessionStore):
    """On the ORM Session: the commands a worker thread answers, and every command when the fast path is
    off (`respond(..., fast=False)`)."""


class ConnectionChatStore(_Reminders, ConnectionStore):
    """On one Connection: the status commands (bot.core.registry's `fast`), answered on the event loop."""
