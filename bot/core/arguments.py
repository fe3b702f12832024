"""What follows a command word, read over the message's tokens: one reader per command, as
bot.core.registry's table names them.  (pure)

Each reader starts at the token after the word, walks forward, and returns the Command, None when the
message is talk, or raises Invalid with the key of the hint to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.core import talk
from bot.core.dates import split_date_prefix
from bot.core.intents import (
    Approve,
    AskExplanation,
    AskParts,
    AssignPerson,
    Command,
    Explain,
    Extend,
    Help,
    Link,
    MyTasks,
    Part,
    Progress,
    Report,
    SetDate,
    Show,
    Take,
    Undo,
    Unread,
    Upcoming,
)
from bot.core.tokens import Invalid, Phrases, Text, read_id, read_list
from plan_data.folding import fold, fold_char

_SYNTAX_DAY = date(2028, 1, 1)  # a leap year, so "29/2" still reads as a date when today is unknown


@dataclass(frozen=True)
class Msg:
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

def _task_list(m: Msg, i: int) -> tuple[tuple[str, ...], int]:
    tasks, end = read_list(m.t, talk.past_task_words(m.t, i))
    if not tasks:
        raise Invalid("missing_task")
    return tasks, end


def _one_task(m: Msg, i: int, *, alone: bool = False) -> tuple[str, int]:
    found = read_id(m.t, talk.past_task_words(m.t, i))
    if found is None:
        raise Invalid("missing_task")
    task, end = found
    if alone and m.at(end) in (",", ";", "&", "+", "-", "va") and read_id(m.t, end + 1) is not None:
        raise Invalid("one_task")  # "hoàn tác 17, 18" must not quietly reopen only 17
    return task, end


def _number(m: Msg, i: int, digits: int = 4) -> int | None:
    token = m.t.tokens[i] if i < len(m.t.tokens) else None
    return int(token.text) if token is not None and token.kind == "n" and len(token.text) <= digits else None


# --- one reader per command word ------------------------------------------------------------------------

Reader = Callable[[Msg, int], "Command | None"]


def quiet_unless_alone(m: Msg, end: int, command: Command) -> Command | None:
    # Looking things up without "/" only counts when nothing follows: "lịch họp chiều nay" is talk.
    return command if m.explicit or m.blank_from(end) else None


def info(cls: type[Command]) -> Reader:
    return lambda m, i: quiet_unless_alone(m, i, cls())


def undo(m: Msg, i: int) -> Command:
    """«hoàn tác 17», or the ↩️ button's «hoàn tác 17 #812»: the change that message made."""
    task, end = _one_task(m, i, alone=True)
    message = _number(m, end + 1, digits=20) if m.at(end) == "#" else None
    return Undo(task, str(message) if message is not None else None)


def single(cls: type[Command]) -> Reader:
    return lambda m, i: cls(_one_task(m, i, alone=True)[0])


def approve(m: Msg, i: int) -> Command:
    return Approve(_task_list(m, i)[0])


def progress(m: Msg, i: int) -> Command:
    task, i = _one_task(m, i)
    i += m.at(i) in (":", "=", ",", "-")
    i += m.at(i) in ("dat", "duoc", "la")  # "tiến độ 24.1 đạt 100 %"
    percent = _number(m, i)
    decimal = m.at(i + 1) in (".", ",") and not m.t.tokens[i + 1].spaced and glued_word(m, i + 2) \
        and m.t.tokens[i + 2].kind == "n"  # "50.5": not a whole percent
    if percent is None or decimal:
        raise Invalid("missing_percent")
    if percent > 100:
        raise Invalid("bad_percent")
    end = i + 1 + (m.at(i + 1) == "%")
    return Progress(task, percent, talk.note(m.t, end))


_PART_WORDS = Phrases(dict.fromkeys(("phan viec", "phan phoi hop", "phan", "viec", "phoi hop", "viec phoi hop"), True))  # after «xong phần»
_PART_DONE = Phrases(dict.fromkeys(("xong", "hoan thanh", "ht", "done"), True))


def part_done(m: Msg, i: int) -> Command:
    """«xong phần 17», «em xong phần việc 17 rồi ạ», «hoàn thành phần phối hợp nv 17»."""
    task, end = _one_task(m, _past(_PART_WORDS, m, i), alone=True)
    return Part(task, True, note=talk.note(m.t, end))


