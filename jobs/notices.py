"""What a reminder says, written when it is sent, from the task's state at that moment."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from jobs import texts
from jobs.claims import Job
from jobs.messages import TEXT_KINDS, Attachment, Button, Mention, Message
from jobs.preload import Batch, OccurrenceFacts, PersonFacts, PlanFacts, load, unit_chat
from plan_data import wording
from plan_data.agenda import overdue_items, upcoming_items
from plan_data.figures import Period, plan_figures
from plan_data.light import risk_of
from plan_data.parts import Tally
from plan_data.permissions import Role
from plan_data.reminder_rules import MEETING
from plan_data.status import days_late, is_closed
from plan_data.zone import local_day
from storage.models import Explanation, Plan, Task
from storage.queries import plan_tasks

DIGEST_UPCOMING_DAYS = 7
AgendaFile = Callable[[Plan, list[Task], date, list[Explanation]], Attachment]  # the «giao ban» agenda: bot.files.builders.meeting_file


def task_buttons(number: str) -> tuple[Button, ...]:
    return (Button(texts.BUTTON_DONE, f"xong {number}"), Button(texts.BUTTON_DETAIL, f"nv {number}"),
            Button(texts.BUTTON_SNOOZE, f"nhắc lại {number}"))


def reminder_message(session: Session, kind: str, occurrence_id: int | None, plan_id: int, now: datetime,
                     to: str = "", agenda: AgendaFile | None = None, due_at: datetime | None = None) -> Message | None:
    """The message of one reminder; None when there is nothing left to say (the task is gone). `to`: the code
    of the unit it goes to (a console, `nhacviec simulate`), whose role some messages depend on; `due_at`: its
    instant, when it is sent later than that (a meeting's agenda names the meeting's day)."""
    job = Job(0, plan_id, kind, "", occurrence_id, due_at or now, "", "")
    batch = load(session, [job])
    chat = unit_chat(session, plan_id, to) if to else None
    if chat is not None:
        batch.chats[("", "")] = chat
    return message_of(batch, job, now, agenda)


def message_of(batch: Batch, job: Job, now: datetime, agenda: AgendaFile | None = None) -> Message | None:
    """The message of one reminder of a batch, written from the batch's rows (jobs.preload); `agenda`: the maker
    of the monthly meeting's file, handed down by whoever wires the engine (it is built above this floor)."""
    if job.kind in TEXT_KINDS:
        return Message(batch.notices.get(job.id, ""))
    facts = batch.plans[job.plan_id]
    if job.kind == "digest":
        return digest_of(facts.plan, batch.tasks[job.plan_id], now)
    if job.kind == MEETING:
        return meeting_of(facts.plan, batch.tasks[job.plan_id], now, agenda, local_day(job.due_at),
                          batch.explanations.get(job.plan_id, []))
    occurrence = batch.occurrences.get(job.occurrence_id) if job.occurrence_id is not None else None
    if occurrence is None or occurrence.retired or occurrence.task.retired:  # a period ended, a task gone
        return None
    chat = batch.chats.get((job.platform, job.chat_id))
    if job.kind == "escalate" and chat is not None and chat.role is Role.LEADER:
        return _to_the_chairman(occurrence, now)
    text = _sentence(job.kind, occurrence, now, facts) + _parts(batch.parts.get(occurrence.id))
    text, mentions = _with_person(text, occurrence.task.person, job.platform)
    return Message(text, task_buttons(occurrence.task.number), mentions)


def _parts(count: Tally | None) -> str:
    """The lead's reminder says how many coordinating units have done their part: they inform, never block."""
    return texts.REMIND_PARTS.format(done=count.done, total=count.total) if count else ""


def _with_person(text: str, person: PersonFacts | None, platform: str) -> tuple[str, tuple[Mention, ...]]:
    """The reminder naming the task's person: on their own platform "@lan" where they have a handle, else
    their name, linked to them (a Telegram text mention); elsewhere (their Zalo name in a Telegram group) the
    name alone."""
    if person is None:
        return text, ()
    if person.platform == platform and person.handle:
        return text + texts.REMIND_PERSON.format(person=f"@{person.handle}"), ()
    mentions = (Mention(person.name, person.user_id),) if person.platform == platform else ()
    return text + texts.REMIND_PERSON.format(person=person.name), mentions


def _to_the_chairman(occurrence: OccurrenceFacts, now: datetime) -> Message:
    """The escalation step that reaches the chairman: the task, its days late, its unit, and how to ask the
    unit why («giải trình 17»)."""
    task = occurrence.task
    text = texts.REMIND_ESCALATE_LEADER.format(**_overdue_fields(occurrence, local_day(now)))
    return Message(text, (Button(texts.BUTTON_EXPLAIN, f"giải trình {task.number}"),
                          Button(texts.BUTTON_DETAIL, f"nv {task.number}")))


def _fields(occurrence: OccurrenceFacts, today: date) -> dict[str, object]:
    task = occurrence.task
    return {"task": wording.task_name(task.number, task.content), "number": task.number,
            "label": f" ({occurrence.label})" if occurrence.label else "", "label_plain": occurrence.label,
            "due": wording.day_with_weekday(occurrence.due), "opens": wording.day(occurrence.opens),
            "days": (occurrence.due - today).days if occurrence.due else 0, "unit": task.responsible.name,
            "expression": task.time_expression}


