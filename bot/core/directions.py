"""«giao …»: a direction typed in the chat -> the Assignment it gives (plan_data.assigned).  (pure)

The shapes read, however typed (diacritics or not, capitals, polite words around them):
    giao kt: Báo cáo thu ngân sách quý IV, hạn 15/12/2026, theo CV 123/UBND-VP
    giao cho Phòng Kinh tế - Kiểm tra …, trước ngày 20/12/2026; căn cứ Công văn số 45/UBND; phối hợp vp, hcc
    Giao VP giúp em: Rà soát TTHC (pH hcc, dvsn) hạn Quý I/2027 nhé
The unit comes first, then ":" or a dash, then the work; after the work, in any order, clauses opened by a
word that says what they are: the deadline («hạn», «thời hạn», «hạn chót», or a date form itself: «trước ngày»,
«chậm nhất», «trong tháng», «Quý I/2027», «15/12»), the source document («theo», «căn cứ», or the document
itself: «CV 123/…», «Công văn số …», «Kế hoạch số …», «QĐ …»), the coordinators («phối hợp», «pH», «cùng»).
A clause that opens with no such word belongs to the one before it (the work goes on, a list of units goes
on). Who and what the names are is plan_data.assigned's question, asked of the plan.

Where it branches: text whose first token is a task number («giao 17 @lan», «giao G2 @lan») is another form,
a person put on a task; it is handed to `bot.core.arguments.assign_person`, a stub the command that owns that
form replaces (until then, said to the bot, it gets this command's hint; in a group, it is talk).
"""

from __future__ import annotations

import re

from bot.core import arguments
from bot.core.arguments import Msg
from bot.core.intents import Assign, Command
from bot.core.talk import past_task_words, strip_fillers
from bot.core.tokens import Invalid, read, read_id
from plan_data.assigned import Assignment
from plan_data.folding import fold, fold_char

MAX_HEADS = 3  # a dash may stand inside a unit's name («Phòng Văn hóa - Xã hội - …»): the cuts offered

_CUT = re.compile(r"\s*(?:[,;\n()]|\.\s|\s[-–—]\s)\s*")  # where a clause may end
_DATEISH = r"(?:truoc|trong|cham nhat|ngay|quy|thang|nam|cuoi|dau|giua|tuan|hang|thuong xuyen|q\s?[ivx1-4]\b|\d)"
_DOCUMENT = (r"(?:cv|cong van|van ban|vb|kh|ke hoach|qd|quyet dinh|chi thi|ct|thong bao|tb|nghi quyet|nq|"
             r"to trinh|ket luan|kl)\b\s*(?:so\s*)?(?:[:.]\s*)?\d")
_FIELDS = (  # (field, pattern of the clause's opening on the folded text, whether the opening is part of it)
    ("deadline", r"(?:thoi han|han chot|han hoan thanh)\b\s*(?:la\b|:)?\s*", False),
    ("deadline", rf"(?:han|hoan thanh|xong)\b\s*(?:la\b|:)?\s*(?={_DATEISH})", False),
    ("deadline", r"(?:truoc ngay|truoc|cham nhat|trong (?:thang|quy|nam|tuan)|quy\s+[ivx0-9]|thang\s+\d"
                 r"|\d{1,2}\s*[/.-]\s*\d{1,2})", True),
    ("source", r"(?:thuc hien theo|theo|can cu(?: vao)?|nguon|van ban giao)\b(?!\s+(?:doi|dung|huong)\b)\s*:?\s*",
     False),
    ("source", _DOCUMENT, True),
    ("coordinators", r"(?:don vi phoi hop|phoi hop voi|phoi hop|ph|cung voi|cung)\b\s*:?\s*(?:voi\b)?\s*", False),
)
_OPENINGS = tuple((name, re.compile(pattern), kept) for name, pattern, kept in _FIELDS)
# a clause after the work opening with the word «hạn» itself is the deadline even when nothing after it reads as
# a date («hạn khi nào xong», «hạn tuần sau»): the task is then undated and the deadline asked, never the words
# taken for a unit or the work; not «hạn chế», «hạn mức», «hạn ngạch», words of their own
_ANY_DEADLINE = re.compile(r"han\b(?!\s+(?:che|muc|ngach)\b)\s*(?:la\b|:)?\s*")
_MIDWAY = re.compile(rf"(?<!\bthoi)(?<!\bgia)(?<!\bthuc hien)\s(?=(?:han|thoi han|han chot)\s+{_DATEISH}|(?:theo|can cu)\s+{_DOCUMENT})")
# «hạn» met mid-way opens the deadline, unless it ends a word of the work: «hồ sơ trễ hạn tháng 2», «nhiệm vụ quá
# hạn quý I». Typed with its marks the word says which; typed without them «qua», «dung», «den», «trong» may be
# «quả», «dựng», «đèn», «trồng» («kết qua han 15/12»), so only the plain words no other word spells are kept
_WORK_WORDS = frozenset({"trễ", "quá", "đúng", "đến", "hết", "trong", "kỳ", "kì", "tre", "het"})
# typed without marks these may be either («qua han» is «quá hạn» or «quả hạn»): such a «han» ends a word of the
# work when another deadline follows it («doi chieu no den han 15/11, han 15/12»), never two deadlines in one
_PLAIN_EITHER = frozenset({"qua", "dung", "den", "trong", "ky", "ki"})
_DEADLINE_AHEAD = re.compile(rf"(?:^|[\s,;.])(?:han|thoi han|han chot|hoan thanh|xong|truoc ngay|cham nhat)\s*:?\s*"
                             rf"{_DATEISH}|[,;.]\s*(?:truoc|cham nhat|quy\s+[ivx0-9]|trong thang|\d{{1,2}}\s*[/.-]\s*\d"
                             rf"|(?:thoi )?han\b(?!\s+(?:che|muc|ngach)\b))")
