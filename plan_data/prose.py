"""Task lists written as prose in the plan's body instead of a table.  (pure)

Many plans give each unit a numbered heading and its tasks as bullets, the time as a label:

    1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo:
    - Tổng hợp kết quả kiểm kê, báo cáo Bộ Tài chính. Thời hạn hoàn thành: Trước ngày 31/5/2026.

Each bullet becomes a row of the seed's six columns (TT, content, lead = the heading, coordinators, time,
product), each heading a section row, so the table rules (plan_data.rows) read them like any appendix.
A heading is a task block only when at least one of its bullets carries a time label; other bullets
(objectives, requirements) are left to the body.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(?P<id>\d{1,2}(?:\.\d{1,2}){0,2}|[a-zđ])[.)]\s*(?P<name>[^\n]{2,200}?)\s*:?\s*$")
_BULLET = re.compile(r"^[-+•–]\s+(?P<text>.+)$")
_LABEL = re.compile(
    r"(?P<label>Thời gian thực hiện|Thời gian hoàn thành|Thời hạn hoàn thành|Thời hạn thực hiện|Thời hạn"
    r"|Tiến độ thực hiện|Tiến độ|Hoàn thành|Phối hợp|Cơ quan phối hợp|Sản phẩm)\s*:\s*",
    re.IGNORECASE,
)
_FIELD = {"phoi": 3, "co quan": 3, "san": 5}


def prose_rows(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(line number, six cells) for every task of the labelled lists in `lines`; [] when there are none."""
    blocks: list[tuple[int, str, str, list[tuple[int, str]]]] = []  # (line, id, heading, bullets)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if (bullet := _BULLET.match(line)) and blocks:
            blocks[-1][3].append((number, bullet["text"]))
        elif (heading := _HEADING.match(line)) and not _LABEL.search(line):
            blocks.append((number, heading["id"], heading["name"].rstrip(":"), []))
        elif blocks and blocks[-1][3]:  # a bullet's text goes on to the next line
            at, text = blocks[-1][3][-1]
            blocks[-1][3][-1] = (at, f"{text} {line}")
    rows: list[tuple[int, list[str]]] = []
    count = 0
    for at, ident, name, bullets in blocks:
        if not any(_LABEL.search(text) for _n, text in bullets):
            continue
        rows.append((at, [f"{ident}. {name}", "", "", "", "", ""]))
        for line_no, text in bullets:
            count += 1
            rows.append((line_no, _cells(str(count), text, name)))
    return rows


def _cells(number: str, text: str, lead: str) -> list[str]:
    """A bullet's text, its labelled parts taken out into their columns."""
    cells = [number, text, lead, "", "", ""]
    labels = list(_LABEL.finditer(text))
    if not labels:
        return cells
    cells[1] = text[: labels[0].start()].strip(" .;,")
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[label.end():end].strip(" ;,")
        value = value[:-1] if value.endswith(".") else value
        name = label["label"].lower()
        column = next((c for key, c in _FIELD.items() if name.startswith(key)), 4)
        cells[column] = f"{cells[column]}; {value}".strip("; ") if cells[column] else value
    return cells
