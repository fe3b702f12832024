"""A message as tokens, and the task numbers in them.  (pure)

One pass over the folded text (plan_data.folding: no diacritics, lower case) cuts it into words, digit runs
and single marks, each remembering where it stands in the text as typed, so that a note is cut from what
the officer wrote, diacritics included, and a word can still be told by its tone ("ạ" from "à"). Every
reader after this walks the tokens forward, a bounded number of tokens at a time: whatever is typed, the
work grows with its length, never faster.

Task numbers are read in the forms plans print and officers type: "17", "017", "24.1", "ii.3", "II.3",
"iii.1.1", "a.i.1.1", codes "bc-hcc", and "g1" or "G 1" for tasks given in the chat; ranges "10-12",
"10 đến 12", "24.1-24.3", "II.1-II.3"; lists with ",", ";", "&", "+", "và", "với" or spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from plan_data.folding import fold_char
from plan_data.tasknumbers import roman

V = TypeVar("V")
MAX_RANGE = 50  # tasks in one message
MAX_ITEMS = 5 * MAX_RANGE  # numbers read in one message, repeats included: more is not a list of tasks
_TOKEN = re.compile(r"(?P<w>[^\W\d_]+)|(?P<n>[0-9]+)|(?P<p>\S)")  # a word, digits, one mark: nothing nests
_LIST_JOINS = frozenset({",", ";", "&", "+", "va", "voi", "and"})
_RANGE_JOINS = frozenset({"-", "den", "toi"})


class Invalid(Exception):
    """Arguments that do not fit the command; carries the key of the hint to show (commands.HINTS)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Token(NamedTuple):  # a tuple: a message of 8,000 characters has thousands of them
    kind: str  # "w" a word, "n" digits, "p" one mark (punctuation, an emoji, a symbol)
    text: str  # folded
    start: int  # in the folded text
    end: int
    spaced: bool  # a space before it: "17h" is one thing, "17 h" two


@dataclass(frozen=True)
class Text:
    """The message as typed (`orig`, NFC) and folded, its tokens, and where each folded character came from."""

    orig: str
    folded: str
    pos: Sequence[int]
    tokens: tuple[Token, ...]

    def typed(self, first: int, last: int) -> str:
        """What was typed from token `first` to token `last` included, diacritics and marks as they were."""
        if first > last:
            return ""
        return self.orig[self.pos[self.tokens[first].start]:self.pos[self.tokens[last].end - 1] + 1]

    def word(self, i: int) -> str:
        """Token i as typed, lower case: "ạ", "à" and "a" are three different words here."""
        return self.typed(i, i).lower()

    def line_break_before(self, i: int) -> bool:
        if i == 0 or i >= len(self.tokens):
            return False
        between = self.orig[self.pos[self.tokens[i - 1].end - 1] + 1:self.pos[self.tokens[i].start]]
        return "\n" in between

    def text_at(self, i: int) -> str:
        return self.tokens[i].text if i < len(self.tokens) else ""


def read(text: str) -> Text:
    folded, pos = _folded_with_positions(text)
    tokens = tuple(Token(m.lastgroup, m[0], m.start(), m.end(), m.start() == 0 or folded[m.start() - 1] == " ")
                   for m in _TOKEN.finditer(folded))
    return Text(text, folded, pos, tokens)


def _folded_with_positions(text: str) -> tuple[str, Sequence[int]]:
    """The folded text, and for each of its characters the index of the character typed (spaces are not
    collapsed: tokens do not need it, and positions stay one for one)."""
    folds = {ch: fold_char(ch) for ch in set(text)}
    if all(len(f) == 1 for f in folds.values()):  # nearly always: each character folds to one
        return "".join(map(folds.__getitem__, text)), range(len(text))
    chars: list[str] = []
    pos: list[int] = []
    for index, ch in enumerate(text):  # a stray combining mark folds to none, a ligature to several
        chars.append(folds[ch])
        pos.extend([index] * len(folds[ch]))
    return "".join(chars), tuple(pos)


# --- task numbers ---------------------------------------------------------------------------------------

def _glued(t: Text, i: int, kind: str | None = None, text: str | None = None) -> bool:
    if i >= len(t.tokens) or t.tokens[i].spaced:
        return False
    token = t.tokens[i]
    return (kind is None or token.kind == kind) and (text is None or token.text == text)


def _stuck(t: Text, i: int) -> bool:
    """Something glued after a number that makes it no task number: "17h", "1/2", "17.2026", "17abc"."""
    if i >= len(t.tokens) or t.tokens[i].spaced:
        return False
    token = t.tokens[i]
    return token.kind != "p" or (token.text in "/." and _glued(t, i + 1, "n"))


def _numbers(t: Text, i: int, room: int) -> tuple[list[str], int]:
    """"24.1.2" from token i: the Arabic parts, at most `room` of them, each of at most three digits."""
    if i >= len(t.tokens) or t.tokens[i].kind != "n":
        return [], i
    found: list[str] = []
    while True:
        if len(t.tokens[i].text) > 3:
            return [], i
        found.append(str(int(t.tokens[i].text)))
        if len(found) == room or not (_glued(t, i + 1, "p", ".") and _glued(t, i + 2, "n")):
            return found, i + 1
        i += 2


