"""Loads a PlanSpec into the database in one transaction; loading it again never loses a status or history.

Tasks assigned in the chat or from a directive («giao», plan_data.assigned) are not the file's: a load never
matches, retires or renumbers them, and places them after the file's tasks, under their own section.

A task whose time cell says it is already done («Đã ban hành») is loaded done, by the import, with the cell as
its note and an audit row like any change. A unit the plan only proposed (nobody knew it) is never created
here: the caller accepts it first (`plan import --accept-units`), or the load is refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from plan_data import assigned
from plan_data.chaining import waits_for
from plan_data.grammar.frame import Slot
from plan_data.lifecycle import Act, State
from plan_data.model import PlanError, PlanSpec, RowError, TaskSpec
from plan_data.periods import occurrence_slots, report_dates
from plan_data.policy import policy_of
from plan_data.readers.diffing import UNLIKE, match_tasks, similarity
from storage.bindings import forget_all
from storage.changes import Author, change, last_change
from storage.models import Occurrence, Plan, StatusChange, Task, Unit
from storage.queries import commune_key

IMPORT_AUTHOR = Author("cli", "plan-import", "Nạp kế hoạch", "cli")
TAKEN_BY_ASSIGNED = "số {number} đã là một nhiệm vụ được giao trong kế hoạch: đổi số của dòng này rồi nạp lại"
PROPOSED_REFUSED = ("kế hoạch có đơn vị chưa ai biết ({units}): nạp với --accept-units để tạo, hoặc xuất tệp dữ "
                    "liệu (plan export), sửa mục units: rồi nạp tệp đó")


@dataclass
class LoadSummary:
    plan_id: int
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old number, new number)
    # tasks with a history that this load would retire, renumber or make say something else: a person confirms
    detached: list[str] = field(default_factory=list)
    existed: bool = False


def load_plan(session: Session, spec: PlanSpec, now: datetime) -> LoadSummary:
    """Creates or updates the commune's plan for its year; the caller's transaction makes it all or nothing.
    An update matches each task to the one it was (plan_data.readers.diffing), so a task keeps its history when its
    number or wording changes; what it would retire or renumber with a history is listed in `detached`."""
    proposed = [f"{u.name} ({u.code})" for u in spec.units if u.proposed]
    if proposed:
        raise PlanError([RowError(0, "", PROPOSED_REFUSED.format(units=", ".join(proposed)))])
    forget_all(session)
    plan = same_plan(session, spec.commune, spec.year)
    summary = LoadSummary(0, existed=plan is not None)
    if plan is None:
        plan = Plan(commune=spec.commune, year=spec.year, imported_at=now)
        session.add(plan)
    plan.title, plan.province, plan.decision, plan.level = spec.title, spec.province, spec.decision, spec.level
    plan.timezone, plan.require_confirmation = spec.timezone, spec.require_confirmation
    plan.imported_at, plan.policy = now, dict(spec.policy)
    plan.sections = dict(spec.sections) | {k: v for k, v in (plan.sections or {}).items() if k == assigned.SECTION}
    session.flush()
    summary.plan_id = plan.id
    units = _load_units(session, plan, spec)
    _refuse_taken_numbers(session, plan, spec)
    tasks = _matched_tasks(session, plan, spec, summary)
    _after_the_plan(session, plan, len(spec.tasks))
    slots = _slots_of(spec)
    loaded: list[Task] = []
    for position, task_spec in enumerate(spec.tasks):
        task = tasks.get(task_spec.number)
        if task is None:
            task = Task(plan_id=plan.id, number=task_spec.number)
            session.add(task)
            summary.created.append(task_spec.number)
        elif _task_fields(task) != _spec_fields(task_spec, task.position, units):  # a move alone is no edit
            summary.updated.append(task_spec.number)
        else:
            summary.unchanged.append(task_spec.number)
        apply_spec(task, task_spec, position, units)
        loaded.append(task)
        session.flush()
        new = load_occurrences(session, task, slots(task_spec))
        if task_spec.schedule.state == "done":
            _done_as_written(session, new, task_spec, now)
    _link_triggers(loaded)
    return summary


def _link_triggers(tasks: list[Task]) -> None:
    """Each event task that waits for another task of the plan ("Sau khi UBND xã ban hành Kế hoạch …") keeps
    that task's number: it is dated by that completion, never nudged to be dated by hand."""
    dated = [t for t in tasks if t.kind != "event"]
    for task in tasks:
        if task.kind == "event":
            task.trigger = next((t.number for t in dated if waits_for(task.time_expression, t)), "")


