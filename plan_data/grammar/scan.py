"""Where in a folded time cell a rule may begin and end, found in one reading of the cell.  (pure)

The time grammar tries its rules at every word start of a cell, and a match counts only when the words
before it (the label) and after it (the tail) change nothing: no digit (a second date it would drop), no
word that changes what the date means, no quarter. Asking that of each start's label and each match's tail
anew reads the cell once per word, which made a 5,000-character cell take seconds. Here every digit, stop
word and quarter is found once, and each label and tail is answered from their positions.

A position p holds a harm when a digit, a stop word or a quarter lies in it. A label text[:s] holds the
harms that end at or before s; a tail text[p:] the harms that begin at or after p (no word straddles a
start or a rule's end: both sit between a non-letter and a letter). A harm inside an excused span (a
report's name, «báo cáo 6 tháng») stops counting once the label holds the whole span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

_WORD_START = re.compile(r"(?<![a-z0-9])[a-z0-9]", re.ASCII)
_WORDS = re.compile(r"[a-z]+", re.ASCII)
_CHUNK = re.compile(r"\S+")


def harms(text: str, stop: frozenset[str], quarter: re.Pattern[str] | None) -> list[Span]:
    """Every digit (str.isdigit, as the readers test it), every word of `stop`, and every `quarter` match."""
    found = [(i, i + 1) for i, ch in enumerate(text) if ch.isdigit()]
    found += [w.span() for w in _WORDS.finditer(text) if w[0] in stop]
    if quarter is not None:
        found += [q.span() for q in quarter.finditer(text)]
    return found


def clean_labels(size: int, starts: list[int], harmful: list[Span], excused: list[Span] = ()) -> list[bool]:
    """For each start s: whether text[:s] holds no harm. A harm inside an excused span counts from its end
    until the label holds the whole span; any other harm from its end on."""
    change = [0] * (size + 2)
    spans = sorted(excused)
    k = 0
    for start, end in sorted(harmful):
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        change[end] += 1
        if k < len(spans) and spans[k][0] <= start and end <= spans[k][1]:
            change[spans[k][1]] -= 1
    clean: list[bool] = []
    running, at = 0, 0
    for s in starts:
        while at <= s:
            running += change[at]
            at += 1
        clean.append(running == 0)
    return clean


def clean_tail_from(harmful: list[Span]) -> int:
    """The first position from which the rest of the text holds no harm."""
    return max((start + 1 for start, _end in harmful), default=0)


def last_chunks(text: str, starts: list[int]) -> list[str]:
    """For each start s, the last whitespace-separated piece of text[:s] ("" when none): what
    `text[:s].split()[-1]` gives, without cutting the text at every start."""
    chunks = [c.span() for c in _CHUNK.finditer(text)]
    out: list[str] = []
    k = -1
    for s in starts:
        while k + 1 < len(chunks) and chunks[k + 1][0] < s:
            k += 1
        out.append(text[chunks[k][0]: min(chunks[k][1], s)] if k >= 0 else "")
    return out


@dataclass(frozen=True)
class Starts:
    """The word starts of a text whose label is harmless, and where a harmless tail may begin."""

    text: str
    starts: tuple[int, ...]
    before: tuple[str, ...]  # the last piece of each start's label
    tail_from: int

    @classmethod
    def of(cls, text: str, label_stop: frozenset[str], tail_stop: frozenset[str], quarter: re.Pattern[str],
           *, quarter_in_tail: bool, excused: re.Pattern[str] | None = None) -> Starts:
        every = [w.start() for w in _WORD_START.finditer(text)]
        label_harms = harms(text, label_stop, quarter)
        spared = [m.span() for m in excused.finditer(text)] if excused is not None else []
        clean = clean_labels(len(text), every, label_harms, spared)
        kept = [s for s, ok in zip(every, clean, strict=True) if ok]
        tail = clean_tail_from(harms(text, tail_stop, quarter if quarter_in_tail else None))
        return cls(text, tuple(kept), tuple(last_chunks(text, kept)), tail)

    def match(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        """The rule's match at `start` when what follows it is harmless (or nothing follows)."""
        m = pattern.match(self.text, start)
        return m if m and (m.end() == len(self.text) or m.end() >= self.tail_from) else None