_LEADING = ("cho", "viec cho", "nhiem vu cho", "viec", "nhiem vu", "nv")
# «ạ» is told by its tone (bot.core.talk); typed without it, "a" is a politeness only after a date («… 15/12 a»),
# never after the work («… nhóm A»)
_TRAILING = ("giup em", "giup chi", "giup anh", "giup", "ho em", "voi", "nhe", "nha", "cam on", "thanks")


def direction(m: Msg, i: int) -> Command | None:
    """What follows «giao»: an Assign, the other form's command, None for talk, or Invalid with the hint."""
    if read_id(m.t, past_task_words(m.t, i)) is not None:  # «giao (nv) 17 @lan»: a person on a task
        person = arguments.assign_person(m, i)
        if person is None and m.explicit:
            raise Invalid("missing_direction")
        return person
    heads = _heads(m.rest(i))
    if not heads:
        if m.explicit or m.blank_from(i):
            raise Invalid("missing_direction")
        return None  # «giao ban chiều nay» in a group: talk
    choices = tuple(a for a in (_assignment(lead, body) for lead, body in heads) if a.content)
    if not choices:
        raise Invalid("missing_content")
    return Assign(choices)


def _heads(text: str) -> list[tuple[str, str]]:
    """(unit, the rest) for each place the unit may end, first first: a ":" or a spaced dash before any comma (a
    unit's name has none; «thời hạn:» further on is not the unit's end), at most three."""
    cuts = [m for m in re.finditer(r":|\s[-–—]\s|[-–—]\s|\s[-–—]", text)
            if m.start() <= 120 and not re.search(r"[,;()\n]", text[:m.start()])][:MAX_HEADS]
    if cuts and cuts[0][0] == ":":
        cuts = cuts[:1]  # «giao kt: …»: the colon says where the unit ends
    return [pair for m in cuts for pair in _with_lead(text[:m.start()], text[m.end():])]


def _with_lead(head: str, body: str) -> list[tuple[str, str]]:
    lead = _polite(head, _LEADING)
    return [(lead, body)] if lead and len(lead) <= 120 else []


def _polite(text: str, leading: tuple[str, ...] = (), spoken: bool = True) -> str:
    """The text without the words around it that are politeness, not meaning («cho …», «… giúp em nhé»).
    `spoken`: also bot.core.talk's fillers; not for the work itself, whose last word may look like one («nhóm A»)."""
    text = text.strip()
    word = next((w for w in leading if fold(text[:len(w) + 1]) == w and text[len(w):len(w) + 1].isspace()), None)
    if word is not None and len(read(text).tokens) > len(word.split()):
        text = text[len(word) + 1:].strip()
    changed = True
    while changed:
        changed = False
        text = strip_fillers(text) if spoken else text.strip()
        if text[-2:] in (" ạ", " Ạ"):
            text, changed = text[:-2].rstrip(" ,"), True
            continue
        for word in _TRAILING:  # a word is cut only where the typed text ends with it, letter for letter
            cut = len(text) - len(word)
            if cut > 0 and text[cut - 1].isspace() and fold(text[cut:]) == word:
                text, changed = text[:cut].rstrip(" ,"), True
                break
    return text.strip(" ,;:")


