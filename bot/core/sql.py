"""The ChatStore on the database (bot.core.store): storage.stores' two ways of reading and writing the rows,
each completed here with what a change does to the reminder engine's rows (jobs, a floor storage does not
see), on the same Session and transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from jobs import explaining, notify, rows, validity
from plan_data.access import Scope
from storage import access_links, explanations, parts
from storage.changes import Author
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

    def tell_unit(self, plan_id: int, code: str, subject: str, text: str, now: datetime) -> int:
        chats = notify.active_chats(self.session, plan_id, Unit.code == code)
        notify.notify(self.session, chats, subject, text, now)
        return len(chats)


class _Explanations:
    """«giải trình»: the request and its answer (storage.explanations), each with its reminder row
    (jobs.explaining), on the store's Session."""

    session: Session

    def explanations(self, occurrence_ids: list[int]) -> list[Any]:
        return explanations.of_occurrences(self.session, occurrence_ids)

    def ask_explanation(self, plan: Any, occurrence: Any, author: Author, now: datetime, due: date,
                        remark: str) -> int:
        request = explanations.ask(self.session, plan.id, occurrence, author, now, due, remark)
        return explaining.ask(self.session, plan.id, request, occurrence, now)

    def answer_explanation(self, plan: Any, request: Any, occurrence: Any, author: Author, now: datetime,
                           reason: str, proposed: date | None, remark: str) -> int:
        explanations.answer(self.session, request, occurrence, author, now, reason, proposed, remark)
        return explaining.answered(self.session, plan.id, request, occurrence, now)

    def withdraw_explanation(self, change_id: int) -> None:
        explanations.withdraw(self.session, change_id)


class _Parts:
    """The coordinating units' parts of a task (storage.parts), on the store's Session."""

    session: Session

    def parts(self, occurrence_ids: list[int]) -> list[Any]:
        return parts.of_occurrences(self.session, occurrence_ids)

    def report_part(self, occurrence: Any, code: str, step: Any, action: str, author: Author, now: datetime,
                    remark: str) -> None:
        parts.report(self.session, occurrence, code, step, action, author, now, remark)

    def undo_part(self, target: Any) -> None:
        parts.undo(self.session, target)


class _Links:
    """The chat's board and feed links (storage.access_links), on the store's Session."""

    session: Session

    def issue_link(self, platform: str, chat_id: str, kind: str, scope: Scope, by: str, now: datetime,
                   expires_at: datetime) -> str:
        return access_links.issue(self.session, platform, chat_id, kind, scope, by, now, expires_at)

    def revoke_links(self, platform: str, chat_id: str, by: str, now: datetime) -> int:
        return access_links.revoke(self.session, platform, chat_id, by, now)


class SessionChatStore(_Links, _Parts, _Explanations, _Reminders, SessionStore):
    """On the ORM Session: the commands a worker thread answers, and every command when the fast path is
    off (`respond(..., fast=False)`)."""


class ConnectionChatStore(_Links, _Parts, _Explanations, _Reminders, ConnectionStore):
    """On one Connection: the status commands (bot.core.registry's `fast`), answered on the event loop."""
