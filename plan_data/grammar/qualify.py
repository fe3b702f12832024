"""What a time cell says around its date, taken apart before the grammar reads it.  (pure)

- A reference to another document loses its number and its signing date: «theo Kế hoạch số 12/KH-UBND ngày
  03/01/2026» is read as «theo Kế hoạch». A document is signed on that date; nothing is due on it.
- A parenthesis that holds no time of its own («(đối với các xã chưa hoàn thành)», «(theo Công văn
  45/UBND-VP ngày 10/01/2026)», «(nếu có)») qualifies the date outside it: it becomes a remark, kept as
  written, and leaves the text the grammar reads. One that holds a time («(trước ngày 15/6)», «(hằng năm)»,
  «(trình kỳ họp)») may change the deadline: its brackets are dropped and it is read with the rest, where a
  second date makes the cell refused rather than guessed.
- «năm nay» is the plan year, «năm sau» and «năm tới» the next one; «các năm sau», «năm sau nữa» are not.
Edits are found in the folded text and made in the cell as written, so that remarks and the grammar's
follow-up notes keep their diacritics. Each step is one regex pass over the cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from plan_data.folding import fold, fold_char

_DOCUMENTS = (r"ke hoach|quyet dinh|nghi quyet|cong van|thong bao|nghi dinh|thong tu|chi thi|van ban|thong tri"
              r"|ket luan|huong dan|chuong trinh|de an|to trinh|bao cao|luat|quy che|quy dinh|phap lenh|dieu le")
_SIGNED_ON = (r"ngay(?: \d{1,2})?(?:\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?"
              r"| thang(?: \d{1,2})?(?: nam(?: \d{4})?)?)")
# «Kế hoạch số 12/KH-UBND ngày 03/01/2026», «Quyết định số /QĐ-UBND ngày tháng 01 năm 2026»: a number or «số»
# is required, so that «báo cáo ngày 15/7» (report on 15/7) stays a date.
_DATED_REFERENCE = re.compile(
    rf"\b(?:{_DOCUMENTS})(?P<cut>(?: so(?: [^\s\d/]*[\d/]\S*)?| [^\s\d/]*[\d/]\S*) {_SIGNED_ON})", re.ASCII
)
# A document's number: «số 12/KH-UBND», «30/2020/NĐ-CP», «12-NQ/TW» (never «6/năm»)
_NUMBER = re.compile(
    r"(?:\bso )?(?<![\w/])(?:\d+(?:/\d{4})?/(?!(?:nam|thang|quy|ngay)\b)[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
    r"|\d+-[a-z]+/[a-z]+)\b"
    r"|\bso\s*[.…]*\s*/[a-z][a-z0-9]*(?:-[a-z0-9]+)*\b",  # a draft's blank number: «số    /KH-UBND»
    re.ASCII,
)
# ... and its signing date a few words on: «số 12/KH-UBND của UBND xã ngày 03/01/2026»; not when the words
# between say what is due: «số 12/KH-UBND, hoàn thành trước ngày 15/3»
_SIGNED_LATER = re.compile(rf"(?P<gap>[^0-9,;.()]{{0,60}}?)\b{_SIGNED_ON}", re.ASCII)
_DUE_WORDS = re.compile(r"\b(?:truoc|cham|muon|den|han|trong|vao|tu|sau|khi|hoan thanh|xong|nop|gui|trinh"
                        r"|bao cao|thuc hien|trien khai|ket thuc|la)\b", re.ASCII)
_RELATIVE_YEAR = re.compile(r"(?:\b(?P<before>[a-z0-9]+) )?\bnam (?P<which>nay|sau|toi)\b(?! (?:nua|do|kia)\b)",
                            re.ASCII)
_PERIOD_BEFORE = re.compile(r"(?:thang|quy|ngay|/|-)\s*\Z", re.ASCII)  # «tháng 10 năm sau», «15/10 năm sau»
_NOT_THE_NEXT_YEAR = frozenset({"cac", "nhung", "hang", "moi", "nhieu", "may", "vai", "mot", "hai", "ba"})
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# What makes a parenthesis a time of its own rather than a remark: a period named or qualified, an anchor, a
# repeat, an event, a meeting. Words alone are not enough: «quy định», «Sở Tư pháp», «Việt Nam» are no times.
_PERIOD = r"(?:ngay|tuan|thang|quy|nam)"
_TIME_WORDS = re.compile(
    rf"\b(?:(?:hang|moi|dinh ky|cac|tung|cuoi|dau|giua|nua|sau|tu|den|den het|truoc|trong|vao) {_PERIOD}"
    rf"|{_PERIOD} (?:nay|sau|toi|truoc|dau|cuoi|giua|ke tiep|tiep theo|mot lan)"
    r"|quy (?:iv|iii|ii|i)|truoc|cham nhat|muon nhat|han chot|tu nay|ke tu|khi|ky hop|phien hop|hoi nghi"
    r"|cuoc hop|dai hoi)\b",
    re.ASCII,
)
_QUARTER = re.compile(r"\bquy (?:iv|iii|ii|i)\b", re.ASCII)


@dataclass(frozen=True)
class Qualified:
    text: str  # the cell the grammar reads, as written: references cut, remarks out, relative years as numbers
    remarks: tuple[str, ...] = ()  # the parentheses that qualify the date, as written


class Folded:
    """A text folded character by character (plan_data.folding.fold_char), with where each folded character
    came from, so that a span found in the folded text can be edited in the text as written."""

    def __init__(self, text: str) -> None:
        self.written_text = unicodedata.normalize("NFC", text)
        folded: list[str] = []
        self.origin: list[int] = []
        for i, ch in enumerate(self.written_text):
            for f in fold_char(ch):
                folded.append(f)
                self.origin.append(i)
        self.text = "".join(folded)

    def written(self, piece: str) -> str:
        """A folded piece as the text writes it (the piece itself if it is not found)."""
        needle = piece.replace("dautu", "dau tu")  # plan_data.grammar.compose's mark for «đầu tư»
        at = self.text.find(needle)
        if at < 0 or not needle:
            return needle
        return self.written_text[self.origin[at]: self.origin[at + len(needle) - 1] + 1]

    def edited(self, edits: list[tuple[int, int, str]]) -> str:
        """The written text with each folded span (start, end, replacement) replaced; spans do not overlap."""
        out: list[str] = []
        at = 0
        for start, end, replacement in sorted(edits):
            first, last = self.origin[start], self.origin[end - 1] + 1
            out += [self.written_text[at:first], replacement]
            at = last
        return "".join(out + [self.written_text[at:]])


def _reference_spans(folded: str) -> list[tuple[int, int]]:
    """What to cut: the number and signing date of each document the text cites (a dated reference keeps its
    document's name: «theo Kế hoạch» is still followed)."""
    dated = [m.span("cut") for m in _DATED_REFERENCE.finditer(folded)]
    spans = list(dated)
    k = 0
    for m in _NUMBER.finditer(folded):
        while k < len(dated) and dated[k][1] <= m.start():
            k += 1
        if k < len(dated) and dated[k][0] <= m.start():
            continue  # a dated reference's number, cut already
        signed = _SIGNED_LATER.match(folded, m.end())
        end = signed.end() if signed and not _DUE_WORDS.search(signed["gap"]) else m.end()
        spans.append((m.start(), end))
    return spans


def cut_references(folded: str) -> str:
    """The folded text without the numbers and signing dates of the documents it cites."""
    out, at = [], 0
    for start, end in sorted(_reference_spans(folded)):
        out += [folded[at:start], " "]
        at = end
    return "".join(out + [folded[at:]])


def _reference_edits(cell: Folded) -> list[tuple[int, int, str]]:
    return [(start, end, " ") for start, end in _reference_spans(cell.text)]


def _year_edits(cell: Folded, year: int) -> list[tuple[int, int, str]]:
    edits = []
    for m in _RELATIVE_YEAR.finditer(cell.text):
        before = m["before"] or ""
        counted = before.isdigit() and not _PERIOD_BEFORE.search(cell.text, max(0, m.start() - 8), m.start())
        if before in _NOT_THE_NEXT_YEAR or counted:
            continue  # «các năm sau» are the following years, «2 năm sau» counts from something unsaid
        edits.append((m.start("which"), m.end("which"), str(year if m["which"] == "nay" else year + 1)))
    return edits


def is_timed(folded: str) -> bool:
    """Whether a folded piece of text says a time of its own once its references are cut."""
    plain = cut_references(folded)
    return any(c.isdigit() for c in plain) or bool(_TIME_WORDS.search(plain))


def _parentheses(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its remark parentheses out and its timed ones opened, and the remarks as written."""
    remarks: list[str] = []

    def settle(m: re.Match[str]) -> str:
        if is_timed(fold(m[1])):
            return f" {m[1]} "
        if m[1].strip():
            remarks.append(" ".join(m[1].split()))
        return " "

    return _PARENTHESIS.sub(settle, text), tuple(remarks)


def qualify(text: str, year: int) -> Qualified:
    """The cell taken apart: what the grammar reads, and the remarks that qualify it."""
    opened, remarks = _parentheses(text)
    cell = Folded(opened)
    edits = _reference_edits(cell)
    edits += [e for e in _year_edits(cell, year) if not any(s <= e[0] < t for s, t, _ in edits)]
    return Qualified(" ".join(cell.edited(edits).split()), remarks)
