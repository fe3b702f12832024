"""Which task of a plan a typed number names.  (pure)

A plan numbers its tasks as its document shows them, qualified by the section only where numbers restart:
"17", "24.1", "II.3", "III.1.1", "A.I.1.1" (letter part, Roman section, number), codes such as "BC-hcc",
and "G1" for tasks given in the chat. Officers type them as they come: "ii.3", "2.3" for II.3 (a Roman
section typed in Arabic), "1" where every section has a 1. The rules, first that applies:

1. the number as stored (letters in any case);
2. a heading: the tasks numbered under it ("24" -> 24.1, 24.2), as a whole row of the document;
3. the same task written another way: Roman and Arabic parts compared by value ("2.3" is II.3), or the
   section typed before a number that does not restart ("II.10" is 10 of section II);
4. otherwise nothing is taken. The candidates are the tasks whose number ends with what was typed ("1" ->
   I.1, II.1, III.1; "3" -> II.3) or, for a code, one spelt nearly the same ("BC-hc" -> BC-hcc). Several
   candidates that match alike mean the number is in several sections: the chat asks which.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True)
class PlanTask:
    """One task as the chat resolves numbers: its number as stored, its section key and title."""

    number: str
    section: str = ""
    title: str = ""


@dataclass(frozen=True)
class Match:
    """What a typed number names: `numbers` to act on (one task, or a heading's rows), else `candidates`."""

    typed: str
    numbers: tuple[str, ...] = ()
    candidates: tuple[PlanTask, ...] = ()
    several: bool = False  # the candidates are the same number in several sections: ask which

    @property
    def found(self) -> bool:
        return bool(self.numbers)


def roman(text: str) -> int | None:
    """"IV" -> 4; None for anything that is not a Roman numeral of I, V, X, L."""
    if not text or len(text) > 6 or any(ch not in _ROMAN for ch in text):
        return None
    values = [_ROMAN[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and values[i + 1] > v else v for i, v in enumerate(values))


@lru_cache(maxsize=8192)
def parts(number: str) -> tuple[tuple[str, object], ...]:
    """A number's parts, each ("n", value) for Arabic and Roman alike, ("l", "A") for a letter part, or
    ("c", text) for a code: "A.I.1.1" -> (l A, n 1, n 1, n 1); "II.3" -> (n 2, n 3); "BC-hcc" -> (c bc-hcc)."""
    pieces = number.split(".")
    found: list[tuple[str, object]] = []
    for index, piece in enumerate(pieces):
        upper = piece.upper()
        if piece.isdigit():
            found.append(("n", int(piece)))
        elif roman(upper) is not None and (index > 0 or len(pieces) > 1):
            found.append(("n", roman(upper)))
        elif re.fullmatch(r"[A-Za-z]", piece) and index == 0 and len(pieces) > 1:
            found.append(("l", upper))
        else:
            return (("c", number.casefold()),)
    return tuple(found)


def _written(number: str) -> str:
    return number.casefold()


def resolve(typed: str, tasks: Sequence[PlanTask]) -> Match:
    """The task(s) `typed` names among the plan's `tasks` (in the plan's order), or the candidates."""
    key = _written(typed)
    exact = [t.number for t in tasks if _written(t.number) == key]
    if exact:
        return Match(typed, (exact[0],))
    under = [t.number for t in tasks if _written(t.number).startswith(key + ".")]
    if under:
        return Match(typed, tuple(under))
    same = _same_by_value(typed, tasks)
    if len(same) == 1:
        return Match(typed, (same[0].number,))
    if same:
        return Match(typed, (), tuple(same), several=True)
    tails = _ending_with(typed, tasks)
    if tails:
        return Match(typed, (), tuple(tails), several=len(tails) > 1)
    return Match(typed, (), tuple(_spelt_nearly(typed, tasks)))


def _same_by_value(typed: str, tasks: Sequence[PlanTask]) -> list[PlanTask]:
    wanted = parts(typed)
    if wanted[0][0] == "c":
        return []
    sectioned = len(wanted) > 1 and not typed.split(".")[0].isdigit()  # "II.10", "A.II.3": a section typed
    return [t for t in tasks if parts(t.number) == wanted
            or (sectioned and t.section and parts(f"{t.section}.{t.number}") == wanted)]


def _ending_with(typed: str, tasks: Sequence[PlanTask]) -> list[PlanTask]:
    wanted = parts(typed)
    if wanted[0][0] == "c":
        return []
    tails = [t for t in tasks if len(parts(t.number)) > len(wanted) and parts(t.number)[-len(wanted):] == wanted]
    closest = min((len(parts(t.number)) for t in tails), default=0)  # "1": I.1 and II.1 rather than III.3.1
    return [t for t in tails if len(parts(t.number)) == closest]


def _spelt_nearly(typed: str, tasks: Sequence[PlanTask]) -> list[PlanTask]:
    """Codes one letter off ("BC-hc", "KH-pv"); numbers are not guessed at this way ("99" is not "9")."""
    if parts(typed)[0][0] != "c":
        return []
    codes = {_written(t.number): t for t in tasks if parts(t.number)[0][0] == "c"}
    return [codes[c] for c in difflib.get_close_matches(_written(typed), list(codes), n=3, cutoff=0.75)]


def short_title(title: str, limit: int = 30) -> str:
    """A section's title as a reminder of which section: up to its first comma, cut at a word."""
    head = title.split(",")[0].strip()
    if len(head) <= limit:
        return head
    return head[:limit].rsplit(" ", 1)[0] + "…"
