"""Cells that say what became of the work instead of when it is due, and cells tied to a body's meeting.  (pure)

- «Đã ban hành», «Đã hoàn thành», «Đã thực hiện xong»: the work is done (Kind.UNDATED, state "done"); the
  importer imports it as done, the cell kept as a note. «Đang triển khai», «Đang xây dựng»: under way with no
  date (state "under-way"). Only a cell that says nothing more: «Đã ban hành, tiếp tục triển khai thường
  xuyên» goes on to the grammar, and a date beside «đã» («Đã hoàn thành năm 2025») is when the work was done or
  not, never a deadline: refused. «Hoàn thành năm 2025» has no «đã»: a deadline, read by the grammar.
- «Kỳ họp HĐND xã», «Tại kỳ họp cuối năm của HĐND», «Hội nghị sơ kết»: the meeting's date is not in the plan,
  so the grammar reads it as an event. A meeting with a date is read only when the date is the meeting's day
  («Kỳ họp HĐND xã ngày 15/12/2026»); a month, a quarter, an anchor («trước kỳ họp … tháng 12») is refused:
  the meeting falls somewhere inside it, and the work is due before it.
The text is folded and its references cut (plan_data.grammar.qualify) before it comes here.
"""

from __future__ import annotations

import re

from plan_data.grammar.parts import Kind, Schedule, date_of, date_re, one, undated

_DONE_VERBS = (r"hoan thanh|ban hanh|thuc hien|trien khai|xay dung|to chuc|phe duyet|trinh|gui|ky|thanh lap"
               r"|kien toan|cap nhat|dua vao su dung|van hanh|bo tri|ket thuc|nop|cong bo|sap xep|hoan thien"
               r"|soan thao|tham dinh|lay y kien|ra soat|dieu chinh|sua doi|bo sung|tong ket|so ket|danh gia"
               r"|chuan bi|lap|tiep nhan|xu ly|kiem tra|dang tai|phan cong|giao")
_STATE = re.compile(rf"[^a-z0-9]*(?P<word>da|dang)(?: duoc)? (?:{_DONE_VERBS})\b", re.ASCII)
# After the verb, what would make the cell more than a state: a time, a continuation, a negation, a clause
_MORE = re.compile(
    r"[0-9;]|\b(?:se|chua|khong|nhung|tiep|con|van|truoc|sau|den|tu|han|cham|hang|moi|dinh ky|thuong xuyen"
    r"|lien tuc|quy|thang|ngay|tuan|nam|khi|hoac|ky|du kien)\b",
    re.ASCII,
)
_FIRST_CLAUSE = re.compile(r"[^,;.]*", re.ASCII)

_MEETING = re.compile(r"\b(?:ky hop|phien hop|hoi nghi|cuoc hop|dai hoi)\b", re.ASCII)
# Numbers of a meeting that are no date: «kỳ họp thứ 5», «khóa XII», «nhiệm kỳ 2021 - 2026», «lần 2»
_MEETING_NUMBERS = re.compile(
    r"\b(?:thu|lan|khoa|so) (?:\d{1,2}|[ivxl]+)\b|\bnhiem ky(?: \d{4}\s*-\s*\d{4})?", re.ASCII
)
_MEETING_DAY = re.compile(rf"(?P<label>[^0-9]*?)\b(?:(?:vao|trong|tai) )?ngay {date_re('')}(?![0-9])(?P<rest>[^0-9]*)",
                          re.ASCII)
# Around the meeting's day, nothing that moves the deadline off it or names another time
_OFF_THE_DAY = re.compile(r"\b(?:truoc|sau|den|tu|han|cham|muon|khi|hoac|dau|cuoi|giua|hang|moi|dinh ky"
                          r"|thuong xuyen|lien tuc|tro di|toi|ngay|tuan|thang|quy|nam|lan|dot)\b", re.ASCII)


def read_state(folded: str) -> Schedule | None:
    """Done or under way when the cell says only that; None for the grammar; ValueError for «đã» with a date."""
    m = _STATE.match(folded)
    if m is None:
        return None
    rest = folded[m.end():]
    if not _MORE.search(rest):
        return undated("done" if m["word"] == "da" else "under-way")
    if m["word"] == "da" and any(c.isdigit() for c in _FIRST_CLAUSE.match(rest)[0]):
        raise ValueError("a date beside «đã» says when the work was done, not when it is due")
    return None


def read_meeting(folded: str, year: int) -> Schedule | None:
    """A meeting's own day as the deadline; None for the grammar (a meeting with no date is its event);
    ValueError for a meeting beside any other date."""
    if not _MEETING.search(folded):
        return None
    plain = _MEETING_NUMBERS.sub(" ", folded)
    if not any(c.isdigit() for c in plain):
        return None
    m = _MEETING_DAY.fullmatch(plain)
    if m is None or _OFF_THE_DAY.search(f"{m['label']} {m['rest']}"):
        raise ValueError("a meeting beside a period or an anchor: the day it falls on is not said")
    return one(Kind.DEADLINE, date_of(m, "", year))
