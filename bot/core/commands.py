"""What an officer typed -> a Command.  (pure: no I/O, no clock; "today" is passed in when it matters)

Officers type on phones: without diacritics, in capitals, NFD, "xong17", "/xong@NhacViecBot 17" in
Telegram groups, "@NhacViecBot xong 17" in Zalo groups. The message is read once into tokens
(bot.core.tokens), each remembering where it was typed, so notes and reasons keep the officer's own
words, diacritics included; then a small reader per command word walks the tokens forward. Reports of
work done, however they are phrased in a group, are judged by bot.core.talk. Which words there are, and
which reader follows each, is bot.core.registry's table: a Parser is built from it, and parse() is there.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.core import arguments, talk
from bot.core.arguments import Msg, Reader
from bot.core.intents import (  # noqa: F401  (the kinds of Command, read here and imported from here)
    Approve,
    AskExplanation,
    AskParts,
    AssignPerson,
    Board,
    Calendar,
    Command,
    Done,
    End,
    Explain,
    Extend,
    Help,
    Link,
    MaybeDone,
    MyTasks,
    Overdue,
    Part,
    Progress,
    Reopen,
    Report,
    RevokeBoard,
    SetDate,
    Show,
    Snooze,
    Summary,
    Take,
    Undo,
    Unknown,
    Unread,
    Upcoming,
)
from bot.core.tokens import MAX_RANGE, Invalid, Phrases, read, read_id  # noqa: F401  (MAX_RANGE: for callers)
from plan_data.folding import fold

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
    "missing_reason": "Thiếu lý do. Ví dụ: giải trình 17: chờ hướng dẫn của thành phố, đề xuất hạn mới 30/12",
    "missing_direction": "Ghi đơn vị, dấu «:» rồi nội dung. Ví dụ: {example}",
    "missing_content": "Thiếu nội dung nhiệm vụ sau dấu «:». Ví dụ: {example}",
    "missing_part": "Ghi xong hoặc phần trăm sau số nhiệm vụ. Ví dụ: phần 17 xong · phần 17 50%",
    "missing_person": "Thiếu tên người nhận việc. Ví dụ: giao 17 @lan hoặc giao 17 cho Lan",
}
_TALK = ("missing_task", "bad_date")  # the failures ordinary group talk produces, see _dispatch


@dataclass(frozen=True)
class Keyword:
    """What a command word starts, as bot.core.registry declares it."""

    name: str  # the command's own word, with diacritics: named by hints and suggestions
    read: Reader | None  # reads what follows the word; None: a report of work done, read by bot.core.talk
    example: str  # what a hint shows
    report_first: bool = False  # "nv 17 xong rồi" is a report: bot.core.talk reads the message first


class Parser:
    """Reads messages with a table of folded command words -> Keyword (bot.core.registry builds it). Longer
    words win ("gia hạn" over "hạn"); the words of a report ("xong", "hoàn thành") are read by bot.core.talk,
    however the report is phrased."""

    def __init__(self, words: dict[str, Keyword]) -> None:
        self.words = words
        self.phrases = Phrases(words)
        self.report = next(k for k in words.values() if k.read is None)  # a report's hint: "xong 17"

    def parse(self, text: str, *, bot_username: str | None = None, addressed: bool = False,
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
        return _dispatch(self, Msg(original, read(body), explicit, today, quick))


def _keyword(parser: Parser, m: Msg) -> tuple[Keyword, int] | None:
    found = parser.phrases.at(m.t, 0)
    if found is None:
        return None
    end = found[1]  # "xong17" is a command; the task code "TH-vp" is not the word "th"
    if m.at(end) == "-" and not m.t.tokens[end].spaced and arguments.glued_word(m, end + 1) \
            and m.at(end + 1).isalpha():
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


def _suggest(parser: Parser, folded: str) -> str | None:
    """The command word closest to what was typed; never one the officer already typed ("abc xong 17" is
    not asked "did you mean «xong»?")."""
    folded = " ".join(folded.split())
    words = [w[:20] for w in re.match(r"[a-z ]*", folded)[0].split()[:3]]  # "xomg 17" -> "xomg"
    best, best_score = None, 0.7
    for count in range(1, len(words) + 1):
        typed = " ".join(words[:count])
        for phrase, keyword in parser.words.items():
            match = difflib.SequenceMatcher(None, typed, phrase)
            # the quick ratios are upper bounds of ratio(): a phrase that cannot beat the best is not compared
            if match.real_quick_ratio() > best_score and match.quick_ratio() > best_score \
                    and (score := match.ratio()) > best_score:
                best, best_score = keyword.name, score
    if best and re.search(rf"(?<![a-z]){re.escape(fold(best))}(?![a-z])", folded):
        return None
    return best


def _report_of(m: Msg) -> Command | None | talk.Said:
    """A report of work done, however phrased (bot.core.talk); talk.NOT_A_REPORT when it has no such shape."""
    said = talk.read(m.t, m.explicit)
    if said.kind == talk.REPORT:
        return Done(said.tasks, said.note)
    if said.kind == talk.TENTATIVE:
        return Done(said.tasks, said.note, tentative=True)
    if said.kind == talk.UNSURE:
        return MaybeDone(said.tasks, said.note, addressed=m.explicit)
    return None if said.kind == talk.TALK else said


def _bare(m: Msg) -> Command | None:
    """A task number as the whole message ("17", "#17", "II.3?"); "17 người tham dự" is talk."""
    i = 1 if m.at(0) in ("#", "so") else 0
    found = read_id(m.t, i)
    if found is None or any(m.at(j) not in (".", "?", "!") for j in range(found[1], len(m.t.tokens))):
        return None
    return Show(found[0])


def _dispatch(parser: Parser, m: Msg) -> Command | None:
    if not m.t.folded.replace("?", "").strip():
        return Help() if m.explicit else None  # a lone "?" in a group is talk, not a question to the bot
    keyword, end = _keyword(parser, m) or (None, 0)
    try:
        if keyword is None or keyword.read is None or keyword.report_first:
            report = _report_of(m)
            if report is not talk.NOT_A_REPORT:
                return report
        if keyword is not None and keyword.read is not None:
            return keyword.read(m, end)
    except Invalid as err:
        # Without "/", group talk that merely starts with a command word fails for want of a task number
        # or a date ("hạn nộp là thứ 6"): stay quiet. "td 17 150" was meant for the bot and gets a hint.
        if not (m.explicit or (keyword and m.blank_from(end)) or err.key not in _TALK):
            return None
        keyword = keyword or parser.report
        return Unknown(m.text, keyword.name, HINTS[err.key].format(example=keyword.example))
    bare = _bare(m)
    if bare is not None:
        return bare
    if not m.explicit:
        return None
    return Unread() if m.quick else Unknown(m.text, _suggest(parser, m.t.folded))  # the suggestion: off the loop
