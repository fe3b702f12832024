"""Tasks assigned outside the yearly plan: typed in the chat («giao kt: …, hạn 15/12/2026, theo CV 123/UBND-VP»)
or taken from a directive's table (`nhacviec giao FILE`).  (pure)

An assigned task is a task of the plan like any other (reminded, reported, counted), in its own section
«Nhiệm vụ được giao», numbered G1, G2 … in the order given; a number is never given twice, even after its task
is withdrawn. Its lead is one unit of the commune the plan knows, its coordinators units the plan knows, its
deadline read by the plan's own grammar (plan_data.grammar.frame), exactly as an imported time cell.

Nothing is guessed. A lead or a coordinator the plan does not know is asked about and nothing is assigned:
a task given to the wrong unit would be reminded to people who never heard of it. A deadline that cannot be
read (or is missing, or has already passed) is different: the task is assigned all the same, with no date
yet («chưa rõ thời hạn», as an imported row whose time cell was not understood), and the reply asks at once
for «hạn G3 15/12/2026». An officer would expect that: the direction was given and must not be lost or
retyped in full for one unreadable date, while an undated task is never reminded, so nothing wrong is sent
meanwhile, and the focal point's list of undated tasks keeps asking until someone dates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from plan_data.folding import fold
from plan_data.grammar.frame import Kind, NotUnderstood, Schedule, Slot, parse_timeframe
from plan_data.model import TaskSpec
from plan_data.units.spec import UnitDirectory, UnitKind, UnitNotFound, UnitSpec

SOURCE = "assigned"  # Task.source of an assigned task
SECTION = "G"  # its section key; the plan's sections name it SECTION_TITLE
SECTION_TITLE = "Nhiệm vụ được giao"
_NUMBER = re.compile(r"G([0-9]{1,4})", re.IGNORECASE)
_GENERIC = re.compile(r"^(cac |co quan |don vi )|lien quan")  # «các đơn vị liên quan»: every other unit


class Deadline:
    """Why an assigned task has no date yet (its reply asks for «hạn Gn …»); "" when it has one."""

    READ = ""
    MISSING = "missing"  # no deadline was given
    UNREAD = "unread"  # the plan grammar could not read it
    PAST = "past"  # it is already over: a slip of the year or the month, asked rather than reminded as overdue
    EVENT = "event"  # it waits for something to happen («sau khi …»): dated by «hạn Gn …» when it does


@dataclass(frozen=True)
class Assignment:
    """What a person assigned, as typed: the lead (a code or a name), the work, and the optional clauses."""

    lead: str
    content: str
    deadline: str = ""
    source: str = ""  # the document it follows: «CV 123/UBND-VP», «Kế hoạch số 45/KH-UBND»
    coordinators: str = ""  # «hcc, dvsn»


@dataclass(frozen=True)
class Understood:
    """An assignment read against a plan: the task to add, or what to ask first."""

    task: TaskSpec | None
    unknown: tuple[str, ...] = ()  # names of units the plan does not know (the lead first): ask, add nothing
    not_a_lead: str = ""  # a known unit that cannot lead (a city body, a role): ask for a unit of the commune
    deadline: str = Deadline.READ  # why the task has no date yet


def is_assigned(task: object) -> bool:
    return getattr(task, "source", "") == SOURCE


def next_number(numbers: Iterable[str]) -> str:
    """The next free "G<n>" of a plan, from every number it ever gave (withdrawn tasks included)."""
    taken = [int(m[1]) for n in numbers if (m := _NUMBER.fullmatch(n))]
    return f"G{max(taken, default=0) + 1}"


def numbers_from(first: str, count: int) -> list[str]:
    """`count` numbers from `first` ("G3", 2 -> G3, G4): a directive's tasks, in its order."""
    start = int(first[1:])
    return [f"G{start + k}" for k in range(count)]