def part_progress(m: Msg, i: int) -> Command:
    """«td phần 17 50%», «tiến độ phần việc 17: 50%»: the progress reader, past the word «phần»."""
    read = progress(m, _past(_PART_WORDS, m, i))
    return Part(read.task, read.percent == 100, read.percent, read.note)


def part(m: Msg, i: int) -> Command | None:
    """«phần 17 xong», «phần 17: 50%», «phần việc nv 17 đã hoàn thành rồi ạ». In a group, "phần 2 của báo cáo" is
    talk: only «xong» or a percent may follow the number."""
    task, end = _one_task(m, _past(_PART_WORDS, m, i), alone=True)
    at = end + (m.at(end) in (":", "-", ",", "="))
    at += m.at(at) in ("da", "dat", "duoc")
    done = _PART_DONE.at(m.t, at)
    if done is not None:
        return Part(task, True, note=talk.note(m.t, done[1]))
    percent = _number(m, at)
    after = at + 1 + (m.at(at + 1) == "%")
    if percent is not None and (m.at(at + 1) == "%" or not talk.note(m.t, after)):
        if percent > 100:
            raise Invalid("bad_percent")
        return Part(task, percent == 100, percent, talk.note(m.t, after))
    if m.explicit:
        raise Invalid("missing_part")
    return None


def ask_parts(m: Msg, i: int) -> Command | None:
    """«hỏi phần 17», «em hỏi phần việc nv 17 nhé». In a group, "hỏi phần 2 của báo cáo" is talk."""
    task, end = _one_task(m, i, alone=True)
    return AskParts(task) if m.explicit or not talk.note(m.t, end) else None


def _past(words: Phrases, m: Msg, i: int) -> int:
    found = words.at(m.t, i)
    return found[1] if found is not None else i


def show(m: Msg, i: int) -> Command | None:
    if m.blank_from(i) and m.at(0)[:1] == "n":  # "nv" / "nhiệm vụ" alone: my tasks; "xem" alone: which?
        return quiet_unless_alone(m, i, MyTasks())
    task, end = _one_task(m, i, alone=True)
    return quiet_unless_alone(m, end, Show(task))


def later_when_quick(reader: Reader) -> Reader:
    """Dates are read by bot.core.dates, which may ask dateparser (tens to hundreds of ms): not on the loop."""
    return lambda m, i: Unread() if m.quick else reader(m, i)


def dated(m: Msg, i: int) -> tuple[str, str, str]:
    task, i = _one_task(m, i)
    rest = m.rest(i).lstrip(" ,;:-–—")
    if not rest:
        raise Invalid("missing_date")
    # The real today only sets which years are plausible; without it any year passes here.
    split = split_date_prefix(rest, m.today or _SYNTAX_DAY, check_year=m.today is not None)
    if split is None:
        raise Invalid("bad_date")
    return task, split[0], talk.strip_fillers(split[1])


def set_date(m: Msg, i: int) -> Command:
    """«hạn 7 20/11»: the day of a task that waited for an event."""
    return SetDate(*dated(m, i)[:2])


def extend(m: Msg, i: int) -> Command:
    """«gia hạn 17 30/6 lý do»."""
    return Extend(*dated(m, i))


_UNITS = {"ngay": 1, "tuan": 7, "thang": 30}


def upcoming(m: Msg, i: int) -> Command | None:
    count = _number(m, i)
    unit = _UNITS.get(m.at(i + 1), 0)
    if count is None or (not unit and glued_word(m, i + 1)):  # "sắp tới 7abc"
        return quiet_unless_alone(m, i, Upcoming())
    days = count * (unit or 1)
    if not 1 <= days <= 366:
        raise Invalid("bad_days")
    return quiet_unless_alone(m, i + 1 + bool(unit), Upcoming(days))


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def glued_word(m: Msg, i: int) -> bool:
    return i < len(m.t.tokens) and not m.t.tokens[i].spaced and m.t.tokens[i].kind != "p"


