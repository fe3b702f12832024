"""Which task of a plan already in use each task of a newly read plan is.  (pure)

A plan imported again may have been edited, renumbered (a task inserted, numbers qualified by their section),
or had tasks removed. A task keeps its history when its number or its wording changes, so tasks are matched
by what they say before what they are numbered:
1. the same wording and the same number;
2. the same wording under another number: renumbered (a task inserted above it, "17" become "III.17");
3. the same number with edited wording: changed;
4. wording that is nearly the same under another number: renumbered and changed.
What is left of the old plan is retired (kept, with its history); what is left of the new one is added.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from plan_data.folding import fold

SIMILAR = 0.8  # folded wording this alike is the same task edited (a word fixed, a phrase added)
MAX_COMPARED = 40_000  # pairs of tasks left over to compare by likeness: a plan rewritten whole is not matched
UNLIKE = 0.5  # below this, a task kept under its number says something else: a person should confirm


@dataclass(frozen=True)
class Match:
    """new number -> old number for every task found again; the rest of each side, unmatched."""

    pairs: dict[str, str]
    added: tuple[str, ...]
    retired: tuple[str, ...]

    def renumbered(self) -> list[tuple[str, str]]:
        return [(old, new) for new, old in self.pairs.items() if old != new]


def match_tasks(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> Match:
    """(number, wording) of the tasks in use and of the plan read again -> which is which."""
    old_left = dict(old)
    new_left = dict(new)
    pairs: dict[str, str] = {}

    def pair(new_number: str, old_number: str) -> None:
        pairs[new_number] = old_number
        del new_left[new_number], old_left[old_number]

    for number, wording in list(new_left.items()):  # 1. nothing changed
        if number in old_left and _key(old_left[number]) == _key(wording):
            pair(number, number)
    by_wording: dict[str, list[str]] = {}
    for number, wording in old_left.items():
        by_wording.setdefault(_key(wording), []).append(number)
    for number, wording in list(new_left.items()):  # 2. moved, word for word (unless two say the same)
        candidates = by_wording.get(_key(wording), [])
        if len(candidates) == 1 and candidates[0] in old_left:
            pair(number, candidates[0])
    for number in list(new_left):  # 3. edited in place
        if number in old_left:
            pair(number, number)
    for new_number, old_number in _alike(old_left, new_left):  # 4. moved and edited
        pair(new_number, old_number)
    return Match(pairs, tuple(new_left), tuple(old_left))


def _alike(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of nearly the same wording, best first, each task in one pair at most."""
    if len(old) * len(new) > MAX_COMPARED:
        return []
    twice = _repeated(old) | _repeated(new)  # two tasks saying the same: which is which is a guess, not made
    scored = sorted(((similarity(a, b), n, o) for n, b in new.items() for o, a in old.items()
                     if _key(a) not in twice and _key(b) not in twice
                     and difflib.SequenceMatcher(None, _key(a), _key(b)).quick_ratio() >= SIMILAR), reverse=True)
    taken_new: set[str] = set()
    taken_old: set[str] = set()
    out = []
    for score, n, o in scored:
        if score < SIMILAR:
            break
        if n not in taken_new and o not in taken_old:
            out.append((n, o))
            taken_new.add(n)
            taken_old.add(o)
    return out


def _repeated(tasks: dict[str, str]) -> set[str]:
    keys = [_key(w) for w in tasks.values()]
    return {k for k in keys if keys.count(k) > 1}


def similarity(a: str, b: str) -> float:
    """How alike two wordings are, 0 to 1: a phrase added at the end ("… năm 2026") keeps them alike."""
    x, y = sorted((_key(a), _key(b)), key=len)
    if x and x in y and len(x) >= 0.6 * len(y):
        return max(SIMILAR, difflib.SequenceMatcher(None, x, y).ratio())
    return difflib.SequenceMatcher(None, x, y).ratio()


def _key(wording: str) -> str:
    return " ".join(fold(wording).strip(" .;:").split())
