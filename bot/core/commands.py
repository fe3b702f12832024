"""What an officer typed -> a Command.  (pure: no I/O, no clock; "today" is passed in when it matters)

Officers type on phones: without diacritics, in capitals, NFD, "xong17", "/xong@NhacViecBot 17" in
Telegram groups, "@NhacViecBot xong 17" in Zalo groups. The message is read once into tokens
(bot.core.tokens), each remembering where it was typed, so notes and reasons keep the officer's own
words, diacritics included; then a small reader per command word walks the tokens forward. Reports of
work done, however they are phrased in a group, are judged by bot.core.talk.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.core import talk
from bot.core.dates import split_date_prefix
from bot.core.intents import (  # noqa: F401  (the kinds of Command, read here and imported from here)
    Approve,
    Calendar,
    Command,
    Done,
    Extend,
    Help,
    Link,
    MaybeDone,
    MyTasks,
    Overdue,
    Progress,
    Reopen,
    Report,
    SetDate,
    Show,
    Snooze,
    Summary,
    Undo,
    Unknown,
    Unread,
    Upcoming,
)
from bot.core.tokens import MAX_RANGE, Invalid, Phrases, Text, read, read_id, read_list  # noqa: F401
from plan_data.text import fold

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
_TALK = ("missing_task", "bad_date")  # the failures ordinary group talk produces, see _dispatch
_SYNTAX_DAY = date(2028, 1, 1)  # a leap year, so "29/2" still reads as a date when today is unknown


@dataclass(frozen=True)
class _Msg:
    text: str  # as received, for Unknown
    t: Text  # NFC, bot mentions and leading "/" removed, as tokens
    explicit: bool  # "/", a mention of the bot, or the channel says so: answer even when not understood
    today: date | None
    quick: bool = False  # on the event loop: what takes a while to read is left Unread

    def rest(self, i: int) -> str:
        """What was typed from token i to the end."""
        return self.t.typed(i, len(self.t.tokens) - 1) if i < len(self.t.tokens) else ""

    def blank_from(self, i: int) -> bool:
        return all(token.kind == "p" for token in self.t.tokens[i:])  # "quá hạn?" is still just "quá hạn"

    def at(self, i: int) -> str:
        return self.t.text_at(i)


# --- arguments --------------------------------------------------------------------------------------------

def _task_list(m: _Msg, i: int) -> tuple[tuple[str, ...], int]:
    tasks, end = read_list(m.t, talk.past_task_words(m.t, i))
    if not tasks:
        raise Invalid("missing_task")
    return tasks, end


def _one_task(m: _Msg, i: int, *, alone: bool = False) -> tuple[str, int]:
    found = read_id(m.t, talk.past_task_words(m.t, i))
    if found is None:
        raise Invalid("missing_task")
    task, end = found
    if alone and m.at(end) in (",", ";", "&", "+", "-", "va") and read_id(m.t, end + 1) is not None:
        raise Invalid("one_task")  # "hoàn tác 17, 18" must not quietly reopen only 17
    return task, end


def _number(m: _Msg, i: int, digits: int = 4) -> int | None:
    token = m.t.tokens[i] if i < len(m.t.tokens) else None
    return int(token.text) if token is not None and token.kind == "n" and len(token.text) <= digits else None


# --- one handler per command word -----------------------------------------------------------------------

_Handler = Callable[[_Msg, int], "Command | None"]


def _quiet_unless_alone(m: _Msg, end: int, command: Command) -> Command | None:
    # Looking things up without "/" only counts when nothing follows: "lịch họp chiều nay" is talk.
    return command if m.explicit or m.blank_from(end) else None


def _info(cls: type[Command]) -> _Handler:
    return lambda m, i: _quiet_unless_alone(m, i, cls())


def _single(cls: type[Command]) -> _Handler:
    return lambda m, i: cls(_one_task(m, i, alone=True)[0])


def _approve(m: _Msg, i: int) -> Command:
    return Approve(_task_list(m, i)[0])


def _progress(m: _Msg, i: int) -> Command:
    task, i = _one_task(m, i)
    i += m.at(i) in (":", "=", ",", "-")
    i += m.at(i) in ("dat", "duoc", "la")  # "tiến độ 24.1 đạt 100 %"
    percent = _number(m, i)
    decimal = m.at(i + 1) in (".", ",") and not m.t.tokens[i + 1].spaced and _glued_word(m, i + 2) \
        and m.t.tokens[i + 2].kind == "n"  # "50.5": not a whole percent
    if percent is None or decimal:
        raise Invalid("missing_percent")
    if percent > 100:
        raise Invalid("bad_percent")
    end = i + 1 + (m.at(i + 1) == "%")
    return Progress(task, percent, talk.note(m.t, end))


def _show(m: _Msg, i: int) -> Command | None:
    if m.blank_from(i) and m.at(0)[:1] == "n":  # "nv" / "nhiệm vụ" alone: my tasks; "xem" alone: which?
        return _quiet_unless_alone(m, i, MyTasks())
    task, end = _one_task(m, i, alone=True)
    return _quiet_unless_alone(m, end, Show(task))


def _later_when_quick(handler: _Handler) -> _Handler:
    """Dates are read by bot.core.dates, which may ask dateparser (tens to hundreds of ms): not on the loop."""
    return lambda m, i: Unread() if m.quick else handler(m, i)


def _dated(m: _Msg, i: int) -> tuple[str, str, str]:
    task, i = _one_task(m, i)
    rest = m.rest(i).lstrip(" ,;:-–—")
    if not rest:
        raise Invalid("missing_date")
    # The real today only sets which years are plausible; without it any year passes here.
    split = split_date_prefix(rest, m.today or _SYNTAX_DAY, check_year=m.today is not None)
    if split is None:
        raise Invalid("bad_date")
    return task, split[0], talk.strip_fillers(split[1])


_UNITS = {"ngay": 1, "tuan": 7, "thang": 30}


def _upcoming(m: _Msg, i: int) -> Command | None:
    count = _number(m, i)
    unit = _UNITS.get(m.at(i + 1), 0)
    if count is None or (not unit and _glued_word(m, i + 1)):  # "sắp tới 7abc"
        return _quiet_unless_alone(m, i, Upcoming())
    days = count * (unit or 1)
    if not 1 <= days <= 366:
        raise Invalid("bad_days")
    return _quiet_unless_alone(m, i + 1 + bool(unit), Upcoming(days))


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _glued_word(m: _Msg, i: int) -> bool:
    return i < len(m.t.tokens) and not m.t.tokens[i].spaced and m.t.tokens[i].kind != "p"


def _quarter(m: _Msg, i: int) -> tuple[int, int] | None:
    """"quý 2", "quý II", "q4", "qiv" from token i: (the quarter, 0 if no quarter, the token after), or None."""
    word = m.at(i)
    if word in ("quy", "q"):
        numeral, end = m.at(i + 1), i + 2
        number = _number(m, i + 1, 2)
        if number is not None and not _glued_word(m, end):
            return number, end
    else:
        prefix = "quy" if word.startswith("quy") else "q"
        numeral, end = word[len(prefix):] if word.startswith(prefix) else "", i + 1
    if re.fullmatch(r"[ivx]{1,4}", numeral) and not _glued_word(m, end):
        return _QUARTERS.get(numeral, 0), end
    return None


def _report(m: _Msg, i: int) -> Command | None:
    if m.at(i) in ("6", "sau") and m.at(i + 1) == "thang":  # "báo cáo 6 tháng (đầu|cuối) (năm)"
        which = {"dau": 1, "cuoi": 2}.get(m.at(i + 2))
        end = i + 2 + bool(which)
        end += bool(which) and m.at(end) == "nam"
        return _quiet_unless_alone(m, end, Report(six_months=True, half=which))
    quarter = _quarter(m, i)
    if quarter is None:
        end = i + (m.at(i) == "ca" and m.at(i + 1) == "nam")
        yearly = m.at(end) == "nam"
        return _quiet_unless_alone(m, end + 1 if yearly else i, Report(yearly=yearly))
    if not 1 <= quarter[0] <= 4:
        raise Invalid("bad_quarter")
    return _quiet_unless_alone(m, quarter[1], Report(quarter[0]))


_EVERYTHING = Phrases(dict.fromkeys(("tat ca", "het", "all", "day du"), True))


def _my_tasks(m: _Msg, i: int) -> Command | None:
    everything = _EVERYTHING.at(m.t, i)
    return _quiet_unless_alone(m, everything[1] if everything else i, MyTasks(bool(everything)))


def _code(m: _Msg, i: int) -> str | None:
    """A link code after the word: letters, digits and dashes run together ("AB-12-CD"), up to 64."""
    i += m.at(i) in (":", "#", "=")
    tokens, code = m.t.tokens, ""
    while i < len(tokens) and (not code or not tokens[i].spaced) and tokens[i].text.isascii() \
            and (tokens[i].kind != "p" or (code and tokens[i].text == "-")):
        code += tokens[i].text
        i += 1
    return code.replace("-", "").upper() if code and len(code) <= 64 and code[0] != "-" else None


def _link(m: _Msg, i: int) -> Command:
    code = _code(m, i)
    if code is None:
        raise Invalid("missing_code")
    return Link(code)


def _start(m: _Msg, i: int) -> Command | None:
    if m.explicit and _code(m, i):  # a t.me/<bot>?start=CODE deep link arrives as "/start CODE"
        return _link(m, i)
    return _quiet_unless_alone(m, i, Help())


# (folded keyword, canonical command word, handler); longer keywords win ("gia hạn" over "hạn"). The words
# of a report ("xong", "hoàn thành") are read by bot.core.talk, however the report is phrased.
_KEYWORDS: tuple[tuple[str, str, _Handler | None], ...] = (
    ("xong", "xong", None), ("hoan thanh", "xong", None), ("ht", "xong", None), ("done", "xong", None),
    ("tien do", "tiến độ", _progress), ("td", "tiến độ", _progress),
    ("hoan tac", "hoàn tác", _single(Undo)), ("mo lai", "mở lại", _single(Reopen)),
    ("han", "hạn", _later_when_quick(lambda m, i: SetDate(*_dated(m, i)[:2]))),
    ("gia han", "gia hạn", _later_when_quick(lambda m, i: Extend(*_dated(m, i)))), ("duyet", "duyệt", _approve),
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
_KEYWORD = Phrases({phrase: (name, handler) for phrase, name, handler in _KEYWORDS})
KEYWORD_PHRASES = tuple(phrase for phrase, _name, _handler in _KEYWORDS)  # every word a command starts with


def _keyword(m: _Msg) -> tuple[tuple[str, _Handler | None], int] | None:
    found = _KEYWORD.at(m.t, 0)
    if found is None:
        return None
    end = found[1]  # "xong17" is a command; the task code "TH-vp" is not the word "th"
    if m.at(end) == "-" and not m.t.tokens[end].spaced and _glued_word(m, end + 1) and m.at(end + 1).isalpha():
        return None
    return found


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
    folded = " ".join(folded.split())
    words = [w[:20] for w in re.match(r"[a-z ]*", folded)[0].split()[:3]]  # "xomg 17" -> "xomg"
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


def _report_of(m: _Msg) -> Command | None | talk.Said:
    """A report of work done, however phrased (bot.core.talk); talk.NOT_A_REPORT when it has no such shape."""
    said = talk.read(m.t, m.explicit)
    if said.kind == talk.REPORT:
        return Done(said.tasks, said.note)
    if said.kind == talk.TENTATIVE:
        return Done(said.tasks, said.note, tentative=True)
    if said.kind == talk.UNSURE:
        return MaybeDone(said.tasks, said.note, addressed=m.explicit)
    return None if said.kind == talk.TALK else said


def _bare(m: _Msg) -> Command | None:
    """A task number as the whole message ("17", "#17", "II.3?"); "17 người tham dự" is talk."""
    i = 1 if m.at(0) in ("#", "so") else 0
    found = read_id(m.t, i)
    if found is None or any(m.at(j) not in (".", "?", "!") for j in range(found[1], len(m.t.tokens))):
        return None
    return Show(found[0])


def _dispatch(m: _Msg) -> Command | None:
    if not m.t.folded.replace("?", "").strip():
        return Help() if m.explicit else None  # a lone "?" in a group is talk, not a question to the bot
    keyword = _keyword(m)
    name, handler = keyword[0] if keyword else ("", None)
    try:
        if handler is None or name == "nv":  # "nv 17 xong rồi" is a report, "nv 17" a look at the task
            report = _report_of(m)
            if report is not talk.NOT_A_REPORT:
                return report
        if handler is not None:
            return handler(m, keyword[1])
    except Invalid as err:
        name = name or "xong"
        # Without "/", group talk that merely starts with a command word fails for want of a task number
        # or a date ("hạn nộp là thứ 6"): stay quiet. "td 17 150" was meant for the bot and gets a hint.
        if not (m.explicit or (keyword and m.blank_from(keyword[1])) or err.key not in _TALK):
            return None
        return Unknown(m.text, name, HINTS[err.key].format(example=EXAMPLES.get(name, name)))
    bare = _bare(m)
    if bare is not None:
        return bare
    if not m.explicit:
        return None
    return Unread() if m.quick else Unknown(m.text, _suggest(m.t.folded))  # the suggestion: off the loop


def parse(text: str, *, bot_username: str | None = None, addressed: bool = False,
          today: date | None = None, quick: bool = False) -> Command | None:
    """The command in a message, or None when it is group talk not meant for the bot.

    addressed: the channel knows the message is for the bot (private chat, reply to the bot).
    today: only used to judge typed dates; pass it so "30/6/2035" is refused at once.
    quick: on the event loop; a command with a date to read comes back Unread.
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
    return _dispatch(_Msg(original, read(body), explicit, today, quick))


def telegram_menu() -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's setMyCommands, in COMMAND_WORDS order."""
    return [(ASCII_ALIASES[name], description) for name, description in COMMAND_WORDS.items()]

