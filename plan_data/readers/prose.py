"""Task lists written as prose in the plan's body instead of a table.  (pure)

Plans that have no appendix table list their tasks in the body, in one of a few shapes, with labels that are
the table's own column names («Thời gian thực hiện:», «Cơ quan thực hiện:», «Nội dung:», «Phối hợp:», «Sản
phẩm:» … in any order; plan_data.readers.columns knows them all):

    1.2. Sở Tài chính - Cơ quan thường trực:             a unit's heading, a task per bullet,
    - Tổng hợp kết quả kiểm kê. Thời hạn: Trước ngày 31/5/2026.   its fields labelled inside it

    2. Rà soát thủ tục hành chính nội bộ                 a task per numbered heading,
    - Cơ quan chủ trì: Văn phòng HĐND và UBND xã           its fields on labelled lines below
    - Thời gian hoàn thành: Quý II/2026

    - Nội dung: Tập huấn …; Đơn vị thực hiện: …; Thời hạn: …    a task per bullet, every field labelled

A block counts when one of its lines carries a label. When no block of the document carries any, the bullets
under headings that name a unit are its tasks, with no date yet. Other bullets (objectives, requirements)
are left to the body. Each task becomes a row of the seed's six columns (TT, content, lead, coordinators,
time, product) and each unit heading a section row, so the table rules (plan_data.readers.rows) read them like any
appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_data.readers.columns import field_of
from plan_data.units.cells import starts_like_a_unit

_HEADING = re.compile(r"^(?P<id>(?:[IVXL]+|[A-Z]|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ]))[.)]\s*(?P<name>[^\n]{2,300}?)\s*:?\s*$")
_BULLET = re.compile(r"^(?:[-+•–*]|\d{1,2}\))\s+(?P<text>.+)$")
# a label: a few words and a colon, at the start of a line or after a sentence or clause ends
_LABEL = re.compile(r"(?:^|(?<=[.;])\s+|\s+[-–]\s+)(?P<label>[A-ZĐÀ-Ỹa-zđà-ỹ/ ]{2,40}?)\s*:\s*")
_COLUMN = {"content": 1, "lead": 2, "coordinators": 3, "time": 4, "product": 5}
_MAX_LABEL_WORDS = 6


@dataclass
class _Block:
    line: int
    ident: str
    name: str
    entries: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of its bullets and lines


def prose_rows(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(line number, six cells) for every task of the labelled lists in `lines`; [] when there are none."""
    blocks = _blocks(lines)
    labelled = [b for b in blocks if any(_fields(text) for _n, text in b.entries) or _fields(b.name)]
    chosen = labelled or [b for b in blocks if b.entries and starts_like_a_unit(b.name)]
    rows: list[tuple[int, list[str]]] = []
    count = 0
    for block in chosen:
        if _one_task(block):
            count += 1
            number = block.ident if block.ident[:1].isdigit() else str(count)
            rows.append((block.line, _task(number, block.name, block.entries, lead="")))
            continue
        rows.append((block.line, [f"{block.ident}. {block.name}", "", "", "", "", ""]))
        lead = block.name if starts_like_a_unit(block.name) else ""  # «1.2. Sở Tài chính:», not «III. TỔ CHỨC …»
        for line_no, text in block.entries:
            count += 1
            rows.append((line_no, _task(str(count), text, [], lead=lead)))
    return rows


def _blocks(lines: list[str]) -> list[_Block]:
    """Headings with the bullets and lines below them; a line that is neither goes on with the one before."""
    blocks: list[_Block] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        bullet = _BULLET.match(line)
        heading = None if bullet else _HEADING.match(line)
        if heading:
            blocks.append(_Block(number, heading["id"], heading["name"].rstrip(":").strip()))
        elif bullet and blocks:
            blocks[-1].entries.append((number, bullet["text"]))
        elif blocks and blocks[-1].entries:
            at, text = blocks[-1].entries[-1]
            glue = ". " if _starts_labelled(line) and not text.rstrip().endswith((".", ";")) else " "
            blocks[-1].entries[-1] = (at, f"{text.rstrip()}{glue}{line}")
        elif blocks and _fields(line):  # a labelled line right under a heading, without a bullet
            blocks[-1].entries.append((number, line))
    return blocks


def _one_task(block: _Block) -> bool:
    """A numbered heading whose lines below are all its labelled fields: the heading is the task."""
    return bool(block.entries) and all(_starts_labelled(text) for _n, text in block.entries) \
        and not starts_like_a_unit(block.name)


def _starts_labelled(text: str) -> bool:
    found = _LABEL.match(text)
    return bool(found) and found.start() == 0 and _field(found["label"]) is not None


def _field(label: str) -> str | None:
    if len(label.split()) > _MAX_LABEL_WORDS:
        return None
    name = field_of(label.strip())
    return name if name in _COLUMN else None


def _fields(text: str) -> list[tuple[str, int, int]]:
    """(field, where the label starts, where its value starts) for every label in the text."""
    found = []
    for match in _LABEL.finditer(text):
        name = _field(match["label"])
        if name:
            found.append((name, match.start(), match.end()))
    return found


def _task(number: str, head: str, entries: list[tuple[int, str]], lead: str) -> list[str]:
    """Six cells from a text (and lines below it) whose labelled parts go to their columns; the text before
    the first label is the content, unless a «Nội dung:» label gives it."""
    cells = [number, "", lead, "", "", ""]
    texts = [head, *(text for _n, text in entries)]
    unlabelled: list[str] = []
    for text in texts:
        labels = _fields(text)
        unlabelled.append(text[: labels[0][1]] if labels else text)
        for i, (name, _start, value_at) in enumerate(labels):
            end = labels[i + 1][1] if i + 1 < len(labels) else len(text)
            value = text[value_at:end].strip(" ;,")
            value = value[:-1] if value.endswith(".") and not value.endswith("..") else value
            column = _COLUMN[name]
            own = cells[column] if column != 2 or not lead else ""
            cells[column] = f"{own}; {value}".strip("; ") if own else value
    if not cells[1]:
        cells[1] = " ".join(u.strip(" .;,") for u in unlabelled if u.strip(" .;,"))
    return cells
