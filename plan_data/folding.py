"""How Vietnamese text is folded for matching, once for every reader.  (pure)

Officers type without diacritics, plans mix NFC and NFD, "hóa" and "hoá", "–" and "-", full-width
digits from a PDF. Every reader (chat commands, dates, unit names, time phrases) compares folded text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = dict.fromkeys("‐‑‒–—―−", "-")
_D = dict.fromkeys("đĐðÐ", "d")  # Ð (U+00D0) stands for Đ in text from old Vietnamese encodings


@lru_cache(maxsize=4096)  # pure, and text repeats its characters: every message is folded on arrival
def fold_char(ch: str) -> str:
    """One character folded: no diacritics, đ -> d, lower case, dashes and spaces unified. It may become ""
    (a combining mark, a zero-width joiner) or several characters (a ligature), never a different count of
    characters of its own: callers map positions in the folded text back to the original through it."""
    if ch in _D:
        return "d"
    if ch.isspace() or ch == "_":
        return " "
    ch = _DASHES.get(ch, ch)
    if unicodedata.category(ch) in ("Mn", "Cf"):
        return ""
    # NFKD: full-width digits from a PDF ("２０２６") become digits, not noise
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()


class _Folds(dict):
    """fold_char as a table str.translate reads (by code point), each character's fold made on first use."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(self) < 65536:  # bounded: a text of every code point cannot grow it without end
            self[code] = folded
        return folded


_FOLDS = _Folds()


@lru_cache(maxsize=8192)  # pure; the same names, words and commands are folded again and again
def fold(text: str) -> str:
    """Lower-case ASCII-like form of Vietnamese text, spaces collapsed: "Phòng Văn hoá – Xã hội" ->
    "phong van hoa - xa hoi"."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLDS).split())


# ---------------------------------------------------------------- text from people, at the entrance

_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n"})
# NUL, the other C0 controls (\t and \n are kept) and U+FFFE/U+FFFF, which no XML file (xlsx, docx) can hold
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str, limit: int | None = None, *, one_line: bool = False) -> str:
    """What a person typed, safe to store and to write into any file format: NUL and control characters
    dropped (Word's \\x0b line break becomes a line break), a lone surrogate shown as "�", cut to `limit`
    characters with "…". `one_line`: line breaks become spaces (a name, a title)."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = _CONTROL.sub("", text.translate(_LINE_BREAKS))
    if one_line:
        text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text
