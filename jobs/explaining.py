"""«giải trình» as reminder rows: the request to the lead unit's chats and the answer to the chairman's are
rows of their own kind with their text, sent by the next tick in office hours, once, like any notice; a
request not answered by its due day is raised to the chairman by the day's planning (jobs.rows), in a row
whose key (the request, its kind, its instant, the chat) a restart never writes twice. What is said is here;
when it is said is plan_data.explanations'."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from jobs import texts
from jobs.due import PlanWindow
from jobs.notify import CHAIRMAN, active_chats
from plan_data import wording
from plan_data.explanations import raise_at
from plan_data.policy import policy_of, work_calendar
from plan_data.status import days_late, is_closed
from plan_data.zone import local_day
from storage import explanations
from storage.explanations import subject_of
from storage.models import Explanation, Occurrence, Unit
from storage.models import Reminder as ReminderRow


def chats_of(session: Session, plan_id: int, code: str) -> list[str]:
    """The unit's (or role's) active chats, "telegram:-1001", as its reminders reach them (the console's chat
    is a person at a terminal, now: jobs.rows)."""
    return [f"{b.platform}:{b.chat_id}" for b in active_chats(session, plan_id, Unit.code == code)
            if b.platform != "console"]


def write(session: Session, plan_id: int, request: Explanation, kind: str, code: str, text: str, at: datetime,
          also: Iterable[str] = ()) -> int:
    """A row of `kind` with its text to each chat of the unit `code` (and `also`); a unit with no chat gets an
    "unbound" row, taken over when a chat is linked, so nothing is lost. Returns how many chats it goes to."""
    chats = list(dict.fromkeys([*chats_of(session, plan_id, code), *also]))
    # no occurrence: a claim skips an occurrence's rows once it is done, and the unit's answer must still be told
    base = {"plan_id": plan_id, "occurrence_id": None, "subject": subject_of(request.id),
            "kind": kind, "due_at": at, "text": text, "attempts": 0, "error": ""}
    rows = [{**base, "chat": chat, "state": "pending"} for chat in chats] or \
        [{**base, "chat": f"unit:{code}", "state": "unbound"}]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(ReminderRow).values(rows).on_conflict_do_nothing())
    return len(chats)


def _facts(occurrence: Occurrence, today: date) -> dict[str, object]:
    task = occurrence.task
    return {"task": wording.task_name(task.number, task.content), "number": task.number,
            "label": f" ({occurrence.label})" if occurrence.label else "", "unit": task.responsible.name,
            "due": wording.day(occurrence.due), "days": days_late(occurrence, today)}


def ask(session: Session, plan_id: int, request: Explanation, occurrence: Occurrence, now: datetime) -> int:
    """The request to the lead unit's chats; how many chats it goes to (0: none linked yet)."""
    text = texts.EXPLAIN_ASKED.format(by=request.asked_by, answer_due=wording.day_with_weekday(request.due),
                                      **_facts(occurrence, local_day(now)))
    return write(session, plan_id, request, "explain", occurrence.task.responsible.code, text, now)


def answered(session: Session, plan_id: int, request: Explanation, occurrence: Occurrence, now: datetime) -> int:
    """The answer to the chairman's chats, and to the chat that asked (the focal point's)."""
    number, proposed = occurrence.task.number, request.proposed_due
    accept = (texts.EXPLAIN_ACCEPT.format(number=number, day=f"{proposed:%d/%m/%Y}") if proposed
              else texts.EXPLAIN_ACCEPT_ANY.format(number=number))
    text = texts.EXPLAIN_ANSWERED.format(
        reason=request.reason.rstrip(" .;,"), accept=accept, **_facts(occurrence, local_day(now)),
        proposed=texts.EXPLAIN_PROPOSED.format(day=wording.day(proposed)) if proposed else "")
    asker = [] if request.asked_platform == "console" else [f"{request.asked_platform}:{request.asked_chat}"]
    return write(session, plan_id, request, "explain-answer", CHAIRMAN, text, now, also=asker)


def raise_unanswered(session: Session, windows: Iterable[PlanWindow]) -> int:
    """The requests whose raise falls in a plan's window (start, end]: a row each to the chairman's chats, and
    the request marked raised. Returns how many were raised."""
    windows = {window.plan.id: window for window in windows}
    raised = 0
    for request in explanations.unraised(session, set(windows)):
        plan, _start, end = windows[request.plan_id]
        policy = policy_of(plan)
        at = raise_at(request.due, policy, work_calendar(policy))
        occurrence = request.occurrence
        if at > end or is_closed(occurrence):  # not yet (one whose instant passed unraised goes now); or done since
            continue
        text = texts.EXPLAIN_LATE.format(by=request.asked_by, asked=wording.day(local_day(request.asked_at)),
                                         answer_due=wording.day(request.due), **_facts(occurrence, local_day(at)))
        write(session, plan.id, request, "explain-late", CHAIRMAN, text, at)
        request.raised_at = at
        raised += 1
    return raised
