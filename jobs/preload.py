"""The rows a batch of claimed reminders needs, loaded once for the whole batch: the occurrences with their
task, unit and person, the chats they go to, each plan's policy, focal point and report dates, a digest's tasks and a
notice's text. "Still due?" (jobs.validity) and "what does it say?" (jobs.notices) then read these rows in
Python, so a batch of a hundred reminders costs a handful of statements, not a dozen per reminder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobs.claims import Job
from jobs.due import report_due_dates
from jobs.messages import TEXT_KINDS
from plan_data.parts import Tally, coordinating, tally
from plan_data.permissions import Role, role_of
from plan_data.policy import Policy, policy_of
from plan_data.reminder_rules import MEETING
from storage import explanations, parts
from storage.models import ChatBinding, Explanation, Occurrence, Person, Plan, Reminder, Task, TaskPart, Unit
from storage.queries import plans_tasks


@dataclass(frozen=True)
class Chat:
    active: bool
    unit: str  # the code of the unit the chat is bound to
    role: Role = Role.UNIT  # what the chat is to the plan (plan_data.permissions): a step's words depend on it


@dataclass(frozen=True)
class UnitFacts:
    code: str
    name: str


@dataclass(frozen=True)
class PersonFacts:
    """The officer on a task, as a reminder names them (jobs.notices): a mention on their own platform."""

    platform: str
    user_id: str
    name: str
    handle: str


@dataclass(frozen=True)
class TaskFacts:
    """What a reminder reads of a task: its number, words and kind, and the unit responsible."""

    id: int
    plan_id: int
    number: str
    content: str
    kind: str
    product: str
    time_expression: str
    retired: bool
    trigger: str  # the task whose «xong» dates it (plan_data.chaining): no nudge to set a date by hand
    responsible: UnitFacts
    person: PersonFacts | None = None


@dataclass(frozen=True)
class OccurrenceFacts:
    """An occurrence as a reminder reads it (plan_data.status.OccurrenceLike), with its task: plain rows,
    not ORM objects, which cost more to build than the rest of a batch's checks."""

    id: int
    label: str
    opens: date | None
    due: date | None
    planned_due: date | None
    status: str
    progress: int
    done_at: datetime | None
    retired: bool
    task: TaskFacts


_OCCURRENCE = (Occurrence.id, Occurrence.label, Occurrence.opens, Occurrence.due, Occurrence.planned_due,
               Occurrence.status, Occurrence.progress, Occurrence.done_at, Occurrence.retired)
_PERSON = (Person.platform, Person.user_id, Person.name, Person.handle)
_TASK = (Task.id, Task.plan_id, Task.number, Task.content, Task.kind, Task.product, Task.time_expression,
         Task.retired, Task.trigger)


@dataclass(frozen=True)
class PlanFacts:
    plan: Plan
    policy: Policy
    focal: str | None  # the focal point's name
    report_dues: tuple[date, ...]  # the report dates check-ins lead up to (read for check-ins' plans only)


@dataclass
class Batch:
    occurrences: dict[int, OccurrenceFacts] = field(default_factory=dict)  # with their task and its unit
    chats: dict[tuple[str, str], Chat] = field(default_factory=dict)  # (platform, chat id) -> the binding
    plans: dict[int, PlanFacts] = field(default_factory=dict)
    tasks: dict[int, list[Task]] = field(default_factory=dict)  # a digest's or meeting's plan -> its tasks
    notices: dict[int, str] = field(default_factory=dict)  # a notice's row id -> its text
    explanations: dict[int, list[Explanation]] = field(default_factory=dict)  # a meeting's plan -> «giải trình»
    parts: dict[int, Tally] = field(default_factory=dict)  # an occurrence with coordinators -> its parts done


def load(session: Session, jobs: Sequence[Job]) -> Batch:
    """Everything the batch's checks and messages read, in one statement per kind of row."""
    batch = Batch()
    occurrence_ids = {job.occurrence_id for job in jobs if job.occurrence_id is not None}
    if occurrence_ids:
        batch.occurrences = _occurrences(session, occurrence_ids)
        batch.parts = _parts(session, occurrence_ids)
    batch.chats = _chats(session, jobs)
    checking_in = {job.plan_id for job in jobs if job.kind == "checkin"}
    batch.plans = plan_facts(session, {job.plan_id for job in jobs}, checking_in)
    digests = {job.plan_id for job in jobs if job.kind in ("digest", MEETING)}  # both read the whole plan
    if digests:
        batch.tasks = plans_tasks(session, digests)
    for plan_id in {job.plan_id for job in jobs if job.kind == MEETING}:  # the agenda says each one's answer
        ids = [o.id for task in batch.tasks.get(plan_id, []) for o in task.occurrences]
        batch.explanations[plan_id] = explanations.of_occurrences(session, ids)
    notices = [job.id for job in jobs if job.kind in TEXT_KINDS]
    if notices:
        batch.notices = dict(session.execute(select(Reminder.id, Reminder.text).where(Reminder.id.in_(notices))).all())
    return batch