def _quarter(m: Msg, i: int) -> tuple[int, int] | None:
    """"quý 2", "quý II", "q4", "qiv" from token i: (the quarter, 0 if no quarter, the token after), or None."""
    word = m.at(i)
    if word in ("quy", "q"):
        numeral, end = m.at(i + 1), i + 2
        number = _number(m, i + 1, 2)
        if number is not None and not glued_word(m, end):
            return number, end
    else:
        prefix = "quy" if word.startswith("quy") else "q"
        numeral, end = word[len(prefix):] if word.startswith(prefix) else "", i + 1
    if re.fullmatch(r"[ivx]{1,4}", numeral) and not glued_word(m, end):
        return _QUARTERS.get(numeral, 0), end
    return None


def report(m: Msg, i: int) -> Command | None:
    if m.at(i) == "giao" and m.at(i + 1) == "ban":  # "báo cáo giao ban": the monthly meeting's agenda
        return quiet_unless_alone(m, i + 2, Report(meeting=True))
    if m.at(i) in ("6", "sau") and m.at(i + 1) == "thang":  # "báo cáo 6 tháng (đầu|cuối) (năm)"
        which = {"dau": 1, "cuoi": 2}.get(m.at(i + 2))
        end = i + 2 + bool(which)
        end += bool(which) and m.at(end) == "nam"
        return quiet_unless_alone(m, end, Report(six_months=True, half=which))
    quarter = _quarter(m, i)
    if quarter is None:
        end = i + (m.at(i) == "ca" and m.at(i + 1) == "nam")
        yearly = m.at(end) == "nam"
        return quiet_unless_alone(m, end + 1 if yearly else i, Report(yearly=yearly))
    if not 1 <= quarter[0] <= 4:
        raise Invalid("bad_quarter")
    return quiet_unless_alone(m, quarter[1], Report(quarter[0]))


_EVERYTHING = Phrases(dict.fromkeys(("tat ca", "het", "all", "day du"), True))


def my_tasks(m: Msg, i: int) -> Command | None:
    everything = _EVERYTHING.at(m.t, i)
    return quiet_unless_alone(m, everything[1] if everything else i, MyTasks(bool(everything)))


def mine(m: Msg, i: int) -> Command | None:
    """«việc của tôi», «việc của em ạ»: the tasks of the person who types it."""
    return MyTasks(mine=True) if m.explicit or not talk.note(m.t, i) else None


def take(m: Msg, i: int) -> Command | None:
    """«nhận 17», «em nhận nv 17 ạ». In a group, "nhận 17 hồ sơ" is talk: only politeness may follow."""
    task, end = _one_task(m, i, alone=True)
    return Take(task) if m.explicit or not talk.note(m.t, end) else None


_TITLES = frozenset({"chi", "anh", "em", "c", "a", "e", "dc", "dong chi", "ban", "co", "chu", "bac", "ong", "ba"})
_TO = frozenset({"cho", "toi", "den"})  # "giao 17 cho Lan"


def assign_person(m: Msg, i: int) -> Command | None:
    """«giao 17 @lan», «giao nv 17 cho @lan», «giao 17 cho chị Lan nhé»: a task number first (the form whose
    first word is a unit, «giao kt: …», is another reader's), then the person. In a group without "cho"
    or "@" it is talk ("giao 17 hồ sơ sang xã")."""
    task, end = _one_task(m, i, alone=True)
    to = m.at(end) in _TO
    start = end + to
    if not (to or m.at(start) == "@" or m.explicit):
        return None
    named = talk.note(m.t, start)
    if named.startswith("@"):
        return AssignPerson(task, named[1:].strip(), at=True) if named[1:].strip() else _no_person()
    words = _without_title(named.split())
    return AssignPerson(task, " ".join(words)) if words else _no_person()


def _without_title(words: list[str]) -> list[str]:
    """"chị Lan" -> "Lan", "đ/c Hà" -> "Hà"; a name that is only a title-like word ("Anh") stays whole."""
    for size in (2, 1):
        if len(words) > size and fold(" ".join(words[:size])).replace("/", "") in _TITLES:
            return words[size:]
    return words


def _no_person() -> Command:
    raise Invalid("missing_person")


# words a code may follow: «liên kết mã AB12CD», «liên kết giúp em AB12CD ạ» (a code is never one of them)
CODE_LEAD = talk.Words.of("mã giúp giùm hộ cho với", "ma code giup gium ho cho voi")


def _code_lead(m: Msg, i: int) -> bool:
    """A whole word before the code: one of CODE_LEAD, a pronoun, a particle; never the start of the code
    itself ("A5F66H88" reads as the tokens "A", "5F66H88", run together)."""
    tokens = m.t.tokens
    whole = i + 1 >= len(tokens) or tokens[i + 1].spaced
    return whole and any(words.has(m.t, i) for words in (CODE_LEAD, talk.PRONOUNS, talk.PARTICLES))


