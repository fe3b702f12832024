"""Known unit names found inside a cell, however an officer spelled them.  (pure)

A cell is read as words. A known name matches a run of the cell's words when each of its words is written out
(any case, with or without diacritics, NFC or NFD) or a run of them is written as capital initials ("TTPVHCC",
"KH&CN", "P. VH-XH", "BCHQS"); an abbreviation inside a known name ("Văn phòng HĐND và UBND") matches the words
it stands for just as well. Commas, dashes, "&" and "và" between the words of a name do not count, so
"Phòng Kinh tế, Hạ tầng và Đô thị" and "Phòng Kinh tế - Hạ tầng - Đô thị" are one name. A line break, ";",
"/", a bullet, "(" or a sentence's "." is never inside a name.

After a name may come the level it belongs to and its place ("Phòng Kinh tế xã", "Sở Tài chính tỉnh Đồng
Nai", "Kho bạc Nhà nước khu vực XII"): they are part of the name. A name is only taken where it ends: at the
cell's end, a separator, or the start of another unit's name; "Sở Tài chính Hải Phòng" is not "Sở Tài chính".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from plan_data.folding import fold

COMMUNE_WORDS = (("xa",), ("phuong",), ("dac", "khu"))
PROVINCE_WORDS = (("tinh",), ("thanh", "pho"), ("tp",), ("khu", "vuc"))
ALL_WORDS = COMMUNE_WORDS + PROVINCE_WORDS

_TOKEN = re.compile(r"[^\W\d_]+|\d+|\n|\S")
_JOINTS = frozenset(",-‐‑‒–—&")
# Words a unit's name starts with, compared with their diacritics ("Bảo Lộc" is a place, "Báo" a newspaper):
# where one follows a name with nothing between, a new unit starts, as in a PDF cell whose lines were joined.
_HEADS = frozenset(("sở", "bộ", "phòng", "ban", "các", "ubnd", "hđnd", "ubmttq", "viện", "trường", "báo", "đài", "cục",
                    "thuế", "đoàn", "hội", "trạm", "đội", "tổ", "vp", "tt", "bch", "bchqs", "bql"))
_HEADS2 = frozenset(tuple(p.split()) for p in (
    "văn phòng", "trung tâm", "ủy ban", "uỷ ban", "công an", "cơ quan", "chi cục", "tổng cục", "kho bạc", "ngân hàng",
    "bảo hiểm", "thanh tra", "đảng ủy", "đảng uỷ", "hội đồng", "mặt trận", "chủ tịch", "phó chủ", "liên hiệp",
    "hiệp hội", "tập đoàn", "công ty", "tổng công", "doanh nghiệp", "tổ chức", "đơn vị", "lãnh đạo", "giám đốc",
    "bệnh viện", "chi nhánh", "hợp tác"))


@dataclass(frozen=True)
class Token:
    raw: str
    text: str  # folded
    start: int
    end: int
    kind: str  # "word", "joint" (not counted between a name's words), "dot" (after "P", "TP"), "stop"
    initials: str = ""  # the letters, when the word is written as capital initials

    @property
    def digits(self) -> bool:
        return self.text.isdigit()


def tokenise(text: str) -> list[Token]:
    """The words and marks of a text, with their places in it (the text is expected in NFC)."""
    tokens: list[Token] = []
    for found in _TOKEN.finditer(text):
        raw = found.group()
        if raw[0].isalnum():
            folded = fold(raw)
            kind = "joint" if folded == "va" else "word"
            tokens.append(Token(raw, folded, found.start(), found.end(), kind, _initials(raw, text, found.end())))
        elif raw == "." and tokens and _abbreviation_dot(tokens[-1], found.start()):
            tokens.append(Token(raw, raw, found.start(), found.end(), "dot"))
        else:
            tokens.append(Token(raw, raw, found.start(), found.end(), "joint" if raw in _JOINTS else "stop"))
    return tokens


def _initials(raw: str, text: str, end: int) -> str:
    """Capital initials: "TTPVHCC", "KH", "ĐT"; one capital before a dot ("P.") or "Tp." too."""
    dotted = text[end:end + 1] == "."
    if raw.isupper() and (2 <= len(raw) <= 12 or len(raw) == 1 and dotted) or dotted and len(raw) == 2 and raw[0].isupper():
        return fold(raw)
    return ""


def _abbreviation_dot(before: Token, at: int) -> bool:
    return before.end == at and before.kind == "word" and dotted_abbreviation(before.raw)


def dotted_abbreviation(word: str) -> bool:
    """A word a dot shortens, not ends a sentence with: "P." (Phòng), "TP." / "Tp." (thành phố)."""
    return len(word) == 1 and word.isupper() or word in ("TP", "Tp", "TX")


def is_head(tokens: Sequence[Token], i: int) -> bool:
    """A unit's name could start at token i: one of the words names start with, written with its diacritics."""
    word = unicodedata.normalize("NFC", tokens[i].raw).lower()
    following = unicodedata.normalize("NFC", tokens[i + 1].raw).lower() if i + 1 < len(tokens) else ""
    return tokens[i].kind == "word" and (word in _HEADS or (word, following) in _HEADS2)


