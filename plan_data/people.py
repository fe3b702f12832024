"""Who is on a task: finding the officer a chat names among those known in the task's unit.  (pure)

A person is a platform user of a unit (recorded as they speak in its chat: storage.people). «giao 17 @lan»
and «giao 17 cho Lan» name one; the name is matched against the people known in the task's unit, never
guessed: none matching, or several, and the chat is asked, with who is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from plan_data.folding import fold


class PersonLike(Protocol):
    id: int
    name: str
    handle: str  # Telegram's @username without the @, "" when unknown


P = TypeVar("P", bound=PersonLike)


@dataclass(frozen=True)
class Named:
    """How a chat named someone: "@lan" (a handle, or a name typed after @ where there are none), or "Lan"."""

    text: str  # as typed, without the @
    at: bool  # typed with @

    @property
    def shown(self) -> str:
        return f"@{self.text}" if self.at else self.text


def candidates(named: Named, people: Sequence[P]) -> list[P]:
    """The people the name may mean, the surest way first: the @handle itself; else the full name; else the
    given name (the last word: "Lan" is Nguyễn Thị Lan). One is the person; none or several, ask."""
    wanted = fold(named.text).lstrip("@")
    if not wanted:
        return []
    if named.at:  # a handle is ASCII, case-insensitive: compared as typed ("_" is a space to fold)
        by_handle = [p for p in people if p.handle and p.handle.lower() == named.text.lstrip("@").lower()]
        if by_handle:
            return by_handle
    whole = [p for p in people if fold(p.name) == wanted]
    if whole:
        return whole
    return [p for p in people if fold(p.name).split(" ")[-len(wanted.split(" ")):] == wanted.split(" ")]


def display(person: PersonLike) -> str:
    """How a list names a person: "Nguyễn Thị Lan (@lan)"."""
    return f"{person.name} (@{person.handle})" if person.handle else person.name


def given_name(name: str) -> str:
    """The word a Vietnamese officer is called by: the last of the full name ("Lan" of Nguyễn Thị Lan)."""
    words = name.split()
    return words[-1] if words else name


def is_theirs(task: Any, person_ids: set[int]) -> bool:
    """The task is one of these people's (a platform user is a person of each unit they speak in)."""
    return task.person_id is not None and task.person_id in person_ids
