"""What an officer typed -> a Command.  (pure: no I/O, no clock; "today" is passed in when it matters)

Officers type on phones: without diacritics, in capitals, NFD, "xong17", "/xong@NhacViecBot 17" in
Telegram groups, "@NhacViecBot xong 17" in Zalo groups. Matching runs on a folded copy of the text that
remembers, for each folded character, where it came from, so notes and reasons are cut from what the
officer actually wrote, diacritics included.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.core.dates import split_date_prefix
from plan_data.text import fold, fold_char

HINTS = {
    "missing_task": "Thiếu số nhiệm vụ. Ví dụ: {example}",
    "one_task": "Mỗi lần chỉ một nhiệm vụ. Ví dụ: {example}",
    "reversed_range": "Khoảng nhiệm vụ bị ngược, số nhỏ viết trước. Ví dụ: xong 10-12",
    "big_range": "Mỗi lần tối đa 50 nhiệm vụ. Ví dụ: xong 10-12",
    "bad_range": "Khoảng chỉ dùng giữa hai số cùng cấp. Ví dụ: xong 10-12, xong 24.1-24.3",
    "missing_percent": "Thiếu phần trăm tiến độ. Ví dụ: td 17 50%",
    "bad_percent": "Phần trăm phải từ 0 đến 100. Ví dụ: td 17 50%",
    "missing_date": "Thiếu ngày. Ví dụ: {example}",
    "bad_date": "Không hiểu ngày. Ví dụ: 30/6, thứ 6 tuần sau, 3 ngày nữa, cuối tháng 12",
    "bad_days": "Số ngày phải từ 1 đến 366. Ví dụ: sắp tới 30 ngày",
    "bad_quarter": "Quý phải từ 1 đến 4. Ví dụ: báo cáo quý 2",
    "missing_code": "Thiếu mã liên kết. Ví dụ: liên kết AB12CD",
}
EXAMPLES = {
    "xong": "xong 17", "tiến độ": "td 17 50%", "hoàn tác": "hoàn tác 17", "mở lại": "mở lại 17", "hạn": "hạn 17 30/6",
    "gia hạn": "gia hạn 17 30/6 chờ hướng dẫn", "duyệt": "duyệt 17", "nv": "nv 17",
    "nhắc lại": "nhắc lại 17",
}
COMMAND_WORDS: dict[str, str] = {
    "xong": "Báo hoàn thành nhiệm vụ: xong 17 (nhiều việc: xong 17, 18 hoặc xong 10-12)",
    "tiến độ": "Cập nhật tiến độ: td 17 50%",
    "hoàn tác": "Hoàn tác thay đổi cuối của nhiệm vụ: hoàn tác 17 (mở lại việc đã xong: mở lại 17)",
    "hạn": "Đặt hạn cho nhiệm vụ: hạn 17 30/6",
    "gia hạn": "Xin gia hạn: gia hạn 17 30/6 lý do",
    "duyệt": "Duyệt nhiệm vụ đơn vị báo xong: duyệt 17",
    "nv": "Xem một nhiệm vụ: nv 17 (hoặc chỉ gõ 17)",
    "việc": "Các nhiệm vụ của tôi",
    "quá hạn": "Các nhiệm vụ đã quá hạn",
    "sắp tới": "Nhiệm vụ sắp đến hạn: sắp tới 7 ngày",
    "tổng hợp": "Tổng hợp tình hình thực hiện kế hoạch",
    "báo cáo": "Báo cáo kết quả: báo cáo quý 2 · báo cáo 6 tháng · báo cáo năm",
    "lịch": "Lịch hạn các nhiệm vụ",
    "nhắc lại": "Nhắc lại nhiệm vụ sau: nhắc lại 17",
    "liên kết": "Liên kết tài khoản với đơn vị: liên kết MÃ",
    "hướng dẫn": "Hướng dẫn sử dụng",
}
# Telegram /commands may only use [a-z0-9_]: the word folded without spaces ("quá hạn" -> "quahan").
# parse() accepts every keyword written without spaces, so these work typed as well as tapped.
ASCII_ALIASES: dict[str, str] = {name: fold(name).replace(" ", "") for name in COMMAND_WORDS}
MAX_RANGE = 50
_TALK = ("missing_task", "bad_date")  # the failures ordinary group talk produces, see _dispatch
_SYNTAX_DAY = date(2028, 1, 1)  # a leap year, so "29/2" still reads as a date when today is unknown


@dataclass(frozen=True)
class Command:
    """Base of every answer of parse()."""


@dataclass(frozen=True)
class Done(Command):
    tasks: tuple[str, ...]
    note: str = ""
    # Group talk shaped like a report ("xong 17 đã nộp kế hoạch", not addressed to the bot, note unmarked): it
    # is a report only if every number is a task of this plan, which the core checks (the parser cannot).
    tentative: bool = False


@dataclass(frozen=True)
class Progress(Command):
    task: str
    percent: int
    note: str = ""


@dataclass(frozen=True)
class Undo(Command):
    task: str


@dataclass(frozen=True)
class Reopen(Command):
    task: str


@dataclass(frozen=True)
class SetDate(Command):
    task: str
    date_text: str


@dataclass(frozen=True)
class Extend(Command):
    task: str
    date_text: str
    reason: str = ""


@dataclass(frozen=True)
class Approve(Command):
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Show(Command):
    task: str


@dataclass(frozen=True)
class MyTasks(Command):
    everything: bool = False  # «việc tất cả»: the whole list, however long


@dataclass(frozen=True)
class Overdue(Command):
    pass


@dataclass(frozen=True)
class Upcoming(Command):
    days: int = 14


@dataclass(frozen=True)
class Summary(Command):
    pass


@dataclass(frozen=True)
class Report(Command):
    quarter: int | None = None  # None: the current quarter, unless yearly
    yearly: bool = False  # "báo cáo năm": the whole year
    six_months: bool = False  # "báo cáo 6 tháng": a half-year
    half: int | None = None  # "6 tháng đầu năm" 1, "6 tháng cuối năm" 2; None: the current half


@dataclass(frozen=True)
class Calendar(Command):
    pass


@dataclass(frozen=True)
class Help(Command):
    pass


@dataclass(frozen=True)
class Link(Command):
    code: str


@dataclass(frozen=True)
class Snooze(Command):
    task: str


@dataclass(frozen=True)
class Unknown(Command):
    text: str
    suggestion: str | None = None
    hint: str | None = None


class _Invalid(Exception):
    """A command word with arguments that do not fit; carries the key of the hint to show."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class _Msg:
    text: str  # as received, for Unknown
    orig: str  # NFC, bot mentions and leading "/" removed
    folded: str
    pos: tuple[int, ...]  # pos[i] is the index in orig of folded[i]
    explicit: bool  # "/", a mention of the bot, or the channel says so: answer even when not understood
    today: date | None

    def orig_from(self, i: int) -> str:
        return self.orig[self.pos[i]:].strip() if i < len(self.pos) else ""

    def empty_from(self, i: int) -> bool:
        return re.search(r"[a-z0-9]", self.folded[i:]) is None  # "quá hạn?" is still just "quá hạn"


