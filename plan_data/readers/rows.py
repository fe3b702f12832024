"""Appendix table rows -> raw tasks: the rules every source format shares.  (pure)

A published appendix is a table of (TT, content, lead, coordinators, time, product) in some order
(plan_data.readers.columns). Rows are read in the document's order:
- section rows in every form (plan_data.readers.numbering.section_row), and text lines between two tables that are
  headings; a title wrapped onto a second line goes on in the section's title;
- a header repeated at a page break or over a new table: the one read before takes its own rows and no more
  (the row under it may be the rest of a row the page cut); a new one, on one row or two, is read again;
- a numbered row starts a task; "a)" or a bullet under it is a sub-item ("24.1", "24.2");
- an unnumbered row either goes on with the row above (a row the page break cut: its cells continue the
  cells above, in lower case, or it opens a PDF page) or is a sub-row of its own (its own content and lead, or
  its own lead and time): then the task above becomes the first of its sub-items, and each sub-item takes
  from it only the cells it leaves empty (a merged cell), never glued onto its own.
Nothing here refuses a plan: a row it cannot place is named in a warning, with its row and cell.
Understanding each task's cells (units, time) is plan_data.readers.tasks'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_data.folding import fold
from plan_data.model import RowError
from plan_data.readers.columns import SEED, Columns, is_header, printed_again, read_header
from plan_data.readers.numbering import BULLET, LETTER_ITEM, TASK_NUMBER, Sections, heading_of, section_row

COLUMNS = 6
COLUMN_NAMES = ("Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Sản phẩm")
_FIELDS = ("content", "lead", "coordinators", "time", "product")
_DECORATED = re.compile(r"^[(\[]?(?P<n>\d{1,3}(?:\.\d{1,3}){0,3})[)\].]?\s*[*'’]*$")  # "(1)", "17*", "[3]"


@dataclass
class RawItem:
    """A task as gathered from one or more rows, before its cells are understood."""

    row: int
    number: str
    section: str
    cells: list[str]  # content, lead, coordinators, time, product
    items: list[RawItem] = field(default_factory=list)
    roman: str = ""  # the Roman section it is in, for numbers "II.3"
    extra: tuple[tuple[str, str], ...] = ()
    heading: bool = False  # a row that only names a group of the sub-items below it
    shown: str = ""  # the TT cell as written, when it is not a number ("A7"): a number was given

    def extend(self, cells: list[str]) -> None:
        """A row continued across a page break: each non-empty cell goes on where it stopped, on the same line
        when it continues a sentence, on a new line when it starts anew (a second unit, a second phrase). A
        word the page break repeated (the cell ends "… Xã hội xã" and the next page begins "xã") is kept once."""
        for i, more in enumerate(cells):
            if more and not fold(self.cells[i]).endswith(f" {fold(more)}"):
                joint = " " if continues(self.cells[i], more) else "\n"
                self.cells[i] = f"{self.cells[i]}{joint}{more}".strip()


def continues(before: str, more: str) -> bool:
    """Whether `more` goes on with the text `before` (a sentence the page break cut), rather than starting
    anew: it starts in lower case or with punctuation, or `before` stopped mid-phrase."""
    if not before:
        return True
    first = more[:1]
    return (first.islower() or first in ",;:)-–]" or before.rstrip()[-1:] in ",;:(-–/"
            or fold(before).endswith((" va", " cua", " cac", " voi", " tai", " theo", " ve")))


@dataclass
class _Reading:
    """What gathering has read so far."""

    columns: Columns
    items: list[RawItem] = field(default_factory=list)
    sections: Sections = field(default_factory=Sections)
    warnings: list[RowError] = field(default_factory=list)
    last: RawItem | None = None  # the item a continuation row belongs to
    titled: str = ""  # the section entered last, while no row has followed it: a wrapped title goes on there

    def warn(self, row: int, cell: str, message: str) -> None:
        self.warnings.append(RowError(row, cell, message))


def gather(rows: list[tuple[int, list[str]]], columns: Columns = SEED, *, lines: frozenset[int] = frozenset(),
           page_starts: frozenset[int] = frozenset()) -> tuple[list[RawItem], dict[str, str], list[RowError]]:
    """Groups (row number, cells) into raw tasks, their sub-items and the section titles, with a warning for
    each row that could not be placed."""
    reading = _Reading(columns)
    page_start = False
    skip = -1  # a header's second row, read with it
    for index, (row_no, raw_cells) in enumerate(rows):
        page_start = page_start or row_no in page_starts
        if index == skip or not any(c.strip() for c in raw_cells):
            continue
        if row_no in lines:
            _text_line(reading, row_no, raw_cells[0])
            continue
        below = rows[index + 1][1] if index + 1 < len(rows) and rows[index + 1][0] not in lines else None
        taken = _header(reading, raw_cells, below)
        if taken:
            skip = index + 1 if taken == 2 else skip
            continue
        _row(reading, row_no, raw_cells, page_start)
        page_start = False
    _number_the_unnumbered(reading)
    return reading.items, reading.sections.titles, reading.warnings


def _header(reading: _Reading, cells: list[str], below: list[str] | None) -> int:
    """How many rows a header takes here, 0 where the row is none: the header read before, printed again (a
    page break, a new table), takes its own rows and no more; a new one is read, with the row below where it
    goes on with it («Cơ quan chủ» over «trì»)."""
    again = printed_again(reading.columns, cells, below)
    if again or not is_header(cells, below):
        return again
    found, used_below, _problem = read_header(cells, below)
    reading.columns = _carried(reading.columns, found, cells)
    return 1 + used_below


def _carried(old: Columns, new: Columns | None, cells: list[str]) -> Columns:
    """A header repeated further down (a page break, a new table): its own columns, and the ones it leaves
    blank where the first header had a field ("" over the TT column) kept from the first."""
    if new is None:
        return old
    index = dict(new.index)
    for name, at in old.index.items():
        if name not in index and at < len(cells) and not cells[at].strip() and at not in index.values():
            index[name] = at
    return Columns(index, new.extras, max(new.width, old.width), new.printed)


def _text_line(reading: _Reading, row_no: int, text: str) -> None:
    """A line between two tables: a section heading, the second line of one, or text the table does not hold."""
    heading = heading_of(text)
    if heading:
        reading.titled = reading.sections.enter(*heading)
        reading.last = None
    elif reading.titled and _wraps(reading.sections.titles[reading.titled], text.strip()):
        reading.sections.titles[reading.titled] += f" {text.strip()}"
    elif len(text.split()) >= 3:  # a page number or a stamp is no loss; a sentence may be a task typed without cells
        reading.warn(row_no, "", f"dòng không chia cột (không có dấu Tab hay ô bảng), không đọc thành nhiệm vụ: "
                                 f"«{text.strip()[:80]}»")


def _raw_section(cells: list[str]) -> tuple[str, str] | None:
    """A section row read on the row as it stands: "I" in the first cell and its title in whichever cell the
    table puts it (an added column may sit between TT and the content)."""
    stripped = [c.strip() for c in cells]
    return section_row(stripped[0], stripped[1:]) if stripped and stripped[0] else None


def _wraps(title: str, more: str) -> bool:
    """A section title goes on in the next line: a title in capitals by a line in capitals, or a line that
    starts in lower case, while the title has not ended a sentence."""
    if not more or re.search(r"[.:;!?]$", title):
        return False
    return (title.isupper() and more.isupper()) or more[:1].islower()


def _row(reading: _Reading, row_no: int, raw_cells: list[str], page_start: bool) -> None:
    columns = reading.columns
    if columns.width and len(raw_cells) > columns.width and any(c.strip() for c in raw_cells[columns.width:]):
        dropped = " | ".join(c.strip() for c in raw_cells[columns.width:] if c.strip())
        reading.warn(row_no, raw_cells[0].strip(), f"có {len(raw_cells)} cột, bảng chỉ có {columns.width} cột: "
                                                    f"bỏ qua phần thừa «{dropped[:80]}»")
    by_name = columns.cells(raw_cells)
    head = by_name["number"]
    rest = [by_name[n] for n in _FIELDS]
    heading = section_row(head, rest) or _raw_section(raw_cells)
    if heading:
        reading.titled = reading.sections.enter(*heading)
        reading.last = None
        return
    if reading.titled and not head and not any(rest[1:]) and _wraps(reading.sections.titles[reading.titled], rest[0]):
        reading.sections.titles[reading.titled] += f" {rest[0]}"  # a section title wrapped onto a second row
        return
    reading.titled = ""
    reading.last = _place(reading, row_no, head, rest, columns.extra(raw_cells), page_start)


def _place(reading: _Reading, row_no: int, head: str, rest: list[str], extra, page_start: bool) -> RawItem | None:
    """Puts one row where it belongs; returns the item a continuation row would extend."""
    items, sections = reading.items, reading.sections
    parent = items[-1] if items else None
    number = _number(head)
    if number:
        if parent and parent.heading and number.startswith(parent.number + "."):
            return _sub_item(parent, row_no, rest, number)
        if (parent and number == parent.number and parent.section == sections.key
                and rest[3] in ("", parent.cells[3])):  # a TT cell merged down (a .docx), its time with it
            return _sub_row(parent, row_no, rest)
        return _new_item(reading, row_no, number, rest, extra)
    if head and not (LETTER_ITEM.match(head) or BULLET.fullmatch(head)):
        if not any(rest):
            reading.warn(row_no, head, f"dòng chỉ có «{head[:60]}» ở cột TT: bỏ qua")
            return reading.last
        item = _new_item(reading, row_no, "", rest, extra)
        item.shown = head
        return item
    bulleted = bool(head) or bool(BULLET.match(rest[0]))
    if parent is None:
        if bulleted or rest[1] or rest[0]:  # a table numbered only by bullets, or with no numbers at all
            return _new_item(reading, row_no, "", [BULLET.sub("", rest[0]), *rest[1:]], extra)
        reading.warn(row_no, "", "dòng tiếp nối nhưng không có nhiệm vụ nào phía trên: bỏ qua")
        return reading.last
    if bulleted:
        return _sub_item(parent, row_no, [BULLET.sub("", rest[0]), *rest[1:]])
    last = reading.last or parent
    if "number" not in reading.columns.index and rest[0] and not continues(last.cells[0], rest[0]):
        return _new_item(reading, row_no, "", rest, extra)  # a table with no TT column: a row that starts anew
    if _own_row(last, rest, page_start) and parent.section == sections.key:
        return _sub_row(parent, row_no, rest)
    last.extend(rest)
    return last


def _number(head: str) -> str:
    """The task number a TT cell holds ("17", "1.2", "3)", "(4)", "17*"), or ""."""
    if TASK_NUMBER.match(head):
        return head.rstrip(".)")
    decorated = _DECORATED.match(head)
    return decorated["n"] if decorated else ""


def _new_item(reading: _Reading, row_no: int, number: str, rest: list[str], extra) -> RawItem:
    sections = reading.sections
    item = RawItem(row_no, number, sections.key, list(rest), roman=sections.top_roman(), extra=extra)
    item.heading = bool(number) and not rest[3] and not (rest[0] and rest[1])
    if item.heading:  # its one text names the group (in 5.1 | | Thương mại it sits in the lead column)
        item.cells = [next((c for c in rest if c), "")] + [""] * 4
    reading.items.append(item)
    return item


def _own_row(above: RawItem, rest: list[str], page_start: bool) -> bool:
    """An unnumbered row is a sub-row of its own, not the rest of the row above: its content starts anew with
    a lead of its own, or it has a lead and a time of its own. At the top of a PDF page, only the second."""
    content, lead, _coordinators, time, _product = rest
    own = [bool(value) and not continues(before, value) for value, before in zip(rest, above.cells, strict=True)]
    if own[1] and own[3]:
        return True
    return not page_start and bool(content) and own[0] and content[:1].isupper() and bool(lead)


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


def _number_the_unnumbered(reading: _Reading) -> None:
    """A task whose TT cell holds no number ("A7", a table with no TT column) is given the number the ones
    around it leave for it (17 between 16 and 18, 1 before 2 in a section that restarts), else the next free
    one of its section; a task with an odd TT cell says so."""
    items = reading.items
    used: dict[str, set[str]] = {}
    for item in items:
        used.setdefault(item.section, set()).add(item.number)
    for index, item in enumerate(items):
        if item.number:
            continue
        item.number = _free(_top(items[:index][::-1]), _top(items[index + 1:]), used[item.section])
        used[item.section].add(item.number)
        for k, sub in enumerate(item.items, start=1):
            sub.number = f"{item.number}.{k}"
        if item.shown:
            reading.warn(item.row, item.shown, f"cột TT «{item.shown}» không phải số thứ tự: coi là số {item.number}")


def _top(items: list[RawItem]) -> int | None:
    """The top number of the first numbered item of `items` ("24" of "24.1")."""
    top = next((item.number.split(".")[0] for item in items if item.number), "")
    return int(top) if top.isdigit() else None


def _free(before: int | None, after: int | None, used: set[str]) -> str:
    for candidate in (after - 1 if after else None, before + 1 if before is not None else None):
        if candidate and candidate > 0 and str(candidate) not in used:
            return str(candidate)
    n = (before or 0) + 1
    while str(n) in used:
        n += 1
    return str(n)


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
