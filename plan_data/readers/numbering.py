"""How appendices number their rows, and the number each task is known by in the chat.  (pure)

Sections are Roman ("I.", "I", "II -"), lettered super-sections ("A.") holding Roman ones, sub-sections
("III.1", "III.1.1", or "1.2." headings of a prose list), or absent; a section row may be a numeral alone in
the first cell with its title in the next cell or merged across the row, or one merged cell "II. CẢI CÁCH
THỂ CHẾ". Tasks are numbered 1, 2, 3 running on or restarting in each section, "1.1"/"5.1.2", "1)", "a)", or
bulleted. Each task is known by the number the document shows, which must be unique and typeable in the
chat (whose commands read "17", "24.1", "II.3", "A.I.1.1" and codes like "BC-hcc"):
- the numbers as shown, when they are all unique (the seed: 1…35, 24.1);
- else qualified by the Roman section they are in, "II.3", when numbers restart in each section;
- else by the whole section, "A.II.3", when a part restarts its Roman sections too;
- else 1, 2, 3 … in the order of the document (a copy that lost a section heading), with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^(?P<id>(?:[IVXL]+|[A-Z]|\d{1,2})(?:\.\d{1,2}){0,3})\s*[.):]\s*(?P<title>\S.*)$"
                     r"|^(?P<rid>[IVXL]+)\s*(?:[-–—]\s*|\s)(?P<rtitle>[A-ZĐÀ-Ỹ].*)$")  # "II CẢI CÁCH", "III - Mục"
SECTION_ID = re.compile(r"^(?:[IVXL]+(?:\.\d{1,2}){0,3}|[A-Z])\.?$")
TASK_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}[.)]?$")
LETTER_ITEM = re.compile(r"^[a-zđ][).]$")
BULLET = re.compile(r"^[-+•–]\s*")
# what the chat reads as a task's number: "17", "24.1", "II.3", "III.1.1.3", "A.I.1.1", "A.2"
CHAT_ID = re.compile(r"^(?:[A-Z]\.)?(?:[IVXL]+(?:\.\d{1,2}){0,2}\.)?\d{1,3}(?:\.\d{1,3}){0,3}$")
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
    merged in a .docx), a bare "I"/"A"/"III.1" with its title in one other cell or merged across the others,
    or an empty first cell and "II. Title" merged across the rest."""
    rest = list(dict.fromkeys(c for c in others if c and c != number))
    if not number and len(rest) == 1:  # "II. Title" in the content cell: a Roman or letter section only
        inner = heading_of(rest[0])
        return inner if inner and SECTION_ID.match(inner[0]) else None
    heading = heading_of(number)
    if heading and not rest:
        return heading
    if SECTION_ID.match(number) and len(rest) == 1 and not TASK_NUMBER.match(number):
        return number.rstrip("."), rest[0]
    return None


def heading_of(text: str) -> tuple[str, str] | None:
    """(id, title) of a line that is a section heading by itself: "II. CẢI CÁCH THỂ CHẾ", "B. Nhiệm vụ …"."""
    found = HEADING.match(text.strip())
    if not found:
        return None
    ident, title = (found["id"], found["title"]) if found["id"] else (found["rid"], found["rtitle"])
    if found["id"] and not SECTION_ID.match(ident) and not re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,3}", ident):
        return None
    return ident, title.strip()


def assign_ids(entries: list[tuple[str, str, str]]) -> tuple[list[str], str]:
    """Numbers for (shown number, section key, top Roman section) entries, and a note on the scheme when it is
    not the numbers as shown."""
    shown = [number for number, _s, _r in entries]
    if _usable(shown):
        return shown, ""
    by_roman = [f"{roman}.{number}" if roman else number for number, _s, roman in entries]
    if _usable(by_roman):
        return by_roman, "số nhiệm vụ kèm số mục La Mã (II.3 là mục II, TT 3), vì số thứ tự bắt đầu lại ở mỗi mục"
    by_section = [f"{section}.{number}" if section else number for number, section, _r in entries]
    if _usable(by_section):
        return by_section, "số nhiệm vụ kèm mục (A.II.3 là phần A, mục II, TT 3), vì số thứ tự bắt đầu lại ở mỗi mục"
    ids = [str(i) for i in range(1, len(entries) + 1)]
    return ids, "số nhiệm vụ là số thứ tự chạy 1, 2, 3 … theo thứ tự trong văn bản, vì số thứ tự của văn bản bị lặp"


def _usable(numbers: list[str]) -> bool:
    return all(CHAT_ID.match(n) for n in numbers) and len(set(numbers)) == len(numbers)


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


def duplicates(entries: list[tuple[int, str, str]]) -> list[tuple[int, int, str]]:
    """(first row, second row, number) of each number written twice in one run of a section (row, number,
    section): "17" then "17" again is a slip a person must fix; numbers that go back and run on ("8" then
    "2", "3" …) start a new run (a section heading the copy lost, numbering_gaps says so), not a duplicate."""
    found: list[tuple[int, int, str]] = []
    seen: dict[str, dict[str, int]] = {}
    last: dict[str, tuple[int, ...]] = {}
    for row, number, section in entries:
        key = tuple(int(p) for p in number.split(".")) if re.fullmatch(r"\d+(?:\.\d+)*", number) else None
        if key is None:
            continue
        if section in last and key < last[section]:
            seen[section] = {}  # numbers went back: a new run
        run = seen.setdefault(section, {})
        if number in run:
            found.append((run[number], row, number))
        run.setdefault(number, row)
        last[section] = key
    return found

