"""Every chat command, declared once: its words, what reads its arguments, who may use it, what runs it, its
help and its place in Telegram's menu. The parser, «hướng dẫn», the menu and the service's dispatch are all
built from ENTRIES below.

A new command is an Entry here and a handler (a function of the Context and the Command, in the module of
its kind: actions, views, reports), beside which its Command's dataclass may live when no other module reads
it. A new shape of arguments is a reader in bot.core.arguments. The city's chat has its own table of what it
runs (city.HANDLERS): an entry only says what the city's «hướng dẫn» writes of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy.orm import Session

from bot.core import (
    actions,
    arguments,
    asking,
    assigning,
    boards,
    directions,
    explaining,
    linking,
    parts,
    people,
    reports,
    texts,
    views,
)
from bot.core.arguments import Reader
from bot.core.commands import Keyword, Parser
from bot.core.context import Context, Incoming, Reply
from bot.core.intents import (
    Approve,
    AskExplanation,
    AskParts,
    Assign,
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
    Upcoming,
)
from plan_data import permissions
from plan_data.folding import fold
from plan_data.permissions import Action, Role

Handler = Callable[[Context, Any], Reply | None]
Opener = Callable[[Any, Incoming, datetime, Session], Reply]


@dataclass(frozen=True)
class Usage:
    """A line of «hướng dẫn»: what to type, and what it does."""

    typed: str  # "xong 17"
    does: str = ""  # "": a look-up that says what it is; listed on one line with the look-ups beside it


@dataclass(frozen=True, eq=False)
class Entry:
    """One chat command."""

    word: str  # its own word, with diacritics ("quá hạn"); folded without spaces, its /command ("quahan")
    words: tuple[str, ...]  # the folded words that start it ("qua han", "tre han"), its own among them
    read: Reader | None  # reads what follows the word (bot.core.arguments); None: a report, bot.core.talk's
    handles: Mapping[type[Command], Handler] = field(default_factory=dict)  # what a linked chat runs
    # Who may use it, as plan_data.permissions.may decides for a chat's own tasks (the handler asks it task by
    # task): «hướng dẫn» lists the command to those chats. None: every chat.
    may: Action | None = None
    help: Usage | None = None  # its line in «hướng dẫn»
    menu: str = ""  # its description in Telegram's menu of /commands; "": not in the menu
    example: str = ""  # what a hint shows ("Thiếu số nhiệm vụ. Ví dụ: xong 17"); "": the word
    city_help: str = ""  # what it shows the city's chat, in the city's «hướng dẫn» (city.HANDLERS runs it)
    own_readers: Mapping[str, Reader] = field(default_factory=dict)  # folded words read their own way
    opens: Mapping[type[Command], Opener] = field(default_factory=dict)  # runs in a chat not linked yet
    report_first: bool = False  # "nv 17 xong rồi" is a report: bot.core.talk reads the message first
    # Its store, chosen before it runs and kept to the end (bot.core.service): True, one Connection's plain rows
    # (bot.core.sql.ConnectionChatStore), answered on the event loop; False, the ORM Session's, in a worker thread
    fast: bool = False

    @property
    def alias(self) -> str:
        """Its /command: Telegram allows [a-z0-9_] only. parse() reads every word run together."""
        return fold(self.word).replace(" ", "")


def help_reply(ctx: Context, command: Help) -> Reply:
    """«hướng dẫn»: what this chat may type."""
    lines = [f"• {line}" for line in help_lines(ctx.role, ENTRIES)]
    return Reply("\n".join([texts.HELP_HEADER.format(unit=ctx.unit.name, commune=ctx.plan.commune), *lines]))


def help_lines(role: Role, entries: tuple[Entry, ...]) -> list[str]:
    """The help of a role's chat: what every unit may do first, then what only some may."""
    listed = [entry for entry in entries if entry.help and _listed_for(entry, role)]
    every_unit = [entry for entry in listed if _listed_for(entry, Role.UNIT)]
    return _usage_lines(every_unit) + _usage_lines([entry for entry in listed if entry not in every_unit])


def _listed_for(entry: Entry, role: Role) -> bool:
    """The role may use it on some task: one it is responsible for, or one it only coordinates (a part)."""
    return entry.may is None or any(permissions.may(role, entry.may, responsible=own, related=True)
                                    for own in (True, False))


