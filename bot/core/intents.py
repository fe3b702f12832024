"""What a message asks of the bot: one kind of Command each, as bot.core.commands reads them.  (pure)"""

from __future__ import annotations

from dataclasses import dataclass

from plan_data.assigned import Assignment


@dataclass(frozen=True)
class Command:
    """Base of every answer of parse()."""


@dataclass(frozen=True)
class Done(Command):
    tasks: tuple[str, ...]
    note: str = ""
    # Group talk that reports with a note ("xong 17 đã nộp kế hoạch", not addressed to the bot, the note
    # unmarked): taken for the tasks this chat answers for, and left alone when it names none of them.
    tentative: bool = False


@dataclass(frozen=True)
class MaybeDone(Command):
    """A message that may report work done, and may not ("Lan xong 17 rồi", "@bot xong 17 chưa?"): the
    chat is asked, once, and nothing is recorded until someone says yes."""

    tasks: tuple[str, ...]
    note: str = ""
    addressed: bool = False  # said to the bot: answered even when there is nothing to ask about


@dataclass(frozen=True)
class Progress(Command):
    task: str
    percent: int
    note: str = ""


@dataclass(frozen=True)
class Undo(Command):
    task: str
    message: str | None = None  # "hoàn tác 17 #812" (the ↩️ button): the change message 812 of this chat made


@dataclass(frozen=True)
class Reopen(Command):
    task: str


@dataclass(frozen=True)
class End(Command):
    """«kết thúc N»: the focal point or the chairman closes an ongoing task as a whole."""

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
class AskExplanation(Command):
    """«giải trình 17», «yêu cầu giải trình 17»: the chairman or the focal point asks why it is late."""

    task: str


@dataclass(frozen=True)
class Explain(Command):
    """«giải trình 17: lý do …, đề xuất hạn mới 30/12»: the unit's answer. date_text: the proposed date as
    typed, "" when a proposal was begun with no date ("đề xuất hạn mới" alone), None when none was proposed."""

    task: str
    reason: str
    date_text: str | None = None


@dataclass(frozen=True)
class Approve(Command):
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Show(Command):
    task: str


@dataclass(frozen=True)
class MyTasks(Command):
    everything: bool = False  # «việc tất cả»: the whole list, however long
    mine: bool = False  # «việc của tôi»: the tasks of the person who types it, not the unit's


@dataclass(frozen=True)
class Take(Command):
    """«nhận 17»: the officer who types it goes on the task."""

    task: str


@dataclass(frozen=True)
class Part(Command):
    """«xong phần 17», «phần 17 xong», «td phần 17 50%»: a coordinating unit reports its own part of the task."""

    task: str
    done: bool
    percent: int | None = None  # a progress: «td phần 17 50%», «phần 17 50%»
    note: str = ""


@dataclass(frozen=True)
class AskParts(Command):
    """«hỏi phần 17»: the lead, the focal point or the chairman asks each coordinator whose part is not done."""

    task: str


@dataclass(frozen=True)
class AssignPerson(Command):
    """«giao 17 @lan», «giao 17 cho Lan»: the chairman or the focal point puts an officer on the task."""

    task: str
    person: str  # as typed, without the @
    at: bool = False  # typed with @: a Telegram @username first


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
    meeting: bool = False  # "báo cáo giao ban": the monthly meeting's agenda (bot.files.meeting)


@dataclass(frozen=True)
class Calendar(Command):
    pass


@dataclass(frozen=True)
class Board(Command):
    """«bảng»: a link to the board of what the chat may see (bot.core.boards)."""


@dataclass(frozen=True)
class RevokeBoard(Command):
    """«thu hồi bảng»: every board and feed link the chat was given stops opening."""


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
class Assign(Command):
    """«giao kt: …» (bot.core.directions): each way of cutting the unit from the work, the likeliest first (a
    dash may stand inside a unit's name)."""

    choices: tuple[Assignment, ...]


@dataclass(frozen=True)
class Unread(Command):
    """parse(..., quick=True) for a command whose arguments take a while to read (a date: bot.core.dates
    may ask dateparser): read the message again where time allows, off the event loop."""


@dataclass(frozen=True)
class Unknown(Command):
    text: str
    suggestion: str | None = None
    hint: str | None = None