def unit_named(typed: str, directory: UnitDirectory) -> UnitSpec | None:
    """The unit a typed code or name means («kt», «KT», «Phòng Kinh tế», «phong kinh te»), or None."""
    code = re.sub(r"[^a-z0-9]", "", fold(typed))
    by_code = directory.get(code) if code else None
    if by_code is not None:
        return by_code
    try:
        return directory.find(typed.strip(" .;:,"))
    except UnitNotFound:
        return None


def coordinators_named(text: str, directory: UnitDirectory, lead: UnitSpec | None
                       ) -> tuple[tuple[UnitSpec, ...], tuple[str, ...]]:
    """The units a coordinators' clause names («hcc, dvsn», «VP và Phòng Kinh tế»), and the names not known.
    «các đơn vị liên quan» means every unit of the commune but the lead, as in a plan's cell."""
    found: list[UnitSpec] = []
    unknown: list[str] = []
    for piece in (p.strip(" .") for p in re.split(r"\s*[,;/&+]\s*", text.strip()) for p in _names(p, directory)):
        if not piece:
            continue
        unit = unit_named(piece, directory)
        if unit is not None:
            found.append(unit)
        elif _GENERIC.search(fold(piece)):
            found += [u for u in directory.internal() if u != lead]
        else:
            unknown.append(piece)
    unique = tuple(dict.fromkeys(u for u in found if u != lead))
    return unique, tuple(unknown)


def _names(piece: str, directory: UnitDirectory) -> list[str]:
    """Names joined by «và» («hcc và dvsn»), a name that holds one kept whole («Văn phòng HĐND và UBND xã và
    hcc»): from each word on, the longest run of words that names a unit; a word left alone stays a name."""
    words = re.split(r"\s+(?:và|va|với|voi)\s+", piece, flags=re.IGNORECASE)
    names, i = [], 0
    while i < len(words):
        end = next((j for j in range(len(words), i, -1) if unit_named(" và ".join(words[i:j]), directory)), i + 1)
        names.append(" và ".join(words[i:end]))
        i = end
    return names


def read_deadline(text: str, year: int, today: date) -> tuple[Schedule, str]:
    """The deadline as the plan grammar reads an imported time cell; an undated schedule and why, when it gives
    no date that is still ahead."""
    undated = Schedule(Kind.UNDATED, (Slot(None),), text.strip())
    if not text.strip():
        return undated, Deadline.MISSING
    try:
        schedule = parse_timeframe(text, year)
    except NotUnderstood:
        return undated, Deadline.UNREAD
    if schedule.state or schedule.kind is Kind.UNDATED:  # «Đã ban hành», «Đang triển khai»: no date to follow
        return undated, Deadline.UNREAD
    if schedule.due and max(schedule.due) < today:
        return undated, Deadline.PAST
    if schedule.kind is Kind.EVENT and not schedule.due:
        return schedule, Deadline.EVENT
    return schedule, Deadline.READ


def understand(assignment: Assignment, directory: UnitDirectory, year: int, number: str, today: date) -> Understood:
    """The task an assignment adds as number `number` of the plan of `year`, or what must be asked first."""
    lead = unit_named(assignment.lead, directory)
    coordinators, unknown = coordinators_named(assignment.coordinators, directory, lead)
    if lead is None:
        return Understood(None, (assignment.lead.strip(), *unknown))
    if unknown:
        return Understood(None, unknown)
    if lead.kind is not UnitKind.INTERNAL:
        return Understood(None, not_a_lead=lead.name)
    schedule, why = read_deadline(assignment.deadline, year, today)
    task = TaskSpec(
        number=number, section=SECTION, content=assignment.content.strip(), lead_text=lead.name,
        coordinators_text=", ".join(u.name for u in coordinators), time_expression=assignment.deadline.strip(),
        product="", leads=(lead.code,), coordinators=tuple(u.code for u in coordinators), responsible=lead.code,
        schedule=schedule, source=SOURCE)
    return Understood(task, deadline=why)


def as_assigned(task: TaskSpec, number: str) -> TaskSpec:
    """A task of a directive read as a plan (plan_data.readers) as the plan's assigned task `number`."""
    return replace(task, number=number, section=SECTION, source=SOURCE, group="", shown="")