def _slots_of(spec: PlanSpec):  # noqa: ANN202 (a function of a task)
    """Each task's occurrences: an ongoing task gets one a reporting period (plan_data.periods)."""
    policy = policy_of(spec)
    reports = report_dates([(t.schedule.kind.value, t.product, t.schedule.due) for t in spec.tasks])

    def slots(task: TaskSpec) -> tuple[Slot, ...]:
        return occurrence_slots(task.schedule, spec.year, reports, policy.ongoing_periods, policy.report_cutoff_day)

    return slots


def same_plan(session: Session, commune: str, year: int) -> Plan | None:
    """The plan of that commune and year, its name matched folded: "xã Nam An Phụ" is "Nam An Phụ"."""
    wanted = commune_key(commune)
    return next((p for p in session.scalars(select(Plan).where(Plan.year == year)) if commune_key(p.commune) == wanted),
                None)


def _matched_tasks(session: Session, plan: Plan, spec: PlanSpec, summary: LoadSummary) -> dict[str, Task]:
    """The plan's tasks by the number each now has: matched to the new plan, renumbered where it moved (through
    a number no task holds, as two may swap), retired where it is gone."""
    existing = {t.number: t for t in session.scalars(select(Task).where(Task.plan_id == plan.id,
                                                                         Task.source != assigned.SOURCE))}
    found = match_tasks([(n, t.content) for n, t in existing.items()], [(t.number, t.content) for t in spec.tasks])
    history = _with_history(session, [t.id for t in existing.values()])
    moved = found.renumbered()
    for old, _new in moved:
        existing[old].number = f"~{existing[old].id}"
    wanted = {t.number for t in spec.tasks}
    for old in found.retired:  # a task gone from the plan gives its number up to the one that now has it
        if old in wanted:
            existing[old].number = f"{old}~{existing[old].id}"[:32]
    session.flush()
    for old, new in moved:
        existing[old].number = new
    summary.renumbered = moved
    contents = {t.number: t.content for t in spec.tasks}
    summary.detached = [old for old, _new in moved if existing[old].id in history]
    summary.detached += [n for n, o in found.pairs.items() if n == o and existing[o].id in history
                         and similarity(existing[o].content, contents[n]) < UNLIKE]
    for old in found.retired:
        task = existing[old]
        if not task.retired:
            task.retired = True
            summary.retired.append(old)
            if task.id in history:
                summary.detached.append(old)
    return {new: existing[old] for new, old in found.pairs.items()}


def _refuse_taken_numbers(session: Session, plan: Plan, spec: PlanSpec) -> None:
    """A task of the file numbered as an assigned one («G1»): refused by name, never merged with it."""
    given = set(session.scalars(select(Task.number).where(Task.plan_id == plan.id, Task.source == assigned.SOURCE)))
    taken = [t.number for t in spec.tasks if t.number in given]
    if taken:
        raise PlanError([RowError(0, n, TAKEN_BY_ASSIGNED.format(number=n)) for n in taken])


def _after_the_plan(session: Session, plan: Plan, count: int) -> None:
    """The assigned tasks, in the order given, after the file's `count` tasks."""
    given = session.scalars(select(Task).where(Task.plan_id == plan.id, Task.source == assigned.SOURCE)
                            .order_by(Task.position, Task.id))
    for offset, task in enumerate(given):
        task.position = count + offset


def _with_history(session: Session, task_ids: list[int]) -> set[int]:
    """The tasks someone has acted on: a change recorded, or a state other than the plan's own."""
    if not task_ids:
        return set()
    changed = select(Occurrence.task_id).join(StatusChange).where(Occurrence.task_id.in_(task_ids))
    acted = select(Occurrence.task_id).where(Occurrence.task_id.in_(task_ids), or_(
        Occurrence.status != State.OPEN, Occurrence.progress > 0, Occurrence.date_set_in_chat.is_(True)))
    return set(session.scalars(changed.union(acted)))


def _load_units(session: Session, plan: Plan, spec: PlanSpec) -> dict[str, Unit]:
    units = {u.code: u for u in session.scalars(select(Unit).where(Unit.plan_id == plan.id))}
    for unit_spec in spec.units:
        unit = units.get(unit_spec.code)
        if unit is None:
            unit = units[unit_spec.code] = Unit(plan_id=plan.id, code=unit_spec.code)
            session.add(unit)
        unit.name, unit.kind, unit.focal = unit_spec.name, unit_spec.kind.value, unit_spec.focal
        unit.aliases = list(unit_spec.aliases)
    session.flush()
    return units


