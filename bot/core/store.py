"""What a chat command may read and write, and nothing else: the ChatStore a handler is given (Context.store).

One update is one unit of work on one store: what the handler changes is written with the reply, or not at
all. Every change goes through `change` or `undo`, which record who made it, when and from which chat and
message, with the state before and after, so that it can be undone. The rows a store hands out are read
through the protocols below (the ORM's objects, or plain rows with the same attributes): a handler reads
them, and changes an occurrence only through the store.

Implementations: storage.stores.SessionStore (the ORM Session: lists, files, the city), ConnectionStore (one
Connection, prebuilt statements: the status commands, answered on the event loop), each completed by
bot.core.sql with the reminder engine's rows; tests/support/memory_store.py keeps it all in memory, for the
handlers' unit tests.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from plan_data.access import Reach, Scope
from plan_data.figures import Counts
from plan_data.model import TaskSpec
from storage.changes import Author
from storage.queries import Found


class PlanRow(Protocol):
    """The plan's own settings, as a chat's binding carries them."""

    id: int
    commune: str
    province: str
    year: int
    require_confirmation: bool
    imported_at: datetime
    policy: dict[str, Any]
    timezone: str
    tenant: str  # plan_data.tenants: the tenant whose bots serve it


class CommuneLine(Protocol):
    """A commune of the city's reach, as its figures are kept (storage.overview.CommuneRow)."""

    id: int
    commune: str
    year: int
    policy: dict[str, Any]


class UnitRow(Protocol):
    id: int
    plan_id: int
    code: str
    name: str
    kind: str  # internal | external | role
    focal: bool


class PlanInFull(PlanRow, Protocol):
    """The plan with what its files and its summary show (`ChatStore.plan`)."""

    title: str
    decision: str
    sections: dict[str, Any]
    units: Sequence[UnitRow]
    reminders_until: datetime | None


class BoundUnit(UnitRow, Protocol):
    plan: PlanRow


class BindingRow(Protocol):
    id: int
    active: bool
    unit: BoundUnit


class ChangeRow(Protocol):
    """One audited change: who (platform, user), when, from where (chat, message), the state before and after."""

    id: int
    occurrence_id: int
    occurrence: OccurrenceRow
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
    evidence: dict[str, Any] | None
    undone: bool


class OccurrenceRow(Protocol):
    id: int
    task_id: int
    seq: int
    label: str
    opens: date | None
    planned_due: date | None
    due: date | None
    date_set_in_chat: bool
    status: str
    progress: int
    done_at: datetime | None
    done_by: str | None
    note: str
    retired: bool


class Responsible(Protocol):
    id: int
    code: str
    name: str


class PersonRow(Protocol):
    """An officer of a unit as a platform knows them (storage.people)."""

    id: int
    unit_id: int
    platform: str
    user_id: str
    name: str
    handle: str


class TaskRow(Protocol):
    id: int
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
    kind: str
    event_offset_days: int | None
    leads: list[Any]
    coordinators: list[Any]
    notes: list[Any]
    trigger: str
    responsible_id: int
    responsible: Responsible
    source_document: str  # an assigned task (plan_data.assigned): the document it follows, who gave it, when
    assigned_by: str
    assigned_at: datetime | None
    person_id: int | None  # the officer on it (PersonRow), set through `change` (storage.changes.TASK_TRACKED)
    occurrences: Sequence[OccurrenceRow]  # in order; with_history: each with its `changes`, oldest first


class ExplanationRow(Protocol):
    """A «giải trình» request and its answer (storage.models.Explanation)."""

    id: int
    occurrence_id: int
    asked_at: datetime
    asked_by: str
    due: date
    answered_at: datetime | None
    reason: str
    proposed_due: date | None
    withdrawn: bool


class PartRow(Protocol):
    """A coordinating unit's part of an occurrence (storage.models.TaskPart, plan_data.parts)."""

    occurrence_id: int
    unit_code: str
    status: str
    progress: int
    at: datetime
    by: str


