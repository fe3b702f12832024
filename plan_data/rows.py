"""Appendix table rows -> tasks: the rules every source format shares.  (pure)

A published appendix is a table of (TT, content, lead, coordinators, time, product). Page breaks repeat
the header and split a row in two, the second half with an empty TT; a row may carry bulleted sub-items
("- …") with an empty TT that become "24.1", "24.2". Sections are rows like "I. Chỉ đạo điều hành …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_data.model import RowError, TaskSpec
from plan_data.text import fold
from plan_data.timeframe import NotUnderstood, parse_timeframe
from plan_data.units import UnitDirectory, UnitKind, UnitNotFound, resolve_coordinators, resolve_lead

COLUMNS = 6
_SECTION = re.compile(r"^([IVX]+)\s*[.)]\s*(.+)$")
_NUMBER = re.compile(r"^\d{1,3}$")
_BULLET = re.compile(r"^[-+•]\s*")


@dataclass
class RawItem:
    """A task as gathered from one or more rows, before its cells are understood."""

    row: int
    number: str
    section: str
    cells: list[str]  # content, lead, coordinators, time, product
    items: list[RawItem] = field(default_factory=list)

    def extend(self, cells: list[str]) -> None:
        """A row continued across a page break: each non-empty cell goes on where it stopped. A word the
        page break repeated (the cell ends "… Xã hội xã" and the next page begins "xã") is kept once."""
        for i, extra in enumerate(cells):
            if extra and not fold(self.cells[i]).endswith(f" {fold(extra)}"):
                self.cells[i] = f"{self.cells[i]} {extra}".strip()


def is_header(cells: list[str]) -> bool:
    return bool(cells) and fold(cells[0]) == "tt" and fold(cells[1] if len(cells) > 1 else "").startswith("noi dung")


def gather(rows: list[tuple[int, list[str]]]) -> tuple[list[RawItem], dict[str, str], list[RowError]]:
    """Groups (row number, cells) into raw tasks, their sub-items and the section titles."""
    items: list[RawItem] = []
    sections: dict[str, str] = {}
    errors: list[RowError] = []
    section = ""
    last: RawItem | None = None  # the item a continuation row belongs to
    for row_no, raw_cells in rows:
        cells = [c.strip() for c in raw_cells] + [""] * (COLUMNS - len(raw_cells))
        if not any(cells) or is_header(cells):
            continue
        head, rest = cells[0], cells[1:COLUMNS]
        section_match = _SECTION.match(head)
        if section_match and not any(c and c != head for c in rest):
            section, last = section_match.group(1), None
            sections[section] = section_match.group(2).strip()
        elif len(cells) > COLUMNS and any(cells[COLUMNS:]):
            errors.append(RowError(row_no, head, f"có {len(cells)} cột, bảng chỉ có {COLUMNS} cột"))
        elif _NUMBER.match(head):
            last = RawItem(row_no, head, section, list(rest))
            items.append(last)
        elif head:
            errors.append(RowError(row_no, head, f"cột TT «{head}» không phải số thứ tự"))
        elif last is None:
            errors.append(RowError(row_no, "", "dòng tiếp nối nhưng không có nhiệm vụ nào phía trên"))
        elif _BULLET.match(rest[0]):
            parent = items[-1]
            number = f"{parent.number}.{len(parent.items) + 1}"
            last = RawItem(row_no, number, parent.section, [_BULLET.sub("", rest[0]), *rest[1:]])
            parent.items.append(last)
        else:
            last.extend(rest)
    return items, sections, errors


def build_tasks(items: list[RawItem], directory: UnitDirectory, year: int) -> tuple[list[TaskSpec], list[RowError]]:
    """Understands each raw task; a row it cannot understand becomes an error that names the row."""
    tasks: list[TaskSpec] = []
    errors: list[RowError] = []
    for item in items:
        if not item.section:
            errors.append(RowError(item.row, item.number, "nhiệm vụ nằm ngoài mọi mục (I, II, …)"))
        for raw, group in _trackable(item):
            try:
                tasks.append(build_task(raw, directory, year, group=group))
            except RowProblem as problem:
                errors.append(RowError(raw.row, raw.number, str(problem)))
    return tasks, errors


def _trackable(item: RawItem) -> list[tuple[RawItem, str]]:
    """A row with sub-items is a heading: its sub-items are tracked, taking the cells they leave empty."""
    if not item.items:
        return [(item, "")]
    out = []
    for sub in item.items:
        cells = [own or inherited for own, inherited in zip(sub.cells, [""] + item.cells[1:], strict=True)]
        out.append((RawItem(sub.row, sub.number, item.section, cells), item.cells[0]))
    return out


class RowProblem(ValueError):
    """What is wrong with one row, in Vietnamese."""


def build_task(
    raw: RawItem, directory: UnitDirectory, year: int, *, group: str = "", source: str = "appendix"
) -> TaskSpec:
    content, lead_text, coord_text, time_text, product = raw.cells
    for value, column in ((content, "Nội dung công việc"), (lead_text, "Cơ quan chủ trì"), (time_text, "Thời gian")):
        if not value:
            raise RowProblem(f"thiếu cột «{column}»")
    try:
        leads = resolve_lead(lead_text, directory)
        coordinators = resolve_coordinators(coord_text, directory, leads)
    except UnitNotFound as unknown:
        raise RowProblem(f"không biết đơn vị «{unknown.name}»; hãy thêm vào danh sách đơn vị") from None
    try:
        schedule = parse_timeframe(time_text, year)
    except NotUnderstood as problem:
        raise RowProblem(str(problem)) from None
    responsible = next((u.code for u in (*leads, *coordinators) if u.kind is UnitKind.INTERNAL), None)
    if responsible is None:
        raise RowProblem("không có đơn vị nào của xã chủ trì hay phối hợp để nhắc")
    return TaskSpec(
        number=raw.number, section=raw.section, content=content, lead_text=lead_text,
        coordinators_text=coord_text, time_expression=time_text, product=product,
        leads=tuple(u.code for u in leads), coordinators=tuple(u.code for u in coordinators),
        responsible=responsible, schedule=schedule, group=group, source=source,
    )
