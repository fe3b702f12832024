"""A task's changes as sentences an officer reads: who, when, what, with the % and whether it was late."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.core import texts
from plan_data.lifecycle import DATE_ACTS, PERSON_ACTS, Act, undid_id
from plan_data.status import days_after
from plan_data.zone import local_day

PLATFORMS = {"telegram": "Telegram", "zalo": "Zalo", "console": "cửa sổ lệnh", "system": "tự động"}
NOTE_SHOWN = 120  # a note is kept whole in the database; a phone screen shows this much of it


def _day(value: Any) -> date | None:
    if isinstance(value, str):
        return local_day(datetime.fromisoformat(value)) if "T" in value else date.fromisoformat(value)
    return value


def _detail(change: Any) -> str:
    """The figure a change set: "50%", "đến 30/06/2026", "20/11/2026"; "" when it has none."""
    after = change.after or {}
    if change.action == Act.PROGRESS:
        return f"{after.get('progress', 0)}%"
    if change.action == Act.PART_PROGRESS:  # the unit whose part it is: the change's note
        return f"{(after.get('part') or {}).get('progress', 0)}%"
    if change.action == Act.ASSIGN:
        return change.note  # «giao cho Nguyễn Thị Lan»: the person's name, as recorded with the change
    if change.action in DATE_ACTS and after.get("due"):
        due = texts.day(_day(after["due"]))
        return f"đến {due}" if change.action == Act.EXTEND else due
    return ""


def change_phrase(change: Any, undid: Any | None = None) -> str:
    """What one change did: «báo xong», «cập nhật tiến độ 50%», «gia hạn đến 30/06/2026», «hoàn tác «…»»."""
    if change.action == Act.UNDO:
        return f"hoàn tác {quoted(undid)}" if undid is not None else texts.ACTION_NAMES["undo"]
    detail = _detail(change)
    name = texts.ACTION_NAMES.get(change.action, change.action)
    return f"{name} {detail}" if detail else name


def quoted(change: Any) -> str:
    """«gia hạn» đến 30/06/2026: the change's name quoted, then what it set."""
    detail = _detail(change)
    name = f"«{texts.ACTION_NAMES.get(change.action, change.action)}»"
    return f"{name} {detail}" if detail else name


def timing_text(finished: date, planned_due: date | None) -> str:
    """"đúng hạn", "trễ 3 ngày so với hạn 31/03/2026" or "không có hạn cụ thể", against the plan's own date."""
    late = days_after(finished, planned_due)
    if late is None:
        return texts.NO_DEADLINE
    return texts.LATE.format(days=late, due=texts.day(planned_due)) if late else texts.ON_TIME


def timing(change: Any) -> str:
    """For a «xong» in the history: on time, or how many days late against the plan's own date."""
    after = change.after or {}
    if change.action not in (Act.DONE, Act.AWAITING) or not after.get("done_at"):
        return ""
    return timing_text(_day(after["done_at"]), _day(after.get("planned_due")))


def paired(changes: Sequence[Any]) -> dict[int, Any]:
    """undo change id -> the change it took back, as the undo's note names it (plan_data.lifecycle.UNDO_NOTE):
    «hoàn tác» takes back the newest change made from its own chat, which need not be the newest of all."""
    by_id = {change.id: change for change in changes}
    return {change.id: by_id[taken] for change in changes
            if change.action == Act.UNDO and (taken := undid_id(change.note)) in by_id}


def history_lines(changes: Sequence[Any], tz: Any, shown: int) -> list[str]:
    """The newest `shown` changes, oldest first, one sentence each."""
    undid = paired(changes)
    lines = []
    for change in sorted(changes, key=lambda c: c.id)[-shown:]:
        at = change.at.astimezone(tz).strftime("%H:%M %d/%m/%Y")
        undone = " (đã hoàn tác)" if change.undone else ""
        said = change.note and change.action not in (Act.UNDO, *PERSON_ACTS)  # a person's name is in the phrase
        note = f": {texts.short_title(change.note, NOTE_SHOWN)}" if said else ""
        late = timing(change)
        where = PLATFORMS.get(change.platform, change.platform)
        lines.append(f"  {at} — {change.user_name} ({where}): {change_phrase(change, undid.get(change.id))}{undone}{note}"
                     f"{' · ' + late if late else ''}")
    return lines