def level_at(tokens: Sequence[Token], i: int, words: Iterable[tuple[str, ...]]) -> int:
    """The index after a level word ("xã", "thành phố") at token i, or i."""
    for level in words:
        run = tokens[i:i + len(level)]
        if len(run) == len(level) and all(t.kind == "word" and t.text == w for t, w in zip(run, level, strict=True)):
            return i + len(level)
    return i


# ---------------------------------------------------------------- a lexicon of names


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    ends: list[End] = field(default_factory=list)


@dataclass(frozen=True)
class End:
    """A spelling ends here: the unit it names, the level words that may follow, whether a place must."""

    target: Hashable
    tails: tuple[tuple[str, ...], ...]
    ends_level: bool  # the spelling ends with its level word ("Công an tỉnh"): a place may follow
    needs_place: bool = False  # "Thuế" of "Thuế tỉnh": only with its place ("Thuế Đồng Nai")


def name_nodes(spelling: str) -> tuple[str, ...]:
    """A spelling as the trie holds it: "w:word" for each word, "l:x" for each letter of an abbreviation
    inside it ("UBND" -> u, b, n, d), which the written-out words' initials match too."""
    tokens = [t for t in tokenise(unicodedata.normalize("NFC", spelling)) if t.kind == "word"]
    shouting = len(tokens) > 1 and all(t.raw.isupper() for t in tokens)  # "PHÒNG KINH TẾ": words, not initials
    nodes: list[str] = []
    for token in tokens:
        if token.initials and len(token.raw) > 1 and not shouting:
            nodes += [f"l:{letter}" for letter in token.initials]
        else:
            nodes.append(f"w:{token.text}")
    return tuple(nodes)


class Lexicon:
    """Every spelling of a set of units, as a trie of words, matched at a place in a cell's tokens."""

    def __init__(self, entries: Iterable[tuple[str, Hashable, tuple[tuple[str, ...], ...], bool]]) -> None:
        """entries: (spelling, target, the level words that may follow it, placed). A spelling ending in a
        commune's level word ("Công an xã") is also known without it when no other unit shares what is left;
        a `placed` one ending in a province's ("Thuế tỉnh") is known with a place instead ("Thuế Đồng Nai")."""
        self.root = _Node()
        spellings = [(name_nodes(s), target, tails, placed) for s, target, tails, placed in entries]
        owners: dict[tuple[str, ...], set[Hashable]] = {}
        for nodes, target, _tails, placed in spellings:  # what a shortened spelling would share
            for key in {nodes, _strip(nodes, COMMUNE_WORDS), _strip(nodes, PROVINCE_WORDS) if placed else nodes}:
                owners.setdefault(key, set()).add(target)
        for nodes, target, tails, placed in spellings:
            if not nodes:
                continue
            short = _strip(nodes, ALL_WORDS)
            self._add(nodes, End(target, tails, short != nodes))
            shared = len(owners.get(short, ())) > 1
            if short and short != nodes and not shared and _strip(nodes, COMMUNE_WORDS) == short:
                # "Chủ tịch UBND" of "Chủ tịch UBND xã" takes a commune's level word back, never "tỉnh"
                self._add(short, End(target, tuple(w for w in tails if w in COMMUNE_WORDS), False))
            elif short and short != nodes and not shared and placed:
                self._add(short, End(target, tails, False, needs_place=True))

    def _add(self, nodes: tuple[str, ...], end: End) -> None:
        node = self.root
        for key in nodes:
            node = node.children.setdefault(key, _Node())
        if end not in node.ends:
            node.ends.append(end)

    def walk(self, tokens: Sequence[Token], i: int) -> list[tuple[int, End]]:
        """Every spelling that matches from token i: (the index after its last word, its end)."""
        out: list[tuple[int, End]] = []
        self._walk(tokens, i, self.root, out)
        return out

    def _walk(self, tokens: Sequence[Token], i: int, node: _Node, out: list[tuple[int, End]]) -> None:
        if node is not self.root:
            out += [(i, end) for end in node.ends]
            while i < len(tokens) and tokens[i].kind in ("joint", "dot"):
                i += 1
        if i >= len(tokens) or tokens[i].kind != "word":
            return
        token = tokens[i]
        for key in (f"w:{token.text}", f"l:{token.text[0]}"):
            if key in node.children:
                self._walk(tokens, i + 1, node.children[key], out)
        if token.initials:
            self._spell(tokens, i, token.initials, node, out)

    def _spell(self, tokens: Sequence[Token], i: int, letters: str, node: _Node, out: list) -> None:
        """Capital initials: each letter stands for one word of the name, or one letter of its abbreviation."""
        if not letters:
            self._walk(tokens, i + 1, node, out)
            return
        for key, child in node.children.items():
            if key[2] == letters[0]:
                self._spell(tokens, i, letters[1:], child, out)