# --- task numbers -------------------------------------------------------------------------------------

_ID = r"(?:[0-9]{1,3}(?:\.[0-9]{1,2})?(?![0-9])|[a-z]{2,4}-[a-z0-9]{2,10})(?![0-9a-z])"
_ITEM = rf"(?P<a>{_ID})(?:\s*(?:-|den|toi)\s*(?P<b>{_ID}))?"
_FILLER = r"(?:\s*(?:(?:nhiem\s*vu|nv|so)(?![a-z])|[#:]))*\s*"  # "xong nhiệm vụ số 17", "xong #17"
_FIRST = re.compile(_FILLER + _ITEM)
_TASK = re.compile(rf"{_FILLER}(?P<a>{_ID})")
_MORE = re.compile(rf"\s*(?:[,;&+]|va(?![a-z])|voi(?![a-z])|and(?![a-z]))?\s*{_ITEM}")
_OTHER = re.compile(rf"\s*(?:[,;&+-]|va(?![a-z]))\s*{_ID}")  # a second task where one is expected
_PERCENT = re.compile(r"\s*[:=,-]?\s*(?:(?:dat|duoc|la)\s*)?(?P<p>[0-9]{1,4})(?![0-9]|[.,][0-9])\s*%?")
_DAYS = re.compile(r"\s*(?P<n>[0-9]{1,4})(?![0-9])\s*(?P<u>ngay|tuan|thang)?(?![a-z])")
_QUARTER = re.compile(r"\s*(?:quy|q)\s*(?P<q>[0-9]{1,2}|[ivx]{1,4})(?![a-z0-9])")
_HALF = re.compile(r"\s*(?:6|sau)\s*thang(?![a-z])(?:\s*(?P<which>dau|cuoi)(?:\s*nam(?![a-z]))?)?")
_YEARLY = re.compile(r"\s*(?:ca\s*)?nam(?![a-z])")  # "báo cáo năm": the whole year, no quarter
_CODE = re.compile(r"\s*[:#=]?\s*(?P<c>[a-z0-9][a-z0-9-]{0,63})(?![a-z0-9-])")


