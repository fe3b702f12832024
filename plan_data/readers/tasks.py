"""A raw task's cells -> a TaskSpec: its units, its schedule, who is reminded.  (pure)

What cannot be understood in one cell never costs the plan its other rows, and is never guessed:
- a time phrase not understood: the task imports with no date ("chưa rõ thời hạn", Kind.UNDATED), its phrase
  kept, and a warning; the focal point dates it in the chat («hạn N …»); nothing is reminded until then;
- a cell that says the work is done («Đã ban hành») or under way («Đang triển khai»): done, or no date yet;
- no lead, or a collective one («Các phòng, ban», «UBND các thôn»): the focal point follows the task, named so;
- a unit name the plan's directory does not know (only a data file or a units file can leave one): a warning,
  and the task goes to the focal point.
A row with no content is no task: a warning names it. The data file (plan_data.readers.datafile) is a person's
reviewed text: there an unknown unit or a missing content is an error (RowProblem), as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_data.folding import fold
from plan_data.grammar.frame import Kind, NotUnderstood, Schedule, Slot, parse_timeframe
from plan_data.model import TaskSpec
from plan_data.readers.rows import COLUMN_NAMES, RawItem
from plan_data.units.cells import split_names
from plan_data.units.spec import (
    UnitDirectory,
    UnitKind,
    UnitNotFound,
    UnitSpec,
    resolve_coordinators,
    resolve_lead,
)

UNDATED_WARNING = ("cột «{column}»: chưa hiểu «{text}» — nhập với «chưa rõ thời hạn», không nhắc cho đến khi "
                   "đầu mối gõ «hạn {number} NGÀY»")
NO_TIME_WARNING = "không ghi thời gian — nhập với «chưa rõ thời hạn»; đầu mối gõ «hạn {number} NGÀY» khi biết hạn"
NO_LEAD_WARNING = "không ghi cơ quan chủ trì — nhắc {unit} theo dõi"
UNKNOWN_UNIT = "cột «{column}»: không biết đơn vị «{name}» (ô: «{text}»); thêm vào mục units: của tệp dữ liệu"
NO_CONTENT = "không có nội dung công việc: không phải một nhiệm vụ, bỏ qua"
NOBODY = "không có đơn vị nào của cơ quan ban hành chủ trì hay phối hợp để nhắc, và kế hoạch chưa có đầu mối"


class RowProblem(ValueError):
    """What is wrong with one entry of a data file, in Vietnamese; one or more problems, each naming its column."""

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Built:
    """A task and what a person should know about how it was read (warnings, each naming its column)."""

    task: TaskSpec | None
    warnings: list[str] = field(default_factory=list)


def build_task(raw: RawItem, directory: UnitDirectory, year: int, *, group: str = "", source: str = "appendix",
               number: str = "", strict: bool = False) -> Built:
    """The task of one raw item; `strict` (a data file) raises RowProblem where a published plan warns."""
    content, lead_text, coord_text, time_text, product = raw.cells
    number = number or raw.number
    warnings: list[str] = []
    problems: list[str] = []
    if not content:
        if strict:
            raise RowProblem(f"thiếu cột «{COLUMN_NAMES[0]}»")
        return Built(None, [NO_CONTENT])
    unknown = problems if strict else warnings
    leads, collective = _units(lead_text, directory, COLUMN_NAMES[1], unknown)
    coordinators = _coordinators(coord_text, directory, leads, unknown)
    if problems:
        raise RowProblem(*problems)
    schedule = _schedule(time_text, year, number, warnings)
    responsible = next((u.code for u in (*leads, *coordinators) if u.kind is UnitKind.INTERNAL), None)
    focal = directory.focal()
    if responsible is None and focal is not None:
        responsible = focal.code  # a task of others, of "the communes", or of nobody named: the focal point follows it
    if responsible is None:
        if strict:
            raise RowProblem(NOBODY)
        return Built(None, [NOBODY])
    if not lead_text.strip():
        warnings.append(NO_LEAD_WARNING.format(unit=directory.get(responsible).name))
    task = TaskSpec(
        number=number, section=raw.section, content=content, lead_text=lead_text, coordinators_text=coord_text,
        time_expression=time_text, product=product, leads=tuple(u.code for u in leads),
        coordinators=tuple(u.code for u in coordinators), responsible=responsible, schedule=schedule, group=group,
        source=source, shown=raw.number if raw.number != number else "", extra=raw.extra,
    )
    return Built(task, warnings)


def _coordinators(text: str, directory: UnitDirectory, leads: tuple[UnitSpec, ...], unknown: list[str]
                  ) -> tuple[UnitSpec, ...]:
    try:  # a commune's "Các cơ quan, đơn vị liên quan" means every other unit of the commune
        if not directory.collective_means_all:
            raise UnitNotFound(text)
        return resolve_coordinators(text, directory, leads)
    except UnitNotFound:
        return _units(text, directory, COLUMN_NAMES[2], unknown)[0]


def _units(text: str, directory: UnitDirectory, column: str, unknown: list[str]
           ) -> tuple[tuple[UnitSpec, ...], bool]:
    """The units a cell names (as today's "Sở Nội vụ/Sở Y tế" or any list) and whether it names a collective."""
    if not text.strip():
        return (), False
    try:
        return resolve_lead(text, directory), False
    except UnitNotFound:
        pass
    names, collective = split_names(text, directory)
    units: list[UnitSpec] = []
    for name in names:
        try:
            unit = directory.find(name)
        except UnitNotFound:
            unknown.append(UNKNOWN_UNIT.format(column=column, name=name, text=text))
            continue
        if unit not in units:
            units.append(unit)
    return tuple(units), collective or (not names and _generic(text))


def _generic(text: str) -> bool:
    folded = fold(text)
    return folded.startswith(("cac ", "co quan ", "don vi ")) or "lien quan" in folded or "chuyen mon" in folded


def _schedule(time_text: str, year: int, number: str, warnings: list[str]) -> Schedule:
    """The cell's schedule; with no time written, or one not understood, no date: never a guessed one."""
    if not time_text.strip():
        warnings.append(NO_TIME_WARNING.format(number=number))
        return Schedule(Kind.UNDATED, (Slot(None),), "")
    try:
        return parse_timeframe(time_text, year)
    except NotUnderstood:
        warnings.append(UNDATED_WARNING.format(column=COLUMN_NAMES[3], text=time_text[:120], number=number))
        return Schedule(Kind.UNDATED, (Slot(None),), time_text)
