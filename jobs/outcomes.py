"""What a send's outcome does to its reminder row: tried again later, or failed, and who is told.

A delivery error that may pass (a 5xx, a network error, a timeout) puts the row back, to be tried after a
pause: it never ends in "failed" while the reminder still matters, and only such errors count as attempts.
A final refusal fails the row and tells the focal point, except that a failed notice is never the subject
of another notice: that way lie notice storms. A chat found gone is logged, marked inactive, and told
once, to the chairman too when it was the focal point's own.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Connection, Engine, Update, bindparam, func, select, update
from sqlalchemy.orm import Session

from jobs import texts
from jobs.claims import Job, mark
from jobs.dispatch import MaybeSent, Transient, retry_pause
from jobs.messages import TEXT_KINDS
from jobs.notify import CHAIRMAN, active_chats, notify, notify_focal
from storage.bindings import forget
from storage.models import ChatBinding, Reminder, Unit

log = logging.getLogger(__name__)


def marking(engine: Engine) -> Connection:
    """A connection for a group's "sent" marks, on which each statement is a transaction of its own
    (autocommit): one round trip a mark, and no checkout from the pool for each."""
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def delivered(marks: Connection, job: Job, now: datetime) -> None:
    """The platform took the message: its row is marked sent at once, by one statement on `marks` (marking)
    whose commit on PostgreSQL does not wait for the disk. A killed process loses no such mark; only a crash
    of the database server could, and then that message repeats."""
    marks.execute(_sent(marks.dialect.name), {"row": job.id, "at": now})


SENT = update(Reminder).where(Reminder.id == bindparam("row")).values(state="sent", error="", sent_at=bindparam("at"))


@lru_cache(maxsize=2)
def _sent(dialect: str) -> Update:
    """The mark, built once per dialect (building it costs as much as running it, on SQLite). On PostgreSQL
    it carries its own `SET LOCAL synchronous_commit = off` (set_config(…, true): for this statement's
    transaction only): a SET would cost a round trip of its own, and a transaction around the two two more,
    for each message of the 08:00 burst (bench/marks.py)."""
    if dialect == "postgresql":
        return SENT.where(func.set_config("synchronous_commit", "off", True) == "off")
    return SENT


def retry_later(session: Session, job: Job, problem: Transient, now: datetime) -> None:
    """Pending again, not before a pause; a timeout is counted, since the platform may have posted it."""
    maybe = isinstance(problem, MaybeSent)
    log.warning("send to %s:%s %s (%s): tried again later", job.platform, job.chat_id,
                "timed out, maybe sent" if maybe else "failed", problem)
    row = session.get(Reminder, job.id)
    row.attempts += 1
    row.timeouts += int(maybe)
    row.state, row.error, row.lease_until = "pending", str(problem)[:500], None
    row.retry_at = now + retry_pause(row.attempts, problem)


def fail(session: Session, job: Job, now: datetime, error: str, gone: bool = False) -> None:
    mark(session, job.id, "failed", now, error)
    binding = session.scalar(select(ChatBinding).where(ChatBinding.platform == job.platform,
                                                       ChatBinding.chat_id == job.chat_id))
    if binding is None or not binding.active:
        return  # already reported when the chat was first found gone
    fields = {"title": binding.title or job.chat_id, "unit": binding.unit.name, "code": binding.unit.code,
              "error": error[:200]}
    if gone:
        binding.active = False
        forget(session, job.platform, job.chat_id)
        log.warning("chat %s:%s of %s (%s) is gone, marked inactive: %s", job.platform, job.chat_id,
                    binding.unit.code, binding.title, error)
        notify(session, gone_chat_audience(session, binding), f"chat-gone:{binding.id}",
               texts.CHAT_GONE.format(**fields), now)
    elif job.kind not in TEXT_KINDS:
        notify_focal(session, binding.plan_id, f"reminder:{job.id}", texts.DELIVERY_FAILED.format(**fields), now,
                     exclude=binding.id)


def gone_chat_audience(session: Session, gone: ChatBinding) -> list[ChatBinding]:
    """Who hears that a chat is gone: the focal point's other chats; when the gone chat is the focal point's
    own, or the focal point has no chat left, the chairman's chats too."""
    focal = [b for b in active_chats(session, gone.plan_id, Unit.focal.is_(True)) if b.id != gone.id]
    if focal and not gone.unit.focal:
        return focal
    chairman = active_chats(session, gone.plan_id, Unit.code == CHAIRMAN)
    return focal + [b for b in chairman if b.id != gone.id and b not in focal]