def _clauses(body: str) -> list[tuple[int, int]]:
    """Spans of the body between the places a clause may end, and before an opening word met mid-way."""
    folded = _one_for_one(body)
    midway = [m for m in _MIDWAY.finditer(folded) if not _ends_a_word(body, folded, m)] if folded is not None else ()
    stops = sorted({(m.start(), m.end()) for m in _CUT.finditer(body)} | {(m.start(), m.end()) for m in midway})
    spans, start = [], 0
    for begin, end in stops:
        if begin >= start:
            spans.append((start, begin))
            start = end
    spans.append((start, len(body)))
    return [(a, b) for a, b in spans if body[a:b].strip()]


def _ends_a_word(body: str, folded: str, found: re.Match[str]) -> bool:
    """Whether the «hạn» met mid-way ends a word of the work: the word before it, as typed, is one of
    _WORK_WORDS, or one of _PLAIN_EITHER with another deadline after it."""
    before = body[:found.start()].split()
    if not before or body[found.start():].lstrip()[:1] not in "hH":
        return False
    word = before[-1].lower().strip(",;:")
    return word in _WORK_WORDS or (word in _PLAIN_EITHER and _DEADLINE_AHEAD.search(folded, found.end() + len("han")) is not None)


def _assignment(lead: str, body: str) -> Assignment:
    fields: dict[str, list[tuple[int, int]]] = {"content": [], "deadline": [], "source": [], "coordinators": []}
    previous = "content"
    for index, (start, end) in enumerate(_clauses(body)):
        name, start = _opening(body, start, end, index)
        if name is None and not index:
            name = "content"
        elif name is None:  # no opening word: the clause before it goes on
            name = "deadline" if previous == "deadline" and re.match(_DATEISH, fold(body[start:end])) else (
                previous if previous in ("coordinators", "source") else "content")
        fields[name].append((start, end))
        previous = name
    values = {name: _joined(body, spans) for name, spans in fields.items()}
    polite = {name: _polite(value, spoken=name != "content") for name, value in values.items()}
    polite["deadline"] = re.sub(r"(?<=\d)\s+a$", "", polite["deadline"], flags=re.IGNORECASE)
    return Assignment(lead, **polite)


def _one_for_one(text: str) -> str | None:
    """The text folded character for character (positions kept), or None when a character folds to none or two."""
    chars = [fold_char(ch) for ch in text]
    return "".join(chars) if all(len(c) == 1 for c in chars) else None


def _opening(body: str, start: int, end: int, index: int) -> tuple[str | None, int]:
    """The field a clause opens, and where its value starts (past a word such as «hạn» or «theo»)."""
    folded = _one_for_one(body[start:end])
    if folded is None:  # a letter that folds to two: read from the typed text as it stands
        return None, start
    for name, opening, kept in _OPENINGS if index else _OPENINGS[:2]:  # the work may begin «Quý IV báo cáo …»
        found = opening.match(folded)
        if found and (kept or folded[found.end():].strip()):
            return name, start + (0 if kept else found.end())
    found = _ANY_DEADLINE.match(folded) if index else None
    typed = body[start:end].split()[0].lower().rstrip(":") if body[start:end].split() else ""
    if found and typed in ("hạn", "han") and folded[found.end():].strip():  # typed «hạn», not «hàn», «Hán»
        return "deadline", start + found.end()
    return None, start


def _joined(body: str, spans: list[tuple[int, int]]) -> str:
    """The clauses of one field as typed: clauses that follow each other keep what stood between them."""
    if not spans:
        return ""
    pieces, first, last = [], spans[0][0], spans[0][1]
    for start, end in spans[1:]:
        between = body[last:start]
        if not _CUT.fullmatch(between) and between.strip():  # another field's clause stood between: a new piece
            pieces.append(body[first:last])
            first = start
        last = end
    pieces.append(body[first:last])
    return ", ".join(p.strip() for p in pieces)
