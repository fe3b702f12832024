"""A coordinating unit's part of a task in the database (plan_data.parts): its row, and each report written as
a change of the occurrence (storage.changes: who, when, from where) holding the part before and after under
"part", so that «nv 17» shows it and «hoàn tác 17» from the unit's chat puts the part back. The change sets
no field of the occurrence: the task's state stays the lead's."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_data.parts import PartStep
from storage import changes
from storage.changes import Author
from storage.models import Occurrence, TaskPart

PART = "part"  # the key of a change's before and after that holds the part


def of_occurrences(session: Session, occurrence_ids: Collection[int]) -> list[TaskPart]:
    """The parts of these occurrences, by unit in the order first reported."""
    if not occurrence_ids:
        return []
    return list(session.scalars(select(TaskPart).where(TaskPart.occurrence_id.in_(occurrence_ids))
                                .order_by(TaskPart.id)))


def _state(part: TaskPart | None, code: str) -> dict[str, Any] | None:
    return None if part is None else {"unit": code, "status": part.status, "progress": part.progress}


def report(session: Session, occurrence: Occurrence, code: str, step: PartStep, action: str, author: Author,
           now: datetime, remark: str) -> TaskPart:
    """The unit's part set as `step` says, with its change in the occurrence's history."""
    part = session.scalar(select(TaskPart).where(TaskPart.occurrence_id == occurrence.id, TaskPart.unit_code == code))
    before = _state(part, code)
    record = changes.change(session, occurrence, action, author, now, remark=remark)
    if part is None:
        part = TaskPart(occurrence_id=occurrence.id, unit_code=code)
        session.add(part)
    part.status, part.progress = step.status.value, step.progress
    part.at, part.by, part.platform, part.chat_id = now, author.user_name, author.platform, author.chat_id
    session.flush()
    part.change_id = record.id
    record.before = {**record.before, PART: before}
    record.after = {**record.after, PART: _state(part, code)}
    session.flush()
    return part


def is_part_change(target: Any) -> bool:
    """A change that set a part (its undo puts the part back: undo)."""
    return PART in (target.before or {})


def undo(session: Session, target: Any) -> None:
    """Puts the part back as it was before `target` (a change of this module): gone when it had not been reported."""
    after = (target.after or {}).get(PART) or {}
    code = after.get("unit")
    part = session.scalar(select(TaskPart).where(TaskPart.occurrence_id == target.occurrence_id,
                                                 TaskPart.unit_code == code))
    if part is None:
        return
    before = target.before.get(PART)
    if before is None:
        session.delete(part)
    else:
        part.status, part.progress, part.change_id = before["status"], before["progress"], None
    session.flush()