def _overdue_fields(occurrence: OccurrenceFacts, today: date) -> dict[str, object]:
    """The fields with the days late as the chat read it when it was sent: one reported since (a console
    replaying the morning) counts from its due day too, not "0 ngày"."""
    fields = _fields(occurrence, today)
    fields["days"] = days_late(occurrence, today)
    if not fields["days"] and is_closed(occurrence) and occurrence.due:
        fields["days"] = max(0, (today - occurrence.due).days)
    return fields


def _sentence(kind: str, occurrence: OccurrenceFacts, now: datetime, facts: PlanFacts) -> str:
    task = occurrence.task
    today = local_day(now)
    fields = _fields(occurrence, today)
    if (kind.startswith("before-") or kind == "due") and occurrence.due:
        kind = _as_of_today(fields["days"])  # a catch-up says what is true when it is sent
    if kind.startswith("before-"):
        return texts.REMIND_BEFORE.format(**fields)
    if kind in ("overdue", "escalate"):
        fields = _overdue_fields(occurrence, today)
        return (texts.REMIND_OVERDUE if kind == "overdue" else texts.REMIND_ESCALATE).format(**fields)
    if kind == "report":
        if facts.focal and task.responsible.name == facts.focal:  # the focal point sends its report to no one
            return texts.REMIND_REPORT_OWN.format(**fields)
        return texts.REMIND_REPORT.format(focal=facts.focal or "đầu mối CCHC", **fields)
    if kind == "checkin":
        report_due = next((due for due in facts.report_dues if due >= today), None)
        return texts.REMIND_CHECKIN.format(report_due=wording.day(report_due), **fields)
    if kind == "snooze":
        when = f"hạn {fields['due']} · {wording.days_phrase(fields['days'])}" if occurrence.due else "chưa có hạn"
        return texts.REMIND_SNOOZE.format(when=when, **fields)
    template = {"due": texts.REMIND_DUE, "opens": texts.REMIND_OPENS, "nudge": texts.REMIND_NUDGE}[kind]
    return template.format(**fields)


def _as_of_today(days: int) -> str:
    """A "before" or "due" reminder sent late (after downtime) is worded for the day it goes out: no
    "Còn 0 ngày", no "Hôm nay đến hạn" the day after."""
    return "before-" if days > 0 else "due" if days == 0 else "overdue"


def digest(session: Session, plan: Plan, now: datetime) -> Message:
    """Monday's digest for the chairman and the focal point: every unit's overdue tasks, what is due this
    week, and what waits for an event."""
    return digest_of(plan, plan_tasks(session, plan), now)


def digest_of(plan: Plan, tasks: list[Task], now: datetime) -> Message:
    """The digest from the plan's current tasks (storage.queries.plan_tasks)."""
    today, risk = local_day(now), risk_of(plan)
    waiting = _without_date(tasks, "event")
    undated = _without_date(tasks, "undated")
    _rows, figures = plan_figures(tasks, today, Period.year(plan.year), risk=risk)
    parts = [texts.DIGEST_HEADER.format(commune=plan.commune, today=wording.day_with_weekday(today)),
             texts.DIGEST_FIGURES.format(columns=wording.counts_header(), figures=wording.counts_line(figures.total)),
             wording.overdue_list(overdue_items(tasks, today, risk), today, everyone=True),
             wording.upcoming_list(upcoming_items(tasks, today, DIGEST_UPCOMING_DAYS, risk), today,
                                   DIGEST_UPCOMING_DAYS, everyone=True)]
    if waiting:
        parts.append(texts.DIGEST_WAITING.format(count=len(waiting), numbers=", ".join(waiting)))
    if undated:
        parts.append(texts.DIGEST_UNDATED.format(count=len(undated), numbers=", ".join(undated), first=undated[0]))
    return Message("\n\n".join(parts))


def _without_date(tasks: list[Task], kind: str) -> list[str]:
    """The numbers of the open tasks of `kind` that have no date yet."""
    return [t.number for t in tasks if t.kind == kind and any(o.due is None and not is_closed(o) and not o.retired
                                                              for o in t.occurrences)]


def meeting_of(plan: Plan, tasks: list[Task], now: datetime, agenda: AgendaFile | None, held: date,
               explanations: Sequence[Explanation] = ()) -> Message:
    """The monthly meeting's agenda for the focal point: a line saying what it holds, and the file, as of now
    (a catch-up after downtime tells what is true when it goes out). Without a maker (a caller that wired
    none) the line says how to ask for the file: never a message that lost it."""
    today = local_day(now)
    fields = {"month": f"{held.month}/{held.year}", "held": wording.day_with_weekday(held), "today": wording.day(today)}
    if agenda is None:
        return Message(texts.MEETING_NO_FILE.format(**fields))
    return Message(texts.MEETING.format(**fields), files=(agenda(plan, tasks, today, list(explanations)),))