def _code(m: Msg, i: int) -> str | None:
    """A link code after the word: letters, digits and dashes run together ("AB-12-CD"), up to 64."""
    i += m.at(i) in (":", "#", "=")
    while _code_lead(m, i):
        i += 1
    tokens, code = m.t.tokens, ""
    while i < len(tokens) and (not code or not tokens[i].spaced) and tokens[i].text.isascii() \
            and (tokens[i].kind != "p" or (code and tokens[i].text == "-")):
        code += tokens[i].text
        i += 1
    return code.replace("-", "").upper() if code and len(code) <= 64 and code[0] != "-" else None


def link(m: Msg, i: int) -> Command:
    code = _code(m, i)
    if code is None:
        raise Invalid("missing_code")
    return Link(code)


def start(m: Msg, i: int) -> Command | None:
    if m.explicit and _code(m, i):  # a t.me/<bot>?start=CODE deep link arrives as "/start CODE"
        return link(m, i)
    return quiet_unless_alone(m, i, Help())


# --- «giải trình» -----------------------------------------------------------------------------------------

# Where an answer proposes its new date: "đề xuất hạn mới 30/12", "đề nghị gia hạn đến 30/12", "hạn mới: 30/12"
_PROPOSAL = re.compile(r"(?:^|(?<=[\s,;.(]))(?:(?:de xuat|de nghi|xin)(?: (?:cho )?(?:gia han|lui han|han moi|han))?"
                       r"|han moi|gia han)(?: moi)?(?: (?:den|toi|la|vao|sang|thanh))?(?: ngay)?(?=[\s:]|$)")
_REASON_WORDS = re.compile(r"^(?:ly do|nguyen nhan|vi|do)\s*[:\-]?\s*")


def _folded(text: str) -> tuple[str, list[int]]:
    """The text folded character by character, and where each folded character was typed."""
    folded, where = "", []
    for at, ch in enumerate(text):
        piece = fold_char(ch)
        folded += piece
        where += [at] * len(piece)
    return folded, where


def ask_explanation(m: Msg, i: int) -> Command:
    """«yêu cầu giải trình 17»."""
    return AskExplanation(_one_task(m, i, alone=True)[0])


def explanation(m: Msg, i: int) -> Command | None:
    """«giải trình 17» alone asks for one; with words after it, it is the unit's answer: the reason, then
    perhaps a date proposed ("đề xuất hạn mới 30/12" and its ways of saying it). The date is read by the
    handler, against today: what is not a date is asked about there, never guessed."""
    task, end = _one_task(m, i, alone=True)
    if not talk.note(m.t, end):  # "giải trình 17 ạ": nothing but politeness
        return AskExplanation(task)
    if talk.asks(m.t, end):  # "giải trình 17 thế nào hả anh?": talk about it, not the answer
        if not m.explicit:
            return None
        raise Invalid("missing_reason")
    rest = talk.note(m.t, end).lstrip(" :,-–—")
    folded, where = _folded(rest)
    found = _PROPOSAL.search(folded)
    reason, date_text = rest, None
    if found is not None:
        reason = rest[:where[found.start()]] if found.start() else ""
        cut = where[found.end() - 1] + 1 if found.end() else 0
        date_text, after = _proposed_date(m, rest[cut:].lstrip(" :"))
        reason = ", ".join(part for part in (reason.strip(" ,;.-"), after) if part)
    folded_reason, where = _folded(reason)
    lead = _REASON_WORDS.match(folded_reason)
    if lead and lead.end() < len(folded_reason):
        reason = reason[where[lead.end()]:]
    if not reason.strip(" ,;.-"):
        raise Invalid("missing_reason")
    return Explain(task, reason.strip(" ,;.-"), date_text)


def _proposed_date(m: Msg, text: str) -> tuple[str, str]:
    """(the date as typed, what follows it); the whole text as the date when no leading words read as one."""
    split = split_date_prefix(text, m.today or _SYNTAX_DAY, check_year=m.today is not None) if text else None
    if split is None:
        return text.strip(" .,;"), ""
    return split[0], talk.strip_fillers(split[1]).strip(" ,;.-")
