"""«liên kết MÃ» as officers type it when a unit's code is passed round: with «mã», «giúp em», politeness,
with or without diacritics. The code is read, never a word before it (before, «liên kết mã AB12CD» read the
code «MA» and spent one of the chat's tries)."""

from __future__ import annotations

import pytest

from bot.core.commands import HINTS, Link, Unknown
from bot.core.registry import parse

CODE = "HQ7RT4KX"
LEADS = ("", "mã ", "ma ", "giúp em ", "giup em ", "cho em mã ", "hộ em ")
ENDS = ("", " ạ", " nhé", " nhe", " giúp em", " với ạ")


@pytest.mark.parametrize("lead", LEADS)
@pytest.mark.parametrize("end", ENDS)
@pytest.mark.parametrize("word", ("liên kết ", "lien ket ", "/lienket "))
def test_the_code_is_read_past_the_words_around_it(word: str, lead: str, end: str) -> None:
    assert parse(f"{word}{lead}{CODE}{end}") == Link(CODE)
    assert parse(f"{word}{lead}{CODE.lower()}{end}") == Link(CODE)


@pytest.mark.parametrize("code", ["A5F66H88", "EM7KQ2RT", "MA2X3Y4Z", "OK8HQ7RT", "CHO7RT4K"])
def test_a_code_that_opens_with_a_word_is_read_whole(code: str) -> None:
    assert parse(f"/lienket {code}") == Link(code)
    assert parse(f"liên kết mã {code.lower()} ạ") == Link(code)


@pytest.mark.parametrize("text", ["liên kết ạ", "lien ket ma nhe", "liên kết giúp em"])
def test_no_code_at_all_asks_for_it(text: str) -> None:
    found = parse(text)
    assert isinstance(found, Unknown) and found.hint == HINTS["missing_code"]