_TASK_COLUMNS = (
    "position", "section", "content", "group_title", "lead_text", "coordinators_text", "time_expression",
    "product", "source", "kind", "event_offset_days", "leads", "coordinators", "responsible_id", "retired", "shown",
    "notes",
)


def _spec_fields(spec: TaskSpec, position: int, units: dict[str, Unit]) -> dict[str, object]:
    return {
        "position": position, "section": spec.section, "content": spec.content, "group_title": spec.group,
        "lead_text": spec.lead_text, "coordinators_text": spec.coordinators_text,
        "time_expression": spec.time_expression, "product": spec.product, "source": spec.source,
        "kind": spec.schedule.kind.value, "event_offset_days": spec.schedule.event_offset_days,
        "leads": list(spec.leads), "coordinators": list(spec.coordinators),
        "responsible_id": units[spec.responsible].id, "retired": False, "shown": spec.shown,
        "notes": [list(pair) for pair in spec.extra],
    }


def _task_fields(task: Task) -> dict[str, object]:
    return {name: getattr(task, name) for name in _TASK_COLUMNS}


def apply_spec(task: Task, spec: TaskSpec, position: int, units: dict[str, Unit]) -> None:
    """The task's columns as the spec sets them (storage.assigning: an assigned task too)."""
    for name, value in _spec_fields(spec, position, units).items():
        setattr(task, name, value)


def load_occurrences(session: Session, task: Task, slots: tuple[Slot, ...]) -> list[Occurrence]:
    """The task's occurrences as the plan now sets them; returns the ones made new."""
    existing = {o.seq: o for o in session.scalars(select(Occurrence).where(Occurrence.task_id == task.id))}
    made: list[Occurrence] = []
    for seq, slot in enumerate(slots):
        occurrence = existing.pop(seq, None)
        if occurrence is None:
            occurrence = Occurrence(task_id=task.id, seq=seq, label=slot.label, opens=slot.opens,
                                    planned_due=slot.due, due=slot.due)
            session.add(occurrence)
            made.append(occurrence)
            continue
        occurrence.label, occurrence.opens = slot.label, slot.opens
        occurrence.retired = _ended(session, occurrence)  # a period «kết thúc» dropped stays dropped
        _redate(occurrence, slot)
    for occurrence in existing.values():
        occurrence.retired = True
    return made


def _ended(session: Session, occurrence: Occurrence) -> bool:
    """The period was dropped by «kết thúc» (its newest change still standing is that): a re-import keeps it so."""
    if not occurrence.retired:
        return False
    newest = last_change(session, [occurrence.id])
    return newest is not None and newest.action == Act.END


def _done_as_written(session: Session, made: list[Occurrence], spec: TaskSpec, now: datetime) -> None:
    """A task the plan itself says is done («Đã ban hành …»): done by the import, the cell kept as the note, with
    an audit row; only when it is new (a re-import never redoes what a person has undone since)."""
    session.flush()
    for occurrence in made:
        change(session, occurrence, Act.DONE, IMPORT_AUTHOR, now, remark=spec.time_expression, status=State.DONE.value,
               done_at=now, done_by=IMPORT_AUTHOR.user_name, note=spec.time_expression)


def _redate(occurrence: Occurrence, slot: Slot) -> None:
    """A new plan date replaces the old one; an extension or a date set in chat is kept."""
    if slot.due is None:
        if not occurrence.date_set_in_chat:
            occurrence.planned_due = occurrence.due = None
        return
    extended = occurrence.due != occurrence.planned_due
    occurrence.planned_due, occurrence.date_set_in_chat = slot.due, False
    # an extension is kept only while it is later than the plan's own (possibly amended) date
    occurrence.due = max(slot.due, occurrence.due) if extended and occurrence.due else slot.due


def rehearse(spec: PlanSpec, now: datetime) -> None:
    """Loads the plan into a throwaway in-memory database and rolls it back, so that `plan check` refuses what
    `plan import` would: PlanError naming the database's objection."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    from plan_data.model import PlanError, RowError
    from storage.models import Base

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            load_plan(session, spec, now)
            session.flush()
            session.rollback()
    except SQLAlchemyError as refused:
        raise PlanError([RowError(0, "", f"cơ sở dữ liệu từ chối: {getattr(refused, 'orig', refused)}")]) from None
    finally:
        engine.dispose()