class ChatStore(Protocol):
    """One update's reads and writes. Reads see the store's own writes; nothing is committed by the store."""

    def binding_for(self, platform: str, chat_id: str) -> BindingRow | None:
        """The chat's binding (active or not), with its unit and plan; None: never linked."""

    def plan(self, plan_id: int) -> PlanInFull:
        """The plan in full: its sections, units, title and decision (a summary, a file)."""

    def tasks_by_number(self, plan_id: int, numbers: list[str], with_history: bool = False) -> Found:
        """Each number -> the current tasks it names (storage.queries.Found), with their occurrences."""

    def plan_tasks(self, plan: PlanRow, with_history: bool = False) -> list[TaskRow]:
        """The plan's current tasks in the plan's order, with their occurrences and responsible unit."""

    def event_tasks(self, plan_id: int) -> list[TaskRow]:
        """The plan's current event tasks ("Sau khi …"), with their occurrences."""

    def commune_figures(self, reach: Reach, today: date) -> list[tuple[CommuneLine, Counts]]:
        """Each commune of the city's reach that has tasks, by name, with its year's figures as of `today`, as
        the city's board page shows them (storage.commune_figures). Read only."""

    def communes(self, reach: Reach, only: Collection[int]) -> list[tuple[CommuneLine, list[Any]]]:
        """These communes of the reach that have tasks, by name, with their current tasks, each with its
        responsible unit's code and its occurrences (storage.overview): what the city's «quá hạn» lists. Read only."""

    def change(self, occurrence: OccurrenceRow, action: str, author: Author, now: datetime, *, remark: str = "",
               evidence: dict[str, Any] | None = None, **fields: Any) -> None:
        """Sets `fields` on the occurrence, recorded with its author and the state before and after."""

    def last_change(self, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                    message: str | None = None) -> ChangeRow | None:
        """The newest change to these occurrences still standing (undoable); `chat`: made from that chat
        (platform, chat id); `message`: by that message of it."""

    def last_closing(self, occurrence_id: int) -> ChangeRow | None:
        """The change still standing that closed the occurrence as it stands (a «xong», an approval)."""

    def undo(self, target: ChangeRow, author: Author, now: datetime) -> None:
        """Puts back what `target` set, marks it undone, and records the undo as a change of its own."""

    def replan_today(self, plan: PlanRow, now: datetime, occurrence_ids: list[int]) -> None:
        """A date changed during the day: the rest of today's reminders of these occurrences, as the policy
        now wants them (the day's rows were written at midnight)."""

    def meet(self, unit_id: int, platform: str, user_id: str, name: str, handle: str, now: datetime) -> int:
        """The person of this unit and platform user, added or brought up to date: their id."""

    def people(self, unit_id: int) -> list[PersonRow]:
        """The people known in a unit, by name."""

    def person(self, person_id: int) -> PersonRow | None:
        """One person."""

    def people_ids(self, plan_id: int, platform: str, user_id: str) -> set[int]:
        """The platform user as a person of each unit of the plan they speak in: what «việc của tôi» lists by."""

    def snooze(self, plan: PlanRow, occurrence: OccurrenceRow, platform: str, chat_id: str, now: datetime) -> datetime:
        """One more reminder of the occurrence to this chat, on the next working day: when."""

    def explanations(self, occurrence_ids: list[int]) -> Sequence[ExplanationRow]:
        """The «giải trình» requests of these occurrences, withdrawn ones too, oldest first."""

    def ask_explanation(self, plan: PlanRow, occurrence: OccurrenceRow, author: Author, now: datetime, due: date,
                        remark: str) -> int:
        """A request, recorded as a change of the occurrence, and its row to the lead unit's chats: how many
        chats it goes to (0: the unit has none yet; an "unbound" row waits for one)."""

    def answer_explanation(self, plan: PlanRow, request: ExplanationRow, occurrence: OccurrenceRow, author: Author,
                           now: datetime, reason: str, proposed: date | None, remark: str) -> int:
        """The unit's answer, recorded as a change of the occurrence, and its row to the chairman's chats."""

    def withdraw_explanation(self, change_id: int) -> None:
        """The change of a request or an answer was undone: the request withdrawn, or its answer taken off."""

    def parts(self, occurrence_ids: list[int]) -> Sequence[PartRow]:
        """The coordinating units' parts of these occurrences."""

    def report_part(self, occurrence: OccurrenceRow, code: str, step: Any, action: str, author: Author,
                    now: datetime, remark: str) -> None:
        """The unit's part set as `step` (plan_data.parts.PartStep) says, recorded as a change of the occurrence."""

    def undo_part(self, target: ChangeRow) -> None:
        """The change of a part was undone: the part put back as it was before it."""

    def numbers_given(self, plan_id: int) -> list[str]:
        """Every number the plan's tasks hold or held, withdrawn ones too: the next «G<n>» repeats none."""

    def assign(self, plan: PlanRow, task: TaskSpec, document: str, author: Author, now: datetime) -> TaskRow:
        """Adds the assigned task (plan_data.assigned) to the plan, with its document, who, when and from where."""

    def tell_unit(self, plan_id: int, code: str, subject: str, text: str, now: datetime) -> int:
        """A notice to the unit's chats, sent by the next tick like any reminder: how many chats it goes to."""

    def issue_link(self, platform: str, chat_id: str, kind: str, scope: Scope, by: str, now: datetime,
                   expires_at: datetime) -> str:
        """A new board or feed link of the chat (storage.access_links): the random id the signed link carries."""

    def revoke_links(self, platform: str, chat_id: str, by: str, now: datetime) -> int:
        """Every link of the chat that still opens stops opening, boards and feeds alike: how many."""