def _usage_lines(entries: list[Entry]) -> list[str]:
    """A line per command; look-ups side by side share one ("quá hạn · sắp tới 30 ngày · tổng hợp")."""
    lines: list[str] = []
    for plain, group in groupby([entry.help for entry in entries if entry.help], key=lambda usage: not usage.does):
        usages = list(group)
        lines += [" · ".join(u.typed for u in usages)] if plain else [f"{u.typed} — {u.does}" for u in usages]
    return lines


PART_DONE_WORDS = ("xong phan", "hoan thanh phan", "ht phan", "da xong phan", "da hoan thanh phan")
PART_PROGRESS_WORDS = ("td phan", "tien do phan", "cap nhat tien do phan")
_OPENERS = ("", "em ", "da ", "da em ", "ben em ", "toi ", "minh ")  # «dạ em xong phần 17 ạ»


def _spoken(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words as typed after the openers an officer puts first (the particles after are bot.core.talk's)."""
    return tuple(opener + word for opener in _OPENERS for word in words)


_ASKING = ("", "xin ", "cho xin ", "cho em ", "cho em xin ", "em xin ", "da em xin ", "gui ", "gui em ", "lay ")


def _asked(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a look-up as asked for: «cho em xin lịch ạ», «gửi em bảng nhé» (the particles after: talk's)."""
    return tuple(asking + word for asking in _ASKING for word in words)


ENTRIES: tuple[Entry, ...] = (
    Entry("xong", ("xong", "hoan thanh", "ht", "done"), None, {Done: actions.done, MaybeDone: asking.maybe_done},
          may=Action.UPDATE, help=Usage("xong 17", "báo hoàn thành (xong 17, 18 · xong 10-12 · xong 24.1)"),
          menu="Báo hoàn thành nhiệm vụ: xong 17 (nhiều việc: xong 17, 18 hoặc xong 10-12)", example="xong 17",
          fast=True),
    Entry("tiến độ", ("tien do", "td"), arguments.progress, {Progress: actions.progress}, may=Action.UPDATE,
          help=Usage("td 17 50%", "cập nhật tiến độ"), menu="Cập nhật tiến độ: td 17 50%", example="td 17 50%",
          fast=True),
    Entry("hoàn tác", ("hoan tac",), arguments.undo, {Undo: actions.undo_last}, may=Action.UPDATE,
          help=Usage("hoàn tác 17", "bỏ thay đổi cuối của nhiệm vụ 17"),
          menu="Hoàn tác thay đổi cuối của nhiệm vụ: hoàn tác 17 (mở lại việc đã xong: mở lại 17)",
          example="hoàn tác 17", fast=True),
    # A coordinating unit's part («xong phần 17», «phần 17 xong», «td phần 17 50%»): its own words, read before
    # the report's «xong» and the progress's «td» (longer words win), with the openers officers type first
    Entry("phần", _spoken(("phan", "phan viec")), arguments.part, {Part: parts.report_part}, may=Action.PART,
          help=Usage("xong phần 17", "đơn vị phối hợp báo xong phần việc của mình (td phần 17 50%: tiến độ phần)"),
          menu="Đơn vị phối hợp báo phần việc: xong phần 17 · td phần 17 50%", example="phần 17 xong",
          own_readers={**dict.fromkeys(_spoken(PART_DONE_WORDS), arguments.part_done),
                       **dict.fromkeys(_spoken(PART_PROGRESS_WORDS), arguments.part_progress)}),
    Entry("hỏi phần", _spoken(("hoi phan", "hoi phan viec", "hoi phan phoi hop")), arguments.ask_parts,
          {AskParts: parts.ask_parts}, may=Action.UPDATE,
          help=Usage("hỏi phần 17", "nhắn các đơn vị phối hợp chưa xong báo phần việc"),
          menu="Hỏi đơn vị phối hợp về phần việc: hỏi phần 17", example="hỏi phần 17"),
    Entry("mở lại", ("mo lai",), arguments.single(Reopen), {Reopen: actions.reopen}, may=Action.UPDATE,
          help=Usage("mở lại 17", "mở lại nhiệm vụ đã báo xong"), example="mở lại 17"),
    Entry("hạn", ("han",), arguments.later_when_quick(arguments.set_date), {SetDate: actions.set_date},
          may=Action.UPDATE, help=Usage("hạn 7 20/11", "đặt ngày cho nhiệm vụ chờ sự kiện"),
          menu="Đặt hạn cho nhiệm vụ: hạn 17 30/6", example="hạn 17 30/6"),
    Entry("gia hạn", ("gia han",), arguments.later_when_quick(arguments.extend), {Extend: actions.extend},
          may=Action.EXTEND, help=Usage("gia hạn 17 30/6 lý do", "gia hạn (giữ hạn gốc để tính đúng/trễ hạn)"),
          menu="Xin gia hạn: gia hạn 17 30/6 lý do", example="gia hạn 17 30/6 chờ hướng dẫn"),
    Entry("duyệt", ("duyet",), arguments.approve, {Approve: actions.approve}, may=Action.APPROVE,
          help=Usage("duyệt 17", "xác nhận đơn vị đã xong"), menu="Duyệt nhiệm vụ đơn vị báo xong: duyệt 17",
          example="duyệt 17", fast=True),
    Entry("kết thúc", ("ket thuc",), arguments.single(End), {End: actions.end_task}, may=Action.APPROVE,
          help=Usage("kết thúc 18", "kết thúc nhiệm vụ thường xuyên, không nhắc các kỳ sau"), example="kết thúc 18"),
    Entry("yêu cầu giải trình", ("yeu cau giai trinh", "yc giai trinh"), arguments.ask_explanation,
          {AskExplanation: explaining.ask}, may=Action.ASK_EXPLANATION,
          help=Usage("yêu cầu giải trình 17", "yêu cầu đơn vị chủ trì giải trình việc quá hạn"),
          menu="Yêu cầu giải trình việc quá hạn: yêu cầu giải trình 17", example="yêu cầu giải trình 17"),
    Entry("giải trình", ("giai trinh", "xin giai trinh"), arguments.later_when_quick(arguments.explanation), {Explain: explaining.explain},
          may=Action.EXPLAIN, help=Usage("giải trình 17: lý do …, đề xuất hạn mới 30/12", "trả lời yêu cầu giải trình"),
          menu="Trả lời giải trình: giải trình 17: lý do …, đề xuất hạn mới 30/12",
          example="giải trình 17: chờ hướng dẫn, đề xuất hạn mới 30/12"),
    # «giao 17 @lan» (a person on a task) branches off in bot.core.directions, before anything is assigned
    Entry("giao", ("giao",), directions.direction, {Assign: assigning.assign, AssignPerson: people.assign},
          may=Action.ASSIGN,
          help=Usage("giao kt: nội dung, hạn 15/12, theo CV số …",
                     "giao nhiệm vụ mới (G1, G2 …); phối hợp: ph hcc · giao 17 @lan: giao cho một cán bộ"),
          menu="Giao nhiệm vụ: giao kt: nội dung, hạn 15/12/2026, theo CV 123/UBND-VP",
          example="giao kt: Báo cáo thu ngân sách, hạn 15/12/2026, theo CV 123/UBND-VP"),
    Entry("nv", ("nv", "nhiem vu", "xem", "chi tiet"), arguments.show, {Show: views.show}, may=Action.VIEW,
          help=Usage("17", "xem chi tiết nhiệm vụ 17"), menu="Xem một nhiệm vụ: nv 17 (hoặc chỉ gõ 17)",
          example="nv 17", report_first=True),
    Entry("nhận", ("nhan", "em nhan", "toi nhan", "minh nhan"), arguments.take, {Take: people.take},
          may=Action.UPDATE, help=Usage("nhận 17", "nhận nhiệm vụ về mình: nhắc việc gọi tên người nhận"),
          menu="Nhận nhiệm vụ về mình: nhận 17", example="nhận 17"),
    # «giao 17 @lan»: the form whose first word is a task number (another reader takes «giao kt: …»)
    Entry("việc", ("viec",), arguments.my_tasks, {MyTasks: views.my_tasks},
          help=Usage("việc", "nhiệm vụ của đơn vị · việc của tôi: việc mình đã nhận"), menu="Các nhiệm vụ của đơn vị",
          own_readers=dict.fromkeys(("viec cua toi", "viec cua em", "viec cua minh"), arguments.mine)),
    Entry("quá hạn", ("qua han", "tre han"), arguments.info(Overdue), {Overdue: views.overdue},
          help=Usage("quá hạn"), menu="Các nhiệm vụ đã quá hạn", city_help="nhiệm vụ quá hạn của mọi xã"),
    Entry("sắp tới", ("sap toi",), arguments.upcoming, {Upcoming: views.upcoming}, help=Usage("sắp tới 30 ngày"),
          menu="Nhiệm vụ sắp đến hạn: sắp tới 7 ngày"),
    Entry("tổng hợp", ("tong hop", "th", "thong ke"), arguments.info(Summary), {Summary: views.summary},
          help=Usage("tổng hợp"), menu="Tổng hợp tình hình thực hiện kế hoạch", city_help="số liệu từng xã"),
    Entry("báo cáo", ("bao cao",), arguments.report, {Report: reports.report}, may=Action.REPORT,
          help=Usage("báo cáo quý 1 · báo cáo 6 tháng · báo cáo năm",
                     "dự thảo báo cáo (Word) và biểu (Excel); báo cáo giao ban: chương trình giao ban tháng (Word)"),
          menu="Báo cáo kết quả: báo cáo quý 2 · báo cáo 6 tháng · báo cáo năm · báo cáo giao ban",
          city_help="tệp Excel, mỗi xã một dòng"),
    # What the chat may see (plan_data.access.scope_of): a unit its own tasks, the chairman and the focal point
    # the commune's, the city every commune's board (and no calendar of its own)
    Entry("lịch", _asked(("lich", "lich han")), arguments.info(Calendar), {Calendar: boards.calendar},
          help=Usage("lịch", "lịch hạn tự cập nhật cho Google Calendar, Outlook (kèm tệp .ics)"),
          menu="Lịch hạn các nhiệm vụ: đường dẫn theo dõi và tệp .ics"),
    Entry("bảng", _asked(("bang", "bang theo doi", "xem bang", "link bang", "duong dan bang")), arguments.info(Board),
          {Board: boards.board}, help=Usage("bảng", "đường dẫn bảng theo dõi trên web (điện thoại, máy tính)"),
          menu="Bảng theo dõi trên web: đường dẫn xem nhanh", city_help="bảng theo dõi mọi xã trên web"),
    Entry("thu hồi bảng", _spoken(("thu hoi bang", "thu hoi duong dan", "huy bang", "huy duong dan bang")),
          arguments.info(RevokeBoard), {RevokeBoard: boards.revoke},
          help=Usage("thu hồi bảng", "thu hồi mọi đường dẫn bảng và lịch đã gửi nhóm"),
          menu="Thu hồi các đường dẫn bảng và lịch đã gửi nhóm", city_help="thu hồi đường dẫn bảng đã gửi nhóm"),
    Entry("nhắc lại", ("nhac lai",), arguments.single(Snooze), {Snooze: actions.snooze}, may=Action.UPDATE,
          menu="Nhắc lại nhiệm vụ sau: nhắc lại 17", example="nhắc lại 17"),
    Entry("liên kết", ("lien ket",), arguments.link, opens={Link: linking.link},
          menu="Liên kết tài khoản với đơn vị: liên kết MÃ"),
    Entry("hướng dẫn", ("huong dan", "help", "tro giup"), arguments.info(Help), {Help: help_reply},
          menu="Hướng dẫn sử dụng", own_readers={"start": arguments.start}),  # a t.me link's /start CODE links
)


def keywords(entries: tuple[Entry, ...]) -> dict[str, Keyword]:
    """The parser's table: every folded word of every entry -> what it starts."""
    table: dict[str, Keyword] = {}
    for entry in entries:
        readers = {**dict.fromkeys(entry.words, entry.read), **entry.own_readers}
        table |= {word: Keyword(entry.word, read, entry.example or entry.word, entry.report_first)
                  for word, read in readers.items()}
    return table


def menu(entries: tuple[Entry, ...]) -> list[tuple[str, str]]:
    """(command, description) for each entry with a place in the menu, in the table's order."""
    return [(entry.alias, entry.menu) for entry in entries if entry.menu]


PARSER = Parser(keywords(ENTRIES))
parse = PARSER.parse
KEYWORD_PHRASES = tuple(PARSER.words)  # every word a command starts with
HANDLERS: dict[type[Command], Handler] = {kind: run for entry in ENTRIES for kind, run in entry.handles.items()}
OPENERS: dict[type[Command], Opener] = {kind: run for entry in ENTRIES for kind, run in entry.opens.items()}
FAST = tuple(kind for entry in ENTRIES if entry.fast for kind in entry.handles)
COMMAND_WORDS = {entry.word: entry.menu for entry in ENTRIES if entry.menu}  # the menu's words, descriptions
ASCII_ALIASES = {entry.word: entry.alias for entry in ENTRIES if entry.menu}


def telegram_menu() -> list[tuple[str, str]]:
    """What bot.channels.telegram hands setMyCommands."""
    return menu(ENTRIES)


def city_help() -> list[tuple[str, str]]:
    """(word, what it shows) for each command of the city's chat, for its «hướng dẫn»."""
    return [(entry.word, entry.city_help) for entry in ENTRIES if entry.city_help]
