"""Is a reminder row still right when its time comes? Rows are written at midnight for the whole day;
a task extended at 07:40 must not get an 08:00 "quá hạn", and a date set in chat at 07:50 should still
get its 08:00 "hôm nay đến hạn". The policy, asked again for one occurrence, decides both."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jobs.policy import due_reminders
from jobs.reminders import (
    calendar,
    next_midnight,
    occurrence_states,
    policy_of,
    state_of,
    write_rows,
)
from storage.models import ChatBinding, Occurrence, Plan, Task, Unit

POLICY_KINDS = ("before-", "due", "opens", "overdue", "escalate", "report", "checkin", "nudge")


def still_due(session: Session, kind: str, occurrence_id: int | None, due_at: datetime, platform: str,
              chat_id: str) -> bool:
    """Would the policy, on today's data, still send this reminder to this chat at this instant?"""
    if occurrence_id is None or not kind.startswith(POLICY_KINDS):
        return True  # digests, notices and snoozes are not computed per occurrence
    occurrence = session.scalar(select(Occurrence).where(Occurrence.id == occurrence_id)
                                .options(selectinload(Occurrence.task).selectinload(Task.responsible)))
    if occurrence is None or occurrence.retired or occurrence.task.retired:
        return False
    unit = session.scalar(select(Unit.code).join(ChatBinding, ChatBinding.unit_id == Unit.id)
                          .where(ChatBinding.platform == platform, ChatBinding.chat_id == chat_id))
    plan = session.get(Plan, occurrence.task.plan_id)
    report_dues = occurrence_states(session, plan)[1] if kind == "checkin" else ()
    found = due_reminders([state_of(occurrence.task, occurrence)], due_at - timedelta(seconds=1), due_at,
                          policy_of(plan), calendar(policy_of(plan)), report_dues)
    return any(r.kind == kind and r.chat == unit for r in found)


def refresh_today(session: Session, plan: Plan, now: datetime, occurrence_ids: list[int] | None = None) -> None:
    """After a change during the day (a date set, an extension, an undo, a chat bound), write the reminders
    the policy now wants for the rest of today; rows no longer wanted are skipped when their time comes.
    occurrence_ids None: the whole plan (a newly bound chat)."""
    if plan.reminders_until is None or plan.reminders_until <= now:
        return  # the day is not written yet: the next tick writes it from the data as it is then
    states, report_dues = occurrence_states(session, plan)
    if occurrence_ids is not None:
        states = [s for s in states if s.occurrence_id in occurrence_ids]
    policy = policy_of(plan)
    until = min(plan.reminders_until, next_midnight(now, ZoneInfo(policy.timezone)))
    write_rows(session, plan, due_reminders(states, now, until, policy, calendar(policy), report_dues))