def _sections(t: Text, i: int) -> tuple[list[str], int]:
    """"a.ii." from token i: a letter part and/or a Roman section, each followed by a dot; [] if neither."""
    head: list[str] = []
    word = t.tokens[i].text
    if len(word) == 1 and roman(word.upper()) is None and _glued(t, i + 1, "p", "."):
        head.append(word.upper())
        i += 2
        if not _glued(t, i, "w"):
            return (head, i) if _glued(t, i, "n") else ([], i)
        word = t.tokens[i].text
    if roman(word.upper()) is not None and _glued(t, i + 1, "p", ".") and _glued(t, i + 2, "n"):
        return head + [word.upper()], i + 2
    return [], i


def _code(t: Text, i: int) -> tuple[str, int] | None:
    """"bc-hcc", "kh-vp": a code of 2–4 letters, a dash and 2–10 letters or digits; "g1", "G 1" (the chat's)."""
    word = t.tokens[i].text
    if word == "g" and i + 1 < len(t.tokens) and t.tokens[i + 1].kind == "n" and len(t.tokens[i + 1].text) <= 3 \
            and not _stuck(t, i + 2):
        return f"G{int(t.tokens[i + 1].text)}", i + 2
    if not (2 <= len(word) <= 4 and word.isascii() and _glued(t, i + 1, "p", "-")):
        return None
    j, unit = i + 2, ""
    while _glued(t, j) and t.tokens[j].kind != "p" and t.tokens[j].text.isascii() and len(unit) <= 10:
        unit += t.tokens[j].text
        j += 1
    if not 2 <= len(unit) <= 10 or _glued(t, j) and t.tokens[j].kind != "p":  # "bc-" and a run of 11 or more
        return None
    return f"{word.upper()}-{unit}", j


def read_id(t: Text, i: int) -> tuple[str, int] | None:
    """The task number at token i as the plan would print it ("II.3", "24.1", "BC-hcc"), and the token after."""
    if i >= len(t.tokens):
        return None
    token = t.tokens[i]
    head: list[str] = []
    if token.kind == "w":
        code = _code(t, i)
        if code is not None:
            return code
        head, i = _sections(t, i)
        if not head:
            return None
    elif token.kind != "n":
        return None
    numbers, end = _numbers(t, i, 4 - len(head))
    if not numbers or _stuck(t, end):
        return None
    return ".".join(head + numbers), end


def expand(first: str, last: str) -> list[str]:
    """"10"-"12" -> 10, 11, 12; "II.1"-"II.3" -> II.1, II.2, II.3: only between numbers of one heading."""
    if first == last:
        return [first]
    head_a, _, sub_a = first.rpartition(".")
    head_b, _, sub_b = last.rpartition(".")
    if head_a != head_b or not sub_a.isdigit() or not sub_b.isdigit():  # "24.1-25", "BC-hcc-17"
        raise Invalid("bad_range")
    if int(sub_b) < int(sub_a):
        raise Invalid("reversed_range")
    if int(sub_b) - int(sub_a) >= MAX_RANGE:
        raise Invalid("big_range")
    return [f"{head_a}.{n}" if head_a else str(n) for n in range(int(sub_a), int(sub_b) + 1)]


def read_item(t: Text, i: int) -> tuple[list[str], int] | None:
    """One number or one range at token i ("#" before a number is the number: "xong 17, #18")."""
    first = read_id(t, i + (t.text_at(i) == "#"))
    if first is None:
        return None
    number, end = first
    if t.text_at(end) in _RANGE_JOINS:
        last = read_id(t, end + 1 + (t.text_at(end + 1) == "#"))
        if last is not None:
            return expand(number, last[0]), last[1]
    return [number], end


def read_list(t: Text, i: int) -> tuple[tuple[str, ...], int]:
    """The task numbers from token i on, each once, in the order typed; the token after the last."""
    found: dict[str, None] = {}
    read = 0
    item = read_item(t, i)
    while item is not None:
        numbers, i = item
        read += len(numbers)
        found.update(dict.fromkeys(numbers))
        if len(found) > MAX_RANGE or read > MAX_ITEMS:
            raise Invalid("big_range")
        after = i + 1 if t.text_at(i) in _LIST_JOINS else i
        item = read_item(t, after)
    return tuple(found), i


# --- phrases --------------------------------------------------------------------------------------------

class Phrases(Generic[V]):
    """Phrases of folded words ("qua han"), found at a token whether typed apart or run together ("quahan")."""

    def __init__(self, table: dict[str, V]) -> None:
        self._by_joined: dict[str, tuple[frozenset[int], V]] = {}
        for phrase, value in table.items():
            words = phrase.split()
            cuts = frozenset(sum(len(w) for w in words[:k]) for k in range(1, len(words)))
            self._by_joined["".join(words)] = (cuts, value)
        self.longest = max((len(p.split()) for p in table), default=1)

    def at(self, t: Text, i: int) -> tuple[V, int] | None:
        """The longest phrase starting at token i, and the token after it."""
        if i >= len(t.tokens) or t.tokens[i].kind != "w":
            return None
        joined, cuts = "", []
        ends: list[tuple[str, list[int], int]] = []
        for j in range(i, min(i + self.longest, len(t.tokens))):
            if t.tokens[j].kind != "w" or (j > i and not t.tokens[j].spaced):
                break
            if joined:
                cuts.append(len(joined))
            joined += t.tokens[j].text
            ends.append((joined, list(cuts), j + 1))
        for joined, token_cuts, end in reversed(ends):
            found = self._by_joined.get(joined)
            if found is not None and set(token_cuts) <= found[0]:
                return found[1], end
        return None

    def __contains__(self, phrase: str) -> bool:
        return "".join(phrase.split()) in self._by_joined