def _norm(task: str) -> str:
    if task[0].isdigit():
        return ".".join(str(int(part)) for part in task.split("."))  # "017" is 17
    prefix, unit = task.split("-", 1)
    return f"{prefix.upper()}-{unit.lower()}"


def _expand(first: str, last: str | None) -> list[str]:
    a, b = _norm(first), _norm(last) if last else None
    if b is None or a == b:
        return [a]
    head_a, _, sub_a = a.rpartition(".")
    head_b, _, sub_b = b.rpartition(".")
    if head_a != head_b or not sub_a.isdigit() or not sub_b.isdigit():  # "24.1-25", "BC-hcc-17"
        raise _Invalid("bad_range")
    if int(sub_b) < int(sub_a):
        raise _Invalid("reversed_range")
    if int(sub_b) - int(sub_a) >= MAX_RANGE:
        raise _Invalid("big_range")
    return [f"{head_a}.{n}" if head_a else str(n) for n in range(int(sub_a), int(sub_b) + 1)]


def _task_list(m: _Msg, i: int) -> tuple[tuple[str, ...], int]:
    found: list[str] = []
    match = _FIRST.match(m.folded, i)
    while match:
        found.extend(_expand(match["a"], match["b"]))
        i = match.end()
        match = _MORE.match(m.folded, i)
    if not found:
        raise _Invalid("missing_task")
    unique = tuple(dict.fromkeys(found))
    if len(unique) > MAX_RANGE:
        raise _Invalid("big_range")
    return unique, i


def _one_task(m: _Msg, i: int, *, alone: bool = False) -> tuple[str, int]:
    match = _TASK.match(m.folded, i)
    if match is None:
        raise _Invalid("missing_task")
    if alone and _OTHER.match(m.folded, match.end()):
        raise _Invalid("one_task")  # "hoàn tác 17, 18" must not quietly reopen only 17
    return _norm(match["a"]), match.end()


def _note(m: _Msg, i: int) -> str:
    note = m.orig_from(i).lstrip(" ,;:-–—.").strip()
    return "" if m.empty_from(i) else note  # "xong 17!" has no note


# --- one handler per command word ---------------------------------------------------------------------

_Handler = Callable[[_Msg, int], "Command | None"]


def _quiet_unless_alone(m: _Msg, end: int, command: Command) -> Command | None:
    # Looking things up without "/" only counts when nothing follows: "lịch họp chiều nay" is talk.
    return command if m.explicit or m.empty_from(end) else None


def _info(cls: type[Command]) -> _Handler:
    return lambda m, i: _quiet_unless_alone(m, i, cls())


def _single(cls: type[Command]) -> _Handler:
    return lambda m, i: cls(_one_task(m, i, alone=True)[0])


_NOTE_MARK = re.compile(r"\s*(?:[:(\n]|[-–—]\s)")  # "xong 17: đã gửi", "xong 17 - đã gửi", "xong 17 (đã gửi)"
# Words that count things: after "xong 2" they make it talk ("xong 2 cái rồi", "xong 3 bài", "xong 5 hồ sơ").
_COUNTED = re.compile(
    r" (?:cai|bai|ho so|nguoi|nua|viec|nhiem vu|van ban|ban|cuon|quyen|to|trang|file|tep|phan|lan|buoi|ngay"
    r"|thang|tuan|gio|phut|muc|don|bo|chiec|hop|goi|thu|cong van|to trinh|bao cao|ke hoach|quyet dinh|hs|tt"
    r"|thu tuc|xa|thon|phong|cuoc|dot|lop|tin|anh|hinh|so)(?![a-z])")
