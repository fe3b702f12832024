"""Claims: which reminder rows a worker takes now (each a Job), the leases that keep them its own, and the
marks that settle them.

A claim takes the pending rows whose time has come, newest first, from their partial index (0008), and the
claims whose lease ran out; rows are locked with SKIP LOCKED, so several workers never take the same row.
A lease is renewed while the worker works (the heartbeat), confirmed before sending, and given back at once
on a clean stop.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Row, Select, Update, select, update
from sqlalchemy.orm import Session

from plan_data.status import CLOSED_STATES
from plan_data.tenants import DEFAULT, route
from plan_data.zone import VN, next_midnight
from storage.models import ChatBinding, Occurrence
from storage.models import Reminder as ReminderRow

LEASE = timedelta(seconds=60)  # a claim not renewed for this long was lost with its worker: send it again


@dataclass(frozen=True)
class Job:
    """A claimed reminder: what to send, and where."""

    id: int
    plan_id: int
    kind: str
    subject: str
    occurrence_id: int | None
    due_at: datetime
    platform: str
    chat_id: str
    claimed_at: datetime | None = None  # this worker's claim: re-confirmed just before sending
    bot: str = DEFAULT  # the bot the chat was bound through (chat_bindings.bot), which speaks to it

    @property
    def route(self) -> str:
        """The sender and the pace this reminder goes through (plan_data.tenants.route)."""
        return route(self.platform, self.bot)


def mark(session: Session, job_id: int, state: str, now: datetime, error: str = "") -> None:
    mark_all(session, [job_id], state, now, error)


def mark_all(session: Session, job_ids: list[int], state: str, now: datetime, error: str = "") -> None:
    """Rows settled together (a group sent, a batch's skipped ones): one UPDATE per 500 rows."""
    values: dict[str, object] = {"state": state, "error": error[:500]}
    if state == "sent":
        values["sent_at"] = now
    connection = session.connection()  # Core: no ORM objects to keep in step with these rows
    for start in range(0, len(job_ids), 500):
        connection.execute(update(ReminderRow).where(ReminderRow.id.in_(job_ids[start:start + 500]))
                           .values(**values))




def claim(session: Session, now: datetime, limit: int = 100, exclude_chats: Select | None = None) -> list[Job]:
    """Takes the pending reminders whose time has come (and claims whose lease ran out), newest per (subject,
    chat); older ones for the same subject and chat are superseded, as is a catch-up whose subject and chat
    have a newer reminder due later today, and those of occurrences done meanwhile are skipped. Rows are
    locked with SKIP LOCKED so that several workers never take the same row. Claiming is not an attempt:
    only a delivery error counts (see the engine). `exclude_chats`: chats whose pace is full just now."""
    rows = _claimable(session, now, limit, exclude_chats)
    newest: dict[tuple[str, str], Row] = {}
    for row in rows:
        kept = newest.get((row.subject, row.chat))
        if kept is None or (row.due_at, row.id) > (kept.due_at, kept.id):
            newest[(row.subject, row.chat)] = row
    finished = _finished_occurrences(session, [r.occurrence_id for r in rows if r.occurrence_id])
    later_today = _due_later_today(session, list(newest.values()), now)
    jobs, skipped = [], {}
    for row in rows:
        if newest[(row.subject, row.chat)] is not row:
            skipped.setdefault("superseded by a newer reminder", []).append(row.id)
        elif (row.subject, row.chat) in later_today:
            skipped.setdefault("superseded by a newer reminder due later today", []).append(row.id)
        elif row.occurrence_id in finished and row.kind != "digest":
            skipped.setdefault("done before it was sent", []).append(row.id)
        else:
            platform, chat_id = row.chat.split(":", 1)
            jobs.append(Job(row.id, row.plan_id, row.kind, row.subject, row.occurrence_id, row.due_at,
                            platform, chat_id, now))
    for error, ids in skipped.items():
        mark_all(session, ids, "skipped", now, error)
    if jobs:  # one UPDATE for the batch, not an ORM flush of a statement per row
        session.connection().execute(update(ReminderRow).where(ReminderRow.id.in_([job.id for job in jobs]))
                                     .values(state="claimed", claimed_at=now, lease_until=now + LEASE))
    _supersede_older(session, list(newest.values()))
    return _with_bots(session, jobs)


def _with_bots(session: Session, jobs: list[Job]) -> list[Job]:
    """Each job with the bot its chat was bound through: one query for the batch, which finds nothing (and
    changes nothing) where every chat speaks to the deployment's own bot."""
    if not jobs:
        return jobs
    query = select(ChatBinding.platform, ChatBinding.chat_id, ChatBinding.bot).where(
        ChatBinding.chat_id.in_({job.chat_id for job in jobs}), ChatBinding.bot != DEFAULT)
    bots = {(platform, chat_id): bot for platform, chat_id, bot in session.connection().execute(query)}
    if not bots:
        return jobs
    return [replace(job, bot=bots.get((job.platform, job.chat_id), DEFAULT)) for job in jobs]


CLAIMED = (ReminderRow.id, ReminderRow.plan_id, ReminderRow.kind, ReminderRow.subject, ReminderRow.occurrence_id,
           ReminderRow.due_at, ReminderRow.chat)  # what a claim reads of a row: plain rows, no ORM objects


def _claimable(session: Session, now: datetime, limit: int, exclude_chats: Select | None) -> list[Row]:
    """The rows a claim may take, newest first. Two queries, not one with an OR: the pending rows whose time
    has come are read in order from their partial index (ix_reminders_pending_due), and the lost claims from
    the few claimed rows; an OR of the two made every index useless (a scan and a sort of the whole day)."""
    due = (select(*CLAIMED).where(ReminderRow.state == "pending", ReminderRow.due_at <= now,
                                  ReminderRow.retry_at.is_(None) | (ReminderRow.retry_at <= now)))
    lost = select(*CLAIMED).where(ReminderRow.state == "claimed", (ReminderRow.lease_until < now)
                                  | (ReminderRow.lease_until.is_(None) & (ReminderRow.claimed_at < now - LEASE)))
    rows: list[Row] = []
    for query in (due, lost):
        if exclude_chats is not None:
            query = query.where(ReminderRow.chat.not_in(exclude_chats))
        query = query.order_by(ReminderRow.due_at.desc(), ReminderRow.id).limit(limit)
        rows.extend(session.connection().execute(query.with_for_update(skip_locked=True)))
    rows.sort(key=lambda row: (-row.due_at.timestamp(), row.id))
    return rows[:limit]


def _due_later_today(session: Session, kept: list[Row], now: datetime) -> set[tuple[str, str]]:
    """(subject, chat) of the rows that have a newer reminder still to come today: after downtime, sending
    opens (07:30) before the day's reminders are due (08:00), and the catch-up would say the same thing, or
    something no longer true, half an hour before the day's own reminder."""
    if not kept:
        return set()
    newest = {(r.subject, r.chat): r.due_at for r in kept}
    query = select(ReminderRow.subject, ReminderRow.chat, ReminderRow.due_at).where(
        ReminderRow.state.in_(("pending", "claimed")), ReminderRow.due_at > now,
        ReminderRow.due_at < next_midnight(now, VN), *_among(kept))
    return {(subject, chat) for subject, chat, due_at in session.connection().execute(query)
            if (subject, chat) in newest and due_at > newest[(subject, chat)]}


def _supersede_older(session: Session, kept: list[Row]) -> None:
    """After downtime only the newest missed reminder per subject and chat goes out: older ones that
    did not fit in this batch are skipped too (newest rows are claimed first)."""
    if not kept:
        return
    newest = {(r.subject, r.chat): r.due_at for r in kept}
    # rows another worker holds are left to it (SKIP LOCKED), so two workers never wait on each other
    free = (select(ReminderRow.id, ReminderRow.subject, ReminderRow.chat, ReminderRow.due_at)
            .where(ReminderRow.state == "pending", ReminderRow.due_at < max(newest.values()), *_among(kept))
            .with_for_update(skip_locked=True))
    connection = session.connection()
    older = [row_id for row_id, subject, chat, due_at in connection.execute(free)
             if (subject, chat) in newest and due_at < newest[(subject, chat)]]
    for start in range(0, len(older), 500):
        connection.execute(update(ReminderRow).where(ReminderRow.id.in_(older[start:start + 500]))
                           .values(state="skipped", error="superseded by a newer reminder"))


def _among(kept: list[Row]) -> tuple:
    """Rows of the kept rows' subjects and chats: a superset of their (subject, chat) pairs, found through
    the (subject, chat, …) indexes with two lists rather than an OR per pair, and narrowed in Python."""
    return (ReminderRow.subject.in_({r.subject for r in kept}), ReminderRow.chat.in_({r.chat for r in kept}))


def _finished_occurrences(session: Session, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    query = select(Occurrence.id).where(Occurrence.id.in_(ids), Occurrence.status.in_(CLOSED_STATES))
    return set(session.connection().execute(query).scalars())


def still_ours(session: Session, claims: dict[int, datetime], now: datetime) -> set[int]:
    """Re-confirms claims (row id -> the claim's stamp) and renews their leases, just before sending: a
    worker held up past its lease (an outage, a long wait) may have lost rows to another worker, and then
    must not send them too. Returns the ids still ours."""
    ours: set[int] = set()
    for stamp, ids in _by_stamp(claims):
        ours.update(session.connection().execute(_claims_of(ids, stamp).values(lease_until=now + LEASE)
                                                 .returning(ReminderRow.id)).scalars())
    return ours


def renew(session: Session, claims: dict[int, datetime], now: datetime) -> None:
    """The heartbeat: this worker's claims (row id -> its claim's stamp) hold for another LEASE."""
    for stamp, ids in _by_stamp(claims):
        session.connection().execute(_claims_of(ids, stamp).values(lease_until=now + LEASE))


def release(session: Session, claims: dict[int, datetime]) -> None:
    """This worker's unsent claims are pending again, at once: nothing waits out a lease after a stop."""
    for stamp, ids in _by_stamp(claims):
        session.connection().execute(_claims_of(ids, stamp).values(state="pending", lease_until=None))


def _claims_of(ids: list[int], stamp: datetime) -> Update:
    """The rows among `ids` still claimed under this stamp (another worker's claim has its own)."""
    return update(ReminderRow).where(ReminderRow.id.in_(ids), ReminderRow.state == "claimed",
                                     ReminderRow.claimed_at == stamp)


def _by_stamp(claims: dict[int, datetime]) -> list[tuple[datetime, list[int]]]:
    """Claims grouped by stamp, in chunks a driver takes as parameters."""
    groups: dict[datetime, list[int]] = {}
    for row_id, stamp in claims.items():
        groups.setdefault(stamp, []).append(row_id)
    return [(stamp, ids[start:start + 500]) for stamp, ids in groups.items() for start in range(0, len(ids), 500)]
