"""Whatever is typed, the parser reads it in one pass and answers something sane (issue 24, point 1). Every
command word followed by 1–2,000 repeats of a shape that made regular expressions backtrack ("17 17 17 …"
took seconds at 25 numbers, minutes at 30). How long it takes is measured in bench/readers.py, not here."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.commands import (
    HINTS,
    Command,
    Done,
    Extend,
    MaybeDone,
    Progress,
    SetDate,
    Unknown,
    Unread,
)
from bot.core.registry import KEYWORD_PHRASES, parse

WORDS = [*KEYWORD_PHRASES, "", "đã xong", "em xong", "/xong", "Lan", "@NhacViecBot"]
SHAPES = ("17 ", "17", "17, ", "1-2 ", "24.1-24.3 ", "ii.3 ", "a.i.1.1 ", "bc-hcc ", "g 1 ", "17 và ", "đã nộp ",
          "ạ ", "- ", "nhé ", "? ", ": ", "17 xong ", "% ", "#", ". ", "xong ", "a.", "17h ", "1/2 ", "chưa ", "anh ",
          "cả nhà ", "🙏", "\n", "0" * 7, "ii.", "17 17 x ")
NUMBER = re.compile(r"(?:[A-Z]\.)?(?:[IVXL]+\.)?[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|[A-Z]{2,4}-[a-z0-9]{2,10}|G[0-9]{1,3}")


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from(SHAPES), st.integers(1, 2000), st.booleans(), st.sampled_from(SHAPES))
def test_every_command_word_then_a_shape_repeated_reads_to_something_sane(word: str, shape: str, count: int,
                                                                         addressed: bool, end: str) -> None:
    text = f"{word} {shape * count}{end}"
    result = parse(text, bot_username="NhacViecBot", addressed=addressed)
    assert result is None or isinstance(result, Command)
    if addressed:
        assert result is not None
    if isinstance(result, Done | MaybeDone):
        assert 1 <= len(result.tasks) <= 50 and len(set(result.tasks)) == len(result.tasks)
        assert all(NUMBER.fullmatch(task) for task in result.tasks), result.tasks
        assert result.note in unicodedata.normalize("NFC", text)
    if isinstance(result, Progress):
        assert 0 <= result.percent <= 100
    if isinstance(result, Unknown) and result.hint:
        assert any(result.hint == hint.format(example=result.hint.split("Ví dụ: ")[-1]) for hint in HINTS.values())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["hạn 7 ", "gia hạn 17 ", "hạn ", "/han 7 ", "gia han 17 30/"]), st.text(max_size=40),
       st.booleans())
def test_on_the_event_loop_a_date_is_left_to_read_later(word: str, rest: str, addressed: bool) -> None:
    """bot.core.dates may ask dateparser, which takes tens to hundreds of milliseconds: parse(quick=True),
    as the event loop calls it, leaves such a command Unread, to be read again in a worker thread."""
    quick = parse(word + rest, addressed=addressed, quick=True)
    assert quick == Unread() or (quick is None and not addressed) or not isinstance(quick, SetDate | Extend)
    assert parse("hạn 7 20/11", quick=True) == Unread() and parse("hạn 7 20/11") == SetDate("7", "20/11")


def test_on_the_event_loop_what_was_not_understood_is_suggested_later() -> None:
    assert parse("xomg 17", addressed=True, quick=True) == Unread()
    assert parse("xomg 17", addressed=True) == Unknown("xomg 17", "xong")
