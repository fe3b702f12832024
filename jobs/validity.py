"""Is a reminder row still right when its time comes? Rows are written at midnight for the whole day;
a task extended at 07:40 must not get an 08:00 "quá hạn", and a date set in chat at 07:50 should still
get its 08:00 "hôm nay đến hạn". The policy, asked again for one occurrence, decides both. And a chat
linked after its unit's day was written takes that day's rows over (chat_linked)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from jobs.claims import Job
from jobs.due import reminders_between
from jobs.messages import Message
from jobs.notices import AgendaFile, message_of
from jobs.preload import Batch
from jobs.rows import write_rows
from plan_data.policy import policy_of, work_calendar
from plan_data.reminder_rules import due_reminders, state_of
from plan_data.zone import next_midnight
from storage.models import ChatBinding, Plan, Unit
from storage.models import Reminder as ReminderRow

POLICY_KINDS = ("before-", "due", "opens", "overdue", "escalate", "report", "checkin", "nudge")
CHAT_INACTIVE = "chat inactive"


def check(loaded: Batch, job: Job, now: datetime, agenda: AgendaFile | None = None) -> tuple[str, Message | None]:
    """A claimed reminder, checked on its batch's rows just before it is sent: its message, or None and why
    it is not sent (its chat gone since the row was written, no longer due, its task gone). `agenda`: the
    monthly meeting's file maker (jobs.notices.AgendaFile)."""
    chat = loaded.chats.get((job.platform, job.chat_id))
    if chat is not None and not chat.active:  # the chat blocked the bot after this row was written
        return CHAT_INACTIVE, None
    if not still_due(loaded, job):
        return "no longer due (changed since the day was planned)", None
    return "the task is no longer in the plan", message_of(loaded, job, now, agenda)


def still_due(batch: Batch, job: Job) -> bool:
    """Would the policy, on today's data (the batch's rows), still send this reminder to this chat at this
    instant?"""
    if job.occurrence_id is None or not job.kind.startswith(POLICY_KINDS):
        return True  # digests, notices and snoozes are not computed per occurrence
    occurrence = batch.occurrences.get(job.occurrence_id)
    if occurrence is None or occurrence.retired or occurrence.task.retired:
        return False
    chat = batch.chats.get((job.platform, job.chat_id))
    facts = batch.plans[occurrence.task.plan_id]
    report_dues = facts.report_dues if job.kind == "checkin" else ()
    found = due_reminders([state_of(occurrence.task, occurrence)], job.due_at - timedelta(seconds=1), job.due_at,
                          facts.policy, work_calendar(facts.policy), report_dues)
    return any(r.kind == job.kind and r.chat == (chat.unit if chat else None) for r in found)


def refresh_today(session: Session, plan: Plan, now: datetime, occurrence_ids: list[int] | None = None) -> None:
    """After a change during the day (a date set, an extension, an undo, a chat bound), write the reminders
    the policy now wants for the rest of today; rows no longer wanted are skipped when their time comes.
    occurrence_ids None: the whole plan (a newly bound chat)."""
    if plan.reminders_until is None or plan.reminders_until <= now:
        return  # the day is not written yet: the next tick writes it from the data as it is then
    until = min(plan.reminders_until, next_midnight(now, ZoneInfo(policy_of(plan).timezone)))
    write_rows(session, plan, reminders_between(session, [(plan, now, until)], occurrences=occurrence_ids)[plan.id])


def chat_linked(session: Session, binding: ChatBinding, now: datetime) -> None:
    """A chat was just bound to its unit, in this session: it takes over the unit's "unbound" rows of today
    and of any later day already written, then gets the rest of today's reminders (refresh_today).
    Serialised with the planning of the day (jobs.planning locks the plans it writes, and on SQLite holds
    the one writer from its first read): either the day was written first, and its unbound rows are found
    here, or it is written after this commits, and reads this binding. Either way the group has its day."""
    plan = session.scalars(select(Plan).where(Plan.id == binding.plan_id)  # NO KEY UPDATE: inserts' FKs pass
                           .with_for_update(key_share=True).execution_options(populate_existing=True)).one()
    if binding.platform != "console":  # a person at a terminal, now: no rows (jobs.rows._chats_by_unit)
        unit = session.get(Unit, binding.unit_id)
        _take_over(session, plan, f"unit:{unit.code}", f"{binding.platform}:{binding.chat_id}", now)
    refresh_today(session, plan, now)


def _take_over(session: Session, plan: Plan, unbound: str, chat: str, now: datetime) -> None:
    """The unit's unbound rows from the start of today on are the chat's, pending; one whose reminder the
    chat has already (a chat that moved between two units with a shared digest) is skipped instead."""
    zone = ZoneInfo(policy_of(plan).timezone)
    today = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
    row, twin = ReminderRow, aliased(ReminderRow)
    rows = (row.plan_id == plan.id, row.chat == unbound, row.state == "unbound", row.due_at >= today)
    held = (select(twin.id).where(twin.plan_id == row.plan_id, twin.subject == row.subject, twin.kind == row.kind,
                                  twin.due_at == row.due_at, twin.chat == chat).exists())
    connection = session.connection()
    connection.execute(update(row).where(*rows, ~held).values(chat=chat, state="pending"))
    connection.execute(update(row).where(*rows).values(state="skipped", error=f"{chat} has it already"))
