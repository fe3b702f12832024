"""Appendix table rows -> tasks: the rules every source format shares.  (pure)

A published appendix is a table of (TT, content, lead, coordinators, time, product) in some order
(plan_data.columns). Page breaks repeat the header and split a row in two, the second half with an empty TT
that starts in lower case; a row may carry bulleted sub-items ("- …", "a)") with an empty TT that become
"24.1", "24.2", and an unnumbered row with its own content and lead is a sub-item of the task above, taking
the cells it leaves empty (a merged cell) from it. Sections and numbering: plan_data.numbering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_data.columns import SEED, Columns, header_score
from plan_data.model import RowError, TaskSpec
from plan_data.numbering import BULLET, LETTER_ITEM, TASK_NUMBER, Sections, section_row
from plan_data.text import fold
from plan_data.timeframe import Kind, NotUnderstood, Schedule, Slot, parse_timeframe
from plan_data.unitnames import split_names
from plan_data.units import (
    UnitDirectory,
    UnitKind,
    UnitNotFound,
    UnitSpec,
    resolve_coordinators,
    resolve_lead,
)

COLUMNS = 6
COLUMN_NAMES = ("Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Sản phẩm")


@dataclass
class RawItem:
    """A task as gathered from one or more rows, before its cells are understood."""

    row: int
    number: str
    section: str
    cells: list[str]  # content, lead, coordinators, time, product
    items: list[RawItem] = field(default_factory=list)
    roman: str = ""  # the Roman section it is in, for ids "2.3"
    extra: tuple[tuple[str, str], ...] = ()
    heading: bool = False  # a row that only names a group of the sub-items below it

    def extend(self, cells: list[str]) -> None:
        """A row continued across a page break: each non-empty cell goes on where it stopped. A word the
        page break repeated (the cell ends "… Xã hội xã" and the next page begins "xã") is kept once."""
        for i, extra in enumerate(cells):
            if extra and not fold(self.cells[i]).endswith(f" {fold(extra)}"):
                self.cells[i] = f"{self.cells[i]} {extra}".strip()


def is_header(cells: list[str]) -> bool:
    return header_score(cells) >= 3


def gather(rows: list[tuple[int, list[str]]], columns: Columns = SEED,
           ) -> tuple[list[RawItem], dict[str, str], list[RowError]]:
    """Groups (row number, cells) into raw tasks, their sub-items and the section titles."""
    items: list[RawItem] = []
    sections = Sections()
    errors: list[RowError] = []
    last: RawItem | None = None  # the item a continuation row belongs to
    for row_no, raw_cells in rows:
        if not any(c.strip() for c in raw_cells) or is_header(raw_cells):
            continue
        if columns.width and len(raw_cells) > columns.width and any(c.strip() for c in raw_cells[columns.width:]):
            errors.append(RowError(row_no, raw_cells[0].strip(), f"có {len(raw_cells)} cột, bảng chỉ có {columns.width} cột"))
            continue
        by_name = columns.cells(raw_cells)
        head = by_name["number"]
        rest = [by_name[n] for n in ("content", "lead", "coordinators", "time", "product")]
        heading = section_row(head, rest)
        if heading:
            sections.enter(*heading)
            last = None
            continue
        extra = columns.extra(raw_cells)
        last = _place(row_no, head, rest, extra, items, sections, errors, last)
    return items, sections.titles, errors


def _place(row_no: int, head: str, rest: list[str], extra, items: list[RawItem], sections: Sections,
           errors: list[RowError], last: RawItem | None) -> RawItem | None:
    """Puts one row where it belongs; returns the item a continuation row would extend."""
    parent = items[-1] if items else None
    if TASK_NUMBER.match(head):
        number = head.rstrip(".")
        if parent and parent.heading and number.startswith(parent.number + "."):
            return _sub_item(parent, row_no, rest, number)
        if (parent and number == parent.number and parent.section == sections.key
                and rest[3] in ("", parent.cells[3])):  # a TT cell merged down (a .docx), its time with it
            return _sub_row(parent, row_no, rest)
        item = RawItem(row_no, number, sections.key, list(rest), roman=sections.top_roman(), extra=extra)
        item.heading = not rest[3] and not (rest[0] and rest[1])
        if item.heading:  # its one text names the group (in 5.1 | | Thương mại it sits in the lead column)
            item.cells = [next((c for c in rest if c), "")] + [""] * 4
        items.append(item)
        return item
    if head and not (LETTER_ITEM.match(head) or BULLET.fullmatch(head)):
        errors.append(RowError(row_no, head, f"cột TT «{head}» không phải số thứ tự"))
        return last
    bulleted = bool(head) or bool(BULLET.match(rest[0]))
    if parent is None:
        if bulleted or rest[1]:  # a table numbered only by bullets, or with no numbers at all
            item = RawItem(row_no, str(len(items) + 1), sections.key, [BULLET.sub("", rest[0]), *rest[1:]],
                           roman=sections.top_roman(), extra=extra)
            items.append(item)
            return item
        errors.append(RowError(row_no, "", "dòng tiếp nối nhưng không có nhiệm vụ nào phía trên"))
        return last
    if bulleted:
        return _sub_item(parent, row_no, [BULLET.sub("", rest[0]), *rest[1:]])
    if rest[0][:1].isupper() and rest[1] and parent.section == sections.key:
        return _sub_row(parent, row_no, rest)
    if last is None:
        errors.append(RowError(row_no, "", "dòng tiếp nối nhưng không có nhiệm vụ nào phía trên"))
        return None
    last.extend(rest)
    return last


def _sub_item(parent: RawItem, row_no: int, cells: list[str], number: str = "") -> RawItem:
    item = RawItem(row_no, number or f"{parent.number}.{len(parent.items) + 1}", parent.section, list(cells),
                   roman=parent.roman)
    parent.items.append(item)
    return item


def _sub_row(parent: RawItem, row_no: int, cells: list[str]) -> RawItem:
    """An unnumbered row with its own content and lead: the task above becomes the first of its sub-items."""
    if not parent.items and not parent.heading:
        parent.items.append(RawItem(parent.row, f"{parent.number}.1", parent.section, list(parent.cells),
                                    roman=parent.roman, extra=parent.extra))
    return _sub_item(parent, row_no, cells)


def trackable(items: list[RawItem]) -> list[tuple[RawItem, str]]:
    """A row with sub-items is a heading: its sub-items are tracked, taking the cells they leave empty."""
    out = []
    for item in items:
        if not item.items:
            out.append((item, ""))
            continue
        for sub in item.items:
            cells = [own or inherited for own, inherited in zip(sub.cells, [""] + item.cells[1:], strict=True)]
            out.append((RawItem(sub.row, sub.number, item.section, cells, roman=item.roman,
                                extra=sub.extra or item.extra), item.cells[0]))
    return out


class RowProblem(ValueError):
    """What is wrong with one row, in Vietnamese; one or more problems, each naming its column."""

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def build_task(raw: RawItem, directory: UnitDirectory, year: int, *, group: str = "", source: str = "appendix",
               number: str = "") -> TaskSpec:
    content, lead_text, coord_text, time_text, product = raw.cells
    problems = [f"thiếu cột «{column}»" for value, column in ((content, COLUMN_NAMES[0]), (lead_text, COLUMN_NAMES[1]))
                if not value]
    leads, lead_collective = _units(lead_text, directory, COLUMN_NAMES[1], problems)
    try:  # a commune's "Các cơ quan, đơn vị liên quan" means every other unit of the commune
        if not directory.collective_means_all:
            raise UnitNotFound(coord_text)
        coordinators = resolve_coordinators(coord_text, directory, leads)
    except UnitNotFound:
        coordinators = _units(coord_text, directory, COLUMN_NAMES[2], problems)[0]
    schedule = _schedule(time_text, year, problems)
    responsible = next((u.code for u in (*leads, *coordinators) if u.kind is UnitKind.INTERNAL), None)
    if responsible is None and (focal := directory.focal()) is not None and (leads or lead_collective):
        responsible = focal.code  # a task of others, or of "the communes": its focal point follows it
    if responsible is None and lead_text and not problems:
        problems.append("không có đơn vị nào của cơ quan ban hành chủ trì hay phối hợp để nhắc")
    if problems:
        raise RowProblem(*problems)
    return TaskSpec(
        number=number or raw.number, section=raw.section, content=content, lead_text=lead_text,
        coordinators_text=coord_text, time_expression=time_text, product=product,
        leads=tuple(u.code for u in leads), coordinators=tuple(u.code for u in coordinators),
        responsible=responsible, schedule=schedule, group=group, source=source,
        shown=raw.number if number and number != raw.number else "", extra=raw.extra,
    )


def _units(text: str, directory: UnitDirectory, column: str, problems: list[str]) -> tuple[tuple[UnitSpec, ...], bool]:
    """The units a cell names (as today's "Sở Nội vụ/Sở Y tế" or any list) and whether it names a collective."""
    if not text.strip():
        return (), False
    try:
        return resolve_lead(text, directory), False
    except UnitNotFound:
        pass
    names, collective = split_names(text, directory)
    units = []
    for name in names:
        try:
            unit = directory.find(name)
        except UnitNotFound:
            problems.append(f"cột «{column}»: không biết đơn vị «{name}» (ô: «{text}»); "
                            "thêm vào tệp đơn vị (--units) hoặc mục units: của tệp dữ liệu")
            continue
        if unit not in units:
            units.append(unit)
    return tuple(units), collective or (not names and _generic(text))


def _generic(text: str) -> bool:
    folded = fold(text)
    return folded.startswith(("cac ", "co quan ", "don vi ")) or "lien quan" in folded or "chuyen mon" in folded


def _schedule(time_text: str, year: int, problems: list[str]) -> Schedule:
    if not time_text.strip():  # no time written: waits for its date, set in the chat ("hạn N NGÀY")
        return Schedule(Kind.EVENT, (Slot(None),), "")
    try:
        return parse_timeframe(time_text, year)
    except NotUnderstood as problem:
        problems.append(f"cột «{COLUMN_NAMES[3]}»: {problem}")
        return Schedule(Kind.EVENT, (Slot(None),), time_text)
