"""bot/core/registry.py: every chat command declared once, and the parser, «hướng dẫn», Telegram's menu and
the service's dispatch all built from that one table (issue 25)."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

import pytest

from bot.core import city, intents, registry
from bot.core.arguments import info
from bot.core.commands import Calendar, Command, Help, Keyword, MyTasks, Parser, Unknown, Unread
from bot.core.context import Reply
from bot.core.registry import (
    ENTRIES,
    FAST,
    HANDLERS,
    OPENERS,
    PARSER,
    Entry,
    Usage,
    help_lines,
    keywords,
    menu,
)
from plan_data.folding import fold
from plan_data.permissions import Role, may

ENTRY_IDS = [entry.word for entry in ENTRIES]


@pytest.mark.parametrize("entry", ENTRIES, ids=ENTRY_IDS)
def test_every_entry_has_a_help_line_and_a_command_telegram_takes(entry: Entry) -> None:
    assert entry.help is not None or entry.menu  # «hướng dẫn» shows it, or the menu describes it
    assert re.fullmatch(r"[a-z0-9_]{1,32}", entry.alias)
    assert fold(entry.word) in entry.words  # so the word itself, and its /command run together, parse
    assert all(word == fold(word) and word == " ".join(word.split()) for word in [*entry.words, *entry.own_readers])


def test_no_two_entries_share_a_word() -> None:
    # The parser finds a word typed apart or run together ("quá hạn", "/quahan"): joined, none may repeat.
    joined = [word.replace(" ", "") for entry in ENTRIES for word in [*entry.words, *entry.own_readers]]
    assert len(joined) == len(set(joined))
    assert len({entry.word for entry in ENTRIES}) == len({entry.alias for entry in ENTRIES}) == len(ENTRIES)


def test_the_parsers_words_are_the_tables() -> None:
    expected = {word: entry for entry in ENTRIES for word in [*entry.words, *entry.own_readers]}
    assert list(PARSER.words) == list(expected)  # the table's order: the first of equally close suggestions wins
    assert {word: keyword.name for word, keyword in PARSER.words.items()} == \
        {word: entry.word for word, entry in expected.items()}
    assert {keyword.name for keyword in PARSER.words.values() if keyword.read is None} == {"xong"}


def _command_of(text: str) -> str | None:
    """The word of the command a message reads as: its own, or the one whose arguments its hint asks for."""
    read = registry.parse(text)
    if isinstance(read, Unknown):
        return read.suggestion
    return "việc" if read == MyTasks() else next(e.word for e in ENTRIES if type(read) in {*e.handles, *e.opens})


@pytest.mark.parametrize("entry", ENTRIES, ids=ENTRY_IDS)
def test_every_word_of_an_entry_reads_as_that_command(entry: Entry) -> None:
    for word in [*entry.words, *entry.own_readers]:
        alone = "việc" if word in ("nv", "nhiem vu") else entry.word  # "nv" alone: the chat's tasks
        assert _command_of(f"/{word}") == _command_of(f"/{word.replace(' ', '')}") == alone, word


def test_the_menu_is_the_tables() -> None:
    assert registry.telegram_menu() == [(entry.alias, entry.menu) for entry in ENTRIES if entry.menu]
    assert list(registry.COMMAND_WORDS) == list(registry.ASCII_ALIASES) == [e.word for e in ENTRIES if e.menu]


def test_every_command_has_one_handler() -> None:
    kinds = [kind for entry in ENTRIES for kind in [*entry.handles, *entry.opens]]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == set(HANDLERS) | set(OPENERS)
    read = {cls for _, cls in inspect.getmembers(intents, inspect.isclass)
            if issubclass(cls, Command) and cls is not Command}
    assert read - set(kinds) == {Unknown, Unread}  # the service's own: the error reply, read again off the loop
    assert set(FAST) <= set(HANDLERS)


@pytest.mark.parametrize("role", [Role.UNIT, Role.FOCAL, Role.LEADER])
def test_the_help_lists_what_the_chat_may_use(role: Role) -> None:
    lines = help_lines(role, ENTRIES)
    for entry in ENTRIES:
        shown = any(line.startswith(entry.help.typed) or f" · {entry.help.typed}" in line for line in lines) \
            if entry.help else False
        usable = entry.may is None or any(may(role, entry.may, responsible=own, related=True) for own in (True, False))
        assert shown == (entry.help is not None and usable)  # on a task it leads, or one it coordinates (a part)
    unit = [line for line in help_lines(Role.UNIT, ENTRIES) if line in lines]  # «giải trình 17: …» is a unit's alone
    assert lines[:len(unit)] == unit  # what every unit may first; then what only the overseers may
    assert "quá hạn · sắp tới 30 ngày · tổng hợp" in unit  # the look-ups share a line
    assert any(line.startswith("giải trình 17:") for line in lines) == (role is not Role.LEADER)
    assert any(line.startswith("xong phần 17") for line in lines) == (role is not Role.LEADER)  # no part of its own


def test_the_citys_help_is_what_the_citys_chat_runs() -> None:
    shown = {kind for entry in ENTRIES if entry.city_help for kind in entry.handles}
    assert shown | {Help, Calendar} == set(city.HANDLERS)  # «lịch» answers that the city has no calendar of its own
    assert [word for word, _ in registry.city_help()] == ["quá hạn", "tổng hợp", "báo cáo", "bảng", "thu hồi bảng"]


# A command added to a copy of the table, as a new one would be: the parser, the help, the menu and the
# dispatch have it with nothing else written.
@dataclass(frozen=True)
class Ping(Command):
    pass


def ping(ctx, command: Ping) -> Reply:
    return Reply("pong")


PING = Entry("kiểm tra", ("kiem tra", "ping"), info(Ping), {Ping: ping}, help=Usage("kiểm tra", "bot còn chạy"),
             menu="Kiểm tra bot còn chạy")


def test_a_new_entry_is_parsed_helped_listed_and_run() -> None:
    table = (*ENTRIES, PING)
    parser = Parser(keywords(table))
    assert parser.parse("kiểm tra") == parser.parse("/kiemtra") == parser.parse("ping") == Ping()
    assert parser.parse("kiểm tra xe chiều nay") is None  # talk that starts with the word stays talk
    assert parser.parse("kiem tr", addressed=True) == Unknown("kiem tr", "kiểm tra")
    assert help_lines(Role.UNIT, table)[-1] == "kiểm tra — bot còn chạy"
    assert menu(table)[-1] == ("kiemtra", "Kiểm tra bot còn chạy")
    assert {kind: run for entry in table for kind, run in entry.handles.items()}[Ping] is ping
    assert PARSER.parse("kiểm tra", addressed=True) != Ping()  # the real table is left as it was
    assert isinstance(keywords(table)["ping"], Keyword)
