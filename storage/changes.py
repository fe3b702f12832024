"""Changing an occurrence: every change is a StatusChange row with its author and the state before and
after, so `nv N` shows the history and `hoàn tác N` can put the state back.

A field of the task itself (its person: TASK_TRACKED) is changed the same way, through one of its
occurrences (`occurrence.task`): the row records that field before and after, and its undo puts it back on
the task."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_data.lifecycle import UNDO_NOTE, Act
from plan_data.status import CLOSED_STATES
from storage.models import Occurrence, StatusChange

TRACKED = ("status", "progress", "due", "planned_due", "date_set_in_chat", "done_at", "done_by", "note", "retired")
TASK_TRACKED = ("person_id",)  # the task's own, recorded only by the changes that set them


@dataclass(frozen=True)
class Author:
    """Who made a change and from where: platform, user, chat and message."""

    platform: str
    user_id: str
    user_name: str
    chat_id: str
    message_id: str | None = None


def snapshot(occurrence: Occurrence) -> dict[str, Any]:
    """The tracked fields as JSON-safe values (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for name in TRACKED:
        value = getattr(occurrence, name)
        out[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def _task_snapshot(occurrence: Any, names: Iterable[str]) -> dict[str, Any]:
    """The task's own fields among `names`, as the occurrence's task holds them."""
    return {name: getattr(occurrence.task, name) for name in names if name in TASK_TRACKED}


def _restore(occurrence: Occurrence, state: dict[str, Any]) -> None:
    for name in TASK_TRACKED:
        if name in state:
            setattr(occurrence.task, name, state[name])
    for name in TRACKED:
        if name not in state:
            continue
        value = state[name]
        if value is not None and name in ("due", "planned_due"):
            value = date.fromisoformat(value)
        elif value is not None and name == "done_at":
            value = datetime.fromisoformat(value)
        setattr(occurrence, name, value)


def change(session: Session, occurrence: Occurrence, action: str, author: Author, now: datetime, *,
           remark: str = "", evidence: dict[str, Any] | None = None, **fields: Any) -> StatusChange:
    """Sets fields on the occurrence and records who did it, with the state before and after."""
    record = StatusChange(occurrence=occurrence, **applied(occurrence, action, author, now, remark, evidence, fields))
    session.add(record)
    return record


def applied(occurrence: Any, action: str, author: Author, now: datetime, remark: str,
            evidence: dict[str, Any] | None, fields: dict[str, Any]) -> dict[str, Any]:
    """Sets the fields on the occurrence (an ORM row or a plain one); the audit row's columns."""
    before = snapshot(occurrence) | _task_snapshot(occurrence, fields)
    for name, value in fields.items():
        setattr(occurrence.task if name in TASK_TRACKED else occurrence, name, value)
    after = snapshot(occurrence) | _task_snapshot(occurrence, fields)
    return {**_columns(action, author, now, before, after, remark), "evidence": evidence}


def _columns(action: str, author: Author, now: datetime, before: dict[str, Any], after: dict[str, Any],
             note: str) -> dict[str, Any]:
    return {"at": now, "action": action, "platform": author.platform, "user_id": author.user_id,
            "user_name": author.user_name, "chat_id": author.chat_id, "message_id": author.message_id,
            "before": before, "after": after, "note": note}


def last_change(session: Session, occurrence_ids: list[int], chat: tuple[str, str] | None = None,
                message: str | None = None) -> StatusChange | None:
    """The newest change to these occurrences that can still be undone; `chat` (platform, chat id): made from
    that chat; `message`: made by that message of it."""
    return session.scalar(select(StatusChange).where(*standing(StatusChange, occurrence_ids),
                                                     *made_from(StatusChange, chat, message))
                          .order_by(StatusChange.id.desc()).limit(1))


def made_from(changes: Any, chat: tuple[str, str] | None, message: str | None = None) -> tuple[Any, ...]:
    """The changes made from a chat (and by one message of it): «hoàn tác» takes back its own chat's."""
    if chat is None:
        return ()
    where = (changes.platform == chat[0], changes.chat_id == chat[1])
    return (*where, changes.message_id == message) if message is not None else where


def is_from(change: Any, chat: tuple[str, str] | None, message: str | None = None) -> bool:
    """made_from, asked of a change in hand."""
    if chat is None:
        return True
    return (change.platform, change.chat_id) == chat and (message is None or change.message_id == message)


def made(target: Any) -> list[str]:
    """The fields a change set: what its undo puts back."""
    before, after = target.before or {}, target.after or {}
    return [name for name in (*TRACKED, *TASK_TRACKED) if name in before and before.get(name) != after.get(name)]


def sets_task(target: Any) -> bool:
    """The change set a field of the task (its person): the store writes the task too."""
    return any(name in (target.before or {}) for name in TASK_TRACKED)


def changed_since(occurrence: Any, target: Any) -> list[str]:
    """The fields `target` set that a later change has set again: undoing it would undo that one too."""
    now = snapshot(occurrence) | (_task_snapshot(occurrence, TASK_TRACKED) if sets_task(target) else {})
    return [name for name in made(target) if not _same(name, now.get(name), (target.after or {}).get(name))]


def _same(name: str, a: Any, b: Any) -> bool:
    """Two snapshot values alike: an instant written in two zones ("…T09:00+07:00", "…T02:00+00:00") is one."""
    if name == "done_at" and a and b:
        return datetime.fromisoformat(a) == datetime.fromisoformat(b)
    return a == b


def standing(changes: Any, occurrence_ids: Any) -> tuple[Any, ...]:
    """The changes of these occurrences that can still be undone: `changes` is the ORM class or its table's
    columns (storage.stores asks the same question without a Session); `stands`: of a change in hand."""
    return changes.occurrence_id.in_(occurrence_ids), changes.undone.is_(False), changes.action != Act.UNDO.value


def stands(change: Any) -> bool:
    """standing, asked of a change in hand: not undone, and not an undo itself."""
    return not change.undone and change.action != Act.UNDO.value


def last_closing(session: Session, occurrence_id: int) -> StatusChange | None:
    """The change that closed the occurrence as it stands (a «xong», an approval), still standing."""
    query = select(StatusChange).where(*standing(StatusChange, [occurrence_id])).order_by(StatusChange.id.desc())
    return closing(session.scalars(query))


def closing(newest_first: Iterable[Any]) -> Any | None:
    """Of an occurrence's changes still standing, newest first: the one that closed it."""
    return next((c for c in newest_first if (c.after or {}).get("status") in CLOSED_STATES), None)


def undo(session: Session, target: StatusChange, author: Author, now: datetime) -> StatusChange:
    """Puts the occurrence back as it was before `target`, and records the undo as a change of its own."""
    record = StatusChange(occurrence=target.occurrence, **undone(target.occurrence, target, author, now))
    session.add(record)
    return record


def undone(occurrence: Any, target: Any, author: Author, now: datetime) -> dict[str, Any]:
    """Puts back what `target` set on the occurrence (an ORM row or a plain one), marks `target` undone; the
    undo's own audit row's columns. The caller has checked nothing set those fields since (changed_since)."""
    task_fields = TASK_TRACKED if sets_task(target) else ()
    before = snapshot(occurrence) | _task_snapshot(occurrence, task_fields)
    _restore(occurrence, {name: target.before[name] for name in made(target)})  # what it set, no more
    target.undone = True
    return _columns(Act.UNDO.value, author, now, before, snapshot(occurrence) | _task_snapshot(occurrence, task_fields),
                    UNDO_NOTE.format(action=target.action, id=target.id))