_THEN = re.compile(r"\s*roi(?![a-z])")  # "xong rồi 19"
# What a note after "xong 17" begins with when it reports ("đã nộp", "rồi, kèm quyết định", "ban hành ngày…").
_REPORTED = re.compile(r" (?:da|roi|nop|gui|ban hanh|trinh|kem|hoan tat|ky|co quyet dinh|co van ban|theo)(?![a-z])")
# Words that make a message a question, a negation or an instruction, wherever they stand: never a report.
_NOT_A_REPORT = re.compile(r"\?|(?<![a-z])(?:chua|khong|ko|k|dau|thi|truoc|ha|nhi|giup"
                           r"|can|phai|se|sap|hom nua|ngay mai|tuan sau|bao gio|khi nao|the nao|sao)(?![a-z])")
_ALREADY = re.compile(r"da\s*(?=xong|hoan\s*thanh|ht(?![a-z])|done)")  # "đã xong 19"
_DONE_AFTER = re.compile(rf"(?:{_ID}(?:\s*(?:[,;&+]|va(?![a-z]))?\s*{_ID})*)\s*(?:da\s*)?"
                         r"(?:xong|hoan\s*thanh|done)(?:\s*roi)?\s*[.!]*")  # "19 xong", "17, 18 đã xong rồi"


def _done(m: _Msg, i: int) -> Command | None:
    then = _THEN.match(m.folded, i)
    tasks, end = _task_list(m, then.end() if then else i)
    if m.explicit:
        return Done(tasks, _note(m, end))
    if re.match(r"\s*%", m.folded[end:]) or _NOT_A_REPORT.search(m.folded):
        return None  # "xong 20 %", "xong 17 chưa?", "xong 17 thì báo anh": a question or an instruction
    if m.empty_from(end) or _NOTE_MARK.match(m.orig_from(end)):
        return Done(tasks, _note(m, end), tentative=bool(then) or m.folded.startswith("da"))
    # Not addressed to the bot, words after the numbers, no mark: a report with a note ("xong 17 đã nộp kế
    # hoạch") only when the note says what was done; "xong 2 cái rồi", "xong 3-4 hôm nữa" are talk. Even
    # then the core takes it only for the chat's own open tasks (Done.tentative).
    if m.folded[end:end + 1] != " " or _COUNTED.match(m.folded, end) or not _REPORTED.match(m.folded, end):
        return None
    return Done(tasks, _note(m, end), tentative=True)


def _approve(m: _Msg, i: int) -> Command:
    return Approve(_task_list(m, i)[0])


def _progress(m: _Msg, i: int) -> Command:
    task, i = _one_task(m, i)
    found = _PERCENT.match(m.folded, i)
    if found is None:
        raise _Invalid("missing_percent")
    if int(found["p"]) > 100:
        raise _Invalid("bad_percent")
    return Progress(task, int(found["p"]), _note(m, found.end()))


def _show(m: _Msg, i: int) -> Command | None:
    if m.empty_from(i) and m.folded[:1] == "n":  # "nv" / "nhiệm vụ" alone: my tasks; "xem" alone: which?
        return _quiet_unless_alone(m, i, MyTasks())
    task, end = _one_task(m, i, alone=True)
    return _quiet_unless_alone(m, end, Show(task))


def _dated(m: _Msg, i: int) -> tuple[str, str, str]:
    task, i = _one_task(m, i)
    rest = m.orig_from(i).lstrip(" ,;:-–—")
    if not rest:
        raise _Invalid("missing_date")
    # The real today only sets which years are plausible; without it any year passes here.
    split = split_date_prefix(rest, m.today or _SYNTAX_DAY, check_year=m.today is not None)
    if split is None:
        raise _Invalid("bad_date")
    return task, split[0], split[1]


def _upcoming(m: _Msg, i: int) -> Command | None:
    found = _DAYS.match(m.folded, i)
    if found is None:
        return _quiet_unless_alone(m, i, Upcoming())
    days = int(found["n"]) * {"tuan": 7, "thang": 30}.get(found["u"] or "", 1)
    if not 1 <= days <= 366:
        raise _Invalid("bad_days")
    return _quiet_unless_alone(m, found.end(), Upcoming(days))


