"""«giải trình» in the database: a request and its answer, each written with its change of the occurrence
(storage.changes: who, when, from where; undone with «hoàn tác»), and what the reminder engine and the report
read of them. When a request stands, where it is due and when it is raised are plan_data.explanations'."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from plan_data.lifecycle import Act
from storage import changes
from storage.changes import Author
from storage.models import Explanation, Occurrence, Reminder

WAITING = ("pending", "unbound")  # reminder rows not sent yet


def subject_of(request_id: int) -> str:
    """The reminder rows' subject of a request: its notice to the unit, its answer's, its raise."""
    return f"explain:{request_id}"


def of_occurrences(session: Session, occurrence_ids: Collection[int]) -> list[Explanation]:
    """The requests of these occurrences, withdrawn ones included, oldest first."""
    if not occurrence_ids:
        return []
    return list(session.scalars(select(Explanation).where(Explanation.occurrence_id.in_(occurrence_ids))
                                .order_by(Explanation.id)))


def ask(session: Session, plan_id: int, occurrence: Occurrence, author: Author, now: datetime, due: date,
        remark: str) -> Explanation:
    """A request, with its change in the occurrence's history."""
    record = changes.change(session, occurrence, Act.EXPLAIN_ASK.value, author, now, remark=remark)
    session.flush()
    request = Explanation(plan_id=plan_id, occurrence_id=occurrence.id, asked_at=now, asked_by=author.user_name,
                          asked_platform=author.platform, asked_chat=author.chat_id, due=due,
                          ask_change_id=record.id)
    session.add(request)
    session.flush()
    return request


def answer(session: Session, request: Explanation, occurrence: Occurrence, author: Author, now: datetime,
           reason: str, proposed: date | None, remark: str) -> None:
    """The unit's answer, with its change in the occurrence's history; the raise it makes needless is skipped."""
    record = changes.change(session, occurrence, Act.EXPLAIN.value, author, now, remark=remark)
    session.flush()
    request.answered_at, request.answered_by, request.reason, request.proposed_due = now, author.user_name, reason, proposed
    request.answered_platform, request.answered_chat, request.answer_change_id = author.platform, author.chat_id, record.id
    _skip_waiting(session, request.id, "late", "answered")
    session.flush()


def withdraw(session: Session, change_id: int) -> Explanation | None:
    """A request or an answer whose change was undone: the request is withdrawn (its notices not sent yet are
    skipped), or the answer taken off it (the request waits again). Returns the request touched."""
    request = session.scalar(select(Explanation).where(
        (Explanation.ask_change_id == change_id) | (Explanation.answer_change_id == change_id)))
    if request is None:
        return None
    if request.ask_change_id == change_id:
        request.withdrawn = True
        _skip_waiting(session, request.id, None, "request undone")
    else:
        request.answered_at = request.answered_by = request.answered_platform = request.answered_chat = None
        request.reason, request.proposed_due, request.answer_change_id = "", None, None
        request.raised_at = None  # unanswered again: raised once more if its due day has passed
        _skip_waiting(session, request.id, "answer", "answer undone")
    session.flush()
    return request


def _skip_waiting(session: Session, request_id: int, kind: str | None, why: str) -> None:
    rows = (Reminder.subject == subject_of(request_id), Reminder.state.in_(WAITING))
    if kind is not None:
        rows = (*rows, Reminder.kind == f"explain-{kind}")
    session.execute(update(Reminder).where(*rows).values(state="skipped", error=why)
                    .execution_options(synchronize_session=False))


def unraised(session: Session, plan_ids: Collection[int]) -> list[Explanation]:
    """The requests of these plans still unanswered and not yet raised, oldest first (the planning asks which
    are due to be raised)."""
    query = (select(Explanation).join(Occurrence, Occurrence.id == Explanation.occurrence_id)
             .where(Explanation.plan_id.in_(plan_ids), Explanation.withdrawn.is_(False),
                    Explanation.answered_at.is_(None), Explanation.raised_at.is_(None),
                    Occurrence.retired.is_(False))
             .order_by(Explanation.id))
    return list(session.scalars(query))

