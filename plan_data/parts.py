"""A coordinating unit's part of a task.  (pure)

A task with coordinators («phối hợp vp, hcc») has a part for each coordinating unit, one per occurrence: the
unit's chat reports it («xong phần 17», «phần 17 xong», «td phần 17 50%»), each with its own state (open or
done, its progress). The parts inform, they never block: the task's state, its light and every count are
the lead's (plan_data.status, plan_data.figures never read a part). «nv 17» shows each part, and the lead's
reminders say how many are done.

Decided: the lead's chat, the focal point's and the chairman's may ask for the parts not done («hỏi phần 17»,
bot.core.parts.ask_parts), on demand only: one notice to each such coordinator's chats through jobs.notify,
as the focal point's notices are. Nothing asks by itself: the lead's reminders already say how many parts are
done, and a request per coordinator with every reminder would flood the chats of units that coordinate many
tasks. Asking is not a change of the task: it has nothing to undo.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from plan_data.status import current, current_open


class PartState(StrEnum):
    OPEN = "open"
    DONE = "done"


class PartLike(Protocol):
    unit_code: str
    status: str
    progress: int


@dataclass(frozen=True)
class PartStep:
    """What a report sets on the part."""

    status: PartState
    progress: int


@dataclass(frozen=True)
class PartRefused:
    """A part reported done again, or a progress typed after it was done: «hoàn tác» puts it back first."""

    already_done: bool = True


@dataclass(frozen=True)
class Tally:
    """How many coordinating units have done their part, of how many coordinate the task."""

    done: int
    total: int


def occurrence_of(occurrences: Sequence[Any]) -> Any | None:
    """The occurrence a part is reported on: the lead's open one, or once every one is closed, the last."""
    return current_open(occurrences) or current(occurrences)


def report(before: PartLike | None, done: bool, progress: int | None) -> PartStep | PartRefused:
    """A coordinator's report of its part: done, or a progress (100 % is done). A part already done is not
    done again nor set back by a progress typed later: the chat says so, and «hoàn tác» takes it back."""
    if before is not None and before.status == PartState.DONE:
        return PartRefused()
    if done or progress == 100:
        return PartStep(PartState.DONE, 100)
    return PartStep(PartState.OPEN, progress or 0)


def coordinators_of(task: Any) -> list[str]:
    """The task's coordinating units' codes, once each, in the plan's order: never the unit reminded for it nor
    a lead (plan_data.permissions.is_own), whose «xong» is the task's."""
    return coordinating(task.responsible.code, task.leads, task.coordinators)


def coordinating(responsible: str, leads: Iterable[str] | None, coordinators: Iterable[str] | None) -> list[str]:
    """coordinators_of, from the code of the unit reminded and the task's two lists of codes."""
    lead = {responsible, *(leads or ())}
    return list(dict.fromkeys(code for code in coordinators or () if code not in lead))


def tally(coordinators: Iterable[str], parts: Iterable[PartLike]) -> Tally:
    """The parts done among the task's coordinators (a part of a unit no longer coordinating is not counted)."""
    codes = list(dict.fromkeys(coordinators))
    done = {part.unit_code for part in parts if part.status == PartState.DONE}
    return Tally(sum(code in done for code in codes), len(codes))