def _occurrences(session: Session, ids: set[int]) -> dict[int, OccurrenceFacts]:
    """The occurrences with their task, its unit and its person (an outer join: most tasks have none)."""
    query = (select(*_OCCURRENCE, *_TASK, Unit.code, Unit.name, *_PERSON).join(Task, Task.id == Occurrence.task_id)
             .join(Unit, Unit.id == Task.responsible_id).outerjoin(Person, Person.id == Task.person_id)
             .where(Occurrence.id.in_(ids)))
    tasks: dict[int, TaskFacts] = {}
    found = {}
    cut, unit = len(_OCCURRENCE), len(_OCCURRENCE) + len(_TASK)
    for row in session.connection().execute(query):
        task = tasks.get(row[cut])
        if task is None:
            person = PersonFacts(*row[unit + 2:]) if row[unit + 2] is not None else None
            task = tasks[row[cut]] = TaskFacts(*row[cut:unit], UnitFacts(*row[unit:unit + 2]), person)
        found[row[0]] = OccurrenceFacts(*row[:cut], task)
    return found


def _parts(session: Session, ids: set[int]) -> dict[int, Tally]:
    """The coordinating units' parts done of each occurrence whose task has coordinators (plan_data.parts)."""
    query = (select(Occurrence.id, Unit.code, Task.leads, Task.coordinators).join(Task, Task.id == Occurrence.task_id)
             .join(Unit, Unit.id == Task.responsible_id).where(Occurrence.id.in_(ids)))
    codes = {oid: found for oid, code, leads, coordinators in session.execute(query)
             if (found := coordinating(code, leads, coordinators))}
    reported: dict[int, list[TaskPart]] = {}
    for part in parts.of_occurrences(session, codes):
        reported.setdefault(part.occurrence_id, []).append(part)
    return {oid: tally(found, reported.get(oid, ())) for oid, found in codes.items()}


def _chats(session: Session, jobs: Iterable[Job]) -> dict[tuple[str, str], Chat]:
    wanted = {(job.platform, job.chat_id) for job in jobs}
    if not wanted:
        return {}
    query = (select(ChatBinding.platform, ChatBinding.chat_id, ChatBinding.active, Unit.code, Unit.kind, Unit.focal)
             .join(Unit, ChatBinding.unit_id == Unit.id)
             .where(ChatBinding.chat_id.in_({chat_id for _platform, chat_id in wanted})))
    return {(platform, chat_id): Chat(active, code, role_of(kind, focal, code))
            for platform, chat_id, active, code, kind, focal in session.execute(query) if (platform, chat_id) in wanted}


def unit_chat(session: Session, plan_id: int, code: str) -> Chat | None:
    """A unit of the plan as a chat bound to it would be (a console, `nhacviec simulate`): what a message to
    it says depends on its role."""
    row = session.execute(select(Unit.kind, Unit.focal).where(Unit.plan_id == plan_id, Unit.code == code)).first()
    return Chat(True, code, role_of(row.kind, row.focal, code)) if row else None


def plan_facts(session: Session, plan_ids: set[int], checking_in: set[int]) -> dict[int, PlanFacts]:
    """Each plan's policy and focal point, and the report dates of the plans in `checking_in` (only a
    check-in reads them): three statements for any number of plans."""
    if not plan_ids:
        return {}
    plans = list(session.scalars(select(Plan).where(Plan.id.in_(plan_ids))))
    focal: dict[int, str] = {}
    names = select(Unit.plan_id, Unit.name).where(Unit.plan_id.in_(plan_ids), Unit.focal.is_(True)).order_by(Unit.id)
    for plan_id, name in session.execute(names):
        focal.setdefault(plan_id, name)
    dues = report_due_dates(session, checking_in) if checking_in else {}
    return {p.id: PlanFacts(p, policy_of(p), focal.get(p.id), tuple(dues.get(p.id, ()))) for p in plans}
