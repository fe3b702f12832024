"""How appendices number their rows, and the id each task is known by in the chat.  (pure)

Sections are Roman ("I."), lettered super-sections ("A.") holding Roman ones, sub-sections ("III.1",
"III.1.1", or "1.2." headings of a prose list), or absent. Tasks are numbered 1, 2, 3 running on or restarting in
each section, "1.1"/"5.1.2", "a)", or bulleted. Each task keeps the number the document shows; its id must be
unique and typeable in the chat, whose commands read "17", "24.1" and codes like "bc-hcc":
- the numbers as shown, when they are all unique and of that form (the seed: 1…35, 24.1);
- else section and number, "2.3" for II.3, when numbers restart in Roman sections and that is unique;
- else 1, 2, 3 … in the order of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^(?P<id>(?:[IVXL]+|[A-Z]|\d{1,2})(?:\.\d{1,2}){0,3})\s*[.):]\s*(?P<title>\S.*)$")
SECTION_ID = re.compile(r"^(?:[IVXL]+(?:\.\d{1,2}){0,3}|[A-Z])\.?$")
TASK_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}\.?$")
LETTER_ITEM = re.compile(r"^[a-zđ][).]$")
BULLET = re.compile(r"^[-+•–]\s*")
CHAT_ID = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
KEY_LENGTH = 8  # tasks.section in the database


def roman_value(text: str) -> int | None:
    if not re.fullmatch(r"[IVXL]+", text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


@dataclass
class Sections:
    """The section a row is in, as the rows go by: "A.II", "III.1.1", "1.2" or "" when there are none."""

    titles: dict[str, str] = field(default_factory=dict)
    letter: str = ""
    roman: str = ""
    sub: str = ""
    key: str = ""

    def enter(self, ident: str, title: str) -> str:
        ident = ident.rstrip(".")
        if re.fullmatch(r"[A-Z]", ident) and roman_value(ident) is None:
            self.letter, self.roman, self.sub = ident, "", ""
        elif roman_value(ident) is not None:
            self.roman, self.sub = ident, ""
        else:
            self.sub = ident
        key = ".".join(part for part in (self.letter, self.sub or self.roman) if part)
        if len(key) > KEY_LENGTH:
            key = key[-KEY_LENGTH:]
        unique, n = key, 2
        while unique in self.titles:  # the same Roman number twice in one part, as a real plan has
            unique, n = f"{key[: KEY_LENGTH - 2]}-{n}", n + 1
        self.titles[unique] = title.strip()
        self.key = unique
        return unique

    def top_roman(self) -> str:
        return self.roman


def section_row(number: str, others: list[str]) -> tuple[str, str] | None:
    """(id, title) when the row is a section heading: "I. Title" alone in the row (or repeated across a row
    merged in a .docx), or a bare "I"/"A"/"III.1" with its title in the next cell and nothing else."""
    rest = [c for c in others if c and c != number]
    heading = HEADING.match(number)
    if heading and not rest:
        return heading["id"], heading["title"]
    if SECTION_ID.match(number) and len(rest) == 1 and others and others[0] == rest[0]:
        return number.rstrip("."), rest[0]
    if not number and len(rest) == 1 and others and others[0] == rest[0]:
        inner = HEADING.match(rest[0])
        if inner and SECTION_ID.match(inner["id"]):
            return inner["id"], inner["title"]
    return None


def _increasing(numbers: list[str]) -> bool:
    """1, 2, 24.1, 24.2, 25: every number after the one before; a restart ("1" again in section II) is not."""
    keys = [tuple(int(p) for p in n.split(".")) for n in numbers]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


def assign_ids(entries: list[tuple[str, str, str]]) -> tuple[list[str], str]:
    """Ids for (shown number, section key, top Roman section) entries, and a note on the scheme when it is
    not the numbers as shown."""
    shown = [number for number, _s, _r in entries]
    if all(CHAT_ID.match(n) for n in shown) and _increasing(shown):
        return shown, ""
    qualified = []
    for number, _section, roman in entries:
        value = roman_value(roman) if roman else None
        qualified.append(f"{value}.{number}" if value and re.fullmatch(r"\d{1,2}", number) else "")
    if all(qualified) and all(CHAT_ID.match(q) for q in qualified) and len(set(qualified)) == len(qualified):
        return qualified, "mã nhiệm vụ = số mục La Mã và số thứ tự (2.3 là mục II, TT 3), vì số thứ tự bắt đầu lại ở mỗi mục"
    ids = [str(i) for i in range(1, len(entries) + 1)]
    return ids, "mã nhiệm vụ là số thứ tự chạy 1, 2, 3 … theo thứ tự trong văn bản, vì số thứ tự của văn bản bị lặp"


def numbering_gaps(entries: list[tuple[int, str, str]]) -> list[str]:
    """Notes for numbers that go back inside one section (row, number, section): "8" then "2" in section II
    is most often a section heading the copy lost, which only a person can put back."""
    notes = []
    last: dict[str, tuple[int, ...]] = {}
    for row, number, section in entries:
        key = tuple(int(p) for p in number.split(".")) if re.fullmatch(r"\d+(?:\.\d+)*", number) else None
        if key is None:
            continue
        if section in last and key <= last[section]:
            shown = ".".join(map(str, last[section]))
            notes.append(f"dòng {row}: số thứ tự quay lại {number} sau {shown} trong "
                         f"{'mục ' + section if section else 'bảng'}; có thể thiếu một dòng tiêu đề mục")
        last[section] = key
    return notes