def _report(m: _Msg, i: int) -> Command | None:
    half = _HALF.match(m.folded, i)
    if half is not None:
        which = {"dau": 1, "cuoi": 2}.get(half["which"] or "")
        return _quiet_unless_alone(m, half.end(), Report(six_months=True, half=which))
    found = _QUARTER.match(m.folded, i)
    if found is None:
        yearly = _YEARLY.match(m.folded, i)
        return _quiet_unless_alone(m, yearly.end() if yearly else i, Report(yearly=bool(yearly)))
    typed = found["q"]
    quarter = int(typed) if typed.isdigit() else {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(typed, 0)
    if not 1 <= quarter <= 4:
        raise _Invalid("bad_quarter")
    return _quiet_unless_alone(m, found.end(), Report(quarter))


_EVERYTHING = re.compile(r"\s*(?:tat\s*ca|het|all|day\s*du)(?![a-z])")


def _my_tasks(m: _Msg, i: int) -> Command | None:
    everything = _EVERYTHING.match(m.folded, i)
    return _quiet_unless_alone(m, everything.end() if everything else i, MyTasks(bool(everything)))


def _link(m: _Msg, i: int) -> Command:
    found = _CODE.match(m.folded, i)
    if found is None:
        raise _Invalid("missing_code")
    return Link(found["c"].replace("-", "").upper())


def _start(m: _Msg, i: int) -> Command | None:
    if m.explicit and _CODE.match(m.folded, i):  # a t.me/<bot>?start=CODE deep link arrives as "/start CODE"
        return _link(m, i)
    return _quiet_unless_alone(m, i, Help())


# (folded keyword, canonical command word, handler); longer keywords win ("gia hạn" over "hạn").
_KEYWORDS: tuple[tuple[str, str, _Handler], ...] = (
    ("xong", "xong", _done), ("hoan thanh", "xong", _done), ("ht", "xong", _done), ("done", "xong", _done),
    ("tien do", "tiến độ", _progress), ("td", "tiến độ", _progress),
    ("hoan tac", "hoàn tác", _single(Undo)), ("mo lai", "mở lại", _single(Reopen)),
    ("han", "hạn", lambda m, i: SetDate(*_dated(m, i)[:2])),
    ("gia han", "gia hạn", lambda m, i: Extend(*_dated(m, i))), ("duyet", "duyệt", _approve),
    ("nv", "nv", _show), ("nhiem vu", "nv", _show), ("xem", "nv", _show), ("chi tiet", "nv", _show),
    ("viec", "việc", _my_tasks), ("viec cua toi", "việc", _my_tasks),
    ("viec cua em", "việc", _info(MyTasks)),
    ("qua han", "quá hạn", _info(Overdue)), ("tre han", "quá hạn", _info(Overdue)),
    ("sap toi", "sắp tới", _upcoming),
    ("tong hop", "tổng hợp", _info(Summary)), ("th", "tổng hợp", _info(Summary)),
    ("thong ke", "tổng hợp", _info(Summary)),
    ("bao cao", "báo cáo", _report), ("lich", "lịch", _info(Calendar)),
    ("huong dan", "hướng dẫn", _info(Help)), ("help", "hướng dẫn", _info(Help)),
    ("tro giup", "hướng dẫn", _info(Help)), ("start", "hướng dẫn", _start),
    ("lien ket", "liên kết", _link), ("nhac lai", "nhắc lại", _single(Snooze)),
)
_BY_KEY = {phrase.replace(" ", ""): (name, handler) for phrase, name, handler in _KEYWORDS}
_KEYWORD = re.compile(
    "(?P<kw>" + "|".join(r"\s*".join(p.split()) for p, _, _ in sorted(_KEYWORDS, key=lambda k: -len(k[0])))
    + r")(?![a-z]|-[a-z])"  # "xong17" is a command, "xongxong" and the task id "TH-vp" are not
)
_BARE = re.compile(rf"(?:#|so\s*)?(?P<a>{_ID})\s*[.?!]*")


def _folded_with_positions(text: str) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    pos: list[int] = []
    for index, ch in enumerate(text):
        for c in fold_char(ch):
            if c == " " and (not chars or chars[-1] == " "):
                continue  # collapse runs of spaces
            chars.append(c)
            pos.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        pos.pop()
    return "".join(chars), tuple(pos)


def _strip_mentions(text: str, bot_username: str | None) -> tuple[str, bool, bool]:
    """(text without mentions of this bot, it was mentioned, a /command names another bot)."""
    mentioned = False
    if bot_username and bot_username.strip("@ "):
        name = re.escape(unicodedata.normalize("NFC", bot_username.strip("@ ")))
        text, count = re.subn(rf"@{name}(?!\w)", " ", text, flags=re.IGNORECASE)
        mentioned = count > 0
    other = re.match(r"(\s*/[^\s@/]*)@\w+", text)  # ours is gone already, so this is /cmd@SomeoneElse
    if other:
        text = other[1] + text[other.end():]
    return text.strip(), mentioned, bool(other and bot_username)


def _suggest(folded: str) -> str | None:
    """The command word closest to what was typed; never one the officer already typed ("abc xong 17" is
    not asked "did you mean «xong»?")."""
    words = re.match(r"[a-z ]*", folded)[0].split()[:3]  # "xomg 17" -> "xomg", "qua hn" -> "qua hn"
    best, best_score = None, 0.7
    for count in range(1, len(words) + 1):
        typed = " ".join(words[:count])
        for phrase, name, _handler in _KEYWORDS:
            score = difflib.SequenceMatcher(None, typed, phrase).ratio()
            if score > best_score:
                best, best_score = name, score
    if best and re.search(rf"(?<![a-z]){re.escape(fold(best))}(?![a-z])", folded):
        return None
    return best


def _dispatch(m: _Msg) -> Command | None:
    if not m.folded.replace("?", "").strip():
        return Help() if m.explicit else None  # a lone "?" in a group is talk, not a question to the bot
    already = _ALREADY.match(m.folded)
    found = _KEYWORD.match(m.folded, already.end() if already else 0)
    if found:
        name, handler = _BY_KEY[re.sub(r"\s+", "", found["kw"])]
        try:
            return handler(m, found.end())
        except _Invalid as err:
            # Without "/", group talk that merely starts with a command word fails for want of a task number
            # or a date ("xong rồi nhé", "hạn nộp là thứ 6"): stay quiet. "xong" alone or "td 17 150" was meant
            # for the bot and gets a hint.
            if not (m.explicit or (m.empty_from(found.end()) and not already) or err.key not in _TALK):
                return None  # "đã xong" alone in a group says something is done, it asks nothing
            return Unknown(m.text, name, HINTS[err.key].format(example=EXAMPLES.get(name, name)))
    bare = _BARE.fullmatch(m.folded)
    if bare:  # a task number as the whole message; "17 người tham dự" is talk
        return Show(_norm(bare["a"]))
    if _DONE_AFTER.fullmatch(m.folded):  # "19 xong", "17, 18 đã xong rồi"
        return Done(_task_list(m, 0)[0], tentative=not m.explicit)
    return Unknown(m.text, _suggest(m.folded)) if m.explicit else None


def parse(text: str, *, bot_username: str | None = None, addressed: bool = False,
          today: date | None = None) -> Command | None:
    """The command in a message, or None when it is group talk not meant for the bot.

    addressed: the channel knows the message is for the bot (private chat, reply to the bot).
    today: only used to judge typed dates; pass it so "30/6/2035" is refused at once.
    """
    original = unicodedata.normalize("NFC", text).strip()
    body, mentioned, other_bot = _strip_mentions(original, bot_username)
    if other_bot and not addressed:
        return None
    slash = body.startswith("/")
    body = body.lstrip("/").strip().lstrip(":,").strip()
    explicit = addressed or slash or mentioned
    if not body:
        return Help() if slash or mentioned else (Unknown(original) if addressed else None)
    folded, pos = _folded_with_positions(body)
    return _dispatch(_Msg(original, body, folded, pos, explicit, today))


def telegram_menu() -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's setMyCommands, in COMMAND_WORDS order."""
    return [(ASCII_ALIASES[name], description) for name, description in COMMAND_WORDS.items()]