class Scanner:
    """Finds the known names in a text, longest first, from one or more lexicons."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.lexicons = lexicons

    def _walks(self, tokens: Sequence[Token], i: int) -> list[tuple[int, End]]:
        return [found for lexicon in self.lexicons for found in lexicon.walk(tokens, i)]

    def _names_at(self, tokens: Sequence[Token], i: int) -> list[tuple[int, Hashable, str]]:
        """(index after the name and what follows it, the unit, the place it names or "") for every name that
        ends where it may."""
        return [(j, end.target, place) for after, end in self._walks(tokens, i) if not _bare_initials(tokens, i, after)
                for j, place in _tails(tokens, after, end, self._starts) if self._boundary(tokens, j)]

    def _starts(self, tokens: Sequence[Token], i: int) -> bool:
        return bool(self._walks(tokens, i))

    def _boundary(self, tokens: Sequence[Token], i: int) -> bool:
        if i >= len(tokens) or tokens[i].kind != "word" or tokens[i].digits:
            return True  # the end, a separator, or a footnote's number
        return tokens[i - 1].end < tokens[i].start and (is_head(tokens, i) or self._starts(tokens, i))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of each known name in the text, left to right, each as long as it can be."""
        tokens = tokenise(text)
        spans: list[tuple[int, int]] = []
        i, after_name = 0, 0
        while i < len(tokens):
            may_start = i == 0 or i == after_name or tokens[i - 1].kind != "word" or is_head(tokens, i)
            found = self._names_at(tokens, i) if tokens[i].kind == "word" and may_start else []
            if found:
                end = max(j for j, _target, _place in found)
                spans.append((tokens[i].start, tokens[end - 1].end))
                i = after_name = end
            else:
                i += 1
        return spans

    def whole(self, text: str) -> set[tuple[Hashable, str]]:
        """(unit, place) for each unit whose name is the whole text; the place is "" or the one its name
        ends with ("dong nai" of "Sở Tài chính tỉnh Đồng Nai"). More than one unit: the text is ambiguous."""
        tokens = tokenise(unicodedata.normalize("NFC", text))
        while tokens and tokens[-1].kind != "word":
            tokens.pop()
        return {(target, place) for j, target, place in self._names_at(tokens, 0) if j == len(tokens)}


def _tails(tokens: Sequence[Token], i: int, end: End, starts: Callable[[Sequence[Token], int], bool]
           ) -> list[tuple[int, str]]:
    """Where a name may end after token i, and the place it then names: with its level words ("xã",
    "tỉnh"), then a place ("Đồng Nai", "XII"), or without them; a name that needs its place ends only after
    one."""
    j = i
    while (after := level_at(tokens, j, end.tails)) > j:
        j = after
    ends = [] if end.needs_place else [(i, ""), (j, "")]
    if j > i or end.ends_level or end.needs_place:
        k = j
        while k < len(tokens) and tokens[k].kind == "dot":
            k += 1
        place = k
        while place < len(tokens) and place - k < 4 and _place_word(tokens, place) and not starts(tokens, place):
            place += 1
        ends += [(stop, " ".join(t.text for t in tokens[k:stop])) for stop in range(k + 1, place + 1)]
    return sorted(set(ends))


def _bare_initials(tokens: Sequence[Token], i: int, after: int) -> bool:
    """Two capitals alone ("TT", "CA") could stand for too many names to be one by themselves."""
    return after == i + 1 and bool(tokens[i].initials) and len(tokens[i].raw) <= 2


_ROMAN = re.compile(r"[IVXL]+")


def _place_word(tokens: Sequence[Token], i: int) -> bool:
    """A word of a place's name: "Đồng", "Nai", a region's number ("XII", "2"); not an abbreviation ("PVHCC")."""
    token = tokens[i]
    return (token.kind == "word" and (token.raw[0].isupper() and not token.initials or token.digits
                                      or bool(_ROMAN.fullmatch(token.raw)))
            and not is_head(tokens, i) and level_at(tokens, i, ALL_WORDS) == i)


def _strip(nodes: tuple[str, ...], words: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    for level in words:
        tail = tuple(f"w:{w}" for w in level)
        if len(nodes) > len(tail) and nodes[-len(tail):] == tail:
            return nodes[:-len(tail)]
    return nodes
