"""The ChatStore (bot.core.store) in memory: plans, units, tasks, occurrences, bindings and the audited changes
as plain objects, and no database at all, for the handlers' unit tests.

The rules are the database's own, not copies: what a change sets and records and which change an undo takes
back (storage.changes), which task a typed number names (storage.queries.found_by_number), how a plan file
becomes tasks and occurrences (storage.loader's pieces), which the reminder rules want (plan_data.reminder_rules).
What differs is said where it does: a reminder is kept per unit, as the policy names it, not per chat.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from plan_data.access import Reach, opens
from plan_data.figures import Counts, Period, plan_figures
from plan_data.lifecycle import Act, State
from plan_data.light import risk_of
from plan_data.model import PlanSpec
from plan_data.periods import report_dates_of
from plan_data.policy import policy_of, work_calendar
from plan_data.reminder_rules import DueReminder, due_reminders, state_of
from plan_data.tasknumbers import PlanTask
from plan_data.zone import next_midnight
from storage import changes
from storage.changes import Author
from storage.loader import IMPORT_AUTHOR, _link_triggers, _slots_of, _spec_fields
from storage.queries import Found, found_by_number

# Ids of plans, units, tasks and occurrences far from any database's: what a process keeps per plan id
# (bot.core.actions' triggers) never takes a plan here for a stored one.
_IDS = itertools.count(10**9)


@dataclass(eq=False)
class Plan:
    commune: str
    year: int
    imported_at: datetime
    title: str = ""
    province: str = ""
    decision: str = ""
    level: str = "commune"
    timezone: str = "Asia/Ho_Chi_Minh"
    require_confirmation: bool = False
    sections: dict[str, Any] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)
    reminders_until: datetime | None = None  # None: today's reminders not written yet (the tick writes them)
    tenant: str = ""  # plan_data.tenants
    units: list[Unit] = field(default_factory=list, repr=False)
    tasks: list[Task] = field(default_factory=list, repr=False)
    id: int = field(default_factory=lambda: next(_IDS))


@dataclass(eq=False)
class Unit:
    plan: Plan = field(repr=False)
    code: str
    name: str
    kind: str
    focal: bool = False
    id: int = field(default_factory=lambda: next(_IDS))

    @property
    def plan_id(self) -> int:
        return self.plan.id


@dataclass(eq=False)
class Occurrence:
    task_id: int
    seq: int
    label: str
    opens: date | None
    planned_due: date | None
    due: date | None
    date_set_in_chat: bool = False
    status: str = State.OPEN.value
    progress: int = 0
    done_at: datetime | None = None
    done_by: str | None = None
    note: str = ""
    retired: bool = False
    changes: list[Change] = field(default_factory=list, repr=False)  # oldest first
    id: int = field(default_factory=lambda: next(_IDS))


@dataclass(eq=False)
class Task:
    plan_id: int
    number: str
    position: int
    section: str
    content: str
    group_title: str
    lead_text: str
    coordinators_text: str
    time_expression: str
    product: str
    source: str
    kind: str
    event_offset_days: int | None
    leads: list[Any]
    coordinators: list[Any]
    responsible_id: int
    retired: bool
    shown: str
    notes: list[Any]
    responsible: Unit = field(repr=False)
    trigger: str = ""
    source_document: str = ""  # an assigned task's (plan_data.assigned): the memory store assigns none
    assigned_by: str = ""
    assigned_at: datetime | None = None
    person_id: int | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    id: int = field(default_factory=lambda: next(_IDS))


@dataclass(eq=False)
class Change:
    id: int  # numbered from 1 in each store, as a database's table: an undo's note names the change it took back
    occurrence: Occurrence = field(repr=False)
    at: datetime
    action: str
    platform: str
    user_id: str
    user_name: str
    chat_id: str
    message_id: str | None
    before: dict[str, Any]
    after: dict[str, Any]
    note: str
    evidence: dict[str, Any] | None = None  # an undo's has none
    undone: bool = False

    @property
    def occurrence_id(self) -> int:
        return self.occurrence.id


@dataclass(eq=False)
class Request:
    """A «giải trình» request and its answer (storage.models.Explanation)."""

    occurrence_id: int
    asked_at: datetime
    asked_by: str
    due: date
    ask_change_id: int
    answered_at: datetime | None = None
    reason: str = ""
    proposed_due: date | None = None
    answer_change_id: int | None = None
    withdrawn: bool = False
    id: int = field(default_factory=lambda: next(_IDS))


@dataclass(eq=False)
class Person:
    unit_id: int
    platform: str
    user_id: str
    name: str
    handle: str = ""
    id: int = field(default_factory=lambda: next(_IDS))


@dataclass(eq=False)
class Binding:
    platform: str
    chat_id: str
    unit: Unit
    active: bool = True
    id: int = field(default_factory=lambda: next(_IDS))


class MemoryStore:
    """Every plan loaded, every chat bound, every change made, and the reminders asked for, in memory."""

    def __init__(self) -> None:
        self.plans: list[Plan] = []
        self.bindings: dict[tuple[str, str], Binding] = {}
        self.changes: list[Change] = []  # in the order they were made
        self.persons: dict[tuple[int, str, str], Person] = {}  # by unit, platform and user
        self.reminders: dict[tuple[str, str, datetime, str], DueReminder] = {}  # by their unique key
        self._change_ids = itertools.count(1)
        self.requests: list[Request] = []  # «giải trình», oldest first
        self.notices: list[tuple[str, int, str]] = []  # (kind, request id, unit or role told): jobs.explaining's rows
        self.task_parts: dict[tuple[int, str], SimpleNamespace] = {}  # by occurrence and unit: storage.parts
        self.links: list[SimpleNamespace] = []  # board and feed links, oldest first: storage.access_links

    # Filled as storage.loader.load_plan fills a database with a new plan, and storage.invites binds a chat

    def load(self, spec: PlanSpec, now: datetime) -> Plan:
        plan = Plan(spec.commune, spec.year, now, spec.title, spec.province, spec.decision, spec.level, spec.timezone,
                    spec.require_confirmation, dict(spec.sections), dict(spec.policy))
        plan.units = [Unit(plan, u.code, u.name, u.kind.value, u.focal) for u in spec.units]
        units = {unit.code: unit for unit in plan.units}
        slots = _slots_of(spec)
        for position, task_spec in enumerate(spec.tasks):
            fields = _spec_fields(task_spec, position, units)
            task = Task(plan.id, task_spec.number, **fields, responsible=units[task_spec.responsible])
            task.occurrences = [Occurrence(task.id, seq, slot.label, slot.opens, slot.due, slot.due)
                                for seq, slot in enumerate(slots(task_spec))]
            for occurrence in task.occurrences:
                occurrence.task = task  # as the ORM's relation: a change of the task's person goes through it
            plan.tasks.append(task)
            if task_spec.schedule.state == "done":
                for occurrence in task.occurrences:
                    self.change(occurrence, Act.DONE, IMPORT_AUTHOR, now, remark=task_spec.time_expression,
                                status=State.DONE.value, done_at=now, done_by=IMPORT_AUTHOR.user_name,
                                note=task_spec.time_expression)
        _link_triggers(plan.tasks)
        self.plans.append(plan)
        return plan

    def bind(self, plan: Plan, code: str, platform: str, chat_id: str) -> Binding:
        unit = next(u for u in plan.units if u.code == code)
        binding = self.bindings[(platform, chat_id)] = Binding(platform, chat_id, unit)
        return binding

    # What a handler reads

    def binding_for(self, platform: str, chat_id: str) -> Binding | None:
        return self.bindings.get((platform, chat_id))

    def plan(self, plan_id: int) -> Plan:
        return next(plan for plan in self.plans if plan.id == plan_id)

    def plan_tasks(self, plan: Any, with_history: bool = False) -> list[Task]:
        return sorted((t for t in self.plan(plan.id).tasks if not t.retired), key=lambda t: t.position)

    def tasks_by_number(self, plan_id: int, numbers: list[str], with_history: bool = False) -> Found:
        plan = self.plan(plan_id)
        current = self.plan_tasks(plan)

        def load(asked: list[str]) -> list[Task]:
            return [t for t in current if t.number in asked]

        return found_by_number(numbers, load, lambda: [PlanTask(t.number, t.section, str(plan.sections.get(t.section, "")))
                                                       for t in current])

    def event_tasks(self, plan_id: int) -> list[Task]:
        return [t for t in self.plan_tasks(self.plan(plan_id)) if t.kind == "event"]

    def communes(self, reach: Reach, only: Collection[int] | None = None) -> list[tuple[Plan, list[Task]]]:
        city = sorted((p for p in self.plans if reach.holds(p.tenant, p.province, p.year)
                       and (only is None or p.id in only)), key=lambda p: p.commune)
        return [(p, self.plan_tasks(p)) for p in city if self.plan_tasks(p)]

    def commune_figures(self, reach: Reach, today: date) -> list[tuple[Plan, Counts]]:
        return [(p, plan_figures(tasks, today, Period.year(p.year), risk=risk_of(p))[1].total)
                for p, tasks in self.communes(reach)]

    def last_change(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                    message: str | None = None) -> Change | None:
        return next(self._standing(occurrence_ids, chat, message), None)

    def last_closing(self, occurrence_id: int) -> Change | None:
        return changes.closing(self._standing([occurrence_id]))

    def _standing(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                  message: str | None = None) -> Iterator[Change]:
        """The changes of these occurrences still standing, newest first (storage.changes.standing)."""
        return (c for c in reversed(self.changes) if c.occurrence_id in occurrence_ids and changes.stands(c)
                and changes.is_from(c, chat, message))

    # What a handler writes

    def change(self, occurrence: Occurrence, action: str, author: Author, now: datetime, *, remark: str = "",
               evidence: dict[str, Any] | None = None, **fields: Any) -> None:
        self._record(occurrence, changes.applied(occurrence, action, author, now, remark, evidence, fields))

    def undo(self, target: Change, author: Author, now: datetime) -> None:
        self._record(target.occurrence, changes.undone(target.occurrence, target, author, now))

    def _record(self, occurrence: Occurrence, columns: dict[str, Any]) -> None:
        record = Change(next(self._change_ids), occurrence, **columns)
        occurrence.changes.append(record)
        self.changes.append(record)

    def meet(self, unit_id: int, platform: str, user_id: str, name: str, handle: str, now: datetime) -> int:
        """storage.people.meet: added, or brought up to date."""
        person = self.persons.setdefault((unit_id, platform, user_id), Person(unit_id, platform, user_id, name))
        person.name, person.handle = name or user_id, handle
        return person.id

    def people(self, unit_id: int) -> list[Person]:
        return sorted((p for p in self.persons.values() if p.unit_id == unit_id), key=lambda p: (p.name, p.id))

    def person(self, person_id: int) -> Person | None:
        return next((p for p in self.persons.values() if p.id == person_id), None)

    def people_ids(self, plan_id: int, platform: str, user_id: str) -> set[int]:
        units = {u.id for u in self.plan(plan_id).units}
        return {p.id for p in self.persons.values() if p.unit_id in units and (p.platform, p.user_id) == (platform, user_id)}

    def replan_today(self, plan: Any, now: datetime, occurrence_ids: list[int]) -> None:
        """jobs.validity.refresh_today: the reminders the policy now wants for the rest of today."""
        full = self.plan(plan.id)
        if full.reminders_until is None or full.reminders_until <= now:
            return
        states = [state_of(t, o) for t in self.plan_tasks(full) for o in t.occurrences if not o.retired]
        reports = report_dates_of((s.is_report, s.due) for s in states)
        policy = policy_of(full)
        until = min(full.reminders_until, next_midnight(now, ZoneInfo(policy.timezone)))
        wanted = [s for s in states if s.occurrence_id in occurrence_ids]
        for reminder in due_reminders(wanted, now, until, policy, work_calendar(policy), reports):
            self.reminders.setdefault(reminder.key, reminder)

    def explanations(self, occurrence_ids: list[int]) -> list[Request]:
        return [r for r in self.requests if r.occurrence_id in occurrence_ids]

    def ask_explanation(self, plan: Any, occurrence: Occurrence, author: Author, now: datetime, due: date,
                        remark: str) -> int:
        """storage.explanations.ask and jobs.explaining.ask: the request, its change, its row to the unit."""
        self.change(occurrence, Act.EXPLAIN_ASK.value, author, now, remark=remark)
        request = Request(occurrence.id, now, author.user_name, due, self.changes[-1].id)
        self.requests.append(request)
        unit = next(t for t in self.plan(plan.id).tasks if t.id == occurrence.task_id).responsible
        return self._notice("explain", request, unit.code)

    def answer_explanation(self, plan: Any, request: Request, occurrence: Occurrence, author: Author, now: datetime,
                           reason: str, proposed: date | None, remark: str) -> int:
        self.change(occurrence, Act.EXPLAIN.value, author, now, remark=remark)
        request.answered_at, request.reason, request.proposed_due = now, reason, proposed
        request.answer_change_id = self.changes[-1].id
        return self._notice("explain-answer", request, "chutich")

    def withdraw_explanation(self, change_id: int) -> None:
        for request in self.requests:
            if request.ask_change_id == change_id:
                request.withdrawn = True
            elif request.answer_change_id == change_id:
                request.answered_at, request.reason, request.proposed_due, request.answer_change_id = None, "", None, None

    def parts(self, occurrence_ids: list[int]) -> list[SimpleNamespace]:
        return [p for (occurrence_id, _code), p in self.task_parts.items() if occurrence_id in occurrence_ids]

    def report_part(self, occurrence: Occurrence, code: str, step: Any, action: str, author: Author, now: datetime,
                    remark: str) -> None:
        """storage.parts.report: the part set, its change holding it before and after."""
        before = self.task_parts.get((occurrence.id, code))
        self.change(occurrence, action, author, now, remark=remark)
        state = {"unit": code, "status": step.status.value, "progress": step.progress}
        record = self.changes[-1]
        record.before = {**record.before, "part": None if before is None else {
            "unit": code, "status": before.status, "progress": before.progress}}
        record.after = {**record.after, "part": state}
        self.task_parts[(occurrence.id, code)] = SimpleNamespace(
            occurrence_id=occurrence.id, unit_code=code, status=state["status"], progress=state["progress"], at=now,
            by=author.user_name)

    def undo_part(self, target: Change) -> None:
        key = (target.occurrence.id, target.after["part"]["unit"])
        before = target.before["part"]
        if before is None:
            self.task_parts.pop(key, None)
        elif key in self.task_parts:
            self.task_parts[key].status, self.task_parts[key].progress = before["status"], before["progress"]

    def issue_link(self, platform: str, chat_id: str, kind: str, scope: Any, by: str, now: datetime,
                   expires_at: datetime) -> str:
        """storage.access_links.issue: a row with a random id."""
        link = SimpleNamespace(id=f"memory-link-{len(self.links):010d}", platform=platform, chat_id=chat_id, kind=kind, scope=scope,
                               issued_at=now, issued_by=by, expires_at=expires_at, revoked_at=None, revoked_by=None)
        self.links.append(link)
        return link.id

    def revoke_links(self, platform: str, chat_id: str, by: str, now: datetime) -> int:
        found = [link for link in self.links if (link.platform, link.chat_id) == (platform, chat_id)
                 and opens(link.expires_at, link.revoked_at, now)]
        for link in found:
            link.revoked_at, link.revoked_by = now, by
        return len(found)

    def _notice(self, kind: str, request: Request, code: str) -> int:
        self.notices.append((kind, request.id, code))
        return sum(1 for b in self.bindings.values() if b.unit.code == code and b.active)

    def snooze(self, plan: Any, occurrence: Occurrence, platform: str, chat_id: str, now: datetime) -> datetime:
        """jobs.rows.snooze: one more reminder to this chat at send time on the next working day."""
        policy = policy_of(plan)
        zone = ZoneInfo(policy.timezone)
        day = work_calendar(policy).next_working_day(now.astimezone(zone).date() + timedelta(days=1))
        at = datetime.combine(day, policy.send_at, tzinfo=zone)
        task = next(t for t in self.plan(plan.id).tasks if t.id == occurrence.task_id)
        reminder = DueReminder(f"occurrence:{occurrence.id}", "snooze", at, f"{platform}:{chat_id}", task.number,
                               occurrence.id)
        self.reminders.setdefault(reminder.key, reminder)
        return at
